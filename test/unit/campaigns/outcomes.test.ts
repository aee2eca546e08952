import type { LedgerRow } from '../../../whatsapp/campaigns/ledger';
import type { PriorState } from '../../../whatsapp/campaigns/outcomes';
import { campaignReport, higherStatus, priorStates, retryFailedDelivery, statusRowsFromEvents } from '../../../whatsapp/campaigns/outcomes';
import { planCampaign } from '../../../whatsapp/campaigns/plan';
import { deliveryRetryFor, RETRY_LATER_MS } from '../../../whatsapp/errors';

const C = 'spring';
const MINUTE = 60_000;
const GRACE = 10 * MINUTE;

const row = (recipient: string, state: LedgerRow['state'], at: number, extra: Partial<LedgerRow> = {}): LedgerRow => ({ campaignId: C, recipient, state, createdAt: at, ...extra });

/** A deterministic shuffle (mulberry32), so a failure names its seed. */
function shuffled<T>(list: readonly T[], seed: number): T[] {
	let a = seed >>> 0;
	const random = () => {
		a = (a + 0x6d2b79f5) >>> 0;
		let t = a;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
	const copy = [...list];
	for (let i = copy.length - 1; i > 0; i--) {
		const j = Math.floor(random() * (i + 1));
		[copy[i], copy[j]] = [copy[j], copy[i]];
	}
	return copy;
}

describe('status rank and the order-independent fold', () => {
	it('ranks failed > read > delivered > sent', () => {
		expect(higherStatus(undefined, 'sent')).toBe('sent');
		expect(higherStatus('read', 'delivered')).toBe('read');
		expect(higherStatus('delivered', 'read')).toBe('read');
		expect(higherStatus('read', 'failed')).toBe('failed');
		expect(higherStatus('failed', 'sent')).toBe('failed');
	});

	it('gives the same report for any order and any number of copies of the status rows', () => {
		// 40 recipients: each sent, then some of delivered/read/failed; every status row duplicated.
		const sendRows: LedgerRow[] = [];
		const statusRows: LedgerRow[] = [];
		for (let i = 0; i < 40; i++) {
			const recipient = `1555000${String(i).padStart(4, '0')}`;
			const wamid = `wamid.${i}`;
			sendRows.push(row(recipient, 'pending', 1000 + i), row(recipient, 'accepted', 1100 + i, { messageId: wamid }));
			const statuses: Array<LedgerRow['state']> = ['status:sent'];
			if (i % 4 !== 3) statuses.push('status:delivered');
			if (i % 4 === 0) statuses.push('status:read');
			if (i % 4 === 3) statuses.push('status:failed');
			for (const state of statuses) {
				const extra = { messageId: wamid, ...(state === 'status:failed' ? { code: i % 8 === 3 ? 131026 : 131049 } : {}) };
				statusRows.push(row(recipient, state, 2000 + i, extra), row(recipient, state, 2500 + i, extra));
			}
		}
		const expected = campaignReport(C, [...sendRows, ...statusRows], { now: 10_000, graceMs: GRACE });
		expect(expected.report).toMatchObject({ recipients: 40, accepted: 40, sent: 30, delivered: 30, read: 10, failed: 10, failureCodes: { 131026: 5, 131049: 5 }, awaitingStatus: 0, uncertain: 0 });
		for (let seed = 1; seed <= 50; seed++) {
			// Send rows keep their order (one run writes them in order); status rows come in any order,
			// even before the send rows of their message.
			const mixed = shuffled([...statusRows, ...statusRows.slice(0, seed)], seed);
			const cut = seed % mixed.length;
			const rows = [...mixed.slice(0, cut), ...sendRows, ...mixed.slice(cut)];
			const { report, recipients } = campaignReport(C, rows, { now: 10_000, graceMs: GRACE });
			expect({ ...report, rows: 0, statusRows: 0 }).toEqual({ ...expected.report, rows: 0, statusRows: 0 });
			expect(recipients.sort((a, b) => a.recipient.localeCompare(b.recipient))).toEqual(
				[...expected.recipients].sort((a, b) => a.recipient.localeCompare(b.recipient)),
			);
		}
	});

	it('counts read without a delivered status as delivered, and a message with no status as awaiting one', () => {
		const rows = [
			row('15550000001', 'pending', 1),
			row('15550000001', 'accepted', 2, { messageId: 'w1' }),
			row('15550000001', 'status:read', 3, { messageId: 'w1' }),
			row('15550000002', 'pending', 1),
			row('15550000002', 'accepted', 2, { messageId: 'w2' }),
		];
		const { report, recipients } = campaignReport(C, rows, { now: 10, graceMs: GRACE });
		expect(report).toMatchObject({ accepted: 2, sent: 1, delivered: 1, read: 1, awaitingStatus: 1 });
		expect(recipients).toEqual([
			{ recipient: '15550000001', status: 'read', messageId: 'w1', messages: 1 },
			{ recipient: '15550000002', status: 'accepted', messageId: 'w2', messages: 1 },
		]);
	});
});

describe('status rows from trigger events', () => {
	it('keeps campaign statuses (sent, delivered, read, failed with the code) and nothing else', () => {
		const rows = statusRowsFromEvents([
			{ event: 'status', status: 'delivered', messageId: 'wamid.A', bizOpaqueCallbackData: 'campaign:spring:15551234567' },
			{ event: 'status', status: 'failed', messageId: 'wamid.B', bizOpaqueCallbackData: 'campaign:spring:15551234568', errors: [{ code: 131026 }] },
			{ event: 'status', status: 'played', messageId: 'wamid.C', bizOpaqueCallbackData: 'campaign:spring:15551234569' },
			{ event: 'status', status: 'read', messageId: 'wamid.D', bizOpaqueCallbackData: 'order:42' },
			{ event: 'status', status: 'read', messageId: 'wamid.E' },
			{ event: 'message', messageId: 'wamid.F', bizOpaqueCallbackData: 'campaign:spring:15551234567' },
		]);
		expect(rows).toEqual([
			{ campaignId: 'spring', recipient: '15551234567', state: 'status:delivered', messageId: 'wamid.A' },
			{ campaignId: 'spring', recipient: '15551234568', state: 'status:failed', messageId: 'wamid.B', code: 131026 },
		]);
	});
});

describe('settling uncertain sends before a resumed run', () => {
	const now = 100 * MINUTE;
	const settle = (rows: LedgerRow[]) => priorStates(rows, { now, graceMs: GRACE });
	/** Another recipient whose statuses show the trigger was recording at `at`. */
	const alive = (at: number): LedgerRow[] => [
		row('15559999999', 'pending', at - 100),
		row('15559999999', 'accepted', at - 50, { messageId: 'w-other' }),
		row('15559999999', 'status:sent', at, { messageId: 'w-other' }),
	];

	it('counts a recipient Meta reported as accepted, whatever the send rows say (matched by callback data)', () => {
		const orphan = settle([row('15550000001', 'pending', now - MINUTE), row('15550000001', 'status:sent', now - MINUTE + 500, { messageId: 'w1' })]);
		expect(orphan.get('15550000001')).toEqual({ state: 'accepted', messageId: 'w1', status: 'sent', bySettle: true });
		const uncertain = settle([
			row('15550000002', 'pending', now - MINUTE),
			row('15550000002', 'uncertain', now - MINUTE + 200),
			row('15550000002', 'status:delivered', now - MINUTE + 300, { messageId: 'w2' }),
		]);
		expect(uncertain.get('15550000002')).toMatchObject({ state: 'accepted', bySettle: true });
	});

	it('treats an uncertain send with no status after the grace period as not sent, when statuses were being recorded', () => {
		const t = now - GRACE - 1;
		const states = settle([...alive(t + 30), row('15550000001', 'pending', t), row('15550000002', 'pending', t), row('15550000002', 'uncertain', t + 10)]);
		expect(states.get('15550000001')).toEqual({ state: 'notSent' });
		expect(states.get('15550000002')).toEqual({ state: 'notSent' });
	});

	it('keeps it uncertain within the grace period, saying when it settles', () => {
		const t = now - GRACE + MINUTE;
		expect(settle([...alive(t), row('15550000001', 'pending', t)]).get('15550000001')).toEqual({ state: 'uncertain', reason: 'withinGrace', retryAfter: t + GRACE });
	});

	it('keeps it uncertain when no status of the campaign was recorded around then (no trigger, or none with the n8n API credential)', () => {
		const t = now - 5 * GRACE;
		expect(settle([row('15550000001', 'pending', t)]).get('15550000001')).toEqual({ state: 'uncertain', reason: 'noStatusFeed' });
		// Statuses recorded only long before the send prove nothing about it.
		expect(settle([...alive(t - 3 * GRACE), row('15550000001', 'pending', t)]).get('15550000001')).toEqual({ state: 'uncertain', reason: 'noStatusFeed' });
	});

	it('leaves definite rejections to be sent again, and reports a failed delivery with its code', () => {
		const states = settle([
			row('15550000001', 'pending', 1),
			row('15550000001', 'failed', 2, { code: 131008 }),
			row('15550000002', 'pending', 1),
			row('15550000002', 'accepted', 2, { messageId: 'w2' }),
			row('15550000002', 'status:failed', 3, { messageId: 'w2', code: 131026 }),
		]);
		expect(states.get('15550000001')).toEqual({ state: 'failed', code: 131008 });
		expect(states.get('15550000002')).toEqual({ state: 'deliveryFailed', messageId: 'w2', code: 131026, failedAt: 3 });
	});

	it('follows the latest message when a failed delivery was retried', () => {
		const states = settle([
			row('15550000001', 'accepted', 1, { messageId: 'w1' }),
			row('15550000001', 'status:failed', 2, { messageId: 'w1', code: 131049 }),
			row('15550000001', 'pending', 3),
			row('15550000001', 'accepted', 4, { messageId: 'w2' }),
			row('15550000001', 'status:delivered', 5, { messageId: 'w2' }),
		]);
		expect(states.get('15550000001')).toEqual({ state: 'accepted', messageId: 'w2', status: 'delivered' });
	});

	it('plans a send for settled-not-sent recipients and skips the rest with the reason', () => {
		const t = now - GRACE - 1;
		const rows = [...alive(t), row('15550000001', 'pending', t), row('15550000002', 'pending', now - 1000), row('15550000003', 'accepted', 1, { messageId: 'w3' }), row('15550000003', 'status:failed', 2, { messageId: 'w3', code: 131026 })];
		const plan = planCampaign(
			['15550000001', '15550000002', '15550000003', '15550000004'].map((recipient) => ({ recipient, template: () => ({ type: 'template', template: { name: 'hello_world', language: { code: 'en_US' } } }) })),
			{ campaignId: C, messageKind: 'template' },
			{ now, prior: settle(rows) },
		);
		expect(plan.map((item) => (item.action === 'skip' ? item.reason : item.action))).toEqual(['send', 'uncertainEarlier', 'deliveryFailed', 'send']);
		expect(plan[2]).toMatchObject({ code: 131026, messageId: 'w3' });
	});
});

describe('retrying failed deliveries by code', () => {
	const failed = (code: number, failedAt = 0): Extract<PriorState, { state: 'deliveryFailed' }> => ({ state: 'deliveryFailed', messageId: 'w', code, failedAt });

	it('follows Meta: 131026 never, 130472 never, 131049 after 24 hours, temporary errors now', () => {
		expect(deliveryRetryFor(131026)).toBe('never');
		expect(deliveryRetryFor(130472)).toBe('never');
		expect(deliveryRetryFor(131050)).toBe('never');
		expect(deliveryRetryFor(131049)).toBe('later');
		expect(deliveryRetryFor(131000)).toBe('now');
		const allowed = { mode: 'allowed' as const };
		expect(retryFailedDelivery(failed(131026), allowed, RETRY_LATER_MS * 10).retry).toBe(false);
		expect(retryFailedDelivery(failed(130472), allowed, RETRY_LATER_MS * 10).retry).toBe(false);
		expect(retryFailedDelivery(failed(131049, 1000), allowed, 1000 + RETRY_LATER_MS - 1).retry).toBe(false);
		expect(retryFailedDelivery(failed(131049, 1000), allowed, 1000 + RETRY_LATER_MS).retry).toBe(true);
		expect(retryFailedDelivery(failed(131000), allowed, 0).retry).toBe(true);
	});

	it('retries nothing by default, and exactly the listed codes on request', () => {
		expect(retryFailedDelivery(failed(131000), { mode: 'never' }, 0).retry).toBe(false);
		const codes = { mode: 'codes' as const, codes: new Set([131026]) };
		expect(retryFailedDelivery(failed(131026), codes, 0).retry).toBe(true);
		expect(retryFailedDelivery(failed(131049), codes, RETRY_LATER_MS * 2).retry).toBe(false);
	});
});

describe('the grace period option', () => {
	it('defaults to DEFAULT_STATUS_GRACE_MS (10 minutes)', async () => {
		const { statusGraceOption } = await import('../../../nodes/WhatsAppBusinessPlatform/actions/campaign/campaign.descriptions');
		const { DEFAULT_STATUS_GRACE_MS } = await import('../../../whatsapp/campaigns/outcomes');
		expect(statusGraceOption().default).toBe(DEFAULT_STATUS_GRACE_MS / 1000);
		expect(DEFAULT_STATUS_GRACE_MS).toBe(600_000);
	});
});
