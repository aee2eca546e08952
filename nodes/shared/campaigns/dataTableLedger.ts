/**
 * The campaign progress ledger in an n8n Data Table, reached through the public API (community
 * nodes cannot use n8n's data-table helpers). Rows are only ever inserted, which stays exact under
 * concurrency where read-modify-write does not (n8n-runtime-findings §3).
 */
import type { IDataObject } from 'n8n-workflow';

import type { CampaignLedgerStore, LedgerRow, LedgerState } from '../../../whatsapp/campaigns/ledger';
import { LEDGER_STATES } from '../../../whatsapp/campaigns/ledger';
import type { RunClaim } from '../../../whatsapp/campaigns/runClaim';
import { RUN_CLOSED, RUN_OPEN } from '../../../whatsapp/campaigns/runClaim';
import { WhatsAppValidationError } from '../../../whatsapp/validation';
import type { DataTable, DataTableColumn, N8nApiContext, RowFilter } from '../transport/n8nApi';
import { createdBeforeDay, deleteRows, ensureDataTable, equals, findDataTable, getDataTable, getRows, insertRows, joinApiBatch, updateRows } from '../transport/n8nApi';

export const DEFAULT_LEDGER_TABLE = 'whatsapp_campaign_progress';

export const LEDGER_COLUMNS: DataTableColumn[] = [
	{ name: 'campaignId', type: 'string' },
	{ name: 'recipient', type: 'string' },
	{ name: 'state', type: 'string' },
	{ name: 'messageId', type: 'string' },
	{ name: 'code', type: 'number' },
];

/** How long progress of other campaigns is kept by default (the node's "Keep Progress For"). */
export const DEFAULT_KEEP_PROGRESS_DAYS = 30;

const STATES: readonly string[] = LEDGER_STATES;
/** Rows per insert request: large batches at 1000 msg/s stay well under request size limits. */
const INSERT_CHUNK = 500;

export interface LedgerTableRef {
	mode: 'name' | 'id';
	value: string;
}

export function checkLedgerTable(table: DataTable, field = 'Progress Table'): void {
	const names = new Set(table.columns.map((column) => column.name));
	const missing = LEDGER_COLUMNS.filter((column) => !names.has(column.name)).map((column) => column.name);
	if (missing.length > 0) {
		throw new WhatsAppValidationError(
			field,
			`${field} "${table.name}" is not a campaign progress table: it lacks the column(s) ${missing.join(', ')}. Pick another table or a new name`,
		);
	}
}

/** A row's `createdAt` as the API returns it (ISO 8601; SQLite's "YYYY-MM-DD HH:MM:SS" is UTC). */
export function createdAtOf(value: unknown): number | undefined {
	if (value instanceof Date) return value.getTime();
	if (typeof value === 'number' && Number.isFinite(value)) return value;
	if (typeof value !== 'string' || value === '') return undefined;
	const iso = /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d(\.\d+)?$/.test(value) ? `${value.replace(' ', 'T')}Z` : value;
	const time = Date.parse(iso);
	return Number.isNaN(time) ? undefined : time;
}

function toApiRow(row: LedgerRow): IDataObject {
	return { campaignId: row.campaignId, recipient: row.recipient, state: row.state, messageId: row.messageId ?? null, code: row.code ?? null };
}

/**
 * Stores status rows (from the trigger or Record Statuses) in the progress table called `name`.
 * The table is not created here: a campaign that used no progress table has nothing to record
 * against, so `false` comes back and nothing is written.
 */
export async function appendToProgressTable(context: N8nApiContext, name: string, rows: LedgerRow[]): Promise<boolean> {
	if (rows.length === 0) return true;
	// Concurrent status webhooks of this process share one lookup and one insert (insert-only rows,
	// so writing them together changes nothing but the number of calls).
	return await joinApiBatch(
		context,
		`progress|${name}`,
		rows,
		async (batches) => {
			const stored = await appendNow(context, name, batches.flat());
			return batches.map(() => stored);
		},
		{ maxWeight: INSERT_CHUNK, weight: rows.length },
	);
}

async function appendNow(context: N8nApiContext, name: string, rows: LedgerRow[]): Promise<boolean> {
	const table = await findDataTable.call(context, name);
	if (!table) return false;
	checkLedgerTable(table);
	for (let start = 0; start < rows.length; start += INSERT_CHUNK) {
		await insertRows.call(context, table.id, rows.slice(start, start + INSERT_CHUNK).map(toApiRow));
	}
	return true;
}

function openClaimsOf(campaignId: string, executionId?: string): RowFilter {
	return {
		type: 'and',
		filters: [
			{ columnName: 'campaignId', condition: 'eq', value: campaignId },
			{ columnName: 'state', condition: 'eq', value: RUN_OPEN },
			...(executionId !== undefined ? [{ columnName: 'messageId', condition: 'eq' as const, value: executionId }] : []),
		],
	};
}

/**
 * One instance per execution: the table ID is resolved once for that run. Besides recipients'
 * rows it keeps the campaign's run claims (whatsapp/campaigns/runClaim.ts): rows with an empty
 * recipient, state `run:open` or `run:closed`, the execution's ID in `messageId` and its turn in
 * `code`, which `load` leaves out.
 */
export class DataTableLedgerStore implements CampaignLedgerStore {
	private tableId?: Promise<string>;

	constructor(
		private readonly context: N8nApiContext,
		private readonly ref: LedgerTableRef,
	) {}

	private async resolve(): Promise<string> {
		const value = this.ref.value.trim();
		if (!value) throw new WhatsAppValidationError('Progress Table', `Progress Table is required: a data table name such as ${DEFAULT_LEDGER_TABLE}, or its ID`);
		let table: DataTable | undefined;
		if (this.ref.mode === 'id') table = await getDataTable.call(this.context, value);
		else {
			table = await findDataTable.call(this.context, value);
			if (!table) return (await ensureDataTable.call(this.context, value, LEDGER_COLUMNS)).id;
		}
		checkLedgerTable(table);
		return table.id;
	}

	private async table(): Promise<string> {
		// A failed lookup is not remembered: the next call tries again.
		this.tableId ??= this.resolve().catch(async (error: unknown) => {
			this.tableId = undefined;
			return await Promise.reject(error);
		});
		return await this.tableId;
	}

	async load(campaignId: string): Promise<LedgerRow[]> {
		const tableId = await this.table();
		const rows = await getRows.call(this.context, tableId, { filter: equals('campaignId', campaignId), sortBy: 'id:asc' });
		return rows.flatMap((row): LedgerRow[] => {
			const state = String(row.state ?? '');
			const recipient = String(row.recipient ?? '');
			if (!STATES.includes(state) || !recipient) return [];
			return [
				{
					campaignId,
					recipient,
					state: state as LedgerState,
					...(typeof row.messageId === 'string' && row.messageId ? { messageId: row.messageId } : {}),
					...(typeof row.code === 'number' ? { code: row.code } : {}),
					...(createdAtOf(row.createdAt) !== undefined ? { createdAt: createdAtOf(row.createdAt) } : {}),
				},
			];
		});
	}

	async append(rows: LedgerRow[]): Promise<void> {
		if (rows.length === 0) return;
		const tableId = await this.table();
		for (let start = 0; start < rows.length; start += INSERT_CHUNK) {
			await insertRows.call(this.context, tableId, rows.slice(start, start + INSERT_CHUNK).map(toApiRow));
		}
	}

	async openClaim(campaignId: string, executionId: string, turn: number): Promise<void> {
		const tableId = await this.table();
		await insertRows.call(this.context, tableId, [{ campaignId, recipient: '', state: RUN_OPEN, messageId: executionId, code: turn }]);
	}

	async openClaims(campaignId: string): Promise<RunClaim[]> {
		const tableId = await this.table();
		const rows = await getRows.call(this.context, tableId, { filter: openClaimsOf(campaignId), sortBy: 'id:asc' });
		return rows.map((row) => {
			const createdAt = createdAtOf(row.createdAt);
			const activeAt = createdAtOf(row.updatedAt) ?? createdAt;
			return {
				executionId: String(row.messageId ?? ''),
				turn: Number(row.code ?? 0),
				...(createdAt !== undefined ? { createdAt } : {}),
				...(activeAt !== undefined ? { activeAt } : {}),
			};
		});
	}

	/** Sets the same state again: n8n stamps `updatedAt`, which is what a claimant reads. */
	async touchClaim(campaignId: string, executionId: string): Promise<void> {
		const tableId = await this.table();
		await updateRows.call(this.context, tableId, openClaimsOf(campaignId, executionId), { state: RUN_OPEN });
	}

	/** An overwrite of the execution's own claim rows: the same result whoever writes it. */
	async closeClaim(campaignId: string, executionId: string): Promise<void> {
		const tableId = await this.table();
		await updateRows.call(this.context, tableId, openClaimsOf(campaignId, executionId), { state: RUN_CLOSED });
	}

	/**
	 * Deletes the rows of other campaigns written more than `keepDays` ago (one bounded DELETE),
	 * so the table does not grow forever. The running campaign's rows stay whatever their age;
	 * a campaign resumed after its rows were pruned would send again, hence a generous default.
	 */
	async pruneOthers(currentCampaignId: string, keepDays: number, nowMs = Date.now()): Promise<number> {
		if (!(keepDays > 0)) return 0;
		const tableId = await this.table();
		const deleted = await deleteRows.call(this.context, tableId, {
			type: 'and',
			filters: [
				{ columnName: 'createdAt', condition: 'lt', value: createdBeforeDay(nowMs - keepDays * 24 * 60 * 60 * 1000) },
				{ columnName: 'campaignId', condition: 'neq', value: currentCampaignId },
			],
		});
		return Array.isArray(deleted) ? deleted.length : 0;
	}
}
