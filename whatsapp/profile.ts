/**
 * The business profile shown to customers (cloud-api-facts §5): what can be read, the update body
 * with Meta's limits checked before sending, and the Resumable Upload steps that turn a picture
 * into a `profile_picture_handle`.
 */
import { LIMITS } from './limits';
import { checkMaxLength, WhatsAppValidationError } from './validation';

/** Every field `GET …/whatsapp_business_profile` can return. */
export const PROFILE_FIELDS = ['about', 'address', 'description', 'email', 'profile_picture_url', 'websites', 'vertical'];

/** Meta's business categories; `''` clears the category. */
export const PROFILE_VERTICALS = [
	'ALCOHOL',
	'APPAREL',
	'AUTO',
	'BEAUTY',
	'EDU',
	'ENTERTAIN',
	'EVENT_PLAN',
	'FINANCE',
	'GOVT',
	'GROCERY',
	'HEALTH',
	'HOTEL',
	'NONPROFIT',
	'ONLINE_GAMBLING',
	'OTC_DRUGS',
	'OTHER',
	'PHYSICAL_GAMBLING',
	'PROF_SERVICES',
	'RESTAURANT',
	'RETAIL',
	'TRAVEL',
] as const;

export type ProfileVertical = (typeof PROFILE_VERTICALS)[number];

/** Picture types WhatsApp accepts for a profile photo. */
export const PROFILE_PICTURE_MIME_TYPES = ['image/jpeg', 'image/png'];

/** Resumable uploads refuse files above this size; a profile photo is far smaller in practice. */
export const PROFILE_PICTURE_MAX_BYTES = 5 * 1024 * 1024;

export interface ProfileUpdateInput {
	about?: string;
	address?: string;
	description?: string;
	email?: string;
	/** Up to two; a comma- or newline-separated string is accepted too. */
	websites?: string[] | string;
	vertical?: string;
	profilePictureHandle?: string;
}

export interface ProfileUpdateBody {
	messaging_product: 'whatsapp';
	about?: string;
	address?: string;
	description?: string;
	email?: string;
	websites?: string[];
	vertical?: string;
	profile_picture_handle?: string;
}

/** Deliberately loose: one @, no spaces, a dot in the domain. Meta does the real check. */
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
/** Markdown markers WhatsApp would show literally in the About text. */
const MARKDOWN = /(\*[^*\s][^*]*\*)|(_[^_\s][^_]*_)|(~[^~\s][^~]*~)|(```)/;

function websiteList(value: ProfileUpdateInput['websites']): string[] | undefined {
	if (value === undefined) return undefined;
	const list = Array.isArray(value) ? value : value.split(/[\n,]/);
	const websites = list.map((entry) => String(entry).trim()).filter((entry) => entry !== '');
	return websites.length > 0 ? websites : undefined;
}

/**
 * The body of `POST …/whatsapp_business_profile`. Empty optional fields are left out (Meta keeps
 * their current value); at least one field must be given.
 */
export function buildProfileUpdate(input: ProfileUpdateInput): ProfileUpdateBody {
	const body: ProfileUpdateBody = { messaging_product: 'whatsapp' };

	if (input.about !== undefined && input.about !== '') {
		const about = input.about.trim();
		if (about === '') throw new WhatsAppValidationError('About', 'About cannot be only spaces: WhatsApp needs 1 to 139 characters');
		checkMaxLength('About', about, LIMITS.profileAbout);
		if (MARKDOWN.test(about)) {
			throw new WhatsAppValidationError('About', 'About cannot contain formatting (*bold*, _italic_, ~strike~, ```code```): WhatsApp shows it as plain text');
		}
		body.about = about;
	}
	if (input.address !== undefined && input.address !== '') {
		checkMaxLength('Address', input.address, LIMITS.profileAddress);
		body.address = input.address;
	}
	if (input.description !== undefined && input.description !== '') {
		checkMaxLength('Description', input.description, LIMITS.profileDescription);
		body.description = input.description;
	}
	if (input.email !== undefined && input.email.trim() !== '') {
		const email = input.email.trim();
		checkMaxLength('Email', email, LIMITS.profileEmail);
		if (!EMAIL.test(email)) throw new WhatsAppValidationError('Email', `Email "${email}" is not an email address, such as hello@example.com`);
		body.email = email;
	}
	const websites = websiteList(input.websites);
	if (websites) {
		if (websites.length > LIMITS.profileWebsites) {
			throw new WhatsAppValidationError('Websites', `Websites: ${websites.length} given; WhatsApp allows at most ${LIMITS.profileWebsites}`);
		}
		websites.forEach((website, index) => {
			const field = `Website ${index + 1}`;
			checkMaxLength(field, website, LIMITS.profileWebsite);
			if (!/^https?:\/\/\S+$/i.test(website)) {
				throw new WhatsAppValidationError(field, `${field} "${website}" must start with http:// or https://`);
			}
		});
		body.websites = websites;
	}
	if (input.vertical !== undefined && input.vertical !== '') {
		if (!(PROFILE_VERTICALS as readonly string[]).includes(input.vertical)) {
			throw new WhatsAppValidationError('Industry', `Industry "${input.vertical}" is not one of WhatsApp's categories: ${PROFILE_VERTICALS.join(', ')}`);
		}
		body.vertical = input.vertical;
	}
	if (input.profilePictureHandle !== undefined && input.profilePictureHandle.trim() !== '') {
		body.profile_picture_handle = input.profilePictureHandle.trim();
	}
	if (Object.keys(body).length === 1) {
		throw new WhatsAppValidationError('Update Fields', 'Update Fields: nothing to change; add at least one field or a profile photo');
	}
	return body;
}

/** The profile object from Meta's `{ data: [profile] }` answer, with websites always a list. */
export function readProfile(response: unknown): Record<string, unknown> {
	const data = (response as { data?: unknown })?.data;
	const profile = Array.isArray(data) ? data[0] : response;
	if (typeof profile !== 'object' || profile === null) return {};
	const result: Record<string, unknown> = { ...(profile as Record<string, unknown>) };
	result.websites = Array.isArray(result.websites) ? result.websites : [];
	return result;
}

/* ---------- Resumable Upload API (profile photo, template header examples) ---------- */

export interface UploadFile {
	fileName: string;
	mimeType: string;
	byteLength: number;
}

/** Checks a profile photo and returns the query of `POST /{app-id}/uploads` that opens a session. */
export function profilePictureSessionQuery(file: UploadFile): Record<string, string | number> {
	const mimeType = file.mimeType.split(';')[0].trim().toLowerCase();
	if (!PROFILE_PICTURE_MIME_TYPES.includes(mimeType)) {
		throw new WhatsAppValidationError(
			'Profile Photo',
			`Profile Photo is ${mimeType || 'of unknown type'}; WhatsApp accepts ${PROFILE_PICTURE_MIME_TYPES.join(' or ')}`,
		);
	}
	if (file.byteLength === 0) throw new WhatsAppValidationError('Profile Photo', 'Profile Photo is an empty file');
	if (file.byteLength > PROFILE_PICTURE_MAX_BYTES) {
		throw new WhatsAppValidationError(
			'Profile Photo',
			`Profile Photo is ${file.byteLength} bytes; WhatsApp allows at most ${PROFILE_PICTURE_MAX_BYTES} bytes (5 MB)`,
		);
	}
	return { file_name: file.fileName || 'profile-photo', file_length: file.byteLength, file_type: mimeType };
}

/** The session id (`upload:…`) from the answer that opened the session. */
export function readUploadSessionId(response: unknown): string {
	const id = (response as { id?: unknown })?.id;
	if (typeof id !== 'string' || id === '') {
		throw new Error('Meta did not return an upload session ID for the profile photo');
	}
	return id;
}

/** The file handle (`h`) Meta returns once the bytes are uploaded. */
export function readUploadHandle(response: unknown): string {
	const handle = (response as { h?: unknown })?.h;
	if (typeof handle !== 'string' || handle === '') {
		throw new Error('Meta did not return a file handle for the uploaded profile photo');
	}
	return handle;
}

