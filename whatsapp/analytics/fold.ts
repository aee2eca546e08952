/**
 * Folds log rows (in any order, with any number of redeliveries) into one fact per message and one
 * per conversation. Duplicates are dropped by `key` here, at read time, so writers can append
 * without coordinating: the report counts each fact once however often it was written.
 */
import type { LogRow } from './log';

export const DAY_MS = 86_400_000;

export type Outcome = 'sent' | 'delivered' | 'read' | 'failed';

export interface MessageFact {
	messageId: string;
	phoneNumberId: string;
	customer: string;
	campaignId: string;
	templateName: string;
	agent: string;
	team: string;
	messageType: string;
	/** The earliest time we know of it: accepted, sent, or its first status. */
	sentAt: number;
	deliveredAt?: number;
	readAt?: number;
	failedAt?: number;
	outcome: Outcome;
	errorCode?: number;
	errorTitle?: string;
	category: string;
	pricingType: string;
	billable: boolean;
	/** The customer's first message within 24 h after this one. */
	repliedAt?: number;
	/** The customer's first opt-out within the opt-out window after this one. */
	optedOutAt?: number;
}

export interface ConversationFact {
	/** `<phoneNumberId>:<customer>:<startedAt>`, stable across report runs. */
	conversationId: string;
	phoneNumberId: string;
	customer: string;
	/** The customer message that opened it. */
	startedAt: number;
	firstResponseAt?: number;
	/** Who answered first (a person: an agent's send or a Business app echo). */
	firstResponder: string;
	resolvedAt?: number;
	resolvedBy: string;
	team: string;
	agent: string;
	customerMessages: number;
	humanMessages: number;
	/** Whether an earlier conversation of this customer was resolved before this one opened. */
	reopened: boolean;
	/** The campaign or template whose message reached the customer in the 24 h before this opened. */
	campaignId: string;
	templateName: string;
}

export interface FoldOptions {
	/** How long after a message an opt-out still counts against it (default 7 days). */
	optOutWindowMs?: number;
}

/** Rows with distinct keys; for a duplicated key the earliest-stored row (lowest id) wins. */
export function distinctRows<T extends LogRow & { id?: number }>(rows: readonly T[]): T[] {
	const byKey = new Map<string, T>();
	for (const candidate of rows) {
		const seen = byKey.get(candidate.key);
		if (!seen || (candidate.id ?? Infinity) < (seen.id ?? Infinity)) byKey.set(candidate.key, candidate);
	}
	return [...byKey.values()];
}

const MESSAGE_KINDS = new Set(['accepted', 'sendFailed', 'sent', 'delivered', 'read', 'failed']);

function firstAfter(times: readonly number[] | undefined, after: number, within: number): number | undefined {
	if (!times) return undefined;
	// Meta's timestamps have whole seconds: a reply in the same second as the send still follows it.
	for (const time of times) if (time >= after && time <= after + within) return time;
	return undefined;
}

function pushTo<K, V>(map: Map<K, V[]>, key: K, value: V): void {
	const list = map.get(key);
	if (list) list.push(value);
	else map.set(key, [value]);
}

/** One fact per outbound message (keyed by wamid, or by the failed send's key when there is none). */
export function foldMessages(rows: readonly LogRow[], options: FoldOptions = {}): MessageFact[] {
	const optOutWindow = options.optOutWindowMs ?? 7 * DAY_MS;
	const groups = new Map<string, LogRow[]>();
	const inbound = new Map<string, number[]>();
	const optOuts = new Map<string, number[]>();
	for (const entry of distinctRows(rows)) {
		if (MESSAGE_KINDS.has(entry.kind)) pushTo(groups, entry.messageId || entry.key, entry);
		else if (entry.kind === 'inbound') pushTo(inbound, entry.customer, entry.at);
		else if (entry.kind === 'optOut') pushTo(optOuts, entry.customer, entry.at);
	}
	for (const times of [...inbound.values(), ...optOuts.values()]) times.sort((a, b) => a - b);

	const facts: MessageFact[] = [];
	for (const group of groups.values()) {
		group.sort((a, b) => a.at - b.at);
		const pick = (field: 'phoneNumberId' | 'customer' | 'campaignId' | 'templateName' | 'agent' | 'team' | 'messageType') =>
			group.find((entry) => entry[field] !== '')?.[field] ?? '';
		const when = (kind: string) => group.find((entry) => entry.kind === kind)?.at;
		const failure = group.find((entry) => entry.kind === 'failed' || entry.kind === 'sendFailed');
		const priced = group.find((entry) => entry.category !== '' || entry.pricingType !== '');
		const deliveredAt = when('delivered');
		const readAt = when('read');
		// Meta may skip `delivered` when the message is read at once: read implies delivered.
		const outcome: Outcome = readAt !== undefined ? 'read' : deliveredAt !== undefined ? 'delivered' : failure ? 'failed' : 'sent';
		const customer = pick('customer');
		const sentAt = group[0].at;
		const fact: MessageFact = {
			messageId: group[0].messageId || '',
			phoneNumberId: pick('phoneNumberId'),
			customer,
			campaignId: pick('campaignId'),
			templateName: pick('templateName'),
			agent: pick('agent'),
			team: pick('team'),
			messageType: pick('messageType'),
			sentAt,
			outcome,
			category: priced?.category ?? '',
			pricingType: priced?.pricingType ?? '',
			// Meta does not charge for a message that failed.
			billable: outcome !== 'failed' && group.some((entry) => entry.billable),
		};
		if (deliveredAt !== undefined || readAt !== undefined) fact.deliveredAt = deliveredAt ?? readAt;
		if (readAt !== undefined) fact.readAt = readAt;
		if (failure && outcome === 'failed') {
			fact.failedAt = failure.at;
			fact.errorCode = failure.errorCode;
			fact.errorTitle = failure.errorTitle;
		}
		if (outcome !== 'failed') {
			const repliedAt = firstAfter(inbound.get(customer), sentAt, DAY_MS);
			if (repliedAt !== undefined) fact.repliedAt = repliedAt;
		}
		const optedOutAt = firstAfter(optOuts.get(customer), sentAt, optOutWindow);
		if (optedOutAt !== undefined) fact.optedOutAt = optedOutAt;
		facts.push(fact);
	}
	return facts.sort((a, b) => a.sentAt - b.sentAt);
}

interface TimelineEntry {
	at: number;
	type: 'customer' | 'human' | 'resolved' | 'business';
	phoneNumberId: string;
	agent: string;
	team: string;
	campaignId: string;
	templateName: string;
}

/**
 * Conversations per customer and business number: a customer message opens one when none is open;
 * the first message a person sends (an agent's send through the node, or a Business app echo) is the
 * first response; a resolution closes it, and the next customer message opens a new one, whose
 * first response is measured afresh. Automated sends (no agent) and campaign messages are not
 * responses.
 */
export function foldConversations(rows: readonly LogRow[], messages: readonly MessageFact[]): ConversationFact[] {
	const timelines = new Map<string, TimelineEntry[]>();
	for (const entry of distinctRows(rows)) {
		if (entry.kind === 'inbound') pushTo(timelines, entry.customer, { at: entry.at, type: 'customer', phoneNumberId: entry.phoneNumberId, agent: '', team: '', campaignId: '', templateName: '' });
		else if (entry.kind === 'echo') pushTo(timelines, entry.customer, { at: entry.at, type: 'human', phoneNumberId: entry.phoneNumberId, agent: entry.agent, team: entry.team, campaignId: '', templateName: '' });
		else if (entry.kind === 'resolved') pushTo(timelines, entry.customer, { at: entry.at, type: 'resolved', phoneNumberId: entry.phoneNumberId, agent: entry.agent, team: entry.team, campaignId: '', templateName: '' });
	}
	for (const message of messages) {
		if (message.outcome === 'failed' || !message.customer) continue;
		const human = message.agent !== '' && message.campaignId === '';
		pushTo(timelines, message.customer, {
			at: message.sentAt,
			type: human ? 'human' : 'business',
			phoneNumberId: message.phoneNumberId,
			agent: message.agent,
			team: message.team,
			campaignId: message.campaignId,
			templateName: message.templateName,
		});
	}

	const conversations: ConversationFact[] = [];
	for (const [customer, timeline] of timelines) {
		// Same instant (Meta's timestamps have whole seconds): a business message before the customer's
		// answer to it, a person's answer after it, a resolution last.
		const order = { business: 0, customer: 1, human: 2, resolved: 3 };
		timeline.sort((a, b) => a.at - b.at || order[a.type] - order[b.type]);
		const open = new Map<string, ConversationFact>();
		const resolvedBefore = new Set<string>();
		let lastBusiness: TimelineEntry | undefined;
		// An event without a business number applies to the customer's most recently opened conversation.
		const target = (phoneNumberId: string): ConversationFact | undefined => {
			if (phoneNumberId !== '') return open.get(phoneNumberId);
			return [...open.values()].sort((a, b) => b.startedAt - a.startedAt)[0];
		};
		for (const entry of timeline) {
			if (entry.type === 'customer') {
				let conversation = open.get(entry.phoneNumberId);
				if (!conversation) {
					const attributed = lastBusiness && entry.at - lastBusiness.at <= DAY_MS ? lastBusiness : undefined;
					conversation = {
						conversationId: `${entry.phoneNumberId}:${customer}:${entry.at}`,
						phoneNumberId: entry.phoneNumberId,
						customer,
						startedAt: entry.at,
						firstResponder: '',
						resolvedBy: '',
						team: '',
						agent: '',
						customerMessages: 0,
						humanMessages: 0,
						reopened: resolvedBefore.has(entry.phoneNumberId),
						campaignId: attributed?.campaignId ?? '',
						templateName: attributed?.templateName ?? '',
					};
					open.set(entry.phoneNumberId, conversation);
					conversations.push(conversation);
				}
				conversation.customerMessages++;
			} else if (entry.type === 'business') {
				lastBusiness = entry;
			} else if (entry.type === 'human') {
				const conversation = target(entry.phoneNumberId);
				if (!conversation) continue;
				conversation.humanMessages++;
				if (conversation.firstResponseAt === undefined) {
					conversation.firstResponseAt = entry.at;
					conversation.firstResponder = entry.agent;
					conversation.agent = entry.agent;
					if (entry.team) conversation.team = entry.team;
				}
			} else {
				const conversation = target(entry.phoneNumberId);
				if (!conversation) continue;
				conversation.resolvedAt = entry.at;
				conversation.resolvedBy = entry.agent;
				if (!conversation.agent) conversation.agent = entry.agent;
				if (!conversation.team) conversation.team = entry.team;
				open.delete(conversation.phoneNumberId);
				resolvedBefore.add(conversation.phoneNumberId);
			}
		}
	}
	return conversations.sort((a, b) => a.startedAt - b.startedAt);
}
