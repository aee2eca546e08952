/**
 * Campaign → Send version 1's template fields read by the thin adapter into the one template
 * builder (whatsapp/templates): the same components as Template → Send's generated fields, and
 * errors that name version 1's fields and say what the template has.
 */
import type { LegacyTemplateFields, Problem } from '../../../whatsapp/campaigns/template';
import { buildCampaignTemplate, legacyTemplateValues } from '../../../whatsapp/campaigns/template';
import type { TemplateValues } from '../../../whatsapp/templates';
import { buildTemplateMessage, TemplateBuilder } from '../../../whatsapp/templates';
import { WhatsAppValidationError } from '../../../whatsapp/validation';
import { seed } from '../templates/seeds';

/** Version 1's fields through the adapter, as Campaign → Send builds them. */
function legacy(name: string, fields: LegacyTemplateFields) {
	const builder = new TemplateBuilder(seed(name));
	const { values, labels } = legacyTemplateValues(builder.definition, builder.fields, fields);
	return builder.message(values, { labels });
}

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

describe('campaign template: version 1 fields through the shared builder', () => {
	const cases: Array<{ name: string; fields: LegacyTemplateFields; values: TemplateValues }> = [
		{
			name: 'seasonal_promotion',
			fields: {
				header: { type: 'image', value: 'https://example.com/a.png' },
				bodyParameters: [{ value: 'Sunday' }, { value: '25OFF' }, { value: 42 }],
				buttons: [
					{ type: 'quick_reply', index: 0, value: 'STOP_PROMOS' },
					{ type: 'url', index: 1, value: 'summer2023' },
				],
			},
			values: { 'header.image': 'https://example.com/a.png', 'body.1': 'Sunday', 'body.2': '25OFF', 'body.3': 42, 'button.0.payload': 'STOP_PROMOS', 'button.1.url': 'summer2023' },
		},
		{
			name: 'order_shipped_named',
			fields: { bodyParameters: [{ name: 'order_number', value: 'A-1' }, { name: 'first_name', value: 'Ana' }, { name: 'delivery_date', value: 'Friday' }] },
			values: { 'body.first_name': 'Ana', 'body.order_number': 'A-1', 'body.delivery_date': 'Friday' },
		},
		{
			name: 'invoice_document',
			fields: { header: { type: 'document', value: '1234567890', filename: 'invoice.pdf' }, bodyParameters: [{ value: 'INV-7' }, { value: '$20' }] },
			values: { 'header.document': '1234567890', 'header.document.filename': 'invoice.pdf', 'body.1': 'INV-7', 'body.2': '$20' },
		},
		{
			name: 'appointment_reminder',
			fields: { header: { type: 'text', value: 'June 3' }, bodyParameters: [{ value: 'Ana' }, { value: '10:00' }] },
			values: { 'header.1': 'June 3', 'body.1': 'Ana', 'body.2': '10:00' },
		},
		{
			name: 'coupon_code_offer',
			fields: { bodyParameters: [{ value: 'Ana' }], buttons: [{ type: 'copy_code', index: 0, value: '25OFF' }] },
			values: { 'body.1': 'Ana', 'button.0.coupon_code': '25OFF' },
		},
	];

	it.each(cases)('$name: the same message as the generated fields with the same values', ({ name, fields, values }) => {
		const fromLegacy = legacy(name, fields);
		expect(fromLegacy).toEqual(buildTemplateMessage(seed(name), values));
		expect((fromLegacy.template as { components?: unknown[] }).components?.length).toBeGreaterThan(0);
	});

	it('names version 1 fields in errors and says what the template has', () => {
		expect(errorOf(() => legacy('order_confirmation', { bodyParameters: [{ value: 'Ana' }, { value: '' }] })).message).toBe(
			'Body Parameter 2 is required: template "order_confirmation" (en_US) needs 2 required parameters and 1 was given',
		);
		expect(errorOf(() => legacy('order_confirmation', { bodyParameters: [{ value: 'Ana' }, { value: 'line\nbreak' }] }))).toMatchObject({
			field: 'Body Parameter 2',
			message: 'Body Parameter 2 contains a new line or tab; WhatsApp does not allow them in template parameters',
		});
		expect(errorOf(() => legacy('order_confirmation', { bodyParameters: [{ value: 'a' }, { value: 'b' }, { value: 'c' }] })).message).toBe(
			'3 Body Parameters are given, but the body of template "order_confirmation" (en_US) has 2 variables',
		);
		expect(errorOf(() => legacy('order_shipped_named', { bodyParameters: [{ name: 'name', value: 'Ana' }] })).message).toBe(
			'Body Parameter 1 is named "name", but the body of template "order_shipped_named" (en_US) has the variables {{first_name}}, {{order_number}}, {{delivery_date}}',
		);
		expect(errorOf(() => legacy('order_confirmation', { header: { type: 'image', value: 'https://example.com/a.png' } })).message).toBe(
			'Header is "Image", but the header of template "order_confirmation" (en_US) does not exist; set Header to match the template',
		);
		expect(errorOf(() => legacy('hello_world', { header: { type: 'text', value: 'x' } })).message).toBe(
			'Header is "Text Variable", but the header of template "hello_world" (en_US) has no variable; set Header to match the template',
		);
		expect(errorOf(() => legacy('seasonal_promotion', { header: { type: 'image', value: 'not a link' }, bodyParameters: [{ value: 'a' }, { value: 'b' }, { value: 'c' }], buttons: [{ type: 'url', index: 1, value: 'x' }] })).field).toBe('Header Image');
		expect(errorOf(() => legacy('coupon_code_offer', { bodyParameters: [{ value: 'Ana' }], buttons: [{ type: 'url', index: 0, value: 'x' }] })).message).toBe(
			'Button Parameter 1: button index 0 of template "coupon_code_offer" (en_US) is a copy_code button ("Copy offer code") that takes no URL value',
		);
		expect(errorOf(() => legacy('order_confirmation', { bodyParameters: [{ value: 'a' }, { value: 'b' }], buttons: [{ type: 'url', index: 3, value: 'x' }] })).message).toBe(
			'Button Parameter 1: button index 3 of template "order_confirmation" (en_US) does not exist (it has 0 buttons, counted from 0)',
		);
	});

	it('records a template that cannot be built as the recipient’s problem', () => {
		const problems: Problem[] = [];
		expect(buildCampaignTemplate(undefined, problems)).toBeUndefined();
		expect(buildCampaignTemplate(() => legacy('order_confirmation', { bodyParameters: [{ value: 'Ana' }] }), problems)).toBeUndefined();
		expect(problems).toEqual([
			{ field: 'Template', message: 'Template is required: pick the approved template to send' },
			{ field: 'Body Parameter 2', message: 'Body Parameter 2 is required: template "order_confirmation" (en_US) needs 2 required parameters and 1 was given' },
		]);
		const built = buildCampaignTemplate(() => legacy('order_confirmation', { bodyParameters: [{ value: 'Ana' }, { value: 'A-1' }] }), problems);
		expect(built).toMatchObject({ type: 'template', template: { name: 'order_confirmation' } });
		expect(problems).toHaveLength(2);
	});
});
