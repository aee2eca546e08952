/**
 * Exactly-once delivery by "insert, then the first row wins". Each receiver inserts one row per
 * event key into a shared append-only table, then reads back every row of those keys in id order:
 * it keeps an event only when the lowest id for that key is its own row. Inserts never lose rows
 * under concurrency (unlike read-modify-write), so across redeliveries, concurrent calls and n8n
 * processes exactly one receiver wins each key. This file is the rule; the table lives in n8n.
 */
import { createHash } from 'node:crypto';

/** Scopes keep workflows apart: two workflows each get the event once, not once between them. */
export function ledgerScope(workflowId: string | undefined, nodeId: string): string {
	return `${workflowId ?? 'unsaved'}/${nodeId}`;
}

/** Event IDs longer than this are stored by their hash: every ledger read stays a short URL. */
export const MAX_LEDGER_EVENT_ID_CHARS = 200;

/** Marks a hashed event ID; an event ID that itself starts with it is hashed too, so none collide. */
const HASHED_MARK = 'sha256:';

/**
 * The event ID as stored in the ledger: as is when it is short printable ASCII (every ID Meta
 * sends), else a stable SHA-256 of its UTF-16 code units. UTF-16 rather than UTF-8 because a lone
 * surrogate has no UTF-8 form (encodeURIComponent throws on it, and Buffer would turn two different
 * ones into the same U+FFFD); NUL and other control characters are refused by PostgreSQL text.
 */
export function ledgerEventId(eventId: string): string {
	if (eventId.length <= MAX_LEDGER_EVENT_ID_CHARS && /^[\x20-\x7e]*$/.test(eventId) && !eventId.startsWith(HASHED_MARK)) {
		return eventId;
	}
	return HASHED_MARK + createHash('sha256').update(eventId, 'utf16le').digest('hex');
}

export function ledgerKey(scope: string, eventId: string): string {
	return `${scope}|${ledgerEventId(eventId)}`;
}

export interface LedgerRow {
	id: number;
	key: string;
}

/**
 * The keys this call won. `claimed` maps each key to the row id this call inserted; `rows` are all
 * rows of those keys as read back after the insert (any order).
 */
export function winningKeys(claimed: ReadonlyMap<string, number>, rows: readonly LedgerRow[]): Set<string> {
	const first = new Map<string, number>();
	for (const row of rows) {
		const seen = first.get(row.key);
		if (seen === undefined || row.id < seen) first.set(row.key, row.id);
	}
	const won = new Set<string>();
	for (const [key, ownId] of claimed) {
		// Our own row must be visible; if the read somehow missed it, the lowest id seen still decides.
		const lowest = Math.min(first.get(key) ?? ownId, ownId);
		if (lowest === ownId) won.add(key);
	}
	return won;
}

/** The URL-encoded length of a value; never throws (a lone surrogate counts as its worst case). */
export function encodedLength(value: string): number {
	try {
		return encodeURIComponent(value).length;
	} catch {
		return value.length * 9;
	}
}

/**
 * Splits keys into groups whose `or` filter stays well below a URL length servers accept (the
 * read is a GET with the filter in the query string). Typical webhooks fit in one group.
 */
export function chunkKeysForQuery(keys: readonly string[], maxChars = 6000): string[][] {
	const chunks: string[][] = [];
	let current: string[] = [];
	let size = 0;
	for (const key of keys) {
		// Each key costs its URL-encoded length plus the JSON around it ({"columnName":"key",…}).
		const cost = encodedLength(key) + 90;
		if (current.length > 0 && size + cost > maxChars) {
			chunks.push(current);
			current = [];
			size = 0;
		}
		current.push(key);
		size += cost;
	}
	if (current.length > 0) chunks.push(current);
	return chunks;
}
