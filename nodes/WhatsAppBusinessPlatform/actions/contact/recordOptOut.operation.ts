import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { runPerItem } from '../../helpers/runPerItem';
import { contactBooks, contactJson, waIdField } from './shared';

const properties: INodeProperties[] = [
	waIdField,
	{
		displayName: 'Keyword',
		name: 'keyword',
		type: 'string',
		default: '',
		placeholder: 'e.g. STOP',
		description: 'The word the customer sent to opt out, or another note of how they asked',
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [
			{
				displayName: 'Opted Out At',
				name: 'at',
				type: 'dateTime',
				default: '',
				description: 'When the customer opted out. Empty means now.',
			},
		],
	},
];

export const description = updateDisplayOptions({ show: { resource: ['contact'], operation: ['recordOptOut'] } }, properties);

export async function execute(this: IExecuteFunctions, items: INodeExecutionData[]): Promise<INodeExecutionData[]> {
	const book = contactBooks(this);
	return await runPerItem.call(this, items, async (itemIndex) => {
		const options = this.getNodeParameter('options', itemIndex, {}) as IDataObject;
		const contact = await book(itemIndex).recordOptOut(this.getNodeParameter('waId', itemIndex), {
			keyword: this.getNodeParameter('keyword', itemIndex, ''),
			at: options.at,
		});
		return contactJson(contact);
	});
}
