/**
 * One template builder in a real n8n 2.8.4: a Campaign → Send node of version 1.1 (template picked
 * from the list, values in the generated fields as per-item expressions) and a Template → Send node
 * with the same template and values send the same Graph payloads; the simulator validates each send
 * against the template.
 */
import type { SimulatorHandle } from '../../simulator';
import { startSimulator } from '../../simulator';
import { campaignWorkflow, makeRecipients } from '../../bench/campaignWorkflows';
import { parameterFieldsFor, toTemplateDefinition } from '../../whatsapp/templates';
import type { CredentialRef } from './harness';
import { uniquePath, useN8n, whatsAppCredential } from './harness';

type Json = Record<string, unknown>;

describe('Campaign → Send (v1.1) and Template → Send in n8n 2.8.4: the same template fields and payloads', () => {
	const n8n = useN8n();
	let sim: SimulatorHandle;
	let credentials: Record<string, CredentialRef>;
	const paths = { campaign: uniquePath('campaign-fields'), single: uniquePath('template-fields') };

	/** The resource mapper value the editor saves for seasonal_promotion. */
	function templateParameters(): Json {
		const stored = sim.templates().find((template) => template.name === 'seasonal_promotion')!;
		const schema = parameterFieldsFor(toTemplateDefinition(stored)).map((field) => ({ id: field.id, displayName: field.displayName, required: field.required, defaultMatch: false, canBeUsedToMatch: false, display: true, type: field.type }));
		const value = { 'header.image': 'https://example.com/summer.jpg', 'body.1': '={{ $json.name }}', 'body.2': '={{ $json.order }}', 'body.3': '25%', 'button.0.payload': '', 'button.1.url': '={{ $json.order.toLowerCase() }}' };
		return { mappingMode: 'defineBelow', value, matchingColumns: [], schema, attemptToConvertTypes: false, convertFieldsToString: false };
	}

	beforeAll(async () => {
		sim = await startSimulator({ port: 0, messagesPerSecond: 1000, latencyMs: 5, statuses: false, logger: () => undefined });
		const [graph] = await n8n().importCredentials([
			whatsAppCredential(`Template fields e2e ${Date.now()}`, { url: sim.url, token: 'sim-token', businessAccountId: '102290129340398', phoneNumberId: '106540352242922' }),
		]);
		credentials = { whatsAppBusinessPlatformApi: graph };
		const stored = sim.templates().find((template) => template.name === 'seasonal_promotion')!;
		const template = { __rl: true, mode: 'list', value: stored.id, cachedResultName: 'seasonal_promotion (en_US, MARKETING)' };

		const campaign = campaignWorkflow(paths.campaign, { campaignId: 'fields', messagesPerSecond: 300, pacing: { pairIntervalSeconds: 0 } });
		const campaignNode = campaign.nodes[2] as unknown as Json;
		const campaignParameters = campaignNode.parameters as Json;
		for (const legacy of ['templateName', 'templateLanguage', 'bodyParameters']) delete campaignParameters[legacy];
		Object.assign(campaignNode, { typeVersion: 1.1 });
		Object.assign(campaignParameters, { template, templateParameters: templateParameters() });

		const single = campaignWorkflow(paths.single);
		Object.assign(single.nodes[2], {
			typeVersion: 1.1,
			parameters: { resource: 'template', operation: 'send', phoneNumberId: campaignParameters.phoneNumberId, recipient: '={{ $json.phone }}', template, templateParameters: templateParameters() },
		});
		for (const workflow of [campaign, single]) {
			const created = await n8n().importWorkflow(workflow, { credentials });
			await n8n().activateWorkflow(created.id);
		}
	});

	afterAll(async () => {
		await sim?.stop();
	});

	const sent = () => sim.requests.filter((request) => request.method === 'POST' && request.path.endsWith('/messages')).map((request) => request.body as Json);
	const byRecipient = (bodies: Json[]) => new Map(bodies.map((body) => [String(body.to), body]));

	it('sends identical template payloads from both operations, each accepted by the simulator', async () => {
		const recipients = makeRecipients(40);
		const single = await n8n().postWebhook(paths.single, { recipients });
		expect(single.status).toBe(200);
		expect((single.body as Json[]).every((item) => item.status === 'accepted')).toBe(true);
		const fromTemplateSend = byRecipient(sent());
		sim.reset();

		const campaign = await n8n().postWebhook(paths.campaign, { recipients });
		expect(campaign.status).toBe(200);
		const summary = (campaign.body as Json[]).find((item) => item.summary === true);
		expect(summary).toMatchObject({ total: 40, sent: 40, invalid: 0 });
		const fromCampaign = byRecipient(sent());
		expect(sim.acceptedMessages).toHaveLength(40);

		expect([...fromCampaign.keys()].sort()).toEqual([...fromTemplateSend.keys()].sort());
		for (const [to, body] of fromCampaign) {
			const { biz_opaque_callback_data: callback, ...rest } = body;
			expect(callback).toBe(`campaign:fields:${to.slice(1)}`);
			expect(rest).toEqual(fromTemplateSend.get(to));
		}
		const first = fromCampaign.get(recipients[3].phone)!;
		expect(first.template).toEqual({
			name: 'seasonal_promotion',
			language: { code: 'en_US' },
			components: [
				{ type: 'header', parameters: [{ type: 'image', image: { link: 'https://example.com/summer.jpg' } }] },
				{ type: 'body', parameters: [{ type: 'text', text: recipients[3].name }, { type: 'text', text: recipients[3].order }, { type: 'text', text: '25%' }] },
				{ type: 'button', sub_type: 'quick_reply', index: '0', parameters: [{ type: 'payload', payload: 'Stop promotions' }] },
				{ type: 'button', sub_type: 'url', index: '1', parameters: [{ type: 'text', text: recipients[3].order.toLowerCase() }] },
			],
		});
	});
});
