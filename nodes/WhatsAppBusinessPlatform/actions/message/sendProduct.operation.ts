import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { buildProduct } from '../../../../whatsapp/messages/commerce';
import { phoneNumberIdLocator, recipientField, sendOptionsCollection } from '../common.descriptions';
import { catalogIdProperty } from './catalog.descriptions';
import { footerProperty, readString, sendBuilt } from './shared';

const properties: INodeProperties[] = [
	phoneNumberIdLocator,
	recipientField,
	catalogIdProperty,
	{
		displayName: 'Product Retailer ID',
		name: 'productRetailerId',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. SKU-1234',
		description: 'The product’s content ID (SKU) in the catalog',
	},
	{
		displayName: 'Body',
		name: 'body',
		type: 'string',
		default: '',
		typeOptions: { rows: 2 },
		description: 'Optional text under the product, up to 1024 characters',
	},
	footerProperty,
	sendOptionsCollection,
];

export const description = updateDisplayOptions({ show: { resource: ['message'], operation: ['sendProduct'] } }, properties);

export async function execute(this: IExecuteFunctions, items: INodeExecutionData[]): Promise<INodeExecutionData[]> {
	return await sendBuilt.call(this, items, (itemIndex) =>
		buildProduct({
			catalogId: readString.call(this, 'catalogId', itemIndex),
			productRetailerId: readString.call(this, 'productRetailerId', itemIndex),
			body: readString.call(this, 'body', itemIndex),
			footer: readString.call(this, 'footer', itemIndex),
		}),
	);
}
