import type { IExecuteFunctions } from 'n8n-workflow';

import { WhatsAppValidationError } from '../../../../whatsapp/validation';
import { graphRequest } from '../../../shared/transport/graph';

/** MIME types Meta takes as template header samples. */
const SAMPLE_TYPES = ['image/jpeg', 'image/png', 'video/mp4', 'application/pdf'];

/**
 * Uploads an n8n binary property through Meta's resumable upload API and returns the header handle
 * (`4::…`) that `example.header_handle` of a media header needs (cloud-api-facts §4.1, §5): open a
 * session with `POST /app/uploads`, then send the bytes in one piece to `POST /upload:<id>`. Both
 * calls use `Authorization: OAuth <token>`, the scheme Meta documents for these endpoints.
 */
export async function uploadTemplateSample(this: IExecuteFunctions, itemIndex: number, propertyName: string): Promise<string> {
	const binary = this.helpers.assertBinaryData(itemIndex, propertyName);
	const mimeType = (binary.mimeType ?? '').split(';')[0].trim().toLowerCase();
	if (!SAMPLE_TYPES.includes(mimeType)) {
		throw new WhatsAppValidationError(
			'Header Sample',
			`Header Sample "${propertyName}" is ${mimeType || 'of unknown type'}; Meta takes ${SAMPLE_TYPES.join(', ')} as template samples`,
		);
	}
	const bytes = await this.helpers.getBinaryDataBuffer(itemIndex, propertyName);
	const session = (await graphRequest.call(
		this,
		'POST',
		'app/uploads',
		{
			qs: { file_name: binary.fileName ?? `sample.${binary.fileExtension ?? 'bin'}`, file_length: bytes.length, file_type: mimeType },
			authScheme: 'OAuth',
			// Opening a session twice leaves an unused session behind, nothing more.
			idempotent: true,
		},
		itemIndex,
	)) as { id?: string };
	if (!session.id) throw new WhatsAppValidationError('Header Sample', 'Meta opened no upload session for the header sample');
	const result = (await graphRequest.call(
		this,
		'POST',
		session.id,
		{ body: bytes, headers: { file_offset: '0', 'Content-Type': mimeType }, authScheme: 'OAuth', idempotent: true },
		itemIndex,
	)) as { h?: string };
	if (!result.h) throw new WhatsAppValidationError('Header Sample', 'Meta returned no handle for the uploaded header sample');
	return result.h;
}
