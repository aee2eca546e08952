/* eslint-disable no-console, @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals -- benchmark code runs in Node, not inside n8n, and prints its numbers */
/**
 * Trigger benchmark.
 *   1. Pure domain: verify + parse + normalise + filter of a signed 1,000-event batched webhook
 *      (500 messages, 500 statuses), as events per second.
 *   2. Real n8n (started here, or WABP_E2E_N8N_INFO pointing at a running harness instance): median time
 *      from sending a signed webhook to the execution's start, with and without the delivery ledger.
 * Run: npx tsx bench/trigger.ts [--pure-only]
 */
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';

import { filterEvents } from '../whatsapp/webhooks/filters';
import { parseWebhook, parseWebhookBody } from '../whatsapp/webhooks/parse';
import { signBody, verifySignature } from '../whatsapp/webhooks/signature';
import type { N8nClient } from '../test/e2e/harness';
import { connectN8n, readSharedInfo, startN8n, TYPES, whatsAppCredential } from '../test/e2e/harness';
import { reportRow } from './results';

const SECRET = 'bench-app-secret';
const metadata = { display_phone_number: '15550001111', phone_number_id: '200000000000002' };

function batch(size: number): Buffer {
	const half = size / 2;
	const value = {
		messaging_product: 'whatsapp',
		metadata,
		contacts: Array.from({ length: half }, (_, i) => ({ profile: { name: `User ${i} ü` }, wa_id: `1555${String(i).padStart(7, '0')}` })),
		messages: Array.from({ length: half }, (_, i) => ({
			from: `1555${String(i).padStart(7, '0')}`,
			id: `wamid.BENCH${i}`,
			timestamp: '1749416383',
			type: 'text',
			text: { body: `Message number ${i} with some text — ünïcödé` },
		})),
		statuses: Array.from({ length: half }, (_, i) => ({
			id: `wamid.OUT${i}`,
			status: 'delivered',
			timestamp: '1750263773',
			recipient_id: `1555${String(i).padStart(7, '0')}`,
			pricing: { billable: false, pricing_model: 'PMP', type: 'free_customer_service', category: 'service' },
		})),
	};
	const json = JSON.stringify({ object: 'whatsapp_business_account', entry: [{ id: '100000000000001', changes: [{ field: 'messages', value }] }] });
	// As Meta sends it: non-ASCII escaped.
	return Buffer.from(json.replace(/[\u0080-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`));
}

function pureBenchmark(): void {
	const body = batch(1000);
	const header = signBody(body, SECRET);
	const run = () => {
		if (!verifySignature(body, header, SECRET).ok) throw new Error('signature');
		const events = filterEvents(parseWebhook(parseWebhookBody(body)), { events: ['message', 'status'] });
		if (events.length !== 1000) throw new Error(`expected 1000 events, got ${events.length}`);
	};
	for (let i = 0; i < 20; i++) run();
	const rounds = 200;
	const times: number[] = [];
	for (let i = 0; i < rounds; i++) {
		const start = performance.now();
		run();
		times.push(performance.now() - start);
	}
	times.sort((a, b) => a - b);
	const total = times.reduce((a, b) => a + b, 0);
	const median = times[Math.floor(rounds / 2)];
	console.log(`pure: 1,000-event webhook (${(body.length / 1024).toFixed(0)} KiB), ${rounds} rounds`);
	console.log(`  verify+parse+normalise+filter: median ${median.toFixed(2)} ms/webhook, p95 ${times[Math.floor(rounds * 0.95)].toFixed(2)} ms`);
	console.log(`  throughput: ${Math.round((1000 * rounds) / (total / 1000)).toLocaleString('en-US')} events/s (${Math.round(1000 / (median / 1000)).toLocaleString('en-US')} events/s at the median)`);
}

async function latency(n8n: N8nClient, label: string, withLedger: boolean, samples = 30): Promise<{ median: number; p95: number; answer: number }> {
	const [whatsApp, api] = await n8n.importCredentials([
		whatsAppCredential(`bench ${Date.now()}`, { url: 'http://127.0.0.1:9', token: 't', businessAccountId: '100000000000001', phoneNumberId: '200000000000002', appSecret: SECRET }),
		{ name: `bench api ${Date.now()}`, type: 'whatsAppBusinessPlatformN8nApi', data: { baseUrl: n8n.baseUrl, apiKey: n8n.apiKey } },
	]);
	const webhookId = randomUUID();
	const workflow = await n8n.importWorkflow(
		{
			name: `WABP bench: ${label}`,
			nodes: [{ id: randomUUID(), name: 'Trigger', type: TYPES.trigger, typeVersion: 1, position: [0, 0], webhookId, parameters: { registration: 'manual', verifyToken: 'bench', events: ['message'] } }],
			connections: {},
			settings: { executionOrder: 'v1' },
		},
		{ credentials: { [TYPES.credential]: whatsApp, ...(withLedger ? { whatsAppBusinessPlatformN8nApi: api } : {}) } },
	);
	await n8n.activateWorkflow(workflow.id);
	const delays: number[] = [];
	const answers: number[] = [];
	for (let i = 0; i < samples + 3; i++) {
		const body = JSON.stringify({
			object: 'whatsapp_business_account',
			entry: [{ id: '100000000000001', changes: [{ field: 'messages', value: { messaging_product: 'whatsapp', metadata, contacts: [{ profile: { name: 'A' }, wa_id: '15551234567' }], messages: [{ from: '15551234567', id: `wamid.LAT${label}${i}`, timestamp: '1749416383', type: 'text', text: { body: 'hi' } }] } }] }],
		});
		const sent = Date.now();
		const response = await n8n.postWebhook(`${webhookId}/webhook`, body, { 'x-hub-signature-256': signBody(body, SECRET) });
		const answered = Date.now();
		if (response.status !== 200) throw new Error(`webhook answered ${response.status}: ${response.text}`);
		const executions = await n8n.waitForExecutions(workflow.id, i + 1);
		const newest = executions.map((e) => Date.parse(e.startedAt)).sort((a, b) => b - a)[0];
		if (i >= 3) {
			delays.push(newest - sent);
			answers.push(answered - sent);
		}
	}
	await n8n.deactivateWorkflow(workflow.id);
	const quantile = (list: number[], q: number) => [...list].sort((a, b) => a - b)[Math.min(list.length - 1, Math.floor(list.length * q))];
	const median = (list: number[]) => quantile(list, 0.5);
	console.log(`n8n ${n8n.version}, ${label}: webhook → execution start median ${median(delays)} ms (min ${Math.min(...delays)}, max ${Math.max(...delays)}); HTTP answer to Meta median ${median(answers)} ms; ${samples} samples`);
	return { median: median(delays), p95: quantile(delays, 0.95), answer: median(answers) };
}

async function main(): Promise<void> {
	pureBenchmark();
	// The real-n8n part always runs (npm run bench expects its row); `--pure-only` skips it.
	if (process.argv.includes('--pure-only')) return;
	const shared = readSharedInfo();
	const own = shared ? undefined : await startN8n({ readyTimeoutMs: 600_000 });
	const n8n = shared ? connectN8n(shared) : own!;
	try {
		const off = await latency(n8n, 'no ledger', false);
		const on = await latency(n8n, 'with ledger (insert, read, update) and registry, concurrently', true);
		reportRow({
			row: 'triggerLatency',
			figure: `ledger on: ${on.median} ms median (p95 ${on.p95} ms); ${(on.median / Math.max(1, off.median)).toFixed(1)}× ledger off`,
			baseline: `ledger off ${off.median} ms median (p95 ${off.p95} ms)`,
			goal: 'ledger on ≤ 2× ledger off',
			met: on.median <= 2 * off.median,
		});
	} finally {
		await own?.stop();
	}
}

void main().catch((error: Error) => {
	console.error(error);
	process.exitCode = 1;
});
