import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { readBlockedUsers } from '../../../../whatsapp/blockUsers';
import { graphRequestAllItems } from '../../../shared/transport/graph';
import { resolvePhoneNumberId } from '../../helpers/phoneNumber';
import { runPerItem } from '../../helpers/runPerItem';
import { phoneNumberIdLocator } from '../common.descriptions';

const properties: INodeProperties[] = [
	phoneNumberIdLocator,
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

export const description = updateDisplayOptions({ show: { resource: ['user'], operation: ['getAllBlocked'] } }, properties);

export async function execute(this: IExecuteFunctions, items: INodeExecutionData[]): Promise<INodeExecutionData[]> {
	return await runPerItem.call(this, items, async (itemIndex) => {
		const returnAll = this.getNodeParameter('returnAll', itemIndex, false) as boolean;
		const limit = returnAll ? undefined : (this.getNodeParameter('limit', itemIndex, 50) as number);
		const phoneNumberId = await resolvePhoneNumberId.call(this, itemIndex);
		const entries = await graphRequestAllItems.call(this, `${phoneNumberId}/block_users`, { limit: Math.min(limit ?? 100, 100) }, limit);
		const users = readBlockedUsers(entries);
		return (limit === undefined ? users : users.slice(0, limit)).map((user) => ({ ...user, phoneNumberId }));
	});
}
