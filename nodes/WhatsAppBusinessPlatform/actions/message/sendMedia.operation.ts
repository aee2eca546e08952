import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import type { MediaKind } from '../../../../whatsapp/media';
import { buildMedia } from '../../../../whatsapp/messages/media';
import { BINARY_FIELD, uploadBinaryProperty } from '../../helpers/media';
import { prepareSend } from '../../helpers/prepareSend';
import { sendMessages } from '../../helpers/sendPipeline';
import { phoneNumberIdLocator, recipientField, sendOptionsCollection } from '../common.descriptions';
import { readString } from './shared';

/** Stands in for the media ID while everything else is validated, before the upload. */
const PENDING_UPLOAD_ID = '0';

const properties: INodeProperties[] = [
	phoneNumberIdLocator,
	recipientField,
	{
		displayName: 'Media Type',
		name: 'mediaType',
		type: 'options',
		default: 'image',
		options: [
			{ name: 'Audio', value: 'audio', description: 'AAC, AMR, MP3, MP4 audio or OGG/OPUS, up to 16 MB' },
			{ name: 'Document', value: 'document', description: 'PDF, Word, Excel, PowerPoint or plain text, up to 100 MB' },
			{ name: 'Image', value: 'image', description: 'JPEG or PNG, up to 5 MB' },
			{ name: 'Sticker', value: 'sticker', description: 'WebP, 512×512, up to 100 KB (500 KB animated)' },
			{ name: 'Video', value: 'video', description: 'MP4 or 3GPP (H.264 and AAC), up to 16 MB' },
		],
	},
	{
		displayName: 'Source',
		name: 'mediaSource',
		type: 'options',
		default: 'binary',
		options: [
			{ name: 'Binary File', value: 'binary', description: 'A file from an earlier node; it is uploaded to WhatsApp first' },
			{ name: 'Media ID', value: 'id', description: 'The ID of media uploaded earlier (kept 30 days)' },
			{ name: 'URL', value: 'link', description: 'A public http(s) link that Meta downloads' },
		],
	},
	{
		displayName: BINARY_FIELD,
		name: 'binaryPropertyName',
		type: 'string',
		default: 'data',
		required: true,
		displayOptions: { show: { mediaSource: ['binary'] } },
		hint: 'The name of the input binary field containing the file to send',
		description: 'Its MIME type and size are checked against WhatsApp’s limits before the upload',
	},
	{
		displayName: 'Media ID',
		name: 'mediaId',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. 1037543291543636',
		displayOptions: { show: { mediaSource: ['id'] } },
		description: 'The ID an upload returned',
	},
	{
		displayName: 'Media URL',
		name: 'mediaLink',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. https://example.com/photo.jpg',
		displayOptions: { show: { mediaSource: ['link'] } },
		description: 'Meta caches a URL for 10 minutes; add a query string to force a new download',
	},
	{
		displayName: 'Caption',
		name: 'caption',
		type: 'string',
		default: '',
		typeOptions: { rows: 2 },
		displayOptions: { show: { mediaType: ['image', 'video', 'document'] } },
		description: 'Text under the media, up to 1024 characters',
	},
	{
		displayName: 'File Name',
		name: 'filename',
		type: 'string',
		default: '',
		placeholder: 'e.g. invoice-42.pdf',
		displayOptions: { show: { mediaType: ['document'] } },
		description:
			'The name the recipient sees; its extension chooses the icon. Empty uses the binary file’s name.',
	},
	{
		displayName: 'Voice Message',
		name: 'voice',
		type: 'boolean',
		default: false,
		displayOptions: { show: { mediaType: ['audio'] } },
		description: 'Whether to show the audio as a voice note (needs an OGG file with the OPUS codec)',
	},
	sendOptionsCollection,
];

export const description = updateDisplayOptions({ show: { resource: ['message'], operation: ['sendMedia'] } }, properties);

export async function execute(this: IExecuteFunctions, items: INodeExecutionData[]): Promise<INodeExecutionData[]> {
	return await sendMessages.call(this, items, async (itemIndex) => {
		const kind = this.getNodeParameter('mediaType', itemIndex) as MediaKind;
		const source = this.getNodeParameter('mediaSource', itemIndex) as 'binary' | 'id' | 'link';
		const voice = kind === 'audio' && (this.getNodeParameter('voice', itemIndex, false) as boolean);
		let filename = kind === 'document' ? readString.call(this, 'filename', itemIndex) : '';
		const binaryProperty = source === 'binary' ? readString.call(this, 'binaryPropertyName', itemIndex) : '';
		if (source === 'binary' && kind === 'document' && filename.trim() === '') {
			filename = this.getInputData()[itemIndex]?.binary?.[binaryProperty.trim()]?.fileName ?? '';
		}
		const content = buildMedia({
			kind,
			id: source === 'id' ? readString.call(this, 'mediaId', itemIndex) : source === 'binary' ? PENDING_UPLOAD_ID : undefined,
			link: source === 'link' ? readString.call(this, 'mediaLink', itemIndex) : undefined,
			caption: ['image', 'video', 'document'].includes(kind) ? readString.call(this, 'caption', itemIndex) : undefined,
			filename,
			voice,
		});
		// Everything else (recipient, caption, options) is checked before the file is uploaded.
		const prepared = await prepareSend.call(this, itemIndex, content);
		if (source === 'binary') {
			const uploaded = await uploadBinaryProperty.call(this, itemIndex, {
				propertyName: binaryProperty,
				kind,
				phoneNumberId: prepared.phoneNumberId,
				voice,
			});
			(prepared.body[kind] as IDataObject).id = uploaded.id;
		}
		return prepared;
	});
}
