/**
 * Sending the inbox's replies: built with the package's message builders and sent through the one
 * send pipeline of the action node (validation first, pacing, per-recipient spacing, Meta errors).
 */
import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import type { Contact } from '../../whatsapp/contacts';
import type { Reply, TemplateVariables } from '../../whatsapp/inbox';
import { buildReplyContent } from '../../whatsapp/inbox';
import { buildSendBody } from '../../whatsapp/messages/envelope';
import { sendMessages } from '../WhatsAppBusinessPlatform/helpers/sendPipeline';

export interface ReplySend {
	itemIndex: number;
	phoneNumberId: string;
	waId: string;
	reply: Reply;
	variables: TemplateVariables;
	windowOpen: boolean;
	/** What sent it: away, greeting, quickReply … */
	automation: string;
}

export interface ReplyResult {
	messageId?: string;
	type?: string;
	error?: IDataObject;
}

/** The variables a reply may use: name, first name, phone, WA ID and every contact attribute. */
export function contactVariables(contact: Contact | undefined, waId: string): TemplateVariables {
	const name = contact?.profileName ?? '';
	return {
		...(contact?.attributes ?? {}),
		name,
		first_name: name.split(/\s+/)[0] ?? '',
		phone: contact?.phone ?? `+${waId}`,
		wa_id: waId,
	};
}

/** Sends every reply (one pipeline run) and returns one result per send, in order. */
export async function sendReplies(this: IExecuteFunctions, sends: ReplySend[]): Promise<ReplyResult[]> {
	if (sends.length === 0) return [];
	const items: INodeExecutionData[] = sends.map((send) => ({ json: {}, pairedItem: { item: send.itemIndex } }));
	const output = await sendMessages.call(this, items, async (index) => {
		const send = sends[index];
		const content = buildReplyContent(send.reply, send.variables, send.windowOpen);
		const body = buildSendBody(content, { to: send.waId });
		return { phoneNumberId: send.phoneNumberId, body: body as unknown as IDataObject, recipient: body.to };
	});
	return output.map((item, index) => {
		const json = item.json;
		if (json.messageId) {
			// The type actually sent: a closed window turns a text into its fallback template.
			const type = buildReplyContent(sends[index].reply, sends[index].variables, sends[index].windowOpen).type;
			return { messageId: String(json.messageId), type };
		}
		return { error: json };
	});
}
