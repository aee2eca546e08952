/**
 * Flat fields for the webhooks about a business's identity, so a flow can alert on them without
 * digging into `details`:
 *
 * - `phone_number_name_update` (display name review): `decision` APPROVED / REJECTED / DEFERRED /
 *   PENDING, `requested_verified_name`, `rejection_reason` (Meta's webhook reference);
 * - `account_alerts` about a number's Official Business Account: `alert_type` OBA_APPROVED or
 *   OBA_REJECTED with `entity_type` PHONE_NUMBER and the number's ID in `entity_id` (Meta's
 *   account_alerts reference), and the other alerts' type, severity and description;
 * - `account_review_update`: the business account review's `decision`.
 */
import { NAME_REJECTION_REASONS } from '../displayName';
import { reapplyDate } from '../greenTick';
import type { EventKind, WebhookEvent } from './events';

type IdentityFields = Pick<
	WebhookEvent,
	| 'decision'
	| 'requestedName'
	| 'rejectionReason'
	| 'rejectionReasonText'
	| 'alertType'
	| 'alertSeverity'
	| 'alertStatus'
	| 'alertDescription'
	| 'entityType'
	| 'entityId'
	| 'greenTick'
	| 'newRequestAllowedFrom'
	| 'businessPhoneNumberId'
>;

function str(value: unknown): string | undefined {
	return typeof value === 'string' && value !== '' ? value : undefined;
}

/** The identity fields of one non-message change; empty for other kinds. */
export function identityFields(kind: EventKind, value: Record<string, unknown>, entryTime?: number): Partial<IdentityFields> {
	if (kind === 'phoneNumberName') {
		const reason = str(value.rejection_reason);
		return {
			decision: str(value.decision),
			requestedName: str(value.requested_verified_name),
			rejectionReason: reason,
			rejectionReasonText: reason ? NAME_REJECTION_REASONS[reason] : undefined,
		};
	}
	if (kind === 'accountReview') return { decision: str(value.decision) };
	if (kind !== 'accountAlert') return {};

	const info = (value.alert_info && typeof value.alert_info === 'object' ? value.alert_info : {}) as Record<string, unknown>;
	const entityType = str(value.entity_type);
	const entityId = value.entity_id === undefined || value.entity_id === null ? undefined : String(value.entity_id);
	const alertType = str(info.alert_type);
	const fields: Partial<IdentityFields> = {
		alertType,
		alertSeverity: str(info.alert_severity),
		alertStatus: str(info.alert_status),
		alertDescription: str(info.alert_description),
		entityType,
		entityId,
	};
	if (entityType === 'PHONE_NUMBER' && entityId) fields.businessPhoneNumberId = entityId;
	if (alertType === 'OBA_APPROVED' || alertType === 'OBA_REJECTED') {
		fields.greenTick = alertType === 'OBA_APPROVED' ? 'APPROVED' : 'REJECTED';
		fields.decision = fields.greenTick;
		if (alertType === 'OBA_REJECTED' && entryTime !== undefined) {
			// Meta allows a new request 30 days after the rejection.
			fields.newRequestAllowedFrom = reapplyDate(new Date(entryTime * 1000)).toISOString();
		}
	}
	return fields;
}
