/**
 * The delivery ledger: an n8n Data Table of claim rows, reached through n8n's public API (community
 * nodes cannot use the internal data-table helpers, and `webhook()` has no dedupe helpers). A claim
 * is one insert, one read and one conditional update for the whole batch; the rule of who wins, and
 * why it is exact on PostgreSQL as well as SQLite, lives in whatsapp/webhooks/ledger.ts. Rows older
 * than Meta's redelivery horizon are pruned now and then by the callers themselves, so the table
 * stays small without an operator.
 */
import { randomUUID } from 'node:crypto';

import type { IDataObject } from 'n8n-workflow';

import { chunkKeysForQuery, claimRow, keysToTake, ledgerKey, toClaimRow, wonKeys } from '../../../whatsapp/webhooks/ledger';
import type { ClaimRow } from '../../../whatsapp/webhooks/ledger';
import type { N8nApiContext, RowFilter } from '../transport/n8nApi';
import { anyOf, createdBeforeDay, deleteRows, ensureDataTable, equals, findDataTable, getRows, insertRows, joinApiBatch, updateRowsReturning } from '../transport/n8nApi';

/** The claims table (the rows of "lowest ID wins" lived in `wabp_delivery_ledger` before). */
export const LEDGER_TABLE = 'wabp_delivery_claims';
/** The table of the earlier insert-only ledger: no longer written, only pruned. */
export const PREVIOUS_LEDGER_TABLE = 'wabp_delivery_ledger';

const LEDGER_COLUMNS = [
	{ name: 'key', type: 'string' as const },
	{ name: 'scope', type: 'string' as const },
	/** The key while nobody took the row, then empty. */
	{ name: 'unclaimed', type: 'string' as const },
	/** The token of the claim that took the row. */
	{ name: 'claimedBy', type: 'string' as const },
];

/** Meta retries a webhook for up to 7 days; a day more covers clock skew and slow retries. */
export const LEDGER_RETENTION_MS = 8 * 24 * 60 * 60 * 1000;
/** Keys per conditional update (SQLite's expression depth limit is 1,000). */
const MAX_KEYS_PER_UPDATE = 200;
/** Claim batches of one process and table in flight at once (see claimEvents). */
const CLAIM_BATCHES_IN_FLIGHT = 2;
/** About one claim in this many also prunes expired rows (one bounded DELETE). */
const PRUNE_ONE_IN = 100;

/** The ledger table (created once). Callers that run rarely (activation) prune it too. */
export async function ensureLedgerTable(this: N8nApiContext): Promise<string> {
	return (await ensureDataTable.call(this, LEDGER_TABLE, LEDGER_COLUMNS)).id;
}

/**
 * The event IDs most recently claimed (or being claimed) in `scope`, newest first: how callers that
 * claim numbered keys (tickets, campaign turns) find the next number to try. A key stored by its
 * hash (long or non-ASCII) comes back as stored.
 */
export async function latestKeysOf(this: N8nApiContext, tableId: string, scope: string, limit: number): Promise<string[]> {
	const rows = await getRows.call(this, tableId, { filter: equals('scope', scope), sortBy: 'id:desc', limit });
	return rows.flatMap((row) => (typeof row.key === 'string' ? [row.key.slice(scope.length + 1)] : []));
}

/** What one caller claims: ledger keys of one scope. */
interface ClaimRequest {
	scope: string;
	keys: string[];
}

/**
 * Claims `eventIds` for `scope` and returns those this call won (each event ID is won by exactly
 * one caller, ever, on SQLite and PostgreSQL alike). Concurrent calls of this process on the same
 * table and credential claim together (transport/groupCommit.ts): one insert, one read and one
 * conditional update for all of them, so the cost per webhook falls as load rises. Any failure
 * throws: the caller answers 503 and Meta redelivers, and the rows this call left unclaimed are
 * taken by the redelivery.
 */
export async function claimEvents(
	this: N8nApiContext,
	tableId: string,
	scope: string,
	eventIds: readonly string[],
): Promise<Set<string>> {
	const unique = [...new Set(eventIds)];
	if (unique.length === 0) return new Set();
	const keys = unique.map((eventId) => ledgerKey(scope, eventId));
	const won = await joinApiBatch(this, `ledger|${tableId}`, { scope, keys }, async (requests) => await claimForBatch.call(this, tableId, requests), {
		// One conditional update per batch (and a few reads, sent together). Claims are exact between
		// concurrent callers (that is what they are for), so a second batch may start while one is in
		// flight: a POST then waits for a free slot, not for a whole claim ahead of it.
		maxWeight: MAX_KEYS_PER_UPDATE,
		weight: keys.length,
		maxInFlight: CLAIM_BATCHES_IN_FLIGHT,
	});
	return new Set(unique.filter((eventId) => won.has(ledgerKey(scope, eventId))));
}

/**
 * One claim for the keys of several callers. A key two callers asked for (Meta redelivering a
 * body while the first copy is being claimed) is won at most once here too: by the first caller.
 */
async function claimForBatch(this: N8nApiContext, tableId: string, requests: ClaimRequest[]): Promise<Array<Set<string>>> {
	const scopes = new Map<string, string>();
	for (const { scope, keys } of requests) for (const key of keys) scopes.set(key, scope);
	const won = await claimKeys.call(this, tableId, scopes);
	return requests.map(({ keys }) => {
		const mine = new Set(keys.filter((key) => won.has(key)));
		for (const key of mine) won.delete(key);
		return mine;
	});
}

/**
 * The claim itself (`scopes`: each key with its scope): one insert for all keys, the read of their
 * rows (in URL-sized groups, sent together), then one conditional update for the keys nobody has
 * taken yet. Returns the keys won.
 */
async function claimKeys(this: N8nApiContext, tableId: string, scopes: ReadonlyMap<string, string>): Promise<Set<string>> {
	const keys = [...scopes.keys()];
	const ids = await insertRows.call(this, tableId, keys.map((key) => claimRow(scopes.get(key)!, key) as IDataObject));
	if (ids.length !== keys.length) {
		throw new Error(`The delivery ledger stored ${ids.length} of ${keys.length} rows`);
	}
	const own = new Map(keys.map((key, index) => [key, ids[index]]));
	// The reads must follow the insert (each receiver's own row committed before it looks: the
	// rule's proof in whatsapp/webhooks/ledger.ts), but not each other.
	const reads = await Promise.all(chunkKeysForQuery(keys).map(async (chunk) => await getRows.call(this, tableId, { filter: anyOf('key', chunk) })));
	const seen: ClaimRow[] = reads.flat().map(toClaimRow);
	const open = keysToTake(keys, seen);
	const token = randomUUID();
	const took: ClaimRow[] = [];
	// The update's filter is in its body (no URL limit), but SQLite refuses an OR chain deeper than
	// 1,000 terms ("Expression tree is too large"): one call per group of keys (one for any usual
	// webhook). Each key sits in one group, so each key's rows are still taken by one statement.
	for (let start = 0; start < open.length; start += MAX_KEYS_PER_UPDATE) {
		const group = open.slice(start, start + MAX_KEYS_PER_UPDATE);
		took.push(...(await updateRowsReturning.call(this, tableId, anyOf('unclaimed', group), { unclaimed: '', claimedBy: token })).map(toClaimRow));
	}
	const won = wonKeys(own, seen, took, token);
	// Pruning is housekeeping: it never fails a claim.
	if (Math.random() * PRUNE_ONE_IN < 1) await pruneLedger.call(this, tableId).catch(() => 0);
	return won;
}

/** The filter of ledger rows past retention: written before the horizon's UTC day. */
export function expiredLedgerRows(nowMs: number, retentionMs = LEDGER_RETENTION_MS): RowFilter {
	return { type: 'and', filters: [{ columnName: 'createdAt', condition: 'lt', value: createdBeforeDay(nowMs - retentionMs) }] };
}

/** Deletes ledger rows past Meta's redelivery horizon and returns how many went. */
export async function pruneLedger(this: N8nApiContext, tableId: string, nowMs = Date.now(), retentionMs = LEDGER_RETENTION_MS): Promise<number> {
	const deleted = await deleteRows.call(this, tableId, expiredLedgerRows(nowMs, retentionMs));
	return Array.isArray(deleted) ? deleted.length : 0;
}

/** Prunes the earlier ledger table too, when it is still there (at publish; best effort). */
export async function prunePreviousLedger(this: N8nApiContext, nowMs = Date.now()): Promise<number> {
	const previous = await findDataTable.call(this, PREVIOUS_LEDGER_TABLE);
	return previous ? await pruneLedger.call(this, previous.id, nowMs) : 0;
}
