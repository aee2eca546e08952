import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { runPerItem } from '../../helpers/runPerItem';
import { conversationJson, conversationSelector, desks, selectConversation } from './shared';

const properties: INodeProperties[] = [...conversationSelector];

export const description = updateDisplayOptions({ show: { resource: ['conversation'], operation: ['wake'] } }, properties);

export async function execute(this: IExecuteFunctions, items: INodeExecutionData[]): Promise<INodeExecutionData[]> {
	const desk = desks(this);
	return await runPerItem.call(this, items, async (itemIndex) => {
		const { desk: d } = desk(itemIndex);
		const conversation = await selectConversation(this, d, itemIndex);
		const { conversation: after, woken } = await d.wake(conversation);
		return { conversation: conversationJson(after), woken };
	});
}
