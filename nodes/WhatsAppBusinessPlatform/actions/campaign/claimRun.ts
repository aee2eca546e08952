/**
 * The n8n side of "one run at a time per campaign" (whatsapp/campaigns/runClaim.ts): claims live in
 * the progress table, and whether a claim's execution still runs is asked of n8n's public API.
 */
import type { IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError, sleep } from 'n8n-workflow';

import type { CampaignRun } from '../../../../whatsapp/campaigns/runClaim';
import { CampaignBusyError, CLAIM_LAPSE_MS, claimCampaignRun } from '../../../../whatsapp/campaigns/runClaim';
import type { DataTableLedgerStore } from '../../../shared/campaigns/dataTableLedger';
import { executionStatus } from '../../../shared/transport/n8nApi';
import { n8nClock } from '../../helpers/sendPipeline';

/** Statuses of an execution that may still be sending (`waiting` is paused in a later node). */
const LIVE_STATUSES = new Set(['new', 'running']);

export async function claimCampaign(context: IExecuteFunctions, store: DataTableLedgerStore, campaignId: string): Promise<CampaignRun | undefined> {
	const executionId = String(context.getExecutionId?.() ?? '');
	// Without an execution ID runs cannot be told apart; n8n always gives one.
	if (!executionId) return undefined;
	try {
		return await claimCampaignRun(store, campaignId, executionId, {
			sleep,
			now: () => n8nClock.now(),
			isRunning: async (other) => {
				try {
					return LIVE_STATUSES.has((await executionStatus.call(context, other)) ?? '');
				} catch (error) {
					throw new NodeOperationError(context.getNode(), `Could not tell whether execution ${other}, which claimed campaign "${campaignId}", still runs`, {
						description: `n8n's API answered: ${(error as Error).message}. The n8n API key needs to read executions (the owner's or an admin's key can). Nothing was sent.`,
					});
				}
			},
		});
	} catch (error) {
		if (!(error instanceof CampaignBusyError)) return await Promise.reject(error);
		throw new NodeOperationError(context.getNode(), error.message, {
			description:
				`Two runs of one campaign would each send to everyone. Nothing was sent by this execution. ` +
				`Wait for execution ${error.holder.executionId} to finish (or stop it in Executions), then run the same Campaign ID again: it sends only to recipients not reached yet. ` +
				`If that execution died with its worker, its claim lapses ${CLAIM_LAPSE_MS / 60_000} minutes after it was last active.`,
		});
	}
}
