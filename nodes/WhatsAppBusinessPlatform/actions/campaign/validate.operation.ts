import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { countPlan, SKIP_REASONS } from '../../../../whatsapp/campaigns/plan';
import { n8nClock } from '../../helpers/sendPipeline';
import { campaignOptions, dataTableProperties, messageProperties } from './campaign.descriptions';
import { prepareCampaign } from './campaignInput';

const properties: INodeProperties[] = [...messageProperties, ...dataTableProperties, campaignOptions];

export const description = updateDisplayOptions({ show: { resource: ['campaign'], operation: ['validate'] } }, properties);

/**
 * Everything "Send" checks before its first request, for every recipient, without sending: one
 * item per recipient (what would happen, and every problem) and a summary item.
 */
export async function execute(this: IExecuteFunctions, items: INodeExecutionData[]): Promise<INodeExecutionData[]> {
	const run = await prepareCampaign(this, items, n8nClock.now());
	const output: INodeExecutionData[] = run.plan.map((item, itemIndex) => {
		let json: IDataObject;
		if (item.action === 'send') {
			json = { recipient: item.recipient, valid: true, action: 'send', messageType: item.kind, fallbackTemplate: item.fallback, request: item.body as unknown as IDataObject };
		} else if (item.action === 'skip') {
			json = { recipient: item.recipient ?? null, valid: true, action: 'skip', reason: item.reason, reasonText: SKIP_REASONS[item.reason], ...(item.code !== undefined ? { code: item.code } : {}) };
		} else {
			json = { recipient: item.recipient ?? null, valid: false, action: 'none', problems: item.problems as unknown as IDataObject[] };
		}
		return { json: { campaignId: run.config.campaignId, ...json }, pairedItem: { item: itemIndex } };
	});
	const counts = countPlan(run.plan);
	output.push({
		json: { summary: true, campaignId: run.config.campaignId, valid: counts.invalid === 0, ...(counts as unknown as IDataObject), resumedFromRows: run.priorRows, ...(run.priorRows > 0 ? { settled: run.settled as unknown as IDataObject } : {}) },
		pairedItem: { item: 0 },
	});
	return output;
}
