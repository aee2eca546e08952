import type { SimulatorHandle } from '../../../simulator';
import { startSimulator } from '../../../simulator';
import { managementCalls, runNode } from './helpers';

const DAY = 86_400_000;
const today = Math.floor(Date.now() / DAY) * DAY;
const start = new Date(today - 3 * DAY).toISOString();
const end = new Date(today).toISOString();
const startSeconds = (today - 3 * DAY) / 1000;

// The first run in a file loads the package into n8n's engine, which takes seconds on a busy machine.
jest.setTimeout(30_000);

describe('Analytics resource (engine + simulator)', () => {
	let sim: SimulatorHandle;

	beforeAll(async () => {
		sim = await startSimulator({ port: 0 });
	});
	afterAll(async () => {
		await sim.stop();
	});
	beforeEach(() => sim.reset());

	it('message analytics: one item per day with ISO times and counts', async () => {
		const { items, result } = await runNode(sim, {
			resource: 'analytics',
			operation: 'getMessages',
			start,
			end,
			granularity: 'DAY',
			filters: { countryCodes: 'US', phoneNumbers: '+1 631-555-0100', productTypes: [0, 2] },
		});
		expect(result.error).toBeUndefined();
		expect(items).toHaveLength(3);
		expect(items[0].json).toMatchObject({ metric: 'messages', start, startTimestamp: startSeconds, end: new Date(today - 2 * DAY).toISOString() });
		expect(typeof items[0].json.sent).toBe('number');
		expect(typeof items[0].json.delivered).toBe('number');
		const [call] = managementCalls(sim, '/102290129340398');
		expect(call.query.fields).toBe(
			`analytics.start(${startSeconds}).end(${today / 1000}).granularity(DAY).phone_numbers(["16315550100"]).country_codes(["US"]).product_types([0,2])`,
		);
	});

	it('pricing analytics: grouped data points with category, volume and cost', async () => {
		const { items } = await runNode(sim, { resource: 'analytics', operation: 'getPricing', start, end, granularity: 'DAY', dimensions: ['PRICING_CATEGORY'] });
		expect(items.length).toBeGreaterThan(0);
		for (const item of items) {
			expect(item.json.metric).toBe('pricing');
			expect(item.json.start).toMatch(/^\d{4}-\d{2}-\d{2}T/);
			expect(item.json).toHaveProperty('pricingCategory');
		}
		expect(managementCalls(sim, '/102290129340398')[0].query.fields).toContain('pricing_analytics.start(');
		expect(managementCalls(sim, '/102290129340398')[0].query.fields).toContain('.granularity(DAILY)');
	});

	it('conversation analytics (legacy) per month', async () => {
		const { items, result } = await runNode(sim, { resource: 'analytics', operation: 'getConversations', start, end, granularity: 'MONTH', dimensions: ['CONVERSATION_CATEGORY'] });
		expect(result.error).toBeUndefined();
		expect(items.length).toBeGreaterThan(0);
		expect(items[0].json).toMatchObject({ metric: 'conversations' });
		expect(items[0].json).toHaveProperty('conversationCategory');
	});

	it('template analytics for two templates: one item per template and day', async () => {
		const ids = sim.templates().slice(0, 2).map((template) => template.id);
		const { items, result } = await runNode(sim, { resource: 'analytics', operation: 'getTemplates', templateIds: ids.join(', '), start, end, granularity: 'DAY' });
		expect(result.error).toBeUndefined();
		expect(items).toHaveLength(6);
		expect(new Set(items.map((item) => item.json.templateId))).toEqual(new Set(ids));
		expect(items[0].json).toMatchObject({ metric: 'templates', start });
		expect(typeof items[0].json.sent).toBe('number');
		const [call] = managementCalls(sim, '/template_analytics');
		expect(call.query).toMatchObject({ granularity: 'DAILY', template_ids: `[${ids.join(',')}]`, start: String(startSeconds) });
	});

	it('template analytics before insights are enabled: Meta’s 200007 as an item error', async () => {
		sim.setOptions({ templateInsightsEnabled: false });
		sim.reset(); // the simulator applies this option on reset
		try {
			const { items } = await runNode(sim, { resource: 'analytics', operation: 'getTemplates', templateIds: '1', start, end, granularity: 'DAY' }, { continueOnFail: true });
			expect(items[0].json).toMatchObject({ code: 200007, details: expect.stringContaining('is_enabled_for_insights') });
		} finally {
			sim.setOptions({ templateInsightsEnabled: true });
			sim.reset();
		}
	});

	it('refuses an end before the start, naming both, without calling Meta', async () => {
		const { result } = await runNode(sim, { resource: 'analytics', operation: 'getMessages', start: end, end: start, granularity: 'DAY' });
		expect(result.error?.message).toBe(`End (${start}) must be after Start (${end})`);
		expect(managementCalls(sim, '/102290129340398')).toHaveLength(0);
	});
});
