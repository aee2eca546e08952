/* eslint-disable @n8n/community-nodes/no-restricted-globals -- test code runs in Node, not inside n8n */
/**
 * The example workflows of `examples/` (the ones `npm run demo` imports) run in a real n8n
 * against the Cloud API simulator: an inbound customer message reaches our trigger, the echo bot
 * answers; the HTTP flow and the template flow send.
 */
import type { SimulatorHandle } from '../../simulator';
import { startSimulator } from '../../simulator';
import type { CredentialRef } from './harness';
import { loadExample, triggerWebhookUrl, TYPES, uniquePath, useN8n, whatsAppCredential, withWebhookInsteadOfManualTrigger } from './harness';

describe('example workflows against the simulator', () => {
	const n8n = useN8n();
	let sim: SimulatorHandle;
	let credential: CredentialRef;

	beforeAll(async () => {
		sim = await startSimulator({ port: 0, windowOpenForAll: true, logger: () => undefined });
		[credential] = await n8n().importCredentials([
			whatsAppCredential(`WABP simulator ${Date.now()}`, {
				url: sim.url,
				token: sim.options.accessToken,
				businessAccountId: sim.options.businessAccountId,
				phoneNumberId: sim.options.phoneNumbers[0].id,
				appId: sim.options.appId,
				appSecret: sim.options.appSecret,
			}),
		]);
	});

	afterAll(async () => {
		await sim?.stop();
	});

	const waitForSend = async (predicate: (body: string) => boolean, timeoutMs = 20_000) => {
		const deadline = Date.now() + timeoutMs;
		for (;;) {
			const found = sim.acceptedMessages.find((message) => predicate(JSON.stringify(message.body)));
			if (found) return found;
			if (Date.now() > deadline) throw new Error(`no matching send reached the simulator; sends: ${JSON.stringify(sim.acceptedMessages.map((m) => m.body))}`);
			await new Promise((resolve) => setTimeout(resolve, 200));
		}
	};

	it('echo bot: a customer text reaches the trigger and the reply quotes it', async () => {
		const example = loadExample('echo-bot.json');
		const workflow = await n8n().importWorkflow(example, { credentials: { [TYPES.credential]: credential } });
		await n8n().activateWorkflow(workflow.id);
		try {
			// The trigger may register its callback with the simulator on publish; if not, set it.
			if (!sim.webhookUrlFor()) sim.setWebhookUrl(triggerWebhookUrl(n8n().webhookBaseUrl, example));
			const inbound = await sim.injectInbound({ from: '15551234567', type: 'text', text: 'hello e2e' });
			expect(inbound.deliveredStatus).toBe(200);

			const reply = await waitForSend((body) => body.includes('You said: hello e2e'));
			expect(reply.to).toBe('15551234567');
			expect(reply.body).toEqual(expect.objectContaining({ type: 'text', context: { message_id: inbound.wamid } }));
		} finally {
			await n8n().deactivateWorkflow(workflow.id);
			sim.setWebhookUrl(undefined);
		}
	});

	it('send a text from an HTTP call', async () => {
		const workflow = await n8n().importWorkflow(loadExample('send-text-webhook.json'), { credentials: { [TYPES.credential]: credential } });
		await n8n().activateWorkflow(workflow.id);
		try {
			const response = await n8n().postWebhook('send-text', { to: '+1 555 765 4321', text: 'from the HTTP example' });
			expect(response.status).toBe(200);
			expect(response.body).toEqual(expect.objectContaining({ messageId: expect.stringMatching(/^wamid\./) }));
			const sent = await waitForSend((body) => body.includes('from the HTTP example'));
			expect(sent.to).toBe('+15557654321');
		} finally {
			await n8n().deactivateWorkflow(workflow.id);
		}
	});

	it('send a template (the manual example, triggered by a POST here)', async () => {
		const path = uniquePath('wabp-example-template');
		const workflow = await n8n().importWorkflow(withWebhookInsteadOfManualTrigger(loadExample('send-template.json'), path), {
			credentials: { [TYPES.credential]: credential },
		});
		await n8n().activateWorkflow(workflow.id);
		try {
			const response = await n8n().postWebhook(path, {});
			expect(response.status).toBe(200);
			const sent = await waitForSend((body) => body.includes('hello_world'));
			expect(sent.body).toEqual(expect.objectContaining({ type: 'template', template: expect.objectContaining({ name: 'hello_world', language: { code: 'en_US' } }) }));
		} finally {
			await n8n().deactivateWorkflow(workflow.id);
		}
	});
});
