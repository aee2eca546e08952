/** Workflow and credential builders shared by the e2e tests, the latest-n8n smoke and the demo. */
import { randomUUID } from 'node:crypto';

import { TYPES } from './client';
import type { CredentialInput, WorkflowInput } from './client';

export interface GraphTarget {
	url: string;
	token: string;
	businessAccountId: string;
	phoneNumberId: string;
	appId?: string;
	appSecret?: string;
}

/** A `whatsAppBusinessPlatformApi` credential pointing at a local Graph stub or the simulator. */
export function whatsAppCredential(name: string, target: GraphTarget): CredentialInput {
	return {
		name,
		type: TYPES.credential,
		data: {
			accessToken: target.token,
			businessAccountId: target.businessAccountId,
			phoneNumberId: target.phoneNumberId,
			appId: target.appId ?? '1234567890',
			appSecret: target.appSecret ?? 'stub-app-secret',
			apiVersion: 'v25.0',
			baseUrl: target.url,
		},
	};
}

/** A unique webhook path, so tests sharing one n8n never collide. */
/**
 * n8n's Webhook node (POST `/webhook/<path>`) answering with the last node's output: its first
 * item (`firstEntryJson`) or all items (`allEntries`).
 */
export function webhookNode(path: string, responseData: 'firstEntryJson' | 'allEntries' = 'firstEntryJson', name = 'Webhook', position: [number, number] = [0, 0]): WorkflowInput['nodes'][number] {
	return {
		id: randomUUID(),
		name,
		type: 'n8n-nodes-base.webhook',
		typeVersion: 2,
		position,
		webhookId: randomUUID(),
		parameters: { httpMethod: 'POST', path, responseMode: 'lastNode', responseData, options: {} },
	} as WorkflowInput['nodes'][number];
}

export function uniquePath(prefix: string): string {
	return `${prefix}-${randomUUID().slice(0, 8)}`;
}

/**
 * Webhook (POST `/webhook/<path>`, answers with the last node's first item) → our node sending
 * `body.text` to `body.to`. With `phoneNumberId` empty the credential's default number is used.
 */
export function webhookSendTextWorkflow(options: { name: string; path: string; phoneNumberId?: string }): WorkflowInput {
	return {
		name: options.name,
		nodes: [
			webhookNode(options.path),
			{
				id: randomUUID(),
				name: 'Send Text',
				type: TYPES.action,
				typeVersion: 1,
				position: [240, 0],
				parameters: {
					resource: 'message',
					operation: 'sendText',
					// An empty "By ID" value fails the mode's digits-only regex when n8n validates the workflow
					// on publish, so "use the credential's default" is the empty "From List" value.
					phoneNumberId: options.phoneNumberId
						? { __rl: true, mode: 'id', value: options.phoneNumberId }
						: { __rl: true, mode: 'list', value: '' },
					recipient: '={{ $json.body.to }}',
					text: '={{ $json.body.text }}',
					previewUrl: false,
					sendOptions: {},
				},
			},
		],
		connections: { Webhook: { main: [[{ node: 'Send Text', type: 'main', index: 0 }]] } },
		settings: { executionOrder: 'v1' },
	};
}

/**
 * The same workflow with its Manual Trigger replaced by a Webhook node of the same name (so the
 * connections still hold), answering with the last node's first item: manual example flows can
 * then be run in production mode by a POST.
 */
export function withWebhookInsteadOfManualTrigger(workflow: WorkflowInput, path: string): WorkflowInput {
	return {
		...workflow,
		nodes: workflow.nodes.map((node) =>
			node.type === 'n8n-nodes-base.manualTrigger'
				? webhookNode(path, 'firstEntryJson', node.name, node.position as [number, number])
				: node,
		),
	};
}
