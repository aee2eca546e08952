import type { SimulatorHandle } from '../../simulator';
import { startSimulator } from '../../simulator';
import type { Receiver } from './helpers';
import { api, PNID, startReceiver, verifySignature } from './helpers';

const REQUEST = {
	business_website_url: 'https://www.luckyshrub.com',
	primary_country_of_operation: 'United States of America',
	primary_language: 'English',
	supporting_links: ['https://www.retailreview.com/gardening/2025/lucky-shrub'],
};

describe('simulator: green tick (OBA) and display name reviews', () => {
	let sim: SimulatorHandle;
	let receiver: Receiver;

	beforeAll(async () => {
		receiver = await startReceiver();
		sim = await startSimulator({
			webhookUrl: receiver.url,
			identityReviewDelayMs: 'manual',
			phoneNumbers: [
				{ id: PNID, display_phone_number: '+1 555-0100', verified_name: 'Lucky Shrub', two_step_pin: '123456' },
				{ id: '106540352242923', display_phone_number: '+1 555-0101', verified_name: 'Lucky Shrub Test', account_mode: 'SANDBOX', two_step_pin: '123456' },
			],
		});
	});
	afterAll(async () => {
		await sim.stop();
		await receiver.close();
	});
	beforeEach(() => {
		sim.reset();
		sim.identity.reviewDelayMs = 'manual';
		receiver.received.length = 0;
	});

	const oba = async (id = PNID) => (await api(sim, 'GET', `/v25.0/${id}?fields=official_business_account,is_official_business_account`)).body;

	it('starts NOT_STARTED, goes PENDING on request, then APPROVED with a signed OBA_APPROVED account alert', async () => {
		expect(await oba()).toEqual({ official_business_account: { oba_status: 'NOT_STARTED' }, is_official_business_account: false, id: PNID });
		const posted = await api(sim, 'POST', `/v25.0/${PNID}/official_business_account`, { body: REQUEST });
		expect(posted).toMatchObject({ status: 200, body: { success: true } });
		expect((await oba()).official_business_account).toEqual({ oba_status: 'PENDING', status_message: 'Your Official Business Account application is under review' });
		expect((await api(sim, 'GET', `/v25.0/${PNID}/official_business_account`)).body).toMatchObject({ id: PNID, oba_status: 'PENDING' });

		expect(await sim.identity.decideGreenTick(PNID)).toBe(true);
		const [alert] = await receiver.waitFor((w) => w.json.entry[0].changes[0].field === 'account_alerts');
		expect(verifySignature(alert.rawBody, alert.headers['x-hub-signature-256'])).toBe(true);
		expect(alert.json.entry[0].changes[0].value).toMatchObject({ entity_type: 'PHONE_NUMBER', entity_id: PNID, alert_info: { alert_type: 'OBA_APPROVED', alert_severity: 'INFORMATIONAL' } });
		expect(await oba()).toMatchObject({ official_business_account: { oba_status: 'APPROVED' }, is_official_business_account: true });
		// Approved: nothing more to request.
		expect((await api(sim, 'POST', `/v25.0/${PNID}/official_business_account`, { body: REQUEST })).body.error.code).toBe(100);
	});

	it('rejects a "reject" website, refuses a new request for 30 days, then accepts it', async () => {
		await api(sim, 'POST', `/v25.0/${PNID}/official_business_account`, { body: { ...REQUEST, business_website_url: 'https://reject.example.com' } });
		await sim.identity.decideGreenTick(PNID);
		const [alert] = await receiver.waitFor((w) => w.json.entry[0].changes[0].value.alert_info?.alert_type === 'OBA_REJECTED');
		expect(alert.json.entry[0].changes[0].value.alert_info.alert_severity).toBe('CRITICAL');
		expect((await oba()).official_business_account.oba_status).toBe('REJECTED');
		const again = await api(sim, 'POST', `/v25.0/${PNID}/official_business_account`, { body: REQUEST });
		expect(again.status).toBe(400);
		expect(again.body.error.message).toContain('30 days after a rejection');
		sim.identity.ageDecision(PNID, 31);
		expect((await api(sim, 'POST', `/v25.0/${PNID}/official_business_account`, { body: REQUEST })).body).toEqual({ success: true });
	});

	it('rejects what Meta never grants, checks the body, and lets the control API force an outcome', async () => {
		await api(sim, 'POST', '/v25.0/106540352242923/official_business_account', { body: REQUEST });
		await sim.identity.decideGreenTick('106540352242923');
		expect((await oba('106540352242923')).official_business_account.oba_status).toBe('REJECTED');

		expect((await api(sim, 'POST', `/v25.0/${PNID}/official_business_account`, { body: { ...REQUEST, business_website_url: 'luckyshrub' } })).body.error.message).toContain('business_website_url');
		expect((await api(sim, 'POST', `/v25.0/${PNID}/official_business_account`, { body: { ...REQUEST, supporting_links: Array(6).fill('https://a.example.com') } })).body.error.message).toContain('at most 5');

		expect((await api(sim, 'POST', '/__sim/identity', { body: { greenTick: 'REJECTED' } })).body).toEqual({ success: true });
		await api(sim, 'POST', `/v25.0/${PNID}/official_business_account`, { body: REQUEST });
		expect((await api(sim, 'POST', '/__sim/identity', { body: { decideNow: true } })).body).toMatchObject({ greenTickDecided: true });
		expect((await oba()).official_business_account.oba_status).toBe('REJECTED');
	});

	it('reviews a display name change and sends phone_number_name_update', async () => {
		expect((await api(sim, 'POST', `/v25.0/${PNID}?new_display_name=Lucky%20Shrub%20Garden`)).body).toEqual({ success: true });
		expect((await api(sim, 'GET', `/v25.0/${PNID}?fields=new_display_name,new_name_status`)).body).toEqual({ new_display_name: 'Lucky Shrub Garden', new_name_status: 'PENDING_REVIEW', id: PNID });
		await sim.identity.decideDisplayName(PNID);
		const [update] = await receiver.waitFor((w) => w.json.entry[0].changes[0].field === 'phone_number_name_update');
		expect(update.json.entry[0].changes[0].value).toEqual({ display_phone_number: '15550100', decision: 'APPROVED', requested_verified_name: 'Lucky Shrub Garden', rejection_reason: null });
		expect((await api(sim, 'GET', `/v25.0/${PNID}?fields=verified_name,name_status,new_name_status`)).body).toEqual({ verified_name: 'Lucky Shrub Garden', name_status: 'APPROVED', new_name_status: 'NONE', id: PNID });

		await api(sim, 'POST', `/v25.0/${PNID}?new_display_name=Reject%20Me`);
		await sim.identity.decideDisplayName(PNID);
		const [rejected] = await receiver.waitFor((w) => w.json.entry[0].changes[0].value.decision === 'REJECTED');
		expect(rejected.json.entry[0].changes[0].value.rejection_reason).toBe('NAME_FORMAT_UNACCEPTABLE');
		expect((await api(sim, 'GET', `/v25.0/${PNID}?fields=verified_name,new_display_name,new_name_status`)).body).toEqual({ verified_name: 'Lucky Shrub Garden', new_display_name: 'Reject Me', new_name_status: 'DECLINED', id: PNID });
	});

	it('decides by itself after the configured delay', async () => {
		sim.identity.reviewDelayMs = 30;
		await api(sim, 'POST', `/v25.0/${PNID}/official_business_account`, { body: REQUEST });
		await receiver.waitFor((w) => w.json.entry[0].changes[0].value.alert_info?.alert_type === 'OBA_APPROVED', 1, 3000);
		expect((await oba()).is_official_business_account).toBe(true);
	});
});
