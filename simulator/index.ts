/**
 * Local WhatsApp Cloud API (Graph) simulator: a dev/test tool that emulates Meta independently of
 * the package's own code (it must not import it, or tests become tautological).
 * Spec: /work/shared/reference/cloud-api-facts.md (sections referenced as "facts §n").
 */
/* eslint-disable no-console, @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/require-node-api-error -- dev tool that runs in Node, not inside n8n (it emulates Meta's HTTP server) */
import { createHash, createHmac, randomBytes } from 'node:crypto';
import { EventEmitter } from 'node:events';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { createServer } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

import { conversationAnalytics, messagingAnalytics, pricingAnalytics, templateAnalytics } from './analytics';
import {
	GraphError,
	expiredToken,
	internalError,
	invalidToken,
	invalidValue,
	missingToken,
	param100,
	permissionError,
	unsupportedRequest,
	waError,
} from './errors';
import { maybeJson, parseFields, parseForm, parseMultipart, pickFields } from './http-body';
import { IdentityReviews } from './identity';
import type { ReadRequest, SendRequest } from './messages';
import { validateMessageRequest } from './messages';
import type { StoredTemplate, TemplateCategory, TemplateStatus } from './templates';
import { LANGUAGES, seedTemplates, templateView, validateTemplateDefinition } from './templates';
import { createRandom, digitsOnly, isRecord, numericId, signWebhookBody, wamid as makeWamid } from './util';
import type { InboundMessageInput, PostResult, StatusError, StatusInput } from './webhooks';
import type { StatusCounts } from './statusCounts';
import { countStatusWebhooks } from './statusCounts';
import { buildInbound, conversationId, encodeWebhook, fieldEnvelope, phoneMetadata, postWebhook, statusPayload, verifyCallback } from './webhooks';

export { signWebhookBody } from './util';
export type { InboundMessageInput } from './webhooks';
export { SEED_TEMPLATES } from './templates';
export type { StatusCounts } from './statusCounts';

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
	/** Distinct messages per status delivered to the webhook receiver (2xx), and failure codes. */
	statusCounts(): StatusCounts;
	stop(): Promise<void>;
}

// ---------------------------------------------------------------------------------------------
// Defaults

export const DEFAULTS = {
	accessToken: 'sim-token',
	appSecret: 'sim-app-secret',
	appId: '900000000000001',
	businessAccountId: '102290129340398',
	phoneNumberId: '106540352242922',
	displayPhoneNumber: '+1 555-0100',
	verifiedName: 'Lucky Shrub',
} as const;

const MESSAGING: Scope = 'whatsapp_business_messaging';
const MANAGEMENT: Scope = 'whatsapp_business_management';
const WINDOW_MS = 24 * 3600 * 1000;
const MEDIA_URL_TTL_MS = 5 * 60 * 1000;

const PHONE_DEFAULT_FIELDS = ['verified_name', 'code_verification_status', 'display_phone_number', 'quality_rating', 'platform_type', 'throughput', 'id'];
const PROFILE_FIELDS = ['about', 'address', 'description', 'email', 'profile_picture_url', 'websites', 'vertical', 'messaging_product'];
const VERTICALS = [
	'',
	'ALCOHOL',
	'APPAREL',
	'AUTO',
	'BEAUTY',
	'EDU',
	'ENTERTAIN',
	'EVENT_PLAN',
	'FINANCE',
	'GOVT',
	'GROCERY',
	'HEALTH',
	'HOTEL',
	'NONPROFIT',
	'ONLINE_GAMBLING',
	'OTC_DRUGS',
	'OTHER',
	'PHYSICAL_GAMBLING',
	'PROF_SERVICES',
	'RESTAURANT',
	'RETAIL',
	'TRAVEL',
	'UNDEFINED',
	'NOT_A_BIZ',
];

const MEDIA_TYPES: Record<string, { kind: string; max: number }> = {
	'audio/aac': { kind: 'audio', max: 16 << 20 },
	'audio/amr': { kind: 'audio', max: 16 << 20 },
	'audio/mpeg': { kind: 'audio', max: 16 << 20 },
	'audio/mp4': { kind: 'audio', max: 16 << 20 },
	'audio/ogg': { kind: 'audio', max: 16 << 20 },
	'text/plain': { kind: 'document', max: 100 << 20 },
	'application/pdf': { kind: 'document', max: 100 << 20 },
	'application/msword': { kind: 'document', max: 100 << 20 },
	'application/vnd.openxmlformats-officedocument.wordprocessingml.document': { kind: 'document', max: 100 << 20 },
	'application/vnd.ms-excel': { kind: 'document', max: 100 << 20 },
	'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': { kind: 'document', max: 100 << 20 },
	'application/vnd.ms-powerpoint': { kind: 'document', max: 100 << 20 },
	'application/vnd.openxmlformats-officedocument.presentationml.presentation': { kind: 'document', max: 100 << 20 },
	'image/jpeg': { kind: 'image', max: 5 << 20 },
	'image/png': { kind: 'image', max: 5 << 20 },
	'image/webp': { kind: 'sticker', max: 500 << 10 },
	'video/mp4': { kind: 'video', max: 16 << 20 },
	'video/3gpp': { kind: 'video', max: 16 << 20 },
};

/** 1x1 PNG, used for inbound image placeholders and QR PNGs. */
const TINY_PNG = Buffer.from(
	'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==',
	'base64',
);
/** Smallest valid JPEG-looking bytes (SOI + APP0 + EOI). */
const TINY_JPEG = Buffer.from('ffd8ffe000104a46494600010100000100010000ffd9', 'hex');

function resolveOptions(o: SimulatorOptions = {}): ResolvedOptions {
	return {
		port: o.port ?? 0,
		accessToken: o.accessToken ?? DEFAULTS.accessToken,
		tokens: o.tokens ?? {},
		expiredTokens: o.expiredTokens ?? [],
		appSecret: o.appSecret ?? DEFAULTS.appSecret,
		appId: o.appId ?? DEFAULTS.appId,
		businessAccountId: o.businessAccountId ?? DEFAULTS.businessAccountId,
		businessAccountName: o.businessAccountName ?? 'Lucky Shrub',
		phoneNumbers: o.phoneNumbers ?? [
			{ id: DEFAULTS.phoneNumberId, display_phone_number: DEFAULTS.displayPhoneNumber, verified_name: DEFAULTS.verifiedName },
		],
		messagesPerSecond: o.messagesPerSecond ?? 80,
		pairRate: o.pairRate === undefined ? { burst: 45, perSeconds: 6 } : o.pairRate,
		latencyMs: o.latencyMs ?? 0,
		faults: { ...(o.faults ?? {}) },
		webhookUrl: o.webhookUrl,
		statusDelaysMs: { sent: 20, delivered: 40, read: 60, ...(o.statusDelaysMs ?? {}) },
		statuses: o.statuses ?? true,
		readReceipts: o.readReceipts ?? true,
		windowOpenForAll: o.windowOpenForAll ?? false,
		windowErrorMode: o.windowErrorMode ?? 'async',
		seed: o.seed ?? 42,
		templateApprovalDelayMs: o.templateApprovalDelayMs ?? 200,
		identityReviewDelayMs: o.identityReviewDelayMs ?? 200,
		templateInsightsEnabled: o.templateInsightsEnabled ?? true,
		strictMediaIds: o.strictMediaIds ?? true,
		webhookRetry: o.webhookRetry ?? { attempts: 3, backoffMs: 100 },
		escapeSlashes: o.escapeSlashes ?? true,
		maxBodyBytes: o.maxBodyBytes ?? 120 * 1024 * 1024,
		clock: o.clock ?? (() => Date.now()),
		logger: o.logger ?? ((line: string) => console.error(line)),
		verbose: o.verbose ?? false,
		maxRecordedRequests: o.maxRecordedRequests ?? 10000,
	};
}

// ---------------------------------------------------------------------------------------------
// Internal state

interface PhoneState {
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

interface MediaRecord {
	id: string;
	phoneNumberId?: string;
	mimeType: string;
	bytes: Buffer;
	sha256Hex: string;
	createdAt: number;
	filename?: string;
}

interface UploadSession {
	id: string;
	fileName: string;
	fileLength: number;
	fileType: string;
	received: Buffer;
	handle?: string;
}

interface Reply {
	status: number;
	json?: unknown;
	raw?: Buffer;
	contentType?: string;
	headers?: Record<string, string>;
	/** Destroy the socket instead of answering. */
	drop?: boolean;
}

interface RequestContext {
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

class SimulatorCore {
	options: ResolvedOptions;
	url = '';
	port = 0;
	server: Server;
	events = new EventEmitter();
	requests: RecordedRequest[] = [];
	acceptedMessages: AcceptedMessage[] = [];
	webhooks: WebhookRecord[] = [];
	readMarks: SimulatorHandle['readMarks'] = [];
	phones = new Map<string, PhoneState>();
	templatesList: StoredTemplate[] = [];
	deletedTemplateNames = new Map<string, number>();
	media = new Map<string, MediaRecord>();
	uploads = new Map<string, UploadSession>();
	uploadHandles = new Set<string>();
	windows = new Map<string, number>();
	pairBuckets = new Map<string, { tokens: number; last: number }>();
	undeliverable = new Set<string>();
	marketingStopped = new Set<string>();
	outbound = new Map<string, AcceptedMessage>();
	inboundIds = new Set<string>();
	wabaOverride?: string;
	wabaSubscribed = true;
	appSubscription?: { callback_url: string; fields: string[]; active: boolean };
	insightsEnabled: boolean;
	random: () => number;
	timers = new Set<NodeJS.Timeout>();
	sockets = new Set<Socket>();
	stopped = false;
	statsData: SimulatorStats = this.emptyStats();
	identity: IdentityReviews;

	constructor(options: SimulatorOptions) {
		this.options = resolveOptions(options);
		this.identity = new IdentityReviews(
			{
				now: () => this.now(),
				schedule: (fn, ms) => this.schedule(fn, ms),
				businessAccountId: () => this.options.businessAccountId,
				phone: (id) => {
					const phone = this.phones.get(id);
					return phone && { ...phone.config, pinEnabled: phone.pin !== undefined };
				},
				deliver: (payload, meta) => this.deliver(payload, meta),
			},
			this.options.identityReviewDelayMs,
		);
		this.random = createRandom(this.options.seed);
		this.insightsEnabled = this.options.templateInsightsEnabled;
		this.initState();
		this.server = createServer((req, res) => {
			void this.handle(req, res);
		});
		this.server.on('connection', (socket: Socket) => {
			this.sockets.add(socket);
			socket.on('close', () => this.sockets.delete(socket));
		});
		this.server.on('clientError', (_err, socket) => {
			if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n');
			else socket.destroy();
		});
	}

	emptyStats(): SimulatorStats {
		return {
			requests: 0,
			accepted: 0,
			rejected130429: 0,
			rejected131056: 0,
			rejectedValidation: 0,
			failedStatuses: 0,
			webhooksSent: 0,
			webhooksFailed: 0,
			faultsInjected: 0,
			dropped: 0,
			inbound: 0,
		};
	}

	initState(): void {
		this.phones.clear();
		for (const config of this.options.phoneNumbers) this.addPhone(config);
		this.templatesList = seedTemplates(this.now());
	}

	addPhone(config: PhoneNumberConfig): void {
		this.phones.set(config.id, {
			config,
			profile: {
				about: 'Succulents delivered',
				address: '101 Butterfly Ln, Ohio',
				description: 'We sell plants.',
				email: 'hello@example.com',
				profile_picture_url: `${this.url || 'http://127.0.0.1'}/sim-assets/profile-${config.id}.png`,
				websites: ['https://example.com/'],
				vertical: 'RETAIL',
			},
			blocked: new Map(),
			qrCodes: new Map(),
			commerce: { is_cart_enabled: true, is_catalog_visible: false, id: numericId('5') },
			registered: true,
			pin: config.two_step_pin,
			sendTimes: [],
		});
	}

	now(): number {
		return this.options.clock();
	}

	log(line: string): void {
		this.events.emit('log', line);
		this.options.logger(line);
	}

	schedule(fn: () => void, ms: number): void {
		if (this.stopped) return;
		const timer = setTimeout(() => {
			this.timers.delete(timer);
			if (!this.stopped) fn();
		}, ms);
		this.timers.add(timer);
	}

	// --- HTTP plumbing --------------------------------------------------------------------

	async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
		const started = Date.now();
		const url = new URL(req.url ?? '/', 'http://127.0.0.1');
		const query: Record<string, string> = {};
		for (const [k, v] of url.searchParams) query[k] = v;
		const method = (req.method ?? 'GET').toUpperCase();
		const record: RecordedRequest = {
			method,
			path: url.pathname,
			query: { ...query, ...(query.access_token ? { access_token: '***' } : {}) },
			headers: redactHeaders(req.headers),
			body: undefined,
			status: 0,
			response: undefined,
			outcome: 'answered',
			time: new Date(),
			durationMs: 0,
		};
		let reply: Reply;
		let body: Buffer | 'too-large';
		try {
			body = await readBody(req, this.options.maxBodyBytes);
		} catch {
			// The client went away before sending the whole body: nothing to answer.
			record.outcome = 'dropped';
			record.durationMs = Date.now() - started;
			this.recordRequest(record);
			return;
		}
		try {
			if (body === 'too-large') {
				reply = errorReply(new GraphError({ code: 100, httpStatus: 413, message: '(#100) Request body is too large' }));
			} else {
				reply = await this.route(method, url.pathname, query, body, req, record);
			}
		} catch (error) {
			if (error instanceof GraphError) reply = errorReply(error);
			else {
				this.log(`[simulator] unexpected error on ${method} ${url.pathname}: ${(error as Error)?.stack ?? String(error)}`);
				reply = errorReply(internalError());
			}
		}
		if (this.options.latencyMs > 0) await new Promise((r) => setTimeout(r, this.options.latencyMs));
		record.durationMs = Date.now() - started;
		this.statsData.requests++;
		if (reply.drop) {
			record.outcome = 'dropped';
			this.statsData.dropped++;
			this.recordRequest(record);
			req.socket.destroy();
			return;
		}
		record.status = reply.status;
		record.response = reply.json ?? (reply.raw ? { binary: reply.raw.length, contentType: reply.contentType } : undefined);
		this.recordRequest(record);
		if (this.options.verbose) this.log(`[simulator] ${method} ${url.pathname} -> ${reply.status}`);
		const headers: Record<string, string | number> = {
			'x-fb-trace-id': randomBytes(8).toString('base64').replace(/=+$/, ''),
			'x-fb-rev': '1020304050',
			'facebook-api-version': url.pathname.match(/^\/(v\d+\.\d+)\//)?.[1] ?? 'v25.0',
			...(reply.headers ?? {}),
		};
		if (reply.raw) {
			headers['Content-Type'] = reply.contentType ?? 'application/octet-stream';
			headers['Content-Length'] = reply.raw.length;
			res.writeHead(reply.status, headers);
			res.end(method === 'HEAD' ? undefined : reply.raw);
		} else {
			const text = JSON.stringify(reply.json ?? {});
			headers['Content-Type'] = 'application/json; charset=UTF-8';
			headers['Content-Length'] = Buffer.byteLength(text);
			if (reply.status === 401) headers['WWW-Authenticate'] = 'OAuth "Facebook Platform" "invalid_token" "Invalid OAuth access token"';
			res.writeHead(reply.status, headers);
			res.end(text);
		}
	}

	recordRequest(record: RecordedRequest): void {
		this.requests.push(record);
		if (this.requests.length > this.options.maxRecordedRequests) this.requests.splice(0, this.requests.length - this.options.maxRecordedRequests);
		this.events.emit('request', record);
	}

	async route(method: string, pathname: string, query: Record<string, string>, rawBody: Buffer, req: IncomingMessage, record: RecordedRequest): Promise<Reply> {
		const contentType = String(req.headers['content-type'] ?? '').toLowerCase();
		// Non-Graph paths served by the simulator itself.
		if (pathname === '/whatsapp_business/attachments/' || pathname === '/whatsapp_business/attachments') return this.download(query, req);
		if (pathname.startsWith('/sim-assets/')) return this.asset(pathname);
		if (pathname.startsWith('/__sim/')) return this.control(method, pathname, rawBody);
		if (pathname === '/' || pathname === '') return { status: 200, json: { simulator: 'whatsapp-cloud-api', version: 'v25.0' } };

		const match = /^\/(v(\d+)\.(\d+))(\/.*)?$/.exec(pathname);
		const segments = (match ? match[4] ?? '' : pathname)
			.split('/')
			.filter(Boolean)
			.map((s) => decodeURIComponent(s));

		// Parse params: query + body (JSON, form or multipart). Graph merges both.
		let params: Record<string, unknown> = {};
		for (const [k, v] of Object.entries(query)) if (k !== 'access_token') params[k] = maybeJson(v);
		let multipart: RequestContext['multipart'];
		if (rawBody.length > 0) {
			if (contentType.includes('application/json')) {
				let parsed: unknown;
				try {
					parsed = JSON.parse(rawBody.toString('utf8'));
				} catch {
					record.body = { invalidJson: rawBody.subarray(0, 200).toString('utf8') };
					throw param100('Invalid JSON in request body: the body could not be parsed as JSON.');
				}
				record.body = parsed;
				if (isRecord(parsed)) params = { ...params, ...parsed };
				else params = { ...params, __nonObjectBody: parsed };
			} else if (contentType.includes('application/x-www-form-urlencoded')) {
				const form = parseForm(rawBody.toString('utf8'));
				record.body = form;
				params = { ...params, ...form };
			} else if (contentType.includes('multipart/form-data')) {
				multipart = parseMultipart(rawBody, String(req.headers['content-type'] ?? '')); // the boundary is case-sensitive
				record.body = multipart
					? { multipart: multipart.map((p) => ({ name: p.name, filename: p.filename, contentType: p.contentType, size: p.data.length, ...(p.filename ? {} : { value: p.data.toString('utf8').slice(0, 200) }) })) }
					: { invalidMultipart: rawBody.length };
				for (const p of multipart ?? []) if (p.filename === undefined) params[p.name] = maybeJson(p.data.toString('utf8'));
			} else {
				// Any other content type: Graph does not read the body as parameters.
				record.body = { binary: rawBody.length, contentType };
			}
		}

		if (!match) throw unsupportedRequest(method, segments[0] ?? '');
		const version = match[1];
		const versionNumber = Number(match[2]) + Number(match[3]) / 10;

		// OAuth app token (no user token needed).
		if (segments[0] === 'oauth' && segments[1] === 'access_token') return this.oauthAccessToken(params);

		const scopes = this.authenticate(req, query);
		const ctx: RequestContext = { method, segments, version, versionNumber, query, params, rawBody, contentType, headers: req.headers, scopes, multipart };

		const fault = this.maybeFault(ctx);
		if (fault === 'drop-after-accept') {
			// The request is processed (a valid send is accepted and its webhooks follow), then the
			// connection breaks before the answer: the client cannot know whether it was accepted.
			await this.dispatch(ctx).catch(() => undefined);
			return { status: 0, drop: true };
		}
		if (fault) return fault;
		return this.dispatch(ctx);
	}

	authenticate(req: IncomingMessage, query: Record<string, string>): Scope[] {
		const header = String(req.headers.authorization ?? '');
		const m = /^(?:Bearer|OAuth)\s+(.+)$/i.exec(header.trim());
		const token = m?.[1]?.trim() ?? query.access_token;
		if (!token) throw missingToken();
		if (this.options.expiredTokens.includes(token)) throw expiredToken(new Date(this.now()));
		if (token === this.options.accessToken) return [MESSAGING, MANAGEMENT];
		if (token === `${this.options.appId}|${this.options.appSecret}`) return [MANAGEMENT];
		const scopes = this.options.tokens[token];
		if (scopes) return scopes;
		throw invalidToken();
	}

	requireScope(ctx: RequestContext, scope: Scope): void {
		if (!ctx.scopes.includes(scope)) throw permissionError(scope);
	}

	maybeFault(ctx: RequestContext): Reply | 'drop-after-accept' | undefined {
		const f = this.options.faults;
		const isSend = ctx.segments.length === 2 && ctx.segments[1] === 'messages' && (ctx.method === 'POST' || ctx.method === 'PUT');
		if (!isSend && f.scope !== 'all') return undefined;
		if (f.rateDrop && this.random() < f.rateDrop) {
			this.statsData.faultsInjected++;
			if (f.dropAfterAccept && isSend) return 'drop-after-accept';
			return { status: 0, drop: true };
		}
		if (f.rate5xx && this.random() < f.rate5xx) {
			this.statsData.faultsInjected++;
			return this.random() < 0.5
				? errorReply(waError(131000, 'Something went wrong. Please try again later.', 500, { isTransient: true }))
				: errorReply(new GraphError({ code: 2, httpStatus: 503, message: '(#2) Service temporarily unavailable', isTransient: true }));
		}
		if (f.rate130429 && isSend && this.random() < f.rate130429) {
			this.statsData.faultsInjected++;
			this.statsData.rejected130429++;
			return errorReply(throughputError());
		}
		return undefined;
	}

	async dispatch(ctx: RequestContext): Promise<Reply> {
		const [first, second, third] = ctx.segments;
		const method = ctx.method;
		if (!first) throw unsupportedRequest(method, '');
		const phone = this.phones.get(first);
		const isWaba = first === this.options.businessAccountId;

		if (phone) {
			if (ctx.segments.length > 3) throw unsupportedRequest(method, first);
			switch (second) {
				case undefined:
					if (method === 'GET') return this.getPhoneNumber(ctx, phone);
					if (method === 'POST') return this.updatePhoneNumber(ctx, phone);
					break;
				case 'messages':
					if (method === 'POST' || method === 'PUT') return this.sendMessage(ctx, phone);
					break;
				case 'media':
					if (method === 'POST') return this.uploadMedia(ctx, phone);
					break;
				case 'whatsapp_business_profile':
					this.requireScope(ctx, MANAGEMENT);
					if (method === 'GET') return this.getProfile(ctx, phone);
					if (method === 'POST') return this.updateProfile(ctx, phone);
					break;
				case 'block_users':
					return this.blockUsers(ctx, phone);
				case 'official_business_account':
					this.requireScope(ctx, MANAGEMENT);
					if (method === 'GET') return { status: 200, json: pickFields(this.identity.greenTickEdge(phone.config.id, phone.config), ctx.query.fields, ['id', 'oba_status', 'status_message']) };
					if (method === 'POST') return { status: 200, json: this.identity.requestGreenTick(phone.config.id, ctx.params, phone.config) };
					break;
				case 'message_qrdls':
					return this.qrCodes(ctx, phone, third);
				case 'whatsapp_commerce_settings':
					this.requireScope(ctx, MANAGEMENT);
					if (method === 'GET') return { status: 200, json: { data: [{ ...phone.commerce }] } };
					if (method === 'POST') {
						for (const key of ['is_cart_enabled', 'is_catalog_visible'] as const) {
							const v = ctx.params[key];
							if (v !== undefined) phone.commerce[key] = v === true || v === 'true';
						}
						return { status: 200, json: { success: true } };
					}
					break;
				case 'register':
				case 'deregister':
				case 'request_code':
				case 'verify_code':
					if (method === 'POST') return this.registration(ctx, phone, second);
					break;
			}
			throw unsupportedRequest(method, first);
		}

		if (isWaba) {
			this.requireScope(ctx, MANAGEMENT);
			switch (second) {
				case undefined:
					if (method === 'GET') return this.getWaba(ctx);
					if (method === 'POST') {
						if (ctx.params.is_enabled_for_insights !== undefined) {
							if (String(ctx.params.is_enabled_for_insights) !== 'true') {
								throw new GraphError({ code: 200006, message: '(#200006) Template insights cannot be disabled', httpStatus: 400 });
							}
							this.insightsEnabled = true;
						}
						return { status: 200, json: { id: first } };
					}
					break;
				case 'phone_numbers':
					if (method === 'GET') return this.listPhoneNumbers(ctx);
					break;
				case 'message_templates':
					if (method === 'GET') return this.listTemplates(ctx);
					if (method === 'POST') return this.createTemplate(ctx);
					if (method === 'DELETE') return this.deleteTemplate(ctx);
					break;
				case 'subscribed_apps':
					return this.subscribedApps(ctx);
				case 'template_analytics':
					if (method === 'GET') return this.templateAnalyticsEdge(ctx);
					break;
			}
			throw unsupportedRequest(method, first);
		}

		if (first === this.options.appId || first === 'app') {
			if (second === 'uploads' && method === 'POST') return this.createUpload(ctx);
			if (second === 'subscriptions') return this.appSubscriptions(ctx);
			throw unsupportedRequest(method, first);
		}
		if (first.startsWith('upload:')) {
			if (method === 'POST') return this.uploadChunk(ctx, first);
			if (method === 'GET') {
				const session = this.uploads.get(first);
				if (!session) throw unsupportedRequest(method, first);
				return { status: 200, json: { id: first, file_offset: session.received.length } };
			}
			throw unsupportedRequest(method, first);
		}

		const template = this.templatesList.find((t) => t.id === first && t.status !== 'DELETED');
		if (template && !second) {
			this.requireScope(ctx, MANAGEMENT);
			if (method === 'GET') return { status: 200, json: pickFields(templateView(template), ctx.query.fields) };
			if (method === 'POST') return this.editTemplate(ctx, template);
			throw unsupportedRequest(method, first);
		}

		const media = this.media.get(first);
		if (media && !second) {
			this.requireScope(ctx, MESSAGING);
			const pnid = ctx.query.phone_number_id;
			if (pnid && media.phoneNumberId && pnid !== media.phoneNumberId) throw unsupportedRequest(method, first);
			if (method === 'GET') {
				return {
					status: 200,
					json: {
						messaging_product: 'whatsapp',
						url: this.mediaUrl(media),
						mime_type: media.mimeType,
						sha256: media.sha256Hex,
						file_size: String(media.bytes.length),
						id: media.id,
					},
				};
			}
			if (method === 'DELETE') {
				this.media.delete(first);
				return { status: 200, json: { success: true } };
			}
		}
		throw unsupportedRequest(method, first);
	}

	// --- messages -------------------------------------------------------------------------

	async sendMessage(ctx: RequestContext, phone: PhoneState): Promise<Reply> {
		this.requireScope(ctx, MESSAGING);
		if (ctx.params.__nonObjectBody !== undefined) throw param100('The parameter messaging_product is required.');
		let request: SendRequest | ReadRequest;
		try {
			request = validateMessageRequest(ctx.params, {
				templates: this.templatesList,
				mediaExists: (id) => !this.options.strictMediaIds || this.media.has(id),
			});
		} catch (error) {
			if (error instanceof GraphError) this.statsData.rejectedValidation++;
			throw error;
		}
		const pnid = phone.config.id;
		if (request.kind === 'read') {
			if (this.outbound.has(request.messageId)) {
				this.statsData.rejectedValidation++;
				throw invalidValue(`message_id ${request.messageId} was sent by the business; only received messages can be marked as read.`);
			}
			this.readMarks.push({ messageId: request.messageId, typingIndicator: request.typingIndicator, phoneNumberId: pnid, at: new Date(this.now()) });
			return { status: 200, json: { success: true } };
		}

		const { waId } = request;
		if (waId === digitsOnly(phone.config.display_phone_number)) {
			this.statsData.rejectedValidation++;
			throw waError(131021, 'Recipient cannot be the sender: the message was addressed to the business phone number itself.');
		}
		if (phone.blocked.has(waId)) {
			this.statsData.rejectedValidation++;
			throw invalidValue(`Recipient ${waId} is blocked by this business. Unblock the user before sending (decision: synchronous 131009).`);
		}
		const now = this.now();
		const windowOpen = this.isWindowOpen(waId, pnid);
		if (request.type !== 'template' && !windowOpen && this.options.windowErrorMode === 'sync') {
			this.statsData.rejectedValidation++;
			throw waError(131047, 'Message failed to send because more than 24 hours have passed since the customer last replied to this number.');
		}

		// Throughput: sliding 1 s window of accepted sends per number.
		const cutoff = now - 1000;
		while (phone.sendTimes.length > 0 && phone.sendTimes[0] <= cutoff) phone.sendTimes.shift();
		if (phone.sendTimes.length >= this.options.messagesPerSecond) {
			this.statsData.rejected130429++;
			throw throughputError();
		}
		// Pair rate: token bucket per (number, recipient).
		const pair = this.options.pairRate;
		let bucket: { tokens: number; last: number } | undefined;
		if (pair) {
			const key = `${pnid}:${waId}`;
			bucket = this.pairBuckets.get(key) ?? { tokens: pair.burst, last: now };
			bucket.tokens = Math.min(pair.burst, bucket.tokens + (now - bucket.last) / (pair.perSeconds * 1000));
			bucket.last = now;
			this.pairBuckets.set(key, bucket);
			if (bucket.tokens < 1) {
				this.statsData.rejected131056++;
				throw waError(
					131056,
					'Message failed to send because there were too many messages sent from this phone number to the same phone number in a short period of time.',
				);
			}
			bucket.tokens -= 1;
		}
		phone.sendTimes.push(now);

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
		if (this.undeliverable.has(waId)) {
			accepted.failure = { code: 131026, title: 'Message undeliverable', details: 'Message Undeliverable.' };
		} else if (request.type !== 'template' && !windowOpen) {
			// Decision: like Meta in practice, a free-form send outside the 24 h window is accepted
			// (HTTP 200 + wamid) and then fails with a `failed` status carrying 131047.
			accepted.failure = {
				code: 131047,
				title: 'Re-engagement message',
				details: 'Message failed to send because more than 24 hours have passed since the customer last replied to this number.',
			};
		} else if (request.template?.template.category === 'MARKETING' && this.marketingStopped.has(waId)) {
			accepted.failure = { code: 131050, title: 'Unable to deliver the message. This recipient has chosen to stop receiving marketing messages on WhatsApp from your business.', details: 'User has stopped marketing messages from this business.' };
		} else if (request.unknownMedia.length > 0) {
			accepted.failure = { code: 131053, title: 'Media upload error', details: `Unable to retrieve media: media id ${request.unknownMedia[0]} was not found or has expired.` };
		}
		this.acceptedMessages.push(accepted);
		this.outbound.set(id, accepted);
		this.statsData.accepted++;
		this.events.emit('accepted', accepted);
		this.scheduleStatuses(accepted, request, windowOpen);

		const messages: Record<string, unknown> = { id };
		if (request.type === 'template') messages.message_status = 'accepted';
		const json = { messaging_product: 'whatsapp', contacts: [{ input: request.to, wa_id: waId }], messages: [messages] };
		return { status: 200, json };
	}

	scheduleStatuses(message: AcceptedMessage, request: SendRequest, windowOpen: boolean): void {
		if (!this.options.statuses) return;
		const phone = this.phones.get(message.phoneNumberId);
		if (!phone) return;
		const delays = this.options.statusDelaysMs;
		const base: Omit<StatusInput, 'status' | 'timestampMs'> = {
			wamid: message.id,
			recipientId: message.waId,
			bizOpaqueCallbackData: request.bizOpaqueCallbackData,
		};
		const post = (status: StatusInput['status'], extra: Partial<StatusInput>) => {
			const input: StatusInput = { ...base, status, timestampMs: this.now(), ...extra };
			const payload = statusPayload(this.options.businessAccountId, phoneMetadata(phone.config), [input]);
			void this.deliver(payload, { field: 'messages', kind: 'status', phoneNumberId: message.phoneNumberId, wamid: message.id, statusName: status });
		};
		if (message.failure) {
			const failure = message.failure;
			this.schedule(() => {
				this.statsData.failedStatuses++;
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
				? { conversation: { id: convId, ...(withExpiry ? { expiration_timestamp: String(Math.floor(this.now() / 1000) + 86400) } : {}), origin } }
				: {};
		this.schedule(() => post('sent', { ...conversation(true), pricing }), delays.sent);
		// A reaction only ever gets `sent` (facts §2.5).
		if (message.type === 'reaction') return;
		this.schedule(() => post('delivered', { ...conversation(false), pricing }), delays.delivered);
		if (this.options.readReceipts) this.schedule(() => post('read', {}), delays.read);
	}

	// --- webhooks -------------------------------------------------------------------------

	webhookUrlFor(phoneNumberId?: string): string | undefined {
		const phone = phoneNumberId ? this.phones.get(phoneNumberId) : undefined;
		return phone?.webhookOverride ?? this.wabaOverride ?? this.options.webhookUrl;
	}

	async deliver(
		payload: unknown,
		meta: { field: string; kind: WebhookRecord['kind']; phoneNumberId?: string; wamid?: string; statusName?: string; url?: string },
	): Promise<WebhookRecord> {
		const rawBody = encodeWebhook(payload, this.options.escapeSlashes);
		const url = meta.url ?? this.webhookUrlFor(meta.phoneNumberId);
		const record: WebhookRecord = {
			field: meta.field,
			kind: meta.kind,
			url,
			payload,
			rawBody,
			signature: signWebhookBody(rawBody, this.options.appSecret),
			attempts: 0,
			createdAt: new Date(this.now()),
			wamid: meta.wamid,
			statusName: meta.statusName,
		};
		this.webhooks.push(record);
		if (this.webhooks.length > this.options.maxRecordedRequests) this.webhooks.splice(0, this.webhooks.length - this.options.maxRecordedRequests);
		if (this.stopped) record.skipped = 'stopped';
		else if (!url) record.skipped = 'no-url';
		else if (!this.wabaSubscribed && !meta.url) record.skipped = 'unsubscribed';
		if (record.skipped) {
			this.events.emit('webhook', record);
			return record;
		}
		const { attempts, backoffMs, factor = 4, timeoutMs } = this.options.webhookRetry;
		let delay = backoffMs;
		for (let attempt = 1; attempt <= Math.max(1, attempts); attempt++) {
			record.attempts = attempt;
			const result: PostResult = await postWebhook(url as string, rawBody, this.options.appSecret, 'valid', timeoutMs);
			record.status = result.status;
			record.error = result.error;
			if (result.status >= 200 && result.status < 300) break;
			if (attempt < attempts && !this.stopped) {
				await new Promise((r) => setTimeout(r, delay).unref());
				delay *= factor;
			}
			if (this.stopped) break;
		}
		if (record.status !== undefined && record.status >= 200 && record.status < 300) this.statsData.webhooksSent++;
		else this.statsData.webhooksFailed++;
		this.events.emit('webhook', record);
		return record;
	}

	// --- media ----------------------------------------------------------------------------

	async uploadMedia(ctx: RequestContext, phone: PhoneState): Promise<Reply> {
		this.requireScope(ctx, MESSAGING);
		if (!ctx.contentType.includes('multipart/form-data')) {
			if (ctx.params.messaging_product === undefined) throw param100('The parameter messaging_product is required.');
			throw param100('The parameter file is required.');
		}
		if (!ctx.multipart) throw param100('Invalid multipart body: the request could not be parsed as multipart/form-data.');
		if (ctx.params.messaging_product === undefined) throw param100('The parameter messaging_product is required.');
		if (ctx.params.messaging_product !== 'whatsapp') throw param100(`Param messaging_product must be one of {WHATSAPP} - got "${String(ctx.params.messaging_product)}".`);
		const file = ctx.multipart.find((p) => p.name === 'file' && p.filename !== undefined) ?? ctx.multipart.find((p) => p.name === 'file');
		if (!file) throw param100('The parameter file is required.');
		const declared = typeof ctx.params.type === 'string' ? ctx.params.type : file.contentType;
		const mime = (declared ?? '').split(';')[0].trim().toLowerCase();
		const spec = MEDIA_TYPES[mime];
		if (!spec) {
			throw param100(`Param file must be a file with one of the following types: ${Object.keys(MEDIA_TYPES).join(', ')}. Received file of type '${mime || 'unknown'}'.`);
		}
		if (file.contentType && file.contentType.split(';')[0].trim().toLowerCase() !== mime && file.contentType !== 'application/octet-stream') {
			throw waError(131053, `The declared type '${mime}' does not match the file's type '${file.contentType}'.`);
		}
		if (file.data.length === 0) throw waError(131053, 'The uploaded file is empty.');
		if (file.data.length > spec.max) throw waError(131053, `File size ${file.data.length} bytes exceeds the ${spec.max} byte limit for ${mime}.`);
		const record = this.storeMedia(mime, file.data, phone.config.id, file.filename);
		return { status: 200, json: { id: record.id } };
	}

	storeMedia(mimeType: string, bytes: Buffer, phoneNumberId?: string, filename?: string): MediaRecord {
		const record: MediaRecord = {
			id: numericId('1'),
			phoneNumberId,
			mimeType,
			bytes,
			sha256Hex: createHash('sha256').update(bytes).digest('hex'),
			createdAt: this.now(),
			filename,
		};
		this.media.set(record.id, record);
		return record;
	}

	mediaUrl(media: MediaRecord): string {
		const ext = Math.floor((this.now() + MEDIA_URL_TTL_MS) / 1000);
		const hash = createHmac('sha256', this.options.appSecret).update(`${media.id}:${ext}`).digest('hex').slice(0, 24);
		return `${this.url}/whatsapp_business/attachments/?mid=${media.id}&ext=${ext}&hash=${hash}`;
	}

	download(query: Record<string, string>, req: IncomingMessage): Reply {
		const header = String(req.headers.authorization ?? '');
		const token = /^Bearer\s+(.+)$/i.exec(header.trim())?.[1];
		const valid = token !== undefined && (token === this.options.accessToken || (this.options.tokens[token] ?? []).includes(MESSAGING));
		if (!valid) return { status: 401, raw: Buffer.from('Unauthorized'), contentType: 'text/plain' };
		const media = this.media.get(query.mid ?? '');
		const ext = Number(query.ext);
		const expected = media ? createHmac('sha256', this.options.appSecret).update(`${media.id}:${query.ext}`).digest('hex').slice(0, 24) : '';
		if (!media || query.hash !== expected || !Number.isFinite(ext) || ext * 1000 < this.now()) {
			return { status: 404, raw: Buffer.from('Not Found'), contentType: 'text/plain' };
		}
		return {
			status: 200,
			raw: media.bytes,
			contentType: media.mimeType,
			headers: { 'Content-Disposition': `inline;filename=${media.filename ?? media.id}` },
		};
	}

	asset(pathname: string): Reply {
		const qr = /^\/sim-assets\/qr\/([A-Z0-9]+)\.(svg|png)$/.exec(pathname);
		if (qr) {
			for (const phone of this.phones.values()) {
				const code = phone.qrCodes.get(qr[1]);
				if (!code) continue;
				if (qr[2] === 'png') return { status: 200, raw: TINY_PNG, contentType: 'image/png' };
				const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="256" height="256" viewBox="0 0 256 256"><rect width="256" height="256" fill="#fff"/><rect x="16" y="16" width="64" height="64" fill="#000"/><rect x="176" y="16" width="64" height="64" fill="#000"/><rect x="16" y="176" width="64" height="64" fill="#000"/><text x="128" y="136" font-size="14" text-anchor="middle">${code.code}</text></svg>`;
				return { status: 200, raw: Buffer.from(svg), contentType: 'image/svg+xml' };
			}
		}
		if (/^\/sim-assets\/profile-\d+\.png$/.test(pathname)) return { status: 200, raw: TINY_PNG, contentType: 'image/png' };
		return { status: 404, raw: Buffer.from('Not Found'), contentType: 'text/plain' };
	}

	createUpload(ctx: RequestContext): Reply {
		const p = ctx.params;
		const fileLength = Number(p.file_length);
		if (!p.file_length || !Number.isInteger(fileLength) || fileLength <= 0) throw param100('The parameter file_length is required.', false);
		const fileType = String(p.file_type ?? '');
		if (!['image/jpeg', 'image/png', 'image/jpg', 'video/mp4', 'application/pdf'].includes(fileType)) {
			throw param100(`Param file_type must be one of {application/pdf, image/jpeg, image/jpg, image/png, video/mp4} - got "${fileType}".`, false);
		}
		const id = `upload:${Buffer.from(`${numericId('7')}:${fileType}`).toString('base64url')}`;
		this.uploads.set(id, { id, fileName: String(p.file_name ?? 'file'), fileLength, fileType, received: Buffer.alloc(0) });
		return { status: 200, json: { id: `${id}?sig=${randomBytes(12).toString('base64url')}` } };
	}

	uploadChunk(ctx: RequestContext, id: string): Reply {
		const session = this.uploads.get(id);
		if (!session) throw unsupportedRequest('post', id);
		const offset = Number(ctx.headers.file_offset ?? ctx.headers['file-offset'] ?? 0);
		if (offset !== session.received.length) {
			throw param100(`Param file_offset must be ${session.received.length} - got ${offset}.`, false);
		}
		session.received = Buffer.concat([session.received, ctx.rawBody]);
		if (session.received.length > session.fileLength) throw param100('The uploaded data is longer than file_length.', false);
		if (session.received.length < session.fileLength) return { status: 200, json: { id, file_offset: session.received.length } };
		session.handle = `4::${Buffer.from(session.fileType).toString('base64')}:${randomBytes(24).toString('base64url')}`;
		this.uploadHandles.add(session.handle);
		return { status: 200, json: { h: session.handle } };
	}

	// --- templates ------------------------------------------------------------------------

	listTemplates(ctx: RequestContext): Reply {
		const q = ctx.query;
		let list = this.templatesList.filter((t) => t.status !== 'DELETED');
		if (q.name) list = list.filter((t) => t.name.includes(q.name));
		if (q.status) {
			const statuses = q.status.toUpperCase().split(',');
			list = list.filter((t) => statuses.includes(t.status));
		}
		if (q.category) {
			const cats = q.category.toUpperCase().split(',');
			list = list.filter((t) => cats.includes(t.category));
		}
		if (q.language) list = list.filter((t) => t.language === q.language);
		if (q.content) list = list.filter((t) => JSON.stringify(t.components).includes(q.content));
		if (q.name_or_content) list = list.filter((t) => t.name.includes(q.name_or_content) || JSON.stringify(t.components).includes(q.name_or_content));
		const total = list.length;
		const page = paginate(list, q, 25, `${this.url}/${ctx.version}/${ctx.segments.join('/')}`);
		const out: Record<string, unknown> = {
			data: page.items.map((t) => pickFields(templateView(t), q.fields)),
		};
		if (page.paging) out.paging = page.paging;
		if (q.summary) {
			const summary: Record<string, unknown> = {};
			for (const key of q.summary.split(',')) {
				if (key === 'total_count' || key === 'message_template_count') summary[key] = total;
				if (key === 'message_template_limit') summary[key] = 250;
				if (key === 'are_translations_complete') summary[key] = true;
			}
			out.summary = summary;
		}
		return { status: 200, json: out };
	}

	createTemplate(ctx: RequestContext): Reply {
		const p = ctx.params;
		if (typeof p.name !== 'string' || !p.name) throw param100('The parameter name is required.', false);
		if (p.name.length > 512 || !/^[a-z0-9_]+$/.test(p.name)) {
			throw new GraphError({
				code: 100,
				message: 'Invalid parameter',
				extra: { is_transient: false, error_user_title: 'Invalid template name', error_user_msg: 'Template names can only contain lowercase letters, numbers and underscores (max 512 characters).' },
			});
		}
		if (typeof p.language !== 'string' || !p.language) throw param100('The parameter language is required.', false);
		if (!LANGUAGES.has(p.language)) throw param100(`Param language must be a supported language code - got "${p.language}".`, false);
		if (typeof p.category !== 'string') throw param100('The parameter category is required.', false);
		const category = p.category.toUpperCase() as TemplateCategory;
		if (!['MARKETING', 'UTILITY', 'AUTHENTICATION'].includes(category)) {
			throw param100(`Param category must be one of {AUTHENTICATION, MARKETING, UTILITY} - got "${p.category}".`, false);
		}
		const formatRaw = p.parameter_format === undefined ? 'positional' : String(p.parameter_format).toLowerCase();
		if (!['named', 'positional'].includes(formatRaw)) throw param100(`Param parameter_format must be one of {NAMED, POSITIONAL} - got "${String(p.parameter_format)}".`, false);
		const format = formatRaw.toUpperCase() as 'NAMED' | 'POSITIONAL';
		const name = p.name;
		const language = p.language;
		if (this.templatesList.some((t) => t.name === name && t.language === language && t.status !== 'DELETED')) {
			throw new GraphError({
				code: 100,
				subcode: 2388024,
				message: 'Invalid parameter',
				extra: { is_transient: false, error_user_title: 'Content in this language already exists', error_user_msg: `There is already ${language} content for this template. You can create a new template and try again.` },
			});
		}
		const deletedAt = this.deletedTemplateNames.get(name);
		if (deletedAt !== undefined && this.now() - deletedAt < 30 * 86_400_000) {
			throw new GraphError({
				code: 100,
				subcode: 2388023,
				message: 'Invalid parameter',
				extra: { is_transient: false, error_user_title: 'Message template is being deleted', error_user_msg: 'An approved template with this name was deleted; the name can be reused after 30 days.' },
			});
		}
		const components = validateTemplateDefinition({ name, category, parameter_format: format, components: p.components });
		const delay = this.options.templateApprovalDelayMs;
		const immediate = delay === 0 || (category === 'AUTHENTICATION' && delay !== 'manual');
		const template: StoredTemplate = {
			id: numericId('1'),
			name,
			language,
			status: immediate && !name.startsWith('reject_') ? 'APPROVED' : 'PENDING',
			category,
			parameter_format: format,
			components,
			createdAt: this.now(),
			approvedEdits: [],
		};
		this.templatesList.push(template);
		if (template.status === 'PENDING') this.scheduleReview(template);
		return { status: 200, json: { id: template.id, status: template.status, category: template.category } };
	}

	/** PENDING -> APPROVED (or REJECTED for names starting with `reject_`) after the configured delay. */
	scheduleReview(template: StoredTemplate): void {
		const delay = this.options.templateApprovalDelayMs;
		if (delay === 'manual') return;
		this.schedule(() => {
			if (template.status !== 'PENDING') return;
			const reject = template.name.startsWith('reject_');
			void this.changeTemplateStatus(template, reject ? 'REJECTED' : 'APPROVED', reject ? 'INVALID_FORMAT' : 'NONE');
		}, delay);
	}

	async changeTemplateStatus(template: StoredTemplate, status: TemplateStatus, reason?: string): Promise<void> {
		template.status = status;
		if (status === 'REJECTED') template.rejected_reason = reason ?? 'INVALID_FORMAT';
		else delete template.rejected_reason;
		if (status === 'APPROVED') template.quality_score = { score: 'GREEN' };
		const value: Record<string, unknown> = {
			event: status,
			message_template_id: Number(template.id),
			message_template_name: template.name,
			message_template_language: template.language,
			reason: reason ?? 'NONE',
			message_template_category: template.category,
		};
		if (status === 'REJECTED' && reason === 'INVALID_FORMAT') {
			value.rejection_info = {
				reason: 'The template was rejected by the simulator because its name starts with reject_.',
				recommendation: 'Rename the template and submit it again.',
			};
		}
		await this.deliver(fieldEnvelope(this.options.businessAccountId, 'message_template_status_update', value, this.now()), {
			field: 'message_template_status_update',
			kind: 'template',
		});
	}

	editTemplate(ctx: RequestContext, template: StoredTemplate): Reply {
		const p = ctx.params;
		if (p.cta_url_link_tracking_opted_out !== undefined && p.components === undefined) return { status: 200, json: { success: true } };
		if (!['APPROVED', 'REJECTED', 'PAUSED'].includes(template.status)) {
			throw new GraphError({
				code: 100,
				message: 'Invalid parameter',
				extra: { is_transient: false, error_user_title: 'Template cannot be edited', error_user_msg: `Only approved, rejected or paused templates can be edited; this one is ${template.status}.` },
			});
		}
		let category = template.category;
		if (p.category !== undefined) {
			const requested = String(p.category).toUpperCase() as TemplateCategory;
			if (!['MARKETING', 'UTILITY', 'AUTHENTICATION'].includes(requested)) throw param100(`Param category must be one of {AUTHENTICATION, MARKETING, UTILITY} - got "${String(p.category)}".`, false);
			if (template.status === 'APPROVED' && requested !== template.category) {
				throw new GraphError({
					code: 100,
					message: 'Invalid parameter',
					extra: { is_transient: false, error_user_title: 'Category cannot be changed', error_user_msg: 'The category of an approved template cannot be changed.' },
				});
			}
			category = requested;
		}
		const now = this.now();
		if (template.status === 'APPROVED') {
			template.approvedEdits = template.approvedEdits.filter((t) => now - t < 30 * 86_400_000);
			if (template.approvedEdits.some((t) => now - t < 86_400_000) || template.approvedEdits.length >= 10) {
				throw new GraphError({
					code: 100,
					subcode: 2388025,
					message: 'Invalid parameter',
					extra: { is_transient: false, error_user_title: 'Edit limit reached', error_user_msg: 'Approved templates can be edited once per 24 hours and up to 10 times per 30 days.' },
				});
			}
		}
		let components = template.components;
		if (p.components !== undefined) {
			components = validateTemplateDefinition({ name: template.name, category, parameter_format: template.parameter_format, components: p.components });
		}
		if (template.status === 'APPROVED') template.approvedEdits.push(now);
		template.components = components;
		template.category = category;
		if (p.components !== undefined) {
			template.status = this.options.templateApprovalDelayMs === 0 ? 'APPROVED' : 'PENDING';
			if (template.status === 'PENDING') this.scheduleReview(template);
		}
		return { status: 200, json: { success: true } };
	}

	deleteTemplate(ctx: RequestContext): Reply {
		const name = ctx.params.name;
		if (typeof name !== 'string' || !name) throw param100('The parameter name is required.', false);
		const hsmId = ctx.params.hsm_id === undefined ? undefined : String(ctx.params.hsm_id);
		const targets = this.templatesList.filter((t) => t.name === name && t.status !== 'DELETED' && (hsmId === undefined || t.id === hsmId));
		if (targets.length === 0) {
			throw new GraphError({
				code: 100,
				subcode: 2593002,
				message: 'Invalid parameter',
				extra: { is_transient: false, error_user_title: 'Message template not found', error_user_msg: `The message template ${name} doesn't exist.` },
			});
		}
		if (targets.some((t) => t.status === 'DISABLED')) {
			throw new GraphError({
				code: 100,
				message: 'Invalid parameter',
				extra: { is_transient: false, error_user_title: 'Template cannot be deleted', error_user_msg: 'Disabled templates cannot be deleted.' },
			});
		}
		for (const t of targets) {
			if (t.status === 'APPROVED') this.deletedTemplateNames.set(t.name, this.now());
			t.status = 'DELETED';
		}
		this.templatesList = this.templatesList.filter((t) => t.status !== 'DELETED');
		return { status: 200, json: { success: true } };
	}

	// --- business profile, phone numbers, WABA ---------------------------------------------

	getProfile(ctx: RequestContext, phone: PhoneState): Reply {
		const full = { ...phone.profile, messaging_product: 'whatsapp' };
		const requested = ctx.query.fields ? parseFields(ctx.query.fields).map((f) => f.name) : PROFILE_FIELDS;
		const out: Record<string, unknown> = {};
		for (const key of requested) if ((full as Record<string, unknown>)[key] !== undefined) out[key] = (full as Record<string, unknown>)[key];
		out.messaging_product = 'whatsapp';
		return { status: 200, json: { data: [out] } };
	}

	updateProfile(ctx: RequestContext, phone: PhoneState): Reply {
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
			if (typeof p.profile_picture_handle !== 'string' || !this.uploadHandles.has(p.profile_picture_handle)) {
				throw invalidValue('profile_picture_handle is not a valid handle from the Resumable Upload API.');
			}
			update.profile_picture_url = `${this.url}/sim-assets/profile-${phone.config.id}.png`;
		}
		Object.assign(phone.profile, update);
		return { status: 200, json: { success: true } };
	}

	phoneObject(phone: PhoneState): Record<string, unknown> {
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
			webhook_configuration: this.webhookConfiguration(phone),
			...this.identity.phoneFields(c.id, c),
			id: c.id,
		};
	}

	webhookConfiguration(phone: PhoneState): Record<string, unknown> {
		const out: Record<string, unknown> = {};
		if (phone.webhookOverride) out.phone_number = phone.webhookOverride;
		if (this.wabaOverride) out.whatsapp_business_account = this.wabaOverride;
		if (this.options.webhookUrl) out.application = this.options.webhookUrl;
		return out;
	}

	getPhoneNumber(ctx: RequestContext, phone: PhoneState): Reply {
		this.requireScope(ctx, MANAGEMENT);
		return { status: 200, json: pickFields(this.phoneObject(phone), ctx.query.fields, PHONE_DEFAULT_FIELDS) };
	}

	async updatePhoneNumber(ctx: RequestContext, phone: PhoneState): Promise<Reply> {
		this.requireScope(ctx, MANAGEMENT);
		const p = ctx.params;
		if (p.new_display_name !== undefined) return { status: 200, json: this.identity.requestDisplayName(phone.config.id, p.new_display_name) };
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
			await this.handshake(uri, wc.verify_token);
			phone.webhookOverride = uri;
			return { status: 200, json: { success: true } };
		}
		throw param100('No supported parameter was given (pin or webhook_configuration).', false);
	}

	async handshake(uri: string, verifyToken: string): Promise<void> {
		if (!/^https?:\/\//.test(uri)) throw param100('Param override_callback_uri must be a valid URL.', false);
		const failure = await verifyCallback(uri, verifyToken);
		if (failure) {
			throw new GraphError({ code: 2200, message: `(#2200) Callback verification failed with the following errors: ${failure}`, httpStatus: 400 });
		}
	}

	registration(ctx: RequestContext, phone: PhoneState, action: string): Reply {
		this.requireScope(ctx, MANAGEMENT);
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

	listPhoneNumbers(ctx: RequestContext): Reply {
		const list = [...this.phones.values()].map((p) => pickFields(this.phoneObject(p), ctx.query.fields, PHONE_DEFAULT_FIELDS));
		const page = paginate(list, ctx.query, 25, `${this.url}/${ctx.version}/${ctx.segments.join('/')}`);
		return { status: 200, json: { data: page.items, paging: page.paging ?? { cursors: { before: cursor(0), after: cursor(Math.max(0, list.length - 1)) } } } };
	}

	getWaba(ctx: RequestContext): Reply {
		const base: Record<string, unknown> = {
			id: this.options.businessAccountId,
			name: this.options.businessAccountName,
			timezone_id: '1',
			message_template_namespace: 'c3c2c1b0_a9f8_4e7d_b6c5_d4e3f2a1b0c9',
			currency: 'USD',
			account_review_status: 'APPROVED',
			business_verification_status: this.identity.businessVerificationStatus,
			ownership_type: 'SELF',
			country: 'US',
			is_enabled_for_insights: this.insightsEnabled,
		};
		const fields = parseFields(ctx.query.fields);
		if (fields.length === 0) return { status: 200, json: pickFields(base, undefined, ['id', 'name', 'timezone_id', 'message_template_namespace']) };
		const phones = [...this.phones.values()].map((p) => digitsOnly(p.config.display_phone_number));
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
					this.requireInsights();
					out.template_analytics = templateAnalytics(field.modifiers, new Set(this.templatesList.map((t) => t.id)));
					break;
				default:
					if (base[field.name] !== undefined) out[field.name] = base[field.name];
					else throw param100(`Tried accessing nonexisting field (${field.name}) on node type (WhatsAppBusinessAccount)`, false);
			}
		}
		out.id = this.options.businessAccountId;
		return { status: 200, json: out };
	}

	requireInsights(): void {
		if (!this.insightsEnabled) {
			throw new GraphError({ code: 200007, httpStatus: 400, message: '(#200007) Template insights are not enabled', details: 'Enable template insights with POST /{waba-id}?is_enabled_for_insights=true first.' });
		}
	}

	templateAnalyticsEdge(ctx: RequestContext): Reply {
		this.requireInsights();
		const q: Record<string, string | undefined> = { ...ctx.query };
		return { status: 200, json: templateAnalytics(q, new Set(this.templatesList.map((t) => t.id))) };
	}

	async subscribedApps(ctx: RequestContext): Promise<Reply> {
		const appData = { id: this.options.appId, link: `https://www.facebook.com/games/?app_id=${this.options.appId}`, name: 'Simulator App' };
		if (ctx.method === 'GET') {
			if (!this.wabaSubscribed) return { status: 200, json: { data: [] } };
			const item: Record<string, unknown> = { whatsapp_business_api_data: appData };
			if (this.wabaOverride) item.override_callback_uri = this.wabaOverride;
			return { status: 200, json: { data: [item] } };
		}
		if (ctx.method === 'POST') {
			const uri = ctx.params.override_callback_uri;
			if (uri !== undefined && uri !== '') {
				if (typeof uri !== 'string') throw param100('Param override_callback_uri must be a string.', false);
				const token = ctx.params.verify_token;
				if (typeof token !== 'string' || !token) throw param100('The parameter verify_token is required.', false);
				await this.handshake(uri, token);
				this.wabaOverride = uri;
				this.wabaSubscribed = true;
				return { status: 200, json: { data: [{ override_callback_uri: uri, whatsapp_business_api_data: appData }] } };
			}
			// Meta's "Webhook overrides": subscribing again without an override (no body, or an empty
			// override_callback_uri) deletes the WABA's alternate callback; webhooks go to the app's.
			this.wabaOverride = undefined;
			this.wabaSubscribed = true;
			return { status: 200, json: { success: true } };
		}
		if (ctx.method === 'DELETE') {
			this.wabaSubscribed = false;
			this.wabaOverride = undefined;
			return { status: 200, json: { success: true } };
		}
		throw unsupportedRequest(ctx.method, this.options.businessAccountId);
	}

	async appSubscriptions(ctx: RequestContext): Promise<Reply> {
		this.requireScope(ctx, MANAGEMENT);
		if (ctx.method === 'GET') {
			const data = this.appSubscription
				? [{ object: 'whatsapp_business_account', callback_url: this.appSubscription.callback_url, active: true, fields: this.appSubscription.fields.map((name) => ({ name, version: 'v25.0' })) }]
				: [];
			return { status: 200, json: { data } };
		}
		if (ctx.method === 'POST') {
			const p = ctx.params;
			if (p.object !== 'whatsapp_business_account') throw param100(`Param object must be one of {WHATSAPP_BUSINESS_ACCOUNT, ...} - got "${String(p.object)}".`, false);
			if (typeof p.callback_url !== 'string') throw param100('The parameter callback_url is required.', false);
			if (typeof p.verify_token !== 'string') throw param100('The parameter verify_token is required.', false);
			await this.handshake(p.callback_url, p.verify_token);
			const fields = Array.isArray(p.fields) ? p.fields.map(String) : typeof p.fields === 'string' ? p.fields.split(',') : ['messages'];
			this.appSubscription = { callback_url: p.callback_url, fields, active: true };
			this.options.webhookUrl = p.callback_url;
			return { status: 200, json: { success: true } };
		}
		if (ctx.method === 'DELETE') {
			this.appSubscription = undefined;
			this.options.webhookUrl = undefined;
			return { status: 200, json: { success: true } };
		}
		throw unsupportedRequest(ctx.method, this.options.appId);
	}

	oauthAccessToken(params: Record<string, unknown>): Reply {
		if (params.client_id !== this.options.appId || params.client_secret !== this.options.appSecret) {
			throw new GraphError({ code: 1, message: 'Error validating client secret.', type: 'OAuthException', httpStatus: 400 });
		}
		if (params.grant_type !== 'client_credentials') throw param100('Param grant_type must be client_credentials.', false);
		return { status: 200, json: { access_token: `${this.options.appId}|${this.options.appSecret}`, token_type: 'bearer' } };
	}

	// --- block users ----------------------------------------------------------------------

	blockUsers(ctx: RequestContext, phone: PhoneState): Reply {
		this.requireScope(ctx, MESSAGING);
		if (ctx.method === 'GET') {
			const list = [...phone.blocked.entries()].map(([waId]) => ({ messaging_product: 'whatsapp', wa_id: waId }));
			const page = paginate(list, ctx.query, 100, `${this.url}/${ctx.version}/${ctx.segments.join('/')}`);
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
				if (!this.isWindowOpen(waId, phone.config.id)) {
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

	// --- QR codes -------------------------------------------------------------------------

	qrCodes(ctx: RequestContext, phone: PhoneState, code: string | undefined): Reply {
		this.requireScope(ctx, MANAGEMENT);
		const view = (q: { code: string; prefilled_message: string; deep_link_url: string; format: 'SVG' | 'PNG' }, withImage: boolean, format?: string) => {
			const out: Record<string, unknown> = { code: q.code, prefilled_message: q.prefilled_message, deep_link_url: q.deep_link_url };
			if (withImage) out.qr_image_url = `${this.url}/sim-assets/qr/${q.code}.${(format ?? q.format).toLowerCase()}`;
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

	// --- control API (non-Meta, for out-of-process tests) --------------------------------

	async control(method: string, pathname: string, rawBody: Buffer): Promise<Reply> {
		let body: Record<string, unknown> = {};
		if (rawBody.length > 0) {
			try {
				const parsed = JSON.parse(rawBody.toString('utf8')) as unknown;
				if (isRecord(parsed)) body = parsed;
			} catch {
				return { status: 400, json: { error: 'invalid JSON' } };
			}
		}
		const route = `${method} ${pathname}`;
		switch (route) {
			case 'GET /__sim/state':
				return {
					status: 200,
					json: { stats: { ...this.statsData }, acceptedMessages: this.acceptedMessages, webhooks: this.webhooks.map((w) => ({ ...w, rawBody: undefined })), readMarks: this.readMarks },
				};
			case 'POST /__sim/inbound': {
				if (typeof body.from !== 'string') return { status: 400, json: { error: 'from is required' } };
				const result = await this.injectInbound(body as unknown as InboundMessageInput);
				return { status: 200, json: { wamid: result.wamid, deliveredStatus: result.deliveredStatus, payload: result.payload } };
			}
			case 'POST /__sim/webhook-url':
				this.options.webhookUrl = typeof body.url === 'string' ? body.url : undefined;
				return { status: 200, json: { success: true } };
			case 'POST /__sim/reset':
				this.reset();
				return { status: 200, json: { success: true } };
			case 'POST /__sim/identity':
				return { status: 200, json: await this.identity.control(body, this.options.phoneNumbers[0]?.id ?? '') };
			case 'POST /__sim/window':
				if (typeof body.waId !== 'string') return { status: 400, json: { error: 'waId is required' } };
				this.openWindow(body.waId);
				return { status: 200, json: { success: true } };
		}
		return { status: 404, json: { error: `unknown control route ${route}` } };
	}

	// --- handle operations ----------------------------------------------------------------

	windowKey(waId: string, phoneNumberId?: string): string {
		return `${phoneNumberId ?? this.options.phoneNumbers[0]?.id}:${digitsOnly(waId)}`;
	}

	openWindow(waId: string, at?: Date, phoneNumberId?: string): void {
		this.windows.set(this.windowKey(waId, phoneNumberId), at ? at.getTime() : this.now());
	}

	isWindowOpen(waId: string, phoneNumberId?: string): boolean {
		if (this.options.windowOpenForAll) return true;
		const t = this.windows.get(this.windowKey(waId, phoneNumberId));
		return t !== undefined && this.now() - t < WINDOW_MS;
	}

	phoneFor(phoneNumberId?: string): PhoneState {
		const phone = this.phones.get(phoneNumberId ?? this.options.phoneNumbers[0]?.id ?? '');
		if (!phone) throw new Error(`unknown phone number id ${phoneNumberId}`);
		return phone;
	}

	buildInboundPayload(input: InboundMessageInput): { wamid: string; payload: Record<string, unknown> } {
		const phone = this.phoneFor(input.phoneNumberId);
		const { payload, message } = buildInbound(input, {
			wabaId: this.options.businessAccountId,
			metadata: phoneMetadata(phone.config),
			nowMs: this.now(),
			wamid: (waId) => makeWamid(waId, true),
			createMedia: (kind, mimeType, bytes) => {
				const data = bytes ?? (kind === 'image' ? TINY_JPEG : Buffer.from(`simulated ${kind} media`));
				const record = this.storeMedia(mimeType.split(';')[0], data, phone.config.id);
				return { id: record.id, mime_type: mimeType, sha256: createHash('sha256').update(data).digest('base64'), url: this.mediaUrl(record) };
			},
		});
		return { wamid: String(message.id), payload };
	}

	async injectInbound(input: InboundMessageInput): Promise<{ wamid: string; payload: Record<string, unknown>; deliveredStatus?: number; webhook: WebhookRecord }> {
		const phone = this.phoneFor(input.phoneNumberId);
		const { wamid, payload } = this.buildInboundPayload(input);
		const waId = digitsOnly(input.from);
		if (phone.blocked.has(waId)) {
			// A blocked user cannot message the business: nothing is delivered.
			const record: WebhookRecord = { field: 'messages', kind: 'inbound', payload, rawBody: '', signature: '', attempts: 0, createdAt: new Date(this.now()), wamid, skipped: 'no-url' };
			return { wamid, payload, webhook: record };
		}
		// Only user messages open the window (system / unsupported-type do not count as replies).
		if (input.type !== 'system') this.openWindow(waId, undefined, phone.config.id);
		this.inboundIds.add(wamid);
		this.statsData.inbound++;
		const webhook = await this.deliver(payload, { field: 'messages', kind: 'inbound', phoneNumberId: phone.config.id, wamid });
		return { wamid, payload, deliveredStatus: webhook.status, webhook };
	}

	async sendRaw(payload: object | string, opts: { signature?: 'valid' | 'invalid' | 'none'; url?: string } = {}): Promise<{ status: number; body: string }> {
		const url = opts.url ?? this.webhookUrlFor();
		if (!url) throw new Error('sendWebhook: no webhook URL set (pass opts.url or call setWebhookUrl)');
		const rawBody = typeof payload === 'string' ? payload : encodeWebhook(payload, this.options.escapeSlashes);
		const result = await postWebhook(url, rawBody, this.options.appSecret, opts.signature ?? 'valid');
		this.webhooks.push({
			field: 'raw',
			kind: 'raw',
			url,
			payload,
			rawBody,
			signature: signWebhookBody(rawBody, this.options.appSecret),
			attempts: 1,
			status: result.status,
			error: result.error,
			createdAt: new Date(this.now()),
		});
		return { status: result.status, body: result.body };
	}

	reset(): void {
		for (const t of this.timers) clearTimeout(t);
		this.timers.clear();
		this.requests.length = 0;
		this.acceptedMessages.length = 0;
		this.webhooks.length = 0;
		this.readMarks.length = 0;
		this.windows.clear();
		this.pairBuckets.clear();
		this.undeliverable.clear();
		this.marketingStopped.clear();
		this.outbound.clear();
		this.inboundIds.clear();
		this.media.clear();
		this.uploads.clear();
		this.uploadHandles.clear();
		this.deletedTemplateNames.clear();
		this.wabaOverride = undefined;
		this.wabaSubscribed = true;
		this.insightsEnabled = this.options.templateInsightsEnabled;
		this.random = createRandom(this.options.seed);
		this.statsData = this.emptyStats();
		this.identity.reset();
		this.identity.reviewDelayMs = this.options.identityReviewDelayMs;
		this.initState();
	}
}

// ---------------------------------------------------------------------------------------------
// Helpers

function throughputError(): GraphError {
	return waError(130429, 'Cloud API message throughput has been reached.', 400, { subcode: 2494055 });
}

function errorReply(error: GraphError): Reply {
	return { status: error.httpStatus, json: error.toBody() };
}

function redactHeaders(headers: IncomingMessage['headers']): Record<string, string> {
	const out: Record<string, string> = {};
	for (const [k, v] of Object.entries(headers)) {
		if (v === undefined) continue;
		const value = Array.isArray(v) ? v.join(', ') : v;
		out[k] = k === 'authorization' ? value.replace(/^(\S+)\s+.*$/, '$1 ***') : value;
	}
	return out;
}

function readBody(req: IncomingMessage, limit: number): Promise<Buffer | 'too-large'> {
	return new Promise((resolve, reject) => {
		const chunks: Buffer[] = [];
		let size = 0;
		let tooLarge = false;
		req.on('data', (chunk: Buffer) => {
			size += chunk.length;
			if (size > limit) {
				tooLarge = true;
				chunks.length = 0;
				return;
			}
			chunks.push(chunk);
		});
		req.on('end', () => resolve(tooLarge ? 'too-large' : Buffer.concat(chunks)));
		req.on('error', reject);
		req.on('aborted', () => reject(new Error('request aborted')));
	});
}

function cursor(index: number): string {
	return Buffer.from(`sim-cursor:${index}`).toString('base64').replace(/=+$/, '');
}

function decodeCursor(value: string | undefined): number | undefined {
	if (!value) return undefined;
	const m = /^sim-cursor:(\d+)$/.exec(Buffer.from(value, 'base64').toString('utf8'));
	return m ? Number(m[1]) : undefined;
}

/** Graph cursor paging (`limit`, `after`, `before`) with `{cursors:{before,after}, next?, previous?}`. */
function paginate<T>(list: T[], query: Record<string, string>, defaultLimit: number, baseUrl: string): { items: T[]; paging?: Record<string, unknown> } {
	const limit = Math.max(1, Math.min(1000, Number(query.limit) > 0 ? Math.floor(Number(query.limit)) : defaultLimit));
	let start = 0;
	const after = decodeCursor(query.after);
	const before = decodeCursor(query.before);
	if (query.after !== undefined && after === undefined) throw param100('Param after must be a valid cursor.', false);
	if (after !== undefined) start = after + 1;
	else if (before !== undefined) start = Math.max(0, before - limit);
	const end = before !== undefined && after === undefined ? before : start + limit;
	const items = list.slice(start, Math.min(end, list.length));
	if (items.length === 0) return { items };
	const first = start;
	const last = start + items.length - 1;
	const paging: Record<string, unknown> = { cursors: { before: cursor(first), after: cursor(last) } };
	const extra = Object.entries(query)
		.filter(([k]) => !['after', 'before', 'access_token'].includes(k))
		.map(([k, v]) => `&${encodeURIComponent(k)}=${encodeURIComponent(v)}`)
		.join('');
	if (last < list.length - 1) paging.next = `${baseUrl}?limit=${limit}${extra.replace(/&limit=[^&]*/, '')}&after=${cursor(last)}`;
	if (first > 0) paging.previous = `${baseUrl}?limit=${limit}${extra.replace(/&limit=[^&]*/, '')}&before=${cursor(first)}`;
	return { items, paging };
}

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
		injectInbound: (message) => core.injectInbound(message),
		buildInboundPayload: (message) => core.buildInboundPayload(message),
		buildStatusPayload: (input) => {
			const phone = core.phoneFor(input.phoneNumberId);
			return statusPayload(core.options.businessAccountId, phoneMetadata(phone.config), [{ ...input, timestampMs: input.timestampMs ?? core.now() }]);
		},
		sendWebhook: (payload, opts) => core.sendRaw(payload, opts),
		setWebhookUrl: (url) => {
			core.options.webhookUrl = url;
		},
		webhookUrlFor: (phoneNumberId) => core.webhookUrlFor(phoneNumberId),
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
			await core.changeTemplateStatus(t, status, opts.reason);
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
