import { CUSTOMER_SERVICE_WINDOW_MS, decideSend, needsOpenWindow, windowState } from '../../../whatsapp/window';

const NOW = Date.parse('2025-06-01T12:00:00.000Z');
const hoursAgo = (hours: number) => new Date(NOW - hours * 3600_000).toISOString();

describe('windowState (facts §14: every inbound message opens 24 hours)', () => {
	it('is open for 24 hours after the last inbound message', () => {
		expect(windowState(hoursAgo(1), NOW)).toEqual({ open: true, until: '2025-06-02T11:00:00.000Z', remainingMs: 23 * 3600_000 });
	});

	it('closes exactly 24 hours after it', () => {
		expect(windowState(new Date(NOW - CUSTOMER_SERVICE_WINDOW_MS).toISOString(), NOW)).toMatchObject({ open: false, remainingMs: 0 });
		expect(windowState(new Date(NOW - CUSTOMER_SERVICE_WINDOW_MS + 1).toISOString(), NOW)).toMatchObject({ open: true, remainingMs: 1 });
	});

	it('is closed, with no end time, when the customer never wrote', () => {
		expect(windowState(null, NOW)).toEqual({ open: false, until: null, remainingMs: 0 });
		expect(windowState('not a time', NOW)).toEqual({ open: false, until: null, remainingMs: 0 });
	});

	it('lets only templates through outside the window', () => {
		expect(needsOpenWindow('template')).toBe(false);
		for (const type of ['text', 'image', 'interactive', 'reaction', 'location']) expect(needsOpenWindow(type)).toBe(true);
	});
});

describe('decideSend', () => {
	const base = { closedWindow: 'refuse' as const, respectOptOut: true, now: NOW };

	it('sends free-form inside the window', () => {
		expect(decideSend({ ...base, messageType: 'text', contact: { optedOut: false, lastInboundAt: hoursAgo(2) } }).action).toBe('send');
	});

	it('refuses free-form to a closed window, saying when it closed', () => {
		const decision = decideSend({ ...base, messageType: 'text', contact: { optedOut: false, lastInboundAt: hoursAgo(30) } });
		expect(decision).toMatchObject({ action: 'refuse', reason: 'windowClosed' });
		expect(decision.action === 'refuse' && decision.message).toContain('last wrote at 2025-05-31T06:00:00.000Z and the window closed at 2025-06-01T06:00:00.000Z');
	});

	it('refuses free-form to an unknown contact (no inbound message known)', () => {
		const decision = decideSend({ ...base, messageType: 'image', contact: undefined });
		expect(decision.action === 'refuse' && decision.message).toContain('no message from this customer');
	});

	it('switches to a template, or sends anyway, when asked', () => {
		const contact = { optedOut: false, lastInboundAt: hoursAgo(30) };
		expect(decideSend({ ...base, closedWindow: 'template', messageType: 'text', contact }).action).toBe('sendTemplate');
		expect(decideSend({ ...base, closedWindow: 'send', messageType: 'text', contact }).action).toBe('send');
	});

	it('sends templates outside the window', () => {
		expect(decideSend({ ...base, messageType: 'template', templateCategory: 'UTILITY', contact: undefined }).action).toBe('send');
	});

	it('refuses a marketing template to an opted-out contact unless the guard is off', () => {
		const contact = { optedOut: true, lastInboundAt: hoursAgo(1) };
		expect(decideSend({ ...base, messageType: 'template', templateCategory: 'marketing', contact })).toMatchObject({ action: 'refuse', reason: 'optedOut' });
		expect(decideSend({ ...base, respectOptOut: false, messageType: 'template', templateCategory: 'MARKETING', contact }).action).toBe('send');
		// Utility templates and service replies are not marketing.
		expect(decideSend({ ...base, messageType: 'template', templateCategory: 'UTILITY', contact }).action).toBe('send');
		expect(decideSend({ ...base, messageType: 'text', contact }).action).toBe('send');
	});
});
