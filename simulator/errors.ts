/**
 * Meta's Graph error envelope (facts §13.1): `{error:{message, type, code, error_subcode?, error_data?, fbtrace_id}}`.
 * Handlers throw `GraphError`; the router turns it into the HTTP answer.
 */
import { randomBytes } from 'node:crypto';

export interface GraphErrorInit {
	code: number;
	/** Full message, already in Meta's `(#code) Title` form where Meta uses it. */
	message: string;
	httpStatus?: number;
	type?: 'OAuthException' | 'GraphMethodException';
	subcode?: number;
	/** `error_data.details`. */
	details?: string;
	/** Adds `error_data.messaging_product: "whatsapp"` (WhatsApp endpoints do). */
	whatsapp?: boolean;
	isTransient?: boolean;
	/** Extra top-level keys next to `error` (block_users partial failures). */
	siblings?: Record<string, unknown>;
	/** Extra keys inside `error` (error_user_title, error_user_msg). */
	extra?: Record<string, unknown>;
}

export class GraphError extends Error {
	readonly init: GraphErrorInit;
	constructor(init: GraphErrorInit) {
		super(init.message);
		this.init = init;
	}
	get httpStatus(): number {
		return this.init.httpStatus ?? 400;
	}
	toBody(): Record<string, unknown> {
		const i = this.init;
		const error: Record<string, unknown> = { message: i.message, type: i.type ?? 'OAuthException', code: i.code };
		if (i.subcode !== undefined) error.error_subcode = i.subcode;
		if (i.isTransient !== undefined) error.is_transient = i.isTransient;
		if (i.extra) Object.assign(error, i.extra);
		if (i.details !== undefined || i.whatsapp) {
			const data: Record<string, unknown> = {};
			if (i.whatsapp) data.messaging_product = 'whatsapp';
			if (i.details !== undefined) data.details = i.details;
			error.error_data = data;
		}
		error.fbtrace_id = fbtraceId();
		return { ...(i.siblings ?? {}), error };
	}
}

export function fbtraceId(): string {
	return ('A' + randomBytes(17).toString('base64')).replace(/[+/=]/g, (c) => (c === '+' ? '-' : c === '/' ? '_' : '')).slice(0, 23);
}

/** Titles Meta uses in `(#code) Title` messages and in failed-status `errors[]`. */
export const TITLES: Record<number, string> = {
	1: 'An unknown error occurred',
	2: 'Service temporarily unavailable',
	4: 'Application request limit reached',
	10: 'Permission denied',
	100: 'Invalid parameter',
	131000: 'Something went wrong',
	131008: 'Required parameter is missing',
	131009: 'Parameter value is not valid',
	131021: 'Recipient cannot be sender',
	131026: 'Message undeliverable',
	131047: 'Re-engagement message',
	131051: 'Unsupported message type',
	131053: 'Media upload error',
	130429: 'Rate limit hit',
	131056: '(Business Account, Consumer Account) pair rate limit hit',
	132000: 'Number of parameters does not match the expected number of params',
	132001: 'Template name does not exist in the translation',
	132005: 'Translated text too long',
	132012: 'Parameter format does not match format in the created template',
	132015: 'Template is Paused',
	132016: 'Template is Disabled',
	133005: 'Two step verification PIN Mismatch',
	136025: 'Verify code error',
	139100: 'Failed to block/unblock users',
	200007: 'Template insights are not enabled',
};

/** `(#code) Title` error for WhatsApp endpoints, with `error_data.details`. */
export function waError(code: number, details?: string, httpStatus = 400, extra: Partial<GraphErrorInit> = {}): GraphError {
	return new GraphError({ code, message: `(#${code}) ${TITLES[code] ?? 'Error'}`, details, whatsapp: true, httpStatus, ...extra });
}

/** Graph schema error, code 100: `(#100) Param text['body'] must be at most 4096 characters long.` */
export function param100(sentence: string, whatsapp = true): GraphError {
	return new GraphError({ code: 100, message: `(#100) ${sentence}`, details: sentence, whatsapp });
}

export const invalidValue = (details: string): GraphError => waError(131009, details);
export const missingParam = (details: string): GraphError => waError(131008, details);

/** `Unsupported get request. Object with ID '...' does not exist ...` (100/33, HTTP 400). */
export function unsupportedRequest(method: string, objectId: string): GraphError {
	const verb = method.toLowerCase() === 'head' ? 'get' : method.toLowerCase();
	return new GraphError({
		code: 100,
		subcode: 33,
		type: 'GraphMethodException',
		message: `Unsupported ${verb} request. Object with ID '${objectId}' does not exist, cannot be loaded due to missing permissions, or does not support this operation. Please read the Graph API documentation at https://developers.facebook.com/docs/graph-api`,
	});
}

export function invalidToken(): GraphError {
	return new GraphError({ code: 190, httpStatus: 401, message: 'Invalid OAuth access token - Cannot parse access token' });
}

export function expiredToken(now: Date): GraphError {
	const expired = new Date(now.getTime() - 2 * 86_400_000);
	return new GraphError({
		code: 190,
		subcode: 463,
		httpStatus: 401,
		message: `Error validating access token: Session has expired on ${expired.toUTCString()}. The current time is ${now.toUTCString()}.`,
	});
}

export function missingToken(): GraphError {
	return new GraphError({ code: 104, httpStatus: 400, message: 'An access token is required to request this resource.' });
}

export function permissionError(permission: string): GraphError {
	return new GraphError({
		code: 200,
		httpStatus: 403,
		message: '(#200) Permissions error',
		details: `The access token does not have the ${permission} permission required for this call.`,
	});
}

export function internalError(): GraphError {
	return new GraphError({ code: 1, httpStatus: 500, message: 'An unknown error occurred', isTransient: true });
}
