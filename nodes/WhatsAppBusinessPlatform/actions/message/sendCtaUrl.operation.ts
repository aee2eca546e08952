import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { buildCtaUrl } from '../../../../whatsapp/messages/interactive';
import { phoneNumberIdLocator, recipientField, sendOptionsCollection } from '../common.descriptions';
import { bodyProperty, footerProperty, headerProperties, readHeader, readString, sendBuilt } from './shared';

const properties: INodeProperties[] = [
	phoneNumberIdLocator,
	recipientField,
	...headerProperties(['text', 'image', 'video', 'document']),
	bodyProperty('The message above the button, up to 1024 characters'),
	footerProperty,
	{
		displayName: 'Button Text',
		name: 'displayText',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. See Dates',
		description: 'The button label, up to 20 characters',
	},
	{
		displayName: 'Button URL',
		name: 'url',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. https://example.com/dates',
		description: 'The page the button opens, so the long URL stays out of the message text',
	},
	sendOptionsCollection,
];

export const description = updateDisplayOptions({ show: { resource: ['message'], operation: ['sendCtaUrl'] } }, properties);

export async function execute(this: IExecuteFunctions, items: INodeExecutionData[]): Promise<INodeExecutionData[]> {
	return await sendBuilt.call(this, items, (itemIndex) =>
		buildCtaUrl({
			header: readHeader.call(this, itemIndex),
			body: readString.call(this, 'body', itemIndex),
			footer: readString.call(this, 'footer', itemIndex),
			displayText: readString.call(this, 'displayText', itemIndex),
			url: readString.call(this, 'url', itemIndex),
		}),
	);
}
