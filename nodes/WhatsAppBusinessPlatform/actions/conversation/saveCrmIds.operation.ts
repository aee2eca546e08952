import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import type { CrmIds } from '../../../../whatsapp/conversations/crm';
import { crmAttributes, crmContext } from '../../../../whatsapp/conversations/crm';
import { WhatsAppValidationError } from '../../../../whatsapp/validation';
import { runPerItem } from '../../helpers/runPerItem';
import { contactBooks, contactTableLocator } from '../contact/shared';

const idField = (displayName: string, name: string, placeholder: string): INodeProperties => ({
	displayName,
	name,
	type: 'string',
	default: '',
	placeholder,
});

const properties: INodeProperties[] = [
	{
		displayName: 'Contact Phone Number',
		name: 'waId',
		type: 'string',
		default: '={{ $json.conversation?.waId ?? $json.waId }}',
		required: true,
		description: "The customer's WhatsApp ID (wa_id) or phone number with country code",
	},
	contactTableLocator('contactTable'),
	{
		displayName: 'CRM IDs',
		name: 'crmIds',
		type: 'collection',
		placeholder: 'Add CRM ID',
		default: {},
		description: 'IDs found in the CRM (for example by a HubSpot "Search" on the phone); empty values are left as they are',
		options: [
			idField('HubSpot Contact ID', 'hubspotContactId', 'e.g. 51'),
			idField('Pipedrive Person ID', 'pipedrivePersonId', 'e.g. 1207'),
			idField('Salesforce Contact ID', 'salesforceContactId', 'e.g. 0035e00000AbCdEAAV'),
			idField('Salesforce Lead ID', 'salesforceLeadId', 'e.g. 00Q5e00000AbCdEEAV'),
			idField('Zoho Contact ID', 'zohoContactId', 'e.g. 4876876000000624001'),
		],
	},
];

export const description = updateDisplayOptions({ show: { resource: ['conversation'], operation: ['saveCrmIds'] } }, properties);

export async function execute(this: IExecuteFunctions, items: INodeExecutionData[]): Promise<INodeExecutionData[]> {
	const book = contactBooks(this, 'contactTable');
	return await runPerItem.call(this, items, async (itemIndex) => {
		const attributes = crmAttributes(this.getNodeParameter('crmIds', itemIndex, {}) as CrmIds);
		if (Object.keys(attributes).length === 0) throw new WhatsAppValidationError('CRM IDs', 'Give at least one CRM ID to save');
		const contact = await book(itemIndex).setAttributes(this.getNodeParameter('waId', itemIndex), attributes);
		return { contact: contact as unknown as IDataObject, crm: crmContext(contact.waId, contact) as unknown as IDataObject };
	});
}
