/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals -- test code runs in Node, not inside n8n */
/**
 * The WhatsApp Business Platform Trigger in a real n8n 2.8.4: self-registration through Meta's
 * webhook override (against a local Meta stand-in that also performs Meta's verification GET),
 * signed webhooks at the production URL → one item per event for every event type of
 * cloud-api-facts §12, 401/400 without executions, exactly-once under a burst of redeliveries,
 * and two workflows sharing one number through the relay, with hand-over on deactivation.
 */
import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

import { formatApiCalls, formatLatency, measureApiCalls, measureWebhookLatency } from '../../bench/webhookLatency';
import { deriveVerifyToken, signBody } from '../../whatsapp/webhooks/signature';
import { envelope, inbound, messages, nonMessage, statuses, statusObjects, systemError } from '../unit/webhooks/fixtures';
import type { Execution, N8nClient, WorkflowInput } from './harness';
import { nodeOutput, TYPES, useN8n, whatsAppCredential } from './harness';

const WABA = '100000000000001';
const PHONE_ID = '200000000000002';
const APP_ID = '1234567890';
const APP_SECRET = 'e2e-app-secret';
const TOKEN = 'e2e-token';
const N8N_API_CREDENTIAL = 'whatsAppBusinessPlatformN8nApi';
const TEST_TIMEOUT_MS = 180_000;

interface MetaRequest {
	method: string;
	path: string;
	body: Record<string, unknown> | undefined;
}

/** Meta's Graph API as far as registration goes, plus the verification GET Meta sends on override. */
async function startMetaStub() {
	const requests: MetaRequest[] = [];
	const verifications: Array<{ url: string; status: number; echoed: boolean }> = [];
	const state: { subscribed: boolean; override?: string } = { subscribed: false };
	const verify = async (url: string, token: string) => {
		const challenge = String(Math.floor(Math.random() * 1e9));
		const response = await fetch(`${url}?hub.mode=subscribe&hub.challenge=${challenge}&hub.verify_token=${encodeURIComponent(token)}`);
		verifications.push({ url, status: response.status, echoed: (await response.text()) === challenge });
	};
	const server = createServer((req, res) => {
		const chunks: Buffer[] = [];
		req.on('data', (chunk: Buffer) => chunks.push(chunk));
		req.on('end', () => {
			const url = new URL(req.url ?? '/', 'http://stub');
			const raw = Buffer.concat(chunks).toString();
			const body = raw ? (JSON.parse(raw) as Record<string, unknown>) : undefined;
			requests.push({ method: req.method ?? '', path: url.pathname, body });
			const send = (status: number, payload: unknown) => {
				res.writeHead(status, { 'content-type': 'application/json' });
				res.end(JSON.stringify(payload));
			};
			if (req.headers.authorization !== `Bearer ${TOKEN}`) return send(401, { error: { message: 'bad token', type: 'OAuthException', code: 190 } });
			if (url.pathname === `/v25.0/${WABA}/subscribed_apps`) {
				if (req.method === 'GET') {
					const app = { whatsapp_business_api_data: { id: APP_ID, name: 'E2E app' }, ...(state.override ? { override_callback_uri: state.override } : {}) };
					return send(200, { data: state.subscribed ? [app] : [] });
				}
				if (req.method === 'POST') {
					state.subscribed = true;
					state.override = typeof body?.override_callback_uri === 'string' ? body.override_callback_uri : undefined;
					if (state.override) void verify(state.override, String(body?.verify_token));
					return send(200, { success: true });
				}
				if (req.method === 'DELETE') {
					state.subscribed = false;
					state.override = undefined;
					return send(200, { success: true });
				}
			}
			return send(400, { error: { message: `Unsupported ${req.method} ${url.pathname}`, type: 'GraphMethodException', code: 100 } });
		});
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	return {
		url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
		requests,
		verifications,
		state,
		stop: async () => await new Promise<void>((resolve) => server.close(() => resolve())),
	};
}

function triggerWorkflow(name: string, webhookId: string, parameters: Record<string, unknown>): WorkflowInput {
	return {
		name,
		nodes: [
			{
				id: randomUUID(),
				name: 'Trigger',
				type: TYPES.trigger,
				typeVersion: 1,
				position: [0, 0],
				webhookId,
				parameters,
			},
		],
		connections: {},
		settings: { executionOrder: 'v1' },
	};
}

const ALL_EVENTS = [
	'message', 'status', 'messageEcho', 'templateStatus', 'templateQuality', 'templateCategory', 'templateComponents', 'accountUpdate', 'accountAlert',
	'accountReview', 'businessCapability', 'phoneNumberName', 'phoneNumberQuality', 'security', 'userPreference', 'history', 'appStateSync', 'error', 'other',
];

async function post(n8n: N8nClient, webhookId: string, payload: unknown, headers?: Record<string, string>) {
	const body = typeof payload === 'string' ? payload : JSON.stringify(payload);
	return await n8n.postWebhook(`${webhookId}/webhook`, body, headers ?? { 'x-hub-signature-256': signBody(body, APP_SECRET) });
}

async function items(n8n: N8nClient, executions: Execution[]): Promise<Array<Record<string, unknown>>> {
	const all: Array<Record<string, unknown>> = [];
	for (const execution of executions) all.push(...nodeOutput(await n8n.getExecution(execution.id, true), 'Trigger'));
	return all;
}

async function settle(n8n: N8nClient, workflowId: string, ms = 1500): Promise<Execution[]> {
	await new Promise((resolve) => setTimeout(resolve, ms));
	return await n8n.getExecutions(workflowId);
}

describe('WhatsApp Business Platform Trigger in n8n 2.8.4', () => {
	const n8n = useN8n();
	let meta: Awaited<ReturnType<typeof startMetaStub>>;
	let credentials: Record<string, { id: string; name: string }>;

	beforeAll(async () => {
		meta = await startMetaStub();
		const [whatsApp, api] = await n8n().importCredentials([
			whatsAppCredential(`WABP trigger ${Date.now()}`, { url: meta.url, token: TOKEN, businessAccountId: WABA, phoneNumberId: PHONE_ID, appId: APP_ID, appSecret: APP_SECRET }),
			{ name: `WABP n8n API ${Date.now()}`, type: N8N_API_CREDENTIAL, data: { baseUrl: n8n().baseUrl, apiKey: n8n().apiKey } },
		]);
		credentials = { [TYPES.credential]: whatsApp, [N8N_API_CREDENTIAL]: api };
	});

	afterAll(async () => {
		await meta?.stop();
	}, TEST_TIMEOUT_MS);

	it('registers, emits one item per event of every type, rejects forged and malformed calls, ignores redeliveries, and undoes its registration', async () => {
		const webhookId = randomUUID();
		const workflow = await n8n().importWorkflow(triggerWorkflow('WABP trigger: all events', webhookId, { events: ALL_EVENTS }), { credentials });
		const start = meta.requests.length;
		await n8n().activateWorkflow(workflow.id);
		const ownUrl = `${n8n().webhookBaseUrl}/webhook/${webhookId}/webhook`;

		// Activation: read, then subscribe with this workflow's production URL and derived token.
		const posted = meta.requests.slice(start).filter((r) => r.method === 'POST');
		expect(posted).toEqual([{ method: 'POST', path: `/v25.0/${WABA}/subscribed_apps`, body: { override_callback_uri: ownUrl, verify_token: deriveVerifyToken(APP_SECRET, webhookId) } }]);
		for (let i = 0; i < 50 && meta.verifications.length === 0; i++) await new Promise((resolve) => setTimeout(resolve, 100));
		expect(meta.verifications).toEqual([{ url: ownUrl, status: 200, echoed: true }]);
		expect((await n8n().getWebhook(`${webhookId}/webhook`, { 'hub.mode': 'subscribe', 'hub.challenge': '42', 'hub.verify_token': 'wrong' })).status).toBe(403);

		// Every event type of §12 in one batched POST.
		const payloads = [
			...Object.values(messages).map((message) => inbound(message)),
			statuses(statusObjects.sent, statusObjects.delivered, statusObjects.failed),
			systemError,
			...Object.values(nonMessage),
			envelope('partner_solutions', { event: 'SOLUTION_CREATED' }, 1751000000),
		] as Array<{ entry: unknown[] }>;
		const batch = { object: 'whatsapp_business_account', entry: payloads.flatMap((p) => p.entry) };
		const response = await post(n8n(), webhookId, batch);
		expect(response.status).toBe(200);
		const [execution] = await n8n().waitForExecutions(workflow.id, 1);
		const output = await items(n8n(), [execution]);
		const expectedCount = Object.keys(messages).length + 3 + 1 + Object.keys(nonMessage).length + 1;
		expect(output).toHaveLength(expectedCount);
		const kinds = new Set(output.map((item) => item.event));
		expect([...kinds].sort()).toEqual(
			['message', 'status', 'error', 'templateStatus', 'templateQuality', 'templateCategory', 'accountUpdate', 'accountAlert', 'phoneNumberQuality', 'phoneNumberName', 'security', 'businessCapability', 'userPreference', 'messageEcho', 'history', 'appStateSync', 'other'].sort(),
		);
		expect(output.find((item) => item.messageId === messages.text.id)).toEqual(
			expect.objectContaining({ event: 'message', phone: '+15551234567', profileName: 'Sheena Nelson', text: 'Does it come in another color?', businessPhoneNumberId: PHONE_ID, businessAccountId: WABA }),
		);
		expect(output.find((item) => item.status === 'failed')).toEqual(expect.objectContaining({ errors: [expect.objectContaining({ code: 131049, hint: expect.any(String) })] }));

		// Forged, unsigned, and signed-but-malformed calls start nothing.
		const text = JSON.stringify(inbound({ ...messages.text, id: 'wamid.FORGED' }));
		expect((await post(n8n(), webhookId, text, { 'x-hub-signature-256': signBody(text, 'not-the-secret') })).status).toBe(401);
		expect((await post(n8n(), webhookId, text, {})).status).toBe(401);
		expect((await post(n8n(), webhookId, '{"entry": [', undefined)).status).toBe(400);
		// Redelivery of the whole batch: 200 for Meta, no new execution.
		expect((await post(n8n(), webhookId, batch)).status).toBe(200);
		expect(await settle(n8n(), workflow.id)).toHaveLength(1);
		expect(n8n().logs()).toMatch(/rejected a webhook with 401: The X-Hub-Signature-256 does not match/);
		expect(n8n().logs()).not.toContain(APP_SECRET);

		// Deactivation: the app was not subscribed before, so it is unsubscribed again.
		const beforeDeactivate = meta.requests.length;
		await n8n().deactivateWorkflow(workflow.id);
		expect(meta.requests.slice(beforeDeactivate).filter((r) => r.method !== 'GET')).toEqual([{ method: 'DELETE', path: `/v25.0/${WABA}/subscribed_apps`, body: undefined }]);
		expect(meta.state).toEqual({ subscribed: false, override: undefined });
	}, TEST_TIMEOUT_MS);

	it('burst: 50 distinct messages, each delivered twice, 100 calls at once → exactly 50 items', async () => {
		const webhookId = randomUUID();
		const workflow = await n8n().importWorkflow(triggerWorkflow('WABP trigger: burst', webhookId, { registration: 'manual', verifyToken: 'burst-token', events: ['message'] }), { credentials });
		await n8n().activateWorkflow(workflow.id);
		const bodies = Array.from({ length: 50 }, (_, i) => JSON.stringify(inbound({ ...messages.text, id: `wamid.BURST${i}`, text: { body: `burst ${i}` } })));
		const calls = [...bodies, ...bodies].sort(() => Math.random() - 0.5);
		const responses = await Promise.all(calls.map(async (body) => await post(n8n(), webhookId, body)));
		expect(responses.map((r) => r.status).filter((s) => s !== 200)).toEqual([]);
		const executions = await settle(n8n(), workflow.id, 3000);
		const output = await items(n8n(), executions);
		expect(output).toHaveLength(50);
		expect(new Set(output.map((item) => item.messageId)).size).toBe(50);
		expect(executions).toHaveLength(50);
		await n8n().deactivateWorkflow(workflow.id);
	}, TEST_TIMEOUT_MS);

	it('two workflows on one number: both get what their filters select; the owner hands over on deactivation', async () => {
		const idA = randomUUID();
		const idB = randomUUID();
		const a = await n8n().importWorkflow(triggerWorkflow('WABP trigger: A (text only)', idA, { events: ['message'], messageTypes: ['text'] }), { credentials });
		const b = await n8n().importWorkflow(triggerWorkflow('WABP trigger: B (messages + statuses)', idB, { events: ['message', 'status'] }), { credentials });
		await n8n().activateWorkflow(a.id);
		const afterA = meta.requests.length;
		await n8n().activateWorkflow(b.id);
		// B finds A's override and joins by relay: it changes nothing at Meta.
		expect(meta.requests.slice(afterA).filter((r) => r.method !== 'GET')).toEqual([]);
		expect(meta.state.override).toBe(`${n8n().webhookBaseUrl}/webhook/${idA}/webhook`);

		const batch = {
			object: 'whatsapp_business_account',
			entry: [inbound({ ...messages.text, id: 'wamid.SHARED_TEXT' }), inbound({ ...messages.image, id: 'wamid.SHARED_IMG' }), statuses({ ...statusObjects.delivered, status: 'read', id: 'wamid.SHARED_OUT' })].flatMap(
				(p) => (p as { entry: unknown[] }).entry,
			),
		};
		expect((await post(n8n(), idA, batch)).status).toBe(200); // Meta calls the owner
		const outA = await items(n8n(), await n8n().waitForExecutions(a.id, 1));
		const outB = await items(n8n(), await n8n().waitForExecutions(b.id, 1));
		expect(outA.map((item) => item.messageId)).toEqual(['wamid.SHARED_TEXT']);
		expect(outB.map((item) => item.messageId)).toEqual(['wamid.SHARED_TEXT', 'wamid.SHARED_IMG', 'wamid.SHARED_OUT']);

		// A leaves: Meta is pointed at B, with B's token; B now receives directly.
		const beforeHandOver = meta.requests.length;
		await n8n().deactivateWorkflow(a.id);
		const urlB = `${n8n().webhookBaseUrl}/webhook/${idB}/webhook`;
		expect(meta.requests.slice(beforeHandOver).filter((r) => r.method === 'POST')).toEqual([
			{ method: 'POST', path: `/v25.0/${WABA}/subscribed_apps`, body: { override_callback_uri: urlB, verify_token: deriveVerifyToken(APP_SECRET, idB) } },
		]);
		for (let i = 0; i < 50 && !meta.verifications.some((v) => v.url === urlB); i++) await new Promise((resolve) => setTimeout(resolve, 100));
		expect(meta.verifications.find((v) => v.url === urlB)).toEqual({ url: urlB, status: 200, echoed: true });
		expect((await post(n8n(), idB, inbound({ ...messages.text, id: 'wamid.AFTER' }))).status).toBe(200);
		expect((await items(n8n(), await n8n().waitForExecutions(b.id, 2))).map((item) => item.messageId)).toContain('wamid.AFTER');

		// B leaves last: what was there before A is restored (the app was not subscribed).
		await n8n().deactivateWorkflow(b.id);
		expect(meta.state).toEqual({ subscribed: false, override: undefined });
	}, TEST_TIMEOUT_MS);

	it('webhook → execution latency in regular mode (15 sequential signed messages; the queue suite measures the same)', async () => {
		const sample = await measureWebhookLatency(n8n(), 15);
		process.stderr.write(`[wabp-e2e] ${formatLatency('regular', n8n().version, sample)}\n[wabp-e2e] ${formatApiCalls('regular (SQLite)', await measureApiCalls(n8n(), 15))}\n`);
		expect(sample.started).toHaveLength(15);
	}, TEST_TIMEOUT_MS);
});
