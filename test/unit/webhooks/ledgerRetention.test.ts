/**
 * claimEvents (the n8n glue of the delivery ledger) against a model of n8n's Data Tables: an
 * inserted row gets its ID when the INSERT runs and becomes visible when its transaction commits,
 * in ID order (SQLite, which serialises writers) or in any order (PostgreSQL); a conditional update
 * changes committed rows atomically. Exactly one winner per event either way; retention too.
 */
import type { IExecuteFunctions } from 'n8n-workflow';
import { sleep } from 'n8n-workflow';

import { claimEvents, pruneLedger } from '../../../nodes/shared/delivery/ledger';
import { ledgerKey } from '../../../whatsapp/webhooks/ledger';

interface Row {
	id: number;
	key: string;
	scope: string;
	unclaimed: string;
	claimedBy: string;
	createdAt: string;
	visible: boolean;
}

type Condition = { columnName: string; condition: string; value: string | number };
type Filter = { type: 'and' | 'or'; filters: Condition[] };

function matches(row: Row, filter: Filter): boolean {
	const test = (c: Condition): boolean => {
		const value = (row as unknown as Record<string, string | number>)[c.columnName];
		switch (c.condition) {
			case 'eq':
				return value === c.value;
			case 'neq':
				return value !== c.value;
			case 'lt':
				return value < c.value;
			case 'like': {
				const pattern = String(c.value);
				if (!pattern.endsWith('%') || pattern.slice(0, -1).includes('%')) throw new Error(`model supports prefix% only: ${pattern}`);
				return String(value).startsWith(pattern.slice(0, -1));
			}
			default:
				throw new Error(`model lacks ${c.condition}`);
		}
	};
	return filter.type === 'and' ? filter.filters.every(test) : filter.filters.some(test);
}

const tick = async (ms: number) => await sleep(ms);

/** n8n's public Data Table API over an in-memory table with PostgreSQL's visibility rules. */
function modelTable(options: { commitDelayMs: () => number }) {
	const rows: Row[] = [];
	let nextId = 1;
	let requests = 0;
	const updates: Filter[] = [];
	const visible = () => rows.filter((row) => row.visible);
	async function handle(method: string, path: string, body: Record<string, unknown> | undefined, qs: Record<string, unknown> | undefined): Promise<unknown> {
		requests++;
		await tick(0);
		if (method === 'POST' && path.endsWith('/rows')) {
			const data = body!.data as Array<{ key: string; scope: string; unclaimed: string; claimedBy: string }>;
			// One transaction: every row draws its ID now, all become visible at COMMIT, later.
			const drawn = data.map((row) => ({ ...row, id: nextId++, createdAt: new Date().toISOString(), visible: false }));
			rows.push(...drawn);
			await tick(options.commitDelayMs());
			for (const row of drawn) row.visible = true;
			return drawn.map((row) => ({ id: row.id }));
		}
		if (method === 'GET' && path.endsWith('/rows')) {
			const filter = qs?.filter ? (JSON.parse(String(qs.filter)) as Filter) : { type: 'and' as const, filters: [] };
			return { data: visible().filter((row) => matches(row, filter)), nextCursor: null };
		}
		if (method === 'PATCH' && path.endsWith('/rows/update')) {
			updates.push(body!.filter as Filter);
			// UPDATE … WHERE … RETURNING: atomic per row, on committed rows.
			const changed = visible().filter((row) => matches(row, body!.filter as Filter));
			for (const row of changed) Object.assign(row, body!.data);
			return changed.map((row) => ({ ...row }));
		}
		if (method === 'DELETE' && path.endsWith('/rows/delete')) {
			const filter = JSON.parse(String(qs!.filter)) as Filter;
			const gone = visible().filter((row) => matches(row, filter));
			for (const row of gone) rows.splice(rows.indexOf(row), 1);
			return gone;
		}
		throw new Error(`model lacks ${method} ${path}`);
	}
	const context = {
		getCredentials: async () => ({ baseUrl: 'http://n8n.test', apiKey: 'key' }),
		getNode: () => ({ name: 'Trigger', type: 'test', typeVersion: 1, id: 'n', position: [0, 0], parameters: {} }),
		helpers: {
			httpRequestWithAuthentication: async (_type: string, request: { method: string; url: string; body?: Record<string, unknown>; qs?: Record<string, unknown> }) => {
				const path = new URL(request.url).pathname;
				return { statusCode: 200, body: await handle(request.method, path, request.body, request.qs) };
			},
		},
	} as unknown as IExecuteFunctions;
	return { rows, context, requests: () => requests, updates: () => updates };
}

describe('claimEvents on a model of n8n Data Tables', () => {
	it('commits in ID order (SQLite): 50 events delivered twice by 100 concurrent callers give exactly 50 winners, 20 rounds', async () => {
		const table = modelTable({ commitDelayMs: () => 0 });
		for (let round = 0; round < 20; round++) {
			const ids = Array.from({ length: 50 }, (_, i) => `wamid.R${round}E${i}`);
			const calls = [...ids, ...ids].sort(() => Math.random() - 0.5);
			const results = await Promise.all(calls.map(async (id) => await claimEvents.call(table.context, 't1', 'wf/node', [id])));
			const won = results.flatMap((set) => [...set]);
			expect(won).toHaveLength(50);
			expect(new Set(won).size).toBe(50);
		}
	}, 120_000);

	it('commits in any order (PostgreSQL: a lower ID may commit after a higher one): still exactly 50 winners, 20 rounds', async () => {
		const table = modelTable({ commitDelayMs: () => Math.floor(Math.random() * 4) });
		for (let round = 0; round < 20; round++) {
			const ids = Array.from({ length: 50 }, (_, i) => `wamid.P${round}E${i}`);
			const calls = [...ids, ...ids].sort(() => Math.random() - 0.5);
			const results = await Promise.all(calls.map(async (id) => await claimEvents.call(table.context, 't1', 'wf/node', [id])));
			const won = results.flatMap((set) => [...set]);
			expect(won).toHaveLength(50);
			expect(new Set(won).size).toBe(50);
		}
	}, 120_000);

	it('one claim is three calls (insert, read, conditional update); a redelivery of a decided event two', async () => {
		const table = modelTable({ commitDelayMs: () => 0 });
		const before = table.requests();
		expect([...(await claimEvents.call(table.context, 't1', 'wf/node', ['a', 'b']))].sort()).toEqual(['a', 'b']);
		const first = table.requests() - before;
		expect([...(await claimEvents.call(table.context, 't1', 'wf/node', ['a']))]).toEqual([]);
		const second = table.requests() - before - first;
		// (One claim in a hundred also prunes: one call more.)
		expect(first === 3 || first === 4).toBe(true);
		expect(second === 2 || second === 3).toBe(true);
	});

	it('a batch of 1,001 events updates in groups of at most 200 keys (SQLite refuses an OR chain deeper than 1,000) and wins them all once', async () => {
		const table = modelTable({ commitDelayMs: () => 0 });
		const ids = Array.from({ length: 1001 }, (_, i) => `wamid.BIG${i}`);
		const [first, second] = await Promise.all([claimEvents.call(table.context, 't1', 'wf/node', ids), claimEvents.call(table.context, 't1', 'wf/node', ids)]);
		expect(first.size + second.size).toBe(1001);
		expect([...first].filter((id) => second.has(id))).toEqual([]);
		expect(Math.max(...table.updates().map((filter) => filter.filters.length))).toBeLessThanOrEqual(200);
	});

	it('prunes rows past the redelivery horizon and keeps the rest', async () => {
		const table = modelTable({ commitDelayMs: () => 0 });
		await claimEvents.call(table.context, 't1', 'wf/node', ['old', 'new']);
		// Kept at least 8 days and at most 10 (whole UTC days): 11 days old is past it.
		const elevenDaysAgo = new Date(Date.now() - 11 * 24 * 3600 * 1000).toISOString();
		for (const row of table.rows) if (row.key.endsWith('|old')) row.createdAt = elevenDaysAgo;
		expect(await pruneLedger.call(table.context, 't1')).toBe(1);
		expect(table.rows.map((row) => row.key)).toEqual([ledgerKey('wf/node', 'new')]);
		// The row that stayed still wins its key against a redelivery.
		expect([...(await claimEvents.call(table.context, 't1', 'wf/node', ['new']))]).toEqual([]);
	});
});
