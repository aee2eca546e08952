import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { PHONE_NUMBER_FIELDS, summarizePhoneNumber } from '../../../../whatsapp/phoneNumbers';
import { getGraphCredentials, graphRequestAllItems } from '../../../shared/transport/graph';
import { runPerItem } from '../../helpers/runPerItem';

const properties: INodeProperties[] = [
	{
		displayName: 'Return All',
		name: 'returnAll',
		type: 'boolean',
		default: false,
		description: 'Whether to return all results or only up to a given limit',
	},
	{
		displayName: 'Limit',
		name: 'limit',
		type: 'number',
		typeOptions: { minValue: 1 },
		default: 50,
		displayOptions: { show: { returnAll: [false] } },
		description: 'Max number of results to return',
	},
];

export const description = updateDisplayOptions({ show: { resource: ['phoneNumber'], operation: ['getAll'] } }, properties);

export async function execute(this: IExecuteFunctions, items: INodeExecutionData[]): Promise<INodeExecutionData[]> {
	return await runPerItem.call(this, items, async (itemIndex) => {
		const returnAll = this.getNodeParameter('returnAll', itemIndex, false) as boolean;
		const limit = returnAll ? undefined : (this.getNodeParameter('limit', itemIndex, 50) as number);
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
