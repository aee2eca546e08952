import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import type { MessageContent } from '../../../../whatsapp/messages/envelope';
import { listOf } from '../../../../whatsapp/routing/rules';
import { WhatsAppValidationError } from '../../../../whatsapp/validation';
import { windowState } from '../../../../whatsapp/window';
import { runPerItem } from '../../helpers/runPerItem';
import { sendToCustomers, textContent } from './notify';
import { conversationJson, conversationSelector, desks, requiredText, selectConversation } from './shared';

const properties: INodeProperties[] = [
	{
		displayName:
			'Sends an agent\'s answer (from Slack, email, Telegram …) to the customer as the business, and records which agent sent it. Outside the 24-hour window it sends the fallback template instead, or fails with the reason.',
		name: 'agentReplyNotice',
		type: 'notice',
		default: '',
	},
	...conversationSelector,
	{
		displayName: 'Agent',
		name: 'agent',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. ana',
		description: 'The agent who answers (the agents-table ID), recorded for response times',
	},
	{
		displayName: 'Text',
		name: 'text',
		type: 'string',
		default: '',
		required: true,
		typeOptions: { rows: 4 },
		description: 'The answer, up to 4096 characters',
	},
	{
		displayName: 'When the Window Is Closed',
		name: 'closedWindow',
		type: 'options',
		default: 'refuse',
		options: [
			{ name: 'Fail With the Reason', value: 'refuse' },
			{ name: 'Send a Template Instead', value: 'template' },
		],
		description: 'Free-form messages reach a customer only within 24 hours of their last message',
	},
	{
		displayName: 'Template Name',
		name: 'templateName',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. agent_follow_up',
		displayOptions: { show: { closedWindow: ['template'] } },
	},
	{
		displayName: 'Template Language',
		name: 'templateLanguage',
		type: 'string',
		default: 'en_US',
		displayOptions: { show: { closedWindow: ['template'] } },
	},
	{
		displayName: 'Template Body Parameters',
		name: 'templateParameters',
		type: 'string',
		default: '',
		placeholder: 'e.g. {{ $json.customerName }}, {{ $json.agentName }}',
		description: 'Values for {{1}}, {{2}} … of the template body, separated by commas',
		displayOptions: { show: { closedWindow: ['template'] } },
	},
];

export const description = updateDisplayOptions({ show: { resource: ['conversation'], operation: ['agentReply'] } }, properties);

export async function execute(this: IExecuteFunctions, items: INodeExecutionData[]): Promise<INodeExecutionData[]> {
	const desk = desks(this);
	return await runPerItem.call(this, items, async (itemIndex) => {
		const { desk: d } = desk(itemIndex);
		const conversation = await selectConversation(this, d, itemIndex);
		const agent = requiredText(this, 'agent', itemIndex, 'Agent');
		const text = requiredText(this, 'text', itemIndex, 'Text');
		const history = await d.history(conversation.phoneNumberId, conversation.waId);
		const lastInbound = history.map((c) => c.lastInboundAt).filter((t): t is string => Boolean(t)).sort().pop() ?? null;
		const window = windowState(lastInbound, Date.now());
		let content: MessageContent = textContent(text);
		let sentAs = 'text';
		if (!window.open) {
			if (this.getNodeParameter('closedWindow', itemIndex, 'refuse') !== 'template') {
				throw new WhatsAppValidationError(
					'When the Window Is Closed',
					`The customer's 24-hour window is closed (last message: ${lastInbound ?? 'never'}): WhatsApp only delivers templates now. Choose "Send a Template Instead" with an approved template`,
				);
			}
			const parameters = listOf(this.getNodeParameter('templateParameters', itemIndex, '')).map((value) => ({ type: 'text', text: value }));
			content = {
				type: 'template',
				template: {
					name: requiredText(this, 'templateName', itemIndex, 'Template Name'),
					language: { code: String(this.getNodeParameter('templateLanguage', itemIndex, 'en_US') || 'en_US') },
					...(parameters.length > 0 ? { components: [{ type: 'body', parameters }] } : {}),
				},
			};
			sentAs = 'template';
		}
		const [sent] = await sendToCustomers(this, [{ phoneNumberId: conversation.phoneNumberId, to: conversation.waId, content }]);
		const after = await d.recordAgentReply(conversation, agent, typeof sent.messageId === 'string' ? sent.messageId : undefined);
		const firstResponseSeconds =
			after.firstAgentReplyAt && after.openedAt ? Math.round((Date.parse(after.firstAgentReplyAt) - Date.parse(after.openedAt)) / 1000) : null;
		return { ...sent, sentAs, agent, windowOpen: window.open, conversation: conversationJson(after), firstResponseSeconds } as IDataObject;
	});
}
