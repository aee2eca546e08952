import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { buildReaction } from '../../../../whatsapp/messages/reaction';
import { callbackOptionsCollection, phoneNumberIdLocator, recipientField } from '../common.descriptions';
import { readString, sendBuilt } from './shared';

const properties: INodeProperties[] = [
	phoneNumberIdLocator,
	recipientField,
	{
		displayName: 'Message ID',
		name: 'messageId',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. wamid.HBgLMTU1NTEyMzQ1NjcVAgASGBQzQUFERjg0NDEzNDdFODU3MUMxMAA=',
		description: 'The wamid of the message to react to, such as the ID of a received message',
	},
	{
		displayName: 'Emoji',
		name: 'emoji',
		type: 'string',
		default: '',
		placeholder: 'e.g. 👍',
		description: 'Exactly one emoji. Leave empty to remove your earlier reaction.',
	},
	callbackOptionsCollection,
];

export const description = updateDisplayOptions({ show: { resource: ['message'], operation: ['sendReaction'] } }, properties);

export async function execute(this: IExecuteFunctions, items: INodeExecutionData[]): Promise<INodeExecutionData[]> {
	return await sendBuilt.call(this, items, (itemIndex) =>
		buildReaction({
			messageId: readString.call(this, 'messageId', itemIndex),
			emoji: readString.call(this, 'emoji', itemIndex),
		}),
	);
}
