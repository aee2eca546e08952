import type { INodeProperties } from 'n8n-workflow';

import type { OperationModule } from '../node.type';
import * as get from './get.operation';
import * as update from './update.operation';

export const resource = { name: 'Business Profile', value: 'businessProfile' };

export const operations: Record<string, OperationModule> = { get, update };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['businessProfile'] } },
		options: [
			{
				name: 'Get',
				value: 'get',
				action: 'Get the business profile',
				description: 'Get the about text, address, description, email, websites, industry and photo URL of a number',
			},
			{
				name: 'Update',
				value: 'update',
				action: 'Update the business profile',
				description: 'Change profile fields and the profile photo of a number',
			},
		],
		default: 'get',
	},
	...get.description,
	...update.description,
];
