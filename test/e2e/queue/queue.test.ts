/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals -- test code runs in Node, not inside n8n */
/**
 * What only queue mode can show (n8n 2.8.4, PostgreSQL, Redis, one webhook processor, two
 * workers; harness/queue.ts): the webhook processor answers Meta's verification and takes the
 * POSTs while the main serves none; several workflows on one number (the relay between triggers
 * on the webhook processor); exactly-once over 20 rounds of 50 events delivered twice at once,
 * with executions on both workers; 150 concurrent updates to one contact, run by both workers;
 * webhook → execution latency; a campaign started twice at once, which runs once; and a campaign whose worker is killed mid-run: a resume at once is
 * refused (the dead run's claim is fresh and n8n still lists it running), a resume after the claim
 * lapsed messages nobody twice (counted at the simulator).
 */
import { randomUUID } from 'node:crypto';
import { appendFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { loadavg } from 'node:os';

import { campaignWorkflow, makeRecipients } from '../../../bench/campaignWorkflows';
import { formatApiCalls, formatLatency, measureApiCalls, measureWebhookLatency } from '../../../bench/webhookLatency';
import type { SimulatorHandle } from '../../../simulator';
import { startSimulator } from '../../../simulator';
import { CLAIM_LAPSE_MS } from '../../../whatsapp/campaigns/runClaim';
import { signBody } from '../../../whatsapp/webhooks/signature';
import { inbound, messages, statuses, statusObjects } from '../../unit/webhooks/fixtures';
import type { CredentialRef, Execution, WorkflowInput } from '../harness';
import { nodeOutput, TYPES, uniquePath, useN8n, webhookNode, whatsAppCredential } from '../harness';
import { executionsInWorkerLog, readLog } from '../harness/queue';
import type { QueueTopologyInfo } from '../harness/queue';
import { readQueueInfo, startExtraWorker } from '../harness/queueShared';

const WABA = '100000000000001';
const PHONE_ID = '200000000000002';
const APP_ID = '1234567890';
const APP_SECRET = 'queue-app-secret';
const TOKEN = 'queue-token';
const N8N_API = 'whatsAppBusinessPlatformN8nApi';
const ROUNDS = Number(process.env.WABP_QUEUE_ROUNDS || 20);
const EVENTS_PER_ROUND = 50;

/** Figures for the report: appended to a file when WABP_QUEUE_REPORT names one, and printed. */
function report(line: string): void {
	const text = `[wabp-queue] ${line} (load ${loadavg().map((n) => n.toFixed(2)).join(' ')})`;
	process.stderr.write(`${text}\n`);
	if (process.env.WABP_QUEUE_REPORT) appendFileSync(process.env.WABP_QUEUE_REPORT, `${text}\n`);
}

/** Meta as far as registration goes: subscribe with an override URL, then Meta's verification GET. */
async function startMetaStub() {
	const verifications: Array<{ url: string; status: number; echoed: boolean }> = [];
	const state: { subscribed: boolean; override?: string } = { subscribed: false };
	const server = createServer((req, res) => {
		const chunks: Buffer[] = [];
		req.on('data', (chunk: Buffer) => chunks.push(chunk));
		req.on('end', () => {
			const url = new URL(req.url ?? '/', 'http://stub');
			const raw = Buffer.concat(chunks).toString();
			const body = raw ? (JSON.parse(raw) as Record<string, unknown>) : undefined;
			const send = (status: number, payload: unknown) => {
				res.writeHead(status, { 'content-type': 'application/json' });
				res.end(JSON.stringify(payload));
			};
			if (url.pathname === `/v25.0/${WABA}/subscribed_apps`) {
				if (req.method === 'GET') {
					const app = { whatsapp_business_api_data: { id: APP_ID, name: 'Queue app' }, ...(state.override ? { override_callback_uri: state.override } : {}) };
					return send(200, { data: state.subscribed ? [app] : [] });
				}
				if (req.method === 'POST') {
					state.subscribed = true;
					state.override = typeof body?.override_callback_uri === 'string' ? body.override_callback_uri : undefined;
					if (state.override) {
						const challenge = String(Math.floor(Math.random() * 1e9));
						const target = `${state.override}?hub.mode=subscribe&hub.challenge=${challenge}&hub.verify_token=${encodeURIComponent(String(body?.verify_token))}`;
						void fetch(target).then(async (response) => verifications.push({ url: state.override!, status: response.status, echoed: (await response.text()) === challenge }));
					}
					return send(200, { success: true });
				}
				if (req.method === 'DELETE') {
					state.subscribed = false;
					state.override = undefined;
					return send(200, { success: true });
				}
			}
			return send(400, { error: { message: `Unsupported ${req.method} ${url.pathname}`, code: 100 } });
		});
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	return {
		url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
		verifications,
		state,
		stop: async () => await new Promise<void>((resolve) => server.close(() => resolve())),
	};
}

function triggerWorkflow(name: string, webhookId: string, parameters: Record<string, unknown>): WorkflowInput {
	return {
		name,
		nodes: [{ id: randomUUID(), name: 'Trigger', type: TYPES.trigger, typeVersion: 1, position: [0, 0], webhookId, parameters }],
		connections: {},
		settings: { executionOrder: 'v1' },
	};
}

async function waitFor<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 60_000): Promise<T> {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const value = await probe();
		if (value !== undefined) return value;
		if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
		await new Promise((resolve) => setTimeout(resolve, 200));
	}
}

function percentile(values: number[], p: number): number {
	const sorted = [...values].sort((a, b) => a - b);
	return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

/** Which worker ran each execution, from the workers' logs ("Worker started execution <id>"). */
function executionsByWorker(info: QueueTopologyInfo, extraLogs: string[] = []): Map<string, string> {
	const owner = new Map<string, string>();
	for (const worker of info.workers) for (const id of executionsInWorkerLog(readLog(worker.logFile))) owner.set(id, `worker${worker.index}`);
	extraLogs.forEach((file, index) => {
		for (const id of executionsInWorkerLog(readLog(file))) owner.set(id, `extra${index}`);
	});
	return owner;
}

describe('queue mode: webhook processor + two workers on PostgreSQL and Redis (n8n 2.8.4)', () => {
	const n8n = useN8n();
	let info: QueueTopologyInfo;
	let meta: Awaited<ReturnType<typeof startMetaStub>>;
	let credentials: Record<string, CredentialRef>;

	beforeAll(async () => {
		const found = readQueueInfo();
		if (!found) throw new Error('no queue topology: run this file in the e2e-queue jest project (npx jest --selectProjects e2e-queue)');
		info = found;
		meta = await startMetaStub();
		const [whatsApp, api] = await n8n().importCredentials([
			whatsAppCredential(`WABP queue ${Date.now()}`, { url: meta.url, token: TOKEN, businessAccountId: WABA, phoneNumberId: PHONE_ID, appId: APP_ID, appSecret: APP_SECRET }),
			// Workers and the webhook processor reach Data Tables through the main's public API.
			{ name: `WABP queue n8n API ${Date.now()}`, type: N8N_API, data: { baseUrl: n8n().baseUrl, apiKey: n8n().apiKey } },
		]);
		credentials = { [TYPES.credential]: whatsApp, [N8N_API]: api };
	});

	afterAll(async () => {
		await meta?.stop();
	});

	it('registration: Meta is given the webhook processor URL and its verification GET is answered there; the main serves no production webhook', async () => {
		expect(n8n().mode).toBe('queue');
		expect(n8n().webhookBaseUrl).not.toBe(n8n().baseUrl);
		const webhookId = randomUUID();
		const workflow = await n8n().importWorkflow(triggerWorkflow('WABP queue: registration', webhookId, { events: ['message'] }), { credentials });
		await n8n().activateWorkflow(workflow.id);
		const expected = `${info.webhook.baseUrl}/webhook/${webhookId}/webhook`;
		expect(meta.state.override).toBe(expected);
		const verification = await waitFor('Meta verification', async () => meta.verifications.find((v) => v.url === expected));
		expect(verification).toEqual({ url: expected, status: 200, echoed: true });
		// The main was started with N8N_DISABLE_PRODUCTION_MAIN_PROCESS: production URLs are not its job.
		// (Unknown GET paths on the main get the editor's page, so check that no trigger answered.)
		const onMain = await fetch(`${n8n().baseUrl}/webhook/${webhookId}/webhook?hub.mode=subscribe&hub.challenge=8675309&hub.verify_token=x`);
		expect(await onMain.text()).not.toBe('8675309');
		// A signed POST at the webhook processor becomes one execution on a worker.
		const body = JSON.stringify(inbound({ ...messages.text, id: `wamid.REG${Date.now()}` }));
		const response = await n8n().postWebhook(`${webhookId}/webhook`, body, { 'x-hub-signature-256': signBody(body, APP_SECRET) });
		expect(response.status).toBe(200);
		try {
			const [execution] = await n8n().waitForExecutions(workflow.id, 1, 60_000);
			await waitFor('the worker log line', async () => executionsByWorker(info).get(execution.id));
		} finally {
			// Unpublished again, so later tests on the same account are not relayed to it.
			await n8n().deactivateWorkflow(workflow.id);
		}
		expect(meta.state.subscribed).toBe(false);
	});

	it('several workflows on one number: Meta calls one trigger on the webhook processor, which relays to the other; each gets what its filters select', async () => {
		const idA = randomUUID();
		const idB = randomUUID();
		const a = await n8n().importWorkflow(triggerWorkflow('WABP queue: A (text only)', idA, { events: ['message'], messageTypes: ['text'] }), { credentials });
		const b = await n8n().importWorkflow(triggerWorkflow('WABP queue: B (messages + statuses)', idB, { events: ['message', 'status'] }), { credentials });
		try {
			await n8n().activateWorkflow(a.id);
			await n8n().activateWorkflow(b.id);
			// B joined by relay: Meta still points at A, on the webhook processor.
			expect(meta.state.override).toBe(`${info.webhook.baseUrl}/webhook/${idA}/webhook`);
			const batch = {
				object: 'whatsapp_business_account',
				entry: [
					inbound({ ...messages.text, id: `wamid.QSHARED_TEXT${Date.now()}` }),
					inbound({ ...messages.image, id: `wamid.QSHARED_IMG${Date.now()}` }),
					statuses({ ...statusObjects.delivered, status: 'read', id: `wamid.QSHARED_OUT${Date.now()}` }),
				].flatMap((p) => (p as { entry: unknown[] }).entry),
			};
			const body = JSON.stringify(batch);
			const response = await n8n().postWebhook(`${idA}/webhook`, body, { 'x-hub-signature-256': signBody(body, APP_SECRET) });
			expect(response.status).toBe(200);
			const outA = nodeOutput(await n8n().getExecution((await n8n().waitForExecutions(a.id, 1, 60_000))[0].id, true), 'Trigger');
			const outB = nodeOutput(await n8n().getExecution((await n8n().waitForExecutions(b.id, 1, 60_000))[0].id, true), 'Trigger');
			expect(outA.map((item) => item.event)).toEqual(['message']);
			expect(outB.map((item) => item.event)).toEqual(['message', 'message', 'status']);
			// The same batch again (Meta redelivers): both ledgers drop it, nothing new runs.
			const again = await n8n().postWebhook(`${idA}/webhook`, body, { 'x-hub-signature-256': signBody(body, APP_SECRET) });
			expect(again.status).toBe(200);
			await new Promise((resolve) => setTimeout(resolve, 3000));
			expect((await n8n().getExecutions(a.id)).length).toBe(1);
			expect((await n8n().getExecutions(b.id)).length).toBe(1);
		} finally {
			await n8n().deactivateWorkflow(b.id).catch(() => undefined);
			await n8n().deactivateWorkflow(a.id).catch(() => undefined);
		}
		expect(meta.state.subscribed).toBe(false);
	}, 5 * 60_000);

	it(`exactly once: ${ROUNDS} rounds of ${EVENTS_PER_ROUND} events, each delivered twice at once → exactly ${EVENTS_PER_ROUND} items per round, run by both workers`, async () => {
		const webhookId = randomUUID();
		const workflow = await n8n().importWorkflow(triggerWorkflow('WABP queue: exactly once', webhookId, { registration: 'manual', verifyToken: 'queue-token', events: ['message'] }), { credentials });
		await n8n().activateWorkflow(workflow.id);
		const perRound: Array<{ items: number; distinct: number; duplicates: number; lost: number; ms: number }> = [];
		const seen = new Set<string>();
		for (let round = 0; round < ROUNDS; round++) {
			const ids = Array.from({ length: EVENTS_PER_ROUND }, (_, i) => `wamid.Q${round}x${i}x${randomUUID().slice(0, 8)}`);
			const bodies = ids.map((id) => JSON.stringify(inbound({ ...messages.text, id, text: { body: id } })));
			const calls = [...bodies, ...bodies].sort(() => Math.random() - 0.5);
			const started = Date.now();
			const responses = await Promise.all(calls.map(async (body) => await n8n().postWebhook(`${webhookId}/webhook`, body, { 'x-hub-signature-256': signBody(body, APP_SECRET) })));
			expect(responses.map((r) => r.status).filter((s) => s !== 200)).toEqual([]);
			// The API lists the newest 250 executions: count this round's (not seen before) until 50 finished.
			const finishedNew = async () => (await n8n().getExecutions(workflow.id)).filter((execution) => execution.stoppedAt && !seen.has(execution.id));
			await waitFor(`${EVENTS_PER_ROUND} executions of round ${round}`, async () => ((await finishedNew()).length >= EVENTS_PER_ROUND ? true : undefined), 120_000).catch(() => undefined);
			// Let any late duplicate land before counting.
			await new Promise((resolve) => setTimeout(resolve, 1500));
			const executions = await finishedNew();
			const mine: string[] = [];
			for (const execution of executions) {
				if (seen.has(execution.id)) continue;
				seen.add(execution.id);
				for (const item of nodeOutput(await n8n().getExecution(execution.id, true), 'Trigger')) mine.push(String(item.messageId));
			}
			const distinct = new Set(mine.filter((id) => ids.includes(id)));
			perRound.push({ items: mine.length, distinct: distinct.size, duplicates: mine.length - distinct.size, lost: EVENTS_PER_ROUND - distinct.size, ms: Date.now() - started });
		}
		const owners = executionsByWorker(info);
		const byWorker = new Map<string, number>();
		for (const id of seen) byWorker.set(owners.get(id) ?? 'unknown', (byWorker.get(owners.get(id) ?? 'unknown') ?? 0) + 1);
		const duplicates = perRound.reduce((n, r) => n + r.duplicates, 0);
		const lost = perRound.reduce((n, r) => n + r.lost, 0);
		report(
			`exactly-once: ${ROUNDS} rounds × ${EVENTS_PER_ROUND} events × 2 deliveries: items per round ${perRound.map((r) => r.items).join(',')}; ` +
				`duplicates ${duplicates}, lost ${lost}; executions by process ${JSON.stringify(Object.fromEntries(byWorker))}; ` +
				`round wall time p50 ${percentile(perRound.map((r) => r.ms), 50)} ms, max ${Math.max(...perRound.map((r) => r.ms))} ms`,
		);
		expect(perRound.map((r) => r.items)).toEqual(Array(ROUNDS).fill(EVENTS_PER_ROUND));
		expect(duplicates).toBe(0);
		expect(lost).toBe(0);
		expect(byWorker.get('worker0') ?? 0).toBeGreaterThan(0);
		expect(byWorker.get('worker1') ?? 0).toBeGreaterThan(0);
		await n8n().deactivateWorkflow(workflow.id);
	}, 30 * 60_000);

	it('contact book: 150 concurrent updates to one contact (100 labels, 50 attributes), run by both workers, all kept', async () => {
		const table = `queue_contacts_${Date.now()}`;
		const define = async (operation: string, parameters: Record<string, unknown>) => {
			const path = uniquePath(`queue-contact-${operation}`);
			const workflow = await n8n().importWorkflow(
				{
					name: `WABP queue: contact ${operation}`,
					nodes: [
						webhookNode(path, 'allEntries'),
						{
							id: randomUUID(),
							name: 'Contact',
							type: TYPES.action,
							typeVersion: 1,
							position: [300, 0],
							parameters: { resource: 'contact', operation, contactTable: { __rl: true, mode: 'name', value: table }, waId: '={{ $json.body.waId }}', ...parameters },
						},
					],
					connections: { Webhook: { main: [[{ node: 'Contact', type: 'main', index: 0 }]] } },
					settings: { executionOrder: 'v1' },
				},
				{ credentials: { [N8N_API]: credentials[N8N_API] } },
			);
			await n8n().activateWorkflow(workflow.id);
			return { path, id: workflow.id };
		};
		const addLabels = await define('addLabels', { labels: '={{ $json.body.labels }}' });
		const setAttributes = await define('setAttributes', { attributes: { attribute: [{ name: '={{ $json.body.name }}', value: '={{ $json.body.value }}' }] }, removeAttributes: '' });
		const get = await define('get', { createIfMissing: false });
		const waId = '4915100009999';
		const requests = [
			...Array.from({ length: 100 }, (_, i) => ({ path: addLabels.path, body: { waId, labels: `c-${i}` } })),
			...Array.from({ length: 50 }, (_, i) => ({ path: setAttributes.path, body: { waId, name: `k${i}`, value: String(i) } })),
		].sort(() => Math.random() - 0.5);
		const statuses: number[] = [];
		let next = 0;
		// 50 in flight, as in the findings' experiments where read-modify-write kept 2 of 50.
		await Promise.all(
			Array.from({ length: 50 }, async () => {
				while (next < requests.length) {
					const request = requests[next++];
					statuses.push((await n8n().postWebhook(request.path, request.body)).status);
				}
			}),
		);
		expect(statuses.filter((status) => status !== 200)).toEqual([]);
		const response = await n8n().postWebhook(get.path, { waId });
		const [contact] = response.body as Array<Record<string, unknown>>;
		const labels = (contact.labels as string[]).length;
		const attributes = Object.keys(contact.attributes as Record<string, unknown>).length;
		const owners = executionsByWorker(info);
		const byWorker = new Map<string, number>();
		for (const workflowId of [addLabels.id, setAttributes.id]) {
			for (const execution of await n8n().getExecutions(workflowId)) {
				const owner = owners.get(execution.id) ?? 'unknown';
				byWorker.set(owner, (byWorker.get(owner) ?? 0) + 1);
			}
		}
		report(`contact book: 150 concurrent updates → ${labels} labels of 100, ${attributes} attributes of 50; executions by process ${JSON.stringify(Object.fromEntries(byWorker))}`);
		expect(labels).toBe(100);
		expect(attributes).toBe(50);
		expect(byWorker.get('worker0') ?? 0).toBeGreaterThan(0);
		expect(byWorker.get('worker1') ?? 0).toBeGreaterThan(0);
		for (const workflow of [addLabels, setAttributes, get]) await n8n().deactivateWorkflow(workflow.id);
	}, 10 * 60_000);

	it('webhook → execution latency in queue mode (15 sequential signed messages through the webhook processor, Redis and a worker)', async () => {
		const sample = await measureWebhookLatency(n8n(), 15);
		report(formatLatency('queue', n8n().version, sample));
		report(formatApiCalls('queue (PostgreSQL)', await measureApiCalls(n8n(), 15)));
		expect(sample.started).toHaveLength(15);
	}, 5 * 60_000);

	it('a campaign started twice at once runs once: one execution sends to everyone, the other (on a worker, over PostgreSQL) is refused', async () => {
		const sim = await startSimulator({ port: 0, messagesPerSecond: 1000, latencyMs: 20, statuses: false, maxRecordedRequests: 50_000, logger: () => undefined });
		try {
			const [graph] = await n8n().importCredentials([
				whatsAppCredential(`Queue twice simulator ${Date.now()}`, { url: sim.url, token: 'sim-token', businessAccountId: '102290129340398', phoneNumberId: '106540352242922' }),
			]);
			const campaignId = `queue-twice-${Date.now()}`;
			const path = uniquePath('queue-twice');
			const workflow = await n8n().importWorkflow(
				campaignWorkflow(path, { campaignId, messagesPerSecond: 100, pacing: { pairIntervalSeconds: 0 }, contactBook: true, progressTable: `queue_twice_${Date.now()}` }),
				{ credentials: { whatsAppBusinessPlatformApi: graph, [N8N_API]: credentials[N8N_API] } },
			);
			await n8n().activateWorkflow(workflow.id);
			const recipients = makeRecipients(200, 800_000);
			const answers = await Promise.all([0, 1].map(async () => await n8n().postWebhook(path, { recipients })));
			const ok = answers.filter((answer) => answer.status === 200);
			expect(ok).toHaveLength(1);
			expect((ok[0].body as Array<Record<string, unknown>>).find((item) => item.summary === true)).toMatchObject({ sent: 200 });
			expect(sim.acceptedMessages).toHaveLength(200);
			expect(new Set(sim.acceptedMessages.map((message) => message.waId)).size).toBe(200);
			const owners = executionsByWorker(info);
			const executions = await n8n().api<{ data: Execution[] }>('GET', `/executions?workflowId=${workflow.id}&limit=5`);
			report(`campaign started twice at once: 1 sent 200, 1 refused; executions ${executions.data.map((execution) => `${execution.id} ${execution.status} on ${owners.get(execution.id) ?? '?'}`).join(', ')}`);
		} finally {
			await sim.stop();
		}
	});

	describe('a campaign whose worker is killed mid-run', () => {
		let sim: SimulatorHandle;
		afterAll(async () => {
			await sim?.stop();
		});

		it('resumes on another worker, and nobody is messaged twice (counted at the simulator)', async () => {
			sim = await startSimulator({ port: 0, messagesPerSecond: 1000, latencyMs: 20, statuses: false, maxRecordedRequests: 50_000, logger: () => undefined });
			const [graph] = await n8n().importCredentials([
				whatsAppCredential(`Queue campaign simulator ${Date.now()}`, { url: sim.url, token: 'sim-token', businessAccountId: '102290129340398', phoneNumberId: '106540352242922' }),
			]);
			const campaignCredentials = { whatsAppBusinessPlatformApi: graph, [N8N_API]: credentials[N8N_API] };
			const campaignId = `queue-kill-${Date.now()}`;
			const path = uniquePath('queue-campaign');
			const TOTAL = 300;
			const workflow = await n8n().importWorkflow(
				campaignWorkflow(path, { campaignId, messagesPerSecond: 20, pacing: { pairIntervalSeconds: 0 }, contactBook: true, progressTable: `queue_kill_${Date.now()}` }),
				{ credentials: campaignCredentials },
			);
			await n8n().activateWorkflow(workflow.id);
			const recipients = makeRecipients(TOTAL, 700_000);

			// 1. Start it and wait until it is well under way.
			const abort = new AbortController();
			const first = fetch(`${n8n().webhookBaseUrl}/webhook/${path}`, {
				method: 'POST',
				headers: { 'content-type': 'application/json' },
				body: JSON.stringify({ recipients }),
				signal: abort.signal,
			}).then(
				(response) => response.status,
				() => 'aborted',
			);
			await waitFor('60 accepted messages', async () => (sim.acceptedMessages.length >= 60 ? true : undefined), 120_000);
			const running = await waitFor('the running execution', async () => {
				const list = await n8n().api<{ data: Execution[] }>('GET', `/executions?workflowId=${workflow.id}&status=running`);
				return list.data[0];
			});
			const owner = await waitFor('the worker of the execution', async () => executionsByWorker(info).get(running.id));
			const victim = info.workers.find((worker) => `worker${worker.index}` === owner)!;

			// 2. Kill that worker outright (no graceful shutdown), as a crashed machine would.
			process.kill(victim.pid!, 'SIGKILL');
			const atKill = sim.acceptedMessages.length;
			report(`campaign: killed ${owner} (pid ${victim.pid}) during execution ${running.id} after ${atKill} of ${TOTAL} accepted`);
			// A replacement worker keeps the topology at two for the files that run after this one.
			await startExtraWorker(info, `worker-replacement-${Date.now()}`);
			abort.abort();
			await first;

			// 3. Resume at once. n8n still lists the killed execution as running (until its queue
			//    recovery), and its claim on the campaign is fresh: the campaign does not run twice at once.
			const early = await n8n().postWebhook(path, { recipients });
			if (early.status === 200) report('campaign: n8n already knew the killed execution had ended; the resume went ahead at once');
			else {
				const refusal = await waitFor('the refused resume', async () => {
					const list = await n8n().api<{ data: Array<Execution & { data?: { resultData?: { error?: { message?: string } } } }> }>(
						'GET',
						`/executions?workflowId=${workflow.id}&status=error&includeData=true&limit=5`,
					);
					return list.data.map((execution) => execution.data?.resultData?.error?.message ?? '').find((message) => message.includes('is already being sent'));
				});
				expect(refusal).toContain(`Campaign "${campaignId}" is already being sent by execution ${running.id}`);
				expect(sim.acceptedMessages.length - atKill).toBeLessThanOrEqual(25); // only what was in flight at the kill
				report(`campaign: a resume right after the kill was refused ("${refusal.slice(0, 160)}"); waiting for the claim to lapse`);
				// 4. The claim lapses two minutes after its last touch (it was made at the start, about
				//    three seconds before the kill; touches come every 20 s of sending).
				await new Promise((resolve) => setTimeout(resolve, CLAIM_LAPSE_MS + 2000));
			}
			// 5. Resume: the same campaign again; the progress ledger keeps every recipient to at most one message.
			const response = await n8n().postWebhook(path, { recipients });
			expect(response.status).toBe(200);
			const items = response.body as Array<Record<string, unknown>>;
			const summary = items.find((item) => item.summary === true) ?? {};
			// Whatever n8n itself re-ran of the stalled job has time to finish too.
			let stable = sim.acceptedMessages.length;
			for (let i = 0; i < 15; i++) {
				await new Promise((resolve) => setTimeout(resolve, 2000));
				if (sim.acceptedMessages.length === stable) break;
				stable = sim.acceptedMessages.length;
			}
			const perRecipient = new Map<string, number>();
			for (const message of sim.acceptedMessages) perRecipient.set(message.waId, (perRecipient.get(message.waId) ?? 0) + 1);
			const twice = [...perRecipient.values()].filter((n) => n > 1).length;
			const reached = perRecipient.size;
			report(
				`campaign kill-and-resume: ${TOTAL} recipients, ${atKill} accepted before the kill, resume summary ${JSON.stringify({
					sent: summary.sent,
					skipped: summary.skipped,
					uncertain: summary.uncertain,
					failed: summary.failed,
					skipReasons: summary.skipReasons,
				})}; at the simulator: ${sim.acceptedMessages.length} accepted messages, ${reached} distinct recipients, ${twice} messaged twice, ${TOTAL - reached} never messaged`,
			);
			expect(twice).toBe(0);
			// Recipients the killed run had in flight are reported uncertain and left alone (a resend
			// could be a second message); everyone else is reached exactly once.
			const uncertainEarlier = Number((summary.skipReasons as Record<string, number> | undefined)?.uncertainEarlier ?? 0);
			expect(reached + Number(summary.uncertain ?? 0) + uncertainEarlier).toBeGreaterThanOrEqual(TOTAL);
			expect(Number(summary.sent ?? 0)).toBeGreaterThan(0);
		}, 15 * 60_000);
	});
});

