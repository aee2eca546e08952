/* eslint-disable @n8n/community-nodes/no-restricted-globals, no-console -- test code runs in Node, not inside n8n, and prints its counts */
/**
 * A bounded fuzz run through a real n8n 2.8.4: a few hundred mutated, validly signed bodies
 * (unit/webhooks/mutate.ts) at a published trigger with the Data Table ledger. Counts the answers
 * (no 5xx), the executions that errored (none), and the events lost or doubled: every event the
 * domain parser finds in an accepted body reaches the workflow exactly once (the ledger spans the
 * whole run, so an ID repeated across bodies counts once).
 */
import { randomUUID } from 'node:crypto';

import { parseWebhook, parseWebhookBody } from '../../whatsapp/webhooks/parse';
import { signBody } from '../../whatsapp/webhooks/signature';
import { mutatedBody, prng } from '../unit/webhooks/mutate';
import type { Execution } from './harness';
import { nodeOutput, TYPES, useN8n, whatsAppCredential } from './harness';

const APP_SECRET = 'e2e-fuzz-secret';
const BODIES = Number(process.env.WABP_E2E_FUZZ_BODIES ?? 300);
const SEED = Number(process.env.WABP_FUZZ_SEED ?? 20261202) + 7;
const ALL_EVENTS = [
	'message', 'status', 'messageEcho', 'templateStatus', 'templateQuality', 'templateCategory', 'templateComponents', 'accountUpdate', 'accountAlert',
	'accountReview', 'businessCapability', 'phoneNumberName', 'phoneNumberQuality', 'security', 'userPreference', 'history', 'appStateSync', 'error', 'other',
];

describe('webhook fuzz through n8n 2.8.4', () => {
	const n8n = useN8n();

	it(`${BODIES} mutated signed bodies: no 5xx, no errored execution, no lost or doubled event`, async () => {
		const [whatsApp, api] = await n8n().importCredentials([
			whatsAppCredential(`WABP fuzz ${Date.now()}`, { url: 'http://127.0.0.1:9', token: 'unused', businessAccountId: '100000000000001', phoneNumberId: '200000000000002', appId: '1', appSecret: APP_SECRET }),
			{ name: `WABP fuzz API ${Date.now()}`, type: 'whatsAppBusinessPlatformN8nApi', data: { baseUrl: n8n().baseUrl, apiKey: n8n().apiKey } },
		]);
		const webhookId = randomUUID();
		const workflow = await n8n().importWorkflow(
			{
				name: 'WABP trigger: fuzz',
				nodes: [{ id: randomUUID(), name: 'Trigger', type: TYPES.trigger, typeVersion: 1, position: [0, 0], webhookId, parameters: { registration: 'manual', verifyToken: 'fuzz', events: ALL_EVENTS } }],
				connections: {},
				settings: { executionOrder: 'v1' },
			},
			{ credentials: { [TYPES.credential]: whatsApp, whatsAppBusinessPlatformN8nApi: api } },
		);
		await n8n().activateWorkflow(workflow.id);

		const random = prng(SEED);
		const answers: Record<number, number> = {};
		const expected = new Set<string>();
		const fiveXx: string[] = [];
		for (let i = 0; i < BODIES; i++) {
			const body = mutatedBody(random);
			const bytes = typeof body.text === 'string' ? Buffer.from(body.text) : body.text;
			// Raw bytes (some bodies are not valid UTF-8), signed as Meta signs them.
			const response = await fetch(`${n8n().baseUrl}/webhook/${webhookId}/webhook`, {
				method: 'POST',
				body: bytes,
				headers: { 'content-type': 'application/json', 'x-hub-signature-256': signBody(bytes, APP_SECRET) },
			});
			const text = await response.text();
			answers[response.status] = (answers[response.status] ?? 0) + 1;
			if (response.status >= 500) fiveXx.push(`#${i} (${body.what}): ${response.status} ${text.slice(0, 160)}`);
			if (response.status === 200) {
				try {
					for (const event of parseWebhook(parseWebhookBody(bytes))) expected.add(event.eventId);
				} catch {
					// Unparseable bodies are answered 400; a 200 for one would show up as a count mismatch below.
				}
			}
		}

		// Every execution, page by page, once all have stopped.
		const all: Execution[] = [];
		for (let attempt = 0; attempt < 60; attempt++) {
			all.length = 0;
			let cursor: string | undefined;
			do {
				const page = await n8n().api<{ data: Execution[]; nextCursor?: string | null }>('GET', `/executions?workflowId=${workflow.id}&limit=250${cursor ? `&cursor=${cursor}` : ''}`);
				all.push(...page.data);
				cursor = page.nextCursor ?? undefined;
			} while (cursor);
			if (all.every((execution) => execution.stoppedAt)) break;
			await new Promise((resolve) => setTimeout(resolve, 1000));
		}
		const errored = all.filter((execution) => execution.status !== 'success');
		const delivered: string[] = [];
		for (const execution of all) {
			if (execution.status !== 'success') continue;
			delivered.push(...nodeOutput(await n8n().getExecution(execution.id, true), 'Trigger').map((item) => String(item.eventId)));
		}
		const deliveredSet = new Set(delivered);
		const lost = [...expected].filter((id) => !deliveredSet.has(id));
		const doubled = delivered.length - deliveredSet.size;
		console.log(
			`e2e fuzz (seed ${SEED}, ${BODIES} bodies): answers ${JSON.stringify(answers)}; 5xx ${fiveXx.length}; executions ${all.length}, errored ${errored.length}; ` +
				`events expected ${expected.size}, delivered ${delivered.length}, lost ${lost.length}, doubled ${doubled}`,
		);
		expect(fiveXx).toEqual([]);
		expect(errored.map((execution) => `${execution.id}: ${execution.status}`)).toEqual([]);
		expect(lost.slice(0, 10)).toEqual([]);
		expect(doubled).toBe(0);
		expect(Object.keys(answers).map(Number).sort()).toEqual(expect.arrayContaining([200, 400]));
		await n8n().deactivateWorkflow(workflow.id);
	}, 1_200_000);

	it('a 1,000-entry batch from 1,000 business accounts, and 100 KB and lone-surrogate IDs: 200, every event once', async () => {
		const [whatsApp, api] = await n8n().importCredentials([
			whatsAppCredential(`WABP batch ${Date.now()}`, { url: 'http://127.0.0.1:9', token: 'unused', businessAccountId: '100000000000001', phoneNumberId: '200000000000002', appId: '1', appSecret: APP_SECRET }),
			{ name: `WABP batch API ${Date.now()}`, type: 'whatsAppBusinessPlatformN8nApi', data: { baseUrl: n8n().baseUrl, apiKey: n8n().apiKey } },
		]);
		const webhookId = randomUUID();
		const workflow = await n8n().importWorkflow(
			{
				name: 'WABP trigger: big batch',
				nodes: [{ id: randomUUID(), name: 'Trigger', type: TYPES.trigger, typeVersion: 1, position: [0, 0], webhookId, parameters: { registration: 'manual', verifyToken: 'batch', events: ['message'] } }],
				connections: {},
				settings: { executionOrder: 'v1' },
			},
			{ credentials: { [TYPES.credential]: whatsApp, whatsAppBusinessPlatformN8nApi: api } },
		);
		await n8n().activateWorkflow(workflow.id);
		const entry = (i: number, id: string) => ({
			id: String(100000000000000 + i),
			changes: [{ field: 'messages', value: { messaging_product: 'whatsapp', metadata: { display_phone_number: '15550001111', phone_number_id: String(200000000000000 + i) }, messages: [{ from: '15551234567', id, timestamp: '1749416383', type: 'text', text: { body: `m${i}` } }] } }],
		});
		const entries = Array.from({ length: 1000 }, (_, i) => entry(i, `wamid.E2E.BATCH.${i}`));
		const huge = `wamid.${'H'.repeat(100_000)}`;
		const text = JSON.stringify({ object: 'whatsapp_business_account', entry: [...entries, entry(1000, huge)] }).replace('"wamid.E2E.BATCH.999"', '"wamid.\\ud800lone"');
		const send = async () =>
			await fetch(`${n8n().baseUrl}/webhook/${webhookId}/webhook`, { method: 'POST', body: text, headers: { 'content-type': 'application/json', 'x-hub-signature-256': signBody(text, APP_SECRET) } });
		const first = await send();
		expect(first.status).toBe(200);
		const [execution] = await n8n().waitForExecutions(workflow.id, 1, 120_000);
		const output = nodeOutput(await n8n().getExecution(execution.id, true), 'Trigger');
		expect(output).toHaveLength(1001);
		expect(output.filter((item) => item.messageId === huge)).toHaveLength(1);
		expect(output.filter((item) => item.messageId === 'wamid.\ud800lone')).toHaveLength(1);
		// The redelivery is answered 200 and starts nothing.
		expect((await send()).status).toBe(200);
		await new Promise((resolve) => setTimeout(resolve, 3000));
		expect(await n8n().getExecutions(workflow.id)).toHaveLength(1);
		await n8n().deactivateWorkflow(workflow.id);
	}, 600_000);
});
