/**
 * Workflows for the campaign benchmark and e2e test: Webhook (POST, answers with every output
 * item of the last node) → Split Out (`body.recipients`, one item per recipient) → a sender.
 */
import { randomUUID } from 'node:crypto';

import type { WorkflowInput } from '../test/e2e/harness';
import { TYPES, webhookNode } from '../test/e2e/harness';

type Json = Record<string, unknown>;

export interface Recipient {
	phone: string;
	name: string;
	order: string;
}

/** `+1555xxxxxxx`: no spaces, because the built-in node keeps spaces in numbers. */
export function makeRecipients(count: number, from = 0): Recipient[] {
	return Array.from({ length: count }, (_, i) => ({ phone: `+1555${String(from + i).padStart(7, '0')}`, name: `Customer ${from + i}`, order: `A-${from + i}` }));
}

function splitWorkflow(name: string, path: string, sender: Json): WorkflowInput {
	return {
		name,
		nodes: [
			webhookNode(path, 'allEntries'),

			{
				id: randomUUID(),
				name: 'Recipients',
				type: 'n8n-nodes-base.splitOut',
				typeVersion: 1,
				position: [200, 0],
				parameters: { fieldToSplitOut: 'body.recipients', include: 'noOtherFields', options: {} },
			},
			{ id: randomUUID(), position: [400, 0], ...sender } as WorkflowInput['nodes'][number],
		],
		connections: {
			Webhook: { main: [[{ node: 'Recipients', type: 'main', index: 0 }]] },
			Recipients: { main: [[{ node: String(sender.name), type: 'main', index: 0 }]] },
		},
		settings: { executionOrder: 'v1' },
	};
}

/** This package's Campaign → Send of `order_confirmation` (two body parameters). */
export function campaignWorkflow(path: string, parameters: Json = {}): WorkflowInput {
	return splitWorkflow(`Campaign ${path}`, path, {
		name: 'Campaign',
		type: TYPES.action,
		typeVersion: 1,
		parameters: {
			resource: 'campaign',
			operation: 'send',
			phoneNumberId: { __rl: true, mode: 'id', value: '106540352242922' },
			recipient: '={{ $json.phone }}',
			messageKind: 'template',
			templateName: 'order_confirmation',
			templateLanguage: 'en_US',
			bodyParameters: { parameter: [{ value: '={{ $json.name }}' }, { value: '={{ $json.order }}' }] },
			...parameters,
		},
	});
}

/** n8n's built-in WhatsApp node, Send Template, Continue On Fail so every item is counted. */
export function builtInWorkflow(path: string, credential: { id: string; name: string }): WorkflowInput {
	return splitWorkflow(`Built-in ${path}`, path, {
		name: 'WhatsApp',
		type: 'n8n-nodes-base.whatsApp',
		typeVersion: 1.1,
		onError: 'continueRegularOutput',
		credentials: { whatsAppApi: credential },
		parameters: {
			resource: 'message',
			operation: 'sendTemplate',
			phoneNumberId: '106540352242922',
			recipientPhoneNumber: '={{ $json.phone }}',
			template: 'order_confirmation|en_US',
			components: {
				component: [
					{
						type: 'body',
						bodyParameters: { parameter: [{ type: 'text', text: '={{ $json.name }}' }, { type: 'text', text: '={{ $json.order }}' }] },
					},
				],
			},
		},
	});
}
