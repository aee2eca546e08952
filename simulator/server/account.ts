/** Business profile, phone numbers, WABA, registration, OAuth, blocked users, QR codes. */
import { randomBytes } from 'node:crypto';
import { conversationAnalytics, messagingAnalytics, pricingAnalytics, templateAnalytics } from '../analytics';
import { GraphError, invalidValue, param100, unsupportedRequest, waError } from '../errors';
import { parseFields, pickFields } from '../http-body';
import { digitsOnly, isRecord } from '../util';
import { requireInsights } from './analytics';
import type { SimulatorCore } from './core';
import { cursor, paginate } from './http';
import { MANAGEMENT, MESSAGING, PHONE_DEFAULT_FIELDS, PROFILE_FIELDS, VERTICALS } from './options';
import type { PhoneState, Reply, RequestContext } from './types';
import { handshake } from './webhooks';

export function getProfile(sim: SimulatorCore, ctx: RequestContext, phone: PhoneState): Reply {
	const full = { ...phone.profile, messaging_product: 'whatsapp' };
	const requested = ctx.query.fields ? parseFields(ctx.query.fields).map((f) => f.name) : PROFILE_FIELDS;
	const out: Record<string, unknown> = {};
	for (const key of requested) if ((full as Record<string, unknown>)[key] !== undefined) out[key] = (full as Record<string, unknown>)[key];
	out.messaging_product = 'whatsapp';
	return { status: 200, json: { data: [out] } };
}

export function updateProfile(sim: SimulatorCore, ctx: RequestContext, phone: PhoneState): Reply {
	const p = ctx.params;
	if (p.messaging_product === undefined) throw param100('The parameter messaging_product is required.');
	if (p.messaging_product !== 'whatsapp') throw param100(`Param messaging_product must be one of {WHATSAPP} - got "${String(p.messaging_product)}".`);
	const update: Record<string, unknown> = {};
	const str = (key: string, max: number, min = 0): void => {
		const v = p[key];
		if (v === undefined) return;
		if (typeof v !== 'string') throw param100(`Param ${key} must be a string.`);
		if (v.length > max) throw param100(`Param ${key} must be at most ${max} characters long.`);
		if (v.length < min) throw param100(`Param ${key} must be at least ${min} characters long.`);
		update[key] = v;
	};
	str('about', 139, 1);
	str('address', 256);
	str('description', 512);
	str('email', 128);
	if (typeof update.about === 'string' && /\\u[0-9a-fA-F]{4}/.test(update.about)) throw invalidValue("Param about must not contain escaped unicode values; send the emoji itself.");
	if (typeof update.email === 'string' && update.email !== '' && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(update.email)) throw param100('Param email must be a valid email address.');
	if (p.websites !== undefined) {
		if (!Array.isArray(p.websites)) throw param100('Param websites must be an array.');
		if (p.websites.length > 2) throw param100('Param websites must contain at most 2 elements.');
		p.websites.forEach((w, i) => {
			if (typeof w !== 'string' || !/^https?:\/\//.test(w)) throw param100(`Param websites[${i}] must be a URL starting with http:// or https://.`);
			if (w.length > 256) throw param100(`Param websites[${i}] must be at most 256 characters long.`);
		});
		update.websites = p.websites;
	}
	if (p.vertical !== undefined) {
		if (typeof p.vertical !== 'string' || !VERTICALS.includes(p.vertical)) {
			throw param100(`Param vertical must be one of {${VERTICALS.filter(Boolean).join(', ')}} - got "${String(p.vertical)}".`);
		}
		update.vertical = p.vertical;
	}
	if (p.profile_picture_handle !== undefined) {
		if (typeof p.profile_picture_handle !== 'string' || !sim.uploadHandles.has(p.profile_picture_handle)) {
			throw invalidValue('profile_picture_handle is not a valid handle from the Resumable Upload API.');
		}
		update.profile_picture_url = `${sim.url}/sim-assets/profile-${phone.config.id}.png`;
	}
	Object.assign(phone.profile, update);
	return { status: 200, json: { success: true } };
}

export function phoneObject(sim: SimulatorCore, phone: PhoneState): Record<string, unknown> {
	const c = phone.config;
	const display = digitsOnly(c.display_phone_number);
	return {
		verified_name: c.verified_name,
		code_verification_status: c.code_verification_status ?? 'VERIFIED',
		display_phone_number: c.display_phone_number,
		quality_rating: c.quality_rating ?? 'GREEN',
		quality_score: { score: c.quality_rating ?? 'GREEN' },
		platform_type: c.platform_type ?? 'CLOUD_API',
		throughput: { level: c.throughput_level ?? 'STANDARD' },
		name_status: c.name_status ?? 'APPROVED',
		new_name_status: 'NONE',
		status: c.status ?? (phone.registered ? 'CONNECTED' : 'PENDING'),
		messaging_limit_tier: c.messaging_limit_tier ?? 'TIER_1K',
		whatsapp_business_manager_messaging_limit: c.whatsapp_business_manager_messaging_limit ?? 'TIER_2K',
		is_official_business_account: c.is_official_business_account ?? false,
		account_mode: c.account_mode ?? 'LIVE',
		is_pin_enabled: phone.pin !== undefined,
		is_on_biz_app: false,
		search_visibility: 'VISIBLE',
		country_code: display.startsWith('1') ? 'US' : 'ZZ',
		country_dial_code: display.startsWith('1') ? '1' : display.slice(0, 2),
		last_onboarded_time: '2025-01-15T10:00:00+0000',
		health_status: { can_send_message: 'AVAILABLE', entities: [{ entity_type: 'PHONE_NUMBER', id: c.id, can_send_message: 'AVAILABLE' }] },
		webhook_configuration: webhookConfiguration(sim, phone),
		...sim.identity.phoneFields(c.id, c),
		id: c.id,
	};
}

export function webhookConfiguration(sim: SimulatorCore, phone: PhoneState): Record<string, unknown> {
	const out: Record<string, unknown> = {};
	if (phone.webhookOverride) out.phone_number = phone.webhookOverride;
	if (sim.wabaOverride) out.whatsapp_business_account = sim.wabaOverride;
	if (sim.options.webhookUrl) out.application = sim.options.webhookUrl;
	return out;
}

export function getPhoneNumber(sim: SimulatorCore, ctx: RequestContext, phone: PhoneState): Reply {
	sim.requireScope(ctx, MANAGEMENT);
	return { status: 200, json: pickFields(phoneObject(sim, phone), ctx.query.fields, PHONE_DEFAULT_FIELDS) };
}

export async function updatePhoneNumber(sim: SimulatorCore, ctx: RequestContext, phone: PhoneState): Promise<Reply> {
	sim.requireScope(ctx, MANAGEMENT);
	const p = ctx.params;
	if (p.new_display_name !== undefined) return { status: 200, json: sim.identity.requestDisplayName(phone.config.id, p.new_display_name) };
	if (p.pin !== undefined) {
		if (typeof p.pin !== 'string' || !/^\d{6}$/.test(p.pin)) throw param100('Param pin must be a 6-digit number.');
		phone.pin = p.pin;
		return { status: 200, json: { success: true } };
	}
	if (p.webhook_configuration !== undefined) {
		const wc = p.webhook_configuration;
		if (!isRecord(wc)) throw param100('Param webhook_configuration must be a JSON object.', false);
		const uri = wc.override_callback_uri;
		if (uri === '' || uri === null) {
			phone.webhookOverride = undefined;
			return { status: 200, json: { success: true } };
		}
		if (typeof uri !== 'string') throw param100("The parameter webhook_configuration['override_callback_uri'] is required.", false);
		if (typeof wc.verify_token !== 'string' || !wc.verify_token) throw param100("The parameter webhook_configuration['verify_token'] is required.", false);
		await handshake(sim, uri, wc.verify_token);
		phone.webhookOverride = uri;
		return { status: 200, json: { success: true } };
	}
	throw param100('No supported parameter was given (pin or webhook_configuration).', false);
}

export function registration(sim: SimulatorCore, ctx: RequestContext, phone: PhoneState, action: string): Reply {
	sim.requireScope(ctx, MANAGEMENT);
	const p = ctx.params;
	if (action === 'register') {
		if (p.messaging_product !== 'whatsapp') throw param100('The parameter messaging_product is required.');
		if (typeof p.pin !== 'string' || !/^\d{6}$/.test(p.pin)) throw param100('The parameter pin is required and must be 6 digits.');
		if (phone.pin !== undefined && phone.pin !== p.pin) {
			throw waError(133005, 'Two step verification PIN mismatch.');
		}
		phone.pin = p.pin;
		phone.registered = true;
	} else if (action === 'deregister') {
		phone.registered = false;
	} else if (action === 'request_code') {
		const method = String(p.code_method ?? '').toUpperCase();
		if (!['SMS', 'VOICE'].includes(method)) throw param100(`Param code_method must be one of {SMS, VOICE} - got "${String(p.code_method)}".`);
	} else if (action === 'verify_code') {
		if (typeof p.code !== 'string' && typeof p.code !== 'number') throw param100('The parameter code is required.');
		if (String(p.code) !== '000000' && String(p.code) !== '123456') throw waError(136025, 'Verify code error: the code is wrong (the simulator accepts 000000 and 123456).');
	}
	return { status: 200, json: { success: true } };
}

export function listPhoneNumbers(sim: SimulatorCore, ctx: RequestContext): Reply {
	const list = [...sim.phones.values()].map((p) => pickFields(phoneObject(sim, p), ctx.query.fields, PHONE_DEFAULT_FIELDS));
	const page = paginate(list, ctx.query, 25, `${sim.url}/${ctx.version}/${ctx.segments.join('/')}`);
	return { status: 200, json: { data: page.items, paging: page.paging ?? { cursors: { before: cursor(0), after: cursor(Math.max(0, list.length - 1)) } } } };
}

export function getWaba(sim: SimulatorCore, ctx: RequestContext): Reply {
	const base: Record<string, unknown> = {
		id: sim.options.businessAccountId,
		name: sim.options.businessAccountName,
		timezone_id: '1',
		message_template_namespace: 'c3c2c1b0_a9f8_4e7d_b6c5_d4e3f2a1b0c9',
		currency: 'USD',
		account_review_status: 'APPROVED',
		business_verification_status: sim.identity.businessVerificationStatus,
		ownership_type: 'SELF',
		country: 'US',
		is_enabled_for_insights: sim.insightsEnabled,
	};
	const fields = parseFields(ctx.query.fields);
	if (fields.length === 0) return { status: 200, json: pickFields(base, undefined, ['id', 'name', 'timezone_id', 'message_template_namespace']) };
	const phones = [...sim.phones.values()].map((p) => digitsOnly(p.config.display_phone_number));
	const out: Record<string, unknown> = {};
	for (const field of fields) {
		switch (field.name) {
			case 'analytics':
				out.analytics = messagingAnalytics(field.modifiers, { phoneNumbers: phones });
				break;
			case 'conversation_analytics':
				out.conversation_analytics = conversationAnalytics(field.modifiers, { phoneNumbers: phones });
				break;
			case 'pricing_analytics':
				out.pricing_analytics = pricingAnalytics(field.modifiers, { phoneNumbers: phones });
				break;
			case 'template_analytics':
				requireInsights(sim);
				out.template_analytics = templateAnalytics(field.modifiers, new Set(sim.templatesList.map((t) => t.id)));
				break;
			default:
				if (base[field.name] !== undefined) out[field.name] = base[field.name];
				else throw param100(`Tried accessing nonexisting field (${field.name}) on node type (WhatsAppBusinessAccount)`, false);
		}
	}
	out.id = sim.options.businessAccountId;
	return { status: 200, json: out };
}

export function oauthAccessToken(sim: SimulatorCore, params: Record<string, unknown>): Reply {
	if (params.client_id !== sim.options.appId || params.client_secret !== sim.options.appSecret) {
		throw new GraphError({ code: 1, message: 'Error validating client secret.', type: 'OAuthException', httpStatus: 400 });
	}
	if (params.grant_type !== 'client_credentials') throw param100('Param grant_type must be client_credentials.', false);
	return { status: 200, json: { access_token: `${sim.options.appId}|${sim.options.appSecret}`, token_type: 'bearer' } };
}

export function blockUsers(sim: SimulatorCore, ctx: RequestContext, phone: PhoneState): Reply {
	sim.requireScope(ctx, MESSAGING);
	if (ctx.method === 'GET') {
		const list = [...phone.blocked.entries()].map(([waId]) => ({ messaging_product: 'whatsapp', wa_id: waId }));
		const page = paginate(list, ctx.query, 100, `${sim.url}/${ctx.version}/${ctx.segments.join('/')}`);
		return { status: 200, json: { data: page.items, ...(page.paging ? { paging: page.paging } : {}) } };
	}
	if (ctx.method !== 'POST' && ctx.method !== 'DELETE') throw unsupportedRequest(ctx.method, phone.config.id);
	const p = ctx.params;
	if (p.messaging_product !== 'whatsapp') throw param100('The parameter messaging_product is required.');
	if (!Array.isArray(p.block_users) || p.block_users.length === 0) throw param100('The parameter block_users is required.');
	const block = ctx.method === 'POST';
	const done: Array<{ input: string; wa_id: string }> = [];
	const failed: Array<Record<string, unknown>> = [];
	p.block_users.forEach((entry, i) => {
		if (!isRecord(entry) || typeof entry.user !== 'string') throw param100(`The parameter block_users[${i}]['user'] is required.`);
		const input = entry.user;
		const waId = digitsOnly(input);
		const fail = (code: number, message: string, details: string): void => {
			failed.push({ input, wa_id: waId, errors: [{ message, code, error_data: { details } }] });
		};
		if (waId.length < 7 || waId.length > 15) return fail(131009, '(#131009) Parameter value is not valid', 'Invalid user phone number.');
		if (waId === digitsOnly(phone.config.display_phone_number)) return fail(131021, '(#131021) Recipient cannot be sender', 'A business cannot block itself.');
		if (block) {
			if (!sim.isWindowOpen(waId, phone.config.id)) {
				return fail(131047, '(#131047) Re-engagement message', 'Users can only be blocked if they have messaged the business in the last 24 hours.');
			}
			if (phone.blocked.size >= 64000) return fail(139101, '(#139101) Blocklist limit reached', 'The block list can hold at most 64000 users.');
			phone.blocked.set(waId, input);
		} else phone.blocked.delete(waId);
		done.push({ input, wa_id: waId });
	});
	const key = block ? 'added_users' : 'removed_users';
	const blockUsers: Record<string, unknown> = { [key]: done };
	if (failed.length > 0) {
		blockUsers.failed_users = failed;
		throw new GraphError({
			code: 139100,
			message: '(#139100) Failed to block/unblock users',
			details: 'Failed to block/unblock some users. See failed_users for details.',
			whatsapp: true,
			siblings: { messaging_product: 'whatsapp', block_users: blockUsers },
		});
	}
	return { status: 200, json: { messaging_product: 'whatsapp', block_users: blockUsers } };
}

export function qrCodes(sim: SimulatorCore, ctx: RequestContext, phone: PhoneState, code: string | undefined): Reply {
	sim.requireScope(ctx, MANAGEMENT);
	const view = (q: { code: string; prefilled_message: string; deep_link_url: string; format: 'SVG' | 'PNG' }, withImage: boolean, format?: string) => {
		const out: Record<string, unknown> = { code: q.code, prefilled_message: q.prefilled_message, deep_link_url: q.deep_link_url };
		if (withImage) out.qr_image_url = `${sim.url}/sim-assets/qr/${q.code}.${(format ?? q.format).toLowerCase()}`;
		return out;
	};
	const fieldsWithImage = (fields: string | undefined) => {
		const f = parseFields(fields).find((x) => x.name === 'qr_image_url');
		return f ? (f.modifiers.format ?? 'PNG').toUpperCase() : undefined;
	};
	const lookup = code ?? ctx.query.code;
	if (ctx.method === 'GET') {
		const format = fieldsWithImage(ctx.query.fields);
		if (lookup) {
			const q = phone.qrCodes.get(lookup);
			if (!q) throw unsupportedRequest('get', lookup);
			return { status: 200, json: { data: [view(q, format !== undefined, format)] } };
		}
		return { status: 200, json: { data: [...phone.qrCodes.values()].map((q) => view(q, format !== undefined, format)) } };
	}
	if (ctx.method === 'DELETE') {
		if (!lookup || !phone.qrCodes.has(lookup)) throw unsupportedRequest('delete', lookup ?? '');
		phone.qrCodes.delete(lookup);
		return { status: 200, json: { success: true } };
	}
	if (ctx.method !== 'POST' || code) throw unsupportedRequest(ctx.method, code ?? phone.config.id);
	const p = ctx.params;
	if (typeof p.prefilled_message !== 'string' || !p.prefilled_message) throw param100('The parameter prefilled_message is required.');
	if (p.prefilled_message.length > 140) throw param100('Param prefilled_message must be at most 140 characters long.');
	if (typeof p.code === 'string') {
		const existing = phone.qrCodes.get(p.code);
		if (!existing) throw invalidValue(`QR code ${p.code} does not exist.`);
		existing.prefilled_message = p.prefilled_message;
		return { status: 200, json: view(existing, false) };
	}
	const format = p.generate_qr_image === undefined ? 'PNG' : String(p.generate_qr_image).toUpperCase();
	if (format !== 'SVG' && format !== 'PNG') throw param100(`Param generate_qr_image must be one of {SVG, PNG} - got "${String(p.generate_qr_image)}".`);
	if (phone.qrCodes.size >= 2000) throw invalidValue('A phone number can have at most 2000 QR codes.');
	const newCode = randomBytes(10).toString('hex').toUpperCase().replace(/[^A-Z0-9]/g, '').slice(0, 14);
	const q = { code: newCode, prefilled_message: p.prefilled_message, deep_link_url: `https://wa.me/message/${newCode}`, format: format as 'SVG' | 'PNG' };
	phone.qrCodes.set(newCode, q);
	return { status: 200, json: view(q, true) };
}
