/**
 * The delivery ledger: an n8n Data Table of claimed event keys, reached through n8n's public API
 * (community nodes cannot use the internal data-table helpers, and `webhook()` has no dedupe
 * helpers). A key is claimed under its lock row (whatsapp/webhooks/ledgerLock.ts explains why
 * "lowest row ID wins" is not enough on PostgreSQL); rows older than Meta's redelivery horizon are
 * pruned now and then by the callers themselves, so the table stays small without an operator.
 */
import type { IDataObject } from 'n8n-workflow';
import { sleep } from 'n8n-workflow';

import { chunkKeysForQuery, ledgerKey, winningKeys } from '../../../whatsapp/webhooks/ledger';
import {
	backoffMs,
	bucketsFor,
	FREE_LEASE,
	LEASE_MS,
	leaseValue,
	LOCK_BUCKETS,
	lockKey,
	takeableBelow,
} from '../../../whatsapp/webhooks/ledgerLock';
import type { N8nApiContext, RowFilter } from '../transport/n8nApi';
import { anyOf, deleteRows, ensureDataTable, equals, getRows, insertRows, updateRowsReturning } from '../transport/n8nApi';

export const LEDGER_TABLE = 'wabp_delivery_ledger';

const LEDGER_COLUMNS = [
	{ name: 'key', type: 'string' as const },
	{ name: 'scope', type: 'string' as const },
];

/** Meta retries a webhook for up to 7 days; a day more covers clock skew and slow retries. */
export const LEDGER_RETENTION_MS = 8 * 24 * 60 * 60 * 1000;
/** About one claim in this many also prunes expired rows (one bounded DELETE). */
const PRUNE_ONE_IN = 100;
/**
 * Give up on a busy lock row after this long (then 503: Meta redelivers). Under 100 concurrent
 * deliveries on a loaded 2-core machine a row saw waits near 30 s, because every holder's two
 * requests queue at the main's API; the lease (60 s) stays longer than this wait.
 */
const ACQUIRE_TIMEOUT_MS = 50_000;

/** The ledger table, with its lock rows (created once, with the table). Run at activation. */
export async function ensureLedgerTable(this: N8nApiContext): Promise<string> {
	const tableId = (await ensureDataTable.call(this, LEDGER_TABLE, LEDGER_COLUMNS)).id;
	await ensureLockRows.call(this, tableId);
	await pruneLedger.call(this, tableId);
	return tableId;
}

/** Inserts whichever of the lock rows are missing (a new table has none). */
export async function ensureLockRows(this: N8nApiContext, tableId: string): Promise<void> {
	const rows = await getRows.call(this, tableId, { filter: { type: 'and', filters: [{ columnName: 'key', condition: 'like', value: '#lock|%' }] } });
	const present = new Set(rows.map((row) => String(row.key)));
	const missing = Array.from({ length: LOCK_BUCKETS }, (_, bucket) => lockKey(bucket)).filter((key) => !present.has(key));
	if (missing.length > 0) await insertRows.call(this, tableId, missing.map((key) => ({ key, scope: FREE_LEASE }) as IDataObject));
}

function randomToken(): string {
	return `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 10)}${Math.random().toString(36).slice(2, 10)}`;
}

/** Takes lock row `bucket` for `token` and returns the lease written, or throws after the timeout. */
async function acquire(this: N8nApiContext, tableId: string, bucket: number, token: string, attempting: (lease: string) => void): Promise<string> {
	const deadline = Date.now() + ACQUIRE_TIMEOUT_MS;
	for (let attempt = 0; ; attempt++) {
		const now = Date.now();
		const lease = leaseValue(now + LEASE_MS, token);
		// Recorded before the request: if its answer is lost, the caller still frees what it may hold.
		attempting(lease);
		const filter: RowFilter = {
			type: 'and',
			filters: [
				{ columnName: 'key', condition: 'eq', value: lockKey(bucket) },
				{ columnName: 'scope', condition: 'lt', value: takeableBelow(now) },
			],
		};
		const changed = await updateRowsReturning.call(this, tableId, filter, { scope: lease });
		if (changed.some((row) => row.scope === lease)) return lease;
		if (attempt === 0) {
			// A table made before lock rows existed, or rows deleted by hand: put them back.
			const exists = await getRows.call(this, tableId, { filter: equals('key', lockKey(bucket)), limit: 1 });
			if (exists.length === 0) {
				await ensureLockRows.call(this, tableId);
				continue;
			}
		}
		if (Date.now() > deadline) {
			throw new Error(
				`The delivery ledger's lock row ${bucket} stayed busy for ${ACQUIRE_TIMEOUT_MS / 1000} s. Another n8n process holds it and does not answer; it expires by itself within ${LEASE_MS / 1000} s, and Meta redelivers the webhook`,
			);
		}
		await sleep(backoffMs(attempt));
	}
}

/** Frees a lock row; false when the lease had expired and someone else took the row meanwhile. */
async function release(this: N8nApiContext, tableId: string, bucket: number, lease: string): Promise<boolean> {
	const freed = await updateRowsReturning.call(
		this,
		tableId,
		{ type: 'and', filters: [{ columnName: 'key', condition: 'eq', value: lockKey(bucket) }, { columnName: 'scope', condition: 'eq', value: lease }] },
		{ scope: FREE_LEASE },
	);
	return freed.length > 0;
}

/**
 * Claims `eventIds` for `scope` and returns those this call won (each event ID is won by exactly
 * one caller, ever, on SQLite and PostgreSQL alike). Under the lock rows of the keys: read which
 * keys are already in the ledger, insert the others, and those are the ones won.
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
	const token = randomToken();
	const held = new Map<number, string>();
	const inserted = new Map<string, number>();
	let lost = false;
	try {
		for (const bucket of bucketsFor(keys)) {
			await acquire.call(this, tableId, bucket, token, (lease) => held.set(bucket, lease));
		}
		const already = new Set<string>();
		for (const chunk of chunkKeysForQuery(keys)) {
			for (const row of await getRows.call(this, tableId, { filter: anyOf('key', chunk) })) already.add(String(row.key));
		}
		const fresh = keys.filter((key) => !already.has(key));
		const ids = await insertRows.call(this, tableId, fresh.map((key) => ({ key, scope }) as IDataObject));
		if (ids.length !== fresh.length) throw new Error(`The delivery ledger stored ${ids.length} of ${fresh.length} rows`);
		fresh.forEach((key, index) => inserted.set(key, ids[index]));
	} finally {
		for (const [bucket, lease] of held) {
			// A failed release only delays the next caller until the lease expires. A release that
			// finds nothing is either a lease taken over after it expired, or an attempt that never
			// won the row; only the first matters, and only for keys this call inserted.
			const ok = await release.call(this, tableId, bucket, lease).catch(() => true);
			if (!ok && inserted.size > 0) lost = true;
		}
	}
	let won = new Set(inserted.keys());
	if (lost && won.size > 0) {
		// This call stalled past its lease and another caller may have claimed the same keys
		// meanwhile. Both rows are committed now, so the lowest ID decides between the two.
		const rows: Array<{ id: number; key: string }> = [];
		for (const chunk of chunkKeysForQuery([...won])) {
			rows.push(...(await getRows.call(this, tableId, { filter: anyOf('key', chunk) })).map((row) => ({ id: Number(row.id), key: String(row.key) })));
		}
		won = winningKeys(inserted, rows);
	}
	if (Math.random() * PRUNE_ONE_IN < 1) await pruneLedger.call(this, tableId).catch(() => undefined);
	return new Set(unique.filter((eventId) => won.has(ledgerKey(scope, eventId))));
}

/** The filter of ledger rows past retention: older than the horizon, and not a lock row. */
export function expiredLedgerRows(nowMs: number, retentionMs = LEDGER_RETENTION_MS): RowFilter {
	return {
		type: 'and',
		filters: [
			{ columnName: 'createdAt', condition: 'lt', value: new Date(nowMs - retentionMs).toISOString() },
			...Array.from({ length: LOCK_BUCKETS }, (_, bucket) => ({ columnName: 'key', condition: 'neq' as const, value: lockKey(bucket) })),
		],
	};
}

/** Deletes ledger rows past Meta's redelivery horizon and returns how many went. */
export async function pruneLedger(this: N8nApiContext, tableId: string, nowMs = Date.now(), retentionMs = LEDGER_RETENTION_MS): Promise<number> {
	const deleted = await deleteRows.call(this, tableId, expiredLedgerRows(nowMs, retentionMs));
	return Array.isArray(deleted) ? deleted.length : 0;
}
