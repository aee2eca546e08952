/**
 * QR codes and short links that open a chat with a prefilled message (cloud-api-facts §11):
 * request bodies with the 140-character limit checked, and Meta's answers in friendly fields.
 */
import { LIMITS } from './limits';
import { checkMaxLength, requireText, WhatsAppValidationError } from './validation';

export type QrImageFormat = 'PNG' | 'SVG';

export const QR_IMAGE_MIME_TYPES: Record<QrImageFormat, string> = { PNG: 'image/png', SVG: 'image/svg+xml' };

export interface QrCodeCreateBody {
	prefilled_message: string;
	generate_qr_image: QrImageFormat;
}

export interface QrCodeUpdateBody {
	code: string;
	prefilled_message: string;
}

export interface QrCode {
	code: string;
	prefilledMessage?: string;
	deepLinkUrl?: string;
	qrImageUrl?: string;
}

function prefilledMessage(value: unknown): string {
	const message = requireText('Prefilled Message', value);
	checkMaxLength('Prefilled Message', message, LIMITS.qrPrefilledMessage);
	return message;
}

export function imageFormat(value: unknown): QrImageFormat {
	const format = String(value ?? '').toUpperCase();
	if (format !== 'PNG' && format !== 'SVG') {
		throw new WhatsAppValidationError('Image Format', `Image Format "${String(value)}" is not PNG or SVG`);
	}
	return format;
}

/** The code Meta assigned, such as 4O4YGZEG3RIVE1; a full wa.me/message link is accepted too. */
export function qrCodeId(value: unknown): string {
	const raw = requireText('QR Code', value).trim();
	const code = raw.replace(/^https?:\/\/wa\.me\/message\//i, '').replace(/[/?#].*$/, '');
	if (!/^[A-Za-z0-9]+$/.test(code)) {
		throw new WhatsAppValidationError('QR Code', `QR Code "${raw}" is not a code such as 4O4YGZEG3RIVE1`);
	}
	return code;
}

export function buildQrCodeCreate(input: { prefilledMessage: unknown; imageFormat: unknown }): QrCodeCreateBody {
	return { prefilled_message: prefilledMessage(input.prefilledMessage), generate_qr_image: imageFormat(input.imageFormat) };
}

export function buildQrCodeUpdate(input: { code: unknown; prefilledMessage: unknown }): QrCodeUpdateBody {
	return { code: qrCodeId(input.code), prefilled_message: prefilledMessage(input.prefilledMessage) };
}

/** Meta's QR object (`prefilled_message`, `deep_link_url`, …) in camelCase. */
export function readQrCode(raw: Record<string, unknown>): QrCode {
	const result: QrCode = { code: String(raw.code ?? '') };
	if (typeof raw.prefilled_message === 'string') result.prefilledMessage = raw.prefilled_message;
	if (typeof raw.deep_link_url === 'string') result.deepLinkUrl = raw.deep_link_url;
	if (typeof raw.qr_image_url === 'string') result.qrImageUrl = raw.qr_image_url;
	return result;
}

/** The QR objects in a list answer (`{ data: [...] }`) or a single-object answer. */
export function readQrCodes(response: unknown): QrCode[] {
	const data = (response as { data?: unknown })?.data;
	const entries = Array.isArray(data) ? data : typeof response === 'object' && response !== null && 'code' in response ? [response] : [];
	return entries
		.filter((entry): entry is Record<string, unknown> => typeof entry === 'object' && entry !== null)
		.map(readQrCode);
}

/** File name for the downloaded QR image, such as `qr-4O4YGZEG3RIVE1.png`. */
export function qrImageFileName(code: string, format: QrImageFormat): string {
	return `qr-${code}.${format === 'PNG' ? 'png' : 'svg'}`;
}
