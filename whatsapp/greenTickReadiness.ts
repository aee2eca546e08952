/**
 * Is this number ready to request the green tick? Meta's eligibility list (docs/green-tick.md)
 * checked against what the Graph API reports, so a flow learns plainly what stands in the way
 * before it applies:
 *
 * - the business portfolio is verified (WABA `business_verification_status`);
 * - two-step verification is on (phone `is_pin_enabled`);
 * - the display name is approved (phone `name_status`), and no name change is under review
 *   (`new_name_status`), since Meta judges the name the request is made for;
 * - not a test number (`account_mode` SANDBOX) nor a WhatsApp Business app number
 *   (`is_on_biz_app`), which Meta never grants; registered on the Cloud API (`platform_type`);
 * - no request under review, no green tick already, and 30 days since a rejection.
 *
 * Meta also requires 30 days on the platform and a notable brand; the first is only estimated
 * from `last_onboarded_time` (a warning), the second no API can tell.
 */
import type { GreenTickStatus } from './greenTick';
import { readGreenTickField, reapplyDate } from './greenTick';

/** Fields read from `GET /{phone-number-id}` for the check (all documented by Meta). */
export const READINESS_PHONE_FIELDS = [
	'id',
	'display_phone_number',
	'verified_name',
	'name_status',
	'new_display_name',
	'new_name_status',
	'code_verification_status',
	'is_official_business_account',
	'official_business_account',
	'account_mode',
	'platform_type',
	'status',
	'is_pin_enabled',
	'is_on_biz_app',
	'last_onboarded_time',
];

/** Fields read from `GET /{waba-id}`. */
export const READINESS_ACCOUNT_FIELDS = ['id', 'name', 'business_verification_status', 'account_review_status'];

export type ReadinessCheckId =
	| 'businessVerification'
	| 'testNumber'
	| 'businessAppNumber'
	| 'cloudApi'
	| 'twoStepVerification'
	| 'displayName'
	| 'displayNameChange'
	| 'codeVerification'
	| 'timeOnPlatform'
	| 'greenTickStatus';

export interface ReadinessCheck {
	check: ReadinessCheckId;
	/** What was checked, in words. */
	label: string;
	/** `pass`, `fail` (stands in the way), `warn` (may stand in the way) or `unknown` (not reported). */
	result: 'pass' | 'fail' | 'warn' | 'unknown';
	/** What the API reported, one sentence. */
	detail: string;
	/** What to do about a fail or warn. */
	action?: string;
}

export interface GreenTickReadiness {
	phoneNumberId: string;
	displayPhoneNumber?: string;
	verifiedName?: string;
	/** True when nothing the API reports stands in the way. Notability is judged by Meta alone. */
	ready: boolean;
	/** The failed checks, one plain sentence each, with what to do. */
	blockers: string[];
	/** Checks that may stand in the way or could not be read. */
	warnings: string[];
	checks: ReadinessCheck[];
	greenTickStatus: GreenTickStatus;
	/** After a rejection whose time is known: when the next request is allowed (ISO). */
	newRequestAllowedFrom?: string;
}

export interface ReadinessInput {
	phone: Record<string, unknown>;
	/** The business account's answer; omit when it could not be read. */
	account?: Record<string, unknown>;
	/** When Meta rejected the last request, if known (the OBA_REJECTED alert's time). */
	rejectedAt?: Date;
	now?: Date;
}

function text(value: unknown): string | undefined {
	return typeof value === 'string' && value !== '' ? value : undefined;
}

export function evaluateGreenTickReadiness(input: ReadinessInput): GreenTickReadiness {
	const { phone, account } = input;
	const now = input.now ?? new Date();
	const checks: ReadinessCheck[] = [];
	const add = (check: ReadinessCheck) => checks.push(check);

	// Business verification (WABA).
	const verification = text(account?.business_verification_status);
	if (verification === undefined) {
		add({ check: 'businessVerification', label: 'Business verification', result: 'unknown', detail: 'The business account did not report business_verification_status.', action: 'Check the business portfolio in Meta Business Suite → Security Center.' });
	} else if (verification.toUpperCase() === 'VERIFIED') {
		add({ check: 'businessVerification', label: 'Business verification', result: 'pass', detail: 'The business portfolio is verified.' });
	} else {
		add({ check: 'businessVerification', label: 'Business verification', result: 'fail', detail: `The business portfolio's verification status is ${verification}.`, action: 'Complete business verification in Meta Business Suite → Security Center, then check again.' });
	}

	// Test numbers and WhatsApp Business app numbers are never granted.
	const mode = text(phone.account_mode);
	if (mode === 'SANDBOX') {
		add({ check: 'testNumber', label: 'Not a test number', result: 'fail', detail: 'The number is a test (sandbox) number.', action: 'Meta never grants the green tick to test numbers: add and register your real business number.' });
	} else if (mode === undefined) {
		add({ check: 'testNumber', label: 'Not a test number', result: 'unknown', detail: 'The number did not report account_mode.' });
	} else {
		add({ check: 'testNumber', label: 'Not a test number', result: 'pass', detail: `Account mode is ${mode}.` });
	}
	if (phone.is_on_biz_app === true) {
		add({ check: 'businessAppNumber', label: 'Not a WhatsApp Business app number', result: 'fail', detail: 'The number is also used in the WhatsApp Business app.', action: 'Meta does not grant the green tick to WhatsApp Business app numbers: use a number that is on the Cloud API only.' });
	} else if (phone.is_on_biz_app === false) {
		add({ check: 'businessAppNumber', label: 'Not a WhatsApp Business app number', result: 'pass', detail: 'The number is not on the WhatsApp Business app.' });
	}
	const platform = text(phone.platform_type);
	if (platform && platform !== 'CLOUD_API') {
		add({ check: 'cloudApi', label: 'Registered on the Cloud API', result: 'fail', detail: `Platform is ${platform}.`, action: 'Register the number with the Cloud API (POST /{phone-number-id}/register) first.' });
	} else if (platform) {
		add({ check: 'cloudApi', label: 'Registered on the Cloud API', result: 'pass', detail: 'The number is on the Cloud API.' });
	}

	// Two-step verification.
	if (phone.is_pin_enabled === true) {
		add({ check: 'twoStepVerification', label: 'Two-step verification', result: 'pass', detail: 'Two-step verification (PIN) is on.' });
	} else if (phone.is_pin_enabled === false) {
		add({ check: 'twoStepVerification', label: 'Two-step verification', result: 'fail', detail: 'Two-step verification is off.', action: 'Set a six-digit PIN for the number in WhatsApp Manager or with POST /{phone-number-id} {"pin": "……"}.' });
	} else {
		add({ check: 'twoStepVerification', label: 'Two-step verification', result: 'unknown', detail: 'The number did not report is_pin_enabled.', action: 'Make sure a two-step verification PIN is set in WhatsApp Manager.' });
	}

	// Display name: approved, and no change under review.
	const name = text(phone.verified_name);
	const nameStatus = text(phone.name_status);
	if (nameStatus === 'APPROVED') {
		add({ check: 'displayName', label: 'Display name approved', result: 'pass', detail: `The display name "${name ?? ''}" is approved.` });
	} else if (nameStatus === 'PENDING_REVIEW') {
		add({ check: 'displayName', label: 'Display name approved', result: 'fail', detail: 'The display name is still under review.', action: 'Wait for the display name decision (the phone_number_name_update webhook), then check again.' });
	} else if (nameStatus === 'DECLINED' || nameStatus === 'EXPIRED') {
		add({ check: 'displayName', label: 'Display name approved', result: 'fail', detail: `The display name status is ${nameStatus}.`, action: 'Request a display name that follows Meta’s display name guidelines (Request Display Name Change), then wait for its approval.' });
	} else if (nameStatus === undefined) {
		add({ check: 'displayName', label: 'Display name approved', result: 'unknown', detail: 'The number did not report name_status.' });
	} else {
		add({ check: 'displayName', label: 'Display name approved', result: 'fail', detail: `The display name status is ${nameStatus}: it has not been approved yet.`, action: 'Meta reviews the display name when the number reaches a higher messaging limit; the green tick needs an approved name.' });
	}
	const newNameStatus = text(phone.new_name_status);
	if (newNameStatus === 'PENDING_REVIEW') {
		add({ check: 'displayNameChange', label: 'No display name change under review', result: 'fail', detail: `A new display name "${text(phone.new_display_name) ?? ''}" is under review.`, action: 'Meta judges the green tick on the display name: wait for the name decision before applying.' });
	}

	const codeStatus = text(phone.code_verification_status);
	if (codeStatus && codeStatus !== 'VERIFIED') {
		add({ check: 'codeVerification', label: 'Number ownership verified', result: 'warn', detail: `Code verification status is ${codeStatus}.`, action: 'Verify the number with a code (request_code, verify_code) in WhatsApp Manager.' });
	}

	const onboarded = text(phone.last_onboarded_time);
	if (onboarded) {
		const since = Date.parse(onboarded.replace(/([+-]\d{2})(\d{2})$/, '$1:$2'));
		if (!Number.isNaN(since) && now.getTime() - since < 30 * 86_400_000) {
			add({ check: 'timeOnPlatform', label: '30 days on the platform', result: 'warn', detail: `The number was onboarded on ${new Date(since).toISOString().slice(0, 10)}.`, action: 'Meta requires the business to have been on the WhatsApp Business Platform for at least 30 days.' });
		}
	}

	// The green tick itself: already granted, under review, or rejected less than 30 days ago.
	const { status } = readGreenTickField(phone);
	let newRequestAllowedFrom: string | undefined;
	if (phone.is_official_business_account === true || status === 'APPROVED') {
		add({ check: 'greenTickStatus', label: 'No green tick yet', result: 'fail', detail: 'The number already has the green tick.', action: 'Nothing to request.' });
	} else if (status === 'PENDING') {
		add({ check: 'greenTickStatus', label: 'No request under review', result: 'fail', detail: 'A green tick request is already under review.', action: 'Wait for Meta’s decision (the OBA_APPROVED or OBA_REJECTED account alert).' });
	} else if (status === 'REJECTED') {
		if (input.rejectedAt && !Number.isNaN(input.rejectedAt.getTime())) {
			const allowed = reapplyDate(input.rejectedAt);
			newRequestAllowedFrom = allowed.toISOString();
			if (allowed.getTime() > now.getTime()) {
				add({ check: 'greenTickStatus', label: '30 days since the last rejection', result: 'fail', detail: `The last request was rejected on ${input.rejectedAt.toISOString().slice(0, 10)}.`, action: `Meta allows a new request from ${newRequestAllowedFrom.slice(0, 10)}.` });
			} else {
				add({ check: 'greenTickStatus', label: '30 days since the last rejection', result: 'pass', detail: `The last request was rejected on ${input.rejectedAt.toISOString().slice(0, 10)}; the 30-day wait is over.` });
			}
		} else {
			add({ check: 'greenTickStatus', label: '30 days since the last rejection', result: 'warn', detail: 'The last request was rejected; the API does not say when.', action: 'Meta allows a new request 30 days after a rejection: set "Rejected At" to the OBA_REJECTED alert’s time to check the date.' });
		}
	} else {
		add({ check: 'greenTickStatus', label: 'No request under review', result: 'pass', detail: `Green tick status is ${status}.` });
	}

	const sentence = (c: ReadinessCheck) => `${c.detail}${c.action ? ` ${c.action}` : ''}`;
	const blockers = checks.filter((c) => c.result === 'fail').map(sentence);
	const warnings = checks.filter((c) => c.result === 'warn' || c.result === 'unknown').map(sentence);
	const readiness: GreenTickReadiness = {
		phoneNumberId: String(phone.id ?? ''),
		displayPhoneNumber: text(phone.display_phone_number),
		verifiedName: name,
		ready: blockers.length === 0,
		blockers,
		warnings,
		checks,
		greenTickStatus: status,
		newRequestAllowedFrom,
	};
	if (readiness.displayPhoneNumber === undefined) delete readiness.displayPhoneNumber;
	if (readiness.verifiedName === undefined) delete readiness.verifiedName;
	if (readiness.newRequestAllowedFrom === undefined) delete readiness.newRequestAllowedFrom;
	return readiness;
}
