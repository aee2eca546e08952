import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import type { ContactCard } from '../../../../whatsapp/messages/contacts';
import { buildContacts } from '../../../../whatsapp/messages/contacts';
import { phoneNumberIdLocator, recipientField, sendOptionsCollection } from '../common.descriptions';
import { inputModeProperty, sendBuilt } from './shared';

const placeType = (description: string): INodeProperties => ({
	displayName: 'Type',
	name: 'type',
	type: 'options',
	default: '',
	options: [
		{ name: 'Home', value: 'HOME' },
		{ name: 'Unspecified', value: '' },
		{ name: 'Work', value: 'WORK' },
	],
	description,
});

const contactFields: INodeProperties[] = [
	{
		displayName: 'Formatted Name',
		name: 'formatted_name',
		type: 'string',
		default: '',
		placeholder: 'e.g. Barbara J. Johnson',
		description: 'The name shown on the card. Empty joins the name parts below.',
	},
	{ displayName: 'First Name', name: 'first_name', type: 'string', default: '' },
	{ displayName: 'Last Name', name: 'last_name', type: 'string', default: '' },
	{ displayName: 'Middle Name', name: 'middle_name', type: 'string', default: '' },
	{ displayName: 'Name Prefix', name: 'prefix', type: 'string', default: '', placeholder: 'e.g. Dr.' },
	{ displayName: 'Name Suffix', name: 'suffix', type: 'string', default: '', placeholder: 'e.g. Jr.' },
	{ displayName: 'Birthday', name: 'birthday', type: 'string', default: '', placeholder: 'e.g. 1999-01-23', description: 'In the form YYYY-MM-DD' },
	{ displayName: 'Company', name: 'company', type: 'string', default: '' },
	{ displayName: 'Department', name: 'department', type: 'string', default: '' },
	{ displayName: 'Job Title', name: 'title', type: 'string', default: '' },
	{
		displayName: 'Phones',
		name: 'phones',
		type: 'fixedCollection',
		typeOptions: { multipleValues: true },
		default: {},
		placeholder: 'Add Phone',
		options: [
			{
				displayName: 'Phone',
				name: 'phone',
				values: [
					{ displayName: 'Number', name: 'phone', type: 'string', default: '', placeholder: 'e.g. +16505559999' },
					{
						displayName: 'WhatsApp ID',
						name: 'wa_id',
						type: 'string',
						default: '',
						placeholder: 'e.g. 16505559999',
						description: 'Adds "Message" and "Call" buttons on the card for this number',
					},
					{
						displayName: 'Type',
						name: 'type',
						type: 'options',
						default: '',
						options: [
							{ name: 'Cell', value: 'CELL' },
							{ name: 'Home', value: 'HOME' },
							{ name: 'iPhone', value: 'IPHONE' },
							{ name: 'Main', value: 'MAIN' },
							{ name: 'Unspecified', value: '' },
							{ name: 'Work', value: 'WORK' },
						],
					},
				],
			},
		],
	},
	{
		displayName: 'Emails',
		name: 'emails',
		type: 'fixedCollection',
		typeOptions: { multipleValues: true },
		default: {},
		placeholder: 'Add Email',
		options: [
			{
				displayName: 'Email',
				name: 'email',
				values: [
					{ displayName: 'Email', name: 'email', type: 'string', default: '', placeholder: 'e.g. name@email.com' },
					placeType('Whether this is a home or work address'),
				],
			},
		],
	},
	{
		displayName: 'Addresses',
		name: 'addresses',
		type: 'fixedCollection',
		typeOptions: { multipleValues: true },
		default: {},
		placeholder: 'Add Address',
		options: [
			{
				displayName: 'Address',
				name: 'address',
				values: [
					{ displayName: 'Street', name: 'street', type: 'string', default: '' },
					{ displayName: 'City', name: 'city', type: 'string', default: '' },
					{ displayName: 'State', name: 'state', type: 'string', default: '' },
					{ displayName: 'ZIP Code', name: 'zip', type: 'string', default: '' },
					{ displayName: 'Country', name: 'country', type: 'string', default: '' },
					{ displayName: 'Country Code', name: 'country_code', type: 'string', default: '', placeholder: 'e.g. US' },
					placeType('Whether this is a home or work address'),
				],
			},
		],
	},
	{
		displayName: 'URLs',
		name: 'urls',
		type: 'fixedCollection',
		typeOptions: { multipleValues: true },
		default: {},
		placeholder: 'Add URL',
		options: [
			{
				displayName: 'URL',
				name: 'url',
				values: [
					{ displayName: 'URL', name: 'url', type: 'string', default: '', placeholder: 'e.g. https://example.com' },
					placeType('Whether this is a home or work website'),
				],
			},
		],
	},
];

const properties: INodeProperties[] = [
	phoneNumberIdLocator,
	recipientField,
	inputModeProperty('contactsInput', 'Define Contacts', 'contact cards'),
	{
		displayName: 'Contacts',
		name: 'contacts',
		type: 'fixedCollection',
		typeOptions: { multipleValues: true },
		default: {},
		placeholder: 'Add Contact',
		displayOptions: { show: { contactsInput: ['fields'] } },
		options: [{ displayName: 'Contact', name: 'contact', values: contactFields }],
	},
	{
		displayName: 'Contacts (JSON)',
		name: 'contactsJson',
		type: 'json',
		default:
			'[\n  {\n    "name": { "formatted_name": "Barbara Johnson", "first_name": "Barbara", "last_name": "Johnson" },\n    "phones": [{ "phone": "+16505559999", "wa_id": "16505559999", "type": "WORK" }]\n  }\n]',
		required: true,
		displayOptions: { show: { contactsInput: ['json'] } },
		description:
			'A list of cards with WhatsApp’s fields: name, birthday, phones, emails, addresses, org, URLs. A single card object works too.',
	},
	sendOptionsCollection,
];

export const description = updateDisplayOptions({ show: { resource: ['message'], operation: ['sendContacts'] } }, properties);

function entries(value: unknown, key: string): IDataObject[] {
	return ((value as IDataObject | undefined)?.[key] as IDataObject[] | undefined) ?? [];
}

/** The UI fields in WhatsApp's card shape (name parts and organisation are grouped). */
function cardFromFields(fields: IDataObject): ContactCard {
	return {
		name: {
			formatted_name: fields.formatted_name as string,
			first_name: fields.first_name as string,
			last_name: fields.last_name as string,
			middle_name: fields.middle_name as string,
			prefix: fields.prefix as string,
			suffix: fields.suffix as string,
		},
		birthday: fields.birthday as string,
		phones: entries(fields.phones, 'phone'),
		emails: entries(fields.emails, 'email'),
		addresses: entries(fields.addresses, 'address'),
		org: { company: fields.company as string, department: fields.department as string, title: fields.title as string },
		urls: entries(fields.urls, 'url'),
	};
}

export async function execute(this: IExecuteFunctions, items: INodeExecutionData[]): Promise<INodeExecutionData[]> {
	return await sendBuilt.call(this, items, (itemIndex) => {
		const mode = this.getNodeParameter('contactsInput', itemIndex, 'fields') as string;
		if (mode === 'json') return buildContacts(this.getNodeParameter('contactsJson', itemIndex) as unknown);
		const cards = entries(this.getNodeParameter('contacts', itemIndex, {}), 'contact').map(cardFromFields);
		return buildContacts(cards);
	});
}
