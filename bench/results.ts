/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals -- benchmark tooling runs in Node, not inside n8n */
/**
 * One row of the benchmark table (the table of issue 11: every figure with its baseline from the
 * same run beside it). A benchmark calls `reportRow` for each row it measured; `npm run bench`
 * (bench/run.ts) collects the rows of every benchmark, quiet and with a CPU hog, prints them as one
 * table and fails when a row it expects never came.
 */
import { appendFileSync } from 'node:fs';
import { loadavg } from 'node:os';

/** The rows `npm run bench` expects from a full run, in the order it prints them. */
export const TABLE_ROWS = {
	triggerLatency: 'trigger, webhook → execution start, ledger on vs off',
	triggerThroughput: 'trigger under load: single-event signed POSTs, 100 at once',
	contactInbound: 'contact book, added per inbound message by Record Inbound',
	campaign80: 'campaign at an 80/s cap, 150 ms latency',
	campaign1000: 'campaign at a 1,000/s cap',
	campaignMemory: 'n8n peak RSS, 10,000 vs 100,000-recipient campaign',
	builtIn80: "n8n's built-in WhatsApp node, same 80/s run",
	pacingStalls: 'pacing with a stalling event loop (1-second windows over the cap)',
} as const;

export type TableRowKey = keyof typeof TABLE_ROWS;

/** `quiet`, or `hog` when bench/run.ts runs a CPU hog beside the benchmark. */
export type BenchPass = 'quiet' | 'hog';

export function benchPass(): BenchPass {
	return process.env.WABP_BENCH_PASS === 'hog' ? 'hog' : 'quiet';
}

export interface BenchRow {
	row: TableRowKey;
	/** Our figure, as it should read in the table ("62 ms median, p95 84 ms"). */
	figure: string;
	/** The baseline measured in the same run ("bare Webhook node 120 POSTs/s"). */
	baseline?: string;
	/** The goal from the issue, in words. */
	goal?: string;
	/** Whether the goal is met; undefined when the figure has no pass/fail reading. */
	met?: boolean;
}

export interface RecordedRow extends BenchRow {
	pass: BenchPass;
	/** 1-minute load average when the row was measured. */
	load: number;
	at: string;
}

/** Prints the row and, under `npm run bench`, hands it to the table. */
export function reportRow(row: BenchRow): void {
	const recorded: RecordedRow = { ...row, pass: benchPass(), load: Math.round(loadavg()[0] * 10) / 10, at: new Date().toISOString() };
	const verdict = row.met === undefined ? '' : row.met ? ' [goal met]' : ' [goal NOT met]';
	process.stdout.write(`ROW ${TABLE_ROWS[row.row]} (${recorded.pass}, load ${recorded.load}): ${row.figure}${row.baseline ? `; baseline ${row.baseline}` : ''}${verdict}\n`);
	const file = process.env.WABP_BENCH_RESULTS;
	if (file) appendFileSync(file, `${JSON.stringify(recorded)}\n`);
}
