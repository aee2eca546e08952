import type { INodeProperties } from 'n8n-workflow';

import type { OperationModule } from '../node.type';
import * as agentReply from './agentReply.operation';
import * as assign from './assign.operation';
import * as get from './get.operation';
import * as handOff from './handOff.operation';
import * as link from './link.operation';
import * as listOpen from './listOpen.operation';
import * as pickFromQueue from './pickFromQueue.operation';
import * as prune from './prune.operation';
import * as receive from './receive.operation';
import * as release from './release.operation';
import * as resolve from './resolve.operation';
import * as saveBotStep from './saveBotStep.operation';
import * as saveCrmIds from './saveCrmIds.operation';
import * as setAgentAvailability from './setAgentAvailability.operation';
import * as snooze from './snooze.operation';
import * as wake from './wake.operation';
import { conversationTable } from './shared';

export const resource = { name: 'Conversation', value: 'conversation' };

export const operations: Record<string, OperationModule> = {
	receive,
	assign,
	pickFromQueue,
	handOff,
	release,
	resolve,
	saveBotStep,
	agentReply,
	get,
	link,
	saveCrmIds,
	setAgentAvailability,
	snooze,
	wake,
	listOpen,
	prune,
};

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['conversation'] } },
		options: [
			{ name: 'Agent Reply', value: 'agentReply', action: 'Send an agent reply to the customer', description: "Send an agent's answer as the business, record who sent it, respect the 24-hour window" },
			{ name: 'Assign', value: 'assign', action: 'Assign a conversation to an agent', description: 'Give it to an agent of a team (round-robin, least open, capacity, sticky) or queue it' },
			{ name: 'Get', value: 'get', action: 'Get a conversation with contact and CRM context', description: 'Owner, state, team, agent, times, bot session, and the CRM IDs of the customer' },
			{ name: 'Hand Off', value: 'handOff', action: 'Hand a conversation to a person', description: "The bot's decision to hand over: the conversation goes to the team's queue and the bot goes quiet" },
			{ name: 'Link Reference', value: 'link', action: 'Link a conversation to an outside reference', description: 'Remember a Slack thread, ticket or email ID for the conversation, to find it by later' },
			{ name: 'List Open', value: 'listOpen', action: 'List open conversations', description: 'Open conversations by team, agent and state, oldest first, for dashboards and scheduling' },
			{ name: 'Pick From Queue', value: 'pickFromQueue', action: 'Assign queued conversations first in first out', description: "Assign a team's waiting conversations, oldest first, while an agent has room" },
			{ name: 'Prune', value: 'prune', action: 'Delete old resolved conversations', description: 'Delete the stored rows of conversations resolved more than some days ago' },
			{ name: 'Receive Message', value: 'receive', action: 'Receive a customer message into a conversation', description: 'Open or continue the conversation, hand off on keywords, time out, and give the bot its session' },
			{ name: 'Release to Bot', value: 'release', action: 'Give a conversation back to the bot', description: 'The person is done: the bot answers again' },
			{ name: 'Resolve', value: 'resolve', action: 'Resolve a conversation', description: "Close it; the customer's next message opens a new conversation" },
			{ name: 'Save Bot Step', value: 'saveBotStep', action: 'Save the bot step and answers', description: "End the bot's turn: next step and answers, and let the next message through" },
			{ name: 'Save CRM IDs', value: 'saveCrmIds', action: 'Save customer record identifiers on the contact', description: 'Keep HubSpot, Salesforce, Pipedrive or Zoho IDs on the contact for next time' },
			{ name: 'Set Agent Availability', value: 'setAgentAvailability', action: 'Set whether an agent takes conversations', description: "Mark an agent available or away; away requeues their open conversations" },
			{ name: 'Snooze', value: 'snooze', action: 'Snooze a conversation', description: 'Put it aside until a time or until the customer writes' },
			{ name: 'Wake', value: 'wake', action: 'Wake a snoozed conversation', description: 'End a snooze now' },
		],
		default: 'receive',
	},
	{ ...conversationTable, displayOptions: { show: { resource: ['conversation'] }, hide: { operation: ['saveCrmIds'] } } },
	...receive.description,
	...assign.description,
	...pickFromQueue.description,
	...handOff.description,
	...release.description,
	...resolve.description,
	...saveBotStep.description,
	...agentReply.description,
	...get.description,
	...link.description,
	...saveCrmIds.description,
	...setAgentAvailability.description,
	...snooze.description,
	...wake.description,
	...listOpen.description,
	...prune.description,
];
