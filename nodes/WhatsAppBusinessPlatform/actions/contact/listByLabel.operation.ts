import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { runPerItem } from '../../helpers/runPerItem';
import { contactBooks, contactJson } from './shared';
import { returnAllOrLimit } from '../common.descriptions';
import { readLimit } from '../../helpers/limit';

const properties: INodeProperties[] = [
	{
		displayName: 'Label',
		name: 'label',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. vip',
		description: 'The label the contacts carry',
	},
	...returnAllOrLimit,
];

export const description = updateDisplayOptions({ show: { resource: ['contact'], operation: ['listByLabel'] } }, properties);

export async function execute(this: IExecuteFunctions, items: INodeExecutionData[]): Promise<INodeExecutionData[]> {
	const book = contactBooks(this);
	return await runPerItem.call(this, items, async (itemIndex) => {
		const limit = readLimit.call(this, itemIndex);
		const contacts = await book(itemIndex).listByLabel(this.getNodeParameter('label', itemIndex), limit);
		return contacts.map(contactJson);
	});
}
