import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { imageFormat, readQrCodes } from '../../../../whatsapp/qrCodes';
import { graphRequestAllItems } from '../../../shared/transport/graph';
import { resolvePhoneNumberId } from '../../helpers/phoneNumber';
import { runPerItem } from '../../helpers/runPerItem';
import { phoneNumberIdLocator } from '../common.descriptions';

const properties: INodeProperties[] = [
	phoneNumberIdLocator,
	{
		displayName: 'Return All',
		name: 'returnAll',
		type: 'boolean',
		default: false,
		description: 'Whether to return all results or only up to a given limit',
	},
	{
		displayName: 'Limit',
		name: 'limit',
		type: 'number',
		typeOptions: { minValue: 1 },
		default: 50,
		displayOptions: { show: { returnAll: [false] } },
		description: 'Max number of results to return',
	},
	{
		displayName: 'Include Image URL',
		name: 'imageUrlFormat',
		type: 'options',
		options: [
			{ name: 'No', value: '' },
			{ name: 'PNG', value: 'PNG' },
			{ name: 'SVG', value: 'SVG' },
		],
		default: '',
		description: 'Whether to return a link to each QR image, and in which format',
	},
];

export const description = updateDisplayOptions({ show: { resource: ['qrCode'], operation: ['getAll'] } }, properties);

export async function execute(this: IExecuteFunctions, items: INodeExecutionData[]): Promise<INodeExecutionData[]> {
	return await runPerItem.call(this, items, async (itemIndex) => {
		const returnAll = this.getNodeParameter('returnAll', itemIndex, false) as boolean;
		const limit = returnAll ? undefined : (this.getNodeParameter('limit', itemIndex, 50) as number);
		const format = this.getNodeParameter('imageUrlFormat', itemIndex, '') as string;
		const fields = ['code', 'prefilled_message', 'deep_link_url', ...(format ? [`qr_image_url.format(${imageFormat(format)})`] : [])];
		const phoneNumberId = await resolvePhoneNumberId.call(this, itemIndex);
		const entries = await graphRequestAllItems.call(this, `${phoneNumberId}/message_qrdls`, { fields: fields.join(',') }, limit);
		return readQrCodes({ data: entries }).map((qrCode) => ({ ...qrCode, phoneNumberId }) as IDataObject);
	});
}
