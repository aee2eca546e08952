import type { INodeParameters, INodeProperties } from 'n8n-workflow';

import { countryChoices } from '../../whatsapp/callingCodes';

/**
 * One output per rule, in order, then "Fallback". n8n evaluates this in the editor and the engine
 * (as it does for the Switch node), so it must be self-contained plain JavaScript.
 */
export function configuredOutputs(parameters: INodeParameters): Array<{ type: string; displayName: string }> {
	const rules = ((parameters.rules as { rule?: Array<{ outputName?: string }> } | undefined)?.rule ?? []) as Array<{ outputName?: string }>;
	const outputs = rules.map((rule, index) => ({ type: 'main', displayName: rule.outputName ? String(rule.outputName) : 'Rule ' + String(index + 1) }));
	outputs.push({ type: 'main', displayName: 'Fallback' });
	return outputs;
}

const kinds = [
	{ name: 'Business Hours (From the Inbox)', value: 'businessHours', description: 'Open or closed, as the inbox automation decided for this item' },
	{ name: 'Contact Attribute', value: 'attribute', description: 'A contact attribute is set, or has a given value' },
	{ name: 'Conversation Owner', value: 'owner', description: 'Who owns the conversation: bot, queue or agent (after Receive Message)' },
	{ name: 'Calling Code', value: 'callingCode', description: "The customer's number starts with one of these calling codes" },
	{ name: 'Country', value: 'country', description: "The customer's country, from their number's calling code (and area code where a code is shared)" },
	{ name: 'Expression', value: 'expression', description: 'Any condition, as an expression that is true or false' },
	{ name: 'Interactive Reply ID', value: 'replyId', description: 'The button or list row the customer picked' },
	{ name: 'Keyword', value: 'keyword', description: 'The message text contains, equals or starts with a keyword' },
	{ name: 'Label', value: 'label', description: 'The contact carries one of these labels' },
	{ name: 'Message Type', value: 'messageType', description: 'Text, image, interactive, location …' },
	{ name: 'Pattern (Regular Expression)', value: 'pattern', description: 'The message text matches a regular expression' },
];

const ruleValues: INodeProperties[] = [
	{
		displayName: 'Output Name',
		name: 'outputName',
		type: 'string',
		default: '',
		placeholder: 'e.g. Brazil',
		description: 'The name of this output on the node',
	},
	{
		displayName: 'Match',
		name: 'kind',
		type: 'options',
		default: 'keyword',
		options: kinds,
	},
	{
		displayName: 'Countries',
		name: 'countries',
		type: 'multiOptions',
		default: [],
		options: countryChoices().map((c) => ({ name: `${c.name} (+${c.callingCode})`, value: c.iso })),
		description: 'The countries this rule routes',
		displayOptions: { show: { kind: ['country'] } },
	},
	{
		displayName: 'Calling Codes',
		name: 'callingCodes',
		type: 'string',
		default: '',
		placeholder: 'e.g. +55, +351',
		description: 'Country calling codes, separated by commas; the longest matching code wins (+1 868 before +1)',
		displayOptions: { show: { kind: ['callingCode'] } },
	},
	{
		displayName: 'Keywords',
		name: 'keywords',
		type: 'string',
		default: '',
		placeholder: 'e.g. refund, reembolso',
		description: 'Keywords separated by commas',
		displayOptions: { show: { kind: ['keyword'] } },
	},
	{
		displayName: 'Keyword Match',
		name: 'keywordMatch',
		type: 'options',
		default: 'word',
		options: [
			{ name: 'Whole Word', value: 'word' },
			{ name: 'Contains', value: 'contains' },
			{ name: 'Equals (Whole Message)', value: 'equals' },
			{ name: 'Starts With', value: 'startsWith' },
		],
		displayOptions: { show: { kind: ['keyword'] } },
	},
	{
		displayName: 'Case Sensitive',
		name: 'caseSensitive',
		type: 'boolean',
		default: false,
		description: 'Whether upper and lower case must match',
		displayOptions: { show: { kind: ['keyword', 'pattern'] } },
	},
	{
		displayName: 'Pattern',
		name: 'pattern',
		type: 'string',
		default: '',
		placeholder: 'e.g. #\\d{5,} or /^pedido/i',
		displayOptions: { show: { kind: ['pattern'] } },
	},
	{
		displayName: 'Message Types',
		name: 'messageTypes',
		type: 'string',
		default: '',
		placeholder: 'e.g. image, document',
		displayOptions: { show: { kind: ['messageType'] } },
	},
	{
		displayName: 'Reply IDs',
		name: 'replyIds',
		type: 'string',
		default: '',
		placeholder: 'e.g. menu_billing, menu_orders',
		displayOptions: { show: { kind: ['replyId'] } },
	},
	{
		displayName: 'Labels',
		name: 'labels',
		type: 'string',
		default: '',
		placeholder: 'e.g. vip',
		displayOptions: { show: { kind: ['label'] } },
	},
	{
		displayName: 'Attribute',
		name: 'attribute',
		type: 'string',
		default: '',
		placeholder: 'e.g. tier',
		displayOptions: { show: { kind: ['attribute'] } },
	},
	{
		displayName: 'Attribute Value',
		name: 'attributeValue',
		type: 'string',
		default: '',
		placeholder: 'e.g. gold',
		description: 'Empty matches any value that is set',
		displayOptions: { show: { kind: ['attribute'] } },
	},
	{
		displayName: 'Owners',
		name: 'owners',
		type: 'multiOptions',
		default: ['agent', 'queue'],
		options: [
			{ name: 'Agent', value: 'agent' },
			{ name: 'Bot', value: 'bot' },
			{ name: 'Nobody (Resolved)', value: 'nobody' },
			{ name: 'Queue', value: 'queue' },
		],
		displayOptions: { show: { kind: ['owner'] } },
	},
	{
		displayName: 'Open or Closed From',
		name: 'businessHoursSource',
		type: 'options',
		default: 'item',
		options: [
			{ name: 'The Inbox Node Output', value: 'item', description: 'Reads inbox.open or businessHours.open, as the WhatsApp inbox automation adds them' },
			{ name: 'A Value I Map', value: 'value' },
		],
		displayOptions: { show: { kind: ['businessHours'] } },
	},
	{
		displayName: 'Open Now',
		name: 'businessHoursOpen',
		type: 'boolean',
		default: false,
		description: 'Whether the inbox is open for this item: map the inbox automation\'s output here, such as {{ $(\'Inbox\').item.JSON.open }}',
		displayOptions: { show: { kind: ['businessHours'], businessHoursSource: ['value'] } },
	},
	{
		displayName: 'Route When',
		name: 'businessHoursWhen',
		type: 'options',
		default: 'closed',
		options: [
			{ name: 'Closed', value: 'closed' },
			{ name: 'Open', value: 'open' },
		],
		displayOptions: { show: { kind: ['businessHours'] } },
	},
	{
		displayName: 'Condition',
		name: 'condition',
		type: 'boolean',
		default: false,
		description: 'Whether the item matches: an expression that is true or false for the item, such as a check on the message length',
		displayOptions: { show: { kind: ['expression'] } },
	},
	{
		displayName: 'Team',
		name: 'team',
		type: 'string',
		default: '',
		placeholder: 'e.g. support-br',
		description: "The team this rule routes to: kept as route.team on the item, where Receive Message and Assign pick it up",
	},
];

export const routerProperties: INodeProperties[] = [
	{
		displayName:
			'Rules are checked in order; each item goes to the first rule it matches, or to Fallback. Label and attribute rules read the contact (put Contact → Record Inbound or Get before this node); the owner rule reads the conversation (after Conversation → Receive Message).',
		name: 'routerNotice',
		type: 'notice',
		default: '',
	},
	{
		displayName: 'Rules',
		name: 'rules',
		type: 'fixedCollection',
		typeOptions: { multipleValues: true, sortable: true },
		placeholder: 'Add Rule',
		default: {},
		options: [{ displayName: 'Rule', name: 'rule', values: ruleValues }],
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [
			{
				displayName: 'Customer Field',
				name: 'waIdField',
				type: 'string',
				default: 'waId',
				description: "The item field with the customer's WhatsApp ID (dots for nested fields)",
			},
			{
				displayName: 'Text Field',
				name: 'textField',
				type: 'string',
				default: 'text',
				description: 'The item field with the message text',
			},
			{
				displayName: 'Contact Field',
				name: 'contactField',
				type: 'string',
				default: 'contact',
				description: 'The item field with the contact (labels and attributes); the item itself is used when it has labels',
			},
		],
	},
];
