/**
 * Send Quick Reply: an agent (or any flow) sends a saved quick reply by its shortcut. The contact
 * book gives the variables and the window; a closed window sends the reply's fallback template.
 */
import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { ContactBook } from '../../whatsapp/contacts';
import { findShortcut } from '../../whatsapp/inbox';
import { normalizeRecipient } from '../../whatsapp/phone';
import { DataTableContactStore } from '../shared/contacts/dataTableStore';
import { failedItemJson, toNodeError } from '../WhatsAppBusinessPlatform/helpers/runPerItem';
import { resolvePhoneNumberId } from '../WhatsAppBusinessPlatform/helpers/phoneNumber';
import { tableRef } from '../WhatsAppBusinessPlatform/actions/contact/shared';
import { configured, readQuickReplies } from './config';
import type { ReplySend } from './send';
import { contactVariables, sendReplies } from './send';

export async function sendQuickReply(this: IExecuteFunctions, items: INodeExecutionData[]): Promise<INodeExecutionData[][]> {
	const output: INodeExecutionData[] = new Array(items.length);
	const sends: ReplySend[] = [];
	const books: ContactBook[] = [];
	const shortcuts: string[] = [];
	for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
		try {
			const quickReply = configured(this, itemIndex, () => findShortcut(readQuickReplies(this, itemIndex), this.getNodeParameter('shortcut', itemIndex)));
			const waId = configured(this, itemIndex, () => normalizeRecipient(this.getNodeParameter('recipient', itemIndex), 'Recipient Phone Number'));
			const book = new ContactBook(new DataTableContactStore(this, tableRef(this, 'quickReplyContactTable', itemIndex)));
			const contact = (await book.getMany([waId])).get(waId);
			sends.push({
				itemIndex,
				phoneNumberId: await resolvePhoneNumberId.call(this, itemIndex),
				waId,
				reply: quickReply.reply,
				variables: contactVariables(contact, waId),
				windowOpen: contact?.windowOpen ?? false,
				automation: 'quickReply',
			});
			books.push(book);
			shortcuts.push(quickReply.shortcut);
		} catch (error) {
			if (!this.continueOnFail()) throw toNodeError(this, error, itemIndex);
			output[itemIndex] = { json: failedItemJson(error), pairedItem: { item: itemIndex } };
		}
	}
	const results = await sendReplies.call(this, sends);
	for (let index = 0; index < sends.length; index++) {
		const send = sends[index];
		const result = results[index];
		let warning: string | undefined;
		if (result.messageId) {
			try {
				// Sent by a person: recorded as a normal outbound message (it counts as an agent reply).
				await books[index].recordOutbound([{ waId: send.waId, messageId: result.messageId, type: result.type }]);
			} catch (error) {
				warning = `Sent, but the contact book could not record it: ${(error as Error).message}`;
			}
		}
		const json: IDataObject = result.messageId
			? { messageId: result.messageId, type: result.type, shortcut: shortcuts[index], recipient: send.waId, phoneNumberId: send.phoneNumberId, windowOpen: send.windowOpen, ...(warning ? { warning } : {}) }
			: { shortcut: shortcuts[index], recipient: send.waId, ...result.error };
		output[send.itemIndex] = { json, pairedItem: { item: send.itemIndex } };
	}
	return [output.filter(Boolean)];
}
