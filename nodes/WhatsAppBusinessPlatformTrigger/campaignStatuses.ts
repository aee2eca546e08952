/**
 * Records the status webhooks of campaign messages (callback data `campaign:<id>:<recipient>`) in
 * the campaign progress table, so a campaign's report and its resume know what Meta did with each
 * message. Automatic whenever the trigger has the n8n API credential; statuses reach webhook
 * processors in queue mode, so the rows go through n8n's public API, never through memory.
 *
 * Rows are insert-only. A redelivered status is inserted again and counted once by the fold
 * (whatsapp/campaigns/outcomes.ts), so recording before the delivery ledger's claim is safe: a
 * failure answers 503 and Meta redelivers, and nothing is lost between the two.
 */
import type { IWebhookFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { statusRowsFromEvents } from '../../whatsapp/campaigns/outcomes';
import type { WebhookEvent } from '../../whatsapp/webhooks/events';
import { WhatsAppValidationError } from '../../whatsapp/validation';
import { appendToProgressTable, DEFAULT_LEDGER_TABLE } from '../shared/campaigns/dataTableLedger';

/** Trigger option (under Options) naming the progress table; empty turns recording off. */
export const CAMPAIGN_TABLE_OPTION = 'campaignProgressTable';

export const campaignTableOption = {
	displayName: 'Campaign Progress Table',
	name: CAMPAIGN_TABLE_OPTION,
	type: 'string' as const,
	default: DEFAULT_LEDGER_TABLE,
	placeholder: `e.g. ${DEFAULT_LEDGER_TABLE}`,
	description:
		'With the n8n API credential, statuses (sent, delivered, read, failed) of messages sent by the Campaign resource are recorded in this data table, for Campaign → Get Status and resume. Use the Progress Table name of your Campaign node; empty turns recording off.',
};

/**
 * Stores the campaign statuses among `events`. Returns how many rows were written; throws when the
 * table could not be reached (the caller answers 503 so Meta redelivers).
 */
export async function recordCampaignStatuses(this: IWebhookFunctions, events: readonly WebhookEvent[]): Promise<number> {
	const rows = statusRowsFromEvents(events);
	if (rows.length === 0) return 0;
	const options = this.getNodeParameter('triggerOptions', {}) as Record<string, unknown>;
	const table = String(options[CAMPAIGN_TABLE_OPTION] ?? DEFAULT_LEDGER_TABLE).trim();
	if (!table) return 0;
	try {
		return (await appendToProgressTable(this, table, rows)) ? rows.length : 0;
	} catch (error) {
		// A table that is not a progress table is a setting to fix, not an outage: redelivery would
		// not help, and answering 503 would hold back every other event of this trigger.
		if (!(error instanceof WhatsAppValidationError)) throw new NodeOperationError(this.getNode(), error as Error);
		this.logger.warn(`WhatsApp trigger "${this.getNode().name}": campaign statuses not recorded: ${error.message}`);
		return 0;
	}
}
