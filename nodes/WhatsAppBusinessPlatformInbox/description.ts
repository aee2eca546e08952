/**
 * The Inbox node's parameters. Business hours, quick replies and replies are shared between the
 * operations; each block is shown only where it is used.
 */
import type { INodeProperties } from 'n8n-workflow';

import { DEFAULT_CONSENT_LANGUAGES } from '../../whatsapp/inbox/consent';
import { contactTableLocator } from '../WhatsAppBusinessPlatform/actions/contact/shared';

const AUTOMATE = ['automate'];
const HOURS = ['automate', 'checkHours'];
const QUICK = ['automate', 'sendQuickReply'];

const show = (operation: string[], extra: Record<string, string[]> = {}) => ({ show: { operation, ...extra } });

const DAY_OPTIONS = [
	{ name: 'Every Day', value: 'everyday' },
	{ name: 'Weekdays (Mon–Fri)', value: 'weekdays' },
	{ name: 'Weekend (Sat–Sun)', value: 'weekend' },
	{ name: 'Monday', value: 'monday' },
	{ name: 'Tuesday', value: 'tuesday' },
	{ name: 'Wednesday', value: 'wednesday' },
	{ name: 'Thursday', value: 'thursday' },
	{ name: 'Friday', value: 'friday' },
	{ name: 'Saturday', value: 'saturday' },
	{ name: 'Sunday', value: 'sunday' },
];

const REPLY_TYPES = [
	{ name: 'Text', value: 'text', description: 'Text with contact variables such as {{name}}' },
	{ name: 'Media', value: 'media', description: 'An image, video, audio, document or sticker by URL or media ID' },
	{ name: 'Template', value: 'template', description: 'An approved template (works outside the 24-hour window)' },
	{ name: 'Buttons', value: 'buttons', description: 'Text with up to three reply buttons' },
];

/** The fields of one reply; `prefix` keeps the names apart, `extraShow` scopes them. */
function replyFields(prefix: string, label: string, typeShow: Record<string, string[]>, allowBranchOnly: boolean): INodeProperties[] {
	const when = (types: string[]) => ({ show: { ...typeShow, [`${prefix}Type`]: types } });
	return [
		{
			displayName: `${label} Type`,
			name: `${prefix}Type`,
			type: 'options',
			options: [
				...(allowBranchOnly ? [{ name: 'Branch Only (Send Nothing)', value: 'none', description: 'Route the item to its output; send nothing' }] : []),
				...REPLY_TYPES,
			],
			default: 'text',
			displayOptions: { show: typeShow },
		},
		{
			displayName: `${label} Text`,
			name: `${prefix}Text`,
			type: 'string',
			typeOptions: { rows: 3 },
			default: '',
			placeholder: 'e.g. Hi {{name|there}}, thanks for writing!',
			description: 'Variables: {{name}}, {{first_name}}, {{phone}}, {{wa_id}}, any contact attribute such as {{tier}}; {{name|there}} gives a default. For media it is the caption.',
			displayOptions: when(['text', 'buttons', 'media']),
		},
		{
			displayName: 'Media Type',
			name: `${prefix}MediaType`,
			type: 'options',
			options: [
				{ name: 'Audio', value: 'audio' },
				{ name: 'Document', value: 'document' },
				{ name: 'Image', value: 'image' },
				{ name: 'Sticker', value: 'sticker' },
				{ name: 'Video', value: 'video' },
			],
			default: 'image',
			displayOptions: when(['media']),
		},
		{
			displayName: 'Media URL or ID',
			name: `${prefix}Media`,
			type: 'string',
			default: '',
			placeholder: 'e.g. https://example.com/menu.pdf',
			displayOptions: when(['media']),
		},
		{
			displayName: 'Buttons',
			name: `${prefix}Buttons`,
			type: 'string',
			default: '',
			placeholder: 'e.g. Opening hours, Talk to a person',
			description: 'One to three button titles, separated by commas',
			displayOptions: when(['buttons']),
		},
		{
			displayName: 'Template Name',
			name: `${prefix}TemplateName`,
			type: 'string',
			default: '',
			placeholder: 'e.g. away_notice',
			displayOptions: when(['template']),
		},
		{
			displayName: 'Template Language',
			name: `${prefix}TemplateLanguage`,
			type: 'string',
			default: 'en_US',
			displayOptions: when(['template']),
		},
		{
			displayName: 'Template Body Variables',
			name: `${prefix}TemplateParameters`,
			type: 'string',
			default: '',
			placeholder: 'e.g. {{name|there}}, {{order_id}}',
			description: 'Values for {{1}}, {{2}} … in the body, separated by commas; contact variables are filled in',
			displayOptions: when(['template']),
		},
		{
			displayName: 'Fallback Template Name',
			name: `${prefix}FallbackTemplate`,
			type: 'string',
			default: '',
			placeholder: 'e.g. reopen_conversation',
			description: 'Sent instead when the 24-hour window is closed (only templates may be sent then). Empty: the reply fails with a clear error.',
			displayOptions: when(['text', 'buttons', 'media']),
		},
		{
			displayName: 'Fallback Template Language',
			name: `${prefix}FallbackLanguage`,
			type: 'string',
			default: 'en_US',
			displayOptions: when(['text', 'buttons', 'media']),
		},
	];
}

export const operationProperty: INodeProperties = {
	displayName: 'Operation',
	name: 'operation',
	type: 'options',
	noDataExpression: true,
	options: [
		{
			name: 'Run Automations',
			value: 'automate',
			description: 'Opt-out keywords, quick replies, away message and greeting for each incoming message',
			action: 'Run inbox automations',
		},
		{
			name: 'Check Business Hours',
			value: 'checkHours',
			description: 'Route items to Open or Closed and tell when the business next opens',
			action: 'Check business hours',
		},
		{
			name: 'Send Quick Reply',
			value: 'sendQuickReply',
			description: 'Send a saved quick reply by its shortcut (for agents)',
			action: 'Send a quick reply',
		},
	],
	default: 'automate',
};

const hoursProperties: INodeProperties[] = [
	{
		displayName: 'Time Zone',
		name: 'timeZone',
		type: 'string',
		default: '',
		placeholder: 'e.g. Europe/Madrid',
		description: "IANA time zone of the opening hours. Empty: the workflow's time zone (Workflow Settings).",
		displayOptions: show(HOURS),
	},
	{
		displayName: 'Override',
		name: 'override',
		type: 'options',
		options: [
			{ name: 'Follow the Schedule', value: 'schedule' },
			{ name: 'Open Now', value: 'open', description: 'Treat the business as open whatever the schedule says' },
			{ name: 'Closed Now', value: 'closed', description: 'Treat the business as closed (an unplanned closure)' },
		],
		default: 'schedule',
		displayOptions: show(HOURS),
	},
	{
		displayName: 'Opening Hours',
		name: 'openingHours',
		type: 'fixedCollection',
		typeOptions: { multipleValues: true, sortable: true },
		placeholder: 'Add Opening Interval',
		default: { interval: [{ day: 'weekdays', from: '09:00', to: '17:00' }] },
		description: 'Several intervals per day are fine (a lunch break). An interval whose end is before its start runs past midnight (22:00–06:00).',
		displayOptions: show(HOURS),
		options: [
			{
				displayName: 'Interval',
				name: 'interval',
				values: [
					{ displayName: 'Day', name: 'day', type: 'options', options: DAY_OPTIONS, default: 'weekdays' },
					{ displayName: 'From', name: 'from', type: 'string', default: '09:00', placeholder: 'HH:mm' },
					{ displayName: 'To', name: 'to', type: 'string', default: '17:00', placeholder: 'HH:mm, 24:00 for midnight' },
				],
			},
		],
	},
	{
		displayName: 'Holidays and Closures',
		name: 'closures',
		type: 'fixedCollection',
		typeOptions: { multipleValues: true, sortable: true },
		placeholder: 'Add Holiday or Closure',
		default: {},
		description: 'Whole local days on which the business is closed',
		displayOptions: show(HOURS),
		options: [
			{
				displayName: 'Closure',
				name: 'closure',
				values: [
					{ displayName: 'Name', name: 'name', type: 'string', default: '', placeholder: 'e.g. Christmas' },
					{ displayName: 'From', name: 'from', type: 'string', default: '', placeholder: 'YYYY-MM-DD' },
					{ displayName: 'To', name: 'to', type: 'string', default: '', placeholder: 'YYYY-MM-DD (empty: one day)' },
				],
			},
		],
	},
];

const quickReplyValues: INodeProperties[] = [
	{ displayName: 'Shortcut', name: 'shortcut', type: 'string', default: '', placeholder: 'e.g. address', description: 'Agents send it by this name; it is also the command /address' },
	{
		displayName: 'Match',
		name: 'match',
		type: 'options',
		options: [
			{ name: '/Command', value: 'command', description: 'The message starts with /shortcut' },
			{ name: 'Keyword (Whole Message)', value: 'keyword', description: 'The message is one of the keywords' },
			{ name: 'Contains Words', value: 'contains', description: 'The message contains one of the keywords as whole words' },
			{ name: 'Pattern (Regular Expression)', value: 'pattern' },
		],
		default: 'command',
	},
	{ displayName: 'Keywords or Pattern', name: 'keywords', type: 'string', default: '', placeholder: 'e.g. address, dirección, where are you', description: 'Comma-separated keywords, or a regular expression for Pattern. Case and accents are ignored.' },
	{ displayName: 'Reply Type', name: 'type', type: 'options', options: REPLY_TYPES, default: 'text' },
	{ displayName: 'Text', name: 'text', type: 'string', typeOptions: { rows: 3 }, default: '', description: 'Text, the text above buttons, or a media caption; variables like {{name}}' },
	{ displayName: 'Media URL or ID', name: 'media', type: 'string', default: '', description: 'For Media replies' },
	{
		displayName: 'Media Type',
		name: 'mediaType',
		type: 'options',
		options: [
			{ name: 'Audio', value: 'audio' },
			{ name: 'Document', value: 'document' },
			{ name: 'Image', value: 'image' },
			{ name: 'Sticker', value: 'sticker' },
			{ name: 'Video', value: 'video' },
		],
		default: 'image',
	},
	{ displayName: 'Buttons', name: 'buttons', type: 'string', default: '', description: 'For Buttons replies: one to three titles, separated by commas' },
	{ displayName: 'Template Name', name: 'templateName', type: 'string', default: '', description: 'For Template replies' },
	{ displayName: 'Template Language', name: 'templateLanguage', type: 'string', default: 'en_US' },
	{ displayName: 'Fallback Template Name', name: 'fallbackTemplate', type: 'string', default: '', description: 'Sent instead when the 24-hour window is closed' },
	{ displayName: 'Fallback Template Language', name: 'fallbackLanguage', type: 'string', default: 'en_US' },
];

const quickReplyProperties: INodeProperties[] = [
	{
		displayName: 'Quick Replies From',
		name: 'quickRepliesSource',
		type: 'options',
		options: [
			{ name: 'This List', value: 'list' },
			{ name: 'JSON (Shared List)', value: 'json', description: 'One list kept elsewhere (a Set node, a data table) and used by several nodes' },
		],
		default: 'list',
		displayOptions: show(QUICK),
	},
	{
		displayName: 'Quick Replies',
		name: 'quickReplies',
		type: 'fixedCollection',
		typeOptions: { multipleValues: true, sortable: true },
		placeholder: 'Add Quick Reply',
		default: {},
		description: 'Checked in this order; the first that matches answers',
		displayOptions: show(QUICK, { quickRepliesSource: ['list'] }),
		options: [{ displayName: 'Quick Reply', name: 'reply', values: quickReplyValues }],
	},
	{
		displayName: 'Quick Replies (JSON)',
		name: 'quickRepliesJson',
		type: 'json',
		default: '[\n  {"shortcut": "address", "match": "command", "type": "text", "text": "We are at 1 Main Street"}\n]',
		description: 'A list of objects with the fields of a quick reply: shortcut, match, keywords, type, text, media, mediaType, buttons, templateName, templateLanguage, fallbackTemplate, fallbackLanguage',
		displayOptions: show(QUICK, { quickRepliesSource: ['json'] }),
	},
];

const automateProperties: INodeProperties[] = [
	{
		displayName: 'Conversation Owner',
		name: 'owner',
		type: 'string',
		default: '',
		placeholder: 'e.g. {{ $json.conversation.owner }}',
		description: 'Who owns the conversation now (a bot session, an agent). When set, greeting, away message and quick replies are left to the owner; opt-out keywords still work.',
		displayOptions: show(AUTOMATE),
	},
	...replyFields('away', 'Away Message', { operation: AUTOMATE }, true),
	...replyFields('greeting', 'Greeting', { operation: AUTOMATE }, true),
	// eslint-disable-next-line n8n-nodes-base/node-param-default-missing -- the default is built from the keyword lists in whatsapp/inbox/consent.ts
	{
		displayName: 'Opt-Out Keywords',
		name: 'consent',
		type: 'fixedCollection',
		typeOptions: { multipleValues: true, sortable: true },
		placeholder: 'Add Language',
		default: { language: DEFAULT_CONSENT_LANGUAGES.map((entry) => ({ ...entry })) } as unknown as INodeProperties['default'],
		description: 'When the whole message is one of these words, the opt-out (or opt-in) is recorded in the contact book and confirmed. Remove every language to turn this off.',
		displayOptions: show(AUTOMATE),
		options: [
			{
				displayName: 'Language',
				name: 'language',
				values: [
					{
						displayName: 'Language',
						name: 'language',
						type: 'string',
						default: 'en',
					},
					{
						displayName: 'Opt-In Confirmation',
						name: 'optInConfirmation',
						type: 'string',
						default: '',
					},
					{
						displayName: 'Opt-In Keywords',
						name: 'optInKeywords',
						type: 'string',
						default: '',
					},
					{
						displayName: 'Opt-Out Confirmation',
						name: 'optOutConfirmation',
						type: 'string',
						default: '',
						description: 'Empty:	record only, send nothing',
					},
					{
						displayName: 'Opt-Out Keywords',
						name: 'optOutKeywords',
						type: 'string',
						default: '',
					},
				],
			},
		],
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		displayOptions: show(AUTOMATE),
		options: [
			{
				displayName: 'Away Message At Most Once Per',
				name: 'awayOncePer',
				type: 'options',
				options: [
					{ name: 'Closed Period', value: 'closedPeriod', description: 'Once from closing until the next opening' },
					{ name: 'Day', value: 'day', description: 'Once per local day' },
					{ name: 'Message', value: 'message', description: 'Every message out of hours' },
				],
				default: 'closedPeriod',
			},
			{ ...contactTableLocator('contactTable'), required: false },
			{
				displayName: 'Decide At',
				name: 'decideAt',
				type: 'options',
				options: [
					{ name: "The Message's Own Time", value: 'message', description: 'The timestamp the trigger gives: a late webhook is judged by when the customer wrote' },
					{ name: 'Now', value: 'now' },
				],
				default: 'message',
			},
			{
				displayName: 'First Contact Out of Hours Gets',
				name: 'firstContact',
				type: 'options',
				options: [
					{ name: 'Greeting and Away Message', value: 'greetingAndAway' },
					{ name: 'Away Message Only', value: 'awayOnly' },
				],
				default: 'greetingAndAway',
			},
			{
				displayName: 'Greet',
				name: 'greetingWhen',
				type: 'options',
				options: [
					{ name: 'First Message Ever or After Silence', value: 'firstOrSilent' },
					{ name: 'First Message Ever Only', value: 'first' },
					{ name: 'Never', value: 'never' },
				],
				default: 'firstOrSilent',
			},
			{
				displayName: 'Greet Again After Silence (Days)',
				name: 'greetingSilentDays',
				type: 'number',
				typeOptions: { minValue: 1 },
				default: 14,
			},
			{
				displayName: 'No Away Message If an Agent Replied Within (Minutes)',
				name: 'agentReplyMinutes',
				type: 'number',
				typeOptions: { minValue: 0 },
				default: 5,
				description: 'A live chat running past closing time is not interrupted. 0 turns this off.',
			},
			{
				displayName: 'Record Inbound Message',
				name: 'recordInbound',
				type: 'boolean',
				default: true,
				description: 'Whether to record the message in the contact book (opens the window, keeps the profile name). Turn off when a Record Inbound step runs before.',
			},
			{
				displayName: 'Time Override',
				name: 'timeOverride',
				type: 'string',
				default: '',
				placeholder: 'e.g. 2025-12-25T23:00:00+01:00',
				description: 'For tests: decide as if it were this time (ISO text or Unix seconds)',
			},
		],
	},
];

const checkHoursProperties: INodeProperties[] = [
	{
		displayName: 'Time',
		name: 'time',
		type: 'string',
		default: '',
		placeholder: 'e.g. {{ $json.timestamp }}',
		description: 'The time to check (ISO text or Unix seconds). Empty: now.',
		displayOptions: show(['checkHours']),
	},
];

const sendQuickReplyProperties: INodeProperties[] = [
	{
		displayName: 'Recipient Phone Number',
		name: 'recipient',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. +15551234567',
		displayOptions: show(['sendQuickReply']),
	},
	{
		displayName: 'Shortcut',
		name: 'shortcut',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. address',
		description: 'The quick reply to send, by its shortcut (with or without /)',
		displayOptions: show(['sendQuickReply']),
	},
	{
		displayName: 'Business Phone Number ID',
		name: 'phoneNumberId',
		type: 'string',
		default: '',
		description: "Empty: the credential's default phone number",
		displayOptions: show(['sendQuickReply']),
	},
	{ ...contactTableLocator('quickReplyContactTable'), displayOptions: show(['sendQuickReply']) },
];

export const inboxProperties: INodeProperties[] = [
	operationProperty,
	...sendQuickReplyProperties,
	...checkHoursProperties,
	...hoursProperties,
	...automateProperties,
	...quickReplyProperties,
];
