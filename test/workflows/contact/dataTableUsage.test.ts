/**
 * Contact → Data Table Usage in n8n's engine against a fake of n8n's public Data Tables API: every
 * table is listed and read at both ends (read-only), the estimate is classified against the cap
 * given in MiB, and a refused API key is a clear error.
 */
import type { IDataObject, INode } from 'n8n-workflow';

import type { FakeDataTables } from '../campaign/fakeDataTables';
import { startFakeDataTables } from '../campaign/fakeDataTables';
import type { WorkflowJson } from '../harness';
import { PACKAGE_NAME, runWorkflow } from '../harness';
import type { UsageReport } from '../../../whatsapp/storage/dataTableUsage';

jest.setTimeout(60_000);

function usageWorkflow(parameters: IDataObject): WorkflowJson {
	const usage: INode = {
		id: 'usage',
		name: 'Usage',
		type: `${PACKAGE_NAME}.whatsAppBusinessPlatform`,
		typeVersion: 1,
		position: [220, 0],
		parameters: { resource: 'contact', operation: 'dataTableUsage', ...parameters } as INode['parameters'],
		credentials: { whatsAppBusinessPlatformN8nApi: { id: '2', name: 'n8n API (fake)' } } as never,
	};
	return {
		nodes: [{ id: 'start', name: 'Start', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0], parameters: {} }, usage],
		connections: { Start: { main: [[{ node: 'Usage', type: 'main', index: 0 }]] } },
	};
}

describe('Contact → Data Table Usage (engine, fake Data Tables API)', () => {
	let tables: FakeDataTables;
	const run = async (parameters: IDataObject, apiKey?: string) =>
		await runWorkflow(usageWorkflow(parameters), { credentials: { whatsAppBusinessPlatformN8nApi: { baseUrl: tables.url, apiKey: apiKey ?? tables.apiKey } } });

	beforeAll(async () => {
		tables = await startFakeDataTables();
		const create = async (name: string) =>
			await fetch(`${tables.url}/api/v1/data-tables`, {
				method: 'POST',
				headers: { 'content-type': 'application/json', 'x-n8n-api-key': tables.apiKey },
				body: JSON.stringify({ name, columns: [{ name: 'text', type: 'string' }] }),
			});
		await create('wabp_delivery_claims');
		await create('orders');
		tables.insert('wabp_delivery_claims', Array.from({ length: 300 }, (_, i) => ({ text: `wamid.${String(i).padStart(40, '0')}` })));
		tables.insert('orders', Array.from({ length: 20 }, () => ({ text: 'o'.repeat(500) })));
	});

	afterAll(async () => {
		await tables.stop();
	});

	it('reports every table, read-only, with the total against the cap', async () => {
		tables.requests.length = 0;
		const result = await run({ capMiB: 50 });
		expect(result.error).toBeUndefined();
		const [item] = result.output('Usage');
		const report = item.json as unknown as UsageReport;
		expect(report).toMatchObject({ capBytes: 50 * 1024 * 1024, status: 'ok' });
		expect(report.tables.map((table) => [table.name, table.rowsEstimate])).toEqual(
			expect.arrayContaining([
				['wabp_delivery_claims', 300],
				['orders', 20],
			]),
		);
		expect(report.totalBytesEstimate).toBe(report.tables.reduce((sum, table) => sum + table.bytesEstimate, 0));
		expect(report.totalBytesEstimate).toBeGreaterThan(300 * 40);
		expect(report.oldestRowAt).toBe(tables.tables.find((table) => table.name === 'wabp_delivery_claims')!.rows[0].createdAt);
		expect(new Set(tables.requests.map((request) => request.method))).toEqual(new Set(['GET']));
	});

	it('warns from 70 % of a cap given in MiB, and with Only Package Tables leaves other tables out', async () => {
		const all = ((await run({ capMiB: 50 })).output('Usage')[0].json.totalBytesEstimate as number);
		const capMiB = Math.round((all / 0.8 / 1024 / 1024) * 1e6) / 1e6;
		const warned = (await run({ capMiB })).output('Usage')[0].json;
		expect(warned.status).toBe('warn');
		expect(String(warned.message)).toMatch(/^Warning: .*Prune old rows/);
		const own = (await run({ capMiB, onlyPackageTables: true })).output('Usage')[0].json;
		expect((own.tables as IDataObject[]).map((table) => table.name)).toEqual(['wabp_delivery_claims']);
		expect(own.totalBytesEstimate as number).toBeLessThan(all);
	});

	it('says what to fix when the API key is refused, and when the cap is not positive', async () => {
		const refused = await run({ capMiB: 50 }, 'wrong-key');
		expect(refused.error?.message).toContain('n8n API');
		expect((refused.error as { description?: string }).description).toMatch(/API key is missing or wrong/);
		const zero = await run({ capMiB: 0 });
		expect(zero.error?.message).toMatch(/Cap \(MiB\) must be a positive number/);
	});
});
