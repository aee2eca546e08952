import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { WhatsAppValidationError } from '../../../../whatsapp/validation';
import { equals, updateRows } from '../../../shared/transport/n8nApi';
import { runPerItem } from '../../helpers/runPerItem';
import { agentsTable, conversationJson, desks, requiredText } from './shared';

const properties: INodeProperties[] = [
	agentsTable,
	{
		displayName: 'Agent',
		name: 'agent',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. ana',
		description: 'The agent ID (the "agent" column of the agents table)',
	},
	{
		displayName: 'Available',
		name: 'available',
		type: 'boolean',
		default: true,
		description: 'Whether the agent takes new conversations',
	},
	{
		displayName: 'Requeue Open Conversations',
		name: 'requeue',
		type: 'boolean',
		default: true,
		displayOptions: { show: { available: [false] } },
		description: "Whether the agent's open conversations go back to their team's queue (keeping their place) so another agent takes them",
	},
];

export const description = updateDisplayOptions({ show: { resource: ['conversation'], operation: ['setAgentAvailability'] } }, properties);

export async function execute(this: IExecuteFunctions, items: INodeExecutionData[]): Promise<INodeExecutionData[]> {
	const desk = desks(this);
	return await runPerItem.call(this, items, async (itemIndex) => {
		const { desk: d, store } = desk(itemIndex);
		const agent = requiredText(this, 'agent', itemIndex, 'Agent');
		const available = this.getNodeParameter('available', itemIndex, true) as boolean;
		const known = (await store.agents()).some((a) => a.id === agent);
		if (!known) throw new WhatsAppValidationError('Agent', `There is no agent "${agent.slice(0, 80)}" in the agents table. Add a row with agent = ${agent.slice(0, 80)} on n8n's Data tables page`);
		// An absolute value, as a lead setting it by hand would: concurrent calls cannot lose an update.
		await updateRows.call(this, await store.agentsTableId(), equals('agent', agent), { available });
		const requeued = !available && (this.getNodeParameter('requeue', itemIndex, true) as boolean) ? await d.requeueAgent(agent) : [];
		return { agent, available, requeued: requeued.map(conversationJson) } as IDataObject;
	});
}
