import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { DAY_MS } from '../../../../whatsapp/conversations';
import { WhatsAppValidationError } from '../../../../whatsapp/validation';
import { runPerItem } from '../../helpers/runPerItem';
import { desks } from './shared';

const properties: INodeProperties[] = [
	{
		displayName: 'Resolved More Than (Days) Ago',
		name: 'pruneDays',
		type: 'number',
		default: 90,
		typeOptions: { minValue: 0 },
		description: 'Delete the rows of conversations resolved more than this many days ago; 0 = every resolved conversation. Open conversations are never touched.',
	},
	{
		displayName: 'Most Conversations per Run',
		name: 'pruneMax',
		type: 'number',
		default: 200,
		typeOptions: { minValue: 1 },
		description: 'The most conversations one run prunes (run it again, or on a schedule, for more)',
	},
];

export const description = updateDisplayOptions({ show: { resource: ['conversation'], operation: ['prune'] } }, properties);

export async function execute(this: IExecuteFunctions, items: INodeExecutionData[]): Promise<INodeExecutionData[]> {
	const desk = desks(this);
	return await runPerItem.call(this, items, async (itemIndex) => {
		const days = Number(this.getNodeParameter('pruneDays', itemIndex, 90));
		if (!Number.isFinite(days) || days < 0) throw new WhatsAppValidationError('Resolved More Than (Days) Ago', `Days must be 0 or more (got ${String(days).slice(0, 20)})`);
		const limit = Number(this.getNodeParameter('pruneMax', itemIndex, 200));
		if (!Number.isInteger(limit) || limit < 1) throw new WhatsAppValidationError('Most Conversations per Run', `Most Conversations per Run must be a whole number of 1 or more (got ${String(limit).slice(0, 20)})`);
		const pruned = await desk(itemIndex).desk.prune(days * DAY_MS, limit);
		return { pruned: { ...pruned, days } };
	});
}
