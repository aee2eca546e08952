import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import type { Contact, ContactBook } from '../../../../whatsapp/contacts';
import { runPerItem } from '../../helpers/runPerItem';
import { contactBooks } from './shared';

const properties: INodeProperties[] = [
	{
		displayName: 'Input',
		name: 'input',
		type: 'options',
		noDataExpression: true,
		options: [
			{
				name: 'Trigger Event',
				value: 'trigger',
				description:
					'Items of the WhatsApp Business Platform Trigger: messages open the window, "sent" statuses set the last outbound time, marketing stop/resume preferences record opt-out/opt-in',
			},
			{
				name: 'Mapped Fields',
				value: 'fields',
				description: 'Give the sender, name and time of an inbound message yourself',
			},
		],
		default: 'trigger',
	},
	{
		displayName: 'Contact Phone Number',
		name: 'waId',
		type: 'string',
		default: '={{ $json.waId }}',
		required: true,
		placeholder: 'e.g. +15551234567',
		description: "The sender's WhatsApp ID (wa_id) or phone number with country code",
		displayOptions: { show: { input: ['fields'] } },
	},
	{
		displayName: 'Profile Name',
		name: 'profileName',
		type: 'string',
		default: '={{ $json.profileName }}',
		placeholder: 'e.g. Ana Souza',
		description: "The sender's WhatsApp profile name; kept fresh on every message",
		displayOptions: { show: { input: ['fields'] } },
	},
	{
		displayName: 'Timestamp',
		name: 'timestamp',
		type: 'string',
		default: '={{ $json.timestamp }}',
		placeholder: 'e.g. 2025-06-01T12:00:00Z',
		description: 'When the message was sent (ISO time or Unix seconds). Empty means now. The window stays open 24 hours from it.',
		displayOptions: { show: { input: ['fields'] } },
	},
];

export const description = updateDisplayOptions({ show: { resource: ['contact'], operation: ['recordInbound'] } }, properties);

/** One trigger item → the matching contact-book write, or undefined for events that change no contact. */
async function recordTriggerEvent(book: ContactBook, json: IDataObject): Promise<Contact | undefined> {
	const waId = json.waId;
	if (typeof waId !== 'string' || waId === '') return undefined;
	switch (json.event) {
		case 'message':
			return await book.recordInbound({ waId, profileName: json.profileName, timestamp: json.timestamp, messageId: json.messageId });
		case 'status':
			// Only "sent" marks an outbound message; delivered and read are the same message again.
			if (json.status !== 'sent') return undefined;
			await book.recordOutbound([{ waId, messageId: json.messageId as string | undefined, at: json.timestamp }]);
			return (await book.getMany([waId])).get(waId);
		case 'userPreference': {
			const value = String(json.eventName ?? '').toLowerCase();
			if (value === 'stop') return await book.recordOptOut(waId, { keyword: 'marketing stop (WhatsApp)', at: json.timestamp });
			if (value === 'resume') return await book.recordOptIn(waId, { source: 'marketing resume (WhatsApp)', at: json.timestamp });
			return undefined;
		}
		default:
			return undefined;
	}
}

export async function execute(this: IExecuteFunctions, items: INodeExecutionData[]): Promise<INodeExecutionData[]> {
	const book = contactBooks(this);
	return await runPerItem.call(this, items, async (itemIndex) => {
		const json = items[itemIndex].json;
		const input = this.getNodeParameter('input', itemIndex, 'trigger') as string;
		const contact =
			input === 'fields'
				? await book(itemIndex).recordInbound({
						waId: this.getNodeParameter('waId', itemIndex),
						profileName: this.getNodeParameter('profileName', itemIndex, ''),
						timestamp: this.getNodeParameter('timestamp', itemIndex, ''),
					})
				: await recordTriggerEvent(book(itemIndex), json);
		// The item passes through, so the flow continues with the message and knows the contact.
		return { ...json, contact: (contact ?? null) as unknown as IDataObject };
	});
}
