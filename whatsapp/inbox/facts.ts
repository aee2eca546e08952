/**
 * What the inbox needs to know about a customer, read from the contact book's event rows: whether
 * the customer is new, when they wrote before this message, and when a person last replied.
 *
 * The rows are read rather than the folded contact because the fold keeps only the latest inbound
 * and outbound times: this message may already be recorded (a Record Inbound step before the inbox),
 * and the inbox's own automatic sends must not count as an agent's reply.
 */
import type { ContactEvent, StoredContactEvent } from '../contacts/model';
import { events } from '../contacts/events';
import type { ContactFacts } from './decide';

/** Marks an outbound event written by the inbox automations (value.automation = the action kind). */
export const AUTOMATION_FIELD = 'automation';

export interface CurrentMessage {
	messageId: string;
	/** The message's time (ms). */
	at: number;
}

function later(a: string | null, b: string | null | undefined): string | null {
	if (!b) return a;
	if (!a) return b;
	return Date.parse(b) > Date.parse(a) ? b : a;
}

/** Facts about the customer before `current` (owner is filled in by the caller). */
export function contactFacts(rows: StoredContactEvent[], current: CurrentMessage): Omit<ContactFacts, 'owner'> & { recorded: boolean } {
	let previousInboundAt: string | null = null;
	let lastAgentReplyAt: string | null = null;
	let known = false;
	let recorded = false;
	for (const row of rows) {
		const at = Date.parse(row.at);
		const isCurrent = row.kind === 'inbound' && current.messageId !== '' && row.value.messageId === current.messageId;
		if (isCurrent) {
			recorded = true;
			continue;
		}
		known = true;
		if (row.kind === 'inbound' && at < current.at) previousInboundAt = later(previousInboundAt, row.at);
		if (row.kind === 'outbound' && !row.value[AUTOMATION_FIELD]) lastAgentReplyAt = later(lastAgentReplyAt, row.at);
		if (row.kind === 'snapshot') {
			const state = row.value as { lastInboundAt?: string; lastOutboundAt?: string };
			if (state.lastInboundAt) {
				// A snapshot keeps only the latest inbound time: if that is this message (or a later one),
				// the earlier ones are gone, so the customer counts as having written just now (no greeting).
				const last = Date.parse(state.lastInboundAt);
				previousInboundAt = later(previousInboundAt, last < current.at ? state.lastInboundAt : new Date(current.at).toISOString());
			}
			// Automatic and human replies are not told apart in a snapshot; counting it is the cautious side.
			lastAgentReplyAt = later(lastAgentReplyAt, state.lastOutboundAt);
		}
	}
	return { known, previousInboundAt, lastAgentReplyAt, recorded };
}

/** An outbound event for a send made by the inbox automations. */
export function automationOutbound(waId: string, at: string, input: { messageId?: string; type?: string; automation: string }): ContactEvent {
	const event = events.outbound(waId, at, { messageId: input.messageId, type: input.type });
	return { ...event, value: { ...event.value, [AUTOMATION_FIELD]: input.automation } };
}

/** A message the business sent from the WhatsApp Business app: a person replied. */
export function echoOutbound(waId: string, at: string, input: { messageId?: string; type?: string }): ContactEvent {
	const event = events.outbound(waId, at, { messageId: input.messageId, type: input.type });
	return { ...event, value: { ...event.value, source: 'business_app' } };
}
