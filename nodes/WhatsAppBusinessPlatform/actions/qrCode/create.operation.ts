import type { IBinaryData, IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { buildQrCodeCreate, readQrCode } from '../../../../whatsapp/qrCodes';
import { graphRequest } from '../../../shared/transport/graph';
import { resolvePhoneNumberId } from '../../helpers/phoneNumber';
import { ExecutionItems, runPerItem } from '../../helpers/runPerItem';
import { phoneNumberIdLocator } from '../common.descriptions';
import { binaryFieldOption, downloadQrImage, imageFormatField, prefilledMessageField } from './shared';

const properties: INodeProperties[] = [
	phoneNumberIdLocator,
	prefilledMessageField,
	imageFormatField,
	{
		displayName: 'Download Image',
		name: 'downloadImage',
		type: 'boolean',
		default: true,
		description: 'Whether to download the QR image into a binary field of the output item',
	},
	{ ...binaryFieldOption, displayOptions: { show: { downloadImage: [true] } } },
];

export const description = updateDisplayOptions({ show: { resource: ['qrCode'], operation: ['create'] } }, properties);

export async function execute(this: IExecuteFunctions, items: INodeExecutionData[]): Promise<INodeExecutionData[]> {
	return await runPerItem.call(this, items, async (itemIndex) => {
		const body = buildQrCodeCreate({
			prefilledMessage: this.getNodeParameter('prefilledMessage', itemIndex),
			imageFormat: this.getNodeParameter('imageFormat', itemIndex, 'PNG'),
		});
		const phoneNumberId = await resolvePhoneNumberId.call(this, itemIndex);
		// Not idempotent: a repeated create would leave a second code behind.
		const raw = (await graphRequest.call(this, 'POST', `${phoneNumberId}/message_qrdls`, { body: body as unknown as IDataObject }, itemIndex)) as Record<string, unknown>;
		const qrCode = readQrCode(raw);
		const json = { ...qrCode, imageFormat: body.generate_qr_image, phoneNumberId } as IDataObject;
		if (!(this.getNodeParameter('downloadImage', itemIndex, true) as boolean) || !qrCode.qrImageUrl) return json;
		const propertyName = this.getNodeParameter('binaryPropertyName', itemIndex, 'data') as string;
		const image = await downloadQrImage.call(this, itemIndex, qrCode.qrImageUrl, qrCode.code, body.generate_qr_image);
		return new ExecutionItems([{ json, binary: { [propertyName]: image as unknown as IBinaryData } }]);
	});
}
