import { evaluateHours, parseBusinessHours } from '../../../whatsapp/inbox/hours';
import { WhatsAppValidationError } from '../../../whatsapp/validation';

const at = (iso: string) => Date.parse(iso);

function madrid(extra: Partial<Parameters<typeof parseBusinessHours>[0]> = {}) {
	return parseBusinessHours({
		timeZone: 'Europe/Madrid',
		intervals: [
			{ day: 'weekdays', from: '09:00', to: '14:00' },
			{ day: 'weekdays', from: '16:00', to: '19:00' },
			{ day: 'saturday', from: '10:00', to: '13:00' },
		],
		closures: [{ name: 'Christmas', from: '2025-12-25' }, { name: 'Inventory', from: '2025-08-11', to: '2025-08-15' }],
		...extra,
	});
}

describe('business hours: edges of intervals', () => {
	const hours = madrid();
	it('opens exactly at the start and closes exactly at the end (end excluded)', () => {
		// Monday 2 June 2025, Madrid is UTC+2.
		expect(evaluateHours(hours, at('2025-06-02T06:59:59Z')).open).toBe(false);
		expect(evaluateHours(hours, at('2025-06-02T07:00:00Z'))).toMatchObject({ open: true, reason: 'open, within Monday 09:00–14:00', nextClosing: '2025-06-02T12:00:00.000Z' });
		expect(evaluateHours(hours, at('2025-06-02T11:59:59Z')).open).toBe(true);
		const lunch = evaluateHours(hours, at('2025-06-02T12:00:00Z'));
		expect(lunch).toMatchObject({ open: false, closedSince: '2025-06-02T12:00:00.000Z', nextOpening: '2025-06-02T14:00:00.000Z', periodKey: '2025-06-02T12:00:00.000Z' });
		expect(lunch.reason).toBe('closed, outside business hours, opens Mon 2 Jun 16:00');
	});
	it('a closed weekend reports when it began and the next opening', () => {
		const sunday = evaluateHours(hours, at('2025-06-08T10:00:00Z'));
		expect(sunday).toMatchObject({ open: false, closedSince: '2025-06-07T11:00:00.000Z', nextOpening: '2025-06-09T07:00:00.000Z' });
	});
});

describe('business hours: holidays and closures', () => {
	const hours = madrid();
	it('a holiday closes the whole local day and names itself', () => {
		const christmas = evaluateHours(hours, at('2025-12-25T10:00:00Z'));
		expect(christmas).toMatchObject({ open: false, closure: 'Christmas', closedSince: '2025-12-24T18:00:00.000Z', nextOpening: '2025-12-26T08:00:00.000Z' });
		expect(christmas.reason).toMatch(/^closed, holiday "Christmas"/);
	});
	it('a date range closes every day in it; the period is one (same key all week)', () => {
		const monday = evaluateHours(hours, at('2025-08-11T09:00:00Z'));
		const friday = evaluateHours(hours, at('2025-08-15T15:00:00Z'));
		expect(monday.closure).toBe('Inventory');
		expect(friday.periodKey).toBe(monday.periodKey);
		expect(friday.nextOpening).toBe('2025-08-16T08:00:00.000Z'); // Saturday 10:00
	});
	it('the override beats the schedule', () => {
		expect(evaluateHours(madrid({ override: 'open' }), at('2025-12-25T03:00:00Z')).open).toBe(true);
		const closed = evaluateHours(madrid({ override: 'closed' }), at('2025-06-02T08:00:00Z'));
		expect(closed).toMatchObject({ open: false, reason: 'closed, override "closed now"', periodKey: 'override:2025-06-02' });
	});
});

describe('business hours: overnight ranges', () => {
	const hours = parseBusinessHours({ timeZone: 'America/New_York', intervals: [{ day: 'friday', from: '22:00', to: '06:00' }], closures: [{ name: 'Closed Saturday', from: '2025-06-07' }] });
	it('an overnight interval belongs to the day it starts on and runs past midnight', () => {
		// Friday 6 June 2025 22:00 EDT = 7 June 02:00Z
		expect(evaluateHours(hours, at('2025-06-07T01:59:00Z')).open).toBe(false);
		expect(evaluateHours(hours, at('2025-06-07T02:00:00Z')).open).toBe(true);
	});
	it('a closed date cuts only its own part of an overnight interval', () => {
		// Saturday 00:00 EDT = 04:00Z: closed by the Saturday closure.
		expect(evaluateHours(hours, at('2025-06-07T03:59:00Z'))).toMatchObject({ open: true, nextClosing: '2025-06-07T04:00:00.000Z' });
		expect(evaluateHours(hours, at('2025-06-07T04:30:00Z'))).toMatchObject({ open: false, closure: 'Closed Saturday' });
	});
	it('Sunday night into Monday works across the week boundary', () => {
		const sunday = parseBusinessHours({ timeZone: 'UTC', intervals: [{ day: 'sunday', from: '20:00', to: '02:00' }] });
		expect(evaluateHours(sunday, at('2025-06-09T01:00:00Z')).open).toBe(true); // Monday 01:00
		expect(evaluateHours(sunday, at('2025-06-09T02:00:00Z')).open).toBe(false);
	});
});

describe('business hours: daylight-saving nights in two zones', () => {
	it('Europe/Madrid spring forward (30 March 2025): 09:00 local stays 09:00, an overnight range is an hour shorter', () => {
		const hours = parseBusinessHours({ timeZone: 'Europe/Madrid', intervals: [{ day: 'saturday', from: '22:00', to: '06:00' }, { day: 'sunday', from: '09:00', to: '12:00' }] });
		// Saturday 29 March 22:00 CET (UTC+1) = 21:00Z; Sunday 06:00 CEST (UTC+2) = 04:00Z
		expect(evaluateHours(hours, at('2025-03-29T21:00:00Z')).open).toBe(true);
		expect(evaluateHours(hours, at('2025-03-30T03:59:00Z'))).toMatchObject({ open: true, nextClosing: '2025-03-30T04:00:00.000Z' });
		expect(evaluateHours(hours, at('2025-03-30T04:00:00Z'))).toMatchObject({ open: false, nextOpening: '2025-03-30T07:00:00.000Z' });
		expect(evaluateHours(hours, at('2025-03-30T06:59:00Z')).open).toBe(false);
		expect(evaluateHours(hours, at('2025-03-30T07:00:00Z')).open).toBe(true);
	});
	it('America/New_York fall back (2 November 2025): the repeated hour is inside an overnight range once, closing at 06:00 EST', () => {
		const hours = parseBusinessHours({ timeZone: 'America/New_York', intervals: [{ day: 'saturday', from: '23:00', to: '06:00' }, { day: 'monday', from: '09:00', to: '17:00' }] });
		// Saturday 1 Nov 23:00 EDT = 03:00Z; Sunday 06:00 EST = 11:00Z (8 real hours)
		expect(evaluateHours(hours, at('2025-11-02T03:00:00Z')).open).toBe(true);
		expect(evaluateHours(hours, at('2025-11-02T05:30:00Z')).open).toBe(true); // 01:30 EDT
		expect(evaluateHours(hours, at('2025-11-02T06:30:00Z')).open).toBe(true); // 01:30 EST, the repeated hour
		expect(evaluateHours(hours, at('2025-11-02T10:59:00Z')).open).toBe(true);
		const closed = evaluateHours(hours, at('2025-11-02T11:00:00Z'));
		expect(closed).toMatchObject({ open: false, closedSince: '2025-11-02T11:00:00.000Z', nextOpening: '2025-11-03T14:00:00.000Z' });
	});
	it('a Monday opening after the spring change in New York is 09:00 EDT (13:00Z), not 14:00Z', () => {
		const hours = parseBusinessHours({ timeZone: 'America/New_York', intervals: [{ day: 'monday', from: '09:00', to: '17:00' }] });
		expect(evaluateHours(hours, at('2025-03-09T12:00:00Z')).nextOpening).toBe('2025-03-10T13:00:00.000Z');
		expect(evaluateHours(hours, at('2025-03-03T12:00:00Z')).nextOpening).toBe('2025-03-03T14:00:00.000Z');
	});
});

describe('business hours: configuration errors name the field', () => {
	const error = (fn: () => unknown) => {
		try {
			fn();
		} catch (caught) {
			return caught as WhatsAppValidationError;
		}
		throw new Error('expected an error');
	};
	it('unknown time zone', () => {
		const e = error(() => parseBusinessHours({ timeZone: 'Europe/Atlantis', intervals: [] }));
		expect(e.field).toBe('Time Zone');
		expect(e.message).toMatch(/not an IANA time zone/);
	});
	it('overlapping intervals, including an overnight one spilling into the next day', () => {
		expect(error(() => parseBusinessHours({ timeZone: 'UTC', intervals: [{ day: 'monday', from: '09:00', to: '13:00' }, { day: 'monday', from: '12:00', to: '15:00' }] })).message).toMatch(
			/Monday 09:00–13:00 overlaps Monday 12:00–15:00/,
		);
		expect(error(() => parseBusinessHours({ timeZone: 'UTC', intervals: [{ day: 'monday', from: '22:00', to: '06:00' }, { day: 'tuesday', from: '05:00', to: '09:00' }] })).field).toBe('Opening Hours');
		expect(error(() => parseBusinessHours({ timeZone: 'UTC', intervals: [{ day: 'weekdays', from: '09:00', to: '17:00' }, { day: 'friday', from: '16:00', to: '18:00' }] })).message).toMatch(/Friday/);
	});
	it('touching intervals are fine', () => {
		expect(() => parseBusinessHours({ timeZone: 'UTC', intervals: [{ day: 'monday', from: '09:00', to: '13:00' }, { day: 'monday', from: '13:00', to: '17:00' }] })).not.toThrow();
	});
	it('inverted date range, empty interval, malformed time', () => {
		expect(error(() => parseBusinessHours({ timeZone: 'UTC', intervals: [], closures: [{ name: 'x', from: '2025-12-31', to: '2025-12-24' }] })).field).toBe('Closure 1 To');
		expect(error(() => parseBusinessHours({ timeZone: 'UTC', intervals: [{ day: 'monday', from: '09:00', to: '09:00' }] })).field).toBe('Opening Hours 1 To');
		expect(error(() => parseBusinessHours({ timeZone: 'UTC', intervals: [{ day: 'monday', from: '9am', to: '17:00' }] })).field).toBe('Opening Hours 1 From');
		expect(error(() => parseBusinessHours({ timeZone: 'UTC', intervals: [{ day: 'funday', from: '09:00', to: '17:00' }] })).field).toBe('Opening Hours 1 Day');
	});
});
