/**
 * Business hours: several opening intervals per weekday (lunch breaks), overnight intervals
 * (22:00–06:00 belongs to the day it starts on), an IANA time zone, closures (holidays and one-off
 * closed days, as whole local dates or date ranges, each with a name) and an open/closed override.
 *
 * Every answer is computed from wall-clock times in the zone with luxon, so a daylight-saving night
 * neither opens nor closes anything by an hour: 09:00 is 09:00 local on both sides of the change.
 */
import { DateTime, IANAZone } from 'luxon';

import { WhatsAppValidationError } from '../validation';

export const WEEKDAY_NAMES = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'] as const;

/** What a person may write for a day: a luxon weekday (1 = Monday), a name, or a group. */
export type DayInput = number | string;

export const DAY_GROUPS: Readonly<Record<string, number[]>> = {
	everyday: [1, 2, 3, 4, 5, 6, 7],
	weekdays: [1, 2, 3, 4, 5],
	weekend: [6, 7],
};

export interface IntervalInput {
	day: DayInput;
	/** HH:mm, 00:00–23:59. */
	from: string;
	/** HH:mm, 00:01–24:00; earlier than `from` means the interval runs past midnight. */
	to: string;
}

export interface ClosureInput {
	name?: string;
	/** YYYY-MM-DD, a local date in the schedule's zone. */
	from: string;
	/** YYYY-MM-DD, inclusive; empty means the same day as `from`. */
	to?: string;
}

export type HoursOverride = 'schedule' | 'open' | 'closed';

export interface BusinessHoursInput {
	timeZone: string;
	intervals: IntervalInput[];
	closures?: ClosureInput[];
	override?: HoursOverride;
}

/** A validated interval: minutes from the start of its weekday, `end` may pass 1440 (overnight). */
export interface Interval {
	weekday: number;
	start: number;
	end: number;
	label: string;
}

export interface Closure {
	name: string;
	from: string;
	to: string;
}

export interface BusinessHours {
	timeZone: string;
	intervals: Interval[];
	closures: Closure[];
	override: HoursOverride;
}

export interface HoursState {
	open: boolean;
	/** `open: within Monday 09:00–13:00`, `closed: holiday "Christmas"`, `closed: outside business hours` … */
	reason: string;
	/** The holiday or closure that closes the business now, if one does. */
	closure: string | null;
	/** When the current closed period began (ISO, UTC); null when open or when it is unknown. */
	closedSince: string | null;
	/** When the business next opens (ISO, UTC); null when open, or when it never opens within a year. */
	nextOpening: string | null;
	/** When the business next closes (ISO, UTC); null when closed, or when open through the next year. */
	nextClosing: string | null;
	/** The local time the decision was made for, in the schedule's zone (ISO with offset). */
	localTime: string;
	/**
	 * A stable name of the closed period (for "once per closed period"): its start, or for a forced
	 * close the local date. Null when open.
	 */
	periodKey: string | null;
}

const DAY_MS = 24 * 60 * 60 * 1000;
/** How far "next opening" and "closed since" look: a year covers any closure a person writes. */
const SEARCH_DAYS = 370;

function parseDay(input: DayInput, field: string): number[] {
	if (typeof input === 'number' && Number.isInteger(input) && input >= 1 && input <= 7) return [input];
	const text = String(input ?? '').trim().toLowerCase();
	if (/^[1-7]$/.test(text)) return [Number(text)];
	if (DAY_GROUPS[text]) return DAY_GROUPS[text];
	const index = WEEKDAY_NAMES.findIndex((name) => name.toLowerCase() === text || name.toLowerCase().slice(0, 3) === text);
	if (index >= 0) return [index + 1];
	throw new WhatsAppValidationError(
		field,
		`${field}: "${String(input)}" is not a day; use Monday … Sunday, weekdays, weekend or everyday`,
	);
}

/** Minutes since midnight of HH:mm; 24:00 is allowed as an end. */
export function parseClock(value: unknown, field: string, allowEndOfDay: boolean): number {
	const text = String(value ?? '').trim();
	const match = /^(\d{1,2}):(\d{2})$/.exec(text);
	const minutes = match ? Number(match[1]) * 60 + Number(match[2]) : Number.NaN;
	const valid = match !== null && Number(match[2]) < 60 && (minutes < 1440 || (allowEndOfDay && minutes === 1440));
	if (!valid) {
		throw new WhatsAppValidationError(
			field,
			`${field}: "${text}" is not a time of day; use 24-hour HH:mm such as 09:00 or 17:30${allowEndOfDay ? ' (24:00 for midnight at the end of the day)' : ''}`,
		);
	}
	return minutes;
}

function clock(minutes: number): string {
	const m = ((minutes % 1440) + 1440) % 1440;
	if (minutes === 1440) return '24:00';
	return `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
}

function parseDate(value: unknown, field: string): string {
	const text = String(value ?? '').trim();
	// Accept a date picker's full ISO value too: only its calendar date counts.
	const date = /^(\d{4}-\d{2}-\d{2})/.exec(text)?.[1];
	if (!date || !DateTime.fromISO(date, { zone: 'UTC' }).isValid) {
		throw new WhatsAppValidationError(field, `${field}: "${text}" is not a date; use YYYY-MM-DD such as 2025-12-25`);
	}
	return date;
}

export function checkTimeZone(timeZone: unknown, field = 'Time Zone'): string {
	const zone = String(timeZone ?? '').trim();
	if (zone === '' || !IANAZone.isValidZone(zone)) {
		throw new WhatsAppValidationError(
			field,
			`${field}: "${zone}" is not an IANA time zone; use a name such as Europe/Madrid, America/New_York or UTC`,
		);
	}
	return zone;
}

/**
 * Checks and normalises a schedule. Refuses an unknown zone, a malformed time or date, an empty
 * interval, a closure that ends before it starts, and two intervals that overlap anywhere in the
 * week (an overnight interval included).
 */
export function parseBusinessHours(input: BusinessHoursInput): BusinessHours {
	const timeZone = checkTimeZone(input.timeZone);
	const override = input.override ?? 'schedule';
	if (!['schedule', 'open', 'closed'].includes(override)) {
		throw new WhatsAppValidationError('Override', `Override must be schedule, open or closed, not "${String(override)}"`);
	}
	const intervals: Interval[] = [];
	(input.intervals ?? []).forEach((entry, index) => {
		const field = `Opening Hours ${index + 1}`;
		const days = parseDay(entry.day, `${field} Day`);
		const start = parseClock(entry.from, `${field} From`, false);
		const to = parseClock(entry.to, `${field} To`, true);
		if (to === start) {
			throw new WhatsAppValidationError(
				`${field} To`,
				`${field}: From and To are both ${clock(start)}, an empty interval; use 00:00–24:00 for a whole day`,
			);
		}
		// An end before the start runs past midnight into the next day.
		const end = to > start ? to : to + 1440;
		for (const weekday of days) {
			intervals.push({ weekday, start, end, label: `${WEEKDAY_NAMES[weekday - 1]} ${clock(start)}–${clock(to)}` });
		}
	});
	checkOverlaps(intervals);
	intervals.sort((a, b) => a.weekday - b.weekday || a.start - b.start);

	const closures: Closure[] = (input.closures ?? []).map((entry, index) => {
		const field = `Closure ${index + 1}`;
		const from = parseDate(entry.from, `${field} From`);
		const to = entry.to === undefined || String(entry.to).trim() === '' ? from : parseDate(entry.to, `${field} To`);
		if (to < from) {
			throw new WhatsAppValidationError(`${field} To`, `${field}: the range ends (${to}) before it starts (${from})`);
		}
		const name = String(entry.name ?? '').trim() || (from === to ? `closed ${from}` : `closed ${from}–${to}`);
		return { name, from, to };
	});
	return { timeZone, intervals, closures, override };
}

function checkOverlaps(intervals: Interval[]): void {
	const week = 7 * 1440;
	const spans = intervals.map((interval) => ({
		interval,
		start: (interval.weekday - 1) * 1440 + interval.start,
		end: (interval.weekday - 1) * 1440 + interval.end,
	}));
	for (let a = 0; a < spans.length; a++) {
		for (let b = a + 1; b < spans.length; b++) {
			// Sunday night runs into Monday: compare each pair shifted by a week too.
			const overlap = [-week, 0, week].some(
				(shift) => spans[a].start < spans[b].end + shift && spans[b].start + shift < spans[a].end,
			);
			if (overlap) {
				throw new WhatsAppValidationError(
					'Opening Hours',
					`Opening Hours: ${spans[a].interval.label} overlaps ${spans[b].interval.label}; make the intervals not overlap (they may touch, like 09:00–13:00 and 13:00–17:00)`,
				);
			}
		}
	}
}

interface Range {
	start: number;
	end: number;
	label: string;
}

function localMinute(date: DateTime, minutes: number): DateTime {
	// Wall-clock arithmetic: 24:00 or 30:00 (overnight) lands on the next day at that local time.
	// A time that does not exist (the hour skipped in spring) is moved forward by luxon.
	return date.startOf('day').plus({ days: Math.floor(minutes / 1440) }).set({ hour: Math.floor((minutes % 1440) / 60), minute: minutes % 60 });
}

function closureOn(hours: BusinessHours, isoDate: string): Closure | undefined {
	return hours.closures.find((closure) => closure.from <= isoDate && isoDate <= closure.to);
}

/**
 * The opening ranges (epoch ms) of intervals starting on local dates `firstDay` … `lastDay`,
 * with closed dates cut out and touching ranges merged.
 */
function openRanges(hours: BusinessHours, firstDay: DateTime, lastDay: DateTime): Range[] {
	const pieces: Range[] = [];
	for (let day = firstDay.startOf('day'); day <= lastDay; day = day.plus({ days: 1 })) {
		for (const interval of hours.intervals) {
			if (interval.weekday !== day.weekday) continue;
			const start = localMinute(day, interval.start);
			const end = localMinute(day, interval.end);
			// Split at local midnights so a closed date only removes its own part of an overnight interval.
			let cursor = start;
			while (cursor < end) {
				const midnight = cursor.startOf('day').plus({ days: 1 });
				const pieceEnd = end < midnight ? end : midnight;
				if (!closureOn(hours, cursor.toISODate()!)) {
					pieces.push({ start: cursor.toMillis(), end: pieceEnd.toMillis(), label: interval.label });
				}
				cursor = pieceEnd;
			}
		}
	}
	pieces.sort((a, b) => a.start - b.start);
	const merged: Range[] = [];
	for (const piece of pieces) {
		const last = merged[merged.length - 1];
		if (last && piece.start <= last.end) last.end = Math.max(last.end, piece.end);
		else merged.push({ ...piece });
	}
	return merged;
}

/** Is the business open at `at`, why, since when closed, and when it next opens or closes. */
export function evaluateHours(hours: BusinessHours, at: number): HoursState {
	const local = DateTime.fromMillis(at, { zone: hours.timeZone });
	const localTime = local.toISO()!;
	const base = { localTime, closure: null, closedSince: null, nextOpening: null, nextClosing: null, periodKey: null };
	if (hours.override === 'open') return { ...base, open: true, reason: 'open, override "open now"' };
	if (hours.override === 'closed') {
		return { ...base, open: false, reason: 'closed, override "closed now"', periodKey: `override:${local.toISODate()}` };
	}

	// A week either side covers the common cases; a long closure widens the search up to a year.
	let back = 8;
	let ahead = 8;
	for (;;) {
		const ranges = openRanges(hours, local.minus({ days: back + 1 }), local.plus({ days: ahead }));
		const current = ranges.find((range) => range.start <= at && at < range.end);
		const closure = closureOn(hours, local.toISODate()!);
		if (current) {
			// A range that reaches the end of what was generated may go on: look further, then give up.
			const horizon = local.plus({ days: ahead - 1 }).toMillis();
			if (current.end >= horizon && ahead < SEARCH_DAYS) {
				ahead = SEARCH_DAYS;
				continue;
			}
			const nextClosing = current.end >= horizon ? null : new Date(current.end).toISOString();
			return { ...base, open: true, reason: `open, within ${current.label}`, nextClosing };
		}
		const previous = [...ranges].reverse().find((range) => range.end <= at);
		const next = ranges.find((range) => range.start > at);
		const needBack = !previous && back < SEARCH_DAYS && hours.intervals.length > 0;
		const needAhead = !next && ahead < SEARCH_DAYS && hours.intervals.length > 0;
		if (needBack || needAhead) {
			if (needBack) back = Math.min(SEARCH_DAYS, back * 4);
			if (needAhead) ahead = Math.min(SEARCH_DAYS, ahead * 4);
			continue;
		}
		const closedSince = previous ? new Date(previous.end).toISOString() : null;
		const nextOpening = next ? new Date(next.start).toISOString() : null;
		let reason: string;
		if (closure) reason = `closed, holiday "${closure.name}"`;
		else if (hours.intervals.length === 0) reason = 'closed, no opening hours set';
		else reason = 'closed, outside business hours';
		if (nextOpening) reason += `, opens ${DateTime.fromMillis(next!.start, { zone: hours.timeZone }).toFormat("ccc d LLL HH:mm")}`;
		return {
			...base,
			open: false,
			reason,
			closure: closure?.name ?? null,
			closedSince,
			nextOpening,
			// Without a known start (never opened within a year) the period is named by its day.
			periodKey: closedSince ?? `day:${local.toISODate()}`,
		};
	}
}

/** Whole days between two instants, rounded down (for "silent 16 days"). */
export function wholeDaysBetween(earlier: number, later: number): number {
	return Math.floor((later - earlier) / DAY_MS);
}
