import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { runPerItem } from '../../helpers/runPerItem';
import { contactBooks, waIdField } from './shared';

const properties: INodeProperties[] = [
	{
		...waIdField,
		description: 'The customer to forget: every row of theirs is deleted from the contact book table (for data-protection requests)',
	},
];

export const description = updateDisplayOptions({ show: { resource: ['contact'], operation: ['deleteContact'] } }, properties);

export async function execute(this: IExecuteFunctions, items: INodeExecutionData[]): Promise<INodeExecutionData[]> {
	const book = contactBooks(this);
	return await runPerItem.call(this, items, async (itemIndex) =>
		(await book(itemIndex).delete(this.getNodeParameter('waId', itemIndex))) as unknown as IDataObject,
	);
}
