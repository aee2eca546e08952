import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { runPerItem } from '../../helpers/runPerItem';
import { contactBooks, contactJson, waIdField } from './shared';

const properties: INodeProperties[] = [
	waIdField,
	{
		displayName: 'Create If Missing',
		name: 'createIfMissing',
		type: 'boolean',
		default: false,
		description: 'Whether to create the contact when the book does not know it yet. Off: an unknown contact gives an item with found = false.',
	},
];

export const description = updateDisplayOptions({ show: { resource: ['contact'], operation: ['get'] } }, properties);

export async function execute(this: IExecuteFunctions, items: INodeExecutionData[]): Promise<INodeExecutionData[]> {
	const book = contactBooks(this);
	return await runPerItem.call(this, items, async (itemIndex) => {
		const result = await book(itemIndex).get(
			this.getNodeParameter('waId', itemIndex),
			this.getNodeParameter('createIfMissing', itemIndex, false) as boolean,
		);
		return result.found ? contactJson(result.contact) : { found: false, waId: result.waId };
	});
}
