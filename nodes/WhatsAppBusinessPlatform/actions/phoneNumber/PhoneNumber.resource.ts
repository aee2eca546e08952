import type { INodeProperties } from 'n8n-workflow';

import type { OperationModule } from '../node.type';
import * as get from './get.operation';
import * as getAll from './getAll.operation';

export const resource = { name: 'Phone Number', value: 'phoneNumber' };

export const operations: Record<string, OperationModule> = { get, getAll };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['phoneNumber'] } },
		options: [
			{
				name: 'Get',
				value: 'get',
				action: 'Get a phone number',
				description:
					'Get a business number’s health: display name and its status, quality rating, messaging limit, throughput, verification, green tick',
			},
			{
				name: 'Get Many',
				value: 'getAll',
				action: 'Get many phone numbers',
				description: 'List the business account’s phone numbers with their health',
			},
		],
		default: 'get',
	},
	...get.description,
	...getAll.description,
];
