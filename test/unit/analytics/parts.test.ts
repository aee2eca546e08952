import { barChart, funnelChart, niceStep, periodText, responseChart } from '../../../whatsapp/analytics/chart';
import { compareWithMeta } from '../../../whatsapp/analytics/compare';
import { parseRateTable, priceFor } from '../../../whatsapp/analytics/cost';
import { foldConversations, foldMessages } from '../../../whatsapp/analytics/fold';
import { htmlReport } from '../../../whatsapp/analytics/html';
import { conversationRow, isBillable, rowsFromItem } from '../../../whatsapp/analytics/log';
import type { AnalyticsDataPoint } from '../../../whatsapp/analytics/metaQuery';
import { buildReport, summarizeGroup } from '../../../whatsapp/analytics/report';
import { percentile, rate, summarize } from '../../../whatsapp/analytics/stats';
import { businessSeconds, checkTimeZone, dayKey, daysBetween, parseWeeklyHours } from '../../../whatsapp/analytics/time';
import { WhatsAppValidationError } from '../../../whatsapp/validation';
import { echoItems, inboundItems, optOutItems, statusItems, trafficRows } from './traffic';

const NOW = Date.parse('2026-03-28T12:00:00Z');

describe('percentile and summaries', () => {
	it('interpolates between closest ranks', () => {
		const values = [10, 1, 9, 2, 8, 3, 7, 4, 6, 5];
		expect(percentile(values, 50)).toBe(5.5);
		expect(percentile(values, 90)).toBeCloseTo(9.1, 10);
		expect(percentile(values, 0)).toBe(1);
		expect(percentile(values, 100)).toBe(10);
		expect(percentile([42], 90)).toBe(42);
		expect(percentile([], 50)).toBeUndefined();
		expect(() => percentile([1], 120)).toThrow(RangeError);
	});

	it('summaries carry the count they are based on', () => {
		expect(summarize([])).toEqual({ count: 0, medianSeconds: null, p90Seconds: null, averageSeconds: null });
		expect(summarize([60, 120, 600])).toEqual({ count: 3, medianSeconds: 120, p90Seconds: 504, averageSeconds: 260 });
		expect(rate(1, 3)).toBe(0.3333);
		expect(rate(1, 0)).toBeNull();
	});
});

describe('days and business hours', () => {
	it('buckets days in the time zone, 23 h long on the spring DST change', () => {
		expect(dayKey(Date.parse('2026-03-29T21:59:59Z'), 'Europe/Berlin')).toBe('2026-03-29');
		expect(dayKey(Date.parse('2026-03-29T22:00:00Z'), 'Europe/Berlin')).toBe('2026-03-30');
		expect(dayKey(Date.parse('2026-03-28T22:59:59Z'), 'Europe/Berlin')).toBe('2026-03-28');
		expect(dayKey(Date.parse('2026-03-28T23:00:00Z'), 'Europe/Berlin')).toBe('2026-03-29');
		// Autumn: 25 h day in New York on 2026-11-01.
		expect(dayKey(Date.parse('2026-11-02T04:59:00Z'), 'America/New_York')).toBe('2026-11-01');
		expect(daysBetween(Date.parse('2026-03-27T23:00:00Z'), Date.parse('2026-03-30T22:00:00Z'), 'Europe/Berlin')).toEqual(['2026-03-28', '2026-03-29', '2026-03-30']);
	});

	it('parses weekly hours: ranges, several per day, overnight', () => {
		const hours = parseWeeklyHours('Mon-Fri 09:00-12:00 13:00-17:00; Sat 22:00-02:00');
		expect(hours[1]).toEqual([
			[540, 720],
			[780, 1020],
		]);
		expect(hours[6]).toEqual([[1320, 1440]]);
		expect(hours[7]).toEqual([[0, 120]]);
		expect(parseWeeklyHours('Fri-Mon 10:00-11:00')[7]).toEqual([[600, 660]]);
		expect(() => parseWeeklyHours('Funday 09:00-17:00')).toThrow(WhatsAppValidationError);
		expect(() => parseWeeklyHours('Mon 9-17')).toThrow(/not a range|not a time/);
		expect(() => parseWeeklyHours('Mon 09:00-25:00')).toThrow(/not a time/);
		expect(() => parseWeeklyHours('')).toThrow(/empty/);
		expect(() => checkTimeZone('Mars/Olympus')).toThrow(/IANA/);
		expect(checkTimeZone('')).toBe('UTC');
	});

	it('counts business seconds over weekends, edges and DST', () => {
		const weekdays = parseWeeklyHours('Mon-Fri 09:00-17:00');
		const berlin = 'Europe/Berlin';
		// Friday 16:30 → Monday 09:30 (CET): 30 min + 30 min.
		expect(businessSeconds(Date.parse('2026-03-20T15:30:00Z'), Date.parse('2026-03-23T08:30:00Z'), weekdays, berlin)).toBe(3600);
		// Exactly at opening and closing.
		expect(businessSeconds(Date.parse('2026-03-23T08:00:00Z'), Date.parse('2026-03-23T16:00:00Z'), weekdays, berlin)).toBe(8 * 3600);
		// Before opening to just before opening: nothing; a message at closing time: nothing.
		expect(businessSeconds(Date.parse('2026-03-23T05:00:00Z'), Date.parse('2026-03-23T07:59:59Z'), weekdays, berlin)).toBe(0);
		expect(businessSeconds(Date.parse('2026-03-23T16:00:00Z'), Date.parse('2026-03-23T18:00:00Z'), weekdays, berlin)).toBe(0);
		// Friday 09:00 CET to Monday 09:00 CEST across the DST change: the 8 Friday hours.
		expect(businessSeconds(Date.parse('2026-03-27T08:00:00Z'), Date.parse('2026-03-30T07:00:00Z'), weekdays, berlin)).toBe(8 * 3600);
		// Open all Sunday: the DST Sunday has 23 hours.
		const sunday = parseWeeklyHours('Sun 00:00-24:00');
		expect(businessSeconds(Date.parse('2026-03-28T12:00:00Z'), Date.parse('2026-03-30T12:00:00Z'), sunday, berlin)).toBe(23 * 3600);
		// Overnight shift Sat 22:00 → Sun 02:00 local, 4 h in a normal week.
		expect(businessSeconds(Date.parse('2026-03-14T12:00:00Z'), Date.parse('2026-03-16T12:00:00Z'), parseWeeklyHours('Sat 22:00-02:00'), berlin)).toBe(4 * 3600);
		expect(businessSeconds(10, 5, weekdays, berlin)).toBe(0);
	});
});

describe('log rows from items', () => {
	it('a status with pricing and campaign callback data', () => {
		const [json] = statusItems({
			wamid: 'wamid.X',
			status: 'delivered',
			recipientId: '4915100000001',
			bizOpaqueCallbackData: 'campaign:spring:4915100000001',
			pricing: { billable: true, pricing_model: 'PMP', type: 'regular', category: 'marketing' },
			time: '2026-03-28T09:00:00Z',
		});
		expect(rowsFromItem(json, { now: NOW })).toEqual({
			rows: [
				expect.objectContaining({
					key: 'wamid.X|delivered',
					kind: 'delivered',
					at: Date.parse('2026-03-28T09:00:00Z'),
					customer: '4915100000001',
					phoneNumberId: '106540352242922',
					campaignId: 'spring',
					category: 'marketing',
					pricingType: 'regular',
					billable: true,
					errorCode: 0,
				}),
			],
		});
	});

	it('a failed status keeps Meta code and title', () => {
		const [json] = statusItems({ wamid: 'wamid.F', status: 'failed', recipientId: '1555', time: '2026-03-28T09:00:00Z', errors: [{ code: 131026, details: 'x', title: 'Message undeliverable' }] });
		expect(rowsFromItem(json, { now: NOW }).rows[0]).toMatchObject({ kind: 'failed', errorCode: 131026, errorTitle: 'Message undeliverable' });
	});

	it('inbound, echo, opt-out, send results, resolutions; and what is ignored', () => {
		expect(rowsFromItem(inboundItems('4915100000001', '2026-03-28T10:00:00Z')[0], { now: NOW }).rows[0]).toMatchObject({ kind: 'inbound', customer: '4915100000001', at: Date.parse('2026-03-28T10:00:00Z'), messageType: 'text' });
		expect(rowsFromItem(echoItems('4915100000001', '2026-03-28T10:00:00Z', 'wamid.E')[0], { now: NOW, agent: 'carol' }).rows[0]).toMatchObject({ key: 'wamid.E|echo', kind: 'echo', agent: 'carol', customer: '4915100000001' });
		expect(rowsFromItem(optOutItems('5511900000001', '2026-03-29T09:00:00Z')[0], { now: NOW }).rows[0]).toMatchObject({ kind: 'optOut', customer: '5511900000001' });
		expect(rowsFromItem({ messageId: 'wamid.S', status: 'accepted', recipient: '+49 151', waId: '49151', phoneNumberId: 'P' }, { now: NOW, agent: 'alice', templateName: 'hello' }).rows[0]).toMatchObject({
			key: 'wamid.S|accepted',
			at: NOW,
			agent: 'alice',
			templateName: 'hello',
			messageType: 'template',
			customer: '49151',
		});
		expect(rowsFromItem({ campaignId: 'c', recipient: '15551234567', status: 'skipped', reason: 'optedOut' }, { now: NOW })).toEqual({ rows: [], ignored: 'campaign result "skipped" was not sent' });
		expect(rowsFromItem({ summary: true, campaignId: 'c' }, { now: NOW })).toEqual({ rows: [], ignored: 'campaign summary item' });
		expect(rowsFromItem({ event: 'templateStatus' }, { now: NOW })).toMatchObject({ rows: [], ignored: expect.stringContaining('templateStatus') });
		expect(rowsFromItem({ hello: 'world' }, { now: NOW })).toMatchObject({ rows: [], ignored: expect.stringContaining('not a trigger event') });
		expect(conversationRow('resolved', { customer: '+49 151 0', phoneNumberId: 'P', at: '2026-03-28T10:00:00Z', agent: 'a' }, NOW)).toMatchObject({
			key: `resolved:P:491510:${Date.parse('2026-03-28T10:00:00Z')}`,
			customer: '491510',
		});
		expect(isBillable({ type: 'free_entry_point', billable: true })).toBe(false);
		expect(isBillable({ billable: true })).toBe(true);
	});
});

describe('rate table', () => {
	it('parses, checks, and picks the longest calling code', () => {
		const table = parseRateTable({ Marketing: { '*': 0.03, '+55': '0.0625', '1': 0.025, '1242': 0.05 }, utility: 0.004 });
		expect(priceFor(table, 'marketing', '5511999')).toBe(0.0625);
		expect(priceFor(table, 'marketing', '12425551234')).toBe(0.05);
		expect(priceFor(table, 'marketing', '15551234')).toBe(0.025);
		expect(priceFor(table, 'marketing', '4915100')).toBe(0.03);
		expect(priceFor(table, 'utility', '4915100')).toBe(0.004);
		expect(priceFor(table, 'authentication', '4915100')).toBeUndefined();
		expect(parseRateTable('')).toEqual({});
		expect(() => parseRateTable('{oops')).toThrow(/not valid JSON/);
		expect(() => parseRateTable('{"marketing": {"BR": 1}}')).toThrow(/calling code/);
		expect(() => parseRateTable('{"marketing": {"*": -1}}')).toThrow(/use a number/);
		expect(() => parseRateTable('[1]')).toThrow(/must be an object/);
	});
});

describe('comparison with Meta', () => {
	const rows = trafficRows();
	const messages = foldMessages(rows);
	const totals = buildReport(messages, foldConversations(rows, messages), { startMs: 0, endMs: Date.parse('2027-01-01'), groupBy: 'total', timeZone: 'UTC' }).totals;
	const point = (fields: Record<string, unknown>) => ({ metric: 'messages', start: '', end: '', startTimestamp: 0, endTimestamp: 0, ...fields }) as AnalyticsDataPoint;

	it('agrees when the numbers match and says why when they do not', () => {
		const agree = compareWithMeta(totals, { messages: [point({ sent: 10, delivered: 3 }), point({ sent: 2, delivered: 2 })] });
		expect(agree).toEqual([
			expect.objectContaining({ metric: 'sent', log: 12, meta: 12, difference: 0, agrees: true }),
			expect.objectContaining({ metric: 'delivered', log: 5, meta: 5, agrees: true }),
		]);
		const disagree = compareWithMeta(totals, { messages: [point({ sent: 20, delivered: 4 })], pricing: [point({ pricingCategory: 'MARKETING', volume: 6 }), point({ pricingCategory: 'UTILITY', volume: 2 })] });
		expect(disagree.find((entry) => entry.metric === 'sent')).toMatchObject({ log: 12, meta: 20, difference: -8, agrees: false, note: expect.stringContaining('did not reach Record Events') });
		expect(disagree.find((entry) => entry.metric === 'delivered')).toMatchObject({ agrees: false, note: expect.stringContaining('UTC day') });
		expect(disagree.filter((entry) => entry.metric === 'billable')).toEqual([
			expect.objectContaining({ category: 'marketing', log: 6, meta: 6, agrees: true }),
			expect.objectContaining({ category: 'utility', log: 0, meta: 2, agrees: false }),
		]);
		expect(compareWithMeta(totals, { messages: [point({ sent: 13, delivered: 5 })] }, 0.1)[0].agrees).toBe(true);
	});
});

describe('SVG and HTML', () => {
	const rows = trafficRows();
	const messages = foldMessages(rows);
	const report = buildReport(messages, foldConversations(rows, messages), {
		startMs: Date.parse('2026-03-27T23:00:00Z'),
		endMs: Date.parse('2026-03-30T22:00:00Z'),
		groupBy: 'day',
		timeZone: 'Europe/Berlin',
		businessHours: parseWeeklyHours('Mon-Fri 09:00-17:00'),
	});

	it('states the period in the report time zone', () => {
		expect(periodText(report)).toBe('28 Mar 2026 – 30 Mar 2026 (Europe/Berlin)');
	});

	it('nice axis steps', () => {
		expect([niceStep(10), niceStep(7), niceStep(1234), niceStep(0)]).toEqual([2, 2, 500, 1]);
	});

	it('draws one bar per non-empty value, escapes labels, and stays self-contained', () => {
		const svg = funnelChart(report);
		expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
		// Bars carry a <title>: sent, delivered, read, replied, failed on 03-28 (10 messages: 7 sent…)
		const bars = [...svg.matchAll(/<title>([^<]+)<\/title>/g)].map((match) => match[1]);
		expect(bars).toContain('2026-03-28 · Sent: 7');
		expect(bars).toContain('2026-03-28 · Delivered: 5');
		expect(bars).toContain('2026-03-28 · Failed: 3');
		expect(bars).toContain('2026-03-30 · Sent: 2');
		expect(svg).not.toMatch(/<script|href=|url\(/);
		const hostile = barChart({ title: '<b>&"x"', categories: ['<i>'], series: [{ name: "a'b", color: '#000', values: [1] }] });
		expect(hostile).toContain('&lt;b&gt;&amp;&quot;x&quot;');
		expect(hostile).not.toContain('<i>');
		expect(barChart({ title: 't', categories: [], series: [] })).toContain('No data in this period');
		expect(responseChart(report)).toContain('(business hours)');
	});

	it('the HTML report has the cards, both charts, the tables and the comparison', () => {
		const html = htmlReport(report, {
			title: 'Spring report',
			discrepancies: [{ metric: 'sent', log: 12, meta: 20, difference: -8, agrees: false, note: 'why' }],
			generatedAt: new Date('2026-04-01T00:00:00Z'),
		});
		expect(html).toMatch(/^<!DOCTYPE html>/);
		expect(html.match(/<svg /g)).toHaveLength(2);
		expect(html).toContain('Failures by reason');
		expect(html).toContain('131026');
		expect(html).toContain('disagree with the log on 1 of 1');
		expect(html).not.toMatch(/<script|<link|src=/);
	});

	it('a group with nothing in it is all zeros and nulls', () => {
		const empty = summarizeGroup('total', 'total', [], [], { startMs: 0, endMs: 1, groupBy: 'total', timeZone: 'UTC' });
		expect(empty).toMatchObject({ messages: 0, deliveredRate: null, firstResponse: { count: 0, medianSeconds: null }, firstResponseBusinessHours: null, estimatedCost: null });
	});
});
