import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { runPerItem } from '../../helpers/runPerItem';
import { conversationJson, conversationSelector, desks, selectConversation } from './shared';

const properties: INodeProperties[] = [
	...conversationSelector,
	{
		displayName: 'Resolved By',
		name: 'resolvedBy',
		type: 'string',
		default: '',
		placeholder: 'e.g. ana',
		description: 'Who resolved it (an agent ID, "bot"), kept for reports',
	},
];

export const description = updateDisplayOptions({ show: { resource: ['conversation'], operation: ['resolve'] } }, properties);

export async function execute(this: IExecuteFunctions, items: INodeExecutionData[]): Promise<INodeExecutionData[]> {
	const desk = desks(this);
	return await runPerItem.call(this, items, async (itemIndex) => {
		const { desk: d } = desk(itemIndex);
		const conversation = await selectConversation(this, d, itemIndex);
		const resolved = await d.resolve(conversation, String(this.getNodeParameter('resolvedBy', itemIndex, '') ?? '') || undefined);
		const after = await d.byId(conversation.conversationId);
		return { conversation: conversationJson(after ?? conversation), resolved };
	});
}
