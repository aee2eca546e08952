import { parseWebhook } from '../../../whatsapp/webhooks';
import { filterEvents } from '../../../whatsapp/webhooks/filters';
import { envelope } from './fixtures';

const PHONE_ID = '106540352242922';

/** Meta's account_alerts reference: a number's green tick decision. */
function obaAlert(type: 'OBA_APPROVED' | 'OBA_REJECTED', time = 1781956800) {
	return envelope(
		'account_alerts',
		{
			entity_type: 'PHONE_NUMBER',
			entity_id: PHONE_ID,
			alert_info: {
				alert_severity: type === 'OBA_APPROVED' ? 'INFORMATIONAL' : 'CRITICAL',
				alert_status: 'ACTIVE',
				alert_type: type,
				alert_description:
					type === 'OBA_APPROVED'
						? "This phone number now has a green badge next to its name showing that it's an authentic and notable business account. Add more details to your business profile to increase customer trust."
						: 'We do not grant official business accounts to individuals. Your display name must be directly associated with your business. Edit the display name and submit a new request.',
			},
		},
		time,
	);
}

describe('identity events: green tick decisions and display name reviews', () => {
	it('a green tick approval is a flat item for the number it is about', () => {
		const [event] = parseWebhook(obaAlert('OBA_APPROVED'));
		expect(event).toMatchObject({
			event: 'accountAlert',
			eventName: 'OBA_APPROVED',
			greenTick: 'APPROVED',
			decision: 'APPROVED',
			alertType: 'OBA_APPROVED',
			alertSeverity: 'INFORMATIONAL',
			alertStatus: 'ACTIVE',
			entityType: 'PHONE_NUMBER',
			entityId: PHONE_ID,
			businessPhoneNumberId: PHONE_ID,
			timestamp: '2026-06-20T12:00:00.000Z',
		});
		expect(event.alertDescription).toContain('green badge');
		expect(event.newRequestAllowedFrom).toBeUndefined();
	});

	it('a green tick rejection says when a new request is allowed (30 days after the alert)', () => {
		const [event] = parseWebhook(obaAlert('OBA_REJECTED'));
		expect(event).toMatchObject({ greenTick: 'REJECTED', decision: 'REJECTED', alertSeverity: 'CRITICAL', newRequestAllowedFrom: '2026-07-20T12:00:00.000Z' });
	});

	it('a number-scoped alert follows the trigger’s phone number filter; business-level alerts always pass', () => {
		const business = envelope('account_alerts', { entity_type: 'BUSINESS', entity_id: '506914307656634', alert_info: { alert_severity: 'WARNING', alert_status: 'ACTIVE', alert_type: 'INCREASED_CAPABILITIES_ELIGIBILITY_DEFERRED', alert_description: 'Limits cannot be increased yet.' } });
		const events = [...parseWebhook(obaAlert('OBA_APPROVED')), ...parseWebhook(business)];
		expect(filterEvents(events, { phoneNumberIds: ['999'] }).map((e) => e.alertType)).toEqual(['INCREASED_CAPABILITIES_ELIGIBILITY_DEFERRED']);
		expect(filterEvents(events, { phoneNumberIds: [PHONE_ID] })).toHaveLength(2);
		expect(events[1]).toMatchObject({ entityType: 'BUSINESS', alertSeverity: 'WARNING' });
		expect(events[1].greenTick).toBeUndefined();
	});

	it('a display name decision carries the decision, the requested name and the reason in words', () => {
		const [rejected] = parseWebhook(
			envelope('phone_number_name_update', { display_phone_number: '15550100', decision: 'REJECTED', requested_verified_name: 'Best Plants Cheap', rejection_reason: 'NAME_FORMAT_UNACCEPTABLE' }, 1781956800),
		);
		expect(rejected).toMatchObject({
			event: 'phoneNumberName',
			decision: 'REJECTED',
			requestedName: 'Best Plants Cheap',
			rejectionReason: 'NAME_FORMAT_UNACCEPTABLE',
			rejectionReasonText: 'The display name used an unacceptable format.',
			businessDisplayPhoneNumber: '15550100',
		});
		const [approved] = parseWebhook(envelope('phone_number_name_update', { display_phone_number: '15550100', decision: 'APPROVED', requested_verified_name: 'Lucky Shrub', rejection_reason: null }));
		expect(approved).toMatchObject({ decision: 'APPROVED', requestedName: 'Lucky Shrub' });
		expect(approved.rejectionReason).toBeUndefined();
	});

	it('an account review decision is flat too', () => {
		expect(parseWebhook(envelope('account_review_update', { decision: 'DEFERRED' }))[0]).toMatchObject({ event: 'accountReview', decision: 'DEFERRED' });
	});
});
