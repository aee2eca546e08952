/**
 * Exactly-once delivery by claim rows and one conditional update. Each receiver inserts one row per
 * event key (`unclaimed` = the key, `claimedBy` empty), reads every row of those keys back, and then
 * takes, in one `UPDATE … SET unclaimed = '', claimedBy = <token> WHERE unclaimed = <key>`, every row
 * of the key that nobody took yet. It wins a key only when it took every row of that key it saw in
 * its read. Why this is exact on PostgreSQL too (where a lower row ID can commit after a higher one,
 * so "lowest ID wins" is not): a row is taken at most once (the WHERE is re-checked on the locked
 * row), each receiver's insert commits before its own read, so of any two receivers of one key at
 * least one saw the other's row, and two winners would both have had to take that row. The first
 * update to take anything takes every row its caller saw, so some receiver wins. A receiver that
 * stopped before its update leaves an unclaimed row the next one takes along: nothing goes stale.
 * This file is the rule; the table lives in n8n (nodes/shared/delivery/ledger.ts).
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

/** A claim row as read back (`unclaimed` is the key until a receiver takes the row). */
export interface ClaimRow {
	id: number;
	key: string;
	unclaimed: string;
	claimedBy: string;
}

/** The row a receiver inserts for each key. */
export function claimRow(scope: string, key: string): { key: string; scope: string; unclaimed: string; claimedBy: string } {
	return { key, scope, unclaimed: key, claimedBy: '' };
}

/**
 * Keys worth taking: those with no row already taken by someone. (Such a key is lost anyway: the
 * taken row would not be taken again, so skipping the update for it only saves a call.)
 */
export function keysToTake(keys: readonly string[], seen: readonly ClaimRow[]): string[] {
	const taken = new Set(seen.filter((row) => row.claimedBy !== '' || row.unclaimed !== row.key).map((row) => row.key));
	return keys.filter((key) => !taken.has(key));
}

/**
 * The keys this receiver won. `own` maps each key to the row ID it inserted, `seen` are the rows of
 * those keys it read after its insert, `took` the rows its update changed (those showing `token`).
 * A key is won when every row of it seen (and its own row) is among the rows it took.
 */
export function wonKeys(own: ReadonlyMap<string, number>, seen: readonly ClaimRow[], took: readonly ClaimRow[], token: string): Set<string> {
	const mine = new Set(took.filter((row) => row.claimedBy === token).map((row) => row.id));
	const won = new Set<string>();
	for (const [key, ownId] of own) {
		const required = [ownId, ...seen.filter((row) => row.key === key).map((row) => row.id)];
		if (required.every((id) => mine.has(id))) won.add(key);
	}
	return won;
}

/** A claim row from the API's JSON (n8n may return an empty string column as null). */
export function toClaimRow(row: Record<string, unknown>): ClaimRow {
	return { id: Number(row.id), key: String(row.key ?? ''), unclaimed: String(row.unclaimed ?? ''), claimedBy: String(row.claimedBy ?? '') };
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
