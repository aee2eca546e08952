import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import type { QrImageFormat } from '../../../../whatsapp/qrCodes';
import { QR_IMAGE_MIME_TYPES, qrImageFileName } from '../../../../whatsapp/qrCodes';
import type { GraphBinaryResponse } from '../../../shared/transport/graph';
import { graphRequest } from '../../../shared/transport/graph';
import { LIMITS } from '../../../../whatsapp/limits';

export const qrCodeLocator: INodeProperties = {
	displayName: 'QR Code',
	name: 'qrCode',
	type: 'resourceLocator',
	default: { mode: 'list', value: '' },
	required: true,
	description: 'The QR code (short link) to act on',
	modes: [
		{
			displayName: 'From List',
			name: 'list',
			type: 'list',
			typeOptions: { searchListMethod: 'searchQrCodes', searchable: true },
		},
		{
			displayName: 'By Code',
			name: 'id',
			type: 'string',
			placeholder: 'e.g. 4O4YGZEG3RIVE1',
		},
	],
};

export const prefilledMessageField: INodeProperties = {
	displayName: 'Prefilled Message',
	name: 'prefilledMessage',
	type: 'string',
	default: '',
	required: true,
	placeholder: 'e.g. Hi, I’d like to know more about the summer sale',
	description: `The text that appears in the customer’s chat box when they scan the code, up to ${LIMITS.qrPrefilledMessage} characters`,
};

export const imageFormatField: INodeProperties = {
	displayName: 'Image Format',
	name: 'imageFormat',
	type: 'options',
	options: [
		{ name: 'PNG', value: 'PNG' },
		{ name: 'SVG', value: 'SVG' },
	],
	default: 'PNG',
	description: 'Format of the QR image',
};

export const binaryFieldOption: INodeProperties = {
	displayName: 'Put Output File in Field',
	name: 'binaryPropertyName',
	type: 'string',
	default: 'data',
	hint: 'The name of the output binary field to put the QR image in',
	description: 'The binary field of the output item that receives the QR image',
};

/** Fetches the QR image Meta generated and wraps it as n8n binary data. */
export async function downloadQrImage(
	this: IExecuteFunctions,
	itemIndex: number,
	url: string,
	code: string,
	format: QrImageFormat,
): Promise<IDataObject> {
	const file = (await graphRequest.call(this, 'GET', url, { binary: true }, itemIndex)) as GraphBinaryResponse;
	return (await this.helpers.prepareBinaryData(file.body, qrImageFileName(code, format), QR_IMAGE_MIME_TYPES[format])) as unknown as IDataObject;
}
