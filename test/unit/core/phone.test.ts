import { normalizeRecipient, parseRecipient, recipientForSending } from '../../../whatsapp/phone';
import { WhatsAppValidationError } from '../../../whatsapp/validation';

describe('recipient rule', () => {
	it.each([
		['+1 (555) 123-4567', '15551234567'],
		['15551234567', '15551234567'],
		['0049 151 1234 5678', '4915112345678'],
		['+44 7700-900123', '447700900123'],
		[' +55 11 91234.5678 ', '5511912345678'],
	])('normalises %s to the digits %s', (input, expected) => {
		expect(normalizeRecipient(input)).toBe(expected);
	});

	it('accepts a wa_id given as a number, and sends it unchanged', () => {
		expect(normalizeRecipient(15551234567)).toBe('15551234567');
		expect(recipientForSending(15551234567)).toBe('15551234567');
		expect(recipientForSending('5511987654321')).toBe('5511987654321');
	});

	it('keeps the + form in what is sent for everything written with + or 00', () => {
		expect(recipientForSending('+1 (555) 123-4567')).toBe('+15551234567');
		expect(recipientForSending('0049 151 1234 5678')).toBe('+4915112345678');
		expect(recipientForSending('(631) 555-1234', 'Recipient', { defaultCountry: 'US' })).toBe('+16315551234');
	});

	it('refuses (631) 555-1234 without a default country: it must not go out as 6315551234', () => {
		expect(() => recipientForSending('(631) 555-1234')).toThrow(/has no country code: Meta would add your business number's country code.*set Default Country/);
		expect(() => recipientForSending('6315551234')).toThrow(/has no country code/);
		expect(() => recipientForSending('631-555-1234')).toThrow(/has no country code/);
		expect(() => recipientForSending('44 7911 123456')).toThrow(/has no country code/);
	});

	// Ten-plus countries, each in the forms people write: +, 00, spaces, trunk zero, national with a default country.
	it.each([
		// [ISO, E.164 digits, written forms that must all give it]
		['US', '16315551234', ['+1 (631) 555-1234', '001 631 555 1234', '+16315551234', '16315551234'], ['(631) 555-1234', '631-555-1234', '1 631 555 1234', '6315551234']],
		['BR', '5511987654321', ['+55 11 98765-4321', '0055 11 98765 4321', '5511987654321'], ['(11) 98765-4321', '011 98765-4321', '11987654321']],
		['IN', '919876543210', ['+91 98765 43210', '0091 9876543210', '919876543210'], ['98765 43210', '098765 43210', '9876543210']],
		['ID', '6281234567890', ['+62 812-3456-7890', '0062 812 3456 7890', '6281234567890'], ['0812-3456-7890', '081234567890']],
		['MX', '525512345678', ['+52 55 1234 5678', '0052 55 1234 5678', '525512345678'], ['55 1234 5678', '5512345678']],
		['DE', '4915112345678', ['+49 151 12345678', '+49 (0)151 12345678', '0049 151 12345678', '4915112345678'], ['0151 12345678', '015112345678']],
		['GB', '447911123456', ['+44 7911 123456', '+44 (0)7911 123456', '0044 7911 123456', '447911123456'], ['07911 123456', '07911123456']],
		['ES', '34612345678', ['+34 612 34 56 78', '0034 612345678', '34612345678'], ['612 34 56 78', '612345678']],
		['IT', '390612345678', ['+39 06 1234 5678', '0039 06 12345678', '390612345678'], ['06 1234 5678']],
		['FR', '33612345678', ['+33 6 12 34 56 78', '+33 (0)6 12 34 56 78', '0033 612345678', '33612345678'], ['06 12 34 56 78', '0612345678']],
		['NG', '2348031234567', ['+234 803 123 4567', '00234 8031234567', '2348031234567'], ['0803 123 4567', '08031234567']],
		['RU', '79161234567', ['+7 916 123-45-67', '+7 8 916 123 45 67', '007 916 1234567', '79161234567'], ['8 (916) 123-45-67', '89161234567']],
		['ZA', '27821234567', ['+27 82 123 4567', '0027 821234567', '27821234567'], ['082 123 4567', '0821234567']],
		['AU', '61412345678', ['+61 412 345 678', '0061 412 345 678', '61412345678'], ['0412 345 678', '0412345678']],
		['JP', '819012345678', ['+81 90-1234-5678', '0081 90 1234 5678', '819012345678'], ['090-1234-5678', '09012345678']],
		['AE', '971501234567', ['+971 50 123 4567', '00971 501234567', '971501234567'], ['050 123 4567', '0501234567']],
		['SG', '6581234567', ['+65 8123 4567', '0065 81234567', '6581234567'], ['8123 4567', '81234567']],
	])('%s: %s from every written form', (iso, digits, international, national) => {
		for (const written of international) {
			expect([written, parseRecipient(written).digits]).toEqual([written, digits]);
			// Also with a default country of elsewhere: an international number stays what it is.
			expect([written, parseRecipient(written, 'Recipient', { defaultCountry: iso === 'US' ? 'GB' : 'US' }).digits]).toEqual([written, digits]);
		}
		for (const written of national) {
			expect([written, recipientForSending(written, 'Recipient', { defaultCountry: iso })]).toEqual([written, `+${digits}`]);
			if (!/^\d+$/.test(written) || written.startsWith('0')) {
				// Without the default country a national number is refused, never sent as is.
				expect(() => parseRecipient(written)).toThrow(WhatsAppValidationError);
			}
		}
	});

	it('a wa_id of another country stays international under a default country', () => {
		expect(recipientForSending('5511987654321', 'Recipient', { defaultCountry: 'US' })).toBe('5511987654321');
		expect(recipientForSending('447911123456', 'Recipient', { defaultCountry: 'DE' })).toBe('447911123456');
		expect(recipientForSending('14155552671', 'Recipient', { defaultCountry: 'BR' })).toBe('14155552671');
	});

	it('refuses digits that read both ways rather than guess', () => {
		// 31 98765-4321 is Belo Horizonte for a Brazilian, +31 987654321 is not a Dutch range: national.
		expect(recipientForSending('31987654321', 'Recipient', { defaultCountry: 'BR' })).toBe('+5531987654321');
		// 45 1234 5678 is a German number and also +45 12345678 in Denmark: refused.
		expect(() => recipientForSending('4512345678', 'Recipient', { defaultCountry: 'DE' })).toThrow(/could be \+49 4512345678 \(Germany\) or \+45 12345678 \(Denmark\)/);
		// 60 1234 5678: not a Malaysian mobile range, a valid Indian one.
		expect(recipientForSending('6012345678', 'Recipient', { defaultCountry: 'IN' })).toBe('+916012345678');
	});

	it.each([
		['', /required/],
		['   ', /required/],
		['call me', /not a phone number/],
		['+1 555 abc 1234', /not a phone number/],
		['0151 12345678', /starts with a trunk 0/],
		['+1 555', /not a valid number for United States: after \+1 it has 3 digits, and numbers there have 10/],
		['+1234567890123456', /has 16 digits/],
		['+28 1234 5678', /does not start with a country calling code/],
		['+49 151', /not a valid number for Germany/],
	])('rejects %j with a message naming the problem', (input, message) => {
		expect(() => normalizeRecipient(input)).toThrow(message);
		try {
			normalizeRecipient(input, 'Customer Phone');
		} catch (error) {
			expect(error).toBeInstanceOf(WhatsAppValidationError);
			expect((error as WhatsAppValidationError).field).toBe('Customer Phone');
		}
	});

	it('names a bad default country and national numbers that do not fit it', () => {
		expect(() => recipientForSending('0151 12345678', 'Recipient', { defaultCountry: 'Germany' })).toThrow(/Default Country "Germany" is not an ISO country code/);
		expect(() => recipientForSending('0151 12', 'Recipient', { defaultCountry: 'DE' })).toThrow(/not a valid number for Germany/);
	});

	it('rejects values that are not strings or numbers', () => {
		expect(() => normalizeRecipient({ phone: '1' })).toThrow(/required/);
		expect(() => normalizeRecipient(undefined)).toThrow(/required/);
	});
});
