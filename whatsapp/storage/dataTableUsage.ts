/**
 * How full n8n's Data Tables are, against n8n's cap (`N8N_DATA_TABLES_MAX_SIZE_BYTES`, global over
 * every data table of the instance). n8n's public API has no size figure (its own one,
 * `/rest/data-tables-global/limits`, needs an owner session), so this estimates it from what the
 * API does give: a bound on each table's row count and the size of a sample of its rows.
 *
 * Estimate per table: the database pages its rows fill. The row count is exact when the table fits in
 * one sample page, else `max id − min id + 1` (an upper bound: rows deleted in the middle of the ID
 * range are still counted, which errs towards warning early); the row size is the average stored
 * size of the sampled rows. Pages follow SQLite's B-tree (n8n's figure there is the sum of the
 * tables' pages): whole rows per page, so a row a little over half a page takes a page of its own.
 * Calibrated against n8n 2.8's own figure on SQLite (`test/e2e/dataTableCap.test.ts`); on
 * PostgreSQL (8 KiB pages, rows compressed or moved out of line past 2 KB) it is a rough guide.
 */

/** 50 MiB: n8n's default for `N8N_DATA_TABLES_MAX_SIZE_BYTES`. */
export const DEFAULT_DATA_TABLE_CAP_BYTES = 50 * 1024 * 1024;
/** Warn at 70 % (n8n's own warning starts at 80 %), so there is time to act. */
export const USAGE_WARN_RATIO = 0.7;
/** Critical at 90 %: at 100 % n8n refuses inserts and updates, and every inbound webhook fails. */
export const USAGE_CRITICAL_RATIO = 0.9;
/** SQLite's default page size; n8n sums the pages of the data tables. */
export const PAGE_BYTES = 4096;
/** Per row, besides its values: cell pointer, payload length and row ID varints, record header. */
export const ROW_OVERHEAD_BYTES = 8;
/** The largest row SQLite keeps on one 4 KiB page; longer rows spill into overflow pages. */
const MAX_LOCAL_BYTES = PAGE_BYTES - 35;
/** Child pointers per interior page (about 9 bytes each). */
const CHILDREN_PER_INTERIOR_PAGE = 400;
/** Rows read from each end of a table: the average row size is taken over this many. */
export const SAMPLE_ROWS = 50;

/** Names of the tables this package creates by default (the contact book table can be renamed). */
export function isPackageTable(name: string): boolean {
	return /^(wabp|whatsapp)_/.test(name);
}

export type UsageStatus = 'ok' | 'warn' | 'critical';

export interface UsageRow {
	id: number;
	createdAt?: string;
	[column: string]: unknown;
}

/** What the estimate needs from n8n: the tables, and a page of rows from either end of one. */
export interface UsageSource {
	listTables(): Promise<Array<{ id: string; name: string }>>;
	/** Up to `limit` rows sorted by ID; `more` when the table has further rows. */
	readRows(tableId: string, order: 'asc' | 'desc', limit: number): Promise<{ rows: UsageRow[]; more: boolean }>;
}

export interface TableUsage {
	name: string;
	id: string;
	rowsEstimate: number;
	/** True when the table fits in one sample page and the count is exact. */
	rowsExact: boolean;
	bytesEstimate: number;
	package: boolean;
	/** `createdAt` of the oldest row, for the package's tables (what pruning should have removed). */
	oldestRowAt?: string;
}

export interface UsageReport {
	totalBytesEstimate: number;
	capBytes: number;
	percent: number;
	status: UsageStatus;
	message: string;
	tables: TableUsage[];
	/** The oldest row over the package's tables. */
	oldestRowAt?: string;
	onlyPackageTables: boolean;
}

function utf8Length(text: string): number {
	let bytes = 0;
	for (let i = 0; i < text.length; i++) {
		const code = text.charCodeAt(i);
		if (code < 0x80) bytes += 1;
		else if (code < 0x800) bytes += 2;
		else if (code >= 0xd800 && code <= 0xdbff) {
			bytes += 4;
			i++;
		} else bytes += 3;
	}
	return bytes;
}

/** Bytes a row takes as stored: values (text as UTF-8, numbers 8, booleans 1, dates as text), one record-header byte per column, and the per-row overhead. */
export function storedRowBytes(row: Record<string, unknown>): number {
	let bytes = ROW_OVERHEAD_BYTES + Object.keys(row).length;
	for (const [column, value] of Object.entries(row)) {
		if (value === null || value === undefined) continue;
		if (column === 'id') bytes += 8;
		else if (typeof value === 'string') bytes += utf8Length(value);
		else if (typeof value === 'number') bytes += 8;
		else if (typeof value === 'boolean') bytes += 1;
		else bytes += utf8Length(JSON.stringify(value));
	}
	return bytes;
}

/** Estimated bytes of a table with `rows` rows of `averageRowBytes` (as from `storedRowBytes`). */
export function tableBytes(rows: number, averageRowBytes: number): number {
	if (rows <= 0) return PAGE_BYTES;
	const cell = Math.max(1, Math.ceil(averageRowBytes));
	const leaves =
		cell <= MAX_LOCAL_BYTES ? Math.ceil(rows / Math.max(1, Math.floor((PAGE_BYTES - 8) / cell))) : rows * Math.ceil(cell / (PAGE_BYTES - 4));
	const interior = leaves > 1 ? Math.ceil(leaves / CHILDREN_PER_INTERIOR_PAGE) : 0;
	return (leaves + interior) * PAGE_BYTES;
}

export function classifyUsage(totalBytes: number, capBytes: number): UsageStatus {
	const ratio = totalBytes / capBytes;
	if (ratio >= USAGE_CRITICAL_RATIO) return 'critical';
	if (ratio >= USAGE_WARN_RATIO) return 'warn';
	return 'ok';
}

function mib(bytes: number): string {
	return `${(bytes / 1024 / 1024).toFixed(bytes < 1024 * 1024 ? 2 : 1)} MiB`;
}

/** The sentence an operator reads: how full, and what to do. */
export function usageMessage(report: Omit<UsageReport, 'message'>): string {
	const biggest = [...report.tables]
		.sort((a, b) => b.bytesEstimate - a.bytesEstimate)
		.slice(0, 3)
		.map((table) => `${table.name} ~${mib(table.bytesEstimate)}`)
		.join(', ');
	const head = `Data tables use about ${mib(report.totalBytesEstimate)} of n8n's ${mib(report.capBytes)} cap (${report.percent} %).`;
	const scope = report.onlyPackageTables ? ' Only this package’s tables were counted; the cap counts every data table.' : '';
	const tables = biggest ? ` Biggest: ${biggest}.` : '';
	if (report.status === 'ok') return `${head}${tables}${scope}`;
	const action =
		' Prune old rows (Analytics → Prune Log, Conversation → Prune, a shorter "Keep Progress For" on campaigns, delete tables no longer used) or raise N8N_DATA_TABLES_MAX_SIZE_BYTES on every n8n process (then set Cap here to match).';
	if (report.status === 'warn') return `Warning: ${head} At the cap n8n refuses writes and inbound webhooks fail.${action}${tables}${scope}`;
	return `Critical: ${head} n8n will soon refuse every insert and update, and inbound webhooks will fail.${action}${tables}${scope}`;
}

/** Row count and estimated bytes of one table, from at most two reads. */
export async function estimateTable(source: UsageSource, table: { id: string; name: string }): Promise<TableUsage> {
	const newest = await source.readRows(table.id, 'desc', SAMPLE_ROWS);
	const own = isPackageTable(table.name);
	let rowsEstimate = newest.rows.length;
	let rowsExact = !newest.more;
	const sample = [...newest.rows];
	let oldest: UsageRow | undefined = newest.rows[newest.rows.length - 1];
	if (newest.more) {
		const first = await source.readRows(table.id, 'asc', SAMPLE_ROWS);
		oldest = first.rows[0];
		sample.push(...first.rows);
		const maxId = newest.rows[0].id;
		const minId = oldest?.id ?? maxId;
		rowsEstimate = Math.max(newest.rows.length, maxId - minId + 1);
		rowsExact = false;
	}
	const average = sample.length > 0 ? sample.reduce((sum, row) => sum + storedRowBytes(row), 0) / sample.length : 0;
	return {
		name: table.name,
		id: table.id,
		rowsEstimate,
		rowsExact,
		bytesEstimate: tableBytes(rowsEstimate, average),
		package: own,
		...(own && oldest?.createdAt ? { oldestRowAt: String(oldest.createdAt) } : {}),
	};
}

export interface UsageOptions {
	capBytes?: number;
	onlyPackageTables?: boolean;
}

/** The usage of every data table (or the package's), summed and classified against the cap. */
export async function estimateDataTableUsage(source: UsageSource, options: UsageOptions = {}): Promise<UsageReport> {
	const capBytes = options.capBytes ?? DEFAULT_DATA_TABLE_CAP_BYTES;
	if (!(capBytes > 0)) throw new RangeError('The cap must be a positive number of bytes');
	const onlyPackageTables = options.onlyPackageTables ?? false;
	const tables: TableUsage[] = [];
	for (const table of await source.listTables()) {
		if (onlyPackageTables && !isPackageTable(table.name)) continue;
		tables.push(await estimateTable(source, table));
	}
	tables.sort((a, b) => b.bytesEstimate - a.bytesEstimate);
	const totalBytesEstimate = tables.reduce((sum, table) => sum + table.bytesEstimate, 0);
	const oldestRowAt = tables
		.map((table) => table.oldestRowAt)
		.filter((at): at is string => at !== undefined)
		.sort((a, b) => Date.parse(a) - Date.parse(b))[0];
	const base = {
		totalBytesEstimate,
		capBytes,
		percent: Math.round((totalBytesEstimate / capBytes) * 1000) / 10,
		status: classifyUsage(totalBytesEstimate, capBytes),
		tables,
		...(oldestRowAt ? { oldestRowAt } : {}),
		onlyPackageTables,
	};
	return { ...base, message: usageMessage(base) };
}
