/**
 * WhatsApp Business Account analytics (cloud-api-facts §8): the Graph query for each metric, with
 * Meta's granularity names, lookback windows and filter limits checked first, and the answer
 * flattened into one record per data point.
 */
import { normalizeRecipient } from '../phone';
import { WhatsAppValidationError } from '../validation';

/**
 * - `messages`: `analytics` (sent and delivered counts)
 * - `pricing`: `pricing_analytics` (volume and cost per message, the current per-message pricing)
 * - `conversations`: `conversation_analytics` (legacy conversation-based pricing, before July 2025)
 * - `templates`: `template_analytics` (sent, delivered, read, clicks and cost per template)
 */
export type AnalyticsKind = 'messages' | 'pricing' | 'conversations' | 'templates';

/** What the user picks; each metric spells it its own way (see `GRANULARITY_NAMES`). */
export type Granularity = 'HALF_HOUR' | 'DAY' | 'MONTH';

const GRANULARITY_NAMES: Record<AnalyticsKind, Partial<Record<Granularity, string>>> = {
	messages: { HALF_HOUR: 'HALF_HOUR', DAY: 'DAY', MONTH: 'MONTH' },
	pricing: { HALF_HOUR: 'HALF_HOUR', DAY: 'DAILY', MONTH: 'MONTHLY' },
	conversations: { HALF_HOUR: 'HALF_HOUR', DAY: 'DAILY', MONTH: 'MONTHLY' },
	templates: { DAY: 'DAILY' },
};

const DAY_SECONDS = 86_400;

/** How far back Meta answers: one year since 2025-12-01, 90 days for templates. */
export const LOOKBACK_DAYS: Record<AnalyticsKind, number> = {
	messages: 365,
	pricing: 365,
	conversations: 365,
	templates: 90,
};

export const MAX_TEMPLATE_IDS = 10;

/** Meta's enum values, offered as options by the node. */
export const ANALYTICS_ENUMS = {
	messageProductTypes: { templateSent: 0, nonTemplateSent: 2, inbound: 100 },
	pricingMetricTypes: ['COST', 'VOLUME'],
	pricingTypes: ['REGULAR', 'FREE_CUSTOMER_SERVICE', 'FREE_ENTRY_POINT'],
	pricingCategories: ['AUTHENTICATION', 'AUTHENTICATION_INTERNATIONAL', 'MARKETING', 'SERVICE', 'UTILITY', 'REFERRAL_CONVERSION'],
	pricingDimensions: ['COUNTRY', 'PHONE', 'PRICING_CATEGORY', 'PRICING_TYPE', 'TIER'],
	conversationMetricTypes: ['COST', 'CONVERSATION'],
	conversationCategories: ['AUTHENTICATION', 'MARKETING', 'SERVICE', 'UTILITY'],
	conversationTypes: ['FREE_ENTRY', 'FREE_TIER', 'REGULAR'],
	conversationDirections: ['BUSINESS_INITIATED', 'USER_INITIATED', 'UNKNOWN'],
	conversationDimensions: ['CONVERSATION_CATEGORY', 'CONVERSATION_DIRECTION', 'CONVERSATION_TYPE', 'COUNTRY', 'PHONE'],
	templateMetricTypes: ['SENT', 'DELIVERED', 'READ', 'CLICKED', 'COST'],
} as const;

export interface AnalyticsQueryInput {
	kind: AnalyticsKind;
	/** ISO date or date-time, a Date, a Luxon DateTime, or unix seconds/milliseconds. */
	start: unknown;
	end: unknown;
	granularity: Granularity;
	phoneNumbers?: string[] | string;
	countryCodes?: string[] | string;
	templateIds?: string[] | string;
	/** messages only: 0 template sent, 2 non-template sent, 100 inbound. */
	productTypes?: number[];
	metricTypes?: string[];
	dimensions?: string[];
	pricingTypes?: string[];
	pricingCategories?: string[];
	conversationCategories?: string[];
	conversationTypes?: string[];
	conversationDirections?: string[];
	/** Current time in ms, for the lookback check; defaults to the clock. */
	now?: number;
}

export interface AnalyticsRequest {
	/** Empty: `GET /{waba-id}` with a `fields` expansion; otherwise the WABA edge to call. */
	edge: '' | 'template_analytics';
	qs: Record<string, string>;
}

/** Unix seconds from the forms a date parameter or an expression can take. */
export function toUnixSeconds(field: string, value: unknown): number {
	let ms: number | undefined;
	if (value instanceof Date) ms = value.getTime();
	else if (typeof value === 'number') ms = value > 1e11 ? value : value * 1000;
	else if (typeof value === 'object' && value !== null && typeof (value as { toMillis?: unknown }).toMillis === 'function') {
		ms = (value as { toMillis(): number }).toMillis();
	} else if (typeof value === 'string' && value.trim() !== '') {
		const trimmed = value.trim();
		ms = /^\d+$/.test(trimmed) ? toUnixSeconds(field, Number(trimmed)) * 1000 : Date.parse(trimmed);
	}
	if (value === undefined || value === null || value === '') {
		throw new WhatsAppValidationError(field, `${field} is required: a date such as 2026-01-31`);
	}
	if (ms === undefined || !Number.isFinite(ms)) {
		throw new WhatsAppValidationError(field, `${field} "${String(value)}" is not a date: use a date such as 2026-01-31 or 2026-01-31T12:00:00Z`);
	}
	return Math.floor(ms / 1000);
}

function list(value: string[] | string | undefined): string[] {
	if (value === undefined) return [];
	const entries = Array.isArray(value) ? value : value.split(/[\n,]/);
	return entries.map((entry) => String(entry).trim()).filter((entry) => entry !== '');
}

/** `(["A","B"])` for strings, `([0,2])` for numbers, as Graph field expansion writes arrays. */
function modifier(name: string, values: ReadonlyArray<string | number>): string {
	return `.${name}(${JSON.stringify(values)})`;
}

function checkEnum(field: string, values: string[] | undefined, allowed: readonly string[]): string[] {
	const result = (values ?? []).map((value) => value.toUpperCase());
	for (const value of result) {
		if (!allowed.includes(value)) {
			throw new WhatsAppValidationError(field, `${field}: "${value}" is not one of ${allowed.join(', ')}`);
		}
	}
	return result;
}

function countryCodes(value: AnalyticsQueryInput['countryCodes']): string[] {
	return list(value).map((code) => {
		const upper = code.toUpperCase();
		if (!/^[A-Z]{2}$/.test(upper)) {
			throw new WhatsAppValidationError('Country Codes', `Country Codes: "${code}" is not a two-letter country code such as US or BR`);
		}
		return upper;
	});
}

function templateIds(value: AnalyticsQueryInput['templateIds']): string[] {
	const ids = list(value);
	if (ids.length === 0 || ids.length > MAX_TEMPLATE_IDS) {
		throw new WhatsAppValidationError('Template IDs', `Template IDs: ${ids.length} given; WhatsApp allows 1 to ${MAX_TEMPLATE_IDS} per request`);
	}
	for (const id of ids) {
		if (!/^\d+$/.test(id)) throw new WhatsAppValidationError('Template IDs', `Template IDs: "${id}" is not a template ID (digits only)`);
	}
	return ids;
}

/** The Graph request for one analytics query; throws a WhatsAppValidationError for bad input. */
export function buildAnalyticsRequest(input: AnalyticsQueryInput): AnalyticsRequest {
	const start = toUnixSeconds('Start', input.start);
	const end = toUnixSeconds('End', input.end);
	if (end <= start) {
		throw new WhatsAppValidationError('End', `End (${new Date(end * 1000).toISOString()}) must be after Start (${new Date(start * 1000).toISOString()})`);
	}
	const now = Math.floor((input.now ?? Date.now()) / 1000);
	const lookback = LOOKBACK_DAYS[input.kind];
	const earliest = now - lookback * DAY_SECONDS;
	if (start < earliest) {
		const daysBack = Math.ceil((now - start) / DAY_SECONDS);
		throw new WhatsAppValidationError(
			'Start',
			`Start is ${daysBack} days ago; WhatsApp keeps ${input.kind === 'templates' ? 'template ' : ''}analytics for at most ${lookback} days`,
		);
	}
	const granularity = GRANULARITY_NAMES[input.kind][input.granularity];
	if (!granularity) {
		const allowed = Object.keys(GRANULARITY_NAMES[input.kind]).join(', ');
		throw new WhatsAppValidationError('Granularity', `Granularity "${input.granularity}" is not available for ${input.kind} analytics; use ${allowed}`);
	}
	const phoneNumbers = list(input.phoneNumbers).map((number) => normalizeRecipient(number, 'Phone Numbers'));

	if (input.kind === 'templates') {
		const ids = templateIds(input.templateIds);
		const metrics = checkEnum('Metric Types', input.metricTypes, ANALYTICS_ENUMS.templateMetricTypes);
		return {
			edge: 'template_analytics',
			qs: {
				start: String(start),
				end: String(end),
				granularity,
				// Template IDs are sent as bare numbers, as in Meta's example query.
				template_ids: `[${ids.join(',')}]`,
				...(metrics.length > 0 ? { metric_types: JSON.stringify(metrics) } : {}),
			},
		};
	}

	let field = `.start(${start}).end(${end}).granularity(${granularity})`;
	if (phoneNumbers.length > 0) field += modifier('phone_numbers', phoneNumbers);
	const countries = countryCodes(input.countryCodes);

	if (input.kind === 'messages') {
		if (countries.length > 0) field += modifier('country_codes', countries);
		const productTypes = input.productTypes ?? [];
		const allowed = Object.values(ANALYTICS_ENUMS.messageProductTypes) as number[];
		for (const type of productTypes) {
			if (!allowed.includes(type)) throw new WhatsAppValidationError('Message Types', `Message Types: ${type} is not one of ${allowed.join(', ')}`);
		}
		if (productTypes.length > 0) field += modifier('product_types', productTypes);
		return { edge: '', qs: { fields: `analytics${field}` } };
	}

	if (input.kind === 'pricing') {
		if (countries.length > 0) field += modifier('country_codes', countries);
		const parts: Array<[string, string[]]> = [
			['metric_types', checkEnum('Metric Types', input.metricTypes, ANALYTICS_ENUMS.pricingMetricTypes)],
			['pricing_types', checkEnum('Pricing Types', input.pricingTypes, ANALYTICS_ENUMS.pricingTypes)],
			['pricing_categories', checkEnum('Pricing Categories', input.pricingCategories, ANALYTICS_ENUMS.pricingCategories)],
			['dimensions', checkEnum('Group By', input.dimensions, ANALYTICS_ENUMS.pricingDimensions)],
		];
		for (const [name, values] of parts) if (values.length > 0) field += modifier(name, values);
		return { edge: '', qs: { fields: `pricing_analytics${field}` } };
	}

	// conversations: Meta's legacy metric has no country filter, only a COUNTRY dimension.
	if (countries.length > 0) {
		throw new WhatsAppValidationError('Country Codes', 'Country Codes cannot filter conversation analytics; group by Country instead');
	}
	const parts: Array<[string, string[]]> = [
		['metric_types', checkEnum('Metric Types', input.metricTypes, ANALYTICS_ENUMS.conversationMetricTypes)],
		['conversation_categories', checkEnum('Conversation Categories', input.conversationCategories, ANALYTICS_ENUMS.conversationCategories)],
		['conversation_types', checkEnum('Conversation Types', input.conversationTypes, ANALYTICS_ENUMS.conversationTypes)],
		['conversation_directions', checkEnum('Conversation Directions', input.conversationDirections, ANALYTICS_ENUMS.conversationDirections)],
		['dimensions', checkEnum('Group By', input.dimensions, ANALYTICS_ENUMS.conversationDimensions)],
	];
	for (const [name, values] of parts) if (values.length > 0) field += modifier(name, values);
	return { edge: '', qs: { fields: `conversation_analytics${field}` } };
}

/* ---------- answer → one record per data point ---------- */

export type AnalyticsDataPoint = Record<string, unknown> & {
	metric: AnalyticsKind;
	start: string;
	end: string;
	startTimestamp: number;
	endTimestamp: number;
};

function camelCase(key: string): string {
	return key.replace(/_([a-z0-9])/g, (_match, letter: string) => letter.toUpperCase());
}

function isoOf(value: unknown): { iso: string; seconds: number } | undefined {
	const seconds = typeof value === 'number' ? value : typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : undefined;
	if (seconds === undefined) return undefined;
	return { iso: new Date(seconds * 1000).toISOString(), seconds };
}

function records(value: unknown): Array<Record<string, unknown>> {
	return Array.isArray(value) ? value.filter((entry): entry is Record<string, unknown> => typeof entry === 'object' && entry !== null) : [];
}

/** One data point in friendly form: ISO times, camelCase keys, template click and cost lists summed up. */
function flattenPoint(kind: AnalyticsKind, point: Record<string, unknown>, shared: Record<string, unknown>): AnalyticsDataPoint {
	const start = isoOf(point.start);
	const end = isoOf(point.end);
	const result: Record<string, unknown> = {
		metric: kind,
		start: start?.iso ?? '',
		end: end?.iso ?? '',
		startTimestamp: start?.seconds ?? 0,
		endTimestamp: end?.seconds ?? 0,
	};
	for (const [key, value] of Object.entries(point)) {
		if (key === 'start' || key === 'end') continue;
		if (kind === 'templates' && key === 'clicked' && Array.isArray(value)) {
			const clicks = records(value).map((click) => ({
				type: click.type,
				buttonContent: click.button_content,
				count: typeof click.count === 'number' ? click.count : Number(click.count ?? 0),
			}));
			result.clicked = clicks.reduce((sum, click) => sum + click.count, 0);
			result.clicks = clicks;
			continue;
		}
		if (kind === 'templates' && key === 'cost' && Array.isArray(value)) {
			// [{type:'amount_spent', value}] → amountSpent: value
			for (const cost of records(value)) {
				if (typeof cost.type === 'string') result[camelCase(cost.type)] = cost.value;
			}
			continue;
		}
		result[camelCase(key)] = value;
	}
	return { ...shared, ...result } as AnalyticsDataPoint;
}

/**
 * Meta's answer for `kind` as a flat list of data points, oldest first. Accepts the field form
 * (`{ analytics: … }`, `{ pricing_analytics: { data: [...] } }`) and the edge form (`{ data: [...] }`).
 */
export function flattenAnalytics(kind: AnalyticsKind, response: unknown): AnalyticsDataPoint[] {
	const body = (typeof response === 'object' && response !== null ? response : {}) as Record<string, unknown>;
	const points: AnalyticsDataPoint[] = [];

	if (kind === 'messages') {
		const analytics = (body.analytics ?? {}) as Record<string, unknown>;
		const shared: Record<string, unknown> = {};
		if (typeof analytics.granularity === 'string') shared.granularity = analytics.granularity;
		for (const point of records(analytics.data_points)) points.push(flattenPoint(kind, point, shared));
	} else {
		const fieldName = kind === 'pricing' ? 'pricing_analytics' : kind === 'conversations' ? 'conversation_analytics' : undefined;
		const container = fieldName ? ((body[fieldName] ?? {}) as Record<string, unknown>) : body;
		for (const group of records(container.data)) {
			const shared: Record<string, unknown> = {};
			if (typeof group.granularity === 'string') shared.granularity = group.granularity;
			if (typeof group.product_type === 'string') shared.productType = group.product_type;
			for (const point of records(group.data_points)) points.push(flattenPoint(kind, point, shared));
		}
	}
	return points.sort((a, b) => a.startTimestamp - b.startTimestamp);
}
