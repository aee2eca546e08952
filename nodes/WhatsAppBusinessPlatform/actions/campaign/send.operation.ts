import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties, JsonObject } from 'n8n-workflow';
import { NodeApiError, NodeOperationError, updateDisplayOptions } from 'n8n-workflow';

import { LedgerWriter } from '../../../../whatsapp/campaigns/ledger';
import { keptAliveBy } from '../../../../whatsapp/campaigns/runClaim';
import { SKIP_REASONS } from '../../../../whatsapp/campaigns/plan';
import type { AttemptFailure, CampaignOutcome, CampaignSender, CampaignSummary } from '../../../../whatsapp/campaigns/runner';
import { CampaignTally, runCampaign } from '../../../../whatsapp/campaigns/runner';
import { messagesPerSecondForLevel, throughputLevelOf } from '../../../../whatsapp/campaigns/throughput';
import { hintFor } from '../../../../whatsapp/errors';
import { emptyPacingStats } from '../../../../whatsapp/pacing/scheduler';
import type { SendBody } from '../../../../whatsapp/messages/envelope';
import { graphRequest, metaErrorOf, UNCERTAIN_DELIVERY_CODE } from '../../../shared/transport/graph';
import { resolvePhoneNumberId } from '../../helpers/phoneNumber';
import { n8nClock } from '../../helpers/sendPipeline';
import { audienceProperties, campaignOptions, dataTableProperties, messageProperties, pacingOptions, throughputProperties } from './campaign.descriptions';
import type { PlannedPage } from './audience';
import { plannedPages, readAudienceSource } from './audience';
import type { CampaignSetup } from './campaignInput';
import { assertPlanValid, openCampaign } from './campaignInput';

const properties: INodeProperties[] = [...messageProperties, ...throughputProperties, pacingOptions, ...dataTableProperties, ...audienceProperties, campaignOptions];

export const description = updateDisplayOptions({ show: { resource: ['campaign'], operation: ['send'] } }, properties);

/** Timer lateness the pacing absorbs without falling behind the grid (see scheduler burstToleranceMs). */
const BURST_TOLERANCE_MS = 4;

/** Reads an error from `graphRequest` made with retries off: the campaign retries itself. */
export function classifyGraphError(error: unknown): AttemptFailure {
	const metaError = metaErrorOf(error);
	if (metaError) return { kind: 'rejected', error: metaError };
	const response = (error as { errorResponse?: { code?: unknown } })?.errorResponse;
	const message = error instanceof Error ? error.message : String(error);
	if (response?.code === UNCERTAIN_DELIVERY_CODE) return { kind: 'uncertain', message };
	if (response?.code === 'NETWORK') return { kind: 'notSent', message };
	return { kind: 'other', message };
}

function outcomeJson(campaignId: string, outcome: CampaignOutcome): IDataObject {
	const base: IDataObject = { campaignId, recipient: outcome.recipient ?? null, status: outcome.status };
	switch (outcome.status) {
		case 'sent':
			return {
				...base,
				messageId: outcome.messageId,
				...(outcome.messageStatus ? { messageStatus: outcome.messageStatus } : {}),
				messageType: outcome.kind,
				fallbackTemplate: outcome.fallback,
				attempts: outcome.attempts,
			};
		case 'skipped':
			return {
				...base,
				reason: outcome.reason,
				reasonText: SKIP_REASONS[outcome.reason],
				...(outcome.messageId ? { messageId: outcome.messageId } : {}),
				...(outcome.code !== undefined ? { code: outcome.code, hint: hintFor(outcome.code) } : {}),
			};
		case 'invalid':
			return { ...base, problems: outcome.problems as unknown as IDataObject[], error: outcome.problems.map((problem) => problem.message).join('; ') };
		case 'uncertain':
			return {
				...base,
				attempts: outcome.attempts,
				error: outcome.message,
				hint: 'Meta may or may not have accepted this message; it was not sent again to avoid a duplicate. Check the status webhooks (callback data campaign:<ID>:<recipient>) before resending.',
			};
		case 'failed':
			return {
				...base,
				attempts: outcome.attempts,
				error: outcome.message,
				...(outcome.error
					? {
							code: outcome.error.code,
							category: outcome.error.category,
							hint: outcome.error.hint,
							...(outcome.error.details ? { details: outcome.error.details } : {}),
							...(outcome.error.fbtraceId ? { fbtraceId: outcome.error.fbtraceId } : {}),
						}
					: {}),
			};
	}
}

async function resolveThroughput(this: IExecuteFunctions, phoneNumberId: string): Promise<{ perSecond: number; level?: string }> {
	const source = this.getNodeParameter('throughputSource', 0, 'fixed') as string;
	if (source !== 'phoneNumber') return { perSecond: this.getNodeParameter('messagesPerSecond', 0, 80) as number };
	const phoneNumber = await graphRequest.call(this, 'GET', phoneNumberId, { qs: { fields: 'throughput' } });
	const level = throughputLevelOf(phoneNumber);
	return { perSecond: messagesPerSecondForLevel(level), level };
}

export async function execute(this: IExecuteFunctions, items: INodeExecutionData[]): Promise<INodeExecutionData[]> {
	const startedAt = n8nClock.now();
	const setup = await openCampaign(this, startedAt, { claim: true });
	try {
		return await sendCampaign.call(this, setup, items, startedAt);
	} finally {
		// A claim left open (n8n stopped, or this write failed) is closed by the next run once it
		// sees this execution has ended.
		await setup.run?.release().catch(() => undefined);
	}
}

async function sendCampaign(this: IExecuteFunctions, setup: CampaignSetup, items: INodeExecutionData[], startedAt: number): Promise<INodeExecutionData[]> {
	const continueOnFail = this.continueOnFail();
	const campaignId = setup.config.campaignId;
	const perRecipientOutput = setup.options.output !== 'summary';
	const audience = readAudienceSource(this);
	const pages = plannedPages(this, setup, items);

	// The first page is planned (and checked) before Meta is asked anything.
	const first = await pages.next();
	let page: PlannedPage | undefined = first.done ? undefined : first.value;
	if (page && !continueOnFail) assertPlanValid(this, page.plan, page.describe);

	const phoneNumberId = await resolvePhoneNumberId.call(this, 0);
	const throughput = await resolveThroughput.call(this, phoneNumberId);
	const pacing = this.getNodeParameter('pacing', 0, {}) as IDataObject;
	const headroom = Math.min(50, Math.max(0, Number(pacing.headroomPercent ?? 3)));
	const perSecond = throughput.perSecond * (1 - headroom / 100);
	const maxInFlightSetting = Number(pacing.maxInFlight ?? 0);
	const maxInFlight = maxInFlightSetting > 0 ? maxInFlightSetting : Math.min(500, Math.max(8, Math.ceil(perSecond / 2)));
	const cancel = this.getExecutionCancelSignal?.();
	const sender: CampaignSender = {
		send: async (body: SendBody) => {
			const response = (await graphRequest.call(this, 'POST', `${phoneNumberId}/messages`, {
				body: body as unknown as IDataObject,
				// One attempt per call: the campaign retries, paced and without holding a slot.
				retryPolicy: { maxRetries: 0, baseDelayMs: 0, maxDelayMs: 0 },
			})) as { messages?: Array<{ id?: string; message_status?: string }> };
			const message = response.messages?.[0];
			if (!message?.id) throw new NodeOperationError(this.getNode(), 'Meta accepted the request but returned no message ID');
			return { messageId: message.id, ...(message.message_status ? { messageStatus: message.message_status } : {}) };
		},
		classify: classifyGraphError,
	};

	// One pacing record, ledger writer and tally for every page: the campaign is one run.
	const stats = emptyPacingStats();
	const ledger = setup.ledgerStore ? new LedgerWriter(keptAliveBy(setup.ledgerStore, setup.run)) : undefined;
	const tally = new CampaignTally();
	const result: INodeExecutionData[] = [];
	let lastAnswerAt: number | undefined;
	let stoppedBy: CampaignSummary['stoppedBy'];
	let pagesSent = 0;
	while (page) {
		if (pagesSent > 0 && !continueOnFail) assertPlanValid(this, page.plan, page.describe, true);
		const sent = await runCampaign(page.plan, sender, {
			campaignId,
			pacing: {
				messagesPerSecond: perSecond,
				maxInFlight,
				pairIntervalMs: Math.max(0, Number(pacing.pairIntervalSeconds ?? 6)) * 1000,
				pairBurst: Math.max(1, Number(pacing.pairBurst ?? 1)),
				burstToleranceMs: BURST_TOLERANCE_MS,
			},
			retry: { maxRetries: Math.max(0, Number(pacing.maxRetries ?? 6)), baseDelayMs: 500, maxDelayMs: 30_000 },
			clock: n8nClock,
			ledger,
			shouldStop: () => cancel?.aborted === true,
			stats,
		});
		pagesSent += 1;
		tally.add(sent.outcomes);
		lastAnswerAt = sent.lastAnswerAt ?? lastAnswerAt;
		if (perRecipientOutput) {
			const current = page;
			sent.outcomes.forEach((outcome, index) =>
				result.push({ json: { ...outcomeJson(campaignId, outcome), ...(current.rowOf ? { row: current.rowOf(index) } : {}) }, pairedItem: { item: current.itemOf(index) } }),
			);
		}
		stoppedBy = sent.summary.stoppedBy;
		if (stoppedBy || cancel?.aborted === true) break;
		const next = await pages.next();
		page = next.done ? undefined : next.value;
	}
	// A stopped campaign does not read the rest of its audience; end the reader (and its read ahead).
	await pages.return(undefined);

	const summary = tally.summary(campaignId, stats, perSecond, lastAnswerAt);
	if (stoppedBy && !continueOnFail) {
		throw new NodeApiError(this.getNode(), { message: stoppedBy.message, code: stoppedBy.code } as unknown as JsonObject, {
			message: `The campaign stopped: ${stoppedBy.message}`,
			description: `${stoppedBy.hint} Before it stopped: ${summary.sent} accepted, ${summary.failed} failed, ${summary.uncertain} uncertain${setup.ledgerStore ? '; fix the cause and run the same Campaign ID again to resume' : ''}.`,
		});
	}
	if (stoppedBy) summary.stoppedBy = stoppedBy;

	const summaryJson: IDataObject = {
		summary: true,
		...(summary as unknown as IDataObject),
		throughputPerSecond: throughput.perSecond,
		...(throughput.level ? { throughputLevel: throughput.level } : {}),
		elapsedMs: n8nClock.now() - startedAt,
		resumedFromRows: setup.priorRows,
		...(setup.priorRows > 0 ? { settled: setup.settled as unknown as IDataObject } : {}),
		...(audience !== 'input' ? { audience, pages: pagesSent } : {}),
	};
	return [...result, { json: summaryJson, pairedItem: { item: 0 } }];
}
