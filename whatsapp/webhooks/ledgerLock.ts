/**
 * Why the ledger needs a lock, and the lock's rules (no n8n here; the HTTP lives in
 * nodes/shared/delivery/ledger.ts).
 *
 * "Insert a row per event, then the lowest row ID wins" is exact only when row IDs become visible
 * in the order they were handed out. SQLite serialises writers, so they do. PostgreSQL does not:
 * n8n inserts a batch of rows inside one transaction (`INSERT … RETURNING id` per row, then
 * COMMIT), so a delivery can draw ID 5, a concurrent one draw ID 6 and commit first, read its own
 * row as the lowest and win, and then the first commits, reads 5 < 6 and wins too. No rule that
 * reads rows once can repair that, because the late row is invisible when the early reader decides.
 *
 * What both databases do guarantee is a single-row compare-and-set: n8n runs the public API's
 * `PATCH rows/update` as one `UPDATE … WHERE <filter> … RETURNING` on PostgreSQL (a concurrent
 * updater of the same row waits for the first to commit, then re-checks the WHERE against the new
 * row), and as select-update-reselect in one serialised transaction on SQLite. So each ledger key
 * hashes to one of a fixed set of lock rows (created with the table), and a caller claims a key only
 * while it holds that row: it flips the row from "free or expired" to its own lease with a
 * conditional update, reads which keys are already in the ledger, inserts the new ones, and frees
 * the row. Whoever holds the row sees every insert of earlier holders, committed before they let go.
 *
 * The lease lives in the ledger table's own columns (`key` = `#lock|<bucket>`, `scope` = the
 * lease), so existing tables need no new column: `scope` holds `lease:<expiry ms, 13 digits>:<token>`
 * and "free or expired" is the text comparison `scope < lease:<now>` (fixed width, digits first).
 */

export const LOCK_SCOPE_PREFIX = 'lease:';
/** How many lock rows a ledger has: enough that unrelated events rarely wait on each other. */
export const LOCK_BUCKETS = 64;
/** A holder that stalls longer than this loses the lock to the next caller (then a fence applies). */
export const LEASE_MS = 60_000;
/** The `scope` marker of lock rows (and what retention never deletes). */
export const LOCK_ROW_SCOPE_MARKER = '#lock';

export function lockKey(bucket: number): string {
	return `${LOCK_ROW_SCOPE_MARKER}|${bucket}`;
}

export function isLockKey(key: string): boolean {
	return key.startsWith(`${LOCK_ROW_SCOPE_MARKER}|`);
}

/** FNV-1a over the key: the same key always lands on the same lock row, whichever process asks. */
export function bucketOf(key: string, buckets = LOCK_BUCKETS): number {
	let hash = 0x811c9dc5;
	for (let index = 0; index < key.length; index++) {
		hash ^= key.charCodeAt(index);
		hash = Math.imul(hash, 0x01000193) >>> 0;
	}
	return hash % buckets;
}

/** The sorted distinct lock rows a batch needs: taken in ascending order, so holders never deadlock. */
export function bucketsFor(keys: readonly string[], buckets = LOCK_BUCKETS): number[] {
	return [...new Set(keys.map((key) => bucketOf(key, buckets)))].sort((a, b) => a - b);
}

function millis(ms: number): string {
	return String(Math.max(0, Math.floor(ms))).padStart(13, '0').slice(-13);
}

/** A free lock row's `scope` (sorts below every real lease). */
export const FREE_LEASE = `${LOCK_SCOPE_PREFIX}${millis(0)}`;

/** The `scope` a holder writes: expiry first, so text order is expiry order. */
export function leaseValue(expiresAtMs: number, token: string): string {
	return `${LOCK_SCOPE_PREFIX}${millis(expiresAtMs)}:${token}`;
}

/** Rows whose `scope` sorts below this are free or expired at `nowMs`. */
export function takeableBelow(nowMs: number): string {
	return `${LOCK_SCOPE_PREFIX}${millis(nowMs)}`;
}

/** Wait before the next try at a held lock row: short at first, growing, with jitter. */
export function backoffMs(attempt: number, random: () => number = Math.random): number {
	const base = Math.min(200, 15 * 2 ** Math.min(attempt, 5));
	return Math.round(base / 2 + random() * base);
}
