/**
 * The n8n side of "one run at a time per campaign" (whatsapp/campaigns/runClaim.ts): claims live in
 * the progress table, turns in the package's delivery ledger (claimEvents, exact on SQLite and
 * PostgreSQL), and whether a claim's execution still runs is asked of n8n's public API.
 */
import type { IExecuteFunctions } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import type { CampaignRun, RunClaimStore } from '../../../../whatsapp/campaigns/runClaim';
import { CampaignBusyError, CLAIM_LAPSE_MS, claimCampaignRun, turnKey, turnOfKey } from '../../../../whatsapp/campaigns/runClaim';
import type { DataTableLedgerStore } from '../../../shared/campaigns/dataTableLedger';
import { claimEvents, ensureLedgerTable, latestKeysOf } from '../../../shared/delivery/ledger';
import { executionStatus } from '../../../shared/transport/n8nApi';
import { n8nClock } from '../../helpers/sendPipeline';

/** Statuses of an execution that may still be sending (`waiting` is paused in a later node). */
const LIVE_STATUSES = new Set(['new', 'running']);

const turnScope = (campaignId: string) => `campaign-run|${campaignId}`;

function claimStore(context: IExecuteFunctions, progress: DataTableLedgerStore): RunClaimStore {
	let ledgerTable: Promise<string> | undefined;
	const ledger = async () => await (ledgerTable ??= ensureLedgerTable.call(context));
	return {
		lastTurn: async (campaignId) => {
			// The newest few keys: a claimant that read late may have tried a lower turn after a higher one.
			const keys = await latestKeysOf.call(context, await ledger(), turnScope(campaignId), 5);
			return Math.max(0, ...keys.map(turnOfKey));
		},
		takeTurn: async (campaignId, turn) => (await claimEvents.call(context, await ledger(), turnScope(campaignId), [turnKey(turn)])).size > 0,
		openClaim: async (campaignId, executionId, turn) => await progress.openClaim(campaignId, executionId, turn),
		openClaims: async (campaignId) => await progress.openClaims(campaignId),
		closeClaim: async (campaignId, executionId) => await progress.closeClaim(campaignId, executionId),
		touchClaim: async (campaignId, executionId) => await progress.touchClaim(campaignId, executionId),
	};
}

export async function claimCampaign(context: IExecuteFunctions, progress: DataTableLedgerStore, campaignId: string): Promise<CampaignRun | undefined> {
	const executionId = String(context.getExecutionId?.() ?? '');
	// Without an execution ID runs cannot be told apart; n8n always gives one.
	if (!executionId) return undefined;
	try {
		return await claimCampaignRun(claimStore(context, progress), campaignId, executionId, {
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
		if (error instanceof NodeOperationError || error instanceof NodeApiError) return await Promise.reject(error);
		if (!(error instanceof CampaignBusyError)) {
			throw new NodeOperationError(context.getNode(), (error as Error).message, { description: 'Nothing was sent. Run the campaign again.' });
		}
		throw new NodeOperationError(context.getNode(), error.message, {
			description:
				`Two runs of one campaign would each send to everyone. Nothing was sent by this execution. ` +
				`Wait for execution ${error.holder.executionId} to finish (or stop it in Executions), then run the same Campaign ID again: it sends only to recipients not reached yet. ` +
				`If that execution died with its worker, its claim lapses ${CLAIM_LAPSE_MS / 60_000} minutes after it was last active.`,
		});
	}
}
