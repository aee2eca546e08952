/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals -- benchmark tooling runs in Node, not inside n8n */
/**
 * CPU per send inside n8n's engine: the action node run by n8n-core's WorkflowExecute (the engine
 * harness of test/workflows) against the Cloud API simulator, all in this process. The simulator
 * runs on a worker thread and its CPU (read per thread from /proc) is subtracted, so the figure is
 * what n8n's side costs: the node's parameter reads, item building, the pacing, n8n's HTTP helper
 * and JSON. `npx tsx bench/sendCpu.ts` or `npm run bench -- sendCpu`; needs `npm run build` first
 * (it loads dist/ as n8n would), or WABP_ENGINE_PACKAGE_DIR=<a built package>.
 *
 * Environment: BENCH_SEND_RECIPIENTS (campaign sends, default 3000), BENCH_SEND_MESSAGES (message
 * pipeline sends at its 80/s, default 400), BENCH_PROFILE=<file.cpuprofile> (also write a V8 CPU
 * profile of the measured runs, and print the top functions by self time).
 */
import { existsSync, statSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector';
import { loadavg } from 'node:os';
import { join, resolve } from 'node:path';

import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import { runWorkflow, simulatorCredentials, singleNodeWorkflow } from '../test/workflows/harness';
import { processCpuMs, startWorker, threadName, threadsCpuMs, tsWorker } from './threadCpu';

const CAMPAIGN_SENDS = Number(process.env.BENCH_SEND_RECIPIENTS ?? 3000);
const MESSAGE_SENDS = Number(process.env.BENCH_SEND_MESSAGES ?? 400);
const PROFILE = process.env.BENCH_PROFILE;

function log(line: string): void {
	process.stdout.write(`${line}\n`);
}

export interface CpuRow {
	scenario: string;
	sends: number;
	accepted: number;
	wallSeconds: number;
	/** n8n's side: the whole process minus the simulator's thread. */
	n8nCpuMsPerSend: number;
	/** Times the node asked n8n for a credential (each one a database read and a decryption in n8n). */
	credentialReadsPerSend: number;
	simulatorCpuMsPerSend: number;
	load: string;
}

const recipients = (count: number, from: number): INodeExecutionData[] =>
	Array.from({ length: count }, (_, i) => ({ json: { phone: `+1 555 ${String(from + i).padStart(7, '0')}`, name: `Customer ${from + i}`, order: `A-${from + i}` } }));

const campaignParameters = (campaignId: string): IDataObject => ({
	resource: 'campaign',
	operation: 'send',
	campaignId,
	recipient: '={{ $json.phone }}',
	messageKind: 'template',
	templateName: 'order_confirmation',
	templateLanguage: 'en_US',
	bodyParameters: { parameter: [{ value: '={{ $json.name }}' }, { value: '={{ $json.order }}' }] },
	messagesPerSecond: 1000,
	pacing: { pairIntervalSeconds: 0 },
});

const textParameters: IDataObject = { resource: 'message', operation: 'sendText', recipient: '={{ $json.phone }}', text: '=Hello {{ $json.name }}, your order {{ $json.order }} shipped' };

/** dist/ must be at least as new as every source file it is built from. */
function assertBuilt(packageDir: string): void {
	const built = join(packageDir, 'dist', 'nodes', 'WhatsAppBusinessPlatform', 'WhatsAppBusinessPlatform.node.js');
	if (!existsSync(built)) throw new Error(`${built} is missing: run npm run build first`);
	if (process.env.WABP_ENGINE_PACKAGE_DIR) return;
	const sources = ['nodes/WhatsAppBusinessPlatform/helpers/sendPipeline.ts', 'nodes/shared/transport/graph.ts', 'whatsapp/pacing/scheduler.ts', 'nodes/WhatsAppBusinessPlatform/actions/campaign/send.operation.ts'];
	const builtAt = statSync(built).mtimeMs;
	for (const source of sources) {
		if (statSync(join(packageDir, source)).mtimeMs > builtAt + 1000) throw new Error(`dist/ is older than ${source}: run npm run build first`);
	}
}

/**
 * Counts the node's credential reads: n8n-core's one entry point for them. The engine harness hands
 * credentials out of a map, so their cost does not show in its CPU; in n8n each is a query and a
 * decryption (see `decryptCostMs`).
 */
function countCredentialReads(): { reads: () => number } {
	// eslint-disable-next-line @typescript-eslint/no-require-imports
	const { NodeExecutionContext } = require('n8n-core/dist/execution-engine/node-execution-context/node-execution-context') as { NodeExecutionContext: { prototype: Record<string, unknown> } };
	const original = NodeExecutionContext.prototype._getCredentials as (...args: unknown[]) => Promise<unknown>;
	if (typeof original !== 'function') throw new Error('n8n-core has no NodeExecutionContext._getCredentials to count credential reads with');
	let reads = 0;
	NodeExecutionContext.prototype._getCredentials = async function (this: unknown, ...args: unknown[]) {
		reads += 1;
		return await original.apply(this, args);
	};
	return { reads: () => reads };
}

/** CPU of one decryption of this credential by n8n-core (the part of an n8n credential read that is not the database query). */
function decryptCostMs(data: IDataObject): number {
	// eslint-disable-next-line @typescript-eslint/no-require-imports
	const { Credentials } = require('n8n-core') as { Credentials: new (details: { id: string; name: string }, type: string) => { setData(data: IDataObject): void; getData(): IDataObject } };
	const credential = new Credentials({ id: '1', name: 'WhatsApp' }, 'whatsAppBusinessPlatformApi');
	credential.setData(data);
	const rounds = 2000;
	const before = processCpuMs();
	for (let round = 0; round < rounds; round++) credential.getData();
	return (processCpuMs() - before) / rounds;
}

export async function measureSendCpu(write: (line: string) => void = log): Promise<{ rows: CpuRow[]; problems: string[] }> {
	const packageDir = process.env.WABP_ENGINE_PACKAGE_DIR ?? resolve(__dirname, '..');
	assertBuilt(packageDir);
	const { worker, first, tids } = await startWorker<{ url: string }>(() => tsWorker(join(__dirname, 'simWorker.ts'), { latencyMs: 5 }));
	write(`  simulator on its own thread(s): ${[...tids].map((tid) => `${tid} (${threadName(tid)})`).join(', ')}; package: ${packageDir}`);
	const ask = async <T>(type: string): Promise<T> =>
		await new Promise<T>((done) => {
			const onMessage = (message: { type: string }) => {
				if (message.type !== type) return;
				worker.off('message', onMessage);
				done(message as T);
			};
			worker.on('message', onMessage);
			worker.postMessage({ type });
		});
	const sim = { url: first.url };
	const credentials = { whatsAppBusinessPlatformApi: simulatorCredentials(sim) };
	const rows: CpuRow[] = [];
	const problems: string[] = [];
	let offset = 0;
	const counter = countCredentialReads();

	const run = async (scenario: string, parameters: IDataObject, count: number, measured: boolean): Promise<void> => {
		await ask('reset');
		const input = recipients(count, offset);
		offset += count;
		const readsBefore = counter.reads();
		const cpuBefore = processCpuMs();
		const simBefore = threadsCpuMs(tids);
		const started = Date.now();
		const result = await runWorkflow(singleNodeWorkflow(parameters), { credentials, input });
		const wallSeconds = (Date.now() - started) / 1000;
		const cpu = processCpuMs() - cpuBefore;
		const simCpu = threadsCpuMs(tids) - simBefore;
		const { accepted } = await ask<{ accepted: number }>('count');
		if (!measured) return;
		if (result.error) problems.push(`${scenario}: the workflow failed: ${result.error.message}`);
		if (accepted !== count) problems.push(`${scenario}: the simulator accepted ${accepted} of ${count} sends`);
		const [one, five] = loadavg();
		rows.push({ scenario, sends: count, accepted, wallSeconds, n8nCpuMsPerSend: (cpu - simCpu) / count, credentialReadsPerSend: (counter.reads() - readsBefore) / count, simulatorCpuMsPerSend: simCpu / count, load: `${one.toFixed(2)} / ${five.toFixed(2)}` });
	};

	// Warm-up: module loading, the JIT and the connection pool are not per-send costs.
	await run('warm-up campaign', campaignParameters('warm'), 300, false);
	await run('warm-up message', textParameters, 40, false);

	let session: Session | undefined;
	if (PROFILE) {
		session = new Session();
		session.connect();
		await new Promise<void>((done) => session!.post('Profiler.enable', () => session!.post('Profiler.start', () => done())));
	}
	if (CAMPAIGN_SENDS > 0) await run(`Campaign → Send, template, ${CAMPAIGN_SENDS} recipients at 1000/s`, campaignParameters('cpu'), CAMPAIGN_SENDS, true);
	if (MESSAGE_SENDS > 0) await run(`Message → Send Text, ${MESSAGE_SENDS} items at 80/s`, textParameters, MESSAGE_SENDS, true);
	if (session && PROFILE) {
		const profile = await new Promise<{ nodes: Array<{ id: number; callFrame: { functionName: string; url: string; lineNumber: number }; hitCount?: number }> }>((done, fail) =>
			session!.post('Profiler.stop', (error, result) => (error ? fail(error) : done(result.profile as never))),
		);
		writeFileSync(PROFILE, JSON.stringify(profile));
		const total = profile.nodes.reduce((sum, node) => sum + (node.hitCount ?? 0), 0);
		const bySite = new Map<string, number>();
		for (const node of profile.nodes) {
			const frame = node.callFrame;
			const where = frame.url ? `${frame.functionName || '(anonymous)'} ${frame.url.replace(/^.*node_modules\//, '').replace(/^file:\/\/.*\/(dist|simulator|bench|test)\//, '$1/')}:${frame.lineNumber + 1}` : frame.functionName;
			bySite.set(where, (bySite.get(where) ?? 0) + (node.hitCount ?? 0));
		}
		write(`  profile written to ${PROFILE} (${total} samples); top self time:`);
		for (const [where, hits] of [...bySite].sort((a, b) => b[1] - a[1]).slice(0, 30)) write(`    ${((hits / total) * 100).toFixed(1).padStart(5)} %  ${where}`);
	}
	const decryptMs = decryptCostMs(credentials.whatsAppBusinessPlatformApi);
	write(`  one credential decryption by n8n-core: ${(decryptMs * 1000).toFixed(0)} µs of CPU (n8n adds a database read and its expression resolution per read)`);
	await ask('count');
	worker.postMessage({ type: 'stop' });
	await new Promise((done) => worker.once('exit', done));
	return { rows, problems };
}

export function printCpuRows(rows: CpuRow[], write: (line: string) => void = log): void {
	write('| scenario | sends | accepted | wall s | n8n CPU ms per send | credential reads per send | simulator CPU ms per send | load (1 / 5 min) |');
	write('|---|---|---|---|---|---|---|---|');
	for (const row of rows) write(`| ${row.scenario} | ${row.sends} | ${row.accepted} | ${row.wallSeconds.toFixed(1)} | **${row.n8nCpuMsPerSend.toFixed(2)}** | ${row.credentialReadsPerSend.toFixed(3)} | ${row.simulatorCpuMsPerSend.toFixed(2)} | ${row.load} |`);
}

if (require.main === module) {
	void (async () => {
		log(`CPU per send (engine + in-process simulator), ${new Date().toISOString()}`);
		let exitCode = 0;
		try {
			const { rows, problems } = await measureSendCpu();
			printCpuRows(rows);
			for (const problem of problems) log(`  SCENARIO FAILED: ${problem}`);
			if (problems.length > 0 || rows.length === 0) exitCode = 1;
		} catch (error) {
			log(`  SCENARIO FAILED: send CPU: ${(error as Error).stack ?? String(error)}`);
			exitCode = 1;
		}
		if (exitCode !== 0) log('\nBENCHMARK FAILED: the send CPU rows did not run; numbers above (if any) are not results');
		process.exit(exitCode);
	})();
}
