/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals -- benchmark tooling runs in Node, not inside n8n */
/**
 * CPU time per OS thread of this process, from /proc/self/task/<tid>/stat (Linux), and a worker
 * thread's own thread IDs (the tasks that appeared while it started). Node 20 has no per-thread
 * CPU API; this is what lets the send benchmark subtract the in-process simulator's CPU.
 */
import { existsSync, readdirSync, readFileSync, stat } from 'node:fs';
import { Worker } from 'node:worker_threads';

/** Linux reports utime and stime in clock ticks; 100 per second on every common kernel. */
const TICKS_PER_SECOND = 100;

export function threadIds(): Set<number> {
	return new Set(readdirSync('/proc/self/task').map(Number));
}

/** User + system CPU of the threads, in ms (threads that ended count 0). */
export function threadsCpuMs(tids: Iterable<number>): number {
	let ticks = 0;
	for (const tid of tids) {
		const file = `/proc/self/task/${tid}/stat`;
		if (!existsSync(file)) continue;
		const stat = readFileSync(file, 'utf8');
		// Fields after "pid (comm) ": state is the first; utime and stime are the 12th and 13th.
		const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
		ticks += Number(fields[11]) + Number(fields[12]);
	}
	return (ticks * 1000) / TICKS_PER_SECOND;
}

/** A thread's name (`node`, `libuv-worker`, …), for reports. */
export function threadName(tid: number): string {
	const file = `/proc/self/task/${tid}/comm`;
	return existsSync(file) ? readFileSync(file, 'utf8').trim() : '?';
}

export function processCpuMs(): number {
	const usage = process.cpuUsage();
	return (usage.user + usage.system) / 1000;
}

/** Starts `create()` and waits for its first message; returns the worker, that message and its threads. */
export async function startWorker<T>(create: () => Worker): Promise<{ worker: Worker; first: T; tids: Set<number> }> {
	// libuv's thread pool starts on first use: start it now, or its threads would count as the worker's.
	await new Promise((resolve) => stat('/', resolve));
	const before = threadIds();
	const worker = create();
	const first = await new Promise<T>((resolve, reject) => {
		worker.once('message', resolve);
		worker.once('error', reject);
	});
	const tids = new Set([...threadIds()].filter((tid) => !before.has(tid)));
	if (tids.size === 0) throw new Error('could not tell the worker thread apart (no new task in /proc/self/task)');
	return { worker, first, tids };
}

/** A worker thread running a TypeScript file (through tsx's CommonJS hook, as the benchmark itself runs). */
export function tsWorker(file: string, workerData: unknown): Worker {
	return new Worker(`require(${JSON.stringify(require.resolve('tsx/cjs/api'))}).register(); require(${JSON.stringify(file)});`, { eval: true, workerData });
}
