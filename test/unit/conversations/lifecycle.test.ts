/* eslint-disable @n8n/community-nodes/no-restricted-globals -- test code runs in Node, not inside n8n */
/**
 * Snooze, wake, list open, prune and compaction against the in-memory store with a fake clock,
 * including writers racing a compaction (nothing they write may be lost) and bounded team loads.
 */
import type { Conversation, ConversationEvent, StoredConversationEvent } from '../../../whatsapp/conversations';
import { ConversationDesk, DAY_MS, DEFAULT_QUIET_MS, foldConversations, MemoryConversationStore, shouldAutoPrune } from '../../../whatsapp/conversations';
import type { Agent } from '../../../whatsapp/routing/assignment';

const PN = '106540352242922';

function agent(id: string, teams: string[], extra: Partial<Agent> = {}): Agent {
	return { id, name: id, teams, capacity: 0, available: true, contact: '', ...extra };
}

function fakeClock(start = Date.parse('2026-03-02T10:00:00Z')) {
	const clock = {
		t: start,
		now: () => clock.t,
		sleep: async (ms: number) => {
			clock.t += ms;
			await new Promise((resolve) => setImmediate(resolve));
		},
	};
	return clock;
}

/** Counts the rows every read returns, to show what a call reads. */
class CountingStore extends MemoryConversationStore {
	rowsRead = 0;
	override async readKey(key: string): Promise<StoredConversationEvent[]> {
		const rows = await super.readKey(key);
		this.rowsRead += rows.length;
		return rows;
	}
	override async readConversations(ids: string[]): Promise<StoredConversationEvent[]> {
		const rows = await super.readConversations(ids);
		this.rowsRead += rows.length;
		return rows;
	}
}

function setup(agents: Agent[] = [], store = new CountingStore(agents)) {
	store.agentList = agents;
	const clock = fakeClock();
	const desk = new ConversationDesk(store, clock);
	let n = 0;
	const message = (waId: string, text: string, extra: Record<string, unknown> = {}) => ({
		phoneNumberId: PN,
		waId,
		messageId: `wamid.${waId}.${++n}`,
		messageType: 'text',
		text,
		at: new Date(clock.t).toISOString(),
		...extra,
	});
	return { store, clock, desk, message };
}

const quiet = (clock: { t: number }) => {
	clock.t += DEFAULT_QUIET_MS + 1000;
};

describe('snooze and wake', () => {
	it('snoozed until a time: still the agent\'s load; wakes on the first read after the time, without writing', async () => {
		const { desk, store, clock, message } = setup([agent('ana', ['s'])]);
		const c = (await desk.receive(message('5511999990101', 'hi'))).conversation;
		await desk.assign(c, 's', { strategy: 'roundRobin' });
		const snoozed = await desk.snooze(c, { until: new Date(clock.t + 3600_000).toISOString() });
		expect(snoozed).toMatchObject({ state: 'snoozed', owner: 'agent', agent: 'ana', snoozedUntil: '2026-03-02T11:00:00.000Z' });
		expect((await desk.loads('s')).get('ana')).toBe(1);
		clock.t += 59 * 60_000;
		expect((await desk.byId(c.conversationId))!.state).toBe('snoozed');
		const rows = store.events.length;
		clock.t += 2 * 60_000;
		const awake = await desk.byId(c.conversationId);
		expect(awake).toMatchObject({ state: 'assigned', agent: 'ana', snoozedUntil: null, wakeReason: 'time', wokeAt: '2026-03-02T11:00:00.000Z' });
		expect(store.events.length).toBe(rows);
		expect((await desk.listOpen({ state: 'snoozed' })).length).toBe(0);
	});

	it('snoozed until the customer writes: their message wakes it; a person still owns it', async () => {
		const { desk, clock, message } = setup([agent('ana', ['s'])]);
		const c = (await desk.receive(message('5511999990102', 'hi'), { handoffKeywords: ['agent'], handoffTeam: 's' })).conversation;
		const handed = (await desk.receive(message('5511999990102', 'agent'), { handoffKeywords: ['agent'], handoffTeam: 's' })).conversation;
		await desk.assign(handed, 's', { strategy: 'roundRobin' });
		await desk.snooze(c, {});
		clock.t += 30 * DAY_MS;
		expect((await desk.byId(c.conversationId))!.state).toBe('snoozed');
		const woke = await desk.receive(message('5511999990102', 'any news?'));
		expect(woke.botShouldReply).toBe(false);
		expect(woke.conversation).toMatchObject({ state: 'assigned', agent: 'ana', wakeReason: 'customer' });
	});

	it('without keeping the agent, it wakes into the team queue and is assigned again', async () => {
		const { desk, message } = setup([agent('ana', ['s'], { capacity: 1 }), agent('bo', ['s'], { capacity: 1 })]);
		const c = (await desk.receive(message('5511999990103', 'hi'))).conversation;
		expect((await desk.assign(c, 's', { strategy: 'roundRobin' })).agent).toBe('ana');
		const snoozed = await desk.snooze(c, { keepAgent: false });
		expect(snoozed).toMatchObject({ state: 'snoozed', agent: null, owner: 'queue' });
		expect((await desk.loads('s')).get('ana')).toBeUndefined();
		expect(await desk.queue('s')).toHaveLength(0);
		const { conversation: awake, woken } = await desk.wake(snoozed);
		expect(woken).toBe(true);
		expect(awake).toMatchObject({ state: 'queued', wakeReason: 'action' });
		const picked = await desk.assignQueued('s', { strategy: 'leastOpen' });
		expect(picked.map((r) => r.outcome)).toEqual(['assigned']);
		expect((await desk.wake(picked[0].conversation)).woken).toBe(false);
	});

	it('a resolved conversation cannot be snoozed', async () => {
		const { desk, message } = setup();
		const c = (await desk.receive(message('5511999990104', 'hi'))).conversation;
		await desk.resolve(c);
		const resolved = (await desk.byId(c.conversationId))!;
		expect((await desk.snooze(resolved, {})).state).toBe('resolved');
		expect((await desk.byId(c.conversationId))!.state).toBe('resolved');
	});
});

describe('list open', () => {
	it('filters by team, agent and state, oldest first, bounded; resolved conversations are not listed', async () => {
		const { desk, clock, message } = setup([agent('ana', ['br']), agent('jan', ['de'])]);
		const open = async (waId: string, team: string) => {
			clock.t += 1000;
			return await desk.route((await desk.receive(message(waId, 'hi'))).conversation, team);
		};
		const b1 = await open('5511999990201', 'br');
		const b2 = await open('5511999990202', 'br');
		const d1 = await open('4915100000201', 'de');
		const b3 = await open('5511999990203', 'br');
		await desk.assign(b1, 'br', { strategy: 'roundRobin' });
		await desk.resolve(b3);
		expect((await desk.listOpen({ team: 'br' })).map((c) => c.waId)).toEqual(['5511999990201', '5511999990202']);
		expect((await desk.listOpen({ agent: 'ana' })).map((c) => c.waId)).toEqual(['5511999990201']);
		expect((await desk.listOpen({ team: 'br', state: 'bot' })).map((c) => c.waId)).toEqual(['5511999990202']);
		expect((await desk.listOpen({})).map((c) => c.waId)).toEqual(['5511999990201', '5511999990202', '4915100000201']);
		expect(await desk.listOpen({ limit: 2 })).toHaveLength(2);
		expect(d1.team).toBe('de');
		expect(b2.state).toBe('bot');
	});
});

describe('prune', () => {
	it('deletes the rows of conversations resolved before the cutoff, keeps open ones and the numbering', async () => {
		const { desk, store, clock, message } = setup();
		const waId = '5511999990301';
		const first = (await desk.receive(message(waId, 'one'))).conversation;
		await desk.resolve(first);
		clock.t += 40 * DAY_MS;
		const second = (await desk.receive(message(waId, 'two'))).conversation;
		await desk.resolve(second);
		clock.t += 1000;
		const other = (await desk.receive(message('5511999990302', 'open'))).conversation;
		clock.t += 20 * DAY_MS;
		const before = store.events.length;
		const result = await desk.prune(30 * DAY_MS);
		expect(result).toMatchObject({ conversations: 1, markers: 0 });
		expect(store.events.some((e) => e.conversationId === first.conversationId)).toBe(false);
		expect(store.events.length).toBe(before - result.rows);
		// Conversation 1 was already compacted into one `closed` row when the customer wrote again.
		expect(result.rows).toBeGreaterThanOrEqual(1);
		// Everything resolved, the customer's latest included: one small row keeps the number.
		const all = await desk.prune(0);
		expect(all).toMatchObject({ conversations: 1, markers: 1 });
		expect(store.events.filter((e) => e.conversationKey === first.conversationKey).map((e) => e.kind)).toEqual(['pruned']);
		expect((await desk.byId(other.conversationId))!.state).toBe('bot');
		const third = await desk.receive(message(waId, 'three'));
		expect(third).toMatchObject({ isNewConversation: true });
		expect(third.conversation.sequence).toBe(3);
		await desk.resolve(third.conversation);
		clock.t += 1000;
		expect(await desk.prune(0)).toMatchObject({ conversations: 1, markers: 1 });
		expect(store.events.filter((e) => e.conversationKey === first.conversationKey).map((e) => [e.kind, e.conversationId])).toEqual([['pruned', third.conversation.conversationId]]);
		expect(await desk.prune(0)).toMatchObject({ conversations: 0, rows: 0 });
	});

	it('a row written to a conversation while it is pruned stays', async () => {
		const store = new (class extends CountingStore {
			racing?: ConversationEvent;
			override async deleteRows(ids: number[]): Promise<number> {
				if (this.racing) await this.append([this.racing]);
				this.racing = undefined;
				return await super.deleteRows(ids);
			}
		})();
		const { desk, clock, message } = setup([], store);
		const c = (await desk.receive(message('5511999990303', 'one'))).conversation;
		await desk.resolve(c);
		await desk.receive(message('5511999990303', 'two'));
		clock.t += 2 * DAY_MS;
		store.racing = { conversationKey: c.conversationKey, conversationId: c.conversationId, kind: 'linked', ref: 'late:1', value: {}, at: new Date(clock.t).toISOString() };
		const result = await desk.prune(DAY_MS);
		expect(result.conversations).toBe(1);
		expect(store.events.filter((e) => e.conversationId === c.conversationId).map((e) => e.ref)).toEqual(['late:1']);
	});

	it('Receive prunes about one message in a hundred, decided by the message ID', () => {
		const ids = Array.from({ length: 10_000 }, (_, i) => `wamid.HBgNNTUxMTk5OTk5MDAwMRUCABIYFDNB${i}`);
		const due = ids.filter((id) => shouldAutoPrune(id)).length;
		expect(due).toBeGreaterThan(60);
		expect(due).toBeLessThan(140);
		expect(ids.filter((id) => shouldAutoPrune(id))).toEqual(ids.filter((id) => shouldAutoPrune(id)));
		expect(shouldAutoPrune(undefined)).toBe(false);
	});
});

describe('compaction', () => {
	async function longConversation(waId: string) {
		const s = setup([agent('ana', ['s'])]);
		let c = (await s.desk.receive(s.message(waId, 'hi'), { orderTurns: false })).conversation;
		for (let i = 0; i < 30; i++) {
			const r = await s.desk.receive(s.message(waId, `m${i}`));
			c = await s.desk.finishTurn(r.conversation, `wamid.${waId}.${i + 2}`, { step: `step${i}`, answers: { [`a${i}`]: i } });
		}
		c = await s.desk.link(c, 'slack:C1:1.0001');
		return { ...s, c };
	}

	it('a long conversation becomes one snapshot row once quiet; the fold is the same before and after', async () => {
		const { desk, store, clock, c } = await longConversation('5511999990401');
		const rows = store.events.filter((e) => e.conversationId === c.conversationId);
		expect(rows.length).toBeGreaterThan(40);
		const before = foldConversations(rows)[0];
		// Right after the writes it is not quiet: nothing is compacted yet.
		await desk.byId(c.conversationId);
		expect(desk.compactions).toBe(0);
		quiet(clock);
		const read = await desk.byId(c.conversationId);
		expect(desk.compactions).toBe(1);
		const after = store.events.filter((e) => e.conversationId === c.conversationId);
		expect(after.map((e) => e.kind)).toEqual(['snapshot']);
		expect(after[0].value.throughId).toBe(Math.max(...rows.map((r) => r.id)));
		const folded = foldConversations(after)[0];
		expect(folded).toEqual(before);
		expect(read).toEqual(before);
		// Still found by its reference and its session continues.
		expect((await desk.byRef('slack:C1:1.0001'))?.conversationId).toBe(c.conversationId);
		expect(folded.session).toMatchObject({ step: 'step29', answers: { a0: 0, a29: 29 } });
	});

	it('a writer racing the compaction loses nothing: its row is kept and applied after the snapshot', async () => {
		const store = new (class extends CountingStore {
			racing: ConversationEvent[] = [];
			override async compact(snapshot: ConversationEvent, replacedIds: number[]): Promise<void> {
				// Between the compactor's read and its write, another execution appends.
				await this.append(this.racing.splice(0));
				await super.compact(snapshot, replacedIds);
			}
		})();
		const s = setup([agent('ana', ['s'])], store);
		const waId = '5511999990402';
		let c = (await s.desk.receive(s.message(waId, 'hi'), { orderTurns: false })).conversation;
		for (let i = 0; i < 45; i++) await s.desk.recordBotReply(c, `wamid.out.${i}`);
		quiet(s.clock);
		const at = new Date(s.clock.t).toISOString();
		store.racing = [
			{ conversationKey: c.conversationKey, conversationId: c.conversationId, kind: 'session', value: { step: 'raced', answers: { won: true } }, at },
			{ conversationKey: c.conversationKey, conversationId: c.conversationId, kind: 'handed_off', team: 's', value: { reason: 'bot' }, at },
		];
		await s.desk.byId(c.conversationId);
		expect(s.desk.compactions).toBe(1);
		c = (await s.desk.byId(c.conversationId))!;
		expect(c).toMatchObject({ owner: 'queue', state: 'queued', team: 's', handoffs: 1, session: { step: 'raced', answers: { won: true } } });
		expect(store.events.filter((e) => e.conversationId === c.conversationId).map((e) => e.kind)).toEqual(['session', 'handed_off', 'snapshot']);
		// The next decision on top of the snapshot still works: assigned once.
		expect((await s.desk.assign(c, 's', { strategy: 'roundRobin' })).outcome).toBe('assigned');
	});

	it('two executions compacting at once: both snapshots stay correct, the later one wins, nothing lost', async () => {
		const store = new CountingStore([]);
		const s = setup([], store);
		const waId = '5511999990403';
		const c = (await s.desk.receive(s.message(waId, 'hi'), { orderTurns: false })).conversation;
		for (let i = 0; i < 45; i++) await s.desk.link(c, `ref:${i}`);
		quiet(s.clock);
		const other = new ConversationDesk(store, s.clock);
		const [a, b] = await Promise.all([s.desk.byId(c.conversationId), other.byId(c.conversationId), s.desk.link(c, 'ref:late')]);
		expect(a!.refs.length).toBeGreaterThanOrEqual(45);
		expect(b!.refs.length).toBeGreaterThanOrEqual(45);
		const final = (await s.desk.byId(c.conversationId))!;
		expect(final.refs).toHaveLength(46);
		expect(final.refs).toContain('ref:late');
		expect(final.refs).toContain('ref:0');
	});

	it('team loads read only open conversations once resolved ones are compacted', async () => {
		const agents = [agent('a1', ['t']), agent('a2', ['t'])];
		const { desk, store, clock, message } = setup(agents);
		for (let i = 0; i < 30; i++) {
			const c = (await desk.receive(message(`4915100005${String(i).padStart(3, '0')}`, 'x'))).conversation;
			const r = await desk.assign(c, 't', { strategy: 'leastOpen' });
			await desk.recordAgentReply(r.conversation, r.agent!, undefined);
			await desk.resolve(r.conversation);
		}
		const open: Conversation[] = [];
		for (let i = 0; i < 3; i++) {
			const c = (await desk.receive(message(`49151000060${i}`, 'x'))).conversation;
			open.push((await desk.assign(c, 't', { strategy: 'leastOpen' })).conversation);
		}
		store.rowsRead = 0;
		await desk.loads('t');
		const uncompacted = store.rowsRead;
		quiet(clock);
		await desk.loads('t');
		expect(desk.compactions).toBe(30);
		store.rowsRead = 0;
		const loads = await desk.loads('t');
		const openRows = store.events.filter((e) => open.some((c) => c.conversationId === e.conversationId)).length;
		expect(store.rowsRead).toBe(openRows);
		expect(store.rowsRead * 10).toBeLessThan(uncompacted);
		expect([...loads.values()].reduce((x, y) => x + y, 0)).toBe(3);
		// The customer's history is still there for sticky assignment.
		const back = (await desk.receive(message('4915100005000', 'again'))).conversation;
		expect(back.sequence).toBe(2);
		expect((await desk.assign(back, 't', { strategy: 'sticky' })).reason).toContain('previous agent');
	});
});
