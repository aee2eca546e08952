import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { buildProductList } from '../../../../whatsapp/messages/commerce';
import { phoneNumberIdLocator, recipientField, sendOptionsCollection } from '../common.descriptions';
import { catalogIdProperty } from './catalog.descriptions';
import { bodyProperty, footerProperty, inputModeProperty, readListInput, readString, sendBuilt } from './shared';

const properties: INodeProperties[] = [
	phoneNumberIdLocator,
	recipientField,
	catalogIdProperty,
	{
		displayName: 'Header Text',
		name: 'headerText',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. Spring picks',
		description: 'Up to 60 characters',
	},
	bodyProperty('The message, up to 1024 characters'),
	footerProperty,
	inputModeProperty('productsInput', 'Define Products', 'the sections and products'),
	{
		displayName: 'Products',
		name: 'products',
		type: 'fixedCollection',
		typeOptions: { multipleValues: true, sortable: true },
		default: {},
		placeholder: 'Add Product',
		description:
			'Up to 30 products in up to 10 sections. Products with the same section title form a section; with more than one section every product needs one.',
		displayOptions: { show: { productsInput: ['fields'] } },
		options: [
			{
				displayName: 'Product',
				name: 'product',
				values: [
					{
						displayName: 'Section Title',
						name: 'section',
						type: 'string',
						default: '',
						placeholder: 'e.g. Plants',
						description: 'Up to 24 characters. Empty when there is one section.',
					},
					{
						displayName: 'Product Retailer ID',
						name: 'product_retailer_id',
						type: 'string',
						default: '',
						required: true,
						placeholder: 'e.g. SKU-1234',
					},
				],
			},
		],
	},
	{
		displayName: 'Sections (JSON)',
		name: 'productSectionsJson',
		type: 'json',
		default:
			'[\n  {\n    "title": "Plants",\n    "product_items": [{ "product_retailer_id": "SKU-1" }, { "product_retailer_id": "SKU-2" }]\n  }\n]',
		required: true,
		displayOptions: { show: { productsInput: ['json'] } },
		description:
			'WhatsApp’s sections: [{"title", "product_items": [{"product_retailer_ID"}]}], or a flat list of retailer IDs',
	},
	sendOptionsCollection,
];

export const description = updateDisplayOptions({ show: { resource: ['message'], operation: ['sendProductList'] } }, properties);

export async function execute(this: IExecuteFunctions, items: INodeExecutionData[]): Promise<INodeExecutionData[]> {
	return await sendBuilt.call(this, items, (itemIndex) =>
		buildProductList({
			catalogId: readString.call(this, 'catalogId', itemIndex),
			headerText: readString.call(this, 'headerText', itemIndex),
			body: readString.call(this, 'body', itemIndex),
			footer: readString.call(this, 'footer', itemIndex),
			sections: readListInput.call(this, itemIndex, {
				mode: 'productsInput',
				collection: 'products',
				entry: 'product',
				json: 'productSectionsJson',
			}),
		}),
	);
}
