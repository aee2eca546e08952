/**
 * Business phone numbers (cloud-api-facts §6): which fields to ask for, and a friendly summary of
 * one number's health, with Meta's raw answer kept alongside.
 */

/**
 * Fields requested from `GET /{phone-number-id}` and `GET /{waba-id}/phone_numbers`. Only fields
 * Meta documents: an unknown field makes Graph refuse the whole call (code 100). The deprecated
 * `messaging_limit_tier` is not asked for; `whatsapp_business_manager_messaging_limit` replaces it.
 */
export const PHONE_NUMBER_FIELDS = [
	'id',
	'display_phone_number',
	'verified_name',
	'name_status',
	'quality_rating',
	'whatsapp_business_manager_messaging_limit',
	'throughput',
	'code_verification_status',
	'is_official_business_account',
	'platform_type',
	'status',
	'account_mode',
];

/** Unique customers per 24 h for each messaging-limit tier; `null` for unlimited. */
const TIER_LIMITS: Record<string, number | null> = {
	TIER_50: 50,
	TIER_250: 250,
	TIER_1K: 1000,
	TIER_2K: 2000,
	TIER_10K: 10000,
	TIER_100K: 100000,
	TIER_UNLIMITED: null,
};

export type HealthLevel = 'ok' | 'warning' | 'blocked';

export interface PhoneNumberSummary {
	id: string;
	displayPhoneNumber?: string;
	verifiedName?: string;
	nameStatus?: string;
	qualityRating?: string;
	messagingLimitTier?: string;
	/** Unique customers a day outside a service window; null when unlimited, absent when unknown. */
	messagingLimitPerDay?: number | null;
	throughputLevel?: string;
	codeVerificationStatus?: string;
	/** Whether the number has the Official Business Account badge (green tick). */
	officialBusinessAccount: boolean;
	platformType?: string;
	status?: string;
	accountMode?: string;
	/** `ok`, `warning` (can send, but something needs attention) or `blocked` (cannot send). */
	health: HealthLevel;
	/** One sentence per problem found, empty when healthy. */
	healthIssues: string[];
	raw: Record<string, unknown>;
}

function text(value: unknown): string | undefined {
	return typeof value === 'string' && value !== '' ? value : undefined;
}

/** The problems a flow should know about before sending from this number. */
function healthOf(raw: Record<string, unknown>): { health: HealthLevel; issues: string[] } {
	const blocking: string[] = [];
	const warnings: string[] = [];
	const status = text(raw.status);
	if (status && status !== 'CONNECTED') blocking.push(`Status is ${status}: the number must be CONNECTED to send`);
	const platform = text(raw.platform_type);
	if (platform && platform !== 'CLOUD_API') blocking.push(`Platform is ${platform}: register the number with the Cloud API to send`);
	const quality = text(raw.quality_rating);
	if (quality === 'RED') warnings.push('Quality rating is RED: customers are blocking or reporting messages; sends may be limited');
	if (quality === 'YELLOW') warnings.push('Quality rating is YELLOW: quality is dropping; review recent messages');
	const name = text(raw.name_status);
	if (name === 'DECLINED' || name === 'EXPIRED') blocking.push(`Display name status is ${name}: fix the display name in WhatsApp Manager`);
	if (name === 'PENDING_REVIEW') warnings.push('Display name is pending review');
	const verification = text(raw.code_verification_status);
	if (verification && verification !== 'VERIFIED') warnings.push(`Code verification status is ${verification}`);
	if (text(raw.account_mode) === 'SANDBOX') warnings.push('The number is a test (sandbox) number: it can only message allowed recipients');
	return {
		health: blocking.length > 0 ? 'blocked' : warnings.length > 0 ? 'warning' : 'ok',
		issues: [...blocking, ...warnings],
	};
}

/** Meta's PhoneNumber object in friendly fields; the answer itself stays under `raw`. */
export function summarizePhoneNumber(raw: Record<string, unknown>): PhoneNumberSummary {
	const tier = text(raw.whatsapp_business_manager_messaging_limit) ?? text(raw.messaging_limit_tier);
	const throughput = raw.throughput as { level?: unknown } | undefined;
	const { health, issues } = healthOf(raw);
	const summary: PhoneNumberSummary = {
		id: String(raw.id ?? ''),
		displayPhoneNumber: text(raw.display_phone_number),
		verifiedName: text(raw.verified_name),
		nameStatus: text(raw.name_status),
		qualityRating: text(raw.quality_rating),
		messagingLimitTier: tier,
		throughputLevel: text(throughput?.level),
		codeVerificationStatus: text(raw.code_verification_status),
		officialBusinessAccount: raw.is_official_business_account === true,
		platformType: text(raw.platform_type),
		status: text(raw.status),
		accountMode: text(raw.account_mode),
		health,
		healthIssues: issues,
		raw,
	};
	if (tier !== undefined && tier in TIER_LIMITS) summary.messagingLimitPerDay = TIER_LIMITS[tier];
	// Drop absent fields so the output shows only what Meta told us.
	for (const key of Object.keys(summary) as Array<keyof PhoneNumberSummary>) {
		if (summary[key] === undefined) delete summary[key];
	}
	return summary;
}
