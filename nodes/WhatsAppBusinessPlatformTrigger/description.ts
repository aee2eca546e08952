import type { INodeProperties } from 'n8n-workflow';

import { EVENT_KINDS } from '../../whatsapp/webhooks/events';
import { campaignTableOption } from './campaignStatuses';

const MESSAGE_TYPES = [
	'text',
	'image',
	'video',
	'audio',
	'document',
	'sticker',
	'location',
	'contacts',
	'interactive',
	'button',
	'reaction',
	'order',
	'system',
	'request_welcome',
	'unsupported',
	'edit',
	'revoke',
];

const STATUSES = ['sent', 'delivered', 'read', 'played', 'failed'];

function titleCase(value: string): string {
	return value.replace(/_/g, ' ').replace(/\b\w/g, (c) => c.toUpperCase());
}

export const triggerProperties: INodeProperties[] = [
	{
		// n8n parses a version-1 webhook node's body unless `options.binaryData` is set. The signature
		// covers the exact bytes Meta sent, so the trigger asks for them unparsed and parses itself.
		displayName: 'Raw Body',
		name: 'options',
		type: 'hidden',
		default: { binaryData: true },
	},
	{
		displayName: 'Registration',
		name: 'registration',
		type: 'options',
		noDataExpression: true,
		options: [
			{
				name: 'Automatic',
				value: 'automatic',
				description: 'On activation, subscribe the app to the account and point Meta’s webhook override at this workflow; undo it on deactivation',
			},
			{
				name: 'Manual',
				value: 'manual',
				description: 'Paste the Production URL and the verify token into Meta’s App Dashboard yourself',
			},
		],
		default: 'automatic',
	},
	{
		displayName:
			'In Meta’s App Dashboard (WhatsApp → Configuration → Webhook), set the Callback URL to this node’s Production URL (Webhook URLs above) and the Verify Token to the value below, then subscribe to the fields you need.',
		name: 'manualNotice',
		type: 'notice',
		default: '',
		displayOptions: { show: { registration: ['manual'] } },
	},
	{
		displayName: 'Override Level',
		name: 'overrideLevel',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { registration: ['automatic'] } },
		options: [
			{
				name: 'Business Account',
				value: 'businessAccount',
				description: 'Every number of the account sends its message webhooks here (unless a number has its own override)',
			},
			{
				name: 'Phone Number',
				value: 'phoneNumber',
				description: 'Only the chosen number sends its message webhooks here',
			},
		],
		default: 'businessAccount',
		description:
			'Where Meta’s webhook override is set. Template and account events always go to the app’s callback URL, which Meta does not let an override change.',
	},
	{
		displayName: 'Phone Number',
		name: 'overridePhoneNumberId',
		type: 'resourceLocator',
		default: { mode: 'list', value: '' },
		required: true,
		displayOptions: { show: { registration: ['automatic'], overrideLevel: ['phoneNumber'] } },
		description: 'The business number whose webhooks come to this workflow',
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
				validation: [{ type: 'regex', properties: { regex: '^\\d+$', errorMessage: 'A phone number ID has only digits' } }],
			},
		],
	},
	{
		displayName: 'Replace Existing Callback',
		name: 'replaceForeignOverride',
		type: 'boolean',
		default: false,
		displayOptions: { show: { registration: ['automatic'] } },
		description:
			'Whether to take over an override that points somewhere other than this n8n. Deactivating then clears it: Meta cannot restore another server’s callback without its verify token.',
	},
	{
		displayName: 'Verify Token',
		name: 'verifyToken',
		type: 'string',
		typeOptions: { password: true },
		default: '',
		required: true,
		displayOptions: { show: { registration: ['manual'] } },
		placeholder: 'e.g. my-long-random-token',
		description: 'Any secret string; type the same one in Meta’s App Dashboard',
	},
	{
		displayName: 'Trigger On',
		name: 'events',
		type: 'multiOptions',
		options: EVENT_KINDS.map(({ kind, name, description }) => ({ name, value: kind, description })),
		default: ['message'],
		description: 'Which events start the workflow. Each message, status or account event becomes one item.',
	},
	{
		displayName: 'Message Types',
		name: 'messageTypes',
		type: 'multiOptions',
		options: MESSAGE_TYPES.map((type) => ({ name: titleCase(type), value: type })),
		default: [],
		displayOptions: { show: { events: ['message', 'messageEcho'] } },
		description: 'Only these message types start the workflow. Leave empty for all.',
	},
	{
		displayName: 'Statuses',
		name: 'statuses',
		type: 'multiOptions',
		options: STATUSES.map((status) => ({ name: titleCase(status), value: status })),
		default: [],
		displayOptions: { show: { events: ['status'] } },
		description: 'Only these delivery statuses start the workflow. Leave empty for all.',
	},
	{
		displayName: 'Phone Number IDs',
		name: 'phoneNumberIds',
		type: 'string',
		default: '',
		placeholder: 'e.g. 106540352242922, 106540352242923',
		description:
			'Only events of these business numbers (IDs, comma-separated) start the workflow. Leave empty for all. Account and template events have no number and always pass.',
	},
	{
		displayName: 'Options',
		name: 'triggerOptions',
		type: 'collection',
		placeholder: 'Add option',
		default: {},
		options: [
			campaignTableOption,
			{
				displayName: 'Download Media',
				name: 'downloadMedia',
				type: 'boolean',
				default: false,
				description:
					'Whether to download inbound images, audio, video, documents and stickers into the item’s binary data (property "data") before the workflow starts',
			},
			{
				displayName: 'Include Raw Payload',
				name: 'includeRaw',
				type: 'boolean',
				default: true,
				description: 'Whether each item keeps the part of Meta’s payload it came from, under "raw"',
			},
		],
	},
	{
		displayName:
			'Add the Data Tables API credential for exactly-once delivery (Meta redelivers webhooks) and for several workflows reacting to the same number. Without it, redeliveries start the workflow again.',
		name: 'ledgerNotice',
		type: 'notice',
		default: '',
	},
];
