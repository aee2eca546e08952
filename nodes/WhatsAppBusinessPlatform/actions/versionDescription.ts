import type { INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import * as message from './message/Message.resource';

export const versionDescription: Omit<INodeTypeDescription, 'displayName' | 'name' | 'group' | 'description' | 'icon'> = {
	version: [1],
	defaultVersion: 1,
	defaults: { name: 'WhatsApp Business Platform' },
	inputs: [NodeConnectionTypes.Main],
	outputs: [NodeConnectionTypes.Main],
	credentials: [{ name: 'whatsAppBusinessPlatformApi', required: true }],
	properties: [
		{
			displayName: 'Resource',
			name: 'resource',
			type: 'options',
			noDataExpression: true,
			options: [{ name: 'Message', value: 'message' }],
			default: 'message',
		},
		...message.description,
	],
};
