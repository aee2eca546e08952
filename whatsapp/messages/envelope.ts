/**
 * The envelope every `POST /{phone-number-id}/messages` body shares. Content builders (text,
 * media, interactive, template …) return `MessageContent`; `buildSendBody` wraps it for one
 * recipient with the optional reply context and callback data.
 */
import { LIMITS } from '../limits';
import { recipientForSending } from '../phone';
import { checkMaxLength, WhatsAppValidationError } from '../validation';

export type MessageType =
	| 'text'
	| 'image'
	| 'video'
	| 'audio'
	| 'document'
	| 'sticker'
	| 'location'
	| 'contacts'
	| 'interactive'
	| 'template'
	| 'reaction';

/** `{ type: 'text', text: {...} }`: the type and the object named by it. */
export interface MessageContent {
	type: MessageType;
	[key: string]: unknown;
}

export interface EnvelopeOptions {
	to: unknown;
	/** ISO country for recipients written without a country code (see whatsapp/phone.ts). */
	defaultCountry?: string;
	/** wamid of the message this one replies to (shows a quote bubble). */
	replyToMessageId?: string;
	/** Echoed back by Meta in this message's status webhooks (≤512 characters). */
	bizOpaqueCallbackData?: string;
}

export interface SendBody {
	messaging_product: 'whatsapp';
	recipient_type: 'individual';
	to: string;
	type: MessageType;
	context?: { message_id: string };
	biz_opaque_callback_data?: string;
	[key: string]: unknown;
}

export function buildSendBody(content: MessageContent, options: EnvelopeOptions): SendBody {
	const body: SendBody = {
		messaging_product: 'whatsapp',
		recipient_type: 'individual',
		to: recipientForSending(options.to, 'Recipient', { defaultCountry: options.defaultCountry }),
		...content,
	};
	const replyTo = options.replyToMessageId?.trim();
	if (replyTo) {
		if (content.type === 'reaction') {
			throw new WhatsAppValidationError('Reply To Message ID', 'A reaction cannot be sent as a reply: leave Reply To Message ID empty');
		}
		body.context = { message_id: replyTo };
	}
	if (options.bizOpaqueCallbackData) {
		checkMaxLength('Callback Data', options.bizOpaqueCallbackData, LIMITS.bizOpaqueCallbackData);
		body.biz_opaque_callback_data = options.bizOpaqueCallbackData;
	}
	return body;
}
