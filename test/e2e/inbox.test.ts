/**
 * The Inbox node in a real n8n 2.8.4: Trigger (signed webhooks) → Inbox → its named outputs, with
 * the contact book and the once-only ledger in n8n's real Data Tables and replies sent to the Cloud
 * API simulator. The business is closed at the moment the messages are sent (the opening hours are
 * set to start three hours from now, in UTC), so the customer writes "at night" on the message's
 * own timestamp without any clock override.
 */
import { randomUUID } from 'node:crypto';

import type { SimulatorHandle } from '../../simulator';
import { startSimulator } from '../../simulator';
import { signBody } from '../../whatsapp/webhooks/signature';
import type { CredentialRef, Execution, WorkflowInput } from './harness';
import { nodeError, nodeOutput, PACKAGE_NAME, TYPES, uniquePath, useN8n, webhookNode, whatsAppCredential } from './harness';

const N8N_API = 'whatsAppBusinessPlatformN8nApi';
const INBOX_TYPE = `${PACKAGE_NAME}.whatsAppBusinessPlatformInbox`;
const SIGNER = 'inbox-e2e-app';
const PNID = '106540352242922';
const TABLE = `inbox_contacts_e2e_${Date.now()}`;
const CUSTOMER = '34611000001';
const OUTPUTS = ['Handled', 'After Hours', 'Greeting', 'Continue', 'Other Events'];

type Json = Record<string, unknown>;

function hhmm(date: Date): string {
	return `${String(date.getUTCHours()).padStart(2, '0')}:${String(date.getUTCMinutes()).padStart(2, '0')}`;
}

/** A signed Cloud API webhook with one message (or echo) from the customer, timestamped now. */
function webhookBody(text: string, options: { id?: string; echo?: boolean; from?: string } = {}): string {
	const from = options.from ?? CUSTOMER;
	const id = options.id ?? `wamid.E2E${randomUUID().replace(/-/g, '')}`;
	const timestamp = String(Math.floor(Date.now() / 1000));
	const metadata = { display_phone_number: '15550100', phone_number_id: PNID };
	const value = options.echo
		? { messaging_product: 'whatsapp', metadata, message_echoes: [{ from: '15550100', to: from, id, timestamp, type: 'text', text: { body: text } }] }
		: { messaging_product: 'whatsapp', metadata, contacts: [{ profile: { name: 'Lucía Pérez' }, wa_id: from }], messages: [{ from, id, timestamp, type: 'text', text: { body: text } }] };
	return JSON.stringify({ object: 'whatsapp_business_account', entry: [{ id: '102290129340398', changes: [{ field: options.echo ? 'smb_message_echoes' : 'messages', value }] }] });
}

function inboxWorkflow(webhookId: string): WorkflowInput {
	const now = new Date();
	const opens = hhmm(new Date(now.getTime() + 3 * 3600_000));
	const closes = hhmm(new Date(now.getTime() + 4 * 3600_000));
	const noOps = OUTPUTS.map((name, index) => ({
		id: randomUUID(),
		name,
		type: 'n8n-nodes-base.noOp',
		typeVersion: 1,
		position: [560, index * 120] as [number, number],
		parameters: {},
	}));
	return {
		name: `Inbox e2e ${webhookId.slice(0, 8)}`,
		nodes: [
			{ id: randomUUID(), name: 'Trigger', type: TYPES.trigger, typeVersion: 1, position: [0, 240], webhookId, parameters: { registration: 'manual', verifyToken: 'inbox-e2e', events: ['message', 'messageEcho'] } },
			{
				id: randomUUID(),
				name: 'Inbox',
				type: INBOX_TYPE,
				typeVersion: 1,
				position: [280, 240],
				parameters: {
					operation: 'automate',
					timeZone: 'UTC',
					openingHours: { interval: [{ day: 'everyday', from: opens, to: closes }] },
					awayType: 'text',
					awayText: 'We are closed now, {{first_name}}. We answer from {{opens|the morning}}.',
					greetingType: 'text',
					greetingText: 'Welcome to Lucky Shrub, {{name|there}}!',
					quickRepliesSource: 'list',
					quickReplies: { reply: [{ shortcut: 'address', match: 'command', type: 'text', text: 'Calle Mayor 1, Madrid' }] },
					options: { contactTable: { __rl: true, mode: 'name', value: TABLE } },
				},
			},
			...noOps,
		],
		connections: {
			Trigger: { main: [[{ node: 'Inbox', type: 'main', index: 0 }]] },
			Inbox: { main: OUTPUTS.map((name) => [{ node: name, type: 'main', index: 0 }]) },
		},
		settings: { executionOrder: 'v1' },
	};
}

function marketingWorkflow(path: string): WorkflowInput {
	return {
		name: `Inbox e2e marketing ${path}`,
		nodes: [
			webhookNode(path, 'allEntries'),
			{
				id: randomUUID(),
				name: 'Send',
				type: TYPES.action,
				typeVersion: 1,
				position: [240, 0],
				parameters: {
					resource: 'template',
					operation: 'send',
					recipient: '={{ $json.body.to }}',
					template: { __rl: true, mode: 'name', value: 'inbox_promo' },
					language: 'en_US',
					templateParameters: { mappingMode: 'defineBelow', value: null },
					sendOptions: {},
					phoneNumberId: { __rl: true, mode: 'list', value: '' },
					contactBook: true,
					contactBookTable: { __rl: true, mode: 'name', value: TABLE },
					contactBookOptions: {},
				},
			},
		],
		connections: { Webhook: { main: [[{ node: 'Send', type: 'main', index: 0 }]] } },
		settings: { executionOrder: 'v1' },
	};
}

describe('Inbox node in n8n 2.8.4 (trigger → inbox, real Data Tables, simulator)', () => {
	const n8n = useN8n();
	let sim: SimulatorHandle;
	let credentials: Record<string, CredentialRef>;
	let workflowId: string;
	const webhookId = randomUUID();

	const sentTo = (waId: string) =>
		sim.requests.filter((r) => r.method === 'POST' && r.path.endsWith(`/${PNID}/messages`) && (r.body as Json).to === waId).map((r) => r.body as Json);

	async function post(body: string) {
		return await n8n().postWebhook(`${webhookId}/webhook`, body, { 'x-hub-signature-256': signBody(body, SIGNER) });
	}

	async function inboxOutcome(executions: Execution[]): Promise<Array<{ output: string; inbox: Json }>> {
		const found: Array<{ output: string; inbox: Json }> = [];
		for (const execution of executions) {
			const full = await n8n().getExecution(execution.id, true);
			const error = nodeError(full, 'Inbox');
			if (error) throw new Error(`Inbox failed: ${error.message}`);
			OUTPUTS.forEach((name, index) => {
				for (const item of nodeOutput(full, 'Inbox', index)) found.push({ output: name, inbox: item.inbox as Json });
			});
		}
		return found;
	}

	/** Every finished execution of the inbox workflow, newest first. */
	async function waitFor(count: number): Promise<Execution[]> {
		return await n8n().waitForExecutions(workflowId, count, 120_000);
	}

	beforeAll(async () => {
		sim = await startSimulator({ port: 0, windowOpenForAll: true, statuses: false });
		const [graph, api] = await n8n().importCredentials([
			whatsAppCredential(`Inbox e2e sim ${Date.now()}`, { url: sim.url, token: 'sim-token', businessAccountId: '102290129340398', phoneNumberId: PNID, appSecret: SIGNER }),
			{ name: `Inbox e2e n8n API ${Date.now()}`, type: N8N_API, data: { baseUrl: n8n().baseUrl, apiKey: n8n().apiKey } },
		]);
		credentials = { [TYPES.credential]: graph, [N8N_API]: api };
		const created = await n8n().importWorkflow(inboxWorkflow(webhookId), { credentials });
		await n8n().activateWorkflow(created.id);
		workflowId = created.id;
	}, 120_000);

	afterAll(async () => {
		if (workflowId) await n8n().deactivateWorkflow(workflowId).catch(() => undefined);
		await sim?.stop();
	});

	it('a first-time customer writing at night, two webhooks at once: one greeting and exactly one away message', async () => {
		const responses = await Promise.all([post(webhookBody('Hola, ¿estáis abiertos?')), post(webhookBody('Quería preguntar por un pedido'))]);
		expect(responses.map((r) => r.status)).toEqual([200, 200]);
		const outcome = await inboxOutcome(await waitFor(2));
		expect(outcome).toHaveLength(2);
		expect(outcome.map((o) => o.output)).toEqual(['After Hours', 'After Hours']);
		const texts = sentTo(CUSTOMER).map((body) => (body.text as Json).body);
		expect(texts.filter((text) => String(text).startsWith('We are closed now'))).toEqual(['We are closed now, Lucía. We answer from the morning.']);
		expect(texts.filter((text) => String(text).startsWith('Welcome'))).toEqual(['Welcome to Lucky Shrub, Lucía Pérez!']);
		expect(texts).toHaveLength(2);
		const reasons = outcome.flatMap((o) => o.inbox.reasons as string[]);
		expect(reasons).toContain('greeting: first message ever');
		expect(reasons.some((reason) => /^away: closed, outside business hours, opens /.test(reason))).toBe(true);
		expect(reasons.filter((reason) => reason === 'away: already sent for this closed period')).toHaveLength(1);
	});

	it('/address gets the stored answer', async () => {
		await post(webhookBody('/address'));
		const outcome = await inboxOutcome((await waitFor(3)).slice(0, 1));
		expect(outcome).toEqual([{ output: 'Handled', inbox: expect.objectContaining({ reason: 'quick reply: address (command /address)' }) }]);
		expect(sentTo(CUSTOMER).at(-1)).toMatchObject({ type: 'text', text: { body: 'Calle Mayor 1, Madrid' } });
	});

	it('an echo saying STOP (a person on the Business app) does nothing; the customer\'s STOP opts out and blocks a later marketing template', async () => {
		const before = sentTo(CUSTOMER).length;
		await post(webhookBody('STOP', { echo: true }));
		let outcome = await inboxOutcome((await waitFor(4)).slice(0, 1));
		expect(outcome[0].output).toBe('Other Events');
		expect(sentTo(CUSTOMER)).toHaveLength(before);

		await post(webhookBody('STOP'));
		outcome = await inboxOutcome((await waitFor(5)).slice(0, 1));
		expect(outcome[0]).toMatchObject({ output: 'Handled', inbox: { consent: { kind: 'optOut', keyword: 'STOP', language: 'en' } } });
		expect(sentTo(CUSTOMER).at(-1)).toMatchObject({ text: { body: expect.stringContaining('You will no longer receive marketing messages') } });

		// A marketing template through the action node's contact-book guard: refused, nothing sent.
		const created = await fetch(`${sim.url}/v25.0/102290129340398/message_templates`, {
			method: 'POST',
			headers: { authorization: 'Bearer sim-token', 'content-type': 'application/json' },
			body: JSON.stringify({ name: 'inbox_promo', language: 'en_US', category: 'MARKETING', components: [{ type: 'BODY', text: 'Our summer sale starts today.' }] }),
		});
		expect(created.status).toBe(200);
		await sim.setTemplateStatus('inbox_promo', 'APPROVED', { language: 'en_US' });
		const path = uniquePath('inbox-marketing');
		const marketing = await n8n().importWorkflow(marketingWorkflow(path), { credentials });
		await n8n().activateWorkflow(marketing.id);
		const sentBefore = sentTo(CUSTOMER).length;
		const refused = await n8n().postWebhook(path, { to: `+${CUSTOMER}` });
		expect(refused.status).not.toBe(200);
		const [execution] = await n8n().waitForExecutions(marketing.id, 1);
		const error = nodeError((await n8n().getExecution(execution.id)) as Execution, 'Send');
		expect(error?.message).toContain('The contact opted out of marketing messages');
		expect(sentTo(CUSTOMER)).toHaveLength(sentBefore);
		// Someone else still gets it.
		const other = await n8n().postWebhook(path, { to: '+34611000099' });
		expect(other.status).toBe(200);
		await n8n().deactivateWorkflow(marketing.id);
	});
});
