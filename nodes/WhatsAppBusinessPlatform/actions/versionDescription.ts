import type { INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { contactBookSwitch, sendGuardProperties } from './contact/sendGuard.descriptions';
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
	credentials: [
		// The contact book lives in n8n, not at Meta: its operations need no Meta credential.
		{ name: 'whatsAppBusinessPlatformApi', required: true, displayOptions: { hide: { resource: ['contact'] } } },
		// n8n's public API for the contact book: the Contact resource and sends that check the book.
		{ name: 'whatsAppBusinessPlatformN8nApi', required: true, displayOptions: { show: { contactBook: [true] } } },
	],
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
		...contactBookSwitch,
		...sendGuardProperties,
	],
};
