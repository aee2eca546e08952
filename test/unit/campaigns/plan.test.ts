import { campaignCallbackData, checkCampaignId, parseCampaignCallbackData } from '../../../whatsapp/campaigns/callback';
import { countPlan, planCampaign, type RecipientInput } from '../../../whatsapp/campaigns/plan';
import { isWindowOpen, parseLastInboundAt, WINDOW_MS } from '../../../whatsapp/campaigns/window';
import { messagesPerSecondForLevel, throughputLevelOf } from '../../../whatsapp/campaigns/throughput';
import { TemplateBuilder } from '../../../whatsapp/templates';

const NOW = Date.parse('2025-06-01T12:00:00Z');
const builder = new TemplateBuilder({ name: 'order_update', language: 'en_US', components: [{ type: 'BODY', text: 'Hi {{1}}' }] });
const template = () => builder.message({ 'body.1': 'Ana' });

describe('campaign plan', () => {
	it('builds the full send body with campaign callback data', () => {
		const [item] = planCampaign([{ recipient: '+1 (555) 123-4567', template }], { campaignId: 'spring', messageKind: 'template' }, { now: NOW });
		expect(item).toEqual({
			action: 'send',
			recipient: '15551234567',
			kind: 'template',
			fallback: false,
			body: {
				messaging_product: 'whatsapp',
				recipient_type: 'individual',
				to: '+15551234567',
				type: 'template',
				template: { name: 'order_update', language: { code: 'en_US' }, components: [{ type: 'body', parameters: [{ type: 'text', text: 'Ana' }] }] },
				biz_opaque_callback_data: 'campaign:spring:15551234567',
			},
		});
	});

	it('skips opted-out contacts, duplicates and recipients an earlier run reached', () => {
		const inputs: RecipientInput[] = [
			{ recipient: '15550000001', template, optedOut: true },
			{ recipient: '15550000002', template, optedOut: 'yes' },
			{ recipient: '15550000003', template },
			{ recipient: '+1 555 000 0003', template },
			{ recipient: '15550000004', template },
			{ recipient: '15550000005', template },
			{ recipient: '15550000006', template },
			{ recipient: '15550000007', template },
		];
		const prior = new Map([
			['15550000004', { state: 'accepted' as const, messageId: 'wamid.OLD' }],
			['15550000005', { state: 'uncertain' as const }],
			['15550000006', { state: 'failed' as const }],
		]);
		const contacts = new Map([['15550000007', { optedOut: true, lastInboundAt: null }]]);
		const plan = planCampaign(inputs, { campaignId: 'c1', messageKind: 'template' }, { now: NOW, prior, contacts });
		expect(plan.map((item) => (item.action === 'skip' ? item.reason : item.action))).toEqual([
			'optedOut',
			'optedOut',
			'send',
			'duplicate',
			'alreadyAccepted',
			'uncertainEarlier',
			'send', // a definite rejection earlier: safe to send again
			'optedOut', // from the contact book
		]);
		expect(plan[4]).toMatchObject({ messageId: 'wamid.OLD' });
		const again = planCampaign(inputs.slice(5, 6), { campaignId: 'c1', messageKind: 'template', resendUncertain: true }, { now: NOW, prior });
		expect(again[0].action).toBe('send');
		const dupes = planCampaign(inputs.slice(2, 4), { campaignId: 'c1', messageKind: 'template', allowDuplicates: true }, { now: NOW });
		expect(dupes.map((item) => item.action)).toEqual(['send', 'send']);
	});

	it('sends text inside the 24-hour window and the fallback template outside it', () => {
		const inputs: RecipientInput[] = [
			{ recipient: '15550000001', text: 'Your order shipped', lastInboundAt: new Date(NOW - 3600_000).toISOString(), template },
			{ recipient: '15550000002', text: 'Your order shipped', lastInboundAt: Math.floor((NOW - WINDOW_MS - 1000) / 1000), template },
			{ recipient: '15550000003', text: 'Your order shipped', template },
			{ recipient: '15550000004', text: 'Your order shipped', lastInboundAt: NOW - 60_000 },
			{ recipient: '15550000005', text: 'Your order shipped', lastInboundAt: NOW - WINDOW_MS - 1 },
		];
		const plan = planCampaign(inputs, { campaignId: 'c', messageKind: 'textWithFallback' }, { now: NOW });
		expect(plan[0]).toMatchObject({ action: 'send', kind: 'text', fallback: false, body: { type: 'text', text: { body: 'Your order shipped', preview_url: false } } });
		expect(plan[1]).toMatchObject({ action: 'send', kind: 'template', fallback: true, body: { type: 'template' } });
		expect(plan[2]).toMatchObject({ action: 'send', kind: 'template', fallback: true });
		expect(plan[3]).toMatchObject({ action: 'send', kind: 'text' });
		expect(plan[4]).toEqual({ action: 'skip', recipient: '15550000005', reason: 'windowClosed' });
		expect(countPlan(plan)).toMatchObject({ total: 5, toSend: 4, texts: 2, templates: 2, fallbacks: 2, skipped: 1, skipReasons: { windowClosed: 1 } });
	});

	it('uses the contact book’s last inbound time when the item has none', () => {
		const contacts = new Map([['15550000001', { optedOut: false, lastInboundAt: new Date(NOW - 1000).toISOString() }]]);
		const [item] = planCampaign([{ recipient: '15550000001', text: 'Hi' }], { campaignId: 'c', messageKind: 'textWithFallback' }, { now: NOW, contacts });
		expect(item).toMatchObject({ action: 'send', kind: 'text' });
	});

	it('lists every problem of an item: recipient, template fields, text', () => {
		const [item] = planCampaign(
			[{ recipient: '0151 123', template: () => builder.message({ 'body.1': 'two\nlines' }) }],
			{ campaignId: 'c', messageKind: 'template' },
			{ now: NOW },
		);
		expect(item.action).toBe('invalid');
		expect((item as { problems: Array<{ field: string }> }).problems.map((problem) => problem.field)).toEqual([
			'Recipient Phone Number',
			'Body {{1}}',
		]);
		const [missing] = planCampaign([{ recipient: '15550000001' }], { campaignId: 'c', messageKind: 'template' }, { now: NOW });
		expect(missing).toEqual({ action: 'invalid', recipient: '15550000001', problems: [{ field: 'Template', message: 'Template is required: pick the approved template to send' }] });
		const [text] = planCampaign([{ recipient: '15550000001', text: 'x'.repeat(4097), lastInboundAt: NOW }], { campaignId: 'c', messageKind: 'textWithFallback' }, { now: NOW });
		expect(text).toEqual({ action: 'invalid', recipient: '15550000001', problems: [{ field: 'Text', message: 'Text is 4097 characters long; WhatsApp allows at most 4096' }] });
		const [date] = planCampaign([{ recipient: '15550000001', text: 'x', lastInboundAt: 'yesterday-ish' }], { campaignId: 'c', messageKind: 'textWithFallback' }, { now: NOW });
		expect(date).toMatchObject({ action: 'invalid', problems: [{ field: 'Customer Last Message At' }] });
	});
});

describe('campaign helpers', () => {
	it('round-trips callback data and checks campaign IDs', () => {
		expect(campaignCallbackData('spring-2025', '15551234567')).toBe('campaign:spring-2025:15551234567');
		expect(parseCampaignCallbackData('campaign:spring-2025:15551234567')).toEqual({ campaignId: 'spring-2025', recipient: '15551234567' });
		expect(parseCampaignCallbackData('order-123')).toBeUndefined();
		expect(checkCampaignId(' abc ')).toBe('abc');
		expect(() => checkCampaignId('has space')).toThrow('Campaign ID "has space" must be 1 to 64 letters, digits, dots, dashes or underscores (it is 9 characters long)');
	});

	it('reads the 24-hour window from dates, ISO strings and Unix seconds or milliseconds', () => {
		expect(parseLastInboundAt('1717243200')).toBe(1717243200_000);
		expect(parseLastInboundAt(1717243200_000)).toBe(1717243200_000);
		expect(parseLastInboundAt('2025-06-01T10:00:00Z')).toBe(Date.parse('2025-06-01T10:00:00Z'));
		expect(parseLastInboundAt('')).toBeUndefined();
		expect(isWindowOpen(NOW - WINDOW_MS + 1, NOW)).toBe(true);
		expect(isWindowOpen(NOW - WINDOW_MS, NOW)).toBe(false);
		expect(isWindowOpen(undefined, NOW)).toBe(false);
		expect(isWindowOpen(NOW + 3600_000, NOW)).toBe(false);
	});

	it('maps the throughput level to messages per second', () => {
		expect(messagesPerSecondForLevel('STANDARD')).toBe(80);
		expect(messagesPerSecondForLevel('HIGH')).toBe(1000);
		expect(messagesPerSecondForLevel(undefined)).toBe(80);
		expect(throughputLevelOf({ throughput: { level: 'HIGH' }, id: '1' })).toBe('HIGH');
	});
});
