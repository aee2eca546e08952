import type { INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { contactBookSwitch, DATA_TABLE_RESOURCES, sendGuardProperties } from './contact/sendGuard.descriptions';
import { resources } from './resources';

/** Resources that never touch n8n Data Tables: the Data Tables credential is hidden there. */
const resourcesWithoutDataTables = resources.map((module) => module.resource.value).filter((value) => !DATA_TABLE_RESOURCES.includes(value));

/** Each resource's Operation picker comes first, then the resource's fields. */
const operationPickers = resources.flatMap((module) => module.description.filter((property) => property.name === 'operation'));
const operationFields = resources.flatMap((module) => module.description.filter((property) => property.name !== 'operation'));

export const versionDescription: Omit<
	INodeTypeDescription,
	'displayName' | 'name' | 'group' | 'description' | 'icon'
> = {
	// 1.1: Campaign → Send and Validate take Template → Send's template fields (picker, language,
	// fields generated from the definition); version 1 nodes keep their own (campaign/campaignTemplate.ts).
	version: [1, 1.1],
	defaultVersion: 1.1,
	defaults: { name: 'WhatsApp Business Platform' },
	inputs: [NodeConnectionTypes.Main],
	outputs: [NodeConnectionTypes.Main],
	// Only `hide` here, never `show`: n8n 2.8's editor takes every parameter a credential's
	// `displayOptions.show` names for the node's authentication selector and hides it together with
	// every field whose visibility refers to it (Resource and Operation included). With no such
	// selector both credential pickers sit at the top of the panel, as in n8n's own nodes.
	credentials: [
		// The contact book lives in n8n, not at Meta: its operations need no Meta credential.
		{ name: 'whatsAppBusinessPlatformApi', displayName: 'WhatsApp Credential', required: true, displayOptions: { hide: { resource: ['contact'] } } },
		// n8n's public API: the Contact resource, and sends and campaigns with the book or Data Tables
		// switched on. `contactBook` is defined (true, false or the user's choice) on every operation
		// of the resources that use Data Tables, so "hide when false" is exact.
		{
			name: 'whatsAppBusinessPlatformN8nApi',
			displayName: 'Data Tables Credential (n8n API)',
			required: true,
			displayOptions: { hide: { resource: resourcesWithoutDataTables, contactBook: [false] } },
		},
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
		...operationPickers,
		...contactBookSwitch,
		...operationFields,
		...sendGuardProperties,
	],
};
