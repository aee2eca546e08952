import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { buildCatalog } from '../../../../whatsapp/messages/commerce';
import { phoneNumberIdLocator, recipientField, sendOptionsCollection } from '../common.descriptions';
import { bodyProperty, footerProperty, readString, sendBuilt } from './shared';

const properties: INodeProperties[] = [
	phoneNumberIdLocator,
	recipientField,
	bodyProperty('The message above the "View catalog" button, up to 1024 characters'),
	footerProperty,
	{
		displayName: 'Thumbnail Product Retailer ID',
		name: 'thumbnailProductRetailerId',
		type: 'string',
		default: '',
		placeholder: 'e.g. SKU-1234',
		description: 'The product whose image is the message thumbnail. Empty uses the first product in the catalog.',
	},
	sendOptionsCollection,
];

export const description = updateDisplayOptions({ show: { resource: ['message'], operation: ['sendCatalog'] } }, properties);

export async function execute(this: IExecuteFunctions, items: INodeExecutionData[]): Promise<INodeExecutionData[]> {
	return await sendBuilt.call(this, items, (itemIndex) =>
		buildCatalog({
			body: readString.call(this, 'body', itemIndex),
			footer: readString.call(this, 'footer', itemIndex),
			thumbnailProductRetailerId: readString.call(this, 'thumbnailProductRetailerId', itemIndex),
		}),
	);
}
