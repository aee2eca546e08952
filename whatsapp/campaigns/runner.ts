/**
 * Sends a planned campaign: paced by the scheduler, retried with backoff and jitter where Meta
 * allows it, never repeated when the outcome is unknown, with every recipient's progress in the
 * ledger. The HTTP call is injected (`CampaignSender`), so the whole run is testable with a fake
 * clock and a fake Meta.
 */
import type { MetaError } from '../errors';
import type { Clock, PacingStats } from '../pacing/scheduler';
import { emptyPacingStats, runPaced } from '../pacing/scheduler';
import type { RetryPolicy } from '../retry';
import { retryDelayMs } from '../retry';
import type { SendBody } from '../messages/envelope';
import type { LedgerWriter } from './ledger';
import type { PlannedItem, SkipReason } from './plan';
import type { Problem } from './template';

/** What went wrong with one attempt, as the transport saw it. */
export type AttemptFailure =
	| { kind: 'rejected'; error: MetaError; retryAfterSeconds?: number }
	/** The request may have reached Meta (connection lost after sending): never sent again. */
	| { kind: 'uncertain'; message: string }
	/** The request never left (connection refused): safe to send again. */
	| { kind: 'notSent'; message: string }
	| { kind: 'other'; message: string };

export interface CampaignSender {
	send(body: SendBody, attempt: number): Promise<{ messageId: string; messageStatus?: string }>;
	/** Reads an error thrown by `send`. */
	classify(error: unknown): AttemptFailure;
}

export interface CampaignPacing {
	messagesPerSecond: number;
	maxInFlight: number;
	/** Pair rate limit spacing per recipient (Meta: about 6000 ms); 0 turns it off. */
	pairIntervalMs: number;
	pairBurst: number;
	burstToleranceMs?: number;
}

export const DEFAULT_CAMPAIGN_RETRY: RetryPolicy = { maxRetries: 6, baseDelayMs: 500, maxDelayMs: 30_000 };

/**
 * Errors after which no other recipient can succeed either (token, permissions, the template
 * itself, account-level blocks): the campaign stops instead of failing thousands of sends.
 */
const CAMPAIGN_FATAL_CODES = new Set([3, 10, 33, 190, 368, 131005, 131031, 131037, 131042, 131045, 131048, 132000, 132001, 132012, 132015, 132016]);

export function isCampaignFatal(error: MetaError): boolean {
	if (error.retryable) return false;
	// Code 0 is also what a body without Meta's envelope reads as: only Meta's own 0 is an auth error.
	if (error.category === 'authentication') return true;
	return CAMPAIGN_FATAL_CODES.has(error.code) || (error.code >= 200 && error.code <= 299);
}

const THROUGHPUT_CODES = new Set([4, 80007, 130429]);

export type CampaignOutcome =
	| { status: 'sent'; recipient: string; messageId: string; messageStatus?: string; kind: 'template' | 'text'; fallback: boolean; attempts: number }
	| { status: 'skipped'; recipient?: string; reason: SkipReason; messageId?: string; code?: number }
	| { status: 'invalid'; recipient?: string; problems: Problem[] }
	| { status: 'failed'; recipient: string; attempts: number; error?: MetaError; message: string }
	| { status: 'uncertain'; recipient: string; attempts: number; message: string };

export interface CampaignSummary {
	campaignId: string;
	total: number;
	sent: number;
	skipped: number;
	failed: number;
	uncertain: number;
	invalid: number;
	skipReasons: Partial<Record<SkipReason, number>>;
	/** Failed sends per Meta error code. */
	failureCodes: Record<string, number>;
	retries: number;
	/** Answers that said the account's throughput was exceeded (130429, 80007, 4). */
	throttled: number;
	pairLimited: number;
	/** From the first send to the last answer, in milliseconds. */
	sendingMs: number;
	/** Accepted sends per second over `sendingMs`. */
	achievedPerSecond: number;
	targetPerSecond: number;
	lowestPerSecond: number;
	peakInFlight: number;
	/** Why the campaign stopped early (a token, permission or template error), if it did. */
	stoppedBy?: { code: number; message: string; hint: string };
}

export interface RunCampaignOptions {
	campaignId: string;
	pacing: CampaignPacing;
	retry?: RetryPolicy;
	clock: Clock;
	random?: () => number;
	ledger?: LedgerWriter;
	/** Stop starting new sends (cancellation); sends under way finish and are recorded. */
	shouldStop?: () => boolean;
	/**
	 * Pacing statistics to add to: a campaign sent page by page passes the same object to every
	 * page, so its summary covers the whole run (first start, retries, lowest rate, peak in flight).
	 */
	stats?: PacingStats;
}

interface SendResult {
	messageId: string;
	messageStatus?: string;
}

class AttemptError extends Error {
	constructor(readonly failure: AttemptFailure) {
		super(failure.kind === 'rejected' ? failure.error.message : failure.message);
	}
}

export async function runCampaign(
	plan: PlannedItem[],
	sender: CampaignSender,
	options: RunCampaignOptions,
): Promise<{ outcomes: CampaignOutcome[]; summary: CampaignSummary; lastAnswerAt?: number }> {
	const policy = options.retry ?? DEFAULT_CAMPAIGN_RETRY;
	const random = options.random ?? Math.random;
	const outcomes: CampaignOutcome[] = new Array(plan.length);
	const toSend: number[] = [];
	plan.forEach((item, index) => {
		if (item.action === 'send') toSend.push(index);
		else if (item.action === 'skip') outcomes[index] = { status: 'skipped', recipient: item.recipient, reason: item.reason, ...(item.messageId ? { messageId: item.messageId } : {}), ...(item.code !== undefined ? { code: item.code } : {}) };
		else outcomes[index] = { status: 'invalid', recipient: item.recipient, problems: item.problems };
	});

	let stoppedBy: CampaignSummary['stoppedBy'];
	const stats: PacingStats = options.stats ?? emptyPacingStats();
	const ledger = options.ledger;
	let lastAnswerAt: number | undefined;

	const results = await runPaced<SendResult>(
		toSend.map((index) => {
			const item = plan[index] as Extract<PlannedItem, { action: 'send' }>;
			return {
				key: item.recipient,
				// The pending row goes first: if n8n stops after Meta accepted, resume sees "maybe sent".
				// It is written before the send's pace slot, so rows stored together in one batch do
				// not release their sends together (a burst over Meta's cap).
				prepare: ledger
					? async (attempt: number) => {
							if (attempt === 1) await ledger.write({ campaignId: options.campaignId, recipient: item.recipient, state: 'pending' });
						}
					: undefined,
				run: async (attempt: number) => {
					let failure: AttemptFailure;
					try {
						return await sender.send(item.body, attempt);
					} catch (error) {
						failure = sender.classify(error);
					} finally {
						lastAnswerAt = options.clock.now();
					}
					throw new AttemptError(failure);
				},
			};
		}),
		{
			perSecond: options.pacing.messagesPerSecond,
			maxInFlight: options.pacing.maxInFlight,
			perKeyIntervalMs: options.pacing.pairIntervalMs,
			perKeyBurst: options.pacing.pairBurst,
			burstToleranceMs: options.pacing.burstToleranceMs,
			stats,
			shouldStop: () => stoppedBy !== undefined || options.shouldStop?.() === true,
			retry: (error, attempt) => {
				if (!(error instanceof AttemptError)) return undefined;
				const failure = error.failure;
				if (failure.kind === 'uncertain' || failure.kind === 'other') return undefined;
				if (failure.kind === 'rejected' && isCampaignFatal(failure.error)) {
					stoppedBy ??= { code: failure.error.code, message: failure.error.message, hint: failure.error.hint };
					return undefined;
				}
				const delayMs = retryDelayMs(
					failure.kind === 'rejected'
						? { outcome: 'rejected', error: failure.error, retryAfterSeconds: failure.retryAfterSeconds }
						: { outcome: 'notSent' },
					attempt,
					false,
					policy,
					random,
				);
				if (delayMs === undefined) return undefined;
				const code = failure.kind === 'rejected' ? failure.error.code : undefined;
				const signal = code === 131056 ? 'pair' : code !== undefined && THROUGHPUT_CODES.has(code) ? 'throughput' : undefined;
				return { delayMs, signal };
			},
		},
		options.clock,
		(position, result) => {
			const index = toSend[position];
			const item = plan[index] as Extract<PlannedItem, { action: 'send' }>;
			const attempts = result.attempts ?? 0;
			if (result.ok) {
				outcomes[index] = { status: 'sent', recipient: item.recipient, messageId: result.value.messageId, ...(result.value.messageStatus ? { messageStatus: result.value.messageStatus } : {}), kind: item.kind, fallback: item.fallback, attempts };
				ledger?.add({ campaignId: options.campaignId, recipient: item.recipient, state: 'accepted', messageId: result.value.messageId });
				return;
			}
			if (result.skipped) {
				outcomes[index] = { status: 'skipped', recipient: item.recipient, reason: 'campaignStopped' };
				// Its pending row is stored but nothing was sent: a final row without a code says so,
				// and resume sends it again (a pending row alone would read as "maybe sent").
				if (result.prepared) ledger?.add({ campaignId: options.campaignId, recipient: item.recipient, state: 'failed' });
				return;
			}
			const failure = result.error instanceof AttemptError ? result.error.failure : { kind: 'other' as const, message: String((result.error as Error)?.message ?? result.error) };
			if (failure.kind === 'uncertain') {
				outcomes[index] = { status: 'uncertain', recipient: item.recipient, attempts, message: failure.message };
				ledger?.add({ campaignId: options.campaignId, recipient: item.recipient, state: 'uncertain' });
				return;
			}
			const metaError = failure.kind === 'rejected' ? failure.error : undefined;
			outcomes[index] = { status: 'failed', recipient: item.recipient, attempts, ...(metaError ? { error: metaError } : {}), message: failure.kind === 'rejected' ? failure.error.message : failure.message };
			// A send whose pending row could not be written never started: nothing to record.
			if (attempts > 0) ledger?.add({ campaignId: options.campaignId, recipient: item.recipient, state: 'failed', ...(metaError ? { code: metaError.code } : {}) });
		},
	);
	void results;
	if (ledger) await ledger.flush();

	const summary = summarize(options.campaignId, outcomes, stats, options.pacing.messagesPerSecond, lastAnswerAt);
	if (stoppedBy) summary.stoppedBy = stoppedBy;
	return { outcomes, summary, lastAnswerAt };
}

export function summarize(
	campaignId: string,
	outcomes: CampaignOutcome[],
	stats: PacingStats,
	targetPerSecond: number,
	lastAnswerAt?: number,
): CampaignSummary {
	const tally = new CampaignTally();
	tally.add(outcomes);
	return tally.summary(campaignId, stats, targetPerSecond, lastAnswerAt);
}

/**
 * Counts outcomes as they come, so a campaign sent page by page sums its pages without keeping
 * every recipient's outcome.
 */
export class CampaignTally {
	total = 0;
	sent = 0;
	skipped = 0;
	failed = 0;
	uncertain = 0;
	invalid = 0;
	readonly skipReasons: Partial<Record<SkipReason, number>> = {};
	readonly failureCodes: Record<string, number> = {};

	add(outcomes: CampaignOutcome[]): void {
		for (const outcome of outcomes) {
			this.total += 1;
			if (outcome.status === 'sent') this.sent += 1;
			else if (outcome.status === 'skipped') {
				this.skipped += 1;
				this.skipReasons[outcome.reason] = (this.skipReasons[outcome.reason] ?? 0) + 1;
			} else if (outcome.status === 'invalid') this.invalid += 1;
			else if (outcome.status === 'uncertain') this.uncertain += 1;
			else {
				this.failed += 1;
				const code = String(outcome.error?.code ?? 'network');
				this.failureCodes[code] = (this.failureCodes[code] ?? 0) + 1;
			}
		}
	}

	summary(campaignId: string, stats: PacingStats, targetPerSecond: number, lastAnswerAt?: number): CampaignSummary {
		const summary: CampaignSummary = {
			campaignId,
			total: this.total,
			sent: this.sent,
			skipped: this.skipped,
			failed: this.failed,
			uncertain: this.uncertain,
			invalid: this.invalid,
			skipReasons: { ...this.skipReasons },
			failureCodes: { ...this.failureCodes },
			retries: stats.retries,
			throttled: stats.throughputSignals,
			pairLimited: stats.pairSignals,
			sendingMs: 0,
			achievedPerSecond: 0,
			targetPerSecond,
			lowestPerSecond: Number.isFinite(stats.lowestPerSecond) ? Math.round(stats.lowestPerSecond * 100) / 100 : targetPerSecond,
			peakInFlight: stats.peakInFlight,
		};
		if (stats.firstStartAt !== undefined && lastAnswerAt !== undefined) {
			summary.sendingMs = Math.max(0, lastAnswerAt - stats.firstStartAt);
			// Accepted sends over the whole sending time, latency of the last answer included: conservative.
			const span = summary.sendingMs;
			summary.achievedPerSecond = span > 0 ? Math.round((summary.sent / (span / 1000)) * 100) / 100 : summary.sent;
		}
		return summary;
	}
}
