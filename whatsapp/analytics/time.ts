/**
 * Wall-clock time for reports: days in the user's IANA time zone (so a day is 23 or 25 hours long
 * across a DST change, as people count it), and seconds inside weekly business hours.
 */
import { DateTime } from 'luxon';

import { WhatsAppValidationError } from '../validation';

/** Checks an IANA zone name such as `Europe/Berlin`; throws a validation error naming the field. */
export function checkTimeZone(zone: string, field = 'Time Zone'): string {
	const name = zone.trim() || 'UTC';
	if (!DateTime.now().setZone(name).isValid) {
		throw new WhatsAppValidationError(field, `${field} "${name.slice(0, 60)}" is not an IANA time zone; use a name such as Europe/Berlin, America/Sao_Paulo or UTC`);
	}
	return name;
}

/** The calendar day (`2026-03-29`) an instant falls on in `zone`. */
export function dayKey(ms: number, zone: string): string {
	return DateTime.fromMillis(ms, { zone }).toISODate() ?? '';
}

/** Every calendar day from `startMs` up to (not including) `endMs`, in `zone`. */
export function daysBetween(startMs: number, endMs: number, zone: string): string[] {
	const days: string[] = [];
	let cursor = DateTime.fromMillis(startMs, { zone }).startOf('day');
	while (cursor.toMillis() < endMs && days.length < 1000) {
		days.push(cursor.toISODate() ?? '');
		cursor = cursor.plus({ days: 1 });
	}
	return days;
}

/** Open intervals per weekday (1 = Monday … 7 = Sunday), in minutes after local midnight, end exclusive. */
export type WeeklyHours = Record<number, Array<[number, number]>>;

const WEEKDAYS: Record<string, number> = { mon: 1, tue: 2, wed: 3, thu: 4, fri: 5, sat: 6, sun: 7 };

function minutes(text: string, field: string): number {
	const match = /^(\d{1,2}):(\d{2})$/.exec(text);
	const value = match ? Number(match[1]) * 60 + Number(match[2]) : NaN;
	if (!match || Number(match[2]) > 59 || value > 24 * 60) {
		throw new WhatsAppValidationError(field, `${field}: "${text}" is not a time such as 09:00 or 17:30`);
	}
	return value;
}

function weekdays(text: string, field: string): number[] {
	const days: number[] = [];
	for (const part of text.toLowerCase().split(',')) {
		const [from, to] = part.split('-').map((day) => WEEKDAYS[day.trim().slice(0, 3)]);
		if (from === undefined || (part.includes('-') && to === undefined)) {
			throw new WhatsAppValidationError(field, `${field}: "${part.trim()}" is not a weekday or a range such as Mon-Fri`);
		}
		const last = to ?? from;
		for (let day = from; ; day = (day % 7) + 1) {
			days.push(day);
			if (day === last) break;
		}
	}
	return days;
}

/**
 * Parses `Mon-Fri 09:00-17:00; Sat 10:00-14:00`. Several ranges per day are allowed
 * (`Mon-Fri 09:00-12:00 13:00-17:00`), and a range that ends before it starts runs past midnight
 * (`Fri 22:00-02:00` is Friday 22:00–24:00 plus Saturday 00:00–02:00).
 */
export function parseWeeklyHours(spec: string, field = 'Business Hours'): WeeklyHours {
	const hours: WeeklyHours = { 1: [], 2: [], 3: [], 4: [], 5: [], 6: [], 7: [] };
	const rules = spec.split(/[;\n]/).map((rule) => rule.trim()).filter(Boolean);
	if (rules.length === 0) throw new WhatsAppValidationError(field, `${field} is empty; write for example "Mon-Fri 09:00-17:00"`);
	for (const rule of rules) {
		const [dayPart, ...ranges] = rule.split(/\s+/);
		if (ranges.length === 0) throw new WhatsAppValidationError(field, `${field}: "${rule}" has no hours; write for example "Mon-Fri 09:00-17:00"`);
		const days = weekdays(dayPart, field);
		for (const range of ranges) {
			const [from, to] = range.split('-');
			if (to === undefined) throw new WhatsAppValidationError(field, `${field}: "${range}" is not a range such as 09:00-17:00`);
			const start = minutes(from, field);
			const end = minutes(to, field);
			if (start === end) throw new WhatsAppValidationError(field, `${field}: "${range}" is empty`);
			for (const day of days) {
				if (end > start) hours[day].push([start, end]);
				else {
					hours[day].push([start, 24 * 60]);
					if (end > 0) hours[(day % 7) + 1].push([0, end]);
				}
			}
		}
	}
	return hours;
}

/** Seconds between two instants that fall inside the weekly hours, in `zone` (DST-correct). */
export function businessSeconds(fromMs: number, toMs: number, hours: WeeklyHours, zone: string): number {
	if (toMs <= fromMs) return 0;
	let total = 0;
	// Start a day early: an interval of the previous local day cannot reach past its midnight, but
	// the first day's own intervals must be seen whole.
	let day = DateTime.fromMillis(fromMs, { zone }).startOf('day');
	const lastDay = DateTime.fromMillis(toMs, { zone }).startOf('day');
	for (let guard = 0; day.toMillis() <= lastDay.toMillis() && guard < 3700; guard++) {
		for (const [startMinute, endMinute] of hours[day.weekday] ?? []) {
			const open = day.set({ hour: Math.floor(startMinute / 60), minute: startMinute % 60 }).toMillis();
			const close = endMinute === 24 * 60 ? day.plus({ days: 1 }).startOf('day').toMillis() : day.set({ hour: Math.floor(endMinute / 60), minute: endMinute % 60 }).toMillis();
			const overlap = Math.min(close, toMs) - Math.max(open, fromMs);
			if (overlap > 0) total += overlap;
		}
		day = day.plus({ days: 1 });
	}
	return total / 1000;
}
