/**
 * The load-based assignment strategies through n8n's engine, against the Cloud API simulator and
 * the Data Tables fake (round-robin and Least Open are in conversation.test.ts): Percentage Capacity
 * and Sticky (the customer's previous agent when recent, else the team's round-robin).
 */
import type { IDataObject } from 'n8n-workflow';

import type { SimulatorHandle } from '../../../simulator';
import { startSimulator } from '../../../simulator';
import type { FakeDataTables } from '../campaign/fakeDataTables';
import { startFakeDataTables } from '../campaign/fakeDataTables';
import { inbound, PN, receive, run, seedAgents, tableParams } from './helpers';

jest.setTimeout(120_000);

describe('assignment strategies (engine + simulator + Data Tables fake)', () => {
	let sim: SimulatorHandle;
	let tables: FakeDataTables;

	beforeAll(async () => {
		sim = await startSimulator({ port: 0, messagesPerSecond: 1000, latencyMs: 2, statuses: false, windowOpenForAll: true });
	});
	afterAll(async () => {
		await sim.stop();
	});
	beforeEach(async () => {
		sim.reset();
		tables = await startFakeDataTables();
		await seedAgents(tables, 'whatsapp_agents', [
			{ agent: 'big', name: 'Big', teams: 'sales', capacity: 10, available: true, contact: '' },
			{ agent: 'small', name: 'Small', teams: 'sales', capacity: 2, available: true, contact: '' },
		]);
	});
	afterEach(async () => {
		await tables.stop();
	});

	const assign = (strategy: string, extra: IDataObject = {}) => ({
		name: 'Assign',
		parameters: { resource: 'conversation', operation: 'assign', conversationBy: 'conversationId', team: 'sales', strategy, ...extra, ...tableParams({}) },
	});
	const agentFor = async (waId: string, strategy: string, extra: IDataObject = {}) => {
		const result = await run(sim, tables, [receive({ orderTurns: false }), assign(strategy, extra)], [inbound(waId, 'hi')]);
		expect(result.error).toBeUndefined();
		return result.output('Assign')[0].json.assignment as IDataObject;
	};

	it('Percentage Capacity: the agent using the lowest share of their capacity; queued when everyone is full', async () => {
		const got: unknown[] = [];
		for (let i = 0; i < 4; i++) got.push((await agentFor(`551190000010${i}`, 'capacity')).agent);
		// 0/10 vs 0/2: the ticket breaks the tie; then 1/10 < 1/2, 2/10 < 1/2.
		expect(got).toEqual(['big', 'small', 'big', 'big']);
		await seedAgents(tables, 'tiny_agents', [{ agent: 'solo', name: 'Solo', teams: 'sales', capacity: 1, available: true, contact: '' }]);
		const tiny = { agentsTable: { __rl: true, mode: 'name', value: 'tiny_agents' } };
		const one = await run(sim, tables, [receive({ orderTurns: false }), { ...assign('capacity'), parameters: { ...assign('capacity').parameters, ...tiny } }], [inbound('5511900000110', 'hi')]);
		expect(one.output('Assign')[0].json.assignment).toMatchObject({ agent: 'solo' });
		const full = await run(sim, tables, [receive({ orderTurns: false }), { ...assign('capacity'), parameters: { ...assign('capacity').parameters, ...tiny } }], [inbound('5511900000111', 'hi')]);
		expect(full.output('Assign')[0].json.assignment).toMatchObject({ outcome: 'queued', agent: null });
	});

	it('Sticky: a returning customer gets their previous agent; a new customer goes by the team round-robin', async () => {
		const waId = '5511900000201';
		const first = await agentFor(waId, 'roundRobin');
		expect(first.agent).toBe('big');
		const resolve = await run(sim, tables, [{ name: 'Resolve', parameters: { resource: 'conversation', operation: 'resolve', conversationBy: 'customer', conversationPhoneNumberId: PN, conversationWaId: waId, ...tableParams({}) } }], [{ json: {} }]);
		expect(resolve.error).toBeUndefined();
		// Round-robin would now give ticket 1 to "small"; sticky keeps the customer with "big".
		const again = await agentFor(waId, 'sticky', { stickyWithinHours: 72 });
		expect(again).toMatchObject({ outcome: 'assigned', agent: 'big', reason: expect.stringContaining('previous agent') });
		// A new customer has no previous agent: the team's round-robin decides.
		const stranger = await agentFor('5511900000202', 'sticky', { stickyWithinHours: 72 });
		expect(stranger).toMatchObject({ outcome: 'assigned', reason: expect.stringContaining('no recent previous agent') });
	});
});
