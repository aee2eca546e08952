import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { runPerItem } from '../../helpers/runPerItem';
import { contactBooks, contactJson, labelsField, waIdField } from './shared';

const properties: INodeProperties[] = [waIdField, labelsField];

export const description = updateDisplayOptions({ show: { resource: ['contact'], operation: ['addLabels'] } }, properties);

export async function execute(this: IExecuteFunctions, items: INodeExecutionData[]): Promise<INodeExecutionData[]> {
	const book = contactBooks(this);
	return await runPerItem.call(this, items, async (itemIndex) =>
		contactJson(await book(itemIndex).addLabels(this.getNodeParameter('waId', itemIndex), this.getNodeParameter('labels', itemIndex))),
	);
}
