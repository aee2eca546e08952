import type { INodeProperties } from 'n8n-workflow';

import { GUARD_PARAMETERS } from '../../../shared/contacts/sendGuard';
import { contactTableLocator } from './shared';

/**
 * Where the contact-book guard applies: every message send (mark-as-read sends no message) and the
 * template send. Two scopes, so each guard property is declared once per scope.
 */
const SCOPES: Array<{ show: Record<string, string[]>; hide?: Record<string, string[]> }> = [
	{ show: { resource: ['message'] }, hide: { operation: ['markAsRead'] } },
	{ show: { resource: ['template'], operation: ['send'] } },
];

function inScopes(property: INodeProperties, whenEnabled: boolean): INodeProperties[] {
	return SCOPES.map((scope) => ({
		...property,
		displayOptions: {
			...scope,
			show: { ...scope.show, ...(whenEnabled ? { [GUARD_PARAMETERS.enabled]: [true] } : {}) },
		},
	}));
}

/** Resources with operations that use n8n Data Tables (and so the n8n API credential). */
export const DATA_TABLE_RESOURCES = ['message', 'template', 'contact', 'campaign', 'conversation', 'analytics'];

/**
 * The switch that asks for the n8n API credential: true for the Contact and Conversation resources
 * (hidden), the user's choice on sends (the Campaign resource has its own "Use Data Tables" of the
 * same name), and false (hidden) on the other operations of those resources. The credential hides
 * itself when it is false, so it must be defined on every operation of `DATA_TABLE_RESOURCES`.
 */
export const contactBookSwitch: INodeProperties[] = [
	{
		displayName: 'Contact Book',
		name: GUARD_PARAMETERS.enabled,
		type: 'hidden',
		default: true,
		displayOptions: { show: { resource: ['contact', 'conversation'] } },
	},
	{
		displayName: 'Contact Book',
		name: GUARD_PARAMETERS.enabled,
		type: 'hidden',
		default: false,
		displayOptions: { show: { resource: ['message'], operation: ['markAsRead'] } },
	},
	{
		displayName: 'Contact Book',
		name: GUARD_PARAMETERS.enabled,
		type: 'hidden',
		default: false,
		displayOptions: { show: { resource: ['template'] }, hide: { operation: ['send'] } },
	},
	...inScopes(
		{
			displayName: 'Check Contact Book',
			name: GUARD_PARAMETERS.enabled,
			type: 'boolean',
			default: false,
			description:
				'Whether to check the contact book before sending: refuse (or replace with a template) free-form messages to a closed 24-hour window, and never send a marketing template to a contact who opted out. Needs the n8n API credential.',
		},
		false,
	),
];

export const sendGuardProperties: INodeProperties[] = [
	...inScopes(contactTableLocator(GUARD_PARAMETERS.table), true),
	...inScopes(guardOptions(), true),
];

function guardOptions(): INodeProperties {
	return {
		displayName: 'Contact Book Options',
		name: GUARD_PARAMETERS.options,
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [
			{
				displayName: 'Block Marketing to Opted-Out Contacts',
				name: 'respectOptOut',
				type: 'boolean',
				default: true,
				description:
					'Whether to refuse a marketing template to a contact who opted out. Turn off only if you are sure the customer agreed again.',
			},
			{
				displayName: 'Fallback Template Language',
				name: 'fallbackTemplateLanguage',
				type: 'string',
				default: 'en_US',
				placeholder: 'e.g. en_US',
				description: 'The exact language code of the approved fallback template',
				displayOptions: { show: { closedWindow: ['template'] } },
			},
			{
				displayName: 'Fallback Template Name',
				name: 'fallbackTemplateName',
				type: 'string',
				default: '',
				placeholder: 'e.g. reopen_conversation',
				description: 'An approved template without variables, sent instead when the window is closed',
				displayOptions: { show: { closedWindow: ['template'] } },
			},
			{
				displayName: 'Record Outbound Time',
				name: 'recordOutbound',
				type: 'boolean',
				default: true,
				description: "Whether to record each accepted send as the contact's last outbound message",
			},
			{
				displayName: 'When the Window Is Closed',
				name: 'closedWindow',
				type: 'options',
				options: [
					{ name: 'Refuse With an Error', value: 'refuse', description: 'The item fails with a clear error; nothing is sent' },
					{ name: 'Send a Template Instead', value: 'template', description: 'Send the fallback template below instead' },
					{ name: 'Send Anyway', value: 'send', description: 'Let Meta decide (it answers error 131047)' },
				],
				default: 'refuse',
				description: 'What to do with a free-form message when the customer has not written in the last 24 hours',
			},
		],
	};
}
