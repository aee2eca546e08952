/**
 * Snooze, Wake, List Open and Prune through n8n's engine, against the Cloud API simulator and the
 * Data Tables fake: a snooze woken by its time (on the next read), by the customer and by Wake;
 * listing by team, agent and state; pruning resolved conversations (by hand and the automatic
 * prune of Receive Message); bad input errors and Continue On Fail.
 */
import type { IDataObject } from 'n8n-workflow';
import { sleep } from 'n8n-workflow';

import type { SimulatorHandle } from '../../../simulator';
import { startSimulator } from '../../../simulator';
import { shouldAutoPrune } from '../../../whatsapp/conversations';
import type { FakeDataTables } from '../campaign/fakeDataTables';
import { startFakeDataTables } from '../campaign/fakeDataTables';
import type { Step } from './helpers';
import { inbound, PN, receive, run, seedAgents, tableParams } from './helpers';

jest.setTimeout(120_000);

const DE = '4915100000071';
const BR = '5511999990071';
const DAY = 24 * 60 * 60 * 1000;

const op = (operation: string, parameters: IDataObject = {}, extra: Partial<Step> = {}): Step => ({
	name: operation,
	parameters: { resource: 'conversation', operation, ...parameters, ...tableParams({}) },
	...extra,
});
const byCustomer = (waId: string) => ({ conversationBy: 'customer', conversationPhoneNumberId: PN, conversationWaId: waId });

describe('Snooze, Wake, List Open, Prune (engine + simulator + Data Tables fake)', () => {
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
			{ agent: 'jan', name: 'Jan', teams: 'support-de', capacity: 0, available: true, contact: 'U_JAN' },
			{ agent: 'ana', name: 'Ana', teams: 'support-br', capacity: 0, available: true, contact: 'U_ANA' },
		]);
	});
	afterEach(async () => {
		await tables.stop();
	});

	const openAssigned = async (waId: string, team: string) => {
		const result = await run(sim, tables, [receive(), op('assign', { conversationBy: 'conversationId', team, strategy: 'roundRobin' })], [inbound(waId, 'hallo')]);
		expect(result.error).toBeUndefined();
		return result.output('assign')[0].json.conversation as IDataObject;
	};
	const get = async (waId: string) => (await run(sim, tables, [op('get', { ...byCustomer(waId), includeContact: false })], [{ json: {} }])).output('get')[0].json.conversation as IDataObject;

	it('snooze until a time: listed as snoozed, wakes by itself on the next read once the time has passed; Wake ends it at once', async () => {
		await openAssigned(DE, 'support-de');
		const later = new Date(Date.now() + 3600_000).toISOString();
		const snoozed = await run(sim, tables, [op('snooze', { ...byCustomer(DE), snoozeUntil: 'time', wakeAt: later })], [{ json: {} }]);
		expect(snoozed.error).toBeUndefined();
		expect(snoozed.output('snooze')[0].json).toMatchObject({ snoozed: true, conversation: { state: 'snoozed', agent: 'jan', snoozedUntil: later } });
		const listed = await run(sim, tables, [op('listOpen', { listTeam: 'support-de', listState: 'snoozed', limit: 10 })], [{ json: {} }]);
		expect(listed.output('listOpen').map((i) => (i.json.conversation as IDataObject).waId)).toEqual([DE]);
		const woken = await run(sim, tables, [op('wake', byCustomer(DE))], [{ json: {} }]);
		expect(woken.output('wake')[0].json).toMatchObject({ woken: true, conversation: { state: 'assigned', agent: 'jan', wakeReason: 'action' } });
		expect((await run(sim, tables, [op('wake', byCustomer(DE))], [{ json: {} }])).output('wake')[0].json.woken).toBe(false);

		// A time already past: the next read sees it awake, nothing runs a timer.
		await run(sim, tables, [op('snooze', { ...byCustomer(DE), snoozeUntil: 'time', wakeAt: new Date(Date.now() + 1500).toISOString() })], [{ json: {} }]);
		expect((await get(DE)).state).toBe('snoozed');
		await sleep(1600);
		expect(await get(DE)).toMatchObject({ state: 'assigned', wakeReason: 'time' });
	});

	it('snooze until the customer writes, without keeping the agent: their message wakes it into the queue', async () => {
		await openAssigned(BR, 'support-br');
		const snoozed = await run(sim, tables, [op('snooze', { ...byCustomer(BR), snoozeUntil: 'customer', keepAgent: false })], [{ json: {} }]);
		expect(snoozed.output('snooze')[0].json.conversation).toMatchObject({ state: 'snoozed', agent: null, snoozedUntil: null });
		const back = await run(sim, tables, [receive()], [inbound(BR, 'alguma novidade?')]);
		expect(back.output('Receive')[0].json).toMatchObject({ botShouldReply: false, conversation: { state: 'queued', wakeReason: 'customer' } });
		const pick = await run(sim, tables, [op('pickFromQueue', { team: 'support-br', strategy: 'leastOpen', limit: 50 })], [{ json: {} }]);
		expect(pick.output('pickFromQueue').map((i) => (i.json.assignment as IDataObject).outcome)).toEqual(['assigned']);
	});

	it('list open by team, agent and state; resolved conversations are not listed', async () => {
		await openAssigned(DE, 'support-de');
		await openAssigned(BR, 'support-br');
		await run(sim, tables, [receive()], [inbound('5511999990072', 'oi')]);
		await run(sim, tables, [op('resolve', byCustomer(DE))], [{ json: {} }]);
		const list = async (parameters: IDataObject) => (await run(sim, tables, [op('listOpen', { limit: 50, ...parameters })], [{ json: {} }])).output('listOpen').map((i) => (i.json.conversation as IDataObject).waId);
		expect(await list({})).toEqual([BR, '5511999990072']);
		expect(await list({ listAgent: 'ana' })).toEqual([BR]);
		expect(await list({ listState: 'bot' })).toEqual(['5511999990072']);
		expect(await list({ listTeam: 'support-de' })).toEqual([]);
	});

	it('prune deletes a resolved conversation\'s rows and keeps its number; open conversations stay', async () => {
		await openAssigned(DE, 'support-de');
		await openAssigned(BR, 'support-br');
		await run(sim, tables, [op('resolve', byCustomer(DE))], [{ json: {} }]);
		const events = () => tables.tables.find((t) => t.name === 'whatsapp_conversation_events')!.rows;
		const deRows = events().filter((r) => r.conversation_key === `${PN}:${DE}`).length;
		const kept = await run(sim, tables, [op('prune', { pruneDays: 30, pruneMax: 200 })], [{ json: {} }]);
		expect(kept.output('prune')[0].json.pruned).toMatchObject({ conversations: 0, rows: 0 });
		const pruned = await run(sim, tables, [op('prune', { pruneDays: 0, pruneMax: 200 })], [{ json: {} }]);
		expect(pruned.output('prune')[0].json.pruned).toMatchObject({ conversations: 1, rows: deRows, markers: 1, days: 0 });
		expect(events().filter((r) => r.conversation_key === `${PN}:${DE}`).map((r) => r.kind)).toEqual(['pruned']);
		expect((await get(BR)).state).toBe('assigned');
		const next = await run(sim, tables, [receive()], [inbound(DE, 'wieder da')]);
		expect(next.output('Receive')[0].json).toMatchObject({ isNewConversation: true, conversation: { sequence: 2 } });
	});

	it('Receive Message prunes conversations resolved longer ago than Keep Resolved Conversations, on about 1 message in 100', async () => {
		const old = new Date(Date.now() - 100 * DAY).toISOString();
		await run(sim, tables, [receive()], [inbound(BR, 'oi')]);
		const key = `${PN}:4915100000099`;
		tables.insert('whatsapp_conversation_events', [
			{ conversation_key: key, conversation_id: `${key}:1`, kind: 'opened', team: null, agent: null, ref: null, value: '{}', at: old },
			{ conversation_key: key, conversation_id: `${key}:1`, kind: 'resolved', team: null, agent: null, ref: null, value: '{}', at: old },
		]);
		let n = 0;
		const idWhere = (due: boolean) => {
			for (;;) {
				const id = `wamid.prune.${++n}`;
				if (shouldAutoPrune(id) === due) return id;
			}
		};
		const notDue = await run(sim, tables, [receive({ keepResolvedDays: 90, orderTurns: false })], [inbound(BR, 'a', { messageId: idWhere(false) })]);
		expect(notDue.output('Receive')[0].json.autoPruned).toBeUndefined();
		const keepAll = await run(sim, tables, [receive({ keepResolvedDays: 0, orderTurns: false })], [inbound(BR, 'b', { messageId: idWhere(true) })]);
		expect(keepAll.output('Receive')[0].json.autoPruned).toBeUndefined();
		const due = await run(sim, tables, [receive({ keepResolvedDays: 90, orderTurns: false })], [inbound(BR, 'c', { messageId: idWhere(true) })]);
		expect(due.output('Receive')[0].json.autoPruned).toMatchObject({ conversations: 1, rows: 2, markers: 1 });
		expect(due.output('Receive')[0].json).toMatchObject({ botShouldReply: true });
		const rows = tables.tables.find((t) => t.name === 'whatsapp_conversation_events')!.rows;
		expect(rows.filter((r) => r.conversation_key === key).map((r) => r.kind)).toEqual(['pruned']);
	});

	it('decisions are claimed per conversation table: a new table for the same customer opens conversation 1 and ticket 0 again', async () => {
		const first = await run(sim, tables, [receive(), op('assign', { conversationBy: 'conversationId', team: 'support-br', strategy: 'roundRobin' })], [inbound(BR, 'oi')]);
		expect(first.error).toBeUndefined();
		expect(first.output('assign')[0].json).toMatchObject({ conversation: { conversationId: `${PN}:${BR}:1` }, assignment: { ticket: 0, agent: 'ana' } });
		// The same customer on a second conversation table (a reset, or a second workflow on the number):
		// the instance-wide ledger already holds conversation 1 and ticket 0 of the first table.
		const other = { conversation: 'whatsapp_conversation_events_b' };
		const assignOther = { name: 'assign', parameters: { resource: 'conversation', operation: 'assign', conversationBy: 'conversationId', team: 'support-br', strategy: 'roundRobin', ...tableParams(other) } };
		const second = await run(sim, tables, [receive({}, other), assignOther], [inbound(BR, 'oi de novo')]);
		expect(second.error).toBeUndefined();
		expect(second.output('Receive')[0].json).toMatchObject({ isNewConversation: true, conversation: { conversationId: `${PN}:${BR}:1` } });
		expect(second.output('assign')[0].json).toMatchObject({ assignment: { outcome: 'assigned', ticket: 0, agent: 'ana' } });
	});

	it('bad input: clear errors; with Continue On Fail the other items go on', async () => {
		await openAssigned(DE, 'support-de');
		const badTime = await run(sim, tables, [op('snooze', { ...byCustomer(DE), snoozeUntil: 'time', wakeAt: 'next tuesday' })], [{ json: {} }]);
		expect(badTime.error?.message).toMatch(/Wake At "next tuesday" is not a date and time/);
		const badLimit = await run(sim, tables, [op('listOpen', { limit: 0 })], [{ json: {} }]);
		expect(badLimit.error?.message).toMatch(/Limit must be a whole number from 1 to 1000/);
		const badDays = await run(sim, tables, [op('prune', { pruneDays: -1, pruneMax: 10 })], [{ json: {} }]);
		expect(badDays.error?.message).toMatch(/Days must be 0 or more/);
		await run(sim, tables, [op('resolve', byCustomer(DE))], [{ json: {} }]);
		const resolved = await run(sim, tables, [op('snooze', { ...byCustomer(DE), snoozeUntil: 'customer' })], [{ json: {} }]);
		expect(resolved.error?.message).toMatch(/is resolved: there is nothing to snooze/);

		await openAssigned(BR, 'support-br');
		const mixed = await run(
			sim,
			tables,
			[op('snooze', { conversationBy: 'conversationId', conversationId: '={{ $json.id }}', snoozeUntil: 'time', wakeAt: '={{ $json.until }}' }, { continueOnFail: true })],
			[
				{ json: { id: `${PN}:${BR}:1`, until: 'soon' } },
				{ json: { id: 'not-an-id', until: new Date(Date.now() + DAY).toISOString() } },
				{ json: { id: `${PN}:${BR}:1`, until: new Date(Date.now() + DAY).toISOString() } },
			],
		);
		expect(mixed.error).toBeUndefined();
		const out = mixed.output('snooze').map((i) => i.json);
		expect(out).toHaveLength(3);
		expect(out[0].error).toMatch(/Wake At "soon"/);
		expect(out[1].error).toMatch(/not a conversation ID/);
		expect(out[2]).toMatchObject({ snoozed: true, conversation: { state: 'snoozed' } });
	});
});
