import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { readBlockedUsers } from '../../../../whatsapp/blockUsers';
import { graphRequestAllItems } from '../../../shared/transport/graph';
import { resolvePhoneNumberId } from '../../helpers/phoneNumber';
import { runPerItem } from '../../helpers/runPerItem';
import { phoneNumberIdLocator, returnAllOrLimit } from '../common.descriptions';
import { readLimit } from '../../helpers/limit';

const properties: INodeProperties[] = [
	phoneNumberIdLocator,
	...returnAllOrLimit,
];

export const description = updateDisplayOptions({ show: { resource: ['user'], operation: ['getAllBlocked'] } }, properties);

export async function execute(this: IExecuteFunctions, items: INodeExecutionData[]): Promise<INodeExecutionData[]> {
	return await runPerItem.call(this, items, async (itemIndex) => {
		const limit = readLimit.call(this, itemIndex);
		const phoneNumberId = await resolvePhoneNumberId.call(this, itemIndex);
		const entries = await graphRequestAllItems.call(this, `${phoneNumberId}/block_users`, { limit: Math.min(limit ?? 100, 100) }, limit);
		const users = readBlockedUsers(entries);
		return (limit === undefined ? users : users.slice(0, limit)).map((user) => ({ ...user, phoneNumberId }));
	});
}
