/**
 * When to send a Graph request again, and after how long. Pure functions: the transport supplies
 * the clock (`sleep`) and the randomness, so tests can pin both.
 */
import type { MetaError } from './errors';

export interface RetryPolicy {
	/** Retries after the first attempt. */
	maxRetries: number;
	/** First backoff for throughput and transient errors, in milliseconds. */
	baseDelayMs: number;
	/** Upper bound of any single wait. */
	maxDelayMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = { maxRetries: 4, baseDelayMs: 500, maxDelayMs: 30_000 };

/**
 * What a failed attempt tells us about whether Meta accepted the request.
 * - `rejected`: Meta answered with an error, nothing was accepted.
 * - `notSent`: the connection failed before the request left (refused, DNS): nothing was accepted.
 * - `unknown`: the request may have reached Meta (reset or time-out after sending).
 */
export type AttemptOutcome = 'rejected' | 'notSent' | 'unknown';

/** Network error codes that prove the request never reached the server. */
const NOT_SENT_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH']);
/** Network error codes where the request may or may not have been processed. */
const UNCERTAIN_CODES = new Set(['ECONNRESET', 'ETIMEDOUT', 'ESOCKETTIMEDOUT', 'ECONNABORTED', 'EPIPE', 'UND_ERR_SOCKET']);

export function classifyNetworkError(code: string | undefined): AttemptOutcome | undefined {
	if (!code) return undefined;
	if (NOT_SENT_CODES.has(code)) return 'notSent';
	if (UNCERTAIN_CODES.has(code)) return 'unknown';
	return undefined;
}

/**
 * Milliseconds to wait before retry number `attempt` (1-based), or `undefined` to give up.
 *
 * `idempotent` requests (reads, deletes, uploads) are retried after connection failures of any
 * kind. A message send whose outcome is `unknown` is never retried: sending again could deliver
 * it twice, so the caller reports it instead.
 */
export function retryDelayMs(
	failure: { outcome: AttemptOutcome; error?: MetaError; retryAfterSeconds?: number },
	attempt: number,
	idempotent: boolean,
	policy: RetryPolicy = DEFAULT_RETRY_POLICY,
	random: () => number = Math.random,
): number | undefined {
	if (attempt > policy.maxRetries) return undefined;
	if (failure.outcome === 'unknown' && !idempotent) return undefined;
	if (failure.outcome === 'rejected' && !failure.error?.retryable) return undefined;

	if (failure.retryAfterSeconds !== undefined && failure.retryAfterSeconds >= 0) {
		return Math.min(failure.retryAfterSeconds * 1000, policy.maxDelayMs);
	}
	// Pair rate limit: Meta advises waiting 4^X seconds (1 s, 4 s, 16 s ...).
	const base =
		failure.error?.code === 131056 ? 1000 * 4 ** (attempt - 1) : policy.baseDelayMs * 2 ** (attempt - 1);
	// Full jitter on half the delay keeps concurrent senders from retrying in lockstep.
	const jittered = base / 2 + random() * (base / 2);
	return Math.min(Math.round(jittered), policy.maxDelayMs);
}
