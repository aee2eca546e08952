/**
 * What Meta says about an uploaded media object (cloud-api-facts §3), and how a downloaded file is
 * named and typed. The upload rules themselves live in `media.ts`.
 */
import type { MediaKind } from './media';
import { MEDIA_KINDS, MEDIA_RULES, normalizeMimeType } from './media';
import { WhatsAppValidationError } from './validation';

export interface MediaInfo {
	id: string;
	/** Short-lived download URL (Meta: 5 minutes); needs the access token. */
	url?: string;
	mimeType?: string;
	sha256?: string;
	/** Bytes; Meta sends a string in some answers and a number in others. */
	fileSize?: number;
}

const EXTENSIONS: Record<string, string> = {
	'image/jpeg': 'jpg',
	'image/png': 'png',
	'image/webp': 'webp',
	'image/svg+xml': 'svg',
	'video/mp4': 'mp4',
	'video/3gpp': '3gp',
	'audio/aac': 'aac',
	'audio/amr': 'amr',
	'audio/mpeg': 'mp3',
	'audio/mp4': 'm4a',
	'audio/ogg': 'ogg',
	'text/plain': 'txt',
	'application/pdf': 'pdf',
	'application/msword': 'doc',
	'application/vnd.openxmlformats-officedocument.wordprocessingml.document': 'docx',
	'application/vnd.ms-excel': 'xls',
	'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': 'xlsx',
	'application/vnd.ms-powerpoint': 'ppt',
	'application/vnd.openxmlformats-officedocument.presentationml.presentation': 'pptx',
};

/** Media IDs are numeric strings; anything else would reach an unrelated Graph object. */
export function mediaId(value: unknown): string {
	const id = String(value ?? '').trim();
	if (id === '') throw new WhatsAppValidationError('Media ID', 'Media ID is required, such as 1037543291543636');
	if (!/^\d+$/.test(id)) throw new WhatsAppValidationError('Media ID', `Media ID "${id}" is not a media ID (digits only, such as 1037543291543636)`);
	return id;
}

export function readMediaInfo(raw: Record<string, unknown>): MediaInfo {
	const info: MediaInfo = { id: String(raw.id ?? '') };
	if (typeof raw.url === 'string') info.url = raw.url;
	if (typeof raw.mime_type === 'string') info.mimeType = raw.mime_type;
	if (typeof raw.sha256 === 'string') info.sha256 = raw.sha256;
	const size = typeof raw.file_size === 'number' ? raw.file_size : typeof raw.file_size === 'string' && /^\d+$/.test(raw.file_size) ? Number(raw.file_size) : undefined;
	if (size !== undefined) info.fileSize = size;
	return info;
}

/** The kind of WhatsApp media a MIME type belongs to (WebP is a sticker), for the upload check. */
export function mediaKindOf(mimeType: string, field: string): MediaKind {
	const normalized = normalizeMimeType(mimeType || '');
	const kind = MEDIA_KINDS.find((candidate) => MEDIA_RULES[candidate].mimeTypes.includes(normalized));
	if (!kind) {
		const all = MEDIA_KINDS.flatMap((candidate) => MEDIA_RULES[candidate].mimeTypes).join(', ');
		throw new WhatsAppValidationError(field, `${field} is ${normalized || 'of unknown type'}; WhatsApp accepts ${all}`);
	}
	return kind;
}

export function extensionFor(mimeType: string | undefined): string {
	return EXTENSIONS[normalizeMimeType(mimeType ?? '')] ?? 'bin';
}

/** `filename="a.pdf"` or RFC 5987 `filename*=UTF-8''a%20b.pdf` from a Content-Disposition header. */
export function fileNameFromDisposition(header: string | undefined): string | undefined {
	if (!header) return undefined;
	const extended = /filename\*\s*=\s*(?:UTF-8|utf-8)''([^;]+)/.exec(header);
	if (extended) {
		try {
			return decodeURIComponent(extended[1].trim());
		} catch {
			// malformed percent-encoding: fall back to the plain parameter
		}
	}
	const plain = /filename\s*=\s*("([^"]*)"|[^;]+)/.exec(header);
	const name = (plain?.[2] ?? plain?.[1])?.trim();
	return name ? name.replace(/^.*[\\/]/, '') : undefined;
}

/**
 * The downloaded file's name: the one asked for, else the server's, else `<media id>.<extension>`.
 * A name without an extension gets the one that matches its MIME type.
 */
export function downloadFileName(options: { mediaId: string; mimeType?: string; requested?: string; disposition?: string }): string {
	const chosen = options.requested?.trim() || fileNameFromDisposition(options.disposition);
	if (chosen) return /\.[A-Za-z0-9]+$/.test(chosen) ? chosen : `${chosen}.${extensionFor(options.mimeType)}`;
	return `${options.mediaId}.${extensionFor(options.mimeType)}`;
}
