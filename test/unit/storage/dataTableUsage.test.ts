import type { UsageRow, UsageSource } from '../../../whatsapp/storage/dataTableUsage';
import {
	classifyUsage,
	DEFAULT_DATA_TABLE_CAP_BYTES,
	estimateDataTableUsage,
	estimateTable,
	isPackageTable,
	PAGE_BYTES,
	ROW_OVERHEAD_BYTES,
	SAMPLE_ROWS,
	storedRowBytes,
	tableBytes,
} from '../../../whatsapp/storage/dataTableUsage';

const CREATED = '2026-01-01T00:00:00.000Z';

/** Tables of rows in memory, read the way the public API pages them; counts the reads. */
function memorySource(tables: Array<{ id: string; name: string; rows: UsageRow[] }>) {
	const reads: string[] = [];
	const source: UsageSource = {
		listTables: async () => tables.map(({ id, name }) => ({ id, name })),
		readRows: async (tableId, order, limit) => {
			reads.push(`${tableId}:${order}`);
			const rows = [...tables.find((table) => table.id === tableId)!.rows].sort((a, b) => (order === 'asc' ? a.id - b.id : b.id - a.id));
			return { rows: rows.slice(0, limit), more: rows.length > limit };
		},
	};
	return { source, reads };
}

/** `count` rows with IDs from `firstId`, each with a `text` of `textBytes` ASCII bytes. */
function rows(count: number, textBytes: number, firstId = 1): UsageRow[] {
	return Array.from({ length: count }, (_, i) => ({ id: firstId + i, text: 'x'.repeat(textBytes), createdAt: new Date(Date.parse(CREATED) + i * 1000).toISOString() }));
}

describe('storedRowBytes', () => {
	it('counts text as UTF-8, numbers as 8, booleans as 1, nulls as nothing, plus a header byte per column and the row overhead', () => {
		expect(storedRowBytes({ id: 7, a: 'abc', b: 'é', c: '€', d: '😀', n: 3.5, t: true, z: null })).toBe(8 + 3 + 2 + 3 + 4 + 8 + 1 + 8 + ROW_OVERHEAD_BYTES);
	});
});

describe('tableBytes (SQLite pages of whole rows)', () => {
	it('gives an empty table, and a table of a few small rows, one page', () => {
		expect(tableBytes(0, 100)).toBe(PAGE_BYTES);
		expect(tableBytes(30, 100)).toBe(PAGE_BYTES);
	});
	it('puts a row a little over half a page on a page of its own, plus the interior page', () => {
		expect(tableBytes(136, 2068)).toBe((136 + 1) * PAGE_BYTES);
		expect(tableBytes(136, 2000)).toBe((68 + 1) * PAGE_BYTES);
	});
	it('gives a row longer than a page its overflow pages', () => {
		expect(tableBytes(10, 5000)).toBe((20 + 1) * PAGE_BYTES);
	});
	it('grows with the row count in whole pages', () => {
		expect(tableBytes(10_000, 100)).toBe((Math.ceil(10_000 / 40) + 1) * PAGE_BYTES);
	});
});

describe('classifyUsage (warn from 70 %, before n8n warns at 80 %; critical from 90 %)', () => {
	const cap = 1000;
	it.each([
		[0, 'ok'],
		[699, 'ok'],
		[700, 'warn'],
		[899, 'warn'],
		[900, 'critical'],
		[1200, 'critical'],
	])('%d of 1000 bytes is %s', (bytes, status) => {
		expect(classifyUsage(bytes, cap)).toBe(status);
	});
});

describe('isPackageTable', () => {
	it("knows the package's default table names", () => {
		expect(['wabp_delivery_claims', 'whatsapp_contact_events', 'whatsapp_campaign_progress'].every(isPackageTable)).toBe(true);
		expect(isPackageTable('orders')).toBe(false);
		expect(isPackageTable('my_whatsapp_table')).toBe(false);
	});
});

describe('estimateTable', () => {
	it('counts a small table exactly, from one read', async () => {
		const { source, reads } = memorySource([{ id: 't1', name: 'orders', rows: rows(10, 100) }]);
		const table = await estimateTable(source, { id: 't1', name: 'orders' });
		expect(reads).toEqual(['t1:desc']);
		expect(table).toMatchObject({ rowsEstimate: 10, rowsExact: true });
		expect(table.bytesEstimate).toBe(tableBytes(10, storedRowBytes(rows(1, 100)[0])));
		expect(table.oldestRowAt).toBeUndefined();
	});

	it('bounds a big table by max id − min id + 1, from two reads, and gives the oldest row of a package table', async () => {
		// IDs 501..3500: older rows were pruned, as the ledger's are.
		const { source, reads } = memorySource([{ id: 't2', name: 'wabp_delivery_claims', rows: rows(3000, 40, 501) }]);
		const table = await estimateTable(source, { id: 't2', name: 'wabp_delivery_claims' });
		expect(reads).toEqual(['t2:desc', 't2:asc']);
		expect(table).toMatchObject({ rowsEstimate: 3000, rowsExact: false, package: true, oldestRowAt: CREATED });
	});

	it('errs high when rows in the middle were deleted (the count is an upper bound)', async () => {
		const kept = [...rows(SAMPLE_ROWS + 10, 10, 1), ...rows(SAMPLE_ROWS + 10, 10, 10_001)];
		const { source } = memorySource([{ id: 't3', name: 'gaps', rows: kept }]);
		expect((await estimateTable(source, { id: 't3', name: 'gaps' })).rowsEstimate).toBe(10_000 + SAMPLE_ROWS + 10);
	});

	it('gives an empty table one page', async () => {
		const { source } = memorySource([{ id: 't4', name: 'empty', rows: [] }]);
		expect(await estimateTable(source, { id: 't4', name: 'empty' })).toMatchObject({ rowsEstimate: 0, bytesEstimate: PAGE_BYTES });
	});
});

describe('estimateDataTableUsage', () => {
	const tables = [
		{ id: 'a', name: 'wabp_delivery_claims', rows: rows(2000, 60) },
		{ id: 'b', name: 'orders', rows: rows(5000, 200) },
		{ id: 'c', name: 'whatsapp_contact_events', rows: rows(20, 80) },
	];

	it('sums every table, biggest first, and classifies against the 50 MiB default', async () => {
		const report = await estimateDataTableUsage(memorySource(tables).source);
		expect(report.capBytes).toBe(DEFAULT_DATA_TABLE_CAP_BYTES);
		expect(report.tables.map((table) => table.name)).toEqual(['orders', 'wabp_delivery_claims', 'whatsapp_contact_events']);
		expect(report.totalBytesEstimate).toBe(report.tables.reduce((sum, table) => sum + table.bytesEstimate, 0));
		expect(report.status).toBe('ok');
		expect(report.message).toMatch(/^Data tables use about 1\.\d MiB of n8n's 50\.0 MiB cap \(\d\.\d %\)\. Biggest: orders/);
		expect(report.oldestRowAt).toBe(CREATED);
	});

	it('warns from 70 % of the cap and says what to do and which tables are biggest', async () => {
		const all = await estimateDataTableUsage(memorySource(tables).source);
		const report = await estimateDataTableUsage(memorySource(tables).source, { capBytes: Math.ceil(all.totalBytesEstimate / 0.75) });
		expect(report).toMatchObject({ status: 'warn', percent: 75 });
		expect(report.message).toMatch(/^Warning: .*Prune old rows.*raise N8N_DATA_TABLES_MAX_SIZE_BYTES.*Biggest: orders ~/);
	});

	it('is critical from 90 %', async () => {
		const all = await estimateDataTableUsage(memorySource(tables).source);
		const report = await estimateDataTableUsage(memorySource(tables).source, { capBytes: all.totalBytesEstimate });
		expect(report).toMatchObject({ status: 'critical', percent: 100 });
		expect(report.message).toMatch(/^Critical: .*refuse every insert/);
	});

	it("with Only Package Tables counts the package's tables and says the cap counts all", async () => {
		const report = await estimateDataTableUsage(memorySource(tables).source, { onlyPackageTables: true });
		expect(report.tables.map((table) => table.name)).toEqual(['wabp_delivery_claims', 'whatsapp_contact_events']);
		expect(report.message).toContain('the cap counts every data table');
	});

	it('refuses a cap that is not positive', async () => {
		await expect(estimateDataTableUsage(memorySource(tables).source, { capBytes: 0 })).rejects.toThrow('positive');
	});
});
