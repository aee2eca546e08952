/**
 * Every message type and the template variants, sent by one published workflow in a real n8n with
 * the packed package, against the Cloud API simulator; the run ends by downloading a customer's
 * image into n8n binary data. The same cases the engine tests check (test/workflows/message/cases.ts):
 * here they prove the package behaves the same once n8n has installed it.
 */
import { randomUUID } from 'node:crypto';

import type { IDataObject } from 'n8n-workflow';

import type { SimulatorHandle } from '../../simulator';
import { startSimulator } from '../../simulator';
import { ENVELOPE, MESSAGE_CASES } from '../workflows/message/cases';
import { mapperValue } from '../workflows/template/helpers';
import type { CredentialRef } from './harness';
import { TYPES, uniquePath, useN8n, webhookNode, whatsAppCredential } from './harness';

const PHONE_NUMBER_ID = '106540352242922';
const CUSTOMER = '+15551234567';

interface Step {
	name: string;
	parameters: IDataObject;
	/** The `/messages` body Meta documents for this step, when it sends one. */
	expected?: IDataObject;
}

describe('real n8n: every message type, template variants and a media download', () => {
	const n8n = useN8n();
	let sim: SimulatorHandle;
	let credential: CredentialRef;

	beforeAll(async () => {
		sim = await startSimulator({ port: 0, windowOpenForAll: true, statuses: false, logger: () => undefined });
		[credential] = await n8n().importCredentials([
			whatsAppCredential(`WABP messages ${Date.now()}`, {
				url: sim.url,
				token: sim.options.accessToken,
				businessAccountId: sim.options.businessAccountId,
				phoneNumberId: PHONE_NUMBER_ID,
				appId: sim.options.appId,
				appSecret: sim.options.appSecret,
			}),
		]);
	});

	afterAll(async () => {
		await sim?.stop();
	});

	it('sends each case in Meta’s documented shape and downloads the customer’s image', async () => {
		const inboundImage = await sim.injectInbound({ from: CUSTOMER, type: 'image' } as never);
		const inboundMediaId = (inboundImage.payload as { entry: Array<{ changes: Array<{ value: { messages: Array<{ image: { id: string } }> } }> }> })
			.entry[0].changes[0].value.messages[0].image.id;

		const messageSteps: Step[] = MESSAGE_CASES.map(([name, parameters, content]) => ({
			name: `Message ${name}`,
			parameters: { resource: 'message', recipient: CUSTOMER, ...parameters },
			expected: { ...ENVELOPE, ...content },
		}));
		const template = (name: string, values: IDataObject, language = 'en_US'): Step => ({
			name: `Template ${name}`,
			parameters: {
				resource: 'template',
				operation: 'send',
				recipient: CUSTOMER,
				template: { __rl: true, mode: 'name', value: name },
				language,
				templateParameters: mapperValue(sim, name, values, language),
			},
		});
		const templateSteps: Step[] = [
			template('order_confirmation', { 'body.1': 'Ana', 'body.2': 'A-1' }),
			template('order_shipped_named', { 'body.first_name': 'Ana', 'body.order_number': 'A-2', 'body.delivery_date': 'Friday' }),
			template('seasonal_promotion', {
				'header.image': 'https://example.com/summer.jpg',
				'body.1': 'Sunday',
				'body.2': '25OFF',
				'body.3': '25%',
				'button.0.payload': '',
				'button.1.url': 'summer2023',
			}),
			template('verification_code', { 'otp.code': '482913' }),
		];
		const download: Step = {
			name: 'Download customer image',
			parameters: { resource: 'media', operation: 'download', mediaId: inboundMediaId, binaryPropertyName: 'data' },
		};
		const steps = [...messageSteps, ...templateSteps, download];

		const path = uniquePath('wabp-every-message');
		const nodes = [
			webhookNode(path),

			...steps.map((step, index) => ({
				id: randomUUID(),
				name: step.name,
				type: TYPES.action,
				typeVersion: 1,
				position: [240 * (index + 1), 0] as [number, number],
				parameters: { phoneNumberId: { __rl: true, mode: 'id', value: PHONE_NUMBER_ID }, ...step.parameters },
			})),
		];
		const names = nodes.map((node) => node.name);
		const connections = Object.fromEntries(
			names.slice(0, -1).map((name, index) => [name, { main: [[{ node: names[index + 1], type: 'main', index: 0 }]] }]),
		);

		const workflow = await n8n().importWorkflow(
			{ name: `Every message ${path}`, nodes, connections, settings: { executionOrder: 'v1' } } as never,
			{ credentials: { [TYPES.credential]: credential } },
		);
		await n8n().activateWorkflow(workflow.id);
		try {
			const response = await n8n().postWebhook(path, {});
			expect(response.status).toBe(200);
			// The last node's item: the downloaded image's metadata.
			expect(response.body).toEqual(expect.objectContaining({ id: inboundMediaId, mimeType: 'image/jpeg' }));

			const sends = sim.requests.filter((request) => request.method === 'POST' && request.path.endsWith(`/${PHONE_NUMBER_ID}/messages`));
			expect(sends).toHaveLength(messageSteps.length + templateSteps.length);
			messageSteps.forEach((step, index) => {
				expect({ step: step.name, body: sends[index].body }).toEqual({ step: step.name, body: step.expected });
				expect(sends[index].status).toBe(200);
			});
			const templateBodies = sends.slice(messageSteps.length).map((request) => request.body as { type: string; template: { name: string } });
			expect(templateBodies.map((body) => [body.type, body.template.name])).toEqual(
				templateSteps.map((step) => ['template', (step.parameters.template as IDataObject).value]),
			);
			expect(sends.slice(messageSteps.length).every((request) => request.status === 200)).toBe(true);

			// The download put the image bytes into n8n binary data with Meta's MIME type.
			const [execution] = await n8n().waitForExecutions(workflow.id, 1);
			const full = await n8n().getExecution(String(execution.id), true);
			const runData = (full as { data?: { resultData?: { runData?: Record<string, Array<{ data: { main: Array<Array<{ binary?: Record<string, { mimeType: string; fileName?: string }> }>> } }>> } } })
				.data?.resultData?.runData;
			const binary = runData?.[download.name]?.[0].data.main[0][0].binary?.data;
			expect(binary?.mimeType).toBe('image/jpeg');
			expect(binary?.fileName).toMatch(/\.jpe?g$/);
		} finally {
			await n8n().deactivateWorkflow(workflow.id);
		}
	});
});
