import type { INodeProperties } from 'n8n-workflow';

import type { OperationModule } from '../node.type';
import * as create from './create.operation';
import * as deleteQrCode from './deleteQrCode.operation';
import * as get from './get.operation';
import * as getAll from './getAll.operation';
import * as update from './update.operation';

export const resource = { name: 'QR Code', value: 'qrCode' };

export const operations: Record<string, OperationModule> = { create, get, getAll, update, deleteQrCode };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['qrCode'] } },
		options: [
			{
				name: 'Create',
				value: 'create',
				action: 'Create a QR code',
				description: 'Create a QR code and short link that open a chat with a prefilled message',
			},
			{
				name: 'Delete',
				value: 'deleteQrCode',
				action: 'Delete a QR code',
				description: 'Delete a QR code and its short link',
			},
			{
				name: 'Get',
				value: 'get',
				action: 'Get a QR code',
				description: 'Get a QR code’s prefilled message and short link',
			},
			{
				name: 'Get Many',
				value: 'getAll',
				action: 'Get many QR codes',
				description: 'List the QR codes of a business number',
			},
			{
				name: 'Update',
				value: 'update',
				action: 'Update a QR code',
				description: 'Change the prefilled message of a QR code',
			},
		],
		default: 'create',
	},
	...create.description,
	...get.description,
	...getAll.description,
	...update.description,
	...deleteQrCode.description,
];
