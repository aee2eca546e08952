/**
 * The fields "Send" and "Validate" share: one set of answers describes the campaign, so a
 * validated configuration is exactly the one that sends.
 */
import type { INodeProperties } from 'n8n-workflow';

import { DEFAULT_KEEP_PROGRESS_DAYS, DEFAULT_LEDGER_TABLE } from '../../../shared/campaigns/dataTableLedger';
import { DEFAULT_CONTACT_TABLE } from '../../../shared/contacts/dataTableStore';
import { GUARD_PARAMETERS } from '../../../shared/contacts/sendGuard';
import { phoneNumberIdLocator } from '../common.descriptions';
import { componentsJsonOption } from '../template/sendFields';
import { campaignTemplateProperties, legacyDocumentFilenameOption } from './campaignTemplate';

const textWithFallback = { show: { messageKind: ['textWithFallback'] } };

export const messageProperties: INodeProperties[] = [
	phoneNumberIdLocator,
	{
		displayName: 'Campaign ID',
		name: 'campaignId',
		type: 'string',
		default: '',
		placeholder: 'e.g. spring_sale_2025',
		description:
			'Names this campaign in callback data (campaign:ID:recipient) and in the progress table. Run the same ID again to resume. Empty: the execution ID.',
	},
	{
		displayName: 'Recipient Phone Number',
		name: 'recipient',
		type: 'string',
		default: '={{ $json.phone }}',
		required: true,
		placeholder: 'e.g. +15551234567',
		description: "The customer's phone number with country code, or their WhatsApp ID: each input item is one recipient, or each row of the Audience the node reads",
	},
	{
		displayName: 'Message',
		name: 'messageKind',
		type: 'options',
		noDataExpression: true,
		options: [
			{
				name: 'Template',
				value: 'template',
				description: 'An approved template for everyone (allowed outside the 24-hour window)',
			},
			{
				name: 'Text, Template Outside the Window',
				value: 'textWithFallback',
				description:
					'Free text to customers who wrote in the last 24 hours; the template to the others (skipped when no template is set)',
			},
		],
		default: 'template',
	},
	{
		displayName: 'Text',
		name: 'text',
		type: 'string',
		default: '',
		typeOptions: { rows: 3 },
		displayOptions: textWithFallback,
		description: 'The free-form message for customers inside the 24-hour window, up to 4096 characters',
	},
	{
		displayName: 'Customer Last Message At',
		name: 'lastInboundAt',
		type: 'string',
		default: '={{ $json.lastInboundAt }}',
		displayOptions: textWithFallback,
		placeholder: 'e.g. 2025-06-01T09:30:00Z',
		description:
			'When the customer last wrote (ISO date or Unix time). Empty: the contact book’s value when it is used, else the window counts as closed.',
	},
	// The template: Template → Send's fields from version 1.1, version 1's own fields before (campaignTemplate.ts).
	...campaignTemplateProperties,
	{
		displayName: 'Opted Out',
		name: 'optedOut',
		type: 'boolean',
		default: false,
		description: 'Whether this recipient opted out; map it from the item with an expression. Opted-out recipients are skipped and reported.',
	},
];

export const campaignOptions: INodeProperties = {
	displayName: 'Options',
	name: 'options',
	type: 'collection',
	placeholder: 'Add Option',
	default: {},
	options: [
		{
			displayName: 'Allow Duplicate Recipients',
			name: 'allowDuplicates',
			type: 'boolean',
			default: false,
			description: 'Whether a recipient listed twice gets two messages (spaced by the pair rate); by default later copies are skipped',
		},
		{
			...componentsJsonOption,
			description:
				"Meta's template send components as JSON, sent as given instead of the template's parameter fields (only their shape is checked): for shapes the fields do not cover. [] uses the fields.",
		},
		legacyDocumentFilenameOption,
		{
			displayName: 'Output',
			name: 'output',
			type: 'options',
			default: 'each',
			options: [
				{ name: 'Each Recipient and a Summary', value: 'each', description: 'One item per recipient (sent, skipped, failed …), then the summary item' },
				{
					name: 'Summary Only',
					value: 'summary',
					description: 'Only the summary item: for large audiences, whose per-recipient results are in the progress table',
				},
			],
			description:
				'What the node outputs. Summary Only keeps n8n from holding and saving an item per recipient (for 100,000 recipients that is hundreds of MiB in the execution).',
		},
		{
			displayName: 'Resend Uncertain',
			name: 'resendUncertain',
			type: 'boolean',
			default: false,
			description:
				'Whether to send again to recipients an earlier run may have reached and that are not settled by status webhooks (see Status Grace Period). Off: they are skipped, so nobody gets the message twice.',
		},
		{
			displayName: 'Retry Failed Deliveries',
			name: 'retryFailed',
			type: 'options',
			default: 'never',
			options: [
				{ name: 'Never', value: 'never', description: 'Recipients whose message Meta accepted and then reported failed are skipped' },
				{
					name: 'Where Meta Allows',
					value: 'allowed',
					description: 'Temporary failures (131000, 131016, 130429 …) now; 131049 once the failure is 24 hours old; never 131026, 130472, 131050, 131047 …',
				},
				{ name: 'Listed Codes', value: 'codes', description: 'Only failures with one of the codes below' },
			],
			description: 'Whether a run sends again to recipients whose earlier message of this campaign had a failed status webhook (needs the progress table)',
		},
		{
			displayName: 'Retry Failure Codes',
			name: 'retryFailedCodes',
			type: 'string',
			default: '',
			placeholder: 'e.g. 131049, 131000',
			displayOptions: { show: { retryFailed: ['codes'] } },
			description: "Meta's error codes, separated by commas, whose failed deliveries are sent again",
		},
		statusGraceOption(),
	],
};

/**
 * How long after its pending row a send with no answer and no status counts as never accepted.
 * Meta's statuses normally follow acceptance within seconds; 10 minutes leaves room for a slow
 * webhook path without holding a resumed campaign back for long.
 */
export function statusGraceOption(): INodeProperties {
	return {
		displayName: 'Status Grace Period (Seconds)',
		name: 'statusGraceSeconds',
		type: 'number',
		// DEFAULT_STATUS_GRACE_MS in seconds (a literal: the linter reads defaults statically).
		default: 600,
		typeOptions: { minValue: 0 },
		description:
			'An uncertain send (no answer from Meta, or the run stopped mid-send) with no status webhook this long after it started counts as never accepted and is sent again, provided statuses of the campaign were being recorded around then. Earlier it stays uncertain.',
	};
}

/**
 * The switch that asks for the n8n API credential. It shares its name with the contact-book guard
 * of message sends, because the node's credential list shows that credential on this one name.
 */
export const dataTableProperties: INodeProperties[] = [
	{
		displayName: 'Use Data Tables',
		name: GUARD_PARAMETERS.enabled,
		type: 'boolean',
		default: false,
		description:
			'Whether to keep progress in an n8n data table, so running the same Campaign ID again resumes without sending twice, and optionally check the contact book. Needs the n8n API credential.',
	},
	{
		displayName: 'Progress Table',
		name: 'progressTable',
		type: 'string',
		default: DEFAULT_LEDGER_TABLE,
		displayOptions: { show: { [GUARD_PARAMETERS.enabled]: [true] } },
		placeholder: `e.g. ${DEFAULT_LEDGER_TABLE}`,
		description: 'The name of the data table that keeps campaign progress (created on first use; one table serves many campaigns)',
	},
	{
		displayName: 'Keep Progress For (Days)',
		name: 'keepProgressDays',
		type: 'number',
		default: DEFAULT_KEEP_PROGRESS_DAYS,
		typeOptions: { minValue: 0 },
		displayOptions: { show: { [GUARD_PARAMETERS.enabled]: [true] } },
		description:
			"Progress rows of other campaigns older than this are deleted when a campaign starts, so the table stays within n8n's data table size limit. A campaign resumed after its rows were deleted sends again. 0 keeps everything.",
	},
	{
		displayName: 'Check Contact Book',
		name: 'checkContactBook',
		type: 'boolean',
		default: false,
		displayOptions: { show: { [GUARD_PARAMETERS.enabled]: [true] } },
		description:
			'Whether to skip contacts the contact book marks as opted out, and take the last message time from it when the item has none',
	},
	{
		displayName: 'Contact Book Table',
		name: 'campaignContactTable',
		type: 'string',
		default: DEFAULT_CONTACT_TABLE,
		displayOptions: { show: { [GUARD_PARAMETERS.enabled]: [true], checkContactBook: [true] } },
		placeholder: `e.g. ${DEFAULT_CONTACT_TABLE}`,
		description: 'The name of the contact book’s data table',
	},
];

const readAudience = { show: { [GUARD_PARAMETERS.enabled]: [true], audience: ['dataTable'] } };
const labelAudience = { show: { [GUARD_PARAMETERS.enabled]: [true], audience: ['contactBookLabel'] } };

/**
 * Where the recipients come from. Reading them in the node, page by page, keeps n8n's memory flat
 * however large the audience: n8n never holds an item per recipient.
 */
export const audienceProperties: INodeProperties[] = [
	{
		displayName: 'Audience',
		name: 'audience',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { [GUARD_PARAMETERS.enabled]: [true] } },
		options: [
			{ name: 'Input Items', value: 'input', description: 'Each input item is one recipient' },
			{
				name: 'Rows of a Data Table',
				value: 'dataTable',
				description: 'The node reads the recipients from a data table, page by page: for audiences of any size',
			},
			{
				name: 'Contact Book Label',
				value: 'contactBookLabel',
				description: 'The node reads the contacts with a label from the contact book, page by page (opted-out contacts are skipped)',
			},
		],
		default: 'input',
		description: 'Who receives the campaign. With a table or label, the input only starts the campaign; set Options → Output to Summary Only for large audiences.',
		// The lint rule on descriptions reads "$json" as a miscased "JSON": the syntax goes in the hint.
		hint: 'With a table or label, the fields above read each row as {{ $json.column }} (plain column references; compute anything else into a column)',
	},
	{
		displayName: 'Audience Table',
		name: 'audienceTable',
		type: 'string',
		default: '',
		required: true,
		displayOptions: readAudience,
		placeholder: 'e.g. spring_sale_audience',
		description: 'The name of the n8n data table that lists the recipients, one row each (read in row order)',
	},
	{
		displayName: 'Only Rows Where',
		name: 'audienceFilterColumn',
		type: 'string',
		default: '',
		displayOptions: readAudience,
		placeholder: 'e.g. segment',
		description: 'A column of the table to select rows by; empty sends to every row',
	},
	{
		displayName: 'Equals',
		name: 'audienceFilterValue',
		type: 'string',
		default: '',
		displayOptions: { show: { ...readAudience.show }, hide: { audienceFilterColumn: [''] } },
		placeholder: 'e.g. vip',
		description: 'The value that column must have',
	},
	{
		displayName: 'Label',
		name: 'audienceLabel',
		type: 'string',
		default: '',
		required: true,
		displayOptions: labelAudience,
		placeholder: 'e.g. newsletter',
		description: "The contact book label of the campaign's recipients",
		hint: 'Each contact is the row: {{ $json.phone }}, {{ $json.profileName }}, {{ $json.attributes.first_name }}',
	},
	{
		displayName: 'Audience Contact Book Table',
		name: 'audienceContactTable',
		type: 'string',
		default: DEFAULT_CONTACT_TABLE,
		displayOptions: labelAudience,
		placeholder: `e.g. ${DEFAULT_CONTACT_TABLE}`,
		description: 'The name of the contact book’s data table',
	},
];

export const pacingOptions: INodeProperties = {
	displayName: 'Pacing',
	name: 'pacing',
	type: 'collection',
	placeholder: 'Add Pacing Option',
	default: {},
	options: [
		{
			displayName: 'Headroom (%)',
			name: 'headroomPercent',
			type: 'number',
			typeOptions: { minValue: 0, maxValue: 50 },
			default: 3,
			description: 'Pace this far below the throughput so timing jitter never crosses Meta’s limit',
		},
		{
			displayName: 'Max In Flight',
			name: 'maxInFlight',
			type: 'number',
			typeOptions: { minValue: 0 },
			default: 0,
			description: 'Requests waiting for an answer at once. 0: enough for half a second of sends at the throughput.',
		},
		{
			displayName: 'Max Retries',
			name: 'maxRetries',
			type: 'number',
			typeOptions: { minValue: 0, maxValue: 20 },
			default: 6,
			description: 'Retries per recipient after throttling (130429, 131056, 80007) or temporary errors, with backoff and jitter',
		},
		{
			displayName: 'Pair Burst',
			name: 'pairBurst',
			type: 'number',
			typeOptions: { minValue: 1, maxValue: 45 },
			default: 1,
			description: 'Messages to the same customer that may go without spacing (Meta tolerates short bursts)',
		},
		{
			displayName: 'Pair Interval (Seconds)',
			name: 'pairIntervalSeconds',
			type: 'number',
			typeOptions: { minValue: 0 },
			default: 6,
			description: "Spacing between messages to the same customer (Meta's pair rate limit is about one every 6 seconds)",
		},
	],
};

export const throughputProperties: INodeProperties[] = [
	{
		displayName: 'Throughput',
		name: 'throughputSource',
		type: 'options',
		options: [
			{ name: 'Fixed', value: 'fixed', description: 'Messages per second as set below' },
			{
				name: 'From Phone Number',
				value: 'phoneNumber',
				description: 'Read the number’s throughput level from Meta: 80 per second, or 1000 after an upgrade',
			},
		],
		default: 'fixed',
	},
	{
		displayName: 'Messages Per Second',
		name: 'messagesPerSecond',
		type: 'number',
		typeOptions: { minValue: 1, maxValue: 1000 },
		default: 80,
		displayOptions: { show: { throughputSource: ['fixed'] } },
		description: "The number's throughput: 80 by default, 1000 for upgraded numbers, 20 for numbers also used in the WhatsApp Business app",
	},
];
