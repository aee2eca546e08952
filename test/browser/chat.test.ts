/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals, @typescript-eslint/no-explicit-any -- test tooling runs in Node, not inside n8n; webhook bodies are untyped JSON */
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
import { api, PNID, startReceiver } from '../simulator/helpers';
import type { Receiver } from '../simulator/helpers';
import { ARTIFACTS_ROOT, CHROMIUM_FLAGS, CHROMIUM_PATH } from './harness';

const N8N_API = 'whatsAppBusinessPlatformN8nApi';
const LUCIA = '34611000001';
const REPLAY_CUSTOMER = '34611000077';
const STORED_REPLAY_CUSTOMER = '34611000078';

jest.setTimeout(300_000);

describe('chat page rendering and customer actions (simulator only, no n8n)', () => {
	let sim: SimulatorHandle;
	let receiver: Receiver;
	let browser: Browser;
	let page: Page;
	const problems: string[] = [];
	const MAYA = '15551234567';
	const graph = async (body: Record<string, unknown>) => await api(sim, 'POST', `/v25.0/${PNID}/messages`, { body: { messaging_product: 'whatsapp', ...body } });
	const inbound = (predicate: (message: any) => boolean) => receiver.waitFor((w) => Boolean(w.json?.entry?.[0]?.changes?.[0]?.value?.messages?.some(predicate)));

	beforeAll(async () => {
		receiver = await startReceiver();
		sim = await startSimulator({ port: 0, webhookUrl: receiver.url, logger: () => undefined });
		browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_FLAGS });
		page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
		page.on('console', (message) => {
			if (message.type() === 'error') problems.push(`console: ${message.text()}`);
		});
		page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
		page.on('response', (response) => {
			if (response.status() >= 400) problems.push(`HTTP ${response.status()}: ${response.url()}`);
		});
	});
	afterAll(async () => {
		await browser?.close();
		await sim?.stop();
		await receiver?.close();
	});

	it('formatting, read ticks, typing, reactions, CTA URL, a Flow, a carousel template, location, document, and an injected 130429', async () => {
		await page.goto(`${sim.url}/_sim/chat`);
		await page.waitForSelector('body[data-ready=true]');
		await page.click(`#customer-list li[data-wa-id="${MAYA}"]`);
		await page.fill('#text', 'are you there?');
		await page.press('#text', 'Enter');
		const [hook] = await inbound((m) => m.text?.body === 'are you there?');
		const wamid = hook.json.entry[0].changes[0].value.messages[0].id;

		// Read with typing indicator: blue ticks and "typing…", until the business answers.
		expect((await graph({ status: 'read', message_id: wamid, typing_indicator: { type: 'text' } })).status).toBe(200);
		await page.waitForSelector('#messages .msg.out .ticks.read');
		await page.waitForSelector('#biz-status.typing');
		await graph({ to: MAYA, type: 'text', text: { body: 'Yes! *Bold* _italic_ ~gone~ ```mono```' } });
		const formatted = page.locator('#messages .msg.in').filter({ hasText: 'Yes!' });
		await formatted.waitFor();
		expect(await formatted.locator('b').textContent()).toBe('Bold');
		expect(await formatted.locator('i').textContent()).toBe('italic');
		expect(await formatted.locator('s').textContent()).toBe('gone');
		expect(await formatted.locator('.mono').textContent()).toBe('mono');
		await page.waitForSelector('#biz-status:not(.typing)');

		await graph({ to: MAYA, type: 'reaction', reaction: { message_id: wamid, emoji: '👍' } });
		await page.locator(`#messages .msg.out[data-id="${wamid}"] .reaction`).waitFor();

		await graph({ to: MAYA, type: 'interactive', interactive: { type: 'cta_url', body: { text: 'See our shop' }, action: { name: 'cta_url', parameters: { display_text: 'Open shop', url: 'https://example.com/shop' } } } });
		expect(await page.locator('#messages .msg.in a', { hasText: 'Open shop' }).getAttribute('href')).toBe('https://example.com/shop');

		const flow = await graph({
			to: MAYA,
			type: 'interactive',
			interactive: {
				type: 'flow',
				body: { text: 'Book a workshop' },
				action: { name: 'flow', parameters: { flow_message_version: '3', flow_token: 'booking-7', flow_id: '1234567890', flow_cta: 'Book now', flow_action: 'navigate', flow_action_payload: { screen: 'BOOKING', data: { name: '', date: '' } } } },
			},
		});
		expect(flow.status).toBe(200);
		await page.click('#messages .flow-open');
		await page.fill('#sheet input[name=name]', 'Maya');
		await page.fill('#sheet input[name=date]', '2026-06-02');
		await page.click('#sheet .flow-continue');
		await page.click('#sheet .flow-submit');
		const [flowHook] = await inbound((m) => m.interactive?.type === 'nfm_reply');
		const reply = flowHook.json.entry[0].changes[0].value.messages[0].interactive.nfm_reply;
		expect(JSON.parse(reply.response_json)).toEqual({ name: 'Maya', date: '2026-06-02', flow_token: 'booking-7' });

		const card = (index: number, plant: string) => ({
			card_index: index,
			components: [
				{ type: 'header', parameters: [{ type: 'image', image: { link: `https://example.com/${plant}.jpg` } }] },
				{ type: 'body', parameters: [{ type: 'text', text: '15%' }, { type: 'text', text: 'SUMMER15' }] },
				{ type: 'button', sub_type: 'quick_reply', index: 0, parameters: [{ type: 'payload', payload: `more-${plant}` }] },
				{ type: 'button', sub_type: 'url', index: 1, parameters: [{ type: 'text', text: plant }] },
			],
		});
		const carousel = await graph({
			to: MAYA,
			type: 'template',
			template: { name: 'summer_carousel', language: { code: 'en_US' }, components: [{ type: 'body', parameters: [{ type: 'text', text: 'Maya' }] }, { type: 'carousel', cards: [card(0, 'aloe'), card(1, 'fern')] }] },
		});
		expect(carousel.status).toBe(200);
		const cards = page.locator('#messages .msg.in.type-template .carousel .card');
		await cards.first().waitFor();
		expect(await cards.count()).toBe(2);
		expect(await cards.first().textContent()).toContain('Get 15% off this plant with code SUMMER15.');
		expect(await page.locator('#messages .msg.in.type-template').last().textContent()).toContain('Hi Maya, check out our summer picks below.');

		await page.click('#attach');
		await page.click('[data-attach=location]');
		await inbound((m) => m.type === 'location' && m.location?.name === 'Puerta del Sol');
		await page.setInputFiles('#file-document', { name: 'invoice.pdf', mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.4 simulated') });
		const [documentHook] = await inbound((m) => m.type === 'document');
		expect(documentHook.json.entry[0].changes[0].value.messages[0].document).toMatchObject({ filename: 'invoice.pdf', mime_type: 'application/pdf' });

		await page.click('.tabs button[data-tab=faults]');
		await page.click('button[data-fault="130429"]');
		await page.waitForSelector('#fault-now:has-text("130429")');
		expect((await graph({ to: MAYA, type: 'text', text: { body: 'will be refused' } })).status).toBe(400);
		await page.waitForSelector('#messages .system.refused[data-code="130429"]');
		await page.click('button[data-fault=""]');
		expect((await graph({ to: MAYA, type: 'text', text: { body: 'goes through' } })).status).toBe(200);
		await page.locator('#messages .msg.in').filter({ hasText: 'goes through' }).waitFor();
		expect(await cards.first().locator('a', { hasText: 'Buy now' }).getAttribute('href')).toBe('https://example.com/p/aloe');
		await shot('types');
		// The simulator's own 400 above was the business's request, not the page's: the page saw no error.
		expect(problems).toEqual([]);
	});

	async function shot(name: string): Promise<void> {
		const dir = join(ARTIFACTS_ROOT, `chat-types-${Date.now()}`);
		mkdirSync(dir, { recursive: true });
		await page.screenshot({ path: join(dir, `chat-${name}.png`) });
		if (process.env.WABP_UPDATE_SCREENSHOTS === '1') copyFileSync(join(dir, `chat-${name}.png`), join(REPO_ROOT, 'docs', 'images', `chat-${name}.png`));
	}
});

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
