/* eslint-disable @n8n/community-nodes/no-restricted-imports -- test code runs in Node, not inside n8n */
/**
 * Just enough of n8n's public Data Tables API (`/api/v1/data-tables…`, shapes from
 * n8n-runtime-findings §2c) for the campaign ledger, the message log and the conversation desk:
 * list/create tables, insert, filter (eq, neq, gt, gte, lt, lte, like; also newest first), read
 * in pages by cursor, update and delete rows.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

interface Table {
	id: string;
	name: string;
	columns: Array<{ name: string; type: string }>;
	rows: Array<Record<string, unknown>>;
}

interface Filter {
	type: 'and' | 'or';
	filters: Array<{ columnName: string; condition: string; value: unknown }>;
}

export interface FakeDataTables {
	url: string;
	apiKey: string;
	tables: Table[];
	requests: Array<{ method: string; path: string }>;
	/** Inserts rows as the API would (ids, createdAt), e.g. what the trigger records. */
	insert(tableName: string, rows: Array<Record<string, unknown>>): void;
	/**
	 * Execution ID → status, for `GET /api/v1/executions/{id}` (how a campaign tells whether the
	 * execution holding it still runs); an ID not here answers 404, as a deleted execution does.
	 */
	executions: Map<string, string>;
	/** Creates a table as a user would in n8n's UI (an audience, say). */
	createTable(name: string, columns: Array<{ name: string; type: string }>): void;
	stop(): Promise<void>;
}

function matches(row: Record<string, unknown>, filter?: Filter): boolean {
	if (!filter || filter.filters.length === 0) return true;
	const results = filter.filters.map((f) => {
		const value = row[f.columnName] as number | string;
		const target = f.value as number | string;
		switch (f.condition) {
			case 'neq':
				return value !== target;
			case 'gt':
				return value > target;
			case 'gte':
				return value >= target;
			case 'lt':
				return value < target;
			case 'lte':
				return value <= target;
			case 'like':
				// SQL LIKE: % any run of characters, _ one character.
				return typeof value === 'string' && new RegExp(`^${String(target).replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/%/g, '.*').replace(/_/g, '.')}$`, 's').test(value);
			default:
				return value === target;
		}
	});
	return filter.type === 'or' ? results.some(Boolean) : results.every(Boolean);
}

export async function startFakeDataTables(apiKey = 'n8n-test-key'): Promise<FakeDataTables> {
	const tables: Table[] = [];
	const requests: FakeDataTables['requests'] = [];
	const executions = new Map<string, string>();
	let nextRowId = 1;
	// Never reused, as n8n's are not: a table deleted and created again gets a new ID.
	let nextTableId = 1;
	const add = (table: Table, row: Record<string, unknown>): number => {
		const id = nextRowId++;
		table.rows.push({ ...row, id, createdAt: new Date().toISOString() });
		return id;
	};
	const server = createServer((req, res) => {
		let raw = '';
		req.on('data', (chunk) => (raw += chunk));
		req.on('end', () => {
			const url = new URL(req.url ?? '/', 'http://fake');
			requests.push({ method: req.method ?? 'GET', path: url.pathname });
			const send = (status: number, body: unknown) => {
				res.writeHead(status, { 'content-type': 'application/json' });
				res.end(JSON.stringify(body));
			};
			if (req.headers['x-n8n-api-key'] !== apiKey) return send(401, { message: "'X-N8N-API-KEY' header required" });
			const body = raw ? (JSON.parse(raw) as Record<string, unknown>) : {};
			const execution = /^\/api\/v1\/executions\/([^/]+)$/.exec(url.pathname);
			if (execution && req.method === 'GET') {
				const status = executions.get(decodeURIComponent(execution[1]));
				return status ? send(200, { id: execution[1], status, finished: status === 'success' }) : send(404, { message: 'Not Found' });
			}
			const parts = url.pathname.replace(/^\/api\/v1\/data-tables\/?/, '').split('/').filter(Boolean);
			const filter = url.searchParams.get('filter') ? (JSON.parse(url.searchParams.get('filter')!) as Filter & { name?: string }) : undefined;
			if (parts.length === 0 && req.method === 'GET') {
				const name = (filter as { name?: string } | undefined)?.name;
				const data = tables.filter((table) => !name || table.name.toLowerCase() === name.toLowerCase()).map((table) => ({ id: table.id, name: table.name, columns: table.columns }));
				return send(200, { data, nextCursor: null });
			}
			if (parts.length === 0 && req.method === 'POST') {
				if (tables.some((table) => table.name === body.name)) return send(409, { message: `Data table with name '${String(body.name)}' already exists in this project` });
				const table: Table = { id: `tbl${String(nextTableId++).padStart(13, '0')}`, name: String(body.name), columns: body.columns as Table['columns'], rows: [] };
				tables.push(table);
				return send(200, { id: table.id, name: table.name, columns: table.columns });
			}
			const table = tables.find((candidate) => candidate.id === parts[0]);
			if (!table) return send(404, { message: 'Not found' });
			if (parts.length === 1 && req.method === 'GET') return send(200, { id: table.id, name: table.name, columns: table.columns });
			if (parts[1] === 'rows' && req.method === 'POST') {
				const ids: Array<{ id: number }> = [];
				for (const row of body.data as Array<Record<string, unknown>>) ids.push({ id: add(table, row) });
				return send(200, ids);
			}
			if (parts[1] === 'rows' && req.method === 'GET') {
				const all = table.rows.filter((row) => matches(row, filter)).sort((a, b) => Number(a.id) - Number(b.id));
				// `sortBy=id:desc` (the conversation desk reads the latest ledger row of a scope).
				if (url.searchParams.get('sortBy') === 'id:desc') all.reverse();
				const offset = Number(url.searchParams.get('cursor') ?? 0);
				const limit = Number(url.searchParams.get('limit') ?? 100);
				const page = all.slice(offset, offset + limit);
				return send(200, { data: page, nextCursor: offset + limit < all.length ? String(offset + limit) : null });
			}
			if (parts[1] === 'rows' && parts[2] === 'update' && req.method === 'PATCH') {
				const updated = table.rows.filter((row) => matches(row, body.filter as Filter));
				// n8n stamps updatedAt on every update, whatever changed.
				for (const row of updated) Object.assign(row, body.data as Record<string, unknown>, { updatedAt: new Date().toISOString() });
				return send(200, body.returnData ? updated : true);
			}
			if (parts[1] === 'rows' && parts[2] === 'delete' && req.method === 'DELETE') {
				if (!filter || filter.filters.length === 0) return send(400, { message: 'Filter must not be empty' });
				const deleted = table.rows.filter((row) => matches(row, filter));
				table.rows = table.rows.filter((row) => !matches(row, filter));
				return send(200, deleted);
			}
			return send(404, { message: `No fake for ${req.method} ${url.pathname}` });
		});
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as AddressInfo;
	return {
		url: `http://127.0.0.1:${port}`,
		apiKey,
		tables,
		requests,
		executions,
		insert: (tableName, rows) => {
			const table = tables.find((candidate) => candidate.name === tableName);
			if (!table) throw new Error(`no table ${tableName}`);
			for (const row of rows) add(table, row);
		},
		createTable: (name, columns) => {
			tables.push({ id: `tbl${String(nextTableId++).padStart(13, '0')}`, name, columns, rows: [] });
		},
		stop: async () => await new Promise<void>((resolve) => server.close(() => resolve())),
	};
}
