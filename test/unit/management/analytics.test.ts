import { buildAnalyticsRequest, flattenAnalytics, toUnixSeconds } from '../../../whatsapp/analytics';
import { validationErrorOf } from './helpers';

const NOW = Date.parse('2026-06-30T00:00:00Z');
const start = '2026-06-01T00:00:00Z'; // 1780272000
const end = '2026-06-02T00:00:00Z'; // 1780358400

describe('analytics dates', () => {
	it('reads ISO strings, dates, Luxon-like objects and unix seconds or milliseconds', () => {
		expect(toUnixSeconds('Start', start)).toBe(1780272000);
		expect(toUnixSeconds('Start', new Date(start))).toBe(1780272000);
		expect(toUnixSeconds('Start', { toMillis: () => Date.parse(start) })).toBe(1780272000);
		expect(toUnixSeconds('Start', 1780272000)).toBe(1780272000);
		expect(toUnixSeconds('Start', 1780272000000)).toBe(1780272000);
		expect(toUnixSeconds('Start', '1780272000')).toBe(1780272000);
	});

	it('names the field for a missing or unreadable date', () => {
		expect(validationErrorOf(() => toUnixSeconds('Start', '')).message).toContain('Start is required');
		const error = validationErrorOf(() => toUnixSeconds('End', 'next tuesday'));
		expect(error.field).toBe('End');
		expect(error.message).toContain('"next tuesday" is not a date');
	});
});

describe('analytics requests (facts §8)', () => {
	it('messages: analytics field expansion with DAY granularity and filters', () => {
		expect(
			buildAnalyticsRequest({
				kind: 'messages',
				start,
				end,
				granularity: 'DAY',
				phoneNumbers: '+1 555-000-1111',
				countryCodes: 'us, br',
				productTypes: [0, 2],
				now: NOW,
			}),
		).toEqual({
			edge: '',
			qs: {
				fields:
					'analytics.start(1780272000).end(1780358400).granularity(DAY).phone_numbers(["15550001111"]).country_codes(["US","BR"]).product_types([0,2])',
			},
		});
	});

	it('pricing: DAILY/MONTHLY names and enum filters', () => {
		const request = buildAnalyticsRequest({
			kind: 'pricing',
			start,
			end,
			granularity: 'MONTH',
			dimensions: ['PRICING_CATEGORY', 'COUNTRY'],
			pricingCategories: ['marketing'],
			metricTypes: ['COST'],
			now: NOW,
		});
		expect(request.qs.fields).toBe(
			'pricing_analytics.start(1780272000).end(1780358400).granularity(MONTHLY).metric_types(["COST"]).pricing_categories(["MARKETING"]).dimensions(["PRICING_CATEGORY","COUNTRY"])',
		);
	});

	it('conversations: the legacy metric with its own filters', () => {
		const request = buildAnalyticsRequest({
			kind: 'conversations',
			start,
			end,
			granularity: 'DAY',
			conversationDirections: ['BUSINESS_INITIATED'],
			dimensions: ['CONVERSATION_DIRECTION', 'PHONE'],
			now: NOW,
		});
		expect(request.qs.fields).toBe(
			'conversation_analytics.start(1780272000).end(1780358400).granularity(DAILY).conversation_directions(["BUSINESS_INITIATED"]).dimensions(["CONVERSATION_DIRECTION","PHONE"])',
		);
		expect(validationErrorOf(() => buildAnalyticsRequest({ kind: 'conversations', start, end, granularity: 'DAY', countryCodes: 'US', now: NOW })).field).toBe(
			'Country Codes',
		);
	});

	it('templates: the template_analytics edge with DAILY granularity and IDs', () => {
		expect(
			buildAnalyticsRequest({ kind: 'templates', start, end, granularity: 'DAY', templateIds: '1421988012088524, 954638012257287', metricTypes: ['sent', 'READ'], now: NOW }),
		).toEqual({
			edge: 'template_analytics',
			qs: {
				start: '1780272000',
				end: '1780358400',
				granularity: 'DAILY',
				template_ids: '[1421988012088524,954638012257287]',
				metric_types: '["SENT","READ"]',
			},
		});
	});

	it('templates: 1 to 10 numeric IDs, daily only', () => {
		const ids = Array.from({ length: 11 }, (_, index) => String(1000 + index));
		const tooMany = validationErrorOf(() => buildAnalyticsRequest({ kind: 'templates', start, end, granularity: 'DAY', templateIds: ids, now: NOW }));
		expect(tooMany.field).toBe('Template IDs');
		expect(tooMany.message).toBe('Template IDs: 11 given; WhatsApp allows 1 to 10 per request');
		expect(validationErrorOf(() => buildAnalyticsRequest({ kind: 'templates', start, end, granularity: 'DAY', templateIds: '', now: NOW })).message).toContain('0 given');
		expect(validationErrorOf(() => buildAnalyticsRequest({ kind: 'templates', start, end, granularity: 'DAY', templateIds: 'seasonal_promo', now: NOW })).message).toContain(
			'"seasonal_promo" is not a template ID',
		);
		const hourly = validationErrorOf(() => buildAnalyticsRequest({ kind: 'templates', start, end, granularity: 'HALF_HOUR', templateIds: '1', now: NOW }));
		expect(hourly.field).toBe('Granularity');
		expect(hourly.message).toContain('use DAY');
	});

	it('checks the range and Meta’s lookback window', () => {
		const backwards = validationErrorOf(() => buildAnalyticsRequest({ kind: 'messages', start: end, end: start, granularity: 'DAY', now: NOW }));
		expect(backwards.field).toBe('End');
		expect(backwards.message).toContain('must be after Start');
		const old = validationErrorOf(() => buildAnalyticsRequest({ kind: 'messages', start: '2025-01-01', end, granularity: 'DAY', now: NOW }));
		expect(old.field).toBe('Start');
		expect(old.message).toBe('Start is 545 days ago; WhatsApp keeps analytics for at most 365 days');
		const oldTemplates = validationErrorOf(() =>
			buildAnalyticsRequest({ kind: 'templates', start: '2026-03-01', end, granularity: 'DAY', templateIds: '1', now: NOW }),
		);
		expect(oldTemplates.message).toBe('Start is 121 days ago; WhatsApp keeps template analytics for at most 90 days');
	});

	it('refuses bad filter values, naming them', () => {
		expect(validationErrorOf(() => buildAnalyticsRequest({ kind: 'messages', start, end, granularity: 'DAY', countryCodes: 'USA', now: NOW })).message).toContain('"USA"');
		expect(validationErrorOf(() => buildAnalyticsRequest({ kind: 'messages', start, end, granularity: 'DAY', phoneNumbers: '123', now: NOW })).field).toBe('Phone Numbers');
		expect(validationErrorOf(() => buildAnalyticsRequest({ kind: 'pricing', start, end, granularity: 'DAY', pricingTypes: ['FREE'], now: NOW })).field).toBe('Pricing Types');
		expect(validationErrorOf(() => buildAnalyticsRequest({ kind: 'messages', start, end, granularity: 'DAY', productTypes: [1], now: NOW })).field).toBe('Message Types');
	});
});

describe('analytics answers → one record per data point', () => {
	it('messages', () => {
		const points = flattenAnalytics('messages', {
			analytics: {
				phone_numbers: ['15550001111'],
				country_codes: ['US', 'BR'],
				granularity: 'DAY',
				data_points: [
					{ start: 1543629600, end: 1543716000, sent: 10, delivered: 9 },
					{ start: 1543543200, end: 1543629600, sent: 196093, delivered: 179715 },
				],
			},
			id: '100000000000001',
		});
		expect(points).toEqual([
			{ metric: 'messages', granularity: 'DAY', start: '2018-11-30T02:00:00.000Z', end: '2018-12-01T02:00:00.000Z', startTimestamp: 1543543200, endTimestamp: 1543629600, sent: 196093, delivered: 179715 },
			{ metric: 'messages', granularity: 'DAY', start: '2018-12-01T02:00:00.000Z', end: '2018-12-02T02:00:00.000Z', startTimestamp: 1543629600, endTimestamp: 1543716000, sent: 10, delivered: 9 },
		]);
	});

	it('pricing, with tier and camelCase keys', () => {
		const points = flattenAnalytics('pricing', {
			pricing_analytics: {
				data: [
					{
						data_points: [
							{ start: 1749106800, end: 1749193200, country: 'IN', tier: '0:750000', pricing_type: 'REGULAR', pricing_category: 'AUTHENTICATION_INTERNATIONAL', volume: 2, cost: 4.6 },
							{ start: 1749193200, end: 1749279600, country: 'IN', pricing_type: 'FREE_CUSTOMER_SERVICE', pricing_category: 'SERVICE', volume: 2, cost: 0 },
						],
					},
				],
			},
			id: '100000000000001',
		});
		expect(points).toHaveLength(2);
		expect(points[0]).toEqual({
			metric: 'pricing',
			start: '2025-06-05T07:00:00.000Z',
			end: '2025-06-06T07:00:00.000Z',
			startTimestamp: 1749106800,
			endTimestamp: 1749193200,
			country: 'IN',
			tier: '0:750000',
			pricingType: 'REGULAR',
			pricingCategory: 'AUTHENTICATION_INTERNATIONAL',
			volume: 2,
			cost: 4.6,
		});
		expect(points[1]).not.toHaveProperty('tier');
	});

	it('conversations', () => {
		const [point] = flattenAnalytics('conversations', {
			conversation_analytics: {
				data: [
					{
						data_points: [
							{ start: 1685602800, end: 1688194800, conversation: 1558, phone_number: '15550001111', country: 'US', conversation_type: 'REGULAR', conversation_direction: 'UNKNOWN', conversation_category: 'AUTHENTICATION', cost: 15.58 },
						],
					},
				],
			},
		});
		expect(point).toMatchObject({ metric: 'conversations', conversation: 1558, phoneNumber: '15550001111', conversationCategory: 'AUTHENTICATION', cost: 15.58 });
	});

	it('templates: clicks summed and kept per button, cost list spread into fields', () => {
		const [point] = flattenAnalytics('templates', {
			data: [
				{
					granularity: 'DAILY',
					product_type: 'cloud_api',
					data_points: [
						{
							template_id: '1421988012088524',
							start: 1718064000,
							end: 1718150400,
							sent: 1,
							delivered: 1,
							read: 1,
							clicked: [
								{ type: 'quick_reply_button', button_content: 'Contact Support', count: 108 },
								{ type: 'url_button', button_content: 'Shop', count: 2 },
							],
							cost: [
								{ type: 'amount_spent', value: 0.01 },
								{ type: 'cost_per_delivered', value: 0.01 },
							],
						},
					],
				},
			],
		});
		expect(point).toEqual({
			metric: 'templates',
			granularity: 'DAILY',
			productType: 'cloud_api',
			start: '2024-06-11T00:00:00.000Z',
			end: '2024-06-12T00:00:00.000Z',
			startTimestamp: 1718064000,
			endTimestamp: 1718150400,
			templateId: '1421988012088524',
			sent: 1,
			delivered: 1,
			read: 1,
			clicked: 110,
			clicks: [
				{ type: 'quick_reply_button', buttonContent: 'Contact Support', count: 108 },
				{ type: 'url_button', buttonContent: 'Shop', count: 2 },
			],
			amountSpent: 0.01,
			costPerDelivered: 0.01,
		});
	});

	it('returns no points for empty or missing answers', () => {
		expect(flattenAnalytics('messages', { id: '1' })).toEqual([]);
		expect(flattenAnalytics('pricing', { pricing_analytics: { data: [] } })).toEqual([]);
		expect(flattenAnalytics('templates', undefined)).toEqual([]);
	});
});
