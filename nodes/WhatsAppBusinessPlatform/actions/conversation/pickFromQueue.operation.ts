import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { runPerItem } from '../../helpers/runPerItem';
import { agentsTable, conversationJson, desks, requiredText, stickyFields, strategyField, strategyOptions } from './shared';

const properties: INodeProperties[] = [
	agentsTable,
	{
		displayName: 'Team',
		name: 'team',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. support-br',
		description: "The team whose queue is worked off, oldest first, while an agent has room",
	},
	strategyField,
	...stickyFields,
	{
		displayName: 'Limit',
		name: 'limit',
		type: 'number',
		default: 50,
		typeOptions: { minValue: 1 },
		description: 'Max number of results to return',
	},
];

export const description = updateDisplayOptions({ show: { resource: ['conversation'], operation: ['pickFromQueue'] } }, properties);

export async function execute(this: IExecuteFunctions, items: INodeExecutionData[]): Promise<INodeExecutionData[]> {
	const desk = desks(this);
	return await runPerItem.call(this, items, async (itemIndex) => {
		const team = requiredText(this, 'team', itemIndex, 'Team');
		const results = await desk(itemIndex).desk.assignQueued(team, strategyOptions(this, itemIndex), Number(this.getNodeParameter('limit', itemIndex, 50)));
		return results.map((r) => ({ conversation: conversationJson(r.conversation), assignment: { outcome: r.outcome, agent: r.agent, team, ticket: r.ticket, reason: r.reason } }));
	});
}
