/* eslint-disable @n8n/community-nodes/no-restricted-globals -- test code runs in Node, not inside n8n */
/**
 * A clock that only moves when told to: `run(promise)` advances virtual time to the next sleeper
 * whenever every pending promise has settled, so pacing over minutes runs in milliseconds and
 * every start time is exact.
 */
import type { Clock } from '../../../whatsapp/pacing/scheduler';

export class FakeClock implements Clock {
	private time: number;
	private timers: Array<{ at: number; resolve: () => void }> = [];
	/**
	 * An event-loop stall: called whenever time moves to the next sleeper, returns how many ms the
	 * loop was blocked on top (0 = none). Every sleeper due by then wakes late, in one turn, as
	 * overdue timers do after a GC pause or under CPU load.
	 */
	stallAt?: (at: number) => number;

	constructor(start = 0, stallAt?: (at: number) => number) {
		this.time = start;
		this.stallAt = stallAt;
	}

	/** Time passes without any sleeper waking (synchronous CPU work, a blocked event loop). */
	block(ms: number): void {
		this.time += Math.max(0, ms);
	}

	now(): number {
		return this.time;
	}

	async sleep(ms: number): Promise<void> {
		await new Promise<void>((resolve) => this.timers.push({ at: this.time + Math.max(0, ms), resolve }));
	}

	/** Lets every ready promise continuation run before time moves. */
	private async settle(): Promise<void> {
		for (let round = 0; round < 20; round++) await Promise.resolve();
		await new Promise<void>((resolve) => setImmediate(resolve));
	}

	/** Drives `promise` to completion, advancing time from sleeper to sleeper. */
	async run<T>(promise: Promise<T>, limitMs = 24 * 3600_000): Promise<T> {
		let done = false;
		let value: T | undefined;
		let failure: unknown;
		promise.then(
			(result) => {
				done = true;
				value = result;
			},
			(error: unknown) => {
				done = true;
				failure = error ?? new Error('rejected');
			},
		);
		const deadline = this.time + limitMs;
		for (;;) {
			await this.settle();
			if (done) break;
			if (this.timers.length === 0) throw new Error(`Nothing to wait for at t=${this.time}: the run is stuck`);
			this.timers.sort((a, b) => a.at - b.at);
			const next = this.timers[0].at;
			if (next > deadline) throw new Error(`Still running after ${limitMs} ms of virtual time`);
			this.time = Math.max(this.time, next);
			this.time += Math.max(0, this.stallAt?.(this.time) ?? 0);
			const due = this.timers.filter((timer) => timer.at <= this.time);
			this.timers = this.timers.filter((timer) => timer.at > this.time);
			for (const timer of due) timer.resolve();
		}
		if (failure !== undefined) throw failure;
		return value as T;
	}
}
