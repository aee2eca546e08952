/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-dangerous-functions -- benchmark tooling runs in Node, not inside n8n */
/**
 * `npm run bench`: runs every benchmark that exists, one after another, each in its own process
 * (they start their own n8n and simulator). A missing or failing one makes the exit code 1; `npm run bench -- campaign`
 * runs only the named ones.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

// pacingStalls and sendCpu run in this machine's process alone (no n8n server): seconds, not minutes.
const KNOWN = ['campaign', 'trigger', 'contacts', 'pacingStalls', 'sendCpu'];
const wanted = process.argv.slice(2).filter((arg) => !arg.startsWith('-'));
const names = wanted.length > 0 ? wanted : KNOWN;
let failed = 0;
for (const name of names) {
	const file = join(__dirname, `${name}.ts`);
	if (!existsSync(file)) {
		// A benchmark that cannot run is a failure, not a skip: its numbers would be missing silently.
		process.stdout.write(`== ${name}: FAILED: there is no bench/${name}.ts\n`);
		failed += 1;
		continue;
	}
	process.stdout.write(`\n== ${name} (bench/${name}.ts)\n`);
	const started = Date.now();
	const result = spawnSync(process.execPath, [require.resolve('tsx/cli'), file], { stdio: 'inherit', env: process.env });
	process.stdout.write(`== ${name}: exit ${result.status ?? result.signal} after ${Math.round((Date.now() - started) / 1000)} s\n`);
	if (result.status !== 0) failed += 1;
}
if (failed > 0) process.stdout.write(`\n== BENCHMARK FAILED: ${failed} of ${names.length} benchmark(s) did not run through; see SCENARIO FAILED above\n`);
process.exit(failed > 0 ? 1 : 0);
