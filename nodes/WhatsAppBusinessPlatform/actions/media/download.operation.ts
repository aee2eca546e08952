import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { NodeOperationError, updateDisplayOptions } from 'n8n-workflow';

import { downloadFileName, mediaId, readMediaInfo } from '../../../../whatsapp/mediaInfo';
import type { GraphBinaryResponse } from '../../../shared/transport/graph';
import { graphRequest } from '../../../shared/transport/graph';
import { ExecutionItems, runPerItem } from '../../helpers/runPerItem';
import { mediaIdField } from './shared';

const properties: INodeProperties[] = [
	mediaIdField,
	{
		displayName: 'Put Output File in Field',
		name: 'binaryPropertyName',
		type: 'string',
		default: 'data',
		required: true,
		hint: 'The name of the output binary field to put the file in',
		description: 'The binary field of the output item that receives the file',
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [
			{
				displayName: 'File Name',
				name: 'fileName',
				type: 'string',
				default: '',
				placeholder: 'e.g. invoice-42.pdf',
				description: 'Name of the output file. Without an extension, the one matching the MIME type is added. Default: the name Meta sends, else the media ID.',
			},
		],
	},
];

export const description = updateDisplayOptions({ show: { resource: ['media'], operation: ['download'] } }, properties);

export async function execute(this: IExecuteFunctions, items: INodeExecutionData[]): Promise<INodeExecutionData[]> {
	return await runPerItem.call(this, items, async (itemIndex) => {
		const id = mediaId(this.getNodeParameter('mediaId', itemIndex));
		const propertyName = this.getNodeParameter('binaryPropertyName', itemIndex) as string;
		const options = this.getNodeParameter('options', itemIndex, {}) as IDataObject;

		// Media URLs expire five minutes after Meta issues them, so a fresh one is fetched every time.
		const info = readMediaInfo((await graphRequest.call(this, 'GET', id, {}, itemIndex)) as Record<string, unknown>);
		if (!info.url) {
			throw new NodeOperationError(this.getNode(), `Meta returned no download URL for media ${id}`, {
				itemIndex,
				description: 'Media IDs from webhooks can be downloaded for 7 days, uploaded media for 30 days. Ask the customer to send the file again.',
			});
		}
		// The URL is on Meta's CDN and, unlike most CDNs, needs the same access token.
		const file = (await graphRequest.call(this, 'GET', info.url, { binary: true }, itemIndex)) as GraphBinaryResponse;

		const mimeType = info.mimeType ?? file.headers['content-type']?.split(';')[0] ?? 'application/octet-stream';
		const fileName = downloadFileName({
			mediaId: id,
			mimeType,
			requested: options.fileName as string | undefined,
			disposition: file.headers['content-disposition'],
		});
		const binary = await this.helpers.prepareBinaryData(file.body, fileName, mimeType);
		// The URL expires within minutes and needs the token: of no use downstream.
		const json: IDataObject = { ...info };
		delete json.url;
		return new ExecutionItems([
			{ json: { ...json, mimeType, fileName, fileSize: info.fileSize ?? file.body.length }, binary: { [propertyName]: binary } },
		]);
	});
}
