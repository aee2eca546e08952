/* eslint-disable @typescript-eslint/no-explicit-any, @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals -- test code for a dev tool that runs in Node, not inside n8n; response bodies are untyped JSON */
/**
 * The chat page's server side without n8n: its files, the signed webhooks customer actions become,
 * faults, business actions, and record/replay against a tiny "workflow" (a receiver that answers
 * through the Graph API). The page itself runs in Chromium in test/browser/chat.test.ts.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

import type { ChatRecording, SimulatorHandle } from '../../simulator';
import { SHOP_PHONE, startSimulator } from '../../simulator';
import { PNID, api, startReceiver, verifySignature } from './helpers';
import type { Receiver } from './helpers';

const LUCIA = '34611000001';

async function chat(sim: SimulatorHandle, path: string, body?: unknown): Promise<{ status: number; body: any }> {
	const response = await fetch(`${sim.url}/__sim/chat/${path}`, { method: body === undefined ? 'GET' : 'POST', body: body === undefined ? undefined : JSON.stringify(body) });
	return { status: response.status, body: await response.json() };
}

describe('chat page: files and customer actions', () => {
	let sim: SimulatorHandle;
	let receiver: Receiver;
	beforeAll(async () => {
		receiver = await startReceiver();
		sim = await startSimulator({ webhookUrl: receiver.url, statuses: false, logger: () => undefined });
	});
	afterAll(async () => {
		await sim.stop();
		await receiver.close();
	});
	beforeEach(() => {
		sim.reset();
		receiver.received.length = 0;
	});

	it('serves the page, its script, style and icon; /favicon.ico is 204', async () => {
		const page = await fetch(`${sim.url}/_sim/chat`);
		expect(page.status).toBe(200);
		expect(page.headers.get('content-type')).toMatch(/^text\/html/);
		const html = await page.text();
		expect(html).toContain('/_sim/chat/chat.js');
		// No external requests: every src/href is local.
		expect(html.match(/(?:src|href)="([^"]+)"/g)?.every((attr) => /"\/_sim\/chat\//.test(attr))).toBe(true);
		for (const [file, type] of [['chat.js', /javascript/], ['chat.css', /css/], ['favicon.svg', /svg/]] as const) {
			const response = await fetch(`${sim.url}/_sim/chat/${file}`);
			expect(response.status).toBe(200);
			expect(response.headers.get('content-type')).toMatch(type);
		}
		expect((await fetch(`${sim.url}/_sim/chat/nope.js`)).status).toBe(404);
		expect((await fetch(`${sim.url}/favicon.ico`)).status).toBe(204);
	});

	it('a customer action becomes a signed webhook with the customer name; the entry shows in the state', async () => {
		const sent = await chat(sim, 'send', { waId: LUCIA, input: { type: 'list_reply', replyId: 'plant_aloe', text: 'Aloe vera' } });
		expect(sent.status).toBe(200);
		const [hook] = await receiver.waitFor(() => true);
		expect(verifySignature(hook.rawBody, hook.headers['x-hub-signature-256'])).toBe(true);
		const value = hook.json.entry[0].changes[0].value;
		expect(value.contacts[0]).toMatchObject({ wa_id: LUCIA, profile: { name: 'Lucía Pérez' } });
		expect(value.messages[0]).toMatchObject({ from: LUCIA, type: 'interactive', interactive: { type: 'list_reply', list_reply: { id: 'plant_aloe', title: 'Aloe vera' } } });
		const state = (await chat(sim, 'state')).body;
		expect(state.customerMessages).toEqual([expect.objectContaining({ waId: LUCIA, wamid: value.messages[0].id, webhookStatus: 200 })]);
		expect(state.windows[LUCIA].open).toBe(true);
	});

	it('a photo sent as bytes is media the business can download, and the page can show', async () => {
		const bytes = Buffer.from('ffd8ffe000104a464946000101', 'hex');
		const sent = await chat(sim, 'send', { waId: LUCIA, input: { type: 'image', mimeType: 'image/jpeg', caption: 'my cactus', mediaBase64: bytes.toString('base64') } });
		expect(sent.body.mediaId).toEqual(expect.any(String));
		const shown = await fetch(`${sim.url}/_sim/chat/media/${sent.body.mediaId}`);
		expect(Buffer.from(await shown.arrayBuffer())).toEqual(bytes);
		const lookup = await api(sim, 'GET', `/v25.0/${sent.body.mediaId}`);
		expect(lookup.body).toMatchObject({ mime_type: 'image/jpeg', file_size: String(bytes.length) });
	});

	it('customers can be added; bad numbers are refused', async () => {
		expect((await chat(sim, 'customers', { waId: '+44 7700 900123', name: 'Amelia', country: 'gb' })).body).toEqual({ waId: '447700900123', name: 'Amelia', country: 'GB' });
		expect((await chat(sim, 'customers', { waId: '123' })).status).toBe(400);
		expect((await chat(sim, 'state')).body.customers.map((c: any) => c.waId)).toContain('447700900123');
	});

	it('faults: 131047 closes the window, 131026 fails delivery, 130429 refuses the next sends', async () => {
		const text = { messaging_product: 'whatsapp', to: LUCIA, type: 'text', text: { body: 'hi' } };
		await chat(sim, 'send', { waId: LUCIA, input: { text: 'hello' } });
		expect((await chat(sim, 'fault', { waId: LUCIA, code: 131047 })).status).toBe(200);
		expect(sim.isWindowOpen(LUCIA)).toBe(false);
		await chat(sim, 'send', { waId: LUCIA, input: { text: 'again' } });
		await chat(sim, 'fault', { waId: LUCIA, code: 130429 });
		const refused = await api(sim, 'POST', `/v25.0/${PNID}/messages`, { body: text });
		expect(refused.status).toBe(400);
		expect(refused.body.error.code).toBe(130429);
		const state = (await chat(sim, 'state')).body;
		expect(state.refused).toEqual([expect.objectContaining({ to: LUCIA, code: 130429, type: 'text' })]);
		await chat(sim, 'fault', { waId: LUCIA, code: 131026 });
		expect((await api(sim, 'POST', `/v25.0/${PNID}/messages`, { body: text })).status).toBe(200);
		expect(sim.acceptedMessages.at(-1)?.failure?.code).toBe(131026);
		await chat(sim, 'fault', { waId: LUCIA, code: null });
		expect((await chat(sim, 'fault', { waId: LUCIA, code: 4242 })).status).toBe(400);
	});
});

describe('chat page: record and replay against a small workflow', () => {
	let sim: SimulatorHandle;
	let bot: ReturnType<typeof createServer>;
	let botUrl = '';
	let shipped: Array<{ waId: string; name: string }> = [];
	/** "Workflow": answers "menu" with buttons, anything else with an echo; a business action sends a template. */
	let variant: 'v1' | 'v2' = 'v1';

	const send = async (body: Record<string, unknown>) => await api(sim, 'POST', `/v25.0/${SHOP_PHONE.id}/messages`, { body: { messaging_product: 'whatsapp', ...body } });

	beforeAll(async () => {
		bot = createServer((req, res) => {
			let raw = '';
			req.on('data', (chunk: Buffer) => (raw += chunk.toString('utf8')));
			req.on('end', () => {
				res.writeHead(200).end('{}');
				void (async () => {
					const body = JSON.parse(raw || '{}');
					if (req.url === '/shipped') {
						shipped.push(body);
						await send({ to: body.waId, type: 'template', template: { name: 'hello_world', language: { code: 'en_US' } } });
						return;
					}
					const message = body.entry?.[0]?.changes?.[0]?.value?.messages?.[0];
					if (!message) return;
					if (message.text?.body === 'menu') {
						await send({ to: message.from, type: 'interactive', interactive: { type: 'button', body: { text: 'Pick' }, action: { buttons: [{ type: 'reply', reply: { id: 'a', title: 'A' } }] } } });
					} else {
						await send({ to: message.from, type: 'text', text: { body: `${variant === 'v1' ? 'You said' : 'You wrote'}: ${message.text?.body ?? message.interactive?.button_reply?.title}` } });
					}
				})();
			});
		});
		await new Promise<void>((resolve) => bot.listen(0, '127.0.0.1', resolve));
		botUrl = `http://127.0.0.1:${(bot.address() as AddressInfo).port}`;
		sim = await startSimulator({ phoneNumbers: [SHOP_PHONE], webhookUrl: `${botUrl}/webhook`, statuses: false, logger: () => undefined });
		sim.chat.configure({ phoneNumberId: SHOP_PHONE.id, actions: [{ label: 'Shipped', url: `${botUrl}/shipped` }] });
	});
	afterAll(async () => {
		await sim.stop();
		await new Promise((resolve) => bot.close(resolve));
	});

	async function playAndRecord(): Promise<ChatRecording> {
		await chat(sim, 'record', { on: true });
		await chat(sim, 'send', { waId: LUCIA, input: { type: 'text', text: 'menu' } });
		await waitForReplies(1);
		await chat(sim, 'send', { waId: LUCIA, input: { type: 'button_reply', replyId: 'a', text: 'A' } });
		await waitForReplies(2);
		await fetch(`${sim.url}/__sim/clock`, { method: 'POST', body: JSON.stringify({ jump: '+25h' }) });
		expect((await chat(sim, 'action', { label: 'Shipped', waId: LUCIA })).body.status).toBe(200);
		await waitForReplies(3);
		return (await chat(sim, 'record', { on: false })).body as ChatRecording;
	}

	async function waitForReplies(count: number): Promise<void> {
		const deadline = Date.now() + 5000;
		while (sim.acceptedMessages.length < count && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
	}

	it('records steps with the replies to each, replays them as another customer, and notices a changed workflow', async () => {
		shipped = [];
		variant = 'v1';
		const recording = await playAndRecord();
		expect(recording.format).toBe('wabp-chat-recording');
		expect(recording.steps.map((s) => [s.action, s.replies.map((r) => r.template ?? r.text)])).toEqual([
			['send', ['Pick']],
			['send', ['You said: A']],
			['clock', []],
			['business', ['hello_world']],
		]);
		expect(shipped).toEqual([{ waId: LUCIA, name: 'Lucía Pérez' }]);

		const same = await sim.chat.replay(recording, { renumber: { [LUCIA]: '34611000042' }, quietMs: 200 });
		expect(same.ok).toBe(true);
		expect(same.steps[1].actual).toEqual([{ to: '34611000042', type: 'text', text: 'You said: A' }]);
		expect(shipped.at(-1)).toEqual({ waId: '34611000042', name: 'Lucía Pérez' });

		variant = 'v2';
		const changed = await sim.chat.replay(recording, { renumber: { [LUCIA]: '34611000043' }, quietMs: 200 });
		expect(changed.ok).toBe(false);
		expect(changed.steps.map((s) => s.same)).toEqual([true, false, true, true]);
		expect(changed.steps[1].actual[0].text).toBe('You wrote: A');

		// Through the page's API too, and a non-recording is refused with a hint.
		expect((await chat(sim, 'replay', { recording: { steps: [] } })).status).toBe(400);
	});
});
