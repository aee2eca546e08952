/**
 * Folding a customer's conversation events into conversations. Events are applied in row-ID order
 * (the order the store committed them); the claims taken before writing make sure two callers never
 * both open, assign, hand off, release or resolve the same conversation, so the log has no
 * contradicting decisions to reconcile. Sessions are merged field by field, never overwritten whole.
 */
import type {
	BotSession,
	Conversation,
	ConversationEvent,
	HandoffReason,
	ReleaseReason,
	StoredConversationEvent,
	WakeReason,
} from './model';
import { FINISHED_KINDS, parseConversationId, SNAPSHOT_KINDS } from './model';

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
		snoozedAt: null,
		wokeAt: null,
		wakeReason: null,
		lastAgent: null,
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

/** Ends a snooze: the conversation goes back to whoever owned it (the agent, the queue or the bot). */
function wake(c: Conversation, at: string, reason: WakeReason): void {
	if (c.state !== 'snoozed') return;
	c.state = c.owner === 'agent' ? 'assigned' : c.owner === 'queue' ? 'queued' : 'bot';
	c.snoozedUntil = null;
	c.wokeAt = at;
	c.wakeReason = reason;
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
			wake(c, at, 'customer');
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
			c.lastAgent = c.agent ?? c.lastAgent;
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
			if (c.state === 'resolved') break;
			if (value.keepAgent === false && c.owner === 'agent') {
				// The agent lets go: on waking it waits in the team's queue, as a requeue would.
				c.owner = 'queue';
				c.agent = null;
				c.queuedAt ??= at;
				c.round++;
				c.attempts = 0;
			}
			c.state = 'snoozed';
			c.snoozedUntil = text(value.until) ?? null;
			c.snoozedAt = at;
			break;
		case 'woken':
			wake(c, at, (text(value.reason) as WakeReason | undefined) ?? 'action');
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

/** Whether a row is a compaction snapshot (a folded state) rather than one change. */
export function isSnapshot(event: Pick<ConversationEvent, 'kind'>): boolean {
	return (SNAPSHOT_KINDS as readonly string[]).includes(event.kind);
}

export function isFinishedSnapshot(event: Pick<ConversationEvent, 'kind'>): boolean {
	return (FINISHED_KINDS as readonly string[]).includes(event.kind);
}

export function throughIdOf(event: StoredConversationEvent): number {
	const through = Number(event.value.throughId);
	return Number.isFinite(through) ? through : 0;
}

function stateOf(event: StoredConversationEvent): Conversation {
	const base = emptyConversation(event.conversationId, event.conversationKey);
	const stored = (event.value.state ?? {}) as Partial<Conversation>;
	return { ...base, ...structuredClone(stored), conversationId: event.conversationId, conversationKey: event.conversationKey };
}

/** Wakes a snooze whose time has passed (there are no timers: the next read wakes it). */
export function applyClock(conversation: Conversation, now: number): Conversation {
	if (conversation.state === 'snoozed' && conversation.snoozedUntil && Date.parse(conversation.snoozedUntil) <= now) {
		wake(conversation, conversation.snoozedUntil, 'time');
	}
	return conversation;
}

/**
 * One conversation from its rows: the snapshot that folded the most (highest `throughId`), then
 * every change written after the event it folded through, in ID order. A change with a lower ID is
 * in that snapshot (or in one it folded); a row a racing writer added meanwhile has a higher ID and
 * is applied on top, so nothing written is ever lost to a compaction.
 */
function foldOne(rows: StoredConversationEvent[]): Conversation {
	let base: StoredConversationEvent | undefined;
	for (const row of rows) if (isSnapshot(row) && (!base || throughIdOf(row) > throughIdOf(base))) base = row;
	const through = base ? throughIdOf(base) : 0;
	const c = base ? stateOf(base) : emptyConversation(rows[0].conversationId, rows[0].conversationKey);
	for (const row of rows) if (!isSnapshot(row) && row.id > through) applyEvent(c, row);
	c.inbound.sort((a, b) => (a.at === b.at ? a.id - b.id : a.at < b.at ? -1 : 1));
	return c;
}

/**
 * Every conversation in these rows, oldest first. With `now`, snoozes whose time has passed are
 * woken; without it the state is exactly what the rows say (what a snapshot stores).
 */
export function foldConversations(events: readonly StoredConversationEvent[], now?: number): Conversation[] {
	const byId = new Map<string, StoredConversationEvent[]>();
	for (const event of [...events].sort((a, b) => a.id - b.id)) {
		const list = byId.get(event.conversationId) ?? [];
		list.push(event);
		byId.set(event.conversationId, list);
	}
	const all = [...byId.values()].map(foldOne);
	if (now !== undefined) for (const c of all) applyClock(c, now);
	return all.sort((a, b) => a.sequence - b.sequence);
}

/** The latest conversation of a customer, or undefined when there is none yet. */
export function latestConversation(events: readonly StoredConversationEvent[], now?: number): Conversation | undefined {
	const all = foldConversations(events, now);
	return all[all.length - 1];
}

/** Inbound messages and finished turns a snapshot keeps: every message still waiting, the latest rest. */
const KEEP_MESSAGES = 100;

/**
 * A snapshot row of one conversation: its whole state through `throughId`. Finished (resolved)
 * conversations get kind `closed`, which a team's load never reads.
 */
export function snapshotEvent(conversation: Conversation, throughId: number, at: string, kind: 'snapshot' | 'closed' | 'pruned' = conversation.state === 'resolved' ? 'closed' : 'snapshot'): ConversationEvent {
	const waiting = conversation.inbound.filter((m) => !conversation.turnsDone.includes(m.messageId));
	const recent = conversation.inbound.slice(-KEEP_MESSAGES);
	const inbound = [...new Map([...waiting, ...recent].map((m) => [m.messageId, m])).values()];
	const kept = new Set(inbound.map((m) => m.messageId));
	const state: Conversation = {
		...conversation,
		inbound: kind === 'pruned' ? [] : inbound,
		turnsDone: kind === 'pruned' ? [] : conversation.turnsDone.filter((id) => kept.has(id)).slice(-KEEP_MESSAGES * 2),
		session: kind === 'pruned' ? null : conversation.session,
	};
	return {
		conversationKey: conversation.conversationKey,
		conversationId: conversation.conversationId,
		kind,
		team: conversation.team ?? undefined,
		agent: conversation.agent ?? undefined,
		// Every linked reference as |a|b|, so a reference is still found with one `like` filter.
		ref: conversation.refs.length > 0 ? `|${conversation.refs.join('|')}|` : undefined,
		value: { throughId, state },
		at: kind === 'snapshot' ? at : (conversation.resolvedAt ?? at),
	};
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
