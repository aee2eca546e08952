/**
 * The team inbox's conversation record. One customer (wa_id) on one business number has a series
 * of conversations; each is opened, routed, owned by the bot, a queue or an agent, and resolved.
 * Like the contact book, nothing is stored as one row that is read, changed and written back:
 * every change is an event appended to a log, and decisions only one caller may take (open, assign,
 * hand off, release, resolve) are claimed once through the delivery ledger first.
 */

export const CONVERSATION_EVENT_KINDS = [
	'opened',
	'inbound',
	'outbound',
	'routed',
	'handed_off',
	'queued',
	'assigned',
	'requeued',
	'released',
	'snoozed',
	'woken',
	'resolved',
	'session',
	'turn_done',
	'linked',
	// Compaction rows: the whole folded state of one conversation through the event `throughId`.
	'snapshot',
	'closed',
	'pruned',
] as const;

/** Rows that carry a folded state instead of one change (value: { throughId, state }). */
export const SNAPSHOT_KINDS = ['snapshot', 'closed', 'pruned'] as const;
/** Snapshot kinds of finished conversations: never counted as open, never in a team's load. */
export const FINISHED_KINDS = ['closed', 'pruned'] as const;

export type ConversationEventKind = (typeof CONVERSATION_EVENT_KINDS)[number];

export type ConversationStateName = 'bot' | 'queued' | 'assigned' | 'snoozed' | 'resolved';
export type ConversationOwner = 'bot' | 'queue' | 'agent' | 'nobody';
export type HandoffReason = 'keyword' | 'button' | 'bot' | 'echo' | 'action';
export type ReleaseReason = 'action' | 'timeout';
export type WakeReason = 'time' | 'customer' | 'action';

/** One change to one conversation, as it is appended. */
export interface ConversationEvent {
	/** `<phone number id>:<wa_id>`: every conversation of one customer on one number. */
	conversationKey: string;
	/** `<conversationKey>:<n>`: the n-th conversation of that customer. */
	conversationId: string;
	kind: ConversationEventKind;
	/** Copied into its own column so a team's or an agent's conversations are found with one filter. */
	team?: string;
	agent?: string;
	/** An external reference (a Slack thread, a ticket) the conversation is linked to. */
	ref?: string;
	value: Record<string, unknown>;
	at: string;
}

export interface StoredConversationEvent extends ConversationEvent {
	id: number;
	/** When the store wrote the row (its createdAt), if it keeps one. */
	writtenAt?: string;
}

export interface BotSession {
	step: string;
	answers: Record<string, unknown>;
	startedAt: string | null;
	updatedAt: string | null;
	finished: boolean;
}

/** A conversation as operations output it. */
export interface Conversation {
	conversationId: string;
	conversationKey: string;
	phoneNumberId: string;
	waId: string;
	/** 1 for the customer's first conversation on this number, 2 after the first was resolved … */
	sequence: number;
	state: ConversationStateName;
	owner: ConversationOwner;
	team: string | null;
	agent: string | null;
	openedAt: string | null;
	queuedAt: string | null;
	assignedAt: string | null;
	firstAgentReplyAt: string | null;
	firstAgentReplyBy: string | null;
	resolvedAt: string | null;
	/** Snoozed until this time (null while snoozed: until the customer writes). */
	snoozedUntil: string | null;
	snoozedAt: string | null;
	wokeAt: string | null;
	wakeReason: WakeReason | null;
	/** The latest agent ever assigned (kept after release or resolve, for sticky assignment). */
	lastAgent: string | null;
	lastInboundAt: string | null;
	/** The latest sign of a person on it: handoff, assignment or an agent's message. */
	lastHumanActivityAt: string | null;
	handoffReason: HandoffReason | null;
	releaseReason: ReleaseReason | null;
	/** How many times it was handed off, requeued or released: one assignment is claimed per round. */
	round: number;
	/** Assignment attempts in this round that ended in the queue (each attempt is claimed once). */
	attempts: number;
	handoffs: number;
	releases: number;
	refs: string[];
	session: BotSession | null;
	/** Message IDs whose bot turn is finished. */
	turnsDone: string[];
	/** Inbound messages in the order they are answered: by message time, then arrival. */
	inbound: Array<{ messageId: string; at: string; id: number }>;
}

export function conversationKeyOf(phoneNumberId: string, waId: string): string {
	return `${phoneNumberId}:${waId}`;
}

export function conversationIdOf(conversationKey: string, sequence: number): string {
	return `${conversationKey}:${sequence}`;
}

export function parseConversationId(conversationId: string): { phoneNumberId: string; waId: string; sequence: number } | undefined {
	const match = /^([^:]+):([^:]+):(\d+)$/.exec(conversationId.trim());
	if (!match) return undefined;
	return { phoneNumberId: match[1], waId: match[2], sequence: Number(match[3]) };
}
