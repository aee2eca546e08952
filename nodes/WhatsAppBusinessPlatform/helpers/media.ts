import type { IExecuteFunctions } from 'n8n-workflow';

import type { MediaKind } from '../../../whatsapp/media';
import { checkMediaFile, isAnimatedWebp } from '../../../whatsapp/media';
import { buildMediaUploadForm } from '../../../whatsapp/multipart';
import { WhatsAppValidationError } from '../../../whatsapp/validation';
import { graphRequest } from '../../shared/transport/graph';

/** The display name of the binary property field, as errors name it. */
export const BINARY_FIELD = 'Input Binary Field';

export interface UploadedMedia {
	id: string;
	mimeType: string;
	fileName: string;
	size: number;
}

/** Large documents (up to 100 MB) take longer than a JSON call. */
const UPLOAD_TIMEOUT_MS = 300_000;

/**
 * Uploads a file to `POST /{phone-number-id}/media` and returns the media ID. An upload is safe to
 * repeat (an unanswered attempt at worst leaves an unused file that Meta deletes after 30 days), so
 * it is retried like a read.
 */
export async function uploadMedia(
	this: IExecuteFunctions,
	file: { phoneNumberId: string; data: Buffer; mimeType: string; fileName: string },
	itemIndex: number,
): Promise<string> {
	const multipart = buildMediaUploadForm(file);
	let response = await graphRequest.call(
		this,
		'POST',
		`${file.phoneNumberId}/media`,
		{ body: multipart.body, headers: { 'Content-Type': multipart.contentType }, idempotent: true, timeoutMs: UPLOAD_TIMEOUT_MS },
		itemIndex,
	);
	if (typeof response === 'string') response = JSON.parse(response) as unknown;
	const id = (response as { id?: unknown } | undefined)?.id;
	if (typeof id !== 'string' && typeof id !== 'number') {
		throw new WhatsAppValidationError(BINARY_FIELD, 'Meta accepted the upload but returned no media ID');
	}
	return String(id);
}

/**
 * Checks the item's binary property against Meta's rules for `kind` (type, size, voice format),
 * then uploads it. A file that breaks a rule is refused before anything is sent.
 */
export async function uploadBinaryProperty(
	this: IExecuteFunctions,
	itemIndex: number,
	options: { propertyName: string; kind: MediaKind; phoneNumberId: string; voice?: boolean },
): Promise<UploadedMedia> {
	const propertyName = options.propertyName.trim();
	const binary = this.getInputData()[itemIndex]?.binary ?? {};
	const metadata = binary[propertyName];
	if (!metadata) {
		const available = Object.keys(binary);
		throw new WhatsAppValidationError(
			BINARY_FIELD,
			`The input item has no binary property "${propertyName}"` +
				(available.length > 0 ? `; it has: ${available.join(', ')}` : '; it has no binary data at all'),
		);
	}
	const data = await this.helpers.getBinaryDataBuffer(itemIndex, propertyName);
	const mimeType = checkMediaFile(
		options.kind,
		{
			label: `Binary property "${propertyName}"`,
			field: BINARY_FIELD,
			mimeType: metadata.mimeType,
			size: data.length,
			animated: options.kind === 'sticker' && isAnimatedWebp(data),
		},
		{ voice: options.voice },
	);
	const fileName = metadata.fileName || `${options.kind}${metadata.fileExtension ? `.${metadata.fileExtension}` : ''}`;
	const id = await uploadMedia.call(this, { phoneNumberId: options.phoneNumberId, data, mimeType, fileName }, itemIndex);
	return { id, mimeType, fileName, size: data.length };
}
