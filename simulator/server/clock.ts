/**
 * The simulator's virtual clock: an offset on top of its base clock (the `clock` option, default
 * `Date.now`). Everything Meta would stamp follows it: webhook and status timestamps, the 24-hour
 * customer-service window, template and media times. Rate windows (80 msg/s, the pair rate) stay
 * on the base clock, so a jump of a day does not refill or drain a bucket.
 *
 * Jumps are written the way a person says them:
 *   "+25h", "+90m", "+14d", "-2h"           relative to the virtual now
 *   "tonight 22:00", "today 09:30"           today at that wall time (tomorrow if already past, for "tonight")
 *   "tomorrow 08:00", "next Monday 09:00"    a later day at that wall time
 *   "2026-06-02T22:00:00Z" (any ISO time)    an absolute instant
 * Wall times are read in a time zone (IANA, e.g. "Europe/Madrid"; default UTC).
 */
/* eslint-disable @n8n/community-nodes/require-node-api-error -- dev tool that runs in Node, not inside n8n (it emulates Meta's HTTP server) */

const UNIT_MS: Record<string, number> = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 7 * 86_400_000 };
const WEEKDAYS = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'];

/** A thrown clock error carries the HTTP status the control API answers with. */
export class ClockError extends Error {
	readonly status = 400;
}

interface WallTime {
	year: number;
	month: number;
	day: number;
	hour: number;
	minute: number;
	second: number;
	weekday: number;
}

export function assertTimeZone(timeZone: string): void {
	try {
		new Intl.DateTimeFormat('en-US', { timeZone }).format(0);
	} catch {
		throw new ClockError(`Unknown time zone "${timeZone}": use an IANA name such as "Europe/Madrid" or "UTC".`);
	}
}

/** The wall-clock reading of an instant in a time zone. */
export function wallTime(ms: number, timeZone: string): WallTime {
	const parts = new Intl.DateTimeFormat('en-US', {
		timeZone,
		hourCycle: 'h23',
		year: 'numeric',
		month: 'numeric',
		day: 'numeric',
		hour: 'numeric',
		minute: 'numeric',
		second: 'numeric',
		weekday: 'long',
	}).formatToParts(new Date(ms));
	const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '0';
	return {
		year: Number(get('year')),
		month: Number(get('month')),
		day: Number(get('day')),
		hour: Number(get('hour')) % 24,
		minute: Number(get('minute')),
		second: Number(get('second')),
		weekday: WEEKDAYS.indexOf(get('weekday').toLowerCase()),
	};
}

/** The instant at which the wall clock of `timeZone` shows the given date and time. */
export function zonedInstant(year: number, month: number, day: number, hour: number, minute: number, timeZone: string): number {
	const target = Date.UTC(year, month - 1, day, hour, minute);
	let guess = target;
	// Two corrections settle any zone offset (the second one handles a DST edge between guess and result).
	for (let i = 0; i < 3; i++) {
		const w = wallTime(guess, timeZone);
		const shown = Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second);
		const diff = target - shown;
		if (diff === 0) break;
		guess += diff;
	}
	return guess;
}

/** Resolves a jump expression against `nowMs`; returns the new instant. */
export function resolveJump(expression: string, nowMs: number, timeZone = 'UTC'): number {
	assertTimeZone(timeZone);
	const text = expression.trim().toLowerCase().replace(/\s+/g, ' ');
	const relative = /^([+-])\s?(\d+(?:\.\d+)?)\s?(s|m|h|d|w)$/.exec(text);
	if (relative) return nowMs + (relative[1] === '-' ? -1 : 1) * Number(relative[2]) * UNIT_MS[relative[3]];
	const wall = /^(today|tonight|tomorrow|next (sunday|monday|tuesday|wednesday|thursday|friday|saturday)|(sunday|monday|tuesday|wednesday|thursday|friday|saturday))(?: (?:at )?(\d{1,2}):(\d{2}))?$/.exec(text);
	if (wall) {
		const [, word, nextDay, plainDay, hh, mm] = wall;
		const hour = hh === undefined ? (word === 'tonight' ? 22 : 9) : Number(hh);
		const minute = mm === undefined ? 0 : Number(mm);
		if (hour > 23 || minute > 59) throw new ClockError(`"${expression}": the time must be HH:MM between 00:00 and 23:59.`);
		const today = wallTime(nowMs, timeZone);
		let addDays = 0;
		if (word === 'tomorrow') addDays = 1;
		const dayName = nextDay ?? plainDay;
		if (dayName) {
			addDays = (WEEKDAYS.indexOf(dayName) - today.weekday + 7) % 7;
			if (addDays === 0) addDays = 7;
		}
		const at = (days: number) => {
			// Calendar arithmetic on the wall date, then back to an instant in the zone.
			const date = new Date(Date.UTC(today.year, today.month - 1, today.day + days));
			return zonedInstant(date.getUTCFullYear(), date.getUTCMonth() + 1, date.getUTCDate(), hour, minute, timeZone);
		};
		let result = at(addDays);
		if (word === 'tonight' && result <= nowMs) result = at(1);
		return result;
	}
	if (/^\d{4}-\d{2}-\d{2}/.test(text)) {
		const parsed = Date.parse(expression.trim());
		if (!Number.isNaN(parsed)) return parsed;
	}
	throw new ClockError(
		`Cannot read the time "${expression}": use "+25h", "+14d", "tonight 22:00", "tomorrow 08:00", "next Monday 09:00" or an ISO time.`,
	);
}

export interface ClockView {
	now: number;
	iso: string;
	offsetMs: number;
	timeZone: string;
	/** The wall time in the clock's time zone, e.g. "Mon 2026-06-01 22:00". */
	local: string;
}

export class VirtualClock {
	offsetMs = 0;
	timeZone = 'UTC';

	constructor(private base: () => number) {}

	setBase(base: () => number): void {
		this.base = base;
	}

	/** The base clock (real time unless the `clock` option says otherwise). */
	realNow(): number {
		return this.base();
	}

	now(): number {
		return this.base() + this.offsetMs;
	}

	/** Moves the virtual now to `expression` (see the module comment); the past is allowed too. */
	jump(expression: string, timeZone?: string): ClockView {
		if (timeZone !== undefined) {
			assertTimeZone(timeZone);
			this.timeZone = timeZone;
		}
		const target = resolveJump(expression, this.now(), this.timeZone);
		this.offsetMs = target - this.base();
		return this.view();
	}

	set(instant: number | string): ClockView {
		const ms = typeof instant === 'number' ? instant : Date.parse(instant);
		if (!Number.isFinite(ms)) throw new ClockError(`"${String(instant)}" is not a time: give an ISO time or epoch milliseconds.`);
		this.offsetMs = ms - this.base();
		return this.view();
	}

	reset(): ClockView {
		this.offsetMs = 0;
		return this.view();
	}

	view(): ClockView {
		const now = this.now();
		const w = wallTime(now, this.timeZone);
		const pad = (n: number) => String(n).padStart(2, '0');
		const day = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'][w.weekday] ?? '';
		return {
			now,
			iso: new Date(now).toISOString(),
			offsetMs: this.offsetMs,
			timeZone: this.timeZone,
			local: `${day} ${w.year}-${pad(w.month)}-${pad(w.day)} ${pad(w.hour)}:${pad(w.minute)}`,
		};
	}
}
