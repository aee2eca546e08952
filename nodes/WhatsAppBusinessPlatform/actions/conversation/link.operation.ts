import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { runPerItem } from '../../helpers/runPerItem';
import { conversationJson, conversationSelector, desks, requiredText, selectConversation } from './shared';

const properties: INodeProperties[] = [
	...conversationSelector.map((p) => (p.name === 'conversationBy' ? { ...p, options: (p.options ?? []).filter((o) => (o as { value: string }).value !== 'ref') } : p)),
	{
		displayName: 'Reference to Link',
		name: 'reference',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. slack:{{ $json.channel }}:{{ $json.ts }}',
		description: 'An outside ID for this conversation, such as the Slack thread it is discussed in; agents\' replies find the conversation by it',
	},
];

export const description = updateDisplayOptions({ show: { resource: ['conversation'], operation: ['link'] } }, properties);

export async function execute(this: IExecuteFunctions, items: INodeExecutionData[]): Promise<INodeExecutionData[]> {
	const desk = desks(this);
	return await runPerItem.call(this, items, async (itemIndex) => {
		const { desk: d } = desk(itemIndex);
		const conversation = await selectConversation(this, d, itemIndex);
		const after = await d.link(conversation, requiredText(this, 'reference', itemIndex, 'Reference to Link'));
		return { ...items[itemIndex].json, conversation: conversationJson(after) };
	});
}
