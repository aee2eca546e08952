/**
 * `biz_opaque_callback_data` for campaign messages, so status webhooks (delivered, read, failed)
 * can be matched to the campaign and recipient without a lookup table.
 */
import { LIMITS } from '../limits';
import { WhatsAppValidationError } from '../validation';

const PREFIX = 'campaign:';
const CAMPAIGN_ID = /^[A-Za-z0-9_.-]{1,64}$/;

export function checkCampaignId(campaignId: string, field = 'Campaign ID'): string {
	const id = campaignId.trim();
	if (!CAMPAIGN_ID.test(id)) {
		throw new WhatsAppValidationError(
			field,
			`${field} "${id.slice(0, 80)}" must be 1 to 64 letters, digits, dots, dashes or underscores (it is ${id.length} characters long)`,
		);
	}
	return id;
}

/** `campaign:<campaignId>:<recipient digits>` (at most 64 + 15 + 10 characters, well under Meta's 512). */
export function campaignCallbackData(campaignId: string, recipient: string): string {
	const data = `${PREFIX}${campaignId}:${recipient}`;
	if (data.length > LIMITS.bizOpaqueCallbackData) {
		throw new WhatsAppValidationError('Campaign ID', `Callback data is ${data.length} characters long; WhatsApp allows at most ${LIMITS.bizOpaqueCallbackData}`);
	}
	return data;
}

/** The campaign and recipient of a status webhook's `biz_opaque_callback_data`, if it is ours. */
export function parseCampaignCallbackData(data: unknown): { campaignId: string; recipient: string } | undefined {
	if (typeof data !== 'string' || !data.startsWith(PREFIX)) return undefined;
	const rest = data.slice(PREFIX.length);
	const separator = rest.lastIndexOf(':');
	if (separator <= 0) return undefined;
	const campaignId = rest.slice(0, separator);
	const recipient = rest.slice(separator + 1);
	if (!CAMPAIGN_ID.test(campaignId) || !/^\d{8,15}$/.test(recipient)) return undefined;
	return { campaignId, recipient };
}
