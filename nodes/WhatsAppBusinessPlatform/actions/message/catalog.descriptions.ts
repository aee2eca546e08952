import type { INodeProperties } from 'n8n-workflow';

export const catalogIdProperty: INodeProperties = {
	displayName: 'Catalog ID',
	name: 'catalogId',
	type: 'string',
	default: '',
	required: true,
	placeholder: 'e.g. 194836987003835',
	description: 'The ID of the product catalog connected to the WhatsApp Business Account (Commerce Manager)',
};
