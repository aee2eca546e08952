import type { INodeProperties } from 'n8n-workflow';

import { countryChoices } from '../../../whatsapp/callingCodes';

/** The sending business number. Empty means the credential's default phone number ID. */
export const phoneNumberIdLocator: INodeProperties = {
	displayName: 'Business Phone Number',
	name: 'phoneNumberId',
	type: 'resourceLocator',
	default: { mode: 'list', value: '' },
	description:
		'The business number to act for. Leave empty to use the default phone number ID from the credential.',
	modes: [
		{
			displayName: 'From List',
			name: 'list',
			type: 'list',
			typeOptions: { searchListMethod: 'searchPhoneNumbers', searchable: true },
		},
		{
			displayName: 'By ID',
			name: 'id',
			type: 'string',
			placeholder: 'e.g. 106540352242922',
			validation: [
				{
					type: 'regex',
					properties: { regex: '^\\d*$', errorMessage: 'A phone number ID has digits only' },
				},
			],
		},
	],
};

export const recipientField: INodeProperties = {
	displayName: 'Recipient Phone Number',
	name: 'recipient',
	type: 'string',
	default: '',
	required: true,
	placeholder: 'e.g. +15551234567',
	description:
		"The customer's phone number with country code, or their WhatsApp ID (wa_id). Spaces, dashes and + are removed.",
};

/** Options every send shares: reply context and callback data. */
export const sendOptionsCollection: INodeProperties = {
	displayName: 'Send Options',
	name: 'sendOptions',
	type: 'collection',
	placeholder: 'Add Option',
	default: {},
	options: [
		{
			displayName: 'Default Country',
			name: 'defaultCountry',
			type: 'options',
			options: [{ name: 'None (Numbers Must Have a Country Code)', value: '' }, ...countryChoices().map((country) => ({ name: `${country.name} (+${country.callingCode})`, value: country.iso }))],
			default: '',
			description:
				'Country of recipients written without a country code, such as (631) 555-1234 or 0151 1234567. Without it such numbers are refused, because Meta would add your business number’s country code.',
		},
		{
			displayName: 'Reply To Message ID',
			name: 'replyToMessageId',
			type: 'string',
			default: '',
			placeholder: 'e.g. wamid.HBgLMTU1NTEyMzQ1NjcVAgASGBQzQUFERjg0NDEzNDdFODU3MUMxMAA=',
			description: 'Quote this message (wamid) in the reply bubble',
		},
		{
			displayName: 'Callback Data',
			name: 'bizOpaqueCallbackData',
			type: 'string',
			default: '',
			description:
				"Up to 512 characters that Meta returns in this message's status webhooks, for matching statuses to your records",
		},
	],
};

/** For reactions, which cannot be sent as a reply: the callback data and default country of `sendOptionsCollection`. */
export const callbackOptionsCollection: INodeProperties = {
	...sendOptionsCollection,
	options: (sendOptionsCollection.options as INodeProperties[]).filter((option) => option.name === 'bizOpaqueCallbackData' || option.name === 'defaultCountry'),
};

/** "Return All" and "Limit", as every Get Many operation offers them; read with `readLimit`. */
export const returnAllOrLimit: INodeProperties[] = [
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
