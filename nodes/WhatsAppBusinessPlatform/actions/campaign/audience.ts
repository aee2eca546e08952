/**
 * Who a campaign sends to: its input items (one item, one recipient), or an audience it reads
 * itself, page by page, from an n8n data table or from the contact book by label. Reading pages
 * keeps memory flat in the audience's size: one page of rows and plans at a time, the next page
 * read while the current one sends.
 */
import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { ContactFacts, PlannedItem, RecipientInput } from '../../../../whatsapp/campaigns/plan';
import { ContactBook } from '../../../../whatsapp/contacts';
import { WhatsAppValidationError } from '../../../../whatsapp/validation';
import { DataTableContactStore, DEFAULT_CONTACT_TABLE } from '../../../shared/contacts/dataTableStore';
import { GUARD_PARAMETERS } from '../../../shared/contacts/sendGuard';
import type { DataTable, RowFilter } from '../../../shared/transport/n8nApi';
import { findDataTable, rowPages } from '../../../shared/transport/n8nApi';
import { itemParameter } from '../template/sendFields';
import type { CampaignSetup } from './campaignInput';
import { itemNumber, planRecipients, recipientReader } from './campaignInput';
import type { Row, RowPage } from './rowValues';
import { rowParameterReaders } from './rowValues';

export type AudienceSource = 'input' | 'dataTable' | 'contactBookLabel';

/**
 * Rows per page. Each page ends with its last answers and progress rows before the next starts, so
 * a page is several seconds of sending even at 1,000/s (that tail is under 5 % there, and nothing
 * at 80/s); 5,000 planned messages are a few MiB.
 */
export const AUDIENCE_PAGE_ROWS = 5000;

/** One page of planned recipients; `rowIds` name the table rows, for errors and output. */
export interface PlannedPage {
	plan: PlannedItem[];
	/** Input item (input audience) or 0, for each recipient's pairedItem. */
	itemOf: (index: number) => number;
	/** Where a recipient came from, for an error: "Item 3" or "Row 1204". */
	describe: (index: number) => string;
	/** The row, for per-recipient output of a read audience (`row` field). */
	rowOf?: (index: number) => IDataObject;
}

export function readAudienceSource(context: IExecuteFunctions): AudienceSource {
	if (context.getNodeParameter(GUARD_PARAMETERS.enabled, 0, false) !== true) return 'input';
	const source = context.getNodeParameter('audience', 0, 'input') as AudienceSource;
	return source === 'dataTable' || source === 'contactBookLabel' ? source : 'input';
}

function refuse(context: IExecuteFunctions, error: unknown, description: string): never {
	if (error instanceof WhatsAppValidationError) throw new NodeOperationError(context.getNode(), error.message, { description });
	throw error;
}

/** The value of "Only Rows Where … Equals" in the column's own type. */
function filterValue(table: DataTable, column: string, value: string): string | number | boolean {
	const type = table.columns.find((candidate) => candidate.name === column)?.type;
	if (type === 'number') {
		const number = Number(value);
		if (value.trim() === '' || !Number.isFinite(number)) throw new WhatsAppValidationError('Equals', `Equals must be a number: column "${column}" of "${table.name}" holds numbers (got "${value.slice(0, 60)}")`);
		return number;
	}
	if (type === 'boolean') return ['true', '1', 'yes'].includes(value.trim().toLowerCase());
	return value;
}

async function* tableRowPages(context: IExecuteFunctions, pageSize: number): AsyncGenerator<Row[]> {
	const name = String(context.getNodeParameter('audienceTable', 0, '') ?? '').trim();
	if (!name) throw new NodeOperationError(context.getNode(), 'Audience Table is required', { description: 'Give the name of the n8n data table that lists the recipients, one row each.' });
	const table = await findDataTable.call(context, name);
	if (!table) {
		throw new NodeOperationError(context.getNode(), `Audience Table "${name.slice(0, 100)}" does not exist`, {
			description: 'Check the name under Overview → Data tables (names are matched exactly), and that the n8n API key can see that project. Nothing was sent.',
		});
	}
	const column = String(context.getNodeParameter('audienceFilterColumn', 0, '') ?? '').trim();
	let filter: RowFilter | undefined;
	if (column) {
		const columns = ['id', ...table.columns.map((candidate) => candidate.name)];
		if (!columns.includes(column)) {
			throw new NodeOperationError(context.getNode(), `Audience Table "${table.name}" has no column "${column.slice(0, 100)}"`, {
				description: `Its columns: ${columns.join(', ')}. Fix "Only Rows Where" or leave it empty to send to every row. Nothing was sent.`,
			});
		}
		let value: string | number | boolean;
		try {
			value = filterValue(table, column, String(context.getNodeParameter('audienceFilterValue', 0, '') ?? ''));
		} catch (error) {
			refuse(context, error, 'Nothing was sent.');
		}
		filter = { type: 'and', filters: [{ columnName: column, condition: 'eq', value }] };
	}
	let page: Row[] = [];
	// Row ID order: a resumed run meets the rows in the same order, new rows at the end.
	for await (const rows of rowPages.call(context, table.id, { filter, sortBy: 'id:asc' })) {
		page.push(...rows);
		if (page.length >= pageSize) {
			yield page;
			page = [];
		}
	}
	if (page.length > 0) yield page;
}

interface AudienceRows {
	rows: Row[];
	facts?: Map<string, ContactFacts>;
}

async function* audienceRowPages(context: IExecuteFunctions, source: Exclude<AudienceSource, 'input'>, pageSize: number): AsyncGenerator<AudienceRows> {
	if (source === 'dataTable') {
		for await (const rows of tableRowPages(context, pageSize)) yield { rows };
		return;
	}
	const label = context.getNodeParameter('audienceLabel', 0, '');
	const tableName = String(context.getNodeParameter('audienceContactTable', 0, DEFAULT_CONTACT_TABLE) ?? '').trim();
	// The contact book's store creates its table on first use; an audience must not: a mistyped
	// name would read as an empty audience and send nothing without a word.
	if (!tableName || !(await findDataTable.call(context, tableName))) {
		throw new NodeOperationError(context.getNode(), `Audience Contact Book Table "${tableName.slice(0, 100)}" does not exist`, {
			description: `Give the name of the contact book's data table (default ${DEFAULT_CONTACT_TABLE}), as the Contact operations use it. Nothing was sent.`,
		});
	}
	const book = new ContactBook(new DataTableContactStore(context, { mode: 'name', value: tableName, field: 'Audience Contact Book' }));
	try {
		for await (const contacts of book.pagesByLabel(label, pageSize)) {
			const facts = new Map<string, ContactFacts>(contacts.map((contact) => [contact.waId, { optedOut: contact.optedOut, lastInboundAt: contact.lastInboundAt }]));
			yield { rows: contacts as unknown as Row[], facts };
		}
	} catch (error) {
		refuse(context, error, 'Give the label to send to, as the contact book stores it (Contact → Add Labels). Nothing was sent.');
	}
}

/**
 * Reads the next page while the consumer works on the current one: the table's API calls overlap
 * the sending instead of pausing it between pages.
 */
export async function* prefetched<T>(source: AsyncIterable<T>): AsyncGenerator<T> {
	const iterator = source[Symbol.asyncIterator]();
	let next = iterator.next();
	for (;;) {
		const current = await next;
		if (current.done) return;
		next = iterator.next();
		// A failure of the read ahead surfaces when that page is awaited, not as an unhandled rejection.
		next.catch(() => undefined);
		yield current.value;
	}
}

/**
 * The campaign's recipients, planned page by page: the input items as one page, or the rows of
 * the audience the node reads itself. Expressions that the rows cannot answer are refused before
 * the first page is read.
 */
export async function* plannedPages(context: IExecuteFunctions, setup: CampaignSetup, items: INodeExecutionData[]): AsyncGenerator<PlannedPage> {
	const source = readAudienceSource(context);
	const kind = setup.config.messageKind;
	if (source === 'input') {
		const readRecipient = recipientReader(context, kind, (name, fallback) => itemParameter(context, name, fallback));
		const inputs: RecipientInput[] = [];
		for (let itemIndex = 0; itemIndex < items.length; itemIndex++) inputs.push(await readRecipient(itemIndex));
		yield { plan: await planRecipients(setup, inputs), itemOf: (index) => index, describe: itemNumber };
		return;
	}
	const page: RowPage = { rows: [] };
	let readRecipient: ReturnType<typeof recipientReader>;
	try {
		readRecipient = recipientReader(context, kind, rowParameterReaders(context, page));
	} catch (error) {
		refuse(context, error, 'Nothing was sent.');
	}
	let rowsBefore = 0;
	for await (const rows of prefetched(audienceRowPages(context, source, AUDIENCE_PAGE_ROWS))) {
		page.rows = rows.rows;
		const inputs: RecipientInput[] = [];
		for (let index = 0; index < rows.rows.length; index++) inputs.push(await readRecipient(index));
		const plan = await planRecipients(setup, inputs, rows.facts);
		const first = rowsBefore;
		const pageRows = rows.rows;
		const rowId = (index: number) => pageRows[index]?.id ?? pageRows[index]?.waId;
		yield {
			plan,
			itemOf: () => 0,
			describe: (index) => (source === 'dataTable' ? `Row ${String(rowId(index))}` : `Contact ${String(rowId(index))}`) + ` (recipient ${first + index + 1})`,
			rowOf: (index) => (source === 'dataTable' ? { id: pageRows[index]?.id ?? null } : { waId: pageRows[index]?.waId ?? null }),
		};
		rowsBefore += pageRows.length;
	}
}
