import type { INodeProperties } from 'n8n-workflow';

import { DEFAULT_LOG_TABLE } from '../../../shared/analytics/messageLog';

/** The Data Table of the message log, shared by Record Events, Report and Prune Log. */
export const logTableProperty: INodeProperties = {
	displayName: 'Log Table',
	name: 'logTable',
	type: 'string',
	default: DEFAULT_LOG_TABLE,
	required: true,
	description: 'Name of the n8n Data Table that holds the message log. Created on first use; Record Events and Report must use the same name.',
};

/** The operations that work on the message log in n8n (they need the n8n API credential). */
export const LOG_OPERATIONS = ['recordEvents', 'report', 'pruneLog'];

/**
 * Shows the n8n API credential for the log operations, as the Contact resource does: the node's
 * credential list hides it when `contactBook` is false, so the switch is defined (hidden) on every
 * Analytics operation: true for the log operations, false for Meta's analytics reads.
 */
export const logCredentialSwitch: INodeProperties[] = [
	{
		displayName: 'Contact Book',
		name: 'contactBook',
		type: 'hidden',
		default: true,
		displayOptions: { show: { resource: ['analytics'], operation: LOG_OPERATIONS } },
	},
	{
		displayName: 'Contact Book',
		name: 'contactBook',
		type: 'hidden',
		default: false,
		displayOptions: { show: { resource: ['analytics'] }, hide: { operation: LOG_OPERATIONS } },
	},
];
