/**
 * Webhook payload builders in Meta's shapes (facts §12.4-§12.8) and the signed POST delivery.
 */
/* eslint-disable @n8n/community-nodes/no-restricted-imports -- dev tool that runs in Node, not inside n8n */
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { randomBytes } from 'node:crypto';

import { TITLES } from './errors';
import { metaJson, signWebhookBody, signWebhookBodySha1, unixSeconds } from './util';

export const ERRORS_HREF = '/documentation/business-messaging/whatsapp/support/error-codes';

export interface PhoneMetadata {
	display_phone_number: string;
	phone_number_id: string;
}

export function messagesEnvelope(wabaId: string, value: Record<string, unknown>): Record<string, unknown> {
	return { object: 'whatsapp_business_account', entry: [{ id: wabaId, changes: [{ value, field: 'messages' }] }] };
}

export function fieldEnvelope(wabaId: string, field: string, value: Record<string, unknown>, timeMs: number): Record<string, unknown> {
	return { object: 'whatsapp_business_account', entry: [{ id: wabaId, time: Math.floor(timeMs / 1000), changes: [{ value, field }] }] };
}

/** `metadata.display_phone_number` is digits only in webhooks (`15550001111`). */
export function phoneMetadata(phone: { id: string; display_phone_number: string }): PhoneMetadata {
	return { display_phone_number: phone.display_phone_number.replace(/\D/g, ''), phone_number_id: phone.id };
}

export interface StatusError {
	code: number;
	title?: string;
	details: string;
}

export function statusErrorObject(e: StatusError): Record<string, unknown> {
	const title = e.title ?? TITLES[e.code] ?? 'Error';
	return { code: e.code, title, message: title, error_data: { details: e.details }, href: ERRORS_HREF };
}

export interface StatusInput {
	wamid: string;
	status: 'sent' | 'delivered' | 'read' | 'failed' | 'played';
	timestampMs: number;
	recipientId: string;
	bizOpaqueCallbackData?: string;
	pricing?: { billable: boolean; pricing_model: 'PMP'; type: string; category: string };
	conversation?: { id: string; expiration_timestamp?: string; origin: { type: string } };
	errors?: StatusError[];
}

export function statusObject(s: StatusInput): Record<string, unknown> {
	const out: Record<string, unknown> = {
		id: s.wamid,
		status: s.status,
		timestamp: unixSeconds(s.timestampMs),
		recipient_id: s.recipientId,
	};
	if (s.bizOpaqueCallbackData !== undefined) out.biz_opaque_callback_data = s.bizOpaqueCallbackData;
	if (s.conversation) out.conversation = s.conversation;
	if (s.pricing) out.pricing = s.pricing;
	if (s.errors) out.errors = s.errors.map(statusErrorObject);
	return out;
}

export function statusPayload(wabaId: string, metadata: PhoneMetadata, statuses: StatusInput[]): Record<string, unknown> {
	return messagesEnvelope(wabaId, { messaging_product: 'whatsapp', metadata, statuses: statuses.map(statusObject) });
}

export function conversationId(): string {
	return randomBytes(16).toString('hex');
}

// --- inbound ----------------------------------------------------------------------------------

export type InboundType =
	| 'text'
	| 'image'
	| 'video'
	| 'audio'
	| 'document'
	| 'sticker'
	| 'location'
	| 'contacts'
	| 'button'
	| 'interactive'
	| 'button_reply'
	| 'list_reply'
	| 'nfm_reply'
	| 'reaction'
	| 'order'
	| 'system'
	| 'unsupported'
	| 'request_welcome';

/** What a test (or the CLI) gives to `injectInbound`. Unset fields get realistic defaults. */
export interface InboundMessageInput {
	/** The customer's number (any format; digits are used as `from`/`wa_id`). */
	from: string;
	type?: InboundType;
	/** Text body; caption for image/video/document; button label for `button`; reply title for button/list replies. */
	text?: string;
	phoneNumberId?: string;
	profileName?: string;
	/** `{id}` (reply to a business message; `from` defaults to the business number), `{forwarded:true}`, `{frequently_forwarded:true}`. */
	context?: { id?: string; from?: string; forwarded?: boolean; frequently_forwarded?: boolean; referred_product?: Record<string, unknown> };
	referral?: Record<string, unknown>;
	/** Inbound wamid; generated when absent. */
	id?: string;
	timestamp?: Date | number;
	/** BSUID (`US.1349...`): adds `user_id` to the contact and `from_user_id` to the message. */
	userId?: string;
	// media
	caption?: string;
	filename?: string;
	mimeType?: string;
	voice?: boolean;
	animated?: boolean;
	/** Bytes served when the package downloads this media (placeholder bytes when absent). */
	mediaBytes?: Buffer;
	// location
	latitude?: number;
	longitude?: number;
	name?: string;
	address?: string;
	url?: string;
	// contacts
	contacts?: Array<Record<string, unknown>>;
	// button (template quick reply) and interactive replies
	payload?: string;
	replyId?: string;
	description?: string;
	/** nfm_reply: object or JSON string. `flow_token` is added when `flowToken` is given. */
	responseJson?: Record<string, unknown> | string;
	flowToken?: string;
	/** Full `interactive` object for type `interactive` (overrides the shortcuts). */
	interactive?: Record<string, unknown>;
	// reaction
	emoji?: string;
	messageId?: string;
	// order
	catalogId?: string;
	productItems?: Array<{ product_retailer_id: string; quantity: number; item_price: number; currency: string }>;
	// system / unsupported
	system?: Record<string, unknown>;
	unsupportedType?: string;
	/** Extra keys merged into the message object as-is. */
	extra?: Record<string, unknown>;
}

export interface InboundMedia {
	id: string;
	mime_type: string;
	sha256: string;
	url: string;
}

export interface InboundDeps {
	wabaId: string;
	metadata: PhoneMetadata;
	/** Stores placeholder media so the package can download it; returns the webhook fields. */
	createMedia: (kind: string, mimeType: string, bytes: Buffer | undefined) => InboundMedia;
	wamid: (waId: string) => string;
	nowMs: number;
}

const DEFAULT_MIME: Record<string, string> = {
	image: 'image/jpeg',
	video: 'video/mp4',
	audio: 'audio/ogg; codecs=opus',
	document: 'application/pdf',
	sticker: 'image/webp',
};

/** Builds Meta's exact inbound `messages` webhook (facts §12.6). */
export function buildInbound(input: InboundMessageInput, deps: InboundDeps): { payload: Record<string, unknown>; message: Record<string, unknown> } {
	const from = input.from.replace(/\D/g, '');
	const type = input.type ?? 'text';
	const ts = input.timestamp instanceof Date ? input.timestamp.getTime() : (input.timestamp ?? deps.nowMs);
	const message: Record<string, unknown> = {};
	if (input.context) {
		const c = input.context;
		if (c.forwarded || c.frequently_forwarded) {
			message.context = c.frequently_forwarded ? { frequently_forwarded: true } : { forwarded: true };
		} else {
			const ctx: Record<string, unknown> = { from: c.from ?? deps.metadata.display_phone_number, id: c.id };
			if (c.referred_product) ctx.referred_product = c.referred_product;
			message.context = ctx;
		}
	}
	message.from = from;
	if (input.userId) message.from_user_id = input.userId;
	message.id = input.id ?? deps.wamid(from);
	message.timestamp = unixSeconds(ts);
	const wireType = type === 'button_reply' || type === 'list_reply' || type === 'nfm_reply' ? 'interactive' : type;
	message.type = wireType;

	switch (type) {
		case 'text':
			message.text = { body: input.text ?? 'Hello' };
			break;
		case 'image':
		case 'video':
		case 'audio':
		case 'document':
		case 'sticker': {
			const mime = input.mimeType ?? DEFAULT_MIME[type];
			const media = deps.createMedia(type, mime, input.mediaBytes);
			const obj: Record<string, unknown> = {};
			const caption = input.caption ?? input.text;
			if (caption !== undefined && (type === 'image' || type === 'video' || type === 'document')) obj.caption = caption;
			if (type === 'document') obj.filename = input.filename ?? 'document.pdf';
			obj.mime_type = media.mime_type;
			obj.sha256 = media.sha256;
			obj.id = media.id;
			obj.url = media.url;
			if (type === 'audio') obj.voice = input.voice ?? true;
			if (type === 'sticker') obj.animated = input.animated ?? false;
			message[type] = obj;
			break;
		}
		case 'location': {
			const loc: Record<string, unknown> = { latitude: input.latitude ?? 37.4611978, longitude: input.longitude ?? -122.2164385 };
			if (input.name !== undefined) loc.name = input.name;
			if (input.address !== undefined) loc.address = input.address;
			if (input.url !== undefined) loc.url = input.url;
			message.location = loc;
			break;
		}
		case 'contacts':
			message.contacts = input.contacts ?? [
				{
					name: { first_name: 'Chandler', last_name: 'Bing', formatted_name: 'Chandler Bing' },
					phones: [{ phone: '+1 555-555-5555', wa_id: '15555555555', type: 'CELL' }],
				},
			];
			break;
		case 'button': {
			const text = input.text ?? input.payload ?? 'Confirm';
			message.button = { payload: input.payload ?? text, text };
			break;
		}
		case 'button_reply':
			message.interactive = { type: 'button_reply', button_reply: { id: input.replyId ?? input.payload ?? 'button-1', title: input.text ?? 'Yes' } };
			break;
		case 'list_reply': {
			const reply: Record<string, unknown> = { id: input.replyId ?? input.payload ?? 'row-1', title: input.text ?? 'Option 1' };
			if (input.description !== undefined) reply.description = input.description;
			message.interactive = { type: 'list_reply', list_reply: reply };
			break;
		}
		case 'nfm_reply': {
			let response = input.responseJson ?? {};
			if (typeof response !== 'string') {
				response = JSON.stringify(input.flowToken !== undefined ? { ...response, flow_token: input.flowToken } : { flow_token: 'unused', ...response });
			}
			message.interactive = { type: 'nfm_reply', nfm_reply: { name: 'flow', body: input.text ?? 'Sent', response_json: response } };
			break;
		}
		case 'interactive':
			message.interactive = input.interactive ?? { type: 'button_reply', button_reply: { id: input.replyId ?? 'button-1', title: input.text ?? 'Yes' } };
			break;
		case 'reaction': {
			const reaction: Record<string, unknown> = { message_id: input.messageId ?? input.context?.id ?? 'wamid.UNKNOWN' };
			if (input.emoji !== undefined || input.text !== undefined) reaction.emoji = input.emoji ?? input.text;
			else reaction.emoji = '\u{1F44D}';
			message.reaction = reaction;
			break;
		}
		case 'order':
			message.order = {
				catalog_id: input.catalogId ?? '354160437058781',
				text: input.text ?? '',
				product_items: input.productItems ?? [{ product_retailer_id: 'SKU-1', quantity: 1, item_price: 19.99, currency: 'USD' }],
			};
			break;
		case 'system':
			message.system = input.system ?? { body: `User A changed from ${from} to 15559876543`, wa_id: '15559876543', type: 'user_changed_number' };
			break;
		case 'unsupported':
			message.errors = [
				{ code: 131051, title: 'Message type unknown', message: 'Message type unknown', error_data: { details: 'Message type is currently not supported.' } },
			];
			message.unsupported = { type: input.unsupportedType ?? 'poll' };
			break;
		case 'request_welcome':
			break;
	}
	if (input.referral) message.referral = input.referral;
	if (input.extra) Object.assign(message, input.extra);

	const value: Record<string, unknown> = { messaging_product: 'whatsapp', metadata: deps.metadata };
	// A user_changed_number system message carries no contacts block (facts §12.6).
	if (type !== 'system') {
		const contact: Record<string, unknown> = { profile: { name: input.profileName ?? 'Sim Customer' }, wa_id: from };
		if (input.userId) contact.user_id = input.userId;
		value.contacts = [contact];
	}
	value.messages = [message];
	return { payload: messagesEnvelope(deps.wabaId, value), message };
}

// --- delivery ---------------------------------------------------------------------------------

export interface PostResult {
	status: number;
	body: string;
	error?: string;
}

/** POSTs `rawBody` with Meta's headers. `signature`: 'valid' signs with the secret, 'invalid' sends a wrong one, 'none' omits it. */
export function postWebhook(
	url: string,
	rawBody: string,
	appSecret: string,
	signature: 'valid' | 'invalid' | 'none' = 'valid',
	timeoutMs = 5000,
): Promise<PostResult> {
	return new Promise((resolve) => {
		let target: URL;
		try {
			target = new URL(url);
		} catch {
			resolve({ status: 0, body: '', error: `invalid URL ${url}` });
			return;
		}
		const headers: Record<string, string | number> = {
			'Content-Type': 'application/json',
			'Content-Length': Buffer.byteLength(rawBody),
			'User-Agent': 'facebookexternalua',
			Accept: '*/*',
		};
		if (signature === 'valid') {
			headers['X-Hub-Signature-256'] = signWebhookBody(rawBody, appSecret);
			headers['X-Hub-Signature'] = signWebhookBodySha1(rawBody, appSecret);
		} else if (signature === 'invalid') {
			headers['X-Hub-Signature-256'] = signWebhookBody(rawBody, appSecret + '-wrong');
			headers['X-Hub-Signature'] = signWebhookBodySha1(rawBody, appSecret + '-wrong');
		}
		const send = target.protocol === 'https:' ? httpsRequest : httpRequest;
		const req = send(target, { method: 'POST', headers, timeout: timeoutMs }, (res) => {
			const chunks: Buffer[] = [];
			res.on('data', (c: Buffer) => chunks.push(c));
			res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
			res.on('error', (e) => resolve({ status: res.statusCode ?? 0, body: '', error: e.message }));
		});
		req.on('timeout', () => req.destroy(new Error(`timeout after ${timeoutMs} ms`)));
		req.on('error', (e) => resolve({ status: 0, body: '', error: e.message }));
		req.end(rawBody);
	});
}

/** Meta's verification GET (facts §12.1). Resolves with an error description, or undefined on success. */
export function verifyCallback(url: string, verifyToken: string, timeoutMs = 5000): Promise<string | undefined> {
	return new Promise((resolve) => {
		let target: URL;
		try {
			target = new URL(url);
		} catch {
			resolve('curl_errno = 3; curl_error = URL using bad/illegal format or missing URL');
			return;
		}
		if (target.protocol !== 'http:' && target.protocol !== 'https:') {
			resolve('curl_errno = 1; curl_error = Unsupported protocol');
			return;
		}
		const challenge = String(1_000_000_000 + Math.floor(Math.random() * 1_000_000_000));
		target.searchParams.set('hub.mode', 'subscribe');
		target.searchParams.set('hub.challenge', challenge);
		target.searchParams.set('hub.verify_token', verifyToken);
		const send = target.protocol === 'https:' ? httpsRequest : httpRequest;
		const req = send(target, { method: 'GET', timeout: timeoutMs, headers: { 'User-Agent': 'facebookplatform/1.0 (+http://developers.facebook.com)' } }, (res) => {
			const chunks: Buffer[] = [];
			res.on('data', (c: Buffer) => chunks.push(c));
			res.on('end', () => {
				const body = Buffer.concat(chunks).toString('utf8');
				if (res.statusCode !== 200) resolve(`HTTP Status Code = ${res.statusCode}; HTTP Message = ${res.statusMessage ?? ''}`);
				else if (body !== challenge) resolve(`The URL couldn't be validated. Response does not match challenge, expected value="${challenge}", received="${body.slice(0, 100)}"`);
				else resolve(undefined);
			});
			res.on('error', (e) => resolve(`curl_errno = 56; curl_error = ${e.message}`));
		});
		req.on('timeout', () => req.destroy(new Error('Operation timed out')));
		req.on('error', (e) => resolve(`curl_errno = 7; curl_error = ${e.message}`));
		req.end();
	});
}

export function encodeWebhook(payload: unknown, escapeSlashes: boolean): string {
	return metaJson(payload, escapeSlashes);
}
