import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { crmContext } from '../../../../whatsapp/conversations/crm';
import { runPerItem } from '../../helpers/runPerItem';
import { contactBooks, contactTableLocator } from '../contact/shared';
import { conversationJson, conversationSelector, desks, selectConversation } from './shared';

const properties: INodeProperties[] = [
	...conversationSelector,
	{
		displayName: 'Include Contact and CRM Context',
		name: 'includeContact',
		type: 'boolean',
		default: true,
		description:
			'Whether to add the contact from the contact book and a "crm" object: E.164 phone, name and stored CRM IDs under the names the HubSpot, Salesforce, Pipedrive and Zoho nodes take',
	},
	{ ...contactTableLocator('contactTable'), displayOptions: { show: { includeContact: [true] } } },
];

export const description = updateDisplayOptions({ show: { resource: ['conversation'], operation: ['get'] } }, properties);

export async function execute(this: IExecuteFunctions, items: INodeExecutionData[]): Promise<INodeExecutionData[]> {
	const desk = desks(this);
	const book = contactBooks(this, 'contactTable');
	return await runPerItem.call(this, items, async (itemIndex) => {
		const { desk: d } = desk(itemIndex);
		const conversation = await selectConversation(this, d, itemIndex);
		const json: IDataObject = { conversation: conversationJson(conversation) };
		if (this.getNodeParameter('includeContact', itemIndex, true) as boolean) {
			const found = await book(itemIndex).get(conversation.waId);
			const contact = found.found ? found.contact : undefined;
			json.contact = (contact ?? null) as unknown as IDataObject;
			json.crm = crmContext(conversation.waId, contact) as unknown as IDataObject;
		}
		return json;
	});
}
