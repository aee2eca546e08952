/** The simulator's public option and record types, and the internal state shapes its endpoint modules share. */
/* eslint-disable @n8n/community-nodes/no-restricted-imports -- dev tool that runs in Node, not inside n8n (it emulates Meta's HTTP server) */
import type { EventEmitter } from 'node:events';
import type { IncomingMessage } from 'node:http';
import type { parseMultipart } from '../http-body';
import type { IdentityReviews } from '../identity';
import type { ChatConfig, ChatRecording, ReplayResult } from './chat';
import type { VirtualClock } from './clock';
import type { StatusCounts } from '../statusCounts';
import type { StoredTemplate, TemplateCategory, TemplateStatus } from '../templates';
import type { InboundMessageInput, StatusError, StatusInput } from '../webhooks';

// ---------------------------------------------------------------------------------------------
// Public types

export type Scope = 'whatsapp_business_messaging' | 'whatsapp_business_management';

export interface PhoneNumberConfig {
	id: string;
	display_phone_number: string;
	verified_name: string;
	quality_rating?: 'GREEN' | 'YELLOW' | 'RED' | 'NA' | 'UNKNOWN';
	code_verification_status?: string;
	name_status?: string;
	status?: string;
	/** Deprecated by Meta but still readable. */
	messaging_limit_tier?: string;
	whatsapp_business_manager_messaging_limit?: string;
	throughput_level?: 'STANDARD' | 'HIGH' | 'NOT_APPLICABLE';
	platform_type?: 'CLOUD_API' | 'ON_PREMISE' | 'NOT_APPLICABLE';
	is_official_business_account?: boolean;
	account_mode?: 'LIVE' | 'SANDBOX';
	/** A two-step verification PIN set from the start (`is_pin_enabled` true). */
	two_step_pin?: string;
}

export interface FaultOptions {
	/** Probability (0-1) that a send is answered with 130429. */
	rate130429?: number;
	/** Probability of a 500 (131000) or 503 (code 2) answer. */
	rate5xx?: number;
	/** Probability that the socket is destroyed without an answer. */
	rateDrop?: number;
	/** With a drop, first accept the message (recorded, webhooks sent), then destroy the socket. */
	dropAfterAccept?: boolean;
	/** Which requests faults apply to: message sends only (default) or every Graph request. */
	scope?: 'messages' | 'all';
}

export interface StatusDelays {
	sent: number;
	delivered: number;
	read: number;
}

export interface SimulatorOptions {
	/** 0 = random free port (default). Host is always 127.0.0.1. */
	port?: number;
	/** Default 'sim-token' (both scopes). */
	accessToken?: string;
	/** Extra tokens with limited scopes, e.g. `{ 'no-mgmt': ['whatsapp_business_messaging'] }`. */
	tokens?: Record<string, Scope[]>;
	/** Tokens answered with 190/463 "Session has expired". */
	expiredTokens?: string[];
	/** Default 'sim-app-secret': signs outbound webhooks. */
	appSecret?: string;
	/** Default '900000000000001'. */
	appId?: string;
	/** Default '102290129340398'. */
	businessAccountId?: string;
	businessAccountName?: string;
	/** Default: one number, id '106540352242922', '+1 555-0100', 'Lucky Shrub'. */
	phoneNumbers?: PhoneNumberConfig[];
	/** Throughput cap per phone number (sliding 1 s window), default 80; beyond it 130429. */
	messagesPerSecond?: number;
	/** Pair rate limit per (number, recipient) as a token bucket: capacity `burst`, one token per `perSeconds`. Default {burst: 45, perSeconds: 6}; false disables. */
	pairRate?: { burst: number; perSeconds: number } | false;
	/** Added to every answer, default 0. */
	latencyMs?: number;
	faults?: FaultOptions;
	/** Callback URL (the App Dashboard one). Overridden per WABA / phone number by the override endpoints. */
	webhookUrl?: string;
	/** Delays of the sent/delivered/read status webhooks after acceptance. Default 20/40/60 ms. */
	statusDelaysMs?: Partial<StatusDelays>;
	/** false: no status webhooks at all (sends are still recorded). */
	statuses?: boolean;
	/** Whether recipients "have read receipts on" (a `read` status follows `delivered`). Default true. */
	readReceipts?: boolean;
	/** Default false: a recipient's 24 h window is closed until they message the business. */
	windowOpenForAll?: boolean;
	/**
	 * How a free-form send outside the window fails. 'async' (default, what Meta does in practice):
	 * the send is accepted (HTTP 200 + wamid) and a `failed` status with 131047 follows.
	 * 'sync': HTTP 400 with 131047.
	 */
	windowErrorMode?: 'async' | 'sync';
	/** Seed for fault randomness (default 42). */
	seed?: number;
	/** New templates: approved after this many ms (default 200), 0 = APPROVED in the create answer, 'manual' = stay PENDING. */
	templateApprovalDelayMs?: number | 'manual';
	/** Delay before a green tick (OBA) request or display name change is decided (200; `'manual'` = by control call). */
	identityReviewDelayMs?: number | 'manual';
	/** Template insights enabled (template_analytics works); default true. False: 200007 until enabled via POST /{waba}?is_enabled_for_insights=true. */
	templateInsightsEnabled?: boolean;
	/** Media ids the simulator does not know make a send fail asynchronously with 131053. Default true. */
	strictMediaIds?: boolean;
	/** Webhook delivery retries on non-2xx or network error. Default {attempts: 3, backoffMs: 100} (backoff ×4 each time, or ×`factor`). */
	webhookRetry?: { attempts: number; backoffMs: number; factor?: number; timeoutMs?: number };
	/** Escape `/` as `\/` in webhook bodies like Meta does. Default true. */
	escapeSlashes?: boolean;
	/** Largest accepted request body; default 120 MB. Larger bodies get HTTP 413. */
	maxBodyBytes?: number;
	/** Clock in ms (windows, timestamps, limits). Default Date.now. */
	clock?: () => number;
	/** Log lines (unexpected errors always; requests too when `verbose`). Default console.error for errors. */
	logger?: (line: string) => void;
	verbose?: boolean;
	/** Keep at most this many recorded requests (oldest dropped). Default 10000. */
	maxRecordedRequests?: number;
}

export interface RecordedRequest {
	method: string;
	path: string;
	query: Record<string, string>;
	headers: Record<string, string>;
	body: unknown;
	status: number;
	response: unknown;
	/** 'dropped' when the socket was destroyed without an answer. */
	outcome: 'answered' | 'dropped';
	time: Date;
	/** The simulator's (virtual) time of the request: ./clock.ts. */
	simTime?: number;
	durationMs: number;
}

export interface AcceptedMessage {
	id: string;
	phoneNumberId: string;
	to: string;
	waId: string;
	type: string;
	body: Record<string, unknown>;
	acceptedAt: Date;
	apiVersion: string;
	/** Set when delivery fails asynchronously (window closed, undeliverable, unknown media). */
	failure?: StatusError;
	templateName?: string;
	templateCategory?: TemplateCategory;
}

export interface WebhookRecord {
	/** 'messages' | 'message_template_status_update' | ... */
	field: string;
	kind: 'status' | 'inbound' | 'template' | 'raw' | 'other';
	url?: string;
	payload: unknown;
	rawBody: string;
	signature: string;
	attempts: number;
	/** Final HTTP status, 0 on network error, undefined when not sent (no URL / unsubscribed / stopped). */
	status?: number;
	error?: string;
	skipped?: 'no-url' | 'unsubscribed' | 'stopped';
	createdAt: Date;
	wamid?: string;
	statusName?: string;
}

export interface SimulatorStats {
	requests: number;
	accepted: number;
	rejected130429: number;
	rejected131056: number;
	rejectedValidation: number;
	failedStatuses: number;
	webhooksSent: number;
	webhooksFailed: number;
	faultsInjected: number;
	dropped: number;
	inbound: number;
}

export interface ResolvedOptions {
	port: number;
	accessToken: string;
	tokens: Record<string, Scope[]>;
	expiredTokens: string[];
	appSecret: string;
	appId: string;
	businessAccountId: string;
	businessAccountName: string;
	phoneNumbers: PhoneNumberConfig[];
	messagesPerSecond: number;
	pairRate: { burst: number; perSeconds: number } | false;
	latencyMs: number;
	faults: FaultOptions;
	webhookUrl?: string;
	statusDelaysMs: StatusDelays;
	statuses: boolean;
	readReceipts: boolean;
	windowOpenForAll: boolean;
	windowErrorMode: 'async' | 'sync';
	seed: number;
	templateApprovalDelayMs: number | 'manual';
	identityReviewDelayMs: number | 'manual';
	templateInsightsEnabled: boolean;
	strictMediaIds: boolean;
	webhookRetry: { attempts: number; backoffMs: number; factor?: number; timeoutMs?: number };
	escapeSlashes: boolean;
	maxBodyBytes: number;
	clock: () => number;
	logger: (line: string) => void;
	verbose: boolean;
	maxRecordedRequests: number;
}

export interface SimulatorHandle {
	/** 'http://127.0.0.1:PORT' (use as the credential's base URL). */
	url: string;
	port: number;
	options: ResolvedOptions;
	requests: RecordedRequest[];
	acceptedMessages: AcceptedMessage[];
	webhooks: WebhookRecord[];
	/** Inbound message ids marked read (and whether with a typing indicator). */
	readMarks: Array<{ messageId: string; typingIndicator: boolean; phoneNumberId: string; at: Date }>;
	/** 'request' (RecordedRequest), 'accepted' (AcceptedMessage), 'webhook' (WebhookRecord), 'log' (string). */
	events: EventEmitter;
	/** Opens the window for `from`, builds Meta's inbound webhook and POSTs it signed to the webhook URL. */
	injectInbound(message: InboundMessageInput): Promise<{ wamid: string; payload: Record<string, unknown>; deliveredStatus?: number; webhook: WebhookRecord }>;
	/** Builds the inbound payload only (no window change, no POST). */
	buildInboundPayload(message: InboundMessageInput): { wamid: string; payload: Record<string, unknown> };
	/** Builds a status webhook payload for a wamid this simulator accepted (or any wamid). */
	buildStatusPayload(input: Omit<StatusInput, 'timestampMs'> & { timestampMs?: number; phoneNumberId?: string }): Record<string, unknown>;
	/** Raw POST helper: encodes like Meta (escaped unicode) and signs ('valid' default). A string payload is sent verbatim. */
	sendWebhook(payload: object | string, opts?: { signature?: 'valid' | 'invalid' | 'none'; url?: string }): Promise<{ status: number; body: string }>;
	/** Sets the app-level callback URL (undefined = none). */
	setWebhookUrl(url: string | undefined): void;
	/** Current effective callback URL for a number (phone override > WABA override > app). */
	webhookUrlFor(phoneNumberId?: string): string | undefined;
	setOptions(partial: Partial<SimulatorOptions>): void;
	openWindow(waId: string, at?: Date, phoneNumberId?: string): void;
	closeWindow(waId: string, phoneNumberId?: string): void;
	isWindowOpen(waId: string, phoneNumberId?: string): boolean;
	/** Business blocks a user (as POST block_users would, without the 24 h rule). */
	blockUser(waId: string, phoneNumberId?: string): void;
	unblockUser(waId: string, phoneNumberId?: string): void;
	/** Recipient cannot receive messages: sends are accepted, then fail with 131026. */
	setUndeliverable(waId: string, undeliverable?: boolean): void;
	/** User stopped marketing: marketing templates fail with 131050. */
	setMarketingStopped(waId: string, stopped?: boolean): void;
	/** Changes a template's status (by id, or name + language) and sends message_template_status_update. */
	setTemplateStatus(idOrName: string, status: TemplateStatus, opts?: { language?: string; reason?: string }): Promise<void>;
	templates(): StoredTemplate[];
	/** Resolves with the first webhook record (already recorded or future) matching the predicate. */
	waitForWebhook(predicate: (w: WebhookRecord) => boolean, timeoutMs?: number): Promise<WebhookRecord>;
	/** Green tick (OBA) requests and display name reviews: decide now, set the next outcome, age a rejection. */
	identity: IdentityReviews;
	/** Clears recorded data, windows, blocks, rate-limit state, uploaded media, and re-seeds templates. */
	reset(): void;
	stats(): SimulatorStats;
	/** The virtual clock (webhook and status times and the 24-hour window follow it; rate windows do not). */
	clock: VirtualClock;
	/** The chat page (GET /_sim/chat): which number it plays against, its business actions, record and replay. */
	chat: {
		configure(config: ChatConfig): void;
		recording(): ChatRecording;
		replay(recording: ChatRecording, options?: { renumber?: Record<string, string>; quietMs?: number; stepTimeoutMs?: number }): Promise<ReplayResult>;
	};
	/** Distinct messages per status delivered to the webhook receiver (2xx), and failure codes. */
	statusCounts(): StatusCounts;
	stop(): Promise<void>;
}


// ---------------------------------------------------------------------------------------------
// Internal state

export interface PhoneState {
	config: PhoneNumberConfig;
	profile: Record<string, unknown>;
	webhookOverride?: string;
	blocked: Map<string, string>;
	qrCodes: Map<string, { code: string; prefilled_message: string; deep_link_url: string; format: 'SVG' | 'PNG' }>;
	commerce: { is_cart_enabled: boolean; is_catalog_visible: boolean; id: string };
	registered: boolean;
	pin?: string;
	sendTimes: number[];
}

export interface MediaRecord {
	id: string;
	phoneNumberId?: string;
	mimeType: string;
	bytes: Buffer;
	sha256Hex: string;
	createdAt: number;
	filename?: string;
}

export interface UploadSession {
	id: string;
	fileName: string;
	fileLength: number;
	fileType: string;
	received: Buffer;
	handle?: string;
}

export interface Reply {
	status: number;
	json?: unknown;
	raw?: Buffer;
	contentType?: string;
	headers?: Record<string, string>;
	/** Destroy the socket instead of answering. */
	drop?: boolean;
}

export interface RequestContext {
	method: string;
	segments: string[];
	version: string;
	versionNumber: number;
	query: Record<string, string>;
	params: Record<string, unknown>;
	rawBody: Buffer;
	contentType: string;
	headers: IncomingMessage['headers'];
	scopes: Scope[];
	multipart?: ReturnType<typeof parseMultipart>;
}