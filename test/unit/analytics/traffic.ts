/**
 * Generated traffic with known answers: webhook bodies built by the simulator's own payload builders
 * (Meta's shapes), parsed by the trigger's parser into the items the trigger emits, plus the action
 * node's send results, all turned into log rows the way Record Events does.
 *
 * The story (times UTC; Europe/Berlin switches to summer time on 2026-03-29 at 01:00 UTC):
 * - Campaign `spring` (template spring_sale, marketing) at 2026-03-28 09:00 to A1–A4 (+49), B1–B2
 *   (+55), C1–C2 (fail 131026 asynchronously) and A5 (refused at once with 131049).
 *   A1: delivered twice and read three times (redeliveries); A2: read without delivered;
 *   A3 delivered; A4 only sent; B1 delivered and read; B2 delivered.
 * - A1 replies at 11:00 (2 h); A2 at 03-29 10:00 (25 h: not within 24 h); B1 at 09:30.
 * - Bob answers B1 at 09:40 and resolves at 10:00; B1 writes again at 03-29 00:30 (a reopened
 *   conversation) and a person answers from the Business app at 02:30 (echo); B1 opts out at
 *   03-29 09:00.
 * - Alice writes to A6 at 03-29 22:30 (00:30 on 03-30 in Berlin), answers A1 on Monday
 *   03-30 07:30 (09:30 in Berlin) and resolves at 08:00.
 */
import type { LogRow } from '../../../whatsapp/analytics/log';
import { conversationRow, rowsFromItem } from '../../../whatsapp/analytics/log';
import { parseWebhook } from '../../../whatsapp/webhooks/parse';
import type { StatusInput } from '../../../simulator/webhooks';
import { buildInbound, fieldEnvelope, phoneMetadata, statusPayload } from '../../../simulator/webhooks';

export const WABA = '102290129340398';
export const PHONE = { id: '106540352242922', display_phone_number: '+1 555-0100' };
export const CUSTOMERS = {
	A1: '4915100000001',
	A2: '4915100000002',
	A3: '4915100000003',
	A4: '4915100000004',
	A5: '4915100000005',
	A6: '4915100000006',
	B1: '5511900000001',
	B2: '5511900000002',
	C1: '4915100000011',
	C2: '4915100000012',
} as const;

type Json = Record<string, unknown>;

const at = (iso: string) => Date.parse(iso);

function triggerItems(body: unknown): Json[] {
	// The trigger emits the normalised event as the item's JSON (without `raw` when it is off).
	return parseWebhook(body).map((event) => JSON.parse(JSON.stringify(event)) as Json);
}

export function statusItems(input: Omit<StatusInput, 'timestampMs'> & { time: string }): Json[] {
	return triggerItems(statusPayload(WABA, phoneMetadata(PHONE), [{ ...input, timestampMs: at(input.time) }]));
}

export function inboundItems(from: string, time: string, text = 'hi'): Json[] {
	let counter = 0;
	const { payload } = buildInbound(
		{ from, type: 'text', text, timestamp: new Date(at(time)) },
		{
			wabaId: WABA,
			metadata: phoneMetadata(PHONE),
			nowMs: at(time),
			wamid: (waId) => `wamid.IN_${waId}_${at(time)}_${counter++}`,
			createMedia: () => ({ id: 'm', mime_type: 'text/plain', sha256: '', url: '' }),
		},
	);
	return triggerItems(payload);
}

export function echoItems(to: string, time: string, wamid: string): Json[] {
	return triggerItems({
		object: 'whatsapp_business_account',
		entry: [
			{
				id: WABA,
				changes: [
					{
						field: 'smb_message_echoes',
						value: {
							messaging_product: 'whatsapp',
							metadata: phoneMetadata(PHONE),
							message_echoes: [{ from: '15550100', to, id: wamid, timestamp: String(Math.floor(at(time) / 1000)), type: 'text', text: { body: 'On it' } }],
						},
					},
				],
			},
		],
	});
}

export function optOutItems(waId: string, time: string): Json[] {
	return triggerItems(
		fieldEnvelope(
			WABA,
			'user_preferences',
			{
				messaging_product: 'whatsapp',
				metadata: phoneMetadata(PHONE),
				contacts: [{ wa_id: waId, profile: { name: 'B' } }],
				user_preferences: [{ wa_id: waId, detail: 'User requested to stop marketing messages', category: 'marketing_messages', value: 'stop', timestamp: Math.floor(at(time) / 1000) }],
			},
			at(time),
		),
	);
}

const marketing = { billable: true, pricing_model: 'PMP' as const, type: 'regular', category: 'marketing' };
const service = { billable: false, pricing_model: 'PMP' as const, type: 'free_customer_service', category: 'service' };

/** Every item the workflow sees, in arrival order, each with the clock time Record Events runs at. */
export function generateTraffic(): Array<{ json: Json; now: number; agent?: string; team?: string; templateName?: string }> {
	const out: Array<{ json: Json; now: number; agent?: string; team?: string; templateName?: string }> = [];
	const send = (time: string) => at(time);
	const campaignAt = '2026-03-28T09:00:00Z';
	const campaignTargets = ['A1', 'A2', 'A3', 'A4', 'B1', 'B2', 'C1', 'C2'] as const;
	for (const name of campaignTargets) {
		out.push({
			json: { campaignId: 'spring', recipient: CUSTOMERS[name], status: 'sent', messageId: `wamid.${name}`, messageStatus: 'accepted', messageType: 'template', attempts: 1 },
			now: send(campaignAt),
			templateName: 'spring_sale',
		});
	}
	out.push({
		json: { campaignId: 'spring', recipient: CUSTOMERS.A5, status: 'failed', attempts: 1, error: '(#131049) This message was not delivered to maintain healthy ecosystem engagement.', code: 131049, category: 'recipient' },
		now: send(campaignAt),
		templateName: 'spring_sale',
	});
	out.push({ json: { summary: true, campaignId: 'spring', total: 9, sent: 8, failed: 1 }, now: send(campaignAt), templateName: 'spring_sale' });

	const cb = (name: keyof typeof CUSTOMERS) => `campaign:spring:${CUSTOMERS[name]}`;
	const status = (name: keyof typeof CUSTOMERS, state: StatusInput['status'], time: string, extra: Partial<StatusInput> = {}) =>
		statusItems({ wamid: `wamid.${name}`, status: state, recipientId: CUSTOMERS[name], bizOpaqueCallbackData: cb(name), time, ...extra }).map((json) => ({ json, now: at(time) }));

	out.push(...status('A1', 'sent', '2026-03-28T09:00:02Z', { pricing: marketing }));
	out.push(...status('A1', 'delivered', '2026-03-28T09:00:05Z', { pricing: marketing }));
	out.push(...status('A1', 'delivered', '2026-03-28T09:00:05Z', { pricing: marketing })); // redelivery
	out.push(...status('A1', 'read', '2026-03-28T09:10:00Z'));
	out.push(...status('A1', 'read', '2026-03-28T09:10:00Z')); // redelivery
	out.push(...status('A1', 'read', '2026-03-28T09:10:00Z')); // redelivery
	out.push(...status('A2', 'sent', '2026-03-28T09:00:02Z', { pricing: marketing }));
	out.push(...status('A2', 'read', '2026-03-28T09:00:09Z')); // delivered and read at once: no `delivered`
	out.push(...status('A3', 'sent', '2026-03-28T09:00:02Z', { pricing: marketing }));
	out.push(...status('A3', 'delivered', '2026-03-28T09:00:06Z', { pricing: marketing }));
	out.push(...status('A4', 'sent', '2026-03-28T09:00:02Z', { pricing: marketing }));
	out.push(...status('B1', 'sent', '2026-03-28T09:00:02Z', { pricing: marketing }));
	out.push(...status('B1', 'delivered', '2026-03-28T09:00:04Z', { pricing: marketing }));
	out.push(...status('B1', 'read', '2026-03-28T09:01:00Z'));
	out.push(...status('B2', 'sent', '2026-03-28T09:00:02Z', { pricing: marketing }));
	out.push(...status('B2', 'delivered', '2026-03-28T09:00:04Z', { pricing: marketing }));
	const undeliverable = { code: 131026, title: 'Message undeliverable', details: 'Message Undeliverable.' };
	out.push(...status('C1', 'failed', '2026-03-28T09:00:03Z', { errors: [undeliverable] }));
	out.push(...status('C2', 'failed', '2026-03-28T09:00:03Z', { errors: [undeliverable] }));
	out.push(...status('C2', 'failed', '2026-03-28T09:00:03Z', { errors: [undeliverable] })); // redelivery

	// Conversations.
	const inbound = (name: keyof typeof CUSTOMERS, time: string) => inboundItems(CUSTOMERS[name], time).map((json) => ({ json, now: at(time) }));
	const agentSend = (name: keyof typeof CUSTOMERS, time: string, agent: string, team: string, wamid: string) => [
		{ json: { messageId: wamid, status: 'accepted', recipient: CUSTOMERS[name], waId: CUSTOMERS[name], phoneNumberId: PHONE.id }, now: at(time), agent, team },
		...statusItems({ wamid, status: 'sent', recipientId: CUSTOMERS[name], time, pricing: service }).map((json) => ({ json, now: at(time) })),
	];
	out.push(...inbound('B1', '2026-03-28T09:30:00Z'));
	out.push(...agentSend('B1', '2026-03-28T09:40:00Z', 'bob', 'sales', 'wamid.BOB1'));
	out.push({ json: { resolved: 'B1' }, now: at('2026-03-28T10:00:00Z'), agent: 'bob', team: 'sales' });
	out.push(...inbound('A1', '2026-03-28T11:00:00Z'));
	out.push(...inbound('A1', '2026-03-28T11:00:00Z').map((entry) => ({ ...entry }))); // redelivery of the same message
	out.push(...inbound('B1', '2026-03-29T00:30:00Z'));
	out.push(...echoItems(CUSTOMERS.B1, '2026-03-29T02:30:00Z', 'wamid.ECHO1').map((json) => ({ json, now: at('2026-03-29T02:30:00Z') })));
	out.push(...echoItems(CUSTOMERS.B1, '2026-03-29T02:30:00Z', 'wamid.ECHO1').map((json) => ({ json, now: at('2026-03-29T02:30:00Z') }))); // redelivery
	out.push(...optOutItems(CUSTOMERS.B1, '2026-03-29T09:00:00Z').map((json) => ({ json, now: at('2026-03-29T09:00:00Z') })));
	out.push(...inbound('A2', '2026-03-29T10:00:00Z'));
	out.push(...agentSend('A6', '2026-03-29T22:30:00Z', 'alice', 'support', 'wamid.ALICE1'));
	out.push(...agentSend('A1', '2026-03-30T07:30:00Z', 'alice', 'support', 'wamid.ALICE2'));
	out.push({ json: { resolved: 'A1' }, now: at('2026-03-30T08:00:00Z'), agent: 'alice', team: 'support' });
	out.push({ json: { resolved: 'A1' }, now: at('2026-03-30T08:00:00Z'), agent: 'alice', team: 'support' }); // the same resolution twice
	return out;
}

/** The rows Record Events writes for the traffic (resolutions through Items Are → Conversation Resolved). */
export function trafficRows(): LogRow[] {
	const rows: LogRow[] = [];
	for (const entry of generateTraffic()) {
		if (typeof entry.json.resolved === 'string') {
			rows.push(conversationRow('resolved', { customer: CUSTOMERS[entry.json.resolved as keyof typeof CUSTOMERS], phoneNumberId: PHONE.id, agent: entry.agent, team: entry.team }, entry.now));
			continue;
		}
		const result = rowsFromItem(entry.json, { now: entry.now, agent: entry.agent, team: entry.team, templateName: entry.templateName });
		rows.push(...result.rows);
	}
	return rows;
}
