import type { INodeProperties } from 'n8n-workflow';

import type { OperationModule } from '../node.type';
import * as markAsRead from './markAsRead.operation';
import * as requestLocation from './requestLocation.operation';
import * as sendButtons from './sendButtons.operation';
import * as sendCatalog from './sendCatalog.operation';
import * as sendContacts from './sendContacts.operation';
import * as sendCtaUrl from './sendCtaUrl.operation';
import * as sendFlow from './sendFlow.operation';
import * as sendList from './sendList.operation';
import * as sendLocation from './sendLocation.operation';
import * as sendMedia from './sendMedia.operation';
import * as sendProduct from './sendProduct.operation';
import * as sendProductList from './sendProductList.operation';
import * as sendReaction from './sendReaction.operation';
import * as sendText from './sendText.operation';

export const resource = { name: 'Message', value: 'message' };

export const operations: Record<string, OperationModule> = {
	sendText,
	sendMedia,
	sendLocation,
	sendContacts,
	sendReaction,
	sendButtons,
	sendList,
	sendCtaUrl,
	sendFlow,
	requestLocation,
	sendProduct,
	sendProductList,
	sendCatalog,
	markAsRead,
};

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['message'] } },
		options: [
			{
				name: 'Mark As Read',
				value: 'markAsRead',
				action: 'Mark a message as read',
				description: 'Show blue ticks for a received message, optionally with a typing indicator',
			},
			{
				name: 'Request Location',
				value: 'requestLocation',
				action: 'Ask for a location',
				description: 'Send a message with a "Send location" button',
			},
			{
				name: 'Send Buttons',
				value: 'sendButtons',
				action: 'Send a message with reply buttons',
				description: 'Send up to three quick-reply buttons, with an optional text or media header',
			},
			{
				name: 'Send Catalog',
				value: 'sendCatalog',
				action: 'Send the product catalog',
				description: 'Send a message that opens the business’s catalog',
			},
			{
				name: 'Send Contacts',
				value: 'sendContacts',
				action: 'Send contact cards',
				description: 'Send one or more contact cards with phones, emails, addresses and more',
			},
			{
				name: 'Send Flow',
				value: 'sendFlow',
				action: 'Send a flow',
				description: 'Send a button that opens a WhatsApp Flow (form)',
			},
			{
				name: 'Send List',
				value: 'sendList',
				action: 'Send a list message',
				description: 'Send a menu of up to ten options in sections',
			},
			{
				name: 'Send Location',
				value: 'sendLocation',
				action: 'Send a location',
				description: 'Send a map pin with an optional name and address',
			},
			{
				name: 'Send Media',
				value: 'sendMedia',
				action: 'Send media',
				description: 'Send media by ID, by URL, or from a binary file that is uploaded first',
			},
			{
				name: 'Send Product',
				value: 'sendProduct',
				action: 'Send a product',
				description: 'Send one product from the catalog',
			},
			{
				name: 'Send Product List',
				value: 'sendProductList',
				action: 'Send several products',
				description: 'Send up to 30 catalog products in sections',
			},
			{
				name: 'Send Reaction',
				value: 'sendReaction',
				action: 'React to a message',
				description: 'React to a message with an emoji, or remove the reaction',
			},
			{
				name: 'Send Text',
				value: 'sendText',
				action: 'Send a text message',
				description: 'Send a text message, optionally with a link preview',
			},
			{
				name: 'Send URL Button',
				value: 'sendCtaUrl',
				action: 'Send a message with a link button',
				description: 'Send a call-to-action button that opens a URL',
			},
		],
		default: 'sendText',
	},
	...sendText.description,
	...sendMedia.description,
	...sendLocation.description,
	...sendContacts.description,
	...sendReaction.description,
	...sendButtons.description,
	...sendList.description,
	...sendCtaUrl.description,
	...sendFlow.description,
	...requestLocation.description,
	...sendProduct.description,
	...sendProductList.description,
	...sendCatalog.description,
	...markAsRead.description,
];
