/**
 * The contact book's data model. A contact is never stored as one row that is read, changed and
 * written back: concurrent executions would overwrite each other (n8n-runtime-findings §3).
 * Every change is an event appended to a log; the contact is what folding its events gives.
 */

export const EVENT_KINDS = [
	'created',
	'inbound',
	'outbound',
	'label_added',
	'label_removed',
	'opt_in',
	'opt_out',
	'attribute_set',
	'assigned',
	'status_set',
	'profile_name',
	'phone_set',
	'snapshot',
] as const;

export type ContactEventKind = (typeof EVENT_KINDS)[number];

export const CONVERSATION_STATUSES = ['open', 'pending', 'closed'] as const;
export type ConversationStatus = (typeof CONVERSATION_STATUSES)[number];

export type AttributeValue = string | number | boolean | null;

/** One change to one contact, as it is appended. */
export interface ContactEvent {
	waId: string;
	kind: ContactEventKind;
	/** The label of a label event; on a snapshot every present label as `|a|b|` (for list by label). */
	label?: string;
	/** Kind-specific data (see `events.ts`). */
	value: Record<string, unknown>;
	/** When the change happened (ISO time); for inbound messages the message's own timestamp. */
	at: string;
}

/** An event as the store returns it: with the store's increasing row ID. */
export interface StoredContactEvent extends ContactEvent {
	id: number;
}

/**
 * A value with the ID of the event that set it. The higher ID wins, so folding the same events in
 * any order, or merging overlapping snapshots, gives the same contact.
 */
export interface Stamped<T> {
	value: T;
	id: number;
}

/** The folded state; also what a snapshot row stores. */
export interface ContactState {
	waId: string;
	phone?: Stamped<string>;
	profileName?: Stamped<string>;
	/** The latest of opt-in and opt-out. */
	consent?: Stamped<'in' | 'out'>;
	optIn?: Stamped<{ at: string; source: string | null }>;
	optOut?: Stamped<{ at: string; keyword: string | null }>;
	team?: Stamped<string | null>;
	agent?: Stamped<string | null>;
	status?: Stamped<ConversationStatus>;
	labels: Record<string, Stamped<boolean>>;
	/** A null value means the attribute was removed. */
	attributes: Record<string, Stamped<AttributeValue>>;
	lastInboundAt?: string;
	lastOutboundAt?: string;
	firstAt?: string;
	lastAt?: string;
	/** The highest row ID folded in. */
	through: number;
}

/** The contact as operations output it. */
export interface Contact {
	waId: string;
	phone: string;
	profileName: string | null;
	labels: string[];
	optedIn: boolean;
	optedInAt: string | null;
	optInSource: string | null;
	optedOut: boolean;
	optedOutAt: string | null;
	optOutKeyword: string | null;
	lastInboundAt: string | null;
	lastOutboundAt: string | null;
	windowOpen: boolean;
	windowUntil: string | null;
	assignedTeam: string | null;
	assignedAgent: string | null;
	status: ConversationStatus | null;
	attributes: Record<string, AttributeValue>;
	createdAt: string | null;
	updatedAt: string | null;
}
