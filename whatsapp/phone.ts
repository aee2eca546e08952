/**
 * Recipient numbers: the one rule every send, template, campaign and contact-book key goes
 * through. Meta reads a number without a country code with the business number's country code,
 * so `(631) 555-1234` sent as `6315551234` reaches whoever owns +63 155 51234, or someone in the
 * business's own country: a stranger either way. So a number is taken only when its country is
 * certain:
 *
 * - `+` or `00` in front: international. The calling code must exist and the national part must
 *   have that country's length (a `(0)` trunk digit after the code is dropped: `+44 (0)20 …`).
 * - digits only, nothing else (the form of a `wa_id` in Meta's webhooks): international, when the
 *   digits start with a calling code and the rest has that country's length. Sent as given.
 * - anything else (spaces, dashes, parentheses, a leading trunk `0`) is a national number: refused,
 *   unless a Default Country is given, which turns it into `+<code><number>` (its trunk prefix
 *   dropped, its length checked).
 * - digits only with a Default Country: national when only that reading fits, international when
 *   only that one does; when both fit by length, the number ranges of the large markets decide,
 *   and a number that still reads both ways is refused rather than guessed.
 *
 * What is sent keeps the `+` form; digits-only input (a wa_id) is sent unchanged.
 */
import type { CallingCodeEntry } from './callingCodes';
import { callingCodeOfCountry, countryOfNumber, fitsNationalNumber } from './callingCodes';
import { WhatsAppValidationError } from './validation';

/** E.164 allows at most 15 digits; the shortest real international numbers have 7. */
const MIN_DIGITS = 7;
const MAX_DIGITS = 15;

export interface RecipientOptions {
	/** ISO 3166-1 alpha-2 country (such as `US`, `BR`) for numbers written without a country code. */
	defaultCountry?: string;
}

export interface Recipient {
	/** E.164 digits without `+`: the number's key (contact book, de-duplication). */
	digits: string;
	/** What goes into Meta's `to`: `+<digits>`, or the digits unchanged when given as a wa_id. */
	to: string;
	/** ISO country of the number, when the calling code names one. */
	country?: string;
}

const EXAMPLE = 'such as +15551234567';

function show(raw: string): string {
	return raw.length > 40 ? `${raw.slice(0, 40)}…` : raw;
}

function lengths(entry: CallingCodeEntry): string {
	return entry.nsnMin === entry.nsnMax ? `${entry.nsnMin}` : `${entry.nsnMin} to ${entry.nsnMax}`;
}

function defaultCountryEntry(options: RecipientOptions): CallingCodeEntry | undefined {
	const iso = options.defaultCountry?.trim();
	if (!iso) return undefined;
	const entry = callingCodeOfCountry(iso);
	if (!entry) throw new WhatsAppValidationError('Default Country', `Default Country "${show(iso)}" is not an ISO country code such as US, BR or DE`);
	return entry;
}

/** Digits after `+`/`00` → the international number, with a stray trunk digit after the code dropped. */
function international(field: string, raw: string, digits: string): Recipient {
	const match = countryOfNumber(digits);
	if (!match) {
		throw new WhatsAppValidationError(field, `${field} "${show(raw)}" does not start with a country calling code: use the international form, ${EXAMPLE}`);
	}
	let national = match.nationalNumber;
	const tooLong = national.length > match.nsnMax;
	if (match.trunkPrefix && national.startsWith(match.trunkPrefix) && (tooLong || !fitsNationalNumber(match, national))) {
		const stripped = national.slice(match.trunkPrefix.length);
		if (stripped.length >= match.nsnMin && stripped.length <= match.nsnMax) national = stripped;
	}
	if (national.length < match.nsnMin || national.length > match.nsnMax) {
		throw new WhatsAppValidationError(
			field,
			`${field} "${show(raw)}" is not a valid number for ${match.name}: after +${match.callingCode} it has ${national.length} digits, and numbers there have ${lengths(match)}`,
		);
	}
	const e164 = match.callingCode + national;
	return { digits: e164, to: `+${e164}`, ...(match.iso ? { country: match.iso } : {}) };
}

/** Whether digits read as an international number fit its country by length. */
function fitsByLength(digits: string): boolean {
	const match = countryOfNumber(digits);
	return match !== undefined && match.nationalNumber.length >= match.nsnMin && match.nationalNumber.length <= match.nsnMax;
}

/** The national reading of digits in the default country, or undefined when they cannot be one. */
function nationalReading(entry: CallingCodeEntry, digits: string): string | undefined {
	let national = digits;
	if (entry.trunkPrefix && national.startsWith(entry.trunkPrefix) && national.length - entry.trunkPrefix.length >= entry.nsnMin) {
		national = national.slice(entry.trunkPrefix.length);
	}
	if (national.startsWith('0') && entry.trunkPrefix === '0') return undefined;
	return national.length >= entry.nsnMin && national.length <= entry.nsnMax ? national : undefined;
}

function national(entry: CallingCodeEntry, nsn: string): Recipient {
	const e164 = entry.callingCode + nsn;
	return { digits: e164, to: `+${e164}`, ...(entry.countries[0] ? { country: entry.countries[0] } : {}) };
}

/** The one recipient rule (see the file comment). Throws WhatsAppValidationError with what to do. */
export function parseRecipient(input: unknown, field = 'Recipient', options: RecipientOptions = {}): Recipient {
	if (typeof input === 'number' && Number.isSafeInteger(input) && input > 0) input = String(input);
	if (typeof input !== 'string' || input.trim() === '') {
		throw new WhatsAppValidationError(field, `${field} is required: a phone number with country code, ${EXAMPLE}`);
	}
	const raw = input.trim();
	if (!/^(?:\+|00)?[\d\s().\-/]+$/.test(raw) || !/\d/.test(raw)) {
		throw new WhatsAppValidationError(field, `${field} "${show(raw)}" is not a phone number: use digits with the country code, ${EXAMPLE}`);
	}
	const digits = raw.replace(/\D/g, '');
	const withPlus = raw.startsWith('+');
	const withZeroZero = !withPlus && raw.startsWith('00');
	if (withPlus || withZeroZero) {
		// 00 is the international prefix in much of the world: 0049… is +49….
		const rest = withZeroZero ? digits.slice(2) : digits;
		if (rest.length > MAX_DIGITS) {
			throw new WhatsAppValidationError(field, `${field} "${show(raw)}" has ${rest.length} digits; a phone number with country code has at most ${MAX_DIGITS}`);
		}
		return international(field, raw, rest);
	}

	const country = defaultCountryEntry(options);
	const digitsOnly = /^\d+$/.test(raw);
	if (!country) {
		if (digitsOnly && !digits.startsWith('0') && digits.length <= MAX_DIGITS && fitsByLength(digits)) {
			const match = countryOfNumber(digits)!;
			return { digits, to: digits, ...(match.iso ? { country: match.iso } : {}) };
		}
		if (digits.length < MIN_DIGITS || digits.length > MAX_DIGITS) {
			throw new WhatsAppValidationError(field, `${field} "${show(raw)}" has ${digits.length} digits; a phone number with country code has ${MIN_DIGITS} to ${MAX_DIGITS}, such as +15551234567`);
		}
		const why = digits.startsWith('0') ? 'starts with a trunk 0, so it is a national number' : 'has no country code';
		throw new WhatsAppValidationError(
			field,
			`${field} "${show(raw)}" ${why}: Meta would add your business number's country code and could reach a stranger. Write it with + and the country code, ${EXAMPLE}, or set Default Country`,
		);
	}

	const nsn = nationalReading(country, digits);
	if (!digitsOnly) {
		if (nsn === undefined) {
			throw new WhatsAppValidationError(
				field,
				`${field} "${show(raw)}" is not a valid number for ${country.name}: numbers there have ${lengths(country)} digits${country.trunkPrefix ? ` after the trunk prefix ${country.trunkPrefix}` : ''}. Numbers of other countries need + and their country code`,
			);
		}
		return national(country, nsn);
	}
	// Digits only: a wa_id of any country, or a national number of the default country.
	const asInternational = digits.length <= MAX_DIGITS && !digits.startsWith('0') && fitsByLength(digits);
	const writtenWithTrunk = country.trunkPrefix !== undefined && digits.startsWith(country.trunkPrefix) && nsn !== undefined;
	if (nsn !== undefined && (!asInternational || writtenWithTrunk)) {
		// NANP's trunk prefix is its calling code: 1 555… is the same number either way.
		return national(country, nsn);
	}
	if (nsn === undefined && asInternational) {
		const match = countryOfNumber(digits)!;
		return { digits, to: digits, ...(match.iso ? { country: match.iso } : {}) };
	}
	if (nsn !== undefined && asInternational) {
		const match = countryOfNumber(digits)!;
		const nationalFits = fitsNationalNumber(country, nsn);
		const internationalFits = fitsNationalNumber(match, match.nationalNumber);
		if (nationalFits && !internationalFits) return national(country, nsn);
		if (internationalFits && !nationalFits) return { digits, to: digits, ...(match.iso ? { country: match.iso } : {}) };
		throw new WhatsAppValidationError(
			field,
			`${field} "${show(raw)}" could be +${country.callingCode} ${nsn} (${country.name}) or +${match.callingCode} ${match.nationalNumber} (${match.name}): write it with + and the country code`,
		);
	}
	throw new WhatsAppValidationError(
		field,
		`${field} "${show(raw)}" is neither a number for ${country.name} (${lengths(country)} digits) nor a number with country code: write it with + and the country code, ${EXAMPLE}`,
	);
}

/** The number's E.164 digits without `+` (the key of contacts, de-duplication, analytics filters). */
export function normalizeRecipient(input: unknown, field = 'Recipient', options: RecipientOptions = {}): string {
	return parseRecipient(input, field, options).digits;
}

/** What to put into Meta's `to`: the `+` form, or a wa_id unchanged. */
export function recipientForSending(input: unknown, field = 'Recipient', options: RecipientOptions = {}): string {
	return parseRecipient(input, field, options).to;
}
