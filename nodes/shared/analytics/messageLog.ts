/**
 * The message and conversation log in an n8n Data Table, reached through n8n's public API
 * (community nodes cannot use n8n's data-table helpers). Rows are only ever inserted; duplicates
 * from redeliveries are folded away when the log is read (whatsapp/analytics/fold.ts), so
 * concurrent writers on any n8n process never lose or double-count a fact.
 */
import type { IDataObject } from 'n8n-workflow';

import type { LogKind, LogRow } from '../../../whatsapp/analytics/log';
import { LOG_COLUMNS, LOG_KINDS } from '../../../whatsapp/analytics/log';
import { WhatsAppValidationError } from '../../../whatsapp/validation';
import type { DataTable, N8nApiContext, RowFilter } from '../transport/n8nApi';
import { deleteRows, ensureDataTable, getRows, insertRows } from '../transport/n8nApi';

export const DEFAULT_LOG_TABLE = 'whatsapp_message_log';

/** Rows per insert request: a 1,000-event webhook batch is two requests. */
const INSERT_CHUNK = 500;

export function checkLogTable(table: DataTable, field = 'Log Table'): void {
	const names = new Set(table.columns.map((column) => column.name));
	const missing = LOG_COLUMNS.filter((column) => !names.has(column.name)).map((column) => column.name);
	if (missing.length > 0) {
		throw new WhatsAppValidationError(
			field,
			`${field} "${table.name}" is not a WhatsApp message log: it lacks the column(s) ${missing.join(', ')}. Use another name; the node creates the table on first use`,
		);
	}
}

export function checkTableName(name: string, field = 'Log Table'): string {
	const trimmed = name.trim();
	if (!/^[A-Za-z0-9_ -]{1,128}$/.test(trimmed)) {
		throw new WhatsAppValidationError(field, `${field} "${trimmed.slice(0, 80)}" must be 1 to 128 letters, digits, spaces, dashes or underscores`);
	}
	return trimmed;
}

/** The log table's ID, created with the log's columns when it does not exist yet. */
export async function ensureLogTable(this: N8nApiContext, name: string): Promise<string> {
	const table = await ensureDataTable.call(this, checkTableName(name), LOG_COLUMNS.map((column) => ({ name: column.name, type: column.type })));
	checkLogTable(table);
	return table.id;
}

export async function appendLogRows(this: N8nApiContext, tableId: string, rows: readonly LogRow[]): Promise<number> {
	let stored = 0;
	for (let offset = 0; offset < rows.length; offset += INSERT_CHUNK) {
		const chunk = rows.slice(offset, offset + INSERT_CHUNK);
		const ids = await insertRows.call(this, tableId, chunk as unknown as IDataObject[]);
		if (ids.length !== chunk.length) throw new Error(`The message log stored ${ids.length} of ${chunk.length} rows`);
		stored += ids.length;
	}
	return stored;
}

function between(fromMs: number, toMs: number): RowFilter {
	return {
		type: 'and',
		filters: [
			{ columnName: 'at', condition: 'gte', value: fromMs },
			{ columnName: 'at', condition: 'lt', value: toMs },
		],
	};
}

const KINDS = new Set<string>(LOG_KINDS);

/** Every row whose event time falls in [fromMs, toMs), as typed log rows (with the table's row id). */
export async function readLogRows(this: N8nApiContext, tableId: string, fromMs: number, toMs: number): Promise<Array<LogRow & { id: number }>> {
	const rows = await getRows.call(this, tableId, { filter: between(fromMs, toMs) });
	return rows
		.filter((row) => KINDS.has(String(row.kind)))
		.map((row) => ({
			id: Number(row.id),
			key: String(row.key ?? ''),
			kind: String(row.kind) as LogKind,
			at: Number(row.at),
			messageId: String(row.messageId ?? ''),
			phoneNumberId: String(row.phoneNumberId ?? ''),
			customer: String(row.customer ?? ''),
			campaignId: String(row.campaignId ?? ''),
			templateName: String(row.templateName ?? ''),
			agent: String(row.agent ?? ''),
			team: String(row.team ?? ''),
			category: String(row.category ?? ''),
			pricingType: String(row.pricingType ?? ''),
			billable: row.billable === true || row.billable === 1 || row.billable === 'true',
			errorCode: Number(row.errorCode ?? 0) || 0,
			errorTitle: String(row.errorTitle ?? ''),
			messageType: String(row.messageType ?? ''),
		}));
}

/** Deletes the rows whose event time is before `beforeMs`; returns how many went. */
export async function pruneLogRows(this: N8nApiContext, tableId: string, beforeMs: number): Promise<number> {
	const deleted = await deleteRows.call(this, tableId, { type: 'and', filters: [{ columnName: 'at', condition: 'lt', value: beforeMs }] });
	return Array.isArray(deleted) ? deleted.length : 0;
}
