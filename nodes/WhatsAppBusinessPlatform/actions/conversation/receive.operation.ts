import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import type { InboundMessage, ReceiveOptions } from '../../../../whatsapp/conversations';
import { DAY_MS, shouldAutoPrune } from '../../../../whatsapp/conversations';
import { normalizeRecipient } from '../../../../whatsapp/phone';
import { listOf } from '../../../../whatsapp/routing/rules';
import { WhatsAppValidationError } from '../../../../whatsapp/validation';
import { runPerItem } from '../../helpers/runPerItem';
import { sendToCustomers, textContent } from './notify';
import { conversationJson, desks } from './shared';

const properties: INodeProperties[] = [
	{
		displayName:
			'Put this right after the WhatsApp trigger (or the Router). Each message opens or continues the customer\'s conversation; the output says whether the bot should answer (botShouldReply) and carries the bot session.',
		name: 'receiveNotice',
		type: 'notice',
		default: '',
	},
	{
		displayName: 'Options',
		name: 'receiveOptions',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [
			{
				displayName: 'Answer in Order',
				name: 'orderTurns',
				type: 'boolean',
				default: true,
				description:
					"Whether to answer one customer's messages one at a time, in the order they were written: a message waits until the bot turns of earlier ones are saved (Save Bot Step)",
			},
			{
				displayName: 'Finish Keywords',
				name: 'finishKeywords',
				type: 'string',
				default: '',
				placeholder: 'e.g. bye, done',
				description: 'Messages (whole text, any case) that end the bot session',
			},
			{
				displayName: 'Handoff Button IDs',
				name: 'handoffReplyIds',
				type: 'string',
				default: '',
				placeholder: 'e.g. talk_to_agent',
				description: 'Button or list-row IDs that hand the conversation to a person',
			},
			{
				displayName: 'Handoff Keywords',
				name: 'handoffKeywords',
				type: 'string',
				default: '',
				placeholder: 'e.g. agent, human, atendente',
				description: 'Messages (whole text, any case) that hand the conversation to a person',
			},
			{
				displayName: 'Handoff Message',
				name: 'handoffMessage',
				type: 'string',
				default: '',
				placeholder: 'e.g. One moment, a person from our team will answer you here.',
				description: 'Told to the customer when their message hands the conversation to a person',
			},
			{
				displayName: 'Handoff Team',
				name: 'handoffTeam',
				type: 'string',
				default: '',
				placeholder: 'e.g. support',
				description: "The team whose queue takes a handed-off conversation; empty keeps the conversation's team (from the Router)",
			},
			{
				displayName: 'Handoff Time-Out (Minutes)',
				name: 'handoffTimeoutMinutes',
				type: 'number',
				default: 0,
				typeOptions: { minValue: 0 },
				description: 'When a person owns the conversation but nobody from the team has acted for this long, the next message gives it back to the bot. 0 = never.',
			},
			{
				displayName: 'Keep Resolved Conversations (Days)',
				name: 'keepResolvedDays',
				type: 'number',
				default: 90,
				typeOptions: { minValue: 0 },
				description:
					'About one message in 100 also deletes the rows of conversations resolved more than this many days ago (as Prune does), so the table does not grow without bound; 0 = keep them',
			},
			{
				displayName: 'Longest Wait for Earlier Messages (Seconds)',
				name: 'maxWaitSeconds',
				type: 'number',
				default: 30,
				typeOptions: { minValue: 0 },
				description: 'A message whose predecessors are not answered after this long goes ahead anyway (turn.timedOut = true)',
			},
			{
				displayName: 'Restart Keywords',
				name: 'restartKeywords',
				type: 'string',
				default: '',
				placeholder: 'e.g. menu, start over',
				description: 'Messages (whole text, any case) that start the bot session over',
			},
			{
				displayName: 'Session Expiry (Minutes)',
				name: 'sessionExpiryMinutes',
				type: 'number',
				default: 240,
				typeOptions: { minValue: 0 },
				description: 'A bot session idle this long starts over at step "start". 0 = never.',
			},
			{
				displayName: 'Settle Time (Milliseconds)',
				name: 'settleMs',
				type: 'number',
				default: 800,
				typeOptions: { minValue: 0 },
				description: 'How long to let messages sent together arrive before this one takes its place in line',
			},
			{
				displayName: 'Timed-Out Release Message',
				name: 'releaseMessage',
				type: 'string',
				default: '',
				description: 'Told to the customer when the handoff time-out gives the conversation back to the bot',
			},
		],
	},
];

export const description = updateDisplayOptions({ show: { resource: ['conversation'], operation: ['receive'] } }, properties);

/** Reads the trigger's normalised event (or any item with the same fields). */
function inboundFrom(json: IDataObject): InboundMessage | undefined {
	const event = String(json.event ?? 'message');
	if (event !== 'message' && event !== 'messageEcho') return undefined;
	const echo = event === 'messageEcho';
	const customer = echo ? json.to ?? json.waId : json.waId ?? json.from;
	const phoneNumberId = String(json.businessPhoneNumberId ?? json.phoneNumberId ?? '').trim();
	if (!phoneNumberId) throw new WhatsAppValidationError('Input', 'The item has no businessPhoneNumberId: connect this operation to the WhatsApp trigger (or give items with businessPhoneNumberId, waId, messageId, text, timestamp)');
	const timestamp = typeof json.timestamp === 'string' && !Number.isNaN(Date.parse(json.timestamp)) ? new Date(json.timestamp).toISOString() : new Date().toISOString();
	return {
		phoneNumberId,
		waId: normalizeRecipient(customer, 'waId'),
		messageId: typeof json.messageId === 'string' ? json.messageId : undefined,
		messageType: typeof json.messageType === 'string' ? json.messageType : undefined,
		text: typeof json.text === 'string' ? json.text : undefined,
		replyId: typeof json.replyId === 'string' ? json.replyId : undefined,
		at: timestamp,
		echo,
	};
}

export async function execute(this: IExecuteFunctions, items: INodeExecutionData[]): Promise<INodeExecutionData[]> {
	const desk = desks(this);
	const seen: string[] = [];
	// Items of one run are handled together, so several messages of one customer in one webhook
	// call (Meta batches) are still answered one at a time, in order, by the turn order.
	return await runPerItem.call(this, items, async (itemIndex) => {
		const json = items[itemIndex].json;
		const message = inboundFrom(json);
		if (!message) return { ...json, conversation: null, botShouldReply: false, skipped: `not a message (${String(json.event).slice(0, 40)})` };
		const o = this.getNodeParameter('receiveOptions', itemIndex, {}) as IDataObject;
		const options: ReceiveOptions = {
			handoffKeywords: listOf(o.handoffKeywords),
			handoffReplyIds: listOf(o.handoffReplyIds),
			handoffTeam: typeof o.handoffTeam === 'string' && o.handoffTeam.trim() ? o.handoffTeam.trim() : ((json.route as IDataObject | undefined)?.team as string | undefined) ?? undefined,
			handoffTimeoutMs: Number(o.handoffTimeoutMinutes ?? 0) * 60_000,
			restartKeywords: listOf(o.restartKeywords),
			finishKeywords: listOf(o.finishKeywords),
			sessionExpiryMs: Number(o.sessionExpiryMinutes ?? 240) * 60_000,
			orderTurns: o.orderTurns !== false,
			settleMs: Number(o.settleMs ?? 800),
			maxWaitMs: Number(o.maxWaitSeconds ?? 30) * 1000,
			sameRun: [...seen],
		};
		if (message.messageId) seen.push(message.messageId);
		const { desk: d } = desk(itemIndex);
		const result = await d.receive(message, options);
		const routedTeam = (json.route as IDataObject | undefined)?.team;
		if (typeof routedTeam === 'string' && routedTeam && result.isNewConversation && !result.conversation.team) {
			result.conversation = await d.route(result.conversation, routedTeam);
		}
		const told: IDataObject = {};
		const keepDays = Number(o.keepResolvedDays ?? 90);
		if (Number.isFinite(keepDays) && keepDays > 0 && shouldAutoPrune(message.messageId)) {
			try {
				told.autoPruned = (await d.prune(keepDays * DAY_MS, 100)) as unknown as IDataObject;
			} catch {
				// Housekeeping only: a failed prune is retried by a later message and must not fail this one.
			}
		}
		const notice = result.handedOff && result.handedOff !== 'echo' ? o.handoffMessage : result.released ? o.releaseMessage : undefined;
		if (typeof notice === 'string' && notice.trim()) {
			const [sent] = await sendToCustomers(this, [{ phoneNumberId: message.phoneNumberId, to: message.waId, content: textContent(notice) }]);
			told.customerTold = sent;
		}
		return {
			...json,
			conversation: conversationJson(result.conversation),
			botShouldReply: result.botShouldReply,
			isNewConversation: result.isNewConversation,
			duplicate: result.duplicate,
			handedOff: result.handedOff,
			released: result.released,
			session: result.session as unknown as IDataObject,
			turn: result.turn as unknown as IDataObject,
			...told,
		};
	});
}
