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
import { anyOf, createdBeforeDay, deleteRows, ensureDataTable, findDataTable, getRows, insertRows, updateRowsReturning } from '../transport/n8nApi';

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
/** About one claim in this many also prunes expired rows (one bounded DELETE). */
const PRUNE_ONE_IN = 100;

/** The ledger table (created once). Callers that run rarely (activation) prune it too. */
export async function ensureLedgerTable(this: N8nApiContext): Promise<string> {
	return (await ensureDataTable.call(this, LEDGER_TABLE, LEDGER_COLUMNS)).id;
}

/**
 * Claims `eventIds` for `scope` and returns those this call won (each event ID is won by exactly
 * one caller, ever, on SQLite and PostgreSQL alike). One insert for the whole batch, one read per
 * group of keys (one group for any usual webhook), then one conditional update for the keys that
 * nobody has taken yet. Any failure throws: the caller answers 503 and Meta redelivers, and the
 * rows this call left unclaimed are taken by the redelivery.
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
	const ids = await insertRows.call(this, tableId, keys.map((key) => claimRow(scope, key) as IDataObject));
	if (ids.length !== keys.length) {
		throw new Error(`The delivery ledger stored ${ids.length} of ${keys.length} rows`);
	}
	const own = new Map(keys.map((key, index) => [key, ids[index]]));
	const seen: ClaimRow[] = [];
	for (const chunk of chunkKeysForQuery(keys)) {
		seen.push(...(await getRows.call(this, tableId, { filter: anyOf('key', chunk) })).map(toClaimRow));
	}
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
	return new Set(unique.filter((eventId) => won.has(ledgerKey(scope, eventId))));
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
