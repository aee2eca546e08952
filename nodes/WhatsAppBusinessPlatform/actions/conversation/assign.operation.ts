import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { WhatsAppValidationError } from '../../../../whatsapp/validation';
import { runPerItem } from '../../helpers/runPerItem';
import { agentsTable, conversationJson, conversationSelector, desks, selectConversation, stickyFields, strategyField, strategyOptions } from './shared';

const properties: INodeProperties[] = [
	...conversationSelector,
	agentsTable,
	{
		displayName: 'Team',
		name: 'team',
		type: 'string',
		default: '={{ $json.route?.team ?? $json.conversation?.team }}',
		required: true,
		placeholder: 'e.g. support-br',
		description: "The team whose agents may take it (an agents-table row lists its teams). Defaults to the Router rule's team.",
	},
	strategyField,
	...stickyFields,
];

export const description = updateDisplayOptions({ show: { resource: ['conversation'], operation: ['assign'] } }, properties);

export async function execute(this: IExecuteFunctions, items: INodeExecutionData[]): Promise<INodeExecutionData[]> {
	const desk = desks(this);
	return await runPerItem.call(this, items, async (itemIndex) => {
		const { desk: d, store } = desk(itemIndex);
		const conversation = await selectConversation(this, d, itemIndex);
		const team = String(this.getNodeParameter('team', itemIndex, '') ?? '').trim() || conversation.team || '';
		if (!team) throw new WhatsAppValidationError('Team', 'Team is empty: give the team, or route the conversation to a team first (a Router rule with a team)');
		const result = await d.assign(conversation, team, strategyOptions(this, itemIndex));
		const agent = result.agent ? (await store.agents(team)).find((a) => a.id === result.agent) : undefined;
		return {
			...items[itemIndex].json,
			conversation: conversationJson(result.conversation),
			assignment: {
				outcome: result.outcome,
				agent: result.agent,
				agentName: agent?.name ?? null,
				agentContact: agent?.contact ?? null,
				team,
				ticket: result.ticket,
				reason: result.reason,
			},
		} as IDataObject;
	});
}
