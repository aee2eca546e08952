/**
 * buildTemplateComponents against the send shapes of cloud-api-facts §2.7, for every seeded template
 * shape, and every local check that stands in for a Meta error (132000, 132005, 132007, 132012).
 */
import type { TemplateDefinition, TemplateValues } from '../../../whatsapp/templates';
import { buildTemplateComponents, buildTemplateMessage, checkSendable, parameterFieldsFor } from '../../../whatsapp/templates';
import { WhatsAppValidationError } from '../../../whatsapp/validation';
import { SEED_NAMES, seed } from './seeds';
import { SEED_TEMPLATES, seedTemplates, validateTemplateSend } from '../../../simulator/templates';

/** Runs `build` and returns the validation error it throws. */
function errorOf(build: () => unknown): WhatsAppValidationError {
	let thrown: unknown;
	try {
		build();
	} catch (error) {
		thrown = error;
	}
	if (thrown instanceof WhatsAppValidationError) return thrown;
	throw new Error(`expected a WhatsAppValidationError, got ${String(thrown)}`);
}

describe('buildTemplateComponents: send shapes (facts §2.7)', () => {
	it('sends no components for a template without variables', () => {
		expect(buildTemplateComponents(seed('hello_world'), {})).toEqual([]);
		expect(buildTemplateMessage(seed('hello_world'), {})).toEqual({
			type: 'template',
			template: { name: 'hello_world', language: { code: 'en_US' } },
		});
	});

	it('puts positional body values in order', () => {
		expect(buildTemplateComponents(seed('order_confirmation'), { 'body.2': '860198-230332', 'body.1': 'Pablo' })).toEqual([
			{ type: 'body', parameters: [{ type: 'text', text: 'Pablo' }, { type: 'text', text: '860198-230332' }] },
		]);
	});

	it('names each parameter of a named template', () => {
		expect(
			buildTemplateComponents(seed('order_shipped_named'), {
				'body.first_name': 'Pablo',
				'body.order_number': '860198-230332',
				'body.delivery_date': 'June 3',
			}),
		).toEqual([
			{
				type: 'body',
				parameters: [
					{ type: 'text', parameter_name: 'first_name', text: 'Pablo' },
					{ type: 'text', parameter_name: 'order_number', text: '860198-230332' },
					{ type: 'text', parameter_name: 'delivery_date', text: 'June 3' },
				],
			},
		]);
	});

	it('builds header text, body and quick replies (payload defaults to the button text)', () => {
		expect(
			buildTemplateComponents(seed('appointment_reminder'), { 'header.1': 'June 3', 'body.1': 'Pablo', 'body.2': '9am', 'button.1.payload': 'RESCHEDULE-42' }),
		).toEqual([
			{ type: 'header', parameters: [{ type: 'text', text: 'June 3' }] },
			{ type: 'body', parameters: [{ type: 'text', text: 'Pablo' }, { type: 'text', text: '9am' }] },
			{ type: 'button', sub_type: 'quick_reply', index: '0', parameters: [{ type: 'payload', payload: 'Confirm' }] },
			{ type: 'button', sub_type: 'quick_reply', index: '1', parameters: [{ type: 'payload', payload: 'RESCHEDULE-42' }] },
		]);
	});

	it('sends a document header by link with its file name, or by media ID', () => {
		const values = { 'header.document': 'https://example.com/inv-42.pdf', 'header.document.filename': 'INV-42.pdf', 'body.1': 'INV-42', 'body.2': '$100.99' };
		expect(buildTemplateComponents(seed('invoice_document'), values)[0]).toEqual({
			type: 'header',
			parameters: [{ type: 'document', document: { link: 'https://example.com/inv-42.pdf', filename: 'INV-42.pdf' } }],
		});
		expect(buildTemplateComponents(seed('invoice_document'), { ...values, 'header.document': '300000000000003', 'header.document.filename': '' })[0]).toEqual({
			type: 'header',
			parameters: [{ type: 'document', document: { id: '300000000000003' } }],
		});
	});

	it('sends a location header with numbers from text or numbers', () => {
		expect(
			buildTemplateComponents(seed('pickup_location'), {
				'header.location.latitude': '37.483307',
				'header.location.longitude': -122.148981,
				'header.location.name': 'Lucky Shrub',
				'body.1': '860198-230332',
			}),
		).toEqual([
			{ type: 'header', parameters: [{ type: 'location', location: { latitude: 37.483307, longitude: -122.148981, name: 'Lucky Shrub' } }] },
			{ type: 'body', parameters: [{ type: 'text', text: '860198-230332' }] },
		]);
	});

	it('matches the facts’ image + body + quick reply + URL example', () => {
		expect(
			buildTemplateComponents(seed('seasonal_promotion'), {
				'header.image': '300000000000003',
				'body.1': 'the end of August',
				'body.2': '25OFF',
				'body.3': '25%',
				'button.0.payload': 'STOP_PROMOS',
				'button.1.url': 'summer2023',
			}),
		).toEqual([
			{ type: 'header', parameters: [{ type: 'image', image: { id: '300000000000003' } }] },
			{ type: 'body', parameters: [{ type: 'text', text: 'the end of August' }, { type: 'text', text: '25OFF' }, { type: 'text', text: '25%' }] },
			{ type: 'button', sub_type: 'quick_reply', index: '0', parameters: [{ type: 'payload', payload: 'STOP_PROMOS' }] },
			{ type: 'button', sub_type: 'url', index: '1', parameters: [{ type: 'text', text: 'summer2023' }] },
		]);
	});

	it('sends currency and date_time body values given as objects or JSON text', () => {
		const components = buildTemplateComponents(seed('order_confirmation'), {
			'body.1': { currency: { fallback_value: '$100.99', code: 'USD', amount_1000: 100990 } },
			'body.2': '{"date_time":{"fallback_value":"February 25, 1977"}}',
		});
		expect(components).toEqual([
			{
				type: 'body',
				parameters: [
					{ type: 'currency', currency: { fallback_value: '$100.99', code: 'USD', amount_1000: 100990 } },
					{ type: 'date_time', date_time: { fallback_value: 'February 25, 1977' } },
				],
			},
		]);
	});

	it('sends the coupon of a copy-code button and nothing for its static URL button', () => {
		expect(buildTemplateComponents(seed('coupon_code_offer'), { 'body.1': 'Pablo', 'button.0.coupon_code': '25OFF' })).toEqual([
			{ type: 'body', parameters: [{ type: 'text', text: 'Pablo' }] },
			{ type: 'button', sub_type: 'copy_code', index: '0', parameters: [{ type: 'coupon_code', coupon_code: '25OFF' }] },
		]);
	});

	it('sends a flow button action only when a token or data is given', () => {
		expect(buildTemplateComponents(seed('flow_signup'), {})).toEqual([]);
		expect(
			buildTemplateComponents(seed('flow_signup'), { 'button.0.flow_token': 'signup-42', 'button.0.flow_action_data': '{"plan":"gold"}' }),
		).toEqual([
			{ type: 'button', sub_type: 'flow', index: '0', parameters: [{ type: 'action', action: { flow_token: 'signup-42', flow_action_data: { plan: 'gold' } } }] },
		]);
	});

	it('sends the catalog thumbnail when one is given', () => {
		expect(buildTemplateComponents(seed('catalog_promo'), { 'body.1': '10%', 'button.0.thumbnail_product_retailer_id': 'SKU-1' })).toEqual([
			{ type: 'body', parameters: [{ type: 'text', text: '10%' }] },
			{ type: 'button', sub_type: 'catalog', index: '0', parameters: [{ type: 'action', action: { thumbnail_product_retailer_id: 'SKU-1' } }] },
		]);
	});

	it('sends a carousel with every card’s header, body and buttons', () => {
		const values: TemplateValues = { 'body.1': 'Pablo' };
		for (const card of [0, 1]) {
			values[`card.${card}.header.image`] = `30000000000001${card}`;
			values[`card.${card}.body.1`] = '15%';
			values[`card.${card}.body.2`] = `SUMMER${card}`;
			values[`card.${card}.button.1.url`] = `plant-${card}`;
		}
		const components = buildTemplateComponents(seed('summer_carousel'), values);
		expect(components).toEqual([
			{ type: 'body', parameters: [{ type: 'text', text: 'Pablo' }] },
			{
				type: 'carousel',
				cards: [0, 1].map((card) => ({
					card_index: card,
					components: [
						{ type: 'header', parameters: [{ type: 'image', image: { id: `30000000000001${card}` } }] },
						{ type: 'body', parameters: [{ type: 'text', text: '15%' }, { type: 'text', text: `SUMMER${card}` }] },
						{ type: 'button', sub_type: 'quick_reply', index: '0', parameters: [{ type: 'payload', payload: 'Send more like this' }] },
						{ type: 'button', sub_type: 'url', index: '1', parameters: [{ type: 'text', text: `plant-${card}` }] },
					],
				})),
			},
		]);
	});

	it('sends a limited-time offer with its expiration as milliseconds (number, digits or ISO date)', () => {
		const values = {
			'header.image': 'https://example.com/offer.jpg',
			'body.1': 'Pablo',
			'body.2': 'CARIBE25',
			'limited_time_offer.expiration_time_ms': '2026-12-31T23:59:00Z',
			'button.0.coupon_code': 'CARIBE25',
			'button.1.url': 'CARIBE25',
		};
		expect(buildTemplateComponents(seed('limited_offer'), values)).toEqual([
			{ type: 'header', parameters: [{ type: 'image', image: { link: 'https://example.com/offer.jpg' } }] },
			{ type: 'body', parameters: [{ type: 'text', text: 'Pablo' }, { type: 'text', text: 'CARIBE25' }] },
			{ type: 'limited_time_offer', parameters: [{ type: 'limited_time_offer', limited_time_offer: { expiration_time_ms: Date.parse('2026-12-31T23:59:00Z') } }] },
			{ type: 'button', sub_type: 'copy_code', index: '0', parameters: [{ type: 'coupon_code', coupon_code: 'CARIBE25' }] },
			{ type: 'button', sub_type: 'url', index: '1', parameters: [{ type: 'text', text: 'CARIBE25' }] },
		]);
		for (const expiration of [1798761540000, '1798761540000']) {
			const offer = buildTemplateComponents(seed('limited_offer'), { ...values, 'limited_time_offer.expiration_time_ms': expiration })[2];
			expect(offer.parameters?.[0]).toEqual({ type: 'limited_time_offer', limited_time_offer: { expiration_time_ms: 1798761540000 } });
		}
	});

	it('puts the code of an authentication template in the body and the code button (facts §2.7)', () => {
		expect(buildTemplateMessage(seed('verification_code'), { 'otp.code': 'J$FpnYnP' })).toEqual({
			type: 'template',
			template: {
				name: 'verification_code',
				language: { code: 'en_US' },
				components: [
					{ type: 'body', parameters: [{ type: 'text', text: 'J$FpnYnP' }] },
					{ type: 'button', sub_type: 'url', index: '0', parameters: [{ type: 'text', text: 'J$FpnYnP' }] },
				],
			},
		});
	});

	it('also finds the code button when Graph reads it back as an OTP button', () => {
		const definition = seed('verification_code');
		definition.components[2].buttons = [{ type: 'OTP', otp_type: 'COPY_CODE', text: 'Copy code' }];
		expect(buildTemplateComponents(definition, { 'otp.code': '123456' })[1]).toEqual({
			type: 'button',
			sub_type: 'url',
			index: '0',
			parameters: [{ type: 'text', text: '123456' }],
		});
	});

	it('sends a multi-product button and a product header', () => {
		const definition: TemplateDefinition = {
			name: 'mpm_promo',
			language: 'en_US',
			components: [
				{ type: 'HEADER', format: 'PRODUCT' },
				{ type: 'BODY', text: 'Our picks for you.' },
				{ type: 'BUTTONS', buttons: [{ type: 'MPM', text: 'View items' }] },
			],
		};
		const sections = [{ title: 'Plants', product_items: [{ product_retailer_id: 'SKU-1' }, { product_retailer_id: 'SKU-2' }] }];
		expect(
			buildTemplateComponents(definition, {
				'header.product_retailer_id': 'SKU-1',
				'header.catalog_id': '194836987003835',
				'button.0.thumbnail_product_retailer_id': 'SKU-1',
				'button.0.sections': JSON.stringify(sections),
			}),
		).toEqual([
			{ type: 'header', parameters: [{ type: 'product', product: { product_retailer_id: 'SKU-1', catalog_id: '194836987003835' } }] },
			{ type: 'button', sub_type: 'mpm', index: '0', parameters: [{ type: 'action', action: { thumbnail_product_retailer_id: 'SKU-1', sections } }] },
		]);
	});

	it('sends another translation when a language is given', () => {
		const message = buildTemplateMessage(seed('order_confirmation'), { 'body.1': 'Pablo', 'body.2': '1' }, { language: 'es_MX' });
		expect((message.template as { language: unknown }).language).toEqual({ code: 'es_MX' });
	});

	it('builds, for every seeded template, a send the simulator’s Meta rules accept', () => {
		const stored = seedTemplates(0);
		for (const name of SEED_NAMES) {
			const template = SEED_TEMPLATES.find((entry) => entry.name === name)!;
			if (template.status !== 'APPROVED') continue;
			const definition = seed(name, template.language);
			const values: TemplateValues = {};
			for (const field of parameterFieldsFor(definition)) {
				if (!field.required) continue;
				if (field.type === 'number') values[field.id] = '10';
				else if (field.id.endsWith('.image') || field.id.endsWith('.document') || field.id.endsWith('.video')) values[field.id] = 'https://example.com/file';
				else if (field.id === 'limited_time_offer.expiration_time_ms') values[field.id] = 1798761540000;
				else values[field.id] = field.example ?? 'x';
			}
			const content = buildTemplateMessage(definition, values);
			expect(() => validateTemplateSend(content.template, stored, () => true)).not.toThrow();
		}
	});
});

describe('buildTemplateComponents: local checks before Meta sees the send', () => {
	it('names the missing parameter and counts what was given (instead of Meta’s 132000)', () => {
		const error = errorOf(() => buildTemplateComponents(seed('order_confirmation'), { 'body.1': 'Pablo' }));
		expect(error.field).toBe('Body {{2}}');
		expect(error.message).toBe('Body {{2}} is required: template "order_confirmation" (en_US) needs 2 required parameters and 1 was given');
	});

	it('lists every missing parameter', () => {
		const error = errorOf(() => buildTemplateComponents(seed('seasonal_promotion'), { 'body.1': 'x', 'body.2': 'y', 'body.3': 'z' }));
		expect(error.field).toBe('Header Image');
		expect(error.message).toContain('Header Image, Button 2 (Shop Now) URL Suffix are required');
	});

	it('refuses a value for a parameter the template does not have, and lists the real ones', () => {
		const error = errorOf(() => buildTemplateComponents(seed('order_confirmation'), { 'body.1': 'a', 'body.2': 'b', 'body.3': 'c' }));
		expect(error.field).toBe('body.3');
		expect(error.message).toBe('"body.3" is not a parameter of template "order_confirmation" (en_US). Its parameters are: body.1, body.2');
	});

	it('ignores empty values of fields the template no longer has', () => {
		expect(() => buildTemplateComponents(seed('order_confirmation'), { 'body.1': 'a', 'body.2': 'b', 'body.3': '', 'header.1': null })).not.toThrow();
	});

	it('refuses parameters for a template without any', () => {
		expect(errorOf(() => buildTemplateComponents(seed('hello_world'), { 'body.1': 'x' })).message).toContain('It has no parameters');
	});

	it('treats whitespace as missing', () => {
		expect(errorOf(() => buildTemplateComponents(seed('order_confirmation'), { 'body.1': '  ', 'body.2': 'b' })).field).toBe('Body {{1}}');
	});

	it('limits the header with its value to 60 characters (instead of 132005)', () => {
		const error = errorOf(() =>
			buildTemplateComponents(seed('appointment_reminder'), { 'header.1': 'x'.repeat(50), 'body.1': 'a', 'body.2': 'b' }),
		);
		expect(error.field).toBe('Header {{1}}');
		expect(error.message).toBe('Header with Header {{1}} filled in is 65 characters long; WhatsApp allows at most 60');
	});

	it('limits the rendered body to 1024 characters when the template has more than a body', () => {
		const error = errorOf(() => buildTemplateComponents(seed('order_confirmation'), { 'body.1': 'x'.repeat(1000), 'body.2': 'b' }));
		expect(error.field).toBe('Body');
		expect(error.message).toBe('Body with its parameters filled in is 1067 characters long; WhatsApp allows at most 1024');
	});

	it('allows 32 768 characters when the template is only a body', () => {
		const values = { 'body.first_name': 'x'.repeat(5000), 'body.order_number': '1', 'body.delivery_date': 'June 3' };
		expect(() => buildTemplateComponents(seed('order_shipped_named'), values)).not.toThrow();
		const error = errorOf(() => buildTemplateComponents(seed('order_shipped_named'), { ...values, 'body.first_name': 'x'.repeat(32768) }));
		expect(error.message).toMatch(/^Body with its parameters filled in is 32826 characters long; WhatsApp allows at most 32768$/);
	});

	it('counts characters as WhatsApp does (an emoji is one)', () => {
		expect(() =>
			buildTemplateComponents(seed('appointment_reminder'), { 'header.1': '🌵'.repeat(45), 'body.1': 'a', 'body.2': 'b' }),
		).not.toThrow();
	});

	it.each([
		['a new line', 'Pablo\nMorales', 'contains a new line or tab'],
		['a tab', 'Pablo\tMorales', 'contains a new line or tab'],
		['five spaces', 'Pablo     Morales', 'contains more than 4 spaces in a row'],
	])('refuses %s in a parameter (instead of 132007)', (_, value, message) => {
		const error = errorOf(() => buildTemplateComponents(seed('order_confirmation'), { 'body.1': value, 'body.2': 'b' }));
		expect(error.field).toBe('Body {{1}}');
		expect(error.message).toBe(`Body {{1}} ${message}; WhatsApp does not allow ${message.includes('spaces') ? 'that' : 'them'} in template parameters`);
	});

	it('limits a coupon code to 20 characters', () => {
		const error = errorOf(() => buildTemplateComponents(seed('coupon_code_offer'), { 'body.1': 'Pablo', 'button.0.coupon_code': 'C'.repeat(21) }));
		expect(error.field).toBe('Button 1 (Copy offer code) Coupon Code');
		expect(error.message).toBe('Button 1 (Copy offer code) Coupon Code is 21 characters long; WhatsApp allows at most 20');
	});

	it('limits a verification code to 15 characters', () => {
		const error = errorOf(() => buildTemplateComponents(seed('verification_code'), { 'otp.code': '1'.repeat(16) }));
		expect(error.field).toBe('Verification Code');
		expect(error.message).toBe('Verification Code is 16 characters long; WhatsApp allows at most 15');
	});

	it('limits a carousel card body to 160 characters', () => {
		const values: TemplateValues = { 'body.1': 'Pablo' };
		for (const card of [0, 1]) {
			values[`card.${card}.header.image`] = '300000000000010';
			values[`card.${card}.body.1`] = '15%';
			values[`card.${card}.body.2`] = 'CODE';
			values[`card.${card}.button.1.url`] = 'plant';
		}
		values['card.1.body.2'] = 'C'.repeat(130);
		const error = errorOf(() => buildTemplateComponents(seed('summer_carousel'), values));
		expect(error.field).toBe('Card 2 Body');
		expect(error.message).toBe('Card 2 Body with its parameters filled in is 164 characters long; WhatsApp allows at most 160');
	});

	it('limits a URL button with its suffix to 2000 characters', () => {
		const values = { 'header.image': '1', 'body.1': 'a', 'body.2': 'b', 'body.3': 'c', 'button.1.url': 'x'.repeat(1990) };
		const error = errorOf(() => buildTemplateComponents(seed('seasonal_promotion'), values));
		expect(error.field).toBe('Button 2 (Shop Now) URL Suffix');
		expect(error.message).toBe('The URL of Button 2 (Shop Now) with the suffix is 2021 characters long; WhatsApp allows at most 2000');
	});

	it('wants a media ID or a link for a media header', () => {
		const error = errorOf(() =>
			buildTemplateComponents(seed('seasonal_promotion'), { 'header.image': 'photo.jpg', 'body.1': 'a', 'body.2': 'b', 'body.3': 'c', 'button.1.url': 'x' }),
		);
		expect(error.field).toBe('Header Image');
		expect(error.message).toBe('Header Image must be a media ID (digits, from an upload) or an http(s) link; got "photo.jpg"');
	});

	it('wants coordinates in range', () => {
		const error = errorOf(() =>
			buildTemplateComponents(seed('pickup_location'), { 'header.location.latitude': 91, 'header.location.longitude': 0, 'body.1': 'x' }),
		);
		expect(error.field).toBe('Header Location Latitude');
		expect(error.message).toBe('Header Location Latitude must be a number from -90 to 90; got 91');
	});

	it.each([
		[{ currency: { fallback_value: '$1', code: 'usd', amount_1000: 1000 } }, 'currency.code must be a 3-letter ISO 4217 code such as USD; got "usd"'],
		[{ currency: { fallback_value: '$1.5', code: 'USD', amount_1000: 1.5 } }, 'currency.amount_1000 must be a whole number, the amount times 1000 (100.99 → 100990); got 1.5'],
		[{ currency: { code: 'USD', amount_1000: 1000 } }, 'a currency value needs currency.fallback_value, the text shown, such as "$100.99"'],
		[{ date_time: { day_of_month: 25 } }, 'a date_time value needs date_time.fallback_value, the text shown, such as "February 25, 1977"'],
	])('checks the currency and date_time forms (%j)', (value, message) => {
		const error = errorOf(() => buildTemplateComponents(seed('order_confirmation'), { 'body.1': value, 'body.2': 'b' }));
		expect(error.field).toBe('Body {{1}}');
		expect(error.message).toBe(`Body {{1}}: ${message}`);
	});

	it('sends other JSON-looking text as plain text', () => {
		expect(buildTemplateComponents(seed('order_confirmation'), { 'body.1': '{not json', 'body.2': '{"a":1}' })[0].parameters).toEqual([
			{ type: 'text', text: '{not json' },
			{ type: 'text', text: '{"a":1}' },
		]);
	});

	it('keeps header parameters to plain text', () => {
		const value = '{"date_time":{"fallback_value":"June 3"}}';
		expect(buildTemplateComponents(seed('appointment_reminder'), { 'header.1': value, 'body.1': 'a', 'body.2': 'b' })[0]).toEqual({
			type: 'header',
			parameters: [{ type: 'text', text: value }],
		});
	});

	it('requires the offer expiration and checks its form', () => {
		const values = { 'header.image': '1', 'body.1': 'a', 'body.2': 'b', 'button.0.coupon_code': 'C', 'button.1.url': 'C' };
		expect(errorOf(() => buildTemplateComponents(seed('limited_offer'), values)).field).toBe('Offer Expiration');
		const error = errorOf(() => buildTemplateComponents(seed('limited_offer'), { ...values, 'limited_time_offer.expiration_time_ms': 'soon' }));
		expect(error.message).toBe('Offer Expiration must be UNIX time in milliseconds or an ISO date such as 2026-12-31T23:59:00Z; got "soon"');
	});

	it('wants flow action data as a JSON object', () => {
		const error = errorOf(() => buildTemplateComponents(seed('flow_signup'), { 'button.0.flow_action_data': '[1,2]' }));
		expect(error.field).toBe('Button 1 (Sign up) Flow Action Data');
		expect(error.message).toBe('Button 1 (Sign up) Flow Action Data must be a JSON object; got "[1,2]"');
	});

	it('checks multi-product sections', () => {
		const definition: TemplateDefinition = {
			name: 'mpm_promo',
			language: 'en_US',
			components: [{ type: 'BODY', text: 'Our picks.' }, { type: 'BUTTONS', buttons: [{ type: 'MPM', text: 'View items' }] }],
		};
		const tooMany = Array.from({ length: 11 }, () => ({ title: 'x', product_items: [{ product_retailer_id: 'a' }] }));
		const base = { 'button.0.thumbnail_product_retailer_id': 'SKU' };
		expect(errorOf(() => buildTemplateComponents(definition, { ...base, 'button.0.sections': JSON.stringify(tooMany) })).message).toBe(
			'Button 1 (View items) Sections: 11 sections given; WhatsApp allows 1 to 10',
		);
		const items = Array.from({ length: 31 }, (_, n) => ({ product_retailer_id: `SKU-${n}` }));
		expect(errorOf(() => buildTemplateComponents(definition, { ...base, 'button.0.sections': [{ title: 'x', product_items: items }] })).message).toBe(
			'Button 1 (View items) Sections: 31 products given; WhatsApp allows at most 30 in total',
		);
		expect(errorOf(() => buildTemplateComponents(definition, { ...base, 'button.0.sections': 'nope' })).message).toBe(
			'Button 1 (View items) Sections must be a JSON list; got "nope"',
		);
	});

	it('refuses header formats it cannot fill', () => {
		const definition: TemplateDefinition = { name: 'gif', language: 'en_US', components: [{ type: 'HEADER', format: 'GIF' }, { type: 'BODY', text: 'Hello there.' }] };
		expect(errorOf(() => buildTemplateComponents(definition, {})).message).toBe('Header format GIF is not supported for sending by this node');
	});

	it('refuses a language that is not a language code', () => {
		const error = errorOf(() => buildTemplateMessage(seed('hello_world'), {}, { language: 'English' }));
		expect(error.field).toBe('Language');
		expect(error.message).toBe('Language "English" is not a template language code; use the exact code of the translation, such as en_US or es_MX');
	});

	it.each(['PAUSED', 'PENDING', 'REJECTED', 'DISABLED'])('refuses to send a %s template', (status) => {
		const error = errorOf(() => checkSendable({ ...seed('hello_world'), status }));
		expect(error.field).toBe('Template');
		expect(error.message).toBe(`template "hello_world" (en_US) is ${status}; only approved templates can be sent. Pick an approved template or wait for its review`);
	});

	it.each(['APPROVED', 'FLAGGED', 'REINSTATED', undefined])('sends a template whose status is %s', (status) => {
		expect(() => checkSendable({ ...seed('hello_world'), status })).not.toThrow();
	});
});
