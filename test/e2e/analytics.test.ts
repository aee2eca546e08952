/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals -- test code runs in Node, not inside n8n */
/**
 * Analytics in a real n8n 2.8.4 against the simulator: a campaign run whose results go to Record
 * Events; the simulator's signed status webhooks and customer replies reach the published trigger,
 * which feeds Record Events; then Report answers with items, the SVG chart and the HTML report.
 * The HTML and SVG are opened in headless Chromium and screenshotted (WABP_UPDATE_SCREENSHOTS=1
 * writes the README's docs/images/analytics-report.png).
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { randomUUID } from 'node:crypto';

import { DateTime } from 'luxon';

import type { SimulatorHandle } from '../../simulator';
import { startSimulator } from '../../simulator';
import { campaignWorkflow } from '../../bench/campaignWorkflows';
import type { CredentialRef, WorkflowInput } from './harness';
import { triggerWebhookUrl, TYPES, uniquePath, useN8n, webhookNode, whatsAppCredential } from './harness';

type Json = Record<string, unknown>;

const CHROMIUM = process.env.WABP_CHROMIUM ?? '/usr/bin/chromium';
const ROOT = resolve(__dirname, '..', '..');
const OUT = join(ROOT, 'node_modules', '.cache', 'wabp', 'e2e', 'analytics');
const RUN = Date.now().toString(36);
const SPRING = `spring-${RUN}`;
const AUTUMN = `autumn-${RUN}`;
const TABLE = `analytics_e2e_${RUN}`;
const ZONE = 'Europe/Berlin';
const R = Array.from({ length: 41 }, (_, i) => `4915100${String(i).padStart(5, '0')}`);
const SPRING_TO = R.slice(0, 24);
const AUTUMN_TO = R.slice(24, 40);
const UNDELIVERABLE = [R[5], R[11], R[17], R[30]];
/** Three days in Berlin, starting three days ago, replayed on the simulator's virtual clock. */
const DAY0 = DateTime.now().setZone(ZONE).startOf('day').minus({ days: 3 });
const at = (day: number, time: string) => {
	const [hour, minute] = time.split(':').map(Number);
	return DAY0.plus({ days: day }).set({ hour, minute });
};

function recordNode(name: string, position: [number, number], parameters: Json = {}): WorkflowInput['nodes'][number] {
	return {
		id: randomUUID(),
		name,
		type: TYPES.action,
		typeVersion: 1,
		position,
		parameters: { resource: 'analytics', operation: 'recordEvents', logTable: TABLE, ...parameters },
	} as WorkflowInput['nodes'][number];
}

function reportWorkflow(path: string, parameters: Json, binaryProperty?: string): WorkflowInput {
	const webhook = webhookNode(path, 'allEntries');
	if (binaryProperty) Object.assign(webhook.parameters as Json, { responseData: 'firstEntryBinary', responseBinaryPropertyName: binaryProperty });
	return {
		name: `Report ${path}`,
		nodes: [
			webhook,
			{
				id: randomUUID(),
				name: 'Report',
				type: TYPES.action,
				typeVersion: 1,
				position: [240, 0],
				parameters: {
					resource: 'analytics',
					operation: 'report',
					logTable: TABLE,
					start: '={{ $json.body.start }}',
					end: '={{ $json.body.end }}',
					groupBy: '={{ $json.body.groupBy }}',
					timeZone: 'Europe/Berlin',
					...parameters,
				},
			} as WorkflowInput['nodes'][number],
		],
		connections: { Webhook: { main: [[{ node: 'Report', type: 'main', index: 0 }]] } },
		settings: { executionOrder: 'v1' },
	};
}

function agentWorkflow(path: string, kind: 'answer' | 'resolve'): WorkflowInput {
	const body = (field: string) => `={{ $('Webhook').item.json.body.${field} }}`;
	const nodes: WorkflowInput['nodes'] = [webhookNode(path, 'allEntries')];
	const connections: Json = {};
	if (kind === 'answer') {
		nodes.push({
			id: randomUUID(),
			name: 'Answer',
			type: TYPES.action,
			typeVersion: 1,
			position: [240, 0],
			parameters: { resource: 'message', operation: 'sendText', phoneNumberId: { __rl: true, mode: 'list', value: '' }, recipient: body('to'), text: body('text') },
		} as WorkflowInput['nodes'][number]);
		nodes.push(recordNode('Record Events', [480, 0], { agent: body('agent'), team: body('team') }));
		connections.Webhook = { main: [[{ node: 'Answer', type: 'main', index: 0 }]] };
		connections.Answer = { main: [[{ node: 'Record Events', type: 'main', index: 0 }]] };
	} else {
		nodes.push(recordNode('Record Events', [240, 0], { itemsAre: 'resolved', customer: body('customer'), time: body('time'), agent: body('agent'), team: body('team'), businessPhoneNumberId: '' }));
		connections.Webhook = { main: [[{ node: 'Record Events', type: 'main', index: 0 }]] };
	}
	return { name: `Agent ${kind} ${path}`, nodes, connections, settings: { executionOrder: 'v1' } };
}

describe('Analytics in n8n 2.8.4: campaigns → trigger → Record Events → Report', () => {
	const n8n = useN8n();
	let sim: SimulatorHandle;
	let credentials: Record<string, CredentialRef>;
	/** The simulator's clock runs this far behind the real one (statuses and messages carry its times). */
	let offsetMs = 0;
	const setClock = (time: DateTime) => {
		offsetMs = Date.now() - time.toMillis();
	};
	const workflows: string[] = [];
	const paths = {
		campaign: uniquePath('analytics-campaign'),
		answer: uniquePath('analytics-answer'),
		resolve: uniquePath('analytics-resolve'),
		items: uniquePath('analytics-items'),
		conversations: uniquePath('analytics-conversations'),
		html: uniquePath('analytics-html'),
		svg: uniquePath('analytics-svg'),
	};
	const period = { start: DAY0.toISO(), end: DAY0.plus({ days: 3 }).toISO() };

	const rows = async (): Promise<Json[]> => {
		const tables = await n8n().api<{ data: Array<{ id: string; name: string }> }>('GET', `/data-tables?filter=${encodeURIComponent(JSON.stringify({ name: TABLE }))}`);
		const table = tables.data.find((candidate) => candidate.name === TABLE);
		if (!table) return [];
		const all: Json[] = [];
		let cursor: string | undefined;
		do {
			const page = await n8n().api<{ data: Json[]; nextCursor?: string | null }>('GET', `/data-tables/${table.id}/rows?limit=250${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
			all.push(...page.data);
			cursor = page.nextCursor ?? undefined;
		} while (cursor);
		return all;
	};
	const waitForRows = async (predicate: (all: Json[]) => boolean, what: string) => {
		const deadline = Date.now() + 120_000;
		for (;;) {
			const all = await rows();
			if (predicate(all)) return all;
			if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}: ${all.length} rows`);
			await new Promise((resolvePromise) => setTimeout(resolvePromise, 400));
		}
	};
	const count = (all: Json[], kind: string, campaignId?: string) => all.filter((row) => row.kind === kind && (campaignId === undefined || row.campaignId === campaignId)).length;

	const began = Date.now();
	const progress = (step: string) => process.stderr.write(`[analytics-e2e] ${((Date.now() - began) / 1000).toFixed(1)} s: ${step}\n`);
	const runCampaign = async (campaignId: string, recipients: string[], failing: number) => {
		progress(`campaign ${campaignId}`);
		const response = await n8n().postWebhook(paths.campaign, { campaignId, recipients: recipients.map((phone) => ({ phone: `+${phone}`, name: 'x', order: 'y' })) });
		expect(response.status).toBe(200);
		const results = response.body as Json[];
		expect(results.filter((item) => item.status === 'sent')).toHaveLength(recipients.length);
		expect(results.every((item) => item.summary === true || (item.analyticsLog as Json)?.recorded === 1)).toBe(true);
		// Every status comes back through the trigger: read for the delivered ones, failed for the others.
		await waitForRows((all) => count(all, 'read', campaignId) === recipients.length - failing && count(all, 'failed', campaignId) === failing, `${campaignId} statuses`);
	};
	const inbound = async (time: DateTime, customers: string[]) => {
		setClock(time);
		for (const from of customers) await sim.injectInbound({ from, text: 'Tell me more' });
	};
	const answer = async (time: DateTime, to: string, agent: string, team: string) => {
		progress(`${agent} answers ${to}`);
		setClock(time);
		const response = await n8n().postWebhook(paths.answer, { to, text: 'Happy to help', agent, team });
		expect(response.status).toBe(200);
		const messageId = (response.body as Json[])[0].messageId;
		// Wait for its `sent` status, stamped with the simulator's time, before the clock moves on.
		await waitForRows((all) => all.some((row) => row.messageId === messageId && row.kind === 'sent'), `sent status of ${String(messageId)}`);
	};
	const resolve = async (time: DateTime, customer: string, agent: string, team: string) => {
		const response = await n8n().postWebhook(paths.resolve, { customer, time: time.toISO(), agent, team });
		expect(response.status).toBe(200);
	};

	beforeAll(async () => {
		sim = await startSimulator({ port: 0, messagesPerSecond: 1000, statusDelaysMs: { sent: 50, delivered: 300, read: 900 }, webhookRetry: { attempts: 8, backoffMs: 250 }, clock: () => Date.now() - offsetMs, logger: () => undefined });
		for (const waId of UNDELIVERABLE) sim.setUndeliverable(waId);
		const [graph] = await n8n().importCredentials([
			whatsAppCredential(`Analytics e2e simulator ${RUN}`, {
				url: sim.url,
				token: sim.options.accessToken,
				businessAccountId: sim.options.businessAccountId,
				phoneNumberId: sim.options.phoneNumbers[0].id,
				appId: sim.options.appId,
				appSecret: sim.options.appSecret,
			}),
		]);
		const [api] = await n8n().importCredentials([{ name: `Analytics e2e n8n API ${RUN}`, type: 'whatsAppBusinessPlatformN8nApi', data: { baseUrl: n8n().baseUrl, apiKey: n8n().apiKey } }]);
		credentials = { whatsAppBusinessPlatformApi: graph, whatsAppBusinessPlatformN8nApi: api };

		// The trigger (statuses, messages) → Record Events.
		const trigger: WorkflowInput = {
			name: `Analytics trigger ${RUN}`,
			nodes: [
				{
					id: randomUUID(),
					name: 'WhatsApp Trigger',
					type: TYPES.trigger,
					typeVersion: 1,
					position: [0, 0],
					webhookId: randomUUID(),
					parameters: { events: ['message', 'status', 'userPreference'] },
				} as WorkflowInput['nodes'][number],
				recordNode('Record Events', [240, 0]),
			],
			connections: { 'WhatsApp Trigger': { main: [[{ node: 'Record Events', type: 'main', index: 0 }]] } },
			settings: { executionOrder: 'v1' },
		};
		// Campaign → Send → Record Events.
		const campaign = campaignWorkflow(paths.campaign, {
			campaignId: "={{ $('Webhook').item.json.body.campaignId }}",
			templateName: 'hello_world',
			bodyParameters: { parameter: [] },
			messagesPerSecond: 20,
			pacing: { pairIntervalSeconds: 0 },
		});
		campaign.nodes.push(recordNode('Record Events', [640, 0], { templateName: 'hello_world' }));
		(campaign.connections as Json).Campaign = { main: [[{ node: 'Record Events', type: 'main', index: 0 }]] };

		for (const workflow of [
			trigger,
			campaign,
			agentWorkflow(paths.answer, 'answer'),
			agentWorkflow(paths.resolve, 'resolve'),
			reportWorkflow(paths.items, { output: 'groups', groupBy: 'campaign', reportOptions: { rateTable: '{"utility": {"*": 0.008, "49": 0.0456}}', currency: 'EUR' } }),
			reportWorkflow(paths.conversations, { output: 'conversations' }),
			reportWorkflow(paths.html, { output: 'files', groupBy: 'day', reportOptions: { rateTable: '{"utility": {"*": 0.008, "49": 0.0456}}', currency: 'EUR', firstResponseTargetMinutes: 30, title: 'Spring and autumn campaigns' } }, 'report'),
			reportWorkflow(paths.svg, { output: 'files', groupBy: 'day' }, 'chart'),
		]) {
			const created = await n8n().importWorkflow(workflow, { credentials });
			await n8n().activateWorkflow(created.id);
			workflows.push(created.id);
		}
		if (!sim.webhookUrlFor()) sim.setWebhookUrl(triggerWebhookUrl(n8n().baseUrl, trigger));

		// Day 0: the spring campaign, five replies, three answered, two resolved.
		setClock(at(0, '10:00'));
		await runCampaign(SPRING, SPRING_TO, 3);
		await inbound(at(0, '11:30'), [R[0], R[1], R[2], R[3], R[8]]);
		await answer(at(0, '11:36'), R[0], 'alice', 'support');
		await answer(at(0, '11:48'), R[1], 'bob', 'sales');
		await answer(at(0, '12:45'), R[2], 'alice', 'support');
		await resolve(at(0, '13:00'), R[0], 'alice', 'support');
		await resolve(at(0, '15:00'), R[1], 'bob', 'sales');
		// Day 1: the autumn campaign, three replies, two answered, one resolved.
		setClock(at(1, '10:00'));
		await runCampaign(AUTUMN, AUTUMN_TO, 1);
		await inbound(at(1, '10:20'), [R[24], R[25], R[26]]);
		await answer(at(1, '10:24'), R[24], 'carol', 'support');
		await answer(at(1, '11:10'), R[25], 'bob', 'sales');
		await resolve(at(1, '12:00'), R[24], 'carol', 'support');
		// Day 2: a customer writes in on their own.
		await inbound(at(2, '09:00'), [R[40]]);
		await answer(at(2, '09:03'), R[40], 'carol', 'support');
		await resolve(at(2, '09:30'), R[40], 'carol', 'support');
		await waitForRows((all) => count(all, 'inbound') === 9, 'inbound rows');
		progress('traffic recorded');
	}, 600_000);

	afterAll(async () => {
		for (const id of workflows) await n8n().deactivateWorkflow(id).catch(() => undefined);
		sim?.setWebhookUrl(undefined);
		await sim?.stop();
	});

	it('reports per campaign from the log: funnel, failures, replies, response times, billable and cost', async () => {
		const all = await rows();
		expect(count(all, 'accepted')).toBe(24 + 16 + 6);
		const response = await n8n().postWebhook(paths.items, period);
		expect(response.status).toBe(200);
		const groups = response.body as Json[];
		const spring = groups.find((item) => item.group === SPRING)!;
		expect(spring).toMatchObject({ messages: 24, sent: 21, delivered: 21, read: 21, failed: 3, replied: 5, billable: 21, billableByCategory: { utility: 21 }, currency: 'EUR' });
		expect(spring.failures).toEqual([expect.objectContaining({ code: 131026, count: 3 })]);
		expect(spring.estimatedCost).toBeCloseTo(21 * 0.0456, 6);
		expect(spring).toMatchObject({ conversations: 5, responded: 3, resolved: 2, firstResponseCount: 3, resolutionCount: 2 });
		// 6, 18 and 75 minutes (Meta's timestamps are whole seconds; the answer's status may come a few seconds late).
		expect(Math.abs((spring.firstResponseMedianSeconds as number) - 18 * 60)).toBeLessThan(30);
		const autumn = groups.find((item) => item.group === AUTUMN)!;
		expect(autumn).toMatchObject({ messages: 16, sent: 15, failed: 1, replied: 3, conversations: 3, responded: 2, resolved: 1 });
		const direct = groups.find((item) => item.group === '(none)')!;
		expect(direct).toMatchObject({ messages: 6, sent: 6, billable: 0, conversations: 1, responded: 1, resolved: 1 });

		const conversations = (await n8n().postWebhook(paths.conversations, { ...period, groupBy: 'total' })).body as Json[];
		expect(conversations).toHaveLength(9);
		expect(conversations.find((row) => row.customer === R[0])).toMatchObject({ firstResponder: 'alice', team: 'support', resolvedBy: 'alice', campaignId: SPRING, templateName: 'hello_world' });
		expect(Math.abs((conversations.find((row) => row.customer === R[0])!.resolutionSeconds as number) - 90 * 60)).toBeLessThan(30);
	});

	it('serves the SVG chart and the HTML report as binary data, and they render in Chromium', async () => {
		const svg = await n8n().postWebhook(paths.svg, period);
		expect(svg.status).toBe(200);
		expect(String(svg.headers.get('content-type'))).toContain('image/svg+xml');
		expect(svg.text).toMatch(/^<svg xmlns="http:\/\/www.w3.org\/2000\/svg"/);
		expect(svg.text).toContain(`${at(0, '10:00').toISODate()} · Sent: 24`);
		const html = await n8n().postWebhook(paths.html, period);
		expect(html.status).toBe(200);
		expect(String(html.headers.get('content-type'))).toContain('text/html');
		expect(html.text).toContain('Spring and autumn campaigns');
		expect(html.text).toContain('131026');
		mkdirSync(OUT, { recursive: true });
		writeFileSync(join(OUT, 'report.html'), html.text);
		writeFileSync(join(OUT, 'chart.svg'), svg.text);
		if (!existsSync(CHROMIUM)) throw new Error(`Chromium not found at ${CHROMIUM}; install it (apt-get install chromium) or set WABP_CHROMIUM`);
		// eslint-disable-next-line @typescript-eslint/no-require-imports
		const { chromium } = require('playwright-core') as typeof import('playwright-core');
		const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'] });
		try {
			const page = await browser.newPage({ viewport: { width: 1040, height: 900 }, deviceScaleFactor: 1 });
			const requests: string[] = [];
			page.on('request', (request) => requests.push(request.url()));
			await page.goto(`file://${join(OUT, 'report.html')}`);
			// Self-contained: nothing but the file itself is loaded.
			expect(requests.filter((url) => !url.startsWith('file://'))).toEqual([]);
			// Three days × five funnel bars (zeros are not drawn) and the response-time bars.
			const bars = await page.locator('svg rect title').count();
			expect(bars).toBeGreaterThanOrEqual(3 * 4 + 3 * 2);
			const box = await page.locator('svg').first().boundingBox();
			expect(box?.width).toBeGreaterThan(600);
			const screenshot = await page.screenshot({ fullPage: true });
			writeFileSync(join(OUT, 'report.png'), screenshot);
			if (process.env.WABP_UPDATE_SCREENSHOTS === '1') writeFileSync(join(ROOT, 'docs', 'images', 'analytics-report.png'), screenshot);
			await page.goto(`file://${join(OUT, 'chart.svg')}`);
			expect(await page.locator('svg').count()).toBe(1);
			writeFileSync(join(OUT, 'chart.png'), await page.screenshot());
		} finally {
			await browser.close();
		}
	});
});
