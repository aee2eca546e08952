/**
 * Webhook payloads as Meta sends them, from cloud-api-facts.md §12 (full examples where the facts
 * have them; the envelope of §12.4 around the §12.6 message objects otherwise).
 */
export const WABA = '100000000000001';
export const PHONE_ID = '200000000000002';
export const DISPLAY = '15550001111';
export const APP_SECRET = 'test-app-secret';

const metadata = { display_phone_number: DISPLAY, phone_number_id: PHONE_ID };

export function envelope(field: string, value: unknown, time?: number): Record<string, unknown> {
	return {
		object: 'whatsapp_business_account',
		entry: [{ id: WABA, ...(time !== undefined ? { time } : {}), changes: [{ field, value }] }],
	};
}

export function inbound(message: Record<string, unknown>, name = 'Sheena Nelson'): Record<string, unknown> {
	return envelope('messages', {
		messaging_product: 'whatsapp',
		metadata,
		contacts: [{ profile: { name }, wa_id: '15551234567' }],
		messages: [message],
	});
}

export function statuses(...list: Array<Record<string, unknown>>): Record<string, unknown> {
	return envelope('messages', { messaging_product: 'whatsapp', metadata, statuses: list });
}

export const messages = {
	text: { from: '15551234567', id: 'wamid.HBgLMTU1NTEyMzQ1NjcVAgASGBQzQTRBNjU5OUFFRTAzODEwMTQ0RgA=', timestamp: '1749416383', type: 'text', text: { body: 'Does it come in another color?' } },
	image: {
		from: '15551234567', id: 'wamid.IMG', timestamp: '1697043379', type: 'image',
		image: { caption: 'This is a caption', mime_type: 'image/jpeg', sha256: '81d3bd8a8db4868c9520ed47186e8b7c5789e61ff79f7f834be6950b808a90d3', id: '300000000000010', url: 'https://lookaside.fbsbx.com/whatsapp_business/attachments/?mid=300000000000010&ext=1&hash=abc' },
	},
	voice: { from: '15551234567', id: 'wamid.VOICE', timestamp: '1697043473', type: 'audio', audio: { mime_type: 'audio/ogg; codecs=opus', sha256: 'm04pFf2ERdaopTyFkGPA0+bX3i+YY2dYgVFwOgDLSDI=', id: '300000000000011', voice: true } },
	video: { context: { forwarded: true }, from: '15551234567', id: 'wamid.VID', timestamp: '1697044362', type: 'video', video: { caption: 'caption', mime_type: 'video/mp4', sha256: 'Jh+2ij6PzUv/J2y+grrtegr/ZMzRxkEPwc24Oyib4s0=', id: '300000000000012' } },
	document: { from: '15551234567', id: 'wamid.DOC', timestamp: '1697043666', type: 'document', document: { caption: 'caption', filename: 'invoice.pdf', mime_type: 'application/pdf', sha256: 'grwfwe/ZPx0wAbdfbdeFUNItPZ0RylL8gGUvdt3YFqc=', id: '300000000000013' } },
	sticker: { from: '15551234567', id: 'wamid.STK', timestamp: '1697043760', type: 'sticker', sticker: { mime_type: 'image/webp', sha256: 'OmT4nhjUhCMIPNmj7eeOZeCYjTXkLxoOv85OMCFwSuc=', id: '300000000000014', animated: false } },
	location: {
		context: { from: '15550001111', id: 'wamid.LOCREQ' }, from: '15551234567', id: 'wamid.LOC', timestamp: '1702920965', type: 'location',
		location: { latitude: 37.4611978, longitude: -122.2164385, name: 'Facebook HQ', address: '1 Hacker Way, Menlo Park, CA 94025', url: 'https://maps.google.com/?cid=2000000000000000000' },
	},
	contacts: {
		from: '15551234567', id: 'wamid.CON', timestamp: '1697044621', type: 'contacts',
		contacts: [{ name: { first_name: 'Chandler', last_name: 'Bing', formatted_name: 'Chandler Bing' }, phones: [{ phone: '+1 555-555-5555', wa_id: '15555555555', type: 'CELL' }] }],
	},
	buttonReply: { context: { from: '15550001111', id: 'wamid.OUT_BUTTONS' }, from: '15551234567', id: 'wamid.BR', timestamp: '1698266730', type: 'interactive', interactive: { type: 'button_reply', button_reply: { id: 'change-button', title: 'Change' } } },
	listReply: {
		context: { from: '15550001111', id: 'wamid.OUT_LIST' }, from: '15551234567', id: 'wamid.LR', timestamp: '1698266905', type: 'interactive',
		interactive: { type: 'list_reply', list_reply: { id: 'priority_express', title: 'Priority Mail Express', description: 'Next Day to 2 Days' } },
	},
	flow: {
		context: { from: '15550001111', id: 'wamid.OUT_FLOW' }, from: '15551234567', id: 'wamid.NFM', timestamp: '1702502473', type: 'interactive',
		interactive: { type: 'nfm_reply', nfm_reply: { name: 'flow', body: 'Sent', response_json: '{"flow_token":"opaque-token-123","delivery_rating":"4","comment_text":"Great"}' } },
	},
	quickReply: { context: { from: '15550001111', id: 'wamid.OUT_TEMPLATE' }, from: '15551234567', id: 'wamid.QR', timestamp: '1698269027', type: 'button', button: { payload: 'STOP_PROMOS', text: 'Stop promotions' } },
	reaction: { from: '15551234567', id: 'wamid.RX', timestamp: '1697044456', type: 'reaction', reaction: { message_id: 'wamid.OUT_ANY', emoji: '😮' } },
	order: { from: '15551234567', id: 'wamid.ORD', timestamp: '1697044668', type: 'order', order: { catalog_id: '354160437058781', text: '', product_items: [{ product_retailer_id: 'HAMBURGER', quantity: 3, item_price: 30, currency: 'ILS' }] } },
	system: { from: '15551234567', id: 'wamid.SYS', timestamp: '1753851315', type: 'system', system: { body: 'User A changed from 15551234567 to 15559876543', wa_id: '15559876543', type: 'user_changed_number' } },
	unsupported: {
		from: '15551234567', id: 'wamid.UNS', timestamp: '1750090702', type: 'unsupported',
		errors: [{ code: 131051, title: 'Message type unknown', message: 'Message type unknown', error_data: { details: 'Message type is currently not supported.' } }],
		unsupported: { type: 'edit' },
	},
	adReferral: {
		from: '15551234567', id: 'wamid.AD', timestamp: '1697045000', type: 'text', text: { body: 'Hi! Is this available?' },
		referral: {
			source_url: 'https://fb.me/3cr4Wqqkv', source_id: '120226305854810726', source_type: 'ad', headline: 'Chat with us', body: 'Summer succulents are here!',
			media_type: 'image', image_url: 'https://scontent.xx.fbcdn.net/...', ctwa_clid: 'Aff-n8ZTODiE79d22KtAwQ', welcome_message: { text: 'Hi there! Let us know how we can help!' },
		},
	},
	revoke: { from: '15551234567', id: 'wamid.REV', timestamp: '1750090800', type: 'revoke', revoke: { original_message_id: 'wamid.ORIG' } },
	edit: { from: '15551234567', id: 'wamid.EDT', timestamp: '1750090900', type: 'edit', edit: { original_message_id: 'wamid.ORIG', message: { type: 'text', text: { body: 'Edited text' } } } },
};

export const statusObjects = {
	sent: {
		id: 'wamid.HBgLMTU1NTEyMzQ1NjcVAgARGBI1RjQyNUE3NEYxMzAzMzQ5MkEA', status: 'sent', timestamp: '1750030073', recipient_id: '15551234567', biz_opaque_callback_data: 'order-123',
		pricing: { billable: true, pricing_model: 'PMP', type: 'regular', category: 'marketing' },
	},
	delivered: {
		id: 'wamid.HBgLMTU1NTEyMzQ1NjcVAgARGBI1RjQyNUE3NEYxMzAzMzQ5MkEA', status: 'delivered', timestamp: '1750263773', recipient_id: '15551234567',
		conversation: { id: '6ceb9d929c9bdc4f90e967a32f8639b4', origin: { type: 'service' } },
		pricing: { billable: false, pricing_model: 'PMP', type: 'free_customer_service', category: 'service' },
	},
	failed: {
		id: 'wamid.HBgLMTU1NTEyMzQ1NjcVAgARGBI0QUQ2MjA4NEYyRkExNjMyREUA', status: 'failed', timestamp: '1751142888', recipient_id: '15551234567',
		errors: [{
			code: 131049, title: 'This message was not delivered to maintain healthy ecosystem engagement.', message: 'This message was not delivered to maintain healthy ecosystem engagement.',
			error_data: { details: 'In order to maintain a healthy ecosystem engagement, the message failed to be delivered.' }, href: '/documentation/business-messaging/whatsapp/support/error-codes',
		}],
	},
};

export const systemError = envelope('messages', {
	messaging_product: 'whatsapp', metadata,
	errors: [{ code: 131000, title: 'Something went wrong', message: 'Something went wrong', error_data: { details: 'Unsupported webhook payload' }, href: '/documentation/business-messaging/whatsapp/support/error-codes' }],
});

export const nonMessage = {
	templateStatus: envelope('message_template_status_update', {
		event: 'REJECTED', message_template_id: 1689556908129835, message_template_name: 'abandoned_cart', message_template_language: 'en', reason: 'INVALID_FORMAT', message_template_category: 'MARKETING',
		rejection_info: { reason: 'Your template has parameters placed next to each other (like {{1}}{{2}}) without text or punctuation between them.', recommendation: 'Separate parameters with descriptive text and ensure each parameter is clearly contextualized.' },
	}, 1751247548),
	templateQuality: envelope('message_template_quality_update', { previous_quality_score: 'GREEN', new_quality_score: 'YELLOW', message_template_id: 1689556908129835, message_template_name: 'abandoned_cart', message_template_language: 'en' }, 1751247600),
	templateCategory: envelope('template_category_update', { message_template_id: 1689556908129835, message_template_name: 'abandoned_cart', message_template_language: 'en', previous_category: 'UTILITY', new_category: 'MARKETING' }, 1751247700),
	accountUpdate: envelope('account_update', {
		event: 'ACCOUNT_RESTRICTION',
		restriction_info: [{ restriction_type: 'RESTRICTED_BIZ_INITIATED_MESSAGING', expiration: 1641330498 }, { restriction_type: 'RESTRICTED_ADD_PHONE_NUMBER_ACTION', expiration: 1641330498 }],
	}, 1641330498),
	accountAlert: envelope('account_alerts', { entity_type: 'WABA', entity_id: WABA, alert_info: { alert_severity: 'WARNING', alert_status: 'ACTIVE', alert_type: 'OBA_APPROVED', alert_description: 'Official business account approved' } }, 1751000000),
	phoneNumberQuality: envelope('phone_number_quality_update', { display_phone_number: DISPLAY, event: 'THROUGHPUT_UPGRADE', current_limit: 'TIER_UNLIMITED', max_daily_conversations_per_business: 'TIER_UNLIMITED' }, 1748454394),
	phoneNumberName: envelope('phone_number_name_update', { display_phone_number: DISPLAY, decision: 'APPROVED', requested_verified_name: 'Lucky Shrub', rejection_reason: null }, 1748454400),
	security: envelope('security', { display_phone_number: DISPLAY, event: 'PIN_CHANGED', requester: '2000000000000' }, 1748454500),
	businessCapability: envelope('business_capability_update', { max_daily_conversations_per_business: 'TIER_2K', max_phone_numbers_per_business: 20 }, 1748454600),
	userPreferences: envelope('user_preferences', {
		messaging_product: 'whatsapp', metadata, contacts: [{ profile: { name: 'Sheena Nelson' }, wa_id: '15551234567' }],
		user_preferences: [{ wa_id: '15551234567', detail: 'User requested to stop marketing messages', category: 'marketing_messages', value: 'stop', timestamp: 1731705721 }],
	}),
	echoes: envelope('smb_message_echoes', {
		messaging_product: 'whatsapp', metadata,
		message_echoes: [{ from: DISPLAY, to: '15551234567', id: 'wamid.ECHO1', timestamp: '1739321024', type: 'text', text: { body: 'Sent from the WhatsApp Business app' } }],
	}),
	history: envelope('history', { messaging_product: 'whatsapp', metadata, history: [{ metadata: { phase: 0, chunk_order: 1, progress: 10 }, threads: [{ id: '15551234567', messages: [] }] }] }),
	appStateSync: envelope('smb_app_state_sync', {
		messaging_product: 'whatsapp', metadata,
		state_sync: [{ type: 'contact', contact: { full_name: 'Sheena Nelson', first_name: 'Sheena', phone_number: '15551234567' }, action: 'add', metadata: { timestamp: '1739321024' } }],
	}),
};
