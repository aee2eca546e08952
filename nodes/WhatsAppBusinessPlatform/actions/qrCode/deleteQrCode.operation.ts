import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { qrCodeId } from '../../../../whatsapp/qrCodes';
import { graphRequest } from '../../../shared/transport/graph';
import { resolvePhoneNumberId } from '../../helpers/phoneNumber';
import { runPerItem } from '../../helpers/runPerItem';
import { phoneNumberIdLocator } from '../common.descriptions';
import { qrCodeLocator } from './shared';

const properties: INodeProperties[] = [phoneNumberIdLocator, qrCodeLocator];

export const description = updateDisplayOptions({ show: { resource: ['qrCode'], operation: ['deleteQrCode'] } }, properties);

export async function execute(this: IExecuteFunctions, items: INodeExecutionData[]): Promise<INodeExecutionData[]> {
	return await runPerItem.call(this, items, async (itemIndex) => {
		const code = qrCodeId(this.getNodeParameter('qrCode', itemIndex, '', { extractValue: true }));
		const phoneNumberId = await resolvePhoneNumberId.call(this, itemIndex);
		const response = (await graphRequest.call(this, 'DELETE', `${phoneNumberId}/message_qrdls/${code}`, {}, itemIndex)) as IDataObject;
		return { code, deleted: response.success === true, phoneNumberId };
	});
}
