import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { sleep } from 'n8n-workflow';

import type { Conversation } from '../../../../whatsapp/conversations';
import { ConversationDesk, parseConversationId } from '../../../../whatsapp/conversations';
import { normalizeRecipient } from '../../../../whatsapp/phone';
import type { AssignmentStrategy } from '../../../../whatsapp/routing/assignment';
import { WhatsAppValidationError } from '../../../../whatsapp/validation';
import type { TableRef } from '../../../shared/conversations/dataTableStore';
import { DataTableConversationStore, DEFAULT_AGENTS_TABLE, DEFAULT_CONVERSATION_TABLE } from '../../../shared/conversations/dataTableStore';
import { resolvePhoneNumberId } from '../../helpers/phoneNumber';

function tableLocator(displayName: string, name: string, table: string, description: string): INodeProperties {
	return {
		displayName,
		name,
		type: 'resourceLocator',
		default: { mode: 'name', value: table },
		required: true,
		description,
		modes: [
			{ displayName: 'By Name', name: 'name', type: 'string', placeholder: `e.g. ${table}` },
			{ displayName: 'By ID', name: 'id', type: 'string', placeholder: 'e.g. 5kZ18Bjru7Df9KWc' },
		],
	};
}

export const conversationTable = tableLocator(
	'Conversation Table',
	'conversationTable',
	DEFAULT_CONVERSATION_TABLE,
	'The n8n data table that keeps every conversation as a log of events. A new name is created on first use; every workflow of one team inbox uses the same table.',
);

export const agentsTable = tableLocator(
	'Agents Table',
	'agentsTable',
	DEFAULT_AGENTS_TABLE,
	'The n8n data table of agents: one row per agent with columns agent, name, teams (comma-separated), capacity (0 = no limit), available and contact. Created empty on first use; edit it on the Data tables page.',
);

/** Which conversation an operation acts on. */
export const conversationSelector: INodeProperties[] = [
	{
		displayName: 'Conversation',
		name: 'conversationBy',
		type: 'options',
		default: 'conversationId',
		options: [
			{ name: 'By Conversation ID', value: 'conversationId', description: 'The ID a Receive Message output carries (conversation.conversationId)' },
			{ name: 'By Customer', value: 'customer', description: "The customer's WhatsApp ID on a business phone number: their open or latest conversation" },
			{ name: 'By Linked Reference', value: 'ref', description: 'A reference linked with "Link Reference", such as a Slack thread' },
		],
	},
	{
		displayName: 'Conversation ID',
		name: 'conversationId',
		type: 'string',
		default: '={{ $json.conversation?.conversationId }}',
		required: true,
		displayOptions: { show: { conversationBy: ['conversationId'] } },
		placeholder: 'e.g. 106540352242922:5511999990001:1',
	},
	{
		displayName: 'Business Phone Number ID',
		name: 'conversationPhoneNumberId',
		type: 'string',
		default: '={{ $json.businessPhoneNumberId }}',
		description: "The business number the customer wrote to; empty uses the credential's default number",
		displayOptions: { show: { conversationBy: ['customer'] } },
	},
	{
		displayName: 'Customer WhatsApp ID',
		name: 'conversationWaId',
		type: 'string',
		default: '={{ $json.waId }}',
		required: true,
		displayOptions: { show: { conversationBy: ['customer'] } },
		placeholder: 'e.g. +55 11 99999 0001',
	},
	{
		displayName: 'Reference',
		name: 'conversationRef',
		type: 'string',
		default: '',
		required: true,
		displayOptions: { show: { conversationBy: ['ref'] } },
		placeholder: 'e.g. slack:C0123:1712345678.000100',
	},
];

export const strategyField: INodeProperties = {
	displayName: 'Strategy',
	name: 'strategy',
	type: 'options',
	default: 'roundRobin',
	options: [
		{ name: 'Round-Robin', value: 'roundRobin', description: 'Each available agent in turn (exact under concurrent runs)' },
		{ name: 'Least Open Conversations', value: 'leastOpen', description: 'The available agent with the fewest open conversations' },
		{ name: 'Percentage Capacity', value: 'capacity', description: 'The agent using the lowest share of their capacity (agents need a capacity)' },
		{ name: 'Sticky', value: 'sticky', description: "The customer's previous agent if available and recent enough, else round-robin" },
	],
};

export const stickyFields: INodeProperties[] = [
	{
		displayName: 'Sticky Within (Hours)',
		name: 'stickyWithinHours',
		type: 'number',
		default: 72,
		typeOptions: { minValue: 0 },
		description: 'The previous agent counts only if they were assigned within this many hours; 0 = any time',
		displayOptions: { show: { strategy: ['sticky'] } },
	},
];

function ref(context: IExecuteFunctions, name: string, itemIndex: number, fallback: string, field: string): TableRef {
	const locator = context.getNodeParameter(name, itemIndex, { mode: 'name', value: fallback }) as { mode?: string; value?: unknown };
	return { mode: locator.mode === 'id' ? 'id' : 'name', value: String(locator.value ?? ''), field };
}

export const n8nDeskClock = { now: () => Date.now(), sleep: async (ms: number) => await sleep(ms) };

/** The desk for one execution: one store per pair of tables, nothing outlives the run. */
export function desks(context: IExecuteFunctions): (itemIndex: number) => { desk: ConversationDesk; store: DataTableConversationStore } {
	const cache = new Map<string, { desk: ConversationDesk; store: DataTableConversationStore }>();
	return (itemIndex) => {
		const events = ref(context, 'conversationTable', itemIndex, DEFAULT_CONVERSATION_TABLE, 'Conversation Table');
		const agents = ref(context, 'agentsTable', itemIndex, DEFAULT_AGENTS_TABLE, 'Agents Table');
		const key = `${events.mode}:${events.value}|${agents.mode}:${agents.value}`;
		let entry = cache.get(key);
		if (!entry) {
			const store = new DataTableConversationStore(context, events, agents);
			entry = { desk: new ConversationDesk(store, n8nDeskClock), store };
			cache.set(key, entry);
		}
		return entry;
	};
}

/** The conversation the selector names; an error that says how to fix it when there is none. */
export async function selectConversation(context: IExecuteFunctions, desk: ConversationDesk, itemIndex: number): Promise<Conversation> {
	const by = context.getNodeParameter('conversationBy', itemIndex, 'conversationId') as string;
	if (by === 'customer') {
		const waId = normalizeRecipient(context.getNodeParameter('conversationWaId', itemIndex), 'Customer WhatsApp ID');
		const given = String(context.getNodeParameter('conversationPhoneNumberId', itemIndex, '') ?? '').trim();
		const phoneNumberId = given || (await resolvePhoneNumberId.call(context, itemIndex, 'conversationPhoneNumberId'));
		const conversation = await desk.current(phoneNumberId, waId);
		if (!conversation) throw new WhatsAppValidationError('Customer WhatsApp ID', `There is no conversation with ${waId} on number ${phoneNumberId} yet. It starts with the customer's first message (Receive Message)`);
		return conversation;
	}
	if (by === 'ref') {
		const reference = String(context.getNodeParameter('conversationRef', itemIndex) ?? '').trim();
		if (!reference) throw new WhatsAppValidationError('Reference', 'Reference is empty: give the value linked with "Link Reference"');
		const conversation = await desk.byRef(reference);
		if (!conversation) throw new WhatsAppValidationError('Reference', `No conversation is linked to "${reference.slice(0, 120)}". Link it first with the "Link Reference" operation`);
		return conversation;
	}
	const id = String(context.getNodeParameter('conversationId', itemIndex) ?? '').trim();
	if (!parseConversationId(id)) {
		throw new WhatsAppValidationError('Conversation ID', `"${id.slice(0, 120)}" is not a conversation ID (phone number ID:wa_id:number). Map conversation.conversationId from Receive Message, or pick the conversation by customer`);
	}
	const conversation = await desk.byId(id);
	if (!conversation) throw new WhatsAppValidationError('Conversation ID', `There is no conversation ${id} in the conversation table`);
	return conversation;
}

export function conversationJson(conversation: Conversation): IDataObject {
	const { inbound, turnsDone, ...rest } = conversation;
	return { ...rest, messages: inbound.length, turnsDone: turnsDone.length } as unknown as IDataObject;
}

export function strategyOptions(context: IExecuteFunctions, itemIndex: number): { strategy: AssignmentStrategy; stickyWithinMs: number } {
	const strategy = context.getNodeParameter('strategy', itemIndex, 'roundRobin') as AssignmentStrategy;
	const hours = strategy === 'sticky' ? Number(context.getNodeParameter('stickyWithinHours', itemIndex, 72)) : 0;
	return { strategy, stickyWithinMs: Math.max(0, hours) * 3600_000 };
}

export function requiredText(context: IExecuteFunctions, name: string, itemIndex: number, field: string): string {
	const value = String(context.getNodeParameter(name, itemIndex, '') ?? '').trim();
	if (!value) throw new WhatsAppValidationError(field, `${field} is required`);
	return value;
}
