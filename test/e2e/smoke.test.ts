/**
 * Real n8n 2.8.4 with the packed package installed as a community package: the package loads,
 * its credential test runs, and a published workflow sends a text through our node to a local
 * Graph API stand-in.
 */
import type { GraphStub } from './harness';
import { nodeError, nodeOutput, startGraphStub, TYPES, uniquePath, useN8n, webhookSendTextWorkflow, whatsAppCredential } from './harness';

describe('n8n 2.8.4 with the package installed', () => {
	const n8n = useN8n();
	let graph: GraphStub;
	let credential: { id: string; name: string };

	beforeAll(async () => {
		graph = await startGraphStub({ token: 'e2e-token' });
		[credential] = await n8n().importCredentials([whatsAppCredential(`WABP smoke ${Date.now()}`, graph)]);
	});

	afterAll(async () => {
		await graph?.stop();
	});

	it('registers both nodes and the credential, with no load errors', async () => {
		const types = await n8n().registeredTypes();
		expect(types.nodes).toEqual(expect.arrayContaining([TYPES.action, TYPES.trigger]));
		expect(types.credentials).toContain(TYPES.credential);
		expect(n8n().loadErrors()).toEqual([]);
	});

	it("passes n8n's credential test against the Graph stub", async () => {
		const before = graph.requests.length;
		const result = await n8n().testCredential(credential.id);
		expect(result).toEqual(expect.objectContaining({ status: 'OK' }));
		const calls = graph.requests.slice(before);
		expect(calls).toHaveLength(1);
		expect(calls[0]).toEqual(
			expect.objectContaining({ method: 'GET', path: `/v25.0/${graph.businessAccountId}`, headers: expect.objectContaining({ authorization: 'Bearer e2e-token' }) }),
		);
	});

	it('fails the credential test with a rejected token, naming the cause', async () => {
		const [bad] = await n8n().importCredentials([whatsAppCredential(`WABP bad token ${Date.now()}`, { ...graph, token: 'wrong-token' })]);
		const result = await n8n().testCredential(bad.id);
		expect(result.status).toBe('Error');
		expect(result.message).toMatch(/token/i);
	});

	it('runs webhook → Send Text in production mode and sends the exact Graph request', async () => {
		const path = uniquePath('wabp-smoke-send');
		const workflow = await n8n().importWorkflow(webhookSendTextWorkflow({ name: 'WABP smoke: send text', path, phoneNumberId: graph.phoneNumberId }), {
			credentials: { [TYPES.credential]: credential },
		});
		await n8n().activateWorkflow(workflow.id);
		const before = graph.messageRequests().length;

		const response = await n8n().postWebhook(path, { to: '+1 555-123-4567', text: 'Hello from n8n' });

		expect(response.status).toBe(200);
		expect(response.body).toEqual(expect.objectContaining({ messageId: expect.stringMatching(/^wamid\./), waId: '15551234567' }));
		const sent = graph.messageRequests().slice(before);
		expect(sent).toHaveLength(1);
		expect(sent[0].path).toBe(`/v25.0/${graph.phoneNumberId}/messages`);
		expect(sent[0].headers.authorization).toBe('Bearer e2e-token');
		expect(sent[0].body).toEqual({
			messaging_product: 'whatsapp',
			recipient_type: 'individual',
			to: '+15551234567',
			type: 'text',
			text: { preview_url: false, body: 'Hello from n8n' },
		});

		const [execution] = await n8n().waitForExecutions(workflow.id, 1);
		expect(execution).toEqual(expect.objectContaining({ mode: 'webhook', status: 'success' }));
		const full = await n8n().getExecution(execution.id);
		expect(nodeOutput(full, 'Send Text')).toEqual([expect.objectContaining({ messageId: (response.body as { messageId: string }).messageId })]);

		await n8n().deactivateWorkflow(workflow.id);
	});

	it("turns Meta's error answer into a failed execution with Meta's reason", async () => {
		const [bad] = await n8n().importCredentials([whatsAppCredential(`WABP revoked ${Date.now()}`, { ...graph, token: 'revoked-token' })]);
		const path = uniquePath('wabp-smoke-error');
		const workflow = await n8n().importWorkflow(webhookSendTextWorkflow({ name: 'WABP smoke: send with a bad token', path }), {
			credentials: { [TYPES.credential]: bad },
		});
		await n8n().activateWorkflow(workflow.id);

		const response = await n8n().postWebhook(path, { to: '15551234567', text: 'Will not arrive' });

		expect(response.status).toBeGreaterThanOrEqual(400);
		const [execution] = await n8n().waitForExecutions(workflow.id, 1);
		expect(execution.status).toBe('error');
		const full = await n8n().getExecution(execution.id);
		const error = nodeError(full, 'Send Text');
		expect(error).toBeDefined();
		expect(`${error?.message ?? ''} ${error?.description ?? ''}`).toMatch(/token|190|OAuth/i);

		await n8n().deactivateWorkflow(workflow.id);
	});
});
