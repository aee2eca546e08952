import { checkNewDisplayName, summarizeDisplayName } from '../../../whatsapp/displayName';
import { buildGreenTickRequest, reapplyDate, resolveCountry, resolveLanguage, summarizeGreenTick } from '../../../whatsapp/greenTick';
import { evaluateGreenTickReadiness } from '../../../whatsapp/greenTickReadiness';
import { WhatsAppValidationError } from '../../../whatsapp/validation';

/** Meta's example request on the "Official business accounts" page, as the node's inputs. */
const luckyShrub = {
	businessWebsiteUrl: 'https://www.luckyshrub.com',
	primaryCountryOfOperation: 'United States of America',
	primaryLanguage: 'English',
	supportingLinks: [
		'https://www.retailreview.com/gardening/2025/lucky-shrub',
		'https://www.faster-company.com/2025/online-nursies-are-making-green-waves',
		'https://www.succulentscene.com/2025/new-online-retailers',
		'https://www.pricklypages.com/2025/succullents/where-to-buy',
		'https://www.spinyliving.com/2025/latest-news',
	],
	parentBusinessOrBrand: 'Lucky Shrub LLC',
	additionalSupportingInformation: 'We are also featured in Planet Succulent and Prickly Digest',
};

/** The field and message of the validation error `run` throws (fails the test when it throws none). */
function fieldOf(run: () => unknown): { field: string; message: string } {
	let caught: unknown;
	try {
		run();
	} catch (error) {
		caught = error;
	}
	expect(caught).toBeInstanceOf(WhatsAppValidationError);
	const error = caught as WhatsAppValidationError;
	return { field: error.field, message: error.message };
}

describe('green tick request body (Meta’s Official business accounts page)', () => {
	it('builds exactly Meta’s example body from the example’s values', () => {
		expect(buildGreenTickRequest(luckyShrub)).toEqual({
			additional_supporting_information: 'We are also featured in Planet Succulent and Prickly Digest',
			business_website_url: 'https://www.luckyshrub.com',
			parent_business_or_brand: 'Lucky Shrub LLC',
			primary_country_of_operation: 'United States of America',
			primary_language: 'English',
			supporting_links: luckyShrub.supportingLinks,
		});
	});

	it('turns ISO codes into the English names Meta’s example sends, and leaves optional fields out', () => {
		expect(buildGreenTickRequest({ businessWebsiteUrl: ' https://shop.example.com/ ', primaryCountryOfOperation: 'br', primaryLanguage: 'pt-BR', supportingLinks: '' })).toEqual({
			business_website_url: 'https://shop.example.com/',
			primary_country_of_operation: 'Brazil',
			primary_language: 'Brazilian Portuguese',
		});
		expect(resolveCountry('Country', 'india')).toBe('India');
		expect(resolveCountry('Country', 'GB')).toBe('United Kingdom');
		expect(resolveLanguage('Language', 'es')).toBe('Spanish');
		expect(resolveLanguage('Language', 'hindi')).toBe('Hindi');
	});

	it('refuses missing required fields, naming each', () => {
		expect(fieldOf(() => buildGreenTickRequest({ ...luckyShrub, businessWebsiteUrl: '' })).field).toBe('Business Website URL');
		expect(fieldOf(() => buildGreenTickRequest({ ...luckyShrub, primaryCountryOfOperation: ' ' })).field).toBe('Primary Country of Operation');
		expect(fieldOf(() => buildGreenTickRequest({ ...luckyShrub, primaryLanguage: undefined })).field).toBe('Primary Language');
	});

	it('refuses a website that is not a public http(s) address', () => {
		for (const url of ['www.luckyshrub.com', 'ftp://luckyshrub.com', 'https://localhost/', 'https://intranet/', `https://example.com/${'a'.repeat(2100)}`]) {
			const { field, message } = fieldOf(() => buildGreenTickRequest({ ...luckyShrub, businessWebsiteUrl: url }));
			expect(field).toBe('Business Website URL');
			expect(message).toMatch(/web address|host name|at most 2048/);
		}
	});

	it('refuses an unknown country or language with what to give instead', () => {
		const country = fieldOf(() => buildGreenTickRequest({ ...luckyShrub, primaryCountryOfOperation: 'Atlantis' }));
		expect(country).toEqual({ field: 'Primary Country of Operation', message: expect.stringContaining('two-letter ISO code') });
		expect(fieldOf(() => buildGreenTickRequest({ ...luckyShrub, primaryCountryOfOperation: 'QQ' })).message).toContain('not an ISO 3166-1 country code');
		expect(fieldOf(() => buildGreenTickRequest({ ...luckyShrub, primaryCountryOfOperation: 'EU' })).field).toBe('Primary Country of Operation');
		expect(fieldOf(() => buildGreenTickRequest({ ...luckyShrub, primaryLanguage: 'Klingonese' })).message).toContain('ISO 639-1 code');
		expect(fieldOf(() => buildGreenTickRequest({ ...luckyShrub, primaryLanguage: 'qq' })).field).toBe('Primary Language');
	});

	it('allows at most five supporting links, each a web address, no repeats', () => {
		const six = [...luckyShrub.supportingLinks, 'https://news.example.com/6'];
		expect(fieldOf(() => buildGreenTickRequest({ ...luckyShrub, supportingLinks: six }))).toEqual({ field: 'Supporting Links', message: 'Supporting Links: 6 given; WhatsApp accepts at most 5' });
		expect(fieldOf(() => buildGreenTickRequest({ ...luckyShrub, supportingLinks: ['https://a.example.com', 'not a link'] })).field).toBe('Supporting Links 2');
		expect(fieldOf(() => buildGreenTickRequest({ ...luckyShrub, supportingLinks: 'https://a.example.com/x, https://A.example.com/x' })).message).toContain('repeats an earlier link');
		expect(buildGreenTickRequest({ ...luckyShrub, supportingLinks: 'https://a.example.com/1\nhttps://b.example.com/2' }).supporting_links).toEqual(['https://a.example.com/1', 'https://b.example.com/2']);
	});

	it('bounds the free-text fields with the package’s guards', () => {
		expect(fieldOf(() => buildGreenTickRequest({ ...luckyShrub, parentBusinessOrBrand: 'x'.repeat(257) })).message).toBe(
			'Parent Business or Brand is 257 characters long; the node accepts at most 256 (Meta publishes no limit)',
		);
		expect(fieldOf(() => buildGreenTickRequest({ ...luckyShrub, additionalSupportingInformation: 'y'.repeat(2001) })).field).toBe('Additional Supporting Information');
	});
});

describe('green tick status', () => {
	const now = new Date('2026-06-20T12:00:00Z');

	it('reads the nested field of the guide and the flat answer of the reference', () => {
		expect(summarizeGreenTick({ official_business_account: { oba_status: 'NOT_STARTED' }, id: '106540352242922' }, { now })).toEqual({
			phoneNumberId: '106540352242922',
			status: 'NOT_STARTED',
			officialBusinessAccount: false,
			canRequest: true,
			summary: 'No green tick request has been made for this number.',
		});
		expect(summarizeGreenTick({ id: '1', oba_status: 'PENDING', status_message: 'Your Official Business Account application is under review' }, { now })).toMatchObject({
			status: 'PENDING',
			statusMessage: 'Your Official Business Account application is under review',
			canRequest: false,
		});
		expect(summarizeGreenTick({ id: '1', is_official_business_account: true, official_business_account: { oba_status: 'APPROVED' } }, { now })).toMatchObject({ officialBusinessAccount: true, canRequest: false });
	});

	it('after a rejection says when a new request is allowed: 30 days later', () => {
		const rejected = { id: '1', official_business_account: { oba_status: 'REJECTED' } };
		const recent = summarizeGreenTick(rejected, { now, rejectedAt: new Date('2026-06-10T08:00:00Z') });
		expect(recent).toMatchObject({ canRequest: false, rejectedAt: '2026-06-10T08:00:00.000Z', newRequestAllowedFrom: '2026-07-10T08:00:00.000Z' });
		expect(recent.summary).toContain('from 2026-07-10');
		const old = summarizeGreenTick(rejected, { now, rejectedAt: new Date('2026-05-01T08:00:00Z') });
		expect(old).toMatchObject({ canRequest: true, newRequestAllowedFrom: '2026-05-31T08:00:00.000Z' });
		const unknown = summarizeGreenTick(rejected, { now });
		expect(unknown.newRequestAllowedFrom).toBeUndefined();
		expect(unknown.summary).toContain('30 days after the rejection');
		expect(reapplyDate(new Date('2026-01-31T00:00:00Z')).toISOString()).toBe('2026-03-02T00:00:00.000Z');
	});
});

describe('green tick readiness', () => {
	const now = new Date('2026-06-20T12:00:00Z');
	const readyPhone = {
		id: '106540352242922',
		display_phone_number: '+1 555-0100',
		verified_name: 'Lucky Shrub',
		name_status: 'APPROVED',
		new_name_status: 'NONE',
		code_verification_status: 'VERIFIED',
		is_official_business_account: false,
		official_business_account: { oba_status: 'NOT_STARTED' },
		account_mode: 'LIVE',
		platform_type: 'CLOUD_API',
		status: 'CONNECTED',
		is_pin_enabled: true,
		is_on_biz_app: false,
		last_onboarded_time: '2025-01-15T10:00:00+0000',
	};
	const verified = { id: '102290129340398', business_verification_status: 'VERIFIED' };

	it('is ready when every reported fact is in order', () => {
		const readiness = evaluateGreenTickReadiness({ phone: readyPhone, account: verified, now });
		expect(readiness).toMatchObject({ phoneNumberId: '106540352242922', verifiedName: 'Lucky Shrub', ready: true, blockers: [], warnings: [], greenTickStatus: 'NOT_STARTED' });
		expect(readiness.checks.every((check) => check.result === 'pass')).toBe(true);
		expect(readiness.checks.map((check) => check.check)).toEqual(['businessVerification', 'testNumber', 'businessAppNumber', 'cloudApi', 'twoStepVerification', 'displayName', 'greenTickStatus']);
	});

	it('says plainly what stands in the way', () => {
		const readiness = evaluateGreenTickReadiness({
			phone: { ...readyPhone, account_mode: 'SANDBOX', is_pin_enabled: false, name_status: 'PENDING_REVIEW' },
			account: { business_verification_status: 'UNVERIFIED' },
			now,
		});
		expect(readiness.ready).toBe(false);
		expect(readiness.blockers).toEqual([
			"The business portfolio's verification status is UNVERIFIED. Complete business verification in Meta Business Suite → Security Center, then check again.",
			'The number is a test (sandbox) number. Meta never grants the green tick to test numbers: add and register your real business number.',
			'Two-step verification is off. Set a six-digit PIN for the number in WhatsApp Manager or with POST /{phone-number-id} {"pin": "……"}.',
			'The display name is still under review. Wait for the display name decision (the phone_number_name_update webhook), then check again.',
		]);
	});

	it('blocks Business app numbers, declined names, a name change under review, a pending request or an existing tick', () => {
		const blocked = (phone: Record<string, unknown>) => evaluateGreenTickReadiness({ phone: { ...readyPhone, ...phone }, account: verified, now });
		expect(blocked({ is_on_biz_app: true }).checks.find((c) => c.check === 'businessAppNumber')?.result).toBe('fail');
		expect(blocked({ name_status: 'DECLINED' }).blockers[0]).toContain('DECLINED');
		expect(blocked({ new_name_status: 'PENDING_REVIEW', new_display_name: 'Lucky Shrub Garden' }).blockers[0]).toContain('"Lucky Shrub Garden" is under review');
		expect(blocked({ official_business_account: { oba_status: 'PENDING' } }).blockers).toEqual(['A green tick request is already under review. Wait for Meta’s decision (the OBA_APPROVED or OBA_REJECTED account alert).']);
		expect(blocked({ is_official_business_account: true }).blockers).toEqual(['The number already has the green tick. Nothing to request.']);
		expect(blocked({ platform_type: 'ON_PREMISE' }).ready).toBe(false);
	});

	it('applies the 30-day wait after a rejection when the rejection time is known, and warns when it is not', () => {
		const phone = { ...readyPhone, official_business_account: { oba_status: 'REJECTED' } };
		const recent = evaluateGreenTickReadiness({ phone, account: verified, now, rejectedAt: new Date('2026-06-01T00:00:00Z') });
		expect(recent.ready).toBe(false);
		expect(recent.newRequestAllowedFrom).toBe('2026-07-01T00:00:00.000Z');
		expect(recent.blockers).toEqual(['The last request was rejected on 2026-06-01. Meta allows a new request from 2026-07-01.']);
		expect(evaluateGreenTickReadiness({ phone, account: verified, now, rejectedAt: new Date('2026-05-01T00:00:00Z') }).ready).toBe(true);
		const unknown = evaluateGreenTickReadiness({ phone, account: verified, now });
		expect(unknown.ready).toBe(true);
		expect(unknown.warnings[0]).toContain('30 days after a rejection');
	});

	it('warns about what it cannot read or what only may matter', () => {
		const noPin: Record<string, unknown> = { ...readyPhone };
		delete noPin.is_pin_enabled;
		const readiness = evaluateGreenTickReadiness({ phone: { ...noPin, code_verification_status: 'NOT_VERIFIED', last_onboarded_time: '2026-06-10T10:00:00+0000' }, now });
		expect(readiness.ready).toBe(true);
		expect(readiness.warnings).toHaveLength(4);
		expect(readiness.checks.filter((c) => c.result !== 'pass').map((c) => c.check)).toEqual(['businessVerification', 'twoStepVerification', 'codeVerification', 'timeOnPlatform']);
		expect(evaluateGreenTickReadiness({ phone: readyPhone, account: { business_verification_status: 'verified' }, now }).ready).toBe(true);
	});
});

describe('display name change', () => {
	it('refuses an empty, multi-line, over-long or unchanged name', () => {
		expect(fieldOf(() => checkNewDisplayName(''))).toEqual({ field: 'New Display Name', message: 'New Display Name is required: the business name customers should see' });
		expect(fieldOf(() => checkNewDisplayName('Lucky\nShrub')).message).toBe('New Display Name must be one line');
		expect(fieldOf(() => checkNewDisplayName('x'.repeat(257))).message).toContain('at most 256');
		expect(fieldOf(() => checkNewDisplayName(' lucky shrub ', 'Lucky Shrub')).message).toBe('New Display Name "lucky shrub" is already the number\'s display name');
		expect(checkNewDisplayName('  Lucky   Shrub Garden ', 'Lucky Shrub')).toBe('Lucky Shrub Garden');
	});

	it('summarises the review from Meta’s documented fields', () => {
		expect(summarizeDisplayName({ new_display_name: 'New Lucky Shrub', new_name_status: 'PENDING_REVIEW', id: '106540352242922', verified_name: 'Lucky Shrub', name_status: 'APPROVED' })).toEqual({
			phoneNumberId: '106540352242922',
			verifiedName: 'Lucky Shrub',
			nameStatus: 'APPROVED',
			newDisplayName: 'New Lucky Shrub',
			newNameStatus: 'PENDING_REVIEW',
			summary: '"New Lucky Shrub" is under review; the decision arrives as a phone_number_name_update webhook.',
		});
	});
});
