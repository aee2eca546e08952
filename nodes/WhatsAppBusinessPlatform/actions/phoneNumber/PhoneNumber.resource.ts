import type { INodeProperties } from 'n8n-workflow';

import type { OperationModule } from '../node.type';
import * as checkGreenTickReadiness from './checkGreenTickReadiness.operation';
import * as get from './get.operation';
import * as getAll from './getAll.operation';
import * as getGreenTickStatus from './getGreenTickStatus.operation';
import * as requestDisplayNameChange from './requestDisplayNameChange.operation';
import * as requestGreenTick from './requestGreenTick.operation';

export const resource = { name: 'Phone Number', value: 'phoneNumber' };

export const operations: Record<string, OperationModule> = { get, getAll, checkGreenTickReadiness, requestGreenTick, getGreenTickStatus, requestDisplayNameChange };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['phoneNumber'] } },
		options: [
			{
				name: 'Check Green Tick Readiness',
				value: 'checkGreenTickReadiness',
				action: 'Check green tick readiness',
				description:
					'Say what stands between the number and the green tick: business verification, test number, two-step verification, display name, a pending or recent rejected request',
			},
			{
				name: 'Get',
				value: 'get',
				action: 'Get a phone number',
				description:
					'Get a business number’s health: display name and its status, quality rating, messaging limit, throughput, verification, green tick',
			},
			{
				name: 'Get Green Tick Status',
				value: 'getGreenTickStatus',
				action: 'Get green tick status',
				description: 'Get the Official Business Account request’s status, and when a new request is allowed after a rejection',
			},
			{
				name: 'Get Many',
				value: 'getAll',
				action: 'Get many phone numbers',
				description: 'List the business account’s phone numbers with their health',
			},
			{
				name: 'Request Display Name Change',
				value: 'requestDisplayNameChange',
				action: 'Request a display name change',
				description: 'Ask Meta to review a new display name and show the review’s status',
			},
			{
				name: 'Request Green Tick (OBA)',
				value: 'requestGreenTick',
				action: 'Request the green tick',
				description: 'Apply for Official Business Account status (the green tick), after checking the fields and the number’s readiness',
			},
		],
		default: 'get',
	},
	...checkGreenTickReadiness.description,
	...get.description,
	...getAll.description,
	...getGreenTickStatus.description,
	...requestDisplayNameChange.description,
	...requestGreenTick.description,
];
