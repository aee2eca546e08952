/**
 * Runs many send jobs with several in flight, paced to a rate (messages per second) and, per
 * recipient, to Meta's pair rate limit. No timers of its own: time comes from an injected clock so
 * n8n's `sleep` drives it in production and a fake clock drives it in tests.
 */

export interface Clock {
	now(): number;
	sleep(ms: number): Promise<void>;
}

export interface PacingOptions {
	/** Requests started per second across all jobs (Meta's throughput, 80 by default). */
	perSecond: number;
	/** Requests allowed in flight at once. */
	maxInFlight: number;
	/**
	 * Minimum spacing between two jobs with the same key (the recipient), in milliseconds. Meta's pair
	 * rate limit averages one message every 6 s per customer; 0 disables it.
	 */
	perKeyIntervalMs?: number;
	/** Jobs per key that may start without spacing (Meta tolerates short bursts). */
	perKeyBurst?: number;
}

export interface Job<T> {
	/** Recipient (or any key whose jobs must be spaced). */
	key?: string;
	run(): Promise<T>;
}

export type JobResult<T> = { ok: true; value: T } | { ok: false; error: unknown };

/**
 * Start times follow a fixed grid (`1000 / perSecond` ms apart) so the achieved rate converges on the
 * cap without bursts; a slow response never delays the next start unless `maxInFlight` is reached.
 * Results keep the order of `jobs`.
 */
export async function runPaced<T>(
	jobs: Array<Job<T>>,
	options: PacingOptions,
	clock: Clock,
	onSettled?: (index: number, result: JobResult<T>) => void,
): Promise<Array<JobResult<T>>> {
	const results: Array<JobResult<T>> = new Array(jobs.length);
	const interval = options.perSecond > 0 ? 1000 / options.perSecond : 0;
	const maxInFlight = Math.max(1, Math.floor(options.maxInFlight));
	const keyInterval = Math.max(0, options.perKeyIntervalMs ?? 0);
	const keyBurst = Math.max(1, Math.floor(options.perKeyBurst ?? 1));
	/** Per key: the earliest time the next job with that key may start, and burst credit used. */
	const keyState = new Map<string, { nextAt: number; burstUsed: number }>();

	let nextSlot = clock.now();
	const inFlight = new Set<Promise<void>>();
	// Jobs waiting on their key are parked and retried, so one busy recipient never blocks others.
	const queue: number[] = jobs.map((_, index) => index);

	const keyReadyAt = (key: string | undefined, now: number): number => {
		if (!key || keyInterval === 0) return now;
		const state = keyState.get(key);
		if (!state || state.burstUsed < keyBurst) return now;
		return Math.max(now, state.nextAt);
	};

	const markKey = (key: string | undefined, startedAt: number) => {
		if (!key || keyInterval === 0) return;
		const state = keyState.get(key) ?? { nextAt: startedAt, burstUsed: 0 };
		state.burstUsed += 1;
		state.nextAt = Math.max(state.nextAt, startedAt) + keyInterval;
		keyState.set(key, state);
	};

	while (queue.length > 0 || inFlight.size > 0) {
		if (queue.length === 0 || inFlight.size >= maxInFlight) {
			await Promise.race(inFlight);
			continue;
		}
		const now = clock.now();
		// Pick the first queued job whose key allows a start now; otherwise wait for the earliest.
		let pickAt = -1;
		let earliest = Number.POSITIVE_INFINITY;
		for (let position = 0; position < queue.length; position++) {
			const readyAt = keyReadyAt(jobs[queue[position]].key, now);
			if (readyAt <= now) {
				pickAt = position;
				break;
			}
			earliest = Math.min(earliest, readyAt);
		}
		if (pickAt === -1) {
			await clock.sleep(Math.max(1, earliest - now));
			continue;
		}
		if (nextSlot > now) {
			await clock.sleep(nextSlot - now);
			continue;
		}
		const index = queue.splice(pickAt, 1)[0];
		const startedAt = clock.now();
		// A late start does not earn a burst: the grid restarts from now when we fell behind.
		nextSlot = Math.max(nextSlot + interval, startedAt - interval) ;
		markKey(jobs[index].key, startedAt);
		const running: Promise<void> = jobs[index]
			.run()
			.then(
				(value) => {
					results[index] = { ok: true, value };
				},
				(error) => {
					results[index] = { ok: false, error };
				},
			)
			.then(() => {
				inFlight.delete(running);
				onSettled?.(index, results[index]);
			});
		inFlight.add(running);
	}
	return results;
}
