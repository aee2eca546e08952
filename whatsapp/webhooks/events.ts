/**
 * The normalised shape of one webhook event: one per inbound message, per status, per echo and per
 * non-message change, never one per HTTP call. Fields a flow branches on are flat; Meta's change
 * stays available under `raw`.
 */

export type EventKind =
	| 'message'
	| 'status'
	| 'messageEcho'
	| 'templateStatus'
	| 'templateQuality'
	| 'templateCategory'
	| 'templateComponents'
	| 'accountUpdate'
	| 'accountAlert'
	| 'accountReview'
	| 'businessCapability'
	| 'phoneNumberName'
	| 'phoneNumberQuality'
	| 'security'
	| 'userPreference'
	| 'history'
	| 'appStateSync'
	| 'error'
	| 'other';

export const EVENT_KINDS: ReadonlyArray<{ kind: EventKind; name: string; description: string }> = [
	{ kind: 'message', name: 'Message Received', description: 'A user sent a message (any type)' },
	{ kind: 'status', name: 'Message Status', description: 'A message you sent was sent, delivered, read, played or failed' },
	{ kind: 'messageEcho', name: 'Message Echo', description: 'A message the business sent from the WhatsApp Business app (coexistence)' },
	{ kind: 'templateStatus', name: 'Template Status Update', description: 'A template was approved, rejected, paused, disabled …' },
	{ kind: 'templateQuality', name: 'Template Quality Update', description: 'A template’s quality score changed' },
	{ kind: 'templateCategory', name: 'Template Category Update', description: 'Meta changed (or will change) a template’s category' },
	{ kind: 'templateComponents', name: 'Template Components Update', description: 'A template’s components were edited' },
	{ kind: 'accountUpdate', name: 'Account Update', description: 'Business account events: restrictions, violations, bans, partners …' },
	{ kind: 'accountAlert', name: 'Account Alert', description: 'Green tick (OBA) decisions, messaging limit and profile photo alerts' },
	{ kind: 'accountReview', name: 'Account Review Update', description: 'The business account review decision' },
	{ kind: 'businessCapability', name: 'Business Capability Update', description: 'Messaging limit or phone number caps changed' },
	{ kind: 'phoneNumberName', name: 'Phone Number Name Update', description: 'The display name review of a number finished' },
	{ kind: 'phoneNumberQuality', name: 'Phone Number Quality Update', description: 'A number’s throughput or messaging limit changed' },
	{ kind: 'security', name: 'Security', description: 'Two-step verification PIN changes and similar security events' },
	{ kind: 'userPreference', name: 'User Preference', description: 'A user stopped or resumed marketing messages' },
	{ kind: 'history', name: 'History Sync', description: 'Chat history shared when a WhatsApp Business app number joins (coexistence)' },
	{ kind: 'appStateSync', name: 'App State Sync', description: 'Contacts added or removed in the WhatsApp Business app (coexistence)' },
	{ kind: 'error', name: 'Error', description: 'A system, app or account level error without a message' },
	{ kind: 'other', name: 'Other Event', description: 'Any other subscribed field, passed through as is' },
];

/** Meta's webhook `field` → event kind, for fields whose value is one event. */
export const FIELD_KINDS: Readonly<Record<string, EventKind>> = {
	message_template_status_update: 'templateStatus',
	message_template_quality_update: 'templateQuality',
	template_category_update: 'templateCategory',
	message_template_components_update: 'templateComponents',
	account_update: 'accountUpdate',
	account_alerts: 'accountAlert',
	account_review_update: 'accountReview',
	business_capability_update: 'businessCapability',
	phone_number_name_update: 'phoneNumberName',
	phone_number_quality_update: 'phoneNumberQuality',
	security: 'security',
	history: 'history',
	smb_app_state_sync: 'appStateSync',
};

export interface EventError {
	code: number;
	title?: string;
	message?: string;
	details?: string;
	href?: string;
	/** What to do about it, from the package's error catalogue. */
	hint: string;
}

export interface EventMedia {
	id?: string;
	mimeType?: string;
	sha256?: string;
	filename?: string;
	url?: string;
	caption?: string;
	/** Audio: whether it is a push-to-talk voice note. */
	voice?: boolean;
	/** Sticker: whether it is animated. */
	animated?: boolean;
}

export interface EventContext {
	/** The business message this one replies to (or whose button was tapped). */
	messageId?: string;
	from?: string;
	forwarded: boolean;
	frequentlyForwarded: boolean;
	referredProduct?: { catalogId?: string; productRetailerId?: string };
}

export interface WebhookEvent {
	/** Stable across Meta's redeliveries: the key of exactly-once delivery. */
	eventId: string;
	event: EventKind;
	/** Meta's webhook field, such as `messages` or `account_update`. */
	field: string;
	businessAccountId: string;
	businessPhoneNumberId?: string;
	businessDisplayPhoneNumber?: string;
	/** ISO 8601, from the message/status timestamp or the entry time. */
	timestamp?: string;

	// Messages and echoes
	messageId?: string;
	messageType?: string;
	/** The user's WhatsApp ID (digits), for messages; the recipient for statuses and echoes. */
	waId?: string;
	/** The same as E.164: `+` and the digits. */
	phone?: string;
	profileName?: string;
	/** Business-scoped user ID (BSUID), where Meta sends one. */
	userId?: string;
	username?: string;
	/** Body, caption, button text, interactive reply title, reaction emoji … whatever reads as text. */
	text?: string;
	/** The button payload, list row ID or interactive reply ID the user picked. */
	replyId?: string;
	media?: EventMedia;
	location?: { latitude?: number; longitude?: number; name?: string; address?: string; url?: string };
	contacts?: unknown[];
	reaction?: { messageId?: string; emoji?: string };
	/** `name` is the kind of Flow that answered an `nfm_reply` (`flow`, `address_message` …). */
	interactive?: { type?: string; name?: string; description?: string; flowResponse?: unknown; flowToken?: string };
	order?: unknown;
	system?: unknown;
	context?: EventContext;
	referral?: Record<string, unknown>;
	/** For echoes: the user the business wrote to. */
	to?: string;
	/** For `unsupported` messages: what WhatsApp could not pass on (`edit`, `poll` …). */
	unsupportedType?: string;
	/** `edit` and `revoke` (coexistence): the message that was edited or deleted. */
	originalMessageId?: string;

	// Statuses
	status?: string;
	recipientId?: string;
	recipientPhone?: string;
	/** The recipient's business-scoped user ID (BSUID), where Meta sends one. */
	recipientUserId?: string;
	pricing?: { billable?: boolean; category?: string; type?: string; model?: string };
	conversation?: { id?: string; originType?: string; expiresAt?: string };
	bizOpaqueCallbackData?: string;

	// Any event
	errors?: EventError[];
	/** For non-message changes: Meta's `event` value (APPROVED, ACCOUNT_RESTRICTION …). */
	eventName?: string;
	// Identity: display name reviews, green tick (OBA) decisions and other account alerts
	/** APPROVED, REJECTED, DEFERRED, PENDING: display name review, account review, or green tick decision. */
	decision?: string;
	/** The display name the review was about (`requested_verified_name`). */
	requestedName?: string;
	/** Meta's code for a rejected display name, and what it means. */
	rejectionReason?: string;
	rejectionReasonText?: string;
	/** Account alerts: Meta's `alert_type` (OBA_APPROVED, OBA_REJECTED, PROFILE_PICTURE_LOST …), severity, status and text. */
	alertType?: string;
	alertSeverity?: string;
	alertStatus?: string;
	alertDescription?: string;
	/** What the alert is about: BUSINESS, PHONE_NUMBER or CURRENT_STATUS_ID, and its ID. */
	entityType?: string;
	entityId?: string;
	/** Green tick decisions only: APPROVED or REJECTED. */
	greenTick?: string;
	/** After a green tick rejection: when Meta allows the next request (30 days later, ISO). */
	newRequestAllowedFrom?: string;
	/** Non-message changes: the change's value, flattened one level for convenience. */
	details?: Record<string, unknown>;
	/** The change this event came from, as Meta sent it. */
	raw: { field: string; value: unknown; entryId: string; entryTime?: number };
}
