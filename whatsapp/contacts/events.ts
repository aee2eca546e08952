/**
 * Input checks and event builders. Every operation turns its input into events here, so a bad
 * value is refused with the field's name before anything is written.
 */
import { normalizeRecipient } from '../phone';
import { charLength, WhatsAppValidationError } from '../validation';
import type { AttributeValue, ContactEvent, ConversationStatus } from './model';
import { CONVERSATION_STATUSES } from './model';

/** The contact book's own limits: they keep rows readable on n8n's Data tables page. */
export const CONTACT_LIMITS = {
	label: 100,
	labelsPerCall: 100,
	attributeName: 64,
	attributeValue: 2000,
	attributesPerCall: 100,
	text: 256,
} as const;

/** The contact key: Meta's wa_id, the number's digits with the country code. */
export function normalizeWaId(input: unknown, field = 'Contact Phone Number'): string {
	return normalizeRecipient(input, field);
}

function typeName(value: unknown): string {
	if (value === null) return 'null';
	if (Array.isArray(value)) return 'a list';
	return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}

function checkLength(field: string, value: string, max: number): void {
	const length = charLength(value);
	if (length > max) {
		throw new WhatsAppValidationError(field, `${field} is ${length} characters long; the contact book allows at most ${max}`);
	}
}

/** Optional free text (profile name, opt-in source …): trimmed, empty means none. */
export function optionalText(field: string, value: unknown, max: number = CONTACT_LIMITS.text): string | undefined {
	if (value === undefined || value === null) return undefined;
	if (typeof value === 'number' || typeof value === 'boolean') value = String(value);
	if (typeof value !== 'string') {
		throw new WhatsAppValidationError(field, `${field} must be text, but it is ${typeName(value)}`);
	}
	const text = value.trim();
	if (text === '') return undefined;
	checkLength(field, text, max);
	return text;
}

/**
 * Labels from a comma-separated string or a list of strings. Anything that is not text is refused
 * rather than turned into "[object Object]", which would silently create a useless label.
 */
export function normalizeLabels(input: unknown, field = 'Labels'): string[] {
	let list: unknown[];
	if (typeof input === 'string') list = input.split(',');
	else if (Array.isArray(input)) list = input;
	else if (input === undefined || input === null) list = [];
	else throw new WhatsAppValidationError(field, `${field} must be text or a list of texts, but it is ${typeName(input)}`);

	const labels: string[] = [];
	list.forEach((entry, index) => {
		if (typeof entry !== 'string') {
			throw new WhatsAppValidationError(
				field,
				`${field}: entry ${index + 1} is ${typeName(entry)} (${JSON.stringify(entry)}); labels must be text`,
			);
		}
		const label = entry.trim();
		if (label === '') return;
		checkLength(`${field} entry ${index + 1}`, label, CONTACT_LIMITS.label);
		if (!labels.includes(label)) labels.push(label);
	});
	if (labels.length === 0) {
		throw new WhatsAppValidationError(field, `${field} is required: give at least one label, such as "vip" or "vip, awaiting payment"`);
	}
	if (labels.length > CONTACT_LIMITS.labelsPerCall) {
		throw new WhatsAppValidationError(field, `${field}: ${labels.length} given; the contact book takes at most ${CONTACT_LIMITS.labelsPerCall} at once`);
	}
	return labels;
}

/** Custom attributes: names to text, number, boolean or null (null removes the attribute). */
export function normalizeAttributes(input: unknown, field = 'Attributes'): Record<string, AttributeValue> {
	if (typeof input === 'string') {
		const text = input.trim();
		const invalid = Symbol('invalid');
		let parsed: unknown = {};
		if (text !== '') {
			try {
				parsed = JSON.parse(text);
			} catch {
				parsed = invalid;
			}
		}
		if (parsed === invalid) {
			throw new WhatsAppValidationError(field, `${field} is not valid JSON: give an object such as {"crm_id": "A-17", "tier": "gold"}`);
		}
		input = parsed;
	}
	if (typeof input !== 'object' || input === null || Array.isArray(input)) {
		throw new WhatsAppValidationError(field, `${field} must be an object of names and values, but it is ${typeName(input)}`);
	}
	const entries = Object.entries(input as Record<string, unknown>);
	if (entries.length > CONTACT_LIMITS.attributesPerCall) {
		throw new WhatsAppValidationError(field, `${field}: ${entries.length} given; the contact book takes at most ${CONTACT_LIMITS.attributesPerCall} at once`);
	}
	const attributes: Record<string, AttributeValue> = {};
	for (const [rawName, value] of entries) {
		const name = rawName.trim();
		if (name === '') throw new WhatsAppValidationError(field, `${field}: an attribute has an empty name`);
		checkLength(`${field} name "${name}"`, name, CONTACT_LIMITS.attributeName);
		if (value !== null && typeof value !== 'string' && typeof value !== 'number' && typeof value !== 'boolean') {
			throw new WhatsAppValidationError(field, `${field} "${name}" is ${typeName(value)}; values must be text, a number, true/false or null`);
		}
		if (typeof value === 'string') checkLength(`${field} "${name}"`, value, CONTACT_LIMITS.attributeValue);
		attributes[name] = value;
	}
	return attributes;
}

export function normalizeStatus(input: unknown, field = 'Conversation Status'): ConversationStatus {
	if (typeof input === 'string' && (CONVERSATION_STATUSES as readonly string[]).includes(input.trim().toLowerCase())) {
		return input.trim().toLowerCase() as ConversationStatus;
	}
	throw new WhatsAppValidationError(field, `${field} must be one of ${CONVERSATION_STATUSES.join(', ')}, but it is ${JSON.stringify(input)}`);
}

/**
 * A time as ISO text. Takes what flows carry: ISO text, Meta's Unix seconds ("1717171717"),
 * milliseconds or a Date. Empty means now.
 */
export function parseTimestamp(input: unknown, now: number, field = 'Timestamp'): string {
	if (input === undefined || input === null || input === '') return new Date(now).toISOString();
	if (input instanceof Date) input = input.getTime();
	if (typeof input === 'string' && /^\d+(\.\d+)?$/.test(input.trim())) input = Number(input.trim());
	let ms: number;
	if (typeof input === 'number' && Number.isFinite(input)) {
		// Meta sends seconds; 10^11 seconds is the year 5138, so smaller numbers are seconds.
		ms = input < 1e11 ? input * 1000 : input;
	} else if (typeof input === 'string') {
		ms = Date.parse(input.trim());
	} else {
		ms = Number.NaN;
	}
	if (Number.isNaN(ms)) {
		throw new WhatsAppValidationError(field, `${field} ${JSON.stringify(input)} is not a time: use ISO text such as 2025-01-31T12:00:00Z or Unix seconds`);
	}
	return new Date(ms).toISOString();
}

type Builder<T> = (waId: string, at: string, input: T) => ContactEvent;

const event = (waId: string, kind: ContactEvent['kind'], at: string, value: Record<string, unknown> = {}, label?: string): ContactEvent => ({
	waId,
	kind,
	at,
	value,
	...(label !== undefined ? { label } : {}),
});

export const events = {
	created: ((waId, at) => event(waId, 'created', at)) as Builder<void>,
	inbound: ((waId, at, input) =>
		event(waId, 'inbound', at, {
			...(input.profileName ? { profileName: input.profileName } : {}),
			...(input.messageId ? { messageId: input.messageId } : {}),
		})) as Builder<{ profileName?: string; messageId?: string }>,
	outbound: ((waId, at, input) =>
		event(waId, 'outbound', at, {
			...(input.messageId ? { messageId: input.messageId } : {}),
			...(input.type ? { type: input.type } : {}),
		})) as Builder<{ messageId?: string; type?: string }>,
	labels: (waId: string, at: string, labels: string[], added: boolean): ContactEvent[] =>
		labels.map((label) => event(waId, added ? 'label_added' : 'label_removed', at, {}, label)),
	optIn: ((waId, at, input) => event(waId, 'opt_in', at, { source: input.source ?? null })) as Builder<{ source?: string }>,
	optOut: ((waId, at, input) => event(waId, 'opt_out', at, { keyword: input.keyword ?? null })) as Builder<{ keyword?: string }>,
	attributes: ((waId, at, attributes) => event(waId, 'attribute_set', at, { attributes })) as Builder<Record<string, AttributeValue>>,
	/** Only the keys given change: `{ agent: null }` clears the agent and keeps the team. */
	assigned: ((waId, at, input) => event(waId, 'assigned', at, { ...input })) as Builder<{ team?: string | null; agent?: string | null }>,
	status: ((waId, at, status) => event(waId, 'status_set', at, { status })) as Builder<ConversationStatus>,
	profileName: ((waId, at, name) => event(waId, 'profile_name', at, { name })) as Builder<string>,
	phone: ((waId, at, phone) => event(waId, 'phone_set', at, { phone })) as Builder<string>,
};
