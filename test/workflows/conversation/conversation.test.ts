/**
 * The Router node and the Conversation resource through n8n's engine, against the Cloud API
 * simulator and a fake of n8n's Data Tables API: each routing rule, round-robin assignment, handoff
 * by keyword and release (with the customer told), the handoff time-out, a bot session across
 * several executions, agent replies inside and outside the 24-hour window, queue and requeue, and
 * the CRM context.
 */
import type { IDataObject } from 'n8n-workflow';
import { sleep } from 'n8n-workflow';

import type { SimulatorHandle } from '../../../simulator';
import { startSimulator } from '../../../simulator';
import type { FakeDataTables } from '../campaign/fakeDataTables';
import { startFakeDataTables } from '../campaign/fakeDataTables';
import { runWorkflow } from '../harness';
import { chain, credentialsFor, inbound, PN, receive, ROUTER, run, seedAgents, tableParams } from './helpers';

jest.setTimeout(120_000);

const BR = '5511999990001';
const DE = '4915100000001';

const texts = (sim: SimulatorHandle, to: string) =>
	sim.requests
		.filter((r) => r.method === 'POST' && r.path.endsWith('/messages') && (r.body as IDataObject)?.to === to)
		.map((r) => (r.body as IDataObject).text ? ((r.body as IDataObject).text as IDataObject).body : `template:${(((r.body as IDataObject).template as IDataObject) ?? {}).name}`);

describe('Router node (engine)', () => {
	const rules = [
		{ outputName: 'Human', kind: 'owner', owners: ['agent', 'queue'] },
		{ outputName: 'Billing Button', kind: 'replyId', replyIds: 'menu_billing', team: 'billing' },
		{ outputName: 'Refund', kind: 'keyword', keywords: 'refund, reembolso', keywordMatch: 'word' },
		{ outputName: 'Order', kind: 'pattern', pattern: '#\\d{4,}' },
		{ outputName: 'Media', kind: 'messageType', messageTypes: 'image, document' },
		{ outputName: 'VIP', kind: 'label', labels: 'vip' },
		{ outputName: 'Gold', kind: 'attribute', attribute: 'tier', attributeValue: 'gold' },
		{ outputName: 'Closed', kind: 'businessHours', businessHoursSource: 'item', businessHoursWhen: 'closed' },
		{ outputName: 'Closed (Mapped)', kind: 'businessHours', businessHoursSource: 'value', businessHoursOpen: '={{ $json.shopOpen !== false }}', businessHoursWhen: 'closed' },
		{ outputName: 'Long', kind: 'expression', condition: '={{ ($json.text ?? "").length > 40 }}' },
		{ outputName: 'Brazil', kind: 'country', countries: ['BR'], team: 'support-br' },
		{ outputName: 'Germany', kind: 'country', countries: ['DE', 'AT'], team: 'support-de' },
		{ outputName: 'Portugal Code', kind: 'callingCode', callingCodes: '+351' },
	];
	const open = { inbox: { open: true } };
	const items: Array<[string, IDataObject]> = [
		['Human', { waId: DE, text: 'hi', conversation: { owner: 'agent' }, ...open }],
		['Billing Button', { waId: DE, messageType: 'interactive', replyId: 'menu_billing', ...open }],
		['Refund', { waId: DE, text: 'Quero REEMBOLSO', ...open }],
		['Order', { waId: DE, text: 'where is #12345', ...open }],
		['Media', { waId: DE, messageType: 'image', ...open }],
		['VIP', { waId: DE, text: 'x', contact: { labels: ['VIP'], attributes: {} }, ...open }],
		['Gold', { waId: DE, text: 'x', contact: { labels: [], attributes: { tier: 'gold' } }, ...open }],
		['Closed', { waId: DE, text: 'x', inbox: { open: false } }],
		['Closed', { waId: DE, text: 'x', businessHours: { open: false } }],
		['Closed (Mapped)', { waId: DE, text: 'x', shopOpen: false, ...open }],
		['Long', { waId: DE, text: 'this message is clearly longer than forty characters', ...open }],
		['Brazil', { waId: BR, text: 'oi', ...open }],
		['Germany', { waId: DE, text: 'hallo', ...open }],
		['Portugal Code', { waId: '351912345678', text: 'olá', ...open }],
		['Fallback', { waId: '33612345678', text: 'bonjour', ...open }],
	];

	it('sends each item to the output of the first rule it matches, in order, else Fallback', async () => {
		const workflow = {
			nodes: [
				{ id: 's', name: 'Start', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0] as [number, number], parameters: {} },
				{ id: 'r', name: 'Router', type: ROUTER, typeVersion: 1, position: [200, 0] as [number, number], parameters: { rules: { rule: rules } } as never },
			],
			connections: { Start: { main: [[{ node: 'Router', type: 'main', index: 0 }]] } },
		};
		const result = await runWorkflow(workflow, { input: items.map(([, json]) => ({ json: { event: 'message', messageType: 'text', ...json } })) });
		expect(result.error).toBeUndefined();
		const names = [...rules.map((r) => r.outputName), 'Fallback'];
		names.forEach((name, output) => {
			const got = result.output('Router', output);
			const expected = items.filter(([want]) => want === name);
			expect(got.map((item) => (item.json.route as IDataObject).rule)).toEqual(expected.map(() => name === 'Fallback' ? 'fallback' : name));
		});
		expect(result.output('Router', 10)[0].json.route).toMatchObject({ rule: 'Brazil', team: 'support-br', matchedOn: 'BR' });
	});

	it('a bad rule fails the node and names the rule', async () => {
		const workflow = {
			nodes: [
				{ id: 's', name: 'Start', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0] as [number, number], parameters: {} },
				{ id: 'r', name: 'Router', type: ROUTER, typeVersion: 1, position: [200, 0] as [number, number], parameters: { rules: { rule: [{ outputName: 'P', kind: 'pattern', pattern: '([' }] } } as never },
			],
			connections: { Start: { main: [[{ node: 'Router', type: 'main', index: 0 }]] } },
		};
		const result = await runWorkflow(workflow, { input: [{ json: { text: 'x' } }] });
		expect(result.error?.message).toMatch(/Pattern "\(\[" is not a valid regular expression/);
	});
});

describe('Conversation resource (engine + simulator + Data Tables fake)', () => {
	let sim: SimulatorHandle;
	let tables: FakeDataTables;

	beforeAll(async () => {
		sim = await startSimulator({ port: 0, messagesPerSecond: 1000, latencyMs: 2, statuses: false, windowOpenForAll: true });
	});
	afterAll(async () => {
		await sim.stop();
	});
	beforeEach(async () => {
		sim.reset();
		sim.setOptions({ windowOpenForAll: true });
		tables = await startFakeDataTables();
		await seedAgents(tables, 'whatsapp_agents', [
			{ agent: 'ana', name: 'Ana', teams: 'support-br', capacity: 0, available: true, contact: 'U_ANA' },
			{ agent: 'bruno', name: 'Bruno', teams: 'support-br', capacity: 0, available: true, contact: 'U_BRUNO' },
			{ agent: 'jan', name: 'Jan', teams: 'support-de', capacity: 1, available: true, contact: 'U_JAN' },
		]);
	});
	afterEach(async () => {
		await tables.stop();
	});

	it('remembers its tables in static data: the next execution finds no table by name', async () => {
		const staticData: IDataObject = {};
		const workflow = chain([receive(), { name: 'Assign', parameters: { resource: 'conversation', operation: 'assign', conversationBy: 'conversationId', team: 'support-br', strategy: 'roundRobin', ...tableParams({}) } }]);
		const go = async (text: string) => {
			tables.requests.length = 0;
			const result = await runWorkflow(workflow, { credentials: credentialsFor(sim, tables), input: [inbound(BR, text)], staticData });
			expect(result.error).toBeUndefined();
			return { result, lookups: tables.requests.filter((r) => r.method === 'GET' && r.path === '/api/v1/data-tables').length };
		};
		const first = await go('oi');
		expect(first.lookups).toBeGreaterThan(0);
		const second = await go('ainda aí?');
		expect(second.lookups).toBe(0);
		expect(second.result.output('Assign')[0].json.conversation).toMatchObject({ team: 'support-br', agent: expect.any(String) });
		const remembered = Object.keys((staticData['node:Assign'] as { dataTableIds: IDataObject }).dataTableIds);
		expect(remembered.sort()).toEqual(['agents|name:whatsapp_agents', 'conversations|name:whatsapp_conversation_events', 'ledger']);
	});

	const assignStep = (strategy = 'roundRobin') => ({ name: 'Assign', parameters: { resource: 'conversation', operation: 'assign', conversationBy: 'conversationId', team: '={{ $json.route?.team ?? "support-br" }}', strategy, ...tableParams({}) } });

	it('opens a conversation per customer and assigns round-robin within the team; a second run keeps the agent', async () => {
		const agents: string[] = [];
		for (const waId of ['5511900000001', '5511900000002', '5511900000003']) {
			const result = await run(sim, tables, [receive(), assignStep()], [inbound(waId, 'oi')]);
			expect(result.error).toBeUndefined();
			const [item] = result.output('Assign');
			expect(item.json.conversation).toMatchObject({ conversationId: `${PN}:${waId}:1`, owner: 'agent', state: 'assigned', team: 'support-br' });
			agents.push((item.json.assignment as IDataObject).agent as string);
		}
		expect(agents).toEqual(['ana', 'bruno', 'ana']);
		const again = await run(sim, tables, [receive(), assignStep()], [inbound('5511900000001', 'mais uma')]);
		expect(again.output('Assign')[0].json.assignment).toMatchObject({ outcome: 'unchanged', agent: 'ana' });
		expect(again.output('Receive')[0].json).toMatchObject({ isNewConversation: false, botShouldReply: false });
	});

	it('hands off by keyword (customer told), stays quiet, agent replies, released back to the bot (customer told)', async () => {
		const options = { handoffKeywords: 'atendente, agent', handoffTeam: 'support-br', handoffMessage: 'Um momento, já vem uma pessoa.' };
		const save = { name: 'Save', parameters: { resource: 'conversation', operation: 'saveBotStep', conversationBy: 'conversationId', step: 'menu', ...tableParams({}) } };
		const bot = await run(sim, tables, [receive(options), save], [inbound(BR, 'oi')]);
		expect(bot.output('Receive')[0].json).toMatchObject({ botShouldReply: true, isNewConversation: true, handedOff: null });
		const handoff = await run(sim, tables, [receive(options), assignStep()], [inbound(BR, 'Atendente')]);
		expect(handoff.error).toBeUndefined();
		expect(handoff.output('Receive')[0].json).toMatchObject({ handedOff: 'keyword', botShouldReply: false, customerTold: { messageId: expect.any(String) } });
		expect(handoff.output('Assign')[0].json.assignment).toMatchObject({ outcome: 'assigned', agent: 'ana', agentContact: 'U_ANA' });
		const quiet = await run(sim, tables, [receive(options)], [inbound(BR, 'alô?')]);
		expect(quiet.output('Receive')[0].json.botShouldReply).toBe(false);

		const reply = await run(sim, tables, [{ name: 'Reply', parameters: { resource: 'conversation', operation: 'agentReply', conversationBy: 'customer', conversationPhoneNumberId: PN, conversationWaId: BR, agent: 'ana', text: 'Olá, aqui é a Ana!', ...tableParams({}) } }], [{ json: {} }]);
		expect(reply.error).toBeUndefined();
		expect(reply.output('Reply')[0].json).toMatchObject({ sentAs: 'text', agent: 'ana', windowOpen: true, messageId: expect.any(String), conversation: { firstAgentReplyBy: 'ana' } });
		expect(reply.output('Reply')[0].json.firstResponseSeconds).toEqual(expect.any(Number));

		const release = await run(sim, tables, [{ name: 'Release', parameters: { resource: 'conversation', operation: 'release', conversationBy: 'customer', conversationPhoneNumberId: PN, conversationWaId: BR, customerMessage: 'Obrigado! O assistente voltou.', ...tableParams({}) } }], [{ json: {} }]);
		expect(release.output('Release')[0].json).toMatchObject({ released: true, conversation: { owner: 'bot', state: 'bot', agent: null } });
		const back = await run(sim, tables, [receive(options)], [inbound(BR, 'menu')]);
		expect(back.output('Receive')[0].json).toMatchObject({ botShouldReply: true, turn: { timedOut: false }, session: { step: 'menu' } });
		expect(texts(sim, BR)).toEqual(['Um momento, já vem uma pessoa.', 'Olá, aqui é a Ana!', 'Obrigado! O assistente voltou.']);
	});

	it('hands off by button and by the bot\'s decision; an echo from the Business app silences the bot', async () => {
		const byButton = await run(sim, tables, [receive({ handoffReplyIds: 'talk_to_agent' })], [inbound(DE, 'Mit Mensch sprechen', { messageType: 'interactive', replyId: 'talk_to_agent' })]);
		expect(byButton.output('Receive')[0].json).toMatchObject({ handedOff: 'button', botShouldReply: false });
		await run(sim, tables, [receive()], [inbound('4915100000002', 'hallo')]);
		const byBot = await run(sim, tables, [{ name: 'Hand Off', parameters: { resource: 'conversation', operation: 'handOff', conversationBy: 'customer', conversationPhoneNumberId: PN, conversationWaId: '4915100000002', team: 'support-de', ...tableParams({}) } }], [{ json: {} }]);
		expect(byBot.output('Hand Off')[0].json).toMatchObject({ handedOff: true, conversation: { owner: 'queue', team: 'support-de', handoffReason: 'bot' } });
		await run(sim, tables, [receive()], [inbound('4915100000003', 'hallo')]);
		const echo = await run(sim, tables, [receive()], [{ json: { event: 'messageEcho', businessPhoneNumberId: PN, to: '4915100000003', messageId: 'wamid.echo1', messageType: 'text', text: 'Hier ist Jan', timestamp: new Date().toISOString() } }]);
		expect(echo.output('Receive')[0].json).toMatchObject({ handedOff: 'echo', botShouldReply: false, conversation: { owner: 'queue' } });
	});

	it('time-out: a person silent longer than the time-out gives the conversation back to the bot', async () => {
		const options = { handoffKeywords: 'agent', handoffTeam: 'support-br', handoffTimeoutMinutes: 0.02, releaseMessage: 'Our assistant is back.' };
		await run(sim, tables, [receive(options), assignStep()], [inbound(BR, 'agent')]);
		const early = await run(sim, tables, [receive(options)], [inbound(BR, 'hello?')]);
		expect(early.output('Receive')[0].json.botShouldReply).toBe(false);
		await sleep(1500);
		const late = await run(sim, tables, [receive(options)], [inbound(BR, 'hello??')]);
		expect(late.output('Receive')[0].json).toMatchObject({ released: 'timeout', botShouldReply: true, conversation: { owner: 'bot', releaseReason: 'timeout' } });
		expect(texts(sim, BR)).toContain('Our assistant is back.');
	});

	it('a bot session across executions: steps and answers are kept, restart and finish keywords work', async () => {
		const steps = [
			receive({ restartKeywords: 'menu', finishKeywords: 'tchau' }),
			{
				name: 'Save',
				parameters: {
					resource: 'conversation',
					operation: 'saveBotStep',
					conversationBy: 'conversationId',
					step: '={{ $json.session.step === "start" ? ($json.text === "1" ? "orders" : "billing") : "ask_number" }}',
					answers: '={{ JSON.stringify($json.session.step === "start" ? { menu: $json.text } : { last: $json.text }) }}',
					...tableParams({}),
				},
			},
		];
		const one = await run(sim, tables, steps, [inbound(BR, '1')]);
		expect(one.output('Receive')[0].json.session).toMatchObject({ step: 'start', isNew: true });
		expect(one.output('Save')[0].json.session).toMatchObject({ step: 'orders', answers: { menu: '1' } });
		const two = await run(sim, tables, steps, [inbound(BR, '#4711')]);
		expect(two.output('Receive')[0].json.session).toMatchObject({ step: 'orders', answers: { menu: '1' }, isNew: false });
		expect(two.output('Save')[0].json.session).toMatchObject({ step: 'ask_number', answers: { menu: '1', last: '#4711' } });
		const restart = await run(sim, tables, steps, [inbound(BR, 'MENU')]);
		expect(restart.output('Receive')[0].json.session).toMatchObject({ step: 'start', restarted: true, answers: {} });
		const bye = await run(sim, tables, steps, [inbound(BR, 'tchau')]);
		expect(bye.output('Receive')[0].json.session).toMatchObject({ finishedNow: true });
		const after = await run(sim, tables, steps, [inbound(BR, '2')]);
		expect(after.output('Receive')[0].json.session).toMatchObject({ step: 'start', isNew: true });
	});

	it('two messages of one customer in one webhook call are answered in order within the run', async () => {
		const steps = [receive(), { name: 'Save', parameters: { resource: 'conversation', operation: 'saveBotStep', conversationBy: 'conversationId', answers: '={{ JSON.stringify({ ["m" + $json.text]: true }) }}', ...tableParams({}) } }];
		const started = Date.now();
		const result = await run(sim, tables, steps, [inbound(DE, '1'), inbound(DE, '2')]);
		expect(result.error).toBeUndefined();
		expect(result.output('Receive').map((i) => (i.json.turn as IDataObject).timedOut)).toEqual([false, false]);
		expect(Date.now() - started).toBeLessThan(20_000);
	});

	it('agent reply outside the 24-hour window: a clear error, or the fallback template', async () => {
		const old = new Date(Date.now() - 30 * 3600_000).toISOString();
		await run(sim, tables, [receive()], [inbound(DE, 'alt', { timestamp: old })]);
		const reply = (extra: IDataObject) => ({ name: 'Reply', parameters: { resource: 'conversation', operation: 'agentReply', conversationBy: 'customer', conversationPhoneNumberId: PN, conversationWaId: DE, agent: 'jan', text: 'Hallo!', ...extra, ...tableParams({}) } });
		const refused = await run(sim, tables, [reply({})], [{ json: {} }]);
		expect(refused.error?.message).toMatch(/24-hour window is closed/);
		const fallback = await run(sim, tables, [reply({ closedWindow: 'template', templateName: 'order_confirmation', templateLanguage: 'en_US', templateParameters: 'Jan, A-1' })], [{ json: {} }]);
		expect(fallback.error).toBeUndefined();
		expect(fallback.output('Reply')[0].json).toMatchObject({ sentAs: 'template', windowOpen: false, messageId: expect.any(String) });
		expect(texts(sim, DE)).toEqual(['template:order_confirmation']);
	});

	it('queues when nobody has room, picks FIFO when room frees up, requeues when an agent goes away', async () => {
		const assignDe = { name: 'Assign', parameters: { resource: 'conversation', operation: 'assign', conversationBy: 'conversationId', team: 'support-de', strategy: 'leastOpen', ...tableParams({}) } };
		const outcome = async (waId: string) => ((await run(sim, tables, [receive(), assignDe], [inbound(waId, 'hallo')])).output('Assign')[0].json.assignment as IDataObject);
		expect(await outcome('4915100000011')).toMatchObject({ outcome: 'assigned', agent: 'jan' });
		expect(await outcome('4915100000012')).toMatchObject({ outcome: 'queued', agent: null });
		expect(await outcome('4915100000013')).toMatchObject({ outcome: 'queued' });
		const resolve = await run(sim, tables, [{ name: 'Resolve', parameters: { resource: 'conversation', operation: 'resolve', conversationBy: 'customer', conversationPhoneNumberId: PN, conversationWaId: '4915100000011', resolvedBy: 'jan', ...tableParams({}) } }], [{ json: {} }]);
		expect(resolve.output('Resolve')[0].json).toMatchObject({ resolved: true, conversation: { state: 'resolved', owner: 'nobody' } });
		const pick = await run(sim, tables, [{ name: 'Pick', parameters: { resource: 'conversation', operation: 'pickFromQueue', team: 'support-de', strategy: 'leastOpen', ...tableParams({}) } }], [{ json: {} }]);
		expect(pick.output('Pick').map((i) => [(i.json.conversation as IDataObject).waId, (i.json.assignment as IDataObject).outcome])).toEqual([
			['4915100000012', 'assigned'],
			['4915100000013', 'queued'],
		]);
		const away = await run(sim, tables, [{ name: 'Away', parameters: { resource: 'conversation', operation: 'setAgentAvailability', agent: 'jan', available: false, requeue: true, ...tableParams({}) } }], [{ json: {} }]);
		expect(away.error).toBeUndefined();
		expect((away.output('Away')[0].json.requeued as IDataObject[]).map((c) => c.waId)).toEqual(['4915100000012']);
		const agentsTable = tables.tables.find((t) => t.name === 'whatsapp_agents')!;
		expect(agentsTable.rows.find((r) => r.agent === 'jan')!.available).toBe(false);
		const unknown = await run(sim, tables, [{ name: 'Away', parameters: { resource: 'conversation', operation: 'setAgentAvailability', agent: 'nobody', available: false, ...tableParams({}) } }], [{ json: {} }]);
		expect(unknown.error?.message).toMatch(/no agent "nobody" in the agents table/);
	});

	it('CRM context: E.164 phone, name and CRM IDs in the shape the CRM nodes take; IDs kept on the contact', async () => {
		await run(sim, tables, [receive()], [inbound(BR, 'oi')]);
		const get = (extra: IDataObject = {}) => ({ name: 'Get', parameters: { resource: 'conversation', operation: 'get', conversationBy: 'customer', conversationPhoneNumberId: PN, conversationWaId: BR, includeContact: true, contactTable: { __rl: true, mode: 'name', value: 'whatsapp_contact_events' }, ...extra, ...tableParams({}) } });
		const before = await run(sim, tables, [get()], [{ json: {} }]);
		expect(before.output('Get')[0].json.crm).toEqual({
			waId: BR,
			phone: `+${BR}`,
			name: null,
			email: null,
			hubspot: { contactId: null },
			salesforce: { contactId: null, leadId: null },
			pipedrive: { personId: null },
			zoho: { contactId: null },
			hasCrmId: false,
		});
		const save = await run(sim, tables, [{ name: 'Save', parameters: { resource: 'conversation', operation: 'saveCrmIds', waId: BR, contactTable: { __rl: true, mode: 'name', value: 'whatsapp_contact_events' }, crmIds: { hubspotContactId: '51', pipedrivePersonId: '1207' } } }], [{ json: {} }]);
		expect(save.error).toBeUndefined();
		const after = await run(sim, tables, [get()], [{ json: {} }]);
		expect(after.output('Get')[0].json).toMatchObject({
			conversation: { waId: BR, owner: 'bot' },
			contact: { waId: BR, attributes: { crm_hubspot_contact_id: '51', crm_pipedrive_person_id: '1207' } },
			crm: { hubspot: { contactId: '51' }, pipedrive: { personId: '1207' }, hasCrmId: true },
		});
	});

	it('bad input: an unknown conversation ID and a table that is not a conversation table', async () => {
		const bad = await run(sim, tables, [{ name: 'Get', parameters: { resource: 'conversation', operation: 'get', conversationBy: 'conversationId', conversationId: 'nope', includeContact: false, ...tableParams({}) } }], [{ json: {} }]);
		expect(bad.error?.message).toMatch(/not a conversation ID/);
		const wrong = await run(sim, tables, [receive({}, { conversation: 'whatsapp_agents' })], [inbound(BR, 'oi')]);
		expect(wrong.error?.message).toMatch(/not a conversation table/);
	});
});

