/**
 * Scenarios shared by the jest e2e tests and the stand-alone scripts (latest-n8n smoke, demo
 * checks): each drives a running n8n and returns what happened, the caller asserts.
 */
import type { Execution, N8nClient, WebhookResponse } from './client';
import { TYPES } from './client';
import type { GraphStub, RecordedRequest } from './graphStub';
import { uniquePath, webhookSendTextWorkflow, whatsAppCredential } from './workflows';

export interface SendTextRun {
	workflowId: string;
	response: WebhookResponse;
	/** The `/messages` requests the Graph stand-in received during the run. */
	graphRequests: RecordedRequest[];
	execution: Execution;
}

/** Credential → published "Webhook → Send Text" workflow → one POST → the finished execution. */
export async function runSendTextScenario(n8n: N8nClient, graph: GraphStub, message = { to: '+1 555-123-4567', text: 'Hello from n8n' }): Promise<SendTextRun> {
	const [credential] = await n8n.importCredentials([whatsAppCredential(`WABP scenario ${Date.now()}`, graph)]);
	const path = uniquePath('wabp-send-text');
	const workflow = await n8n.importWorkflow(webhookSendTextWorkflow({ name: 'WABP: send text', path, phoneNumberId: graph.phoneNumberId }), {
		credentials: { [TYPES.credential]: credential },
	});
	await n8n.activateWorkflow(workflow.id);
	try {
		const before = graph.messageRequests().length;
		const response = await n8n.postWebhook(path, message);
		const [finished] = await n8n.waitForExecutions(workflow.id, 1);
		const execution = await n8n.getExecution(finished.id, true);
		return { workflowId: workflow.id, response, graphRequests: graph.messageRequests().slice(before), execution };
	} finally {
		await n8n.deactivateWorkflow(workflow.id);
	}
}
