/**
 * The message and conversation log: one flat row per thing that happened (a send accepted, a status,
 * a customer message, an echo, a resolution, an opt-out). Rows are only ever appended; each carries
 * a `key` that is the same for every redelivery of the same fact, so reads fold duplicates away
 * (see fold.ts) and the writer never needs a read-modify-write.
 *
 * This module turns the package's own items (the trigger's normalised events, the action node's
 * send results) into rows. It knows nothing of n8n.
 */
import { parseCampaignCallbackData } from '../campaigns/callback';

export type LogKind =
	/** The Cloud API accepted a send (HTTP 200 + wamid), from the action node's output. */
	| 'accepted'
	/** A send the Cloud API refused at once (campaign item with a Meta code, no wamid). */
	| 'sendFailed'
	| 'sent'
	| 'delivered'
	| 'read'
	| 'failed'
	/** A customer message (trigger `message`). */
	| 'inbound'
	/** A message a person sent from the WhatsApp Business app (coexistence echo): a human answer. */
	| 'echo'
	| 'resolved'
	| 'optOut'
	| 'optIn';

export const LOG_KINDS: readonly LogKind[] = ['accepted', 'sendFailed', 'sent', 'delivered', 'read', 'failed', 'inbound', 'echo', 'resolved', 'optOut', 'optIn'];

/** One log row, exactly as it is stored (every column always set, so the table has no nulls). */
export interface LogRow {
	/** Same for every redelivery of the same fact: `<wamid>|<kind>` for messages. */
	key: string;
	kind: LogKind;
	/** When it happened, Unix milliseconds (Meta's timestamp when there is one). Also the pruning column. */
	at: number;
	messageId: string;
	phoneNumberId: string;
	/** The customer's WhatsApp ID (digits). */
	customer: string;
	campaignId: string;
	templateName: string;
	agent: string;
	team: string;
	/** Pricing category from the status webhook (`marketing`, `utility`, `service` …). */
	category: string;
	/** `regular`, `free_customer_service`, `free_entry_point`, or empty. */
	pricingType: string;
	billable: boolean;
	/** Meta's error code for `failed` / `sendFailed`, else 0. */
	errorCode: number;
	errorTitle: string;
	messageType: string;
}

export const LOG_COLUMNS: ReadonlyArray<{ name: keyof LogRow; type: 'string' | 'number' | 'boolean' }> = [
	{ name: 'key', type: 'string' },
	{ name: 'kind', type: 'string' },
	{ name: 'at', type: 'number' },
	{ name: 'messageId', type: 'string' },
	{ name: 'phoneNumberId', type: 'string' },
	{ name: 'customer', type: 'string' },
	{ name: 'campaignId', type: 'string' },
	{ name: 'templateName', type: 'string' },
	{ name: 'agent', type: 'string' },
	{ name: 'team', type: 'string' },
	{ name: 'category', type: 'string' },
	{ name: 'pricingType', type: 'string' },
	{ name: 'billable', type: 'boolean' },
	{ name: 'errorCode', type: 'number' },
	{ name: 'errorTitle', type: 'string' },
	{ name: 'messageType', type: 'string' },
];

/** What the operation knows besides the item: fields set in the node, and the clock. */
export interface RowContext {
	/** Unix ms, used when the item carries no time of its own (send results). */
	now: number;
	agent?: string;
	team?: string;
	templateName?: string;
	/** Fallback business phone number ID when the item has none (campaign results). */
	phoneNumberId?: string;
}

export type RowsFromItem = { rows: LogRow[] } | { rows: []; ignored: string };

type Json = Record<string, unknown>;

function str(value: unknown): string {
	if (typeof value === 'string') return value;
	if (typeof value === 'number' && Number.isFinite(value)) return String(value);
	return '';
}

function digits(value: unknown): string {
	return str(value).replace(/\D/g, '');
}

function timeOf(value: unknown, fallback: number): number {
	if (typeof value === 'number' && Number.isFinite(value)) return value > 1e11 ? value : value * 1000;
	if (typeof value === 'string' && value.trim() !== '') {
		const trimmed = value.trim();
		const ms = /^\d+$/.test(trimmed) ? timeOf(Number(trimmed), fallback) : Date.parse(trimmed);
		if (Number.isFinite(ms)) return ms;
	}
	return fallback;
}

function row(partial: Partial<LogRow> & Pick<LogRow, 'key' | 'kind' | 'at'>): LogRow {
	return {
		messageId: '',
		phoneNumberId: '',
		customer: '',
		campaignId: '',
		templateName: '',
		agent: '',
		team: '',
		category: '',
		pricingType: '',
		billable: false,
		errorCode: 0,
		errorTitle: '',
		messageType: '',
		...partial,
	};
}

/** Whether a status's pricing says Meta charges for the message (`type` wins; `billable` is deprecated). */
export function isBillable(pricing: { type?: unknown; billable?: unknown } | undefined): boolean {
	if (!pricing) return false;
	const type = str(pricing.type).toLowerCase();
	if (type === 'regular') return true;
	if (type === 'free_customer_service' || type === 'free_entry_point') return false;
	return pricing.billable === true;
}

const STATUS_KINDS: Record<string, LogKind> = { sent: 'sent', delivered: 'delivered', read: 'read', failed: 'failed' };
const ACCEPTED_STATUSES = new Set(['accepted', 'held_for_quality_assessment', 'paused']);

/**
 * The log rows for one item, or why it has none. Understands the trigger's `status`, `message`,
 * `messageEcho` and `userPreference` events, the Message and Template send results, and the
 * Campaign → Send results.
 */
export function rowsFromItem(json: Json, context: RowContext): RowsFromItem {
	const agent = context.agent?.trim() ?? '';
	const team = context.team?.trim() ?? '';
	const templateName = context.templateName?.trim() ?? '';
	const event = str(json.event);

	if (event === 'status') {
		const wamid = str(json.messageId);
		const state = str(json.status).toLowerCase();
		const kind = STATUS_KINDS[state];
		if (!wamid) return { rows: [], ignored: 'status without a message ID' };
		if (!kind) return { rows: [], ignored: `status "${state}" is not counted` };
		const pricing = (json.pricing ?? undefined) as Json | undefined;
		const error = Array.isArray(json.errors) ? ((json.errors[0] ?? {}) as Json) : {};
		const campaign = parseCampaignCallbackData(json.bizOpaqueCallbackData);
		return {
			rows: [
				row({
					key: `${wamid}|${kind}`,
					kind,
					at: timeOf(json.timestamp, context.now),
					messageId: wamid,
					phoneNumberId: str(json.businessPhoneNumberId) || (context.phoneNumberId ?? ''),
					customer: digits(json.recipientId ?? json.waId),
					campaignId: campaign?.campaignId ?? '',
					templateName,
					agent,
					team,
					category: str(pricing?.category).toLowerCase(),
					pricingType: str(pricing?.type).toLowerCase(),
					billable: isBillable(pricing),
					errorCode: kind === 'failed' ? Number(error.code ?? 0) || 0 : 0,
					errorTitle: kind === 'failed' ? str(error.title ?? error.message).slice(0, 200) : '',
				}),
			],
		};
	}

	if (event === 'message' || event === 'messageEcho') {
		const wamid = str(json.messageId);
		if (!wamid) return { rows: [], ignored: `${event} without a message ID` };
		const echo = event === 'messageEcho';
		return {
			rows: [
				row({
					key: `${wamid}|${echo ? 'echo' : 'inbound'}`,
					kind: echo ? 'echo' : 'inbound',
					at: timeOf(json.timestamp, context.now),
					messageId: wamid,
					phoneNumberId: str(json.businessPhoneNumberId) || (context.phoneNumberId ?? ''),
					customer: digits(echo ? (json.to ?? json.waId) : json.waId),
					// An echo is a person typing in the Business app; name them when the node does not.
					agent: echo ? agent || 'WhatsApp Business app' : '',
					team: echo ? team : '',
					messageType: str(json.messageType),
				}),
			],
		};
	}

	if (event === 'userPreference') {
		const value = str(json.eventName).toLowerCase();
		if (value !== 'stop' && value !== 'resume') return { rows: [], ignored: `user preference "${value}" is not counted` };
		const kind: LogKind = value === 'stop' ? 'optOut' : 'optIn';
		return {
			rows: [
				row({
					key: `${str(json.eventId) || `userPreference:${digits(json.waId)}:${str(json.timestamp)}`}|${kind}`,
					kind,
					at: timeOf(json.timestamp, context.now),
					phoneNumberId: str(json.businessPhoneNumberId) || (context.phoneNumberId ?? ''),
					customer: digits(json.waId),
				}),
			],
		};
	}

	if (event !== '') return { rows: [], ignored: `trigger event "${event}" is not part of the message log` };
	if (json.summary === true) return { rows: [], ignored: 'campaign summary item' };

	// Campaign → Send results.
	if (typeof json.campaignId === 'string' && typeof json.recipient === 'string' && typeof json.status === 'string') {
		const customer = digits(json.recipient);
		const base = {
			at: context.now,
			phoneNumberId: str(json.phoneNumberId) || (context.phoneNumberId ?? ''),
			customer,
			campaignId: json.campaignId,
			templateName,
			agent,
			team,
			messageType: str(json.messageType) || 'template',
		};
		if (json.status === 'sent' && str(json.messageId)) {
			const wamid = str(json.messageId);
			return { rows: [row({ ...base, key: `${wamid}|accepted`, kind: 'accepted', messageId: wamid })] };
		}
		if (json.status === 'failed') {
			return {
				rows: [
					row({
						...base,
						key: `campaign:${json.campaignId}:${customer}|sendFailed`,
						kind: 'sendFailed',
						errorCode: Number(json.code ?? 0) || 0,
						errorTitle: str(json.error).slice(0, 200),
					}),
				],
			};
		}
		return { rows: [], ignored: `campaign result "${json.status}" was not sent` };
	}

	// Message and Template send results.
	const wamid = str(json.messageId);
	if (wamid && ACCEPTED_STATUSES.has(str(json.status) || 'accepted')) {
		return {
			rows: [
				row({
					key: `${wamid}|accepted`,
					kind: 'accepted',
					at: context.now,
					messageId: wamid,
					phoneNumberId: str(json.phoneNumberId) || (context.phoneNumberId ?? ''),
					customer: digits(json.waId ?? json.recipient),
					templateName,
					agent,
					team,
					messageType: templateName ? 'template' : str(json.messageType),
				}),
			],
		};
	}
	return { rows: [], ignored: 'not a trigger event or a send result of this package' };
}

/** A conversation event the node records on request (Items Are → Conversation Resolved / Opt-Out). */
export function conversationRow(
	kind: 'resolved' | 'optOut',
	input: { customer: string; phoneNumberId?: string; at?: unknown; agent?: string; team?: string },
	now: number,
): LogRow {
	const at = timeOf(input.at, now);
	const customer = digits(input.customer);
	const phoneNumberId = input.phoneNumberId?.trim() ?? '';
	return row({
		key: `${kind}:${phoneNumberId}:${customer}:${at}`,
		kind,
		at,
		customer,
		phoneNumberId,
		agent: input.agent?.trim() ?? '',
		team: input.team?.trim() ?? '',
	});
}
