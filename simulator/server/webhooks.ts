/** Webhook delivery (signed, retried), inbound injection, WABA and app subscriptions. */
/* eslint-disable @n8n/community-nodes/no-restricted-globals -- dev tool that runs in Node, not inside n8n (it emulates Meta's HTTP server) */
import { createHash } from 'node:crypto';
import { GraphError, param100, unsupportedRequest } from '../errors';
import { digitsOnly, signWebhookBody, wamid as makeWamid } from '../util';
import type { InboundMessageInput, PostResult } from '../webhooks';
import { buildInbound, encodeWebhook, phoneMetadata, postWebhook, verifyCallback } from '../webhooks';
import type { SimulatorCore } from './core';
import { mediaUrl, storeMedia } from './media';
import { MANAGEMENT, TINY_JPEG } from './options';
import type { Reply, RequestContext, WebhookRecord } from './types';

export function webhookUrlFor(sim: SimulatorCore, phoneNumberId?: string): string | undefined {
	const phone = phoneNumberId ? sim.phones.get(phoneNumberId) : undefined;
	return phone?.webhookOverride ?? sim.wabaOverride ?? sim.options.webhookUrl;
}

export async function deliver(
	sim: SimulatorCore,
	payload: unknown,
	meta: { field: string; kind: WebhookRecord['kind']; phoneNumberId?: string; wamid?: string; statusName?: string; url?: string },
): Promise<WebhookRecord> {
	const rawBody = encodeWebhook(payload, sim.options.escapeSlashes);
	const url = meta.url ?? webhookUrlFor(sim, meta.phoneNumberId);
	const record: WebhookRecord = {
		field: meta.field,
		kind: meta.kind,
		url,
		payload,
		rawBody,
		signature: signWebhookBody(rawBody, sim.options.appSecret),
		attempts: 0,
		createdAt: new Date(sim.now()),
		wamid: meta.wamid,
		statusName: meta.statusName,
	};
	sim.webhooks.push(record);
	if (sim.webhooks.length > sim.options.maxRecordedRequests) sim.webhooks.splice(0, sim.webhooks.length - sim.options.maxRecordedRequests);
	if (sim.stopped) record.skipped = 'stopped';
	else if (!url) record.skipped = 'no-url';
	else if (!sim.wabaSubscribed && !meta.url) record.skipped = 'unsubscribed';
	if (record.skipped) {
		sim.events.emit('webhook', record);
		return record;
	}
	const { attempts, backoffMs, factor = 4, timeoutMs } = sim.options.webhookRetry;
	let delay = backoffMs;
	for (let attempt = 1; attempt <= Math.max(1, attempts); attempt++) {
		record.attempts = attempt;
		const result: PostResult = await postWebhook(url as string, rawBody, sim.options.appSecret, 'valid', timeoutMs);
		record.status = result.status;
		record.error = result.error;
		if (result.status >= 200 && result.status < 300) break;
		if (attempt < attempts && !sim.stopped) {
			await new Promise((r) => setTimeout(r, delay).unref());
			delay *= factor;
		}
		if (sim.stopped) break;
	}
	if (record.status !== undefined && record.status >= 200 && record.status < 300) sim.statsData.webhooksSent++;
	else sim.statsData.webhooksFailed++;
	sim.events.emit('webhook', record);
	return record;
}

export async function handshake(sim: SimulatorCore, uri: string, verifyToken: string): Promise<void> {
	if (!/^https?:\/\//.test(uri)) throw param100('Param override_callback_uri must be a valid URL.', false);
	const failure = await verifyCallback(uri, verifyToken);
	if (failure) {
		throw new GraphError({ code: 2200, message: `(#2200) Callback verification failed with the following errors: ${failure}`, httpStatus: 400 });
	}
}

export async function subscribedApps(sim: SimulatorCore, ctx: RequestContext): Promise<Reply> {
	const appData = { id: sim.options.appId, link: `https://www.facebook.com/games/?app_id=${sim.options.appId}`, name: 'Simulator App' };
	if (ctx.method === 'GET') {
		if (!sim.wabaSubscribed) return { status: 200, json: { data: [] } };
		const item: Record<string, unknown> = { whatsapp_business_api_data: appData };
		if (sim.wabaOverride) item.override_callback_uri = sim.wabaOverride;
		return { status: 200, json: { data: [item] } };
	}
	if (ctx.method === 'POST') {
		const uri = ctx.params.override_callback_uri;
		if (uri !== undefined && uri !== '') {
			if (typeof uri !== 'string') throw param100('Param override_callback_uri must be a string.', false);
			const token = ctx.params.verify_token;
			if (typeof token !== 'string' || !token) throw param100('The parameter verify_token is required.', false);
			await handshake(sim, uri, token);
			sim.wabaOverride = uri;
			sim.wabaSubscribed = true;
			return { status: 200, json: { data: [{ override_callback_uri: uri, whatsapp_business_api_data: appData }] } };
		}
		// Meta's "Webhook overrides": subscribing again without an override (no body, or an empty
		// override_callback_uri) deletes the WABA's alternate callback; webhooks go to the app's.
		sim.wabaOverride = undefined;
		sim.wabaSubscribed = true;
		return { status: 200, json: { success: true } };
	}
	if (ctx.method === 'DELETE') {
		sim.wabaSubscribed = false;
		sim.wabaOverride = undefined;
		return { status: 200, json: { success: true } };
	}
	throw unsupportedRequest(ctx.method, sim.options.businessAccountId);
}

export async function appSubscriptions(sim: SimulatorCore, ctx: RequestContext): Promise<Reply> {
	sim.requireScope(ctx, MANAGEMENT);
	if (ctx.method === 'GET') {
		const data = sim.appSubscription
			? [{ object: 'whatsapp_business_account', callback_url: sim.appSubscription.callback_url, active: true, fields: sim.appSubscription.fields.map((name) => ({ name, version: 'v25.0' })) }]
			: [];
		return { status: 200, json: { data } };
	}
	if (ctx.method === 'POST') {
		const p = ctx.params;
		if (p.object !== 'whatsapp_business_account') throw param100(`Param object must be one of {WHATSAPP_BUSINESS_ACCOUNT, ...} - got "${String(p.object)}".`, false);
		if (typeof p.callback_url !== 'string') throw param100('The parameter callback_url is required.', false);
		if (typeof p.verify_token !== 'string') throw param100('The parameter verify_token is required.', false);
		await handshake(sim, p.callback_url, p.verify_token);
		const fields = Array.isArray(p.fields) ? p.fields.map(String) : typeof p.fields === 'string' ? p.fields.split(',') : ['messages'];
		sim.appSubscription = { callback_url: p.callback_url, fields, active: true };
		sim.options.webhookUrl = p.callback_url;
		return { status: 200, json: { success: true } };
	}
	if (ctx.method === 'DELETE') {
		sim.appSubscription = undefined;
		sim.options.webhookUrl = undefined;
		return { status: 200, json: { success: true } };
	}
	throw unsupportedRequest(ctx.method, sim.options.appId);
}

export function buildInboundPayload(sim: SimulatorCore, input: InboundMessageInput): { wamid: string; payload: Record<string, unknown> } {
	const phone = sim.phoneFor(input.phoneNumberId);
	const { payload, message } = buildInbound(input, {
		wabaId: sim.options.businessAccountId,
		metadata: phoneMetadata(phone.config),
		nowMs: sim.now(),
		wamid: (waId) => makeWamid(waId, true),
		createMedia: (kind, mimeType, bytes) => {
			const data = bytes ?? (kind === 'image' ? TINY_JPEG : Buffer.from(`simulated ${kind} media`));
			const record = storeMedia(sim, mimeType.split(';')[0], data, phone.config.id);
			return { id: record.id, mime_type: mimeType, sha256: createHash('sha256').update(data).digest('base64'), url: mediaUrl(sim, record) };
		},
	});
	return { wamid: String(message.id), payload };
}

export async function injectInbound(sim: SimulatorCore, input: InboundMessageInput): Promise<{ wamid: string; payload: Record<string, unknown>; deliveredStatus?: number; webhook: WebhookRecord }> {
	const phone = sim.phoneFor(input.phoneNumberId);
	const { wamid, payload } = buildInboundPayload(sim, input);
	const waId = digitsOnly(input.from);
	if (phone.blocked.has(waId)) {
		// A blocked user cannot message the business: nothing is delivered.
		const record: WebhookRecord = { field: 'messages', kind: 'inbound', payload, rawBody: '', signature: '', attempts: 0, createdAt: new Date(sim.now()), wamid, skipped: 'no-url' };
		return { wamid, payload, webhook: record };
	}
	// Only user messages open the window (system / unsupported-type do not count as replies).
	if (input.type !== 'system') sim.openWindow(waId, undefined, phone.config.id);
	sim.inboundIds.add(wamid);
	sim.statsData.inbound++;
	const webhook = await deliver(sim, payload, { field: 'messages', kind: 'inbound', phoneNumberId: phone.config.id, wamid });
	return { wamid, payload, deliveredStatus: webhook.status, webhook };
}

export async function sendRaw(sim: SimulatorCore, payload: object | string, opts: { signature?: 'valid' | 'invalid' | 'none'; url?: string } = {}): Promise<{ status: number; body: string }> {
	const url = opts.url ?? webhookUrlFor(sim);
	if (!url) throw new Error('sendWebhook: no webhook URL set (pass opts.url or call setWebhookUrl)');
	const rawBody = typeof payload === 'string' ? payload : encodeWebhook(payload, sim.options.escapeSlashes);
	const result = await postWebhook(url, rawBody, sim.options.appSecret, opts.signature ?? 'valid');
	sim.webhooks.push({
		field: 'raw',
		kind: 'raw',
		url,
		payload,
		rawBody,
		signature: signWebhookBody(rawBody, sim.options.appSecret),
		attempts: 1,
		status: result.status,
		error: result.error,
		createdAt: new Date(sim.now()),
	});
	return { status: result.status, body: result.body };
}
