import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import type { ListOpenFilter } from '../../../../whatsapp/conversations';
import { WhatsAppValidationError } from '../../../../whatsapp/validation';
import { runPerItem } from '../../helpers/runPerItem';
import { conversationJson, desks } from './shared';

/** The most a single List Open call returns: it reads the rows of every open conversation it lists. */
export const LIST_OPEN_MAX = 1000;

const properties: INodeProperties[] = [
	{
		displayName: 'Team',
		name: 'listTeam',
		type: 'string',
		default: '',
		placeholder: 'e.g. support-br',
		description: 'Only conversations of this team; empty: every team',
	},
	{
		displayName: 'Agent',
		name: 'listAgent',
		type: 'string',
		default: '',
		placeholder: 'e.g. U024BE7LH',
		description: 'Only conversations assigned to this agent; empty: any',
	},
	{
		displayName: 'State',
		name: 'listState',
		type: 'options',
		default: 'any',
		options: [
			{ name: 'Any Open', value: 'any' },
			{ name: 'Assigned', value: 'assigned' },
			{ name: 'Bot', value: 'bot' },
			{ name: 'Queued', value: 'queued' },
			{ name: 'Snoozed', value: 'snoozed' },
		],
	},
	{
		displayName: 'Limit',
		name: 'limit',
		type: 'number',
		default: 50,
		typeOptions: { minValue: 1, maxValue: LIST_OPEN_MAX },
		description: 'Max number of results to return',
	},
];

export const description = updateDisplayOptions({ show: { resource: ['conversation'], operation: ['listOpen'] } }, properties);

export async function execute(this: IExecuteFunctions, items: INodeExecutionData[]): Promise<INodeExecutionData[]> {
	const desk = desks(this);
	return await runPerItem.call(this, items, async (itemIndex) => {
		const limit = Number(this.getNodeParameter('limit', itemIndex, 50));
		if (!Number.isInteger(limit) || limit < 1 || limit > LIST_OPEN_MAX) {
			throw new WhatsAppValidationError('Limit', `Limit must be a whole number from 1 to ${LIST_OPEN_MAX} (got ${String(limit).slice(0, 20)})`);
		}
		const state = String(this.getNodeParameter('listState', itemIndex, 'any'));
		const filter: ListOpenFilter = {
			team: String(this.getNodeParameter('listTeam', itemIndex, '') ?? '').trim() || undefined,
			agent: String(this.getNodeParameter('listAgent', itemIndex, '') ?? '').trim() || undefined,
			state: state === 'any' ? undefined : (state as ListOpenFilter['state']),
			limit,
		};
		const list = await desk(itemIndex).desk.listOpen(filter);
		return list.map((c) => ({ conversation: conversationJson(c) }));
	});
}
