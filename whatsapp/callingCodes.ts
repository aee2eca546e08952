/**
 * International calling codes (ITU-T E.164 country codes) and what each says about the numbers
 * behind it: the country (ISO 3166-1 alpha-2), how many digits the national significant number
 * has, and the trunk prefix people dial in front of it at home (the `0` of `0151 …`).
 *
 * Some codes are shared: +1 (the North American Numbering Plan), +7 (Russia and Kazakhstan), +44
 * (the UK and the Crown Dependencies), +262, +590, +599, +61, +672… There the country is told by
 * the digits after the code (an NANP area code, Kazakhstan's 6/7), so an entry has a `prefix` (all
 * the digits that identify it) besides its `callingCode`, and a lookup takes the longest prefix.
 *
 * Lengths are the national significant number (after the calling code, without the trunk prefix).
 * They are exact for the large WhatsApp markets, which also carry a pattern of the number ranges
 * that are really used (`nsnPattern`); for the others they are the published ranges, kept a little
 * generous, since refusing a real number is the lesser harm only when we cannot tell at all.
 */

export interface CallingCodeEntry {
	/** Digits after `+` that identify this entry: the calling code, plus area digits on a shared code. */
	readonly prefix: string;
	/** The E.164 country code (`1`, `44`, `971`). */
	readonly callingCode: string;
	/** ISO 3166-1 alpha-2 codes, the main one first; empty for non-geographic codes (+800, +882…). */
	readonly countries: readonly string[];
	readonly name: string;
	/** Fewest and most digits of the national significant number (what follows the calling code). */
	readonly nsnMin: number;
	readonly nsnMax: number;
	/** What is dialled before the national number within the country (`0`, `8` in Russia, `1` on NANP). */
	readonly trunkPrefix?: string;
	/** Number ranges in real use, for the large markets: a stricter check than the lengths. */
	readonly nsnPattern?: RegExp;
}

export interface CountryOfNumber extends CallingCodeEntry {
	/** The main ISO country code of the entry (undefined for non-geographic codes). */
	readonly iso: string | undefined;
	/** The digits after the calling code. */
	readonly nationalNumber: string;
}

// [calling code, ISO codes ('|'-separated), name, NSN min, NSN max, trunk prefix, extra prefix digits]
type Row = [string, string, string, number, number, string?, string[]?];

/** Canadian area codes; every other +1 area code not listed below is the United States. */
const CANADA_AREA_CODES = [
	'204', '226', '236', '249', '250', '257', '263', '289', '306', '343', '354', '365', '367', '368', '382',
	'403', '416', '418', '428', '431', '437', '438', '450', '460', '468', '474', '506', '514', '519', '548',
	'579', '581', '584', '587', '600', '604', '613', '622', '639', '647', '672', '683', '705', '709', '742',
	'753', '778', '780', '782', '807', '819', '825', '867', '873', '879', '902', '905',
];

const ROWS: Row[] = [
	// Zone 1: the North American Numbering Plan. Ten digits after the 1, trunk prefix 1.
	['1', 'US', 'United States', 10, 10, '1'],
	['1', 'CA', 'Canada', 10, 10, '1', CANADA_AREA_CODES],
	['1', 'AG', 'Antigua and Barbuda', 10, 10, '1', ['268']],
	['1', 'AI', 'Anguilla', 10, 10, '1', ['264']],
	['1', 'AS', 'American Samoa', 10, 10, '1', ['684']],
	['1', 'BB', 'Barbados', 10, 10, '1', ['246']],
	['1', 'BM', 'Bermuda', 10, 10, '1', ['441']],
	['1', 'BS', 'Bahamas', 10, 10, '1', ['242']],
	['1', 'DM', 'Dominica', 10, 10, '1', ['767']],
	['1', 'DO', 'Dominican Republic', 10, 10, '1', ['809', '829', '849']],
	['1', 'GD', 'Grenada', 10, 10, '1', ['473']],
	['1', 'GU', 'Guam', 10, 10, '1', ['671']],
	['1', 'JM', 'Jamaica', 10, 10, '1', ['658', '876']],
	['1', 'KN', 'Saint Kitts and Nevis', 10, 10, '1', ['869']],
	['1', 'KY', 'Cayman Islands', 10, 10, '1', ['345']],
	['1', 'LC', 'Saint Lucia', 10, 10, '1', ['758']],
	['1', 'MP', 'Northern Mariana Islands', 10, 10, '1', ['670']],
	['1', 'MS', 'Montserrat', 10, 10, '1', ['664']],
	['1', 'PR', 'Puerto Rico', 10, 10, '1', ['787', '939']],
	['1', 'SX', 'Sint Maarten', 10, 10, '1', ['721']],
	['1', 'TC', 'Turks and Caicos Islands', 10, 10, '1', ['649']],
	['1', 'TT', 'Trinidad and Tobago', 10, 10, '1', ['868']],
	['1', 'VC', 'Saint Vincent and the Grenadines', 10, 10, '1', ['784']],
	['1', 'VG', 'British Virgin Islands', 10, 10, '1', ['284']],
	['1', 'VI', 'U.S. Virgin Islands', 10, 10, '1', ['340']],
	// Zone 2: Africa and a few islands.
	['20', 'EG', 'Egypt', 8, 10, '0'],
	['211', 'SS', 'South Sudan', 9, 9, '0'],
	['212', 'MA|EH', 'Morocco', 9, 9, '0'],
	['213', 'DZ', 'Algeria', 8, 9, '0'],
	['216', 'TN', 'Tunisia', 8, 8],
	['218', 'LY', 'Libya', 8, 9, '0'],
	['220', 'GM', 'Gambia', 7, 7],
	['221', 'SN', 'Senegal', 9, 9],
	['222', 'MR', 'Mauritania', 8, 8],
	['223', 'ML', 'Mali', 8, 8],
	['224', 'GN', 'Guinea', 8, 9],
	['225', 'CI', "Côte d'Ivoire", 8, 10],
	['226', 'BF', 'Burkina Faso', 8, 8],
	['227', 'NE', 'Niger', 8, 8],
	['228', 'TG', 'Togo', 8, 8],
	['229', 'BJ', 'Benin', 8, 10],
	['230', 'MU', 'Mauritius', 7, 8],
	['231', 'LR', 'Liberia', 7, 9, '0'],
	['232', 'SL', 'Sierra Leone', 8, 8, '0'],
	['233', 'GH', 'Ghana', 9, 9, '0'],
	['234', 'NG', 'Nigeria', 8, 10, '0'],
	['235', 'TD', 'Chad', 8, 8],
	['236', 'CF', 'Central African Republic', 8, 8],
	['237', 'CM', 'Cameroon', 8, 9],
	['238', 'CV', 'Cape Verde', 7, 7],
	['239', 'ST', 'São Tomé and Príncipe', 7, 7],
	['240', 'GQ', 'Equatorial Guinea', 9, 9],
	['241', 'GA', 'Gabon', 7, 8],
	['242', 'CG', 'Republic of the Congo', 9, 9],
	['243', 'CD', 'DR Congo', 7, 9, '0'],
	['244', 'AO', 'Angola', 9, 9],
	['245', 'GW', 'Guinea-Bissau', 7, 9],
	['246', 'IO', 'British Indian Ocean Territory', 7, 7],
	['247', 'AC', 'Ascension Island', 4, 5],
	['248', 'SC', 'Seychelles', 7, 7],
	['249', 'SD', 'Sudan', 9, 9, '0'],
	['250', 'RW', 'Rwanda', 9, 9, '0'],
	['251', 'ET', 'Ethiopia', 9, 9, '0'],
	['252', 'SO', 'Somalia', 7, 9, '0'],
	['253', 'DJ', 'Djibouti', 8, 8],
	['254', 'KE', 'Kenya', 7, 9, '0'],
	['255', 'TZ', 'Tanzania', 9, 9, '0'],
	['256', 'UG', 'Uganda', 9, 9, '0'],
	['257', 'BI', 'Burundi', 8, 8],
	['258', 'MZ', 'Mozambique', 8, 9],
	['260', 'ZM', 'Zambia', 9, 9, '0'],
	['261', 'MG', 'Madagascar', 9, 9, '0'],
	['262', 'RE', 'Réunion', 9, 9, '0'],
	['262', 'YT', 'Mayotte', 9, 9, '0', ['269', '639']],
	['263', 'ZW', 'Zimbabwe', 5, 10, '0'],
	['264', 'NA', 'Namibia', 6, 10, '0'],
	['265', 'MW', 'Malawi', 7, 9, '0'],
	['266', 'LS', 'Lesotho', 8, 8],
	['267', 'BW', 'Botswana', 7, 8],
	['268', 'SZ', 'Eswatini', 8, 8],
	['269', 'KM', 'Comoros', 7, 7],
	['27', 'ZA', 'South Africa', 9, 9, '0'],
	['290', 'SH', 'Saint Helena', 4, 5],
	['290', 'TA', 'Tristan da Cunha', 4, 5, undefined, ['8']],
	['291', 'ER', 'Eritrea', 7, 7, '0'],
	['297', 'AW', 'Aruba', 7, 7],
	['298', 'FO', 'Faroe Islands', 6, 6],
	['299', 'GL', 'Greenland', 6, 6],
	// Zones 3 and 4: Europe.
	['30', 'GR', 'Greece', 10, 10],
	['31', 'NL', 'Netherlands', 9, 9, '0'],
	['32', 'BE', 'Belgium', 8, 9, '0'],
	['33', 'FR', 'France', 9, 9, '0'],
	['34', 'ES', 'Spain', 9, 9],
	['350', 'GI', 'Gibraltar', 8, 8],
	['351', 'PT', 'Portugal', 9, 9],
	['352', 'LU', 'Luxembourg', 4, 11],
	['353', 'IE', 'Ireland', 7, 9, '0'],
	['354', 'IS', 'Iceland', 7, 9],
	['355', 'AL', 'Albania', 8, 9, '0'],
	['356', 'MT', 'Malta', 8, 8],
	['357', 'CY', 'Cyprus', 8, 8],
	['358', 'FI', 'Finland', 5, 12, '0'],
	['358', 'AX', 'Åland Islands', 5, 12, '0', ['18']],
	['359', 'BG', 'Bulgaria', 7, 9, '0'],
	['36', 'HU', 'Hungary', 8, 9, '06'],
	['370', 'LT', 'Lithuania', 8, 8, '8'],
	['371', 'LV', 'Latvia', 8, 8],
	['372', 'EE', 'Estonia', 7, 8],
	['373', 'MD', 'Moldova', 8, 8, '0'],
	['374', 'AM', 'Armenia', 8, 8, '0'],
	['375', 'BY', 'Belarus', 9, 10, '8'],
	['376', 'AD', 'Andorra', 6, 9],
	['377', 'MC', 'Monaco', 8, 9, '0'],
	['378', 'SM', 'San Marino', 6, 10],
	['380', 'UA', 'Ukraine', 9, 9, '0'],
	['381', 'RS', 'Serbia', 8, 10, '0'],
	['382', 'ME', 'Montenegro', 8, 8, '0'],
	['383', 'XK', 'Kosovo', 8, 9, '0'],
	['385', 'HR', 'Croatia', 8, 9, '0'],
	['386', 'SI', 'Slovenia', 8, 8, '0'],
	['387', 'BA', 'Bosnia and Herzegovina', 8, 9, '0'],
	['389', 'MK', 'North Macedonia', 8, 8, '0'],
	['39', 'IT', 'Italy', 6, 11],
	['39', 'VA', 'Vatican City', 6, 11, undefined, ['06698']],
	['40', 'RO', 'Romania', 9, 9, '0'],
	['41', 'CH', 'Switzerland', 9, 9, '0'],
	['420', 'CZ', 'Czechia', 9, 9],
	['421', 'SK', 'Slovakia', 9, 9, '0'],
	['423', 'LI', 'Liechtenstein', 7, 9],
	['43', 'AT', 'Austria', 4, 13, '0'],
	['44', 'GB', 'United Kingdom', 9, 10, '0'],
	['44', 'GG', 'Guernsey', 10, 10, '0', ['1481']],
	['44', 'JE', 'Jersey', 10, 10, '0', ['1534']],
	['44', 'IM', 'Isle of Man', 10, 10, '0', ['1624', '7624']],
	['45', 'DK', 'Denmark', 8, 8],
	['46', 'SE', 'Sweden', 7, 9, '0'],
	['47', 'NO', 'Norway', 8, 8],
	['47', 'SJ', 'Svalbard and Jan Mayen', 8, 8, undefined, ['79']],
	['48', 'PL', 'Poland', 9, 9],
	['49', 'DE', 'Germany', 6, 11, '0'],
	// Zone 5: the Americas south of the NANP.
	['500', 'FK', 'Falkland Islands', 5, 5],
	['501', 'BZ', 'Belize', 7, 7],
	['502', 'GT', 'Guatemala', 8, 8],
	['503', 'SV', 'El Salvador', 8, 8],
	['504', 'HN', 'Honduras', 8, 8],
	['505', 'NI', 'Nicaragua', 8, 8],
	['506', 'CR', 'Costa Rica', 8, 8],
	['507', 'PA', 'Panama', 7, 8],
	['508', 'PM', 'Saint Pierre and Miquelon', 6, 6, '0'],
	['509', 'HT', 'Haiti', 8, 8],
	['51', 'PE', 'Peru', 8, 9, '0'],
	['52', 'MX', 'Mexico', 10, 11],
	['53', 'CU', 'Cuba', 6, 8, '0'],
	['54', 'AR', 'Argentina', 10, 11, '0'],
	['55', 'BR', 'Brazil', 10, 11, '0'],
	['56', 'CL', 'Chile', 9, 9],
	['57', 'CO', 'Colombia', 10, 10],
	['58', 'VE', 'Venezuela', 10, 10, '0'],
	['590', 'GP|BL|MF', 'Guadeloupe', 9, 9, '0'],
	['591', 'BO', 'Bolivia', 8, 8, '0'],
	['592', 'GY', 'Guyana', 7, 7],
	['593', 'EC', 'Ecuador', 8, 9, '0'],
	['594', 'GF', 'French Guiana', 9, 9, '0'],
	['595', 'PY', 'Paraguay', 6, 9, '0'],
	['596', 'MQ', 'Martinique', 9, 9, '0'],
	['597', 'SR', 'Suriname', 6, 7],
	['598', 'UY', 'Uruguay', 8, 8, '0'],
	['599', 'CW', 'Curaçao', 7, 8, undefined, ['9']],
	['599', 'BQ', 'Caribbean Netherlands', 7, 7, undefined, ['3', '4', '7']],
	// Zone 6: South-East Asia and Oceania.
	['60', 'MY', 'Malaysia', 8, 10, '0'],
	['61', 'AU', 'Australia', 9, 9, '0'],
	['61', 'CX', 'Christmas Island', 9, 9, '0', ['89164']],
	['61', 'CC', 'Cocos (Keeling) Islands', 9, 9, '0', ['89162']],
	['62', 'ID', 'Indonesia', 7, 12, '0'],
	['63', 'PH', 'Philippines', 9, 10, '0'],
	['64', 'NZ', 'New Zealand', 8, 10, '0'],
	['65', 'SG', 'Singapore', 8, 8],
	['66', 'TH', 'Thailand', 8, 9, '0'],
	['670', 'TL', 'Timor-Leste', 7, 8],
	['672', 'NF', 'Norfolk Island', 6, 6, undefined, ['3']],
	['672', 'AQ', 'Antarctica (Australian bases)', 6, 6, undefined, ['1']],
	['673', 'BN', 'Brunei', 7, 7],
	['674', 'NR', 'Nauru', 7, 7],
	['675', 'PG', 'Papua New Guinea', 7, 8],
	['676', 'TO', 'Tonga', 5, 7],
	['677', 'SB', 'Solomon Islands', 5, 7],
	['678', 'VU', 'Vanuatu', 5, 7],
	['679', 'FJ', 'Fiji', 7, 7],
	['680', 'PW', 'Palau', 7, 7],
	['681', 'WF', 'Wallis and Futuna', 6, 6],
	['682', 'CK', 'Cook Islands', 5, 5],
	['683', 'NU', 'Niue', 4, 7],
	['685', 'WS', 'Samoa', 5, 7],
	['686', 'KI', 'Kiribati', 5, 8],
	['687', 'NC', 'New Caledonia', 6, 6],
	['688', 'TV', 'Tuvalu', 5, 7],
	['689', 'PF', 'French Polynesia', 6, 8],
	['690', 'TK', 'Tokelau', 4, 7],
	['691', 'FM', 'Micronesia', 7, 7],
	['692', 'MH', 'Marshall Islands', 7, 7],
	// Zone 7: Russia and Kazakhstan share +7; Kazakhstan's numbers begin with 6 or 7.
	['7', 'RU', 'Russia', 10, 10, '8'],
	['7', 'KZ', 'Kazakhstan', 10, 10, '8', ['6', '7']],
	// Zone 8: East Asia and non-geographic services.
	['800', '', 'International Freephone', 8, 8],
	['808', '', 'International Shared Cost Service', 8, 8],
	['81', 'JP', 'Japan', 9, 10, '0'],
	['82', 'KR', 'South Korea', 8, 10, '0'],
	['84', 'VN', 'Vietnam', 9, 10, '0'],
	['850', 'KP', 'North Korea', 6, 10, '0'],
	['852', 'HK', 'Hong Kong', 8, 8],
	['853', 'MO', 'Macau', 8, 8],
	['855', 'KH', 'Cambodia', 8, 9, '0'],
	['856', 'LA', 'Laos', 8, 10, '0'],
	['86', 'CN', 'China', 10, 11, '0'],
	['870', '', 'Inmarsat', 9, 9],
	['878', '', 'Universal Personal Telecommunications', 10, 12],
	['880', 'BD', 'Bangladesh', 8, 10, '0'],
	['881', '', 'Global Mobile Satellite System', 8, 10],
	['882', '', 'International Networks', 6, 12],
	['883', '', 'International Networks', 6, 12],
	['886', 'TW', 'Taiwan', 8, 9, '0'],
	['888', '', 'OCHA (disaster relief)', 8, 10],
	// Zone 9: West, Central and South Asia.
	['90', 'TR', 'Turkey', 10, 10, '0'],
	['91', 'IN', 'India', 10, 10, '0'],
	['92', 'PK', 'Pakistan', 9, 10, '0'],
	['93', 'AF', 'Afghanistan', 9, 9, '0'],
	['94', 'LK', 'Sri Lanka', 9, 9, '0'],
	['95', 'MM', 'Myanmar', 7, 10, '0'],
	['960', 'MV', 'Maldives', 7, 7],
	['961', 'LB', 'Lebanon', 7, 8, '0'],
	['962', 'JO', 'Jordan', 8, 9, '0'],
	['963', 'SY', 'Syria', 8, 9, '0'],
	['964', 'IQ', 'Iraq', 8, 10, '0'],
	['965', 'KW', 'Kuwait', 8, 8],
	['966', 'SA', 'Saudi Arabia', 8, 9, '0'],
	['967', 'YE', 'Yemen', 7, 9, '0'],
	['968', 'OM', 'Oman', 8, 8],
	['970', 'PS', 'Palestine', 8, 9, '0'],
	['971', 'AE', 'United Arab Emirates', 8, 9, '0'],
	['972', 'IL', 'Israel', 8, 9, '0'],
	['973', 'BH', 'Bahrain', 8, 8],
	['974', 'QA', 'Qatar', 7, 8],
	['975', 'BT', 'Bhutan', 7, 8],
	['976', 'MN', 'Mongolia', 8, 8],
	['977', 'NP', 'Nepal', 8, 10, '0'],
	['979', '', 'International Premium Rate Service', 9, 9],
	['98', 'IR', 'Iran', 10, 10, '0'],
	['992', 'TJ', 'Tajikistan', 9, 9],
	['993', 'TM', 'Turkmenistan', 8, 8, '8'],
	['994', 'AZ', 'Azerbaijan', 9, 9, '0'],
	['995', 'GE', 'Georgia', 9, 9, '0'],
	['996', 'KG', 'Kyrgyzstan', 9, 9, '0'],
	['998', 'UZ', 'Uzbekistan', 9, 9],
];

/**
 * The ranges really in use in the largest WhatsApp markets (mobile and geographic numbers), so
 * that "does this look like a number of country X" can be answered more sharply than by length.
 */
const NSN_PATTERNS: Record<string, RegExp> = {
	US: /^[2-9]\d{2}[2-9]\d{6}$/,
	CA: /^[2-9]\d{2}[2-9]\d{6}$/,
	BR: /^[1-9][1-9](?:9\d{8}|[2-5]\d{7})$/, // two-digit area (DDD), then 9 + 8 (mobile) or 8 digits (fixed)
	IN: /^[1-9]\d{9}$/,
	ID: /^(?:8\d{8,11}|[2-7]\d{6,10})$/, // 8… mobile, others fixed with an area code
	MX: /^1?[1-9]\d{9}$/, // WhatsApp still reports Mexican mobiles as 52 1 + ten digits
	DE: /^[1-9]\d{5,10}$/,
	GB: /^[1-9]\d{8,9}$/,
	ES: /^[5-9]\d{8}$/,
	IT: /^(?:0\d{5,10}|3\d{8,9}|[58]\d{5,9})$/, // fixed numbers keep their leading 0 after +39
	FR: /^[1-9]\d{8}$/,
	AR: /^(?:9[1-9]\d{9}|[1-9]\d{9})$/, // mobiles are dialled from abroad as 9 + area + number
	CO: /^(?:3\d{9}|60\d{8})$/,
	NG: /^(?:[789][01]\d{8}|[1-9]\d{7})$/,
	ZA: /^[1-8]\d{8}$/,
	TR: /^[2-58]\d{9}$/,
	RU: /^[3489]\d{9}$/,
	KZ: /^[67]\d{9}$/,
	EG: /^(?:1[0125]\d{8}|[2-9]\d{7,8})$/,
	SA: /^(?:5\d{8}|1\d{7}|[89]\d{8})$/,
	AE: /^(?:5\d{8}|[2-479]\d{7}|[68]\d{7,8})$/,
	PK: /^[1-9]\d{8,9}$/,
	PH: /^(?:9\d{9}|[2-8]\d{8})$/,
	KE: /^(?:[17]\d{8}|[2-6]\d{6,8})$/,
	NL: /^[1-8]\d{8}$/,
	PT: /^[2-9]\d{8}$/,
	CL: /^[2-9]\d{8}$/,
	PE: /^(?:9\d{8}|[1-8]\d{7})$/,
	MY: /^(?:1\d{8,9}|[3-9]\d{7,8})$/,
	SG: /^[3689]\d{7}$/,
	AU: /^[2-478]\d{8}$/,
	JP: /^[1-9]\d{8,9}$/,
};

function buildEntries(): CallingCodeEntry[] {
	const entries: CallingCodeEntry[] = [];
	for (const [callingCode, isoList, name, nsnMin, nsnMax, trunkPrefix, extra] of ROWS) {
		const countries = isoList === '' ? [] : isoList.split('|');
		const nsnPattern = countries.length > 0 ? NSN_PATTERNS[countries[0]] : undefined;
		for (const digits of extra ?? ['']) {
			entries.push(
				Object.freeze({
					prefix: callingCode + digits,
					callingCode,
					countries: Object.freeze(countries),
					name,
					nsnMin,
					nsnMax,
					...(trunkPrefix !== undefined ? { trunkPrefix } : {}),
					...(nsnPattern !== undefined ? { nsnPattern } : {}),
				}),
			);
		}
	}
	return entries;
}

/** Every entry, one per identifying prefix (Canada has one per area code). */
export const CALLING_CODES: readonly CallingCodeEntry[] = Object.freeze(buildEntries());

const BY_PREFIX = new Map(CALLING_CODES.map((entry) => [entry.prefix, entry]));
const LONGEST_PREFIX = Math.max(...CALLING_CODES.map((entry) => entry.prefix.length));

/** The main entry of each country, by ISO code (for a "Default Country" choice). */
const BY_COUNTRY = new Map<string, CallingCodeEntry>();
for (const entry of CALLING_CODES) {
	for (const iso of entry.countries) {
		const known = BY_COUNTRY.get(iso);
		// A country's own calling code beats the area prefixes it also appears under.
		if (known === undefined || entry.prefix.length < known.prefix.length) BY_COUNTRY.set(iso, entry);
	}
}

/**
 * The country of an international number given as digits (E.164 without `+`), by the longest
 * matching prefix; undefined when no calling code matches. It does not check the length: see
 * `isPlausibleInternational`.
 */
export function countryOfNumber(e164Digits: string): CountryOfNumber | undefined {
	if (typeof e164Digits !== 'string') return undefined;
	const digits = e164Digits.startsWith('+') ? e164Digits.slice(1) : e164Digits;
	if (!/^\d+$/.test(digits)) return undefined;
	for (let length = Math.min(LONGEST_PREFIX, digits.length); length > 0; length--) {
		const entry = BY_PREFIX.get(digits.slice(0, length));
		if (entry !== undefined) {
			return { ...entry, iso: entry.countries[0], nationalNumber: digits.slice(entry.callingCode.length) };
		}
	}
	return undefined;
}

/** Whether a national significant number fits an entry: its lengths, and its ranges where known. */
export function fitsNationalNumber(entry: CallingCodeEntry, nsn: string): boolean {
	if (!/^\d+$/.test(nsn) || nsn.length < entry.nsnMin || nsn.length > entry.nsnMax) return false;
	return entry.nsnPattern === undefined || entry.nsnPattern.test(nsn);
}

/** Whether E.164 digits (no `+`) have a known calling code and a national part that fits it. */
export function isPlausibleInternational(e164Digits: string): boolean {
	const match = countryOfNumber(e164Digits);
	return match !== undefined && fitsNationalNumber(match, match.nationalNumber);
}

/** The entry of an ISO 3166-1 alpha-2 country code (case-insensitive), or undefined. */
export function callingCodeOfCountry(iso: string): CallingCodeEntry | undefined {
	if (typeof iso !== 'string') return undefined;
	return BY_COUNTRY.get(iso.trim().toUpperCase());
}

/** Countries that share an entry with a larger neighbour, by their own name. */
const SECONDARY_NAMES: Record<string, string> = { EH: 'Western Sahara', BL: 'Saint Barthélemy', MF: 'Saint Martin' };

/** Countries for a picker: name and ISO code, sorted by name, each with its calling code. */
export function countryChoices(): Array<{ iso: string; name: string; callingCode: string }> {
	const choices: Array<{ iso: string; name: string; callingCode: string }> = [];
	for (const [iso, entry] of BY_COUNTRY) {
		const name = entry.countries[0] === iso ? entry.name : (SECONDARY_NAMES[iso] ?? `${entry.name} (${iso})`);
		choices.push({ iso, name, callingCode: entry.callingCode });
	}
	return choices.sort((a, b) => a.name.localeCompare(b.name, 'en'));
}
