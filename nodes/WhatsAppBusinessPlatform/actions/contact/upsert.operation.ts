import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { runPerItem } from '../../helpers/runPerItem';
import { attributesFromUi, attributesUi, contactBooks, contactJson, waIdField } from './shared';

const properties: INodeProperties[] = [
	waIdField,
	{
		displayName: 'Fields',
		name: 'fields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		description: 'The fields to set. Fields left out keep their value.',
		options: [
			{
				displayName: 'Assigned Agent',
				name: 'assignedAgent',
				type: 'string',
				default: '',
				placeholder: 'e.g. maria@example.com',
				description: 'The agent who handles this customer',
			},
			{
				displayName: 'Assigned Team',
				name: 'assignedTeam',
				type: 'string',
				default: '',
				placeholder: 'e.g. billing',
				description: 'The team that handles this customer',
			},
			{ ...attributesUi, displayName: 'Attributes' },
			{
				displayName: 'Conversation Status',
				name: 'status',
				type: 'options',
				options: [
					{ name: 'Open', value: 'open' },
					{ name: 'Pending', value: 'pending' },
					{ name: 'Closed', value: 'closed' },
				],
				default: 'open',
			},
			{
				displayName: 'Labels to Add',
				name: 'labels',
				type: 'string',
				default: '',
				placeholder: 'e.g. new customer',
				description: 'Labels to add, separated by commas. Existing labels stay.',
			},
			{
				displayName: 'Phone',
				name: 'phone',
				type: 'string',
				default: '',
				placeholder: 'e.g. +15551234567',
				description: 'The phone number to show for the contact, when it differs from the WhatsApp ID',
			},
			{
				displayName: 'Profile Name',
				name: 'profileName',
				type: 'string',
				default: '',
				placeholder: 'e.g. Ana Souza',
				description: "The customer's name",
			},
		],
	},
];

export const description = updateDisplayOptions({ show: { resource: ['contact'], operation: ['upsert'] } }, properties);

export async function execute(this: IExecuteFunctions, items: INodeExecutionData[]): Promise<INodeExecutionData[]> {
	const book = contactBooks(this);
	return await runPerItem.call(this, items, async (itemIndex) => {
		const fields = this.getNodeParameter('fields', itemIndex, {}) as IDataObject;
		const contact = await book(itemIndex).upsert(this.getNodeParameter('waId', itemIndex), {
			...fields,
			attributes: fields.attributes === undefined ? undefined : attributesFromUi(fields.attributes),
		});
		return contactJson(contact);
	});
}
