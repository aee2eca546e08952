/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals, @typescript-eslint/no-explicit-any -- test code for a dev tool that runs in Node, not inside n8n; response bodies are untyped JSON */
import { createHash } from 'node:crypto';
import { request } from 'node:http';

import type { SimulatorHandle } from '../../simulator';
import { startSimulator } from '../../simulator';
import { CUSTOMER, PNID, WABA, api, expectError, send, text } from './helpers';

// Generous per-test timeout: the suite is fast (~10 s), but CI machines can be heavily loaded.
jest.setTimeout(30_000);

let sim: SimulatorHandle;

beforeAll(async () => {
	sim = await startSimulator({ statuses: false, pairRate: false, maxBodyBytes: 2 * 1024 * 1024 });
});
afterAll(() => sim.stop());
beforeEach(() => sim.reset());

async function upload(bytes: Buffer, type: string, fields: Record<string, string> = { messaging_product: 'whatsapp', type }) {
	const form = new FormData();
	for (const [k, v] of Object.entries(fields)) form.append(k, v);
	form.append('file', new Blob([bytes], { type }), 'file.bin');
	const res = await fetch(`${sim.url}/v25.0/${PNID}/media`, { method: 'POST', headers: { Authorization: 'Bearer sim-token' }, body: form });
	return { status: res.status, body: (await res.json()) as any };
}

describe('media (facts §3)', () => {
	it('upload -> GET url -> download with token -> DELETE', async () => {
		const bytes = Buffer.from('%PDF-1.4 simulated');
		const up = await upload(bytes, 'application/pdf');
		expect(up).toEqual({ status: 200, body: { id: expect.stringMatching(/^\d+$/) } });
		const info = await api(sim, 'GET', `/v25.0/${up.body.id}?phone_number_id=${PNID}`);
		expect(info.body).toEqual({
			messaging_product: 'whatsapp',
			url: expect.stringMatching(new RegExp(`^${sim.url}/whatsapp_business/attachments/\\?mid=`)),
			mime_type: 'application/pdf',
			sha256: createHash('sha256').update(bytes).digest('hex'),
			file_size: String(bytes.length),
			id: up.body.id,
		});
		const noToken = await fetch(info.body.url);
		expect(noToken.status).toBe(401);
		const ok = await fetch(info.body.url, { headers: { Authorization: 'Bearer sim-token' } });
		expect(ok.headers.get('content-type')).toBe('application/pdf');
		expect(Buffer.from(await ok.arrayBuffer()).equals(bytes)).toBe(true);
		const tampered = await fetch(info.body.url.replace(/hash=\w+/, 'hash=abc'), { headers: { Authorization: 'Bearer sim-token' } });
		expect(tampered.status).toBe(404);
		// Uploaded media can be sent by id.
		sim.openWindow(CUSTOMER);
		expect((await send(sim, { to: CUSTOMER, type: 'document', document: { id: up.body.id } })).status).toBe(200);

		expect((await api(sim, 'DELETE', `/v25.0/${up.body.id}`)).body).toEqual({ success: true });
		const gone = expectError(await api(sim, 'GET', `/v25.0/${up.body.id}`), 400, 100);
		expect(gone).toMatchObject({ error_subcode: 33, type: 'GraphMethodException', message: expect.stringMatching(/^Unsupported get request\. Object with ID '\d+' does not exist/) });
	});

	it('rejects unsupported types, missing fields and oversize files', async () => {
		expectError(await upload(Buffer.from('<html>'), 'text/html'), 400, 100);
		expectError(await upload(Buffer.from('x'), 'image/png', { type: 'image/png' }), 400, 100);
		expectError(await upload(Buffer.alloc(600 * 1024), 'image/webp'), 400, 131053);
		expectError(await api(sim, 'POST', `/v25.0/${PNID}/media`, { body: { messaging_product: 'whatsapp' } }), 400, 100);
	});

	it('a send by an unknown media id is accepted and then fails with 131053', async () => {
		sim.openWindow(CUSTOMER);
		const r = await send(sim, { to: CUSTOMER, type: 'image', image: { id: '300000000000003' } });
		expect(r.status).toBe(200);
		expect(sim.acceptedMessages[0].failure?.code).toBe(131053);
	});
});

describe('business profile (facts §5)', () => {
	it('reads and updates with validation', async () => {
		const read = await api(sim, 'GET', `/v25.0/${PNID}/whatsapp_business_profile?fields=about,vertical,websites`);
		expect(read.body).toEqual({ data: [{ about: expect.any(String), vertical: 'RETAIL', websites: expect.any(Array), messaging_product: 'whatsapp' }] });
		const update = await api(sim, 'POST', `/v25.0/${PNID}/whatsapp_business_profile`, {
			body: { messaging_product: 'whatsapp', about: 'Plants 🌵', description: 'd'.repeat(512), websites: ['https://a.example', 'http://b.example'], vertical: 'GROCERY', email: 'a@b.co' },
		});
		expect(update.body).toEqual({ success: true });
		const after = await api(sim, 'GET', `/v25.0/${PNID}/whatsapp_business_profile`);
		expect(after.body.data[0]).toMatchObject({ about: 'Plants 🌵', vertical: 'GROCERY', messaging_product: 'whatsapp' });
	});

	it.each([
		['about > 139', { about: 'x'.repeat(140) }],
		['empty about', { about: '' }],
		['description > 512', { description: 'x'.repeat(513) }],
		['3 websites', { websites: ['https://a.b', 'https://c.d', 'https://e.f'] }],
		['website without scheme', { websites: ['a.example'] }],
		['bad vertical', { vertical: 'SPACE' }],
		['bad email', { email: 'nope' }],
		['missing messaging_product', { messaging_product: undefined }],
	])('rejects %s with 100', async (_n, fields) => {
		expectError(await api(sim, 'POST', `/v25.0/${PNID}/whatsapp_business_profile`, { body: { messaging_product: 'whatsapp', ...fields } }), 400, 100);
	});
});

describe('phone numbers and WABA (facts §6, §7)', () => {
	it('GET /{pnid} default fields, and selected fields', async () => {
		const r = await api(sim, 'GET', `/v25.0/${PNID}`);
		expect(r.body).toEqual({
			verified_name: 'Lucky Shrub',
			code_verification_status: 'VERIFIED',
			display_phone_number: '+1 555-0100',
			quality_rating: 'GREEN',
			platform_type: 'CLOUD_API',
			throughput: { level: 'STANDARD' },
			id: PNID,
		});
		const f = await api(sim, 'GET', `/v25.0/${PNID}?fields=name_status,messaging_limit_tier,is_official_business_account,status,whatsapp_business_manager_messaging_limit`);
		expect(f.body).toEqual({ name_status: 'APPROVED', messaging_limit_tier: expect.stringMatching(/^TIER_/), is_official_business_account: false, status: 'CONNECTED', whatsapp_business_manager_messaging_limit: 'TIER_2K', id: PNID });
	});

	it('GET /{waba}/phone_numbers lists numbers with paging', async () => {
		const r = await api(sim, 'GET', `/v25.0/${WABA}/phone_numbers`);
		expect(r.body).toEqual({ data: [expect.objectContaining({ id: PNID, display_phone_number: '+1 555-0100' })], paging: { cursors: { before: expect.any(String), after: expect.any(String) } } });
	});

	it('GET /{waba} fields', async () => {
		expect((await api(sim, 'GET', `/v25.0/${WABA}`)).body).toEqual({ id: WABA, name: 'Lucky Shrub', timezone_id: '1', message_template_namespace: expect.any(String) });
		expect((await api(sim, 'GET', `/v25.0/${WABA}?fields=currency`)).body).toEqual({ currency: 'USD', id: WABA });
		expectError(await api(sim, 'GET', `/v25.0/${WABA}?fields=nonsense`), 400, 100);
	});

	it('register / deregister / pin', async () => {
		expect((await api(sim, 'POST', `/v25.0/${PNID}/register`, { body: { messaging_product: 'whatsapp', pin: '123456' } })).body).toEqual({ success: true });
		expectError(await api(sim, 'POST', `/v25.0/${PNID}/register`, { body: { messaging_product: 'whatsapp', pin: '654321' } }), 400, 133005);
		expect((await api(sim, 'POST', `/v25.0/${PNID}`, { body: { pin: '150954' } })).body).toEqual({ success: true });
	});
});

describe('analytics (facts §8)', () => {
	const start = 1750000000;
	const end = start + 3 * 86400;

	it('analytics with DAY granularity: deterministic data points', async () => {
		const q = `/v25.0/${WABA}?fields=${encodeURIComponent(`analytics.start(${start}).end(${end}).granularity(DAY).phone_numbers(["15550100"])`)}`;
		const a = await api(sim, 'GET', q);
		expect(a.body).toEqual({ analytics: { phone_numbers: ['15550100'], granularity: 'DAY', data_points: expect.any(Array) }, id: WABA });
		expect(a.body.analytics.data_points.length).toBeGreaterThanOrEqual(3);
		expect(a.body.analytics.data_points[0]).toEqual({ start: expect.any(Number), end: expect.any(Number), sent: expect.any(Number), delivered: expect.any(Number) });
		expect((await api(sim, 'GET', q)).body).toEqual(a.body);
	});

	it('pricing_analytics and conversation_analytics with dimensions', async () => {
		const p = await api(sim, 'GET', `/v25.0/${WABA}?fields=${encodeURIComponent(`pricing_analytics.start(${start}).end(${end}).granularity(DAILY).dimensions(["PRICING_CATEGORY","PRICING_TYPE"])`)}`);
		const point = p.body.pricing_analytics.data[0].data_points[0];
		expect(point).toEqual(expect.objectContaining({ start: expect.any(Number), end: expect.any(Number), pricing_category: expect.any(String), pricing_type: expect.any(String), volume: expect.any(Number), cost: expect.any(Number) }));
		const c = await api(sim, 'GET', `/v25.0/${WABA}?fields=${encodeURIComponent(`conversation_analytics.start(${start}).end(${end}).granularity(DAILY).dimensions(["CONVERSATION_CATEGORY"])`)}`);
		expect(c.body.conversation_analytics.data[0].data_points[0]).toEqual({ start: expect.any(Number), end: expect.any(Number), conversation: expect.any(Number), conversation_category: 'AUTHENTICATION', cost: expect.any(Number) });
		expectError(await api(sim, 'GET', `/v25.0/${WABA}?fields=${encodeURIComponent(`analytics.start(${start}).granularity(DAY)`)}`), 400, 100);
		expectError(await api(sim, 'GET', `/v25.0/${WABA}?fields=${encodeURIComponent(`pricing_analytics.start(${start}).end(${end}).granularity(WEEK)`)}`), 400, 100);
	});

	it('template_analytics edge', async () => {
		const id = sim.templates()[0].id;
		const r = await api(sim, 'GET', `/v25.0/${WABA}/template_analytics?start=${start}&end=${end}&granularity=daily&metric_types=${encodeURIComponent('["SENT","READ"]')}&template_ids=${encodeURIComponent(`[${id}]`)}`);
		expect(r.body.data[0]).toMatchObject({ granularity: 'DAILY', product_type: 'cloud_api' });
		expect(r.body.data[0].data_points[0]).toEqual({ template_id: id, start: expect.any(Number), end: expect.any(Number), sent: expect.any(Number), read: expect.any(Number) });
		expectError(await api(sim, 'GET', `/v25.0/${WABA}/template_analytics?start=${start}&end=${end}&granularity=daily`), 400, 100);
	});
});

describe('block users (facts §9)', () => {
	it('blocks only users who wrote in the last 24 h; partial failure is HTTP 400 with 139100', async () => {
		await sim.injectInbound({ from: CUSTOMER, text: 'hi' });
		const ok = await api(sim, 'POST', `/v25.0/${PNID}/block_users`, { body: { messaging_product: 'whatsapp', block_users: [{ user: '+1 555 123 4567' }] } });
		expect(ok.body).toEqual({ messaging_product: 'whatsapp', block_users: { added_users: [{ input: '+1 555 123 4567', wa_id: CUSTOMER }] } });
		expectError(await send(sim, text()), 400, 131009);
		const list = await api(sim, 'GET', `/v25.0/${PNID}/block_users`);
		expect(list.body.data).toEqual([{ messaging_product: 'whatsapp', wa_id: CUSTOMER }]);

		const partial = await api(sim, 'POST', `/v25.0/${PNID}/block_users`, { body: { messaging_product: 'whatsapp', block_users: [{ user: '15550009999' }] } });
		expect(partial.status).toBe(400);
		expect(partial.body.block_users.failed_users[0]).toMatchObject({ input: '15550009999', wa_id: '15550009999', errors: [{ code: 131047 }] });
		expect(partial.body.error).toMatchObject({ message: '(#139100) Failed to block/unblock users', code: 139100, fbtrace_id: expect.any(String) });

		const unblock = await api(sim, 'DELETE', `/v25.0/${PNID}/block_users`, { body: { messaging_product: 'whatsapp', block_users: [{ user: CUSTOMER }] } });
		expect(unblock.body.block_users.removed_users).toEqual([{ input: CUSTOMER, wa_id: CUSTOMER }]);
		expect((await send(sim, text())).status).toBe(200);
	});
});

describe('QR codes (facts §11) and commerce settings (§10)', () => {
	it('create, list, update, image, delete', async () => {
		const created = await api(sim, 'POST', `/v25.0/${PNID}/message_qrdls`, { body: { prefilled_message: 'Cyber Monday', generate_qr_image: 'SVG' } });
		expect(created.body).toEqual({ code: expect.stringMatching(/^[A-Z0-9]{14}$/), prefilled_message: 'Cyber Monday', deep_link_url: expect.stringMatching(/^https:\/\/wa\.me\/message\//), qr_image_url: expect.stringMatching(/\.svg$/) });
		const svg = await fetch(created.body.qr_image_url);
		expect(svg.headers.get('content-type')).toBe('image/svg+xml');
		const code = created.body.code;
		const updated = await api(sim, 'POST', `/v25.0/${PNID}/message_qrdls`, { body: { code, prefilled_message: 'Cyber Tuesday' } });
		expect(updated.body).toEqual({ code, prefilled_message: 'Cyber Tuesday', deep_link_url: `https://wa.me/message/${code}` });
		const list = await api(sim, 'GET', `/v25.0/${PNID}/message_qrdls?fields=code,prefilled_message,qr_image_url.format(PNG)`);
		expect(list.body.data[0].qr_image_url).toMatch(/\.png$/);
		expect((await api(sim, 'GET', `/v25.0/${PNID}/message_qrdls/${code}`)).body.data[0].prefilled_message).toBe('Cyber Tuesday');
		expectError(await api(sim, 'POST', `/v25.0/${PNID}/message_qrdls`, { body: { prefilled_message: 'x'.repeat(141) } }), 400, 100);
		expect((await api(sim, 'DELETE', `/v25.0/${PNID}/message_qrdls/${code}`)).body).toEqual({ success: true });
		expectError(await api(sim, 'GET', `/v25.0/${PNID}/message_qrdls/${code}`), 400, 100);
	});

	it('commerce settings', async () => {
		expect((await api(sim, 'GET', `/v25.0/${PNID}/whatsapp_commerce_settings`)).body.data[0]).toMatchObject({ is_cart_enabled: true, is_catalog_visible: false });
		expect((await api(sim, 'POST', `/v25.0/${PNID}/whatsapp_commerce_settings?is_cart_enabled=false&is_catalog_visible=true`)).body).toEqual({ success: true });
		expect((await api(sim, 'GET', `/v25.0/${PNID}/whatsapp_commerce_settings`)).body.data[0]).toMatchObject({ is_cart_enabled: false, is_catalog_visible: true });
	});
});

describe('unknown paths and malformed input never crash', () => {
	it.each([
		['GET', '/v25.0/123456789'],
		['POST', `/v25.0/${PNID}/nonsense`],
		['DELETE', `/v25.0/${PNID}`],
		['GET', '/unversioned/path'],
		['GET', '/v25.0/'],
		['GET', '/vX/123'],
	])('%s %s -> Unsupported request (100/33)', async (method, path) => {
		const err = expectError(await api(sim, method, path), 400, 100);
		expect(err).toMatchObject({ error_subcode: 33, type: 'GraphMethodException', message: expect.stringMatching(new RegExp(`^Unsupported ${method.toLowerCase()} request\\.`)) });
	});

	it('bad JSON -> 100', async () => {
		const r = await api(sim, 'POST', `/v25.0/${PNID}/messages`, { raw: '{"messaging_product":"whatsapp",', contentType: 'application/json' });
		expect(expectError(r, 400, 100).message).toMatch(/Invalid JSON/);
	});

	it('JSON that is not an object, wrong content type, empty body', async () => {
		expectError(await api(sim, 'POST', `/v25.0/${PNID}/messages`, { raw: '[1,2]', contentType: 'application/json' }), 400, 100);
		expectError(await api(sim, 'POST', `/v25.0/${PNID}/messages`, { raw: JSON.stringify({ messaging_product: 'whatsapp', ...text() }), contentType: 'text/plain' }), 400, 100);
		expectError(await api(sim, 'POST', `/v25.0/${PNID}/messages`), 400, 100);
		expectError(await api(sim, 'POST', `/v25.0/${PNID}/media`, { raw: '--x\r\nbroken', contentType: 'multipart/form-data; boundary=x' }), 400, 100);
	});

	it('form-encoded sends are understood like Graph does', async () => {
		sim.openWindow(CUSTOMER);
		const r = await api(sim, 'POST', `/v25.0/${PNID}/messages`, { raw: `messaging_product=whatsapp&to=${CUSTOMER}&type=text&text=${encodeURIComponent('{"body":"hi"}')}`, contentType: 'application/x-www-form-urlencoded' });
		expect(r.status).toBe(200);
	});

	it.each([
		['null text', { ...text(), text: null }],
		['text body number', { ...text(), text: { body: 5 } }],
		['interactive string', { to: CUSTOMER, type: 'interactive', interactive: 'x' }],
		['template components object', { to: CUSTOMER, type: 'template', template: { name: 'hello_world', language: { code: 'en_US' }, components: { a: 1 } } }],
		['template language string', { to: CUSTOMER, type: 'template', template: { name: 'hello_world', language: 'en_US' } }],
		['buttons not array', { to: CUSTOMER, type: 'interactive', interactive: { type: 'button', body: { text: 'x' }, action: { buttons: 'x' } } }],
		['deep nesting', { to: CUSTOMER, type: 'contacts', contacts: [{ name: { formatted_name: 'A' }, org: { a: { b: { c: { d: [[[[1]]]] } } } } }] }],
		['to as number', { to: 15551234567, type: 'text', text: { body: 'x' } }],
	])('%s -> 4xx Meta envelope', async (_n, message) => {
		const r = await send(sim, message as Record<string, unknown>);
		if (r.status === 200) return; // some shapes are legitimately accepted
		expect(r.status).toBeGreaterThanOrEqual(400);
		expect(r.status).toBeLessThan(500);
		expect(r.body.error).toEqual(expect.objectContaining({ code: expect.any(Number), message: expect.any(String), fbtrace_id: expect.any(String) }));
	});

	it('huge bodies -> 413, the server keeps serving', async () => {
		const huge = JSON.stringify({ messaging_product: 'whatsapp', to: CUSTOMER, type: 'text', text: { body: 'x'.repeat(3 * 1024 * 1024) } });
		const r = await api(sim, 'POST', `/v25.0/${PNID}/messages`, { raw: huge, contentType: 'application/json' });
		expect(r.status).toBe(413);
		expect(r.body.error.code).toBe(100);
		expect((await api(sim, 'GET', `/v25.0/${PNID}`)).status).toBe(200);
	});

	it('a client that disconnects mid-body does not break the server', async () => {
		await new Promise<void>((resolve) => {
			const req = request(`${sim.url}/v25.0/${PNID}/messages`, { method: 'POST', headers: { 'Content-Type': 'application/json', 'Content-Length': '1000' } });
			req.on('error', () => resolve());
			req.write('{"messaging_product":');
			setTimeout(() => {
				req.destroy();
				resolve();
			}, 30);
		});
		expect((await api(sim, 'GET', `/v25.0/${PNID}`)).status).toBe(200);
	});

	it('an unexpected exception becomes a 500 with code 1 and is logged', async () => {
		const lines: string[] = [];
		sim.setOptions({
			logger: (line) => lines.push(line),
			clock: () => {
				throw new Error('boom');
			},
		});
		try {
			sim.openWindow(CUSTOMER, new Date());
			const err = expectError(await send(sim, text()), 500, 1);
			expect(err).toMatchObject({ message: 'An unknown error occurred', is_transient: true });
			expect(lines.join('\n')).toContain('boom');
		} finally {
			sim.setOptions({ logger: () => undefined, clock: () => Date.now() });
		}
		expect((await api(sim, 'GET', `/v25.0/${PNID}`)).status).toBe(200);
	});

	it('control API for out-of-process tests', async () => {
		const res = await fetch(`${sim.url}/__sim/inbound`, { method: 'POST', body: JSON.stringify({ from: CUSTOMER, text: 'hi' }) });
		expect(((await res.json()) as any).wamid).toMatch(/^wamid\./);
		const state = (await (await fetch(`${sim.url}/__sim/state`)).json()) as any;
		expect(state.stats.inbound).toBe(1);
	});
});
