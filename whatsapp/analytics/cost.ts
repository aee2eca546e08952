/**
 * Estimated cost of billable messages from a rate table the user edits: a price per pricing
 * category and market. A market is a country calling code (the recipient's number starts with it)
 * or `*` for every other market; the longest matching code wins, as in `{"marketing": {"*": 0.025,
 * "55": 0.0625, "1": 0.025}}`.
 */
import { WhatsAppValidationError } from '../validation';

export type RateTable = Record<string, Record<string, number>>;

/** Parses and checks the JSON the user typed (an object, or its text). */
export function parseRateTable(value: unknown, field = 'Rate Table'): RateTable {
	let parsed: unknown = value;
	if (typeof value === 'string') {
		if (value.trim() === '') return {};
		let problem: string | undefined;
		try {
			parsed = JSON.parse(value);
		} catch (error) {
			problem = (error as Error).message;
		}
		if (problem !== undefined) {
			throw new WhatsAppValidationError(field, `${field} is not valid JSON (${problem}); write for example {"marketing": {"*": 0.025, "55": 0.0625}}`);
		}
	}
	if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
		throw new WhatsAppValidationError(field, `${field} must be an object of category → market → price, such as {"marketing": {"*": 0.025}}`);
	}
	const table: RateTable = {};
	for (const [category, markets] of Object.entries(parsed as Record<string, unknown>)) {
		const name = category.trim().toLowerCase();
		if (typeof markets === 'number') {
			table[name] = { '*': checkPrice(field, `${category}`, markets) };
			continue;
		}
		if (typeof markets !== 'object' || markets === null || Array.isArray(markets)) {
			throw new WhatsAppValidationError(field, `${field}: "${category}" must map markets to prices, such as {"*": 0.025, "55": 0.0625}`);
		}
		table[name] = {};
		for (const [market, price] of Object.entries(markets as Record<string, unknown>)) {
			const code = market.trim().replace(/^\+/, '');
			if (code !== '*' && !/^\d{1,4}$/.test(code)) {
				throw new WhatsAppValidationError(field, `${field}: market "${market}" under "${category}" must be a country calling code such as 55 or 1, or * for the rest`);
			}
			table[name][code] = checkPrice(field, `${category}.${market}`, price);
		}
	}
	return table;
}

function checkPrice(field: string, where: string, price: unknown): number {
	const value = typeof price === 'string' && price.trim() !== '' ? Number(price) : price;
	if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
		throw new WhatsAppValidationError(field, `${field}: the price at ${where} is "${String(price)}"; use a number such as 0.025`);
	}
	return value;
}

/** The price of one billable message of `category` to `customer` (digits), if the table has one. */
export function priceFor(table: RateTable, category: string, customer: string): number | undefined {
	const markets = table[category.toLowerCase()];
	if (!markets) return undefined;
	let best: string | undefined;
	for (const code of Object.keys(markets)) {
		if (code !== '*' && customer.startsWith(code) && (best === undefined || code.length > best.length)) best = code;
	}
	return markets[best ?? '*'];
}
