/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals -- benchmark code runs in Node, not inside n8n */
/**
 * Contact-book benchmark.
 *   1. Pure domain: folding a contact of 40 events (the compaction threshold) and of 1 snapshot + 10
 *      events, in microseconds.
 *   2. Real n8n 2.8.4 (started here, or the instance named by WABP_E2E_N8N_INFO): what the contact
 *      book adds to each inbound message. Three published workflows get the same trigger-shaped item:
 *        baseline   Webhook → Set (the trigger's item)
 *        inbound    Webhook → Set → Contact: Record Inbound (insert + read of the contact)
 *        lookup     Webhook → Set → Contact: Get
 *      Requests go one after another over 20 contacts, so contacts grow and get compacted as in
 *      production. Reported: end-to-end median and p95 of each workflow, the difference to the
 *      baseline, and the Contact node's own execution time (n8n's `executionTime`).
 * Run: npx tsx bench/contacts.ts [--requests 200]
 */
import { randomUUID } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';

import { foldContact, snapshotEvent, foldEvents } from '../whatsapp/contacts';
import type { StoredContactEvent } from '../whatsapp/contacts';
import type { N8nClient, WorkflowInput } from '../test/e2e/harness';
import { connectN8n, readSharedInfo, REPO_ROOT, startN8n, TYPES, webhookNode } from '../test/e2e/harness';
import { benchPass, reportRow } from './results';

const N8N_API_TYPE = 'whatsAppBusinessPlatformN8nApi';
const argRequests = process.argv.indexOf('--requests');
const REQUESTS = argRequests > 0 ? Number(process.argv[argRequests + 1]) : 200;
const CONTACTS = 20;

function stats(values: number[]): { median: number; p95: number; mean: number; n: number } {
	const sorted = [...values].sort((a, b) => a - b);
	const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
	const round = (v: number) => Math.round(v * 10) / 10;
	return { median: round(at(0.5)), p95: round(at(0.95)), mean: round(values.reduce((a, b) => a + b, 0) / values.length), n: values.length };
}

function pureBenchmark(): Record<string, number> {
	const events: StoredContactEvent[] = Array.from({ length: 40 }, (_, i) => ({
		id: i + 1,
		waId: '15551234567',
		kind: i % 4 === 0 ? 'inbound' : i % 4 === 1 ? 'label_added' : i % 4 === 2 ? 'attribute_set' : 'outbound',
		label: `l${i}`,
		value: i % 4 === 2 ? { attributes: { [`k${i}`]: i } } : { profileName: 'Ana' },
		at: new Date(Date.UTC(2025, 5, 1, 0, i)).toISOString(),
	}));
	const snapshot = { ...snapshotEvent(JSON.parse(JSON.stringify(foldEvents(events))), '2025-06-02T00:00:00Z'), id: 41 };
	const compacted = [snapshot, ...events.slice(0, 10).map((e, i) => ({ ...e, id: 42 + i }))];
	const time = (list: StoredContactEvent[]) => {
		const rounds = 20000;
		const started = performance.now();
		for (let i = 0; i < rounds; i++) foldContact(list, Date.now());
		return Math.round(((performance.now() - started) / rounds) * 1000 * 10) / 10;
	};
	time(events);
	return { fold40EventsMicros: time(events), foldSnapshotPlus10Micros: time(compacted) };
}

function workflow(path: string, contactOperation?: 'recordInbound' | 'get'): WorkflowInput {
	const nodes: WorkflowInput['nodes'] = [
		webhookNode(path),

		{
			id: randomUUID(),
			name: 'Trigger Item',
			type: 'n8n-nodes-base.set',
			typeVersion: 3.4,
			position: [200, 0],
			parameters: { mode: 'raw', jsonOutput: '={{ JSON.stringify($json.body) }}', options: {} },
		},
	];
	const connections: Record<string, unknown> = { Webhook: { main: [[{ node: 'Trigger Item', type: 'main', index: 0 }]] } };
	if (contactOperation) {
		nodes.push({
			id: randomUUID(),
			name: 'Contact',
			type: TYPES.action,
			typeVersion: 1,
			position: [400, 0],
			parameters: {
				resource: 'contact',
				operation: contactOperation,
				contactTable: { __rl: true, mode: 'name', value: 'whatsapp_contact_events_bench' },
				...(contactOperation === 'recordInbound' ? { input: 'trigger' } : { waId: '={{ $json.waId }}', createIfMissing: false }),
			},
		});
		connections['Trigger Item'] = { main: [[{ node: 'Contact', type: 'main', index: 0 }]] };
	}
	return { name: `Bench contacts ${contactOperation ?? 'baseline'}`, nodes, connections, settings: { executionOrder: 'v1', saveDataSuccessExecution: 'all' } };
}

async function n8nBenchmark(n8n: N8nClient): Promise<Record<string, unknown>> {
	const [credential] = await n8n.importCredentials([{ name: `Bench n8n API ${Date.now()}`, type: N8N_API_TYPE, data: { baseUrl: n8n.baseUrl, apiKey: n8n.apiKey } }]);
	const variants = ['baseline', 'recordInbound', 'get'] as const;
	const ids: Record<string, string> = {};
	const paths: Record<string, string> = {};
	for (const variant of variants) {
		paths[variant] = `bench-contacts-${variant}-${randomUUID().slice(0, 6)}`;
		const created = await n8n.importWorkflow(workflow(paths[variant], variant === 'baseline' ? undefined : variant), {
			credentials: { [N8N_API_TYPE]: { id: credential.id, name: credential.name } },
		});
		await n8n.activateWorkflow(created.id);
		ids[variant] = created.id;
	}
	const item = (i: number) => ({
		event: 'message',
		waId: `4915200${String(i % CONTACTS).padStart(6, '0')}`,
		profileName: `Bench ${i % CONTACTS}`,
		timestamp: new Date().toISOString(),
		messageId: `wamid.BENCH${i}`,
		messageType: 'text',
		text: 'hello',
	});
	// Warm-up: creates the table and the contacts, and warms n8n's caches.
	for (let i = 0; i < 2 * CONTACTS; i++) for (const variant of variants) await n8n.postWebhook(paths[variant], item(i));

	const latency: Record<string, number[]> = { baseline: [], recordInbound: [], get: [] };
	for (let i = 0; i < REQUESTS; i++) {
		// Interleaved, so drift (database growth, GC) hits all three alike.
		for (const variant of variants) {
			const started = performance.now();
			const response = await n8n.postWebhook(paths[variant], item(i));
			latency[variant].push(performance.now() - started);
			if (response.status !== 200) throw new Error(`${variant} answered ${response.status}: ${response.text}`);
		}
	}

	const nodeTimes: Record<string, number[]> = { recordInbound: [], get: [] };
	for (const variant of ['recordInbound', 'get'] as const) {
		const executions = (await n8n.getExecutions(ids[variant])).slice(0, Math.min(REQUESTS, 100));
		for (const execution of executions) {
			const full = await n8n.getExecution(execution.id);
			const run = (full.data?.resultData.runData.Contact?.[0] ?? {}) as { executionTime?: number };
			if (typeof run.executionTime === 'number') nodeTimes[variant].push(run.executionTime);
		}
	}
	const base = stats(latency.baseline);
	const result: Record<string, unknown> = { requestsPerVariant: REQUESTS, contacts: CONTACTS };
	for (const variant of variants) result[`endToEnd_${variant}_ms`] = stats(latency[variant]);
	for (const variant of ['recordInbound', 'get'] as const) {
		const s = stats(latency[variant]);
		result[`overhead_${variant}_ms`] = { median: Math.round((s.median - base.median) * 10) / 10, p95: Math.round((s.p95 - base.p95) * 10) / 10 };
		result[`nodeExecutionTime_${variant}_ms`] = stats(nodeTimes[variant]);
	}
	for (const variant of variants) await n8n.deactivateWorkflow(ids[variant]);
	const inbound = result.overhead_recordInbound_ms as { median: number; p95: number };
	const node = result.nodeExecutionTime_recordInbound_ms as { median: number; p95: number };
	reportRow({
		row: 'contactInbound',
		figure: `${inbound.median} ms median, ${inbound.p95} ms p95 added (the node itself: ${node.median} ms median, ${node.p95} ms p95)`,
		baseline: `Webhook → Set alone ${base.median} ms median, ${base.p95} ms p95 (${REQUESTS} requests each, interleaved)`,
		goal: '≤ 25 ms median, ≤ 60 ms p95 on a quiet machine',
		// The goal is for a quiet machine; with the CPU hog the row is a reading, not a verdict.
		...(benchPass() === 'quiet' ? { met: inbound.median <= 25 && inbound.p95 <= 60 } : {}),
	});
	return result;
}

async function main(): Promise<void> {
	const pure = pureBenchmark();
	process.stdout.write(`pure fold: ${JSON.stringify(pure)}\n`);
	const shared = readSharedInfo();
	const own = shared ? undefined : await startN8n();
	const client = shared ? connectN8n(shared) : own!;
	try {
		const real = await n8nBenchmark(client);
		const report = { n8n: client.version, at: new Date().toISOString(), pure, real };
		process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
		const dir = join(REPO_ROOT, 'node_modules', '.cache', 'wabp', 'bench');
		mkdirSync(dir, { recursive: true });
		writeFileSync(join(dir, 'contacts.json'), JSON.stringify(report, null, 2) + '\n');
	} finally {
		await own?.stop();
	}
}

main().catch((error: unknown) => {
	process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
	process.exitCode = 1;
});
