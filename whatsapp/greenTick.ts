/**
 * Official Business Account ("OBA", the green tick) requests: the body of
 * `POST /{phone-number-id}/official_business_account`, checked before it is sent, and what
 * `GET /{phone-number-id}?fields=official_business_account` tells about the request.
 *
 * Facts (docs/green-tick.md lists the sources): Meta's "Official business accounts" page gives the
 * request fields and the example body (website URL, country and language by name, up to five
 * supporting links, parent brand, free-text supporting information) and says a rejected request
 * may be made again after 30 days. Meta publishes no length limits for these fields; the few
 * limits below are the package's own generous guards, named as such in the errors.
 */
import { charLength, WhatsAppValidationError } from './validation';

/** Meta: "you can submit up to 5 links" from notable publications. */
export const MAX_SUPPORTING_LINKS = 5;
/** Meta: a rejected request can be submitted again after 30 days. */
export const REAPPLY_AFTER_DAYS = 30;
/** The package's guards (Meta publishes none): long enough for any real value. */
export const GREEN_TICK_GUARDS = {
	urlLength: 2048,
	parentBrandLength: 256,
	additionalInformationLength: 2000,
} as const;

/** What Meta reports in `official_business_account.oba_status`. */
export type GreenTickStatus = 'NOT_STARTED' | 'PENDING' | 'APPROVED' | 'REJECTED' | 'CANCELLED' | string;

export interface GreenTickRequestInput {
	businessWebsiteUrl?: string;
	/** ISO 3166-1 alpha-2 code (`US`) or the country's English name (`United States of America`). */
	primaryCountryOfOperation?: string;
	/** ISO 639 code (`en`, `pt-BR`) or the language's English name (`English`). */
	primaryLanguage?: string;
	/** Up to five links; a comma- or newline-separated string is accepted too. */
	supportingLinks?: string[] | string;
	parentBusinessOrBrand?: string;
	additionalSupportingInformation?: string;
}

/** The body Meta's example sends, field for field. */
export interface GreenTickRequestBody {
	business_website_url: string;
	primary_country_of_operation: string;
	primary_language: string;
	supporting_links?: string[];
	parent_business_or_brand?: string;
	additional_supporting_information?: string;
}

/** Field names as the node shows them, so errors name what the user can fix. */
export const GREEN_TICK_FIELD_NAMES = {
	businessWebsiteUrl: 'Business Website URL',
	primaryCountryOfOperation: 'Primary Country of Operation',
	primaryLanguage: 'Primary Language',
	supportingLinks: 'Supporting Links',
	parentBusinessOrBrand: 'Parent Business or Brand',
	additionalSupportingInformation: 'Additional Supporting Information',
} as const;

// Region codes Intl knows that are not countries (groupings, pseudo-locales, unknown).
const NOT_COUNTRIES = new Set(['EU', 'EZ', 'UN', 'QO', 'XA', 'XB', 'ZZ']);

let countries: Map<string, string> | undefined;
let languages: Map<string, string> | undefined;

function displayNames(type: 'region' | 'language'): Intl.DisplayNames {
	return new Intl.DisplayNames(['en'], { type, fallback: 'none' });
}

/** Country code → English name, for every ISO 3166-1 alpha-2 code the runtime's ICU knows. */
export function countryNames(): Map<string, string> {
	if (countries) return countries;
	const names = displayNames('region');
	const letters = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
	countries = new Map();
	for (const a of letters) {
		for (const b of letters) {
			const code = a + b;
			const name = NOT_COUNTRIES.has(code) ? undefined : names.of(code);
			if (name) countries.set(code, name);
		}
	}
	return countries;
}

function languageNames(): Map<string, string> {
	if (languages) return languages;
	const names = displayNames('language');
	const letters = 'abcdefghijklmnopqrstuvwxyz';
	languages = new Map();
	for (const a of letters) {
		for (const b of letters) {
			const name = names.of(a + b);
			if (name) languages.set(a + b, name);
		}
	}
	return languages;
}

/** Names Meta's own example uses that differ from ICU's English name. */
const COUNTRY_ALIASES: Record<string, string> = { 'united states of america': 'US' };

function normalised(value: string): string {
	return value.trim().replace(/\s+/g, ' ').toLowerCase();
}

/**
 * The country as Meta's example sends it (an English name). A two-letter code is turned into its
 * name; a name must be a real country's.
 */
export function resolveCountry(field: string, value: string): string {
	const trimmed = value.trim().replace(/\s+/g, ' ');
	const names = countryNames();
	if (/^[a-z]{2}$/i.test(trimmed)) {
		const name = names.get(trimmed.toUpperCase());
		if (!name) throw new WhatsAppValidationError(field, `${field} "${trimmed}" is not an ISO 3166-1 country code; use a code such as US or the country's English name`);
		return name;
	}
	const wanted = normalised(trimmed);
	if (COUNTRY_ALIASES[wanted]) return trimmed;
	for (const name of names.values()) if (normalised(name) === wanted) return name;
	throw new WhatsAppValidationError(
		field,
		`${field} "${trimmed.slice(0, 80)}" is not a country WhatsApp knows; give a two-letter ISO code (e.g. US, BR, IN) or the English country name (e.g. United States of America)`,
	);
}

/** The language as an English name (`English`); ISO 639 codes and `pt-BR`-style tags are resolved. */
export function resolveLanguage(field: string, value: string): string {
	const trimmed = value.trim().replace(/\s+/g, ' ');
	const tag = /^([a-z]{2})(?:[-_]([a-z]{2}))?$/i.exec(trimmed);
	if (tag) {
		const base = languageNames().get(tag[1].toLowerCase());
		if (!base) throw new WhatsAppValidationError(field, `${field} "${trimmed}" is not an ISO 639-1 language code; use a code such as en or the language's English name`);
		if (!tag[2]) return base;
		const region = countryNames().get(tag[2].toUpperCase());
		if (!region) throw new WhatsAppValidationError(field, `${field} "${trimmed}": "${tag[2]}" is not a country code`);
		return displayNames('language').of(`${tag[1].toLowerCase()}-${tag[2].toUpperCase()}`) ?? base;
	}
	const wanted = normalised(trimmed);
	for (const name of languageNames().values()) if (normalised(name) === wanted) return name;
	throw new WhatsAppValidationError(
		field,
		`${field} "${trimmed.slice(0, 80)}" is not a language WhatsApp knows; give an ISO 639-1 code (e.g. en, es, pt) or the English language name (e.g. English)`,
	);
}

/** An absolute http(s) URL with a dotted host name, within the package's length guard. */
export function checkWebUrl(field: string, value: string): string {
	const url = value.trim();
	if (charLength(url) > GREEN_TICK_GUARDS.urlLength) {
		throw new WhatsAppValidationError(field, `${field} is ${charLength(url)} characters long; the node accepts at most ${GREEN_TICK_GUARDS.urlLength} (Meta publishes no limit)`);
	}
	let parsed: URL | undefined;
	try {
		parsed = new URL(url);
	} catch {
		parsed = undefined;
	}
	if (!parsed || (parsed.protocol !== 'https:' && parsed.protocol !== 'http:')) {
		throw new WhatsAppValidationError(field, `${field} "${url.slice(0, 120)}" is not a web address; it must start with https:// (or http://), e.g. https://www.example.com`);
	}
	if (!/^[^.]+(\.[^.]+)+$/.test(parsed.hostname) || parsed.hostname === 'localhost') {
		throw new WhatsAppValidationError(field, `${field} "${url.slice(0, 120)}" has no public host name (e.g. www.example.com)`);
	}
	return url;
}

function linkList(value: GreenTickRequestInput['supportingLinks']): string[] {
	if (value === undefined || value === null) return [];
	const list = Array.isArray(value) ? value : String(value).split(/[\n,]/);
	return list.map((entry) => String(entry).trim()).filter((entry) => entry !== '');
}

function optionalText(field: string, value: string | undefined, max: number): string | undefined {
	if (value === undefined || value.trim() === '') return undefined;
	const text = value.trim();
	const length = charLength(text);
	if (length > max) throw new WhatsAppValidationError(field, `${field} is ${length} characters long; the node accepts at most ${max} (Meta publishes no limit)`);
	return text;
}

/**
 * The request body, or a WhatsAppValidationError naming the first field that is missing or wrong.
 * Website, country and language are required (the three facts Meta's page names for every
 * request); links, parent brand and further information are optional.
 */
export function buildGreenTickRequest(input: GreenTickRequestInput): GreenTickRequestBody {
	const f = GREEN_TICK_FIELD_NAMES;
	const website = input.businessWebsiteUrl?.trim();
	if (!website) throw new WhatsAppValidationError(f.businessWebsiteUrl, `${f.businessWebsiteUrl} is required: the business's official website, e.g. https://www.example.com`);
	const country = input.primaryCountryOfOperation?.trim();
	if (!country) throw new WhatsAppValidationError(f.primaryCountryOfOperation, `${f.primaryCountryOfOperation} is required: a two-letter ISO code (e.g. US) or the English country name`);
	const language = input.primaryLanguage?.trim();
	if (!language) throw new WhatsAppValidationError(f.primaryLanguage, `${f.primaryLanguage} is required: an ISO 639-1 code (e.g. en) or the English language name`);

	const body: GreenTickRequestBody = {
		business_website_url: checkWebUrl(f.businessWebsiteUrl, website),
		primary_country_of_operation: resolveCountry(f.primaryCountryOfOperation, country),
		primary_language: resolveLanguage(f.primaryLanguage, language),
	};

	const links = linkList(input.supportingLinks);
	if (links.length > MAX_SUPPORTING_LINKS) {
		throw new WhatsAppValidationError(f.supportingLinks, `${f.supportingLinks}: ${links.length} given; WhatsApp accepts at most ${MAX_SUPPORTING_LINKS}`);
	}
	const seen = new Set<string>();
	links.forEach((link, index) => {
		const name = `${f.supportingLinks} ${index + 1}`;
		const url = checkWebUrl(name, link);
		if (seen.has(url.toLowerCase())) throw new WhatsAppValidationError(name, `${name} repeats an earlier link (${url.slice(0, 120)}); give up to ${MAX_SUPPORTING_LINKS} different articles`);
		seen.add(url.toLowerCase());
	});
	if (links.length > 0) body.supporting_links = links;

	const parent = optionalText(f.parentBusinessOrBrand, input.parentBusinessOrBrand, GREEN_TICK_GUARDS.parentBrandLength);
	if (parent) body.parent_business_or_brand = parent;
	const info = optionalText(f.additionalSupportingInformation, input.additionalSupportingInformation, GREEN_TICK_GUARDS.additionalInformationLength);
	if (info) body.additional_supporting_information = info;
	return body;
}

// ---------------------------------------------------------------------------------------------
// Status

export interface GreenTickStatusSummary {
	phoneNumberId: string;
	displayPhoneNumber?: string;
	verifiedName?: string;
	/** Meta's `oba_status`: NOT_STARTED, PENDING, APPROVED, REJECTED, CANCELLED. */
	status: GreenTickStatus;
	statusMessage?: string;
	/** `is_official_business_account`: whether the number shows the green tick now. */
	officialBusinessAccount: boolean;
	/** Whether a new request may be sent now, as far as the status and the 30-day rule tell. */
	canRequest: boolean;
	/** After a rejection: when Meta allows the next request (ISO time), when the rejection time is known. */
	newRequestAllowedFrom?: string;
	rejectedAt?: string;
	/** One sentence: what this status means for the user. */
	summary: string;
}

function text(value: unknown): string | undefined {
	return typeof value === 'string' && value !== '' ? value : undefined;
}

/**
 * The OBA part of Meta's answer. The guide's form (`?fields=official_business_account`) nests it;
 * the reference's edge (`GET …/official_business_account`) answers it flat. Both are read.
 */
export function readGreenTickField(raw: Record<string, unknown>): { status: GreenTickStatus; statusMessage?: string } {
	const nested = raw.official_business_account;
	const source = nested && typeof nested === 'object' ? (nested as Record<string, unknown>) : raw;
	return { status: text(source.oba_status) ?? 'NOT_STARTED', statusMessage: text(source.status_message) };
}

/** When a new request is allowed after a rejection at `rejectedAt`. */
export function reapplyDate(rejectedAt: Date): Date {
	return new Date(rejectedAt.getTime() + REAPPLY_AFTER_DAYS * 86_400_000);
}

/**
 * A friendly summary of a number's green-tick status. `rejectedAt` is when Meta rejected the last
 * request: Meta's status field carries no date, so a flow passes the time of the OBA_REJECTED
 * alert (the trigger's `timestamp`) to learn when it may apply again.
 */
export function summarizeGreenTick(raw: Record<string, unknown>, options: { rejectedAt?: Date; now?: Date } = {}): GreenTickStatusSummary {
	const { status, statusMessage } = readGreenTickField(raw);
	const now = options.now ?? new Date();
	const tick = raw.is_official_business_account === true;
	const summary: GreenTickStatusSummary = {
		phoneNumberId: String(raw.id ?? ''),
		displayPhoneNumber: text(raw.display_phone_number),
		verifiedName: text(raw.verified_name),
		status,
		statusMessage,
		officialBusinessAccount: tick,
		canRequest: false,
		summary: '',
	};
	if (tick || status === 'APPROVED') {
		summary.summary = 'The number has the green tick (Official Business Account).';
	} else if (status === 'PENDING') {
		summary.summary = 'A green tick request is under review by Meta; the decision arrives as an account alert (OBA_APPROVED or OBA_REJECTED).';
	} else if (status === 'REJECTED') {
		if (options.rejectedAt && !Number.isNaN(options.rejectedAt.getTime())) {
			const allowed = reapplyDate(options.rejectedAt);
			summary.rejectedAt = options.rejectedAt.toISOString();
			summary.newRequestAllowedFrom = allowed.toISOString();
			summary.canRequest = allowed.getTime() <= now.getTime();
			summary.summary = summary.canRequest
				? `The last request was rejected on ${summary.rejectedAt.slice(0, 10)}; the 30-day wait is over, a new request is allowed.`
				: `The last request was rejected on ${summary.rejectedAt.slice(0, 10)}; Meta allows a new request from ${summary.newRequestAllowedFrom.slice(0, 10)}.`;
		} else {
			summary.canRequest = true;
			summary.summary = `The last request was rejected. Meta allows a new request ${REAPPLY_AFTER_DAYS} days after the rejection; set "Rejected At" (the OBA_REJECTED alert's time) to get the exact date.`;
		}
	} else {
		summary.canRequest = true;
		summary.summary = status === 'CANCELLED' ? 'The last request was withdrawn; a new request can be sent.' : 'No green tick request has been made for this number.';
	}
	for (const key of Object.keys(summary) as Array<keyof GreenTickStatusSummary>) {
		if (summary[key] === undefined) delete summary[key];
	}
	return summary;
}
