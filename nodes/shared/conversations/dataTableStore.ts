/**
 * Conversations in n8n Data Tables through the public API: an append-only event table, the agents
 * table the user edits, and the package's delivery ledger for once-only decisions (claimEvents).
 */
import type { IDataObject } from 'n8n-workflow';

import type { ConversationEvent, ConversationStore, StoredConversationEvent } from '../../../whatsapp/conversations';
import type { Agent } from '../../../whatsapp/routing/assignment';
import { agentFromRow } from '../../../whatsapp/routing/assignment';
import { WhatsAppValidationError } from '../../../whatsapp/validation';
import { ledgerKey } from '../../../whatsapp/webhooks/ledger';
import { claimEvents, ensureLedgerTable, latestKeysOf } from '../delivery/ledger';
import type { DataTable, DataTableColumn, DataTableRow, N8nApiContext } from '../transport/n8nApi';
import { anyOf, deleteRows, ensureDataTable, equals, findDataTable, getDataTable, getRows, insertRows } from '../transport/n8nApi';
import { isMissingTable, RememberedTable } from '../transport/tableIds';

export const DEFAULT_CONVERSATION_TABLE = 'whatsapp_conversation_events';
export const DEFAULT_AGENTS_TABLE = 'whatsapp_agents';

export const CONVERSATION_TABLE_COLUMNS: DataTableColumn[] = [
	{ name: 'conversation_key', type: 'string' },
	{ name: 'conversation_id', type: 'string' },
	{ name: 'kind', type: 'string' },
	{ name: 'team', type: 'string' },
	{ name: 'agent', type: 'string' },
	{ name: 'ref', type: 'string' },
	{ name: 'value', type: 'string' },
	{ name: 'at', type: 'date' },
];

/** The agents table a team lead edits on n8n's Data tables page: one row per agent. */
export const AGENTS_TABLE_COLUMNS: DataTableColumn[] = [
	{ name: 'agent', type: 'string' },
	{ name: 'name', type: 'string' },
	{ name: 'teams', type: 'string' },
	{ name: 'capacity', type: 'number' },
	{ name: 'available', type: 'boolean' },
	{ name: 'contact', type: 'string' },
];

export interface TableRef {
	mode: 'name' | 'id';
	value: string;
	field: string;
}

const CHUNK = 40;

function chunks<T>(list: T[], size: number): T[][] {
	const result: T[][] = [];
	for (let start = 0; start < list.length; start += size) result.push(list.slice(start, start + size));
	return result;
}

function checkColumns(table: DataTable, columns: DataTableColumn[], field: string, what: string): void {
	const missing = columns.filter((column) => !table.columns?.some((c) => c.name === column.name && c.type === column.type));
	if (missing.length > 0) {
		throw new WhatsAppValidationError(
			field,
			`${field}: the data table "${table.name}" is not ${what}: it lacks ${missing.map((c) => `"${c.name}" (${c.type})`).join(', ')}. Give a new name and the table is created with the right columns, or pick one this package created`,
		);
	}
}

export async function resolveTable(context: N8nApiContext, ref: TableRef, columns: DataTableColumn[], what: string): Promise<string> {
	const value = ref.value.trim();
	if (value === '') throw new WhatsAppValidationError(ref.field, `${ref.field} is required: a data table name, or its ID`);
	let table: DataTable | undefined;
	if (ref.mode === 'id') {
		table = await getDataTable.call(context, value).catch(async (error: unknown) => (isMissingTable(error) ? undefined : await Promise.reject(error)));
		if (!table) throw new WhatsAppValidationError(ref.field, `${ref.field}: there is no data table with ID "${value}" that the n8n API key can see`);
	} else {
		table = await findDataTable.call(context, value);
		if (!table) return (await ensureDataTable.call(context, value, columns)).id;
	}
	checkColumns(table, columns, ref.field, what);
	return table.id;
}

function toRow(event: ConversationEvent): IDataObject {
	return {
		conversation_key: event.conversationKey,
		conversation_id: event.conversationId,
		kind: event.kind,
		team: event.team ?? null,
		agent: event.agent ?? null,
		ref: event.ref ?? null,
		value: JSON.stringify(event.value ?? {}),
		at: event.at,
	};
}

/** createdAt as ISO: the API gives ISO, SQLite's text form (`2026-12-02 04:56:03.177`) is UTC too. */
function writtenAt(createdAt: unknown): { writtenAt?: string } {
	if (typeof createdAt !== 'string' || createdAt === '') return {};
	const text = createdAt.includes('T') ? createdAt : `${createdAt.replace(' ', 'T')}Z`;
	const ms = Date.parse(text);
	return Number.isFinite(ms) ? { writtenAt: new Date(ms).toISOString() } : {};
}

function toEvent(row: DataTableRow): StoredConversationEvent | undefined {
	if (typeof row.conversation_id !== 'string' || typeof row.kind !== 'string') return undefined;
	let value: Record<string, unknown> = {};
	try {
		const parsed = typeof row.value === 'string' && row.value ? (JSON.parse(row.value) as unknown) : {};
		if (parsed && typeof parsed === 'object') value = parsed as Record<string, unknown>;
	} catch {
		// A row edited by hand into invalid JSON still counts, without data.
	}
	const str = (v: unknown) => (typeof v === 'string' && v !== '' ? v : undefined);
	return {
		id: Number(row.id),
		conversationKey: String(row.conversation_key ?? ''),
		conversationId: row.conversation_id,
		kind: row.kind as ConversationEvent['kind'],
		team: str(row.team),
		agent: str(row.agent),
		ref: str(row.ref),
		value,
		at: new Date(String(row.at ?? row.createdAt ?? 0)).toISOString(),
		...writtenAt(row.createdAt),
	};
}

/**
 * One instance per node execution. Table IDs are found once per run and kept in the node's static
 * data (nodes/shared/transport/tableIds.ts), so later executions skip the lookups.
 */
export class DataTableConversationStore implements ConversationStore {
	private readonly events: RememberedTable;
	private readonly agentsTable: RememberedTable;
	private readonly ledger: RememberedTable;

	constructor(
		private readonly context: N8nApiContext,
		eventsRef: TableRef,
		agentsRef: TableRef,
	) {
		const key = (purpose: string, ref: TableRef) => `${purpose}|${ref.mode}:${ref.value.trim()}`;
		this.events = new RememberedTable(context, key('conversations', eventsRef), async () => await resolveTable(context, eventsRef, CONVERSATION_TABLE_COLUMNS, 'a conversation table'));
		this.agentsTable = new RememberedTable(context, key('agents', agentsRef), async () => await resolveTable(context, agentsRef, AGENTS_TABLE_COLUMNS, 'an agents table'));
		this.ledger = new RememberedTable(context, 'ledger', async () => await ensureLedgerTable.call(context));
	}

	async append(events: ConversationEvent[]): Promise<number[]> {
		if (events.length === 0) return [];
		return await this.events.run(async (tableId) => await insertRows.call(this.context, tableId, events.map(toRow)));
	}

	private async read(column: string, values: string[]): Promise<StoredConversationEvent[]> {
		const rows = await this.events.run(async (tableId) => {
			const found: DataTableRow[] = [];
			for (const part of chunks([...new Set(values)], CHUNK)) {
				found.push(...(await getRows.call(this.context, tableId, { filter: part.length === 1 ? equals(column, part[0]) : anyOf(column, part), sortBy: 'id:asc' })));
			}
			return found;
		});
		return rows
			.map(toEvent)
			.filter((e): e is StoredConversationEvent => e !== undefined)
			.sort((a, b) => a.id - b.id);
	}

	async readKey(conversationKey: string): Promise<StoredConversationEvent[]> {
		return await this.read('conversation_key', [conversationKey]);
	}

	async readConversations(conversationIds: string[]): Promise<StoredConversationEvent[]> {
		return conversationIds.length === 0 ? [] : await this.read('conversation_id', conversationIds);
	}

	async openConversationIds(filter: { team?: string; agent?: string }): Promise<string[]> {
		const column = filter.team !== undefined ? 'team' : filter.agent !== undefined ? 'agent' : undefined;
		const rows = await this.events.run(async (tableId) =>
			column
				? await getRows.call(this.context, tableId, {
					filter: {
						type: 'and',
						filters: [
							{ columnName: column, condition: 'eq', value: (filter.team ?? filter.agent)! },
							// Resolved conversations, once compacted, are one `closed` row: never read here.
							{ columnName: 'kind', condition: 'neq', value: 'closed' },
							{ columnName: 'kind', condition: 'neq', value: 'pruned' },
						],
					},
				})
				: await getRows.call(this.context, tableId, { filter: { type: 'or', filters: [{ columnName: 'kind', condition: 'eq', value: 'opened' }, { columnName: 'kind', condition: 'eq', value: 'snapshot' }] } }),
		);
		return [...new Set(rows.map((row) => String(row.conversation_id)))];
	}

	async findByRef(ref: string): Promise<StoredConversationEvent | undefined> {
		const rows = await this.events.run(async (tableId) => await getRows.call(this.context, tableId, {
			filter: {
				type: 'or',
				filters: [
					{ columnName: 'ref', condition: 'eq', value: ref },
					// Snapshots list their references as |a|b|; `%` and `_` in a reference only widen the match.
					{ columnName: 'ref', condition: 'like', value: `%|${ref}|%` },
				],
			},
			sortBy: 'id:asc',
		}));
		const found = rows.map(toEvent).find((e) => e !== undefined && (e.ref === ref || Boolean(e.ref?.includes(`|${ref}|`))));
		return found;
	}

	async resolvedBefore(cutoffMs: number, limit: number): Promise<string[]> {
		// Dates compare as text on SQLite (see createdBeforeDay): ask for everything before the day
		// after the cutoff's, a superset; the desk folds each conversation and checks the exact time.
		const dayAfter = new Date(cutoffMs + 24 * 60 * 60 * 1000).toISOString().slice(0, 10);
		const ids = new Set<string>();
		for (const kind of ['closed', 'resolved']) {
			const rows = await this.events.run(async (tableId) => await getRows.call(this.context, tableId, {
				filter: { type: 'and', filters: [{ columnName: 'kind', condition: 'eq', value: kind }, { columnName: 'at', condition: 'lt', value: dayAfter }] },
				sortBy: 'id:asc',
				limit,
			}));
			for (const row of rows) if (ids.size < limit) ids.add(String(row.conversation_id));
		}
		return [...ids];
	}

	async compact(snapshot: ConversationEvent, replacedIds: number[]): Promise<void> {
		const tableId = await this.events.id();
		// The snapshot lands before anything is deleted, so a reader never sees less than before.
		await insertRows.call(this.context, tableId, [toRow(snapshot)]);
		await this.deleteRows(replacedIds);
	}

	async deleteRows(ids: number[]): Promise<number> {
		const tableId = await this.events.id();
		let deleted = 0;
		for (const part of chunks([...new Set(ids)], CHUNK)) {
			const rows = await deleteRows.call(this.context, tableId, anyOf('id', part));
			deleted += Array.isArray(rows) ? rows.length : 0;
		}
		return deleted;
	}

	/**
	 * The ledger is one table for the whole instance, while conversation numbers live in the events
	 * table: decisions are claimed per events table, so a new or emptied table (or two tables for one
	 * number) starts with conversation 1 and ticket 0 instead of finding them taken.
	 */
	private async ledgerScope(scope: string): Promise<string> {
		return `${scope}@${await this.events.id()}`;
	}

	async claim(scope: string, keys: string[]): Promise<Set<string>> {
		const stored = await this.ledgerScope(scope);
		return await this.ledger.run(async (tableId) => await claimEvents.call(this.context, tableId, stored, keys));
	}

	async lastClaimed(scope: string): Promise<string | undefined> {
		const stored = await this.ledgerScope(scope);
		const [key] = await this.ledger.run(async (tableId) => await latestKeysOf.call(this.context, tableId, stored, 1));
		return key;
	}

	async isClaimed(scope: string, key: string): Promise<boolean> {
		// The ledger stores long or non-ASCII keys by their hash: ask for the key as it was stored.
		const stored = ledgerKey(await this.ledgerScope(scope), key);
		const rows = await this.ledger.run(async (tableId) => await getRows.call(this.context, tableId, { filter: equals('key', stored), limit: 1 }));
		return rows.length > 0;
	}

	async agents(team?: string): Promise<Agent[]> {
		const rows = await this.agentsTable.run(async (tableId) => await getRows.call(this.context, tableId, { sortBy: 'id:asc' }));
		return rows
			.map((row) => agentFromRow(row))
			.filter((agent): agent is Agent => agent !== undefined && (!team || agent.teams.includes(team)));
	}

	/** Sets an agent's availability (an absolute value the lead may also set by hand). */
	async agentsTableId(): Promise<string> {
		return await this.agentsTable.id();
	}
}
