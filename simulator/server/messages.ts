/** Sending messages (POST /{phone-number-id}/messages) and the status webhooks that follow. */
/* eslint-disable @n8n/community-nodes/require-node-api-error -- dev tool that runs in Node, not inside n8n (it emulates Meta's HTTP server) */
import { GraphError, invalidValue, param100, waError } from '../errors';
import type { ReadRequest, SendRequest } from '../messages';
import { validateMessageRequest } from '../messages';
import { digitsOnly, wamid as makeWamid } from '../util';
import type { StatusInput } from '../webhooks';
import { conversationId, phoneMetadata, statusPayload } from '../webhooks';
import type { SimulatorCore } from './core';
import { throughputError } from './http';
import { MESSAGING } from './options';
import type { AcceptedMessage, PhoneState, Reply, RequestContext } from './types';
import { deliver } from './webhooks';

export async function sendMessage(sim: SimulatorCore, ctx: RequestContext, phone: PhoneState): Promise<Reply> {
	sim.requireScope(ctx, MESSAGING);
	if (ctx.params.__nonObjectBody !== undefined) throw param100('The parameter messaging_product is required.');
	let request: SendRequest | ReadRequest;
	try {
		request = validateMessageRequest(ctx.params, {
			templates: sim.templatesList,
			mediaExists: (id) => !sim.options.strictMediaIds || sim.media.has(id),
		});
	} catch (error) {
		if (error instanceof GraphError) sim.statsData.rejectedValidation++;
		throw error;
	}
	const pnid = phone.config.id;
	if (request.kind === 'read') {
		if (sim.outbound.has(request.messageId)) {
			sim.statsData.rejectedValidation++;
			throw invalidValue(`message_id ${request.messageId} was sent by the business; only received messages can be marked as read.`);
		}
		sim.readMarks.push({ messageId: request.messageId, typingIndicator: request.typingIndicator, phoneNumberId: pnid, at: new Date(sim.now()) });
		return { status: 200, json: { success: true } };
	}

	const { waId } = request;
	if (waId === digitsOnly(phone.config.display_phone_number)) {
		sim.statsData.rejectedValidation++;
		throw waError(131021, 'Recipient cannot be the sender: the message was addressed to the business phone number itself.');
	}
	if (phone.blocked.has(waId)) {
		sim.statsData.rejectedValidation++;
		throw invalidValue(`Recipient ${waId} is blocked by this business. Unblock the user before sending (decision: synchronous 131009).`);
	}
	const now = sim.now();
	const windowOpen = sim.isWindowOpen(waId, pnid);
	if (request.type !== 'template' && !windowOpen && sim.options.windowErrorMode === 'sync') {
		sim.statsData.rejectedValidation++;
		throw waError(131047, 'Message failed to send because more than 24 hours have passed since the customer last replied to this number.');
	}

	// A fault the chat page injected for this customer (server/chat.ts).
	if (sim.chat.faults.get(waId) === 130429) {
		sim.statsData.faultsInjected++;
		sim.statsData.rejected130429++;
		throw throughputError();
	}
	// Throughput: sliding 1 s window of accepted sends per number, on the real clock (a virtual
	// jump neither refills nor drains it).
	const realNow = sim.realNow();
	const cutoff = realNow - 1000;
	while (phone.sendTimes.length > 0 && phone.sendTimes[0] <= cutoff) phone.sendTimes.shift();
	if (phone.sendTimes.length >= sim.options.messagesPerSecond) {
		sim.statsData.rejected130429++;
		throw throughputError();
	}
	// Pair rate: token bucket per (number, recipient).
	const pair = sim.options.pairRate;
	let bucket: { tokens: number; last: number } | undefined;
	if (pair) {
		const key = `${pnid}:${waId}`;
		bucket = sim.pairBuckets.get(key) ?? { tokens: pair.burst, last: realNow };
		bucket.tokens = Math.min(pair.burst, bucket.tokens + (realNow - bucket.last) / (pair.perSeconds * 1000));
		bucket.last = realNow;
		sim.pairBuckets.set(key, bucket);
		if (bucket.tokens < 1) {
			sim.statsData.rejected131056++;
			throw waError(
				131056,
				'Message failed to send because there were too many messages sent from this phone number to the same phone number in a short period of time.',
			);
		}
		bucket.tokens -= 1;
	}
	phone.sendTimes.push(realNow);

	const id = makeWamid(waId);
	const accepted: AcceptedMessage = {
		id,
		phoneNumberId: pnid,
		to: request.to,
		waId,
		type: request.type,
		body: request.body,
		acceptedAt: new Date(now),
		apiVersion: ctx.version,
		templateName: request.template?.template.name,
		templateCategory: request.template?.template.category,
	};
	// Asynchronous failures, decided at acceptance (facts §12.5, §14).
	if (sim.undeliverable.has(waId)) {
		accepted.failure = { code: 131026, title: 'Message undeliverable', details: 'Message Undeliverable.' };
	} else if (request.type !== 'template' && !windowOpen) {
		// Decision: like Meta in practice, a free-form send outside the 24 h window is accepted
		// (HTTP 200 + wamid) and then fails with a `failed` status carrying 131047.
		accepted.failure = {
			code: 131047,
			title: 'Re-engagement message',
			details: 'Message failed to send because more than 24 hours have passed since the customer last replied to this number.',
		};
	} else if (request.template?.template.category === 'MARKETING' && sim.marketingStopped.has(waId)) {
		accepted.failure = { code: 131050, title: 'Unable to deliver the message. This recipient has chosen to stop receiving marketing messages on WhatsApp from your business.', details: 'User has stopped marketing messages from this business.' };
	} else if (request.unknownMedia.length > 0) {
		accepted.failure = { code: 131053, title: 'Media upload error', details: `Unable to retrieve media: media id ${request.unknownMedia[0]} was not found or has expired.` };
	}
	sim.acceptedMessages.push(accepted);
	sim.outbound.set(id, accepted);
	sim.statsData.accepted++;
	sim.events.emit('accepted', accepted);
	scheduleStatuses(sim, accepted, request, windowOpen);

	const messages: Record<string, unknown> = { id };
	if (request.type === 'template') messages.message_status = 'accepted';
	const json = { messaging_product: 'whatsapp', contacts: [{ input: request.to, wa_id: waId }], messages: [messages] };
	return { status: 200, json };
}

export function scheduleStatuses(sim: SimulatorCore, message: AcceptedMessage, request: SendRequest, windowOpen: boolean): void {
	if (!sim.options.statuses) return;
	const phone = sim.phones.get(message.phoneNumberId);
	if (!phone) return;
	const delays = sim.options.statusDelaysMs;
	const base: Omit<StatusInput, 'status' | 'timestampMs'> = {
		wamid: message.id,
		recipientId: message.waId,
		bizOpaqueCallbackData: request.bizOpaqueCallbackData,
	};
	const post = (status: StatusInput['status'], extra: Partial<StatusInput>) => {
		const input: StatusInput = { ...base, status, timestampMs: sim.now(), ...extra };
		const payload = statusPayload(sim.options.businessAccountId, phoneMetadata(phone.config), [input]);
		void deliver(sim, payload, { field: 'messages', kind: 'status', phoneNumberId: message.phoneNumberId, wamid: message.id, statusName: status });
	};
	if (message.failure) {
		const failure = message.failure;
		sim.schedule(() => {
			sim.statsData.failedStatuses++;
			post('failed', { errors: [failure] });
		}, delays.sent);
		return;
	}
	// Pricing (facts §12.5, §14): templates by category; utility inside an open window is free;
	// everything else is a free service message.
	const category = request.template?.template.category;
	let pricing: NonNullable<StatusInput['pricing']>;
	if (category) {
		const free = category === 'UTILITY' && windowOpen;
		pricing = {
			billable: !free,
			pricing_model: 'PMP',
			type: free ? 'free_customer_service' : 'regular',
			category: category.toLowerCase(),
		};
	} else {
		pricing = { billable: false, pricing_model: 'PMP', type: 'free_customer_service', category: 'service' };
	}
	// `conversation` is omitted on v24.0+ (outside free-entry-point windows).
	const versionNumber = Number(/^v(\d+)/.exec(message.apiVersion)?.[1] ?? '25');
	const convId = conversationId();
	const origin = { type: category ? category.toLowerCase() : 'service' };
	const conversation = (withExpiry: boolean) =>
		versionNumber < 24
			? { conversation: { id: convId, ...(withExpiry ? { expiration_timestamp: String(Math.floor(sim.now() / 1000) + 86400) } : {}), origin } }
			: {};
	sim.schedule(() => post('sent', { ...conversation(true), pricing }), delays.sent);
	// A reaction only ever gets `sent` (facts §2.5).
	if (message.type === 'reaction') return;
	sim.schedule(() => post('delivered', { ...conversation(false), pricing }), delays.delivered);
	if (sim.options.readReceipts) sim.schedule(() => post('read', {}), delays.read);
}
