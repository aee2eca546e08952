/**
 * A `multipart/form-data` body (RFC 7578) as one Buffer, for `POST /{phone-number-id}/media`.
 * Written here rather than taken from a library because the package has no runtime dependencies,
 * and the media upload needs only text fields and one file.
 */
import { randomBytes } from 'node:crypto';

export interface MultipartTextField {
	name: string;
	text: string;
}

export interface MultipartFileField {
	name: string;
	filename: string;
	contentType: string;
	data: Buffer;
}

export type MultipartField = MultipartTextField | MultipartFileField;

export interface MultipartBody {
	body: Buffer;
	/** `multipart/form-data; boundary=…`, to send as the Content-Type header. */
	contentType: string;
}

/** Quotes and line breaks would end the header value early; RFC 7578 §4.2 percent-encodes them. */
function quoted(value: string): string {
	return `"${value.replace(/"/g, '%22').replace(/\r/g, '%0D').replace(/\n/g, '%0A')}"`;
}

function isFile(field: MultipartField): field is MultipartFileField {
	return (field as MultipartFileField).data !== undefined;
}

function newBoundary(): string {
	return `----WhatsAppBusinessPlatform${randomBytes(16).toString('hex')}`;
}

export function buildMultipart(fields: MultipartField[], boundary?: string): MultipartBody {
	let chosen = boundary ?? newBoundary();
	// A random boundary inside a file is astronomically unlikely, but it would corrupt the body.
	while (!boundary && fields.some((field) => isFile(field) && field.data.includes(chosen))) chosen = newBoundary();

	const chunks: Buffer[] = [];
	for (const field of fields) {
		let head = `--${chosen}\r\nContent-Disposition: form-data; name=${quoted(field.name)}`;
		if (isFile(field)) {
			head += `; filename=${quoted(field.filename)}\r\nContent-Type: ${field.contentType}\r\n\r\n`;
			chunks.push(Buffer.from(head, 'utf8'), field.data, Buffer.from('\r\n', 'utf8'));
		} else {
			chunks.push(Buffer.from(`${head}\r\n\r\n${field.text}\r\n`, 'utf8'));
		}
	}
	chunks.push(Buffer.from(`--${chosen}--\r\n`, 'utf8'));
	return { body: Buffer.concat(chunks), contentType: `multipart/form-data; boundary=${chosen}` };
}

/**
 * The form `POST /{phone-number-id}/media` expects (cloud-api-facts §3): the product, the MIME type,
 * and the file declared with the same type.
 */
export function buildMediaUploadForm(file: { data: Buffer; mimeType: string; fileName: string }, boundary?: string): MultipartBody {
	return buildMultipart(
		[
			{ name: 'messaging_product', text: 'whatsapp' },
			{ name: 'type', text: file.mimeType },
			{ name: 'file', filename: file.fileName, contentType: file.mimeType, data: file.data },
		],
		boundary,
	);
}
