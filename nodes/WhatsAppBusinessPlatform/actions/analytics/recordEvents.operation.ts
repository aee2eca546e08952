import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import type { LogRow } from '../../../../whatsapp/analytics/log';
import { conversationRow, rowsFromItem } from '../../../../whatsapp/analytics/log';
import { WhatsAppValidationError } from '../../../../whatsapp/validation';
import { appendLogRows, ensureLogTable } from '../../../shared/analytics/messageLog';
import { failedItemJson, toNodeError } from '../../helpers/runPerItem';
import { logTableProperty } from './log.descriptions';

const properties: INodeProperties[] = [
	{
		displayName:
			'Connect the WhatsApp Trigger (statuses, messages, echoes, user preferences) or a send of this node (Message, Template, Campaign → Send) to this operation. Items pass through unchanged, with an analyticsLog field added.',
		name: 'recordNotice',
		type: 'notice',
		default: '',
	},
	logTableProperty,
	{
		displayName: 'Items Are',
		name: 'itemsAre',
		type: 'options',
		noDataExpression: true,
		options: [
			{
				name: 'Trigger Events and Send Results',
				value: 'auto',
				description: 'Recognised automatically: statuses, customer messages, echoes and opt-outs from the trigger; send results of this node',
			},
			{ name: 'Conversation Resolved', value: 'resolved', description: 'Each item closes the open conversation of a customer' },
			{ name: 'Customer Opted Out', value: 'optOut', description: 'Each item is an opt-out (for example from a STOP keyword or a form)' },
		],
		default: 'auto',
	},
	{
		displayName: 'Customer Phone Number',
		name: 'customer',
		type: 'string',
		default: '={{ $json.waId ?? $json.recipient ?? $json.phone }}',
		required: true,
		description: 'The customer’s WhatsApp number with country code',
		displayOptions: { show: { itemsAre: ['resolved', 'optOut'] } },
	},
	{
		displayName: 'Business Phone Number ID',
		name: 'businessPhoneNumberId',
		type: 'string',
		default: '={{ $json.businessPhoneNumberId ?? $json.phoneNumberId ?? "" }}',
		description: 'The business number the conversation is on. Empty: the customer’s most recent open conversation.',
		displayOptions: { show: { itemsAre: ['resolved', 'optOut'] } },
	},
	{
		displayName: 'Time',
		name: 'time',
		type: 'string',
		default: '',
		placeholder: 'e.g. 2026-03-30T08:00:00Z',
		description: 'When it happened: ISO date-time or Unix seconds or milliseconds. Empty: now.',
		displayOptions: { show: { itemsAre: ['resolved', 'optOut'] } },
	},
	{
		displayName: 'Agent',
		name: 'agent',
		type: 'string',
		default: '',
		placeholder: 'e.g. alice',
		description:
			'Who sent the message (or resolved the conversation). A send with an agent counts as a human answer for response times; sends without one are automated. Echoes from the Business app are credited to "WhatsApp Business app" when empty.',
	},
	{
		displayName: 'Team',
		name: 'team',
		type: 'string',
		default: '',
		description: 'The agent’s team, for reports grouped by team',
	},
	{
		displayName: 'Template Name',
		name: 'templateName',
		type: 'string',
		default: '',
		placeholder: 'e.g. spring_sale',
		description: 'The template of the sends these items are results of (send results do not carry it), for reports grouped by template',
		displayOptions: { show: { itemsAre: ['auto'] } },
	},
];

export const description = updateDisplayOptions({ show: { resource: ['analytics'], operation: ['recordEvents'] } }, properties);

function text(context: IExecuteFunctions, name: string, itemIndex: number): string {
	const value = context.getNodeParameter(name, itemIndex, '') as unknown;
	return value === undefined || value === null ? '' : String(value);
}

export async function execute(this: IExecuteFunctions, items: INodeExecutionData[]): Promise<INodeExecutionData[]> {
	const itemsAre = this.getNodeParameter('itemsAre', 0, 'auto') as 'auto' | 'resolved' | 'optOut';
	const now = Date.now();
	const rows: LogRow[] = [];
	const output: INodeExecutionData[] = [];
	for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
		try {
			const agent = text(this, 'agent', itemIndex);
			const team = text(this, 'team', itemIndex);
			let itemRows: LogRow[];
			let ignored: string | undefined;
			if (itemsAre === 'auto') {
				const result = rowsFromItem(items[itemIndex].json, { now, agent, team, templateName: text(this, 'templateName', itemIndex) });
				itemRows = result.rows;
				if ('ignored' in result) ignored = result.ignored;
			} else {
				const customer = text(this, 'customer', itemIndex).replace(/\D/g, '');
				if (customer.length < 6) {
					throw new WhatsAppValidationError('Customer Phone Number', `Customer Phone Number "${text(this, 'customer', itemIndex).slice(0, 40)}" is not a phone number with country code`);
				}
				itemRows = [
					conversationRow(itemsAre, { customer, phoneNumberId: text(this, 'businessPhoneNumberId', itemIndex), at: text(this, 'time', itemIndex) || undefined, agent, team }, now),
				];
			}
			rows.push(...itemRows);
			const analyticsLog: IDataObject = { recorded: itemRows.length, kinds: itemRows.map((row) => row.kind) };
			if (ignored) analyticsLog.ignored = ignored;
			output.push({ ...items[itemIndex], json: { ...items[itemIndex].json, analyticsLog }, pairedItem: { item: itemIndex } });
		} catch (error) {
			if (this.continueOnFail()) {
				output.push({ json: { ...items[itemIndex].json, analyticsLog: { recorded: 0, ...failedItemJson(error) } }, pairedItem: { item: itemIndex } });
				continue;
			}
			throw toNodeError(this, error, itemIndex);
		}
	}
	if (rows.length > 0) {
		// One write for the whole batch. If it fails nothing is lost: the run fails (or the trigger's
		// caller redelivers), and rows written twice count once when the log is read.
		const tableId = await ensureLogTable.call(this, text(this, 'logTable', 0));
		await appendLogRows.call(this, tableId, rows);
	}
	return output;
}
