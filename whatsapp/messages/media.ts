/** Image, video, audio, document and sticker messages (cloud-api-facts §2.3). */
import { LIMITS } from '../limits';
import type { MediaKind } from '../media';
import { MEDIA_KINDS } from '../media';
import { WhatsAppValidationError } from '../validation';
import { checkLink, checkMediaId, optionalLimited, optionalText } from './common';
import type { MessageContent } from './envelope';

export interface MediaMessageInput {
	kind: MediaKind;
	/** A media ID from an upload. Give this or `link`. */
	id?: string;
	/** A public http(s) URL Meta downloads. Give this or `id`. */
	link?: string;
	/** Image, video and document only. */
	caption?: string;
	/** Document only: the name the recipient sees; its extension chooses the icon. */
	filename?: string;
	/** Audio only: show as a voice note (needs OGG/OPUS). */
	voice?: boolean;
}

const CAPTIONED: readonly MediaKind[] = ['image', 'video', 'document'];

export function buildMedia(input: MediaMessageInput): MessageContent {
	const { kind } = input;
	if (!MEDIA_KINDS.includes(kind)) {
		throw new WhatsAppValidationError('Media Type', `Media Type "${String(kind)}" is not one of ${MEDIA_KINDS.join(', ')}`);
	}
	const id = optionalText(input.id);
	const link = optionalText(input.link);
	if (id !== undefined && link !== undefined) {
		throw new WhatsAppValidationError('Media ID', 'Give a Media ID or a Media URL, not both');
	}
	if (id === undefined && link === undefined) {
		throw new WhatsAppValidationError('Media ID', `A ${kind} needs a Media ID, a Media URL or a binary file`);
	}
	const media: Record<string, unknown> = id !== undefined ? { id: checkMediaId('Media ID', id) } : { link: checkLink('Media URL', link!) };

	const caption = optionalText(input.caption);
	if (caption !== undefined) {
		if (!CAPTIONED.includes(kind)) {
			throw new WhatsAppValidationError('Caption', `A ${kind} cannot have a caption; only images, videos and documents can`);
		}
		media.caption = optionalLimited('Caption', caption, LIMITS.caption);
	}
	const filename = optionalText(input.filename);
	if (filename !== undefined) {
		if (kind !== 'document') {
			throw new WhatsAppValidationError('File Name', `Only a document has a file name, not a ${kind}`);
		}
		media.filename = filename.trim();
	}
	if (input.voice) {
		if (kind !== 'audio') throw new WhatsAppValidationError('Voice Message', `Only audio can be a voice message, not a ${kind}`);
		media.voice = true;
	}
	return { type: kind, [kind]: media };
}
