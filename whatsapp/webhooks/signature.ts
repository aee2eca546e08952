/**
 * Meta signs every webhook POST with `X-Hub-Signature-256: sha256=<hex HMAC-SHA256(raw body, app
 * secret)>`. The HMAC covers the bytes exactly as sent (non-ASCII escaped as `\uXXXX`), so the check
 * runs on the raw request body, never on re-serialised JSON.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

export const SIGNATURE_HEADER = 'x-hub-signature-256';

export type SignatureCheck =
	| { ok: true }
	| { ok: false; reason: 'missingSecret' | 'missingHeader' | 'malformedHeader' | 'mismatch'; message: string };

const HEADER_PATTERN = /^sha256=([0-9a-fA-F]{64})$/;

/** `sha256=<hex>` for a body: what Meta sends, and what a relay or a test signs with. */
export function signBody(rawBody: Buffer | string, appSecret: string): string {
	return `sha256=${createHmac('sha256', appSecret).update(rawBody).digest('hex')}`;
}

/**
 * Checks `X-Hub-Signature-256` in constant time. The reason names what was wrong without echoing the
 * secret or the expected digest, so it can go to the log as is.
 */
export function verifySignature(
	rawBody: Buffer,
	header: string | string[] | undefined,
	appSecret: string | undefined,
): SignatureCheck {
	if (!appSecret) {
		return { ok: false, reason: 'missingSecret', message: 'The credential has no App Secret, so no webhook can be verified' };
	}
	const value = Array.isArray(header) ? header[0] : header;
	if (value === undefined || value.trim() === '') {
		return { ok: false, reason: 'missingHeader', message: 'The request has no X-Hub-Signature-256 header' };
	}
	const match = HEADER_PATTERN.exec(value.trim());
	if (!match) {
		return {
			ok: false,
			reason: 'malformedHeader',
			message: 'The X-Hub-Signature-256 header is not "sha256=" followed by 64 hex digits',
		};
	}
	const given = Buffer.from(match[1].toLowerCase(), 'hex');
	const expected = createHmac('sha256', appSecret).update(rawBody).digest();
	// Both are 32 bytes by construction (the pattern fixes the length), as timingSafeEqual requires.
	if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
		return {
			ok: false,
			reason: 'mismatch',
			message: 'The X-Hub-Signature-256 does not match the body signed with the App Secret (forged, altered, or another app)',
		};
	}
	return { ok: true };
}

/**
 * A verify token that every n8n process derives the same way from what they all share (the App
 * Secret and the webhook's ID), so queue-mode webhook processes answer Meta's handshake alike and
 * nothing has to be stored.
 */
export function deriveVerifyToken(appSecret: string, webhookId: string): string {
	return `wabp_${createHmac('sha256', appSecret).update(`verify-token:${webhookId}`).digest('hex').slice(0, 32)}`;
}

/** Constant-time string comparison for tokens of any length. */
export function safeEqual(a: string, b: string): boolean {
	const left = createHmac('sha256', 'compare').update(a).digest();
	const right = createHmac('sha256', 'compare').update(b).digest();
	return timingSafeEqual(left, right) && a.length === b.length;
}

export interface VerificationQuery {
	'hub.mode'?: unknown;
	'hub.verify_token'?: unknown;
	'hub.challenge'?: unknown;
}

export type VerificationAnswer = { ok: true; challenge: string } | { ok: false; status: 400 | 403; reason: string };

/** Meta's GET handshake: echo `hub.challenge` when the mode is `subscribe` and the token is one of ours. */
export function answerVerification(query: VerificationQuery, acceptedTokens: string[]): VerificationAnswer {
	const mode = query['hub.mode'];
	const token = query['hub.verify_token'];
	const challenge = query['hub.challenge'];
	if (mode !== 'subscribe' || typeof challenge !== 'string' || challenge === '') {
		return { ok: false, status: 400, reason: 'Not a verification request: expected hub.mode=subscribe and a hub.challenge' };
	}
	if (typeof token !== 'string' || !acceptedTokens.some((accepted) => accepted !== '' && safeEqual(accepted, token))) {
		return { ok: false, status: 403, reason: 'The hub.verify_token does not match this trigger’s verify token' };
	}
	return { ok: true, challenge };
}
