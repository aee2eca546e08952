/**
 * The only place that talks to this n8n's public API: Data Tables for the contact book, the
 * trigger's delivery ledger and campaign progress. Community nodes cannot use n8n's internal
 * data-table helpers, so rows travel over HTTP with the package's n8n API credential.
 */
import type {
	IDataObject,
	IExecuteFunctions,
	IHookFunctions,
	IHttpRequestMethods,
	ILoadOptionsFunctions,
	IWebhookFunctions,
	JsonObject,
} from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import { alreadyDecrypted, credentialKey, readCredentialOnce } from './credentials';
import type { JoinOptions } from './groupCommit';
import { joinBatch } from './groupCommit';

export const N8N_API_CREDENTIAL_TYPE = 'whatsAppBusinessPlatformN8nApi';

export type N8nApiContext = IExecuteFunctions | ILoadOptionsFunctions | IHookFunctions | IWebhookFunctions;

export type ColumnType = 'string' | 'number' | 'boolean' | 'date';

export interface DataTableColumn {
	name: string;
	type: ColumnType;
}

export interface DataTable {
	id: string;
	name: string;
	columns: Array<DataTableColumn & { id?: string }>;
}

export type DataTableRow = IDataObject & { id: number; createdAt?: string; updatedAt?: string };

export type FilterCondition = 'eq' | 'neq' | 'like' | 'ilike' | 'gt' | 'gte' | 'lt' | 'lte';

export interface RowFilter {
	type: 'and' | 'or';
	filters: Array<{ columnName: string; condition: FilterCondition; value: string | number | boolean | null }>;
}

const HINTS: Record<number, string> = {
	401: 'The n8n API key is missing or wrong. Create a key under Settings → n8n API and update the "n8n API" credential.',
	403: 'The n8n API key may not use Data Tables. Use a key of the owner or an admin.',
	404: 'The data table (or the public API) was not found. Check the table name or ID, and that the n8n Base URL points at this n8n.',
	409: 'A data table with that name already exists in the key owner’s project.',
};

/**
 * Runs `request` in the next batch of concurrent calls of this process that share the lane (a kind
 * of call on one table) and this node's n8n API credential (transport/groupCommit.ts). When n8n
 * does not tell the credential's ID, the call runs alone.
 */
export async function joinApiBatch<Request, Result>(
	context: N8nApiContext,
	lane: string,
	request: Request,
	run: (requests: Request[]) => Promise<Result[]>,
	options: JoinOptions,
): Promise<Result> {
	const credential = credentialKey(context, N8N_API_CREDENTIAL_TYPE);
	if (!credential) return (await run([request]))[0];
	return await joinBatch(`${lane}|${credential}`, request, run, options);
}

async function n8nApiRequest(
	this: N8nApiContext,
	method: IHttpRequestMethods,
	path: string,
	body?: IDataObject,
	qs?: IDataObject,
): Promise<unknown> {
	// Read once per node run or webhook call, and handed to n8n's helper so it does not read it again.
	const credentials = await readCredentialOnce(this, N8N_API_CREDENTIAL_TYPE);
	const baseUrl = String(credentials.baseUrl || 'http://localhost:5678').replace(/\/+$/, '');
	const response = (await this.helpers.httpRequestWithAuthentication.call(
		this,
		N8N_API_CREDENTIAL_TYPE,
		{
			method,
			url: `${baseUrl}/api/v1${path}`,
			body,
			qs,
			json: true,
			returnFullResponse: true,
			ignoreHttpStatusErrors: true,
		},
		alreadyDecrypted(this, N8N_API_CREDENTIAL_TYPE, credentials),
	)) as { statusCode: number; body: unknown };
	if (response.statusCode >= 200 && response.statusCode < 300) return response.body;
	const message = (response.body as { message?: string })?.message ?? `HTTP ${response.statusCode}`;
	throw new NodeApiError(this.getNode(), { message, httpCode: String(response.statusCode) } as JsonObject, {
		message: `n8n API: ${message}`,
		description: HINTS[response.statusCode] ?? `The n8n public API answered ${method} ${path} with HTTP ${response.statusCode}.`,
		httpCode: String(response.statusCode),
	});
}

export async function findDataTable(this: N8nApiContext, name: string): Promise<DataTable | undefined> {
	const page = (await n8nApiRequest.call(this, 'GET', '/data-tables', undefined, {
		filter: JSON.stringify({ name }),
		limit: 100,
	})) as { data?: DataTable[] };
	// The API's name filter is a case-insensitive match; insist on the exact name.
	return page.data?.find((table) => table.name === name);
}

export async function getDataTable(this: N8nApiContext, id: string): Promise<DataTable> {
	return (await n8nApiRequest.call(this, 'GET', `/data-tables/${encodeURIComponent(id)}`)) as DataTable;
}

/**
 * The table called `name`, created with `columns` when it does not exist yet. Two executions that
 * create it at the same moment both end with the one table: the loser's 409 is answered by a lookup.
 */
export async function ensureDataTable(
	this: N8nApiContext,
	name: string,
	columns: DataTableColumn[],
): Promise<DataTable> {
	const existing = await findDataTable.call(this, name);
	if (existing) return existing;
	try {
		return (await n8nApiRequest.call(this, 'POST', '/data-tables', { name, columns } as unknown as IDataObject)) as DataTable;
	} catch (error) {
		const created = await findDataTable.call(this, name);
		if (created) return created;
		throw new NodeApiError(this.getNode(), error as JsonObject);
	}
}

/** Inserts rows and returns their new IDs, in order. Insert-only writes are safe under concurrency. */
export async function insertRows(this: N8nApiContext, tableId: string, rows: IDataObject[]): Promise<number[]> {
	if (rows.length === 0) return [];
	const result = (await n8nApiRequest.call(this, 'POST', `/data-tables/${tableId}/rows`, {
		data: rows,
		returnType: 'id',
	} as IDataObject)) as Array<{ id: number }>;
	return result.map((row) => row.id);
}

export interface RowQuery {
	filter?: RowFilter;
	/** Column and direction, such as `id:asc`. */
	sortBy?: string;
	limit?: number;
}

/**
 * The rows matching the query, one API page (at most 250 rows) at a time, following the cursor:
 * a reader of a large table holds one page, not the table.
 */
export async function* rowPages(this: N8nApiContext, tableId: string, query: RowQuery = {}): AsyncGenerator<DataTableRow[]> {
	let cursor: string | undefined;
	let read = 0;
	do {
		const pageSize = Math.min(250, query.limit ? query.limit - read : 250);
		const page = (await n8nApiRequest.call(this, 'GET', `/data-tables/${tableId}/rows`, undefined, {
			...(query.filter && query.filter.filters.length > 0 ? { filter: JSON.stringify(query.filter) } : {}),
			...(query.sortBy ? { sortBy: query.sortBy } : {}),
			limit: pageSize,
			...(cursor ? { cursor } : {}),
		})) as { data?: DataTableRow[]; nextCursor?: string | null };
		const rows = page.data ?? [];
		read += rows.length;
		if (rows.length > 0) yield rows;
		cursor = page.nextCursor ?? undefined;
	} while (cursor && (query.limit === undefined || read < query.limit));
}

/** Every row matching the query (follows the cursor), or the first `limit`. */
export async function getRows(this: N8nApiContext, tableId: string, query: RowQuery = {}): Promise<DataTableRow[]> {
	const rows: DataTableRow[] = [];
	for await (const page of rowPages.call(this, tableId, query)) rows.push(...page);
	return rows;
}

export async function deleteRows(this: N8nApiContext, tableId: string, filter: RowFilter): Promise<DataTableRow[]> {
	return (await n8nApiRequest.call(this, 'DELETE', `/data-tables/${tableId}/rows/delete`, undefined, {
		filter: JSON.stringify(filter),
		returnData: true,
	})) as DataTableRow[];
}

export function equals(columnName: string, value: string | number | boolean): RowFilter {
	return { type: 'and', filters: [{ columnName, condition: 'eq', value }] };
}

export function anyOf(columnName: string, values: Array<string | number>): RowFilter {
	return { type: 'or', filters: values.map((value) => ({ columnName, condition: 'eq' as const, value })) };
}

/** Sets `data` on every row matching `filter` (an absolute overwrite, not an append). */
export async function updateRows(
	this: N8nApiContext,
	tableId: string,
	filter: RowFilter,
	data: IDataObject,
): Promise<void> {
	await n8nApiRequest.call(this, 'PATCH', `/data-tables/${tableId}/rows/update`, { filter, data, returnData: false } as unknown as IDataObject);
}

/**
 * Sets `data` on every row matching `filter` and returns the rows as they are after the update (n8n
 * runs one `UPDATE … WHERE … RETURNING` on PostgreSQL; on SQLite select, update and read back in
 * one transaction): the conditional update the delivery ledger decides with.
 */
export async function updateRowsReturning(this: N8nApiContext, tableId: string, filter: RowFilter, data: IDataObject): Promise<DataTableRow[]> {
	const result = await n8nApiRequest.call(this, 'PATCH', `/data-tables/${tableId}/rows/update`, { filter, data, returnData: true } as unknown as IDataObject);
	return Array.isArray(result) ? (result as DataTableRow[]) : [];
}

/** Whether the node has the n8n API credential set (it is optional on some nodes). */
export async function hasN8nApiCredential(this: N8nApiContext): Promise<boolean> {
	try {
		const credentials = await readCredentialOnce(this, N8N_API_CREDENTIAL_TYPE);
		return Boolean(credentials?.apiKey);
	} catch {
		return false;
	}
}

/**
 * A filter value for "created before `cutoffMs`" that never deletes a row written after the
 * cutoff, on either database: the UTC day before the cutoff's, as `YYYY-MM-DD`. n8n turns the value
 * into an ISO timestamp (`…T00:00:00.000Z`), and SQLite keeps `createdAt` as text like
 * `2026-12-02 04:56:03.177`, which sorts below `2026-12-02T…` for any time of that day: a cutoff
 * on the same day deleted rows written minutes before (measured on n8n 2.8.4). One day earlier,
 * SQLite deletes rows up to the end of that day and PostgreSQL up to its start, so a row is kept at
 * least until the cutoff and at most two days longer.
 */
export function createdBeforeDay(cutoffMs: number): string {
	return new Date(cutoffMs - 24 * 60 * 60 * 1000).toISOString().slice(0, 10);
}

/** Every data table the API key can see (follows the cursor), for the usage report. */
export async function listDataTables(this: N8nApiContext): Promise<DataTable[]> {
	const tables: DataTable[] = [];
	let cursor: string | undefined;
	do {
		const page = (await n8nApiRequest.call(this, 'GET', '/data-tables', undefined, {
			limit: 100,
			...(cursor ? { cursor } : {}),
		})) as { data?: DataTable[]; nextCursor?: string | null };
		tables.push(...(page.data ?? []));
		cursor = page.nextCursor ?? undefined;
	} while (cursor);
	return tables;
}

/**
 * The status n8n keeps for an execution (`new`, `running`, `waiting`, `success`, `error`,
 * `crashed`, `canceled`), or undefined when n8n has no such execution (deleted, or never saved).
 */
export async function executionStatus(this: N8nApiContext, executionId: string): Promise<string | undefined> {
	try {
		const execution = (await n8nApiRequest.call(this, 'GET', `/executions/${encodeURIComponent(executionId)}`, undefined, { includeData: false })) as { status?: unknown };
		return typeof execution?.status === 'string' ? execution.status : undefined;
	} catch (error) {
		if ((error as { httpCode?: string }).httpCode === '404') return undefined;
		return await Promise.reject(error);
	}
}
