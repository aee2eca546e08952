import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { imageFormat, readQrCodes } from '../../../../whatsapp/qrCodes';
import { graphRequestAllItems } from '../../../shared/transport/graph';
import { resolvePhoneNumberId } from '../../helpers/phoneNumber';
import { runPerItem } from '../../helpers/runPerItem';
import { phoneNumberIdLocator, returnAllOrLimit } from '../common.descriptions';
import { readLimit } from '../../helpers/limit';

const properties: INodeProperties[] = [
	phoneNumberIdLocator,
	...returnAllOrLimit,
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
		const limit = readLimit.call(this, itemIndex);
		const format = this.getNodeParameter('imageUrlFormat', itemIndex, '') as string;
		const fields = ['code', 'prefilled_message', 'deep_link_url', ...(format ? [`qr_image_url.format(${imageFormat(format)})`] : [])];
		const phoneNumberId = await resolvePhoneNumberId.call(this, itemIndex);
		const entries = await graphRequestAllItems.call(this, `${phoneNumberId}/message_qrdls`, { fields: fields.join(',') }, limit);
		return readQrCodes({ data: entries }).map((qrCode) => ({ ...qrCode, phoneNumberId }) as IDataObject);
	});
}
