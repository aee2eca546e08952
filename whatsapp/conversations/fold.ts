/**
 * Folding a customer's conversation events into conversations. Events are applied in row-ID order
 * (the order the store committed them); the claims taken before writing make sure two callers never
 * both open, assign, hand off, release or resolve the same conversation, so the log has no
 * contradicting decisions to reconcile. Sessions are merged field by field, never overwritten whole.
 */
import type {
	BotSession,
	Conversation,
	HandoffReason,
	ReleaseReason,
	StoredConversationEvent,
} from './model';
import { parseConversationId } from './model';

function text(value: unknown): string | undefined {
	return typeof value === 'string' && value !== '' ? value : undefined;
}

export function emptyConversation(conversationId: string, conversationKey: string): Conversation {
	const parsed = parseConversationId(conversationId);
	return {
		conversationId,
		conversationKey,
		phoneNumberId: parsed?.phoneNumberId ?? '',
		waId: parsed?.waId ?? '',
		sequence: parsed?.sequence ?? 1,
		state: 'bot',
		owner: 'bot',
		team: null,
		agent: null,
		openedAt: null,
		queuedAt: null,
		assignedAt: null,
		firstAgentReplyAt: null,
		firstAgentReplyBy: null,
		resolvedAt: null,
		snoozedUntil: null,
		lastInboundAt: null,
		lastHumanActivityAt: null,
		handoffReason: null,
		releaseReason: null,
		round: 0,
		attempts: 0,
		handoffs: 0,
		releases: 0,
		refs: [],
		session: null,
		turnsDone: [],
		inbound: [],
	};
}

function later(a: string | null, b: string): string {
	return !a || b > a ? b : a;
}

function applyEvent(c: Conversation, event: StoredConversationEvent): void {
	const { value, at } = event;
	switch (event.kind) {
		case 'opened':
			c.openedAt ??= at;
			break;
		case 'inbound': {
			c.lastInboundAt = later(c.lastInboundAt, at);
			const messageId = text(value.messageId);
			if (messageId && !c.inbound.some((m) => m.messageId === messageId)) c.inbound.push({ messageId, at, id: event.id });
			// A customer writing into a snoozed conversation wakes it up.
			if (c.state === 'snoozed') c.state = c.agent ? 'assigned' : 'queued';
			break;
		}
		case 'outbound':
			if (value.by === 'agent') {
				const agent = text(value.agent) ?? event.agent ?? null;
				if (!c.firstAgentReplyAt) {
					c.firstAgentReplyAt = at;
					c.firstAgentReplyBy = agent;
				}
				c.lastHumanActivityAt = later(c.lastHumanActivityAt, at);
			}
			break;
		case 'routed':
			if (event.team) c.team = event.team;
			break;
		case 'handed_off':
			c.state = 'queued';
			c.owner = 'queue';
			c.agent = null;
			c.team = event.team ?? c.team;
			c.queuedAt = at;
			c.handoffReason = (text(value.reason) as HandoffReason | undefined) ?? 'action';
			c.releaseReason = null;
			c.handoffs++;
			c.round++;
			c.attempts = 0;
			c.lastHumanActivityAt = later(c.lastHumanActivityAt, at);
			break;
		case 'queued':
			c.state = 'queued';
			c.owner = 'queue';
			c.agent = null;
			c.team = event.team ?? c.team;
			c.queuedAt ??= at;
			c.attempts++;
			break;
		case 'assigned':
			c.state = 'assigned';
			c.owner = 'agent';
			c.agent = event.agent ?? text(value.agent) ?? null;
			c.team = event.team ?? c.team;
			c.assignedAt = at;
			c.lastHumanActivityAt = later(c.lastHumanActivityAt, at);
			break;
		case 'requeued':
			// Back to the queue, keeping its place: FIFO picks by the first time it was queued.
			c.state = 'queued';
			c.owner = 'queue';
			c.agent = null;
			c.queuedAt ??= at;
			c.round++;
			c.attempts = 0;
			break;
		case 'released':
			c.state = 'bot';
			c.owner = 'bot';
			c.agent = null;
			c.queuedAt = null;
			c.releaseReason = (text(value.reason) as ReleaseReason | undefined) ?? 'action';
			c.releases++;
			c.round++;
			c.attempts = 0;
			break;
		case 'snoozed':
			c.state = 'snoozed';
			c.snoozedUntil = text(value.until) ?? null;
			break;
		case 'resolved':
			c.state = 'resolved';
			c.owner = 'nobody';
			c.resolvedAt ??= at;
			break;
		case 'session': {
			const base: BotSession = c.session && !value.restart ? c.session : { step: 'start', answers: {}, startedAt: at, updatedAt: at, finished: false };
			c.session = {
				step: text(value.step) ?? base.step,
				answers: { ...base.answers, ...((value.answers as Record<string, unknown> | undefined) ?? {}) },
				startedAt: base.startedAt ?? at,
				updatedAt: at,
				finished: value.finished === true ? true : value.restart ? false : base.finished,
			};
			break;
		}
		case 'turn_done': {
			const messageId = text(value.messageId);
			if (messageId && !c.turnsDone.includes(messageId)) c.turnsDone.push(messageId);
			break;
		}
		case 'linked':
			if (event.ref && !c.refs.includes(event.ref)) c.refs.push(event.ref);
			break;
		default:
			break;
	}
}

/** Every conversation of one customer, oldest first. */
export function foldConversations(events: readonly StoredConversationEvent[]): Conversation[] {
	const byId = new Map<string, Conversation>();
	for (const event of [...events].sort((a, b) => a.id - b.id)) {
		let conversation = byId.get(event.conversationId);
		if (!conversation) {
			conversation = emptyConversation(event.conversationId, event.conversationKey);
			byId.set(event.conversationId, conversation);
		}
		applyEvent(conversation, event);
	}
	for (const conversation of byId.values()) {
		conversation.inbound.sort((a, b) => (a.at === b.at ? a.id - b.id : a.at < b.at ? -1 : 1));
	}
	return [...byId.values()].sort((a, b) => a.sequence - b.sequence);
}

/** The latest conversation of a customer, or undefined when there is none yet. */
export function latestConversation(events: readonly StoredConversationEvent[]): Conversation | undefined {
	const all = foldConversations(events);
	return all[all.length - 1];
}

/** Whether a person owns it and has been silent for longer than the handoff time-out. */
export function handoffTimedOut(conversation: Conversation, now: number, timeoutMs: number): boolean {
	if (timeoutMs <= 0) return false;
	if (conversation.owner !== 'queue' && conversation.owner !== 'agent') return false;
	if (conversation.state === 'snoozed') return false;
	const since = conversation.lastHumanActivityAt ?? conversation.queuedAt;
	if (!since) return false;
	return now - Date.parse(since) > timeoutMs;
}

/** Whether the bot should answer: only while the bot owns the conversation. */
export function botActive(conversation: Conversation): boolean {
	return conversation.owner === 'bot';
}

/** Open for an agent's load: assigned to them and not resolved (snoozed still counts). */
export function isOpenFor(conversation: Conversation, agent: string): boolean {
	return conversation.agent === agent && (conversation.state === 'assigned' || conversation.state === 'snoozed');
}
