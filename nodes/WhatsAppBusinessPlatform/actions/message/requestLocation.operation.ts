import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { buildLocationRequest } from '../../../../whatsapp/messages/interactive';
import { phoneNumberIdLocator, recipientField, sendOptionsCollection } from '../common.descriptions';
import { bodyProperty, readString, sendBuilt } from './shared';

const properties: INodeProperties[] = [
	phoneNumberIdLocator,
	recipientField,
	bodyProperty(
		'The request shown above the "Send location" button, up to 1024 characters. The reply arrives as a location message.',
	),
	sendOptionsCollection,
];

export const description = updateDisplayOptions({ show: { resource: ['message'], operation: ['requestLocation'] } }, properties);

export async function execute(this: IExecuteFunctions, items: INodeExecutionData[]): Promise<INodeExecutionData[]> {
	return await sendBuilt.call(this, items, (itemIndex) => buildLocationRequest({ body: readString.call(this, 'body', itemIndex) }));
}
