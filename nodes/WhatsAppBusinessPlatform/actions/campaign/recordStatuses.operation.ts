import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { NodeOperationError, updateDisplayOptions } from 'n8n-workflow';

import type { StatusEventLike } from '../../../../whatsapp/campaigns/outcomes';
import { statusRowsFromEvents } from '../../../../whatsapp/campaigns/outcomes';
import { appendToProgressTable, DEFAULT_LEDGER_TABLE } from '../../../shared/campaigns/dataTableLedger';
import { GUARD_PARAMETERS } from '../../../shared/contacts/sendGuard';

const properties: INodeProperties[] = [
	{
		// The rows go to the progress table: the n8n API credential is always needed.
		displayName: 'Use Data Tables',
		name: GUARD_PARAMETERS.enabled,
		type: 'hidden',
		default: true,
	},
	{
		displayName:
			'Not needed with this package’s trigger when it has the n8n API credential: it records campaign statuses itself. Use this for statuses that reach the workflow another way (for example an HTTP webhook, or a trigger without that credential).',
		name: 'recordStatusesNotice',
		type: 'notice',
		default: '',
	},
	{
		displayName: 'Progress Table',
		name: 'progressTable',
		type: 'string',
		default: DEFAULT_LEDGER_TABLE,
		placeholder: `e.g. ${DEFAULT_LEDGER_TABLE}`,
		description: 'The data table the Send operation keeps progress in',
	},
];

export const description = updateDisplayOptions({ show: { resource: ['campaign'], operation: ['recordStatuses'] } }, properties);

/**
 * Stores the campaign statuses among the input items (the trigger's status items: `status`,
 * `messageId`, `bizOpaqueCallbackData`, `errors`) in the progress table. Insert-only; feeding the
 * same status twice is harmless, the fold counts it once. Items that are not statuses of campaign
 * messages are ignored and counted.
 */
export async function execute(this: IExecuteFunctions, items: INodeExecutionData[]): Promise<INodeExecutionData[]> {
	const table = String(this.getNodeParameter('progressTable', 0, DEFAULT_LEDGER_TABLE) ?? '').trim();
	if (!table) throw new NodeOperationError(this.getNode(), 'Progress Table is required', { description: `Use the Progress Table of the Send operation (default ${DEFAULT_LEDGER_TABLE}).` });
	const rows = statusRowsFromEvents(items.map((item) => item.json as unknown as StatusEventLike));
	const stored = await appendToProgressTable(this, table, rows);
	if (!stored) {
		throw new NodeOperationError(this.getNode(), `There is no progress table "${table}"`, {
			description: 'Statuses are recorded against a campaign sent with Use Data Tables on. Check the Progress Table name of the Send operation.',
		});
	}
	const summary: IDataObject = { summary: true, table, items: items.length, recorded: rows.length, ignored: items.length - rows.length };
	return [{ json: summary, pairedItem: items.map((_, item) => ({ item })) }];
}
