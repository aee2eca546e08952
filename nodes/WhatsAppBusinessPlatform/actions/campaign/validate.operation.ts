import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import type { PlanCounts } from '../../../../whatsapp/campaigns/plan';
import { addPlanCounts, countPlan, SKIP_REASONS } from '../../../../whatsapp/campaigns/plan';
import { n8nClock } from '../../helpers/sendPipeline';
import { plannedPages, readAudienceSource } from './audience';
import { audienceProperties, campaignOptions, dataTableProperties, messageProperties } from './campaign.descriptions';
import { describeProblems, openCampaign } from './campaignInput';

const properties: INodeProperties[] = [...messageProperties, ...dataTableProperties, ...audienceProperties, campaignOptions];

export const description = updateDisplayOptions({ show: { resource: ['campaign'], operation: ['validate'] } }, properties);

/**
 * Everything "Send" checks before its first request, for every recipient, without sending: one
 * item per recipient (what would happen, and every problem) and a summary item. A read audience is
 * checked page by page, the whole of it.
 */
export async function execute(this: IExecuteFunctions, items: INodeExecutionData[]): Promise<INodeExecutionData[]> {
	const setup = await openCampaign(this, n8nClock.now());
	const campaignId = setup.config.campaignId;
	const perRecipientOutput = setup.options.output !== 'summary';
	const output: INodeExecutionData[] = [];
	const counts: PlanCounts = { total: 0, toSend: 0, templates: 0, texts: 0, fallbacks: 0, skipped: 0, invalid: 0, skipReasons: {} };
	/** The first problems of a read audience, named by row, when per-recipient items are off. */
	const firstProblems: string[] = [];
	let pages = 0;
	for await (const page of plannedPages(this, setup, items)) {
		pages += 1;
		addPlanCounts(counts, countPlan(page.plan));
		if (!perRecipientOutput) {
			if (firstProblems.length < 10) firstProblems.push(...describeProblems(page.plan, 10 - firstProblems.length, page.describe).lines);
			continue;
		}
		page.plan.forEach((item, index) => {
			let json: IDataObject;
			if (item.action === 'send') {
				json = { recipient: item.recipient, valid: true, action: 'send', messageType: item.kind, fallbackTemplate: item.fallback, request: item.body as unknown as IDataObject };
			} else if (item.action === 'skip') {
				json = { recipient: item.recipient ?? null, valid: true, action: 'skip', reason: item.reason, reasonText: SKIP_REASONS[item.reason], ...(item.code !== undefined ? { code: item.code } : {}) };
			} else {
				json = { recipient: item.recipient ?? null, valid: false, action: 'none', problems: item.problems as unknown as IDataObject[] };
			}
			output.push({ json: { campaignId, ...json, ...(page.rowOf ? { row: page.rowOf(index) } : {}) }, pairedItem: { item: page.itemOf(index) } });
		});
	}
	const audience = readAudienceSource(this);
	output.push({
		json: {
			summary: true,
			campaignId,
			valid: counts.invalid === 0,
			...(counts as unknown as IDataObject),
			resumedFromRows: setup.priorRows,
			...(setup.priorRows > 0 ? { settled: setup.settled as unknown as IDataObject } : {}),
			...(audience !== 'input' ? { audience, pages } : {}),
			...(firstProblems.length > 0 ? { firstProblems } : {}),
		},
		pairedItem: { item: 0 },
	});
	return output;
}
