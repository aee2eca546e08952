import type { Job, RetryDecision } from '../../../whatsapp/pacing/scheduler';
import { emptyPacingStats, JobNotStartedError, runPaced } from '../../../whatsapp/pacing/scheduler';
import { FakeClock } from './fakeClock';

interface Trace {
	starts: Array<{ id: number; at: number; attempt: number }>;
	active: number;
	peak: number;
}

function jobs(clock: FakeClock, trace: Trace, count: number, options: { latencyMs?: number; key?: (id: number) => string | undefined; fail?: (id: number, attempt: number) => unknown } = {}): Array<Job<number>> {
	return Array.from({ length: count }, (_, id) => ({
		key: options.key?.(id),
		run: async (attempt: number) => {
			trace.starts.push({ id, at: clock.now(), attempt });
			trace.active += 1;
			trace.peak = Math.max(trace.peak, trace.active);
			try {
				if (options.latencyMs) await clock.sleep(options.latencyMs);
				const error = options.fail?.(id, attempt);
				if (error) throw error;
				return id;
			} finally {
				trace.active -= 1;
			}
		},
	}));
}

const newTrace = (): Trace => ({ starts: [], active: 0, peak: 0 });

describe('runPaced with a fake clock', () => {
	it('starts jobs on an even grid at the rate and keeps result order', async () => {
		const clock = new FakeClock();
		const trace = newTrace();
		const results = await clock.run(runPaced(jobs(clock, trace, 100, { latencyMs: 150 }), { perSecond: 20, maxInFlight: 50 }, clock));
		expect(results.map((result) => (result.ok ? result.value : -1))).toEqual(Array.from({ length: 100 }, (_, id) => id));
		const times = trace.starts.map((start) => start.at);
		expect(times[0]).toBe(0);
		for (let i = 1; i < times.length; i++) expect(times[i] - times[i - 1]).toBeCloseTo(50, 5);
		// 100 starts at 20/s: the last one at 4.95 s, so exactly 20 per second.
		expect(times[99]).toBeCloseTo(4950, 5);
		// With 150 ms latency and a start every 50 ms, three or four are in flight.
		expect(trace.peak).toBeLessThanOrEqual(4);
	});

	it('never has more than maxInFlight running, which then bounds the rate', async () => {
		const clock = new FakeClock();
		const trace = newTrace();
		const stats = emptyPacingStats();
		await clock.run(runPaced(jobs(clock, trace, 60, { latencyMs: 1000 }), { perSecond: 1000, maxInFlight: 5, stats }, clock));
		expect(trace.peak).toBe(5);
		expect(stats.peakInFlight).toBe(5);
		// 60 jobs, 5 at a time, 1 s each: 12 rounds.
		expect(clock.now()).toBeGreaterThanOrEqual(12_000);
		expect(clock.now()).toBeLessThan(12_100);
	});

	it('spaces jobs to the same recipient by the pair interval without holding up others', async () => {
		const clock = new FakeClock();
		const trace = newTrace();
		const keys = ['a', 'a', 'a', 'b', 'c'];
		await clock.run(runPaced(jobs(clock, trace, keys.length, { key: (id) => keys[id] }), { perSecond: 10, maxInFlight: 10, perKeyIntervalMs: 6000 }, clock));
		const at = (id: number) => trace.starts.find((start) => start.id === id)!.at;
		expect(at(0)).toBe(0);
		expect(at(1)).toBe(6000);
		expect(at(2)).toBe(12_000);
		// b and c do not wait behind a's spacing: they take the next rate slots.
		expect(at(3)).toBe(100);
		expect(at(4)).toBe(200);
	});

	it('allows a burst per recipient that borrows from later spacing', async () => {
		const clock = new FakeClock();
		const trace = newTrace();
		await clock.run(runPaced(jobs(clock, trace, 4, { key: () => 'a' }), { perSecond: 100, maxInFlight: 10, perKeyIntervalMs: 6000, perKeyBurst: 2 }, clock));
		expect(trace.starts.map((start) => start.at)).toEqual([0, 10, 6000, 12_000]);
	});

	it('lets an idle recipient earn its burst back', async () => {
		const clock = new FakeClock();
		const trace = newTrace();
		// 'a' twice, then 30 other recipients at 1/s (30 s), then 'a' twice again.
		const keys = ['a', 'a', ...Array.from({ length: 30 }, (_, i) => `x${i}`), 'a', 'a'];
		await clock.run(runPaced(jobs(clock, trace, keys.length, { key: (id) => keys[id] }), { perSecond: 1, maxInFlight: 10, perKeyIntervalMs: 6000, perKeyBurst: 2 }, clock));
		const aStarts = trace.starts.filter((start) => keys[start.id] === 'a').map((start) => start.at);
		expect(aStarts).toEqual([0, 1000, 32_000, 33_000]);
	});

	it('retries a failed job after the delay without holding a slot, counting attempts', async () => {
		const clock = new FakeClock();
		const trace = newTrace();
		const stats = emptyPacingStats();
		const results = await clock.run(
			runPaced(
				jobs(clock, trace, 3, { latencyMs: 10, fail: (id, attempt) => (id === 0 && attempt < 3 ? new Error('transient') : undefined) }),
				{ perSecond: 100, maxInFlight: 1, stats, retry: () => ({ delayMs: 500 }), adaptive: false },
				clock,
			),
		);
		expect(results[0]).toMatchObject({ ok: true, value: 0, attempts: 3 });
		expect(results[1]).toMatchObject({ ok: true, attempts: 1 });
		const zero = trace.starts.filter((start) => start.id === 0).map((start) => start.at);
		expect(zero).toEqual([0, 510, 1020]);
		// Jobs 1 and 2 ran while job 0 waited for its retry (maxInFlight 1 was free).
		expect(trace.starts.find((start) => start.id === 1)!.at).toBeLessThan(510);
		expect(stats.retries).toBe(2);
	});

	it('reports the error when the retry rule gives up', async () => {
		const clock = new FakeClock();
		const trace = newTrace();
		const boom = new Error('rejected for good');
		const results = await clock.run(
			runPaced(jobs(clock, trace, 2, { fail: (id) => (id === 1 ? boom : undefined) }), { perSecond: 10, maxInFlight: 2, retry: () => undefined }, clock),
		);
		expect(results[1]).toEqual({ ok: false, error: boom, attempts: 1 });
	});

	it('slows down on throughput signals and climbs back to the cap', async () => {
		const clock = new FakeClock();
		const stats = emptyPacingStats();
		// A Meta that accepts at most 50 starts in any 1 s window, while we are told the cap is 100/s.
		const accepted: number[] = [];
		const throttled = { code: 130429 };
		const work = Array.from({ length: 400 }, (_, id) => ({
			run: async () => {
				const now = clock.now();
				const recent = accepted.filter((at) => at > now - 1000).length;
				await clock.sleep(100);
				if (recent >= 50) throw throttled;
				accepted.push(now);
				return id;
			},
		}));
		const results = await clock.run(
			runPaced(work, { perSecond: 100, maxInFlight: 50, stats, retry: (error): RetryDecision | undefined => (error === throttled ? { delayMs: 200, signal: 'throughput' } : undefined) }, clock),
		);
		expect(results.every((result) => result.ok)).toBe(true);
		expect(stats.throughputSignals).toBeGreaterThan(0);
		expect(stats.lowestPerSecond).toBeLessThan(100);
		expect(stats.lowestPerSecond).toBeGreaterThanOrEqual(1);
		// Slowing down keeps the 130429s a small share of the sends (without it, half would bounce).
		expect(stats.throughputSignals).toBeLessThan(400 * 0.25);
	});

	it('cuts the rate once per burst: answers to requests started before the cut do not cut again', async () => {
		const clock = new FakeClock();
		const stats = emptyPacingStats();
		const throttled = new Error('130429');
		let first = true;
		const work = Array.from({ length: 20 }, () => ({
			run: async () => {
				await clock.sleep(100);
				if (first) {
					// Every request of the first 100 ms bounces, as one event.
					if (clock.now() >= 190) first = false;
					else throw throttled;
				}
				return 1;
			},
		}));
		await clock.run(runPaced(work, { perSecond: 100, maxInFlight: 50, stats, retry: () => ({ delayMs: 1000, signal: 'throughput' }), adaptive: { decreaseFactor: 0.5 } }, clock));
		expect(stats.throughputSignals).toBeGreaterThan(1);
		expect(stats.lowestPerSecond).toBe(50);
	});

	it('ignores stray 130429s that are a small share of the answers', async () => {
		const clock = new FakeClock();
		const stats = emptyPacingStats();
		const throttled = new Error('130429');
		// Every 25th first attempt bounces (4 %), as random faults do; the cap itself is never hit.
		const work = Array.from({ length: 400 }, (_, id) => ({
			run: async (attempt: number) => {
				await clock.sleep(150);
				if (attempt === 1 && id % 25 === 0) throw throttled;
				return id;
			},
		}));
		await clock.run(runPaced(work, { perSecond: 80, maxInFlight: 50, stats, retry: () => ({ delayMs: 500, signal: 'throughput' }) }, clock));
		expect(stats.throughputSignals).toBe(16);
		expect(stats.lowestPerSecond).toBe(80);
		// 416 starts at 80/s take 5.2 s; the last retry waits 500 ms more and answers 150 ms later.
		expect(clock.now()).toBeLessThan(5200 + 500 + 150 + 50);
	});

	it('does not make a retry after a rejection wait for the pair interval', async () => {
		const clock = new FakeClock();
		const trace = newTrace();
		await clock.run(
			runPaced(
				jobs(clock, trace, 1, { key: () => 'a', latencyMs: 150, fail: (_id, attempt) => (attempt === 1 ? new Error('503') : undefined) }),
				{ perSecond: 10, maxInFlight: 5, perKeyIntervalMs: 6000, retry: () => ({ delayMs: 400 }), adaptive: false },
				clock,
			),
		);
		// Rejected at 150 ms, retried 400 ms later: the rejected attempt did not use the 6 s spacing.
		expect(trace.starts.map((start) => start.at)).toEqual([0, 550]);
	});

	it('pushes a recipient back on a pair-rate signal', async () => {
		const clock = new FakeClock();
		const trace = newTrace();
		const pair = new Error('131056');
		await clock.run(
			runPaced(
				jobs(clock, trace, 2, { key: (id) => (id === 0 ? 'a' : 'b'), fail: (id, attempt) => (id === 0 && attempt === 1 ? pair : undefined) }),
				{ perSecond: 10, maxInFlight: 5, retry: () => ({ delayMs: 4000, signal: 'pair' }), perKeyIntervalMs: 100 },
				clock,
			),
		);
		expect(trace.starts.filter((start) => start.id === 0).map((start) => start.at)).toEqual([0, 4000]);
	});

	it('stops starting jobs when told to and reports the rest as not started', async () => {
		const clock = new FakeClock();
		const trace = newTrace();
		let stop = false;
		const work = jobs(clock, trace, 10, { latencyMs: 10 });
		const wrapped = work.map((job, id) => ({ run: async (attempt: number) => { if (id === 2) stop = true; return await job.run(attempt); } }));
		const results = await clock.run(runPaced(wrapped, { perSecond: 10, maxInFlight: 5, shouldStop: () => stop }, clock));
		expect(results.slice(0, 3).every((result) => result.ok)).toBe(true);
		expect(results[3]).toMatchObject({ ok: false, skipped: true });
		expect((results[3] as { error: unknown }).error).toBeInstanceOf(JobNotStartedError);
		expect(trace.starts).toHaveLength(3);
	});

	it('lets starts run ahead of the grid by the burst tolerance', async () => {
		const clock = new FakeClock();
		const trace = newTrace();
		await clock.run(runPaced(jobs(clock, trace, 10), { perSecond: 1000, maxInFlight: 10, burstToleranceMs: 4 }, clock));
		// Five start at once (the tolerance), then one per millisecond.
		expect(trace.starts.map((start) => start.at)).toEqual([0, 0, 0, 0, 0, 1, 2, 3, 4, 5]);
	});
});
