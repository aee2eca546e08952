import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { runPerItem } from '../../helpers/runPerItem';
import { sendToCustomers, textContent } from './notify';
import { conversationJson, conversationSelector, desks, selectConversation } from './shared';

const properties: INodeProperties[] = [
	...conversationSelector,
	{
		displayName: 'Tell the Customer',
		name: 'customerMessage',
		type: 'string',
		default: '',
		placeholder: 'e.g. Thanks! Our assistant is back; type "menu" for options.',
		description: 'Sent to the customer when this call gives the conversation back to the bot; empty sends nothing',
	},
];

export const description = updateDisplayOptions({ show: { resource: ['conversation'], operation: ['release'] } }, properties);

export async function execute(this: IExecuteFunctions, items: INodeExecutionData[]): Promise<INodeExecutionData[]> {
	const desk = desks(this);
	return await runPerItem.call(this, items, async (itemIndex) => {
		const { desk: d } = desk(itemIndex);
		const conversation = await selectConversation(this, d, itemIndex);
		const released = await d.release(conversation, 'action');
		const after = await d.byId(conversation.conversationId);
		const json: IDataObject = { ...items[itemIndex].json, conversation: conversationJson(after ?? conversation), released };
		const text = String(this.getNodeParameter('customerMessage', itemIndex, '') ?? '').trim();
		if (released && text) [json.customerTold] = await sendToCustomers(this, [{ phoneNumberId: conversation.phoneNumberId, to: conversation.waId, content: textContent(text) }]);
		return json;
	});
}
