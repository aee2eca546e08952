/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals -- benchmark tooling runs in Node, not inside n8n */
/**
 * Campaign benchmark in a real n8n (2.8.4) against the Cloud API simulator, with n8n's built-in
 * WhatsApp node as the baseline in the same run (through a loopback HTTPS proxy for
 * graph.facebook.com). Prints numbers; not a test. `npx tsx bench/campaign.ts` or `npm run bench`.
 *
 * Environment: BENCH_RECIPIENTS (default 10000), BENCH_FAULT_RECIPIENTS (3000),
 * BENCH_SKIP_BUILTIN=1, BENCH_JSON=<file> (write the results as JSON too).
 */
import { writeFileSync } from 'node:fs';

import type { AcceptedMessage, SimulatorHandle } from '../simulator';
import { startSimulator } from '../simulator';
import type { N8nHandle } from '../test/e2e/harness';
import { startN8n, uniquePath, whatsAppCredential } from '../test/e2e/harness';
import { builtInWorkflow, campaignWorkflow, makeRecipients, type Recipient } from './campaignWorkflows';
import { startGraphProxy } from './graphProxy';
import { cpuMsOf, findN8nPid, memoryOf, sampleMemory } from './procMemory';
import { reportRow } from './results';

import { BenchVerdict, runBenchmark, waitUntilIdle } from './verdict';

const N = Number(process.env.BENCH_RECIPIENTS ?? 10_000);
const N_FAULTS = Number(process.env.BENCH_FAULT_RECIPIENTS ?? 3000);
const SKIP_BUILTIN = process.env.BENCH_SKIP_BUILTIN === '1';
/** Proves the failure path: the fault scenario posts to a path no workflow listens on (n8n: 404, 0 requests). */
const FORCE_FAIL = process.env.BENCH_FORCE_FAIL === '1';

type Json = Record<string, unknown>;

interface RunNumbers {
	scenario: string;
	sender: 'campaign' | 'built-in';
	cap: number;
	recipients: number;
	accepted: number;
	uniqueAccepted: number;
	duplicates: number;
	/** Recipients neither accepted nor reported failed/uncertain/skipped by the node. */
	lost: number;
	reportedFailed: number;
	reportedUncertain: number;
	rejected130429: number;
	requests: number;
	wallSeconds: number;
	/** Accepted messages per second, first to last acceptance, from the simulator's log. */
	acceptedPerSecond: number;
	shareOfCap: number;
	peakRssMiB?: number;
	/** CPU the n8n process used during the scenario, per accepted message (ms). */
	n8nCpuMsPerSend?: number;
	summary?: Json;
}

function log(line: string): void {
	process.stdout.write(`${line}\n`);
}

/** Accepted per second between the first and the last acceptance (the rate Meta would see). */
function acceptedRate(messages: AcceptedMessage[]): number {
	if (messages.length < 2) return messages.length;
	const times = messages.map((message) => message.acceptedAt.getTime()).sort((a, b) => a - b);
	const span = (times[times.length - 1] - times[0]) / 1000;
	return span > 0 ? (messages.length - 1) / span : messages.length;
}

async function postCampaign(n8n: N8nHandle, path: string, recipients: Recipient[]): Promise<{ items: Json[]; seconds: number; status: number }> {
	const started = Date.now();
	const response = await n8n.postWebhook(path, { recipients });
	const seconds = (Date.now() - started) / 1000;
	const body = response.body;
	const items = Array.isArray(body) ? (body as Json[]) : body ? [body as Json] : [];
	return { items, seconds, status: response.status };
}

function evaluate(
	scenario: string,
	sender: RunNumbers['sender'],
	sim: SimulatorHandle,
	recipients: Recipient[],
	items: Json[],
	wallSeconds: number,
	before: { requests: number; rejected130429: number },
): RunNumbers {
	const accepted = sim.acceptedMessages;
	const byRecipient = new Map<string, number>();
	for (const message of accepted) byRecipient.set(message.waId, (byRecipient.get(message.waId) ?? 0) + 1);
	const duplicates = [...byRecipient.values()].filter((count) => count > 1).length;
	const reported = new Map<string, string>();
	for (const item of items) {
		if (item.summary === true) continue;
		const recipient = String(item.recipient ?? '');
		if (recipient && typeof item.status === 'string') reported.set(recipient, item.status);
	}
	let lost = 0;
	for (const recipient of recipients) {
		const waId = recipient.phone.replace(/\D/g, '');
		if (byRecipient.has(waId)) continue;
		const status = reported.get(waId);
		if (sender === 'campaign' && status && status !== 'sent') continue;
		if (sender === 'built-in') continue; // counted as failed below
		lost += 1;
	}
	const stats = sim.stats();
	const summary = items.find((item) => item.summary === true);
	const rate = acceptedRate(accepted);
	const cap = sim.options.messagesPerSecond;
	return {
		scenario,
		sender,
		cap,
		recipients: recipients.length,
		accepted: accepted.length,
		uniqueAccepted: byRecipient.size,
		duplicates,
		lost,
		reportedFailed: sender === 'campaign' ? [...reported.values()].filter((status) => status === 'failed').length : recipients.length - byRecipient.size,
		reportedUncertain: [...reported.values()].filter((status) => status === 'uncertain').length,
		rejected130429: stats.rejected130429 - before.rejected130429,
		requests: stats.requests - before.requests,
		wallSeconds: Math.round(wallSeconds * 10) / 10,
		acceptedPerSecond: Math.round(rate * 10) / 10,
		shareOfCap: Math.round((rate / cap) * 1000) / 10,
		...(summary ? { summary } : {}),
	};
}

const verdict = new BenchVerdict(log);
/** Workflows whose executions must have ended before the next scenario starts. */
const benchWorkflowIds: string[] = [];

async function scenario(
	name: string,
	n8n: N8nHandle,
	pid: number | undefined,
	sim: SimulatorHandle,
	sender: RunNumbers['sender'],
	path: string,
	recipients: Recipient[],
): Promise<RunNumbers> {
	// The previous scenario's execution must have ended: its tail would count in this one.
	await waitUntilIdle((id) => n8n.getExecutions(id), benchWorkflowIds);
	sim.reset();
	const before = { requests: sim.stats().requests, rejected130429: sim.stats().rejected130429 };
	const sampler = pid ? sampleMemory(pid) : undefined;
	const cpuBefore = pid ? cpuMsOf(pid) : undefined;
	log(`… ${name}: ${sender}, ${recipients.length} recipients, cap ${sim.options.messagesPerSecond}/s, latency ${sim.options.latencyMs} ms`);
	const { items, seconds, status } = await postCampaign(n8n, path, recipients);
	const peak = sampler?.stop();
	const cpuUsed = pid && cpuBefore !== undefined ? cpuMsOf(pid) - cpuBefore : undefined;
	if (status !== 200) log(`  webhook answered HTTP ${status}`);
	const numbers = evaluate(name, sender, sim, recipients, items, seconds, before);
	if (peak) numbers.peakRssMiB = peak;
	if (cpuUsed !== undefined && numbers.accepted > 0) numbers.n8nCpuMsPerSend = Math.round((cpuUsed / numbers.accepted) * 100) / 100;
	log(
		`  accepted ${numbers.accepted} (unique ${numbers.uniqueAccepted}, duplicates ${numbers.duplicates}), failed ${numbers.reportedFailed}, uncertain ${numbers.reportedUncertain}, lost ${numbers.lost}; ` +
			`130429 answers ${numbers.rejected130429}; ${numbers.requests} requests; ${numbers.wallSeconds} s; ` +
			`${numbers.acceptedPerSecond}/s accepted = ${numbers.shareOfCap} % of cap${peak ? `; n8n peak RSS ${peak} MiB` : ''}${numbers.n8nCpuMsPerSend !== undefined ? `; n8n CPU ${numbers.n8nCpuMsPerSend} ms per send` : ''}`,
	);
	if (numbers.summary) {
		const s = numbers.summary;
		log(`  node summary: sent ${s.sent}, failed ${s.failed}, uncertain ${s.uncertain}, retries ${s.retries}, throttled ${s.throttled}, achieved ${s.achievedPerSecond}/s of target ${s.targetPerSecond}/s, lowest ${s.lowestPerSecond}/s, elapsed ${s.elapsedMs} ms (sending ${s.sendingMs} ms)`);
	}
	verdict.check({ scenario: `${name} (${sender})`, status, recipients: recipients.length, requests: numbers.requests, items: items.length, lost: numbers.lost, duplicates: sender === 'campaign' ? numbers.duplicates : 0 });
	return numbers;
}

/** The rows of the benchmark table (bench/results.ts): ours, with the built-in node of the same run beside it. */
function reportTableRows(results: RunNumbers[]): void {
	const find = (cap: number, sender: RunNumbers['sender']) => results.find((r) => r.cap === cap && r.sender === sender && !r.scenario.includes('faults'));
	const describe = (r: RunNumbers) =>
		`${r.acceptedPerSecond}/s = ${r.shareOfCap} % of cap, ${r.uniqueAccepted} of ${r.recipients} accepted, ${r.rejected130429} × 130429, ${r.duplicates} duplicates${r.n8nCpuMsPerSend !== undefined ? `, n8n CPU ${r.n8nCpuMsPerSend} ms/send` : ''}`;
	const loaded = process.env.WABP_BENCH_PASS === 'hog';
	const ours80 = find(80, 'campaign');
	const builtIn80 = find(80, 'built-in');
	if (ours80) {
		const share = loaded ? 90 : 95;
		reportRow({
			row: 'campaign80',
			figure: describe(ours80),
			baseline: builtIn80 ? `built-in node ${describe(builtIn80)}` : undefined,
			goal: `≥ ${share} % of cap ${loaded ? '(loaded)' : '(quiet)'}, 0 × 130429 at any load`,
			met: ours80.shareOfCap >= share && ours80.rejected130429 === 0,
		});
	}
	if (builtIn80) {
		reportRow({ row: 'builtIn80', figure: `${builtIn80.uniqueAccepted} of ${builtIn80.recipients} accepted, ${builtIn80.recipients - builtIn80.uniqueAccepted} failed; ${builtIn80.acceptedPerSecond}/s`, goal: 'the anchor we beat' });
	}
	const ours1000 = find(1000, 'campaign');
	const builtIn1000 = find(1000, 'built-in');
	if (ours1000) {
		reportRow({
			row: 'campaign1000',
			figure: describe(ours1000),
			baseline: builtIn1000 ? `built-in node ${describe(builtIn1000)}` : undefined,
			goal: '≥ 900/s quiet (≤ about 2 ms of n8n CPU per send)',
			met: loaded ? undefined : ours1000.acceptedPerSecond >= 900,
		});
	}
}

async function main(): Promise<void> {
	const results: RunNumbers[] = [];
	const sim = await startSimulator({ port: 0, messagesPerSecond: 80, latencyMs: 150, statuses: false, maxRecordedRequests: 200_000, pairRate: false, logger: () => undefined });
	const proxy = await startGraphProxy(sim.url);
	log(`simulator ${sim.url}; graph.facebook.com proxy ${proxy.proxyUrl}`);
	const n8n = await startN8n({
		env: {
			HTTPS_PROXY: proxy.proxyUrl,
			https_proxy: proxy.proxyUrl,
			NO_PROXY: '127.0.0.1,localhost',
			no_proxy: '127.0.0.1,localhost',
			NODE_EXTRA_CA_CERTS: proxy.caFile,
			N8N_PAYLOAD_SIZE_MAX: '64',
			EXECUTIONS_DATA_SAVE_ON_SUCCESS: 'none',
		},
	});
	const pid = findN8nPid(n8n.userFolder);
	log(`n8n ${n8n.version} at ${n8n.baseUrl} (pid ${pid ?? '?'}; RSS at idle ${pid ? memoryOf(pid).rssMiB : '?'} MiB)`);
	try {
		const [ours] = await n8n.importCredentials([whatsAppCredential('Simulator', { url: sim.url, token: 'sim-token', businessAccountId: '102290129340398', phoneNumberId: '106540352242922' })]);
		const [builtIn] = await n8n.importCredentials([{ name: 'Built-in via proxy', type: 'whatsAppApi', data: { accessToken: 'sim-token', businessAccountId: '102290129340398' } }]);

		const publish = async (workflow: ReturnType<typeof campaignWorkflow>, bindOurs: boolean) => {
			const created = await n8n.importWorkflow(workflow, bindOurs ? { credentials: { whatsAppBusinessPlatformApi: ours } } : {});
			await n8n.activateWorkflow(created.id);
			benchWorkflowIds.push(created.id);
		};
		const paths = { campaign80: uniquePath('bench-c80'), campaign1000: uniquePath('bench-c1000'), faults: uniquePath('bench-faults'), builtIn: uniquePath('bench-builtin') };
		await publish(campaignWorkflow(paths.campaign80, { messagesPerSecond: 80 }), true);
		await publish(campaignWorkflow(paths.campaign1000, { messagesPerSecond: 1000 }), true);
		await publish(campaignWorkflow(paths.faults, { messagesPerSecond: 80, pacing: { maxRetries: 10 } }), true);
		await publish(builtInWorkflow(paths.builtIn, builtIn), false);

		// A warm-up so n8n's first-run costs (module loading, JIT) stay out of the numbers.
		sim.setOptions({ messagesPerSecond: 1000, latencyMs: 0 });
		const warmUp = await postCampaign(n8n, paths.campaign1000, makeRecipients(200, 900_000));
		if (warmUp.status !== 200) verdict.fail('warm-up', `the webhook answered HTTP ${warmUp.status}`);
		if (!SKIP_BUILTIN) await postCampaign(n8n, paths.builtIn, makeRecipients(50, 950_000));

		sim.setOptions({ messagesPerSecond: 80, latencyMs: 150 });
		results.push(await scenario('80/s cap, 150 ms latency', n8n, pid, sim, 'campaign', paths.campaign80, makeRecipients(N)));
		if (!SKIP_BUILTIN) results.push(await scenario('80/s cap, 150 ms latency', n8n, pid, sim, 'built-in', paths.builtIn, makeRecipients(N)));

		sim.setOptions({ messagesPerSecond: 1000, latencyMs: 150 });
		results.push(await scenario('1000/s cap, 150 ms latency', n8n, pid, sim, 'campaign', paths.campaign1000, makeRecipients(N)));
		if (!SKIP_BUILTIN) results.push(await scenario('1000/s cap, 150 ms latency', n8n, pid, sim, 'built-in', paths.builtIn, makeRecipients(N)));

		sim.setOptions({ messagesPerSecond: 80, latencyMs: 150, faults: { rate130429: 0.04, rate5xx: 0.03, rateDrop: 0.03, dropAfterAccept: true } });
		const faults = await scenario('80/s cap, 10 % faults (4 % 130429, 3 % 5xx, 3 % dropped after accept)', n8n, pid, sim, 'campaign', FORCE_FAIL ? uniquePath('bench-not-listening') : paths.faults, makeRecipients(N_FAULTS));
		results.push(faults);
		// Every recipient accepted exactly once, or reported (failed / uncertain); requests per recipient from the log.
		const perRecipient = new Map<string, number>();
		for (const request of sim.requests) {
			const to = (request.body as { to?: string } | undefined)?.to;
			if (request.method === 'POST' && request.path.endsWith('/messages') && to) perRecipient.set(to, (perRecipient.get(to) ?? 0) + 1);
		}
		log(`  request log: ${perRecipient.size} recipients reached, ${[...perRecipient.values()].filter((count) => count > 1).length} of them more than once (retries after a definite rejection)`);
		sim.setOptions({ faults: { rate130429: 0, rate5xx: 0, rateDrop: 0, dropAfterAccept: false } });

		log('\n| scenario | sender | recipients | accepted | duplicates | lost | failed | uncertain | 130429 | requests | wall s | accepted/s | % of cap | n8n peak RSS MiB |');
		log('|---|---|---|---|---|---|---|---|---|---|---|---|---|---|');
		for (const r of results) {
			log(`| ${r.scenario} | ${r.sender} | ${r.recipients} | ${r.accepted} | ${r.duplicates} | ${r.lost} | ${r.reportedFailed} | ${r.reportedUncertain} | ${r.rejected130429} | ${r.requests} | ${r.wallSeconds} | ${r.acceptedPerSecond} | ${r.shareOfCap} | ${r.peakRssMiB ?? ''} |`);
		}
		if (pid) log(`\nn8n process peak RSS since start (VmHWM): ${memoryOf(pid).peakMiB} MiB`);
		reportTableRows(results);
		if (process.env.BENCH_JSON) writeFileSync(process.env.BENCH_JSON, JSON.stringify({ at: new Date().toISOString(), n8n: n8n.version, results }, null, 2));
	} finally {
		await n8n.stop();
		await proxy.stop();
		await sim.stop();
	}
}

runBenchmark(main, verdict);
