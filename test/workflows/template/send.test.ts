/**
 * Template Send run by n8n's engine against the simulator: values from the resource mapper,
 * one definition read per execution, and the errors caught before (or by) Meta.
 */
import type { SimulatorHandle } from '../../../simulator';
import { startSimulator } from '../../../simulator';
import { CUSTOMER, mapperValue, messageRequests, runTemplateNode, templateId, templateReads } from './helpers';

describe('Template: Send (engine + simulator)', () => {
	let sim: SimulatorHandle;

	beforeAll(async () => {
		sim = await startSimulator({ port: 0, statuses: false });
	});
	afterAll(async () => {
		await sim.stop();
	});
	beforeEach(() => sim.reset());

	const send = (template: object, values: object, extra: object = {}, name = 'seasonal_promotion') => ({
		operation: 'send',
		recipient: '={{ $json.phone }}',
		template,
		templateParameters: mapperValue(sim, name, values as never),
		...extra,
	});

	it('sends the resource mapper values as Meta’s components, reading the template once for all items', async () => {
		const template = { __rl: true, mode: 'list', value: templateId(sim, 'seasonal_promotion'), cachedResultName: 'seasonal_promotion (en_US, MARKETING)' };
		const { result, items } = await runTemplateNode(
			sim,
			send(template, {
				'header.image': 'https://example.com/summer.jpg',
				'body.1': '={{ $json.until }}',
				'body.2': '25OFF',
				'body.3': '={{ $json.discount }}',
				'button.0.payload': '',
				'button.1.url': '={{ $json.promo }}',
			}),
			{
				input: [
					{ json: { phone: CUSTOMER, until: 'the end of August', discount: '25%', promo: 'summer2023' } },
					{ json: { phone: '+15557654321', until: 'Sunday', discount: '10%', promo: 'weekend' } },
				],
			},
		);
		expect(result.error).toBeUndefined();
		const sends = messageRequests(sim);
		expect(sends).toHaveLength(2);
		expect(sends[0].body).toEqual({
			messaging_product: 'whatsapp',
			recipient_type: 'individual',
			to: '+15551234567',
			type: 'template',
			template: {
				name: 'seasonal_promotion',
				language: { code: 'en_US' },
				components: [
					{ type: 'header', parameters: [{ type: 'image', image: { link: 'https://example.com/summer.jpg' } }] },
					{ type: 'body', parameters: [{ type: 'text', text: 'the end of August' }, { type: 'text', text: '25OFF' }, { type: 'text', text: '25%' }] },
					{ type: 'button', sub_type: 'quick_reply', index: '0', parameters: [{ type: 'payload', payload: 'Stop promotions' }] },
					{ type: 'button', sub_type: 'url', index: '1', parameters: [{ type: 'text', text: 'summer2023' }] },
				],
			},
		});
		expect((sends[1].body as { template: { components: Array<{ parameters: unknown[] }> } }).template.components[3].parameters).toEqual([
			{ type: 'text', text: 'weekend' },
		]);
		expect(items.map((item) => item.json.status)).toEqual(['accepted', 'accepted']);
		expect(items[0].json.messageId).toMatch(/^wamid\./);
		expect(sim.acceptedMessages.map((message) => message.templateName)).toEqual(['seasonal_promotion', 'seasonal_promotion']);
		// Meta rate-limits management reads per app and hour: one read for the whole run.
		expect(templateReads(sim)).toHaveLength(1);
	});

	it('sends a template given by name and language, reading its translations once', async () => {
		const { result, items } = await runTemplateNode(
			sim,
			{
				...send({ __rl: true, mode: 'name', value: 'order_confirmation' }, { 'body.1': '={{ $json.name }}', 'body.2': '={{ $json.order }}' }, {}, 'order_confirmation'),
				language: 'es_MX',
			},
			{ input: [1, 2, 3].map((n) => ({ json: { phone: CUSTOMER, name: `Cliente ${n}`, order: `A-${n}` } })) },
		);
		expect(result.error).toBeUndefined();
		expect(items).toHaveLength(3);
		const template = (messageRequests(sim)[2].body as { template: unknown }).template;
		expect(template).toEqual({
			name: 'order_confirmation',
			language: { code: 'es_MX' },
			components: [{ type: 'body', parameters: [{ type: 'text', text: 'Cliente 3' }, { type: 'text', text: 'A-3' }] }],
		});
		expect(templateReads(sim)).toHaveLength(1);
	});

	it('sends named parameters and authentication codes', async () => {
		const named = await runTemplateNode(
			sim,
			send(
				{ __rl: true, mode: 'id', value: templateId(sim, 'order_shipped_named') },
				{ 'body.first_name': 'Pablo', 'body.order_number': '860198-230332', 'body.delivery_date': 'June 3' },
				{},
				'order_shipped_named',
			),
			{ input: [{ json: { phone: CUSTOMER } }] },
		);
		expect(named.result.error).toBeUndefined();
		const otp = await runTemplateNode(
			sim,
			send({ __rl: true, mode: 'id', value: templateId(sim, 'verification_code') }, { 'otp.code': '={{ $json.code }}' }, {}, 'verification_code'),
			{ input: [{ json: { phone: CUSTOMER, code: '482913' } }] },
		);
		expect(otp.result.error).toBeUndefined();
		const [first, second] = messageRequests(sim).map((request) => (request.body as { template: { components: unknown } }).template.components);
		expect(first).toEqual([
			{
				type: 'body',
				parameters: [
					{ type: 'text', parameter_name: 'first_name', text: 'Pablo' },
					{ type: 'text', parameter_name: 'order_number', text: '860198-230332' },
					{ type: 'text', parameter_name: 'delivery_date', text: 'June 3' },
				],
			},
		]);
		expect(second).toEqual([
			{ type: 'body', parameters: [{ type: 'text', text: '482913' }] },
			{ type: 'button', sub_type: 'url', index: '0', parameters: [{ type: 'text', text: '482913' }] },
		]);
	});

	it('catches a parameter count that no longer matches the template before anything is sent', async () => {
		const parameters = send({ __rl: true, mode: 'list', value: templateId(sim, 'order_confirmation') }, { 'body.1': 'Pablo' }, {}, 'order_confirmation');
		// The fields were mapped when the template had one variable; it has two now.
		const mapper = parameters.templateParameters as { schema: Array<{ id: string }> };
		mapper.schema = mapper.schema.filter((field) => field.id !== 'body.2');
		const { result } = await runTemplateNode(sim, parameters, { input: [{ json: { phone: CUSTOMER } }] });
		expect(result.error?.message).toBe('Body {{2}} is required: template "order_confirmation" (en_US) needs 2 required parameters and 1 was given');
		expect((result.error as { description?: string }).description).toBe('Fix "Body {{2}}" and run again. Nothing was sent to WhatsApp.');
		expect(messageRequests(sim)).toHaveLength(0);
	});

	it('keeps the other items going under Continue On Fail, with the field of the bad one', async () => {
		const parameters = send(
			{ __rl: true, mode: 'list', value: templateId(sim, 'order_confirmation') },
			{ 'body.1': 'Pablo', 'body.2': '={{ $json.order }}' },
			{},
			'order_confirmation',
		);
		const { result, items } = await runTemplateNode(sim, parameters, {
			continueOnFail: true,
			input: [{ json: { phone: CUSTOMER, order: 'A-1' } }, { json: { phone: CUSTOMER, order: '' } }, { json: { phone: CUSTOMER, order: 'A-3' } }],
		});
		expect(result.error).toBeUndefined();
		expect(items[0].json.messageId).toMatch(/^wamid\./);
		expect(items[1].json).toEqual({
			error: 'Body {{2}} is required: template "order_confirmation" (en_US) needs 2 required parameters and 1 was given',
			field: 'Body {{2}}',
			category: 'validation',
		});
		expect(items[2].json.messageId).toMatch(/^wamid\./);
		expect(messageRequests(sim)).toHaveLength(2);
	});

	it('passes Meta’s 132001 through when another language of the picked template does not exist', async () => {
		const parameters = send(
			{ __rl: true, mode: 'list', value: templateId(sim, 'order_confirmation') },
			{ 'body.1': 'Pablo', 'body.2': 'A-1' },
			{ language: 'de' },
			'order_confirmation',
		);
		const { items } = await runTemplateNode(sim, parameters, { continueOnFail: true, input: [{ json: { phone: CUSTOMER } }] });
		expect(items[0].json).toMatchObject({ code: 132001, category: 'template' });
		expect(items[0].json.hint).toContain('does not exist in this language');
		expect(messageRequests(sim)).toHaveLength(1);

		const failed = await runTemplateNode(sim, parameters, { input: [{ json: { phone: CUSTOMER } }] });
		expect(failed.result.error?.message).toContain('132001');
	});

	it('uses the other language’s own definition when it exists', async () => {
		const parameters = send(
			{ __rl: true, mode: 'list', value: templateId(sim, 'order_confirmation') },
			{ 'body.1': 'Pablo', 'body.2': 'A-1' },
			{ language: 'es_MX' },
			'order_confirmation',
		);
		const { result } = await runTemplateNode(sim, parameters, { input: [{ json: { phone: CUSTOMER } }] });
		expect(result.error).toBeUndefined();
		expect((messageRequests(sim)[0].body as { template: { language: unknown } }).template.language).toEqual({ code: 'es_MX' });
	});

	it('says which languages exist when a template given by name lacks the requested one', async () => {
		const parameters = send({ __rl: true, mode: 'name', value: 'order_confirmation' }, { 'body.1': 'Pablo', 'body.2': 'A-1' }, { language: 'de' }, 'order_confirmation');
		const { result } = await runTemplateNode(sim, parameters, { input: [{ json: { phone: CUSTOMER } }] });
		expect(result.error?.message).toBe('Template "order_confirmation" has no de version; it exists in en_US, es_MX');
		expect(messageRequests(sim)).toHaveLength(0);
	});

	it('refuses a paused template before sending', async () => {
		const parameters = send({ __rl: true, mode: 'id', value: templateId(sim, 'old_newsletter') }, { 'body.1': 'Pablo' }, {}, 'old_newsletter');
		const { result } = await runTemplateNode(sim, parameters, { input: [{ json: { phone: CUSTOMER } }] });
		expect(result.error?.message).toBe(
			'template "old_newsletter" (en_US) is PAUSED; only approved templates can be sent. Pick an approved template or wait for its review',
		);
		expect(messageRequests(sim)).toHaveLength(0);
	});

	it('refuses a value for a variable the template does not have', async () => {
		const parameters = send({ __rl: true, mode: 'id', value: templateId(sim, 'hello_world') }, { 'body.1': 'surplus' }, {}, 'hello_world');
		const { result } = await runTemplateNode(sim, parameters, { input: [{ json: { phone: CUSTOMER } }] });
		expect(result.error?.message).toBe('"body.1" is not a parameter of template "hello_world" (en_US). It has no parameters');
	});
});
