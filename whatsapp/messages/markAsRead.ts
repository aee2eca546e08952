/**
 * Mark an inbound message as read, optionally showing a typing indicator (cloud-api-facts §2.8).
 * Not a message: the body has no recipient and no type, so it skips the envelope.
 */
import { WhatsAppValidationError } from '../validation';

export interface MarkAsReadInput {
	/** The wamid of the received message; earlier messages in the chat are marked read too. */
	messageId: string;
	/** Show "typing…" until the reply is sent or 25 seconds pass. */
	typingIndicator?: boolean;
}

export interface MarkAsReadBody {
	messaging_product: 'whatsapp';
	status: 'read';
	message_id: string;
	typing_indicator?: { type: 'text' };
}

export function buildMarkAsRead(input: MarkAsReadInput): MarkAsReadBody {
	const messageId = String(input.messageId ?? '').trim();
	if (messageId === '') {
		throw new WhatsAppValidationError('Message ID', 'Message ID is required: the wamid of the received message');
	}
	const body: MarkAsReadBody = { messaging_product: 'whatsapp', status: 'read', message_id: messageId };
	if (input.typingIndicator) body.typing_indicator = { type: 'text' };
	return body;
}
