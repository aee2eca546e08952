import type { INodeProperties } from 'n8n-workflow';

import type { OperationModule } from '../node.type';
import * as sendText from './sendText.operation';

export const resource = { name: 'Message', value: 'message' };

export const operations: Record<string, OperationModule> = { sendText };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['message'] } },
		options: [
			{
				name: 'Send Text',
				value: 'sendText',
				action: 'Send a text message',
				description: 'Send a text message, optionally with a link preview',
			},
		],
		default: 'sendText',
	},
	...sendText.description,
];
