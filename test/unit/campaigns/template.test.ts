import { buildCampaignTemplate, type Problem } from '../../../whatsapp/campaigns/template';

const build = (input: Parameters<typeof buildCampaignTemplate>[0]) => {
	const problems: Problem[] = [];
	const content = buildCampaignTemplate(input, problems);
	return { content, problems };
};

describe('campaign template builder', () => {
	it('builds Meta’s template shape (§2.7) with header, positional body and buttons', () => {
		const { content, problems } = build({
			name: 'order_update',
			language: 'en_US',
			header: { type: 'image', value: 'https://example.com/a.png' },
			bodyParameters: [{ value: 'Pablo' }, { value: 42 }],
			buttons: [
				{ type: 'quick_reply', index: 0, value: 'STOP_PROMOS' },
				{ type: 'url', index: 1, value: 'summer2023' },
			],
		});
		expect(problems).toEqual([]);
		expect(content).toEqual({
			type: 'template',
			template: {
				name: 'order_update',
				language: { code: 'en_US' },
				components: [
					{ type: 'header', parameters: [{ type: 'image', image: { link: 'https://example.com/a.png' } }] },
					{ type: 'body', parameters: [{ type: 'text', text: 'Pablo' }, { type: 'text', text: '42' }] },
					{ type: 'button', sub_type: 'quick_reply', index: '0', parameters: [{ type: 'payload', payload: 'STOP_PROMOS' }] },
					{ type: 'button', sub_type: 'url', index: '1', parameters: [{ type: 'text', text: 'summer2023' }] },
				],
			},
		});
	});

	it('builds named parameters, media by ID and a document filename, and a coupon code', () => {
		const { content } = build({
			name: 'promo',
			language: 'es',
			header: { type: 'document', value: '300000000000003', filename: 'menu.pdf' },
			bodyParameters: [{ name: 'first_name', value: 'Ana' }],
			buttons: [{ type: 'copy_code', index: 0, value: '25OFF' }],
		});
		expect((content as unknown as { template: { components: unknown[] } }).template.components).toEqual([
			{ type: 'header', parameters: [{ type: 'document', document: { id: '300000000000003', filename: 'menu.pdf' } }] },
			{ type: 'body', parameters: [{ type: 'text', parameter_name: 'first_name', text: 'Ana' }] },
			{ type: 'button', sub_type: 'copy_code', index: '0', parameters: [{ type: 'coupon_code', coupon_code: '25OFF' }] },
		]);
	});

	it('omits components for a template without variables', () => {
		expect(build({ name: 'hello_world', language: 'en_US' }).content).toEqual({ type: 'template', template: { name: 'hello_world', language: { code: 'en_US' } } });
	});

	it('sends Components (JSON) as given', () => {
		const components = [{ type: 'carousel', cards: [] }];
		expect(build({ name: 'c', language: 'en', componentsJson: JSON.stringify(components) }).content).toEqual({
			type: 'template',
			template: { name: 'c', language: { code: 'en' }, components },
		});
	});

	it('lists every problem at once, each naming the field, the rule and the actual value', () => {
		const { content, problems } = build({
			name: 'Order Update',
			language: 'english',
			header: { type: 'text', value: 'x'.repeat(61) },
			bodyParameters: [{ value: '' }, { value: 'a\nb' }, { value: 'a     b' }, { value: 'tab\there' }],
			buttons: [{ type: 'copy_code', index: 0, value: 'C'.repeat(21) }, { type: 'url', index: 12, value: 'x' }],
		});
		expect(content).toBeUndefined();
		expect(problems).toEqual([
			{ field: 'Template Name', message: 'Template Name "Order Update" may only contain lowercase letters, digits and underscores' },
			{ field: 'Template Language', message: 'Template Language "english" is not a language code such as en or en_US' },
			{ field: 'Header Text', message: 'Header Text is 61 characters long; WhatsApp allows at most 60' },
			{ field: 'Body Parameter 1', message: 'Body Parameter 1 is empty; Meta rejects empty template parameters' },
			{ field: 'Body Parameter 2', message: 'Body Parameter 2 contains a line break; template parameters may not contain newlines (Meta error 132007)' },
			{ field: 'Body Parameter 3', message: 'Body Parameter 3 has more than 4 spaces in a row; Meta allows at most 4 (error 132007)' },
			{ field: 'Body Parameter 4', message: 'Body Parameter 4 contains a tab; template parameters may not contain tabs (Meta error 132007)' },
			{ field: 'Button Parameter 1', message: 'Button Parameter 1 is 21 characters long; WhatsApp allows at most 20' },
			{ field: 'Button Parameter 2', message: 'Button Parameter 2 index is 12; a template has buttons 0 to 9' },
		]);
	});

	it('limits a body parameter to 1024 characters, or 32768 when the template has only a body', () => {
		const long = 'x'.repeat(1025);
		expect(build({ name: 'a', language: 'en', bodyParameters: [{ value: long }] }).problems).toEqual([]);
		expect(build({ name: 'a', language: 'en', bodyParameters: [{ value: 'y'.repeat(32769) }] }).problems[0].message).toBe(
			'Body Parameter 1 is 32769 characters long; WhatsApp allows at most 32768',
		);
		expect(build({ name: 'a', language: 'en', header: { type: 'text', value: 'h' }, bodyParameters: [{ value: long }] }).problems[0].message).toBe(
			'Body Parameter 1 is 1025 characters long; WhatsApp allows at most 1024',
		);
	});

	it('refuses mixed named and numbered parameters, bad media and bad JSON', () => {
		expect(build({ name: 'a', language: 'en', bodyParameters: [{ name: 'x', value: '1' }, { value: '2' }] }).problems[0].field).toBe('Body Parameters');
		expect(build({ name: 'a', language: 'en', header: { type: 'video', value: 'not a link' } }).problems).toEqual([
			{ field: 'Header Video', message: 'Header Video "not a link" is neither a media ID (digits) nor an http(s) link' },
		]);
		expect(build({ name: 'a', language: 'en', componentsJson: '{"type":' }).problems[0].field).toBe('Components (JSON)');
		expect(build({ name: 'a', language: 'en', componentsJson: '[{"parameters":[]}]' }).problems[0].message).toBe(
			'Components (JSON) entry 1 needs a "type" (header, body, button …)',
		);
	});

	it('checks the name length limit of 512', () => {
		expect(build({ name: 'a'.repeat(513), language: 'en' }).problems[0].message).toBe('Template Name is 513 characters long; WhatsApp allows at most 512');
	});
});
