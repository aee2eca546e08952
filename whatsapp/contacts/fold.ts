/**
 * Folding a contact's events into the contact. Each field is a register stamped with the ID of the
 * event that set it, and the higher stamp wins. That makes the fold independent of order and lets
 * snapshots overlap: a snapshot merged with events it already contains changes nothing. Compaction
 * and concurrent readers rely on that.
 */
import { windowState } from '../window';
import type {
	AttributeValue,
	Contact,
	ContactEvent,
	ContactState,
	ConversationStatus,
	Stamped,
	StoredContactEvent,
} from './model';

function newer<T>(current: Stamped<T> | undefined, candidate: Stamped<T> | undefined): Stamped<T> | undefined {
	if (!candidate) return current;
	if (!current || candidate.id > current.id) return candidate;
	return current;
}

/** Times are ISO text in UTC with milliseconds (`toISOString`), which sorts as text. */
function later(a: string | undefined, b: string | undefined): string | undefined {
	if (!a) return b;
	if (!b) return a;
	return b > a ? b : a;
}

function earlier(a: string | undefined, b: string | undefined): string | undefined {
	if (!a) return b;
	if (!b) return a;
	return b < a ? b : a;
}

export function emptyState(waId: string): ContactState {
	return { waId, labels: {}, attributes: {}, through: 0 };
}

function text(value: unknown): string | undefined {
	return typeof value === 'string' && value !== '' ? value : undefined;
}

function mergeRecords<T>(target: Record<string, Stamped<T>>, source: Record<string, Stamped<T>> | undefined): void {
	for (const [key, stamped] of Object.entries(source ?? {})) {
		const winner = newer(target[key], stamped);
		if (winner) target[key] = winner;
	}
}

/** Merges `other` into `state` (both may hold any subset of the events). */
export function mergeState(state: ContactState, other: Partial<ContactState>): ContactState {
	state.phone = newer(state.phone, other.phone);
	state.profileName = newer(state.profileName, other.profileName);
	state.consent = newer(state.consent, other.consent);
	state.optIn = newer(state.optIn, other.optIn);
	state.optOut = newer(state.optOut, other.optOut);
	state.team = newer(state.team, other.team);
	state.agent = newer(state.agent, other.agent);
	state.status = newer(state.status, other.status);
	mergeRecords(state.labels, other.labels);
	mergeRecords(state.attributes, other.attributes);
	state.lastInboundAt = later(state.lastInboundAt, other.lastInboundAt);
	state.lastOutboundAt = later(state.lastOutboundAt, other.lastOutboundAt);
	state.firstAt = earlier(state.firstAt, other.firstAt);
	state.lastAt = later(state.lastAt, other.lastAt);
	state.through = Math.max(state.through, other.through ?? 0);
	return state;
}

/** Applies one stored event. Unknown kinds (a row typed by hand, a newer package) are skipped. */
export function applyEvent(state: ContactState, event: StoredContactEvent): ContactState {
	const { id, value } = event;
	const stamp = <T>(v: T): Stamped<T> => ({ value: v, id });
	if (event.kind === 'snapshot') {
		mergeState(state, value as Partial<ContactState>);
		state.through = Math.max(state.through, id);
		return state;
	}
	const delta: Partial<ContactState> = { firstAt: event.at, lastAt: event.at, through: id };
	switch (event.kind) {
		case 'created':
			break;
		case 'inbound':
			delta.lastInboundAt = event.at;
			if (text(value.profileName)) delta.profileName = stamp(value.profileName as string);
			break;
		case 'outbound':
			delta.lastOutboundAt = event.at;
			break;
		case 'label_added':
		case 'label_removed':
			if (text(event.label)) delta.labels = { [event.label as string]: stamp(event.kind === 'label_added') };
			break;
		case 'opt_in':
			delta.consent = stamp('in' as const);
			delta.optIn = stamp({ at: event.at, source: text(value.source) ?? null });
			break;
		case 'opt_out':
			delta.consent = stamp('out' as const);
			delta.optOut = stamp({ at: event.at, keyword: text(value.keyword) ?? null });
			break;
		case 'attribute_set': {
			const attributes = (value.attributes ?? {}) as Record<string, AttributeValue>;
			delta.attributes = Object.fromEntries(Object.entries(attributes).map(([key, v]) => [key, stamp(v)]));
			break;
		}
		case 'assigned':
			if ('team' in value) delta.team = stamp(text(value.team) ?? null);
			if ('agent' in value) delta.agent = stamp(text(value.agent) ?? null);
			break;
		case 'status_set':
			delta.status = stamp(value.status as ConversationStatus);
			break;
		case 'profile_name':
			if (text(value.name)) delta.profileName = stamp(value.name as string);
			break;
		case 'phone_set':
			if (text(value.phone)) delta.phone = stamp(value.phone as string);
			break;
		default:
			return state;
	}
	return mergeState(state, delta);
}

/** The state of one contact from its rows, or undefined when it has none. */
export function foldEvents(events: StoredContactEvent[]): ContactState | undefined {
	if (events.length === 0) return undefined;
	const state = emptyState(events[0].waId);
	for (const event of events) applyEvent(state, event);
	return state;
}

/** The contact as operations show it, with the window as it stands at `now`. */
export function toContact(state: ContactState, now: number): Contact {
	const consent = state.consent?.value;
	const window = windowState(state.lastInboundAt, now);
	const attributes: Record<string, AttributeValue> = {};
	for (const [key, stamped] of Object.entries(state.attributes).sort(([a], [b]) => a.localeCompare(b))) {
		if (stamped.value !== null) attributes[key] = stamped.value;
	}
	return {
		waId: state.waId,
		phone: state.phone?.value ?? `+${state.waId}`,
		profileName: state.profileName?.value ?? null,
		labels: Object.entries(state.labels)
			.filter(([, stamped]) => stamped.value)
			.map(([label]) => label)
			.sort((a, b) => a.localeCompare(b)),
		optedIn: consent === 'in',
		optedInAt: state.optIn?.value.at ?? null,
		optInSource: state.optIn?.value.source ?? null,
		optedOut: consent === 'out',
		optedOutAt: state.optOut?.value.at ?? null,
		optOutKeyword: state.optOut?.value.keyword ?? null,
		lastInboundAt: state.lastInboundAt ?? null,
		lastOutboundAt: state.lastOutboundAt ?? null,
		windowOpen: window.open,
		windowUntil: window.until,
		assignedTeam: state.team?.value ?? null,
		assignedAgent: state.agent?.value ?? null,
		status: state.status?.value ?? null,
		attributes,
		createdAt: state.firstAt ?? null,
		updatedAt: state.lastAt ?? null,
	};
}

/** `foldContact(events) → Contact`: undefined when the contact has no rows. */
export function foldContact(events: StoredContactEvent[], now: number): Contact | undefined {
	const state = foldEvents(events);
	return state ? toContact(state, now) : undefined;
}

/**
 * A snapshot row holding the whole state. Its label column lists the present labels as `|a|b|`, so
 * list-by-label finds compacted contacts with one `like` filter.
 */
export function snapshotEvent(state: ContactState, at: string): ContactEvent {
	const present = Object.entries(state.labels)
		.filter(([, stamped]) => stamped.value)
		.map(([label]) => label);
	return {
		waId: state.waId,
		kind: 'snapshot',
		label: present.length > 0 ? `|${present.join('|')}|` : '',
		value: state as unknown as Record<string, unknown>,
		at,
	};
}
