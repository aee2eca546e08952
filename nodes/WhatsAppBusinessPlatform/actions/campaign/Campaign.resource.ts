import type { INodeProperties } from 'n8n-workflow';

import type { OperationModule } from '../node.type';
import * as getStatus from './getStatus.operation';
import * as recordStatuses from './recordStatuses.operation';
import * as send from './send.operation';
import * as validate from './validate.operation';

export const resource = { name: 'Campaign', value: 'campaign' };

/** Operation name → module. A resource with no operations is left out of the node. */
export const operations: Record<string, OperationModule> = { send, validate, getStatus, recordStatuses };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['campaign'] } },
		options: [
			{
				name: 'Get Status',
				value: 'getStatus',
				action: 'Get the status of a campaign',
				description:
					"The campaign's funnel (accepted, sent, delivered, read, failed by code, uncertain) and each recipient's last known state, from the progress table and the status webhooks the trigger recorded",
			},
			{
				name: 'Record Statuses',
				value: 'recordStatuses',
				action: 'Record campaign statuses',
				description:
					'Store status items of campaign messages (from a trigger without the n8n API credential, or another source) in the progress table',
			},
			{
				name: 'Send',
				value: 'send',
				action: 'Send a campaign',
				description:
					"Send a template (or text inside the 24-hour window) to every input item, paced to the number's throughput, with retries, skip rules and resume",
			},
			{
				name: 'Validate',
				value: 'validate',
				action: 'Validate a campaign',
				description: 'List what Send would do for every recipient and every problem found, without sending anything',
			},
		],
		default: 'send',
	},
	...send.description,
	...validate.description,
	...getStatus.description,
	...recordStatuses.description,
];
