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

import type { SimulatorHandle } from '../../simulator';
import { startSimulator } from '../../simulator';
import { campaignWorkflow } from '../../bench/campaignWorkflows';
import type { CredentialRef, WorkflowInput } from './harness';
import { triggerWebhookUrl, TYPES, uniquePath, useN8n, webhookNode, whatsAppCredential } from './harness';

type Json = Record<string, unknown>;

const CHROMIUM = process.env.WABP_CHROMIUM ?? '/usr/bin/chromium';
const ROOT = resolve(__dirname, '..', '..');
const OUT = join(ROOT, 'node_modules', '.cache', 'wabp', 'e2e', 'analytics');
const CAMPAIGN = `spring-${Date.now()}`;
const TABLE = `analytics_e2e_${Date.now()}`;
const RECIPIENTS = Array.from({ length: 24 }, (_, i) => `+4915100${String(i).padStart(5, '0')}`);
const UNDELIVERABLE = [RECIPIENTS[5], RECIPIENTS[11], RECIPIENTS[17]];
const REPLIERS = [RECIPIENTS[0], RECIPIENTS[1], RECIPIENTS[2], RECIPIENTS[3], RECIPIENTS[8], RECIPIENTS[13], RECIPIENTS[20]];

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

describe('Analytics in n8n 2.8.4: campaign → trigger → Record Events → Report', () => {
	const n8n = useN8n();
	let sim: SimulatorHandle;
	let credentials: Record<string, CredentialRef>;
	const workflows: string[] = [];
	const paths = { campaign: uniquePath('analytics-campaign'), items: uniquePath('analytics-items'), html: uniquePath('analytics-html'), svg: uniquePath('analytics-svg') };

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
		const deadline = Date.now() + 90_000;
		for (;;) {
			const all = await rows();
			if (predicate(all)) return all;
			if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}: ${all.length} rows, kinds ${JSON.stringify(all.map((row) => row.kind))}`);
			await new Promise((resolvePromise) => setTimeout(resolvePromise, 500));
		}
	};
	const period = () => ({ start: new Date(Date.now() - 2 * 3_600_000).toISOString(), end: new Date(Date.now() + 2 * 3_600_000).toISOString() });

	beforeAll(async () => {
		sim = await startSimulator({ port: 0, messagesPerSecond: 1000, statusDelaysMs: { sent: 50, delivered: 400, read: 1500 }, logger: () => undefined });
		for (const phone of UNDELIVERABLE) sim.setUndeliverable(phone.replace(/\D/g, ''));
		const [graph] = await n8n().importCredentials([
			whatsAppCredential(`Analytics e2e simulator ${Date.now()}`, {
				url: sim.url,
				token: sim.options.accessToken,
				businessAccountId: sim.options.businessAccountId,
				phoneNumberId: sim.options.phoneNumbers[0].id,
				appId: sim.options.appId,
				appSecret: sim.options.appSecret,
			}),
		]);
		const [api] = await n8n().importCredentials([
			{ name: `Analytics e2e n8n API ${Date.now()}`, type: 'whatsAppBusinessPlatformN8nApi', data: { baseUrl: n8n().baseUrl, apiKey: n8n().apiKey } },
		]);
		credentials = { whatsAppBusinessPlatformApi: graph, whatsAppBusinessPlatformN8nApi: api };

		// The trigger (statuses, messages) → Record Events.
		const trigger: WorkflowInput = {
			name: `Analytics trigger ${Date.now()}`,
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
		const campaign = campaignWorkflow(paths.campaign, { campaignId: CAMPAIGN, templateName: 'hello_world', bodyParameters: { parameter: [] }, messagesPerSecond: 200, pacing: { pairIntervalSeconds: 0 } });
		campaign.nodes.push(recordNode('Record Events', [640, 0], { templateName: 'hello_world' }));
		(campaign.connections as Json).Campaign = { main: [[{ node: 'Record Events', type: 'main', index: 0 }]] };

		for (const workflow of [
			trigger,
			campaign,
			reportWorkflow(paths.items, { output: 'groups' }),
			reportWorkflow(paths.html, { output: 'files', reportOptions: { businessHours: 'Mon-Fri 09:00-17:00', rateTable: '{"utility": {"*": 0.008, "49": 0.0456}}', currency: 'EUR', title: 'Spring campaign' } }, 'report'),
			reportWorkflow(paths.svg, { output: 'files' }, 'chart'),
		]) {
			const created = await n8n().importWorkflow(workflow, { credentials });
			await n8n().activateWorkflow(created.id);
			workflows.push(created.id);
		}
		if (!sim.webhookUrlFor()) sim.setWebhookUrl(triggerWebhookUrl(n8n().baseUrl, trigger));
	});

	afterAll(async () => {
		for (const id of workflows) await n8n().deactivateWorkflow(id).catch(() => undefined);
		sim?.setWebhookUrl(undefined);
		await sim?.stop();
	});

	it('records the campaign results and the trigger’s statuses and replies, then reports them', async () => {
		const response = await n8n().postWebhook(paths.campaign, { recipients: RECIPIENTS.map((phone) => ({ phone, name: 'x', order: 'y' })) });
		expect(response.status).toBe(200);
		const results = response.body as Json[];
		expect(results.filter((item) => item.status === 'sent')).toHaveLength(24);
		expect(results.every((item) => item.summary === true || (item.analyticsLog as Json)?.recorded === 1)).toBe(true);

		// 21 × sent, delivered, read and 3 × failed arrive through the trigger.
		await waitForRows((all) => all.filter((row) => row.kind === 'read').length === 21 && all.filter((row) => row.kind === 'failed').length === 3, 'status rows');
		for (const phone of REPLIERS) await sim.injectInbound({ from: phone, text: 'Tell me more' });
		const all = await waitForRows((found) => found.filter((row) => row.kind === 'inbound').length === REPLIERS.length, 'inbound rows');
		expect(all.filter((row) => row.kind === 'accepted')).toHaveLength(24);

		const items = await n8n().postWebhook(paths.items, { ...period(), groupBy: 'campaign' });
		expect(items.status).toBe(200);
		const spring = (items.body as Json[]).find((item) => item.group === CAMPAIGN)!;
		expect(spring).toMatchObject({ messages: 24, sent: 21, delivered: 21, read: 21, failed: 3, replied: REPLIERS.length, billable: 21, billableByCategory: { utility: 21 }, conversations: REPLIERS.length });
		expect(spring.failures).toEqual([expect.objectContaining({ code: 131026, count: 3 })]);
	});

	it('serves the SVG chart and the HTML report as binary data and they render in Chromium', async () => {
		const svg = await n8n().postWebhook(paths.svg, { ...period(), groupBy: 'day' });
		expect(svg.status).toBe(200);
		expect(String(svg.headers.get('content-type'))).toContain('image/svg+xml');
		expect(svg.text).toMatch(/^<svg xmlns="http:\/\/www.w3.org\/2000\/svg"/);
		expect(svg.text).toContain('· Sent: 21');
		const html = await n8n().postWebhook(paths.html, { ...period(), groupBy: 'day' });
		expect(html.status).toBe(200);
		expect(String(html.headers.get('content-type'))).toContain('text/html');
		expect(html.text).toContain('Spring campaign');
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
			const bars = await page.locator('svg rect title').count();
			expect(bars).toBeGreaterThan(5);
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
