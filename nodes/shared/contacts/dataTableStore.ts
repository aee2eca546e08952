/**
 * The contact book in an n8n Data Table, reached through n8n's public API (community nodes cannot
 * use the internal data-table helpers). One row per event: writes are inserts only, which keep
 * every concurrent update (n8n-runtime-findings §3); snapshots are inserted too, and compaction
 * deletes only the exact rows a snapshot replaced.
 */
import type { IDataObject } from 'n8n-workflow';

import type { ContactEvent, ContactStore, StoredContactEvent } from '../../../whatsapp/contacts';
import { WhatsAppValidationError } from '../../../whatsapp/validation';
import type { DataTable, DataTableColumn, DataTableRow, N8nApiContext } from '../transport/n8nApi';
import { anyOf, deleteRows, ensureDataTable, equals, findDataTable, getDataTable, getRows, insertRows } from '../transport/n8nApi';
import { isMissingTable, RememberedTable } from '../transport/tableIds';

export const DEFAULT_CONTACT_TABLE = 'whatsapp_contact_events';

export const CONTACT_TABLE_COLUMNS: DataTableColumn[] = [
	{ name: 'wa_id', type: 'string' },
	{ name: 'kind', type: 'string' },
	{ name: 'label', type: 'string' },
	{ name: 'value', type: 'string' },
	{ name: 'at', type: 'date' },
];

/** How the user named the table: by name (created when missing) or by ID (must exist). */
export interface ContactTableRef {
	mode: 'name' | 'id';
	value: string;
	/** The parameter's display name, for errors. */
	field?: string;
}

/** Rows per read or delete request: keeps the filter in the URL well under common limits. */
const CHUNK = 50;

function chunks<T>(list: T[], size: number): T[][] {
	const result: T[][] = [];
	for (let start = 0; start < list.length; start += size) result.push(list.slice(start, start + size));
	return result;
}

/** A table that is not the contact book's: name what is missing so the user can pick the right one. */
export function checkContactTable(table: DataTable, field = 'Contact Book Table'): void {
	const problems: string[] = [];
	for (const column of CONTACT_TABLE_COLUMNS) {
		const found = table.columns?.find((candidate) => candidate.name === column.name);
		if (!found) problems.push(`column "${column.name}" (${column.type}) is missing`);
		else if (found.type !== column.type) problems.push(`column "${column.name}" is ${found.type}, not ${column.type}`);
	}
	if (problems.length > 0) {
		throw new WhatsAppValidationError(
			field,
			`${field}: the data table "${table.name}" is not a contact book: ${problems.join('; ')}. ` +
				`Pick a table this package created, or give a new name and it is created with the columns ${CONTACT_TABLE_COLUMNS.map((c) => c.name).join(', ')}`,
		);
	}
}

function toRow(event: ContactEvent): IDataObject {
	return {
		wa_id: event.waId,
		kind: event.kind,
		label: event.label ?? null,
		value: JSON.stringify(event.value ?? {}),
		at: event.at,
	};
}

function toEvent(row: DataTableRow): StoredContactEvent | undefined {
	let value: Record<string, unknown> = {};
	if (typeof row.value === 'string' && row.value !== '') {
		try {
			const parsed = JSON.parse(row.value) as unknown;
			if (typeof parsed === 'object' && parsed !== null) value = parsed as Record<string, unknown>;
		} catch {
			// A value edited by hand into invalid JSON: the row still counts, with no data.
		}
	}
	const at = row.at ? new Date(row.at as string).toISOString() : new Date(String(row.createdAt ?? 0)).toISOString();
	if (typeof row.wa_id !== 'string' || typeof row.kind !== 'string') return undefined;
	return {
		id: Number(row.id),
		waId: row.wa_id,
		kind: row.kind as ContactEvent['kind'],
		...(typeof row.label === 'string' && row.label !== '' ? { label: row.label } : {}),
		value,
		at,
	};
}

/**
 * One instance per node execution. The table's ID is found once per run, and kept in the node's
 * static data so that later executions (on any process) skip the lookup: an inbound message then
 * costs one round trip to n8n's API (the insert and the read run side by side).
 */
export class DataTableContactStore implements ContactStore {
	private readonly table: RememberedTable;

	constructor(
		private readonly context: N8nApiContext,
		private readonly ref: ContactTableRef,
	) {
		this.table = new RememberedTable(context, `contacts|${ref.mode}:${ref.value.trim()}`, async () => await this.resolveTable());
	}

	private async resolveTable(): Promise<string> {
		const field = this.ref.field ?? 'Contact Book Table';
		const value = this.ref.value.trim();
		if (value === '') throw new WhatsAppValidationError(field, `${field} is required: a data table name such as ${DEFAULT_CONTACT_TABLE}, or its ID`);
		let table: DataTable | undefined;
		if (this.ref.mode === 'id') {
			table = await getDataTable.call(this.context, value).catch(async (error: unknown) => (isMissingTable(error) ? undefined : await Promise.reject(error)));
			if (!table) {
				throw new WhatsAppValidationError(
					field,
					`${field}: there is no data table with ID "${value}" that the n8n API key can see. Copy the ID from n8n's Data tables page, or give the table by name`,
				);
			}
		} else {
			table = await findDataTable.call(this.context, value);
			if (!table) return (await ensureDataTable.call(this.context, value, CONTACT_TABLE_COLUMNS)).id;
		}
		checkContactTable(table, field);
		return table.id;
	}

	async append(events: ContactEvent[]): Promise<number[]> {
		if (events.length === 0) return [];
		return await this.table.run(async (tableId) => await insertRows.call(this.context, tableId, events.map(toRow)));
	}

	async read(waIds: string[]): Promise<StoredContactEvent[]> {
		const rows = await this.table.run(async (tableId) => {
			const found: DataTableRow[] = [];
			for (const part of chunks([...new Set(waIds)], CHUNK)) {
				found.push(...(await getRows.call(this.context, tableId, { filter: part.length === 1 ? equals('wa_id', part[0]) : anyOf('wa_id', part), sortBy: 'id:asc' })));
			}
			return found;
		});
		return rows.map(toEvent).filter((event): event is StoredContactEvent => event !== undefined);
	}

	async candidatesWithLabel(label: string): Promise<string[]> {
		const rows = await this.table.run(async (tableId) => await getRows.call(this.context, tableId, {
			filter: {
				type: 'or',
				filters: [
					{ columnName: 'label', condition: 'eq', value: label },
					// Snapshots list their labels as |a|b|; `%` and `_` in a label only widen the match.
					{ columnName: 'label', condition: 'like', value: `%|${label}|%` },
				],
			},
		}));
		return [...new Set(rows.map((row) => String(row.wa_id)))];
	}

	async compact(snapshot: ContactEvent, replacedIds: number[]): Promise<void> {
		const tableId = await this.table.id();
		// The snapshot lands before anything is deleted, so a reader never sees less than before.
		await insertRows.call(this.context, tableId, [toRow(snapshot)]);
		for (const part of chunks(replacedIds, CHUNK)) {
			await deleteRows.call(this.context, tableId, anyOf('id', part));
		}
	}

	async remove(waId: string): Promise<number> {
		const deleted = await this.table.run(async (tableId) => await deleteRows.call(this.context, tableId, equals('wa_id', waId)));
		return Array.isArray(deleted) ? deleted.length : 0;
	}
}
