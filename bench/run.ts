/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-dangerous-functions -- benchmark tooling runs in Node, not inside n8n */
/**
 * `npm run bench`: runs every benchmark, one after another, each in its own process (they start
 * their own n8n and simulator): first on a quiet machine, then again with a CPU hog (a busy loop in
 * a process of its own, one core's worth) running beside it. Each benchmark reports its rows of the
 * table through bench/results.ts; at the end the table is printed with every figure, its baseline,
 * the pass and the load. A benchmark that fails, or a row of the table that never came, makes the
 * exit code 1.
 *
 *   npm run bench                      both passes, every benchmark
 *   npm run bench -- campaign trigger  only the named ones (only their rows are expected)
 *   npm run bench -- --quiet-only      no CPU-hog pass
 *   npm run bench -- --hog-only        only the CPU-hog pass (say so when reporting its rows alone)
 */
import type { ChildProcess } from 'node:child_process';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';

import type { BenchPass, RecordedRow, TableRowKey } from './results';
import { TABLE_ROWS } from './results';

interface Benchmark {
	name: string;
	/** The table rows it reports. */
	rows: TableRowKey[];
	/** It runs its own stalling scenario inside, so the hog pass adds nothing. */
	quietOnly?: boolean;
}

const BENCHMARKS: Benchmark[] = [
	{ name: 'trigger', rows: ['triggerLatency'] },
	{ name: 'webhookThroughput', rows: ['triggerThroughput'] },
	{ name: 'contacts', rows: ['contactInbound'] },
	{ name: 'campaign', rows: ['campaign80', 'builtIn80', 'campaign1000'] },
	{ name: 'campaignMemory', rows: ['campaignMemory'] },
	{ name: 'pacingStalls', rows: ['pacingStalls'], quietOnly: true },
	{ name: 'sendCpu', rows: [] },
];

const args = process.argv.slice(2);
const wanted = args.filter((arg) => !arg.startsWith('-'));
const passes: BenchPass[] = args.includes('--quiet-only') ? ['quiet'] : args.includes('--hog-only') ? ['hog'] : ['quiet', 'hog'];
const selected = wanted.length > 0 ? wanted.map((name) => BENCHMARKS.find((b) => b.name === name) ?? { name, rows: [] }) : BENCHMARKS;

const outDir = join(__dirname, '..', 'node_modules', '.cache', 'wabp', 'bench');
mkdirSync(outDir, { recursive: true });
const resultsFile = join(outDir, `results-${Date.now()}.jsonl`);
rmSync(resultsFile, { force: true });

function startHog(): ChildProcess {
	// A busy loop in its own process: one of the machine's cores is taken while the benchmark runs.
	return spawn(process.execPath, ['-e', 'for (;;) {}'], { stdio: 'ignore' });
}

const failures: string[] = [];
for (const pass of passes) {
	const hog = pass === 'hog' ? startHog() : undefined;
	try {
		for (const bench of selected) {
			if (pass === 'hog' && bench.quietOnly) continue;
			const file = join(__dirname, `${bench.name}.ts`);
			if (!existsSync(file)) {
				// A benchmark that cannot run is a failure, not a skip: its numbers would be missing silently.
				process.stdout.write(`== ${bench.name}: FAILED: there is no bench/${bench.name}.ts\n`);
				failures.push(`${bench.name} (${pass}): no such benchmark`);
				continue;
			}
			process.stdout.write(`\n== ${bench.name} (bench/${bench.name}.ts), ${pass}${hog ? ` (CPU hog pid ${hog.pid})` : ''}\n`);
			const started = Date.now();
			const result = spawnSync(process.execPath, [require.resolve('tsx/cli'), file], {
				stdio: 'inherit',
				env: { ...process.env, WABP_BENCH_PASS: pass, WABP_BENCH_RESULTS: resultsFile },
			});
			process.stdout.write(`== ${bench.name} (${pass}): exit ${result.status ?? result.signal} after ${Math.round((Date.now() - started) / 1000)} s\n`);
			if (result.status !== 0) failures.push(`${bench.name} (${pass}): exit ${result.status ?? result.signal}`);
		}
	} finally {
		hog?.kill('SIGKILL');
	}
}

const rows: RecordedRow[] = existsSync(resultsFile)
	? readFileSync(resultsFile, 'utf8')
			.split('\n')
			.filter((line) => line.trim() !== '')
			.map((line) => JSON.parse(line) as RecordedRow)
	: [];

const cell = (text: string | undefined) => (text ?? '').replace(/\|/g, '\\|');
process.stdout.write('\n| what | pass | load | figure | baseline (same run) | goal | met |\n|---|---|---|---|---|---|---|\n');
for (const key of Object.keys(TABLE_ROWS) as TableRowKey[]) {
	for (const pass of passes) {
		const expected = selected.some((bench) => bench.rows.includes(key) && !(pass === 'hog' && bench.quietOnly));
		const found = rows.filter((row) => row.row === key && row.pass === pass);
		if (found.length === 0 && !expected) continue;
		if (found.length === 0) {
			failures.push(`row "${TABLE_ROWS[key]}" (${pass}) was not reported`);
			process.stdout.write(`| ${cell(TABLE_ROWS[key])} | ${pass} | | **did not run** | | | |\n`);
		}
		for (const row of found) {
			const met = row.met === undefined ? '' : row.met ? 'yes' : '**no**';
			process.stdout.write(`| ${cell(TABLE_ROWS[key])} | ${pass} | ${row.load} | ${cell(row.figure)} | ${cell(row.baseline)} | ${cell(row.goal)} | ${met} |\n`);
		}
	}
}
process.stdout.write(`\n(rows as JSON lines: ${resultsFile})\n`);
if (failures.length > 0) {
	process.stdout.write(`\n== BENCHMARK FAILED: ${failures.length} problem(s):\n${failures.map((f) => `  - ${f}`).join('\n')}\n`);
	process.exit(1);
}
process.exit(0);
