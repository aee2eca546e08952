/** Template creation and edits against the shapes and rules of cloud-api-facts §4.1, §4.3 and §13.4. */
import type { SimpleTemplateInput, TemplateComponentDefinition } from '../../../whatsapp/templates';
import {
	buildCreateTemplateBody,
	buildSimpleComponents,
	buildUpdateTemplateBody,
	inferParameterFormat,
	validateTemplateComponents,
} from '../../../whatsapp/templates';
import { WhatsAppValidationError } from '../../../whatsapp/validation';

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

/** The create example of facts §4.1. */
const SEASONAL: TemplateComponentDefinition[] = [
	{ type: 'HEADER', format: 'TEXT', text: 'Our {{1}} is on!', example: { header_text: ['Summer Sale'] } },
	{ type: 'BODY', text: 'Shop now through {{1}} and use code {{2}} to get {{3}} off.', example: { body_text: [['the end of August', '25OFF', '25%']] } },
	{ type: 'FOOTER', text: 'Use the buttons below to manage your marketing subscriptions' },
	{
		type: 'BUTTONS',
		buttons: [
			{ type: 'QUICK_REPLY', text: 'Unsubscribe from Promos' },
			{ type: 'URL', text: 'Shop Now', url: 'https://example.com/shop?promo={{1}}', example: ['summer2023'] },
			{ type: 'PHONE_NUMBER', text: 'Call', phone_number: '15550051310' },
		],
	},
];

const body = (text: string, examples: string[] = []): TemplateComponentDefinition => ({
	type: 'BODY',
	text,
	...(examples.length > 0 ? { example: { body_text: [examples] } } : {}),
});

describe('buildCreateTemplateBody', () => {
	it('produces the facts’ create body', () => {
		expect(
			buildCreateTemplateBody({ name: 'seasonal_promotion', language: 'en_US', category: 'marketing', parameterFormat: 'positional', components: SEASONAL }),
		).toEqual({ name: 'seasonal_promotion', language: 'en_US', category: 'MARKETING', parameter_format: 'positional', components: SEASONAL });
	});

	it('puts components in Meta’s order and upper-cases their types', () => {
		const result = buildCreateTemplateBody({
			name: 'x',
			language: 'en',
			category: 'UTILITY',
			components: [{ type: 'footer', text: 'Lucky Shrub' }, body('Hello there.')],
		});
		expect((result.components as TemplateComponentDefinition[]).map((component) => component.type)).toEqual(['BODY', 'FOOTER']);
	});

	it.each([
		['Order_Update', 'Name', 'Name "Order_Update" may only contain lowercase letters, digits and underscores, such as order_update'],
		['', 'Name', 'Name is required'],
	])('checks the name %j', (name, field, message) => {
		const error = errorOf(() => buildCreateTemplateBody({ name, language: 'en_US', category: 'UTILITY', components: [body('Hello there.')] }));
		expect([error.field, error.message]).toEqual([field, message]);
	});

	it('limits the name to 512 characters', () => {
		const error = errorOf(() => buildCreateTemplateBody({ name: 'a'.repeat(513), language: 'en_US', category: 'UTILITY', components: [body('Hi.')] }));
		expect(error.message).toBe('Name is 513 characters long; WhatsApp allows at most 512');
	});

	it('checks the language and category', () => {
		expect(errorOf(() => buildCreateTemplateBody({ name: 'x', language: 'english', category: 'UTILITY', components: [body('Hi.')] })).message).toBe(
			'Language "english" is not a template language code, such as en_US',
		);
		expect(errorOf(() => buildCreateTemplateBody({ name: 'x', language: 'en', category: 'SERVICE', components: [body('Hi.')] })).message).toBe(
			'Category must be MARKETING, UTILITY or AUTHENTICATION; got "SERVICE"',
		);
	});
});

describe('validateTemplateComponents: Meta’s creation rules', () => {
	const marketing = { category: 'MARKETING', parameterFormat: 'positional' as const };
	const check = (components: TemplateComponentDefinition[], options: Parameters<typeof validateTemplateComponents>[1] = marketing) =>
		errorOf(() => validateTemplateComponents(components, options));

	it('needs a body', () => {
		expect(check([{ type: 'FOOTER', text: 'x' }]).message).toBe('Body is required: every template has exactly one body');
		expect(check([]).message).toBe('Components: at least a body is required');
	});

	it('limits the body to 1024 characters and the footer to 60', () => {
		expect(check([body('x'.repeat(1025))]).message).toBe('Body is 1025 characters long; WhatsApp allows at most 1024');
		expect(check([body('Hi.'), { type: 'FOOTER', text: 'x'.repeat(61) }]).message).toBe('Footer is 61 characters long; WhatsApp allows at most 60');
	});

	it('refuses variables in the footer', () => {
		expect(check([body('Hi.'), { type: 'FOOTER', text: 'Bye {{1}}' }]).message).toBe('Footer cannot contain variables');
	});

	it('limits a text header to 60 characters and one variable', () => {
		expect(check([{ type: 'HEADER', format: 'TEXT', text: 'x'.repeat(61) }, body('Hi.')]).message).toBe('Header Text is 61 characters long; WhatsApp allows at most 60');
		const error = check([{ type: 'HEADER', format: 'TEXT', text: 'A {{1}} and {{2}}', example: { header_text: ['a', 'b'] } }, body('Hi.')]);
		expect([error.field, error.message]).toEqual(['Header Text', 'Header Text has 2 variables; WhatsApp allows at most 1 in a header']);
	});

	it('wants one example per variable', () => {
		expect(check([body('Hi {{1}}, see {{2}} now.', ['Pablo'])]).message).toBe('Body Examples: 2 example values needed (one per variable); 1 given');
		expect(check([{ type: 'HEADER', format: 'TEXT', text: 'Our {{1}} sale' }, body('Hi.')]).message).toBe(
			'Header Text: 1 example value needed (one per variable); 0 given',
		);
	});

	it('wants variables numbered without gaps, and numbers when positional', () => {
		expect(check([body('Hi {{1}}, see {{3}} now.', ['a', 'b'])]).message).toBe(
			'Body: variables must be numbered {{1}}, {{2}} … without gaps; found {{3}} where {{2}} was expected',
		);
		expect(check([body('Hi {{name}}, welcome.', ['a'])]).message).toBe('Body: variable {{name}} must be a number such as {{1}} because the parameter format is positional');
	});

	it('checks named variable names and examples', () => {
		const named = { category: 'UTILITY', parameterFormat: 'named' as const };
		expect(check([{ type: 'BODY', text: 'Hi {{First}}, welcome.' }], named).message).toBe(
			'Body: variable {{First}} is not a valid name; named variables use lowercase letters and underscores, at most 20 characters, such as {{first_name}}',
		);
		expect(check([{ type: 'BODY', text: 'Hi {{first_name}}, welcome.' }], named).message).toBe('Body Examples: an example for {{first_name}} is required');
		expect(() =>
			validateTemplateComponents(
				[{ type: 'BODY', text: 'Hi {{first_name}}, welcome.', example: { body_text_named_params: [{ param_name: 'first_name', example: 'Pablo' }] } }],
				named,
			),
		).not.toThrow();
	});

	it('refuses adjacent variables and variables at the start or end (2388299)', () => {
		expect(check([body('Hi {{1}}{{2}} there.', ['a', 'b'])]).message).toBe('Body: two variables are next to each other; WhatsApp needs text between variables');
		expect(check([body('{{1}} is here.', ['a'])]).message).toBe('Body starts or ends with a variable; WhatsApp does not allow that');
		expect(check([body('Your code is {{1}}.', ['a'])]).message).toBe('Body starts or ends with a variable; WhatsApp does not allow that');
	});

	it('wants a sample for media headers', () => {
		expect(check([{ type: 'HEADER', format: 'IMAGE' }, body('Hi.')]).message).toBe(
			'Header Sample is required for the IMAGE header: a file uploaded through the resumable upload API',
		);
		expect(() => validateTemplateComponents([{ type: 'HEADER', format: 'IMAGE', example: { header_handle: ['4::aW1h'] } }, body('Hi.')], marketing)).not.toThrow();
	});

	it('allows location headers in utility and marketing templates only', () => {
		expect(() => validateTemplateComponents([{ type: 'HEADER', format: 'LOCATION' }, body('Hi.')], { category: 'UTILITY' })).not.toThrow();
		expect(check([{ type: 'HEADER', format: 'SOUND' }, body('Hi.')]).message).toBe('Header Format must be TEXT, IMAGE, VIDEO, DOCUMENT, GIF or LOCATION; got "SOUND"');
	});

	describe('buttons', () => {
		const withButtons = (buttons: TemplateComponentDefinition['buttons']) => [body('Hi.'), { type: 'BUTTONS', buttons }];

		it('limits button text to 25 characters', () => {
			const error = check(withButtons([{ type: 'QUICK_REPLY', text: 'x'.repeat(26) }]));
			expect([error.field, error.message]).toEqual(['Button 1 Text', 'Button 1 Text is 26 characters long; WhatsApp allows at most 25']);
		});

		it('wants quick replies grouped together', () => {
			const url = { type: 'URL', text: 'Shop', url: 'https://example.com' };
			expect(() => validateTemplateComponents(withButtons([{ type: 'QUICK_REPLY', text: 'a' }, { type: 'QUICK_REPLY', text: 'b' }, url]), marketing)).not.toThrow();
			expect(() => validateTemplateComponents(withButtons([url, { type: 'QUICK_REPLY', text: 'a' }, { type: 'QUICK_REPLY', text: 'b' }]), marketing)).not.toThrow();
			expect(check(withButtons([{ type: 'QUICK_REPLY', text: 'a' }, url, { type: 'QUICK_REPLY', text: 'b' }])).message).toBe(
				'Buttons: quick reply buttons must be next to each other (QR, QR, URL is fine; QR, URL, QR is not)',
			);
		});

		it('caps buttons: 10 in all, 2 URL, 1 phone, 1 copy code', () => {
			const qr = Array.from({ length: 11 }, (_, n) => ({ type: 'QUICK_REPLY', text: `Option ${n}` }));
			expect(check(withButtons(qr)).message).toBe('Buttons: 11 buttons given; WhatsApp allows at most 10');
			const urls = Array.from({ length: 3 }, () => ({ type: 'URL', text: 'Go', url: 'https://example.com' }));
			expect(check(withButtons(urls)).message).toBe('Buttons: 3 URL buttons given; WhatsApp allows at most 2');
			const phones = Array.from({ length: 2 }, () => ({ type: 'PHONE_NUMBER', text: 'Call', phone_number: '15550051310' }));
			expect(check(withButtons(phones)).message).toBe('Buttons: 2 PHONE_NUMBER buttons given; WhatsApp allows at most 1');
		});

		it('checks URL buttons', () => {
			expect(check(withButtons([{ type: 'URL', text: 'Go', url: 'example.com' }])).message).toBe('Button 1 URL must start with https:// or http://; got "example.com"');
			expect(check(withButtons([{ type: 'URL', text: 'Go', url: 'https://example.com/{{1}}/x', example: ['a'] }])).message).toBe(
				'Button 1 URL may contain one variable, {{1}}, and only at its end',
			);
			expect(check(withButtons([{ type: 'URL', text: 'Go', url: 'https://example.com/{{1}}' }])).message).toBe(
				'Button 1 URL has a variable, so an example URL is required',
			);
			expect(check(withButtons([{ type: 'URL', text: 'Go', url: `https://example.com/${'x'.repeat(2000)}` }])).message).toBe(
				'Button 1 URL is 2020 characters long; WhatsApp allows at most 2000',
			);
		});

		it('checks phone and copy-code buttons', () => {
			expect(check(withButtons([{ type: 'PHONE_NUMBER', text: 'Call', phone_number: '+1 555 0051 3101 2345 6789' }])).message).toBe(
				'Button 1 Phone Number is 26 characters long; WhatsApp allows at most 20',
			);
			expect(check(withButtons([{ type: 'COPY_CODE', text: 'Copy', example: 'C'.repeat(21) }])).message).toBe(
				'Button 1 Example is 21 characters long; WhatsApp allows at most 20',
			);
			expect(check(withButtons([{ type: 'COPY_CODE', text: 'Copy' }])).message).toBe('Button 1 Example (a sample code) is required');
		});

		it('checks flow and OTP buttons', () => {
			expect(check(withButtons([{ type: 'FLOW', text: 'Sign up' }])).message).toBe('Button 1: a flow button needs the Flow ID (or flow_name / flow_json)');
			expect(check(withButtons([{ type: 'OTP', otp_type: 'COPY_CODE' }])).message).toBe(
				'Button 1: one-time password buttons are only allowed in AUTHENTICATION templates',
			);
		});
	});

	describe('authentication templates', () => {
		const auth = { category: 'AUTHENTICATION' };

		it('accepts the preset body, the code expiry and an OTP button', () => {
			expect(() =>
				validateTemplateComponents(
					[
						{ type: 'BODY', add_security_recommendation: true },
						{ type: 'FOOTER', code_expiration_minutes: 10 },
						{ type: 'BUTTONS', buttons: [{ type: 'OTP', otp_type: 'COPY_CODE', text: 'Copy code' }] },
					],
					auth,
				),
			).not.toThrow();
		});

		it('refuses a body text, a header, an expiry out of 1–90, a missing or incomplete OTP button', () => {
			const otp = { type: 'BUTTONS', buttons: [{ type: 'OTP', otp_type: 'COPY_CODE' }] };
			expect(check([{ type: 'BODY', text: 'Your code is {{1}}' }, otp], auth).field).toBe('Body');
			expect(check([{ type: 'HEADER', format: 'TEXT', text: 'Code' }, { type: 'BODY' }, otp], auth).message).toBe(
				'Header: authentication templates cannot have a header',
			);
			expect(check([{ type: 'BODY' }, { type: 'FOOTER', code_expiration_minutes: 91 }, otp], auth).message).toBe(
				'Code Expiration Minutes must be a whole number from 1 to 90; got 91',
			);
			expect(check([{ type: 'BODY' }], auth).message).toBe('Buttons: authentication templates need a one-time password (OTP) button');
			expect(check([{ type: 'BODY' }, { type: 'BUTTONS', buttons: [{ type: 'OTP', otp_type: 'ONE_TAP' }] }], auth).message).toBe(
				'Button 1: ONE_TAP buttons need the Android Package Name and Signature Hash of your app',
			);
		});
	});

	describe('limited-time offers and carousels', () => {
		it('allows offers in marketing templates, with text up to 16 characters', () => {
			const offer = (text: string) => ({ type: 'LIMITED_TIME_OFFER', limited_time_offer: { text, has_expiration: true } });
			expect(() => validateTemplateComponents([offer('Expiring offer!'), body('Hi.')], marketing)).not.toThrow();
			expect(check([offer('x'.repeat(17)), body('Hi.')]).message).toBe('Limited-Time Offer Text is 17 characters long; WhatsApp allows at most 16');
			expect(check([offer('Offer'), body('Hi.')], { category: 'UTILITY' }).message).toBe('Limited-Time Offer is only allowed in MARKETING templates');
		});

		const card = (bodyText = 'Get {{1}} off.', buttons = [{ type: 'QUICK_REPLY', text: 'More' }]) => ({
			components: [
				{ type: 'HEADER', format: 'IMAGE', example: { header_handle: ['4::aW1h'] } },
				{ type: 'BODY', text: bodyText, example: { body_text: [['15%']] } },
				{ type: 'BUTTONS', buttons },
			],
		});

		it('accepts 2 to 10 cards of the same shape', () => {
			expect(() => validateTemplateComponents([body('Hi.'), { type: 'CAROUSEL', cards: [card(), card()] }], marketing)).not.toThrow();
			expect(check([body('Hi.'), { type: 'CAROUSEL', cards: [card()] }]).message).toBe('Carousel: 1 cards given; WhatsApp allows 2 to 10');
		});

		it('limits card bodies to 160 characters and card buttons to 2', () => {
			expect(check([body('Hi.'), { type: 'CAROUSEL', cards: [card(`Get {{1}} ${'x'.repeat(160)}`), card()] }]).message).toBe(
				'Card 1 Body is 170 characters long; WhatsApp allows at most 160',
			);
			const three = [1, 2, 3].map((n) => ({ type: 'QUICK_REPLY', text: `B${n}` }));
			expect(check([body('Hi.'), { type: 'CAROUSEL', cards: [card(undefined, three), card(undefined, three)] }]).message).toBe(
				'Card 1 Buttons: 3 buttons given; WhatsApp allows at most 2',
			);
		});

		it('wants every card shaped like the first', () => {
			const other = card(undefined, [{ type: 'URL', text: 'Buy', url: 'https://example.com' } as never]);
			expect(check([body('Hi.'), { type: 'CAROUSEL', cards: [card(), other] }]).message).toBe(
				'Card 2 differs from card 1; every card needs the same components and buttons',
			);
		});
	});
});

describe('buildSimpleComponents', () => {
	it('maps the simple form to the facts’ create components', () => {
		const input: SimpleTemplateInput = {
			category: 'MARKETING',
			header: { format: 'TEXT', text: 'Our {{1}} is on!', example: 'Summer Sale' },
			body: {
				text: 'Shop now through {{1}} and use code {{2}} to get {{3}} off.',
				examples: [{ example: 'the end of August' }, { example: '25OFF' }, { example: '25%' }],
			},
			footer: { text: 'Use the buttons below to manage your marketing subscriptions' },
			buttons: [
				{ type: 'QUICK_REPLY', text: 'Unsubscribe from Promos' },
				{ type: 'URL', text: 'Shop Now', url: 'https://example.com/shop?promo={{1}}', urlExample: 'summer2023' },
				{ type: 'PHONE_NUMBER', text: 'Call', phoneNumber: '15550051310' },
			],
		};
		const components = buildSimpleComponents(input, 'positional');
		expect(components).toEqual([
			SEASONAL[0],
			SEASONAL[1],
			SEASONAL[2],
			{
				type: 'BUTTONS',
				buttons: [
					SEASONAL[3].buttons![0],
					{ ...SEASONAL[3].buttons![1], example: ['https://example.com/shop?promo=summer2023'] },
					SEASONAL[3].buttons![2],
				],
			},
		]);
		expect(() => validateTemplateComponents(components, { category: 'MARKETING' })).not.toThrow();
	});

	it('maps named examples, media headers with their handle, and location headers', () => {
		expect(
			buildSimpleComponents(
				{
					category: 'UTILITY',
					header: { format: 'IMAGE', handle: '4::aW1h' },
					body: { text: 'Hi {{first_name}}, order {{order_id}} shipped.', examples: [{ name: 'order_id', example: '42' }, { name: 'first_name', example: 'Pablo' }] },
				},
				'named',
			),
		).toEqual([
			{ type: 'HEADER', format: 'IMAGE', example: { header_handle: ['4::aW1h'] } },
			{
				type: 'BODY',
				text: 'Hi {{first_name}}, order {{order_id}} shipped.',
				example: { body_text_named_params: [{ param_name: 'first_name', example: 'Pablo' }, { param_name: 'order_id', example: '42' }] },
			},
		]);
		expect(buildSimpleComponents({ category: 'UTILITY', header: { format: 'LOCATION' }, body: { text: 'Pick up here.' } }, 'positional')[0]).toEqual({
			type: 'HEADER',
			format: 'LOCATION',
		});
	});

	it('maps an authentication template to the preset body, expiry and OTP button', () => {
		expect(
			buildSimpleComponents(
				{
					category: 'AUTHENTICATION',
					body: { addSecurityRecommendation: true },
					footer: { codeExpirationMinutes: 10 },
					buttons: [{ type: 'OTP', otpType: 'ONE_TAP', text: 'Autofill', packageName: 'com.example.app', signatureHash: 'K8a/AINcGX7' }],
				},
				'positional',
			),
		).toEqual([
			{ type: 'BODY', add_security_recommendation: true },
			{ type: 'FOOTER', code_expiration_minutes: 10 },
			{ type: 'BUTTONS', buttons: [{ type: 'OTP', text: 'Autofill', otp_type: 'ONE_TAP', package_name: 'com.example.app', signature_hash: 'K8a/AINcGX7' }] },
		]);
	});

	it('maps copy-code and flow buttons', () => {
		const components = buildSimpleComponents(
			{
				category: 'MARKETING',
				body: { text: 'Enjoy 25% off.' },
				buttons: [
					{ type: 'COPY_CODE', example: '25OFF' },
					{ type: 'FLOW', text: 'Sign up', flowId: '400000000000005', flowAction: 'navigate', navigateScreen: 'WELCOME' },
				],
			},
			'positional',
		);
		expect(components[1].buttons).toEqual([
			{ type: 'COPY_CODE', example: '25OFF' },
			{ type: 'FLOW', text: 'Sign up', flow_id: '400000000000005', flow_action: 'navigate', navigate_screen: 'WELCOME' },
		]);
	});
});

describe('buildUpdateTemplateBody', () => {
	it('sends a new category, new components, or both', () => {
		expect(buildUpdateTemplateBody({ category: 'utility' })).toEqual({ category: 'UTILITY' });
		expect(buildUpdateTemplateBody({ components: [body('Hello {{1}}, welcome.', ['Pablo'])] })).toEqual({
			components: [body('Hello {{1}}, welcome.', ['Pablo'])],
		});
	});

	it('refuses an empty edit', () => {
		const error = errorOf(() => buildUpdateTemplateBody({}));
		expect([error.field, error.message]).toEqual(['Update Fields', 'Nothing to update: give new components and/or a category']);
	});

	it('infers the parameter format of an edit from its variables', () => {
		expect(inferParameterFormat([body('Hi {{first_name}}, welcome.')])).toBe('named');
		expect(inferParameterFormat([body('Hi {{1}}, welcome.')])).toBe('positional');
		expect(() =>
			buildUpdateTemplateBody({
				components: [{ type: 'BODY', text: 'Hi {{first_name}}, welcome.', example: { body_text_named_params: [{ param_name: 'first_name', example: 'Pablo' }] } }],
			}),
		).not.toThrow();
	});
});
