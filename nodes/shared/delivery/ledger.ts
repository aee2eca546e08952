/**
 * The delivery ledger: an n8n Data Table of claimed event keys, reached through n8n's public API
 * (community nodes cannot use the internal data-table helpers, and `webhook()` has no dedupe
 * helpers). Rows are only ever inserted; the rule of who wins lives in whatsapp/webhooks/ledger.ts.
 * Rows older than Meta's redelivery horizon are pruned now and then by the callers themselves, so
 * the table stays small without an operator. On PostgreSQL "lowest row ID wins" leaves a narrow
 * window (a lower ID can commit after a higher one): see docs/scaling.md, "The once-only ledger".
 */
import type { IDataObject } from 'n8n-workflow';

import { chunkKeysForQuery, ledgerKey, winningKeys } from '../../../whatsapp/webhooks/ledger';
import type { N8nApiContext, RowFilter } from '../transport/n8nApi';
import { anyOf, createdBeforeDay, deleteRows, ensureDataTable, getRows, insertRows } from '../transport/n8nApi';

export const LEDGER_TABLE = 'wabp_delivery_ledger';

const LEDGER_COLUMNS = [
	{ name: 'key', type: 'string' as const },
	{ name: 'scope', type: 'string' as const },
];

/** Meta retries a webhook for up to 7 days; a day more covers clock skew and slow retries. */
export const LEDGER_RETENTION_MS = 8 * 24 * 60 * 60 * 1000;
/** About one claim in this many also prunes expired rows (one bounded DELETE). */
const PRUNE_ONE_IN = 100;

/** The ledger table (created once). Callers that run rarely (activation) prune it too. */
export async function ensureLedgerTable(this: N8nApiContext): Promise<string> {
	return (await ensureDataTable.call(this, LEDGER_TABLE, LEDGER_COLUMNS)).id;
}

/**
 * Claims `eventIds` for `scope` and returns those this call won (each event ID is won by exactly
 * one caller, ever). One insert for the whole batch, then one read per group of keys (one group for
 * any usual webhook).
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
	const ids = await insertRows.call(this, tableId, keys.map((key) => ({ key, scope }) as IDataObject));
	if (ids.length !== keys.length) {
		throw new Error(`The delivery ledger stored ${ids.length} of ${keys.length} rows`);
	}
	const claimed = new Map(keys.map((key, index) => [key, ids[index]]));
	const rows: Array<{ id: number; key: string }> = [];
	for (const chunk of chunkKeysForQuery(keys)) {
		const found = await getRows.call(this, tableId, { filter: anyOf('key', chunk), sortBy: 'id:asc' });
		rows.push(...found.map((row) => ({ id: Number(row.id), key: String(row.key) })));
	}
	const won = winningKeys(claimed, rows);
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
