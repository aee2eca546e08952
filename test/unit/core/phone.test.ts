import { normalizeRecipient } from '../../../whatsapp/phone';
import { WhatsAppValidationError } from '../../../whatsapp/validation';

describe('normalizeRecipient', () => {
	it.each([
		['+1 (555) 123-4567', '15551234567'],
		['15551234567', '15551234567'],
		['0049 151 1234 5678', '4915112345678'],
		['+44 7700-900123', '447700900123'],
		[' +55 11 91234.5678 ', '5511912345678'],
	])('normalises %s to %s', (input, expected) => {
		expect(normalizeRecipient(input)).toBe(expected);
	});

	it('accepts a wa_id given as a number', () => {
		expect(normalizeRecipient(15551234567)).toBe('15551234567');
	});

	it.each([
		['', /required/],
		['   ', /required/],
		['call me', /not a phone number/],
		['+1 555 abc 1234', /not a phone number/],
		['0151 12345678', /trunk 0/],
		['+1 555', /has 4 digits/],
		['+1234567890123456', /has 16 digits/],
	])('rejects %j with a message naming the problem', (input, message) => {
		expect(() => normalizeRecipient(input)).toThrow(message);
		try {
			normalizeRecipient(input, 'Customer Phone');
		} catch (error) {
			expect(error).toBeInstanceOf(WhatsAppValidationError);
			expect((error as WhatsAppValidationError).field).toBe('Customer Phone');
		}
	});

	it('rejects values that are not strings or numbers', () => {
		expect(() => normalizeRecipient({ phone: '1' })).toThrow(/required/);
		expect(() => normalizeRecipient(undefined)).toThrow(/required/);
	});
});
