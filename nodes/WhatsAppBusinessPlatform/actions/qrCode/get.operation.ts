import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { NodeOperationError, updateDisplayOptions } from 'n8n-workflow';

import { qrCodeId, readQrCodes } from '../../../../whatsapp/qrCodes';
import { graphRequest } from '../../../shared/transport/graph';
import { resolvePhoneNumberId } from '../../helpers/phoneNumber';
import { runPerItem } from '../../helpers/runPerItem';
import { phoneNumberIdLocator } from '../common.descriptions';
import { qrCodeLocator } from './shared';

const properties: INodeProperties[] = [phoneNumberIdLocator, qrCodeLocator];

export const description = updateDisplayOptions({ show: { resource: ['qrCode'], operation: ['get'] } }, properties);

export async function execute(this: IExecuteFunctions, items: INodeExecutionData[]): Promise<INodeExecutionData[]> {
	return await runPerItem.call(this, items, async (itemIndex) => {
		const code = qrCodeId(this.getNodeParameter('qrCode', itemIndex, '', { extractValue: true }));
		const phoneNumberId = await resolvePhoneNumberId.call(this, itemIndex);
		const response = await graphRequest.call(this, 'GET', `${phoneNumberId}/message_qrdls/${code}`, {}, itemIndex);
		const found = readQrCodes(response)[0];
		if (!found) throw new NodeOperationError(this.getNode(), `QR code ${code} was not found`, { itemIndex });
		return { ...found, phoneNumberId } as IDataObject;
	});
}
