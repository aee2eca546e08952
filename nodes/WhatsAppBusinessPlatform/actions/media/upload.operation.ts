import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { checkMediaFile, isAnimatedWebp } from '../../../../whatsapp/media';
import { mediaKindOf } from '../../../../whatsapp/mediaInfo';
import { uploadMedia } from '../../helpers/media';
import { resolvePhoneNumberId } from '../../helpers/phoneNumber';
import { runPerItem } from '../../helpers/runPerItem';
import { phoneNumberIdLocator } from '../common.descriptions';

const properties: INodeProperties[] = [
	{ ...phoneNumberIdLocator, description: 'The business number that owns the upload. Leave empty to use the default phone number ID from the credential.' },
	{
		displayName: 'Input Binary Field',
		name: 'binaryPropertyName',
		type: 'string',
		default: 'data',
		required: true,
		hint: 'The name of the input binary field containing the file to upload',
		description: 'The file to upload: JPEG/PNG image, MP4/3GPP video, audio, PDF/Office document or WebP sticker',
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [
			{
				displayName: 'MIME Type',
				name: 'mimeType',
				type: 'string',
				default: '',
				placeholder: 'e.g. application/pdf',
				description: 'Overrides the MIME type of the binary data. It must match the file’s real type, or Meta rejects it (131053).',
			},
			{
				displayName: 'File Name',
				name: 'fileName',
				type: 'string',
				default: '',
				placeholder: 'e.g. invoice-42.pdf',
				description: 'Overrides the file name sent with the upload',
			},
		],
	},
];

export const description = updateDisplayOptions({ show: { resource: ['media'], operation: ['upload'] } }, properties);

export async function execute(this: IExecuteFunctions, items: INodeExecutionData[]): Promise<INodeExecutionData[]> {
	return await runPerItem.call(this, items, async (itemIndex) => {
		const propertyName = this.getNodeParameter('binaryPropertyName', itemIndex) as string;
		const options = this.getNodeParameter('options', itemIndex, {}) as IDataObject;
		const binary = this.helpers.assertBinaryData(itemIndex, propertyName);
		const data = await this.helpers.getBinaryDataBuffer(itemIndex, propertyName);
		const field = 'Input Binary Field';
		const declared = (options.mimeType as string) || binary.mimeType;
		const kind = mediaKindOf(declared, field);
		const mimeType = checkMediaFile(kind, { label: `Binary field "${propertyName}"`, field, mimeType: declared, size: data.length, animated: kind === 'sticker' && isAnimatedWebp(data) });
		const fileName = (options.fileName as string) || binary.fileName || `upload.${binary.fileExtension ?? 'bin'}`;

		const phoneNumberId = await resolvePhoneNumberId.call(this, itemIndex);
		const id = await uploadMedia.call(this, { phoneNumberId, data, mimeType, fileName }, itemIndex);
		return { id, mediaKind: kind, mimeType, fileName, fileSize: data.length, phoneNumberId };
	});
}
