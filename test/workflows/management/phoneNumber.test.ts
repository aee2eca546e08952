import type { SimulatorHandle } from '../../../simulator';
import { startSimulator } from '../../../simulator';
import { managementCalls, runNode } from './helpers';

// The first run in a file loads the package into n8n's engine, which takes seconds on a busy machine.
jest.setTimeout(30_000);

describe('Phone Number resource (engine + simulator)', () => {
	let sim: SimulatorHandle;

	beforeAll(async () => {
		sim = await startSimulator({
			port: 0,
			phoneNumbers: [
				{ id: '106540352242922', display_phone_number: '+1 555-0100', verified_name: 'Lucky Shrub', is_official_business_account: true, whatsapp_business_manager_messaging_limit: 'TIER_10K' },
				{ id: '106540352242923', display_phone_number: '+1 555-0101', verified_name: 'Lucky Shrub Support', quality_rating: 'RED', status: 'FLAGGED' },
			],
		});
	});
	afterAll(async () => {
		await sim.stop();
	});
	beforeEach(() => sim.reset());

	it('gets the credential’s default number with friendly health fields, the green tick and the raw answer', async () => {
		const { items } = await runNode(sim, { resource: 'phoneNumber', operation: 'get' });
		expect(items).toHaveLength(1);
		expect(items[0].json).toMatchObject({
			id: '106540352242922',
			displayPhoneNumber: '+1 555-0100',
			verifiedName: 'Lucky Shrub',
			nameStatus: 'APPROVED',
			qualityRating: 'GREEN',
			messagingLimitTier: 'TIER_10K',
			messagingLimitPerDay: 10000,
			throughputLevel: 'STANDARD',
			codeVerificationStatus: 'VERIFIED',
			officialBusinessAccount: true,
			platformType: 'CLOUD_API',
			status: 'CONNECTED',
			accountMode: 'LIVE',
			health: 'ok',
			healthIssues: [],
		});
		expect((items[0].json.raw as Record<string, unknown>).is_official_business_account).toBe(true);
		const [call] = managementCalls(sim, '/106540352242922');
		expect(call.query.fields).toContain('is_official_business_account');
	});

	it('gets a number picked by ID and reports its problems', async () => {
		const { items } = await runNode(sim, { resource: 'phoneNumber', operation: 'get', phoneNumberId: { __rl: true, mode: 'id', value: '106540352242923' } });
		expect(items[0].json).toMatchObject({ id: '106540352242923', officialBusinessAccount: false, health: 'blocked', status: 'FLAGGED' });
		expect(items[0].json.healthIssues).toEqual([
			'Status is FLAGGED: the number must be CONNECTED to send',
			'Quality rating is RED: customers are blocking or reporting messages; sends may be limited',
		]);
	});

	it('lists the account’s numbers, all or up to a limit', async () => {
		const all = await runNode(sim, { resource: 'phoneNumber', operation: 'getAll', returnAll: true });
		expect(all.items.map((item) => item.json.id)).toEqual(['106540352242922', '106540352242923']);
		expect(all.items[0].pairedItem).toEqual({ item: 0 });
		const one = await runNode(sim, { resource: 'phoneNumber', operation: 'getAll', returnAll: false, limit: 1 });
		expect(one.items).toHaveLength(1);
		expect(managementCalls(sim, '/102290129340398/phone_numbers').at(-1)?.query.limit).toBe('1');
	});

	it('turns an unknown number into an item error with Meta code 100 under Continue On Fail', async () => {
		const { items } = await runNode(sim, { resource: 'phoneNumber', operation: 'get', phoneNumberId: { __rl: true, mode: 'id', value: '999999999999999' } }, { continueOnFail: true });
		expect(items[0].json).toMatchObject({ code: 100, errorSubcode: 33, category: 'invalidRequest' });
		expect(items[0].json.hint).toContain('ID does not exist');
	});
});
