/* eslint-disable @typescript-eslint/no-explicit-any -- response bodies and payloads are untyped JSON */
import { createHmac } from 'node:crypto';

import type { SimulatorHandle } from '../../simulator';
import { signWebhookBody, startSimulator } from '../../simulator';
import type { Receiver } from './helpers';
import { CUSTOMER, PNID, SECRET, WABA, api, expectError, send, sleep, startReceiver, statusOf, text, verifySignature } from './helpers';

// Generous per-test timeout: the suite is fast (~10 s), but CI machines can be heavily loaded.
jest.setTimeout(30_000);

let sim: SimulatorHandle;
let receiver: Receiver;

beforeAll(async () => {
	receiver = await startReceiver();
	sim = await startSimulator({ statusDelaysMs: { sent: 5, delivered: 15, read: 25 }, pairRate: false, webhookRetry: { attempts: 3, backoffMs: 20 } });
});
afterAll(async () => {
	await sim.stop();
	await receiver.close();
});
beforeEach(() => {
	sim.reset();
	sim.setWebhookUrl(receiver.url);
	receiver.received.length = 0;
	receiver.status = 200;
	receiver.verifyToken = 'verify-me';
});

describe('signed webhooks (facts §12.2)', () => {
	it('signWebhookBody is sha256=<hex HMAC of the raw bytes>', () => {
		expect(signWebhookBody('{"a":1}', 'k')).toBe('sha256=' + createHmac('sha256', 'k').update('{"a":1}').digest('hex'));
	});

	it('sends sent -> delivered -> read with pricing, echoing biz_opaque_callback_data (v25: no conversation)', async () => {
		sim.openWindow(CUSTOMER);
		const r = await send(sim, { ...text(), biz_opaque_callback_data: 'order-123' });
		const id = r.body.messages[0].id;
		const hooks = await receiver.waitFor((w) => statusOf(w)?.id === id, 3);
		for (const h of hooks) {
			expect(verifySignature(h.rawBody, h.headers['x-hub-signature-256'])).toBe(true);
			expect(h.headers['content-type']).toBe('application/json');
			expect(h.headers['x-hub-signature']).toMatch(/^sha1=[0-9a-f]{40}$/);
		}
		const byStatus = Object.fromEntries(hooks.map((h) => [statusOf(h).status, h]));
		expect(byStatus.sent.json).toEqual({
			object: 'whatsapp_business_account',
			entry: [
				{
					id: WABA,
					changes: [
						{
							field: 'messages',
							value: {
								messaging_product: 'whatsapp',
								metadata: { display_phone_number: '15550100', phone_number_id: PNID },
								statuses: [
									{
										id,
										status: 'sent',
										timestamp: expect.stringMatching(/^\d{10}$/),
										recipient_id: CUSTOMER,
										biz_opaque_callback_data: 'order-123',
										pricing: { billable: false, pricing_model: 'PMP', type: 'free_customer_service', category: 'service' },
									},
								],
							},
						},
					],
				},
			],
		});
		expect(statusOf(byStatus.delivered).pricing).toBeDefined();
		const record = await sim.waitForWebhook((w) => w.wamid === id && w.statusName === 'read');
		expect(record).toMatchObject({ kind: 'status', status: 200, attempts: 1, url: receiver.url });
		expect(statusOf(byStatus.read).pricing).toBeUndefined();
		expect(statusOf(byStatus.read).conversation).toBeUndefined();
	});

	it('adds `conversation` below v24 and prices marketing templates as regular', async () => {
		const r = await send(
			sim,
			{ to: CUSTOMER, type: 'template', template: { name: 'coupon_code_offer', language: { code: 'en_US' }, components: [{ type: 'body', parameters: [{ type: 'text', text: 'P' }] }, { type: 'button', sub_type: 'copy_code', index: 0, parameters: [{ type: 'coupon_code', coupon_code: 'X' }] }] } },
			'v23.0',
		);
		const id = r.body.messages[0].id;
		const [sent] = await receiver.waitFor((w) => statusOf(w)?.id === id && statusOf(w).status === 'sent');
		expect(statusOf(sent)).toMatchObject({
			conversation: { id: expect.stringMatching(/^[0-9a-f]{32}$/), expiration_timestamp: expect.stringMatching(/^\d+$/), origin: { type: 'marketing' } },
			pricing: { billable: true, pricing_model: 'PMP', type: 'regular', category: 'marketing' },
		});
	});

	it('escapes non-ASCII as \\uXXXX (and / as \\/) and signs exactly those bytes', async () => {
		const { payload } = await sim.injectInbound({ from: CUSTOMER, text: 'Olá 😀 https://x.y/z' });
		const [hook] = await receiver.waitFor((w) => w.json?.entry?.[0]?.changes?.[0]?.value?.messages !== undefined);
		const raw = hook.rawBody.toString('utf8');
		expect(raw).toContain('Ol\\u00e1 \\ud83d\\ude00 https:\\/\\/x.y\\/z');
		expect(/[\u0080-\uffff]/.test(raw)).toBe(false);
		expect(verifySignature(hook.rawBody, hook.headers['x-hub-signature-256'])).toBe(true);
		// Re-serialising the parsed JSON gives different bytes: verification must use the raw body.
		expect(verifySignature(Buffer.from(JSON.stringify(hook.json)), hook.headers['x-hub-signature-256'])).toBe(false);
		expect(hook.json).toEqual(payload);
	});

	it('free-form send outside the window: accepted (200 + wamid), then a failed status with 131047', async () => {
		const r = await send(sim, text('15557654321'));
		expect(r.status).toBe(200);
		const id = r.body.messages[0].id;
		const [failed] = await receiver.waitFor((w) => statusOf(w)?.id === id);
		expect(statusOf(failed)).toEqual({
			id,
			status: 'failed',
			timestamp: expect.any(String),
			recipient_id: '15557654321',
			errors: [
				{
					code: 131047,
					title: 'Re-engagement message',
					message: 'Re-engagement message',
					error_data: { details: 'Message failed to send because more than 24 hours have passed since the customer last replied to this number.' },
					href: '/documentation/business-messaging/whatsapp/support/error-codes',
				},
			],
		});
		expect(sim.stats().failedStatuses).toBe(1);
		// Templates are allowed outside the window.
		const t = await send(sim, { to: '15557654321', type: 'template', template: { name: 'hello_world', language: { code: 'en_US' } } });
		const tid = t.body.messages[0].id;
		const [sentHook] = await receiver.waitFor((w) => statusOf(w)?.id === tid && statusOf(w).status === 'sent');
		expect(statusOf(sentHook).pricing).toEqual({ billable: true, pricing_model: 'PMP', type: 'regular', category: 'utility' });
	});

	it('windowErrorMode "sync" answers HTTP 400 131047; the window expires after 24 h', async () => {
		let now = Date.now();
		sim.setOptions({ windowErrorMode: 'sync', clock: () => now });
		try {
			expectError(await send(sim, text()), 400, 131047);
			await sim.injectInbound({ from: CUSTOMER, text: 'hi' });
			expect((await send(sim, text())).status).toBe(200);
			now += 24 * 3600 * 1000 + 1;
			expectError(await send(sim, text()), 400, 131047);
		} finally {
			sim.setOptions({ windowErrorMode: 'async', clock: () => Date.now() });
		}
	});

	it('reactions only get a `sent` status; undeliverable recipients get 131026', async () => {
		sim.openWindow(CUSTOMER);
		const r = await send(sim, { to: CUSTOMER, type: 'reaction', reaction: { message_id: 'wamid.X', emoji: '👍' } });
		const id = r.body.messages[0].id;
		await receiver.waitFor((w) => statusOf(w)?.id === id);
		await sleep(60);
		expect(receiver.received.filter((w) => statusOf(w)?.id === id).map((w) => statusOf(w).status)).toEqual(['sent']);

		sim.setUndeliverable('15550001234');
		sim.openWindow('15550001234');
		const u = await send(sim, text('15550001234'));
		const [failed] = await receiver.waitFor((w) => statusOf(w)?.id === u.body.messages[0].id);
		expect(statusOf(failed).errors[0].code).toBe(131026);
	});

	it('retries a webhook answered with 500', async () => {
		receiver.status = 500;
		const inbound = sim.injectInbound({ from: CUSTOMER, text: 'retry me' });
		await receiver.waitFor(() => true, 2);
		receiver.status = 200;
		const result = await inbound;
		expect(result.deliveredStatus).toBe(200);
		expect(result.webhook.attempts).toBeGreaterThanOrEqual(2);
	});

	it('sendWebhook: valid, invalid and missing signatures', async () => {
		const payload = { object: 'whatsapp_business_account', entry: [] };
		await sim.sendWebhook(payload);
		await sim.sendWebhook(payload, { signature: 'invalid' });
		await sim.sendWebhook('{"raw":true}', { signature: 'none' });
		const [a, b, c] = receiver.received;
		expect(verifySignature(a.rawBody, a.headers['x-hub-signature-256'])).toBe(true);
		expect(verifySignature(b.rawBody, b.headers['x-hub-signature-256'])).toBe(false);
		expect(c.headers['x-hub-signature-256']).toBeUndefined();
		expect(c.rawBody.toString()).toBe('{"raw":true}');
	});
});

describe('inbound messages (facts §12.6)', () => {
	it('text: exact payload, opens the window', async () => {
		expect(sim.isWindowOpen(CUSTOMER)).toBe(false);
		const result = await sim.injectInbound({ from: '+1 555 123 4567', text: 'Does it come in another color?', profileName: 'Sheena Nelson' });
		expect(result.deliveredStatus).toBe(200);
		expect(result.payload).toEqual({
			object: 'whatsapp_business_account',
			entry: [
				{
					id: WABA,
					changes: [
						{
							field: 'messages',
							value: {
								messaging_product: 'whatsapp',
								metadata: { display_phone_number: '15550100', phone_number_id: PNID },
								contacts: [{ profile: { name: 'Sheena Nelson' }, wa_id: CUSTOMER }],
								messages: [{ from: CUSTOMER, id: result.wamid, timestamp: expect.stringMatching(/^\d{10}$/), type: 'text', text: { body: 'Does it come in another color?' } }],
							},
						},
					],
				},
			],
		});
		expect(result.wamid).toMatch(/^wamid\./);
		expect(sim.isWindowOpen(CUSTOMER)).toBe(true);
	});

	it('media: downloadable through GET /{media-id} and the signed URL', async () => {
		const { payload } = await sim.injectInbound({ from: CUSTOMER, type: 'image', caption: 'look', mediaBytes: Buffer.from('JPEGDATA') });
		const image = (payload as any).entry[0].changes[0].value.messages[0].image;
		expect(image).toEqual({ caption: 'look', mime_type: 'image/jpeg', sha256: expect.any(String), id: expect.stringMatching(/^\d+$/), url: expect.stringContaining('/whatsapp_business/attachments/') });
		const info = await api(sim, 'GET', `/v25.0/${image.id}`);
		expect(info.body).toMatchObject({ messaging_product: 'whatsapp', mime_type: 'image/jpeg', file_size: '8', id: image.id });
		const bytes = await fetch(info.body.url, { headers: { Authorization: 'Bearer sim-token' } });
		expect(bytes.status).toBe(200);
		expect(Buffer.from(await bytes.arrayBuffer()).toString()).toBe('JPEGDATA');
	});

	it.each([
		['button', { type: 'button', payload: 'STOP_PROMOS', text: 'Stop promotions', context: { id: 'wamid.OUT' } }, { type: 'button', button: { payload: 'STOP_PROMOS', text: 'Stop promotions' }, context: { from: '15550100', id: 'wamid.OUT' } }],
		['button_reply', { type: 'button_reply', replyId: 'change-button', text: 'Change' }, { type: 'interactive', interactive: { type: 'button_reply', button_reply: { id: 'change-button', title: 'Change' } } }],
		['list_reply', { type: 'list_reply', replyId: 'express', text: 'Express', description: 'Next day' }, { type: 'interactive', interactive: { type: 'list_reply', list_reply: { id: 'express', title: 'Express', description: 'Next day' } } }],
		['nfm_reply', { type: 'nfm_reply', responseJson: { a: '1' }, flowToken: 'tok' }, { type: 'interactive', interactive: { type: 'nfm_reply', nfm_reply: { name: 'flow', body: 'Sent', response_json: '{"a":"1","flow_token":"tok"}' } } }],
		['location', { type: 'location', latitude: 1.5, longitude: 2.5, name: 'HQ' }, { type: 'location', location: { latitude: 1.5, longitude: 2.5, name: 'HQ' } }],
		['reaction', { type: 'reaction', messageId: 'wamid.OUT', emoji: '😮' }, { type: 'reaction', reaction: { message_id: 'wamid.OUT', emoji: '😮' } }],
		['forwarded video', { type: 'video', context: { forwarded: true } }, { type: 'video', context: { forwarded: true } }],
		['unsupported', { type: 'unsupported', unsupportedType: 'edit' }, { type: 'unsupported', unsupported: { type: 'edit' }, errors: [expect.objectContaining({ code: 131051 })] }],
		['order', { type: 'order' }, { type: 'order', order: expect.objectContaining({ catalog_id: expect.any(String), product_items: expect.any(Array) }) }],
	])('%s', (_name, input, expected) => {
		const { payload } = sim.buildInboundPayload({ from: CUSTOMER, ...(input as object) });
		expect((payload as any).entry[0].changes[0].value.messages[0]).toMatchObject(expected);
	});

	it('system messages carry no contacts block and do not open the window', async () => {
		const { payload } = await sim.injectInbound({ from: CUSTOMER, type: 'system' });
		const value = (payload as any).entry[0].changes[0].value;
		expect(value.contacts).toBeUndefined();
		expect(value.messages[0].system.type).toBe('user_changed_number');
		expect(sim.isWindowOpen(CUSTOMER)).toBe(false);
	});
});

describe('webhook subscriptions and the verification handshake (facts §7, §12.1)', () => {
	it('subscribed_apps with override_callback_uri verifies the callback, then routes webhooks there', async () => {
		const other = await startReceiver('tok-2');
		try {
			const r = await api(sim, 'POST', `/v25.0/${WABA}/subscribed_apps`, { body: { override_callback_uri: other.url, verify_token: 'tok-2' } });
			expect(r.status).toBe(200);
			expect(r.body.data[0]).toMatchObject({ override_callback_uri: other.url, whatsapp_business_api_data: { id: expect.any(String) } });
			expect(other.handshakes[0]).toEqual({ 'hub.mode': 'subscribe', 'hub.challenge': expect.stringMatching(/^\d+$/), 'hub.verify_token': 'tok-2' });
			const list = await api(sim, 'GET', `/v25.0/${WABA}/subscribed_apps`);
			expect(list.body.data[0].override_callback_uri).toBe(other.url);
			await sim.injectInbound({ from: CUSTOMER, text: 'to override' });
			expect(other.received).toHaveLength(1);
			expect(receiver.received).toHaveLength(0);
		} finally {
			await other.close();
		}
	});

	it('subscribing again without an override deletes the WABA override (Meta\'s "Webhook overrides"): webhooks go back to the app URL', async () => {
		const other = await startReceiver('tok-3');
		try {
			await api(sim, 'POST', `/v25.0/${WABA}/subscribed_apps`, { body: { override_callback_uri: other.url, verify_token: 'tok-3' } });
			expect(sim.webhookUrlFor()).toBe(other.url);
			// No body at all, as a client that just re-subscribes the app sends it.
			expect((await api(sim, 'POST', `/v25.0/${WABA}/subscribed_apps`)).body).toEqual({ success: true });
			expect((await api(sim, 'GET', `/v25.0/${WABA}/subscribed_apps`)).body.data[0].override_callback_uri).toBeUndefined();
			expect(sim.webhookUrlFor()).toBe(receiver.url);
			await sim.injectInbound({ from: CUSTOMER, text: 'back to the app' });
			expect(other.received).toHaveLength(0);
			expect(receiver.received).toHaveLength(1);
		} finally {
			await other.close();
		}
	});

	it('a wrong verify token fails with (#2200) and keeps the old URL', async () => {
		const r = await api(sim, 'POST', `/v25.0/${WABA}/subscribed_apps`, { body: { override_callback_uri: receiver.url, verify_token: 'wrong' } });
		const err = expectError(r, 400, 2200);
		expect(err.message).toMatch(/^\(#2200\) Callback verification failed with the following errors: HTTP Status Code = 403/);
		expect((await api(sim, 'GET', `/v25.0/${WABA}/subscribed_apps`)).body.data[0].override_callback_uri).toBeUndefined();
		const unreachable = await api(sim, 'POST', `/v25.0/${WABA}/subscribed_apps`, { body: { override_callback_uri: 'http://127.0.0.1:1/x', verify_token: 'v' } });
		expect(expectError(unreachable, 400, 2200).message).toMatch(/curl_errno/);
		expectError(await api(sim, 'POST', `/v25.0/${WABA}/subscribed_apps`, { body: { override_callback_uri: receiver.url } }), 400, 100);
	});

	it('DELETE unsubscribes: webhooks stop until POST subscribes again', async () => {
		expect((await api(sim, 'DELETE', `/v25.0/${WABA}/subscribed_apps`)).body).toEqual({ success: true });
		expect((await api(sim, 'GET', `/v25.0/${WABA}/subscribed_apps`)).body).toEqual({ data: [] });
		const result = await sim.injectInbound({ from: CUSTOMER, text: 'lost' });
		expect(result.webhook.skipped).toBe('unsubscribed');
		expect((await api(sim, 'POST', `/v25.0/${WABA}/subscribed_apps`)).body).toEqual({ success: true });
		expect((await sim.injectInbound({ from: CUSTOMER, text: 'found' })).deliveredStatus).toBe(200);
	});

	it('phone-number override via webhook_configuration takes precedence', async () => {
		const other = await startReceiver('pn');
		try {
			const r = await api(sim, 'POST', `/v25.0/${PNID}`, { body: { webhook_configuration: { override_callback_uri: other.url, verify_token: 'pn' } } });
			expect(r.body).toEqual({ success: true });
			const info = await api(sim, 'GET', `/v25.0/${PNID}?fields=webhook_configuration`);
			expect(info.body.webhook_configuration).toEqual({ phone_number: other.url, application: receiver.url });
			await sim.injectInbound({ from: CUSTOMER, text: 'pn' });
			expect(other.received).toHaveLength(1);
		} finally {
			await other.close();
		}
	});

	it('app subscriptions (n8n built-in trigger style) with an app access token', async () => {
		const token = await api(sim, 'GET', `/v25.0/oauth/access_token?client_id=900000000000001&client_secret=${SECRET}&grant_type=client_credentials`, { token: null });
		expect(token.body).toEqual({ access_token: expect.any(String), token_type: 'bearer' });
		const other = await startReceiver('node-id');
		try {
			const sub = await api(sim, 'POST', '/v25.0/900000000000001/subscriptions', {
				token: token.body.access_token,
				raw: `object=whatsapp_business_account&callback_url=${encodeURIComponent(other.url)}&verify_token=node-id&fields=${encodeURIComponent('["messages"]')}&include_values=true`,
				contentType: 'application/x-www-form-urlencoded',
			});
			expect(sub.body).toEqual({ success: true });
			const list = await api(sim, 'GET', '/v25.0/900000000000001/subscriptions', { token: token.body.access_token });
			expect(list.body.data[0]).toMatchObject({ object: 'whatsapp_business_account', callback_url: other.url, active: true, fields: [{ name: 'messages', version: expect.any(String) }] });
			expect(sim.webhookUrlFor(PNID)).toBe(other.url);
		} finally {
			await other.close();
		}
	});
});
