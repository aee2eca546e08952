import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { PROFILE_FIELDS, readProfile } from '../../../../whatsapp/profile';
import { graphRequest } from '../../../shared/transport/graph';
import { resolvePhoneNumberId } from '../../helpers/phoneNumber';
import { runPerItem } from '../../helpers/runPerItem';
import { phoneNumberIdLocator } from '../common.descriptions';

const FIELD_NAMES: Record<string, string> = {
	about: 'About',
	address: 'Address',
	description: 'Description',
	email: 'Email',
	profile_picture_url: 'Profile Picture URL',
	websites: 'Websites',
	vertical: 'Industry',
};

const properties: INodeProperties[] = [
	phoneNumberIdLocator,
	{
		displayName: 'Fields',
		name: 'fields',
		type: 'multiOptions',
		options: PROFILE_FIELDS.map((field) => ({ name: FIELD_NAMES[field], value: field })),
		default: [],
		description: 'The profile fields to return. Leave empty for all of them.',
	},
];

export const description = updateDisplayOptions({ show: { resource: ['businessProfile'], operation: ['get'] } }, properties);

export async function execute(this: IExecuteFunctions, items: INodeExecutionData[]): Promise<INodeExecutionData[]> {
	return await runPerItem.call(this, items, async (itemIndex) => {
		const phoneNumberId = await resolvePhoneNumberId.call(this, itemIndex);
		const chosen = this.getNodeParameter('fields', itemIndex, []) as string[];
		const fields = (chosen.length > 0 ? chosen : PROFILE_FIELDS).join(',');
		const response = await graphRequest.call(this, 'GET', `${phoneNumberId}/whatsapp_business_profile`, { qs: { fields } }, itemIndex);
		return { ...readProfile(response), phoneNumberId };
	});
}
