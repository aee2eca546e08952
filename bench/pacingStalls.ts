/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals -- benchmark tooling runs in Node, not inside n8n */
/**
 * Pacing under load, on the real clock: the scheduler (whatsapp/pacing/scheduler.ts) drives sends
 * to an in-process Meta that counts arrivals per sliding second and answers 130429 above the cap,
 * quiet (progress-table writes of 5 ms), and with a CPU hog in the same thread that blocks the event
 * loop 120 ms of every 500 ms (as a busy n8n or a long GC pause does) while the progress table writes
 * slowly (15 ms, every 25th write 300 ms).
 * Beside each run, its baselines under the same load: the pending row written inside the paced
 * job (how the campaign did it before: rows stored in one batch released their sends together),
 * and a fixed grid that catches up after a stall. `npx tsx bench/pacingStalls.ts` or
 * `npm run bench -- pacingStalls`. BENCH_PACING_SECONDS (default 8) sets each run's length.
 */
import { loadavg } from 'node:os';

import type { LedgerRow } from '../whatsapp/campaigns/ledger';
import { LedgerWriter, MemoryLedgerStore } from '../whatsapp/campaigns/ledger';
import type { Clock, Job } from '../whatsapp/pacing/scheduler';
import { runPaced } from '../whatsapp/pacing/scheduler';
import { reportRow } from './results';

const SECONDS = Number(process.env.BENCH_PACING_SECONDS ?? 8);
const HEADROOM = 0.97;
const LATENCY_MS = 150;

const clock: Clock = { now: () => Date.now(), sleep: async (ms) => await new Promise<void>((resolve) => setTimeout(resolve, ms)) };

function log(line: string): void {
	process.stdout.write(`${line}\n`);
}

/** The most arrivals in any window (t − 1000, t]. */
function maxInWindow(times: number[]): number {
	const sorted = [...times].sort((a, b) => a - b);
	let best = 0;
	let from = 0;
	for (let to = 0; to < sorted.length; to++) {
		while (sorted[from] <= sorted[to] - 1000) from++;
		best = Math.max(best, to - from + 1);
	}
	return best;
}

/** Meta in memory: 130429 when the sliding second already holds `cap` arrivals. */
function cappedMeta(cap: number) {
	const arrivals: number[] = [];
	let head = 0;
	let throttled = 0;
	return {
		arrivals,
		throttled: () => throttled,
		async send(): Promise<void> {
			const now = Date.now();
			arrivals.push(now);
			while (arrivals[head] <= now - 1000) head++;
			const inWindow = arrivals.length - head;
			await clock.sleep(LATENCY_MS);
			if (inWindow > cap) {
				throttled += 1;
				throw new Error('130429');
			}
		},
	};
}

/** Blocks the event loop `busyMs` of every `periodMs`. */
function startHog(periodMs: number, busyMs: number) {
	const timer = setInterval(() => {
		const until = Date.now() + busyMs;
		while (Date.now() < until) {
			// Burning CPU on purpose: this is the load.
		}
	}, periodMs);
	return { stop: () => clearInterval(timer) };
}

/** A 10 ms timer that notes how late it woke: the stall every other timer saw too. */
function startStallProbe() {
	let worst = 0;
	let expected = Date.now() + 10;
	const timer = setInterval(() => {
		worst = Math.max(worst, Date.now() - expected);
		expected = Date.now() + 10;
	}, 10);
	return { stop: () => clearInterval(timer), worst: () => worst };
}

/** A progress table behind n8n's API: `baseMs` a write, and every 25th write `slowMs` (a busy database). */
class SlowStore extends MemoryLedgerStore {
	constructor(
		private readonly baseMs: number,
		private readonly slowMs: number,
	) {
		super(() => Date.now());
	}

	override async append(rows: LedgerRow[]): Promise<void> {
		await clock.sleep((this.appendCalls + 1) % 25 === 0 ? this.slowMs : this.baseMs);
		await super.append(rows);
	}
}

interface Row {
	scenario: string;
	pacer: string;
	cap: number;
	sends: number;
	maxInWindow: number;
	throttled: number;
	perSecond: number;
	worstStallMs: number;
}

type Pacer = 'scheduler' | 'pending row inside the job' | 'catch-up grid';

async function runOnce(cap: number, pacer: Pacer, hogged: boolean): Promise<Row> {
	const perSecond = cap * HEADROOM;
	const count = Math.round(perSecond * SECONDS);
	const meta = cappedMeta(cap);
	const ledger = new LedgerWriter(hogged ? new SlowStore(15, 300) : new SlowStore(5, 5));
	const probe = startStallProbe();
	const hog = hogged ? startHog(500, 120) : undefined;
	const started = Date.now();
	try {
		if (pacer === 'catch-up grid') {
			// Start i at t0 + i·T; whatever is overdue after a late wake starts at once.
			const interval = 1000 / perSecond;
			const running: Array<Promise<unknown>> = [];
			for (let i = 0; i < count; ) {
				const due = started + i * interval;
				const now = Date.now();
				if (due > now) await clock.sleep(due - now);
				while (i < count && started + i * interval <= Date.now()) {
					running.push(ledger.write({ campaignId: 'b', recipient: String(i), state: 'pending' }).then(async () => await meta.send()).catch(() => undefined));
					i++;
				}
			}
			await Promise.all(running);
		} else {
			const jobs: Array<Job<void>> = Array.from({ length: count }, (_, i) => {
				const pending = async () => await ledger.write({ campaignId: 'b', recipient: String(i), state: 'pending' });
				return pacer === 'scheduler'
					? { prepare: async (attempt) => (attempt === 1 ? await pending() : undefined), run: async () => await meta.send() }
					: { run: async (attempt) => { if (attempt === 1) await pending(); await meta.send(); } };
			});
			await runPaced(jobs, { perSecond, maxInFlight: Math.min(500, Math.max(8, Math.ceil(perSecond / 2))), burstToleranceMs: 4 }, clock);
		}
	} finally {
		hog?.stop();
		probe.stop();
	}
	const seconds = (Date.now() - started) / 1000;
	return {
		scenario: hogged ? 'CPU hog, slow progress table' : 'quiet',
		pacer,
		cap,
		sends: meta.arrivals.length,
		maxInWindow: maxInWindow(meta.arrivals),
		throttled: meta.throttled(),
		perSecond: (meta.arrivals.length - meta.throttled()) / seconds,
		worstStallMs: probe.worst(),
	};
}

export async function measurePacing(write: (line: string) => void = log): Promise<{ rows: Row[]; problems: string[] }> {
	const rows: Row[] = [];
	const problems: string[] = [];
	for (const cap of [80, 1000]) {
		for (const hogged of [false, true]) {
			for (const pacer of ['scheduler', 'pending row inside the job', 'catch-up grid'] as Pacer[]) {
				if (!hogged && pacer === 'catch-up grid') continue;
				const row = await runOnce(cap, pacer, hogged);
				const expected = Math.round(cap * HEADROOM * SECONDS);
				if (row.sends !== expected) problems.push(`${row.scenario}, ${pacer}, ${cap}/s: ${row.sends} of ${expected} sends arrived`);
				// A hog that never stalled the loop tested nothing.
				if (hogged && row.worstStallMs < 60) problems.push(`${row.scenario}, ${pacer}, ${cap}/s: the CPU hog stalled timers by only ${row.worstStallMs} ms`);
				rows.push(row);
				write(`  ${cap}/s, ${row.scenario}, ${pacer}: ${row.sends} sends, max ${row.maxInWindow} in a second, ${row.throttled} × 130429`);
			}
		}
	}
	return { rows, problems };
}

export function printPacingRows(rows: Row[], write: (line: string) => void = log): void {
	write('| cap | load | pacer | sends | most sends in any 1 s | 130429 answers | accepted/s | % of cap | worst timer stall ms |');
	write('|---|---|---|---|---|---|---|---|---|');
	for (const row of rows) {
		const mark = row.pacer === 'scheduler' ? '**' : '';
		write(`| ${row.cap}/s | ${row.scenario} | ${mark}${row.pacer}${mark} | ${row.sends} | ${row.maxInWindow} | ${mark}${row.throttled}${mark} | ${row.perSecond.toFixed(1)} | ${((row.perSecond / row.cap) * 100).toFixed(1)} | ${row.worstStallMs} |`);
	}
}

if (require.main === module) {
	void (async () => {
		const [one, five] = loadavg();
		log(`Pacing under load (real clock, in-process Meta at the cap, pace ${HEADROOM * 100} % of it), ${new Date().toISOString()}, load ${one.toFixed(2)} / ${five.toFixed(2)}`);
		let exitCode = 0;
		try {
			const { rows, problems } = await measurePacing();
			printPacingRows(rows);
			const ours = rows.filter((row) => row.pacer === 'scheduler');
			const old = rows.filter((row) => row.pacer !== 'scheduler');
			const throttled = (list: Row[]) => list.reduce((sum, row) => sum + row.throttled, 0);
			const overCap = (list: Row[]) => list.filter((row) => row.maxInWindow > row.cap).length;
			reportRow({
				row: 'pacingStalls',
				figure: `scheduler: ${throttled(ours)} × 130429 and ${overCap(ours)} of ${ours.length} runs with a 1-s window over the cap (80/s and 1000/s, quiet and with a CPU hog stalling timers up to ${Math.max(...ours.map((row) => row.worstStallMs))} ms)`,
				baseline: `old placements: ${throttled(old)} × 130429, ${overCap(old)} of ${old.length} runs over the cap`,
				goal: '0 × 130429 and no 1-second window over the cap',
				met: throttled(ours) === 0 && overCap(ours) === 0,
			});
			for (const problem of problems) log(`  SCENARIO FAILED: ${problem}`);
			if (problems.length > 0 || rows.length === 0) exitCode = 1;
		} catch (error) {
			log(`  SCENARIO FAILED: pacing under load: ${(error as Error).stack ?? String(error)}`);
			exitCode = 1;
		}
		if (exitCode !== 0) log('\nBENCHMARK FAILED: a pacing scenario did not run; numbers above (if any) are not results');
		process.exit(exitCode);
	})();
}
