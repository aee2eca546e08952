/**
 * The one template builder both sends use (Template → Send, Campaign → Send): TemplateBuilder keeps
 * a template's fields for many messages and builds exactly what buildTemplateMessage builds; labels
 * rename fields in errors; components JSON is the escape hatch, checked for shape and sent as given.
 */
import { SEED_TEMPLATES, seedTemplates, validateTemplateSend } from '../../../simulator/templates';
import type { TemplateValues } from '../../../whatsapp/templates';
import { buildTemplateMessage, hasComponentsJson, parameterFieldsFor, parseComponentsJson, TemplateBuilder } from '../../../whatsapp/templates';
import { WhatsAppValidationError } from '../../../whatsapp/validation';
import { SEED_NAMES, seed } from './seeds';

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

/** A value for every required field, of the form the field wants. */
function sampleValues(name: string, language: string, salt: string): TemplateValues {
	const values: TemplateValues = {};
	for (const field of parameterFieldsFor(seed(name, language))) {
		if (!field.required) continue;
		if (field.type === 'number') values[field.id] = '10';
		else if (/\.(image|document|video)$/.test(field.id)) values[field.id] = `https://example.com/${salt}`;
		else if (field.id === 'limited_time_offer.expiration_time_ms') values[field.id] = 1798761540000;
		else if (field.id.endsWith('.sections')) values[field.id] = field.example;
		else values[field.id] = `${salt}${(field.example ?? 'x').slice(0, 8)}`.replace(/\s/g, '');
	}
	return values;
}

describe('TemplateBuilder: one template, many messages', () => {
	const approved = SEED_TEMPLATES.filter((template) => template.status === 'APPROVED');

	it.each(approved.map((template) => [template.name, template.language]))('%s (%s): the same message as buildTemplateMessage, accepted by the simulator’s rules', (name, language) => {
		const builder = new TemplateBuilder(seed(name, language));
		expect(builder.fields).toEqual(parameterFieldsFor(seed(name, language)));
		const stored = seedTemplates(0);
		for (const salt of ['a', 'b']) {
			const values = sampleValues(name, language, salt);
			const message = builder.message(values);
			expect(message).toEqual(buildTemplateMessage(seed(name, language), values));
			expect(() => validateTemplateSend(message.template, stored, () => true)).not.toThrow();
		}
	});

	it('keeps the fields it generated: a definition changed afterwards does not change them', () => {
		const definition = seed('order_confirmation');
		const builder = new TemplateBuilder(definition);
		definition.components[0].text = 'Hi {{1}}';
		expect(builder.fields.map((field) => field.id)).toEqual(['body.1', 'body.2']);
	});

	it('names fields in errors as the caller’s labels say, else as the generated fields do', () => {
		const builder = new TemplateBuilder(seed('order_confirmation'));
		expect(errorOf(() => builder.message({ 'body.1': 'Ana' }))).toMatchObject({ field: 'Body {{2}}' });
		const renamed = errorOf(() => builder.message({ 'body.1': 'Ana' }, { labels: { 'body.2': 'Order Number' } }));
		expect(renamed).toMatchObject({ field: 'Order Number', message: 'Order Number is required: template "order_confirmation" (en_US) needs 2 required parameters and 1 was given' });
		expect(errorOf(() => builder.message({ 'body.1': 'Ana', 'body.2': 'a\tb' }, { labels: { 'body.2': 'Order Number' } }))).toMatchObject({
			field: 'Order Number',
			message: 'Order Number contains a new line or tab; WhatsApp does not allow them in template parameters',
		});
	});

	it('sends components JSON as given, from text or an array, instead of the values', () => {
		const builder = new TemplateBuilder(seed('summer_carousel'));
		const components = [{ type: 'body', parameters: [{ type: 'text', text: 'Ana' }] }];
		const fromText = builder.message({ 'body.1': 'ignored' }, { componentsJson: JSON.stringify(components) });
		expect(fromText).toEqual({ type: 'template', template: { name: 'summer_carousel', language: { code: 'en_US' }, components } });
		expect(builder.message({}, { componentsJson: components, language: 'en' })).toEqual({ type: 'template', template: { name: 'summer_carousel', language: { code: 'en' }, components } });
		// An explicit empty array sends the template without components.
		expect(new TemplateBuilder(seed('hello_world')).message({}, { componentsJson: '[]' })).toEqual({ type: 'template', template: { name: 'hello_world', language: { code: 'en_US' } } });
	});

	it('checks the JSON’s shape, and the status and language even with JSON', () => {
		expect(errorOf(() => parseComponentsJson('[{"type":"body"'))).toMatchObject({ field: 'Components (JSON)', message: expect.stringMatching(/^Components \(JSON\) is not valid JSON: /) });
		expect(errorOf(() => parseComponentsJson('{"type":"body"}')).message).toBe(
			'Components (JSON) must be an array of components, such as [{"type":"body","parameters":[{"type":"text","text":"Pablo"}]}]',
		);
		expect(errorOf(() => parseComponentsJson([{ type: 'body' }, { parameters: [] }])).message).toBe('Components (JSON) entry 2 needs a "type" (header, body, button …)');
		expect(errorOf(() => parseComponentsJson(['body'])).message).toBe('Components (JSON) entry 1 needs a "type" (header, body, button …)');
		const paused = new TemplateBuilder(seed('old_newsletter'));
		expect(errorOf(() => paused.message({}, { componentsJson: '[]' })).message).toMatch(/is PAUSED; only approved templates can be sent/);
		expect(errorOf(() => new TemplateBuilder(seed('hello_world')).message({}, { componentsJson: '[]', language: 'english' })).field).toBe('Language');
	});

	it('tells a given JSON from the empty placeholder', () => {
		for (const empty of [undefined, null, '', ' ', '[]', '[ ]', '\n[]\n', []]) expect(hasComponentsJson(empty)).toBe(false);
		for (const given of ['[{"type":"body"}]', [{ type: 'body' }], '{}', 'not json']) expect(hasComponentsJson(given)).toBe(true);
	});
});

describe('seeded names used here exist', () => {
	it('has the templates these tests name', () => {
		expect(SEED_NAMES).toEqual(expect.arrayContaining(['order_confirmation', 'summer_carousel', 'hello_world', 'old_newsletter']));
	});
});
