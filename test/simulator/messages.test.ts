import type { SimulatorHandle } from '../../simulator';
import { startSimulator } from '../../simulator';
import { CUSTOMER, PNID, api, expectError, send, text } from './helpers';

// Generous per-test timeout: the suite is fast (~10 s), but CI machines can be heavily loaded.
jest.setTimeout(30_000);

let sim: SimulatorHandle;

beforeAll(async () => {
	sim = await startSimulator({ windowOpenForAll: true, statuses: false, pairRate: false });
});
afterAll(() => sim.stop());
beforeEach(() => sim.reset());

describe('POST /{pnid}/messages: success shape (facts §2.1)', () => {
	it('answers a text send with contacts[].input echoing `to` and a wamid, no message_status', async () => {
		const r = await send(sim, text('+1 (555) 123-4567', 'Hi'));
		expect(r.status).toBe(200);
		expect(r.body).toEqual({
			messaging_product: 'whatsapp',
			contacts: [{ input: '+1 (555) 123-4567', wa_id: '15551234567' }],
			messages: [{ id: expect.stringMatching(/^wamid\.[A-Za-z0-9+/]+=*$/) }],
		});
		expect(sim.acceptedMessages).toHaveLength(1);
		expect(sim.acceptedMessages[0]).toMatchObject({ phoneNumberId: PNID, to: '+1 (555) 123-4567', waId: CUSTOMER, type: 'text' });
		expect(sim.requests[0].headers.authorization).toBe('Bearer ***');
	});

	it('adds message_status "accepted" only for templates', async () => {
		const r = await send(sim, { to: CUSTOMER, type: 'template', template: { name: 'hello_world', language: { code: 'en_US' } } });
		expect(r.status).toBe(200);
		expect(r.body.messages[0]).toEqual({ id: expect.stringMatching(/^wamid\./), message_status: 'accepted' });
	});

	it.each([
		['image by id', () => ({ type: 'image', image: { id: 'ID', caption: 'Our best seller' } })],
		['image by link', () => ({ type: 'image', image: { link: 'https://example.com/a.jpg' } })],
		['document', () => ({ type: 'document', document: { link: 'https://example.com/i.pdf', caption: 'Invoice', filename: 'invoice-42.pdf' } })],
		['voice audio', () => ({ type: 'audio', audio: { link: 'https://example.com/v.ogg', voice: true } })],
		['sticker', () => ({ type: 'sticker', sticker: { link: 'https://example.com/s.webp' } })],
		['video', () => ({ type: 'video', video: { link: 'https://example.com/v.mp4', caption: 'c' } })],
		['location (string coords)', () => ({ type: 'location', location: { latitude: '37.4421', longitude: '-122.1615', name: 'Philz', address: '101 Forest Ave' } })],
		[
			'contacts',
			() => ({
				type: 'contacts',
				contacts: [{ name: { formatted_name: 'Barbara J. Johnson', first_name: 'Barbara' }, birthday: '1999-01-23', phones: [{ phone: '+16505559999', type: 'WORK' }] }],
			}),
		],
		['reaction', () => ({ type: 'reaction', reaction: { message_id: 'wamid.X', emoji: '\u{1F600}' } })],
		['reaction removal (empty emoji)', () => ({ type: 'reaction', reaction: { message_id: 'wamid.X', emoji: '' } })],
		[
			'reply buttons',
			() => ({
				type: 'interactive',
				interactive: {
					type: 'button',
					header: { type: 'text', text: 'Workshop' },
					body: { text: 'Your workshop is at 9am tomorrow.' },
					footer: { text: 'Lucky Shrub' },
					action: { buttons: [{ type: 'reply', reply: { id: 'change', title: 'Change' } }, { type: 'reply', reply: { id: 'cancel', title: 'Cancel' } }] },
				},
			}),
		],
		[
			'list',
			() => ({
				type: 'interactive',
				interactive: {
					type: 'list',
					header: { type: 'text', text: 'Shipping' },
					body: { text: 'Which option?' },
					action: {
						button: 'Shipping Options',
						sections: [
							{ title: 'Fast', rows: [{ id: 'express', title: 'Priority Mail Express', description: 'Next Day to 2 Days' }] },
							{ title: 'Slow', rows: [{ id: 'ground', title: 'USPS Ground' }] },
						],
					},
				},
			}),
		],
		['cta_url', () => ({ type: 'interactive', interactive: { type: 'cta_url', body: { text: 'Tap' }, action: { name: 'cta_url', parameters: { display_text: 'See Dates', url: 'https://example.com' } } } })],
		[
			'flow',
			() => ({
				type: 'interactive',
				interactive: {
					type: 'flow',
					body: { text: 'Book' },
					action: { name: 'flow', parameters: { flow_message_version: '3', flow_token: 't', flow_id: '400000000000005', flow_cta: 'Book now', flow_action: 'navigate', flow_action_payload: { screen: 'WELCOME', data: { a: 1 } } } },
				},
			}),
		],
		['location request', () => ({ type: 'interactive', interactive: { type: 'location_request_message', body: { text: 'Where?' }, action: { name: 'send_location' } } })],
		['product', () => ({ type: 'interactive', interactive: { type: 'product', body: { text: 'Look' }, action: { catalog_id: '1', product_retailer_id: 'SKU' } } })],
		[
			'product_list',
			() => ({
				type: 'interactive',
				interactive: { type: 'product_list', header: { type: 'text', text: 'Picks' }, body: { text: 'Look' }, action: { catalog_id: '1', sections: [{ title: 'A', product_items: [{ product_retailer_id: 'SKU' }] }] } },
			}),
		],
		['catalog_message', () => ({ type: 'interactive', interactive: { type: 'catalog_message', body: { text: 'Shop' }, action: { name: 'catalog_message', parameters: { thumbnail_product_retailer_id: 'SKU' } } } })],
	])('accepts %s', async (_name, build) => {
		const message = build() as Record<string, unknown>;
		if (message.type === 'image' && (message.image as { id?: string }).id === 'ID') {
			const upload = new FormData();
			upload.append('messaging_product', 'whatsapp');
			upload.append('file', new Blob([Buffer.from('ffd8ffe0', 'hex')], { type: 'image/jpeg' }), 'a.jpg');
			const res = await fetch(`${sim.url}/v25.0/${PNID}/media`, { method: 'POST', headers: { Authorization: 'Bearer sim-token' }, body: upload });
			(message.image as { id: string }).id = ((await res.json()) as { id: string }).id;
		}
		const r = await send(sim, { to: CUSTOMER, ...message });
		expect(r.body).toMatchObject({ messaging_product: 'whatsapp', messages: [{ id: expect.any(String) }] });
		expect(r.status).toBe(200);
	});

	it('marks a message read (POST and PUT) with optional typing indicator', async () => {
		const a = await send(sim, { status: 'read', message_id: 'wamid.IN1' });
		expect(a).toMatchObject({ status: 200, body: { success: true } });
		const b = await api(sim, 'PUT', `/v25.0/${PNID}/messages`, { body: { messaging_product: 'whatsapp', status: 'read', message_id: 'wamid.IN2', typing_indicator: { type: 'text' } } });
		expect(b).toMatchObject({ status: 200, body: { success: true } });
		expect(sim.readMarks.map((m) => [m.messageId, m.typingIndicator])).toEqual([
			['wamid.IN1', false],
			['wamid.IN2', true],
		]);
	});

	it('refuses to mark the business\'s own message read', async () => {
		const sent = await send(sim, text());
		const r = await send(sim, { status: 'read', message_id: sent.body.messages[0].id });
		expectError(r, 400, 131009);
	});
});

describe('validation errors: exact envelopes (facts §13.1, §13.4)', () => {
	it('text body over 4096 -> (#100) Param text[\'body\'] must be at most 4096 characters long.', async () => {
		const r = await send(sim, text(CUSTOMER, 'x'.repeat(4097)));
		expect(r.status).toBe(400);
		expect(r.body).toEqual({
			error: {
				message: "(#100) Param text['body'] must be at most 4096 characters long.",
				type: 'OAuthException',
				code: 100,
				error_data: { messaging_product: 'whatsapp', details: "Param text['body'] must be at most 4096 characters long." },
				fbtrace_id: expect.stringMatching(/^A[\w-]{10,}$/),
			},
		});
	});

	it('counts characters, not UTF-16 units (4096 emoji are fine)', async () => {
		const r = await send(sim, text(CUSTOMER, '\u{1F600}'.repeat(4096)));
		expect(r.status).toBe(200);
	});

	it('missing messaging_product -> 100', async () => {
		const r = await api(sim, 'POST', `/v25.0/${PNID}/messages`, { body: { to: CUSTOMER, type: 'text', text: { body: 'x' } } });
		expect(expectError(r, 400, 100).message).toBe('(#100) The parameter messaging_product is required.');
	});

	it('missing type object -> 131008', async () => {
		const r = await send(sim, { to: CUSTOMER, type: 'image' });
		expect(expectError(r, 400, 131008)).toMatchObject({ message: '(#131008) Required parameter is missing', error_data: { details: expect.stringContaining('image') } });
	});

	it('unknown type -> 100 enum message', async () => {
		const r = await send(sim, { to: CUSTOMER, type: 'fax', fax: {} });
		expect(expectError(r, 400, 100).message).toMatch(/^\(#100\) Param type must be one of \{TEXT, IMAGE/);
	});

	it('4 reply buttons -> 131009 with Meta\'s details', async () => {
		const buttons = [1, 2, 3, 4].map((i) => ({ type: 'reply', reply: { id: `b${i}`, title: `B${i}` } }));
		const r = await send(sim, { to: CUSTOMER, type: 'interactive', interactive: { type: 'button', body: { text: 'x' }, action: { buttons } } });
		expect(expectError(r, 400, 131009)).toMatchObject({
			message: '(#131009) Parameter value is not valid',
			error_data: { messaging_product: 'whatsapp', details: 'Invalid buttons count. Min allowed buttons: 1, Max allowed buttons: 3' },
		});
	});

	it.each([
		['button title > 20', { type: 'button', body: { text: 'x' }, action: { buttons: [{ type: 'reply', reply: { id: 'a', title: 'x'.repeat(21) } }] } }, 131009],
		['duplicate button ids', { type: 'button', body: { text: 'x' }, action: { buttons: [{ type: 'reply', reply: { id: 'a', title: 'A' } }, { type: 'reply', reply: { id: 'a', title: 'B' } }] } }, 131009],
		['header text > 60', { type: 'button', header: { type: 'text', text: 'x'.repeat(61) }, body: { text: 'x' }, action: { buttons: [{ type: 'reply', reply: { id: 'a', title: 'A' } }] } }, 100],
		['footer > 60', { type: 'button', footer: { text: 'x'.repeat(61) }, body: { text: 'x' }, action: { buttons: [{ type: 'reply', reply: { id: 'a', title: 'A' } }] } }, 100],
		['body > 1024 (buttons)', { type: 'button', body: { text: 'x'.repeat(1025) }, action: { buttons: [{ type: 'reply', reply: { id: 'a', title: 'A' } }] } }, 100],
		['list button > 20', { type: 'list', body: { text: 'x' }, action: { button: 'x'.repeat(21), sections: [{ rows: [{ id: 'a', title: 'A' }] }] } }, 100],
		['list 11 rows', { type: 'list', body: { text: 'x' }, action: { button: 'Go', sections: [{ rows: Array.from({ length: 11 }, (_, i) => ({ id: `r${i}`, title: 'T' })) }] } }, 131009],
		['list two sections without titles', { type: 'list', body: { text: 'x' }, action: { button: 'Go', sections: [{ rows: [{ id: 'a', title: 'A' }] }, { rows: [{ id: 'b', title: 'B' }] }] } }, 100],
		['list row title > 24', { type: 'list', body: { text: 'x' }, action: { button: 'Go', sections: [{ rows: [{ id: 'a', title: 'x'.repeat(25) }] }] } }, 100],
		['list row description > 72', { type: 'list', body: { text: 'x' }, action: { button: 'Go', sections: [{ rows: [{ id: 'a', title: 'A', description: 'x'.repeat(73) }] }] } }, 100],
		['list with image header', { type: 'list', header: { type: 'image', image: { link: 'https://e.com/a.jpg' } }, body: { text: 'x' }, action: { button: 'Go', sections: [{ rows: [{ id: 'a', title: 'A' }] }] } }, 100],
		['cta display_text > 20', { type: 'cta_url', body: { text: 'x' }, action: { name: 'cta_url', parameters: { display_text: 'x'.repeat(21), url: 'https://e.com' } } }, 100],
		['flow without id or name', { type: 'flow', body: { text: 'x' }, action: { name: 'flow', parameters: { flow_message_version: '3', flow_cta: 'Go' } } }, 100],
		['product with header', { type: 'product', header: { type: 'text', text: 'x' }, action: { catalog_id: '1', product_retailer_id: 'S' } }, 131009],
		['product_list 31 products', { type: 'product_list', header: { type: 'text', text: 'x' }, body: { text: 'x' }, action: { catalog_id: '1', sections: [{ title: 'A', product_items: Array.from({ length: 31 }, (_, i) => ({ product_retailer_id: `S${i}` })) }] } }, 131009],
		['media header with caption', { type: 'button', header: { type: 'image', image: { link: 'https://e.com/a.jpg', caption: 'no' } }, body: { text: 'x' }, action: { buttons: [{ type: 'reply', reply: { id: 'a', title: 'A' } }] } }, 131009],
	])('interactive: %s', async (_name, interactive, code) => {
		const r = await send(sim, { to: CUSTOMER, type: 'interactive', interactive });
		expectError(r, 400, code);
	});

	it.each([
		['caption > 1024', { type: 'image', image: { link: 'https://e.com/a.jpg', caption: 'x'.repeat(1025) } }, 100],
		['both id and link', { type: 'image', image: { id: '1', link: 'https://e.com/a.jpg' } }, 131009],
		['neither id nor link', { type: 'image', image: { caption: 'x' } }, 100],
		['audio caption', { type: 'audio', audio: { link: 'https://e.com/a.ogg', caption: 'x' } }, 100],
		['bad link', { type: 'document', document: { link: 'ftp://e.com/a.pdf' } }, 100],
		['location without longitude', { type: 'location', location: { latitude: 1 } }, 100],
		['location out of range', { type: 'location', location: { latitude: 91, longitude: 0 } }, 131009],
		['contact without formatted_name', { type: 'contacts', contacts: [{ name: { first_name: 'A' } }] }, 100],
		['contact bad phone type', { type: 'contacts', contacts: [{ name: { formatted_name: 'A' }, phones: [{ phone: '1', type: 'PAGER' }] }] }, 100],
		['two emoji reaction', { type: 'reaction', reaction: { message_id: 'wamid.X', emoji: '\u{1F600}\u{1F600}' } }, 131009],
		['text reaction', { type: 'reaction', reaction: { message_id: 'wamid.X', emoji: 'ok' } }, 131009],
		['reaction with context', { type: 'reaction', context: { message_id: 'wamid.Y' }, reaction: { message_id: 'wamid.X', emoji: '\u{1F600}' } }, 131009],
		['biz_opaque_callback_data > 512', { type: 'text', text: { body: 'x' }, biz_opaque_callback_data: 'x'.repeat(513) }, 100],
		['invalid phone', { to: '12', type: 'text', text: { body: 'x' } }, 131009],
		['missing to', { to: undefined, type: 'text', text: { body: 'x' } }, 100],
	])('%s', async (_name, message, code) => {
		const r = await send(sim, { to: CUSTOMER, ...message });
		expectError(r, 400, code);
	});

	it('sending to the business number itself -> 131021', async () => {
		expectError(await send(sim, text('15550100')), 400, 131021);
	});

	it('sending to a blocked user -> 131009 (synchronous)', async () => {
		sim.blockUser(CUSTOMER);
		const err = expectError(await send(sim, text()), 400, 131009);
		expect(err.error_data.details).toMatch(/blocked/);
	});

	it('validation failures are not recorded as accepted', async () => {
		await send(sim, text(CUSTOMER, ''));
		expect(sim.acceptedMessages).toHaveLength(0);
		expect(sim.stats().rejectedValidation).toBe(1);
	});
});
