/* eslint-disable @n8n/community-nodes/no-hardcoded-secrets -- flow_token is Meta's session reference, not a secret */
import { buildCatalog, buildProduct, buildProductList } from '../../../whatsapp/messages/commerce';
import { buildCtaUrl, buildFlow, buildList, buildLocationRequest, buildReplyButtons } from '../../../whatsapp/messages/interactive';
import { repeat, validationError } from './helpers';

describe('buildReplyButtons (facts §2.6)', () => {
	const example = {
		type: 'interactive',
		interactive: {
			type: 'button',
			header: { type: 'image', image: { id: '300000000000003' } },
			body: { text: 'Your workshop is at 9am tomorrow.' },
			footer: { text: 'Lucky Shrub' },
			action: {
				buttons: [
					{ type: 'reply', reply: { id: 'change-button', title: 'Change' } },
					{ type: 'reply', reply: { id: 'cancel-button', title: 'Cancel' } },
				],
			},
		},
	};
	const base = { header: { type: 'image' as const, media: '300000000000003' }, body: 'Your workshop is at 9am tomorrow.', footer: 'Lucky Shrub' };

	it('builds Meta’s example from UI rows, from Meta’s own shape and from JSON text', () => {
		const rows = [
			{ id: 'change-button', title: 'Change' },
			{ id: 'cancel-button', title: 'Cancel' },
		];
		expect(buildReplyButtons({ ...base, buttons: rows })).toEqual(example);
		expect(buildReplyButtons({ ...base, buttons: example.interactive.action.buttons })).toEqual(example);
		expect(buildReplyButtons({ ...base, buttons: JSON.stringify(rows) })).toEqual(example);
	});

	it('uses the title as ID when none is given; text, video, document and link headers', () => {
		const built = buildReplyButtons({ body: 'Pick', header: { type: 'text', text: 'Hi' }, buttons: ['Yes', { title: 'No', id: '' }] });
		expect(built.interactive).toEqual({
			type: 'button',
			header: { type: 'text', text: 'Hi' },
			body: { text: 'Pick' },
			action: { buttons: [{ type: 'reply', reply: { id: 'Yes', title: 'Yes' } }, { type: 'reply', reply: { id: 'No', title: 'No' } }] },
		});
		expect((buildReplyButtons({ body: 'b', header: { type: 'video', media: 'https://e.com/v.mp4' }, buttons: ['a'] }).interactive as { header: unknown }).header).toEqual({
			type: 'video',
			video: { link: 'https://e.com/v.mp4' },
		});
		expect((buildReplyButtons({ body: 'b', header: { type: 'document', media: '77' }, buttons: ['a'] }).interactive as { header: unknown }).header).toEqual({
			type: 'document',
			document: { id: '77' },
		});
		expect((buildReplyButtons({ body: 'b', header: { type: 'none' }, buttons: ['a'] }).interactive as { header?: unknown }).header).toBeUndefined();
	});

	it('accepts the limits exactly', () => {
		expect(
			buildReplyButtons({
				header: { type: 'text', text: repeat(60) },
				body: repeat(1024),
				footer: repeat(60),
				buttons: [{ id: repeat(256), title: repeat(20) }, { title: repeat(19) }, { title: repeat(18) }],
			}),
		).toBeDefined();
	});

	it.each([
		[{ buttons: [] }, 'Buttons', 'Buttons: 0 given; WhatsApp allows 1 to 3'],
		[{ buttons: ['a', 'b', 'c', 'd'] }, 'Buttons', 'Buttons: 4 given; WhatsApp allows 1 to 3'],
		[{ buttons: [repeat(21)] }, 'Button 1 Title', 'Button 1 Title is 21 characters long; WhatsApp allows at most 20'],
		[{ buttons: ['ok', { title: '' }] }, 'Button 2 Title', 'Button 2 Title is required'],
		[{ buttons: ['Yes', 'Yes'] }, 'Button 2 Title', 'Button 2 Title "Yes" is used twice'],
		[{ buttons: [{ id: 'x', title: 'A' }, { id: 'x', title: 'B' }] }, 'Button 2 ID', 'Button 2 ID "x" is used twice'],
		[{ buttons: [{ id: repeat(257), title: 'A' }] }, 'Button 1 ID', 'Button 1 ID is 257 characters long; WhatsApp allows at most 256'],
		[{ buttons: [{ id: ' x', title: 'A' }] }, 'Button 1 ID', 'starts or ends with a space'],
		[{ buttons: [42] }, 'Button 1', 'must be an object'],
		[{ buttons: '[oops' }, 'Buttons', 'Buttons is not valid JSON'],
		[{ buttons: ['a'], body: '' }, 'Body', 'Body is required'],
		[{ buttons: ['a'], body: repeat(1025) }, 'Body', 'Body is 1025 characters long; WhatsApp allows at most 1024'],
		[{ buttons: ['a'], footer: repeat(61) }, 'Footer', 'Footer is 61 characters long; WhatsApp allows at most 60'],
		[{ buttons: ['a'], header: { type: 'text' as const, text: repeat(61) } }, 'Header Text', 'Header Text is 61 characters long; WhatsApp allows at most 60'],
		[{ buttons: ['a'], header: { type: 'text' as const, text: '' } }, 'Header Text', 'Header Text is required'],
		[{ buttons: ['a'], header: { type: 'image' as const, media: '' } }, 'Header Media', 'Header Media is required'],
		[{ buttons: ['a'], header: { type: 'image' as const, media: 'photo.jpg' } }, 'Header Media', 'is not a media ID'],
	])('rejects %j', (input, field, text) => {
		const error = validationError(() => buildReplyButtons({ body: 'Body', ...input }));
		expect(error.field).toBe(field);
		expect(error.message).toContain(text);
	});
});

describe('buildList (facts §2.6)', () => {
	const sections = [
		{
			title: 'I want it ASAP!',
			rows: [
				{ id: 'priority_express', title: 'Priority Mail Express', description: 'Next Day to 2 Days' },
				{ id: 'priority_mail', title: 'Priority Mail', description: '1–3 Days' },
			],
		},
		{ title: 'I can wait a bit', rows: [{ id: 'usps_ground', title: 'USPS Ground Advantage', description: '2–5 Days' }] },
	];
	const example = {
		type: 'interactive',
		interactive: {
			type: 'list',
			header: { type: 'text', text: 'Choose Shipping Option' },
			body: { text: 'Which shipping option do you prefer?' },
			footer: { text: 'Lucky Shrub' },
			action: { button: 'Shipping Options', sections },
		},
	};
	const base = { headerText: 'Choose Shipping Option', body: 'Which shipping option do you prefer?', footer: 'Lucky Shrub', buttonText: 'Shipping Options' };

	it('builds Meta’s example from sections, JSON text, and flat rows grouped by section', () => {
		expect(buildList({ ...base, sections })).toEqual(example);
		expect(buildList({ ...base, sections: JSON.stringify(sections) })).toEqual(example);
		const flat = sections.flatMap((section) => section.rows.map((row) => ({ section: section.title, ...row })));
		expect(buildList({ ...base, sections: flat })).toEqual(example);
	});

	it('allows one untitled section, IDs defaulting to titles, a 4096-character body', () => {
		expect(buildList({ body: repeat(4096), buttonText: 'Menu', sections: [{ title: 'Tea' }, { title: 'Coffee', description: '' }] }).interactive).toEqual({
			type: 'list',
			body: { text: repeat(4096) },
			action: { button: 'Menu', sections: [{ rows: [{ id: 'Tea', title: 'Tea' }, { id: 'Coffee', title: 'Coffee' }] }] },
		});
	});

	it('accepts the limits exactly', () => {
		const rows = Array.from({ length: 10 }, (_, index) => ({ section: `S${index}${repeat(21)}`, id: `${index}${repeat(199)}`, title: `${index}${repeat(23)}`, description: repeat(72) }));
		expect(buildList({ body: 'b', buttonText: repeat(20), sections: rows })).toBeDefined();
	});

	const tenRows = Array.from({ length: 10 }, (_, index) => ({ title: `Row ${index}` }));
	it.each([
		[{ sections: [] }, 'Sections', 'Sections: 0 given; WhatsApp allows 1 to 10'],
		[{ sections: Array.from({ length: 11 }, (_, index) => ({ section: `S${index}`, title: `R${index}` })) }, 'Sections', 'Sections: 11 given; WhatsApp allows 1 to 10'],
		[{ sections: [...tenRows, { title: 'one more' }] }, 'Rows (all sections together)', 'Rows (all sections together): 11 given; WhatsApp allows 1 to 10'],
		[{ sections: [{ title: 'A', rows: [] }] }, 'Rows (all sections together)', '0 given'],
		[{ sections: [{ title: 'A', rows: [{ title: 'x' }] }, { title: 'B', rows: [] }] }, 'Section 2', 'Section 2 has no rows'],
		[{ sections: [{ title: 'A', rows: [{ title: 'x' }] }, { rows: [{ title: 'y' }] }] }, 'Section 2 Title', 'required when the list has more than one section'],
		[{ sections: [{ title: repeat(25), rows: [{ title: 'x' }] }] }, 'Section 1 Title', 'Section 1 Title is 25 characters long; WhatsApp allows at most 24'],
		[{ sections: [{ title: 'ok' }, { title: repeat(25) }] }, 'Row 2 Title', 'Row 2 Title is 25 characters long; WhatsApp allows at most 24'],
		[{ sections: [{ title: 'ok', id: repeat(201) }] }, 'Row 1 ID', 'Row 1 ID is 201 characters long; WhatsApp allows at most 200'],
		[{ sections: [{ title: 'ok', description: repeat(73) }] }, 'Row 1 Description', 'Row 1 Description is 73 characters long; WhatsApp allows at most 72'],
		[{ sections: [{ title: 'a', id: 'x' }, { title: 'b', id: 'x' }] }, 'Row 2 ID', 'Row 2 ID "x" is used twice'],
		[{ sections: [{ title: '' }] }, 'Row 1 Title', 'Row 1 Title is required'],
		[{ sections: [{ title: 'A', rows: 'x' }] }, 'Section 1', 'must have a "rows" list'],
		[{ buttonText: '' }, 'Button Text', 'Button Text is required'],
		[{ buttonText: repeat(21) }, 'Button Text', 'Button Text is 21 characters long; WhatsApp allows at most 20'],
		[{ body: repeat(4097) }, 'Body', 'Body is 4097 characters long; WhatsApp allows at most 4096'],
		[{ headerText: repeat(61) }, 'Header Text', 'Header Text is 61 characters long; WhatsApp allows at most 60'],
	])('rejects %j', (input, field, text) => {
		const error = validationError(() => buildList({ body: 'b', buttonText: 'Open', sections: [{ title: 'r' }], ...input }));
		expect(error.field).toBe(field);
		expect(error.message).toContain(text);
	});
});

describe('buildCtaUrl (facts §2.6)', () => {
	it('builds Meta’s example', () => {
		expect(
			buildCtaUrl({
				header: { type: 'text', text: 'New workshop dates!' },
				body: 'Tap the button below to see available dates.',
				footer: 'Dates subject to change.',
				displayText: 'See Dates',
				url: 'https://example.com/dates?c=1',
			}),
		).toEqual({
			type: 'interactive',
			interactive: {
				type: 'cta_url',
				header: { type: 'text', text: 'New workshop dates!' },
				body: { text: 'Tap the button below to see available dates.' },
				footer: { text: 'Dates subject to change.' },
				action: { name: 'cta_url', parameters: { display_text: 'See Dates', url: 'https://example.com/dates?c=1' } },
			},
		});
	});

	it.each([
		[{ displayText: repeat(21) }, 'Button Text', 'Button Text is 21 characters long; WhatsApp allows at most 20'],
		[{ displayText: '' }, 'Button Text', 'Button Text is required'],
		[{ url: '' }, 'Button URL', 'Button URL is required'],
		[{ url: 'example.com' }, 'Button URL', 'not a public http(s) URL'],
		[{ body: repeat(1025) }, 'Body', 'allows at most 1024'],
	])('rejects %j', (input, field, text) => {
		const error = validationError(() => buildCtaUrl({ body: 'b', displayText: 'Go', url: 'https://e.com', ...input }));
		expect(error.field).toBe(field);
		expect(error.message).toContain(text);
	});
});

describe('buildFlow (facts §2.6)', () => {
	const base = {
		header: { type: 'text' as const, text: 'Book an appointment' },
		body: 'Pick a slot in a few taps.',
		footer: 'Lucky Shrub',
		flowToken: 'opaque-token-123',
		flowId: '400000000000005',
		flowCta: 'Book now',
	};

	it('builds Meta’s navigate example (data as object or JSON text)', () => {
		const expected = {
			type: 'interactive',
			interactive: {
				type: 'flow',
				header: { type: 'text', text: 'Book an appointment' },
				body: { text: 'Pick a slot in a few taps.' },
				footer: { text: 'Lucky Shrub' },
				action: {
					name: 'flow',
					parameters: {
						flow_message_version: '3',
						flow_token: 'opaque-token-123',
						flow_id: '400000000000005',
						flow_cta: 'Book now',
						mode: 'published',
						flow_action: 'navigate',
						flow_action_payload: { screen: 'WELCOME_SCREEN', data: { customer: 'Pablo' } },
					},
				},
			},
		};
		expect(buildFlow({ ...base, mode: 'published', flowAction: 'navigate', screen: 'WELCOME_SCREEN', data: { customer: 'Pablo' } })).toEqual(expected);
		expect(buildFlow({ ...base, screen: 'WELCOME_SCREEN', data: '{"customer":"Pablo"}' })).toEqual(expected);
	});

	it('builds a draft data_exchange Flow by name without payload', () => {
		expect(buildFlow({ body: 'Hi', flowName: 'booking', flowCta: 'Open', mode: 'draft', flowAction: 'data_exchange' }).interactive).toEqual({
			type: 'flow',
			body: { text: 'Hi' },
			action: {
				name: 'flow',
				parameters: { flow_message_version: '3', flow_name: 'booking', flow_cta: 'Open', mode: 'draft', flow_action: 'data_exchange' },
			},
		});
	});

	it('leaves out empty screen data', () => {
		const parameters = (buildFlow({ ...base, screen: 'A', data: '' }).interactive as { action: { parameters: Record<string, unknown> } }).action.parameters;
		expect(parameters.flow_action_payload).toEqual({ screen: 'A' });
	});

	it.each([
		[{ flowId: '', flowName: '' }, 'Flow', 'Flow is required'],
		[{ flowName: 'x' }, 'Flow', 'not both'],
		[{ flowId: 'abc' }, 'Flow ID', 'digits only'],
		[{ flowCta: repeat(21) }, 'Button Text', 'Button Text is 21 characters long; WhatsApp allows at most 20'],
		[{ flowCta: 'Book 📅' }, 'Button Text', 'cannot contain emoji'],
		[{ screen: '' }, 'Screen', 'Screen is required for the navigate action'],
		[{ screen: 'A', data: '[1]' }, 'Screen Data', 'must be a JSON object'],
		[{ screen: 'A', data: '{}' }, 'Screen Data', 'empty object'],
		[{ screen: 'A', data: '{bad' }, 'Screen Data', 'is not valid JSON'],
		[{ flowAction: 'data_exchange' as const, screen: 'A' }, 'Screen', 'applies only to the navigate action'],
		[{ mode: 'live' as never, screen: 'A' }, 'Mode', 'must be published or draft'],
		[{ header: { type: 'image' as const, media: '1' }, screen: 'A' }, 'Header Type', 'allows a text header'],
	])('rejects %j', (input, field, text) => {
		const error = validationError(() => buildFlow({ ...base, ...input }));
		expect(error.field).toBe(field);
		expect(error.message).toContain(text);
	});
});

describe('buildLocationRequest (facts §2.6)', () => {
	it('builds Meta’s example and checks the body', () => {
		expect(buildLocationRequest({ body: 'Please share your pickup location.' })).toEqual({
			type: 'interactive',
			interactive: { type: 'location_request_message', body: { text: 'Please share your pickup location.' }, action: { name: 'send_location' } },
		});
		expect(validationError(() => buildLocationRequest({ body: repeat(1025) })).message).toBe('Body is 1025 characters long; WhatsApp allows at most 1024');
		expect(validationError(() => buildLocationRequest({ body: '' })).field).toBe('Body');
	});
});

describe('catalog messages (facts §2.6 commerce)', () => {
	it('builds a single product without header, with optional body and footer', () => {
		expect(buildProduct({ catalogId: '194836987003835', productRetailerId: 'SKU-1', body: 'Our pick', footer: 'Lucky Shrub' })).toEqual({
			type: 'interactive',
			interactive: {
				type: 'product',
				body: { text: 'Our pick' },
				footer: { text: 'Lucky Shrub' },
				action: { catalog_id: '194836987003835', product_retailer_id: 'SKU-1' },
			},
		});
		expect(buildProduct({ catalogId: '1', productRetailerId: 'S' }).interactive).toEqual({ type: 'product', action: { catalog_id: '1', product_retailer_id: 'S' } });
	});

	it('builds a multi-product list from sections or from flat products', () => {
		const expected = {
			type: 'interactive',
			interactive: {
				type: 'product_list',
				header: { type: 'text', text: 'Spring picks' },
				body: { text: 'Have a look' },
				action: {
					catalog_id: '194836987003835',
					sections: [
						{ title: 'Plants', product_items: [{ product_retailer_id: 'P1' }, { product_retailer_id: 'P2' }] },
						{ title: 'Pots', product_items: [{ product_retailer_id: 'T1' }] },
					],
				},
			},
		};
		const input = { headerText: 'Spring picks', body: 'Have a look', catalogId: '194836987003835' };
		expect(buildProductList({ ...input, sections: expected.interactive.action.sections })).toEqual(expected);
		expect(
			buildProductList({
				...input,
				sections: [
					{ section: 'Plants', product_retailer_id: 'P1' },
					{ section: 'Plants', product_retailer_id: 'P2' },
					{ section: 'Pots', product_retailer_id: 'T1' },
				],
			}),
		).toEqual(expected);
		expect(
			(buildProductList({ ...input, sections: '[{"title":"Plants","product_items":["P1"]}]' }).interactive as { action: unknown }).action,
		).toEqual({ catalog_id: '194836987003835', sections: [{ title: 'Plants', product_items: [{ product_retailer_id: 'P1' }] }] });
		expect((buildProductList({ ...input, sections: ['A', 'B'] }).interactive as { action: unknown }).action).toEqual({
			catalog_id: '194836987003835',
			sections: [{ product_items: [{ product_retailer_id: 'A' }, { product_retailer_id: 'B' }] }],
		});
	});

	it('accepts 30 products in 10 sections', () => {
		const products = Array.from({ length: 30 }, (_, index) => ({ section: `S${index % 10}`, product_retailer_id: `P${index}` }));
		expect(buildProductList({ headerText: 'h', body: 'b', catalogId: '1', sections: products })).toBeDefined();
	});

	it.each([
		[{ headerText: '' }, 'Header Text', 'Header Text is required'],
		[{ headerText: repeat(61) }, 'Header Text', 'at most 60'],
		[{ body: '' }, 'Body', 'Body is required'],
		[{ catalogId: '' }, 'Catalog ID', 'Catalog ID is required'],
		[{ catalogId: 'shop' }, 'Catalog ID', 'digits only'],
		[{ sections: [] }, 'Sections', 'Sections: 0 given; WhatsApp allows 1 to 10'],
		[{ sections: Array.from({ length: 11 }, (_, index) => ({ section: `S${index}`, product_retailer_id: 'P' })) }, 'Sections', 'Sections: 11 given; WhatsApp allows 1 to 10'],
		[{ sections: Array.from({ length: 31 }, (_, index) => `P${index}`) }, 'Products (all sections together)', 'Products (all sections together): 31 given; WhatsApp allows 1 to 30'],
		[{ sections: [{ product_retailer_id: 'A', section: 'x' }, { product_retailer_id: 'B' }] }, 'Section 2 Title', 'required when the message has more than one section'],
		[{ sections: [{ title: 'A', product_items: [] }, { title: 'B', product_items: ['x'] }] }, 'Section 1', 'Section 1 has no products'],
		[{ sections: ['A', ''] }, 'Product 2 Retailer ID', 'is required'],
	])('rejects a product list with %j', (input, field, text) => {
		const error = validationError(() => buildProductList({ headerText: 'h', body: 'b', catalogId: '1', sections: ['P1'], ...input }));
		expect(error.field).toBe(field);
		expect(error.message).toContain(text);
	});

	it('builds a catalog message with and without thumbnail', () => {
		expect(buildCatalog({ body: 'Browse our catalog', footer: 'Lucky Shrub', thumbnailProductRetailerId: 'SKU-9' })).toEqual({
			type: 'interactive',
			interactive: {
				type: 'catalog_message',
				body: { text: 'Browse our catalog' },
				footer: { text: 'Lucky Shrub' },
				action: { name: 'catalog_message', parameters: { thumbnail_product_retailer_id: 'SKU-9' } },
			},
		});
		expect(buildCatalog({ body: 'Browse' }).interactive).toEqual({ type: 'catalog_message', body: { text: 'Browse' }, action: { name: 'catalog_message' } });
		expect(validationError(() => buildCatalog({ body: '' })).field).toBe('Body');
		expect(validationError(() => buildProduct({ catalogId: '1', productRetailerId: '' })).field).toBe('Product Retailer ID');
		expect(validationError(() => buildProduct({ catalogId: '1', productRetailerId: 'x', body: repeat(1025) })).field).toBe('Body');
	});
});
