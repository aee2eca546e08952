import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { runPerItem } from '../../helpers/runPerItem';
import { attributesFromUi, attributesUi, contactBooks, contactJson, waIdField } from './shared';

const properties: INodeProperties[] = [
	waIdField,
	attributesUi,
	{
		displayName: 'Attributes to Remove',
		name: 'removeAttributes',
		type: 'string',
		default: '',
		placeholder: 'e.g. coupon, old_crm_id',
		description: 'Names of attributes to remove, separated by commas',
	},
];

export const description = updateDisplayOptions({ show: { resource: ['contact'], operation: ['setAttributes'] } }, properties);

export async function execute(this: IExecuteFunctions, items: INodeExecutionData[]): Promise<INodeExecutionData[]> {
	const book = contactBooks(this);
	return await runPerItem.call(this, items, async (itemIndex) => {
		const contact = await book(itemIndex).setAttributes(
			this.getNodeParameter('waId', itemIndex),
			attributesFromUi(this.getNodeParameter('attributes', itemIndex, {})),
			this.getNodeParameter('removeAttributes', itemIndex, ''),
		);
		return contactJson(contact);
	});
}
