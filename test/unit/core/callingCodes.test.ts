import {
	CALLING_CODES,
	callingCodeOfCountry,
	countryChoices,
	countryOfNumber,
	fitsNationalNumber,
	isPlausibleInternational,
} from '../../../whatsapp/callingCodes';

describe('calling code table', () => {
	it('has one entry per identifying prefix, each with sane lengths', () => {
		const prefixes = CALLING_CODES.map((entry) => entry.prefix);
		expect(new Set(prefixes).size).toBe(prefixes.length);
		for (const entry of CALLING_CODES) {
			expect(entry.prefix.startsWith(entry.callingCode)).toBe(true);
			expect(entry.callingCode).toMatch(/^[1-9]\d{0,2}$/);
			expect(entry.nsnMin).toBeGreaterThanOrEqual(4);
			expect(entry.nsnMax).toBeGreaterThanOrEqual(entry.nsnMin);
			// E.164: at most 15 digits with the country code.
			expect(entry.callingCode.length + entry.nsnMax).toBeLessThanOrEqual(15);
			for (const iso of entry.countries) expect(iso).toMatch(/^[A-Z]{2}$/);
		}
	});

	it('covers every zone and the large WhatsApp markets', () => {
		const markets = ['BR', 'IN', 'ID', 'MX', 'DE', 'GB', 'US', 'CA', 'ES', 'IT', 'FR', 'AR', 'CO', 'NG', 'ZA', 'TR', 'RU', 'EG', 'SA', 'AE', 'PK', 'PH', 'KE', 'NL', 'PT', 'CL', 'PE', 'MY', 'SG', 'AU', 'JP'];
		for (const iso of markets) {
			const entry = callingCodeOfCountry(iso);
			expect(entry).toBeDefined();
			expect(entry?.nsnPattern).toBeInstanceOf(RegExp);
		}
		expect(countryChoices().length).toBeGreaterThan(230);
	});

	it.each([
		['14155552671', 'US', '1', '4155552671'],
		['16135550123', 'CA', '1', '6135550123'],
		['12425551234', 'BS', '1', '2425551234'],
		['18095551234', 'DO', '1', '8095551234'],
		['5511987654321', 'BR', '55', '11987654321'],
		['919876543210', 'IN', '91', '9876543210'],
		['6281234567890', 'ID', '62', '81234567890'],
		['5215512345678', 'MX', '52', '15512345678'],
		['4915112345678', 'DE', '49', '15112345678'],
		['447911123456', 'GB', '44', '7911123456'],
		['447624123456', 'IM', '44', '7624123456'],
		['34612345678', 'ES', '34', '612345678'],
		['390612345678', 'IT', '39', '0612345678'],
		['390669812345', 'VA', '39', '0669812345'],
		['33612345678', 'FR', '33', '612345678'],
		['5491123456789', 'AR', '54', '91123456789'],
		['573001234567', 'CO', '57', '3001234567'],
		['2348031234567', 'NG', '234', '8031234567'],
		['27821234567', 'ZA', '27', '821234567'],
		['905321234567', 'TR', '90', '5321234567'],
		['79161234567', 'RU', '7', '9161234567'],
		['77011234567', 'KZ', '7', '7011234567'],
		['201012345678', 'EG', '20', '1012345678'],
		['966501234567', 'SA', '966', '501234567'],
		['971501234567', 'AE', '971', '501234567'],
		['923001234567', 'PK', '92', '3001234567'],
		['639171234567', 'PH', '63', '9171234567'],
		['254712345678', 'KE', '254', '712345678'],
		['31612345678', 'NL', '31', '612345678'],
		['351912345678', 'PT', '351', '912345678'],
		['56912345678', 'CL', '56', '912345678'],
		['51912345678', 'PE', '51', '912345678'],
		['60123456789', 'MY', '60', '123456789'],
		['6581234567', 'SG', '65', '81234567'],
		['61412345678', 'AU', '61', '412345678'],
		['819012345678', 'JP', '81', '9012345678'],
	])('%s is %s (+%s %s) and plausible', (digits, iso, callingCode, national) => {
		const match = countryOfNumber(digits);
		expect(match).toMatchObject({ iso, callingCode, nationalNumber: national });
		expect(isPlausibleInternational(digits)).toBe(true);
		expect(countryOfNumber(`+${digits}`)?.iso).toBe(iso);
	});

	it('takes the longest prefix on shared codes', () => {
		expect(countryOfNumber('4414811234567')?.iso).toBe('GG');
		expect(countryOfNumber('442071234567')?.iso).toBe('GB');
		expect(countryOfNumber('262269123456')?.iso).toBe('YT');
		expect(countryOfNumber('262262123456')?.iso).toBe('RE');
		expect(countryOfNumber('59991234567')?.iso).toBe('CW');
		expect(countryOfNumber('5997123456')?.iso).toBe('BQ');
	});

	it('answers undefined for what has no calling code', () => {
		expect(countryOfNumber('')).toBeUndefined();
		expect(countryOfNumber('0049151')).toBeUndefined();
		expect(countryOfNumber('2100000')).toBeUndefined(); // +21 alone is not assigned
		expect(countryOfNumber('12a4')).toBeUndefined();
		expect(countryOfNumber(undefined as unknown as string)).toBeUndefined();
	});

	it('tells implausible national parts apart', () => {
		expect(isPlausibleInternational('6315551234')).toBe(false); // (631) 555-1234 read as +63
		expect(isPlausibleInternational('11234567890')).toBe(false); // NANP area codes never start with 1
		expect(isPlausibleInternational('4915')).toBe(false);
		expect(isPlausibleInternational('5511887654321')).toBe(false); // 11 digits in Brazil are mobiles: 9…
		const br = callingCodeOfCountry('br');
		expect(br && fitsNationalNumber(br, '1132345678')).toBe(true); // São Paulo fixed line
	});

	it('finds a country by ISO code, its own code before shared area prefixes', () => {
		expect(callingCodeOfCountry('US')?.prefix).toBe('1');
		expect(callingCodeOfCountry('ca')?.callingCode).toBe('1');
		expect(callingCodeOfCountry('KZ')?.callingCode).toBe('7');
		expect(callingCodeOfCountry('GB')).toMatchObject({ prefix: '44', trunkPrefix: '0' });
		expect(callingCodeOfCountry('RU')?.trunkPrefix).toBe('8');
		expect(callingCodeOfCountry('IT')?.trunkPrefix).toBeUndefined();
		expect(callingCodeOfCountry('ZZ')).toBeUndefined();
	});
});
