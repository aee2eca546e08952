import type { INodeProperties } from 'n8n-workflow';

import type { OperationModule } from '../node.type';
import * as getConversations from './getConversations.operation';
import * as getMessages from './getMessages.operation';
import * as getPricing from './getPricing.operation';
import * as getTemplates from './getTemplates.operation';
import { logCredentialSwitch } from './log.descriptions';
import * as pruneLog from './pruneLog.operation';
import * as recordEvents from './recordEvents.operation';
import * as report from './report.operation';

export const resource = { name: 'Analytics', value: 'analytics' };

export const operations: Record<string, OperationModule> = { getMessages, getPricing, getConversations, getTemplates, recordEvents, report, pruneLog };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['analytics'] } },
		options: [
			{
				name: 'Get Conversation Analytics (Legacy)',
				value: 'getConversations',
				action: 'Get conversation analytics',
				description: 'Conversations and their cost under the conversation-based pricing used until July 2025',
			},
			{
				name: 'Get Message Analytics',
				value: 'getMessages',
				action: 'Get message analytics',
				description: 'Messages sent and delivered per period, one item per data point',
			},
			{
				name: 'Get Pricing Analytics',
				value: 'getPricing',
				action: 'Get pricing analytics',
				description: 'Charged messages and their cost per period under per-message pricing, one item per data point',
			},
			{
				name: 'Get Template Analytics',
				value: 'getTemplates',
				action: 'Get template analytics',
				description: 'Sent, delivered, read, clicks and cost per template and day',
			},
			{
				name: 'Prune Log',
				value: 'pruneLog',
				action: 'Delete old rows of the message log',
				description: 'Delete message-log rows older than a number of days',
			},
			{
				name: 'Record Events',
				value: 'recordEvents',
				action: 'Record events in the message log',
				description: 'Append trigger events (statuses, customer messages, echoes) and send results to the message log in n8n',
			},
			{
				name: 'Report',
				value: 'report',
				action: 'Report on messages and conversations',
				description: 'Funnel, reply rate, failures, response and resolution times and cost from the message log, as items, a chart or an HTML report',
			},
		],
		default: 'getMessages',
	},
	...getMessages.description,
	...getPricing.description,
	...getConversations.description,
	...getTemplates.description,
	...recordEvents.description,
	...report.description,
	...pruneLog.description,
	...logCredentialSwitch,
];
