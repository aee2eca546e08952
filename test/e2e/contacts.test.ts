/**
 * The contact book in a real n8n 2.8.4, against real n8n Data Tables through the public API: every
 * Contact operation through published workflows (Webhook → our node), the bad-input errors, 150
 * concurrent updates of one contact, and the window-aware send guard against the Cloud API
 * simulator.
 */
import type { SimulatorHandle } from '../../simulator';
import { startSimulator } from '../../simulator';
import type { CredentialRef, Execution, N8nClient, WorkflowInput } from './harness';
import { nodeError, TYPES, uniquePath, useN8n, webhookNode, whatsAppCredential } from './harness';

const N8N_API_TYPE = 'whatsAppBusinessPlatformN8nApi';
const TABLE = `contacts_e2e_${Date.now()}`;
const WA = '15551230001';

type Json = Record<string, unknown>;


/**
 * Webhook → (optionally a Set node that makes the body the item, as the trigger's items are) →
 * Contact. Parameters are expressions over the posted body.
 */
function contactWorkflow(path: string, operation: string, parameters: Json, options: { bodyAsItem?: boolean; table?: Json } = {}): WorkflowInput {
	const nodes: WorkflowInput['nodes'] = [webhookNode(path, 'allEntries')];
	const connections: Json = {};
	let previous = 'Webhook';
	if (options.bodyAsItem) {
		nodes.push({
			id: crypto.randomUUID(),
			name: 'Trigger Item',
			type: 'n8n-nodes-base.set',
			typeVersion: 3.4,
			position: [200, 0],
			parameters: { mode: 'raw', jsonOutput: '={{ JSON.stringify($json.body) }}', options: {} },
		});
		connections.Webhook = { main: [[{ node: 'Trigger Item', type: 'main', index: 0 }]] };
		previous = 'Trigger Item';
	}
	nodes.push({
		id: crypto.randomUUID(),
		name: 'Contact',
		type: TYPES.action,
		typeVersion: 1,
		position: [400, 0],
		parameters: {
			resource: 'contact',
			operation,
			contactTable: options.table ?? { __rl: true, mode: 'name', value: TABLE },
			...parameters,
		},
	});
	connections[previous] = { main: [[{ node: 'Contact', type: 'main', index: 0 }]] };
	return { name: `Contacts e2e: ${operation} ${path}`, nodes, connections, settings: { executionOrder: 'v1' } };
}

describe('contact book in n8n 2.8.4 (Data Tables through the public API)', () => {
	const n8n = useN8n();
	let apiCredential: CredentialRef;
	const paths: Record<string, string> = {};
	const workflowIds: Record<string, string> = {};

	async function publish(key: string, workflow: WorkflowInput, credentials: Record<string, CredentialRef> = {}): Promise<void> {
		const created = await n8n().importWorkflow(workflow, { credentials: { [N8N_API_TYPE]: apiCredential, ...credentials } });
		await n8n().activateWorkflow(created.id);
		workflowIds[key] = created.id;
	}

	async function define(key: string, operation: string, parameters: Json, options: { bodyAsItem?: boolean; table?: Json } = {}): Promise<void> {
		paths[key] = uniquePath(`contacts-${key}`);
		await publish(key, contactWorkflow(paths[key], operation, parameters, options));
	}

	/** Runs the workflow with `body` and returns the Contact node's output items. */
	async function call(key: string, body: Json): Promise<Json[]> {
		const response = await n8n().postWebhook(paths[key], body);
		if (response.status !== 200) throw new Error(`${key} answered ${response.status}: ${response.text}`);
		return response.body as Json[];
	}

	/** Runs the workflow expecting the Contact node to fail; returns its error. */
	async function failure(key: string, body: Json, node = 'Contact'): Promise<{ message?: string; description?: string }> {
		const before = (await n8n().getExecutions(workflowIds[key])).length;
		const response = await n8n().postWebhook(paths[key], body);
		expect(response.status).not.toBe(200);
		const executions = await n8n().waitForExecutions(workflowIds[key], before + 1);
		const full = await n8n().getExecution(executions[0].id);
		expect(full.status).toBe('error');
		return nodeError(full as Execution, node) ?? {};
	}

	async function tableRows(client: N8nClient, waId: string): Promise<Json[]> {
		const tables = await client.api<{ data: Array<{ id: string; name: string }> }>('GET', `/data-tables?filter=${encodeURIComponent(JSON.stringify({ name: TABLE }))}`);
		const table = tables.data.find((t) => t.name === TABLE);
		if (!table) return [];
		const filter = JSON.stringify({ type: 'and', filters: [{ columnName: 'wa_id', condition: 'eq', value: waId }] });
		const rows = await client.api<{ data: Json[] }>('GET', `/data-tables/${table.id}/rows?limit=250&filter=${encodeURIComponent(filter)}`);
		return rows.data;
	}

	beforeAll(async () => {
		[apiCredential] = await n8n().importCredentials([
			{ name: `Contacts e2e n8n API ${Date.now()}`, type: N8N_API_TYPE, data: { baseUrl: n8n().baseUrl, apiKey: n8n().apiKey } },
		]);
		const waId = '={{ $json.body.waId }}';
		await define('get', 'get', { waId, createIfMissing: '={{ $json.body.create === true }}' });
		await define('upsert', 'upsert', {
			waId,
			fields: {
				profileName: '={{ $json.body.profileName }}',
				status: '={{ $json.body.status }}',
				assignedTeam: '={{ $json.body.team }}',
				labels: '={{ $json.body.labels }}',
				attributes: { attribute: [{ name: 'crm_id', value: '={{ $json.body.crmId }}' }] },
			},
		});
		await define('addLabels', 'addLabels', { waId, labels: '={{ $json.body.labels }}' });
		await define('removeLabels', 'removeLabels', { waId, labels: '={{ $json.body.labels }}' });
		await define('listByLabel', 'listByLabel', { label: '={{ $json.body.label }}', returnAll: true });
		await define('recordOptIn', 'recordOptIn', { waId, source: '={{ $json.body.source }}', options: {} });
		await define('recordOptOut', 'recordOptOut', { waId, keyword: '={{ $json.body.keyword }}', options: {} });
		await define('setAttributes', 'setAttributes', {
			waId,
			attributes: { attribute: [{ name: '={{ $json.body.name }}', value: '={{ $json.body.value }}' }] },
			removeAttributes: '={{ $json.body.remove ?? "" }}',
		});
		await define('recordInbound', 'recordInbound', { input: 'trigger' }, { bodyAsItem: true });
		await define('recordInboundFields', 'recordInbound', {
			input: 'fields',
			waId,
			profileName: '={{ $json.body.profileName }}',
			timestamp: '={{ $json.body.timestamp }}',
		});
		await define('check', 'checkBeforeSending', { waId, messageKind: '={{ $json.body.kind }}' });
		await define('deleteContact', 'deleteContact', { waId });
	}, 120_000);

	it('creates the table on first use with the event-log columns, then upserts and gets a contact', async () => {
		const [created] = await call('upsert', { waId: '+1 555 123 0001', profileName: 'Ana', status: 'pending', team: 'billing', labels: 'lead, web', crmId: 'A-17' });
		expect(created).toMatchObject({
			found: true,
			waId: WA,
			phone: '+15551230001',
			profileName: 'Ana',
			status: 'pending',
			assignedTeam: 'billing',
			labels: ['lead', 'web'],
			attributes: { crm_id: 'A-17' },
			windowOpen: false,
		});
		const tables = await n8n().api<{ data: Array<{ name: string; columns: Array<{ name: string; type: string }> }> }>(
			'GET',
			`/data-tables?filter=${encodeURIComponent(JSON.stringify({ name: TABLE }))}`,
		);
		const table = tables.data.find((t) => t.name === TABLE)!;
		expect(table.columns.map((c) => `${c.name}:${c.type}`).sort()).toEqual(['at:date', 'kind:string', 'label:string', 'value:string', 'wa_id:string']);
		const [got] = await call('get', { waId: WA });
		expect(got).toEqual(created);
	});

	it('get: an unknown contact is found = false, or created when asked', async () => {
		expect(await call('get', { waId: '+44 7700 900001' })).toEqual([{ found: false, waId: '447700900001' }]);
		const [created] = await call('get', { waId: '+44 7700 900001', create: true });
		expect(created).toMatchObject({ found: true, waId: '447700900001', labels: [] });
	});

	it('adds and removes labels and lists contacts by label', async () => {
		await call('addLabels', { waId: '4915100000001', labels: ['vip', 'awaiting payment'] });
		await call('addLabels', { waId: '4915100000002', labels: 'vip' });
		const [afterRemove] = await call('removeLabels', { waId: '4915100000001', labels: 'awaiting payment' });
		expect(afterRemove.labels).toEqual(['vip']);
		const listed = await call('listByLabel', { label: 'vip' });
		expect(listed.map((c) => c.waId)).toEqual(['4915100000001', '4915100000002']);
		expect(await call('listByLabel', { label: 'awaiting payment' })).toEqual([]);
	});

	it('records opt-in and opt-out, and check before sending tells marketing is refused', async () => {
		const [optedIn] = await call('recordOptIn', { waId: '4915100000003', source: 'checkout page' });
		expect(optedIn).toMatchObject({ optedIn: true, optedOut: false, optInSource: 'checkout page' });
		const [optedOut] = await call('recordOptOut', { waId: '4915100000003', keyword: 'STOP' });
		expect(optedOut).toMatchObject({ optedIn: false, optedOut: true, optOutKeyword: 'STOP', optedOutAt: expect.any(String) });
		const [check] = await call('check', { waId: '4915100000003', kind: 'marketing' });
		expect(check).toMatchObject({ found: true, optedOut: true, canSendMarketing: false, windowOpen: false, decision: 'refuse' });
		expect(check.reason).toContain('opted out');
	});

	it('sets and removes custom attributes', async () => {
		await call('setAttributes', { waId: WA, name: 'tier', value: 'gold' });
		const [removed] = await call('setAttributes', { waId: WA, name: 'language', value: 'pt', remove: 'crm_id' });
		expect(removed.attributes).toEqual({ language: 'pt', tier: 'gold' });
	});

	it('record inbound takes trigger items: a message opens the window and refreshes the profile name', async () => {
		const timestamp = new Date(Date.now() - 3600_000).toISOString();
		const [item] = await call('recordInbound', { event: 'message', waId: WA, profileName: 'Ana Souza', timestamp, messageId: 'wamid.IN1', text: 'hi' });
		expect(item).toMatchObject({ event: 'message', text: 'hi', contact: { waId: WA, profileName: 'Ana Souza', lastInboundAt: timestamp, windowOpen: true } });
		expect(Date.parse((item.contact as Json).windowUntil as string)).toBe(Date.parse(timestamp) + 24 * 3600_000);
		const [check] = await call('check', { waId: WA, kind: 'freeForm' });
		expect(check).toMatchObject({ windowOpen: true, canSendFreeForm: true, decision: 'send', windowRemainingMinutes: expect.any(Number) });
		// A marketing stop from the user-preferences webhook is an opt-out; other events pass through.
		const [stop] = await call('recordInbound', { event: 'userPreference', waId: '4915100000004', eventName: 'stop', timestamp });
		expect(stop.contact).toMatchObject({ optedOut: true });
		const [other] = await call('recordInbound', { event: 'templateStatus', eventName: 'APPROVED' });
		expect(other).toEqual({ event: 'templateStatus', eventName: 'APPROVED', contact: null });
		// n8n saved the table's ID with the workflow, so its next executions skip the lookup.
		const tables = await n8n().api<{ data: Array<{ id: string; name: string }> }>('GET', `/data-tables?filter=${encodeURIComponent(JSON.stringify({ name: TABLE }))}`);
		const saved = await n8n().api<{ staticData?: Record<string, { dataTableIds?: Json }> | null }>('GET', `/workflows/${workflowIds.recordInbound}`);
		expect(saved.staticData?.['node:Contact']?.dataTableIds).toEqual({ [`contacts|name:${TABLE}`]: tables.data.find((t) => t.name === TABLE)!.id });
	});

	it('record inbound takes mapped fields too (Unix seconds as Meta sends them)', async () => {
		const seconds = Math.floor(Date.now() / 1000) - 60;
		const [item] = await call('recordInboundFields', { waId: '+49 151 0000 0005', profileName: 'Jo', timestamp: String(seconds) });
		expect(item.contact).toMatchObject({ waId: '4915100000005', profileName: 'Jo', lastInboundAt: new Date(seconds * 1000).toISOString(), windowOpen: true });
	});

	it('delete removes every row of the person from the data table', async () => {
		await call('addLabels', { waId: '4915100000006', labels: 'to-forget' });
		await call('recordInboundFields', { waId: '4915100000006', profileName: 'Forget Me' });
		expect((await tableRows(n8n(), '4915100000006')).length).toBe(2);
		expect(await call('deleteContact', { waId: '4915100000006' })).toEqual([{ waId: '4915100000006', deleted: true, rowsDeleted: 2 }]);
		expect(await tableRows(n8n(), '4915100000006')).toEqual([]);
		expect(await call('get', { waId: '4915100000006' })).toEqual([{ found: false, waId: '4915100000006' }]);
	});

	describe('bad input', () => {
		it('a malformed phone number names the field', async () => {
			const error = await failure('addLabels', { waId: 'call me maybe', labels: 'vip' });
			expect(error.message).toContain('Contact Phone Number "call me maybe" is not a phone number');
		});

		it('labels that are not text name the field and the entry', async () => {
			const error = await failure('addLabels', { waId: WA, labels: ['ok', 42] });
			expect(error.message).toBe('Labels: entry 2 is a number (42); labels must be text');
		});

		it('a foreign data table is refused with the columns it lacks', async () => {
			const foreign = `foreign_${Date.now()}`;
			await n8n().api('POST', '/data-tables', { name: foreign, columns: [{ name: 'wa_id', type: 'string' }, { name: 'note', type: 'string' }] });
			paths.foreign = uniquePath('contacts-foreign');
			await publish('foreign', contactWorkflow(paths.foreign, 'get', { waId: '={{ $json.body.waId }}' }, { table: { __rl: true, mode: 'name', value: foreign } }));
			const error = await failure('foreign', { waId: WA });
			expect(error.message).toContain(`Contact Book Table: the data table "${foreign}" is not a contact book`);
			expect(error.message).toContain('column "kind" (string) is missing');
		});

		it('a missing table ID is a clear error naming the field', async () => {
			paths.missing = uniquePath('contacts-missing');
			await publish('missing', contactWorkflow(paths.missing, 'get', { waId: '={{ $json.body.waId }}' }, { table: { __rl: true, mode: 'id', value: 'noSuchTable123' } }));
			const error = await failure('missing', { waId: WA });
			expect(error.message).toBe(
				'Contact Book Table: there is no data table with ID "noSuchTable123" that the n8n API key can see. Copy the ID from n8n\'s Data tables page, or give the table by name',
			);
		});
	});

	it('keeps every one of 150 concurrent updates to one contact (100 labels, 50 attributes)', async () => {
		const waId = '4915100009999';
		const requests = [
			...Array.from({ length: 100 }, (_, i) => async () => await call('addLabels', { waId, labels: `c-${i}` })),
			...Array.from({ length: 50 }, (_, i) => async () => await call('setAttributes', { waId, name: `k${i}`, value: String(i) })),
		];
		let next = 0;
		let failures = 0;
		const worker = async () => {
			while (next < requests.length) {
				const run = requests[next++];
				await run().catch(() => failures++);
			}
		};
		// 50 in flight, as in the findings' experiments where read-modify-write kept 2 of 50.
		await Promise.all(Array.from({ length: 50 }, worker));
		expect(failures).toBe(0);
		const [contact] = await call('get', { waId });
		expect((contact.labels as string[]).length).toBe(100);
		expect(Object.keys(contact.attributes as Json).length).toBe(50);
		// Reads compacted the log on the way: far fewer rows than events.
		expect((await tableRows(n8n(), waId)).length).toBeLessThan(150);
	}, 300_000);

	describe('window-aware sending (Message and Template sends with "Check Contact Book")', () => {
		let sim: SimulatorHandle;
		let graphCredential: CredentialRef;

		function sendWorkflow(path: string, resource: 'message' | 'template', options: Json): WorkflowInput {
			const send =
				resource === 'message'
					? { resource, operation: 'sendText', recipient: '={{ $json.body.to }}', text: 'Hello', previewUrl: false, sendOptions: {} }
					: {
							resource,
							operation: 'send',
							recipient: '={{ $json.body.to }}',
							template: { __rl: true, mode: 'name', value: '={{ $json.body.template }}' },
							language: 'en_US',
							templateParameters: { mappingMode: 'defineBelow', value: null },
							sendOptions: {},
						};
			return {
				name: `Contacts e2e guard ${path}`,
				nodes: [
					webhookNode(path, 'allEntries'),
					{
						id: crypto.randomUUID(),
						name: 'Send',
						type: TYPES.action,
						typeVersion: 1,
						position: [240, 0],
						parameters: {
							...send,
							phoneNumberId: { __rl: true, mode: 'list', value: '' },
							contactBook: true,
							contactBookTable: { __rl: true, mode: 'name', value: TABLE },
							contactBookOptions: options,
						},
					},
				],
				connections: { Webhook: { main: [[{ node: 'Send', type: 'main', index: 0 }]] } },
				settings: { executionOrder: 'v1' },
			};
		}

		async function defineSend(key: string, resource: 'message' | 'template', options: Json): Promise<void> {
			paths[key] = uniquePath(`contacts-${key}`);
			await publish(key, sendWorkflow(paths[key], resource, options), { [TYPES.credential]: graphCredential });
		}

		beforeAll(async () => {
			sim = await startSimulator({ port: 0 });
			[graphCredential] = await n8n().importCredentials([
				whatsAppCredential(`Contacts e2e sim ${Date.now()}`, {
					url: sim.url,
					token: 'sim-token',
					businessAccountId: '102290129340398',
					phoneNumberId: '106540352242922',
				}),
			]);
			await defineSend('sendRefuse', 'message', {});
			await defineSend('sendFallback', 'message', { closedWindow: 'template', fallbackTemplateName: 'hello_world', fallbackTemplateLanguage: 'en_US' });
			await defineSend('sendTemplate', 'template', {});
		}, 120_000);

		afterAll(async () => {
			await sim?.stop();
		});

		const sentTo = (to: string) => sim.acceptedMessages.filter((m) => JSON.stringify(m).includes(to));

		it('sends inside the window and records the outbound time', async () => {
			sim.openWindow(WA);
			const [sent] = await call('sendRefuse', { to: WA });
			expect(sent).toMatchObject({ messageId: expect.stringMatching(/^wamid\./), contactBook: { windowOpen: true, optedOut: false } });
			const [contact] = await call('get', { waId: WA });
			expect(Date.now() - Date.parse(contact.lastOutboundAt as string)).toBeLessThan(60_000);
		});

		it('refuses a free-form message to a closed window with a clear error, sending nothing', async () => {
			const before = sentTo('4915100000002').length;
			const error = await failure('sendRefuse', { to: '4915100000002' }, 'Send');
			expect(error.message).toContain('The 24-hour customer-service window is closed (the contact book has no message from this customer)');
			expect(sentTo('4915100000002').length).toBe(before);
		});

		it('sends the chosen template instead when asked', async () => {
			const [sent] = await call('sendFallback', { to: '4915100000002' });
			expect(sent).toMatchObject({ contactBook: { windowOpen: false, sentTemplateInstead: 'hello_world' } });
			const request = sim.requests.filter((r) => r.path.endsWith('/messages')).at(-1)!;
			expect(request.body).toMatchObject({ to: '4915100000002', type: 'template', template: { name: 'hello_world', language: { code: 'en_US' } } });
			expect((request.body as Json).text).toBeUndefined();
		});

		it('never sends a marketing template to an opted-out contact; utility templates still go', async () => {
			// A marketing template without variables, approved in the simulator.
			const created = await fetch(`${sim.url}/v25.0/102290129340398/message_templates`, {
				method: 'POST',
				headers: { authorization: 'Bearer sim-token', 'content-type': 'application/json' },
				body: JSON.stringify({ name: 'promo_plain', language: 'en_US', category: 'MARKETING', components: [{ type: 'BODY', text: 'Our summer sale starts today.' }] }),
			});
			expect(created.status).toBe(200);
			await sim.setTemplateStatus('promo_plain', 'APPROVED', { language: 'en_US' });
			// 4915100000003 opted out above.
			const before = sentTo('4915100000003').length;
			const error = await failure('sendTemplate', { to: '4915100000003', template: 'promo_plain' }, 'Send');
			expect(error.message).toContain('The contact opted out of marketing messages: a marketing template is not sent to them');
			expect(sentTo('4915100000003').length).toBe(before);
			// Someone who did not opt out gets it.
			const [toOther] = await call('sendTemplate', { to: WA, template: 'promo_plain' });
			expect(toOther).toMatchObject({ messageId: expect.stringMatching(/^wamid\./) });
			const [utility] = await call('sendTemplate', { to: '4915100000003', template: 'hello_world' });
			expect(utility).toMatchObject({ messageId: expect.stringMatching(/^wamid\./) });
		});
	});
});
