/**
 * The contact book remembers its table's ID in the node's static data: consecutive executions of
 * one workflow (the same static data, as n8n stores it between executions) record an inbound
 * message with one insert and one read and no table lookup; a table deleted and recreated under
 * the same name is found again without the user doing anything.
 */
import type { IDataObject, INode } from 'n8n-workflow';

import type { FakeDataTables } from '../campaign/fakeDataTables';
import { startFakeDataTables } from '../campaign/fakeDataTables';
import type { WorkflowJson } from '../harness';
import { PACKAGE_NAME, runWorkflow } from '../harness';

jest.setTimeout(60_000);

const TABLE = 'contacts_memory_test';

function recordInboundWorkflow(): WorkflowJson {
	const contact: INode = {
		id: 'contact',
		name: 'Contact',
		type: `${PACKAGE_NAME}.whatsAppBusinessPlatform`,
		typeVersion: 1,
		position: [220, 0],
		parameters: {
			resource: 'contact',
			operation: 'recordInbound',
			contactTable: { __rl: true, mode: 'name', value: TABLE },
			input: 'trigger',
		} as INode['parameters'],
		credentials: { whatsAppBusinessPlatformN8nApi: { id: '2', name: 'n8n API (fake)' } } as never,
	};
	return {
		nodes: [{ id: 'start', name: 'Start', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0], parameters: {} }, contact],
		connections: { Start: { main: [[{ node: 'Contact', type: 'main', index: 0 }]] } },
	};
}

const message = (n: number): IDataObject => ({
	event: 'message',
	waId: '4915200000001',
	profileName: `Ana ${n}`,
	timestamp: new Date(Date.UTC(2026, 0, 1, 12, n)).toISOString(),
	messageId: `wamid.MEMORY${n}`,
});

describe('Contact book: the table ID kept in static data', () => {
	let tables: FakeDataTables;
	const run = async (staticData: IDataObject, n: number) => {
		tables.requests.length = 0;
		const result = await runWorkflow(recordInboundWorkflow(), {
			staticData,
			input: [{ json: message(n) }],
			credentials: { whatsAppBusinessPlatformN8nApi: { baseUrl: tables.url, apiKey: tables.apiKey } },
		});
		expect(result.error).toBeUndefined();
		return { contact: result.output('Contact')[0].json.contact as IDataObject, requests: tables.requests.map((r) => `${r.method} ${r.path}`) };
	};

	beforeAll(async () => {
		tables = await startFakeDataTables();
	});

	afterAll(async () => {
		await tables.stop();
	});

	it('looks the table up once, then records each message with one insert and one read', async () => {
		const staticData: IDataObject = {};
		const first = await run(staticData, 1);
		const table = tables.tables.find((candidate) => candidate.name === TABLE)!;
		expect(first.requests).toContain('POST /api/v1/data-tables');
		expect(staticData['node:Contact']).toEqual({ dataTableIds: { [`contacts|name:${TABLE}`]: table.id } });

		const second = await run(staticData, 2);
		expect(second.requests.sort()).toEqual([`GET /api/v1/data-tables/${table.id}/rows`, `POST /api/v1/data-tables/${table.id}/rows`]);
		expect(second.contact).toMatchObject({ waId: '4915200000001', profileName: 'Ana 2' });
		expect(table.rows).toHaveLength(2);
	});

	it('finds the table again when the remembered one was deleted and recreated', async () => {
		const staticData: IDataObject = {};
		await run(staticData, 3);
		const old = tables.tables.findIndex((candidate) => candidate.name === TABLE);
		const oldId = tables.tables[old].id;
		tables.tables.splice(old, 1);

		const after = await run(staticData, 4);
		const recreated = tables.tables.find((candidate) => candidate.name === TABLE)!;
		expect(recreated.id).not.toBe(oldId);
		// The remembered ID answered 404, the lookup found no table, so it was created again.
		expect(after.requests).toEqual(expect.arrayContaining([`POST /api/v1/data-tables/${oldId}/rows`, 'POST /api/v1/data-tables', `POST /api/v1/data-tables/${recreated.id}/rows`]));
		expect(after.contact).toMatchObject({ profileName: 'Ana 4' });
		expect(recreated.rows).toHaveLength(1);
		expect(staticData['node:Contact']).toEqual({ dataTableIds: { [`contacts|name:${TABLE}`]: recreated.id } });
	});
});
