/**
 * The only place that talks to Meta's Graph API. Every node, list search and activation hook goes
 * through `graphRequest`: authentication via n8n's helpers, base URL and version from the
 * credential, retries with backoff for throttling and transient errors, and one error translator.
 */
import type {
	IAdditionalCredentialOptions,
	IDataObject,
	IExecuteFunctions,
	IHookFunctions,
	IHttpRequestMethods,
	IHttpRequestOptions,
	ILoadOptionsFunctions,
	IWebhookFunctions,
	JsonObject,
} from 'n8n-workflow';
import { NodeApiError, sleep } from 'n8n-workflow';

import type { MetaError } from '../../../whatsapp/errors';
import { describeMetaError, isGraphErrorBody, parseGraphError } from '../../../whatsapp/errors';
import type { AttemptOutcome, RetryPolicy } from '../../../whatsapp/retry';
import { classifyNetworkError, DEFAULT_RETRY_POLICY, retryDelayMs } from '../../../whatsapp/retry';
import { alreadyDecrypted, readCredentialOnce } from './credentials';

export const CREDENTIAL_TYPE = 'whatsAppBusinessPlatformApi';

export type GraphContext = IExecuteFunctions | ILoadOptionsFunctions | IHookFunctions | IWebhookFunctions;

export interface GraphCredentials {
	accessToken: string;
	businessAccountId: string;
	phoneNumberId: string;
	appId: string;
	appSecret: string;
	apiVersion: string;
	baseUrl: string;
}

export interface GraphRequestOptions {
	body?: IDataObject | IDataObject[] | Buffer;
	qs?: IDataObject;
	headers?: IDataObject;
	/**
	 * Whether sending the same request twice is harmless. Reads, deletes and uploads are; a message
	 * send is not, so a send whose fate is unknown (connection reset after sending) is not repeated.
	 * Defaults to true for GET and DELETE, false otherwise.
	 */
	idempotent?: boolean;
	/** Return the raw body as a Buffer (media downloads). */
	binary?: boolean;
	retryPolicy?: RetryPolicy;
	timeoutMs?: number;
	/**
	 * `OAuth` sends `Authorization: OAuth <token>` instead of the credential's Bearer header: Meta's
	 * resumable upload endpoints (`/app/uploads`, `/upload:<id>`) document that scheme.
	 */
	authScheme?: 'Bearer' | 'OAuth';
}

export interface GraphBinaryResponse {
	body: Buffer;
	headers: Record<string, string>;
}

/** Thrown (wrapped in NodeApiError) when a send may have been accepted but no answer arrived. */
export const UNCERTAIN_DELIVERY_CODE = 'UNCERTAIN_DELIVERY';

/** The credential's fields, trimmed, with defaults. Read once per node run (transport/credentials.ts). */
export async function getGraphCredentials(this: GraphContext): Promise<GraphCredentials> {
	return normalizeCredentials((await readCredentialOnce(this, CREDENTIAL_TYPE)) as unknown as Partial<GraphCredentials>);
}

function normalizeCredentials(raw: Partial<GraphCredentials>): GraphCredentials {
	return {
		accessToken: String(raw.accessToken ?? ''),
		businessAccountId: String(raw.businessAccountId ?? '').trim(),
		phoneNumberId: String(raw.phoneNumberId ?? '').trim(),
		appId: String(raw.appId ?? '').trim(),
		appSecret: String(raw.appSecret ?? ''),
		apiVersion: String(raw.apiVersion || 'v25.0').trim(),
		baseUrl: String(raw.baseUrl || 'https://graph.facebook.com').trim().replace(/\/+$/, ''),
	};
}

/** `https://graph.facebook.com/v25.0/<path>`; absolute URLs (media downloads, paging) pass through. */
export function graphUrl(credentials: Pick<GraphCredentials, 'baseUrl' | 'apiVersion'>, path: string): string {
	if (/^https?:\/\//.test(path)) return path;
	return `${credentials.baseUrl}/${credentials.apiVersion}/${path.replace(/^\/+/, '')}`;
}

interface FullResponse {
	statusCode: number;
	headers: Record<string, string | string[] | undefined>;
	body: unknown;
}

function headerValue(headers: FullResponse['headers'], name: string): string | undefined {
	const value = headers[name] ?? headers[name.toLowerCase()];
	return Array.isArray(value) ? value[0] : value;
}

/**
 * n8n's request helper wraps socket errors in a NodeApiError that, in n8n 2.8, keeps neither the
 * axios error nor its code, only the messages ("socket hang up", "connect ECONNREFUSED …"). So the
 * code is taken from a `code` where one survives, else read from the messages.
 */
const MESSAGE_CODES: Array<[RegExp, string]> = [
	[/ECONNREFUSED|refused the connection/i, 'ECONNREFUSED'],
	[/ENOTFOUND|EAI_AGAIN|getaddrinfo/i, 'ENOTFOUND'],
	[/ECONNRESET|socket hang up|closed unexpectedly/i, 'ECONNRESET'],
	[/ETIMEDOUT|ESOCKETTIMEDOUT|ECONNABORTED|timeout of \d+ms|timed out/i, 'ETIMEDOUT'],
];

function networkErrorCode(error: unknown): string | undefined {
	const e = error as { code?: unknown; cause?: { code?: unknown }; context?: { code?: unknown }; messages?: unknown; message?: unknown; httpCode?: unknown };
	for (const candidate of [e?.cause?.code, e?.code, e?.context?.code]) {
		if (typeof candidate === 'string' && /^E[A-Z_]+$|^UND_ERR/.test(candidate)) return candidate;
	}
	// An HTTP answer of any kind is not a network failure.
	if (typeof e?.httpCode === 'string' && /^\d{3}$/.test(e.httpCode)) return undefined;
	const texts = [...(Array.isArray(e?.messages) ? e.messages : []), e?.message].filter((text): text is string => typeof text === 'string');
	for (const [pattern, code] of MESSAGE_CODES) {
		if (texts.some((text) => pattern.test(text))) return code;
	}
	return undefined;
}

function toNodeApiError(context: GraphContext, error: MetaError, itemIndex?: number): NodeApiError {
	const apiError = new NodeApiError(
		context.getNode(),
		{
			message: error.message,
			code: error.code,
			error_subcode: error.subcode,
			details: error.details,
			fbtrace_id: error.fbtraceId,
		} as unknown as JsonObject,
		{
			message: error.message,
			description: describeMetaError(error),
			httpCode: String(error.httpStatus || ''),
			itemIndex,
		},
	);
	// Flows branch on these: kept as plain fields so "Continue On Fail" output carries them.
	Object.assign(apiError, { metaError: error });
	return apiError;
}

/** The Meta error behind an error thrown by `graphRequest`, if any. */
export function metaErrorOf(error: unknown): MetaError | undefined {
	return (error as { metaError?: MetaError })?.metaError;
}

/**
 * One Graph call with retries. Resolves with the parsed JSON body (or a Buffer when `binary`).
 * Rejects with a NodeApiError that carries `metaError` (code, subcode, details, fbtrace_id, hint).
 */
export async function graphRequest(
	this: GraphContext,
	method: IHttpRequestMethods,
	path: string,
	options: GraphRequestOptions = {},
	itemIndex?: number,
): Promise<unknown> {
	// Read once per node run (transport/credentials.ts), also for bulk senders such as Campaign,
	// and handed to n8n's helper so it does not read it again per request.
	const decrypted = await readCredentialOnce(this, CREDENTIAL_TYPE);
	const credentials = normalizeCredentials(decrypted as unknown as Partial<GraphCredentials>);
	const authentication: IAdditionalCredentialOptions = alreadyDecrypted(this, CREDENTIAL_TYPE, decrypted);
	const idempotent = options.idempotent ?? (method === 'GET' || method === 'DELETE');
	const request: IHttpRequestOptions = {
		method,
		url: graphUrl(credentials, path),
		qs: options.qs,
		headers: options.headers,
		body: options.body as IHttpRequestOptions['body'],
		json: !options.binary && !Buffer.isBuffer(options.body),
		returnFullResponse: true,
		ignoreHttpStatusErrors: true,
		timeout: options.timeoutMs ?? 60_000,
	};
	if (options.binary) request.encoding = 'arraybuffer';

	for (let attempt = 1; ; attempt++) {
		let outcome: AttemptOutcome;
		let metaError: MetaError | undefined;
		let retryAfterSeconds: number | undefined;
		try {
			// The one exception to n8n's authenticated helper: the credential's generic authentication
			// would replace the `OAuth` scheme Meta documents for its resumable upload endpoints.
			const response = (
				options.authScheme === 'OAuth'
					? await this.helpers.httpRequest({
							...request,
							headers: { ...request.headers, Authorization: `OAuth ${credentials.accessToken}` },
						})
					: await this.helpers.httpRequestWithAuthentication.call(this, CREDENTIAL_TYPE, request, authentication)
			) as FullResponse;
			const body = response.body;
			if (response.statusCode >= 200 && response.statusCode < 300 && !isGraphErrorBody(body)) {
				if (options.binary) {
					const headers: Record<string, string> = {};
					for (const [key, value] of Object.entries(response.headers)) {
						if (value !== undefined) headers[key.toLowerCase()] = Array.isArray(value) ? value[0] : value;
					}
					return { body: Buffer.from(body as ArrayBuffer), headers } as GraphBinaryResponse;
				}
				return body;
			}
			let parsedBody = body;
			if (Buffer.isBuffer(body) || body instanceof ArrayBuffer) {
				parsedBody = Buffer.from(body as ArrayBuffer).toString('utf8');
			}
			metaError = parseGraphError(response.statusCode, parsedBody);
			outcome = 'rejected';
			const retryAfter = headerValue(response.headers, 'retry-after');
			if (retryAfter && /^\d+$/.test(retryAfter)) retryAfterSeconds = Number(retryAfter);
		} catch (error) {
			const code = networkErrorCode(error);
			const classified = classifyNetworkError(code);
			if (!classified) throw new NodeApiError(this.getNode(), error as JsonObject, { itemIndex });
			outcome = classified;
			if (outcome === 'unknown' && !idempotent) {
				// The network code stays out of the message: n8n rewrites messages that name one.
				throw new NodeApiError(
					this.getNode(),
					{ message: 'Connection lost after sending', code: UNCERTAIN_DELIVERY_CODE } as JsonObject,
					{
						message: 'The connection to Meta broke after the message was sent; it may or may not have been accepted',
						description: `Network error ${code}. The node does not send it again, to avoid a duplicate. Check the recipient’s chat or the status webhooks before resending.`,
						itemIndex,
					},
				);
			}
		}

		const delay = retryDelayMs({ outcome, error: metaError, retryAfterSeconds }, attempt, idempotent, options.retryPolicy ?? DEFAULT_RETRY_POLICY);
		if (delay === undefined) {
			if (metaError) throw toNodeApiError(this, metaError, itemIndex);
			throw new NodeApiError(
				this.getNode(),
				{ message: 'Graph API unreachable', code: 'NETWORK' } as JsonObject,
				{
					message: `Could not reach the Graph API at ${credentials.baseUrl}`,
					description: 'Check the Base URL in the credential and the network between n8n and Meta.',
					itemIndex,
				},
			);
		}
		await sleep(delay);
	}
}

/**
 * Follows Graph cursor pagination (`paging.cursors.after`) and returns every `data` entry, or the
 * first `limit` of them.
 */
export async function graphRequestAllItems(
	this: GraphContext,
	path: string,
	qs: IDataObject = {},
	limit?: number,
): Promise<IDataObject[]> {
	const results: IDataObject[] = [];
	let after: string | undefined;
	do {
		const page = (await graphRequest.call(this, 'GET', path, {
			qs: { ...qs, ...(after ? { after } : {}) },
		})) as { data?: IDataObject[]; paging?: { cursors?: { after?: string }; next?: string } };
		results.push(...(page.data ?? []));
		after = page.paging?.next ? page.paging.cursors?.after : undefined;
	} while (after && (limit === undefined || results.length < limit));
	return limit === undefined ? results : results.slice(0, limit);
}
