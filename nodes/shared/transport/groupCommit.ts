/**
 * Group commit for calls to n8n's API made by concurrent webhook calls in one process. Meta posts
 * status webhooks one event at a time, hundreds a second during a campaign; if each POST paid its
 * own ledger insert, read and update, the API calls, not the work, would bound the trigger. Here a
 * call that finds its lane idle runs at once, alone (no wait is ever added to a quiet trigger);
 * calls that arrive while that batch is in flight queue up and go together in the next batch, one
 * set of API calls for all of them. So batches grow exactly as fast as load does.
 *
 * No state outlives a batch: a lane exists only while calls are queued or in flight, and is
 * deleted when it drains. Nothing here is shared between processes (each webhook processor batches
 * its own calls), and no timers: a batch starts when the previous one settles. A failed batch
 * fails every call in it, so each of them answers 503 and Meta redelivers; nothing is half-done
 * from the caller's point of view.
 */

export interface BatchCall<Request, Result> {
	request: Request;
	/** Runs a batch of requests (in this caller's own context, which is waiting for it). */
	run: (requests: Request[]) => Promise<Result[]>;
	/** How much of the batch's capacity this request takes (for example its number of keys). */
	weight: number;
	resolve: (result: Result) => void;
	reject: (error: unknown) => void;
}

interface Lane {
	// One lane holds calls of one kind only; the lane key says which.
	waiting: Array<BatchCall<unknown, unknown>>;
	/** Batches of this lane now in flight. */
	inFlight: number;
}

const lanes = new Map<string, Lane>();

/** Lanes now queued or in flight (0 when the process is idle: nothing accumulates). */
export function openLanes(): number {
	return lanes.size;
}

export interface JoinOptions {
	/** The batch's capacity: calls are added while their weights fit (a lone call always goes). */
	maxWeight: number;
	/** This call's weight (default 1). */
	weight?: number;
	/**
	 * Batches of the lane that may be in flight at once (default 1). More than one only for calls
	 * that are correct when concurrent anyway (as the same calls from two processes would be): a
	 * call then waits for a free slot rather than for the whole batch ahead of it.
	 */
	maxInFlight?: number;
}

/**
 * Runs `request` in the next batch of the lane `key`, through `run`. Calls that share a key must be
 * interchangeable as to who runs them: same credential, same table, same kind of call. `run` gets
 * the batch's requests in arrival order and returns one result per request, in the same order.
 */
export async function joinBatch<Request, Result>(
	key: string,
	request: Request,
	run: (requests: Request[]) => Promise<Result[]>,
	options: JoinOptions,
): Promise<Result> {
	return await new Promise<Result>((resolve, reject) => {
		const call: BatchCall<Request, Result> = { request, run, weight: options.weight ?? 1, resolve, reject };
		let lane = lanes.get(key);
		if (!lane) {
			lane = { waiting: [], inFlight: 0 };
			lanes.set(key, lane);
		}
		lane.waiting.push(call as BatchCall<unknown, unknown>);
		pump(key, lane, options);
	});
}

/** Starts batches while there are waiting calls and free slots; forgets the lane once it drains. */
function pump(key: string, lane: Lane, options: JoinOptions): void {
	while (lane.waiting.length > 0 && lane.inFlight < Math.max(1, options.maxInFlight ?? 1)) {
		const batch = takeBatch(lane, options.maxWeight);
		lane.inFlight += 1;
		void runBatch(batch).finally(() => {
			lane.inFlight -= 1;
			if (lane.waiting.length === 0 && lane.inFlight === 0) lanes.delete(key);
			else pump(key, lane, options);
		});
	}
}

/** Takes calls off the front while their weight fits; always at least one. */
function takeBatch(lane: Lane, maxWeight: number): Array<BatchCall<unknown, unknown>> {
	let weight = 0;
	let count = 0;
	while (count < lane.waiting.length && (count === 0 || weight + lane.waiting[count].weight <= maxWeight)) {
		weight += lane.waiting[count].weight;
		count++;
	}
	return lane.waiting.splice(0, count);
}

async function runBatch(batch: Array<BatchCall<unknown, unknown>>): Promise<void> {
	try {
		// The first caller's context runs the batch: it is one of the callers waiting for it.
		const results = await batch[0].run(batch.map((call) => call.request));
		if (results.length !== batch.length) throw new Error(`A batch of ${batch.length} calls returned ${results.length} results`);
		batch.forEach((call, index) => call.resolve(results[index]));
	} catch (error) {
		for (const call of batch) call.reject(error);
	}
}
