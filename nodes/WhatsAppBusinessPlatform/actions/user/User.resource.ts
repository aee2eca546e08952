import type { INodeProperties } from 'n8n-workflow';

import type { OperationModule } from '../node.type';
import * as block from './block.operation';
import * as getAllBlocked from './getAllBlocked.operation';
import * as unblock from './unblock.operation';

export const resource = { name: 'User', value: 'user' };

export const operations: Record<string, OperationModule> = { block, unblock, getAllBlocked };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['user'] } },
		options: [
			{
				name: 'Block',
				value: 'block',
				action: 'Block users',
				description: 'Block one or more users from messaging the business number',
			},
			{
				name: 'Get Many Blocked',
				value: 'getAllBlocked',
				action: 'Get many blocked users',
				description: 'List the users blocked by the business number',
			},
			{
				name: 'Unblock',
				value: 'unblock',
				action: 'Unblock users',
				description: 'Unblock one or more users',
			},
		],
		default: 'block',
	},
	...block.description,
	...unblock.description,
	...getAllBlocked.description,
];
