import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { runPerItem } from '../../helpers/runPerItem';
import { contactBooks, waIdField } from './shared';

const properties: INodeProperties[] = [
	waIdField,
	{
		displayName: 'Message Kind',
		name: 'messageKind',
		type: 'options',
		options: [
			{ name: 'Free-Form Message', value: 'freeForm', description: 'Text, media, interactive …: needs the 24-hour window open' },
			{ name: 'Marketing Template', value: 'marketing', description: 'Allowed outside the window, not to contacts who opted out' },
			{ name: 'Utility or Authentication Template', value: 'utility', description: 'Allowed outside the window and after a marketing opt-out' },
		],
		default: 'freeForm',
		description: 'What you are about to send; the answer\'s "decision" field is for this kind',
	},
];

export const description = updateDisplayOptions({ show: { resource: ['contact'], operation: ['checkBeforeSending'] } }, properties);

export async function execute(this: IExecuteFunctions, items: INodeExecutionData[]): Promise<INodeExecutionData[]> {
	const book = contactBooks(this);
	return await runPerItem.call(this, items, async (itemIndex) => {
		const kind = this.getNodeParameter('messageKind', itemIndex, 'freeForm') as string;
		const check = await book(itemIndex).checkBeforeSending(this.getNodeParameter('waId', itemIndex), {
			messageType: kind === 'freeForm' ? 'text' : 'template',
			templateCategory: kind === 'marketing' ? 'MARKETING' : 'UTILITY',
		});
		return check as unknown as IDataObject;
	});
}
