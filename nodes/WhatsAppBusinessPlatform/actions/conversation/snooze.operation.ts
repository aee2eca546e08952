import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { WhatsAppValidationError } from '../../../../whatsapp/validation';
import { runPerItem } from '../../helpers/runPerItem';
import { conversationJson, conversationSelector, desks, selectConversation } from './shared';

const properties: INodeProperties[] = [
	...conversationSelector,
	{
		displayName: 'Snooze Until',
		name: 'snoozeUntil',
		type: 'options',
		default: 'time',
		options: [
			{ name: 'A Time', value: 'time', description: 'Wakes at that time (on the next read: no timer runs) or when the customer writes' },
			{ name: 'The Customer Writes', value: 'customer', description: "Wakes with the customer's next message, or with Wake" },
		],
	},
	{
		displayName: 'Wake At',
		name: 'wakeAt',
		type: 'dateTime',
		default: '',
		required: true,
		description: 'When the conversation wakes up by itself',
		displayOptions: { show: { snoozeUntil: ['time'] } },
	},
	{
		displayName: 'Keep Agent',
		name: 'keepAgent',
		type: 'boolean',
		default: true,
		description: "Whether the agent keeps it while it sleeps (it counts in their load and comes back to them). Off: it goes back to the team's queue when it wakes.",
	},
];

export const description = updateDisplayOptions({ show: { resource: ['conversation'], operation: ['snooze'] } }, properties);

export async function execute(this: IExecuteFunctions, items: INodeExecutionData[]): Promise<INodeExecutionData[]> {
	const desk = desks(this);
	return await runPerItem.call(this, items, async (itemIndex) => {
		const { desk: d } = desk(itemIndex);
		let until: string | null = null;
		if (this.getNodeParameter('snoozeUntil', itemIndex, 'time') === 'time') {
			const raw = this.getNodeParameter('wakeAt', itemIndex, '') as unknown;
			const text = raw instanceof Date ? raw.toISOString() : String(raw ?? '').trim();
			if (!text || Number.isNaN(Date.parse(text))) {
				throw new WhatsAppValidationError('Wake At', `Wake At "${text.slice(0, 60)}" is not a date and time: give an ISO time such as 2026-03-02T09:00:00Z (or {{ $now.plus(2, 'hours') }}), or snooze until the customer writes`);
			}
			until = new Date(text).toISOString();
		}
		const conversation = await selectConversation(this, d, itemIndex);
		if (conversation.state === 'resolved') {
			throw new WhatsAppValidationError('Conversation', `Conversation ${conversation.conversationId} is resolved: there is nothing to snooze. The customer's next message opens a new conversation`);
		}
		const after = await d.snooze(conversation, { until, keepAgent: this.getNodeParameter('keepAgent', itemIndex, true) !== false });
		return { conversation: conversationJson(after), snoozed: after.state === 'snoozed' };
	});
}
