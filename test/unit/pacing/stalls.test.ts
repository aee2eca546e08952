/**
 * Pacing under load: the event loop stalls (GC, CPU hog, a slow progress-table write) and the
 * scheduler must not make up the lost time with a burst. The property checked everywhere: in every
 * 1-second sliding window (t - 1000, t] the requests that left number at most ⌈pace⌉, so with the
 * campaign's 3 % headroom they stay under Meta's cap, and a Meta that answers 130429 above the cap
 * never does.
 */
import type { LedgerRow } from '../../../whatsapp/campaigns/ledger';
import { LedgerWriter, MemoryLedgerStore } from '../../../whatsapp/campaigns/ledger';
import type { PlannedItem } from '../../../whatsapp/campaigns/plan';
import { planCampaign } from '../../../whatsapp/campaigns/plan';
import type { AttemptFailure, CampaignSender } from '../../../whatsapp/campaigns/runner';
import { runCampaign } from '../../../whatsapp/campaigns/runner';
import { parseGraphError } from '../../../whatsapp/errors';
import type { SendBody } from '../../../whatsapp/messages/envelope';
import type { Job, PacingOptions } from '../../../whatsapp/pacing/scheduler';
import { emptyPacingStats, runPaced } from '../../../whatsapp/pacing/scheduler';
import { FakeClock } from './fakeClock';

// Fake-clock runs of 5,000 jobs take about 0.5 s alone; on a loaded 2-core machine several times that.
jest.setTimeout(30_000);

/** The most start times in any window (t - windowMs, t]. */
export function maxInWindow(times: number[], windowMs = 1000): number {
	const sorted = [...times].sort((a, b) => a - b);
	let best = 0;
	let from = 0;
	for (let to = 0; to < sorted.length; to++) {
		while (sorted[from] <= sorted[to] - windowMs) from++;
		best = Math.max(best, to - from + 1);
	}
	return best;
}

/** A small deterministic PRNG, so a "random" stall pattern is the same on every run. */
function seeded(seed: number): () => number {
	let state = seed >>> 0;
	return () => {
		state = (state + 0x6d2b79f5) >>> 0;
		let t = state;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

type StallPattern = { name: string; make: () => (at: number) => number };

const once = (at: number, ms: number) => () => {
	let done = false;
	return (now: number) => {
		if (done || now < at) return 0;
		done = true;
		return ms;
	};
};

const every = (periodMs: number, ms: number) => () => {
	let bucket = 0;
	return (now: number) => {
		const current = Math.floor(now / periodMs);
		if (current <= bucket) return 0;
		bucket = current;
		return ms;
	};
};

const random = (seed: number, chance: number, maxMs: number) => () => {
	const next = seeded(seed);
	return () => (next() < chance ? Math.round(next() * maxMs) : 0);
};

const STALLS: StallPattern[] = [
	{ name: 'one 1.5 s stall', make: once(2000, 1500) },
	{ name: 'one 5 s stall', make: once(1500, 5000) },
	{ name: '40 ms stalls every 100 ms', make: every(100, 40) },
	{ name: '300 ms stalls every second', make: every(1000, 300) },
	{ name: 'random stalls up to 250 ms', make: random(7, 0.05, 250) },
];

interface Pace {
	name: string;
	perSecond: number;
	burstToleranceMs: number;
	maxInFlight: number;
	jobs: number;
}

/** The paces the node uses: the message pipeline (80/s, no tolerance) and campaigns at 97 % of 80 and 1000. */
const PACES: Pace[] = [
	{ name: 'message pipeline 80/s', perSecond: 80, burstToleranceMs: 0, maxInFlight: 16, jobs: 600 },
	{ name: 'campaign 77.6/s (80 − 3 %)', perSecond: 77.6, burstToleranceMs: 4, maxInFlight: 39, jobs: 600 },
	{ name: 'campaign 970/s (1000 − 3 %)', perSecond: 970, burstToleranceMs: 4, maxInFlight: 485, jobs: 5000 },
	{ name: '1000/s with 4 ms tolerance', perSecond: 1000, burstToleranceMs: 4, maxInFlight: 500, jobs: 5000 },
];

function timedJobs(clock: FakeClock, count: number, latencyMs: number, starts: number[], fail?: (id: number, attempt: number) => boolean): Array<Job<number>> {
	return Array.from({ length: count }, (_, id) => ({
		run: async (attempt: number) => {
			starts.push(clock.now());
			await clock.sleep(latencyMs);
			if (fail?.(id, attempt)) throw new Error('retry me');
			return id;
		},
	}));
}

describe('runPaced when the event loop stalls', () => {
	for (const pace of PACES) {
		for (const stall of STALLS) {
			it(`${pace.name}, ${stall.name}: no 1-second window above ⌈pace⌉`, async () => {
				const clock = new FakeClock(0, stall.make());
				const starts: number[] = [];
				const results = await clock.run(
					runPaced(timedJobs(clock, pace.jobs, 150, starts), { perSecond: pace.perSecond, maxInFlight: pace.maxInFlight, burstToleranceMs: pace.burstToleranceMs }, clock),
				);
				expect(results.every((result) => result.ok)).toBe(true);
				expect(starts).toHaveLength(pace.jobs);
				expect(maxInWindow(starts)).toBeLessThanOrEqual(Math.ceil(pace.perSecond));
			});
		}
	}

	// A large audience runs as pages (Loop Over Items feeding one Campaign ID): each page is a new
	// run with a fresh grid, started the moment the previous one drained. The window still holds.
	for (const pace of PACES) {
		it(`${pace.name}, pages run back to back with stalls: no 1-second window above ⌈pace⌉`, async () => {
			const clock = new FakeClock(0, every(1000, 300)());
			const starts: number[] = [];
			const pageSize = Math.ceil(pace.jobs / 6);
			const pages = async () => {
				for (let sent = 0; sent < pace.jobs; sent += pageSize) {
					const options: PacingOptions = { perSecond: pace.perSecond, maxInFlight: pace.maxInFlight, burstToleranceMs: pace.burstToleranceMs };
					const results = await runPaced(timedJobs(clock, Math.min(pageSize, pace.jobs - sent), 150, starts), options, clock);
					expect(results.every((result) => result.ok)).toBe(true);
				}
			};
			await clock.run(pages());
			expect(starts).toHaveLength(pace.jobs);
			expect(maxInWindow(starts)).toBeLessThanOrEqual(Math.ceil(pace.perSecond));
		});
	}

	it('does not fall behind by more than the stall itself', async () => {
		const clock = new FakeClock(0, once(2000, 1500)());
		const starts: number[] = [];
		await clock.run(runPaced(timedJobs(clock, 800, 150, starts), { perSecond: 80, maxInFlight: 16 }, clock));
		// 800 starts at 80/s span 9.9875 s; the stall adds 1.5 s, and nothing else is lost.
		expect(starts[starts.length - 1]).toBeLessThanOrEqual(9987.5 + 1500 + 13);
		// And the pace after the stall is the grid again, not a burst and not slower.
		const after = starts.filter((at) => at > 4000);
		for (let i = 1; i < after.length; i++) expect(after[i] - after[i - 1]).toBeCloseTo(12.5, 5);
	});

	it('keeps retries that all fall due during a stall inside the window', async () => {
		const clock = new FakeClock(0, once(800, 2000)());
		const starts: number[] = [];
		// Every first attempt fails and is retried 500 ms later: the retries pile up behind the stall.
		const results = await clock.run(
			runPaced(timedJobs(clock, 300, 100, starts, (_id, attempt) => attempt === 1), { perSecond: 77.6, maxInFlight: 39, burstToleranceMs: 4, retry: () => ({ delayMs: 500 }), adaptive: false }, clock),
		);
		expect(results.every((result) => result.ok && result.attempts === 2)).toBe(true);
		expect(starts).toHaveLength(600);
		expect(maxInWindow(starts)).toBeLessThanOrEqual(78);
	});

	it('keeps throughput retries and the slow-down inside the window when the loop stalls', async () => {
		const clock = new FakeClock(0, every(700, 350)());
		const starts: number[] = [];
		const stats = emptyPacingStats();
		const results = await clock.run(
			runPaced(
				timedJobs(clock, 400, 150, starts, (id, attempt) => attempt === 1 && id % 5 === 0),
				{ perSecond: 970, maxInFlight: 485, burstToleranceMs: 4, stats, retry: () => ({ delayMs: 300, signal: 'throughput' }) },
				clock,
			),
		);
		expect(results.every((result) => result.ok)).toBe(true);
		expect(stats.throughputSignals).toBe(80);
		// After a cut the window allows only the cut rate: never more than the full pace in any case.
		expect(maxInWindow(starts)).toBeLessThanOrEqual(970);
	});

	it('applies a lower cap at once: no window that ends after the change holds more than the new cap', async () => {
		const clock = new FakeClock(0, once(2900, 400)());
		const starts: number[] = [];
		let cap = 100;
		const work = timedJobs(clock, 600, 150, starts).map((job, id) => ({
			run: async (attempt: number) => {
				if (id === 250) cap = 40;
				return await job.run(attempt);
			},
		}));
		const options = { perSecond: () => cap, maxInFlight: 50 } as unknown as PacingOptions;
		await clock.run(runPaced(work, options, clock));
		expect(starts).toHaveLength(600);
		const changedAt = starts[250];
		expect(maxInWindow(starts.filter((at) => at <= changedAt))).toBeLessThanOrEqual(100);
		// Every window ending at a start after the change counts every start in it, old ones included.
		for (const at of starts.filter((time) => time > changedAt)) {
			expect(starts.filter((time) => time > at - 1000 && time <= at).length).toBeLessThanOrEqual(40);
		}
	});

	it('keeps the last cap when the cap function answers nonsense mid-run (never unpaced)', async () => {
		const clock = new FakeClock();
		const starts: number[] = [];
		let cap: number | undefined = 50;
		const work = timedJobs(clock, 200, 20, starts).map((job, id) => ({
			run: async (attempt: number) => {
				if (id === 20) cap = undefined;
				if (id === 60) cap = Number.NaN;
				return await job.run(attempt);
			},
		}));
		await clock.run(runPaced(work, { perSecond: () => cap, maxInFlight: 50 } as unknown as PacingOptions, clock));
		expect(starts).toHaveLength(200);
		expect(maxInWindow(starts)).toBeLessThanOrEqual(50);
		for (let i = 1; i < starts.length; i++) expect(starts[i] - starts[i - 1]).toBeCloseTo(20, 5);
	});

	it('uses a higher cap once it is raised, and still never bursts to it', async () => {
		const clock = new FakeClock(0, every(500, 200)());
		const starts: number[] = [];
		let cap = 20;
		const work = timedJobs(clock, 300, 100, starts).map((job, id) => ({
			run: async (attempt: number) => {
				if (id === 40) cap = 200;
				return await job.run(attempt);
			},
		}));
		await clock.run(runPaced(work, { perSecond: () => cap, maxInFlight: 50 } as unknown as PacingOptions, clock));
		expect(starts).toHaveLength(300);
		const raisedAt = starts[40];
		expect(maxInWindow(starts.filter((at) => at <= raisedAt))).toBeLessThanOrEqual(20);
		expect(maxInWindow(starts)).toBeLessThanOrEqual(200);
		// The 260 jobs after the raise take about 1.3 s at 200/s, plus the stalls: not 13 s at 20/s.
		expect(starts[299] - raisedAt).toBeLessThan(3000);
	});
});

describe('runPaced with a preparation step (prepare, then the paced request)', () => {
	it('paces the requests, not the preparations: preparations that finish together do not leave together', async () => {
		const clock = new FakeClock();
		const sends: number[] = [];
		// Each preparation finishes only at the next full second (a slow batched write).
		const work: Array<Job<number>> = Array.from({ length: 200 }, (_, id) => ({
			prepare: async () => await clock.sleep(1000 - (clock.now() % 1000)),
			run: async () => {
				sends.push(clock.now());
				await clock.sleep(50);
				return id;
			},
		}));
		const results = await clock.run(runPaced(work, { perSecond: 50, maxInFlight: 60 }, clock));
		expect(results.every((result) => result.ok)).toBe(true);
		expect(sends).toHaveLength(200);
		expect(maxInWindow(sends)).toBeLessThanOrEqual(50);
		for (let i = 1; i < sends.length; i++) expect(sends[i] - sends[i - 1]).toBeGreaterThanOrEqual(20 - 1e-9);
	});

	it('runs each preparation once per job and before its request, and reports a failed preparation', async () => {
		const clock = new FakeClock();
		const order: string[] = [];
		const boom = new Error('progress table unavailable');
		const work: Array<Job<number>> = Array.from({ length: 3 }, (_, id) => ({
			prepare: async (attempt: number) => {
				order.push(`prepare ${id}.${attempt}`);
				if (id === 1) throw boom;
			},
			run: async (attempt: number) => {
				order.push(`run ${id}.${attempt}`);
				return id;
			},
		}));
		const stats = emptyPacingStats();
		const results = await clock.run(runPaced(work, { perSecond: 10, maxInFlight: 5, stats }, clock));
		expect(results[0]).toMatchObject({ ok: true, value: 0, attempts: 1 });
		expect(results[1]).toEqual({ ok: false, error: boom, attempts: 1 });
		expect(results[2]).toMatchObject({ ok: true, value: 2 });
		expect(order.indexOf('prepare 0.1')).toBeLessThan(order.indexOf('run 0.1'));
		expect(order).not.toContain('run 1.1');
		// Only requests count as starts.
		expect(stats.starts).toBe(2);
	});

	it('stops: prepared jobs not yet sent are reported as prepared and skipped, nothing goes out after the stop', async () => {
		const clock = new FakeClock();
		const sends: number[] = [];
		const prepared = new Set<number>();
		let stop = false;
		let stoppedAt = Number.POSITIVE_INFINITY;
		const work: Array<Job<number>> = Array.from({ length: 100 }, (_, id) => ({
			prepare: async () => {
				await clock.sleep(30);
				prepared.add(id);
			},
			run: async () => {
				sends.push(clock.now());
				if (id === 20) {
					stop = true;
					stoppedAt = clock.now();
				}
				await clock.sleep(100);
				return id;
			},
		}));
		const results = await clock.run(runPaced(work, { perSecond: 20, maxInFlight: 25, shouldStop: () => stop }, clock));
		expect(results.slice(0, 21).every((result) => result.ok)).toBe(true);
		expect(sends).toHaveLength(21);
		expect(sends.every((at) => at <= stoppedAt)).toBe(true);
		const skippedPrepared = results.flatMap((result, id) => (!result.ok && result.skipped && result.prepared ? [id] : []));
		expect(skippedPrepared.length).toBeGreaterThan(0);
		for (const id of skippedPrepared) expect(prepared.has(id)).toBe(true);
		// The others never started their preparation.
		for (let id = 21; id < 100; id++) if (!skippedPrepared.includes(id)) expect(results[id]).toMatchObject({ ok: false, skipped: true, attempts: 0 });
	});
});

describe('runCampaign when the progress table and the event loop stall', () => {
	const metaError = (code: number, httpStatus = 400) => parseGraphError(httpStatus, { error: { message: `(#${code}) test`, code, type: 'OAuthException', fbtrace_id: 'T' } });

	/** A Meta that counts arrivals in a sliding second and answers 130429 above the cap. */
	function cappedMeta(clock: FakeClock, cap: number, latencyMs = 150, fault?: (to: string, attempt: number) => AttemptFailure | undefined) {
		const arrivals: number[] = [];
		let throttled = 0;
		let counter = 0;
		const sender: CampaignSender = {
			async send(body: SendBody, attempt: number) {
				const now = clock.now();
				arrivals.push(now);
				const inWindow = arrivals.filter((at) => at > now - 1000).length;
				await clock.sleep(latencyMs);
				if (inWindow > cap) {
					throttled += 1;
					throw { kind: 'rejected', error: metaError(130429) } as AttemptFailure;
				}
				const failure = fault?.(body.to, attempt);
				if (failure) throw failure;
				counter += 1;
				return { messageId: `wamid.${counter}` };
			},
			classify: (error) => error as AttemptFailure,
		};
		return { sender, arrivals, throttled: () => throttled };
	}

	/** A progress table whose appends take `latency(call)` ms. */
	class SlowStore extends MemoryLedgerStore {
		constructor(
			private readonly fakeClock: FakeClock,
			private readonly latency: (call: number) => number,
		) {
			super(() => fakeClock.now());
		}

		override async append(rows: LedgerRow[]): Promise<void> {
			await this.fakeClock.sleep(this.latency(this.appendCalls + 1));
			await super.append(rows);
		}
	}

	const plan = (count: number): PlannedItem[] =>
		planCampaign(
			Array.from({ length: count }, (_, i) => ({ recipient: `1555${String(i).padStart(7, '0')}`, template: () => ({ type: 'template', template: { name: 'hello_world', language: { code: 'en_US' } } }) })),
			{ campaignId: 'load', messageKind: 'template' },
			{ now: 0 },
		);

	const TIERS = [
		{ name: '80/s', cap: 80, recipients: 800 },
		{ name: '1000/s', cap: 1000, recipients: 4000 },
	];

	const LEDGER_STALLS: Array<{ name: string; latency: (call: number) => number; loop?: StallPattern['make'] }> = [
		{ name: 'one 1.5 s progress-table write', latency: (call) => (call === 20 ? 1500 : 15) },
		{ name: 'every 10th write takes 400 ms', latency: (call) => (call % 10 === 0 ? 400 : 15) },
		{ name: 'slow writes (120 ms) and a stalling loop', latency: () => 120, loop: every(1000, 300) },
		{ name: 'random write latency and random loop stalls', latency: (() => { const next = seeded(11); return () => Math.round(10 + next() * next() * 900); })(), loop: random(5, 0.03, 400) },
	];

	for (const tier of TIERS) {
		for (const stall of LEDGER_STALLS) {
			it(`${tier.name} cap, ${stall.name}: 0 × 130429, every window under the cap`, async () => {
				const clock = new FakeClock(0, stall.loop?.());
				const meta = cappedMeta(clock, tier.cap);
				const store = new SlowStore(clock, stall.latency);
				const perSecond = tier.cap * 0.97;
				const { summary } = await clock.run(
					runCampaign(plan(tier.recipients), meta.sender, {
						campaignId: 'load',
						pacing: { messagesPerSecond: perSecond, maxInFlight: Math.min(500, Math.max(8, Math.ceil(perSecond / 2))), pairIntervalMs: 6000, pairBurst: 1, burstToleranceMs: 4 },
						clock,
						random: seeded(3),
						ledger: new LedgerWriter(store),
					}),
				);
				expect(summary.sent).toBe(tier.recipients);
				expect(meta.throttled()).toBe(0);
				expect(summary.throttled).toBe(0);
				expect(maxInWindow(meta.arrivals)).toBeLessThanOrEqual(Math.ceil(perSecond));
				// Every recipient has its pending row before its send, and a final row.
				expect(store.rows.filter((row) => row.state === 'pending')).toHaveLength(tier.recipients);
				expect(store.rows.filter((row) => row.state === 'accepted')).toHaveLength(tier.recipients);
			});
		}
	}

	it('80/s cap, 5xx retries while the progress table stalls: retries stay inside the window too', async () => {
		const clock = new FakeClock(0, every(1000, 250)());
		const meta = cappedMeta(clock, 80, 150, (to, attempt) => (attempt === 1 && Number(to.slice(-3)) % 4 === 0 ? { kind: 'rejected', error: metaError(131000, 500) } : undefined));
		const store = new SlowStore(clock, (call) => (call % 7 === 0 ? 700 : 20));
		const { summary } = await clock.run(
			runCampaign(plan(600), meta.sender, {
				campaignId: 'load',
				pacing: { messagesPerSecond: 77.6, maxInFlight: 39, pairIntervalMs: 6000, pairBurst: 1, burstToleranceMs: 4 },
				clock,
				random: seeded(9),
				ledger: new LedgerWriter(store),
			}),
		);
		expect(summary.sent).toBe(600);
		expect(summary.retries).toBe(150);
		expect(meta.throttled()).toBe(0);
		expect(maxInWindow(meta.arrivals)).toBeLessThanOrEqual(78);
	});
});
