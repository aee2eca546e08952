import type { SimulatorHandle, WebhookRecord } from '../../../simulator';
import { startSimulator } from '../../../simulator';
import type { WebhookEvent } from '../../../whatsapp/webhooks';
import { parseWebhook, verifySignature } from '../../../whatsapp/webhooks';
import { managementCalls, runNode } from './helpers';

jest.setTimeout(60_000);

const PNID = '106540352242922';
const NO_PIN = '106540352242923';
const SECRET = 'sim-app-secret';

const REQUEST = {
	resource: 'phoneNumber',
	operation: 'requestGreenTick',
	businessWebsiteUrl: 'https://www.luckyshrub.com',
	primaryCountryOfOperation: 'US',
	primaryLanguage: 'en',
	supportingLinks: ['https://www.retailreview.com/gardening/2025/lucky-shrub', 'https://www.succulentscene.com/2025/new-online-retailers'],
	additionalFields: { parentBusinessOrBrand: 'Lucky Shrub LLC' },
};

/** What the trigger does with a webhook: check its signature over the raw body, then parse it. */
function triggerItems(record: WebhookRecord): WebhookEvent[] {
	expect(verifySignature(Buffer.from(record.rawBody), record.signature, SECRET)).toEqual({ ok: true });
	return parseWebhook(JSON.parse(record.rawBody));
}

function obaPosts(sim: SimulatorHandle) {
	return managementCalls(sim, '/official_business_account').filter((request) => request.method === 'POST');
}

describe('Green tick and display name (engine + simulator)', () => {
	let sim: SimulatorHandle;

	beforeAll(async () => {
		sim = await startSimulator({
			port: 0,
			identityReviewDelayMs: 50,
			phoneNumbers: [
				{ id: PNID, display_phone_number: '+1 555-0100', verified_name: 'Lucky Shrub', two_step_pin: '123456' },
				{ id: NO_PIN, display_phone_number: '+1 555-0101', verified_name: 'Lucky Shrub Support', name_status: 'PENDING_REVIEW' },
			],
		});
	});
	afterAll(async () => {
		await sim.stop();
	});
	beforeEach(() => sim.reset());

	it('refuses missing or invalid fields before sending, naming the field', async () => {
		const cases: Array<[Record<string, unknown>, string, RegExp]> = [
			// An expression that comes out empty (an empty literal is caught by n8n before the run).
			[{ businessWebsiteUrl: '={{ "" }}' }, 'Business Website URL', /is required/],
			[{ businessWebsiteUrl: 'luckyshrub.com' }, 'Business Website URL', /not a web address/],
			[{ primaryCountryOfOperation: 'Narnia' }, 'Primary Country of Operation', /not a country/],
			[{ primaryLanguage: 'zz' }, 'Primary Language', /ISO 639-1/],
			[{ supportingLinks: Array.from({ length: 6 }, (_, i) => `https://news${i}.example.com/a`) }, 'Supporting Links', /6 given; WhatsApp accepts at most 5/],
			[{ supportingLinks: ['https://a.example.com/1', 'see our instagram'] }, 'Supporting Links 2', /not a web address/],
		];
		for (const [change, field, message] of cases) {
			const { items } = await runNode(sim, { ...REQUEST, ...change }, { continueOnFail: true });
			expect(items[0].json).toMatchObject({ field, category: 'validation', error: expect.stringMatching(message) });
		}
		// Without Continue On Fail the run stops with the field in the message.
		const { result } = await runNode(sim, { ...REQUEST, primaryLanguage: '={{ $json.language }}' });
		expect(result.error?.message).toBe('Primary Language is required: an ISO 639-1 code (e.g. en) or the English language name');
		expect(sim.requests).toHaveLength(0);
	});

	it('says what stands in the way and does not apply for a number that is not ready', async () => {
		const check = await runNode(sim, { resource: 'phoneNumber', operation: 'checkGreenTickReadiness', phoneNumberId: { __rl: true, mode: 'id', value: NO_PIN } });
		expect(check.items[0].json).toMatchObject({ phoneNumberId: NO_PIN, ready: false, greenTickStatus: 'NOT_STARTED' });
		expect(check.items[0].json.blockers).toEqual([
			'Two-step verification is off. Set a six-digit PIN for the number in WhatsApp Manager or with POST /{phone-number-id} {"pin": "……"}.',
			'The display name is still under review. Wait for the display name decision (the phone_number_name_update webhook), then check again.',
		]);

		const { items } = await runNode(sim, { ...REQUEST, phoneNumberId: { __rl: true, mode: 'id', value: NO_PIN } }, { continueOnFail: true });
		expect(items[0].json.error).toBe('The number is not ready for the green tick: Two-step verification is off. Set a six-digit PIN for the number in WhatsApp Manager or with POST /{phone-number-id} {"pin": "……"}.');
		expect(items[0].json.hint).toContain('2 things stand in the way; nothing was sent to Meta');
		expect(obaPosts(sim)).toHaveLength(0);

		// Business verification is read from the business account.
		await fetch(`${sim.url}/__sim/identity`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ businessVerificationStatus: 'PENDING' }) });
		const unverified = await runNode(sim, { resource: 'phoneNumber', operation: 'checkGreenTickReadiness' });
		expect(unverified.items[0].json).toMatchObject({ ready: false, blockers: ["The business portfolio's verification status is PENDING. Complete business verification in Meta Business Suite → Security Center, then check again."] });
	});

	it('a valid request goes pending → approved; the status operation and the trigger item show it', async () => {
		// Decided by the test, so the pending state can be read however slow the machine is.
		sim.identity.reviewDelayMs = 'manual';
		const ready = await runNode(sim, { resource: 'phoneNumber', operation: 'checkGreenTickReadiness' });
		expect(ready.items[0].json).toMatchObject({ ready: true, blockers: [], verifiedName: 'Lucky Shrub' });

		const requested = await runNode(sim, REQUEST);
		expect(requested.items[0].json).toEqual({
			success: true,
			phoneNumberId: PNID,
			status: 'PENDING',
			statusMessage: 'Your Official Business Account application is under review',
			submitted: {
				business_website_url: 'https://www.luckyshrub.com',
				primary_country_of_operation: 'United States',
				primary_language: 'English',
				supporting_links: REQUEST.supportingLinks,
				parent_business_or_brand: 'Lucky Shrub LLC',
			},
			warnings: [],
		});
		const [post] = obaPosts(sim);
		expect(post.body).toEqual(requested.items[0].json.submitted);

		const pending = await runNode(sim, { resource: 'phoneNumber', operation: 'getGreenTickStatus' });
		expect(pending.items[0].json).toMatchObject({ status: 'PENDING', officialBusinessAccount: false, canRequest: false });

		expect(await sim.identity.decideGreenTick(PNID)).toBe(true);
		const alert = await sim.waitForWebhook((w) => w.field === 'account_alerts');
		const [item] = triggerItems(alert);
		expect(item).toMatchObject({ event: 'accountAlert', greenTick: 'APPROVED', alertType: 'OBA_APPROVED', businessPhoneNumberId: PNID, entityType: 'PHONE_NUMBER' });

		const approved = await runNode(sim, { resource: 'phoneNumber', operation: 'getGreenTickStatus' });
		expect(approved.items[0].json).toMatchObject({
			phoneNumberId: PNID,
			status: 'APPROVED',
			statusMessage: 'Your Official Business Account has been approved',
			officialBusinessAccount: true,
			canRequest: false,
			summary: 'The number has the green tick (Official Business Account).',
			displayName: { nameStatus: 'APPROVED', newNameStatus: 'NONE' },
		});
		const get = await runNode(sim, { resource: 'phoneNumber', operation: 'get' });
		expect(get.items[0].json.officialBusinessAccount).toBe(true);
	});

	it('a rejected request shows when a new one is allowed, and the next request waits for it', async () => {
		await runNode(sim, { ...REQUEST, businessWebsiteUrl: 'https://reject.luckyshrub.com' });
		const alert = await sim.waitForWebhook((w) => w.field === 'account_alerts');
		const [item] = triggerItems(alert);
		expect(item).toMatchObject({ greenTick: 'REJECTED', alertSeverity: 'CRITICAL' });
		const rejectedAt = new Date(String(item.timestamp));
		const allowed = new Date(rejectedAt.getTime() + 30 * 86_400_000).toISOString();
		expect(item.newRequestAllowedFrom).toBe(allowed);

		const status = await runNode(sim, { resource: 'phoneNumber', operation: 'getGreenTickStatus', options: { rejectedAt: item.timestamp } });
		expect(status.items[0].json).toMatchObject({ status: 'REJECTED', canRequest: false, newRequestAllowedFrom: allowed, rejectedAt: rejectedAt.toISOString() });
		expect(status.items[0].json.summary).toContain(`Meta allows a new request from ${allowed.slice(0, 10)}`);

		// With the rejection time, the readiness check stops the request before Meta does.
		const again = await runNode(sim, { ...REQUEST, additionalFields: { rejectedAt: item.timestamp } }, { continueOnFail: true });
		expect(again.items[0].json.error).toBe(`The number is not ready for the green tick: The last request was rejected on ${rejectedAt.toISOString().slice(0, 10)}. Meta allows a new request from ${allowed.slice(0, 10)}.`);
		expect(obaPosts(sim)).toHaveLength(1);
		// Without it, the check only warns, and Meta's refusal comes back as a Graph error item.
		const unaware = await runNode(sim, REQUEST, { continueOnFail: true });
		expect(unaware.items[0].json).toMatchObject({ code: 100, error: expect.stringContaining('30 days after a rejection') });
	});

	it('requests a display name change and follows its review to the trigger item', async () => {
		const { items } = await runNode(sim, { resource: 'phoneNumber', operation: 'requestDisplayNameChange', newDisplayName: '  Lucky Shrub Garden ' });
		expect(items[0].json).toMatchObject({
			success: true,
			requestedName: 'Lucky Shrub Garden',
			previousName: 'Lucky Shrub',
			verifiedName: 'Lucky Shrub',
			newDisplayName: 'Lucky Shrub Garden',
			newNameStatus: 'PENDING_REVIEW',
		});
		expect(managementCalls(sim, `/${PNID}`).find((r) => r.method === 'POST')?.query).toMatchObject({ new_display_name: 'Lucky Shrub Garden' });

		const update = await sim.waitForWebhook((w) => w.field === 'phone_number_name_update');
		expect(triggerItems(update)[0]).toMatchObject({ event: 'phoneNumberName', decision: 'APPROVED', requestedName: 'Lucky Shrub Garden' });
		const status = await runNode(sim, { resource: 'phoneNumber', operation: 'getGreenTickStatus' });
		expect(status.items[0].json).toMatchObject({ verifiedName: 'Lucky Shrub Garden', displayName: { nameStatus: 'APPROVED' } });

		// The same name again is refused before sending.
		const same = await runNode(sim, { resource: 'phoneNumber', operation: 'requestDisplayNameChange', newDisplayName: 'lucky shrub garden' }, { continueOnFail: true });
		expect(same.items[0].json).toMatchObject({ field: 'New Display Name', error: 'New Display Name "lucky shrub garden" is already the number\'s display name' });
	});
});
