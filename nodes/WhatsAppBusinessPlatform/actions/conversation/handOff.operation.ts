import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { runPerItem } from '../../helpers/runPerItem';
import { sendToCustomers, textContent } from './notify';
import { conversationJson, conversationSelector, desks, selectConversation } from './shared';

const properties: INodeProperties[] = [
	...conversationSelector,
	{
		displayName: 'Team',
		name: 'team',
		type: 'string',
		default: '',
		placeholder: 'e.g. support',
		description: "The team whose queue takes it; empty keeps the conversation's team",
	},
	{
		displayName: 'Tell the Customer',
		name: 'customerMessage',
		type: 'string',
		default: '',
		placeholder: 'e.g. A person from our team will answer you here shortly.',
		description: 'Sent to the customer when this call hands the conversation over; empty sends nothing',
	},
];

export const description = updateDisplayOptions({ show: { resource: ['conversation'], operation: ['handOff'] } }, properties);

export async function execute(this: IExecuteFunctions, items: INodeExecutionData[]): Promise<INodeExecutionData[]> {
	const desk = desks(this);
	return await runPerItem.call(this, items, async (itemIndex) => {
		const { desk: d } = desk(itemIndex);
		const conversation = await selectConversation(this, d, itemIndex);
		const team = String(this.getNodeParameter('team', itemIndex, '') ?? '').trim() || undefined;
		const handedOff = conversation.owner === 'bot' ? await d.handOff(conversation, 'bot', team) : false;
		const after = await d.byId(conversation.conversationId);
		const json: IDataObject = { ...items[itemIndex].json, conversation: conversationJson(after ?? conversation), handedOff };
		const text = String(this.getNodeParameter('customerMessage', itemIndex, '') ?? '').trim();
		if (handedOff && text) [json.customerTold] = await sendToCustomers(this, [{ phoneNumberId: conversation.phoneNumberId, to: conversation.waId, content: textContent(text) }]);
		return json;
	});
}
