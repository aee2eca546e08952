/**
 * A stand-in for n8n's IWebhookFunctions around the trigger's `receive()`, with an in-memory copy
 * of n8n's public Data Table API behind `httpRequestWithAuthentication`. It keeps the limits that
 * broke the real trigger: query strings are URL-encoded the way an HTTP client does
 * (encodeURIComponent, which throws on a lone surrogate) and a URL over 16 KB answers 431, as
 * n8n does. `down` makes every API call fail as an unreachable n8n would.
 */
import type { IDataObject, IHttpRequestOptions, IWebhookFunctions, IWebhookResponseData } from 'n8n-workflow';

import { receive } from '../../../nodes/WhatsAppBusinessPlatformTrigger/receive';
import { signBody } from '../../../whatsapp/webhooks/signature';
import { APP_SECRET, WABA } from './fixtures';

export const MAX_URL_CHARS = 16 * 1024;

interface Table {
	id: string;
	name: string;
	rows: IDataObject[];
}

export class FakeN8nApi {
	tables: Table[] = [];
	nextRowId = 1;
	down = false;
	calls: Array<{ method: string; url: string; status: number }> = [];

	table(name: string): Table | undefined {
		return this.tables.find((table) => table.name === name);
	}

	handle(options: IHttpRequestOptions): { statusCode: number; body: unknown } {
		if (this.down) throw new Error('connect ECONNREFUSED 127.0.0.1:5678');
		const qs = Object.entries((options.qs ?? {}) as IDataObject)
			.map(([key, value]) => `${encodeURIComponent(key)}=${encodeURIComponent(String(value))}`)
			.join('&');
		const url = `${options.url}${qs ? `?${qs}` : ''}`;
		const answer = this.route(options.method ?? 'GET', new URL(options.url).pathname.replace(/^\/api\/v1/, ''), (options.qs ?? {}) as IDataObject, options.body as IDataObject, url);
		this.calls.push({ method: options.method ?? 'GET', url: url.slice(0, 200), status: answer.statusCode });
		return answer;
	}

	private route(method: string, path: string, qs: IDataObject, body: IDataObject | undefined, url: string): { statusCode: number; body: unknown } {
		if (url.length > MAX_URL_CHARS) return { statusCode: 431, body: { message: 'Request Header Fields Too Large' } };
		if (path === '/data-tables' && method === 'GET') {
			const name = (JSON.parse(String(qs.filter ?? '{}')) as { name?: string }).name;
			return { statusCode: 200, body: { data: this.tables.filter((table) => name === undefined || table.name === name).map(({ id, name: n }) => ({ id, name: n })) } };
		}
		if (path === '/data-tables' && method === 'POST') {
			const table = { id: `t${this.tables.length + 1}`, name: String(body?.name), rows: [] };
			this.tables.push(table);
			return { statusCode: 201, body: { id: table.id, name: table.name } };
		}
		const match = /^\/data-tables\/([^/]+)\/rows(\/.*)?$/.exec(path);
		const table = match ? this.tables.find((t) => t.id === match[1]) : undefined;
		if (!table) return { statusCode: 404, body: { message: 'Not found' } };
		if (method === 'POST' && !match![2]) {
			const ids = (body?.data as IDataObject[]).map((row) => {
				const id = this.nextRowId++;
				table.rows.push({ ...row, id, createdAt: new Date().toISOString() });
				return { id };
			});
			return { statusCode: 200, body: ids };
		}
		if (method === 'GET' && !match![2]) {
			const filter = qs.filter ? (JSON.parse(String(qs.filter)) as { type: string; filters: Array<{ columnName: string; value: unknown }> }) : undefined;
			const rows = table.rows
				.filter((row) => {
					if (!filter) return true;
					const hits = filter.filters.map((f) => row[f.columnName] === f.value);
					return filter.type === 'or' ? hits.some(Boolean) : hits.every(Boolean);
				})
				.sort((a, b) => Number(a.id) - Number(b.id));
			const offset = Number(qs.cursor ?? 0);
			const limit = Number(qs.limit ?? 100);
			const page = rows.slice(offset, offset + limit);
			return { statusCode: 200, body: { data: page, nextCursor: offset + limit < rows.length ? String(offset + limit) : null } };
		}
		if (method === 'PATCH' && match![2] === '/update') {
			// The ledger's conditional update: eq filters only, like the GET above.
			const filter = body?.filter as { type: string; filters: Array<{ columnName: string; value: unknown }> };
			const changed = table.rows.filter((row) => {
				const hits = filter.filters.map((f) => row[f.columnName] === f.value);
				return filter.type === 'or' ? hits.some(Boolean) : hits.every(Boolean);
			});
			for (const row of changed) Object.assign(row, body?.data as IDataObject);
			return { statusCode: 200, body: body?.returnData ? changed.map((row) => ({ ...row })) : true };
		}
		if (method === 'DELETE' && match![2] === '/delete') {
			// Retention: only the "created before" filter the ledger prunes with.
			const filter = JSON.parse(String(qs.filter)) as { filters: Array<{ columnName: string; condition: string; value: string }> };
			const [before] = filter.filters.filter((f) => f.columnName === 'createdAt' && f.condition === 'lt');
			if (!before || filter.filters.length !== 1) return { statusCode: 400, body: { message: 'Unsupported delete filter' } };
			const gone = table.rows.filter((row) => String(row.createdAt) < before.value);
			table.rows = table.rows.filter((row) => !gone.includes(row));
			return { statusCode: 200, body: gone };
		}
		return { statusCode: 400, body: { message: `Unsupported ${method} ${path}` } };
	}

	rowsOf(name: string): IDataObject[] {
		return this.table(name)?.rows ?? [];
	}
}

export interface FakeResponse {
	status?: number;
	body?: string;
}

export interface ReceiveResult {
	status: number;
	body: string;
	/** Items handed to the workflow (undefined: no execution). */
	items?: IDataObject[];
	thrown?: unknown;
	logs: string[];
}

export interface ReceiveOptions {
	api?: FakeN8nApi;
	/** Signature header (default: a valid one). */
	signature?: string | null;
	parameters?: IDataObject;
	headers?: Record<string, string>;
}

/** Runs the trigger's `receive()` on one POST, as n8n would. */
export async function runReceive(rawBody: Buffer | string, options: ReceiveOptions = {}): Promise<ReceiveResult> {
	const bytes = typeof rawBody === 'string' ? Buffer.from(rawBody) : rawBody;
	const api = options.api;
	const response: FakeResponse = {};
	const logs: string[] = [];
	const staticData: IDataObject = {};
	const signature = options.signature === undefined ? signBody(bytes, APP_SECRET) : options.signature;
	const headers: Record<string, string> = { ...(signature !== null ? { 'x-hub-signature-256': signature } : {}), ...options.headers };
	const parameters: IDataObject = { events: [], messageTypes: [], statuses: [], phoneNumberIds: '', registration: 'automatic', overrideLevel: 'businessAccount', triggerOptions: {}, ...options.parameters };
	const log = (level: string) => (message: string) => logs.push(`${level}: ${message}`);
	const res = {
		status(code: number) {
			response.status = code;
			return res;
		},
		type() {
			return res;
		},
		send(body: string) {
			response.body = body;
			return res;
		},
	};
	const context = {
		getWebhookName: () => 'default',
		getNode: () => ({ id: 'node-1', name: 'Trigger', type: 'trigger', typeVersion: 1, position: [0, 0], parameters: {} }),
		getWorkflow: () => ({ id: 'wf-1', active: true }),
		getMode: () => 'webhook',
		getRequestObject: () => ({ rawBody: bytes, readRawBody: async () => undefined }),
		getResponseObject: () => res,
		getHeaderData: () => headers,
		getQueryData: () => ({}),
		getNodeParameter: (name: string, fallback?: unknown) => (name in parameters ? parameters[name] : fallback),
		getWorkflowStaticData: () => staticData,
		getCredentials: async (type: string) => {
			if (type === 'whatsAppBusinessPlatformApi') return { accessToken: 'token', businessAccountId: WABA, appSecret: APP_SECRET };
			if (type === 'whatsAppBusinessPlatformN8nApi' && api) return { baseUrl: 'http://127.0.0.1:5678', apiKey: 'key' };
			throw new Error(`Node does not have credentials of type ${type}`);
		},
		logger: { debug: log('debug'), info: log('info'), warn: log('warn'), error: log('error') },
		helpers: {
			httpRequestWithAuthentication: async (_type: string, request: IHttpRequestOptions) => api!.handle(request),
			httpRequest: async () => ({ statusCode: 200 }),
		},
	} as unknown as IWebhookFunctions;

	let result: IWebhookResponseData | undefined;
	let thrown: unknown;
	try {
		result = await receive.call(context);
	} catch (error) {
		thrown = error;
	}
	const items = result?.workflowData?.[0]?.map((item) => item.json);
	// n8n answers 200 for a plain return without its own response (responseData: noData).
	const status = thrown !== undefined ? 500 : (response.status ?? 200);
	return { status, body: response.body ?? '', items, thrown, logs };
}
