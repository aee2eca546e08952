/* eslint-disable @n8n/community-nodes/no-restricted-globals -- test code runs in Node, not inside n8n */
/**
 * Every workflow template of `examples/templates/` in a real n8n: imported as a user imports it
 * (credentials by name, bound here to the ones this run created), its WhatsApp credential on the
 * Cloud API simulator, its third-party calls on local stand-ins (HubSpot, Slack, an OpenAI-shaped
 * model, the shop's webhooks), published, driven with signed webhooks or its own trigger, and
 * judged by what the simulator and the stand-ins received.
 */
import { randomUUID } from 'node:crypto';

import { AGENTS_TABLE_COLUMNS } from '../../nodes/shared/conversations/dataTableStore';
import type { SimulatorHandle } from '../../simulator';
import { startSimulator } from '../../simulator';
import type { CredentialRef, SlackStub, WorkflowInput } from './harness';
import { startSlackStub, threadReplyEvent, TYPES, useN8n, webhookNode } from './harness';
import type { HubSpotStandIn, OpenAiStandIn } from './harness/standIns';
import { runToken, shopifyWebhook, startHubSpotStandIn, startOpenAiStandIn, wooCommerceWebhook } from './harness/standIns';
import { bindTemplate, loadTemplate, nodeTypeDescriptions, templateCredentials, templateFiles, templateIssues, withWebhookTrigger } from './harness/templates';

type Json = Record<string, unknown>;

const RUN = Date.now().toString(36);
const PN = '106540352242922';
/** Names the templates use for data tables and webhook paths; each run gets its own. */
const PER_RUN = ['whatsapp_conversations', 'whatsapp_agents', 'whatsapp_contact_events', 'appointments', 'marketing_list', 'spring-sale', 'whatsapp-support-slack-events', 'shop-order-updates', 'whatsapp-send-invoice'];

const sleep = async (ms: number) => await new Promise((resolve) => setTimeout(resolve, ms));

async function until<T>(what: string, check: () => T | undefined | false | Promise<T | undefined | false>, timeoutMs = 30_000): Promise<T> {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const value = await check();
		if (value) return value;
		if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
		await sleep(150);
	}
}

describe('workflow templates in a real n8n, against the simulator and stand-ins', () => {
	const n8n = useN8n();
	let sim: SimulatorHandle;
	let slack: SlackStub;
	let hubspot: HubSpotStandIn;
	let ai: OpenAiStandIn;
	let credentials: Record<string, Record<string, CredentialRef>>;
	const active: string[] = [];

	const sends = (to: string) => sim.requests.filter((r) => r.method === 'POST' && r.path.endsWith(`/${PN}/messages`) && (r.body as Json)?.to === to).map((r) => r.body as Json);
	const textsTo = (to: string) => sends(to).map((body) => (body.text as Json | undefined)?.body);
	const waitForSend = async (to: string, count: number, timeoutMs?: number) => await until(`${count} sends to ${to}`, () => sends(to).length >= count && sends(to), timeoutMs);

	function prepare(file: string, tweak: (wf: WorkflowInput) => WorkflowInput = (wf) => wf): WorkflowInput {
		return tweak(
			bindTemplate(loadTemplate(file), {
				credentials,
				replace: [
					['https://api.hubapi.com', hubspot.url],
					['https://slack.com/api', `${slack.url}/api`],
					...PER_RUN.map((name): [string, string] => [`"${name}"`, `"${name}_${RUN}"`]),
					...PER_RUN.map((name): [string, string] => [`'${name}'`, `'${name}_${RUN}'`]),
				],
			}),
		);
	}

	async function publish(wf: WorkflowInput): Promise<string> {
		const created = await n8n().importWorkflow(wf);
		await n8n().activateWorkflow(created.id);
		active.push(created.id);
		return created.id;
	}

	async function unpublish(id: string): Promise<void> {
		await n8n().deactivateWorkflow(id);
		active.splice(active.indexOf(id), 1);
	}

	async function dataTable(name: string, columns: Array<{ name: string; type: string }>, rows: Json[]): Promise<string> {
		const table = await n8n().api<{ id: string }>('POST', '/data-tables', { name: `${name}_${RUN}`, columns });
		if (rows.length) await n8n().api('POST', `/data-tables/${table.id}/rows`, { data: rows, returnType: 'id' });
		return table.id;
	}

	async function tableRows(id: string): Promise<Json[]> {
		return (await n8n().api<{ data: Json[] }>('GET', `/data-tables/${id}/rows?limit=250`)).data;
	}

	async function createTemplate(name: string, category: string, components: Json[]): Promise<void> {
		const response = await fetch(`${sim.url}/v25.0/${sim.options.businessAccountId}/message_templates`, {
			method: 'POST',
			headers: { authorization: `Bearer ${sim.options.accessToken}`, 'content-type': 'application/json' },
			body: JSON.stringify({ name, language: 'en_US', category, parameter_format: 'POSITIONAL', components }),
		});
		if (!response.ok) throw new Error(`creating template ${name}: ${response.status} ${await response.text()}`);
		await until(`template ${name} approved`, () => sim.templates().some((t) => t.name === name && t.status === 'APPROVED'), 10_000);
	}

	beforeAll(async () => {
		sim = await startSimulator({ port: 0, windowOpenForAll: true, messagesPerSecond: 1000, statusDelaysMs: { sent: 20, delivered: 60, read: 120 }, templateApprovalDelayMs: 0, logger: () => undefined });
		slack = await startSlackStub(runToken('xoxb'));
		hubspot = await startHubSpotStandIn([{ id: '501', phone: '+5511987650001', firstname: 'Ana', lastname: 'Souza', email: 'ana@example.com' }]);
		ai = await startOpenAiStandIn();
		await createTemplate('order_delivered', 'UTILITY', [{ type: 'BODY', text: 'Hi {{1}}, your order {{2}} was delivered.', example: { body_text: [['Pablo', '1001']] } }]);
		await createTemplate('appointment_confirm_cancel', 'UTILITY', [
			{ type: 'HEADER', format: 'TEXT', text: 'Appointment on {{1}}', example: { header_text: ['June 3'] } },
			{ type: 'BODY', text: 'Hi {{1}}, this is a reminder of your appointment at {{2}}. Please confirm below.', example: { body_text: [['Pablo', '9:00']] } },
			{ type: 'BUTTONS', buttons: [{ type: 'QUICK_REPLY', text: 'Confirm' }, { type: 'QUICK_REPLY', text: 'Cancel' }] },
		]);
		await createTemplate('spring_sale', 'MARKETING', [{ type: 'BODY', text: 'Hi {{1}}, our spring sale starts today: 20% off everything.', example: { body_text: [['Pablo']] } }]);

		credentials = await templateCredentials(n8n(), sim, { hubspot: hubspot.token, slack: slack.token, openAi: { url: `${ai.url}/v1`, token: ai.token } });
	}, 120_000);

	afterEach(async () => {
		// On a failure, say which node of the template failed and why.
		for (const id of active) {
			const all = await n8n().getExecutions(id).catch(() => []);
			if (process.env.WABP_TEMPLATES_DEBUG) {
				const last = all[0] && (await n8n().getExecution(String(all[0].id), true));
				process.stderr.write(`[templates e2e] ${all.length} executions; last: ${JSON.stringify(Object.fromEntries(Object.entries(last?.data?.resultData.runData ?? {}).map(([k, v]) => [k, v[0]?.data?.main?.map((o) => [o?.length ?? 0, JSON.stringify(o?.[0]?.json ?? null).slice(0, 300)]) ?? v[0]?.error?.message])))}\n`);
			}
			const failed = all.filter((e) => e.status === 'error').slice(0, 2);
			for (const execution of failed) {
				const full = await n8n().getExecution(String(execution.id), true).catch(() => undefined);
				const error = full?.data?.resultData.error;
				if (error) process.stderr.write(`[templates e2e] workflow ${id} execution ${execution.id}: ${full?.data?.resultData.lastNodeExecuted}: ${error.message} ${error.description ?? ''}\n`);
			}
		}
		for (const id of [...active]) await unpublish(id).catch(() => undefined);
		sim.setWebhookUrl(undefined);
	});

	afterAll(async () => {
		await Promise.all([sim?.stop(), slack?.stop(), hubspot?.stop(), ai?.stop()]);
	});

	it('every template is in the gallery: sticky note, credentials by name only, this package’s node types', () => {
		const files = templateFiles();
		expect(files).toEqual(['ai-agent.json', 'appointment-reminders.json', 'faq-bot.json', 'marketing-campaign.json', 'media-in-out.json', 'monitoring.json', 'order-updates.json', 'support-inbox.json']);
		for (const file of files) {
			const template = loadTemplate(file);
			const text = JSON.stringify(template);
			expect({ file, sticky: template.nodes.some((n) => n.type === 'n8n-nodes-base.stickyNote' && String(n.parameters.content).includes('Setup')) }).toEqual({ file, sticky: true });
			expect({ file, ours: template.nodes.some((n) => n.type.startsWith('n8n-nodes-whatsapp-business-platform.')) }).toEqual({ file, ours: true });
			for (const node of template.nodes) {
				for (const ref of Object.values(node.credentials ?? {})) expect({ file, node: node.name, ref }).toEqual({ file, node: node.name, ref: { name: expect.any(String) } });
			}
			// No tokens, keys or local addresses.
			expect({ file, secrets: text.match(/(Bearer [A-Za-z0-9]|xox[bp]-[A-Za-z0-9]|sk-[A-Za-z0-9]{8,}|EAA[A-Za-z0-9]{10,}|127\.0\.0\.1|localhost)/g) }).toEqual({ file, secrets: null });
		}
	});

	it('every template imports as it is (credentials by name) and the editor would flag nothing on any node', async () => {
		const descriptions = await nodeTypeDescriptions(n8n());
		for (const file of templateFiles()) {
			const template = loadTemplate(file);
			expect({ file, issues: templateIssues(template, descriptions) }).toEqual({ file, issues: [] });
			const created = await n8n().importWorkflow(template);
			const stored = await n8n().api<{ nodes: Array<{ name: string }> }>('GET', `/workflows/${created.id}`);
			expect(stored.nodes.map((n) => n.name).sort()).toEqual(template.nodes.map((n) => n.name).sort());
			await n8n().deleteWorkflow(created.id);
		}
		// The check sees what the editor sees: a required field left empty and a missing credential.
		const broken = loadTemplate('faq-bot.json');
		const menu = broken.nodes.find((n) => n.name === 'Send Menu')!;
		menu.parameters = { ...menu.parameters, buttonText: '' };
		delete menu.credentials;
		expect(templateIssues(broken, descriptions)).toEqual([expect.stringMatching(/^Send Menu: buttonText: /), 'Send Menu: credential whatsAppBusinessPlatformApi is required but not set']);
	});

	it('support inbox: quick reply, bot, region routing, round-robin agent, HubSpot lookup, Slack thread and the agent’s reply back', async () => {
		await dataTable('whatsapp_agents', AGENTS_TABLE_COLUMNS, [
			{ agent: 'U_ANA', name: 'Ana', teams: 'support-br', capacity: 0, available: true, contact: 'D_ANA' },
			{ agent: 'U_JAN', name: 'Jan', teams: 'support-de', capacity: 0, available: true, contact: 'D_JAN' },
		]);
		await publish(prepare('support-inbox.json'));
		const BR = '5511987650001';
		const DE = '4915112340001';
		await sim.injectInbound({ from: BR, type: 'text', text: '/hours', profileName: 'Ana' });
		await until('the quick reply', () => textsTo(BR).includes('We answer every day, around the clock.'));
		await sim.injectInbound({ from: BR, type: 'text', text: 'oi', profileName: 'Ana' });
		await until('the bot reply', () => textsTo(BR).some((t) => String(t).startsWith('Thanks, Ana! Our assistant noted: "oi"')));

		await sim.injectInbound({ from: BR, type: 'text', text: 'agent', profileName: 'Ana' });
		await sim.injectInbound({ from: DE, type: 'text', text: 'mensch', profileName: 'Jan K' });
		await until('the handoff messages', () => textsTo(BR).includes('Connecting you to a person from our team.') && textsTo(DE).includes('Connecting you to a person from our team.'));
		const threads = await until('two Slack threads', () => slack.posts.filter((p) => !p.threadTs).length >= 2 && slack.posts.filter((p) => !p.threadTs));
		const ana = threads.find((p) => p.channel === 'D_ANA')!;
		expect(ana.text).toContain(`+${BR} (support-br)`);
		expect(ana.text).toContain('HubSpot: Ana Souza (contact 501)');
		expect(threads.find((p) => p.channel === 'D_JAN')!.text).toContain('not in HubSpot');
		const searches = hubspot.calls.map((c) => c.body as { filterGroups: Array<{ filters: Array<{ value: string }> }> });
		expect(searches.map((s) => s.filterGroups[0].filters[0].value).sort()).toEqual([`+${DE}`, `+${BR}`].sort());
		expect(hubspot.calls.every((c) => c.headers.authorization === `Bearer ${hubspot.token}`)).toBe(true);

		// While Ana owns it, the customer's messages go to her thread, not to the bot.
		await sim.injectInbound({ from: BR, type: 'text', text: 'meu pedido chegou?' });
		await until('the forwarded message', () => slack.posts.some((p) => p.threadTs === ana.ts && p.text === 'Customer: meu pedido chegou?'));
		const slackPath = `whatsapp-support-slack-events_${RUN}`;
		const challenge = await n8n().postWebhook(slackPath, { type: 'url_verification', challenge: 'challenge-42' });
		expect(challenge.text).toBe('challenge-42');
		await n8n().postWebhook(slackPath, threadReplyEvent({ channel: 'D_ANA', threadTs: ana.ts, user: 'U_ANA', text: 'Olá! Seu pedido sai hoje.' }));
		await until('the agent reply on WhatsApp', () => textsTo(BR).includes('Olá! Seu pedido sai hoje.'));
		await n8n().postWebhook(slackPath, threadReplyEvent({ channel: 'D_ANA', threadTs: ana.ts, user: 'U_ANA', text: '!bot' }));
		await until('the release message', () => textsTo(BR).includes('Thanks! Our assistant is back if you need anything else.'));
		expect(textsTo(DE)).toEqual(['Connecting you to a person from our team.']);

		// STOP is handled by the inbox before any routing: confirmed, no bot, no agent.
		const OUT = '5511987650009';
		const threadsBefore = slack.posts.length;
		await sim.injectInbound({ from: OUT, type: 'text', text: 'Stop!' });
		await until('the opt-out confirmation', () => textsTo(OUT).length >= 1);
		await sleep(1000);
		expect(textsTo(OUT)).toEqual(['You will no longer receive marketing messages from us. Reply START to subscribe again.']);
		expect(slack.posts).toHaveLength(threadsBefore);
	});

	it('order updates: Shopify and WooCommerce webhooks become confirmation, shipping and delivery templates outside the window, a text inside it', async () => {
		await publish(prepare('order-updates.json'));
		const path = `shop-order-updates_${RUN}`;
		const secret = runToken('shop');
		const order = { id: 45001, number: '1001', phone: '+34 600 111 222', firstName: 'Lucía' };
		for (const webhook of [
			shopifyWebhook('orders/create', order, secret),
			shopifyWebhook('fulfillments/create', order, secret),
			shopifyWebhook('fulfillments/update', order, secret, { shipment_status: 'in_transit' }),
			shopifyWebhook('fulfillments/update', order, secret, { shipment_status: 'delivered' }),
			wooCommerceWebhook('order.created', { id: 88, number: '88', phone: '+34 600 333 444', firstName: 'Marta' }, secret),
		]) {
			const response = await n8n().postWebhook(path, webhook.body, webhook.headers);
			expect(response.status).toBe(200);
		}
		const lucia = await waitForSend('34600111222', 3);
		await waitForSend('34600333444', 1);
		await sleep(1500);
		const summary = (body: Json) => {
			const template = body.template as { name: string; components: Array<{ parameters: Array<{ text?: string; parameter_name?: string }> }> };
			return [template.name, template.components[0].parameters.map((p) => p.text)];
		};
		// in_transit sends nothing: only "delivered" is a delivery.
		// The shop's calls run concurrently (the webhook answers at once), so compare without order.
		expect(sends('34600111222').map(summary).sort()).toEqual([
			['order_confirmation', ['Lucía', '1001']],
			['order_delivered', ['Lucía', '1001']],
			['order_shipped_named', ['Lucía', '1001', 'soon']],
		]);
		expect(lucia.every((body) => body.type === 'template')).toBe(true);
		expect(sends('34600333444').map(summary)).toEqual([['order_confirmation', ['Marta', '88']]]);

		// A customer who wrote an hour ago is inside the 24-hour window: a free-form text instead.
		const recordPath = `record-inbound-${RUN}`;
		const api = Object.values(credentials.whatsAppBusinessPlatformN8nApi)[0];
		await publish({
			name: `Record inbound ${RUN}`,
			nodes: [
				webhookNode(recordPath),
				{ id: randomUUID(), name: 'Record Inbound', type: TYPES.action, typeVersion: 1, position: [240, 0], credentials: { whatsAppBusinessPlatformN8nApi: api }, parameters: { resource: 'contact', operation: 'recordInbound', contactTable: { __rl: true, mode: 'name', value: `whatsapp_contact_events_${RUN}` }, input: 'fields', waId: '={{ $json.body.waId }}', profileName: '={{ $json.body.name }}', timestamp: '={{ $json.body.timestamp }}' } },
			],
			connections: { Webhook: { main: [[{ node: 'Record Inbound', type: 'main', index: 0 }]] } },
			settings: { executionOrder: 'v1' },
		});
		expect((await n8n().postWebhook(recordPath, { waId: '34600555666', name: 'Nora', timestamp: new Date(Date.now() - 3600_000).toISOString() })).status).toBe(200);
		const nora = shopifyWebhook('orders/create', { id: 45002, number: '1002', phone: '+34 600 555 666', firstName: 'Nora' }, secret);
		expect((await n8n().postWebhook(path, nora.body, nora.headers)).status).toBe(200);
		await waitForSend('34600555666', 1);
		expect(sends('34600555666')).toEqual([expect.objectContaining({ type: 'text', text: expect.objectContaining({ body: 'Hi Nora, your order 1002 is confirmed.' }) })]);
	});

	it('appointment reminders: the schedule sends Confirm / Cancel buttons from the table, and the reply updates the row', async () => {
		const columns = ['name', 'phone', 'date', 'time', 'status'].map((name) => ({ name, type: 'string' }));
		const tableId = await dataTable('appointments', columns, [
			{ name: 'Ana', phone: '+34611000001', date: '2026-12-03', time: '10:00', status: 'pending' },
			{ name: 'Bo', phone: '+34611000002', date: '2026-12-03', time: '11:30', status: 'pending' },
			{ name: 'Cy', phone: '+34611000003', date: '2026-12-01', time: '09:00', status: 'confirmed' },
		]);
		// The template runs at 08:00; here every 2 seconds, as the trigger's own schedule.
		await publish(prepare('appointment-reminders.json', (wf) => ({
			...wf,
			nodes: wf.nodes.map((n) => (n.name === 'Every Morning' ? { ...n, parameters: { rule: { interval: [{ field: 'seconds', secondsInterval: 2 }] } } } : n)),
		})));
		const rows = await tableRows(tableId);
		if (process.env.WABP_TEMPLATES_DEBUG) process.stderr.write(`[templates e2e] rows ${JSON.stringify(rows)}\n`);
		const ana = rows.find((r) => r.name === 'Ana')!;
		const bo = rows.find((r) => r.name === 'Bo')!;
		await waitForSend('+34611000001', 1);
		await waitForSend('+34611000002', 1);
		await until('both rows marked reminded', async () => (await tableRows(tableId)).filter((r) => r.status === 'reminded').length === 2);
		const reminder = sends('+34611000001')[0].template as { name: string; components: Json[] };
		expect(reminder.name).toBe('appointment_confirm_cancel');
		expect(reminder.components).toEqual(expect.arrayContaining([
			{ type: 'button', sub_type: 'quick_reply', index: '0', parameters: [{ type: 'payload', payload: `confirm:${ana.id}` }] },
			{ type: 'button', sub_type: 'quick_reply', index: '1', parameters: [{ type: 'payload', payload: `cancel:${ana.id}` }] },
		]));
		expect(sends('+34611000003')).toEqual([]);

		await sim.injectInbound({ from: '34611000001', type: 'button', payload: `confirm:${ana.id}`, text: 'Confirm' });
		await sim.injectInbound({ from: '34611000002', type: 'button', payload: `cancel:${bo.id}`, text: 'Cancel' });
		await until('the answers', () => textsTo('34611000001').length === 1 && textsTo('34611000002').length === 1);
		expect(textsTo('34611000001')).toEqual(['Thanks Ana, see you on 2026-12-03 at 10:00.']);
		expect(textsTo('34611000002')).toEqual(['Your appointment on 2026-12-03 is cancelled. Write to us to book a new one.']);
		const after = Object.fromEntries((await tableRows(tableId)).map((r) => [r.name, r.status]));
		expect(after).toEqual({ Ana: 'confirmed', Bo: 'cancelled', Cy: 'confirmed' });
		// Later schedule runs find nothing pending: no second reminder.
		await sleep(2500);
		expect(sends('+34611000001')).toHaveLength(1);
		expect(sends('+34611000002')).toHaveLength(1);
	});

	it('FAQ bot: a list menu, answers by row, a hand-off that silences the bot', async () => {
		await publish(prepare('faq-bot.json'));
		const C = '15550001111';
		await sim.injectInbound({ from: C, type: 'text', text: 'hi', profileName: 'Dee' });
		const [menu] = await waitForSend(C, 1);
		expect(menu).toMatchObject({ type: 'interactive', interactive: { type: 'list', body: { text: 'Hi Dee! What can we help you with?' }, action: { button: 'Questions' } } });
		const rowIds = ((menu.interactive as Json).action as { sections: Array<{ rows: Array<{ id: string }> }> }).sections.flatMap((s) => s.rows.map((r) => r.id));
		expect(rowIds).toEqual(['faq_hours', 'faq_shipping', 'faq_returns', 'human']);
		await sim.injectInbound({ from: C, type: 'list_reply', replyId: 'faq_shipping', text: 'Shipping' });
		await until('the answer', () => textsTo(C).some((t) => String(t).startsWith('Orders ship within 2 working days')));
		await sim.injectInbound({ from: C, type: 'list_reply', replyId: 'human', text: 'Talk to a person' });
		await until('the hand-off message', () => textsTo(C).includes('A person from our team will answer you here shortly.'));
		const before = sends(C).length;
		await sim.injectInbound({ from: C, type: 'text', text: 'hello?' });
		await sleep(2500);
		expect(sends(C)).toHaveLength(before);
	});

	it('AI agent: the model reads the contact, answers through the WhatsApp tool, hands off through the hand-off tool', async () => {
		const workflowId = await publish(prepare('ai-agent.json'));
		const C = '15550002222';
		await sim.injectInbound({ from: C, type: 'text', text: 'When are you open?', profileName: 'Eve' });
		await until('the agent’s answer', () => textsTo(C).length >= 1);
		expect(textsTo(C)).toEqual(['Hi Eve! We are open Monday to Saturday, 9:00 to 18:00. Welcome to Lucky Shrub.']);
		const first = ai.chatRequests[0];
		expect(first.tools.map((t) => t.function.name).sort()).toEqual(['Hand_Off_to_a_Person', 'Read_Contact', 'Send_WhatsApp_Reply']);
		expect(first.messages.find((m) => m.role === 'user')?.content).toContain('Customer Eve (WhatsApp 15550002222) wrote: When are you open?');
		// The contact tool's answer reached the model before it wrote the reply.
		expect(ai.chatRequests.some((r) => r.messages.some((m) => m.role === 'tool' && String(m.content).includes('"found"')))).toBe(true);
		expect(ai.calls.every((c) => c.headers.authorization === `Bearer ${ai.token}`)).toBe(true);

		await sim.injectInbound({ from: C, type: 'text', text: 'I want a human please' });
		await until('the hand-off message', () => textsTo(C).includes('A person from our team will answer you here shortly.'));
		// The agent's last model call (after the hand-off tool answered) ends that execution.
		await n8n().waitForExecutions(workflowId, 2);
		const calls = ai.chatRequests.length;
		await sim.injectInbound({ from: C, type: 'text', text: 'hello?' });
		await sleep(2500);
		// The bot no longer owns the conversation: no model call, no answer.
		expect(ai.chatRequests).toHaveLength(calls);
		expect(textsTo(C)).toHaveLength(2);
	});

	it('marketing campaign: opted-in contacts only, paced sends, statuses recorded by the trigger, the funnel posted to Slack', async () => {
		await dataTable('marketing_list', [{ name: 'phone', type: 'string' }, { name: 'name', type: 'string' }, { name: 'opted_in', type: 'boolean' }], [
			{ phone: '+15550003001', name: 'Fay', opted_in: true },
			{ phone: '+15550003002', name: 'Gus', opted_in: false },
			{ phone: '+15550003003', name: 'Hal', opted_in: true },
		]);
		const start = `campaign-start-${RUN}`;
		const report = `campaign-report-${RUN}`;
		await publish(prepare('marketing-campaign.json', (wf) => withWebhookTrigger(withWebhookTrigger(wf, 'Start Campaign', start, randomUUID()), 'Hourly Report', report, randomUUID())));
		const started = await n8n().postWebhook(start, {});
		expect(started.status).toBe(200);
		await waitForSend('+15550003001', 1);
		await waitForSend('+15550003003', 1);
		expect(sends('+15550002002')).toEqual([]);
		expect(sends('+15550003002')).toEqual([]);
		expect(sends('+15550003001')[0]).toMatchObject({ type: 'template', template: { name: 'spring_sale', components: [{ type: 'body', parameters: [{ type: 'text', text: 'Fay' }] }] } });
		// The simulator sends sent → delivered → read; the trigger records them for the campaign.
		const posted = await until('a report with both reads', async () => {
			await n8n().postWebhook(report, {});
			const last = slack.posts.at(-1);
			return last && /2 read/.test(last.text) && last;
		}, 40_000);
		expect(posted).toMatchObject({ channel: '#marketing', text: `Campaign spring-sale_${RUN}: 2 sent, 2 delivered, 2 read, 0 failed` });
	});

	it('media: a voice note is downloaded and transcribed; a generated PDF invoice is uploaded and sent', async () => {
		await publish(prepare('media-in-out.json'));
		const C = '15550004444';
		const voice = Buffer.from('OggS fake opus voice note bytes for the stand-in');
		await sim.injectInbound({ from: C, type: 'audio', voice: true, mimeType: 'audio/ogg; codecs=opus', mediaBytes: voice });
		await until('the transcript', () => textsTo(C).length >= 1);
		expect(textsTo(C)).toEqual([`We got your voice note: "voice note of ${voice.length} bytes"`]);
		expect(ai.transcriptions.at(-1)).toMatchObject({ bytes: voice.length, model: 'whisper-1' });

		const response = await n8n().postWebhook(`whatsapp-send-invoice_${RUN}`, { phone: '+15550004444', invoice: 'INV-1001', amount: '49.90 EUR', name: 'Ivy' });
		expect(response.status).toBe(200);
		const upload = await until('the PDF upload', () => sim.requests.find((r) => r.method === 'POST' && r.path.endsWith(`/${PN}/media`)));
		expect(upload.body).toEqual({ multipart: expect.arrayContaining([expect.objectContaining({ name: 'file', filename: 'INV-1001.pdf', contentType: 'application/pdf' })]) });
		const doc = await until('the document message', () => sends('+15550004444').find((b) => b.type === 'document'));
		expect(doc.document).toMatchObject({ id: expect.any(String), caption: 'Your invoice INV-1001 (49.90 EUR)', filename: 'INV-1001.pdf' });
		// The uploaded file is a PDF with the invoice in it (read back as the customer's phone would).
		const auth = { authorization: `Bearer ${sim.options.accessToken}` };
		const media = (await (await fetch(`${sim.url}/v25.0/${String((doc.document as Json).id)}`, { headers: auth })).json()) as { url: string; mime_type: string };
		expect(media.mime_type).toBe('application/pdf');
		const pdf = Buffer.from(await (await fetch(media.url, { headers: auth })).arrayBuffer()).toString('latin1');
		expect(pdf.startsWith('%PDF-1.4')).toBe(true);
		expect(pdf).toContain('(Invoice INV-1001) Tj');
		expect(pdf.trimEnd().endsWith('%%EOF')).toBe(true);
	});

	it('monitoring: a rejected template, a quality drop and a phone number downgrade reach Slack; an approval does not; the green tick status is posted', async () => {
		const greenTickPath = `green-tick-${RUN}`;
		await publish(prepare('monitoring.json', (wf) => withWebhookTrigger(wf, 'Every Morning', greenTickPath, randomUUID())));
		const before = slack.posts.length;
		await sim.setTemplateStatus('pending_review', 'APPROVED');
		await sim.setTemplateStatus('seasonal_promotion', 'REJECTED', { reason: 'INCORRECT_CATEGORY' });
		await until('the template alert', () => slack.posts.slice(before).some((p) => p.text.includes('seasonal_promotion')));
		const waba = sim.options.businessAccountId;
		const change = (field: string, value: Json) => ({ object: 'whatsapp_business_account', entry: [{ id: waba, time: Math.floor(Date.now() / 1000), changes: [{ field, value }] }] });
		await sim.sendWebhook(change('message_template_quality_update', { previous_quality_score: 'GREEN', new_quality_score: 'RED', message_template_id: 1234567890123456, message_template_name: 'coupon_code_offer', message_template_language: 'en_US' }));
		await sim.sendWebhook(change('phone_number_quality_update', { display_phone_number: '15550100', event: 'DOWNGRADE', current_limit: 'TIER_1K' }));
		const alerts = await until('three alerts', () => slack.posts.slice(before).filter((p) => p.channel === '#whatsapp-alerts').length >= 3 && slack.posts.slice(before));
		await sleep(1000);
		const texts = slack.posts.slice(before).map((p) => p.text);
		expect(texts).toEqual(expect.arrayContaining([
			'⚠️ WhatsApp: template seasonal_promotion (en_US) is now REJECTED (INCORRECT_CATEGORY)',
			'⚠️ WhatsApp: template coupon_code_offer quality GREEN → RED',
			'⚠️ WhatsApp: number 15550100 quality DOWNGRADE (limit TIER_1K)',
		]));
		expect(texts.some((t) => t.includes('pending_review'))).toBe(false);
		expect(alerts.length).toBe(3);

		await n8n().postWebhook(greenTickPath, {});
		const tick = await until('the green tick post', () => slack.posts.slice(before + 3).find((p) => p.text.startsWith('Green tick for')));
		expect(tick.text).toMatch(/^Green tick for Lucky Shrub \(106540352242922\): [A-Z_]+/);
	});
});
