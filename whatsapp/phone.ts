/**
 * Recipient numbers in Meta's form: digits only, with the country code. Meta accepts `+`, spaces,
 * dashes and parentheses, but a number without a country code would be read with the business
 * number's country code, which silently reaches the wrong person; so we insist on one.
 */
import { WhatsAppValidationError } from './validation';

/** E.164 allows at most 15 digits; the shortest real international numbers have 8. */
const MIN_DIGITS = 8;
const MAX_DIGITS = 15;

export function normalizeRecipient(input: unknown, field = 'Recipient'): string {
	if (typeof input === 'number' && Number.isSafeInteger(input)) input = String(input);
	if (typeof input !== 'string' || input.trim() === '') {
		throw new WhatsAppValidationError(field, `${field} is required: a phone number with country code, such as +15551234567`);
	}
	const raw = input.trim();
	if (!/^[+\d\s().-]+$/.test(raw.replace(/^00/, '+'))) {
		throw new WhatsAppValidationError(field, `${field} "${raw}" is not a phone number: use digits with the country code, such as +15551234567`);
	}
	let digits = raw.replace(/\D/g, '');
	// 00 is the international prefix in much of the world: 0049… is +49….
	if (raw.startsWith('00')) digits = digits.slice(2);
	if (digits.startsWith('0')) {
		throw new WhatsAppValidationError(field, `${field} "${raw}" starts with a trunk 0: give the country code instead, such as +4915112345678`);
	}
	if (digits.length < MIN_DIGITS || digits.length > MAX_DIGITS) {
		throw new WhatsAppValidationError(field, `${field} "${raw}" has ${digits.length} digits; a phone number with country code has ${MIN_DIGITS} to ${MAX_DIGITS}`);
	}
	return digits;
}
