/**
 * Pieces several message builders share: a media reference by ID or link, optional text fields,
 * and reading list inputs that arrive as JSON text from an expression.
 */
import { checkMaxLength, WhatsAppValidationError } from '../validation';

export type MediaRef = { id: string } | { link: string };

/** Trimmed text, or undefined when empty: n8n hands empty optional fields over as ''. */
export function optionalText(value: unknown): string | undefined {
	if (value === undefined || value === null) return undefined;
	const text = String(value);
	return text.trim() === '' ? undefined : text;
}

/** Optional text that, when given, must fit `max`. */
export function optionalLimited(field: string, value: unknown, max: number): string | undefined {
	const text = optionalText(value);
	checkMaxLength(field, text, max);
	return text;
}

/** Required text that must fit `max`. */
export function requiredLimited(field: string, value: unknown, max: number): string {
	const text = optionalText(value);
	if (text === undefined) throw new WhatsAppValidationError(field, `${field} is required`);
	checkMaxLength(field, text, max);
	return text;
}

/** Uploaded media IDs are numeric strings; a wamid or a URL here is a common mix-up. */
export function checkMediaId(field: string, value: string): string {
	const id = value.trim();
	if (!/^\d+$/.test(id)) {
		throw new WhatsAppValidationError(
			field,
			`${field} "${id}" is not a media ID: use the numeric ID an upload returned, such as 1037543291543636`,
		);
	}
	return id;
}

/** Meta fetches links itself, so only absolute http(s) URLs work. */
export function checkLink(field: string, value: string): string {
	const link = value.trim();
	let url: URL | undefined;
	try {
		url = new URL(link);
	} catch {
		url = undefined;
	}
	if (!url || (url.protocol !== 'https:' && url.protocol !== 'http:')) {
		throw new WhatsAppValidationError(field, `${field} "${link}" is not a public http(s) URL, such as https://example.com/photo.jpg`);
	}
	return link;
}

/** One field that takes a media ID or a link: a value starting with http(s):// is a link. */
export function mediaRefFrom(field: string, value: unknown): MediaRef {
	const text = optionalText(value);
	if (text === undefined) {
		throw new WhatsAppValidationError(field, `${field} is required: a media ID from an upload or a public https:// URL`);
	}
	if (/^[a-z][a-z0-9+.-]*:/i.test(text.trim())) return { link: checkLink(field, text) };
	return { id: checkMediaId(field, text) };
}

/**
 * A list input mapped from an earlier node arrives as an array, an object, or JSON text; returns
 * the parsed value or names the field whose JSON is broken.
 */
export function parseJsonInput(field: string, value: unknown): unknown {
	if (typeof value !== 'string') return value;
	if (value.trim() === '') return undefined;
	let problem: string;
	try {
		return JSON.parse(value) as unknown;
	} catch (error) {
		problem = (error as Error).message;
	}
	throw new WhatsAppValidationError(field, `${field} is not valid JSON: ${problem}`);
}

export function isRecord(value: unknown): value is Record<string, unknown> {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** An array input; a single object counts as a list of one. */
export function asArray(field: string, value: unknown): unknown[] {
	const parsed = parseJsonInput(field, value);
	if (parsed === undefined || parsed === null) return [];
	if (Array.isArray(parsed)) return parsed;
	if (isRecord(parsed)) return [parsed];
	throw new WhatsAppValidationError(field, `${field} must be a JSON array, got ${typeof parsed}`);
}

/** Emoji are pictographs, flags (regional indicators) and keycaps. */
const EMOJI = /\p{Extended_Pictographic}|\p{Regional_Indicator}|\u20E3/u;

export function containsEmoji(value: string): boolean {
	return EMOJI.test(value);
}

interface GraphemeSegmenter {
	segment(input: string): Iterable<{ segment: string }>;
}

/** `Intl.Segmenter` exists in every Node the package supports, but not in the build's ES lib typings. */
const Segmenter = (Intl as unknown as {
	Segmenter?: new (locale: undefined, options: { granularity: 'grapheme' }) => GraphemeSegmenter;
}).Segmenter;

/**
 * Joiners, variation selectors, skin tones, keycaps and tag characters attach to the previous
 * character. Compared by code point: a regex character class of them is misread by linters.
 */
function isAttached(char: string): boolean {
	const code = char.codePointAt(0) ?? 0;
	return (
		code === 0x200d ||
		code === 0xfe0e ||
		code === 0xfe0f ||
		code === 0x20e3 ||
		(code >= 0x1f3fb && code <= 0x1f3ff) ||
		(code >= 0xe0020 && code <= 0xe007f)
	);
}

/** Splits text into what a reader sees as characters, so 👍🏽 or 🇵🇹 count as one. */
export function graphemes(value: string): string[] {
	if (Segmenter) return Array.from(new Segmenter(undefined, { granularity: 'grapheme' }).segment(value), (part) => part.segment);
	return approximateGraphemes(value);
}

/** Enough of Unicode's grapheme rules for emoji, for runtimes without `Intl.Segmenter`. */
export function approximateGraphemes(value: string): string[] {
	const result: string[] = [];
	let joinNext = false;
	for (const char of Array.from(value)) {
		const last = result.length - 1;
		const pairsFlag = /\p{Regional_Indicator}/u.test(char) && last >= 0 && Array.from(result[last]).length === 1 && /\p{Regional_Indicator}/u.test(result[last]);
		if (last >= 0 && (joinNext || isAttached(char) || pairsFlag)) result[last] += char;
		else result.push(char);
		joinNext = char === '\u200D';
	}
	return result;
}

/** Rejects keys Meta does not know, which it would refuse with a vaguer (#100) error. */
export function checkKnownKeys(field: string, value: Record<string, unknown>, allowed: readonly string[]): void {
	const unknown = Object.keys(value).filter((key) => !allowed.includes(key));
	if (unknown.length > 0) {
		throw new WhatsAppValidationError(
			field,
			`${field} has unknown field${unknown.length > 1 ? 's' : ''} ${unknown.map((key) => `"${key}"`).join(', ')}; allowed: ${allowed.join(', ')}`,
		);
	}
}
