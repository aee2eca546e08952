import { parameterFieldsFor } from '../../../whatsapp/templates';
import { seed } from './seeds';

const ids = (name: string) => parameterFieldsFor(seed(name)).map((field) => field.id);

describe('parameterFieldsFor', () => {
	it('gives a template without variables no fields', () => {
		expect(parameterFieldsFor(seed('hello_world'))).toEqual([]);
	});

	it('makes one required field per positional body variable, with Meta’s example as a hint', () => {
		expect(parameterFieldsFor(seed('order_confirmation'))).toEqual([
			expect.objectContaining({ id: 'body.1', label: 'Body {{1}}', displayName: 'Body {{1}} (e.g. Pablo)', type: 'string', required: true, example: 'Pablo', maxLength: 1024 }),
			expect.objectContaining({ id: 'body.2', label: 'Body {{2}}', displayName: 'Body {{2}} (e.g. 860198-230332)', required: true, example: '860198-230332' }),
		]);
	});

	it('names fields after named parameters; a body-only template allows 32 768 characters', () => {
		const fields = parameterFieldsFor(seed('order_shipped_named'));
		expect(fields.map((field) => field.id)).toEqual(['body.first_name', 'body.order_number', 'body.delivery_date']);
		expect(fields[0]).toMatchObject({ label: 'Body {{first_name}}', example: 'Pablo', maxLength: 32768 });
	});

	it('orders header, body and buttons; quick replies are optional and default to the button text', () => {
		const fields = parameterFieldsFor(seed('appointment_reminder'));
		expect(fields.map((field) => field.id)).toEqual(['header.1', 'body.1', 'body.2', 'button.0.payload', 'button.1.payload']);
		expect(fields[0]).toMatchObject({ label: 'Header {{1}}', example: 'June 3', maxLength: 60, required: true });
		expect(fields[3]).toMatchObject({ label: 'Button 1 (Confirm) Payload', required: false, defaultValue: 'Confirm' });
		expect(fields[4]).toMatchObject({ required: false, defaultValue: 'Reschedule' });
	});

	it('asks for a document header by ID or link, with an optional file name', () => {
		expect(ids('invoice_document')).toEqual(['header.document', 'header.document.filename', 'body.1', 'body.2']);
		const [media, filename] = parameterFieldsFor(seed('invoice_document'));
		expect(media).toMatchObject({ label: 'Header Document', required: true });
		expect(filename).toMatchObject({ required: false });
	});

	it('asks for a location header as latitude, longitude, name and address', () => {
		const fields = parameterFieldsFor(seed('pickup_location'));
		expect(fields.map((field) => [field.id, field.type, field.required])).toEqual([
			['header.location.latitude', 'number', true],
			['header.location.longitude', 'number', true],
			['header.location.name', 'string', false],
			['header.location.address', 'string', false],
			['body.1', 'string', true],
		]);
	});

	it('asks for image header, body, quick reply and the URL suffix, but nothing for the phone button', () => {
		const fields = parameterFieldsFor(seed('seasonal_promotion'));
		expect(fields.map((field) => field.id)).toEqual(['header.image', 'body.1', 'body.2', 'body.3', 'button.0.payload', 'button.1.url']);
		// Meta stores the whole URL as the example; the field wants only the suffix.
		expect(fields[5]).toMatchObject({ label: 'Button 2 (Shop Now) URL Suffix', example: 'summer2023', required: true });
	});

	it('asks for the coupon of a copy-code button, not for a static URL button', () => {
		const fields = parameterFieldsFor(seed('coupon_code_offer'));
		expect(fields.map((field) => field.id)).toEqual(['body.1', 'button.0.coupon_code']);
		expect(fields[1]).toMatchObject({ label: 'Button 1 (Copy offer code) Coupon Code', example: '25OFF', maxLength: 20, required: true });
	});

	it('offers an optional flow token and action data for a flow button', () => {
		expect(parameterFieldsFor(seed('flow_signup')).map((field) => [field.id, field.required])).toEqual([
			['button.0.flow_token', false],
			['button.0.flow_action_data', false],
		]);
	});

	it('offers an optional thumbnail SKU for a catalog button', () => {
		expect(parameterFieldsFor(seed('catalog_promo')).map((field) => [field.id, field.required])).toEqual([
			['body.1', true],
			['button.0.thumbnail_product_retailer_id', false],
		]);
	});

	it('gives every carousel card its header, body and buttons, indexed like Meta’s card_index', () => {
		expect(ids('summer_carousel')).toEqual([
			'body.1',
			'card.0.header.image',
			'card.0.body.1',
			'card.0.body.2',
			'card.0.button.0.payload',
			'card.0.button.1.url',
			'card.1.header.image',
			'card.1.body.1',
			'card.1.body.2',
			'card.1.button.0.payload',
			'card.1.button.1.url',
		]);
		const cardBody = parameterFieldsFor(seed('summer_carousel')).find((field) => field.id === 'card.1.body.2');
		expect(cardBody).toMatchObject({ label: 'Card 2 Body {{2}}', example: 'SUMMER15', maxLength: 160 });
	});

	it('requires the expiration of a limited-time offer that has one', () => {
		const fields = parameterFieldsFor(seed('limited_offer'));
		expect(fields.map((field) => field.id)).toEqual([
			'header.image',
			'body.1',
			'body.2',
			'limited_time_offer.expiration_time_ms',
			'button.0.coupon_code',
			'button.1.url',
		]);
		expect(fields[3]).toMatchObject({ label: 'Offer Expiration', required: true });
	});

	it('makes the expiration optional when the offer has none', () => {
		const definition = seed('limited_offer');
		definition.components[1].limited_time_offer = { text: 'Offer!', has_expiration: false };
		expect(parameterFieldsFor(definition).find((field) => field.id === 'limited_time_offer.expiration_time_ms')?.required).toBe(false);
	});

	it('asks an authentication template for the code once', () => {
		expect(parameterFieldsFor(seed('verification_code'))).toEqual([
			expect.objectContaining({ id: 'otp.code', label: 'Verification Code', required: true, maxLength: 15, example: '123456' }),
		]);
	});

	it('asks a multi-product button for the thumbnail and sections, and a product header for SKU and catalog', () => {
		const fields = parameterFieldsFor({
			name: 'mpm_promo',
			language: 'en_US',
			category: 'MARKETING',
			components: [
				{ type: 'HEADER', format: 'PRODUCT' },
				{ type: 'BODY', text: 'Our picks for you.' },
				{ type: 'BUTTONS', buttons: [{ type: 'MPM', text: 'View items' }] },
			],
		});
		expect(fields.map((field) => [field.id, field.required])).toEqual([
			['header.product_retailer_id', true],
			['header.catalog_id', true],
			['button.0.thumbnail_product_retailer_id', true],
			['button.0.sections', true],
		]);
	});

	it('reads lower-case component types as well as Graph’s upper case', () => {
		const fields = parameterFieldsFor({
			name: 'lower',
			language: 'en',
			components: [{ type: 'body', text: 'Hi {{1}}, welcome.' }],
		});
		expect(fields.map((field) => field.id)).toEqual(['body.1']);
	});
});
