import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { runPerItem } from '../../helpers/runPerItem';
import { contactBooks, contactJson, waIdField } from './shared';

const properties: INodeProperties[] = [
	waIdField,
	{
		displayName: 'Source',
		name: 'source',
		type: 'string',
		default: '',
		placeholder: 'e.g. checkout page checkbox',
		description: 'How the customer agreed to receive messages (web form, SMS, in person …), kept as proof of opt-in',
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [
			{
				displayName: 'Opted In At',
				name: 'at',
				type: 'dateTime',
				default: '',
				description: 'When the customer opted in. Empty means now.',
			},
		],
	},
];

export const description = updateDisplayOptions({ show: { resource: ['contact'], operation: ['recordOptIn'] } }, properties);

export async function execute(this: IExecuteFunctions, items: INodeExecutionData[]): Promise<INodeExecutionData[]> {
	const book = contactBooks(this);
	return await runPerItem.call(this, items, async (itemIndex) => {
		const options = this.getNodeParameter('options', itemIndex, {}) as IDataObject;
		const contact = await book(itemIndex).recordOptIn(this.getNodeParameter('waId', itemIndex), {
			source: this.getNodeParameter('source', itemIndex, ''),
			at: options.at,
		});
		return contactJson(contact);
	});
}
