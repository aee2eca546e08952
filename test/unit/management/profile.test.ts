import {
	buildProfileUpdate,
	PROFILE_FIELDS,
	PROFILE_VERTICALS,
	profilePictureSessionQuery,
	readProfile,
	readUploadHandle,
	readUploadSessionId,
} from '../../../whatsapp/profile';
import { validationErrorOf } from './helpers';

describe('business profile update (facts §5)', () => {
	it('builds Meta’s body with messaging_product and only the given fields', () => {
		expect(
			buildProfileUpdate({
				about: 'Succulents delivered',
				address: '101 Butterfly Ln, Ohio',
				description: 'We sell plants.',
				email: 'hello@example.com',
				websites: ['https://example.com/', 'https://example.com/shop'],
				vertical: 'RETAIL',
				profilePictureHandle: '4::aW1hZ2UvanBlZw==:ARZ',
			}),
		).toEqual({
			messaging_product: 'whatsapp',
			about: 'Succulents delivered',
			address: '101 Butterfly Ln, Ohio',
			description: 'We sell plants.',
			email: 'hello@example.com',
			websites: ['https://example.com/', 'https://example.com/shop'],
			vertical: 'RETAIL',
			profile_picture_handle: '4::aW1hZ2UvanBlZw==:ARZ',
		});
		expect(buildProfileUpdate({ about: 'Hi', email: '', address: '' })).toEqual({ messaging_product: 'whatsapp', about: 'Hi' });
	});

	it('accepts websites as a comma or newline separated string', () => {
		expect(buildProfileUpdate({ websites: 'https://a.example, https://b.example\n' }).websites).toEqual(['https://a.example', 'https://b.example']);
	});

	it('refuses an update with nothing to change', () => {
		const error = validationErrorOf(() => buildProfileUpdate({ about: '', websites: [] }));
		expect(error.field).toBe('Update Fields');
	});

	it.each([
		['About', { about: 'a'.repeat(140) }, 140, 139],
		['Address', { address: 'a'.repeat(257) }, 257, 256],
		['Description', { description: 'a'.repeat(513) }, 513, 512],
		['Email', { email: `${'a'.repeat(120)}@example.com` }, 132, 128],
		['Website 2', { websites: ['https://ok.example', `https://${'a'.repeat(250)}`] }, 258, 256],
	])('%s over its limit names the field, the length and the limit', (field, input, actual, max) => {
		const error = validationErrorOf(() => buildProfileUpdate(input));
		expect(error.field).toBe(field);
		expect(error.message).toBe(`${field} is ${actual} characters long; WhatsApp allows at most ${max}`);
	});

	it('counts About in code points, so 139 emoji fit', () => {
		expect(buildProfileUpdate({ about: '🌵'.repeat(139) }).about).toHaveLength(278);
	});

	it('refuses more than two websites, with the count', () => {
		const error = validationErrorOf(() => buildProfileUpdate({ websites: ['https://a.example', 'https://b.example', 'https://c.example'] }));
		expect(error.field).toBe('Websites');
		expect(error.message).toBe('Websites: 3 given; WhatsApp allows at most 2');
	});

	it('refuses a website without http(s)://', () => {
		const error = validationErrorOf(() => buildProfileUpdate({ websites: ['example.com'] }));
		expect(error.field).toBe('Website 1');
		expect(error.message).toContain('"example.com" must start with http:// or https://');
	});

	it('refuses an email address that is not one', () => {
		expect(validationErrorOf(() => buildProfileUpdate({ email: 'hello at example' })).field).toBe('Email');
	});

	it('refuses blank or formatted About text', () => {
		expect(validationErrorOf(() => buildProfileUpdate({ about: '   ' })).message).toContain('1 to 139');
		expect(validationErrorOf(() => buildProfileUpdate({ about: 'We are *the best*' })).message).toContain('formatting');
	});

	it('knows Meta’s 21 verticals and refuses others', () => {
		expect(PROFILE_VERTICALS).toHaveLength(21);
		expect(buildProfileUpdate({ vertical: 'PROF_SERVICES' }).vertical).toBe('PROF_SERVICES');
		const error = validationErrorOf(() => buildProfileUpdate({ vertical: 'SHOPPING' }));
		expect(error.field).toBe('Industry');
		expect(error.message).toContain('"SHOPPING"');
	});
});

describe('business profile read', () => {
	it('asks for every documented field', () => {
		expect(PROFILE_FIELDS.join(',')).toBe('about,address,description,email,profile_picture_url,websites,vertical');
	});

	it('unwraps { data: [profile] } and always returns a websites list', () => {
		expect(readProfile({ data: [{ about: 'Hi', messaging_product: 'whatsapp' }] })).toEqual({ about: 'Hi', messaging_product: 'whatsapp', websites: [] });
		expect(readProfile({ data: [] })).toEqual({});
	});
});

describe('profile photo via Resumable Upload', () => {
	it('opens a session with file name, length and type', () => {
		expect(profilePictureSessionQuery({ fileName: 'logo.png', mimeType: 'image/png', byteLength: 2048 })).toEqual({
			file_name: 'logo.png',
			file_length: 2048,
			file_type: 'image/png',
		});
	});

	it('refuses other image types, empty files and files over 5 MB', () => {
		const gif = validationErrorOf(() => profilePictureSessionQuery({ fileName: 'a.gif', mimeType: 'image/gif', byteLength: 10 }));
		expect(gif.field).toBe('Profile Photo');
		expect(gif.message).toBe('Profile Photo is image/gif; WhatsApp accepts image/jpeg or image/png');
		expect(validationErrorOf(() => profilePictureSessionQuery({ fileName: 'a.png', mimeType: 'image/png', byteLength: 0 })).message).toContain('empty');
		expect(validationErrorOf(() => profilePictureSessionQuery({ fileName: 'a.png', mimeType: 'image/png', byteLength: 6 * 1024 * 1024 })).message).toBe(
			'Profile Photo is 6291456 bytes; WhatsApp allows at most 5242880 bytes (5 MB)',
		);
	});

	it('reads the session id and the handle, and complains when they are missing', () => {
		expect(readUploadSessionId({ id: 'upload:MTphdHRhY2htZW50?sig=ARZ' })).toBe('upload:MTphdHRhY2htZW50?sig=ARZ');
		expect(readUploadHandle({ h: '2:c2FtcGxl' })).toBe('2:c2FtcGxl');
		expect(() => readUploadSessionId({})).toThrow('upload session');
		expect(() => readUploadHandle({ h: '' })).toThrow('file handle');
	});
});
