/**
 * One template builder: Campaign → Send (version 1.1) takes Template → Send's fields generated from
 * the template's definition, and both send the same Graph payload for the same template and values
 * (the simulator validates every send against the template). Version 1 campaigns keep their own
 * fields, read into the same builder; the components JSON escape hatch works on both sends.
 */
import type { IDataObject, INodeExecutionData, INodeProperties, INodeTypeDescription } from 'n8n-workflow';
import { NodeHelpers } from 'n8n-workflow';

import type { SimulatorHandle } from '../../../simulator';
import { startSimulator } from '../../../simulator';
import { runNodeAgainst, runWorkflow, simulatorCredentials, singleNodeWorkflow } from '../harness';
import { mapperValue, templateId, templateReads } from '../template/helpers';
import { orderConfirmation } from './helpers';

jest.setTimeout(120_000);

const sendsOf = (sim: SimulatorHandle) =>
	sim.requests.filter((request) => request.method === 'POST' && request.path.endsWith('/messages')).map((request) => request.body as IDataObject);

async function runCampaign(sim: SimulatorHandle, parameters: IDataObject, input: INodeExecutionData[], typeVersion = 1.1) {
	const workflow = singleNodeWorkflow(
		{ resource: 'campaign', operation: 'send', recipient: '={{ $json.phone }}', messageKind: 'template', messagesPerSecond: 400, pacing: { pairIntervalSeconds: 0 }, ...parameters },
		{ name: 'Campaign', typeVersion },
	);
	const result = await runWorkflow(workflow, { credentials: { whatsAppBusinessPlatformApi: simulatorCredentials(sim) }, input });
	const items = result.error ? [] : result.output('Campaign');
	return { result, results: items.filter((item) => item.json.summary !== true).map((item) => item.json), summary: items.find((item) => item.json.summary === true)?.json ?? {} };
}

const people: INodeExecutionData[] = [
	{ json: { phone: '+15551234567', name: 'Ana', order: 'A-1', when: 'Sunday', code: '25OFF', slug: 'summer2023', pdf: 'https://example.com/i.pdf' } },
	{ json: { phone: '+15557654321', name: 'Ben', order: 'B-2', when: 'Monday', code: '10OFF', slug: 'weekend', pdf: '1234567890' } },
];

/** Template and values (expressions read per item), one case per shape of the seeded catalogue. */
const cases: Array<{ name: string; values: IDataObject }> = [
	{
		name: 'seasonal_promotion',
		values: { 'header.image': 'https://example.com/summer.jpg', 'body.1': '={{ $json.when }}', 'body.2': '={{ $json.code }}', 'body.3': '25%', 'button.0.payload': '', 'button.1.url': '={{ $json.slug }}' },
	},
	{ name: 'order_shipped_named', values: { 'body.first_name': '={{ $json.name }}', 'body.order_number': '={{ $json.order }}', 'body.delivery_date': '={{ $json.when }}' } },
	{ name: 'invoice_document', values: { 'header.document': '={{ $json.pdf }}', 'header.document.filename': 'invoice.pdf', 'body.1': '={{ $json.order }}', 'body.2': '$20' } },
	{ name: 'appointment_reminder', values: { 'header.1': '={{ $json.when }}', 'body.1': '={{ $json.name }}', 'body.2': '10:00', 'button.0.payload': 'yes', 'button.1.payload': '' } },
	{ name: 'coupon_code_offer', values: { 'body.1': '={{ $json.name }}', 'button.0.coupon_code': '={{ $json.code }}' } },
	{ name: 'verification_code', values: { 'otp.code': '={{ $json.order.replace("-", "") }}' } },
];

describe('Campaign → Send and Template → Send: one template builder (engine + simulator)', () => {
	let sim: SimulatorHandle;

	beforeAll(async () => {
		sim = await startSimulator({ port: 0, messagesPerSecond: 1000, latencyMs: 2, statuses: false });
	});
	afterAll(async () => {
		await sim.stop();
	});
	beforeEach(() => sim.reset());

	it.each(cases)('$name: the same Graph payload from both operations, accepted by the simulator', async ({ name, values }) => {
		const template = { __rl: true, mode: 'list', value: templateId(sim, name), cachedResultName: name };
		const single = await runNodeAgainst(
			sim,
			{ resource: 'template', operation: 'send', recipient: '={{ $json.phone }}', template, templateParameters: mapperValue(sim, name, values) },
			{ input: people },
		);
		expect(single.result.error).toBeUndefined();
		expect(single.items.map((item) => item.json.status)).toEqual(['accepted', 'accepted']);
		const fromTemplateSend = sendsOf(sim);
		expect(templateReads(sim)).toHaveLength(1);

		sim.reset();
		const campaign = await runCampaign(sim, { campaignId: 'same', template, templateParameters: mapperValue(sim, name, values) }, people);
		expect(campaign.result.error).toBeUndefined();
		expect(campaign.results.map((result) => result.status)).toEqual(['sent', 'sent']);
		expect(templateReads(sim)).toHaveLength(1);
		const fromCampaign = sendsOf(sim).sort((a, b) => String(a.to).localeCompare(String(b.to)));

		expect(fromCampaign).toHaveLength(2);
		fromTemplateSend.sort((a, b) => String(a.to).localeCompare(String(b.to)));
		// Identical but for the campaign's callback data.
		expect(fromCampaign.map(({ biz_opaque_callback_data: callback, ...body }) => ({ callback, body }))).toEqual(
			fromTemplateSend.map((body) => ({ callback: `campaign:same:${String(body.to).slice(1)}`, body })),
		);
		expect((fromCampaign[0].template as IDataObject).name).toBe(name);
		expect(sim.acceptedMessages).toHaveLength(2);
	});

	it('a version 1 campaign (Template Name, Body Parameters) sends what version 1.1 sends with the generated fields', async () => {
		const legacy = await runCampaign(sim, { ...orderConfirmation, campaignId: 'v1' }, people, 1);
		expect(legacy.results.map((result) => result.status)).toEqual(['sent', 'sent']);
		const before = sendsOf(sim);
		sim.reset();
		const current = await runCampaign(
			sim,
			{
				campaignId: 'v1',
				template: { __rl: true, mode: 'name', value: 'order_confirmation' },
				language: 'en_US',
				templateParameters: mapperValue(sim, 'order_confirmation', { 'body.1': '={{ $json.name }}', 'body.2': '={{ $json.order }}' }),
			},
			people,
		);
		expect(current.results.map((result) => result.status)).toEqual(['sent', 'sent']);
		const sort = (bodies: IDataObject[]) => bodies.sort((a, b) => String(a.to).localeCompare(String(b.to)));
		expect(sort(sendsOf(sim))).toEqual(sort(before));
		expect(before[0].template).toEqual({
			name: 'order_confirmation',
			language: { code: 'en_US' },
			components: [{ type: 'body', parameters: [{ type: 'text', text: 'Ana' }, { type: 'text', text: 'A-1' }] }],
		});
	});

	it('a version 1 campaign whose fields do not fit the template fails before sending, naming the field', async () => {
		const { result } = await runCampaign(sim, { ...orderConfirmation, headerType: 'image', headerValue: 'https://example.com/a.png' }, people, 1);
		expect(result.error?.message).toBe('2 of 2 recipients have problems; nothing was sent. First: Header is "Image", but the header of template "order_confirmation" (en_US) does not exist; set Header to match the template');
		const missing = await runCampaign(sim, { ...orderConfirmation, templateName: 'no_such_template' }, people, 1);
		expect(missing.result.error?.message).toBe('2 of 2 recipients have problems; nothing was sent. First: No template named "no_such_template" exists in this WhatsApp Business Account');
		expect(sendsOf(sim)).toHaveLength(0);
	});

	it('sends components JSON as given from both operations (the escape hatch)', async () => {
		const components = JSON.stringify([{ type: 'body', parameters: [{ type: 'text', text: 'Ana' }, { type: 'text', text: 'A-1' }] }]);
		const template = { __rl: true, mode: 'name', value: 'order_confirmation' };
		const single = await runNodeAgainst(
			sim,
			{ resource: 'template', operation: 'send', recipient: '={{ $json.phone }}', template, language: 'en_US', templateParameters: { mappingMode: 'defineBelow', value: {} }, sendOptions: { componentsJson: components } },
			{ input: people.slice(0, 1) },
		);
		expect(single.result.error).toBeUndefined();
		const campaign = await runCampaign(sim, { template, language: 'en_US', options: { componentsJson: components } }, people.slice(0, 1));
		expect(campaign.results[0]).toMatchObject({ status: 'sent' });
		const [fromTemplateSend, fromCampaign] = sendsOf(sim);
		expect(fromCampaign.template).toEqual(fromTemplateSend.template);
		expect(fromTemplateSend.template).toEqual({ name: 'order_confirmation', language: { code: 'en_US' }, components: JSON.parse(components) });

		const broken = await runCampaign(sim, { template, language: 'en_US', options: { componentsJson: '[{"parameters":[]}]' } }, people.slice(0, 1));
		expect(broken.result.error?.message).toBe('Components (JSON) entry 1 needs a "type" (header, body, button …)');
	});

	it('validate lists each recipient’s problem with the generated field’s name, reading the template once', async () => {
		const input = Array.from({ length: 40 }, (_, i) => ({ json: { phone: `+1555000${String(i).padStart(4, '0')}`, name: i === 7 ? 'two\nlines' : `N${i}`, order: i === 9 ? '' : `O${i}` } }));
		const { results, summary } = await runCampaign(
			sim,
			{
				operation: 'validate',
				template: { __rl: true, mode: 'id', value: templateId(sim, 'order_confirmation') },
				templateParameters: mapperValue(sim, 'order_confirmation', { 'body.1': '={{ $json.name }}', 'body.2': '={{ $json.order }}' }),
			},
			input,
		);
		expect(sendsOf(sim)).toHaveLength(0);
		expect(templateReads(sim)).toHaveLength(1);
		expect(summary).toMatchObject({ total: 40, toSend: 38, invalid: 2 });
		expect(results[7]).toMatchObject({ valid: false, problems: [{ field: 'Body {{1}}', message: 'Body {{1}} contains a new line or tab; WhatsApp does not allow them in template parameters' }] });
		expect(results[9]).toMatchObject({ valid: false, problems: [{ field: 'Body {{2}}' }] });
		expect(results[0]).toMatchObject({ valid: true, request: { template: { name: 'order_confirmation', components: [{ type: 'body', parameters: [{ type: 'text', text: 'N0' }, { type: 'text', text: 'O0' }] }] } } });
	});

	it('evaluates the language per recipient, reading the translations once', async () => {
		const input = people.map((item, index) => ({ json: { ...item.json, locale: index === 0 ? 'es_MX' : 'en_US' } }));
		const { results } = await runCampaign(
			sim,
			{
				template: { __rl: true, mode: 'name', value: 'order_confirmation' },
				language: '={{ $json.locale }}',
				templateParameters: mapperValue(sim, 'order_confirmation', { 'body.1': '={{ $json.name }}', 'body.2': '={{ $json.order }}' }),
			},
			input,
		);
		expect(results.map((result) => result.status)).toEqual(['sent', 'sent']);
		const languages = new Map(sendsOf(sim).map((body) => [body.to, (body.template as { language: { code: string } }).language.code]));
		expect(Object.fromEntries(languages)).toEqual({ '+15551234567': 'es_MX', '+15557654321': 'en_US' });
		expect(templateReads(sim)).toHaveLength(1);
		expect(sim.acceptedMessages).toHaveLength(2);
	});

	it('text inside the window, the picked fallback template outside it; no template means skip', async () => {
		const input = people.map((item, index) => ({ json: { ...item.json, lastInboundAt: index === 0 ? new Date(Date.now() - 60_000).toISOString() : '' } }));
		const withFallback = await runCampaign(
			sim,
			{
				messageKind: 'textWithFallback',
				text: '=Hi {{ $json.name }}',
				template: { __rl: true, mode: 'name', value: 'order_confirmation' },
				language: 'en_US',
				templateParameters: mapperValue(sim, 'order_confirmation', { 'body.1': '={{ $json.name }}', 'body.2': '={{ $json.order }}' }),
			},
			input,
		);
		expect(withFallback.results.map((result) => [result.status, result.messageType, result.fallbackTemplate])).toEqual([
			['sent', 'text', false],
			['sent', 'template', true],
		]);
		const without = await runCampaign(sim, { messageKind: 'textWithFallback', text: 'Hi' }, input);
		expect(without.results.map((result) => result.status)).toEqual(['sent', 'skipped']);
		expect(without.results[1]).toMatchObject({ reason: 'windowClosed' });
	});
});

describe('Campaign → Send panel: the description’s display rules by version', () => {
	// The built node, as n8n loads it.
	// eslint-disable-next-line @typescript-eslint/no-require-imports
	const { WhatsAppBusinessPlatform } = require('../../../dist/nodes/WhatsAppBusinessPlatform/WhatsAppBusinessPlatform.node.js') as { WhatsAppBusinessPlatform: new () => { description: INodeTypeDescription } };
	const description = new WhatsAppBusinessPlatform().description;

	function shown(typeVersion: number, values: IDataObject): string[] {
		const node = { typeVersion };
		const parameters = NodeHelpers.getNodeParameters(description.properties, values as never, true, false, node as never, description) ?? {};
		const names = description.properties
			.filter((property: INodeProperties) => NodeHelpers.displayParameter(parameters, property, node as never, description))
			.map((property) => property.name);
		return [...new Set(names)];
	}

	it('version 1.1 (new nodes) shows the template picker, language and generated fields; version 1 its own fields', () => {
		expect(description.defaultVersion).toBe(1.1);
		expect(description.version).toEqual([1, 1.1]);
		const legacy = ['templateName', 'templateLanguage', 'headerType', 'headerValue', 'bodyParameters', 'buttonParameters'];
		for (const operation of ['send', 'validate']) {
			const current = shown(1.1, { resource: 'campaign', operation });
			expect(current).toEqual(expect.arrayContaining(['template', 'language', 'templateParameters', 'options']));
			expect(current.filter((name) => legacy.includes(name))).toEqual([]);
			const old = shown(1, { resource: 'campaign', operation, headerType: 'image' });
			expect(old).toEqual(expect.arrayContaining(legacy));
			expect(old.filter((name) => ['template', 'language', 'templateParameters'].includes(name))).toEqual([]);
		}
		// The generated fields come from the same resource mapper method as Template → Send's.
		const mappers = description.properties.filter((property) => property.name === 'templateParameters');
		expect(mappers.map((property) => property.typeOptions?.resourceMapper?.resourceMapperMethod)).toEqual(['getTemplateParameterFields', 'getTemplateParameterFields', 'getTemplateParameterFields']);
		expect(shown(1.1, { resource: 'template', operation: 'send' })).toEqual(expect.arrayContaining(['template', 'language', 'templateParameters', 'sendOptions']));
	});

	it('a version 1 workflow keeps its parameters through n8n’s parameter resolution (nothing silently dropped)', () => {
		// Values other than the defaults: n8n drops defaults here and restores them when read.
		const saved = { resource: 'campaign', operation: 'send', ...orderConfirmation, templateLanguage: 'es_MX', headerType: 'document', headerValue: '123', buttonParameters: { button: [{ type: 'copy_code', index: 1, value: 'x' }] }, options: { documentFilename: 'a.pdf' } };
		const resolved = NodeHelpers.getNodeParameters(description.properties, saved as never, false, false, { typeVersion: 1 } as never, description) as IDataObject;
		expect(resolved).toMatchObject({ templateName: 'order_confirmation', templateLanguage: 'es_MX', bodyParameters: orderConfirmation.bodyParameters, headerType: 'document', headerValue: '123', buttonParameters: saved.buttonParameters, options: { documentFilename: 'a.pdf' } });
		// The same saved parameters on a version 1.1 node lose version 1's fields: they are not read there.
		const current = NodeHelpers.getNodeParameters(description.properties, saved as never, false, false, { typeVersion: 1.1 } as never, description) as IDataObject;
		expect(Object.keys(current).filter((name) => ['templateName', 'templateLanguage', 'headerType', 'bodyParameters'].includes(name))).toEqual([]);
	});
});
