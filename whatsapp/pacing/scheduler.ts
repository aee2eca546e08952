/**
 * Runs many send jobs with several in flight, paced to a rate (messages per second) and, per
 * recipient, to Meta's pair rate limit. No timers of its own: time comes from an injected clock so
 * n8n's `sleep` drives it in production and a fake clock drives it in tests.
 *
 * Both limits are GCRA ("virtual scheduling") buckets: a start is allowed when the theoretical
 * arrival time is not further ahead than the burst tolerance. That keeps the long-run rate exactly
 * at the cap, lets an idle recipient earn its burst back, and needs no timer per bucket.
 *
 * On top of the grid, a hard sliding window: a start is allowed only while fewer than ⌈rate⌉ starts
 * happened in the last second. The grid never catches up after a stall (GCRA forgets lost time), and
 * the window removes what the grid alone would still let through: the burst tolerance, rounding, a
 * rate change mid-run. So every 1-second window (t − 1000, t] holds at most ⌈rate⌉ requests, which
 * with the campaign's 3 % headroom is under Meta's cap whatever the event loop does.
 *
 * Work that must happen before a request but is not the request (the campaign's pending row, whose
 * batched writes finish together) goes in `prepare`: it runs ahead of the pace, and only the
 * request itself waits for a slot, so a slow write never releases a clump of requests.
 */

export interface Clock {
	now(): number;
	sleep(ms: number): Promise<void>;
}

/** What the retry rule says about a failed attempt. */
export interface RetryDecision {
	/** Wait before the next attempt of this job; the job does not hold an in-flight slot meanwhile. */
	delayMs: number;
	/**
	 * `throughput`: the account's rate was exceeded (130429, 80007): the scheduler slows down.
	 * `pair`: this recipient's pair limit was hit (131056): only this key is pushed back.
	 */
	signal?: 'throughput' | 'pair';
}

export interface AdaptiveOptions {
	/** Rate multiplier after a cut (0.8 = 20 % slower). */
	decreaseFactor: number;
	/** Never slow below this many starts per second. */
	minPerSecond: number;
	/** Time after the last cut before the rate climbs again, and per step, in milliseconds. */
	recoverAfterMs: number;
	/** Share of the cap regained per `recoverAfterMs` without a cut (0.1 = 10 % of the cap). */
	recoverStep: number;
	/**
	 * Overload means at least `minSignals` throughput answers that make up at least `overloadShare`
	 * of all answers in the last `windowMs`. A stray 130429 among many acceptances is noise, not a
	 * sign that the cap is lower than configured, and must not slow the whole campaign.
	 */
	overloadShare: number;
	minSignals: number;
	windowMs: number;
}

export const DEFAULT_ADAPTIVE: AdaptiveOptions = {
	decreaseFactor: 0.8,
	minPerSecond: 1,
	recoverAfterMs: 1000,
	recoverStep: 0.1,
	overloadShare: 0.1,
	minSignals: 3,
	windowMs: 1000,
};

/** The sliding window the start count is kept over (Meta counts throughput per second). */
export const PACING_WINDOW_MS = 1000;

/**
 * The first time at which a start made at `startedAt` is out of the window, i.e. `at - window >=
 * startedAt` holds in floating point too (`startedAt + 1000 - 1000` can come out a hair below).
 */
function leavesWindowAt(startedAt: number): number {
	let at = startedAt + PACING_WINDOW_MS;
	while (at - PACING_WINDOW_MS < startedAt) at += Math.max(Number.EPSILON * Math.abs(at), Number.MIN_VALUE);
	return at;
}

export interface PacingOptions {
	/**
	 * Requests started per second across all jobs (Meta's throughput, 80 by default). A function is
	 * read on every turn: a cap that changes mid-run applies at once, to the window as well.
	 */
	perSecond: number | (() => number);
	/** Requests allowed in flight at once. */
	maxInFlight: number;
	/**
	 * Minimum spacing between two jobs with the same key (the recipient), in milliseconds. Meta's pair
	 * rate limit averages one message every 6 s per customer; 0 disables it.
	 */
	perKeyIntervalMs?: number;
	/** Jobs per key that may start without spacing (Meta tolerates short bursts). */
	perKeyBurst?: number;
	/**
	 * How far (ms) starts may run ahead of the even grid to make up for timer lateness. 0 keeps a
	 * strict grid; a few ms lets high rates (1000/s) reach the cap despite coarse timers.
	 */
	burstToleranceMs?: number;
	/** Decides whether and when a failed job runs again; without it a failure is final. */
	retry?: (error: unknown, attempt: number) => RetryDecision | undefined;
	/** Slow-down after throughput signals; on by default when `retry` is given. `false` turns it off. */
	adaptive?: Partial<AdaptiveOptions> | false;
	/** Stop starting new jobs (already running ones finish); unstarted jobs settle as `skipped`. */
	shouldStop?: () => boolean;
	/** Filled while running: what the pacing did. */
	stats?: PacingStats;
}

export interface PacingStats {
	/** Attempts started (first attempts and retries). */
	starts: number;
	retries: number;
	throughputSignals: number;
	pairSignals: number;
	/** The lowest rate the slow-down reached (starts per second). */
	lowestPerSecond: number;
	/** Most requests in flight at one moment. */
	peakInFlight: number;
	/** Clock time of the first and last start. */
	firstStartAt?: number;
	lastStartAt?: number;
}

export function emptyPacingStats(): PacingStats {
	return { starts: 0, retries: 0, throughputSignals: 0, pairSignals: 0, lowestPerSecond: Number.POSITIVE_INFINITY, peakInFlight: 0 };
}

export interface Job<T> {
	/** Recipient (or any key whose jobs must be spaced). */
	key?: string;
	/**
	 * Work before the request (a progress row): runs when the job is admitted, holding an in-flight
	 * place but no rate slot. A failure is handled like a failed attempt. A job prepared but not sent
	 * when the run stops settles as skipped with `prepared: true` (its caller may have to record that
	 * nothing went out).
	 */
	prepare?(attempt: number): Promise<void>;
	/** The paced request. `attempt` is 1 for the first try, 2 for the first retry … */
	run(attempt: number): Promise<T>;
}

export type JobResult<T> =
	| { ok: true; value: T; attempts?: number }
	| { ok: false; error: unknown; attempts?: number; skipped?: boolean; prepared?: boolean };

/** Thrown into the result of jobs that never started because `shouldStop` said so. */
export class JobNotStartedError extends Error {
	constructor() {
		super('Not started: the run was stopped before this job');
		this.name = 'JobNotStartedError';
	}
}

/** A min-heap of job positions ordered by the time they may start. */
class WaitingJobs {
	private readonly heap: Array<{ at: number; index: number }> = [];

	get size(): number {
		return this.heap.length;
	}

	peek(): { at: number; index: number } | undefined {
		return this.heap[0];
	}

	push(entry: { at: number; index: number }): void {
		const heap = this.heap;
		heap.push(entry);
		let child = heap.length - 1;
		while (child > 0) {
			const parent = (child - 1) >> 1;
			if (heap[parent].at <= heap[child].at) break;
			[heap[parent], heap[child]] = [heap[child], heap[parent]];
			child = parent;
		}
	}

	pop(): { at: number; index: number } | undefined {
		const heap = this.heap;
		const top = heap[0];
		const last = heap.pop();
		if (heap.length > 0 && last) {
			heap[0] = last;
			let parent = 0;
			for (;;) {
				const left = parent * 2 + 1;
				const right = left + 1;
				let smallest = parent;
				if (left < heap.length && heap[left].at < heap[smallest].at) smallest = left;
				if (right < heap.length && heap[right].at < heap[smallest].at) smallest = right;
				if (smallest === parent) break;
				[heap[parent], heap[smallest]] = [heap[smallest], heap[parent]];
				parent = smallest;
			}
		}
		return top;
	}
}

/**
 * Start times follow a grid (`1000 / perSecond` ms apart) so the achieved rate converges on the cap
 * without bursts, and no second (sliding) ever holds more than ⌈perSecond⌉ starts, however late the
 * clock wakes the loop; a slow response never delays the next start unless `maxInFlight` is reached.
 * Jobs waiting for their key or for a retry are parked, so one busy recipient never blocks others.
 * Results keep the order of `jobs`.
 */
export async function runPaced<T>(
	jobs: Array<Job<T>>,
	options: PacingOptions,
	clock: Clock,
	onSettled?: (index: number, result: JobResult<T>) => void,
): Promise<Array<JobResult<T>>> {
	const results: Array<JobResult<T>> = new Array(jobs.length);
	const readCap = (): number => {
		const value = typeof options.perSecond === 'function' ? options.perSecond() : options.perSecond;
		return Number.isFinite(value) && value > 0 ? value : 0;
	};
	let cap = readCap();
	const maxInFlight = Math.max(1, Math.floor(options.maxInFlight));
	const keyInterval = Math.max(0, options.perKeyIntervalMs ?? 0);
	const keyTolerance = keyInterval * (Math.max(1, Math.floor(options.perKeyBurst ?? 1)) - 1);
	const tolerance = Math.max(0, options.burstToleranceMs ?? 0);
	const adaptive: AdaptiveOptions | undefined =
		options.retry && options.adaptive !== false ? { ...DEFAULT_ADAPTIVE, ...(options.adaptive || {}) } : undefined;
	const stats = options.stats ?? emptyPacingStats();

	let rate = cap;
	let lastCutAt = Number.NEGATIVE_INFINITY;
	let lastSignalAt = Number.NEGATIVE_INFINITY;
	let lastRecoverAt = Number.NEGATIVE_INFINITY;
	/** Theoretical arrival time of the next start (GCRA). */
	let tat = clock.now();
	/** Per key: theoretical arrival time of its next job. */
	const keyTat = new Map<string, number>();
	const attempts: number[] = new Array(jobs.length).fill(0);
	/** The last error of jobs waiting for a retry, reported if the run stops before it. */
	const lastErrors = new Map<number, unknown>();

	let nextFresh = 0;
	const waiting = new WaitingJobs();
	/** Places taken: preparing, prepared and waiting for a slot, and requests under way. */
	let inFlight = 0;
	// One shared "a job settled" signal: racing every in-flight promise on each loop turn would
	// attach thousands of handlers per second at high rates.
	let settledSignal: { promise: Promise<void>; resolve: () => void } | undefined;
	const nextSettle = (): Promise<void> => {
		if (!settledSignal) {
			let resolve!: () => void;
			const promise = new Promise<void>((done) => (resolve = done));
			settledSignal = { promise, resolve };
		}
		return settledSignal.promise;
	};
	const signalSettled = () => {
		const signal = settledSignal;
		settledSignal = undefined;
		signal?.resolve();
	};

	/** Start times of the last second, oldest first from `windowHead`. */
	const recent: number[] = [];
	let windowHead = 0;
	const windowCount = (now: number): number => {
		while (windowHead < recent.length && recent[windowHead] <= now - PACING_WINDOW_MS) windowHead++;
		if (windowHead > 1024 && windowHead * 2 > recent.length) {
			recent.splice(0, windowHead);
			windowHead = 0;
		}
		return recent.length - windowHead;
	};

	/** The earliest time a request may start: its grid slot, and a free place in the window. */
	const slotAt = (now: number): number => {
		if (rate <= 0) return now;
		let at = tat - tolerance;
		const limit = Math.max(1, Math.ceil(rate - 1e-9));
		const count = windowCount(now);
		// The start that has to leave the window first so that this one is the limit-th in it.
		if (count >= limit) at = Math.max(at, leavesWindowAt(recent[windowHead + count - limit]));
		return at;
	};

	/** A cap given as a function: a lower one applies at once, a higher one at once without a cut. */
	const followCap = () => {
		if (typeof options.perSecond !== 'function') return;
		const next = readCap();
		// A function that stops answering sensibly (NaN, 0, undefined) keeps the last cap: never unpaced.
		if (next === cap || next <= 0) return;
		const uncut = rate >= cap;
		cap = next;
		rate = !adaptive || uncut ? cap : Math.min(rate, cap);
		stats.lowestPerSecond = Math.min(stats.lowestPerSecond, rate);
	};

	const keyReadyAt = (key: string | undefined): number => {
		if (!key || keyInterval === 0) return Number.NEGATIVE_INFINITY;
		const next = keyTat.get(key);
		return next === undefined ? Number.NEGATIVE_INFINITY : next - keyTolerance;
	};

	const settle = (index: number, result: JobResult<T>) => {
		results[index] = result;
		onSettled?.(index, result);
	};

	/** Times of recent answers and of recent throughput signals (oldest first). */
	const answers: number[] = [];
	const signals: number[] = [];
	const trim = (list: number[], now: number) => {
		const from = now - (adaptive?.windowMs ?? 1000);
		let drop = 0;
		while (drop < list.length && list[drop] <= from) drop++;
		if (drop > 0) list.splice(0, drop);
	};
	const noteAnswer = (now: number) => {
		if (!adaptive) return;
		answers.push(now);
		trim(answers, now);
	};

	const slowDown = (now: number, startedAt: number) => {
		if (!adaptive || cap === 0) return;
		signals.push(now);
		trim(signals, now);
		const overloaded = signals.length >= adaptive.minSignals && signals.length >= adaptive.overloadShare * answers.length;
		// Answers to requests started before the last cut carry no news about the new rate.
		if (overloaded && startedAt >= lastCutAt) {
			rate = Math.max(Math.min(adaptive.minPerSecond, cap), rate * adaptive.decreaseFactor);
			lastCutAt = now;
			lastSignalAt = now;
			lastRecoverAt = now;
			stats.lowestPerSecond = Math.min(stats.lowestPerSecond, rate);
		}
	};

	const recover = (now: number) => {
		if (!adaptive || rate >= cap) return;
		if (now - lastSignalAt < adaptive.recoverAfterMs) return;
		const steps = Math.floor((now - lastRecoverAt) / adaptive.recoverAfterMs);
		if (steps <= 0) return;
		rate = Math.min(cap, rate + steps * adaptive.recoverStep * cap);
		lastRecoverAt += steps * adaptive.recoverAfterMs;
	};

	/** Takes the recipient's spacing for this attempt; the refund gives it back after a rejection. */
	const reserveKey = (job: Job<T>, now: number): (() => void) | undefined => {
		if (!job.key || keyInterval === 0) return undefined;
		const key = job.key;
		const before = keyTat.get(key);
		const after = Math.max(before ?? now, now) + keyInterval;
		keyTat.set(key, after);
		// A definitely rejected attempt delivered nothing, so it gives the recipient's spacing back
		// (unless another job of the same key started since).
		return () => {
			if (keyTat.get(key) !== after) return;
			if (before === undefined) keyTat.delete(key);
			else keyTat.set(key, before);
		};
	};

	const onFailure = (index: number, attempt: number, error: unknown, startedAt: number, keyRefund: (() => void) | undefined, answered: boolean) => {
		if (answered) noteAnswer(clock.now());
		const job = jobs[index];
		const decision = options.retry?.(error, attempt);
		if (!decision) {
			lastErrors.delete(index);
			settle(index, { ok: false, error, attempts: attempt });
			return;
		}
		lastErrors.set(index, error);
		const failedAt = clock.now();
		if (decision.signal === 'throughput') {
			stats.throughputSignals += 1;
			slowDown(failedAt, startedAt);
		}
		if (decision.signal !== 'pair') keyRefund?.();
		if (decision.signal === 'pair' && job.key) {
			stats.pairSignals += 1;
			keyTat.set(job.key, Math.max(keyTat.get(job.key) ?? failedAt, failedAt + decision.delayMs));
		}
		waiting.push({ at: failedAt + Math.max(0, decision.delayMs), index });
	};

	interface Admitted {
		index: number;
		keyRefund?: () => void;
	}
	/** A job without `prepare`, picked and waiting for its slot (at most one). */
	let held: Admitted | undefined;
	/** Prepared jobs waiting for a slot, first in first out (from `readyHead`). */
	let ready: Admitted[] = [];
	let readyHead = 0;

	/** Starts the request: takes a slot of the grid and a place in the window. */
	const launch = (entry: Admitted, now: number, prepared: boolean) => {
		const { index, keyRefund } = entry;
		const job = jobs[index];
		if (!prepared) {
			attempts[index] += 1;
			inFlight += 1;
		}
		const attempt = attempts[index];
		stats.starts += 1;
		if (attempt > 1) stats.retries += 1;
		stats.firstStartAt ??= now;
		stats.lastStartAt = now;
		if (rate > 0) tat = Math.max(tat, now) + 1000 / rate;
		recent.push(now);
		stats.peakInFlight = Math.max(stats.peakInFlight, inFlight);

		void Promise.resolve()
			.then(async () => await job.run(attempt))
			.then(
				(value) => {
					noteAnswer(clock.now());
					lastErrors.delete(index);
					settle(index, { ok: true, value, attempts: attempt });
				},
				(error: unknown) => onFailure(index, attempt, error, now, keyRefund, true),
			)
			.then(() => {
				inFlight -= 1;
				signalSettled();
			});
	};

	/** Takes the job off the queue: prepares it (no slot needed), or holds it for its slot. */
	const admit = (index: number, now: number) => {
		const job = jobs[index];
		const keyRefund = reserveKey(job, now);
		if (!job.prepare) {
			held = { index, keyRefund };
			return;
		}
		attempts[index] += 1;
		const attempt = attempts[index];
		inFlight += 1;
		stats.peakInFlight = Math.max(stats.peakInFlight, inFlight);
		void Promise.resolve()
			.then(async () => await job.prepare!(attempt))
			.then(
				() => {
					ready.push({ index, keyRefund });
				},
				(error: unknown) => {
					onFailure(index, attempt, error, now, keyRefund, false);
					inFlight -= 1;
				},
			)
			.then(signalSettled);
	};

	/** The next job allowed to start now, or the time to wait for one. */
	const pick = (now: number): { index: number } | { waitUntil: number } | undefined => {
		const due = waiting.peek();
		if (due && due.at <= now) {
			waiting.pop();
			const readyAt = keyReadyAt(jobs[due.index].key);
			if (readyAt > now) {
				waiting.push({ at: readyAt, index: due.index });
				return pick(now);
			}
			return { index: due.index };
		}
		while (nextFresh < jobs.length) {
			const index = nextFresh++;
			const readyAt = keyReadyAt(jobs[index].key);
			if (readyAt <= now) return { index };
			// Parked until its recipient may receive again; later recipients go first.
			waiting.push({ at: readyAt, index });
		}
		const next = waiting.peek();
		return next ? { waitUntil: next.at } : undefined;
	};

	let stopping = false;
	/** Jobs prepared but never sent because the run stopped. */
	const preparedUnsent = new Set<number>();
	for (;;) {
		const now = clock.now();
		if (!stopping && options.shouldStop?.()) {
			// Nothing new starts; requests under way finish.
			stopping = true;
			held = undefined;
		}
		if (stopping) {
			while (readyHead < ready.length) {
				preparedUnsent.add(ready[readyHead++].index);
				inFlight -= 1;
			}
		}
		followCap();
		recover(now);
		// Pace first: the slot decides when, the queue decides who.
		const slot = slotAt(now);
		if (slot <= now) {
			if (readyHead < ready.length) {
				launch(ready[readyHead++], now, true);
				if (readyHead > 1024 && readyHead * 2 > ready.length) {
					ready = ready.slice(readyHead);
					readyHead = 0;
				}
				continue;
			}
			if (held && inFlight < maxInFlight) {
				const entry = held;
				held = undefined;
				launch(entry, now, false);
				continue;
			}
		}
		let dueAt: number | undefined;
		let nothingLeft = false;
		if (!stopping && !held && inFlight < maxInFlight) {
			const choice = pick(now);
			if (choice && 'index' in choice) {
				admit(choice.index, now);
				continue;
			}
			dueAt = choice?.waitUntil;
			nothingLeft = !choice;
		}
		const needsSlot = readyHead < ready.length || held !== undefined;
		if (!needsSlot && inFlight === 0 && (stopping || nothingLeft)) break;
		if (needsSlot && slot > now) {
			await clock.sleep(slot - now);
			continue;
		}
		if (dueAt !== undefined) {
			// A job settling may queue a retry that is due sooner: wake for either.
			await Promise.race([clock.sleep(Math.max(1, dueAt - now)), nextSettle()]);
			continue;
		}
		await nextSettle();
	}

	// Stopped: jobs never sent (or waiting for a retry) settle as skipped.
	while (inFlight > 0) await nextSettle();
	for (let index = 0; index < jobs.length; index++) {
		if (results[index] !== undefined) continue;
		if (lastErrors.has(index)) settle(index, { ok: false, error: lastErrors.get(index), attempts: attempts[index] });
		else if (preparedUnsent.has(index)) settle(index, { ok: false, error: new JobNotStartedError(), attempts: attempts[index], skipped: true, prepared: true });
		else settle(index, { ok: false, error: new JobNotStartedError(), attempts: 0, skipped: true });
	}
	if (stats.lowestPerSecond === Number.POSITIVE_INFINITY) stats.lowestPerSecond = rate;
	return results;
}
