/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals -- test tooling runs in Node, not inside n8n */
/**
 * The simulator's chat page (GET /_sim/chat) in headless Chromium, against a real n8n 2.8.4 with
 * the package and examples/chat-shop.json published (this file runs on the pinned line only; the
 * page does not depend on n8n's editor, so 2.41.1 adds nothing here).
 *
 * A customer writes at night (the virtual clock set to 23:00 in Madrid) and gets the away
 * message and the menu, taps "Browse plants", picks a row of the list, receives the order
 * template; after a 25-hour jump the business's free-form "shipped" note fails with 131047 and the
 * template goes out instead. Then the recorded chat is replayed as a regression test of the
 * workflow: same business replies, step by step, for this run's chat and for the one stored in
 * test/simulator/fixtures/chat-shop.recording.json. No console errors, no failed requests.
 *
 * WABP_UPDATE_SCREENSHOTS=1 also writes the screenshots to docs/images/chat-*.png.
 */
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import type { Browser, Page } from 'playwright-core';
import { chromium } from 'playwright-core';

import type { ChatRecording, SimulatorHandle } from '../../simulator';
import { SHOP_PHONE, startSimulator } from '../../simulator';
import type { CredentialRef, N8nHandle } from '../e2e/harness';
import { DEFAULT_N8N_VERSION, loadExample, REPO_ROOT, startN8n, TYPES, whatsAppCredential } from '../e2e/harness';
import { ARTIFACTS_ROOT, CHROMIUM_FLAGS, CHROMIUM_PATH } from './harness';

const N8N_API = 'whatsAppBusinessPlatformN8nApi';
const LUCIA = '34611000001';
const REPLAY_CUSTOMER = '34611000077';
const STORED_REPLAY_CUSTOMER = '34611000078';

jest.setTimeout(300_000);

describe(`chat page against n8n ${DEFAULT_N8N_VERSION} and examples/chat-shop.json`, () => {
	let sim: SimulatorHandle;
	let n8n: N8nHandle;
	let browser: Browser;
	let page: Page;
	let recording: ChatRecording;
	const problems: string[] = [];
	const artifacts = join(ARTIFACTS_ROOT, `chat-${Date.now()}`);

	async function shot(name: string): Promise<void> {
		mkdirSync(artifacts, { recursive: true });
		const file = join(artifacts, `chat-${name}.png`);
		await page.screenshot({ path: file });
		if (process.env.WABP_UPDATE_SCREENSHOTS === '1') copyFileSync(file, join(REPO_ROOT, 'docs', 'images', `chat-${name}.png`));
	}

	const businessBubble = (text: string | RegExp) => page.locator('#messages .msg.in').filter({ hasText: text });

	beforeAll(async () => {
		sim = await startSimulator({ port: 0, phoneNumbers: [SHOP_PHONE], statusDelaysMs: { sent: 20, delivered: 40, read: 60 }, logger: () => undefined });
		n8n = await startN8n({ version: DEFAULT_N8N_VERSION });
		const [graph, api] = await n8n.importCredentials([
			whatsAppCredential(`Chat page sim ${Date.now()}`, {
				url: sim.url,
				token: sim.options.accessToken,
				businessAccountId: sim.options.businessAccountId,
				phoneNumberId: SHOP_PHONE.id,
				appId: sim.options.appId,
				appSecret: sim.options.appSecret,
			}),
			{ name: `Chat page n8n API ${Date.now()}`, type: N8N_API, data: { baseUrl: n8n.baseUrl, apiKey: n8n.apiKey } },
		]);
		const credentials: Record<string, CredentialRef> = { [TYPES.credential]: graph, [N8N_API]: api };
		const workflow = await n8n.importWorkflow(loadExample('chat-shop.json'), { credentials });
		await n8n.activateWorkflow(workflow.id);
		// Publishing registered the trigger as the shop number's webhook override (automatic registration).
		expect(sim.webhookUrlFor(SHOP_PHONE.id)).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/webhook\/.+\/webhook$/);
		sim.chat.configure({ phoneNumberId: SHOP_PHONE.id, actions: [{ label: 'Order shipped', url: `${n8n.baseUrl}/webhook/chat-shop-shipped` }] });

		browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_FLAGS });
		page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
		page.on('console', (message) => {
			if (message.type() === 'error') problems.push(`console: ${message.text()}`);
		});
		page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
		page.on('requestfailed', (request) => problems.push(`request failed: ${request.url()}`));
		page.on('response', (response) => {
			if (response.status() >= 400) problems.push(`HTTP ${response.status()}: ${response.url()}`);
		});
	}, 240_000);

	afterAll(async () => {
		await browser?.close();
		await n8n?.stop();
		await sim?.stop();
	});

	it('night → away message and menu → list → template; +25 h → free text refused (131047), template instead', async () => {
		const started = Date.now();
		await page.goto(`${sim.url}/_sim/chat`);
		await page.waitForSelector('body[data-ready=true]');
		await expect(page.locator('#biz-name').textContent()).resolves.toBe(SHOP_PHONE.verified_name);

		// Record from the start: the replay below plays this chat again.
		await page.click('.tabs button[data-tab=record]');
		await page.click('#rec-start');
		await page.waitForSelector('#rec-status:has-text("Recording")');

		// 23:00 in Madrid, whatever the real time: the shop is closed.
		await page.click('.tabs button[data-tab=clock]');
		await page.selectOption('#tz', 'Europe/Madrid');
		await page.fill('#jump-text', 'tonight 23:00');
		await page.click('#jump-form button');
		await page.waitForSelector('#clock-badge:has-text("23:00")');

		await page.click(`#customer-list li[data-wa-id="${LUCIA}"]`);
		await page.fill('#text', 'Hola! Do you have cacti?');
		await page.press('#text', 'Enter');
		await businessBubble('Lucky Shrub is closed right now').waitFor({ timeout: 60_000 });
		await expect(businessBubble('Lucky Shrub is closed right now').textContent()).resolves.toContain('Hi Lucía');
		const menu = page.locator('#messages .msg.in[data-kind=button]').last();
		await menu.waitFor();
		await page.click('.tabs button[data-tab=traffic]');
		await shot('night');

		await menu.locator('button[data-reply=shop]').click();
		const list = page.locator('#messages .msg.in[data-kind=list]').last();
		await list.waitFor({ timeout: 60_000 });
		await list.locator('.list-open').click();
		await page.waitForSelector('#sheet:not([hidden])');
		await shot('list');
		await page.click('#sheet label[data-row=plant_aloe]');
		await page.click('#sheet .send-choice');
		await page.locator('#messages .msg.out').filter({ hasText: 'Aloe vera' }).waitFor();

		const template = page.locator('#messages .msg.in.type-template').filter({ hasText: 'your order LS-ALOE is confirmed' });
		await template.waitFor({ timeout: 60_000 });
		await expect(template.textContent()).resolves.toContain('Hi Lucía');
		// The shop never marks messages as read, so the customer's ticks stay grey (blue needs a read).
		expect(await page.locator('#messages .msg.out .ticks.read').count()).toBe(0);

		// 25 hours later the window is closed: the business's free-form note fails, the template goes out.
		await page.click('.tabs button[data-tab=clock]');
		await page.click('button[data-jump="+25h"]');
		await page.click('.tabs button[data-tab=window]');
		await page.waitForSelector('#window-state:has-text("closed")');
		await page.click('button[data-action="Order shipped"]');
		const note = businessBubble('your plant has shipped');
		await note.locator('.failed').filter({ hasText: '131047' }).waitFor({ timeout: 60_000 });
		const shipped = page.locator('#messages .msg.in.type-template').filter({ hasText: 'your order LS-1001 has shipped' });
		await shipped.waitFor({ timeout: 60_000 });
		await shot('window');

		// What the page drew is what the package sent: the simulator's accepted messages, in order.
		const sent = sim.acceptedMessages.filter((m) => m.waId === LUCIA).map((m) => (m.type === 'template' ? `template:${m.templateName}` : m.type === 'interactive' ? `interactive:${(m.body.interactive as { type: string }).type}` : m.type));
		expect(sent).toEqual(['text', 'interactive:button', 'interactive:list', 'template:order_confirmation', 'text', 'template:order_shipped_named']);
		expect(sim.acceptedMessages.filter((m) => m.waId === LUCIA && m.failure).map((m) => m.failure?.code)).toEqual([131047]);

		await page.click('.tabs button[data-tab=record]');
		recording = sim.chat.recording();
		mkdirSync(artifacts, { recursive: true });
		writeFileSync(join(artifacts, 'chat-shop.recording.json'), `${JSON.stringify(recording, null, 2)}\n`);
		expect(recording.steps.map((s) => s.action)).toEqual(['clock', 'send', 'send', 'send', 'clock', 'business']);
		expect(problems).toEqual([]);
		expect(Date.now() - started).toBeLessThan(120_000);
	});

	it('the recorded chat, replayed as another customer, gets the same business replies (a regression test of the workflow)', async () => {
		expect(recording).toBeDefined();
		const result = await sim.chat.replay(recording, { renumber: { [LUCIA]: REPLAY_CUSTOMER } });
		for (const step of result.steps) expect({ step: step.step, replies: step.actual }).toEqual({ step: step.step, replies: step.expected });
		expect(result.ok).toBe(true);
		// The replay saw real replies, not two empty lists.
		expect(result.steps.flatMap((s) => s.actual).length).toBeGreaterThanOrEqual(6);
		expect(result.steps.find((s) => s.step.action === 'business')?.actual.map((r) => r.template ?? r.type)).toEqual(['text', 'order_shipped_named']);
	});

	it('greeting after 14 days of silence follows the virtual clock (the Inbox judges each message at its own time)', async () => {
		const jonas = '4915112345678';
		const say = async (text: string): Promise<string[]> => {
			const before = sim.acceptedMessages.length;
			const response = await fetch(`${sim.url}/__sim/chat/send`, { method: 'POST', body: JSON.stringify({ waId: jonas, input: { type: 'text', text } }) });
			expect(response.status).toBe(200);
			// The menu is always the last reply of a turn.
			const deadline = Date.now() + 60_000;
			while (Date.now() < deadline && !sim.acceptedMessages.slice(before).some((m) => m.waId === jonas && m.type === 'interactive')) await new Promise((resolve) => setTimeout(resolve, 200));
			return sim.acceptedMessages.slice(before).filter((m) => m.waId === jonas).map((m) => (m.type === 'text' ? String((m.body.text as { body: string }).body).slice(0, 20) : m.type));
		};
		sim.clock.jump('next Monday 10:00', 'Europe/Madrid');
		expect(await say('Hallo!')).toEqual(['Welcome to *Lucky Sh', 'interactive']);
		sim.clock.jump('+1h');
		expect(await say('Noch eine Frage')).toEqual(['interactive']);
		sim.clock.jump('+15d');
		expect(await say('Ich bin wieder da')).toEqual(['Welcome to *Lucky Sh', 'interactive']);
	});

	it('the chat recorded when the workflow was built (test/simulator/fixtures) still gets the same replies', async () => {
		const stored = JSON.parse(readFileSync(join(REPO_ROOT, 'test', 'simulator', 'fixtures', 'chat-shop.recording.json'), 'utf8')) as ChatRecording;
		const result = await sim.chat.replay(stored, { renumber: { [LUCIA]: STORED_REPLAY_CUSTOMER } });
		for (const step of result.steps) expect({ step: step.step, replies: step.actual }).toEqual({ step: step.step, replies: step.expected });
		expect(result.ok).toBe(true);
	});
});
