/** A reaction to a message, or its removal (cloud-api-facts §2.5). */
import { WhatsAppValidationError } from '../validation';
import { containsEmoji, graphemes } from './common';
import type { MessageContent } from './envelope';

export interface ReactionInput {
	/** The wamid of the message to react to. */
	messageId: string;
	/** Exactly one emoji; empty removes an earlier reaction. */
	emoji?: string;
}

export function buildReaction(input: ReactionInput): MessageContent {
	const messageId = String(input.messageId ?? '').trim();
	if (messageId === '') {
		throw new WhatsAppValidationError('Message ID', 'Message ID is required: the wamid of the message to react to');
	}
	const emoji = String(input.emoji ?? '').trim();
	if (emoji !== '') {
		const characters = graphemes(emoji);
		if (characters.length !== 1 || !containsEmoji(characters[0])) {
			throw new WhatsAppValidationError(
				'Emoji',
				`Emoji must be exactly one emoji (or empty to remove the reaction); got "${emoji}" (${characters.length} character${characters.length === 1 ? '' : 's'})`,
			);
		}
	}
	return { type: 'reaction', reaction: { message_id: messageId, emoji } };
}
