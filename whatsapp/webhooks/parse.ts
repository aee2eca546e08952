/**
 * Meta's webhook payload → normalised events. A POST may batch up to 1,000 updates across entries
 * and changes; each message, status, echo and non-message change becomes one `WebhookEvent` with a
 * stable `eventId` (the dedupe key: Meta redelivers, and retries go to every subscribed app).
 */
import { createHash } from 'node:crypto';

import { hintFor } from '../errors';
import { boundMessage, describeValue } from './bounded';
import type { EventContext, EventError, EventKind, EventMedia, WebhookEvent } from './events';
import { FIELD_KINDS } from './events';
import { identityFields } from './identity';

export class WebhookPayloadError extends Error {
	constructor(message: string) {
		super(message);
		this.name = 'WebhookPayloadError';
	}
}

type Obj = Record<string, unknown>;

function isObj(value: unknown): value is Obj {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function obj(value: unknown): Obj {
	return isObj(value) ? value : {};
}

function arr(value: unknown): unknown[] {
	return Array.isArray(value) ? value : [];
}

function str(value: unknown): string | undefined {
	if (typeof value === 'string') return value;
	if (typeof value === 'number' && Number.isFinite(value)) return String(value);
	return undefined;
}

function num(value: unknown): number | undefined {
	if (typeof value === 'number' && Number.isFinite(value)) return value;
	if (typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value))) return Number(value);
	return undefined;
}

/** Unix seconds (a string in messages and statuses, a number in `entry.time`) → ISO 8601. */
export function isoTime(value: unknown): string | undefined {
	const seconds = num(value);
	if (seconds === undefined) return undefined;
	const date = new Date(seconds * 1000);
	return Number.isNaN(date.getTime()) ? undefined : date.toISOString();
}

/** `+<digits>` for a WhatsApp ID; undefined for group IDs and anything that is not all digits. */
export function e164(waId: string | undefined): string | undefined {
	return waId && /^\d{6,15}$/.test(waId) ? `+${waId}` : undefined;
}

/** Meta's payloads nest about ten levels deep; anything below this is cut (see `boundDepth`). */
export const MAX_PAYLOAD_DEPTH = 64;

/**
 * Replaces whatever sits deeper than `maxDepth` with a short marker, without recursion. JSON.parse
 * accepts a million nested brackets, but JSON.stringify (our stable hashes, n8n's execution
 * data) overflows the stack at a few thousand, which would fail every redelivery.
 */
export function boundDepth(root: unknown, maxDepth = MAX_PAYLOAD_DEPTH): unknown {
	const stack: Array<{ container: Record<string, unknown> | unknown[]; depth: number }> = [];
	if (typeof root === 'object' && root !== null) stack.push({ container: root as Record<string, unknown>, depth: 1 });
	while (stack.length > 0) {
		const { container, depth } = stack.pop()!;
		const keys = Array.isArray(container) ? container.keys() : Object.keys(container);
		for (const key of keys) {
			const child = (container as Record<string | number, unknown>)[key];
			if (typeof child !== 'object' || child === null) continue;
			if (depth >= maxDepth) (container as Record<string | number, unknown>)[key] = `[cut: nested deeper than ${maxDepth} levels]`;
			else stack.push({ container: child as Record<string, unknown>, depth: depth + 1 });
		}
	}
	return root;
}

/** Parses the raw body. Throws WebhookPayloadError for bytes that are not JSON. */
export function parseWebhookBody(rawBody: Buffer | string): unknown {
	const text = typeof rawBody === 'string' ? rawBody : rawBody.toString('utf8');
	let problem: string | undefined;
	try {
		return JSON.parse(text);
	} catch (error) {
		problem = (error as Error).message;
	}
	throw new WebhookPayloadError(`The body is not valid JSON: ${boundMessage(problem ?? '', 120)}`);
}

function eventErrors(value: unknown): EventError[] | undefined {
	const list = arr(value).filter(isObj);
	if (list.length === 0) return undefined;
	return list.map((error) => {
		const code = num(error.code) ?? 0;
		return {
			code,
			title: str(error.title),
			message: str(error.message),
			details: str(obj(error.error_data).details),
			href: str(error.href),
			hint: hintFor(code),
		};
	});
}

function stableHash(parts: unknown[]): string {
	return createHash('sha256').update(JSON.stringify(parts)).digest('hex').slice(0, 40);
}

interface ChangeScope {
	field: string;
	entryId: string;
	entryTime?: number;
	businessPhoneNumberId?: string;
	businessDisplayPhoneNumber?: string;
}

function base(scope: ChangeScope, eventId: string, event: EventKind, value: unknown, timestamp?: string): WebhookEvent {
	return {
		eventId,
		event,
		field: scope.field,
		businessAccountId: scope.entryId,
		businessPhoneNumberId: scope.businessPhoneNumberId,
		businessDisplayPhoneNumber: scope.businessDisplayPhoneNumber,
		timestamp: timestamp ?? isoTime(scope.entryTime),
		raw: { field: scope.field, entryId: scope.entryId, ...(scope.entryTime !== undefined ? { entryTime: scope.entryTime } : {}), value },
	};
}

function mediaOf(message: Obj, type: string): EventMedia | undefined {
	if (!['image', 'video', 'audio', 'document', 'sticker'].includes(type)) return undefined;
	const media = obj(message[type]);
	const result: EventMedia = {
		id: str(media.id),
		mimeType: str(media.mime_type),
		sha256: str(media.sha256),
		filename: str(media.filename),
		url: str(media.url),
		caption: str(media.caption),
	};
	if (typeof media.voice === 'boolean') result.voice = media.voice;
	if (typeof media.animated === 'boolean') result.animated = media.animated;
	return result;
}

function contextOf(message: Obj): EventContext | undefined {
	if (!isObj(message.context)) return undefined;
	const context = message.context;
	const product = isObj(context.referred_product) ? context.referred_product : undefined;
	return {
		messageId: str(context.id),
		from: str(context.from),
		forwarded: context.forwarded === true || context.frequently_forwarded === true,
		frequentlyForwarded: context.frequently_forwarded === true,
		...(product ? { referredProduct: { catalogId: str(product.catalog_id), productRetailerId: str(product.product_retailer_id) } } : {}),
	};
}

function parseFlowResponse(json: unknown): { flowResponse?: unknown; flowToken?: string } {
	if (typeof json !== 'string') return {};
	try {
		const parsed = JSON.parse(json) as unknown;
		return { flowResponse: parsed, flowToken: str(obj(parsed).flow_token) };
	} catch {
		return { flowResponse: json };
	}
}

/** The fields of one message object (inbound, echoed, or nested in an edit). */
function messageFields(message: Obj): Partial<WebhookEvent> {
	const type = str(message.type) ?? 'unknown';
	const fields: Partial<WebhookEvent> = { messageId: str(message.id), messageType: type };
	const media = mediaOf(message, type);
	if (media) {
		fields.media = media;
		fields.text = media.caption;
	}
	switch (type) {
		case 'text':
			fields.text = str(obj(message.text).body);
			break;
		case 'button': {
			const button = obj(message.button);
			fields.text = str(button.text);
			fields.replyId = str(button.payload);
			break;
		}
		case 'interactive': {
			const interactive = obj(message.interactive);
			const kind = str(interactive.type);
			const reply = obj(interactive[kind ?? '']);
			fields.interactive = { type: kind };
			if (kind === 'nfm_reply') {
				fields.text = str(reply.body);
				// `name` says which kind of Flow answered (`flow`, `address_message` …).
				if (reply.name !== undefined) fields.interactive.name = str(reply.name);
				Object.assign(fields.interactive, parseFlowResponse(reply.response_json));
			} else {
				fields.text = str(reply.title);
				fields.replyId = str(reply.id);
				if (reply.description !== undefined) fields.interactive.description = str(reply.description);
			}
			break;
		}
		case 'reaction': {
			const reaction = obj(message.reaction);
			fields.reaction = { messageId: str(reaction.message_id), emoji: str(reaction.emoji) ?? '' };
			fields.text = fields.reaction.emoji;
			break;
		}
		case 'location': {
			const location = obj(message.location);
			fields.location = {
				latitude: num(location.latitude),
				longitude: num(location.longitude),
				name: str(location.name),
				address: str(location.address),
				url: str(location.url),
			};
			break;
		}
		case 'contacts':
			fields.contacts = arr(message.contacts);
			break;
		case 'order': {
			const order = obj(message.order);
			fields.order = order;
			fields.text = str(order.text) || undefined;
			break;
		}
		case 'system': {
			const system = obj(message.system);
			fields.system = system;
			fields.text = str(system.body);
			break;
		}
		case 'edit': {
			const edit = obj(message.edit);
			fields.originalMessageId = str(edit.original_message_id);
			const nested = messageFields(obj(edit.message));
			fields.text = nested.text;
			break;
		}
		case 'unsupported':
			// What WhatsApp could not pass on, such as `edit` or `poll`; the reason is in `errors`.
			fields.unsupportedType = str(obj(message.unsupported).type);
			break;
		case 'revoke':
			fields.originalMessageId = str(obj(message.revoke).original_message_id);
			break;
		default:
			break;
	}
	const context = contextOf(message);
	if (context) fields.context = context;
	if (isObj(message.referral)) fields.referral = message.referral;
	const errors = eventErrors(message.errors);
	if (errors) fields.errors = errors;
	return fields;
}

function contactFor(contacts: Obj[], waId: string | undefined, userId: string | undefined): Obj | undefined {
	return (
		contacts.find((contact) => (waId && contact.wa_id === waId) || (userId && contact.user_id === userId)) ??
		(contacts.length === 1 ? contacts[0] : undefined)
	);
}

function parseMessagesChange(scope: ChangeScope, value: Obj, events: WebhookEvent[]): void {
	const contacts = arr(value.contacts).filter(isObj);
	const envelope = { messaging_product: value.messaging_product, metadata: value.metadata };
	let produced = 0;

	for (const message of arr(value.messages).filter(isObj)) {
		const from = str(message.from);
		const userId = str(message.from_user_id);
		const contact = contactFor(contacts, from, userId);
		const id = str(message.id) ?? `message:${stableHash([scope.entryId, message])}`;
		const event = base(
			scope,
			id,
			'message',
			{ ...envelope, ...(contact ? { contacts: [contact] } : {}), messages: [message] },
			isoTime(message.timestamp),
		);
		Object.assign(event, messageFields(message));
		event.waId = from ?? str(contact?.wa_id);
		event.phone = e164(event.waId);
		event.profileName = str(obj(contact?.profile).name);
		event.username = str(obj(contact?.profile).username);
		event.userId = userId ?? str(contact?.user_id);
		events.push(event);
		produced++;
	}

	for (const status of arr(value.statuses).filter(isObj)) {
		const wamid = str(status.id) ?? '';
		const state = str(status.status) ?? 'unknown';
		const event = base(scope, `status:${wamid}:${state}`, 'status', { ...envelope, statuses: [status] }, isoTime(status.timestamp));
		const recipient = str(status.recipient_id);
		const pricing = obj(status.pricing);
		const conversation = isObj(status.conversation) ? status.conversation : undefined;
		const recipientUserId = str(status.recipient_user_id);
		const contact = contactFor(contacts, recipient, recipientUserId);
		Object.assign(event, {
			messageId: wamid,
			status: state,
			recipientId: recipient,
			recipientUserId,
			waId: status.recipient_type === 'group' ? undefined : recipient,
			recipientPhone: status.recipient_type === 'group' ? undefined : e164(recipient),
			phone: status.recipient_type === 'group' ? undefined : e164(recipient),
			profileName: str(obj(contact?.profile).name),
			bizOpaqueCallbackData: str(status.biz_opaque_callback_data),
			errors: eventErrors(status.errors),
		});
		if (isObj(status.pricing)) {
			event.pricing = {
				billable: typeof pricing.billable === 'boolean' ? pricing.billable : undefined,
				category: str(pricing.category),
				type: str(pricing.type),
				model: str(pricing.pricing_model),
			};
		}
		if (conversation) {
			event.conversation = {
				id: str(conversation.id),
				originType: str(obj(conversation.origin).type),
				expiresAt: isoTime(conversation.expiration_timestamp),
			};
		}
		events.push(event);
		produced++;
	}

	if (produced === 0) {
		const errors = eventErrors(value.errors);
		const kind: EventKind = errors ? 'error' : 'other';
		const event = base(scope, `${kind}:${stableHash([scope.field, scope.entryId, scope.entryTime, value])}`, kind, value);
		if (errors) event.errors = errors;
		event.details = value;
		events.push(event);
	}
}

function parseEchoesChange(scope: ChangeScope, value: Obj, events: WebhookEvent[]): void {
	const envelope = { messaging_product: value.messaging_product, metadata: value.metadata };
	for (const echo of arr(value.message_echoes).filter(isObj)) {
		const id = str(echo.id) ?? stableHash([scope.entryId, echo]);
		const event = base(scope, `echo:${id}`, 'messageEcho', { ...envelope, message_echoes: [echo] }, isoTime(echo.timestamp));
		Object.assign(event, messageFields(echo));
		event.to = str(echo.to);
		event.waId = event.to;
		event.phone = e164(event.to);
		events.push(event);
	}
}

function parseUserPreferences(scope: ChangeScope, value: Obj, events: WebhookEvent[]): void {
	const contacts = arr(value.contacts).filter(isObj);
	const envelope = { messaging_product: value.messaging_product, metadata: value.metadata };
	for (const preference of arr(value.user_preferences).filter(isObj)) {
		const waId = str(preference.wa_id);
		const contact = contactFor(contacts, waId, undefined);
		const eventId = `userPreference:${waId ?? ''}:${str(preference.category) ?? ''}:${str(preference.value) ?? ''}:${str(preference.timestamp) ?? ''}`;
		const event = base(
			scope,
			eventId,
			'userPreference',
			{ ...envelope, ...(contact ? { contacts: [contact] } : {}), user_preferences: [preference] },
			isoTime(preference.timestamp),
		);
		event.waId = waId;
		event.phone = e164(waId);
		event.profileName = str(obj(contact?.profile).name);
		event.eventName = str(preference.value);
		event.details = preference;
		events.push(event);
	}
}

/** The `event`-like value that names what happened in a non-message change. */
function eventNameOf(value: Obj): string | undefined {
	return (
		str(value.event) ??
		str(value.decision) ??
		str(obj(value.alert_info).alert_type) ??
		str(value.new_category) ??
		str(value.new_quality_score)
	);
}

function parseOtherChange(scope: ChangeScope, value: unknown, events: WebhookEvent[]): void {
	const kind = FIELD_KINDS[scope.field] ?? 'other';
	const details = obj(value);
	const event = base(scope, `${kind}:${stableHash([scope.field, scope.entryId, scope.entryTime, value])}`, kind, value);
	event.eventName = eventNameOf(details);
	event.details = details;
	event.businessDisplayPhoneNumber ??= str(details.display_phone_number);
	for (const [key, field] of Object.entries(identityFields(kind, details, scope.entryTime))) {
		if (field !== undefined) (event as unknown as Record<string, unknown>)[key] ??= field;
	}
	const errors = eventErrors(details.errors);
	if (errors) event.errors = errors;
	events.push(event);
}

/**
 * Every event in a notification, in Meta's order. Throws WebhookPayloadError when the body is not a
 * WhatsApp Business Account notification at all.
 */
export function parseWebhook(body: unknown): WebhookEvent[] {
	boundDepth(body);
	if (!isObj(body) || !Array.isArray(body.entry)) {
		throw new WebhookPayloadError('The body is not a WhatsApp webhook notification: it has no "entry" list');
	}
	if (body.object !== undefined && body.object !== 'whatsapp_business_account') {
		throw new WebhookPayloadError(`The notification is for ${describeValue(body.object)}, not "whatsapp_business_account"`);
	}
	const events: WebhookEvent[] = [];
	for (const entry of body.entry.filter(isObj)) {
		const entryId = str(entry.id) ?? '';
		const entryTime = num(entry.time);
		for (const change of arr(entry.changes).filter(isObj)) {
			const field = str(change.field) ?? 'unknown';
			const value = change.value;
			const metadata = obj(obj(value).metadata);
			const scope: ChangeScope = {
				field,
				entryId,
				entryTime,
				businessPhoneNumberId: str(metadata.phone_number_id),
				businessDisplayPhoneNumber: str(metadata.display_phone_number),
			};
			if (field === 'messages' && isObj(value)) parseMessagesChange(scope, value, events);
			else if ((field === 'smb_message_echoes' || field === 'message_echoes') && isObj(value)) parseEchoesChange(scope, value, events);
			else if (field === 'user_preferences' && isObj(value)) parseUserPreferences(scope, value, events);
			else parseOtherChange(scope, value, events);
		}
	}
	return events.map(withoutUndefined);
}

/** Drops keys whose value is undefined, so items show only what Meta sent. */
function withoutUndefined<T extends object>(event: T): T {
	for (const key of Object.keys(event) as Array<keyof T>) {
		if (event[key] === undefined) delete event[key];
	}
	return event;
}
