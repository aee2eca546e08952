/** The simulator's state and HTTP plumbing: authentication, fault injection, routing to the endpoint modules, windows and reset. */
/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals -- dev tool that runs in Node, not inside n8n (it emulates Meta's HTTP server) */
import { randomBytes } from 'node:crypto';
import { EventEmitter } from 'node:events';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { createServer } from 'node:http';
import type { Socket } from 'node:net';
import { GraphError, expiredToken, internalError, invalidToken, missingToken, param100, permissionError, unsupportedRequest, waError } from '../errors';
import { maybeJson, parseForm, parseMultipart, pickFields } from '../http-body';
import { IdentityReviews } from '../identity';
import { ChatState, serveChatPage } from './chat';
import { VirtualClock } from './clock';
import type { StoredTemplate } from '../templates';
import { seedTemplates, templateView } from '../templates';
import { createRandom, digitsOnly, isRecord, numericId } from '../util';
import { blockUsers, getPhoneNumber, getProfile, getWaba, listPhoneNumbers, oauthAccessToken, qrCodes, registration, updatePhoneNumber, updateProfile } from './account';
import { control } from './admin';
import { templateAnalyticsEdge } from './analytics';
import { errorReply, readBody, redactHeaders, throughputError } from './http';
import { asset, createUpload, download, mediaUrl, uploadChunk, uploadMedia } from './media';
import { sendMessage } from './messages';
import { MANAGEMENT, MESSAGING, WINDOW_MS, resolveOptions } from './options';
import { createTemplate, deleteTemplate, editTemplate, listTemplates } from './templates';
import type { AcceptedMessage, MediaRecord, PhoneNumberConfig, PhoneState, RecordedRequest, Reply, RequestContext, ResolvedOptions, Scope, SimulatorHandle, SimulatorOptions, SimulatorStats, UploadSession, WebhookRecord } from './types';
import { appSubscriptions, deliver, subscribedApps } from './webhooks';

export class SimulatorCore {
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
	/** The virtual clock on top of `options.clock` (./clock.ts). */
	virtualClock = new VirtualClock(() => this.options.clock());
	/** The chat page's customers, their messages, faults and recording (./chat.ts). */
	chat = new ChatState();

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
				deliver: (payload, meta) => deliver(this, payload, meta),
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

	/** The simulator's notion of now: the virtual clock (webhook and status times, the 24-hour window). */
	now(): number {
		return this.virtualClock.now();
	}

	/** The base clock without the virtual offset: rate windows run on it. */
	realNow(): number {
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
				record.simTime = this.now();
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
		if (pathname === '/whatsapp_business/attachments/' || pathname === '/whatsapp_business/attachments') return download(this, query, req);
		if (pathname.startsWith('/sim-assets/')) return asset(this, pathname);
		if (pathname === '/_sim/chat' || pathname.startsWith('/_sim/chat/')) return serveChatPage(this, pathname);
		// Browsers ask for it on every page: answered, so a page's console stays clean.
		if (pathname === '/favicon.ico') return { status: 204, raw: Buffer.alloc(0), contentType: 'image/x-icon' };
		if (pathname.startsWith('/__sim/')) return control(this, method, pathname, rawBody);
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
		if (segments[0] === 'oauth' && segments[1] === 'access_token') return oauthAccessToken(this, params);

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
					if (method === 'GET') return getPhoneNumber(this, ctx, phone);
					if (method === 'POST') return updatePhoneNumber(this, ctx, phone);
					break;
				case 'messages':
					if (method === 'POST' || method === 'PUT') return sendMessage(this, ctx, phone);
					break;
				case 'media':
					if (method === 'POST') return uploadMedia(this, ctx, phone);
					break;
				case 'whatsapp_business_profile':
					this.requireScope(ctx, MANAGEMENT);
					if (method === 'GET') return getProfile(this, ctx, phone);
					if (method === 'POST') return updateProfile(this, ctx, phone);
					break;
				case 'block_users':
					return blockUsers(this, ctx, phone);
				case 'official_business_account':
					this.requireScope(ctx, MANAGEMENT);
					if (method === 'GET') return { status: 200, json: pickFields(this.identity.greenTickEdge(phone.config.id, phone.config), ctx.query.fields, ['id', 'oba_status', 'status_message']) };
					if (method === 'POST') return { status: 200, json: this.identity.requestGreenTick(phone.config.id, ctx.params, phone.config) };
					break;
				case 'message_qrdls':
					return qrCodes(this, ctx, phone, third);
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
					if (method === 'POST') return registration(this, ctx, phone, second);
					break;
			}
			throw unsupportedRequest(method, first);
		}

		if (isWaba) {
			this.requireScope(ctx, MANAGEMENT);
			switch (second) {
				case undefined:
					if (method === 'GET') return getWaba(this, ctx);
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
					if (method === 'GET') return listPhoneNumbers(this, ctx);
					break;
				case 'message_templates':
					if (method === 'GET') return listTemplates(this, ctx);
					if (method === 'POST') return createTemplate(this, ctx);
					if (method === 'DELETE') return deleteTemplate(this, ctx);
					break;
				case 'subscribed_apps':
					return subscribedApps(this, ctx);
				case 'template_analytics':
					if (method === 'GET') return templateAnalyticsEdge(this, ctx);
					break;
			}
			throw unsupportedRequest(method, first);
		}

		if (first === this.options.appId || first === 'app') {
			if (second === 'uploads' && method === 'POST') return createUpload(this, ctx);
			if (second === 'subscriptions') return appSubscriptions(this, ctx);
			throw unsupportedRequest(method, first);
		}
		if (first.startsWith('upload:')) {
			if (method === 'POST') return uploadChunk(this, ctx, first);
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
			if (method === 'POST') return editTemplate(this, ctx, template);
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
						url: mediaUrl(this, media),
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

	// --- webhooks -------------------------------------------------------------------------

	// --- templates ------------------------------------------------------------------------

	// --- block users ----------------------------------------------------------------------

	// --- control API (non-Meta, for out-of-process tests) --------------------------------

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

	reset(): void {
		this.virtualClock.offsetMs = 0;
		this.chat.reset();
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
