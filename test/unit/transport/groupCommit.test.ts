/**
 * Group commit: a lone call runs at once; calls that arrive while a batch is in flight go together
 * in the next one, each getting its own result (or in a free slot, for lanes that allow two batches
 * in flight); a failed batch fails exactly its own calls; and nothing is left behind once a lane
 * drains.
 */
import { joinBatch, openLanes } from '../../../nodes/shared/transport/groupCommit';

/** A batch runner whose batches finish only when the test says so. */
function gatedRunner() {
	const batches: number[][] = [];
	const gates: Array<() => void> = [];
	let failNext = false;
	const run = async (requests: number[]): Promise<string[]> => {
		batches.push(requests);
		const fail = failNext;
		failNext = false;
		await new Promise<void>((resolve) => gates.push(resolve));
		if (fail) throw new Error('batch failed');
		return requests.map((request) => `result ${request}`);
	};
	const openGate = async () => {
		// Let the runner reach its gate first.
		for (let i = 0; i < 5 && gates.length === 0; i++) await Promise.resolve();
		gates.shift()?.();
		// The next batch starts within a few microtask turns of the previous one settling.
		for (let i = 0; i < 20; i++) await Promise.resolve();
	};
	return { run, batches, openGate, failNextBatch: () => (failNext = true) };
}

describe('group commit', () => {
	it('runs a lone call at once, alone, and forgets the lane after', async () => {
		const runner = gatedRunner();
		const result = joinBatch('lane-a', 1, runner.run, { maxWeight: 10 });
		expect(runner.batches).toEqual([[1]]);
		expect(openLanes()).toBe(1);
		await runner.openGate();
		await expect(result).resolves.toBe('result 1');
		expect(openLanes()).toBe(0);
	});

	it('puts the calls that arrive during a flight into the next batch, results in order', async () => {
		const runner = gatedRunner();
		const first = joinBatch('lane-b', 1, runner.run, { maxWeight: 10 });
		const waiting = [2, 3, 4].map(async (n) => await joinBatch('lane-b', n, runner.run, { maxWeight: 10 }));
		expect(runner.batches).toEqual([[1]]);
		await runner.openGate();
		expect(runner.batches).toEqual([[1], [2, 3, 4]]);
		await runner.openGate();
		await expect(first).resolves.toBe('result 1');
		await expect(Promise.all(waiting)).resolves.toEqual(['result 2', 'result 3', 'result 4']);
		expect(openLanes()).toBe(0);
	});

	it('with two batches in flight, a call waits for a free slot, not for the batch ahead', async () => {
		const runner = gatedRunner();
		const options = { maxWeight: 10, maxInFlight: 2 };
		const calls = [1, 2].map(async (n) => await joinBatch('lane-p', n, runner.run, options));
		// The second call found a slot free: it runs beside the first, alone.
		expect(runner.batches).toEqual([[1], [2]]);
		calls.push(...[3, 4, 5].map(async (n) => await joinBatch('lane-p', n, runner.run, options)));
		expect(runner.batches).toEqual([[1], [2]]);
		// The first batch settles: everything waiting goes together into the freed slot.
		await runner.openGate();
		expect(runner.batches).toEqual([[1], [2], [3, 4, 5]]);
		await runner.openGate();
		await runner.openGate();
		await expect(Promise.all(calls)).resolves.toEqual(['result 1', 'result 2', 'result 3', 'result 4', 'result 5']);
		expect(openLanes()).toBe(0);
	});

	it('splits a queue by weight, and a call heavier than the batch still goes alone', async () => {
		const runner = gatedRunner();
		const calls = [joinBatch('lane-c', 1, runner.run, { maxWeight: 5, weight: 1 })];
		calls.push(joinBatch('lane-c', 2, runner.run, { maxWeight: 5, weight: 3 }));
		calls.push(joinBatch('lane-c', 3, runner.run, { maxWeight: 5, weight: 2 }));
		calls.push(joinBatch('lane-c', 4, runner.run, { maxWeight: 5, weight: 1 }));
		calls.push(joinBatch('lane-c', 5, runner.run, { maxWeight: 5, weight: 9 }));
		for (let i = 0; i < 4; i++) await runner.openGate();
		expect(runner.batches).toEqual([[1], [2, 3], [4], [5]]);
		await expect(Promise.all(calls)).resolves.toEqual(['result 1', 'result 2', 'result 3', 'result 4', 'result 5']);
	});

	it('fails every call of a failed batch and only those; the lane goes on', async () => {
		const runner = gatedRunner();
		const first = joinBatch('lane-d', 1, runner.run, { maxWeight: 10 });
		runner.failNextBatch();
		await runner.openGate();
		await expect(first).resolves.toBe('result 1');
		// The next lone call runs in the failing batch; two more queue behind it.
		runner.failNextBatch();
		const doomed = joinBatch('lane-d', 2, runner.run, { maxWeight: 10 });
		const later = [3, 4].map(async (n) => await joinBatch('lane-d', n, runner.run, { maxWeight: 10 }));
		await runner.openGate();
		await expect(doomed).rejects.toThrow('batch failed');
		await runner.openGate();
		await expect(Promise.all(later)).resolves.toEqual(['result 3', 'result 4']);
		expect(openLanes()).toBe(0);
	});

	it('keeps lanes apart: calls of another key do not wait for this one', async () => {
		const runner = gatedRunner();
		const other = gatedRunner();
		const a = joinBatch('lane-e', 1, runner.run, { maxWeight: 10 });
		const b = joinBatch('lane-f', 2, other.run, { maxWeight: 10 });
		expect(other.batches).toEqual([[2]]);
		await other.openGate();
		await expect(b).resolves.toBe('result 2');
		await runner.openGate();
		await expect(a).resolves.toBe('result 1');
	});

	it('fails the calls when a runner returns the wrong number of results', async () => {
		await expect(joinBatch('lane-g', 1, async () => await Promise.resolve([]), { maxWeight: 10 })).rejects.toThrow('A batch of 1 calls returned 0 results');
		expect(openLanes()).toBe(0);
	});
});
