/**
 * The business's identity, as Meta's Graph API serves it: Official Business Account (green tick)
 * requests and display name changes, each reviewed after a delay and decided with the webhook
 * Meta documents (docs/green-tick.md lists the sources):
 *
 * - `POST /{pnid}/official_business_account` (the guide's flat body: business_website_url,
 *   primary_country_of_operation, primary_language, supporting_links ≤ 5,
 *   parent_business_or_brand, additional_supporting_information) → `{"success": true}`, status
 *   PENDING; the decision is an `account_alerts` webhook (entity_type PHONE_NUMBER, alert_type
 *   OBA_APPROVED or OBA_REJECTED). Read back with `GET /{pnid}?fields=official_business_account`
 *   (and the reference's `GET /{pnid}/official_business_account`).
 * - `POST /{pnid}?new_display_name=…` → `{"success": true}`, `new_name_status` PENDING_REVIEW;
 *   the decision is a `phone_number_name_update` webhook; an approved name becomes
 *   `verified_name` with `name_status` APPROVED.
 *
 * Choosing the outcome (simulator only): a website URL or display name containing "reject" is
 * rejected; `POST /__sim/identity {phoneNumberId, greenTick|displayName: "APPROVED"|"REJECTED"}`
 * sets the next outcome, or decides a pending review at once with `decideNow: true`. A number
 * Meta would never grant (test number, no two-step PIN, display name not approved, business not
 * verified) is accepted and then rejected, as Meta's review would. A new request within 30 days
 * of a rejection is refused (code 100; Meta documents the rule, not the error, so the code is the
 * simulator's assumption).
 *
 * Like the rest of the simulator, this file imports nothing from the package.
 */
import { GraphError, param100 } from './errors';

export type ReviewOutcome = 'APPROVED' | 'REJECTED';
export type GreenTickState = 'NOT_STARTED' | 'PENDING' | 'APPROVED' | 'REJECTED' | 'CANCELLED';

/** Meta's reference examples of `status_message`. */
const STATUS_MESSAGES: Record<GreenTickState, string | undefined> = {
	NOT_STARTED: undefined,
	PENDING: 'Your Official Business Account application is under review',
	APPROVED: 'Your Official Business Account has been approved',
	REJECTED: 'Your Official Business Account application was rejected. Please review the requirements and reapply.',
	CANCELLED: 'Official Business Account application has been cancelled',
};

/** Two of the alert descriptions Meta's account_alerts reference lists. */
const ALERT_DESCRIPTIONS: Record<ReviewOutcome, string> = {
	APPROVED: "This phone number now has a green badge next to its name showing that it's an authentic and notable business account. Add more details to your business profile to increase customer trust.",
	REJECTED: 'We do not grant official business accounts to individuals. Your display name must be directly associated with your business. Edit the display name and submit a new request.',
};

const REAPPLY_MS = 30 * 86_400_000;
const MAX_SUPPORTING_LINKS = 5;

/** What the identity reviews need from the simulator core. */
export interface IdentityHost {
	now(): number;
	schedule(fn: () => void, ms: number): void;
	businessAccountId(): string;
	/** The number as configured, and whether Meta would consider it at all. */
	phone(id: string): { id: string; display_phone_number: string; verified_name: string; name_status?: string; account_mode?: string; pinEnabled: boolean } | undefined;
	deliver(payload: Record<string, unknown>, meta: { field: string; kind: 'other' }): Promise<unknown>;
}

interface GreenTickRecord {
	status: GreenTickState;
	request?: Record<string, unknown>;
	submittedAt?: number;
	decidedAt?: number;
	granted: boolean;
	/** Why the simulator's review will reject it, decided at submission. */
	plannedOutcome?: ReviewOutcome;
}

interface NameRecord {
	verifiedName?: string;
	nameStatus?: string;
	newDisplayName?: string;
	newNameStatus: string;
	plannedOutcome?: ReviewOutcome;
}

export class IdentityReviews {
	/** `business_verification_status` of the business account (the simulator has always said "verified"). */
	businessVerificationStatus = 'verified';
	private greenTicks = new Map<string, GreenTickRecord>();
	private names = new Map<string, NameRecord>();
	private nextGreenTick = new Map<string, ReviewOutcome>();
	private nextName = new Map<string, ReviewOutcome>();

	constructor(
		private readonly host: IdentityHost,
		/** Delay from request to decision; 'manual' waits for a control call. */
		public reviewDelayMs: number | 'manual' = 200,
	) {}

	reset(): void {
		this.businessVerificationStatus = 'verified';
		this.greenTicks.clear();
		this.names.clear();
		this.nextGreenTick.clear();
		this.nextName.clear();
	}

	private greenTick(id: string): GreenTickRecord {
		let record = this.greenTicks.get(id);
		if (!record) {
			record = { status: 'NOT_STARTED', granted: false };
			this.greenTicks.set(id, record);
		}
		return record;
	}

	private name(id: string): NameRecord {
		let record = this.names.get(id);
		if (!record) {
			record = { newNameStatus: 'NONE' };
			this.names.set(id, record);
		}
		return record;
	}

	/** Fields merged over the phone number object (only those this module changed or owns). */
	phoneFields(id: string, configured: { is_official_business_account?: boolean }): Record<string, unknown> {
		const tick = this.greenTicks.get(id);
		const status: GreenTickState = tick?.status ?? (configured.is_official_business_account ? 'APPROVED' : 'NOT_STARTED');
		const out: Record<string, unknown> = {
			official_business_account: { oba_status: status, ...(STATUS_MESSAGES[status] ? { status_message: STATUS_MESSAGES[status] } : {}) },
			new_name_status: 'NONE',
		};
		if (tick) out.is_official_business_account = tick.granted;
		const name = this.names.get(id);
		if (name) {
			if (name.verifiedName !== undefined) out.verified_name = name.verifiedName;
			if (name.nameStatus !== undefined) out.name_status = name.nameStatus;
			if (name.newDisplayName !== undefined) out.new_display_name = name.newDisplayName;
			out.new_name_status = name.newNameStatus;
		}
		return out;
	}

	/** `GET /{pnid}/official_business_account` (the reference's edge). */
	greenTickEdge(id: string, configured: { is_official_business_account?: boolean }): Record<string, unknown> {
		const oba = this.phoneFields(id, configured).official_business_account as Record<string, unknown>;
		return { id, ...oba };
	}

	/** `POST /{pnid}/official_business_account`. */
	requestGreenTick(id: string, params: Record<string, unknown>, configured: { is_official_business_account?: boolean }): Record<string, unknown> {
		const record = this.greenTick(id);
		// A number configured with the green tick starts out approved.
		if (record.status === 'NOT_STARTED' && configured.is_official_business_account) {
			record.status = 'APPROVED';
			record.granted = true;
		}
		if (record.status === 'APPROVED') throw param100('This phone number is already an Official Business Account.', false);
		if (record.status === 'PENDING') throw param100('An Official Business Account request for this phone number is already under review.', false);
		if (record.status === 'REJECTED' && record.decidedAt !== undefined && this.host.now() - record.decidedAt < REAPPLY_MS) {
			const allowed = new Date(record.decidedAt + REAPPLY_MS).toISOString();
			throw new GraphError({
				code: 100,
				message: `(#100) A new Official Business Account request can be submitted 30 days after a rejection (from ${allowed}).`,
				httpStatus: 400,
				extra: { error_user_title: 'Request not allowed yet', error_user_msg: `You can submit a new request after ${allowed}.` },
			});
		}
		const request = this.validateRequest(params);
		record.status = 'PENDING';
		record.request = request;
		record.submittedAt = this.host.now();
		record.decidedAt = undefined;
		record.plannedOutcome = this.plannedGreenTick(id, request);
		if (this.reviewDelayMs !== 'manual') this.host.schedule(() => void this.decideGreenTick(id), this.reviewDelayMs);
		return { success: true };
	}

	private validateRequest(p: Record<string, unknown>): Record<string, unknown> {
		const url = p.business_website_url;
		if (typeof url !== 'string' || url.trim() === '') throw param100('The parameter business_website_url is required.', false);
		if (!/^https?:\/\/[^\s/]+\.[^\s/]+/i.test(url)) throw param100('Param business_website_url must be a valid URL.', false);
		for (const key of ['primary_country_of_operation', 'primary_language']) {
			if (typeof p[key] !== 'string' || String(p[key]).trim() === '') throw param100(`The parameter ${key} is required.`, false);
		}
		let links: unknown = p.supporting_links;
		if (typeof links === 'string') {
			try {
				links = JSON.parse(links);
			} catch {
				throw param100('Param supporting_links must be an array of URLs.', false);
			}
		}
		if (links !== undefined) {
			if (!Array.isArray(links) || links.some((l) => typeof l !== 'string' || !/^https?:\/\//i.test(l))) throw param100('Param supporting_links must be an array of URLs.', false);
			if (links.length > MAX_SUPPORTING_LINKS) throw param100(`Param supporting_links must contain at most ${MAX_SUPPORTING_LINKS} links.`, false);
		}
		const request: Record<string, unknown> = {};
		for (const key of ['business_website_url', 'primary_country_of_operation', 'primary_language', 'parent_business_or_brand', 'additional_supporting_information']) {
			if (p[key] !== undefined) request[key] = p[key];
		}
		if (links !== undefined) request.supporting_links = links;
		return request;
	}

	/** Meta's review, simulated: forced outcome, then eligibility, then the "reject" marker. */
	private plannedGreenTick(id: string, request: Record<string, unknown>): ReviewOutcome {
		const forced = this.nextGreenTick.get(id);
		if (forced) {
			this.nextGreenTick.delete(id);
			return forced;
		}
		const phone = this.host.phone(id);
		const nameStatus = this.names.get(id)?.nameStatus ?? phone?.name_status ?? 'APPROVED';
		const eligible =
			phone !== undefined &&
			phone.account_mode !== 'SANDBOX' &&
			phone.pinEnabled &&
			nameStatus === 'APPROVED' &&
			this.businessVerificationStatus.toUpperCase() === 'VERIFIED';
		if (!eligible) return 'REJECTED';
		return /reject/i.test(String(request.business_website_url)) ? 'REJECTED' : 'APPROVED';
	}

	/** Decides a pending green tick request and sends the account_alerts webhook. */
	async decideGreenTick(id: string, outcome?: ReviewOutcome): Promise<boolean> {
		const record = this.greenTicks.get(id);
		if (!record || record.status !== 'PENDING') return false;
		const decision = outcome ?? record.plannedOutcome ?? 'APPROVED';
		record.status = decision;
		record.granted = decision === 'APPROVED';
		record.decidedAt = this.host.now();
		const value = {
			entity_type: 'PHONE_NUMBER',
			entity_id: id,
			alert_info: {
				alert_severity: decision === 'APPROVED' ? 'INFORMATIONAL' : 'CRITICAL',
				alert_status: 'ACTIVE',
				alert_type: decision === 'APPROVED' ? 'OBA_APPROVED' : 'OBA_REJECTED',
				alert_description: ALERT_DESCRIPTIONS[decision],
			},
		};
		await this.host.deliver(this.envelope('account_alerts', value), { field: 'account_alerts', kind: 'other' });
		return true;
	}

	/** `POST /{pnid}` with `new_display_name`. */
	requestDisplayName(id: string, value: unknown): Record<string, unknown> {
		if (typeof value !== 'string' || value.trim() === '') throw param100('Param new_display_name must be a non-empty string.', false);
		const record = this.name(id);
		if (record.newNameStatus === 'PENDING_REVIEW') throw param100('A display name change for this phone number is already under review.', false);
		record.newDisplayName = value.trim();
		record.newNameStatus = 'PENDING_REVIEW';
		const forced = this.nextName.get(id);
		this.nextName.delete(id);
		record.plannedOutcome = forced ?? (/reject/i.test(value) ? 'REJECTED' : 'APPROVED');
		if (this.reviewDelayMs !== 'manual') this.host.schedule(() => void this.decideDisplayName(id), this.reviewDelayMs);
		return { success: true };
	}

	/** Decides a pending display name and sends phone_number_name_update. */
	async decideDisplayName(id: string, outcome?: ReviewOutcome, reason = 'NAME_FORMAT_UNACCEPTABLE'): Promise<boolean> {
		const record = this.names.get(id);
		const phone = this.host.phone(id);
		if (!record || record.newNameStatus !== 'PENDING_REVIEW' || !phone) return false;
		const decision = outcome ?? record.plannedOutcome ?? 'APPROVED';
		const requested = record.newDisplayName ?? '';
		if (decision === 'APPROVED') {
			record.verifiedName = requested;
			record.nameStatus = 'APPROVED';
			record.newDisplayName = undefined;
			record.newNameStatus = 'NONE';
		} else {
			record.newNameStatus = 'DECLINED';
		}
		const value = {
			display_phone_number: phone.display_phone_number.replace(/\D/g, ''),
			decision,
			requested_verified_name: requested,
			rejection_reason: decision === 'APPROVED' ? null : reason,
		};
		await this.host.deliver(this.envelope('phone_number_name_update', value), { field: 'phone_number_name_update', kind: 'other' });
		return true;
	}

	/** `POST /__sim/identity`: set the next outcome, or decide a pending review now. */
	async control(body: Record<string, unknown>, defaultPhoneId: string): Promise<Record<string, unknown>> {
		const id = typeof body.phoneNumberId === 'string' ? body.phoneNumberId : defaultPhoneId;
		const outcome = (value: unknown): ReviewOutcome | undefined => (value === 'APPROVED' || value === 'REJECTED' ? value : undefined);
		if (typeof body.businessVerificationStatus === 'string') this.businessVerificationStatus = body.businessVerificationStatus;
		if (typeof body.reviewDelayMs === 'number' || body.reviewDelayMs === 'manual') this.reviewDelayMs = body.reviewDelayMs as number | 'manual';
		const result: Record<string, unknown> = { success: true };
		const tick = outcome(body.greenTick);
		const name = outcome(body.displayName);
		if (body.decideNow === true) {
			if (tick || body.greenTick === undefined) result.greenTickDecided = await this.decideGreenTick(id, tick);
			if (name || body.displayName === undefined) result.displayNameDecided = await this.decideDisplayName(id, name);
		} else {
			if (tick) this.nextGreenTick.set(id, tick);
			if (name) this.nextName.set(id, name);
		}
		return result;
	}

	/** Moves a rejection back in time (tests of the 30-day rule). */
	ageDecision(id: string, days: number): void {
		const record = this.greenTicks.get(id);
		if (record?.decidedAt !== undefined) record.decidedAt -= days * 86_400_000;
	}

	private envelope(field: string, value: Record<string, unknown>): Record<string, unknown> {
		return { object: 'whatsapp_business_account', entry: [{ id: this.host.businessAccountId(), time: Math.floor(this.host.now() / 1000), changes: [{ value, field }] }] };
	}
}
