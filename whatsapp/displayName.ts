/**
 * Display names and their review (Meta's "Display names" page and the phone_number_name_update
 * webhook reference; docs/green-tick.md lists the sources):
 *
 * - a change is requested with `POST /{phone-number-id}?new_display_name=…` and answers
 *   `{"success": true}`; the request is then reviewed;
 * - `GET /{phone-number-id}?fields=new_display_name,new_name_status` follows the review; once
 *   approved, `verified_name` and `name_status` show the new name;
 * - the decision arrives as a `phone_number_name_update` webhook: `decision` APPROVED, REJECTED,
 *   DEFERRED or PENDING, `requested_verified_name`, and `rejection_reason` when rejected.
 */
import { charLength, WhatsAppValidationError } from './validation';

export const DISPLAY_NAME_FIELD = 'New Display Name';
/** The package's guard; Meta's guidelines set no number and the review judges the rest. */
export const DISPLAY_NAME_MAX_LENGTH = 256;

/** Fields read to show a display name review. */
export const DISPLAY_NAME_FIELDS = ['id', 'display_phone_number', 'verified_name', 'name_status', 'new_display_name', 'new_name_status'];

/** `rejection_reason` values of phone_number_name_update, in words (Meta's reference). */
export const NAME_REJECTION_REASONS: Record<string, string> = {
	NAME_EMPLOYEE_ISSUE: 'The display name included a person’s name or an employee identifier.',
	NAME_ENDCLIENT_NOTRELATED: 'The display name included the name of an unrelated business.',
	NAME_FORMAT_UNACCEPTABLE: 'The display name used an unacceptable format.',
	NAME_INDIVIDUAL_ISSUE: 'The display name included a person’s name or an employee identifier.',
	NAME_NOT_CONSISTENT: 'The display name was not consistent with the business’s branding.',
	UNKNOWN: 'Rejected for an unknown reason; contact Meta support.',
};

/**
 * The name to request, trimmed; refuses what cannot be a display name before anything is sent.
 * `currentName` is the number's `verified_name`: requesting it again would start a review for nothing.
 */
export function checkNewDisplayName(value: unknown, currentName?: string): string {
	if (typeof value !== 'string' || value.trim() === '') {
		throw new WhatsAppValidationError(DISPLAY_NAME_FIELD, `${DISPLAY_NAME_FIELD} is required: the business name customers should see`);
	}
	const name = value.trim().replace(/[ \t]+/g, ' ');
	if (/[\r\n]/.test(name)) throw new WhatsAppValidationError(DISPLAY_NAME_FIELD, `${DISPLAY_NAME_FIELD} must be one line`);
	const length = charLength(name);
	if (length > DISPLAY_NAME_MAX_LENGTH) {
		throw new WhatsAppValidationError(DISPLAY_NAME_FIELD, `${DISPLAY_NAME_FIELD} is ${length} characters long; the node accepts at most ${DISPLAY_NAME_MAX_LENGTH}`);
	}
	if (currentName !== undefined && name.toLowerCase() === currentName.trim().toLowerCase()) {
		throw new WhatsAppValidationError(DISPLAY_NAME_FIELD, `${DISPLAY_NAME_FIELD} "${name}" is already the number's display name`);
	}
	return name;
}

export interface DisplayNameReview {
	phoneNumberId: string;
	displayPhoneNumber?: string;
	/** The name customers see now. */
	verifiedName?: string;
	/** Its status: APPROVED, AVAILABLE_WITHOUT_REVIEW, DECLINED, EXPIRED, PENDING_REVIEW, NONE. */
	nameStatus?: string;
	/** The requested name, while it is reviewed. */
	newDisplayName?: string;
	/** The review's status (same values as name_status). */
	newNameStatus?: string;
	summary: string;
}

function text(value: unknown): string | undefined {
	return typeof value === 'string' && value !== '' ? value : undefined;
}

export function summarizeDisplayName(raw: Record<string, unknown>): DisplayNameReview {
	const review: DisplayNameReview = {
		phoneNumberId: String(raw.id ?? ''),
		displayPhoneNumber: text(raw.display_phone_number),
		verifiedName: text(raw.verified_name),
		nameStatus: text(raw.name_status),
		newDisplayName: text(raw.new_display_name),
		newNameStatus: text(raw.new_name_status),
		summary: '',
	};
	const pending = review.newNameStatus === 'PENDING_REVIEW';
	if (pending) review.summary = `"${review.newDisplayName ?? ''}" is under review; the decision arrives as a phone_number_name_update webhook.`;
	else if (review.newNameStatus === 'DECLINED') review.summary = `"${review.newDisplayName ?? ''}" was declined; customers still see "${review.verifiedName ?? ''}".`;
	else if (review.nameStatus === 'APPROVED') review.summary = `"${review.verifiedName ?? ''}" is the approved display name.`;
	else review.summary = `The display name "${review.verifiedName ?? ''}" has status ${review.nameStatus ?? 'unknown'}.`;
	for (const key of Object.keys(review) as Array<keyof DisplayNameReview>) {
		if (review[key] === undefined) delete review[key];
	}
	return review;
}
