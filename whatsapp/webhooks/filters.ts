/** Which events a trigger passes on. Empty lists mean "all". */
import type { EventKind, WebhookEvent } from './events';

export interface EventFilter {
	/** Business phone number IDs. Events without a number (template, account events) always pass. */
	phoneNumberIds?: string[];
	events?: EventKind[];
	/** Message types (`text`, `image`, `interactive` …) for messages and echoes. */
	messageTypes?: string[];
	/** Status values (`sent`, `delivered`, `read`, `played`, `failed`) for statuses. */
	statuses?: string[];
}

function allows(list: string[] | undefined, value: string | undefined): boolean {
	return !list || list.length === 0 || (value !== undefined && list.includes(value));
}

export function matchesFilter(event: WebhookEvent, filter: EventFilter): boolean {
	if (!allows(filter.events, event.event)) return false;
	if (event.businessPhoneNumberId !== undefined && !allows(filter.phoneNumberIds, event.businessPhoneNumberId)) return false;
	if ((event.event === 'message' || event.event === 'messageEcho') && !allows(filter.messageTypes, event.messageType)) return false;
	if (event.event === 'status' && !allows(filter.statuses, event.status)) return false;
	return true;
}

export function filterEvents(events: WebhookEvent[], filter: EventFilter): WebhookEvent[] {
	return events.filter((event) => matchesFilter(event, filter));
}

/** Splits "a, b c" (as typed in a text field) into distinct non-empty values. */
export function splitList(value: unknown): string[] {
	const parts = Array.isArray(value) ? value.map(String) : String(value ?? '').split(/[\s,;]+/);
	return [...new Set(parts.map((part) => part.trim()).filter((part) => part !== ''))];
}
