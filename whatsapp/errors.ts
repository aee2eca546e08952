/**
 * Meta's error model, without n8n. Every Graph error is read into a `MetaError`, classified into a
 * category a flow can branch on, and given a one-line hint of what to do. Logic keys on `code`
 * (and `error_data.details` where Meta documents it), never on the title, as Meta advises.
 */

export type MetaErrorCategory =
	| 'authentication' // token invalid or expired
	| 'permission' // token lacks a permission or the object is not reachable
	| 'invalidRequest' // a parameter is missing, malformed or too long
	| 'throttled' // throughput, pair rate, app rate limits: retry later
	| 'window' // 24-hour customer-service window closed
	| 'recipient' // the recipient cannot receive this message
	| 'template' // template missing, paused, or its parameters do not match
	| 'media' // media could not be uploaded, fetched or downloaded
	| 'policy' // blocked, restricted, or quality limits
	| 'transient' // Meta's side is temporarily unavailable
	| 'unknown';

export interface MetaError {
	/** HTTP status Meta answered with (0 when no answer was received). */
	httpStatus: number;
	code: number;
	subcode?: number;
	type?: string;
	/** Meta's message, such as "(#131047) Re-engagement message". */
	message: string;
	/** `error_data.details`, Meta's most specific explanation. */
	details?: string;
	fbtraceId?: string;
	category: MetaErrorCategory;
	/** Whether the same request may be sent again after a pause. */
	retryable: boolean;
	/** What the user should do, in one line. */
	hint: string;
}

interface CatalogEntry {
	category: MetaErrorCategory;
	retryable: boolean;
	hint: string;
}

const THROTTLED_HINT =
	'Meta is throttling this number or app. The node retries with backoff; for large sends use the Campaign operation, which paces to the number’s throughput.';

const CATALOG: Record<number, CatalogEntry> = {
	0: { category: 'authentication', retryable: false, hint: 'Meta could not authenticate the app user. Generate a new System User token.' },
	1: { category: 'transient', retryable: true, hint: 'Meta reported an unknown error. Retry later; if it persists, check the request against Meta’s reference.' },
	2: { category: 'transient', retryable: true, hint: 'Meta’s service is temporarily down or overloaded. Retry later.' },
	3: { category: 'permission', retryable: false, hint: 'The app lacks the capability for this call. Check the app’s WhatsApp product setup and permissions.' },
	4: { category: 'throttled', retryable: true, hint: 'The app hit Meta’s call-rate limit for this account. Wait and retry; reduce management calls per hour.' },
	10: { category: 'permission', retryable: false, hint: 'Permission denied. Grant whatsapp_business_messaging and whatsapp_business_management to the System User and assign it the account.' },
	33: { category: 'invalidRequest', retryable: false, hint: 'The business phone number was deleted or the ID is wrong. Pick the phone number again.' },
	100: { category: 'invalidRequest', retryable: false, hint: 'A parameter is unsupported, misspelled, or too long, or an ID does not exist. Check the field Meta names in the details.' },
	190: { category: 'authentication', retryable: false, hint: 'The access token is expired or invalid. Create a permanent System User token and update the credential.' },
	200: { category: 'permission', retryable: false, hint: 'The token lacks a permission for this call. Grant whatsapp_business_messaging and whatsapp_business_management and generate a new token.' },
	368: { category: 'policy', retryable: false, hint: 'The account is temporarily blocked for policy violations. See Business Support Home.' },
	80007: { category: 'throttled', retryable: true, hint: THROTTLED_HINT },
	130429: { category: 'throttled', retryable: true, hint: THROTTLED_HINT },
	130472: { category: 'recipient', retryable: false, hint: 'The user is part of a Meta marketing experiment and did not get this message. Do not retry.' },
	130497: { category: 'policy', retryable: false, hint: 'This business may not message users in the recipient’s country.' },
	131000: { category: 'transient', retryable: true, hint: 'Something went wrong at Meta. Retry once; if it repeats, contact Meta support with the fbtrace_id.' },
	131005: { category: 'permission', retryable: false, hint: 'Access denied. Check the token’s permissions and that the number belongs to this account.' },
	131008: { category: 'invalidRequest', retryable: false, hint: 'A required parameter is missing. Fill the field named in the details.' },
	131009: { category: 'invalidRequest', retryable: false, hint: 'A parameter value is not valid (see details). For reactions: the target message may be too old, unknown or a reaction itself.' },
	131016: { category: 'transient', retryable: true, hint: 'Meta’s service is unavailable. Retry later.' },
	131021: { category: 'recipient', retryable: false, hint: 'The recipient is the sending business number itself. Send to a customer’s number.' },
	131026: { category: 'recipient', retryable: false, hint: 'Undeliverable: the number is not on WhatsApp, has not accepted the latest terms, or uses an old app. Do not retry; reach the customer another way.' },
	131030: { category: 'recipient', retryable: false, hint: 'The recipient is not in the test number’s allowed list. Add it in the App Dashboard, or use a production number.' },
	131031: { category: 'policy', retryable: false, hint: 'The business account is locked. See Business Support Home.' },
	131037: { category: 'policy', retryable: false, hint: 'The number has no approved display name yet. Wait for the name review or fix it in WhatsApp Manager.' },
	131042: { category: 'policy', retryable: false, hint: 'There is a payment problem on the business account. Fix the payment method in WhatsApp Manager.' },
	131045: { category: 'policy', retryable: false, hint: 'The phone number is not registered correctly. Register the number again.' },
	131047: { category: 'window', retryable: false, hint: 'More than 24 hours passed since the customer last wrote. Send an approved template instead (or turn on the template fallback).' },
	131048: { category: 'policy', retryable: false, hint: 'Spam rate limit hit: too many recipients blocked or reported this number. Improve message quality before sending more.' },
	131049: { category: 'recipient', retryable: false, hint: 'Meta held this marketing message to keep the ecosystem healthy. Wait at least 24 hours before another marketing message to this user.' },
	131050: { category: 'recipient', retryable: false, hint: 'The user stopped marketing messages from this business. Record the opt-out and do not send marketing.' },
	131051: { category: 'invalidRequest', retryable: false, hint: 'This message type is not supported.' },
	131052: { category: 'media', retryable: false, hint: 'Meta could not download the user’s media (for example larger than 100 MB). Ask the user to send it again.' },
	131053: { category: 'media', retryable: false, hint: 'The media could not be uploaded or fetched: check the link is public, the MIME type matches the file and the size is within Meta’s limit.' },
	131056: { category: 'throttled', retryable: true, hint: 'Too many messages to this one customer in a short time (pair rate limit, about one every 6 s). Slow down sends to the same number.' },
	131057: { category: 'transient', retryable: true, hint: 'The account is in maintenance (for example a throughput upgrade). Retry in a minute.' },
	132000: { category: 'template', retryable: false, hint: 'The number of template parameters does not match the template. Map one value per variable.' },
	132001: { category: 'template', retryable: false, hint: 'The template does not exist in this language or is not approved. Pick an approved template and its exact language code.' },
	132005: { category: 'template', retryable: false, hint: 'The template text with its parameters is too long. Shorten the parameter values.' },
	132007: { category: 'template', retryable: false, hint: 'A parameter breaks the format policy (for example newlines, tabs or more than 4 spaces in a row).' },
	132008: { category: 'template', retryable: false, hint: 'A template parameter value is not valid for its type.' },
	132012: { category: 'template', retryable: false, hint: 'A parameter’s format does not match the template (text, currency, date, media). Check each parameter type.' },
	132015: { category: 'template', retryable: false, hint: 'The template is paused for low quality. Edit it or use another template.' },
	132016: { category: 'template', retryable: false, hint: 'The template is disabled after repeated pauses. Create a new template.' },
	132068: { category: 'policy', retryable: false, hint: 'The Flow is blocked. Check its health in WhatsApp Manager.' },
	132069: { category: 'throttled', retryable: true, hint: 'The Flow is throttled (too many sends in the last hour). Retry later.' },
	133004: { category: 'transient', retryable: true, hint: 'Meta’s server is temporarily unavailable. Retry later.' },
	133016: { category: 'throttled', retryable: true, hint: 'Too many register or deregister attempts. Wait before trying again.' },
	139100: { category: 'invalidRequest', retryable: false, hint: 'Blocking failed for some users. See the details for which and why.' },
	139101: { category: 'invalidRequest', retryable: false, hint: 'The block list is full (64,000 users). Unblock some users first.' },
	139102: { category: 'throttled', retryable: true, hint: 'Block requests are rate limited. Retry later.' },
	139103: { category: 'invalidRequest', retryable: false, hint: 'A user can only be blocked after they messaged the business in the last 24 hours.' },
};

/** Graph permission errors use the whole 200–299 range. */
function catalogEntry(code: number): CatalogEntry | undefined {
	if (CATALOG[code]) return CATALOG[code];
	if (code >= 200 && code <= 299) return CATALOG[200];
	return undefined;
}

/** Codes after which the same request may be sent again (Meta's error-code guidance). */
export function isRetryableCode(code: number): boolean {
	return catalogEntry(code)?.retryable ?? false;
}

/**
 * Whether a message whose `failed` status carried `code` may be sent again, by Meta's guidance:
 * `now` for temporary trouble (throttling, Meta's own errors), `later` when Meta asks to wait (131049:
 * at least 24 hours before the next marketing message to that user), `never` for everything else
 * (131026 undeliverable, 130472 experiment, 131050 opted out, 131047 window closed, template errors…).
 */
export type DeliveryRetry = 'now' | 'later' | 'never';

/** How long a `later` failure must be old before a retry (131049: 24 hours). */
export const RETRY_LATER_MS = 24 * 3600 * 1000;

export function deliveryRetryFor(code: number | undefined): DeliveryRetry {
	if (code === undefined) return 'never';
	if (code === 131049) return 'later';
	return isRetryableCode(code) ? 'now' : 'never';
}

export function hintFor(code: number): string {
	return catalogEntry(code)?.hint ?? 'See Meta’s error-code reference for this code.';
}

interface GraphErrorEnvelope {
	error?: {
		message?: unknown;
		type?: unknown;
		code?: unknown;
		error_subcode?: unknown;
		error_data?: { details?: unknown } | unknown;
		fbtrace_id?: unknown;
		is_transient?: unknown;
	};
}

function asNumber(value: unknown): number | undefined {
	if (typeof value === 'number' && Number.isFinite(value)) return value;
	if (typeof value === 'string' && /^\d+$/.test(value)) return Number(value);
	return undefined;
}

/** True when the body is Meta's `{ error: {...} }` envelope. */
export function isGraphErrorBody(body: unknown): body is GraphErrorEnvelope {
	return (
		typeof body === 'object' &&
		body !== null &&
		typeof (body as GraphErrorEnvelope).error === 'object' &&
		(body as GraphErrorEnvelope).error !== null
	);
}

/**
 * Reads Meta's error envelope. Bodies that are not an envelope (a proxy's HTML page, an empty 502)
 * become an `unknown` error that is retryable when the status is 5xx.
 */
export function parseGraphError(httpStatus: number, body: unknown): MetaError {
	if (typeof body === 'string') {
		try {
			body = JSON.parse(body);
		} catch {
			// not JSON: handled below as a non-envelope body
		}
	}
	if (!isGraphErrorBody(body)) {
		const transient = httpStatus >= 500 || httpStatus === 429;
		return {
			httpStatus,
			code: 0,
			message: `Graph API answered HTTP ${httpStatus} without an error body`,
			category: transient ? 'transient' : 'unknown',
			retryable: transient,
			hint: transient
				? 'Meta or a proxy in between is temporarily unavailable. Retry later.'
				: 'Check the Base URL in the credential: the server that answered does not speak the Graph API.',
		};
	}
	const error = body.error ?? {};
	const code = asNumber(error.code) ?? 0;
	const entry = catalogEntry(code);
	const errorData = error.error_data as { details?: unknown } | undefined;
	const details =
		typeof errorData === 'object' && errorData !== null && typeof errorData.details === 'string'
			? errorData.details
			: undefined;
	const serverSide = httpStatus >= 500;
	return {
		httpStatus,
		code,
		subcode: asNumber(error.error_subcode),
		type: typeof error.type === 'string' ? error.type : undefined,
		message: typeof error.message === 'string' ? error.message : `Graph API error ${code}`,
		details,
		fbtraceId: typeof error.fbtrace_id === 'string' ? error.fbtrace_id : undefined,
		category: entry?.category ?? (serverSide ? 'transient' : 'unknown'),
		retryable: entry?.retryable ?? (serverSide || error.is_transient === true),
		hint: entry?.hint ?? hintFor(code),
	};
}

/** One line for logs and n8n's error description; never contains request data. */
export function describeMetaError(error: MetaError): string {
	const parts = [`Meta error ${error.code}`];
	if (error.subcode !== undefined) parts[0] += ` (subcode ${error.subcode})`;
	parts.push(error.details ?? error.message);
	parts.push(`What to do: ${error.hint}`);
	if (error.fbtraceId) parts.push(`fbtrace_id ${error.fbtraceId}`);
	return parts.join('. ').replace(/\.\./g, '.');
}
