import type { INodeProperties } from 'n8n-workflow';

import type { OperationModule } from '../node.type';
import * as addLabels from './addLabels.operation';
import * as checkBeforeSending from './checkBeforeSending.operation';
import * as dataTableUsage from './dataTableUsage.operation';
import * as deleteContact from './deleteContact.operation';
import * as get from './get.operation';
import * as listByLabel from './listByLabel.operation';
import * as recordInbound from './recordInbound.operation';
import * as recordOptIn from './recordOptIn.operation';
import * as recordOptOut from './recordOptOut.operation';
import * as removeLabels from './removeLabels.operation';
import { contactTable } from './shared';
import * as setAttributes from './setAttributes.operation';
import * as upsert from './upsert.operation';

export const resource = { name: 'Contact', value: 'contact' };

/** Operation name → module. A resource with no operations is left out of the node. */
export const operations: Record<string, OperationModule> = {
	get,
	upsert,
	addLabels,
	removeLabels,
	listByLabel,
	recordOptIn,
	recordOptOut,
	setAttributes,
	recordInbound,
	checkBeforeSending,
	deleteContact,
	dataTableUsage,
};

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['contact'] } },
		options: [
			{
				name: 'Add Labels',
				value: 'addLabels',
				action: 'Add labels to a contact',
				description: 'Add one or more labels to a contact; other labels stay',
			},
			{
				name: 'Check Before Sending',
				value: 'checkBeforeSending',
				action: 'Check whether a contact can be messaged',
				description: 'Tell whether the contact opted out and whether the 24-hour window is open, and until when',
			},
			{
				name: 'Create or Update',
				value: 'upsert',
				action: 'Create or update a contact',
				description: 'Create a new record, or update the current one if it already exists (upsert)',
			},
			{
				name: 'Data Table Usage',
				value: 'dataTableUsage',
				action: 'Report data table usage against the cap',
				description: "Estimate how full n8n's data tables are against N8N_DATA_TABLES_MAX_SIZE_BYTES, and warn from 70 %",
			},
			{
				name: 'Delete',
				value: 'deleteContact',
				action: 'Delete a contact',
				description: 'Delete every row of a contact, for data-protection requests',
			},
			{
				name: 'Get',
				value: 'get',
				action: 'Get a contact',
				description: 'Get a contact with labels, opt-in state, window and attributes; unknown contacts give found = false',
			},
			{
				name: 'List By Label',
				value: 'listByLabel',
				action: 'List contacts by label',
				description: 'List the contacts that carry a label',
			},
			{
				name: 'Record Inbound',
				value: 'recordInbound',
				action: 'Record an inbound message in the contact book',
				description: 'Right after the trigger: a message opens the window and refreshes the profile name',
			},
			{
				name: 'Record Opt-In',
				value: 'recordOptIn',
				action: 'Record a contact opt in',
				description: 'Record that the customer agreed to receive messages, with when and how',
			},
			{
				name: 'Record Opt-Out',
				value: 'recordOptOut',
				action: 'Record a contact opt out',
				description: 'Record that the customer asked to stop marketing messages, with when and the keyword',
			},
			{
				name: 'Remove Labels',
				value: 'removeLabels',
				action: 'Remove labels from a contact',
				description: 'Remove one or more labels from a contact',
			},
			{
				name: 'Set Attributes',
				value: 'setAttributes',
				action: 'Set attributes of a contact',
				description: 'Set or remove custom attributes such as a CRM ID, language or tier',
			},
		],
		default: 'get',
	},
	{ ...contactTable, displayOptions: { show: { resource: ['contact'] }, hide: { operation: ['dataTableUsage'] } } },
	...get.description,
	...upsert.description,
	...addLabels.description,
	...removeLabels.description,
	...listByLabel.description,
	...recordOptIn.description,
	...recordOptOut.description,
	...setAttributes.description,
	...recordInbound.description,
	...checkBeforeSending.description,
	...deleteContact.description,
	...dataTableUsage.description,
];
