/**
 * The trigger registry: one row per active trigger (and per editor test listener) of this package,
 * keyed by business account. Meta calls one callback per account or number; the trigger that
 * receives a call relays the signed raw body to the others found here, so several workflows can
 * react to the same number, each with its own filters and its own exactly-once scope.
 */
import type { IDataObject } from 'n8n-workflow';

import { chunkKeysForQuery } from '../../../whatsapp/webhooks/ledger';
import type { N8nApiContext, RowFilter } from '../transport/n8nApi';
import { deleteRows, ensureDataTable, getRows, insertRows, joinApiBatch, updateRows } from '../transport/n8nApi';

export const REGISTRY_TABLE = 'wabp_trigger_registry';

const REGISTRY_COLUMNS = [
	{ name: 'businessAccountId', type: 'string' as const },
	{ name: 'workflowId', type: 'string' as const },
	{ name: 'nodeId', type: 'string' as const },
	{ name: 'webhookId', type: 'string' as const },
	{ name: 'url', type: 'string' as const },
	/** `production` or `test` (an editor listening for a test event). */
	{ name: 'mode', type: 'string' as const },
	/** Where Meta's callback points for the owner: `waba:<id>` or `phone:<id>`, else empty. */
	{ name: 'target', type: 'string' as const },
	/** JSON of what to restore at Meta when the last trigger leaves (carried by the owner). */
	{ name: 'previous', type: 'string' as const },
];

export interface RegistryEntry {
	id: number;
	businessAccountId: string;
	workflowId: string;
	nodeId: string;
	webhookId: string;
	url: string;
	mode: 'production' | 'test';
	target: string;
	previous: string;
}

export async function ensureRegistryTable(this: N8nApiContext): Promise<string> {
	return (await ensureDataTable.call(this, REGISTRY_TABLE, REGISTRY_COLUMNS)).id;
}

function toEntry(row: IDataObject): RegistryEntry {
	return {
		id: Number(row.id),
		businessAccountId: String(row.businessAccountId ?? ''),
		workflowId: String(row.workflowId ?? ''),
		nodeId: String(row.nodeId ?? ''),
		webhookId: String(row.webhookId ?? ''),
		url: String(row.url ?? ''),
		mode: row.mode === 'test' ? 'test' : 'production',
		target: String(row.target ?? ''),
		previous: String(row.previous ?? ''),
	};
}

function ownRows(workflowId: string, nodeId: string, mode: 'production' | 'test'): RowFilter {
	return {
		type: 'and',
		filters: [
			{ columnName: 'workflowId', condition: 'eq', value: workflowId },
			{ columnName: 'nodeId', condition: 'eq', value: nodeId },
			{ columnName: 'mode', condition: 'eq', value: mode },
		],
	};
}

/**
 * Registered triggers of the given accounts, oldest first. The filter travels in a GET's query
 * string, so many accounts are read in groups (n8n answers 431 past about 16 KB of URL).
 */
export async function listRegistered(this: N8nApiContext, tableId: string, businessAccountIds: readonly string[]): Promise<RegistryEntry[]> {
	const ids = [...new Set(businessAccountIds)].filter((id) => id !== '');
	if (ids.length === 0) return [];
	// Concurrent webhooks of this process read the registry together: one read for all of them.
	return await joinApiBatch(
		this,
		`registry|${tableId}`,
		ids,
		async (requests) => {
			const entries = await readRegistered.call(this, tableId, [...new Set(requests.flat())]);
			return requests.map((wanted) => entries.filter((entry) => wanted.includes(entry.businessAccountId)));
		},
		{ maxWeight: MAX_ACCOUNTS_PER_READ, weight: ids.length },
	);
}

/** Accounts per batched registry read (a webhook names one; the read stays one URL-sized group). */
const MAX_ACCOUNTS_PER_READ = 50;

async function readRegistered(this: N8nApiContext, tableId: string, ids: readonly string[]): Promise<RegistryEntry[]> {
	const rows: IDataObject[] = [];
	for (const chunk of chunkKeysForQuery(ids)) {
		rows.push(
			...(await getRows.call(this, tableId, {
				filter: { type: 'or', filters: chunk.map((value) => ({ columnName: 'businessAccountId', condition: 'eq' as const, value })) },
				sortBy: 'id:asc',
			})),
		);
	}
	return rows.map(toEntry).sort((a, b) => a.id - b.id);
}

/** Adds this trigger (replacing an older row of the same trigger and mode, such as after a URL change). */
export async function register(
	this: N8nApiContext,
	tableId: string,
	entry: Omit<RegistryEntry, 'id'>,
): Promise<void> {
	await deleteRows.call(this, tableId, ownRows(entry.workflowId, entry.nodeId, entry.mode));
	await insertRows.call(this, tableId, [entry as unknown as IDataObject]);
}

export async function unregister(
	this: N8nApiContext,
	tableId: string,
	workflowId: string,
	nodeId: string,
	mode: 'production' | 'test',
): Promise<void> {
	await deleteRows.call(this, tableId, ownRows(workflowId, nodeId, mode));
}

/** Hands the owner's duties (the target and what to restore) to another registered trigger. */
export async function passOwnership(
	this: N8nApiContext,
	tableId: string,
	successor: RegistryEntry,
	target: string,
	previous: string,
): Promise<void> {
	await updateRows.call(this, tableId, ownRows(successor.workflowId, successor.nodeId, 'production'), { target, previous });
}
