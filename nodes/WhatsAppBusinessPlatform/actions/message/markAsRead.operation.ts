import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { buildMarkAsRead } from '../../../../whatsapp/messages/markAsRead';
import { resolvePhoneNumberId } from '../../helpers/phoneNumber';
import { sendMessages } from '../../helpers/sendPipeline';
import { phoneNumberIdLocator } from '../common.descriptions';
import { readString } from './shared';

const properties: INodeProperties[] = [
	phoneNumberIdLocator,
	{
		displayName: 'Message ID',
		name: 'messageId',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. wamid.HBgLMTU1NTEyMzQ1NjcVAgASGBQzQUFERjg0NDEzNDdFODU3MUMxMAA=',
		description: 'The wamid of a received message. Earlier messages in the same chat are marked read too.',
	},
	{
		displayName: 'Show Typing Indicator',
		name: 'typingIndicator',
		type: 'boolean',
		default: false,
		description:
			'Whether to also show "typing…" to the customer until you reply or 25 seconds pass. Use it only when a reply follows.',
	},
];

export const description = updateDisplayOptions({ show: { resource: ['message'], operation: ['markAsRead'] } }, properties);

export async function execute(this: IExecuteFunctions, items: INodeExecutionData[]): Promise<INodeExecutionData[]> {
	// Not a message: no recipient, so the pipeline paces it without per-recipient spacing.
	return await sendMessages.call(this, items, async (itemIndex) => ({
		phoneNumberId: await resolvePhoneNumberId.call(this, itemIndex),
		body: buildMarkAsRead({
			messageId: readString.call(this, 'messageId', itemIndex),
			typingIndicator: this.getNodeParameter('typingIndicator', itemIndex, false) as boolean,
		}) as unknown as IDataObject,
	}));
}
