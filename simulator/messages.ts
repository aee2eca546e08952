/**
 * Validation of `POST /{phone-number-id}/messages` bodies (facts §2, limits §13.4).
 *
 * Error style used (see README "Decisions"):
 * - schema problems (missing nested field, wrong JSON type, enum, length): code 100,
 *   `(#100) Param text['body'] must be at most 4096 characters long.` / `(#100) The parameter text['body'] is required.`
 * - the object named by `type` missing: 131008 "Required parameter is missing";
 * - semantic problems (button counts, duplicate ids, id+link together, reaction rules): 131009
 *   "Parameter value is not valid" with Meta-like `error_data.details`.
 */
import { invalidValue, missingParam, param100 } from './errors';
import type { StoredTemplate, TemplateSendResult } from './templates';
import { validateTemplateSend } from './templates';
import { charLength, digitsOnly, isRecord } from './util';

export const MESSAGE_TYPES = ['text', 'image', 'video', 'audio', 'document', 'sticker', 'location', 'contacts', 'interactive', 'template', 'reaction'] as const;
export type MessageType = (typeof MESSAGE_TYPES)[number];

export interface SendRequest {
	kind: 'send';
	to: string;
	waId: string;
	type: MessageType;
	body: Record<string, unknown>;
	template?: TemplateSendResult;
	/** Media ids the simulator does not know: delivery fails asynchronously with 131053. */
	unknownMedia: string[];
	bizOpaqueCallbackData?: string;
	contextMessageId?: string;
}

export interface ReadRequest {
	kind: 'read';
	messageId: string;
	typingIndicator: boolean;
}

export interface ValidationContext {
	templates: StoredTemplate[];
	mediaExists: (id: string) => boolean;
}

type Obj = Record<string, unknown>;

// --- small checkers ---------------------------------------------------------------------------

function requireObject(parent: Obj, key: string, path: string): Obj {
	const value = parent[key];
	if (value === undefined || value === null) throw param100(`The parameter ${path} is required.`);
	if (!isRecord(value)) throw param100(`Param ${path} must be a JSON object.`);
	return value;
}

function optionalString(parent: Obj, key: string, path: string, max?: number, min = 0): string | undefined {
	const value = parent[key];
	if (value === undefined || value === null) return undefined;
	if (typeof value !== 'string') throw param100(`Param ${path} must be a string.`);
	if (max !== undefined && charLength(value) > max) throw param100(`Param ${path} must be at most ${max} characters long.`);
	if (charLength(value) < min) throw param100(`Param ${path} must be at least ${min} characters long.`);
	return value;
}

function requireString(parent: Obj, key: string, path: string, max?: number, min = 1): string {
	const value = optionalString(parent, key, path, max, 0);
	if (value === undefined) throw param100(`The parameter ${path} is required.`);
	if (charLength(value) < min) throw param100(`Param ${path} must be at least ${min} characters long.`);
	return value;
}

function optionalBoolean(parent: Obj, key: string, path: string): void {
	const value = parent[key];
	if (value !== undefined && typeof value !== 'boolean') throw param100(`Param ${path} must be a boolean.`);
}

function enumValue(value: unknown, allowed: string[], path: string): string {
	if (typeof value !== 'string' || !allowed.includes(value)) {
		throw param100(`Param ${path} must be one of {${allowed.map((a) => a.toUpperCase()).join(', ')}} - got "${String(value)}".`);
	}
	return value;
}

function requireArray(parent: Obj, key: string, path: string): unknown[] {
	const value = parent[key];
	if (value === undefined || value === null) throw param100(`The parameter ${path} is required.`);
	if (!Array.isArray(value)) throw param100(`Param ${path} must be an array.`);
	return value;
}

const isHttpUrl = (value: string): boolean => /^https?:\/\/[^\s/$.?#][^\s]*$/i.test(value);

/** Media object by id or link (facts §2.3). */
function checkMedia(media: Obj, path: string, allowed: string[], ctx: ValidationContext, unknownMedia: string[]): void {
	for (const key of Object.keys(media)) {
		if (!allowed.includes(key)) throw param100(`Param ${path}['${key}'] is not a valid parameter.`);
	}
	const id = optionalString(media, 'id', `${path}['id']`);
	const link = optionalString(media, 'link', `${path}['link']`);
	if (!id && !link) throw param100(`The parameter ${path}['id'] or ${path}['link'] is required.`);
	if (id && link) throw invalidValue(`${path}: provide exactly one of 'id' or 'link', not both.`);
	if (link && !isHttpUrl(link)) throw param100(`Param ${path}['link'] must be a valid URL.`);
	if (id && !/^\d+$/.test(id)) throw invalidValue(`${path}['id']: '${id}' is not a valid media id.`);
	if (id && !ctx.mediaExists(id)) unknownMedia.push(id);
	if (allowed.includes('caption')) optionalString(media, 'caption', `${path}['caption']`, 1024);
	if (allowed.includes('filename')) optionalString(media, 'filename', `${path}['filename']`, 240);
	if (allowed.includes('voice')) optionalBoolean(media, 'voice', `${path}['voice']`);
}

const MEDIA_FIELDS: Record<string, string[]> = {
	image: ['id', 'link', 'caption'],
	video: ['id', 'link', 'caption'],
	document: ['id', 'link', 'caption', 'filename'],
	audio: ['id', 'link', 'voice'],
	sticker: ['id', 'link'],
};

function checkCoordinate(value: unknown, path: string, limit: number): void {
	if (value === undefined || value === null || value === '') throw param100(`The parameter ${path} is required.`);
	const n = typeof value === 'number' ? value : typeof value === 'string' && value.trim() !== '' ? Number(value) : NaN;
	if (!Number.isFinite(n)) throw param100(`Param ${path} must be a number.`);
	if (Math.abs(n) > limit) throw invalidValue(`${path}: ${n} is out of range (-${limit} to ${limit}).`);
}

function checkContacts(value: unknown): void {
	if (!Array.isArray(value) || value.length === 0) throw missingParam('The parameter contacts is required and must contain at least one contact.');
	value.forEach((contact, i) => {
		const path = `contacts[${i}]`;
		if (!isRecord(contact)) throw param100(`Param ${path} must be a JSON object.`);
		const name = requireObject(contact, 'name', `${path}['name']`);
		requireString(name, 'formatted_name', `${path}['name']['formatted_name']`);
		for (const part of ['first_name', 'last_name', 'middle_name', 'suffix', 'prefix']) optionalString(name, part, `${path}['name']['${part}']`);
		const birthday = optionalString(contact, 'birthday', `${path}['birthday']`);
		if (birthday !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(birthday)) throw param100(`Param ${path}['birthday'] must be in YYYY-MM-DD format.`);
		const lists: Array<[string, string[]]> = [
			['phones', ['CELL', 'MAIN', 'IPHONE', 'HOME', 'WORK']],
			['emails', ['HOME', 'WORK']],
			['addresses', ['HOME', 'WORK']],
			['urls', ['HOME', 'WORK']],
		];
		for (const [key, types] of lists) {
			const items = contact[key];
			if (items === undefined) continue;
			if (!Array.isArray(items)) throw param100(`Param ${path}['${key}'] must be an array.`);
			items.forEach((item, j) => {
				const itemPath = `${path}['${key}'][${j}]`;
				if (!isRecord(item)) throw param100(`Param ${itemPath} must be a JSON object.`);
				if (item.type !== undefined) enumValue(item.type, types, `${itemPath}['type']`);
				for (const [k, v] of Object.entries(item)) if (typeof v !== 'string') throw param100(`Param ${itemPath}['${k}'] must be a string.`);
			});
		}
		if (contact.org !== undefined && !isRecord(contact.org)) throw param100(`Param ${path}['org'] must be a JSON object.`);
	});
}

const segmenter = new Intl.Segmenter('en', { granularity: 'grapheme' });

function checkReaction(reaction: Obj, hasContext: boolean): void {
	requireString(reaction, 'message_id', "reaction['message_id']");
	const emoji = reaction.emoji;
	if (emoji === undefined || emoji === null) throw param100("The parameter reaction['emoji'] is required.");
	if (typeof emoji !== 'string') throw param100("Param reaction['emoji'] must be a string.");
	if (emoji !== '') {
		const graphemes = Array.from(segmenter.segment(emoji));
		if (graphemes.length !== 1 || !/\p{Extended_Pictographic}|\p{Regional_Indicator}/u.test(emoji)) {
			throw invalidValue(`Invalid emoji: reaction['emoji'] must be exactly one emoji (or "" to remove a reaction), got "${emoji}".`);
		}
	}
	if (hasContext) throw invalidValue('A reaction cannot be sent as a contextual reply; remove context.');
}

// --- interactive (facts §2.6) -----------------------------------------------------------------

function checkInteractiveHeader(interactive: Obj, allowed: string[], ctx: ValidationContext, unknownMedia: string[]): void {
	const header = interactive.header;
	if (header === undefined) return;
	if (!isRecord(header)) throw param100("Param interactive['header'] must be a JSON object.");
	const type = enumValue(header.type, allowed, "interactive['header']['type']");
	if (type === 'text') {
		requireString(header, 'text', "interactive['header']['text']", 60);
		return;
	}
	const media = requireObject(header, type, `interactive['header']['${type}']`);
	if (media.caption !== undefined) throw invalidValue(`interactive['header']['${type}']: media headers cannot have a caption.`);
	checkMedia(media, `interactive['header']['${type}']`, type === 'document' ? ['id', 'link', 'filename'] : ['id', 'link'], ctx, unknownMedia);
}

function checkBodyFooter(interactive: Obj, bodyRequired: boolean, bodyMax: number): void {
	const body = interactive.body;
	if (body === undefined) {
		if (bodyRequired) throw param100("The parameter interactive['body'] is required.");
	} else {
		if (!isRecord(body)) throw param100("Param interactive['body'] must be a JSON object.");
		requireString(body, 'text', "interactive['body']['text']", bodyMax);
	}
	const footer = interactive.footer;
	if (footer !== undefined) {
		if (!isRecord(footer)) throw param100("Param interactive['footer'] must be a JSON object.");
		requireString(footer, 'text', "interactive['footer']['text']", 60);
	}
}

function checkInteractive(interactive: Obj, ctx: ValidationContext, unknownMedia: string[]): void {
	const type = enumValue(
		interactive.type,
		['button', 'list', 'cta_url', 'flow', 'location_request_message', 'product', 'product_list', 'catalog_message', 'address_message', 'call_permission_request'],
		"interactive['type']",
	);
	const action = requireObject(interactive, 'action', "interactive['action']");
	switch (type) {
		case 'button': {
			checkInteractiveHeader(interactive, ['text', 'image', 'video', 'document'], ctx, unknownMedia);
			checkBodyFooter(interactive, true, 1024);
			const buttons = requireArray(action, 'buttons', "interactive['action']['buttons']");
			if (buttons.length < 1 || buttons.length > 3) throw invalidValue('Invalid buttons count. Min allowed buttons: 1, Max allowed buttons: 3');
			const ids = new Set<string>();
			const titles = new Set<string>();
			buttons.forEach((b, i) => {
				const path = `interactive['action']['buttons'][${i}]`;
				if (!isRecord(b)) throw param100(`Param ${path} must be a JSON object.`);
				enumValue(b.type, ['reply'], `${path}['type']`);
				const reply = requireObject(b, 'reply', `${path}['reply']`);
				const id = requireString(reply, 'id', `${path}['reply']['id']`, 256);
				const title = optionalString(reply, 'title', `${path}['reply']['title']`);
				if (title === undefined || title.trim() === '') throw param100(`The parameter ${path}['reply']['title'] is required.`);
				if (charLength(title) > 20) throw invalidValue(`Button title length invalid. Min allowed length: 1, Max allowed length: 20 (button ${i}: "${title}")`);
				if (id !== id.trim()) throw invalidValue(`${path}['reply']['id'] cannot have leading or trailing spaces.`);
				if (ids.has(id)) throw invalidValue(`Duplicate button id "${id}": button ids must be unique.`);
				if (titles.has(title)) throw invalidValue(`Duplicate button title "${title}": button titles must be unique.`);
				ids.add(id);
				titles.add(title);
			});
			break;
		}
		case 'list': {
			checkInteractiveHeader(interactive, ['text'], ctx, unknownMedia);
			checkBodyFooter(interactive, true, 4096);
			requireString(action, 'button', "interactive['action']['button']", 20);
			const sections = requireArray(action, 'sections', "interactive['action']['sections']");
			if (sections.length < 1 || sections.length > 10) throw invalidValue('Invalid sections count. Min allowed sections: 1, Max allowed sections: 10');
			let rows = 0;
			const rowIds = new Set<string>();
			sections.forEach((s, i) => {
				const path = `interactive['action']['sections'][${i}]`;
				if (!isRecord(s)) throw param100(`Param ${path} must be a JSON object.`);
				const title = optionalString(s, 'title', `${path}['title']`, 24);
				if (sections.length > 1 && !title) throw param100(`The parameter ${path}['title'] is required when there is more than one section.`);
				const sectionRows = requireArray(s, 'rows', `${path}['rows']`);
				if (sectionRows.length === 0) throw invalidValue(`${path}['rows'] must contain at least one row.`);
				sectionRows.forEach((r, j) => {
					const rowPath = `${path}['rows'][${j}]`;
					if (!isRecord(r)) throw param100(`Param ${rowPath} must be a JSON object.`);
					const id = requireString(r, 'id', `${rowPath}['id']`, 200);
					requireString(r, 'title', `${rowPath}['title']`, 24);
					optionalString(r, 'description', `${rowPath}['description']`, 72);
					if (rowIds.has(id)) throw invalidValue(`Duplicate row id "${id}": row ids must be unique.`);
					rowIds.add(id);
					rows++;
				});
			});
			if (rows > 10) throw invalidValue(`Invalid rows count. Min allowed rows: 1, Max allowed rows: 10 (got ${rows})`);
			break;
		}
		case 'cta_url': {
			checkInteractiveHeader(interactive, ['text', 'image', 'video', 'document'], ctx, unknownMedia);
			checkBodyFooter(interactive, true, 1024);
			enumValue(action.name, ['cta_url'], "interactive['action']['name']");
			const parameters = requireObject(action, 'parameters', "interactive['action']['parameters']");
			requireString(parameters, 'display_text', "interactive['action']['parameters']['display_text']", 20);
			const url = requireString(parameters, 'url', "interactive['action']['parameters']['url']", 2000);
			if (!isHttpUrl(url)) throw param100("Param interactive['action']['parameters']['url'] must be a valid URL.");
			break;
		}
		case 'flow': {
			checkInteractiveHeader(interactive, ['text', 'image', 'video', 'document'], ctx, unknownMedia);
			checkBodyFooter(interactive, true, 1024);
			enumValue(action.name, ['flow'], "interactive['action']['name']");
			const p = requireObject(action, 'parameters', "interactive['action']['parameters']");
			const base = "interactive['action']['parameters']";
			const version = p.flow_message_version;
			if (version === undefined) throw param100(`The parameter ${base}['flow_message_version'] is required.`);
			if (String(version) !== '3') throw invalidValue(`${base}['flow_message_version'] must be "3".`);
			if (!p.flow_id && !p.flow_name) throw param100(`The parameter ${base}['flow_id'] or ${base}['flow_name'] is required.`);
			if (p.flow_id && p.flow_name) throw invalidValue(`${base}: provide only one of flow_id or flow_name.`);
			optionalString(p, 'flow_token', `${base}['flow_token']`);
			const cta = requireString(p, 'flow_cta', `${base}['flow_cta']`, 30);
			if (/\p{Extended_Pictographic}/u.test(cta)) throw invalidValue(`${base}['flow_cta'] cannot contain emoji.`);
			if (p.mode !== undefined) enumValue(p.mode, ['draft', 'published'], `${base}['mode']`);
			const flowAction = p.flow_action === undefined ? 'navigate' : enumValue(p.flow_action, ['navigate', 'data_exchange'], `${base}['flow_action']`);
			const payload = p.flow_action_payload;
			if (payload !== undefined) {
				if (!isRecord(payload)) throw param100(`Param ${base}['flow_action_payload'] must be a JSON object.`);
				if (flowAction === 'navigate') requireString(payload, 'screen', `${base}['flow_action_payload']['screen']`);
				if (payload.data !== undefined && (!isRecord(payload.data) || Object.keys(payload.data).length === 0)) {
					throw invalidValue(`${base}['flow_action_payload']['data'] must be a non-empty object.`);
				}
			}
			break;
		}
		case 'location_request_message': {
			if (interactive.header !== undefined) throw invalidValue('location_request_message cannot have a header.');
			if (interactive.footer !== undefined) throw invalidValue('location_request_message cannot have a footer.');
			checkBodyFooter(interactive, true, 1024);
			enumValue(action.name, ['send_location'], "interactive['action']['name']");
			break;
		}
		case 'product': {
			if (interactive.header !== undefined) throw invalidValue('Single-product messages cannot have a header.');
			checkBodyFooter(interactive, false, 1024);
			requireString(action, 'catalog_id', "interactive['action']['catalog_id']");
			requireString(action, 'product_retailer_id', "interactive['action']['product_retailer_id']");
			break;
		}
		case 'product_list': {
			if (interactive.header === undefined) throw param100("The parameter interactive['header'] is required.");
			checkInteractiveHeader(interactive, ['text'], ctx, unknownMedia);
			checkBodyFooter(interactive, true, 1024);
			requireString(action, 'catalog_id', "interactive['action']['catalog_id']");
			const sections = requireArray(action, 'sections', "interactive['action']['sections']");
			if (sections.length < 1 || sections.length > 10) throw invalidValue('Invalid sections count. Min allowed sections: 1, Max allowed sections: 10');
			let products = 0;
			sections.forEach((s, i) => {
				const path = `interactive['action']['sections'][${i}]`;
				if (!isRecord(s)) throw param100(`Param ${path} must be a JSON object.`);
				const title = optionalString(s, 'title', `${path}['title']`, 24);
				if (sections.length > 1 && !title) throw param100(`The parameter ${path}['title'] is required when there is more than one section.`);
				const items = requireArray(s, 'product_items', `${path}['product_items']`);
				if (items.length === 0) throw invalidValue(`${path}['product_items'] must contain at least one product.`);
				items.forEach((item, j) => {
					if (!isRecord(item)) throw param100(`Param ${path}['product_items'][${j}] must be a JSON object.`);
					requireString(item, 'product_retailer_id', `${path}['product_items'][${j}]['product_retailer_id']`);
					products++;
				});
			});
			if (products > 30) throw invalidValue(`Invalid products count. Max allowed products: 30 (got ${products})`);
			break;
		}
		case 'catalog_message': {
			if (interactive.header !== undefined) throw invalidValue('Catalog messages cannot have a header.');
			checkBodyFooter(interactive, true, 1024);
			enumValue(action.name, ['catalog_message'], "interactive['action']['name']");
			if (action.parameters !== undefined) {
				if (!isRecord(action.parameters)) throw param100("Param interactive['action']['parameters'] must be a JSON object.");
				optionalString(action.parameters, 'thumbnail_product_retailer_id', "interactive['action']['parameters']['thumbnail_product_retailer_id']");
			}
			break;
		}
		default:
			// address_message / call_permission_request: India-only / calling, accepted without deep checks.
			break;
	}
}

// --- entry point ------------------------------------------------------------------------------

export function validateMessageRequest(raw: unknown, ctx: ValidationContext): SendRequest | ReadRequest {
	if (!isRecord(raw)) throw param100('The parameter messaging_product is required.');
	const body = raw;
	if (body.messaging_product === undefined) throw param100('The parameter messaging_product is required.');
	if (body.messaging_product !== 'whatsapp') {
		throw param100(`Param messaging_product must be one of {WHATSAPP} - got "${String(body.messaging_product)}".`);
	}

	// Mark as read / typing indicator (facts §2.8).
	if (body.status !== undefined) {
		if (body.status !== 'read') throw param100(`Param status must be one of {READ} - got "${String(body.status)}".`);
		const messageId = requireString(body, 'message_id', 'message_id');
		if (!messageId.startsWith('wamid.')) throw invalidValue(`message_id '${messageId}' is not a valid WhatsApp message id.`);
		let typing = false;
		if (body.typing_indicator !== undefined) {
			if (!isRecord(body.typing_indicator)) throw param100('Param typing_indicator must be a JSON object.');
			enumValue(body.typing_indicator.type, ['text'], "typing_indicator['type']");
			typing = true;
		}
		return { kind: 'read', messageId, typingIndicator: typing };
	}

	if (body.recipient_type !== undefined) {
		const rt = enumValue(body.recipient_type, ['individual', 'group'], 'recipient_type');
		if (rt === 'group') throw invalidValue('recipient_type "group" (Groups API) is not emulated by the simulator.');
	}
	const to = requireString(body, 'to', 'to');
	const waId = digitsOnly(to);
	if (!/^\+?[\d\s\-().]+$/.test(to.trim()) || waId.length < 7 || waId.length > 15) {
		throw invalidValue(`Invalid WhatsApp phone number: '${to}'. Recipient phone number must be a valid phone number in international format.`);
	}
	const type = (body.type === undefined ? 'text' : body.type) as MessageType;
	if (!MESSAGE_TYPES.includes(type)) {
		throw param100(`Param type must be one of {${MESSAGE_TYPES.map((t) => t.toUpperCase()).join(', ')}} - got "${String(body.type)}".`);
	}
	const bizOpaque = optionalString(body, 'biz_opaque_callback_data', 'biz_opaque_callback_data', 512);
	let contextMessageId: string | undefined;
	if (body.context !== undefined) {
		if (!isRecord(body.context)) throw param100('Param context must be a JSON object.');
		contextMessageId = requireString(body.context, 'message_id', "context['message_id']");
	}
	const payload = body[type];
	if (payload === undefined || payload === null) throw missingParam(`The parameter ${type} is required for messages of type ${type}.`);
	if (type === 'contacts') {
		checkContacts(payload);
		return { kind: 'send', to, waId, type, body, unknownMedia: [], bizOpaqueCallbackData: bizOpaque, contextMessageId };
	}
	if (!isRecord(payload)) throw param100(`Param ${type} must be a JSON object.`);
	const unknownMedia: string[] = [];
	let template: TemplateSendResult | undefined;
	switch (type) {
		case 'text':
			requireString(payload, 'body', "text['body']", 4096);
			optionalBoolean(payload, 'preview_url', "text['preview_url']");
			break;
		case 'image':
		case 'video':
		case 'document':
		case 'audio':
		case 'sticker':
			checkMedia(payload, type, MEDIA_FIELDS[type], ctx, unknownMedia);
			break;
		case 'location':
			checkCoordinate(payload.latitude, "location['latitude']", 90);
			checkCoordinate(payload.longitude, "location['longitude']", 180);
			optionalString(payload, 'name', "location['name']", 1000);
			optionalString(payload, 'address', "location['address']", 1000);
			break;
		case 'reaction':
			checkReaction(payload, contextMessageId !== undefined);
			break;
		case 'interactive':
			checkInteractive(payload, ctx, unknownMedia);
			break;
		case 'template':
			template = validateTemplateSend(payload, ctx.templates, ctx.mediaExists);
			unknownMedia.push(...template.unknownMedia);
			break;
	}
	return { kind: 'send', to, waId, type, body, template, unknownMedia, bizOpaqueCallbackData: bizOpaque, contextMessageId };
}

