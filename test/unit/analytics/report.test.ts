import { parseRateTable } from '../../../whatsapp/analytics/cost';
import { distinctRows, foldConversations, foldMessages } from '../../../whatsapp/analytics/fold';
import type { GroupReport, ReportOptions } from '../../../whatsapp/analytics/report';
import { buildReport } from '../../../whatsapp/analytics/report';
import { parseWeeklyHours } from '../../../whatsapp/analytics/time';
import { CUSTOMERS, PHONE, trafficRows } from './traffic';

const ZONE = 'Europe/Berlin';
// 2026-03-28 00:00 to 2026-03-31 00:00 in Berlin (the DST change falls inside).
const START = Date.parse('2026-03-27T23:00:00Z');
const END = Date.parse('2026-03-30T22:00:00Z');

function report(overrides: Partial<ReportOptions> = {}, rows = trafficRows()) {
	const messages = foldMessages(rows);
	const conversations = foldConversations(rows, messages);
	return buildReport(messages, conversations, {
		startMs: START,
		endMs: END,
		groupBy: 'total',
		timeZone: ZONE,
		businessHours: parseWeeklyHours('Mon-Fri 09:00-17:00'),
		rates: parseRateTable('{"marketing": {"*": 0.1, "49": 0.1365, "55": 0.0625}, "utility": {"*": 0.004}}'),
		currency: 'USD',
		firstResponseTargetSeconds: 3600,
		...overrides,
	});
}

const group = (groups: GroupReport[], name: string) => groups.find((entry) => entry.group === name)!;

describe('report from generated traffic (known answers)', () => {
	it('writes redeliveries as duplicate rows and folds them away', () => {
		const rows = trafficRows();
		expect(rows.length).toBeGreaterThan(distinctRows(rows).length);
		// A1 delivered ×2, read ×3, C2 failed ×2, one inbound and one echo redelivered, one resolution twice.
		expect(rows.length - distinctRows(rows).length).toBe(1 + 2 + 1 + 1 + 1 + 1);
	});

	it('funnel: sent, delivered counting read, read, replied within 24 h, failed by reason, opted out', () => {
		const { totals } = report();
		expect(totals).toMatchObject({ messages: 12, sent: 9, delivered: 5, read: 3, failed: 3, replied: 3, optedOut: 2 });
		expect(totals.deliveredRate).toBeCloseTo(5 / 9, 4);
		expect(totals.replyRate).toBeCloseTo(3 / 9, 4);
		expect(totals.failures).toEqual([
			{ code: 131026, title: 'Message undeliverable', hint: expect.stringMatching(/\w/), count: 2 },
			{ code: 131049, title: expect.stringContaining('131049'), hint: expect.stringMatching(/\w/), count: 1 },
		]);
	});

	it('A2 read without a delivered status counts as delivered and read; 25 h later is not a reply', () => {
		const messages = foldMessages(trafficRows());
		const a2 = messages.find((message) => message.customer === CUSTOMERS.A2)!;
		expect(a2).toMatchObject({ outcome: 'read', deliveredAt: Date.parse('2026-03-28T09:00:09Z') });
		expect(a2.repliedAt).toBeUndefined();
		const a1 = messages.find((message) => message.messageId === 'wamid.A1')!;
		expect(a1).toMatchObject({ outcome: 'read', campaignId: 'spring', templateName: 'spring_sale', category: 'marketing', billable: true, repliedAt: Date.parse('2026-03-28T11:00:00Z') });
	});

	it('billable messages by category and estimated cost per market', () => {
		const { totals } = report();
		expect(totals.billable).toBe(6);
		expect(totals.billableByCategory).toEqual({ marketing: 6 });
		// 4 × 0.1365 (+49) + 2 × 0.0625 (+55); failed messages are not billed, service replies are free.
		expect(totals.estimatedCost).toBeCloseTo(0.671, 6);
		expect(totals.unpricedBillable).toBe(0);
		expect(totals.currency).toBe('USD');
		expect(report({ rates: undefined }).totals.estimatedCost).toBeNull();
		expect(report({ rates: parseRateTable('{"utility": 0.01}') }).totals).toMatchObject({ estimatedCost: 0, unpricedBillable: 6 });
	});

	it('first response and resolution: median, p90 and n, wall clock and business hours', () => {
		const { totals, conversations } = report();
		expect(totals).toMatchObject({ conversations: 4, responded: 3, resolved: 2, reopened: 1 });
		// 600 s (bob), 7200 s (echo), 160200 s (Sat 11:00 → Mon 07:30 UTC).
		expect(totals.firstResponse).toEqual({ count: 3, medianSeconds: 7200, p90Seconds: 129600, averageSeconds: 56000 });
		// In Mon–Fri 09:00–17:00 Berlin: 0 (Saturday), 0 (Sunday), 1800 (Mon 09:00–09:30 CEST).
		expect(totals.firstResponseBusinessHours).toEqual({ count: 3, medianSeconds: 0, p90Seconds: 1440, averageSeconds: 600 });
		expect(totals.resolution).toEqual({ count: 2, medianSeconds: 81900, p90Seconds: 145980, averageSeconds: 81900 });
		expect(totals.resolutionBusinessHours).toMatchObject({ count: 2, medianSeconds: 1800 });
		// Target 1 h in business hours: all three answered within it.
		expect(totals.firstResponseWithinTarget).toBe(1);
		expect(report({ businessHours: undefined }).totals.firstResponseWithinTarget).toBeCloseTo(1 / 3, 4);

		const reopened = conversations.find((conversation) => conversation.reopened)!;
		expect(reopened).toMatchObject({ customer: CUSTOMERS.B1, firstResponseSeconds: 7200, firstResponder: 'WhatsApp Business app', campaignId: 'spring', day: '2026-03-29' });
		const a1 = conversations.find((conversation) => conversation.customer === CUSTOMERS.A1)!;
		expect(a1).toMatchObject({ phoneNumberId: PHONE.id, customerMessages: 1, firstResponder: 'alice', team: 'support', resolvedBy: 'alice', resolutionSeconds: 162000, resolutionBusinessSeconds: 3600 });
		const a2 = conversations.find((conversation) => conversation.customer === CUSTOMERS.A2)!;
		expect(a2).toMatchObject({ firstResponseSeconds: null, resolvedAt: null, campaignId: '' });
	});

	it('groups by day in the time zone across the DST change, with empty days kept', () => {
		const { groups } = report({ groupBy: 'day' });
		expect(groups.map((entry) => entry.group)).toEqual(['2026-03-28', '2026-03-29', '2026-03-30']);
		expect(groups.map((entry) => [entry.messages, entry.conversations])).toEqual([
			[10, 2],
			[0, 2],
			[2, 0],
		]);
		// 22:30 UTC on the 29th is 00:30 CEST on the 30th; a fixed +1 h offset would put it on the 29th.
		expect(report({ groupBy: 'day', timeZone: 'UTC', startMs: Date.parse('2026-03-28T00:00:00Z'), endMs: Date.parse('2026-03-31T00:00:00Z') }).groups.map((entry) => entry.messages)).toEqual([10, 1, 1]);
	});

	it('groups by campaign, template, agent, team and phone number', () => {
		const byCampaign = report({ groupBy: 'campaign' }).groups;
		expect(group(byCampaign, 'spring')).toMatchObject({ messages: 9, sent: 6, delivered: 5, read: 3, failed: 3, replied: 2, optedOut: 1, conversations: 3, billable: 6 });
		expect(group(byCampaign, '(none)')).toMatchObject({ messages: 3, sent: 3, replied: 1, optedOut: 1, conversations: 1, billable: 0 });
		expect(byCampaign.map((entry) => entry.group)).toEqual(['spring', '(none)']);

		expect(group(report({ groupBy: 'template' }).groups, 'spring_sale')).toMatchObject({ messages: 9 });
		const byAgent = report({ groupBy: 'agent' }).groups;
		expect(group(byAgent, 'alice')).toMatchObject({ messages: 2, conversations: 1, responded: 1 });
		expect(group(byAgent, 'bob')).toMatchObject({ messages: 1, conversations: 1, firstResponse: { count: 1, medianSeconds: 600 } });
		expect(group(byAgent, 'WhatsApp Business app')).toMatchObject({ messages: 0, conversations: 1 });
		const byTeam = report({ groupBy: 'team' }).groups;
		expect(group(byTeam, 'support')).toMatchObject({ messages: 2, conversations: 1, resolved: 1 });
		expect(group(byTeam, 'sales')).toMatchObject({ messages: 1, conversations: 1, resolved: 1 });
		expect(report({ groupBy: 'phoneNumber' }).groups.map((entry) => [entry.group, entry.messages])).toEqual([[PHONE.id, 8 + 3], ['(none)', 1]]);
	});

	it('keeps only the period: messages by send time, conversations by their first customer message', () => {
		const { totals } = report({ startMs: Date.parse('2026-03-29T00:00:00Z'), endMs: Date.parse('2026-03-31T00:00:00Z') });
		expect(totals).toMatchObject({ messages: 2, conversations: 2 });
	});

	it('the same rows in any order, and written twice over, give the same report', () => {
		const rows = trafficRows();
		const shuffled = [...rows, ...rows].map((row, index) => ({ row, order: (index * 7919) % 101 })).sort((a, b) => a.order - b.order).map((entry) => entry.row);
		expect(report({ groupBy: 'day' }, shuffled)).toEqual(report({ groupBy: 'day' }, rows));
	});
});
