/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals -- a benchmark, runs in Node */
/**
 * Webhook → execution latency of the trigger in a real n8n, regular mode or queue mode:
 *
 *   npx tsx bench/webhookLatency.ts regular [count]
 *   npx tsx bench/webhookLatency.ts queue [count]
 *
 * Sends `count` (default 30) signed messages one after another to a published trigger that uses
 * the delivery ledger, and prints, with the load average, the time until the webhook answered 200
 * and until its execution started (n8n's `startedAt`). Fails when fewer executions ran than sent.
 */
import { randomUUID } from 'node:crypto';
import { loadavg } from 'node:os';

import { inbound, messages } from '../test/unit/webhooks/fixtures';
import { signBody } from '../whatsapp/webhooks/signature';
import type { N8nClient } from '../test/e2e/harness';
import { startN8n, TYPES, whatsAppCredential } from '../test/e2e/harness';
import { startQueueTopology } from '../test/e2e/harness/queue';

const SECRET = 'latency-secret';

export function percentile(values: number[], p: number): number {
	const sorted = [...values].sort((a, b) => a - b);
	return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

export interface LatencySample {
	/** ms from sending the POST until n8n answered 200. */
	answered: number[];
	/** ms from sending the POST until the execution's `startedAt`. */
	started: number[];
}

/** One line per measure: p50, p95 and max of POST → 200 and POST → execution started. */
export function formatLatency(mode: string, version: string, sample: LatencySample): string {
	const line = (label: string, values: number[]) => `${label} p50 ${percentile(values, 50)} ms, p95 ${percentile(values, 95)} ms, max ${Math.max(...values)} ms`;
	return (
		`webhook latency, ${mode} mode, n8n ${version}, ${sample.answered.length} sequential signed messages (load ${loadavg().map((n) => n.toFixed(2)).join(' ')}): ` +
		`${line('POST → 200', sample.answered)}; ${line('POST → execution started', sample.started)}`
	);
}

/** Publishes a trigger with the delivery ledger and sends `count` signed messages one after another (also used by the e2e suites). */
export async function measureWebhookLatency(n8n: N8nClient, count: number): Promise<LatencySample> {
	const [whatsApp, api] = await n8n.importCredentials([
		whatsAppCredential('Latency', { url: 'http://127.0.0.1:9', token: 't', businessAccountId: '1', phoneNumberId: '2', appId: '3', appSecret: SECRET }),
		{ name: 'Latency n8n API', type: 'whatsAppBusinessPlatformN8nApi', data: { baseUrl: n8n.baseUrl, apiKey: n8n.apiKey } },
	]);
	const webhookId = randomUUID();
	const workflow = await n8n.importWorkflow(
		{
			name: 'Latency',
			nodes: [{ id: randomUUID(), name: 'Trigger', type: TYPES.trigger, typeVersion: 1, position: [0, 0], webhookId, parameters: { registration: 'manual', verifyToken: 'latency', events: ['message'] } }],
			connections: {},
			settings: { executionOrder: 'v1' },
		},
		{ credentials: { [TYPES.credential]: whatsApp, whatsAppBusinessPlatformN8nApi: api } },
	);
	await n8n.activateWorkflow(workflow.id);
	const answered: number[] = [];
	const started: number[] = [];
	for (let i = 0; i < count; i++) {
		const body = JSON.stringify(inbound({ ...messages.text, id: `wamid.LAT${i}${randomUUID().slice(0, 6)}` }));
		const sent = Date.now();
		const response = await n8n.postWebhook(`${webhookId}/webhook`, body, { 'x-hub-signature-256': signBody(body, SECRET) });
		if (response.status !== 200) throw new Error(`webhook answered ${response.status}: ${response.text.slice(0, 200)}`);
		answered.push(Date.now() - sent);
		const executions = await n8n.waitForExecutions(workflow.id, i + 1, 120_000);
		const newest = executions.reduce((a, b) => (Number(a.id) > Number(b.id) ? a : b));
		started.push(new Date(String(newest.startedAt)).getTime() - sent);
	}
	await n8n.deactivateWorkflow(workflow.id);
	return { answered, started };
}

/**
 * What one Data Tables call through the public API costs (the trigger's ledger makes three per
 * webhook: insert, read, conditional update): `count` sequential calls of each kind on a scratch table.
 */
export async function measureApiCalls(n8n: N8nClient, count: number): Promise<Record<'insert' | 'read' | 'update', number[]>> {
	const table = await n8n.api<{ id: string }>('POST', '/data-tables', { name: `latency_${randomUUID().slice(0, 8)}`, columns: [{ name: 'key', type: 'string' }, { name: 'unclaimed', type: 'string' }] });
	const times: Record<'insert' | 'read' | 'update', number[]> = { insert: [], read: [], update: [] };
	const timed = async (kind: keyof typeof times, call: () => Promise<unknown>) => {
		const started = Date.now();
		await call();
		times[kind].push(Date.now() - started);
	};
	for (let i = 0; i < count; i++) {
		const key = `k${i}`;
		const filter = JSON.stringify({ type: 'or', filters: [{ columnName: 'key', condition: 'eq', value: key }] });
		await timed('insert', async () => await n8n.api('POST', `/data-tables/${table.id}/rows`, { data: [{ key, unclaimed: key }], returnType: 'id' }));
		await timed('read', async () => await n8n.api('GET', `/data-tables/${table.id}/rows?filter=${encodeURIComponent(filter)}`));
		await timed('update', async () => await n8n.api('PATCH', `/data-tables/${table.id}/rows/update`, { filter: { type: 'or', filters: [{ columnName: 'unclaimed', condition: 'eq', value: key }] }, data: { unclaimed: '' }, returnData: true }));
	}
	await n8n.api('DELETE', `/data-tables/${table.id}`);
	return times;
}

export function formatApiCalls(mode: string, times: Record<string, number[]>): string {
	return `n8n public API call cost, ${mode} mode (sequential, loopback): ${Object.entries(times)
		.map(([kind, values]) => `${kind} p50 ${percentile(values, 50)} ms / p95 ${percentile(values, 95)} ms`)
		.join('; ')}`;
}

async function main(): Promise<void> {
	const mode = process.argv[2] === 'queue' ? 'queue' : 'regular';
	const count = Number(process.argv[3] || 30);
	let stop: () => Promise<void>;
	let n8n: N8nClient;
	if (mode === 'queue') {
		const topology = await startQueueTopology();
		n8n = topology.main;
		stop = topology.stop;
	} else {
		const handle = await startN8n({ readyTimeoutMs: 600_000 });
		n8n = handle;
		stop = handle.stop;
	}
	try {
		const sample = await measureWebhookLatency(n8n, count);
		process.stdout.write(`${formatLatency(mode, n8n.version, sample)}\n${formatApiCalls(mode, await measureApiCalls(n8n, count))}\n`);
		if (sample.started.length !== count) throw new Error(`only ${sample.started.length} of ${count} executions ran`);
	} finally {
		await stop();
	}
}

if (require.main === module) {
	main().then(
		() => process.exit(0),
		(error: Error) => {
			process.stderr.write(`${error.stack ?? error.message}\n`);
			process.exit(1);
		},
	);
}
