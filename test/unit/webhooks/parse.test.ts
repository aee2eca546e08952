import { filterEvents, splitList } from '../../../whatsapp/webhooks/filters';
import { e164, parseWebhook, parseWebhookBody, WebhookPayloadError } from '../../../whatsapp/webhooks/parse';
import { DISPLAY, envelope, inbound, messages, nonMessage, PHONE_ID, statuses, statusObjects, systemError, WABA } from './fixtures';

function one(payload: unknown) {
	const events = parseWebhook(payload);
	expect(events).toHaveLength(1);
	return events[0];
}

const flowResponse = JSON.parse(messages.flow.interactive.nfm_reply.response_json) as { flow_token: string };
const common = { businessAccountId: WABA, businessPhoneNumberId: PHONE_ID, businessDisplayPhoneNumber: DISPLAY, field: 'messages' };
const sender = { waId: '15551234567', phone: '+15551234567', profileName: 'Sheena Nelson' };

describe('parseWebhook: inbound messages (§12.6)', () => {
	it('text', () => {
		const event = one(inbound(messages.text));
		expect(event).toEqual(
			expect.objectContaining({
				...common,
				...sender,
				event: 'message',
				eventId: messages.text.id,
				messageId: messages.text.id,
				messageType: 'text',
				text: 'Does it come in another color?',
				timestamp: '2025-06-08T20:59:43.000Z',
			}),
		);
		expect(event.raw).toEqual({ field: 'messages', entryId: WABA, value: (inbound(messages.text).entry as Array<{ changes: Array<{ value: unknown }> }>)[0].changes[0].value });
	});

	it.each([
		['image', { text: 'This is a caption', media: expect.objectContaining({ id: '300000000000010', mimeType: 'image/jpeg', sha256: expect.any(String), url: expect.stringContaining('lookaside'), caption: 'This is a caption' }) }],
		['voice', { messageType: 'audio', media: expect.objectContaining({ id: '300000000000011', mimeType: 'audio/ogg; codecs=opus', voice: true }) }],
		['video', { text: 'caption', context: { forwarded: true, frequentlyForwarded: false }, media: expect.objectContaining({ id: '300000000000012', mimeType: 'video/mp4' }) }],
		['document', { text: 'caption', media: expect.objectContaining({ id: '300000000000013', filename: 'invoice.pdf', mimeType: 'application/pdf' }) }],
		['sticker', { media: expect.objectContaining({ id: '300000000000014', mimeType: 'image/webp', animated: false }) }],
		['location', { location: { latitude: 37.4611978, longitude: -122.2164385, name: 'Facebook HQ', address: '1 Hacker Way, Menlo Park, CA 94025', url: expect.any(String) }, context: expect.objectContaining({ messageId: 'wamid.LOCREQ', from: '15550001111' }) }],
		['contacts', { contacts: messages.contacts.contacts }],
		['buttonReply', { messageType: 'interactive', text: 'Change', replyId: 'change-button', interactive: { type: 'button_reply' }, context: { messageId: 'wamid.OUT_BUTTONS', from: '15550001111', forwarded: false, frequentlyForwarded: false } }],
		['listReply', { text: 'Priority Mail Express', replyId: 'priority_express', interactive: { type: 'list_reply', description: 'Next Day to 2 Days' } }],
		['flow', { text: 'Sent', interactive: { type: 'nfm_reply', name: 'flow', flowToken: flowResponse.flow_token, flowResponse } }],
		['quickReply', { messageType: 'button', text: 'Stop promotions', replyId: 'STOP_PROMOS', context: expect.objectContaining({ messageId: 'wamid.OUT_TEMPLATE' }) }],
		['reaction', { text: '😮', reaction: { messageId: 'wamid.OUT_ANY', emoji: '😮' } }],
		['order', { order: messages.order.order }],
		['system', { text: 'User A changed from 15551234567 to 15559876543', system: messages.system.system }],
		['unsupported', { errors: [expect.objectContaining({ code: 131051, title: 'Message type unknown', details: 'Message type is currently not supported.', hint: expect.stringContaining('not supported') })] }],
		['adReferral', { text: 'Hi! Is this available?', referral: expect.objectContaining({ source_type: 'ad', ctwa_clid: 'Aff-n8ZTODiE79d22KtAwQ', headline: 'Chat with us' }) }],
		['revoke', { originalMessageId: 'wamid.ORIG' }],
		['edit', { originalMessageId: 'wamid.ORIG', text: 'Edited text' }],
	] as const)('%s', (name, expected) => {
		const message = messages[name];
		const event = one(inbound(message));
		expect(event).toEqual(expect.objectContaining({ ...common, ...sender, event: 'message', eventId: message.id, messageId: message.id, messageType: message.type, ...expected }));
		expect(event.timestamp).toBe(new Date(Number(message.timestamp) * 1000).toISOString());
	});

	it('one event per message when Meta batches several, each with its own sender', () => {
		const payload = envelope('messages', {
			messaging_product: 'whatsapp',
			metadata: { display_phone_number: DISPLAY, phone_number_id: PHONE_ID },
			contacts: [
				{ profile: { name: 'A' }, wa_id: '15550000001' },
				{ profile: { name: 'B' }, wa_id: '15550000002' },
			],
			messages: [
				{ ...messages.text, id: 'wamid.1', from: '15550000001' },
				{ ...messages.text, id: 'wamid.2', from: '15550000002' },
			],
		});
		const events = parseWebhook(payload);
		expect(events.map((e) => [e.eventId, e.profileName, e.phone])).toEqual([
			['wamid.1', 'A', '+15550000001'],
			['wamid.2', 'B', '+15550000002'],
		]);
		// Each item's raw holds only its own message and contact.
		expect((events[1].raw.value as { messages: unknown[]; contacts: unknown[] }).messages).toHaveLength(1);
		expect((events[1].raw.value as { contacts: Array<{ wa_id: string }> }).contacts[0].wa_id).toBe('15550000002');
	});
});

describe('parseWebhook: statuses (§12.5)', () => {
	it('sent with pricing and biz_opaque_callback_data', () => {
		expect(one(statuses(statusObjects.sent))).toEqual(
			expect.objectContaining({
				...common,
				event: 'status',
				eventId: `status:${statusObjects.sent.id}:sent`,
				messageId: statusObjects.sent.id,
				status: 'sent',
				recipientId: '15551234567',
				recipientPhone: '+15551234567',
				pricing: { billable: true, category: 'marketing', type: 'regular', model: 'PMP' },
				bizOpaqueCallbackData: 'order-123',
				timestamp: '2025-06-15T23:27:53.000Z',
			}),
		);
	});

	it('delivered with the v23 conversation; one event per status of the same message', () => {
		const events = parseWebhook(statuses(statusObjects.sent, statusObjects.delivered));
		expect(events.map((e) => e.eventId)).toEqual([`status:${statusObjects.sent.id}:sent`, `status:${statusObjects.sent.id}:delivered`]);
		expect(events[1]).toEqual(
			expect.objectContaining({
				pricing: { billable: false, category: 'service', type: 'free_customer_service', model: 'PMP' },
				conversation: { id: '6ceb9d929c9bdc4f90e967a32f8639b4', originType: 'service' },
			}),
		);
	});

	it('failed with errors and a hint per code', () => {
		const event = one(statuses(statusObjects.failed));
		expect(event.status).toBe('failed');
		expect(event.errors).toEqual([
			{
				code: 131049,
				title: 'This message was not delivered to maintain healthy ecosystem engagement.',
				message: 'This message was not delivered to maintain healthy ecosystem engagement.',
				details: 'In order to maintain a healthy ecosystem engagement, the message failed to be delivered.',
				href: '/documentation/business-messaging/whatsapp/support/error-codes',
				hint: expect.stringContaining('24 hours'),
			},
		]);
	});

	it('group recipients keep the ID but get no phone', () => {
		const event = one(statuses({ ...statusObjects.sent, recipient_id: '120363000000000000@g.us', recipient_type: 'group' }));
		expect(event.recipientId).toBe('120363000000000000@g.us');
		expect(event.recipientPhone).toBeUndefined();
	});
});

describe('parseWebhook: other fields (§12.4, §12.8)', () => {
	it('system-level errors become one error event', () => {
		const event = one(systemError);
		expect(event).toEqual(expect.objectContaining({ event: 'error', businessPhoneNumberId: PHONE_ID, errors: [expect.objectContaining({ code: 131000, details: 'Unsupported webhook payload', hint: expect.any(String) })] }));
		expect(event.eventId).toMatch(/^error:[0-9a-f]{40}$/);
	});

	it.each([
		['templateStatus', 'templateStatus', 'REJECTED', '2025-06-30T01:39:08.000Z'],
		['templateQuality', 'templateQuality', 'YELLOW', undefined],
		['templateCategory', 'templateCategory', 'MARKETING', undefined],
		['accountUpdate', 'accountUpdate', 'ACCOUNT_RESTRICTION', '2022-01-04T21:08:18.000Z'],
		['accountAlert', 'accountAlert', 'OBA_APPROVED', undefined],
		['phoneNumberQuality', 'phoneNumberQuality', 'THROUGHPUT_UPGRADE', undefined],
		['phoneNumberName', 'phoneNumberName', 'APPROVED', undefined],
		['security', 'security', 'PIN_CHANGED', undefined],
		['businessCapability', 'businessCapability', undefined, undefined],
		['history', 'history', undefined, undefined],
		['appStateSync', 'appStateSync', undefined, undefined],
	] as const)('%s', (fixture, kind, eventName, timestamp) => {
		const payload = nonMessage[fixture];
		const event = one(payload);
		const change = (payload.entry as Array<{ changes: Array<{ field: string; value: unknown }>; time?: number }>)[0];
		expect(event).toEqual(expect.objectContaining({ event: kind, businessAccountId: WABA, field: change.changes[0].field, details: change.changes[0].value }));
		if (eventName) expect(event.eventName).toBe(eventName);
		if (timestamp) expect(event.timestamp).toBe(timestamp);
		else if (change.time) expect(event.timestamp).toBe(new Date(change.time * 1000).toISOString());
		expect(event.eventId).toMatch(new RegExp(`^${kind}:[0-9a-f]{40}$`));
		// The same change redelivered has the same ID; a different change does not.
		expect(one(JSON.parse(JSON.stringify(payload))).eventId).toBe(event.eventId);
	});

	it('phone number events carry the display number', () => {
		expect(one(nonMessage.phoneNumberQuality).businessDisplayPhoneNumber).toBe(DISPLAY);
	});

	it('user preferences: one event per user', () => {
		expect(one(nonMessage.userPreferences)).toEqual(
			expect.objectContaining({ event: 'userPreference', ...sender, eventName: 'stop', eventId: 'userPreference:15551234567:marketing_messages:stop:1731705721', timestamp: '2024-11-15T21:22:01.000Z' }),
		);
	});

	it('message echoes from the WhatsApp Business app (coexistence)', () => {
		expect(one(nonMessage.echoes)).toEqual(
			expect.objectContaining({ event: 'messageEcho', eventId: 'echo:wamid.ECHO1', messageId: 'wamid.ECHO1', to: '15551234567', phone: '+15551234567', text: 'Sent from the WhatsApp Business app', businessPhoneNumberId: PHONE_ID }),
		);
	});

	it('unknown fields pass through as "other"', () => {
		expect(one(envelope('partner_solutions', { event: 'SOLUTION_CREATED' }, 1))).toEqual(expect.objectContaining({ event: 'other', eventName: 'SOLUTION_CREATED' }));
	});

	it('several entries and changes in one POST', () => {
		const a = inbound(messages.text) as { entry: unknown[] };
		const b = statuses(statusObjects.sent) as { entry: unknown[] };
		const c = nonMessage.accountUpdate as { entry: unknown[] };
		const events = parseWebhook({ object: 'whatsapp_business_account', entry: [...a.entry, ...b.entry, ...c.entry] });
		expect(events.map((e) => e.event)).toEqual(['message', 'status', 'accountUpdate']);
	});
});

describe('payload errors', () => {
	it('malformed JSON and non-notifications throw WebhookPayloadError', () => {
		expect(() => parseWebhookBody(Buffer.from('{"entry":'))).toThrow(WebhookPayloadError);
		expect(() => parseWebhook({ hello: 'world' })).toThrow(/no "entry" list/);
		expect(() => parseWebhook({ object: 'page', entry: [] })).toThrow(/"page"/);
		expect(parseWebhook({ object: 'whatsapp_business_account', entry: [] })).toEqual([]);
	});

	it('e164 only for digit IDs', () => {
		expect(e164('15551234567')).toBe('+15551234567');
		expect(e164('US.13491208655302741918')).toBeUndefined();
		expect(e164(undefined)).toBeUndefined();
	});
});

describe('filters', () => {
	const all = [
		...parseWebhook(inbound(messages.text)),
		...parseWebhook(inbound(messages.image)),
		...parseWebhook(statuses(statusObjects.sent, statusObjects.failed)),
		...parseWebhook(nonMessage.templateStatus),
		...parseWebhook(envelope('messages', { metadata: { phone_number_id: '999' }, messages: [{ ...messages.text, id: 'wamid.other' }] })),
	];

	it('by event kind, message type, status and phone number', () => {
		expect(filterEvents(all, { events: ['message'] }).map((e) => e.messageId)).toEqual([messages.text.id, 'wamid.IMG', 'wamid.other']);
		expect(filterEvents(all, { events: ['message'], messageTypes: ['image'] }).map((e) => e.messageId)).toEqual(['wamid.IMG']);
		expect(filterEvents(all, { statuses: ['failed'] }).filter((e) => e.event === 'status').map((e) => e.status)).toEqual(['failed']);
		expect(filterEvents(all, { phoneNumberIds: ['999'] }).map((e) => e.event)).toEqual(['templateStatus', 'message']);
		expect(filterEvents(all, {})).toHaveLength(all.length);
	});

	it('splitList reads comma, space or newline separated IDs', () => {
		expect(splitList('1, 2\n3;;2 ')).toEqual(['1', '2', '3']);
		expect(splitList('')).toEqual([]);
	});
});
