import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { DAY_MS } from '../../../../whatsapp/analytics/fold';
import { WhatsAppValidationError } from '../../../../whatsapp/validation';
import { ensureLogTable, pruneLogRows } from '../../../shared/analytics/messageLog';
import { runPerItem } from '../../helpers/runPerItem';
import { logTableProperty } from './log.descriptions';

const properties: INodeProperties[] = [
	{
		displayName: 'Run this on a schedule (for example daily) so the log stays within n8n’s Data Table size limit. Reports cannot see what it deletes.',
		name: 'pruneNotice',
		type: 'notice',
		default: '',
	},
	logTableProperty,
	{
		displayName: 'Keep Days',
		name: 'keepDays',
		type: 'number',
		typeOptions: { minValue: 1 },
		default: 90,
		required: true,
		description: 'Rows whose event time is older than this many days are deleted (90 matches Meta’s template analytics window)',
	},
];

export const description = updateDisplayOptions({ show: { resource: ['analytics'], operation: ['pruneLog'] } }, properties);

export async function execute(this: IExecuteFunctions, items: INodeExecutionData[]): Promise<INodeExecutionData[]> {
	return await runPerItem.call(this, items, async (itemIndex) => {
		const keepDays = Number(this.getNodeParameter('keepDays', itemIndex, 90));
		if (!Number.isFinite(keepDays) || keepDays < 1) throw new WhatsAppValidationError('Keep Days', `Keep Days must be at least 1 (got ${keepDays})`);
		const before = Date.now() - keepDays * DAY_MS;
		const tableId = await ensureLogTable.call(this, this.getNodeParameter('logTable', itemIndex) as string);
		// Deleting by time is idempotent: two runs at once delete the same rows once.
		const deleted = await pruneLogRows.call(this, tableId, before);
		return { deleted, before: new Date(before).toISOString(), keepDays };
	});
}
