import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { buildQrCodeUpdate, readQrCode } from '../../../../whatsapp/qrCodes';
import { graphRequest } from '../../../shared/transport/graph';
import { resolvePhoneNumberId } from '../../helpers/phoneNumber';
import { runPerItem } from '../../helpers/runPerItem';
import { phoneNumberIdLocator } from '../common.descriptions';
import { prefilledMessageField, qrCodeLocator } from './shared';

const properties: INodeProperties[] = [
	phoneNumberIdLocator,
	qrCodeLocator,
	{ ...prefilledMessageField, description: 'The new prefilled message, up to 140 characters. The code and its image stay the same.' },
];

export const description = updateDisplayOptions({ show: { resource: ['qrCode'], operation: ['update'] } }, properties);

export async function execute(this: IExecuteFunctions, items: INodeExecutionData[]): Promise<INodeExecutionData[]> {
	return await runPerItem.call(this, items, async (itemIndex) => {
		const body = buildQrCodeUpdate({
			code: this.getNodeParameter('qrCode', itemIndex, '', { extractValue: true }),
			prefilledMessage: this.getNodeParameter('prefilledMessage', itemIndex),
		});
		const phoneNumberId = await resolvePhoneNumberId.call(this, itemIndex);
		const raw = (await graphRequest.call(
			this,
			'POST',
			`${phoneNumberId}/message_qrdls`,
			// Setting the same message twice is harmless.
			{ body: body as unknown as IDataObject, idempotent: true },
			itemIndex,
		)) as Record<string, unknown>;
		return { ...readQrCode({ code: body.code, ...raw }), phoneNumberId } as IDataObject;
	});
}
