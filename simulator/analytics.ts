/**
 * Deterministic synthetic analytics in Meta's shapes (facts §8). Values derive from a hash of the
 * bucket start and dimensions, so the same query always returns the same numbers.
 */
import { param100 } from './errors';
import { parseListModifier } from './http-body';

const DAY = 86_400;

function hash(...parts: Array<string | number>): number {
	let h = 2166136261;
	for (const c of parts.join('|')) {
		h ^= c.charCodeAt(0);
		h = Math.imul(h, 16777619);
	}
	return h >>> 0;
}

function parseTime(value: string | undefined, name: string): number {
	if (value === undefined || value.trim() === '') throw param100(`The parameter ${name} is required.`, false);
	const v = value.trim().replace(/^["']|["']$/g, '');
	if (/^\d+$/.test(v)) return Number(v);
	if (/^\d{4}-\d{2}-\d{2}$/.test(v)) return Math.floor(Date.parse(v + 'T00:00:00Z') / 1000);
	throw param100(`Param ${name} must be a UNIX timestamp.`, false);
}

/** Buckets between start and end; months follow the UTC calendar. Capped at 1000 buckets. */
function buckets(start: number, end: number, granularity: string): Array<[number, number]> {
	if (end <= start) throw param100('Param end must be greater than start.', false);
	const out: Array<[number, number]> = [];
	const g = granularity.toUpperCase();
	if (g === 'MONTH' || g === 'MONTHLY') {
		const d = new Date(start * 1000);
		let cursor = Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1) / 1000;
		while (cursor < end && out.length < 1000) {
			const c = new Date(cursor * 1000);
			const next = Date.UTC(c.getUTCFullYear(), c.getUTCMonth() + 1, 1) / 1000;
			out.push([cursor, next]);
			cursor = next;
		}
		return out;
	}
	const step = g === 'HALF_HOUR' ? 1800 : DAY;
	let cursor = start - (start % step);
	while (cursor < end && out.length < 1000) {
		out.push([cursor, cursor + step]);
		cursor += step;
	}
	return out;
}

function checkGranularity(value: string | undefined, allowed: string[]): string {
	if (!value) throw param100('The parameter granularity is required.', false);
	const g = value.replace(/^["']|["']$/g, '').toUpperCase();
	if (!allowed.includes(g)) throw param100(`Param granularity must be one of {${allowed.join(', ')}} - got "${value}".`, false);
	return g;
}

function cartesian(dims: Array<[string, string[]]>): Array<Record<string, string>> {
	let combos: Array<Record<string, string>> = [{}];
	for (const [key, values] of dims) {
		const next: Array<Record<string, string>> = [];
		for (const c of combos) for (const v of values) next.push({ ...c, [key]: v });
		combos = next;
	}
	return combos;
}

export interface AnalyticsContext {
	phoneNumbers: string[]; // display numbers, digits only
}

/** `analytics.start(..).end(..).granularity(DAY)...` */
export function messagingAnalytics(mod: Record<string, string>, ctx: AnalyticsContext): Record<string, unknown> {
	const start = parseTime(mod.start, 'start');
	const end = parseTime(mod.end, 'end');
	const granularity = checkGranularity(mod.granularity, ['HALF_HOUR', 'DAY', 'MONTH']);
	const phones = parseListModifier(mod.phone_numbers) ?? ctx.phoneNumbers;
	const countries = parseListModifier(mod.country_codes);
	const productTypes = parseListModifier(mod.product_types);
	const dataPoints = buckets(start, end, granularity).map(([s, e]) => {
		const h = hash('analytics', s, phones.join(','), (countries ?? []).join(','), (productTypes ?? []).join(','));
		const sent = 50 + (h % 950);
		return { start: s, end: e, sent, delivered: sent - (h % 17) };
	});
	const out: Record<string, unknown> = { phone_numbers: phones };
	if (countries) out.country_codes = countries;
	out.granularity = granularity;
	out.data_points = dataPoints;
	return out;
}

export function conversationAnalytics(mod: Record<string, string>, ctx: AnalyticsContext): Record<string, unknown> {
	const start = parseTime(mod.start, 'start');
	const end = parseTime(mod.end, 'end');
	const granularity = checkGranularity(mod.granularity, ['HALF_HOUR', 'DAILY', 'MONTHLY']);
	const dimensions = (parseListModifier(mod.dimensions) ?? []).map((d) => d.toUpperCase());
	const metrics = (parseListModifier(mod.metric_types) ?? ['CONVERSATION', 'COST']).map((m) => m.toUpperCase());
	const dims: Array<[string, string[]]> = [];
	if (dimensions.includes('CONVERSATION_CATEGORY')) dims.push(['conversation_category', parseListModifier(mod.conversation_categories) ?? ['AUTHENTICATION', 'MARKETING', 'SERVICE', 'UTILITY']]);
	if (dimensions.includes('CONVERSATION_TYPE')) dims.push(['conversation_type', parseListModifier(mod.conversation_types) ?? ['REGULAR', 'FREE_ENTRY', 'FREE_TIER']]);
	if (dimensions.includes('CONVERSATION_DIRECTION')) dims.push(['conversation_direction', parseListModifier(mod.conversation_directions) ?? ['BUSINESS_INITIATED', 'USER_INITIATED']]);
	if (dimensions.includes('COUNTRY')) dims.push(['country', parseListModifier(mod.country_codes) ?? ['US', 'BR']]);
	if (dimensions.includes('PHONE')) dims.push(['phone_number', parseListModifier(mod.phone_numbers) ?? ctx.phoneNumbers]);
	const points: Array<Record<string, unknown>> = [];
	for (const [s, e] of buckets(start, end, granularity)) {
		for (const combo of cartesian(dims)) {
			const h = hash('conv', s, JSON.stringify(combo));
			const conversations = 1 + (h % 300);
			const point: Record<string, unknown> = { start: s, end: e };
			if (metrics.includes('CONVERSATION')) point.conversation = conversations;
			Object.assign(point, combo);
			if (metrics.includes('COST')) point.cost = combo.conversation_category === 'SERVICE' ? 0 : Math.round(conversations * 1.4) / 100;
			points.push(point);
		}
	}
	return { data: [{ data_points: points }] };
}

export function pricingAnalytics(mod: Record<string, string>, ctx: AnalyticsContext): Record<string, unknown> {
	const start = parseTime(mod.start, 'start');
	const end = parseTime(mod.end, 'end');
	const granularity = checkGranularity(mod.granularity, ['HALF_HOUR', 'DAILY', 'MONTHLY']);
	const dimensions = (parseListModifier(mod.dimensions) ?? []).map((d) => d.toUpperCase());
	const metrics = (parseListModifier(mod.metric_types) ?? ['VOLUME', 'COST']).map((m) => m.toUpperCase());
	const dims: Array<[string, string[]]> = [];
	if (dimensions.includes('COUNTRY')) dims.push(['country', parseListModifier(mod.country_codes) ?? ['US', 'IN']]);
	if (dimensions.includes('PHONE')) dims.push(['phone_number', parseListModifier(mod.phone_numbers) ?? ctx.phoneNumbers]);
	if (dimensions.includes('PRICING_TYPE')) dims.push(['pricing_type', parseListModifier(mod.pricing_types) ?? ['REGULAR', 'FREE_CUSTOMER_SERVICE']]);
	if (dimensions.includes('PRICING_CATEGORY')) {
		dims.push(['pricing_category', parseListModifier(mod.pricing_categories) ?? ['AUTHENTICATION', 'MARKETING', 'SERVICE', 'UTILITY']]);
	}
	const points: Array<Record<string, unknown>> = [];
	for (const [s, e] of buckets(start, end, granularity)) {
		for (const combo of cartesian(dims)) {
			const h = hash('pricing', s, JSON.stringify(combo));
			const volume = 1 + (h % 200);
			const free = combo.pricing_type?.startsWith('FREE') || combo.pricing_category === 'SERVICE';
			const point: Record<string, unknown> = { start: s, end: e, ...combo };
			if (dimensions.includes('TIER') && !free) point.tier = combo.pricing_category === 'MARKETING' ? '0:MAX' : '0:750000';
			if (metrics.includes('VOLUME')) point.volume = volume;
			if (metrics.includes('COST')) point.cost = free ? 0 : Math.round(volume * 2.3) / 100;
			points.push(point);
		}
	}
	return { data: [{ data_points: points }] };
}

export function templateAnalytics(params: Record<string, string | undefined>, knownTemplateIds: Set<string>): Record<string, unknown> {
	const start = parseTime(params.start, 'start');
	const end = parseTime(params.end, 'end');
	checkGranularity(params.granularity, ['DAILY']);
	const ids = parseListModifier(params.template_ids);
	if (!ids || ids.length === 0) throw param100('The parameter template_ids is required.', false);
	if (ids.length > 10) throw param100('Param template_ids must contain at most 10 elements.', false);
	for (const id of ids) if (!knownTemplateIds.has(id)) throw param100(`Param template_ids contains an unknown template id: ${id}.`, false);
	const metrics = (parseListModifier(params.metric_types) ?? ['SENT', 'DELIVERED', 'READ', 'CLICKED', 'COST']).map((m) => m.toUpperCase());
	const productType = (params.product_type ?? 'cloud_api').toLowerCase();
	const points: Array<Record<string, unknown>> = [];
	for (const id of ids) {
		for (const [s, e] of buckets(start, end, 'DAILY')) {
			const h = hash('tpl', id, s);
			const sent = h % 120;
			const delivered = sent - (h % 7 > sent ? 0 : h % 7);
			const point: Record<string, unknown> = { template_id: id, start: s, end: e };
			if (metrics.includes('SENT')) point.sent = sent;
			if (metrics.includes('DELIVERED')) point.delivered = delivered;
			if (metrics.includes('READ')) point.read = Math.floor(delivered * 0.8);
			if (metrics.includes('CLICKED')) point.clicked = [{ type: 'quick_reply_button', button_content: 'Confirm', count: h % 11 }];
			if (metrics.includes('COST')) {
				point.cost = [
					{ type: 'amount_spent', value: Math.round(delivered * 0.8) / 100 },
					{ type: 'cost_per_delivered', value: delivered ? 0.008 : 0 },
				];
			}
			points.push(point);
		}
	}
	return { data: [{ granularity: 'DAILY', product_type: productType, data_points: points }] };
}
