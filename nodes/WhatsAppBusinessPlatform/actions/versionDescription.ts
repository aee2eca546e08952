import type { INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { resources } from './resources';

export const versionDescription: Omit<
	INodeTypeDescription,
	'displayName' | 'name' | 'group' | 'description' | 'icon'
> = {
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
			options: resources.map((module) => module.resource),
			default: 'message',
		},
		...resources.flatMap((module) => module.description),
	],
};
