import type { INodeProperties } from 'n8n-workflow';

import type { OperationModule } from '../node.type';
import * as create from './create.operation';
import * as deleteTemplate from './deleteTemplate.operation';
import * as get from './get.operation';
import * as getAll from './getAll.operation';
import * as send from './send.operation';
import * as update from './update.operation';

export const resource = { name: 'Template', value: 'template' };

/** Operation name → module. A resource with no operations is left out of the node. */
export const operations: Record<string, OperationModule> = { send, getAll, get, create, update, deleteTemplate };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['template'] } },
		options: [
			{
				name: 'Create',
				value: 'create',
				action: 'Create a template',
				description: 'Submit a new template (or a new language version) for review',
			},
			{
				name: 'Delete',
				value: 'deleteTemplate',
				action: 'Delete a template',
				description: 'Delete every language version of a name, or one version',
			},
			{
				name: 'Get',
				value: 'get',
				action: 'Get a template',
				description: 'Get one template with its components, status and send parameters',
			},
			{
				name: 'Get Many',
				value: 'getAll',
				action: 'Get many templates',
				description: 'List templates, filtered by status, name, category, language or content',
			},
			{
				name: 'Send',
				value: 'send',
				action: 'Send a template message',
				description: 'Send an approved template, with fields generated from its variables, media and buttons',
			},
			{
				name: 'Update',
				value: 'update',
				action: 'Update a template',
				description: 'Replace a template’s components or change its category',
			},
		],
		default: 'send',
	},
	...send.description,
	...getAll.description,
	...get.description,
	...create.description,
	...update.description,
	...deleteTemplate.description,
];
