import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { checkNewDisplayName, DISPLAY_NAME_FIELDS, summarizeDisplayName } from '../../../../whatsapp/displayName';
import { graphRequest } from '../../../shared/transport/graph';
import { resolvePhoneNumberId } from '../../helpers/phoneNumber';
import { runPerItem } from '../../helpers/runPerItem';
import { phoneNumberIdLocator } from '../common.descriptions';

const properties: INodeProperties[] = [
	{ ...phoneNumberIdLocator, description: 'The number to rename. Leave empty to use the default phone number ID from the credential.' },
	{
		displayName: 'New Display Name',
		name: 'newDisplayName',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. Lucky Shrub',
		description:
			'The business name customers should see. Meta reviews it against its display name guidelines; a green tick is judged again for the new name.',
	},
];

export const description = updateDisplayOptions({ show: { resource: ['phoneNumber'], operation: ['requestDisplayNameChange'] } }, properties);

/**
 * `POST /{phone-number-id}?new_display_name=…` (Meta's display names page), then a read of
 * `new_display_name,new_name_status` so the item shows the review it started.
 */
export async function execute(this: IExecuteFunctions, items: INodeExecutionData[]): Promise<INodeExecutionData[]> {
	return await runPerItem.call(this, items, async (itemIndex) => {
		const requested = this.getNodeParameter('newDisplayName', itemIndex, '');
		checkNewDisplayName(requested);
		const phoneNumberId = await resolvePhoneNumberId.call(this, itemIndex);
		const before = (await graphRequest.call(this, 'GET', phoneNumberId, { qs: { fields: DISPLAY_NAME_FIELDS.join(',') } }, itemIndex)) as Record<string, unknown>;
		const name = checkNewDisplayName(requested, typeof before.verified_name === 'string' ? before.verified_name : undefined);
		// Changing a name is harmless to repeat (the same review), so a lost answer may be retried.
		const answer = (await graphRequest.call(this, 'POST', phoneNumberId, { qs: { new_display_name: name }, idempotent: true }, itemIndex)) as IDataObject;
		const after = (await graphRequest.call(this, 'GET', phoneNumberId, { qs: { fields: DISPLAY_NAME_FIELDS.join(',') } }, itemIndex)) as Record<string, unknown>;
		return { success: answer?.success === true, requestedName: name, previousName: before.verified_name, ...summarizeDisplayName(after) } as unknown as IDataObject;
	});
}
