/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals -- test tooling runs in Node, not inside n8n */
/**
 * Load-and-smoke the package on a real n8n outside jest:
 *
 *   npx tsx scripts/smoke-latest-n8n.ts            # the current line (2.41.1 on Node 24)
 *   npx tsx scripts/smoke-latest-n8n.ts 2.8.4      # any cached/installable version
 *
 * Installs n8n into $WABP_N8N_CACHE when missing, builds and packs the package, starts n8n,
 * checks the nodes load, runs webhook → Send Text against a local Graph stub, and writes the
 * result (with timings) to node_modules/.cache/wabp/e2e/smoke-<version>.json. Exit code 0 = pass.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { ensureN8n, LATEST_N8N_VERSION, packPackage, REPO_ROOT, runSendTextScenario, startGraphStub, startN8n, TYPES } from '../test/e2e/harness';

async function main(): Promise<number> {
	const version = process.argv[2] || LATEST_N8N_VERSION;
	const timings: Record<string, number> = {};
	const result: Record<string, unknown> = { version, startedAt: new Date().toISOString(), timings };
	const outFile = join(REPO_ROOT, 'node_modules', '.cache', 'wabp', 'e2e', `smoke-${version}.json`);
	mkdirSync(join(REPO_ROOT, 'node_modules', '.cache', 'wabp', 'e2e'), { recursive: true });
	const step = async <T>(name: string, work: () => Promise<T>): Promise<T> => {
		const started = Date.now();
		process.stdout.write(`• ${name} ...`);
		try {
			return await work();
		} finally {
			timings[name] = Date.now() - started;
			process.stdout.write(` ${(timings[name] / 1000).toFixed(1)} s\n`);
		}
	};

	const graph = await startGraphStub({ token: 'smoke-token' });
	let stop: (() => Promise<void>) | undefined;
	try {
		const install = await step(`ensure n8n ${version}`, async () => await ensureN8n(version));
		result.install = { dir: install.dir, nodeBin: install.nodeBin, installedNow: install.installedNow, installMs: install.installMs };
		await step('build and pack the package', packPackage);
		const n8n = await step('start n8n (to ready, owner, API key, load check)', async () => await startN8n({ version }));
		stop = n8n.stop;
		timings.n8nStartToReady = n8n.startMs;
		result.logFile = n8n.logFile;
		const types = await n8n.registeredTypes();
		result.registered = {
			nodes: types.nodes.filter((name) => name.startsWith(`${TYPES.action.split('.')[0]}.`)),
			credential: types.credentials.includes(TYPES.credential),
		};
		result.loadErrors = n8n.loadErrors();
		const run = await step('webhook → Send Text', async () => await runSendTextScenario(n8n, graph));
		result.sendText = {
			httpStatus: run.response.status,
			response: run.response.body,
			graphRequests: run.graphRequests.map((r) => ({ path: r.path, authorization: r.headers.authorization, body: r.body })),
			executionStatus: run.execution.status,
			executionMode: run.execution.mode,
		};
		const ok =
			(result.loadErrors as string[]).length === 0 &&
			run.response.status === 200 &&
			run.graphRequests.length === 1 &&
			run.execution.status === 'success';
		result.ok = ok;
		return ok ? 0 : 1;
	} catch (error) {
		result.ok = false;
		result.error = (error as Error).message;
		process.stderr.write(`\n${(error as Error).message}\n`);
		return 1;
	} finally {
		await stop?.();
		await graph.stop();
		result.finishedAt = new Date().toISOString();
		writeFileSync(outFile, JSON.stringify(result, null, 2) + '\n');
		process.stdout.write(`${result.ok ? 'PASS' : 'FAIL'}: n8n ${version} — result in ${outFile}\n`);
	}
}

void main().then((code) => process.exit(code));
