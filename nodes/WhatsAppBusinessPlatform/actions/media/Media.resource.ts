import type { INodeProperties } from 'n8n-workflow';

import type { OperationModule } from '../node.type';
import * as deleteMedia from './deleteMedia.operation';
import * as download from './download.operation';
import * as get from './get.operation';
import * as upload from './upload.operation';

export const resource = { name: 'Media', value: 'media' };

export const operations: Record<string, OperationModule> = { upload, get, download, deleteMedia };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['media'] } },
		options: [
			{
				name: 'Delete',
				value: 'deleteMedia',
				action: 'Delete a media file',
				description: 'Delete an uploaded media file from Meta',
			},
			{
				name: 'Download',
				value: 'download',
				action: 'Download a media file',
				description: 'Download uploaded or received media into a binary field',
			},
			{
				name: 'Get',
				value: 'get',
				action: 'Get media URL and details',
				description: 'Get the short-lived download URL, MIME type, size and SHA-256 of a media file',
			},
			{
				name: 'Upload',
				value: 'upload',
				action: 'Upload a media file',
				description: 'Upload a file from a binary field and get a media ID to send',
			},
		],
		default: 'upload',
	},
	...upload.description,
	...get.description,
	...download.description,
	...deleteMedia.description,
];
