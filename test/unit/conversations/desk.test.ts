/* eslint-disable @n8n/community-nodes/no-restricted-globals -- test code runs in Node, not inside n8n */
/**
 * The desk against the in-memory store with a fake clock: opening and reopening, handoff and
 * release (action and time-out), bot sessions across calls, turn order, and every assignment
 * strategy including exact round-robin under concurrent calls.
 */
import type { Agent } from '../../../whatsapp/routing/assignment';
import { ConversationDesk, MemoryConversationStore } from '../../../whatsapp/conversations';

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
			// A sleep lets every other pending call run meanwhile, as real time would.
			await new Promise((resolve) => setImmediate(resolve));
		},
	};
	return clock;
}

function setup(agents: Agent[] = [], compactAfter = 40) {
	const store = new MemoryConversationStore(agents);
	const clock = fakeClock();
	const desk = new ConversationDesk(store, clock, { compactAfter });
	let n = 0;
	const message = (waId: string, text: string, extra: Record<string, unknown> = {}) => ({
		phoneNumberId: PN,
		waId,
		messageId: `wamid.${waId}.${++n}`,
		messageType: 'text',
		text,
		at: new Date(clock.t + n).toISOString(),
		...extra,
	});
	return { store, clock, desk, message };
}

describe('conversation record', () => {
	it('opens one conversation per customer, owned by the bot; a new one after resolve', async () => {
		const { desk, message } = setup();
		const first = await desk.receive(message('5511999990001', 'hi'));
		expect(first).toMatchObject({ isNewConversation: true, botShouldReply: true, duplicate: false });
		expect(first.conversation).toMatchObject({ conversationId: `${PN}:5511999990001:1`, state: 'bot', owner: 'bot', sequence: 1 });
		const second = await desk.receive(message('5511999990001', 'again'));
		expect(second.isNewConversation).toBe(false);
		expect(await desk.resolve(second.conversation)).toBe(true);
		expect(await desk.resolve(second.conversation)).toBe(false);
		const reopened = await desk.receive(message('5511999990001', 'back'));
		expect(reopened).toMatchObject({ isNewConversation: true });
		expect(reopened.conversation).toMatchObject({ conversationId: `${PN}:5511999990001:2`, sequence: 2, state: 'bot' });
		const history = await desk.history(PN, '5511999990001');
		expect(history.map((c) => [c.sequence, c.state])).toEqual([[1, 'resolved'], [2, 'bot']]);
	});

	it('concurrent first messages open exactly one conversation; a redelivered message is a duplicate', async () => {
		const { desk, store, message } = setup();
		const results = await Promise.all(Array.from({ length: 10 }, (_, i) => desk.receive(message('4915100000001', `m${i}`), { orderTurns: false })));
		expect(results.filter((r) => r.isNewConversation)).toHaveLength(1);
		expect(new Set(results.map((r) => r.conversation.conversationId)).size).toBe(1);
		expect(store.events.filter((e) => e.kind === 'opened')).toHaveLength(1);
		const m = message('4915100000001', 'once');
		expect((await desk.receive(m, { orderTurns: false })).duplicate).toBe(false);
		expect((await desk.receive(m, { orderTurns: false })).duplicate).toBe(true);
	});
});

describe('handoff and release', () => {
	it('hands off by keyword and button; the bot stays quiet while a person owns it; released by action', async () => {
		const { desk, message } = setup([agent('ana', ['support'])]);
		const options = { handoffKeywords: ['agent', 'human'], handoffReplyIds: ['talk_to_human'], handoffTeam: 'support' };
		const byKeyword = await desk.receive(message('5511999990002', 'Agent'), options);
		expect(byKeyword).toMatchObject({ handedOff: 'keyword', botShouldReply: false });
		expect(byKeyword.conversation).toMatchObject({ state: 'queued', owner: 'queue', team: 'support', handoffReason: 'keyword' });
		const quiet = await desk.receive(message('5511999990002', 'hello?'), options);
		expect(quiet.botShouldReply).toBe(false);
		const assigned = await desk.assign(quiet.conversation, 'support', { strategy: 'roundRobin' });
		expect(assigned).toMatchObject({ outcome: 'assigned', agent: 'ana' });
		expect(await desk.release(assigned.conversation, 'action')).toBe(true);
		const back = await desk.receive(message('5511999990002', 'menu'), options);
		expect(back).toMatchObject({ botShouldReply: true });
		expect(back.conversation).toMatchObject({ owner: 'bot', state: 'bot', agent: null, releaseReason: 'action' });

		const byButton = await desk.receive(message('5511999990003', 'Talk to a person', { messageType: 'interactive', replyId: 'talk_to_human' }), options);
		expect(byButton).toMatchObject({ handedOff: 'button', botShouldReply: false });
	});

	it('a second handoff after a release is its own decision', async () => {
		const { desk, message } = setup();
		const options = { handoffKeywords: ['agent'], handoffTeam: 'support' };
		const first = await desk.receive(message('5511999990009', 'agent'), options);
		await desk.release(first.conversation, 'action');
		const again = await desk.receive(message('5511999990009', 'agent'), options);
		expect(again.handedOff).toBe('keyword');
		expect(again.conversation).toMatchObject({ handoffs: 2, releases: 1, owner: 'queue' });
	});

	it('an echo from the Business app hands off to a person', async () => {
		const { desk, message } = setup();
		await desk.receive(message('4915100000004', 'hallo'));
		const echo = await desk.receive({ ...message('4915100000004', 'Hi, this is Jan'), echo: true });
		expect(echo).toMatchObject({ handedOff: 'echo', botShouldReply: false });
		expect(echo.conversation).toMatchObject({ owner: 'queue', handoffReason: 'echo', firstAgentReplyBy: 'business-app' });
	});

	it('time-out: a person silent longer than the time-out gives the conversation back to the bot, once', async () => {
		const { desk, clock, message } = setup([agent('ana', ['support'])]);
		const options = { handoffKeywords: ['agent'], handoffTeam: 'support', handoffTimeoutMs: 30 * 60_000 };
		const handed = await desk.receive(message('5511999990005', 'agent'), options);
		await desk.assign(handed.conversation, 'support', { strategy: 'roundRobin' });
		clock.t += 10 * 60_000;
		expect((await desk.receive(message('5511999990005', 'still there?'), options)).botShouldReply).toBe(false);
		clock.t += 31 * 60_000;
		const timedOut = await desk.receive(message('5511999990005', 'hello??'), options);
		expect(timedOut).toMatchObject({ released: 'timeout', botShouldReply: true });
		expect(timedOut.conversation).toMatchObject({ owner: 'bot', releaseReason: 'timeout' });
	});
});

describe('bot sessions', () => {
	it('keeps step and answers across calls; expiry, restart and finish keywords', async () => {
		const { desk, clock, message } = setup();
		const options = { sessionExpiryMs: 60 * 60_000, restartKeywords: ['menu'], finishKeywords: ['bye'] };
		const one = await desk.receive(message('5511999990006', 'hi'), options);
		expect(one.session).toMatchObject({ step: 'start', answers: {}, isNew: true });
		await desk.finishTurn(one.conversation, undefined, { step: 'ask_name', answers: { topic: 'orders' } });
		const two = await desk.receive(message('5511999990006', 'Ana'), options);
		expect(two.session).toMatchObject({ step: 'ask_name', answers: { topic: 'orders' }, isNew: false });
		await desk.finishTurn(two.conversation, undefined, { step: 'ask_order', answers: { name: 'Ana' } });
		const three = await desk.receive(message('5511999990006', '#123'), options);
		expect(three.session).toMatchObject({ step: 'ask_order', answers: { topic: 'orders', name: 'Ana' } });
		const restart = await desk.receive(message('5511999990006', 'MENU'), options);
		expect(restart.session).toMatchObject({ step: 'start', answers: {}, restarted: true });
		await desk.finishTurn(restart.conversation, undefined, { step: 'ask_name' });
		clock.t += 61 * 60_000;
		const expired = await desk.receive(message('5511999990006', 'hello'), options);
		expect(expired.session).toMatchObject({ step: 'start', expired: true });
		const bye = await desk.receive(message('5511999990006', 'bye'), options);
		expect(bye.session).toMatchObject({ finishedNow: true, finished: true });
		const after = await desk.receive(message('5511999990006', 'hi again'), options);
		expect(after.session).toMatchObject({ step: 'start', isNew: true, finished: false });
	});

	it('a message stamped ahead of the clock (a virtual clock) is judged at its own time; one stamped in the past at the clock', async () => {
		const { desk, clock, message } = setup();
		const options = { sessionExpiryMs: 60 * 60_000 };
		const one = await desk.receive(message('5511999990016', 'hi'), options);
		await desk.finishTurn(one.conversation, undefined, { step: 'ask_name' });
		// Written 10 minutes "ago" by its timestamp: judged now, the session is still fresh.
		const late = await desk.receive({ ...message('5511999990016', 'Ana'), at: new Date(clock.t - 10 * 60_000).toISOString() }, options);
		expect(late.session).toMatchObject({ step: 'ask_name', expired: false });
		await desk.finishTurn(late.conversation, undefined, { step: 'ask_order' });
		// Stamped 25 hours ahead while n8n's clock stands still: the session has expired at that time.
		const ahead = await desk.receive({ ...message('5511999990016', 'hello'), at: new Date(clock.t + 25 * 3_600_000).toISOString() }, options);
		expect(ahead.session).toMatchObject({ step: 'start', expired: true });
	});

	it('a predecessor that never finished its turn holds a message up only within the longest wait', async () => {
		const { desk, clock, message } = setup();
		await desk.receive(message('5511999990008', 'first'), { pollMs: 5 });
		clock.t += 120_000;
		const later = await desk.receive({ ...message('5511999990008', 'later'), at: new Date(clock.t).toISOString() }, { pollMs: 5, maxWaitMs: 30_000 });
		expect(later.turn).toMatchObject({ timedOut: false, waitedMs: 0 });
		const soon = await desk.receive({ ...message('5511999990008', 'soon'), at: new Date(clock.t + 1000).toISOString() }, { pollMs: 5, maxWaitMs: 30_000 });
		expect(soon.turn).toMatchObject({ timedOut: true });
	});

	it('messages of one customer sent together are answered one at a time, in message order', async () => {
		const { desk, message } = setup();
		const messages = Array.from({ length: 12 }, (_, i) => message('5511999990007', String(i + 1)));
		const answered: string[] = [];
		// Arrive in reverse order; each turn reads the session, "answers", and saves the next step.
		await Promise.all(
			[...messages].reverse().map(async (m) => {
				const r = await desk.receive(m, { settleMs: 50, pollMs: 5, maxWaitMs: 60_000 });
				const count = Number(r.session!.answers.count ?? 0) + 1;
				answered.push(`${count}:${m.text}`);
				await desk.finishTurn(r.conversation, m.messageId, { step: 'menu', answers: { count } });
			}),
		);
		expect(answered).toEqual(messages.map((m, i) => `${i + 1}:${m.text}`));
	});
});

describe('assignment', () => {
	it('round-robin: 50 concurrent new conversations for 5 agents give exactly 10 each, none twice', async () => {
		const agents = ['a1', 'a2', 'a3', 'a4', 'a5'].map((id) => agent(id, ['sales']));
		const { desk, store, message } = setup(agents);
		const received = await Promise.all(Array.from({ length: 50 }, (_, i) => desk.receive(message(`55119${String(i).padStart(8, '0')}`, 'hi'))));
		// Every conversation assigned by two racing runs: only one decision each.
		const results = await Promise.all(received.flatMap((r) => [desk.assign(r.conversation, 'sales', { strategy: 'roundRobin' }), desk.assign(r.conversation, 'sales', { strategy: 'roundRobin' })]));
		expect(results.filter((r) => r.outcome === 'assigned')).toHaveLength(50);
		const assignedEvents = store.events.filter((e) => e.kind === 'assigned');
		expect(new Set(assignedEvents.map((e) => e.conversationId)).size).toBe(50);
		expect(assignedEvents).toHaveLength(50);
		const perAgent = new Map<string, number>();
		for (const e of assignedEvents) perAgent.set(e.agent!, (perAgent.get(e.agent!) ?? 0) + 1);
		expect([...perAgent.values()]).toEqual([10, 10, 10, 10, 10]);
	});

	it('skips unavailable agents; queues when nobody is free; FIFO pick; requeue when an agent goes away', async () => {
		const agents = [agent('ana', ['support'], { capacity: 1 }), agent('bo', ['support'], { capacity: 1, available: false })];
		const { desk, store, message } = setup(agents);
		const c1 = (await desk.receive(message('4915100000011', 'a'))).conversation;
		const c2 = (await desk.receive(message('4915100000012', 'b'))).conversation;
		const c3 = (await desk.receive(message('4915100000013', 'c'))).conversation;
		expect(await desk.assign(c1, 'support', { strategy: 'roundRobin' })).toMatchObject({ outcome: 'assigned', agent: 'ana' });
		expect(await desk.assign(c2, 'support', { strategy: 'roundRobin' })).toMatchObject({ outcome: 'queued' });
		expect(await desk.assign(c3, 'support', { strategy: 'roundRobin' })).toMatchObject({ outcome: 'queued' });
		expect((await desk.queue('support')).map((c) => c.waId)).toEqual(['4915100000012', '4915100000013']);
		store.agentList[1].available = true;
		const picked = await desk.assignQueued('support', { strategy: 'leastOpen' });
		expect(picked.map((r) => [r.conversation.waId, r.outcome, r.agent])).toEqual([
			['4915100000012', 'assigned', 'bo'],
			['4915100000013', 'queued', null],
		]);
		// Ana goes away: her conversation is requeued ahead of the one waiting since later.
		store.agentList[0].available = false;
		const requeued = await desk.requeueAgent('ana');
		expect(requeued.map((c) => c.waId)).toEqual(['4915100000011']);
		expect((await desk.queue('support')).map((c) => c.waId)).toEqual(['4915100000011', '4915100000013']);
		expect(await desk.requeueAgent('ana')).toEqual([]);
	});

	it('least open conversations and percentage capacity', async () => {
		const agents = [agent('a', ['t'], { capacity: 10 }), agent('b', ['t'], { capacity: 2 })];
		const { desk, message } = setup(agents);
		const outcomes: Array<string | null> = [];
		for (let i = 0; i < 4; i++) {
			const c = (await desk.receive(message(`4915100001${i}`, 'x'))).conversation;
			outcomes.push((await desk.assign(c, 't', { strategy: 'capacity' })).agent);
		}
		// a: 0/10 → b: 0/2 tie broken by ticket; then the lower share of capacity wins.
		expect(outcomes).toEqual(['a', 'b', 'a', 'a']);
		const least = setup([agent('x', ['t']), agent('y', ['t'])]);
		// x already holds two conversations it picked up by replying first.
		for (let i = 0; i < 2; i++) {
			const c = await least.desk.route((await least.desk.receive(least.message(`4915100003${i}`, 'x'))).conversation, 't');
			await least.desk.recordAgentReply(c, 'x', undefined);
		}
		const got: Array<string | null> = [];
		for (let i = 0; i < 3; i++) {
			const c = (await least.desk.receive(least.message(`4915100002${i}`, 'x'))).conversation;
			got.push((await least.desk.assign(c, 't', { strategy: 'leastOpen' })).agent);
		}
		expect(got).toEqual(['y', 'y', expect.stringMatching(/^[xy]$/)]);
		const r = await least.desk.assign((await least.desk.receive(least.message('49151000029', 'x'))).conversation, 't', { strategy: 'leastOpen' });
		const loads = await least.desk.loads('t');
		expect(loads.get('x')! + loads.get('y')!).toBe(6);
		expect(Math.abs(loads.get('x')! - loads.get('y')!)).toBe(0);
		expect(r.outcome).toBe('assigned');
	});

	it('sticky: the previous agent within the time, else the team', async () => {
		const agents = [agent('ana', ['s']), agent('bo', ['s'])];
		const { desk, clock, message } = setup(agents);
		const first = (await desk.receive(message('5511999990020', 'x'))).conversation;
		const r1 = await desk.assign(first, 's', { strategy: 'roundRobin' });
		expect(r1.agent).toBe('ana');
		await desk.resolve(r1.conversation);
		const second = (await desk.receive(message('5511999990020', 'again'))).conversation;
		const r2 = await desk.assign(second, 's', { strategy: 'sticky', stickyWithinMs: 3600_000 });
		expect(r2).toMatchObject({ agent: 'ana', reason: expect.stringContaining('previous agent') });
		await desk.resolve(r2.conversation);
		clock.t += 2 * 3600_000;
		const third = (await desk.receive(message('5511999990020', 'later'))).conversation;
		const r3 = await desk.assign(third, 's', { strategy: 'sticky', stickyWithinMs: 3600_000 });
		expect(r3.reason).toContain('no recent previous agent');
	});

	it('an agent replying first takes an unowned conversation and is recorded as the first responder', async () => {
		const { desk, clock, message } = setup();
		const c = (await desk.receive(message('5511999990030', 'x'))).conversation;
		clock.t += 90_000;
		const after = await desk.recordAgentReply(c, 'carla', 'wamid.out1');
		expect(after).toMatchObject({ owner: 'agent', agent: 'carla', firstAgentReplyBy: 'carla' });
		expect(Date.parse(after.firstAgentReplyAt!) - Date.parse(after.openedAt!)).toBeGreaterThanOrEqual(90_000);
	});
});
