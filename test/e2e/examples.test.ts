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

	it('echo bot: every kind of customer message the demo can send gets an answer; unpublishing clears the callback override at the simulator', async () => {
		const example = loadExample('echo-bot.json');
		const workflow = await n8n().importWorkflow(example, { credentials: { [TYPES.credential]: credential } });
		// Webhooks go to the webhook processor in queue mode, to the main otherwise.
		const ownUrl = triggerWebhookUrl(n8n().webhookBaseUrl, example);
		const subscribedApps = async () =>
			(await (await fetch(`${sim.url}/v25.0/${sim.options.businessAccountId}/subscribed_apps`, { headers: { authorization: `Bearer ${sim.options.accessToken}` } })).json()) as {
				data: Array<{ override_callback_uri?: string }>;
			};
		// The app was subscribed to the WABA before (the simulator's default), without an override.
		expect((await subscribedApps()).data).toEqual([expect.not.objectContaining({ override_callback_uri: expect.anything() })]);
		await n8n().activateWorkflow(workflow.id);
		let active = true;
		try {
			// Publishing registered this workflow's URL as the WABA's callback override.
			expect(sim.webhookUrlFor()).toBe(ownUrl);
			const cases: Array<[Parameters<SimulatorHandle['injectInbound']>[0], string]> = [
				[{ from: '15551234567', type: 'text', text: 'hello e2e' }, 'You said: hello e2e'],
				[{ from: '15551234567', type: 'image', caption: 'my receipt' }, 'Thanks for the image "my receipt"'],
				[{ from: '15551234567', type: 'location', latitude: 52.52, longitude: 13.405, name: 'Office' }, 'Got your location: 52.52, 13.405 (Office)'],
				[{ from: '15551234567', type: 'button', payload: 'CONFIRM', text: 'Confirm' }, 'You tapped "Confirm" (payload CONFIRM)'],
				[{ from: '15551234567', type: 'button_reply', replyId: 'opt-2', text: 'Later' }, 'You chose "Later" (ID opt-2)'],
			];
			for (const [input, answer] of cases) {
				const inbound = await sim.injectInbound(input);
				expect(inbound.deliveredStatus).toBe(200);
				// Matched inside the JSON text, escaped the same way (quotes as \").
				const reply = await waitForSend((body) => body.includes(JSON.stringify(answer).slice(1, -1)));
				expect(reply.to).toBe('15551234567');
				expect(reply.body).toEqual(expect.objectContaining({ type: 'text', context: { message_id: inbound.wamid } }));
			}

			// Unpublishing subscribes the app again without an override, which at Meta deletes the
			// WABA's alternate callback: webhooks fall back to the app's URL instead of a dead one.
			await n8n().deactivateWorkflow(workflow.id);
			active = false;
			expect((await subscribedApps()).data).toEqual([expect.not.objectContaining({ override_callback_uri: expect.anything() })]);
			expect(sim.webhookUrlFor()).toBeUndefined();
			const after = await sim.injectInbound({ from: '15551234567', type: 'text', text: 'after unpublish' });
			expect(after.webhook.skipped).toBe('no-url');
			expect(after.deliveredStatus).toBeUndefined();
		} finally {
			if (active) await n8n().deactivateWorkflow(workflow.id);
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
