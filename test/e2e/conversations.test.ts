/* eslint-disable @n8n/community-nodes/no-restricted-globals -- test code runs in Node, not inside n8n */
/**
 * The team inbox in a real n8n 2.8.4, over real n8n Data Tables (public API) and the Cloud API
 * simulator:
 * - 50 new conversations arriving at once (ten customers writing twice: 60 executions) for a
 *   team of 5 agents on round-robin: exactly 10 each, no conversation assigned twice;
 * - 20 messages of one customer sent at once to a menu bot: answered in order, once each;
 * - a Brazilian and a German customer routed to different teams, agents assigned round-robin, a
 *   conversation handed to a person whose Slack-thread reply reaches the customer (a local stand-in
 *   of Slack's Web API and Events API), then released back to the bot;
 * - a handoff listed by team, a snooze woken by the customer's message, a resolved conversation
 *   compacted into one row once quiet, and Prune deleting its rows in real Data Tables (the
 *   customer's next conversation keeps its number);
 * - the action node's AI-agent tool variant is registered.
 */
import { randomUUID } from 'node:crypto';

import type { SimulatorHandle } from '../../simulator';
import { startSimulator } from '../../simulator';
import type { CredentialRef, SlackStub, WorkflowInput } from './harness';
import { startSlackStub, threadReplyEvent, TYPES, uniquePath, useN8n, webhookNode, whatsAppCredential } from './harness';

type Json = Record<string, unknown>;
type Node = WorkflowInput['nodes'][number];

const PN = '106540352242922';
const N8N_API = 'whatsAppBusinessPlatformN8nApi';
const ROUTER = TYPES.router;
const RUN = Date.now().toString(36);

describe('team inbox in n8n 2.8.4: routing, assignment, handoff, bot sessions, Slack agents', () => {
	const n8n = useN8n();
	let sim: SimulatorHandle;
	let slack: SlackStub;
	let credentials: Record<string, CredentialRef>;

	function node(name: string, type: string, parameters: Json, position: [number, number]): Node {
		const ours = type === TYPES.action;
		return { id: randomUUID(), name, type, typeVersion: type === 'n8n-nodes-base.set' ? 3.4 : type === 'n8n-nodes-base.httpRequest' ? 4.2 : 1, position, parameters, ...(ours ? { credentials } : {}) } as Node;
	}

	const lift = (x: number): Node => node('Lift', 'n8n-nodes-base.set', { mode: 'raw', jsonOutput: '={{ JSON.stringify($json.body) }}', options: {} }, [x, 0]);
	const tables = (suffix: string) => ({
		conversationTable: { __rl: true, mode: 'name', value: `conv_e2e_${suffix}_${RUN}` },
		agentsTable: { __rl: true, mode: 'name', value: `agents_e2e_${suffix}_${RUN}` },
	});
	const link = (from: string, to: string, output = 0) => ({ from, to, output });

	function workflow(name: string, nodes: Node[], links: Array<{ from: string; to: string; output: number }>): WorkflowInput {
		const connections: Json = {};
		for (const l of links) {
			const entry = (connections[l.from] ??= { main: [] }) as { main: Array<Array<{ node: string; type: string; index: number }>> };
			while (entry.main.length <= l.output) entry.main.push([]);
			entry.main[l.output].push({ node: l.to, type: 'main', index: 0 });
		}
		return { name, nodes, connections, settings: { executionOrder: 'v1' } };
	}

	async function publish(wf: WorkflowInput): Promise<string> {
		const created = await n8n().importWorkflow(wf);
		await n8n().activateWorkflow(created.id);
		return created.id;
	}

	async function seedAgents(suffix: string, rows: Json[]): Promise<void> {
		const table = await n8n().api<{ id: string }>('POST', '/data-tables', {
			name: `agents_e2e_${suffix}_${RUN}`,
			columns: [
				{ name: 'agent', type: 'string' },
				{ name: 'name', type: 'string' },
				{ name: 'teams', type: 'string' },
				{ name: 'capacity', type: 'number' },
				{ name: 'available', type: 'boolean' },
				{ name: 'contact', type: 'string' },
			],
		});
		await n8n().api('POST', `/data-tables/${table.id}/rows`, { data: rows, returnType: 'id' });
	}

	async function eventRows(suffix: string): Promise<Json[]> {
		const name = `conv_e2e_${suffix}_${RUN}`;
		const list = await n8n().api<{ data: Array<{ id: string; name: string }> }>('GET', `/data-tables?filter=${encodeURIComponent(JSON.stringify({ name }))}`);
		const table = list.data.find((t) => t.name === name)!;
		const rows: Json[] = [];
		let cursor: string | undefined;
		do {
			const page = await n8n().api<{ data: Json[]; nextCursor?: string | null }>('GET', `/data-tables/${table.id}/rows?limit=250${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
			rows.push(...page.data);
			cursor = page.nextCursor ?? undefined;
		} while (cursor);
		return rows;
	}

	async function post(path: string, body: Json): Promise<void> {
		const response = await n8n().postWebhook(path, body);
		if (response.status !== 200) throw new Error(`${path} answered ${response.status}: ${response.text.slice(0, 500)}`);
	}

	let counter = 0;
	const message = (waId: string, text: string, at = new Date()): Json => ({
		event: 'message',
		businessPhoneNumberId: PN,
		waId,
		phone: `+${waId}`,
		messageId: `wamid.e2e.${RUN}.${++counter}`,
		messageType: 'text',
		text,
		timestamp: at.toISOString(),
	});

	const textsTo = (waId: string) =>
		sim.requests
			.filter((r) => r.method === 'POST' && r.path.endsWith(`/${PN}/messages`) && (r.body as Json)?.to === waId)
			.map((r) => ((r.body as Json).text as Json | undefined)?.body);

	beforeAll(async () => {
		sim = await startSimulator({ port: 0, windowOpenForAll: true, statuses: false, messagesPerSecond: 1000, logger: () => undefined });
		slack = await startSlackStub();
		const [meta, api] = await n8n().importCredentials([
			whatsAppCredential(`Inbox e2e ${RUN}`, { url: sim.url, token: sim.options.accessToken, businessAccountId: sim.options.businessAccountId, phoneNumberId: PN, appId: sim.options.appId, appSecret: sim.options.appSecret }),
			{ name: `Inbox e2e n8n API ${RUN}`, type: N8N_API, data: { baseUrl: n8n().baseUrl, apiKey: n8n().apiKey } },
		]);
		credentials = { [TYPES.credential]: meta, [N8N_API]: api };
	}, 120_000);

	afterAll(async () => {
		await sim?.stop();
		await slack?.stop();
	});

	it('20 messages of one customer sent at once to a menu bot are answered in order, once each', async () => {
		const path = uniquePath('inbox-menu');
		const receive = `$('Receive').item.json`;
		await publish(
			workflow(`Inbox e2e: menu bot ${RUN}`, [
				webhookNode(path),
				lift(200),
				node('Receive', TYPES.action, { resource: 'conversation', operation: 'receive', ...tables('menu'), receiveOptions: { settleMs: 2000, maxWaitSeconds: 120 } }, [400, 0]),
				node('Answer', TYPES.action, {
					resource: 'message',
					operation: 'sendText',
					phoneNumberId: { __rl: true, mode: 'id', value: PN },
					recipient: '={{ $json.waId }}',
					text: '={{ "turn " + (Number($json.session.answers.turns ?? 0) + 1) + " (" + $json.session.step + "): " + $json.text + ($json.text === "1" ? " → orders" : $json.text === "2" ? " → billing" : "") }}',
					previewUrl: false,
					sendOptions: {},
				}, [600, 0]),
				node('Save', TYPES.action, {
					resource: 'conversation',
					operation: 'saveBotStep',
					...tables('menu'),
					conversationBy: 'conversationId',
					conversationId: `={{ ${receive}.conversation.conversationId }}`,
					messageId: `={{ ${receive}.messageId }}`,
					step: `={{ ${receive}.text === "1" ? "orders" : ${receive}.text === "2" ? "billing" : "menu" }}`,
					answers: `={{ JSON.stringify({ turns: Number(${receive}.session.answers.turns ?? 0) + 1 }) }}`,
				}, [800, 0]),
			], [link('Webhook', 'Lift'), link('Lift', 'Receive'), link('Receive', 'Answer'), link('Answer', 'Save')]),
		);
		const customer = '5521988880000';
		const base = Date.now() - 60_000;
		const texts = Array.from({ length: 20 }, (_, i) => (i % 3 === 0 ? '1' : i % 3 === 1 ? '2' : `m${i + 1}`));
		const started = Date.now();
		// Sent together, each with its own second (as Meta stamps them); they reach n8n in any order.
		await Promise.all(texts.map((text, i) => post(path, message(customer, text, new Date(base + i * 1000)))));
		const seconds = (Date.now() - started) / 1000;
		const answers = textsTo(customer);
		expect(answers).toHaveLength(20);
		let step = 'start';
		const expected = texts.map((text, i) => {
			const line = `turn ${i + 1} (${step}): ${text}${text === '1' ? ' → orders' : text === '2' ? ' → billing' : ''}`;
			step = text === '1' ? 'orders' : text === '2' ? 'billing' : 'menu';
			return line;
		});
		expect(answers).toEqual(expected);
		process.stderr.write(`[inbox e2e] menu bot: 20 messages of one customer answered in order in ${seconds.toFixed(1)} s\n`);
	});

	it('routes a Brazilian and a German customer to different teams, round-robin agents, a Slack-thread reply reaches the customer, released to the bot', async () => {
		const br = `support-br-${RUN}`;
		const de = `support-de-${RUN}`;
		await seedAgents('slack', [
			{ agent: 'U_ANA', name: 'Ana', teams: br, capacity: 0, available: true, contact: 'D_ANA' },
			{ agent: 'U_BRUNO', name: 'Bruno', teams: br, capacity: 0, available: true, contact: 'D_BRUNO' },
			{ agent: 'U_JAN', name: 'Jan', teams: de, capacity: 0, available: true, contact: 'D_JAN' },
		]);
		const slackPost = (name: string, channel: string, text: string, thread: string | undefined, x: number): Node =>
			node(name, 'n8n-nodes-base.httpRequest', {
				method: 'POST',
				url: `${slack.url}/api/chat.postMessage`,
				sendHeaders: true,
				headerParameters: { parameters: [{ name: 'Authorization', value: `Bearer ${slack.token}` }] },
				sendBody: true,
				specifyBody: 'json',
				jsonBody: `={{ JSON.stringify({ channel: ${channel}, text: ${text}${thread ? `, thread_ts: ${thread}` : ''} }) }}`,
				options: {},
			}, [x, 200]);
		const inboundPath = uniquePath('inbox-wa');
		await publish(
			workflow(`Inbox e2e: WhatsApp side ${RUN}`, [
				webhookNode(inboundPath),
				lift(200),
				node('Route Country', ROUTER, { rules: { rule: [
					{ outputName: 'Brazil', kind: 'country', countries: ['BR'], team: br },
					{ outputName: 'Germany', kind: 'country', countries: ['DE'], team: de },
				] }, options: {} }, [400, 0]),
				node('Receive', TYPES.action, { resource: 'conversation', operation: 'receive', ...tables('slack'), receiveOptions: { orderTurns: false, handoffKeywords: 'agent, atendente', handoffMessage: 'Connecting you to a person.' } }, [600, 0]),
				node('Owner', ROUTER, { rules: { rule: [
					{ outputName: 'Just Handed Off', kind: 'expression', condition: '={{ $json.handedOff === "keyword" }}' },
					{ outputName: 'Bot', kind: 'owner', owners: ['bot'] },
				] }, options: {} }, [800, 0]),
				node('Assign', TYPES.action, { resource: 'conversation', operation: 'assign', ...tables('slack'), conversationBy: 'conversationId', team: '={{ $json.conversation.team }}', strategy: 'roundRobin' }, [1000, -200]),
				slackPost('Open Thread', '$json.assignment.agentContact', '"New conversation from +" + $json.waId + " (" + $json.conversation.team + "): " + $json.text', undefined, 1200),
				node('Link Thread', TYPES.action, { resource: 'conversation', operation: 'link', ...tables('slack'), conversationBy: 'conversationId', conversationId: "={{ $('Assign').item.json.conversation.conversationId }}", reference: '={{ "slack:" + $json.channel + ":" + $json.ts }}' }, [1400, -200]),
				node('Bot Reply', TYPES.action, { resource: 'message', operation: 'sendText', phoneNumberId: { __rl: true, mode: 'id', value: PN }, recipient: '={{ $json.waId }}', text: '={{ "Bot: you said " + $json.text }}', previewUrl: false, sendOptions: {} }, [1000, 0]),
				slackPost('Forward', '$json.conversation.refs[0].split(":")[1]', '"Customer: " + $json.text', '$json.conversation.refs[0].split(":")[2]', 1000),
			], [
				link('Webhook', 'Lift'),
				link('Lift', 'Route Country'),
				link('Route Country', 'Receive', 0),
				link('Route Country', 'Receive', 1),
				link('Route Country', 'Receive', 2),
				link('Receive', 'Owner'),
				link('Owner', 'Assign', 0),
				link('Assign', 'Open Thread'),
				link('Open Thread', 'Link Thread'),
				link('Owner', 'Bot Reply', 1),
				link('Owner', 'Forward', 2),
			]),
		);
		const slackPath = uniquePath('inbox-slack');
		const ref = '={{ "slack:" + $json.event.channel + ":" + $json.event.thread_ts }}';
		await publish(
			workflow(`Inbox e2e: Slack side ${RUN}`, [
				webhookNode(slackPath),
				lift(200),
				node('Command', ROUTER, { rules: { rule: [{ outputName: 'Back to Bot', kind: 'keyword', keywords: '!bot', keywordMatch: 'equals' }] }, options: { textField: 'event.text' } }, [400, 0]),
				node('Release', TYPES.action, { resource: 'conversation', operation: 'release', ...tables('slack'), conversationBy: 'ref', conversationRef: ref, customerMessage: 'Thanks! Our assistant is back.' }, [600, -100]),
				node('Agent Reply', TYPES.action, { resource: 'conversation', operation: 'agentReply', ...tables('slack'), conversationBy: 'ref', conversationRef: ref, agent: '={{ $json.event.user }}', text: '={{ $json.event.text }}', closedWindow: 'refuse' }, [600, 100]),
			], [link('Webhook', 'Lift'), link('Lift', 'Command'), link('Command', 'Release', 0), link('Command', 'Agent Reply', 1)]),
		);

		const BR1 = '5511987650001';
		const BR2 = '5511987650002';
		const DE1 = '4915112340001';
		await post(inboundPath, message(BR1, 'oi'));
		await post(inboundPath, message(DE1, 'hallo'));
		expect(textsTo(BR1)).toEqual(['Bot: you said oi']);
		expect(textsTo(DE1)).toEqual(['Bot: you said hallo']);

		await post(inboundPath, message(BR1, 'atendente'));
		await post(inboundPath, message(BR2, 'agent'));
		await post(inboundPath, message(DE1, 'agent'));
		const threads = slack.posts.filter((p) => !p.threadTs);
		expect(threads.map((p) => p.channel)).toEqual(['D_ANA', 'D_BRUNO', 'D_JAN']);
		expect(threads[0].text).toContain(`+${BR1} (${br})`);
		expect(threads[2].text).toContain(`+${DE1} (${de})`);
		expect(textsTo(BR1)).toEqual(['Bot: you said oi', 'Connecting you to a person.']);

		// While Ana owns it the bot is quiet; the customer's message goes to her thread.
		await post(inboundPath, message(BR1, 'meu pedido chegou?'));
		expect(slack.posts.at(-1)).toMatchObject({ channel: 'D_ANA', threadTs: threads[0].ts, text: 'Customer: meu pedido chegou?' });
		expect(textsTo(BR1)).toHaveLength(2);

		await post(slackPath, threadReplyEvent({ channel: 'D_ANA', threadTs: threads[0].ts, user: 'U_ANA', text: 'Olá! Seu pedido sai hoje.' }));
		expect(textsTo(BR1).at(-1)).toBe('Olá! Seu pedido sai hoje.');

		await post(slackPath, threadReplyEvent({ channel: 'D_ANA', threadTs: threads[0].ts, user: 'U_ANA', text: '!bot' }));
		expect(textsTo(BR1).at(-1)).toBe('Thanks! Our assistant is back.');
		await post(inboundPath, message(BR1, 'obrigado'));
		expect(textsTo(BR1).at(-1)).toBe('Bot: you said obrigado');

		const rows = await eventRows('slack');
		const replies = rows.filter((r) => r.kind === 'outbound' && r.agent === 'U_ANA');
		expect(replies).toHaveLength(1);
		const teams = new Map(rows.filter((r) => r.kind === 'routed').map((r) => [String(r.conversation_id).split(':')[1], r.team]));
		expect(teams.get(BR1)).toBe(br);
		expect(teams.get(DE1)).toBe(de);
	});
	it('hand off, list open by team, snooze woken by the customer; prune deletes a resolved conversation\'s rows in real Data Tables; the tool variant exists', async () => {
		const { nodes } = await n8n().registeredTypes();
		expect(nodes).toContain(`${TYPES.action}Tool`);
		const conversation = (operation: string, extra: Json) => node(operation, TYPES.action, { resource: 'conversation', operation, ...tables('snz'), ...extra }, [400, 0]);
		const byCustomer = { conversationBy: 'customer', conversationPhoneNumberId: PN, conversationWaId: '={{ $json.waId }}' };
		const paths = { receive: uniquePath('inbox-snz-rx'), snooze: uniquePath('inbox-snz'), list: uniquePath('inbox-list'), resolve: uniquePath('inbox-snz-res'), prune: uniquePath('inbox-prune') };
		const team = `care-${RUN}`;
		const flows: Array<[string, Node]> = [
			[paths.receive, conversation('receive', { receiveOptions: { orderTurns: false, settleMs: 0, keepResolvedDays: 0, handoffKeywords: 'humano', handoffTeam: team } })],
			[paths.snooze, conversation('snooze', { ...byCustomer, snoozeUntil: 'customer' })],
			[paths.list, conversation('listOpen', { listTeam: '={{ $json.team }}', listState: '={{ $json.state }}', limit: 50 })],
			[paths.resolve, conversation('resolve', byCustomer)],
			[paths.prune, conversation('prune', { pruneDays: 0, pruneMax: 50 })],
		];
		for (const [path, step] of flows) {
			await publish(workflow(`Inbox e2e: ${step.name} ${RUN}`, [webhookNode(path, 'allEntries'), lift(200), step], [link('Webhook', 'Lift'), link('Lift', step.name)]));
		}
		const call = async (path: string, body: Json): Promise<Json[]> => {
			const response = await n8n().postWebhook(path, body);
			if (response.status !== 200) throw new Error(`${path} answered ${response.status}: ${response.text.slice(0, 500)}`);
			return response.body as Json[];
		};
		const one = async (path: string, body: Json) => (await call(path, body))[0];
		const waId = '5511999990777';
		expect(await one(paths.receive, message(waId, 'oi'))).toMatchObject({ isNewConversation: true, conversation: { state: 'bot' } });
		expect(await one(paths.receive, message(waId, 'humano'))).toMatchObject({ handedOff: 'keyword', conversation: { state: 'queued', team } });
		// List Open reads the team's open conversations through the Data Tables filters (kind ≠ closed).
		const listed = (await call(paths.list, { team, state: 'queued' })).map((i) => (i.conversation as Json | undefined)?.waId);
		expect(listed).toEqual([waId]);
		expect(await one(paths.snooze, { waId })).toMatchObject({ snoozed: true, conversation: { state: 'snoozed' } });
		expect(await one(paths.receive, message(waId, 'ainda aí?'))).toMatchObject({ botShouldReply: false, conversation: { state: 'queued', wakeReason: 'customer' } });
		expect(await one(paths.resolve, { waId })).toMatchObject({ resolved: true });
		const key = `${PN}:${waId}`;
		const before = (await eventRows('snz')).filter((r) => r.conversation_key === key);
		expect(before.length).toBeGreaterThan(4);
		// Once quiet (10 s after its last write), a read compacts the resolved conversation into one
		// `closed` row that folded every row it replaced, and deletes exactly those rows.
		await new Promise((resolve) => setTimeout(resolve, 11_000));
		expect(await call(paths.list, { team: '', state: 'any' })).toEqual([]);
		const compacted = (await eventRows('snz')).filter((r) => r.conversation_key === key);
		expect(compacted.map((r) => r.kind)).toEqual(['closed']);
		expect(JSON.parse(String(compacted[0].value)).throughId).toBe(Math.max(...before.map((r) => Number(r.id))));
		expect(JSON.parse(String(compacted[0].value)).state).toMatchObject({ state: 'resolved', team, wakeReason: 'customer', handoffReason: 'keyword' });
		expect(await one(paths.prune, {})).toMatchObject({ pruned: { conversations: 1, rows: 1, markers: 1 } });
		expect((await eventRows('snz')).filter((r) => r.conversation_key === key).map((r) => r.kind)).toEqual(['pruned']);
		expect(await one(paths.receive, message(waId, 'voltei'))).toMatchObject({ isNewConversation: true, conversation: { sequence: 2 } });
	});
	it('50 new conversations at once for 5 agents on round-robin: exactly 10 each, none assigned twice', async () => {
		const team = `sales-${RUN}`;
		await seedAgents('rr', ['a1', 'a2', 'a3', 'a4', 'a5'].map((agent) => ({ agent, name: agent, teams: team, capacity: 0, available: true, contact: '' })));
		const path = uniquePath('inbox-rr');
		await publish(
			workflow(`Inbox e2e: round-robin ${RUN}`, [
				webhookNode(path, 'allEntries'),
				lift(200),
				node('Receive', TYPES.action, { resource: 'conversation', operation: 'receive', ...tables('rr'), receiveOptions: { orderTurns: false, settleMs: 0 } }, [400, 0]),
				node('Assign', TYPES.action, { resource: 'conversation', operation: 'assign', ...tables('rr'), conversationBy: 'conversationId', team, strategy: 'roundRobin' }, [600, 0]),
			], [link('Webhook', 'Lift'), link('Lift', 'Receive'), link('Receive', 'Assign')]),
		);
		const customers = Array.from({ length: 50 }, (_, i) => `5511${900000000 + i}`);
		const started = Date.now();
		// All at once; ten customers write twice, so two executions race to open and assign their conversation.
		await Promise.all(customers.flatMap((waId, i) => [post(path, message(waId, 'oi')), ...(i % 5 === 0 ? [post(path, message(waId, 'tudo bem?'))] : [])]));
		const seconds = (Date.now() - started) / 1000;
		const rows = await eventRows('rr');
		const opened = rows.filter((r) => r.kind === 'opened');
		const assigned = rows.filter((r) => r.kind === 'assigned');
		expect(opened).toHaveLength(50);
		expect(new Set(opened.map((r) => r.conversation_id)).size).toBe(50);
		expect(assigned).toHaveLength(50);
		expect(new Set(assigned.map((r) => r.conversation_id)).size).toBe(50);
		const perAgent: Record<string, number> = {};
		for (const row of assigned) perAgent[String(row.agent)] = (perAgent[String(row.agent)] ?? 0) + 1;
		expect(perAgent).toEqual({ a1: 10, a2: 10, a3: 10, a4: 10, a5: 10 });
		process.stderr.write(`[inbox e2e] round-robin: 60 executions for 50 conversations in ${seconds.toFixed(1)} s\n`);
	});
});
