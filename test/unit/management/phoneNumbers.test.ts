import { PHONE_NUMBER_FIELDS, summarizePhoneNumber } from '../../../whatsapp/phoneNumbers';

const healthy = {
	verified_name: "Jasper's Market",
	code_verification_status: 'VERIFIED',
	display_phone_number: '+1 631-555-5555',
	quality_rating: 'GREEN',
	platform_type: 'CLOUD_API',
	throughput: { level: 'STANDARD' },
	id: '200000000000002',
	name_status: 'APPROVED',
	status: 'CONNECTED',
	whatsapp_business_manager_messaging_limit: 'TIER_2K',
	is_official_business_account: true,
	account_mode: 'LIVE',
};

describe('phone number summary (facts §6)', () => {
	it('requests only documented fields, not the deprecated messaging_limit_tier', () => {
		expect(PHONE_NUMBER_FIELDS).toContain('is_official_business_account');
		expect(PHONE_NUMBER_FIELDS).toContain('whatsapp_business_manager_messaging_limit');
		expect(PHONE_NUMBER_FIELDS).not.toContain('messaging_limit_tier');
	});

	it('flattens Meta’s object into friendly fields and keeps it raw', () => {
		expect(summarizePhoneNumber(healthy)).toEqual({
			id: '200000000000002',
			displayPhoneNumber: '+1 631-555-5555',
			verifiedName: "Jasper's Market",
			nameStatus: 'APPROVED',
			qualityRating: 'GREEN',
			messagingLimitTier: 'TIER_2K',
			messagingLimitPerDay: 2000,
			throughputLevel: 'STANDARD',
			codeVerificationStatus: 'VERIFIED',
			officialBusinessAccount: true,
			platformType: 'CLOUD_API',
			status: 'CONNECTED',
			accountMode: 'LIVE',
			health: 'ok',
			healthIssues: [],
			raw: healthy,
		});
	});

	it('reports the green tick as false when Meta omits it, and unlimited as null', () => {
		const summary = summarizePhoneNumber({ id: '1', whatsapp_business_manager_messaging_limit: 'TIER_UNLIMITED' });
		expect(summary.officialBusinessAccount).toBe(false);
		expect(summary.messagingLimitPerDay).toBeNull();
		expect(summary).not.toHaveProperty('qualityRating');
	});

	it('falls back to the deprecated messaging_limit_tier when that is all there is', () => {
		expect(summarizePhoneNumber({ id: '1', messaging_limit_tier: 'TIER_1K' })).toMatchObject({ messagingLimitTier: 'TIER_1K', messagingLimitPerDay: 1000 });
	});

	it('warns on yellow or red quality, a pending name and sandbox numbers', () => {
		const summary = summarizePhoneNumber({ ...healthy, quality_rating: 'RED', name_status: 'PENDING_REVIEW', account_mode: 'SANDBOX' });
		expect(summary.health).toBe('warning');
		expect(summary.healthIssues).toHaveLength(3);
		expect(summary.healthIssues[0]).toContain('RED');
	});

	it('marks a number that cannot send as blocked, blockers first', () => {
		const summary = summarizePhoneNumber({ ...healthy, status: 'PENDING', name_status: 'DECLINED', quality_rating: 'YELLOW' });
		expect(summary.health).toBe('blocked');
		expect(summary.healthIssues[0]).toBe('Status is PENDING: the number must be CONNECTED to send');
		expect(summary.healthIssues[1]).toContain('DECLINED');
		expect(summary.healthIssues[2]).toContain('YELLOW');
	});
});
