import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { buildText } from '../../../../whatsapp/messages/text';
import { prepareSend } from '../../helpers/prepareSend';
import { sendMessages } from '../../helpers/sendPipeline';
import { phoneNumberIdLocator, recipientField, sendOptionsCollection } from '../common.descriptions';

const properties: INodeProperties[] = [
	phoneNumberIdLocator,
	recipientField,
	{
		displayName: 'Text',
		name: 'text',
		type: 'string',
		default: '',
		required: true,
		typeOptions: { rows: 4 },
		description: 'The message, up to 4096 characters. WhatsApp formatting (*bold*, _italic_) works.',
	},
	{
		displayName: 'Show Link Preview',
		name: 'previewUrl',
		type: 'boolean',
		default: false,
		description: 'Whether to show a preview of the first http(s) link in the text',
	},
	sendOptionsCollection,
];

export const description = updateDisplayOptions(
	{ show: { resource: ['message'], operation: ['sendText'] } },
	properties,
);

export async function execute(this: IExecuteFunctions, items: INodeExecutionData[]): Promise<INodeExecutionData[]> {
	return await sendMessages.call(this, items, async (itemIndex) =>
		await prepareSend.call(
			this,
			itemIndex,
			buildText({
				body: this.getNodeParameter('text', itemIndex) as string,
				previewUrl: this.getNodeParameter('previewUrl', itemIndex, false) as boolean,
			}),
		),
	);
}
