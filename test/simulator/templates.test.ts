import type { SimulatorHandle } from '../../simulator';
import { startSimulator } from '../../simulator';
import { CUSTOMER, WABA, api, expectError, send, startReceiver, waitUntil } from './helpers';

// Generous per-test timeout: the suite is fast (~10 s), but CI machines can be heavily loaded.
jest.setTimeout(30_000);

let sim: SimulatorHandle;

beforeAll(async () => {
	sim = await startSimulator({ windowOpenForAll: true, statuses: false, pairRate: false, templateApprovalDelayMs: 30 });
});
afterAll(() => sim.stop());
beforeEach(() => sim.reset());

const tpl = (name: string, components?: unknown[], code = 'en_US') =>
	send(sim, { to: CUSTOMER, type: 'template', template: { name, language: { code }, ...(components ? { components } : {}) } });
const body = (...values: string[]) => ({ type: 'body', parameters: values.map((text) => ({ type: 'text', text })) });
const image = { type: 'header', parameters: [{ type: 'image', image: { link: 'https://example.com/a.jpg' } }] };

describe('template sends against stored definitions (facts §2.7)', () => {
	it('positional body params', async () => {
		expect((await tpl('order_confirmation', [body('Pablo', '860198')])).status).toBe(200);
	});

	it('language must match exactly: en is not en_US -> 132001 HTTP 404', async () => {
		const err = expectError(await tpl('order_confirmation', [body('a', 'b')], 'en'), 404, 132001);
		expect(err).toMatchObject({ message: '(#132001) Template name does not exist in the translation', error_data: { details: 'template name (order_confirmation) does not exist in en' } });
		expect((await tpl('order_confirmation', [body('a', 'b')], 'es_MX')).status).toBe(200);
	});

	it('unknown, rejected and pending templates -> 132001; paused -> 132015', async () => {
		expectError(await tpl('nope'), 404, 132001);
		expectError(await tpl('rejected_promo', [body('x')]), 404, 132001);
		expectError(await tpl('pending_review', [body('x')]), 404, 132001);
		expectError(await tpl('old_newsletter', [body('x')]), 400, 132015);
	});

	it('body parameter count mismatch -> 132000 with Meta\'s details', async () => {
		const err = expectError(await tpl('order_confirmation', [body('only one')]), 400, 132000);
		expect(err.error_data.details).toBe('body: number of localizable_params (1) does not match the expected number of params (2)');
	});

	it('currency and date_time parameters', async () => {
		const r = await tpl('order_confirmation', [
			{ type: 'body', parameters: [{ type: 'currency', currency: { fallback_value: '$100.99', code: 'USD', amount_1000: 100990 } }, { type: 'date_time', date_time: { fallback_value: 'Feb 25' } }] },
		]);
		expect(r.status).toBe(200);
	});

	it('newline in a text parameter -> 132007', async () => {
		expectError(await tpl('order_confirmation', [body('a\nb', 'c')]), 400, 132007);
	});

	it('named parameters: names required and must exist; order free', async () => {
		const named = (params: Array<[string | undefined, string]>) => ({
			type: 'body',
			parameters: params.map(([n, t]) => ({ type: 'text', text: t, ...(n ? { parameter_name: n } : {}) })),
		});
		expect((await tpl('order_shipped_named', [named([['order_number', '1'], ['first_name', 'P'], ['delivery_date', 'June 3']])])).status).toBe(200);
		expectError(await tpl('order_shipped_named', [named([[undefined, '1'], ['first_name', 'P'], ['delivery_date', 'x']])]), 400, 131008);
		expectError(await tpl('order_shipped_named', [named([['nope', '1'], ['first_name', 'P'], ['delivery_date', 'x']])]), 400, 131009);
		expectError(await tpl('order_shipped_named', [named([['first_name', 'P']])]), 400, 132000);
	});

	it('media header format must match: missing -> 132012 "received UNKNOWN", wrong type -> 132012', async () => {
		const err = expectError(await tpl('seasonal_promotion', [body('a', 'b', 'c'), { type: 'button', sub_type: 'url', index: '1', parameters: [{ type: 'text', text: 's' }] }]), 400, 132012);
		expect(err.error_data.details).toBe('header: Format mismatch, expected IMAGE, received UNKNOWN');
		const doc = { type: 'header', parameters: [{ type: 'document', document: { link: 'https://e.com/a.pdf' } }] };
		expectError(await tpl('seasonal_promotion', [doc, body('a', 'b', 'c'), { type: 'button', sub_type: 'url', index: '1', parameters: [{ type: 'text', text: 's' }] }]), 400, 132012);
	});

	it('URL button with suffix: required, index and sub_type must match the definition', async () => {
		const ok = await tpl('seasonal_promotion', [image, body('a', 'b', 'c'), { type: 'button', sub_type: 'url', index: '1', parameters: [{ type: 'text', text: 'summer' }] }]);
		expect(ok.status).toBe(200);
		const missing = expectError(await tpl('seasonal_promotion', [image, body('a', 'b', 'c')]), 400, 131008);
		expect(missing.error_data.details).toBe('buttons: Button at index 1 of type Url requires a parameter');
		const wrongIndex = expectError(await tpl('seasonal_promotion', [image, body('a', 'b', 'c'), { type: 'button', sub_type: 'url', index: 2, parameters: [{ type: 'text', text: 's' }] }]), 400, 131009);
		expect(wrongIndex.error_data.details).toMatch(/index 2 is of type PhoneNumber/);
		// Quick reply payload at index 0 is optional but allowed.
		const qr = await tpl('seasonal_promotion', [
			image,
			body('a', 'b', 'c'),
			{ type: 'button', sub_type: 'quick_reply', index: 0, parameters: [{ type: 'payload', payload: 'STOP' }] },
			{ type: 'button', sub_type: 'url', index: '1', parameters: [{ type: 'text', text: 's' }] },
		]);
		expect(qr.status).toBe(200);
	});

	it('text header with parameter, document header, location header', async () => {
		const header = { type: 'header', parameters: [{ type: 'text', text: 'June 3' }] };
		expect((await tpl('appointment_reminder', [header, body('Pablo', '9am')])).status).toBe(200);
		expectError(await tpl('appointment_reminder', [body('Pablo', '9am')]), 400, 132000);
		const doc = { type: 'header', parameters: [{ type: 'document', document: { link: 'https://e.com/i.pdf', filename: 'i.pdf' } }] };
		expect((await tpl('invoice_document', [doc, body('INV-1', '$5')])).status).toBe(200);
		const loc = { type: 'header', parameters: [{ type: 'location', location: { latitude: '37.48', longitude: '-122.14', name: 'Store', address: '1 Main St' } }] };
		expect((await tpl('pickup_location', [loc, body('860198')])).status).toBe(200);
	});

	it('copy code, flow and catalog buttons', async () => {
		const copy = { type: 'button', sub_type: 'copy_code', index: 0, parameters: [{ type: 'coupon_code', coupon_code: '25OFF' }] };
		expect((await tpl('coupon_code_offer', [body('Pablo'), copy])).status).toBe(200);
		expectError(await tpl('coupon_code_offer', [body('Pablo')]), 400, 131008);
		expect((await tpl('flow_signup', [{ type: 'button', sub_type: 'flow', index: '0', parameters: [{ type: 'action', action: { flow_token: 'tok' } }] }])).status).toBe(200);
		expect((await tpl('catalog_promo', [body('10%'), { type: 'button', sub_type: 'CATALOG', index: 0, parameters: [{ type: 'action', action: { thumbnail_product_retailer_id: 'SKU' } }] }])).status).toBe(200);
	});

	it('authentication template: code in body and URL button', async () => {
		const r = await tpl('verification_code', [body('J$FpnYnP'), { type: 'button', sub_type: 'url', index: '0', parameters: [{ type: 'text', text: 'J$FpnYnP' }] }]);
		expect(r.status).toBe(200);
	});

	it('limited time offer needs expiration_time_ms', async () => {
		const base = [image, body('Pablo', 'CARIBE25'), { type: 'button', sub_type: 'copy_code', index: 0, parameters: [{ type: 'coupon_code', coupon_code: 'CARIBE25' }] }, { type: 'button', sub_type: 'url', index: 1, parameters: [{ type: 'text', text: 'CARIBE25' }] }];
		expectError(await tpl('limited_offer', base), 400, 131008);
		const lto = { type: 'limited_time_offer', parameters: [{ type: 'limited_time_offer', limited_time_offer: { expiration_time_ms: 1209600000 } }] };
		expect((await tpl('limited_offer', [...base, lto])).status).toBe(200);
	});

	it('carousel: card count must match the template', async () => {
		const card = (i: number) => ({
			card_index: i,
			components: [
				{ type: 'header', parameters: [{ type: 'image', image: { link: 'https://e.com/p.jpg' } }] },
				body('15%', 'SUMMER15'),
				{ type: 'button', sub_type: 'url', index: '1', parameters: [{ type: 'text', text: 'aloe' }] },
			],
		});
		expect((await tpl('summer_carousel', [body('Pablo'), { type: 'carousel', cards: [card(0), card(1)] }])).status).toBe(200);
		const err = expectError(await tpl('summer_carousel', [body('Pablo'), { type: 'carousel', cards: [card(0), card(1), card(2)] }]), 400, 131009);
		expect(err.error_data.details).toMatch(/number of cards \(3\) does not match .* \(2\)/);
	});
});

describe('template management (facts §4)', () => {
	it('lists with filters, fields and cursor paging', async () => {
		const page1 = await api(sim, 'GET', `/v25.0/${WABA}/message_templates?limit=5&fields=name,status,language`);
		expect(page1.status).toBe(200);
		expect(page1.body.data).toHaveLength(5);
		expect(Object.keys(page1.body.data[0]).sort()).toEqual(['id', 'language', 'name', 'status']);
		expect(page1.body.paging).toEqual({ cursors: { before: expect.any(String), after: expect.any(String) }, next: expect.stringContaining('after=') });
		const page2 = await api(sim, 'GET', `/v25.0/${WABA}/message_templates?limit=5&fields=name,status,language&after=${page1.body.paging.cursors.after}`);
		expect(page2.body.data[0].id).not.toBe(page1.body.data[0].id);
		expect(page2.body.paging.previous).toBeDefined();

		const approvedMarketing = await api(sim, 'GET', `/v25.0/${WABA}/message_templates?status=APPROVED&category=MARKETING&limit=100`);
		expect(approvedMarketing.body.data.length).toBeGreaterThan(3);
		expect(approvedMarketing.body.data.every((t: { status: string; category: string }) => t.status === 'APPROVED' && t.category === 'MARKETING')).toBe(true);
		const byName = await api(sim, 'GET', `/v25.0/${WABA}/message_templates?name=order_conf&language=es_MX&summary=total_count`);
		expect(byName.body.data.map((t: { name: string; language: string }) => `${t.name}/${t.language}`)).toEqual(['order_confirmation/es_MX']);
		expect(byName.body.summary).toEqual({ total_count: 1 });
	});

	it('GET /{template-id} returns the default fields with upper-case component types', async () => {
		const list = await api(sim, 'GET', `/v25.0/${WABA}/message_templates?name=seasonal_promotion`);
		const r = await api(sim, 'GET', `/v25.0/${list.body.data[0].id}`);
		expect(r.body).toMatchObject({ name: 'seasonal_promotion', language: 'en_US', status: 'APPROVED', category: 'MARKETING', id: list.body.data[0].id });
		expect(r.body.components.map((c: { type: string }) => c.type)).toEqual(['HEADER', 'BODY', 'FOOTER', 'BUTTONS']);
	});

	it('creates a template (PENDING -> APPROVED with a signed status webhook) and sends it', async () => {
		const receiver = await startReceiver();
		sim.setWebhookUrl(receiver.url);
		// Keep it PENDING until the check below (timing-independent), then approve with a webhook.
		sim.setOptions({ templateApprovalDelayMs: 'manual' });
		try {
			const r = await api(sim, 'POST', `/v25.0/${WABA}/message_templates`, {
				body: {
					name: 'seasonal_promo_2',
					language: 'en_US',
					category: 'MARKETING',
					components: [
						{ type: 'HEADER', format: 'TEXT', text: 'Our {{1}} is on!', example: { header_text: ['Summer Sale'] } },
						{ type: 'BODY', text: 'Shop now through {{1}} and use code {{2}} to get {{3}} off.', example: { body_text: [['the end of August', '25OFF', '25%']] } },
						{ type: 'FOOTER', text: 'Manage your subscriptions below' },
						{ type: 'BUTTONS', buttons: [{ type: 'QUICK_REPLY', text: 'Unsubscribe' }, { type: 'URL', text: 'Shop', url: 'https://e.com/s?p={{1}}', example: ['summer'] }, { type: 'PHONE_NUMBER', text: 'Call', phone_number: '15550051310' }] },
					],
				},
			});
			expect(r).toMatchObject({ status: 200, body: { id: expect.stringMatching(/^\d+$/), status: 'PENDING', category: 'MARKETING' } });
			expectError(await tpl('seasonal_promo_2', [{ type: 'header', parameters: [{ type: 'text', text: 'Sale' }] }, body('a', 'b', 'c')]), 404, 132001);
			expect((await api(sim, 'GET', `/v25.0/${r.body.id}?fields=status`)).body).toEqual({ status: 'PENDING', id: r.body.id });
			await sim.setTemplateStatus(r.body.id, 'APPROVED');
			const [hook] = await receiver.waitFor((w) => w.json?.entry?.[0]?.changes?.[0]?.field === 'message_template_status_update');
			expect(hook.json.entry[0]).toMatchObject({
				id: WABA,
				time: expect.any(Number),
				changes: [{ field: 'message_template_status_update', value: { event: 'APPROVED', message_template_id: Number(r.body.id), message_template_name: 'seasonal_promo_2', message_template_language: 'en_US', reason: 'NONE' } }],
			});
			const ok = await tpl('seasonal_promo_2', [
				{ type: 'header', parameters: [{ type: 'text', text: 'Sale' }] },
				body('a', 'b', 'c'),
				{ type: 'button', sub_type: 'url', index: 1, parameters: [{ type: 'text', text: 'x' }] },
			]);
			expect(ok.status).toBe(200);
			// Same name + language again.
			const dup = await api(sim, 'POST', `/v25.0/${WABA}/message_templates`, { body: { name: 'seasonal_promo_2', language: 'en_US', category: 'MARKETING', components: [{ type: 'BODY', text: 'Hello there friend' }] } });
			expect(expectError(dup, 400, 100).error_subcode).toBe(2388024);
		} finally {
			sim.setOptions({ templateApprovalDelayMs: 30 });
			sim.setWebhookUrl(undefined);
			await receiver.close();
		}
	});

	it.each([
		['bad name', { name: 'Bad Name' }, undefined],
		['unknown language', { language: 'xx_XX' }, undefined],
		['leading variable', { components: [{ type: 'BODY', text: '{{1}} is your order', example: { body_text: [['a']] } }] }, 2388299],
		['adjacent variables', { components: [{ type: 'BODY', text: 'Hi {{1}}{{2}} there friend', example: { body_text: [['a', 'b']] } }] }, 2388299],
		['body too long', { components: [{ type: 'BODY', text: 'x'.repeat(1025) }] }, 2388040],
		['footer too long', { components: [{ type: 'BODY', text: 'Hello' }, { type: 'FOOTER', text: 'x'.repeat(61) }] }, 2388040],
		['missing examples', { components: [{ type: 'BODY', text: 'Hello {{1}}, welcome back' }] }, 2388043],
		['no body', { components: [{ type: 'FOOTER', text: 'x' }] }, 2388072],
		['split quick replies', { components: [{ type: 'BODY', text: 'Hello' }, { type: 'BUTTONS', buttons: [{ type: 'QUICK_REPLY', text: 'a' }, { type: 'URL', text: 'u', url: 'https://e.com' }, { type: 'QUICK_REPLY', text: 'b' }] }] }, 2388047],
		['3 URL buttons', { components: [{ type: 'BODY', text: 'Hello' }, { type: 'BUTTONS', buttons: [1, 2, 3].map((i) => ({ type: 'URL', text: `u${i}`, url: 'https://e.com' })) }] }, 2388047],
		['one-card carousel', { components: [{ type: 'BODY', text: 'Hello' }, { type: 'CAROUSEL', cards: [{ components: [{ type: 'HEADER', format: 'IMAGE', example: { header_handle: ['4::x'] } }] }] }] }, 2388047],
	])('rejects creation: %s', async (_name, override, subcode) => {
		const r = await api(sim, 'POST', `/v25.0/${WABA}/message_templates`, {
			body: { name: 'new_template', language: 'en_US', category: 'UTILITY', components: [{ type: 'BODY', text: 'Hello' }], ...override },
		});
		const err = expectError(r, 400, 100);
		if (subcode) expect(err.error_subcode).toBe(subcode);
	});

	it('authentication templates are approved immediately; names starting with reject_ get REJECTED', async () => {
		const auth = await api(sim, 'POST', `/v25.0/${WABA}/message_templates`, {
			body: { name: 'login_code', language: 'en_US', category: 'AUTHENTICATION', components: [{ type: 'BODY', add_security_recommendation: true }, { type: 'FOOTER', code_expiration_minutes: 5 }, { type: 'BUTTONS', buttons: [{ type: 'OTP', otp_type: 'COPY_CODE', text: 'Copy code' }] }] },
		});
		expect(auth.body).toMatchObject({ status: 'APPROVED', category: 'AUTHENTICATION' });
		await api(sim, 'POST', `/v25.0/${WABA}/message_templates`, { body: { name: 'reject_me', language: 'en_US', category: 'UTILITY', components: [{ type: 'BODY', text: 'Hello' }] } });
		await waitUntil(() => sim.templates().find((t) => t.name === 'reject_me')?.status !== 'PENDING');
		expect(sim.templates().find((t) => t.name === 'reject_me')?.status).toBe('REJECTED');
	});

	it('edits and deletes', async () => {
		const id = sim.templates().find((t) => t.name === 'order_confirmation' && t.language === 'en_US')!.id;
		const edit = await api(sim, 'POST', `/v25.0/${id}`, { body: { components: [{ type: 'BODY', text: 'Hi {{1}}, order {{2}} is confirmed.', example: { body_text: [['a', 'b']] } }] } });
		expect(edit).toMatchObject({ status: 200, body: { success: true } });
		// A second edit within 24 h of an approved template is refused.
		await waitUntil(() => sim.templates().find((t) => t.id === id)?.status === 'APPROVED');
		expectError(await api(sim, 'POST', `/v25.0/${id}`, { body: { components: [{ type: 'BODY', text: 'Hello again friend' }] } }), 400, 100);
		expectError(await api(sim, 'POST', `/v25.0/${id}`, { body: { category: 'MARKETING' } }), 400, 100);

		expectError(await api(sim, 'DELETE', `/v25.0/${WABA}/message_templates`), 400, 100);
		const missing = expectError(await api(sim, 'DELETE', `/v25.0/${WABA}/message_templates?name=nope`), 400, 100);
		expect(missing.error_subcode).toBe(2593002);
		const one = await api(sim, 'DELETE', `/v25.0/${WABA}/message_templates?name=order_confirmation&hsm_id=${id}`);
		expect(one.body).toEqual({ success: true });
		expect(sim.templates().filter((t) => t.name === 'order_confirmation').map((t) => t.language)).toEqual(['es_MX']);
		expect((await api(sim, 'DELETE', `/v25.0/${WABA}/message_templates?name=order_confirmation`)).body).toEqual({ success: true });
		expectError(await tpl('order_confirmation', [body('a', 'b')], 'es_MX'), 404, 132001);
	});

	it('resumable upload gives a header handle (OAuth auth header)', async () => {
		const start = await api(sim, 'POST', '/v25.0/app/uploads?file_name=a.jpg&file_length=4&file_type=image/jpeg');
		expect(start.body.id).toMatch(/^upload:[\w-]+\?sig=/);
		const uploadPath = `/v25.0/${start.body.id}`;
		const r = await api(sim, 'POST', uploadPath, { token: null, headers: { Authorization: 'OAuth sim-token', file_offset: '0' }, raw: Buffer.from([1, 2, 3, 4]), contentType: 'application/octet-stream' });
		expect(r.body).toEqual({ h: expect.stringMatching(/^4::/) });
		const status = await api(sim, 'GET', uploadPath.split('?')[0]);
		expect(status.body).toEqual({ id: start.body.id.split('?')[0], file_offset: 4 });
	});
});
