/**
 * Meta's media rules (cloud-api-facts §3): which MIME types each kind of media may have and how big
 * the file may be. Checked before an upload, so a wrong file fails here with its type and size named
 * instead of as Meta's generic 131053 after the upload.
 */
import { WhatsAppValidationError } from './validation';

export type MediaKind = 'image' | 'video' | 'audio' | 'document' | 'sticker';

export const MEDIA_KINDS: readonly MediaKind[] = ['image', 'video', 'audio', 'document', 'sticker'];

const KB = 1024;
const MB = 1024 * KB;

export interface MediaRule {
	mimeTypes: readonly string[];
	maxBytes: number;
	/** Animated stickers may be larger than static ones. */
	maxBytesAnimated?: number;
}

export const MEDIA_RULES: Record<MediaKind, MediaRule> = {
	image: { mimeTypes: ['image/jpeg', 'image/png'], maxBytes: 5 * MB },
	video: { mimeTypes: ['video/mp4', 'video/3gpp'], maxBytes: 16 * MB },
	audio: { mimeTypes: ['audio/aac', 'audio/amr', 'audio/mpeg', 'audio/mp4', 'audio/ogg'], maxBytes: 16 * MB },
	document: {
		mimeTypes: [
			'text/plain',
			'application/pdf',
			'application/msword',
			'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
			'application/vnd.ms-excel',
			'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
			'application/vnd.ms-powerpoint',
			'application/vnd.openxmlformats-officedocument.presentationml.presentation',
		],
		maxBytes: 100 * MB,
	},
	sticker: { mimeTypes: ['image/webp'], maxBytes: 100 * KB, maxBytesAnimated: 500 * KB },
};

/**
 * Common non-standard spellings of the same types (file-extension guessers produce them); Meta only
 * knows the canonical names, so they are sent canonical.
 */
const MIME_ALIASES: Record<string, string> = {
	'image/jpg': 'image/jpeg',
	'image/pjpeg': 'image/jpeg',
	'audio/mp3': 'audio/mpeg',
	'audio/x-aac': 'audio/aac',
	'audio/opus': 'audio/ogg',
	'audio/x-m4a': 'audio/mp4',
	'audio/m4a': 'audio/mp4',
	'video/3gp': 'video/3gpp',
};

/** Lower case, without parameters (`audio/ogg; codecs=opus` → `audio/ogg`), aliases resolved. */
export function normalizeMimeType(mimeType: string): string {
	const bare = mimeType.split(';')[0].trim().toLowerCase();
	return MIME_ALIASES[bare] ?? bare;
}

/** 5 MB, 100 KB, 812 bytes: as Meta writes its limits. */
export function formatBytes(bytes: number): string {
	if (bytes >= MB) return `${Number((bytes / MB).toFixed(1))} MB`;
	if (bytes >= KB) return `${Number((bytes / KB).toFixed(1))} KB`;
	return `${bytes} bytes`;
}

/**
 * Whether a WebP file is animated: an extended-format (`VP8X`) header with the animation flag.
 * Decides whether a sticker may be 500 KB instead of 100 KB.
 */
export function isAnimatedWebp(data: Uint8Array): boolean {
	if (data.length < 21) return false;
	const ascii = (start: number, end: number) => String.fromCharCode(...data.subarray(start, end));
	if (ascii(0, 4) !== 'RIFF' || ascii(8, 12) !== 'WEBP' || ascii(12, 16) !== 'VP8X') return false;
	// The VP8X flags byte follows the 4-byte chunk size; bit 1 is "animation".
	return (data[20] & 0x02) !== 0;
}

const KIND_NAMES: Record<MediaKind, string> = {
	image: 'an image',
	video: 'a video',
	audio: 'an audio file',
	document: 'a document',
	sticker: 'a sticker',
};

export interface MediaFile {
	/** How the user names the file, such as `Binary property "data"`. */
	label: string;
	/** The field to fix, as the user sees it. */
	field: string;
	mimeType: string;
	size: number;
	/** For stickers: whether the WebP is animated (see `isAnimatedWebp`). */
	animated?: boolean;
}

/**
 * Checks a file against Meta's table for `kind` and returns the MIME type to declare on upload.
 * A voice message must be OGG/OPUS, the only format WhatsApp plays as a voice note.
 */
export function checkMediaFile(kind: MediaKind, file: MediaFile, options: { voice?: boolean } = {}): string {
	const rule = MEDIA_RULES[kind];
	const mimeType = normalizeMimeType(file.mimeType || '');
	const described = `${file.label} is ${mimeType || 'of unknown type'} (${formatBytes(file.size)})`;
	if (!rule.mimeTypes.includes(mimeType)) {
		throw new WhatsAppValidationError(
			file.field,
			`${described}; a WhatsApp ${kind} must be one of: ${rule.mimeTypes.join(', ')}`,
		);
	}
	if (options.voice && kind === 'audio' && mimeType !== 'audio/ogg') {
		throw new WhatsAppValidationError(
			file.field,
			`${described}; a voice message must be audio/ogg with the OPUS codec. Turn off "Voice Message" or convert the file`,
		);
	}
	const max = file.animated && rule.maxBytesAnimated ? rule.maxBytesAnimated : rule.maxBytes;
	if (file.size > max) {
		const which = kind === 'sticker' ? (file.animated ? 'an animated sticker' : 'a static sticker') : KIND_NAMES[kind];
		throw new WhatsAppValidationError(
			file.field,
			`${described}; WhatsApp allows at most ${formatBytes(max)} for ${which}`,
		);
	}
	if (file.size === 0) {
		throw new WhatsAppValidationError(file.field, `${file.label} is empty (0 bytes)`);
	}
	return mimeType;
}
