import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { summarizeDisplayName } from '../../../../whatsapp/displayName';
import { summarizeGreenTick } from '../../../../whatsapp/greenTick';
import { graphRequest } from '../../../shared/transport/graph';
import { runPerItem } from '../../helpers/runPerItem';
import { greenTickReadProperties, readGreenTickTarget } from './greenTickRead';

/** The OBA field (Meta's guide reads it this way) and what the summary shows next to it. */
const STATUS_FIELDS = ['id', 'display_phone_number', 'verified_name', 'name_status', 'new_display_name', 'new_name_status', 'is_official_business_account', 'official_business_account'];

const properties = greenTickReadProperties('The number whose green tick request to read. Leave empty to use the default phone number ID from the credential.');

export const description = updateDisplayOptions({ show: { resource: ['phoneNumber'], operation: ['getGreenTickStatus'] } }, properties);

export async function execute(this: IExecuteFunctions, items: INodeExecutionData[]): Promise<INodeExecutionData[]> {
	return await runPerItem.call(this, items, async (itemIndex) => {
		const { phoneNumberId, rejectedAt } = await readGreenTickTarget.call(this, itemIndex);
		const raw = (await graphRequest.call(this, 'GET', phoneNumberId, { qs: { fields: STATUS_FIELDS.join(',') } }, itemIndex)) as Record<string, unknown>;
		const review = summarizeDisplayName(raw);
		const displayName = { nameStatus: review.nameStatus, newDisplayName: review.newDisplayName, newNameStatus: review.newNameStatus, summary: review.summary };
		return { ...summarizeGreenTick(raw, { rejectedAt }), displayName, raw } as unknown as IDataObject;
	});
}
