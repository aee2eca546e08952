import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { NodeOperationError, updateDisplayOptions } from 'n8n-workflow';

import { checkCampaignId } from '../../../../whatsapp/campaigns/callback';
import { campaignReport } from '../../../../whatsapp/campaigns/outcomes';
import { hintFor } from '../../../../whatsapp/errors';
import { DataTableLedgerStore, DEFAULT_LEDGER_TABLE } from '../../../shared/campaigns/dataTableLedger';
import { GUARD_PARAMETERS } from '../../../shared/contacts/sendGuard';
import { runPerItem } from '../../helpers/runPerItem';
import { n8nClock } from '../../helpers/sendPipeline';
import { statusGraceOption } from './campaign.descriptions';
import { readGraceMs } from './campaignInput';

const properties: INodeProperties[] = [
	{
		// The report lives in the progress table: the n8n API credential is always needed.
		displayName: 'Use Data Tables',
		name: GUARD_PARAMETERS.enabled,
		type: 'hidden',
		default: true,
	},
	{
		displayName: 'Campaign ID',
		name: 'campaignId',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. spring_sale_2025',
		description: 'The Campaign ID the Send operation used',
	},
	{
		displayName: 'Progress Table',
		name: 'progressTable',
		type: 'string',
		default: DEFAULT_LEDGER_TABLE,
		placeholder: `e.g. ${DEFAULT_LEDGER_TABLE}`,
		description: 'The data table the Send operation keeps progress in, where the trigger records status webhooks',
	},
	{
		displayName: 'Output',
		name: 'output',
		type: 'options',
		options: [
			{ name: 'Funnel and Recipients', value: 'recipients', description: 'One item per recipient with its last known state, then the funnel' },
			{ name: 'Funnel Only', value: 'funnel', description: 'One item with the counts' },
		],
		default: 'recipients',
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [statusGraceOption()],
	},
];

export const description = updateDisplayOptions({ show: { resource: ['campaign'], operation: ['getStatus'] } }, properties);

/**
 * The campaign's funnel (accepted, sent, delivered, read, failed by code, awaiting a status,
 * uncertain, settled as not sent, rejected) and each recipient's last known state, folded from the
 * progress table: the send rows of every run and the status rows the trigger recorded.
 */
export async function execute(this: IExecuteFunctions, items: INodeExecutionData[]): Promise<INodeExecutionData[]> {
	return await runPerItem.call(this, items, async (itemIndex) => {
		let campaignId: string;
		try {
			campaignId = checkCampaignId(String(this.getNodeParameter('campaignId', itemIndex, '') ?? ''));
		} catch (error) {
			throw new NodeOperationError(this.getNode(), (error as Error).message, { itemIndex, description: 'Use the Campaign ID of the Send operation.' });
		}
		const table = String(this.getNodeParameter('progressTable', itemIndex, DEFAULT_LEDGER_TABLE) ?? '').trim();
		const options = this.getNodeParameter('options', itemIndex, {}) as IDataObject;
		const graceMs = readGraceMs(options);
		const rows = await new DataTableLedgerStore(this, { mode: 'name', value: table }).load(campaignId);
		const { report, recipients } = campaignReport(campaignId, rows, { now: n8nClock.now(), graceMs });
		const output: IDataObject[] = [];
		if (this.getNodeParameter('output', itemIndex, 'recipients') === 'recipients') {
			for (const recipient of recipients) {
				output.push({ campaignId, ...(recipient as unknown as IDataObject), ...(recipient.code !== undefined ? { hint: hintFor(recipient.code) } : {}) });
			}
		}
		output.push({ summary: true, ...(report as unknown as IDataObject), graceSeconds: graceMs / 1000 });
		return output;
	});
}
