import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import type { MessageContent } from '../../../whatsapp/messages/envelope';
import { buildSendBody } from '../../../whatsapp/messages/envelope';
import type { PreparedSend } from './sendPipeline';
import { resolvePhoneNumberId } from './phoneNumber';

/** Wraps built content in the envelope with the item's recipient and send options. */
export async function prepareSend(
	this: IExecuteFunctions,
	itemIndex: number,
	content: MessageContent,
): Promise<PreparedSend> {
	const sendOptions = this.getNodeParameter('sendOptions', itemIndex, {}) as IDataObject;
	const body = buildSendBody(content, {
		to: this.getNodeParameter('recipient', itemIndex),
		defaultCountry: sendOptions.defaultCountry as string | undefined,
		replyToMessageId: sendOptions.replyToMessageId as string | undefined,
		bizOpaqueCallbackData: sendOptions.bizOpaqueCallbackData as string | undefined,
	});
	return {
		phoneNumberId: await resolvePhoneNumberId.call(this, itemIndex),
		body: body as unknown as IDataObject,
		// The spacing key: the digits, so `+1555…` and the wa_id `1555…` are one recipient.
		recipient: body.to.replace(/^\+/, ''),
	};
}
