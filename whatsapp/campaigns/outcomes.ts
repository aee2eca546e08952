/**
 * What became of each campaign recipient, folded from the progress ledger: the rows a run writes
 * around each send (`pending`, `accepted`, `uncertain`, `failed`) and the rows the trigger writes
 * for Meta's status webhooks (`status:sent|delivered|read|failed`, matched to the recipient by the
 * callback data `campaign:<id>:<recipient>` and to the message by its wamid).
 *
 * Statuses arrive out of order and more than once (read before delivered, redeliveries, several
 * receivers), so a message's state is the highest status ever recorded for it, by rank
 * failed > read > delivered > sent: the same answer for any order and any number of copies.
 *
 * Settling (before a resumed run decides): a recipient whose message Meta reported with any status
 * was accepted, whatever the send rows say. One whose send may or may not have reached Meta (an
 * `uncertain` row, or a `pending` row with no final row: the run stopped mid-send) and for whom no
 * status came within the grace period, while statuses of the campaign were being recorded, was
 * never accepted: safe to send again. The rest stay uncertain.
 */
import type { DeliveryRetry } from '../errors';
import { deliveryRetryFor, RETRY_LATER_MS } from '../errors';
import type { DeliveryStatus, LedgerRow } from './ledger';
import { parseCampaignCallbackData } from './callback';

/** Meta's statuses normally follow acceptance within seconds; 10 minutes leaves a wide margin. */
export const DEFAULT_STATUS_GRACE_MS = 10 * 60 * 1000;

const RANK: Record<DeliveryStatus, number> = { sent: 1, delivered: 2, read: 3, failed: 4 };

/** The higher of two statuses by rank (failed > read > delivered > sent). */
export function higherStatus(a: DeliveryStatus | undefined, b: DeliveryStatus): DeliveryStatus {
	return a === undefined || RANK[b] > RANK[a] ? b : a;
}

function statusOf(row: LedgerRow): DeliveryStatus | undefined {
	return row.state.startsWith('status:') ? (row.state.slice('status:'.length) as DeliveryStatus) : undefined;
}

// --- from webhook events to rows --------------------------------------------------------------

/** The part of a trigger status item (whatsapp/webhooks/events.ts) this needs. */
export interface StatusEventLike {
	event?: string;
	status?: string;
	messageId?: string;
	bizOpaqueCallbackData?: string;
	errors?: Array<{ code?: number }>;
}

/**
 * One ledger row per status event of a campaign message (callback data `campaign:<id>:<recipient>`).
 * Other statuses (`played`, messages not sent by a campaign) give none.
 */
export function statusRowsFromEvents(events: readonly StatusEventLike[]): LedgerRow[] {
	const rows: LedgerRow[] = [];
	for (const event of events) {
		if (event.event !== undefined && event.event !== 'status') continue;
		const status = event.status as DeliveryStatus;
		if (!(status in RANK) || !event.messageId) continue;
		const target = parseCampaignCallbackData(event.bizOpaqueCallbackData);
		if (!target) continue;
		const code = status === 'failed' ? event.errors?.find((error) => typeof error.code === 'number')?.code : undefined;
		rows.push({ campaignId: target.campaignId, recipient: target.recipient, state: `status:${status}`, messageId: event.messageId, ...(code !== undefined ? { code } : {}) });
	}
	return rows;
}

// --- the fold ---------------------------------------------------------------------------------

interface MessageFold {
	messageId: string;
	status?: DeliveryStatus;
	code?: number;
	/** When the failed status was stored. */
	failedAt?: number;
	/** Ordering between a recipient's messages: time (or position) of the first row naming it. */
	firstSeen: number;
	/** Whether a run stored Meta's acceptance (an `accepted` row); a status alone also proves it. */
	acceptedRow: boolean;
}

export interface RecipientFold {
	recipient: string;
	messages: Map<string, MessageFold>;
	/** A pending row with no final row after it (the run stopped mid-send). */
	openPending: boolean;
	/** An `uncertain` final row (no answer from Meta). */
	uncertainRow: boolean;
	/** Sends Meta refused (HTTP error), by code. */
	rejectedCode?: number;
	rejected: boolean;
	/** The latest pending row's time. */
	lastPendingAt?: number;
}

export interface CampaignFold {
	recipients: Map<string, RecipientFold>;
	/** Times of every status row (to tell whether statuses were being recorded at all). */
	statusTimes: number[];
	statusRows: number;
}

/** Folds the campaign's rows (one campaign, insertion order) per recipient and message. */
export function foldLedger(rows: readonly LedgerRow[]): CampaignFold {
	const recipients = new Map<string, RecipientFold>();
	const statusTimes: number[] = [];
	let statusRows = 0;
	rows.forEach((row, position) => {
		let entry = recipients.get(row.recipient);
		if (!entry) {
			entry = { recipient: row.recipient, messages: new Map(), openPending: false, uncertainRow: false, rejected: false };
			recipients.set(row.recipient, entry);
		}
		const order = row.createdAt ?? position;
		const message = (id: string): MessageFold => {
			let found = entry!.messages.get(id);
			if (!found) {
				found = { messageId: id, firstSeen: order, acceptedRow: false };
				entry!.messages.set(id, found);
			}
			found.firstSeen = Math.min(found.firstSeen, order);
			return found;
		};
		const status = statusOf(row);
		if (status) {
			statusRows += 1;
			if (row.createdAt !== undefined) statusTimes.push(row.createdAt);
			if (!row.messageId) return;
			const target = message(row.messageId);
			const before = target.status;
			target.status = higherStatus(target.status, status);
			if (status === 'failed' && before !== 'failed') {
				target.code = row.code;
				target.failedAt = row.createdAt;
			}
			return;
		}
		// Send rows: insertion order matters here (one run writes pending, then its final row).
		if (row.state === 'pending') {
			entry.openPending = true;
			if (row.createdAt !== undefined) entry.lastPendingAt = Math.max(entry.lastPendingAt ?? 0, row.createdAt);
			return;
		}
		entry.openPending = false;
		if (row.state === 'accepted') {
			message(row.messageId || `accepted#${position}`).acceptedRow = true;
		} else if (row.state === 'uncertain') entry.uncertainRow = true;
		else if (row.state === 'failed') {
			entry.rejected = true;
			entry.rejectedCode = row.code;
		}
	});
	return { recipients, statusTimes, statusRows };
}

/** A recipient's latest message (the one a later run sent, when there are several). */
function latestMessage(entry: RecipientFold): MessageFold | undefined {
	let latest: MessageFold | undefined;
	for (const message of entry.messages.values()) if (!latest || message.firstSeen >= latest.firstSeen) latest = message;
	return latest;
}

// --- settling ---------------------------------------------------------------------------------

export type UncertainReason = 'withinGrace' | 'noStatusFeed' | 'noTime';

/** What earlier runs (and Meta's statuses) leave for a recipient when a run of the campaign starts. */
export type PriorState =
	| { state: 'accepted'; messageId?: string; status?: Exclude<DeliveryStatus, 'failed'>; bySettle?: boolean }
	| { state: 'deliveryFailed'; messageId: string; code?: number; failedAt?: number }
	| { state: 'uncertain'; reason?: UncertainReason; retryAfter?: number }
	/** Settled: no status within the grace period, so Meta never accepted it. */
	| { state: 'notSent' }
	/** Every attempt was refused by Meta (safe to send again). */
	| { state: 'failed'; code?: number };

export interface SettleOptions {
	now: number;
	graceMs: number;
}

/**
 * Whether statuses of this campaign were being recorded around `at`: at least one status row stored
 * after `at − grace`. Without that evidence a missing status proves nothing (no trigger, or the
 * trigger without the n8n API credential), and the recipient stays uncertain.
 */
function feedAliveAround(fold: CampaignFold, at: number, graceMs: number): boolean {
	if (fold.statusRows === 0) return false;
	if (fold.statusTimes.length === 0) return true;
	return fold.statusTimes.some((time) => time >= at - graceMs);
}

export function settleRecipient(entry: RecipientFold, fold: CampaignFold, options: SettleOptions): PriorState {
	const latest = latestMessage(entry);
	if (latest) {
		if (latest.status === 'failed') return { state: 'deliveryFailed', messageId: latest.messageId, ...(latest.code !== undefined ? { code: latest.code } : {}), ...(latest.failedAt !== undefined ? { failedAt: latest.failedAt } : {}) };
		const messageId = latest.messageId.includes('#') ? undefined : latest.messageId;
		// Accepted by a status alone: the run stopped (or lost the connection) before it stored Meta's answer.
		const bySettle = ![...entry.messages.values()].some((message) => message.acceptedRow);
		return { state: 'accepted', ...(messageId ? { messageId } : {}), ...(latest.status ? { status: latest.status } : {}), ...(bySettle ? { bySettle } : {}) };
	}
	if (entry.uncertainRow || entry.openPending) {
		const at = entry.lastPendingAt;
		if (at === undefined) return { state: 'uncertain', reason: 'noTime' };
		if (options.now - at < options.graceMs) return { state: 'uncertain', reason: 'withinGrace', ...(Number.isFinite(options.graceMs) ? { retryAfter: at + options.graceMs } : {}) };
		if (!feedAliveAround(fold, at, options.graceMs)) return { state: 'uncertain', reason: 'noStatusFeed' };
		return { state: 'notSent' };
	}
	return { state: 'failed', ...(entry.rejectedCode !== undefined ? { code: entry.rejectedCode } : {}) };
}

/** Per recipient, what a resumed run starts from. Without options nothing is settled by time. */
export function priorStates(rows: readonly LedgerRow[], options: SettleOptions = { now: 0, graceMs: Number.POSITIVE_INFINITY }): Map<string, PriorState> {
	const fold = foldLedger(rows);
	const states = new Map<string, PriorState>();
	for (const [recipient, entry] of fold.recipients) states.set(recipient, settleRecipient(entry, fold, options));
	return states;
}

// --- retrying failed deliveries ---------------------------------------------------------------

/** Which failed deliveries a run sends again: none, those Meta says may be retried, or listed codes. */
export type RetryFailedPolicy = { mode: 'never' } | { mode: 'allowed' } | { mode: 'codes'; codes: ReadonlySet<number> };

export function retryFailedDelivery(prior: Extract<PriorState, { state: 'deliveryFailed' }>, policy: RetryFailedPolicy, now: number): { retry: boolean; advice: DeliveryRetry } {
	const advice = deliveryRetryFor(prior.code);
	if (policy.mode === 'never') return { retry: false, advice };
	if (policy.mode === 'codes') return { retry: prior.code !== undefined && policy.codes.has(prior.code), advice };
	if (advice === 'now') return { retry: true, advice };
	if (advice === 'later') return { retry: prior.failedAt !== undefined && now - prior.failedAt >= RETRY_LATER_MS, advice };
	return { retry: false, advice };
}

// --- the report -------------------------------------------------------------------------------

export type RecipientStatus = 'read' | 'delivered' | 'sent' | 'accepted' | 'failed' | 'uncertain' | 'notSent' | 'rejected';

export interface RecipientReport {
	recipient: string;
	/** The last known state: a status from Meta, `accepted` (no status yet), or what the runs left. */
	status: RecipientStatus;
	messageId?: string;
	code?: number;
	/** For `uncertain`: why it is not settled yet. */
	reason?: UncertainReason;
	messages: number;
}

export interface CampaignReport {
	campaignId: string;
	recipients: number;
	/** Meta accepted the message (an accepted row, or any status). */
	accepted: number;
	/** At least sent (delivered and read included). */
	sent: number;
	/** Delivered, read included. */
	delivered: number;
	read: number;
	/** Accepted, then a `failed` status. */
	failed: number;
	failureCodes: Record<string, number>;
	/** Accepted, no status yet. */
	awaitingStatus: number;
	/** Maybe sent, not settled yet (see `uncertainReasons`). */
	uncertain: number;
	uncertainReasons: Partial<Record<UncertainReason, number>>;
	/** Settled as never accepted: the next run sends to them. */
	notSent: number;
	/** Every attempt refused by Meta. */
	rejected: number;
	rejectedCodes: Record<string, number>;
	rows: number;
	statusRows: number;
	graceMs: number;
}

function bump(counts: Record<string, number>, key: string | number | undefined): void {
	const name = String(key ?? 'unknown');
	counts[name] = (counts[name] ?? 0) + 1;
}

export function campaignReport(campaignId: string, rows: readonly LedgerRow[], options: SettleOptions): { report: CampaignReport; recipients: RecipientReport[] } {
	const fold = foldLedger(rows);
	const report: CampaignReport = {
		campaignId,
		recipients: fold.recipients.size,
		accepted: 0,
		sent: 0,
		delivered: 0,
		read: 0,
		failed: 0,
		failureCodes: {},
		awaitingStatus: 0,
		uncertain: 0,
		uncertainReasons: {},
		notSent: 0,
		rejected: 0,
		rejectedCodes: {},
		rows: rows.length,
		statusRows: fold.statusRows,
		graceMs: options.graceMs,
	};
	const list: RecipientReport[] = [];
	for (const [recipient, entry] of fold.recipients) {
		const prior = settleRecipient(entry, fold, options);
		const messages = [...entry.messages.keys()].filter((id) => !id.includes('#')).length;
		let line: RecipientReport;
		switch (prior.state) {
			case 'accepted': {
				report.accepted += 1;
				const status = prior.status ?? 'accepted';
				if (status === 'accepted') report.awaitingStatus += 1;
				else {
					report.sent += 1;
					if (status === 'delivered' || status === 'read') report.delivered += 1;
					if (status === 'read') report.read += 1;
				}
				line = { recipient, status, ...(prior.messageId ? { messageId: prior.messageId } : {}), messages };
				break;
			}
			case 'deliveryFailed':
				report.accepted += 1;
				report.failed += 1;
				bump(report.failureCodes, prior.code);
				line = { recipient, status: 'failed', messageId: prior.messageId, ...(prior.code !== undefined ? { code: prior.code } : {}), messages };
				break;
			case 'uncertain':
				report.uncertain += 1;
				if (prior.reason) report.uncertainReasons[prior.reason] = (report.uncertainReasons[prior.reason] ?? 0) + 1;
				line = { recipient, status: 'uncertain', ...(prior.reason ? { reason: prior.reason } : {}), messages };
				break;
			case 'notSent':
				report.notSent += 1;
				line = { recipient, status: 'notSent', messages };
				break;
			case 'failed':
				report.rejected += 1;
				bump(report.rejectedCodes, prior.code);
				line = { recipient, status: 'rejected', ...(prior.code !== undefined ? { code: prior.code } : {}), messages };
				break;
		}
		list.push(line);
	}
	return { report, recipients: list };
}
