/**
 * Meta's customer-service window (cloud-api-facts §14): free-form messages only within 24 hours of
 * the customer's last message; outside it only templates.
 */
import { WhatsAppValidationError } from '../validation';

export const WINDOW_MS = 24 * 60 * 60 * 1000;
/** A message from "the future" within this skew is a clock difference, not an error. */
const CLOCK_SKEW_MS = 5 * 60 * 1000;

/**
 * When the customer last wrote, as epoch milliseconds; `undefined` when not known. Accepts a Date,
 * an ISO 8601 string, or a Unix time in seconds (as webhooks carry it) or milliseconds.
 */
export function parseLastInboundAt(value: unknown, field = 'Customer Last Message At'): number | undefined {
	if (value === undefined || value === null || value === '') return undefined;
	if (value instanceof Date) {
		if (Number.isNaN(value.getTime())) throw new WhatsAppValidationError(field, `${field} is an invalid date`);
		return value.getTime();
	}
	let numeric: number | undefined;
	if (typeof value === 'number') numeric = value;
	else if (typeof value === 'string' && /^\d+(\.\d+)?$/.test(value.trim())) numeric = Number(value.trim());
	if (numeric !== undefined) {
		// Ten digits or fewer is seconds (webhook timestamps); more is milliseconds.
		return numeric < 1e11 ? numeric * 1000 : numeric;
	}
	if (typeof value === 'string') {
		const parsed = Date.parse(value.trim());
		if (!Number.isNaN(parsed)) return parsed;
	}
	if (typeof value === 'object' && typeof (value as { toISO?: unknown }).toISO === 'function') {
		// Luxon DateTime from an n8n expression such as {{ $now.minus(1, 'hour') }}.
		const parsed = Date.parse((value as { toISO(): string }).toISO());
		if (!Number.isNaN(parsed)) return parsed;
	}
	throw new WhatsAppValidationError(field, `${field} "${String(value).slice(0, 60)}" is not a date: use an ISO date or a Unix time`);
}

/** Whether a free-form message may be sent now; unknown last contact counts as closed. */
export function isWindowOpen(lastInboundAt: number | undefined, now: number): boolean {
	if (lastInboundAt === undefined) return false;
	if (lastInboundAt > now + CLOCK_SKEW_MS) return false;
	return now - lastInboundAt < WINDOW_MS;
}
