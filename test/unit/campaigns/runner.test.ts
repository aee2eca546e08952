import { parseGraphError } from '../../../whatsapp/errors';
import { LedgerWriter, MemoryLedgerStore, priorStates } from '../../../whatsapp/campaigns/ledger';
import type { PlannedItem } from '../../../whatsapp/campaigns/plan';
import { planCampaign } from '../../../whatsapp/campaigns/plan';
import type { AttemptFailure, CampaignSender } from '../../../whatsapp/campaigns/runner';
import { runCampaign } from '../../../whatsapp/campaigns/runner';
import type { SendBody } from '../../../whatsapp/messages/envelope';
import { FakeClock } from '../pacing/fakeClock';

const metaError = (code: number, httpStatus = 400) => parseGraphError(httpStatus, { error: { message: `(#${code}) test`, code, type: 'OAuthException', fbtrace_id: 'T' } });

type Behaviour = (to: string, attempt: number) => AttemptFailure | undefined;

/** A Meta in memory: latency on the fake clock, scripted failures, and a log of accepted sends. */
function fakeMeta(clock: FakeClock, behaviour: Behaviour = () => undefined, latencyMs = 150) {
	const accepted: string[] = [];
	const attempts: Array<{ to: string; at: number; attempt: number }> = [];
	let counter = 0;
	const sender: CampaignSender = {
		async send(body: SendBody, attempt: number) {
			attempts.push({ to: body.to, at: clock.now(), attempt });
			await clock.sleep(latencyMs);
			const failure = behaviour(body.to, attempt);
			if (failure?.kind === 'uncertain' && failure.message === 'accepted-then-reset') accepted.push(body.to);
			if (failure) throw failure;
			accepted.push(body.to);
			counter += 1;
			return { messageId: `wamid.${counter}`, messageStatus: 'accepted' };
		},
		classify: (error) => error as AttemptFailure,
	};
	return { sender, accepted, attempts };
}

const recipients = (count: number, from = 0) => Array.from({ length: count }, (_, i) => `1555${String(from + i).padStart(7, '0')}`);

function plan(list: string[], campaignId = 'c1', prior?: ReturnType<typeof priorStates>): PlannedItem[] {
	return planCampaign(
		list.map((recipient) => ({ recipient, template: () => ({ type: 'template', template: { name: 'hello_world', language: { code: 'en_US' } } }) })),
		{ campaignId, messageKind: 'template' },
		{ now: 0, prior },
	);
}

const pacing = { messagesPerSecond: 80, maxInFlight: 32, pairIntervalMs: 6000, pairBurst: 1 };

describe('runCampaign with a fake clock and a fake Meta', () => {
	it('sends every recipient once at the cap and summarises', async () => {
		const clock = new FakeClock();
		const meta = fakeMeta(clock);
		const { outcomes, summary } = await clock.run(runCampaign(plan(recipients(800)), meta.sender, { campaignId: 'c1', pacing, clock }));
		expect(meta.accepted).toHaveLength(800);
		expect(new Set(meta.accepted).size).toBe(800);
		expect(outcomes.every((outcome) => outcome.status === 'sent')).toBe(true);
		expect(outcomes[0]).toEqual({ status: 'sent', recipient: '15550000000', messageId: 'wamid.1', messageStatus: 'accepted', kind: 'template', fallback: false, attempts: 1 });
		expect(summary).toMatchObject({ campaignId: 'c1', total: 800, sent: 800, failed: 0, uncertain: 0, skipped: 0, retries: 0, throttled: 0 });
		// 800 starts 12.5 ms apart plus one latency: 9.9875 s + 0.15 s.
		expect(summary.sendingMs).toBe(9987.5 + 150);
		expect(summary.achievedPerSecond).toBeGreaterThanOrEqual(78);
		expect(summary.achievedPerSecond).toBeLessThanOrEqual(80);
	});

	it('retries throttling, pair-rate and transient errors with backoff until accepted', async () => {
		const clock = new FakeClock();
		const script: Record<string, AttemptFailure[]> = {
			'15550000001': [{ kind: 'rejected', error: metaError(130429) }, { kind: 'rejected', error: metaError(130429) }],
			'15550000002': [{ kind: 'rejected', error: metaError(131056) }],
			'15550000003': [{ kind: 'rejected', error: metaError(131000, 500) }],
			'15550000004': [{ kind: 'rejected', error: parseGraphError(502, '<html>bad gateway</html>') }],
			'15550000005': [{ kind: 'notSent', message: 'ECONNREFUSED' }],
			'15550000006': [{ kind: 'rejected', error: metaError(80007) }],
		};
		const meta = fakeMeta(clock, (to, attempt) => script[to]?.[attempt - 1]);
		const { outcomes, summary } = await clock.run(
			runCampaign(plan(recipients(10)), meta.sender, { campaignId: 'c1', pacing, clock, random: () => 0.5 }),
		);
		expect(outcomes.map((outcome) => outcome.status)).toEqual(Array(10).fill('sent'));
		expect(outcomes.map((outcome) => (outcome as { attempts: number }).attempts)).toEqual([1, 3, 2, 2, 2, 2, 2, 1, 1, 1]);
		expect(summary).toMatchObject({ sent: 10, retries: 7, throttled: 3, pairLimited: 1 });
		// The pair-rate retry waits Meta's 4^0 s backoff (jittered: 0.75 s with random 0.5) at least.
		const pair = meta.attempts.filter((attempt) => attempt.to === '15550000002').map((attempt) => attempt.at);
		expect(pair[1] - pair[0]).toBeGreaterThanOrEqual(150 + 750);
		// Throttled twice: 500 ms then 1000 ms base backoff with jitter (375, 750).
		const throttled = meta.attempts.filter((attempt) => attempt.to === '15550000001').map((attempt) => attempt.at);
		expect(throttled[1] - throttled[0]).toBeGreaterThanOrEqual(150 + 375);
		expect(throttled[2] - throttled[1]).toBeGreaterThanOrEqual(150 + 750);
		expect(new Set(meta.accepted).size).toBe(10);
	});

	it('reports a send whose acceptance is unknown as uncertain and never sends it again', async () => {
		const clock = new FakeClock();
		const meta = fakeMeta(clock, (to) => (to === '15550000002' ? { kind: 'uncertain', message: 'accepted-then-reset' } : undefined));
		const store = new MemoryLedgerStore();
		const { outcomes, summary } = await clock.run(
			runCampaign(plan(recipients(4)), meta.sender, { campaignId: 'c1', pacing, clock, ledger: new LedgerWriter(store) }),
		);
		expect(outcomes[2]).toEqual({ status: 'uncertain', recipient: '15550000002', attempts: 1, message: 'accepted-then-reset' });
		expect(meta.attempts.filter((attempt) => attempt.to === '15550000002')).toHaveLength(1);
		expect(summary).toMatchObject({ sent: 3, uncertain: 1 });
		expect(priorStates(store.rows).get('15550000002')).toMatchObject({ state: 'uncertain' });
	});

	it('reports non-retryable rejections with Meta’s code and hint, and gives up after max retries', async () => {
		const clock = new FakeClock();
		const meta = fakeMeta(clock, (to) => {
			if (to === '15550000001') return { kind: 'rejected', error: metaError(131026) };
			if (to === '15550000002') return { kind: 'rejected', error: metaError(130429) };
			return undefined;
		});
		const { outcomes, summary } = await clock.run(
			runCampaign(plan(recipients(3)), meta.sender, { campaignId: 'c1', pacing, clock, retry: { maxRetries: 2, baseDelayMs: 100, maxDelayMs: 1000 } }),
		);
		expect(outcomes[1]).toMatchObject({ status: 'failed', attempts: 1, error: { code: 131026, category: 'recipient' } });
		expect((outcomes[1] as { error: { hint: string } }).error.hint).toMatch(/Undeliverable/);
		expect(outcomes[2]).toMatchObject({ status: 'failed', attempts: 3, error: { code: 130429 } });
		expect(summary).toMatchObject({ sent: 1, failed: 2, failureCodes: { '131026': 1, '130429': 1 } });
	});

	it('stops the campaign on an error no recipient can get past (expired token)', async () => {
		const clock = new FakeClock();
		const meta = fakeMeta(clock, (to) => (to >= '15550000005' ? { kind: 'rejected', error: metaError(190, 401) } : undefined));
		const { outcomes, summary } = await clock.run(runCampaign(plan(recipients(200)), meta.sender, { campaignId: 'c1', pacing, clock }));
		expect(summary.stoppedBy).toMatchObject({ code: 190 });
		expect(summary.sent).toBe(5);
		// Only the sends already in flight when the first 190 came back were tried.
		expect(meta.attempts.length).toBeLessThan(30);
		expect(summary.skipReasons.campaignStopped).toBeGreaterThan(150);
		expect(outcomes[199]).toEqual({ status: 'skipped', recipient: '15550000199', reason: 'campaignStopped' });
	});

	it('keeps invalid and skipped items in place and sends the rest', async () => {
		const clock = new FakeClock();
		const meta = fakeMeta(clock);
		const items = planCampaign(
			[
				{ recipient: 'bad', template: () => ({ type: 'template', template: { name: 'hello_world', language: { code: 'en_US' } } }) },
				{ recipient: '15550000001', optedOut: true, template: () => ({ type: 'template', template: { name: 'hello_world', language: { code: 'en_US' } } }) },
				{ recipient: '15550000002', template: () => ({ type: 'template', template: { name: 'hello_world', language: { code: 'en_US' } } }) },
			],
			{ campaignId: 'c1', messageKind: 'template' },
			{ now: 0 },
		);
		const { outcomes, summary } = await clock.run(runCampaign(items, meta.sender, { campaignId: 'c1', pacing, clock }));
		expect(outcomes.map((outcome) => outcome.status)).toEqual(['invalid', 'skipped', 'sent']);
		expect(summary).toMatchObject({ total: 3, sent: 1, skipped: 1, invalid: 1, skipReasons: { optedOut: 1 } });
	});

	it('resumes an interrupted campaign without sending twice to accepted recipients', async () => {
		const list = recipients(300);
		const store = new MemoryLedgerStore();

		// Run 1: cancelled after 100 starts; sends under way finish and are recorded.
		const clock1 = new FakeClock();
		const meta1 = fakeMeta(clock1);
		let started = 0;
		const counting: CampaignSender = { send: async (body, attempt) => { started += 1; return await meta1.sender.send(body, attempt); }, classify: meta1.sender.classify };
		const first = await clock1.run(
			runCampaign(plan(list), counting, { campaignId: 'c1', pacing, clock: clock1, ledger: new LedgerWriter(store), shouldStop: () => started >= 100 }),
		);
		expect(first.summary.sent).toBe(100);
		expect(first.summary.skipReasons.campaignStopped).toBe(200);

		// A crash after Meta accepted but before the final row: only the pending row exists.
		store.rows.push({ campaignId: 'c1', recipient: list[150], state: 'pending' });

		// Run 2: the same input, resumed from the ledger.
		const prior = priorStates(await store.load('c1'));
		const clock2 = new FakeClock();
		const meta2 = fakeMeta(clock2);
		const second = await clock2.run(runCampaign(plan(list, 'c1', prior), meta2.sender, { campaignId: 'c1', pacing, clock: clock2, ledger: new LedgerWriter(store) }));
		expect(second.summary).toMatchObject({ sent: 199, skipped: 101, skipReasons: { alreadyAccepted: 100, uncertainEarlier: 1 } });
		const everAccepted = [...meta1.accepted, ...meta2.accepted];
		expect(everAccepted).toHaveLength(299);
		expect(new Set(everAccepted).size).toBe(299);
		expect(second.outcomes[0]).toMatchObject({ status: 'skipped', reason: 'alreadyAccepted', messageId: 'wamid.1' });
		expect(second.outcomes[150]).toMatchObject({ status: 'skipped', reason: 'uncertainEarlier' });
	});

	it('stores the pending row before each send and batches the writes', async () => {
		const clock = new FakeClock();
		const store = new MemoryLedgerStore();
		const meta = fakeMeta(clock);
		const order: string[] = [];
		const slowStore = {
			load: store.load.bind(store),
			append: async (rows: Parameters<typeof store.append>[0]) => {
				await clock.sleep(20);
				order.push(...rows.map((row) => `${row.state}:${row.recipient}`));
				await store.append(rows);
			},
		};
		const sender: CampaignSender = {
			send: async (body, attempt) => {
				order.push(`send:${body.to}`);
				return await meta.sender.send(body, attempt);
			},
			classify: meta.sender.classify,
		};
		const writer = new LedgerWriter(slowStore);
		await clock.run(runCampaign(plan(recipients(200)), sender, { campaignId: 'c1', pacing: { ...pacing, messagesPerSecond: 1000, maxInFlight: 100 }, clock, ledger: writer }));
		for (const recipient of recipients(200)) {
			expect(order.indexOf(`pending:${recipient}`)).toBeLessThan(order.indexOf(`send:${recipient}`));
			expect(order.indexOf(`accepted:${recipient}`)).toBeGreaterThan(order.indexOf(`send:${recipient}`));
		}
		expect(writer.rowsWritten).toBe(400);
		expect(writer.writes).toBeLessThan(100);
	});

	it('does not send when the pending row cannot be stored, and says so', async () => {
		const clock = new FakeClock();
		const meta = fakeMeta(clock);
		const broken = { load: async () => [], append: async () => { throw new Error('n8n API: 401'); } };
		const { outcomes, summary } = await clock.run(runCampaign(plan(recipients(3)), meta.sender, { campaignId: 'c1', pacing, clock, ledger: new LedgerWriter(broken) }).catch((error: Error) => ({ outcomes: [], summary: { error: error.message } })));
		expect(meta.attempts).toHaveLength(0);
		expect(summary).toEqual({ error: 'n8n API: 401' });
		expect(outcomes).toEqual([]);
	});
});
