import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { PHONE_NUMBER_FIELDS, summarizePhoneNumber } from '../../../../whatsapp/phoneNumbers';
import { getGraphCredentials, graphRequestAllItems } from '../../../shared/transport/graph';
import { runPerItem } from '../../helpers/runPerItem';
import { returnAllOrLimit } from '../common.descriptions';
import { readLimit } from '../../helpers/limit';

const properties: INodeProperties[] = [
	...returnAllOrLimit,
];

export const description = updateDisplayOptions({ show: { resource: ['phoneNumber'], operation: ['getAll'] } }, properties);

export async function execute(this: IExecuteFunctions, items: INodeExecutionData[]): Promise<INodeExecutionData[]> {
	return await runPerItem.call(this, items, async (itemIndex) => {
		const limit = readLimit.call(this, itemIndex);
		const { businessAccountId } = await getGraphCredentials.call(this);
		const numbers = await graphRequestAllItems.call(
			this,
			`${businessAccountId}/phone_numbers`,
			{ fields: PHONE_NUMBER_FIELDS.join(','), limit: Math.min(limit ?? 100, 100) },
			limit,
		);
		return numbers.map((raw) => summarizePhoneNumber(raw) as unknown as IDataObject);
	});
}
