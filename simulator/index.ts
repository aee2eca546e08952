/**
 * Local WhatsApp Cloud API (Graph) simulator: a dev/test tool that emulates Meta independently of
 * the package's own code (it must not import it, or tests become tautological).
 * Spec: /work/shared/reference/cloud-api-facts.md (sections referenced as "facts §n").
 *
 * This file composes the endpoint modules in ./server/ (one per endpoint family) into the handle
 * tests and tools use; the state and routing live in ./server/core.ts.
 */
/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals -- dev tool that runs in Node, not inside n8n (it emulates Meta's HTTP server) */
import type { AddressInfo } from 'node:net';

import { createRandom, digitsOnly } from './util';
import { countStatusWebhooks } from './statusCounts';
import { phoneMetadata, statusPayload } from './webhooks';
import { configureChat, currentRecording, replayChat } from './server/chat';
import { SimulatorCore } from './server/core';
import { resolveOptions } from './server/options';
import { changeTemplateStatus } from './server/templates';
import { buildInboundPayload, injectInbound, sendRaw, webhookUrlFor } from './server/webhooks';
import type { SimulatorHandle, SimulatorOptions, WebhookRecord } from './server/types';

export { signWebhookBody } from './util';
export type { InboundMessageInput } from './webhooks';
export { SEED_TEMPLATES } from './templates';
export type { StatusCounts } from './statusCounts';

export * from './server/types';
export { DEFAULTS } from './server/options';
export type { ClockView } from './server/clock';
export type { BusinessAction, ChatConfig, ChatCustomer, ChatRecording, ChatStep, ReplayResult, ReplySummary } from './server/chat';
export { SHOP_PHONE } from './server/chat';
export { ClockError, VirtualClock, resolveJump } from './server/clock';

// ---------------------------------------------------------------------------------------------
// Entry point

export async function startSimulator(options: SimulatorOptions = {}): Promise<SimulatorHandle> {
	const core = new SimulatorCore(options);
	await new Promise<void>((resolve, reject) => {
		core.server.once('error', reject);
		core.server.listen(core.options.port, '127.0.0.1', () => {
			core.server.off('error', reject);
			resolve();
		});
	});
	const address = core.server.address() as AddressInfo;
	core.port = address.port;
	core.url = `http://127.0.0.1:${address.port}`;
	// Profile picture URLs were built before the port was known.
	for (const phone of core.phones.values()) phone.profile.profile_picture_url = `${core.url}/sim-assets/profile-${phone.config.id}.png`;

	const handle: SimulatorHandle = {
		url: core.url,
		port: core.port,
		get options() {
			return core.options;
		},
		get requests() {
			return core.requests;
		},
		get acceptedMessages() {
			return core.acceptedMessages;
		},
		get webhooks() {
			return core.webhooks;
		},
		get readMarks() {
			return core.readMarks;
		},
		events: core.events,
		injectInbound: (message) => injectInbound(core, message),
		buildInboundPayload: (message) => buildInboundPayload(core, message),
		buildStatusPayload: (input) => {
			const phone = core.phoneFor(input.phoneNumberId);
			return statusPayload(core.options.businessAccountId, phoneMetadata(phone.config), [{ ...input, timestampMs: input.timestampMs ?? core.now() }]);
		},
		sendWebhook: (payload, opts) => sendRaw(core, payload, opts),
		setWebhookUrl: (url) => {
			core.options.webhookUrl = url;
		},
		webhookUrlFor: (phoneNumberId) => webhookUrlFor(core, phoneNumberId),
		setOptions: (partial) => {
			const merged: SimulatorOptions = { ...core.options, ...partial };
			if (partial.faults) merged.faults = { ...core.options.faults, ...partial.faults };
			if (partial.statusDelaysMs) merged.statusDelaysMs = { ...core.options.statusDelaysMs, ...partial.statusDelaysMs };
			const resolved = resolveOptions(merged);
			resolved.port = core.port;
			if (partial.seed !== undefined) core.random = createRandom(partial.seed);
			if (partial.phoneNumbers) {
				for (const config of partial.phoneNumbers) if (!core.phones.has(config.id)) core.addPhone(config);
			}
			core.options = resolved;
			if (partial.identityReviewDelayMs !== undefined) core.identity.reviewDelayMs = resolved.identityReviewDelayMs;
		},
		openWindow: (waId, at, phoneNumberId) => core.openWindow(waId, at, phoneNumberId),
		closeWindow: (waId, phoneNumberId) => {
			core.windows.delete(core.windowKey(waId, phoneNumberId));
		},
		isWindowOpen: (waId, phoneNumberId) => core.isWindowOpen(waId, phoneNumberId),
		blockUser: (waId, phoneNumberId) => {
			core.phoneFor(phoneNumberId).blocked.set(digitsOnly(waId), waId);
		},
		unblockUser: (waId, phoneNumberId) => {
			core.phoneFor(phoneNumberId).blocked.delete(digitsOnly(waId));
		},
		setUndeliverable: (waId, flag = true) => {
			if (flag) core.undeliverable.add(digitsOnly(waId));
			else core.undeliverable.delete(digitsOnly(waId));
		},
		setMarketingStopped: (waId, flag = true) => {
			if (flag) core.marketingStopped.add(digitsOnly(waId));
			else core.marketingStopped.delete(digitsOnly(waId));
		},
		setTemplateStatus: async (idOrName, status, opts = {}) => {
			const t = core.templatesList.find((x) => x.id === idOrName || (x.name === idOrName && (opts.language === undefined || x.language === opts.language)));
			if (!t) throw new Error(`unknown template ${idOrName}`);
			await changeTemplateStatus(core, t, status, opts.reason);
		},
		templates: () => core.templatesList,
		get identity() {
			return core.identity;
		},
		waitForWebhook: (predicate, timeoutMs = 5000) =>
			new Promise<WebhookRecord>((resolve, reject) => {
				const existing = core.webhooks.find((w) => w.status !== undefined || w.skipped ? predicate(w) : false);
				if (existing) {
					resolve(existing);
					return;
				}
				const onWebhook = (w: WebhookRecord) => {
					if (!predicate(w)) return;
					clearTimeout(timer);
					core.events.off('webhook', onWebhook);
					resolve(w);
				};
				const timer = setTimeout(() => {
					core.events.off('webhook', onWebhook);
					reject(new Error(`waitForWebhook: no matching webhook within ${timeoutMs} ms`));
				}, timeoutMs);
				core.events.on('webhook', onWebhook);
			}),
		reset: () => core.reset(),
		stats: () => ({ ...core.statsData }),
		clock: core.virtualClock,
		chat: {
			configure: (config) => configureChat(core, config),
			recording: () => currentRecording(core),
			replay: (recording, opts) => replayChat(core, recording, opts),
		},
		statusCounts: () => countStatusWebhooks(core.webhooks),
		stop: async () => {
			core.stopped = true;
			for (const t of core.timers) clearTimeout(t);
			core.timers.clear();
			await new Promise<void>((resolve) => {
				core.server.close(() => resolve());
				for (const socket of core.sockets) socket.destroy();
			});
		},
	};
	return handle;
}

