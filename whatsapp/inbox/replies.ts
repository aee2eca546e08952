/**
 * A reply the inbox sends (away, greeting, quick reply, opt-out confirmation): text with contact
 * variables, media, a template, or text with reply buttons. Built into message content with the
 * package's message builders, so every Meta limit is checked the same way as for the action node.
 */
import type { MessageContent } from '../messages/envelope';
import { buildReplyButtons } from '../messages/interactive';
import { buildMedia } from '../messages/media';
import { buildText } from '../messages/text';
import type { MediaKind } from '../media';
import { MEDIA_KINDS } from '../media';
import { WhatsAppValidationError } from '../validation';
import type { TemplateVariables } from './text';
import { fillVariables, splitList } from './text';

export type ReplyType = 'text' | 'media' | 'template' | 'buttons';

export interface TemplateRef {
	name: string;
	language: string;
	/** Body variables {{1}}, {{2}} … in order; contact variables are filled in. */
	bodyParameters?: string[];
}

export interface ReplyInput {
	type?: string;
	text?: string;
	mediaType?: string;
	/** A public URL or a media ID from an upload. */
	media?: string;
	filename?: string;
	template?: Partial<TemplateRef>;
	/** Button titles (up to 3), comma-separated or a list. */
	buttons?: unknown;
	/** Sent instead when the 24-hour window is closed (free-form replies only). */
	fallbackTemplate?: Partial<TemplateRef>;
}

export interface Reply {
	type: ReplyType;
	text: string;
	mediaType?: MediaKind;
	media?: string;
	filename?: string;
	template?: TemplateRef;
	buttons: string[];
	fallbackTemplate?: TemplateRef;
}

function templateRef(field: string, input: Partial<TemplateRef> | undefined, required: boolean): TemplateRef | undefined {
	const name = String(input?.name ?? '').trim();
	if (name === '') {
		if (required) throw new WhatsAppValidationError(`${field} Template Name`, `${field}: the template name is empty; give an approved template's name`);
		return undefined;
	}
	const language = String(input?.language ?? '').trim() || 'en_US';
	return { name, language, bodyParameters: splitList(input?.bodyParameters ?? []) };
}

/** Checks one reply's configuration; `field` names it in errors ("Away Message", "Quick Reply 2"). */
export function parseReply(field: string, input: ReplyInput): Reply {
	const type = String(input.type ?? 'text') as ReplyType;
	const text = String(input.text ?? '');
	const reply: Reply = { type, text, buttons: [], fallbackTemplate: templateRef(`${field} Fallback`, input.fallbackTemplate, false) };
	switch (type) {
		case 'text':
			if (text.trim() === '') throw new WhatsAppValidationError(`${field} Text`, `${field}: the reply text is empty; write the message to send`);
			break;
		case 'buttons':
			if (text.trim() === '') throw new WhatsAppValidationError(`${field} Text`, `${field}: the text above the buttons is empty`);
			reply.buttons = splitList(input.buttons);
			if (reply.buttons.length < 1 || reply.buttons.length > 3) {
				throw new WhatsAppValidationError(`${field} Buttons`, `${field}: give 1 to 3 button titles separated by commas (got ${reply.buttons.length})`);
			}
			break;
		case 'media': {
			const kind = String(input.mediaType ?? 'image') as MediaKind;
			if (!MEDIA_KINDS.includes(kind)) throw new WhatsAppValidationError(`${field} Media Type`, `${field}: media type must be one of ${MEDIA_KINDS.join(', ')}`);
			const media = String(input.media ?? '').trim();
			if (media === '') throw new WhatsAppValidationError(`${field} Media`, `${field}: the media URL or ID is empty`);
			Object.assign(reply, { mediaType: kind, media, filename: String(input.filename ?? '').trim() || undefined });
			break;
		}
		case 'template':
			reply.template = templateRef(field, input.template, true);
			break;
		default:
			throw new WhatsAppValidationError(`${field} Type`, `${field}: reply type must be text, media, template or buttons, not "${String(type)}"`);
	}
	// Catch limit violations (text length, button titles) now, with sample variables.
	buildReplyContent(reply, {}, true);
	return reply;
}

function templateContent(ref: TemplateRef, variables: TemplateVariables): MessageContent {
	const parameters = (ref.bodyParameters ?? []).map((value) => ({ type: 'text', text: fillVariables(value, variables) || '-' }));
	return {
		type: 'template',
		template: {
			name: ref.name,
			language: { code: ref.language },
			...(parameters.length > 0 ? { components: [{ type: 'body', parameters }] } : {}),
		},
	};
}

/**
 * The message content for `reply` with the contact's variables filled in. With the window closed
 * a free-form reply becomes its fallback template; without one it is refused with a clear reason.
 */
export function buildReplyContent(reply: Reply, variables: TemplateVariables, windowOpen: boolean): MessageContent {
	if (reply.type === 'template') return templateContent(reply.template!, variables);
	if (!windowOpen) {
		if (reply.fallbackTemplate) return templateContent(reply.fallbackTemplate, variables);
		throw new WhatsAppValidationError(
			'Fallback Template',
			'The 24-hour window is closed, so only a template can be sent, and this reply has no fallback template: set one',
		);
	}
	const text = fillVariables(reply.text, variables);
	if (reply.type === 'text') return buildText({ body: text });
	if (reply.type === 'buttons') return buildReplyButtons({ body: text, buttons: reply.buttons });
	const media = reply.media!;
	const isLink = /^https?:\/\//i.test(media);
	return buildMedia({
		kind: reply.mediaType!,
		...(isLink ? { link: media } : { id: media }),
		...(text.trim() !== '' && reply.mediaType !== 'audio' && reply.mediaType !== 'sticker' ? { caption: text } : {}),
		...(reply.filename && reply.mediaType === 'document' ? { filename: reply.filename } : {}),
	});
}

/** What a reply looks like in a decision ("text", "template order_update", …). */
export function describeReply(reply: Reply): string {
	if (reply.type === 'template') return `template ${reply.template!.name}`;
	if (reply.type === 'media') return reply.mediaType!;
	return reply.type;
}
