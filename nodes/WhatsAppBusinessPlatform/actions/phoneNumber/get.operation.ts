import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { PHONE_NUMBER_FIELDS, summarizePhoneNumber } from '../../../../whatsapp/phoneNumbers';
import { graphRequest } from '../../../shared/transport/graph';
import { resolvePhoneNumberId } from '../../helpers/phoneNumber';
import { runPerItem } from '../../helpers/runPerItem';
import { phoneNumberIdLocator } from '../common.descriptions';

const properties: INodeProperties[] = [
	{ ...phoneNumberIdLocator, description: 'The business number to read. Leave empty to use the default phone number ID from the credential.' },
];

export const description = updateDisplayOptions({ show: { resource: ['phoneNumber'], operation: ['get'] } }, properties);

export async function execute(this: IExecuteFunctions, items: INodeExecutionData[]): Promise<INodeExecutionData[]> {
	return await runPerItem.call(this, items, async (itemIndex) => {
		const phoneNumberId = await resolvePhoneNumberId.call(this, itemIndex);
		const raw = (await graphRequest.call(this, 'GET', phoneNumberId, { qs: { fields: PHONE_NUMBER_FIELDS.join(',') } }, itemIndex)) as Record<string, unknown>;
		return summarizePhoneNumber(raw) as unknown as IDataObject;
	});
}
