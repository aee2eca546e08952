import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { WhatsAppValidationError } from '../../../../whatsapp/validation';
import { runPerItem } from '../../helpers/runPerItem';
import { conversationJson, conversationSelector, desks, selectConversation } from './shared';

const properties: INodeProperties[] = [
	{
		displayName:
			'End every bot turn with this, after the bot answered: it saves the next step and answers, and lets the customer\'s next message through (Receive Message waits for it when "Answer in Order" is on).',
		name: 'saveStepNotice',
		type: 'notice',
		default: '',
	},
	...conversationSelector,
	{
		displayName: 'Message ID',
		name: 'messageId',
		type: 'string',
		default: '={{ $json.messageId }}',
		description: 'The customer message this turn answered (from Receive Message)',
	},
	{
		displayName: 'Next Step',
		name: 'step',
		type: 'string',
		default: '',
		placeholder: 'e.g. ask_order_number',
		description: 'The step the next message is handled in; empty keeps the current step',
	},
	{
		displayName: 'Answers (JSON)',
		name: 'answers',
		type: 'json',
		default: '{}',
		description: 'Answers collected in this turn, merged into the session\'s answers, such as {"topic": "orders"}',
	},
	{
		displayName: 'Finish Session',
		name: 'finish',
		type: 'boolean',
		default: false,
		description: 'Whether the bot session ends here (the next message starts at step "start")',
	},
];

export const description = updateDisplayOptions({ show: { resource: ['conversation'], operation: ['saveBotStep'] } }, properties);

function answersOf(value: unknown): Record<string, unknown> | undefined {
	if (value === undefined || value === null || value === '') return undefined;
	let parsed: unknown = value;
	if (typeof value === 'string') {
		let valid = true;
		try {
			parsed = JSON.parse(value) as unknown;
		} catch {
			valid = false;
		}
		if (!valid) throw new WhatsAppValidationError('Answers (JSON)', 'Answers (JSON) is not valid JSON; give an object such as {"topic": "orders"}');
	}
	if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new WhatsAppValidationError('Answers (JSON)', 'Answers (JSON) must be an object such as {"topic": "orders"}');
	return Object.keys(parsed).length > 0 ? (parsed as Record<string, unknown>) : undefined;
}

export async function execute(this: IExecuteFunctions, items: INodeExecutionData[]): Promise<INodeExecutionData[]> {
	const desk = desks(this);
	return await runPerItem.call(this, items, async (itemIndex) => {
		const { desk: d } = desk(itemIndex);
		const conversation = await selectConversation(this, d, itemIndex);
		const messageId = String(this.getNodeParameter('messageId', itemIndex, '') ?? '').trim() || undefined;
		const step = String(this.getNodeParameter('step', itemIndex, '') ?? '').trim() || undefined;
		const after = await d.finishTurn(conversation, messageId, {
			step,
			answers: answersOf(this.getNodeParameter('answers', itemIndex, '{}')),
			finish: this.getNodeParameter('finish', itemIndex, false) as boolean,
		});
		return { ...items[itemIndex].json, conversation: conversationJson(after), session: after.session as unknown as IDataObject } as IDataObject;
	});
}
