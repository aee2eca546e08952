import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { getGraphCredentials, graphRequestAllItems } from '../../../shared/transport/graph';
import { runPerItem } from '../../helpers/runPerItem';
import { TEMPLATE_FIELDS, templateJson } from './common';
import { returnAllOrLimit } from '../common.descriptions';
import { readLimit } from '../../helpers/limit';

const properties: INodeProperties[] = [
	{
		displayName: 'Status',
		name: 'status',
		type: 'options',
		default: 'APPROVED',
		description: 'Only templates in this review status. Approved templates are the ones that can be sent.',
		options: [
			{ name: 'Any Status', value: '' },
			{ name: 'Approved', value: 'APPROVED' },
			{ name: 'Disabled', value: 'DISABLED' },
			{ name: 'In Appeal', value: 'IN_APPEAL' },
			{ name: 'Paused', value: 'PAUSED' },
			{ name: 'Pending', value: 'PENDING' },
			{ name: 'Rejected', value: 'REJECTED' },
		],
	},
	...returnAllOrLimit,
	{
		displayName: 'Filters',
		name: 'filters',
		type: 'collection',
		placeholder: 'Add Filter',
		default: {},
		options: [
			{
				displayName: 'Category',
				name: 'category',
				type: 'options',
				default: 'MARKETING',
				options: [
					{ name: 'Authentication', value: 'AUTHENTICATION' },
					{ name: 'Marketing', value: 'MARKETING' },
					{ name: 'Utility', value: 'UTILITY' },
				],
			},
			{
				displayName: 'Content Contains',
				name: 'content',
				type: 'string',
				default: '',
				placeholder: 'e.g. order',
				description: 'Only templates whose text contains this',
			},
			{
				displayName: 'Language',
				name: 'language',
				type: 'string',
				default: '',
				placeholder: 'e.g. en_US',
				description: 'Only templates in this exact language code',
			},
			{
				displayName: 'Name Contains',
				name: 'name',
				type: 'string',
				default: '',
				placeholder: 'e.g. order_',
				description: 'Only templates whose name contains this',
			},
		],
	},
];

export const description = updateDisplayOptions({ show: { resource: ['template'], operation: ['getAll'] } }, properties);

export async function execute(this: IExecuteFunctions, items: INodeExecutionData[]): Promise<INodeExecutionData[]> {
	return await runPerItem.call(this, items, async (itemIndex) => {
		const { businessAccountId } = await getGraphCredentials.call(this);
		const filters = this.getNodeParameter('filters', itemIndex, {}) as IDataObject;
		const status = this.getNodeParameter('status', itemIndex, 'APPROVED') as string;
		const limit = readLimit.call(this, itemIndex);
		const qs: IDataObject = { fields: TEMPLATE_FIELDS, limit: Math.min(limit ?? 100, 100) };
		if (status) qs.status = status;
		for (const key of ['name', 'category', 'language', 'content']) {
			const value = String(filters[key] ?? '').trim();
			if (value) qs[key] = value;
		}
		const templates = await graphRequestAllItems.call(this, `${businessAccountId}/message_templates`, qs, limit);
		return templates.map(templateJson);
	});
}
