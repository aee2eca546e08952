import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { buildLocation } from '../../../../whatsapp/messages/location';
import { phoneNumberIdLocator, recipientField, sendOptionsCollection } from '../common.descriptions';
import { readString, sendBuilt } from './shared';

const properties: INodeProperties[] = [
	phoneNumberIdLocator,
	recipientField,
	{
		displayName: 'Latitude',
		name: 'latitude',
		type: 'number',
		default: 0,
		required: true,
		typeOptions: { numberPrecision: 7, minValue: -90, maxValue: 90 },
		description: 'In decimal degrees, such as 37.4421',
	},
	{
		displayName: 'Longitude',
		name: 'longitude',
		type: 'number',
		default: 0,
		required: true,
		typeOptions: { numberPrecision: 7, minValue: -180, maxValue: 180 },
		description: 'In decimal degrees, such as -122.1615',
	},
	{
		displayName: 'Name',
		name: 'locationName',
		type: 'string',
		default: '',
		placeholder: 'e.g. Philz Coffee',
		description: 'The place’s name, shown above the address',
	},
	{
		displayName: 'Address',
		name: 'address',
		type: 'string',
		default: '',
		placeholder: 'e.g. 101 Forest Ave, Palo Alto, CA 94301',
		description: 'WhatsApp shows the address only when a name is given too',
	},
	sendOptionsCollection,
];

export const description = updateDisplayOptions({ show: { resource: ['message'], operation: ['sendLocation'] } }, properties);

export async function execute(this: IExecuteFunctions, items: INodeExecutionData[]): Promise<INodeExecutionData[]> {
	return await sendBuilt.call(this, items, (itemIndex) =>
		buildLocation({
			latitude: this.getNodeParameter('latitude', itemIndex) as number,
			longitude: this.getNodeParameter('longitude', itemIndex) as number,
			name: readString.call(this, 'locationName', itemIndex),
			address: readString.call(this, 'address', itemIndex),
		}),
	);
}
