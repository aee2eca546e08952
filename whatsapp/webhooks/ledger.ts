/**
 * Exactly-once delivery by "insert, then the first row wins". Each receiver inserts one row per
 * event key into a shared append-only table, then reads back every row of those keys in id order:
 * it keeps an event only when the lowest id for that key is its own row. Inserts never lose rows
 * under concurrency (unlike read-modify-write), so across redeliveries, concurrent calls and n8n
 * processes exactly one receiver wins each key. This file is the rule; the table lives in n8n.
 */

/** Scopes keep workflows apart: two workflows each get the event once, not once between them. */
export function ledgerScope(workflowId: string | undefined, nodeId: string): string {
	return `${workflowId ?? 'unsaved'}/${nodeId}`;
}

export function ledgerKey(scope: string, eventId: string): string {
	return `${scope}|${eventId}`;
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
		const cost = encodeURIComponent(key).length + 90;
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
