/**
 * Contact cards (cloud-api-facts §2.4). Input uses Meta's own field names, so a card mapped as JSON
 * from an earlier node and one filled in the node's fields go through the same checks.
 */
import { WhatsAppValidationError } from '../validation';
import { asArray, checkKnownKeys, isRecord, optionalText } from './common';
import type { MessageContent } from './envelope';

export type PhoneType = 'CELL' | 'MAIN' | 'IPHONE' | 'HOME' | 'WORK';
export type PlaceType = 'HOME' | 'WORK';

export interface ContactName {
	formatted_name?: string;
	first_name?: string;
	last_name?: string;
	middle_name?: string;
	prefix?: string;
	suffix?: string;
}

export interface ContactCard {
	name?: ContactName;
	/** YYYY-MM-DD */
	birthday?: string;
	phones?: Array<{ phone?: string; wa_id?: string; type?: string }>;
	emails?: Array<{ email?: string; type?: string }>;
	addresses?: Array<{
		street?: string;
		city?: string;
		state?: string;
		zip?: string;
		country?: string;
		country_code?: string;
		type?: string;
	}>;
	org?: { company?: string; department?: string; title?: string };
	urls?: Array<{ url?: string; type?: string }>;
}

const PHONE_TYPES: readonly PhoneType[] = ['CELL', 'MAIN', 'IPHONE', 'HOME', 'WORK'];
const PLACE_TYPES: readonly PlaceType[] = ['HOME', 'WORK'];
const CARD_KEYS = ['name', 'birthday', 'phones', 'emails', 'addresses', 'org', 'urls'] as const;
const NAME_PARTS = ['first_name', 'middle_name', 'last_name', 'prefix', 'suffix'] as const;
const NAME_KEYS = ['formatted_name', ...NAME_PARTS] as const;
const ADDRESS_KEYS = ['street', 'city', 'state', 'zip', 'country', 'country_code', 'type'] as const;
const ORG_KEYS = ['company', 'department', 'title'] as const;

/** Copies the listed keys that have a non-empty value; the UI hands unfilled fields over as ''. */
function pick(field: string, source: unknown, keys: readonly string[]): Record<string, string> {
	if (source === undefined || source === null || source === '') return {};
	if (!isRecord(source)) throw new WhatsAppValidationError(field, `${field} must be an object`);
	checkKnownKeys(field, source, keys);
	const result: Record<string, string> = {};
	for (const key of keys) {
		const value = optionalText(source[key]);
		if (value !== undefined) result[key] = value.trim();
	}
	return result;
}

function checkType<T extends string>(field: string, entry: Record<string, string>, allowed: readonly T[]): void {
	if (entry.type === undefined) return;
	const type = entry.type.toUpperCase();
	if (!allowed.includes(type as T)) {
		throw new WhatsAppValidationError(field, `${field} "${entry.type}" is not one of ${allowed.join(', ')}`);
	}
	entry.type = type;
}

function list(field: string, value: unknown): unknown[] {
	if (value === undefined || value === null || value === '') return [];
	if (!Array.isArray(value)) throw new WhatsAppValidationError(field, `${field} must be a list`);
	return value;
}

function checkBirthday(field: string, value: string): void {
	const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
	const date = match ? new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]))) : undefined;
	if (!match || !date || date.getUTCMonth() !== Number(match[2]) - 1 || date.getUTCDate() !== Number(match[3])) {
		throw new WhatsAppValidationError(field, `${field} "${value}" is not a date in the form YYYY-MM-DD, such as 1999-01-23`);
	}
}

function buildCard(card: unknown, position: number): Record<string, unknown> {
	const label = `Contact ${position}`;
	if (!isRecord(card)) throw new WhatsAppValidationError(label, `${label} must be an object with at least a name`);
	checkKnownKeys(label, card, CARD_KEYS);

	const name: Record<string, string> = pick(`${label} Name`, card.name, NAME_KEYS);
	const parts = NAME_PARTS.filter((key) => name[key] !== undefined);
	if (name.formatted_name === undefined) {
		if (parts.length === 0) {
			throw new WhatsAppValidationError(`${label} Formatted Name`, `${label} Formatted Name is required (the name shown on the card)`);
		}
		name.formatted_name = ['prefix', 'first_name', 'middle_name', 'last_name', 'suffix']
			.map((key) => name[key])
			.filter(Boolean)
			.join(' ');
	}
	// Meta wants a name part besides the formatted name; the formatted name stands in for it.
	if (parts.length === 0) name.first_name = name.formatted_name;
	const result: Record<string, unknown> = {
		name: {
			formatted_name: name.formatted_name,
			...Object.fromEntries(NAME_PARTS.filter((key) => name[key] !== undefined).map((key) => [key, name[key]])),
		},
	};

	const birthday = optionalText(card.birthday)?.trim();
	if (birthday !== undefined) {
		checkBirthday(`${label} Birthday`, birthday);
		result.birthday = birthday;
	}

	const phones = list(`${label} Phones`, card.phones).map((entry, index) => {
		const field = `${label} Phone ${index + 1}`;
		const phone = pick(field, entry, ['phone', 'wa_id', 'type']);
		if (phone.phone === undefined && phone.wa_id === undefined) {
			throw new WhatsAppValidationError(`${field} Number`, `${field} needs a phone number or a WhatsApp ID`);
		}
		if (phone.wa_id !== undefined && !/^\d+$/.test(phone.wa_id)) {
			throw new WhatsAppValidationError(`${field} WhatsApp ID`, `${field} WhatsApp ID "${phone.wa_id}" must be digits only, such as 16505559999`);
		}
		checkType(`${field} Type`, phone, PHONE_TYPES);
		return phone;
	});
	if (phones.length > 0) result.phones = phones;

	const emails = list(`${label} Emails`, card.emails).map((entry, index) => {
		const field = `${label} Email ${index + 1}`;
		const email = pick(field, entry, ['email', 'type']);
		if (email.email === undefined) throw new WhatsAppValidationError(field, `${field} needs an email address`);
		if (!/^[^\s@]+@[^\s@]+$/.test(email.email)) {
			throw new WhatsAppValidationError(field, `${field} "${email.email}" is not an email address`);
		}
		checkType(`${field} Type`, email, PLACE_TYPES);
		return email;
	});
	if (emails.length > 0) result.emails = emails;

	const addresses = list(`${label} Addresses`, card.addresses).map((entry, index) => {
		const field = `${label} Address ${index + 1}`;
		const address = pick(field, entry, ADDRESS_KEYS);
		if (Object.keys(address).filter((key) => key !== 'type').length === 0) {
			throw new WhatsAppValidationError(field, `${field} is empty: fill at least one of street, city, state, zip, country`);
		}
		if (address.country_code !== undefined) {
			if (!/^[A-Za-z]{2}$/.test(address.country_code)) {
				throw new WhatsAppValidationError(`${field} Country Code`, `${field} Country Code "${address.country_code}" must be two letters (ISO 3166-1), such as US`);
			}
			address.country_code = address.country_code.toUpperCase();
		}
		checkType(`${field} Type`, address, PLACE_TYPES);
		return address;
	});
	if (addresses.length > 0) result.addresses = addresses;

	const org = pick(`${label} Organization`, card.org, ORG_KEYS);
	if (Object.keys(org).length > 0) result.org = org;

	const urls = list(`${label} URLs`, card.urls).map((entry, index) => {
		const field = `${label} URL ${index + 1}`;
		const url = pick(field, entry, ['url', 'type']);
		if (url.url === undefined) throw new WhatsAppValidationError(field, `${field} needs a URL`);
		checkType(`${field} Type`, url, PLACE_TYPES);
		return url;
	});
	if (urls.length > 0) result.urls = urls;

	return result;
}

/** One or more contact cards; `contacts` may be a list, a single card, or JSON text of either. */
export function buildContacts(contacts: unknown): MessageContent {
	const cards = asArray('Contacts', contacts);
	if (cards.length === 0) throw new WhatsAppValidationError('Contacts', 'Contacts: add at least one contact');
	return { type: 'contacts', contacts: cards.map((card, index) => buildCard(card, index + 1)) };
}
