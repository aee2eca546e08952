/**
 * Values keyed by field id (see fields.ts) → Meta's `template.components` for a send, in Meta's
 * order: header, body, limited-time offer, carousel, buttons by index (cloud-api-facts §2.7).
 *
 * Everything Meta would reject with 132000 (parameter count), 132005 (rendered text too long),
 * 132007 (new lines, tabs, long runs of spaces) or 132012 (format) is caught here first, with an
 * error that names the field, the rule and the actual value or length.
 */
import type { MessageContent } from '../messages/envelope';
import { LIMITS } from '../limits';
import { charLength, checkMaxLength, WhatsAppValidationError } from '../validation';
import type { TemplateButtonDefinition, TemplateComponentDefinition, TemplateDefinition } from './definition';
import {
	buttonsOf,
	buttonType,
	findComponent,
	headerFormat,
	isAuthentication,
	isNamedFormat,
	LANGUAGE_CODE,
	renderText,
	UNSENDABLE_STATUSES,
	variablesOf,
} from './definition';
import type { TemplateField } from './fields';
import { bodyLimitFor, parameterFieldsFor } from './fields';

/** A value for one field: text, a number, or (body variables) a currency or date_time object. */
export type TemplateValues = Record<string, unknown>;

export type SendParameter = Record<string, unknown>;

export interface SendComponent {
	type: 'header' | 'body' | 'button' | 'limited_time_offer' | 'carousel';
	sub_type?: string;
	index?: string;
	parameters?: SendParameter[];
	cards?: Array<{ card_index: number; components: SendComponent[] }>;
}

/** Empty means "not given": n8n hands unfilled fields over as '' or null. */
export function isEmptyValue(value: unknown): boolean {
	return value === undefined || value === null || (typeof value === 'string' && value.trim() === '');
}

/** A value as errors quote it: strings in quotes, anything else as JSON, cut to a readable length. */
function describe(value: unknown): string {
	const text = typeof value === 'string' ? value : JSON.stringify(value) ?? String(value);
	const short = text.length > 60 ? `${text.slice(0, 57)}...` : text;
	return typeof value === 'string' ? `"${short}"` : short;
}

function templateLabel(definition: TemplateDefinition): string {
	return `template "${definition.name}" (${definition.language})`;
}

/** Meta refuses new lines, tabs and more than 4 spaces in a row inside parameters (132007). */
function checkParameterText(label: string, text: string): void {
	if (text.trim() === '') throw new WhatsAppValidationError(label, `${label} is empty; WhatsApp does not accept empty parameters`);
	if (/[\n\r\t]/.test(text)) {
		throw new WhatsAppValidationError(label, `${label} contains a new line or tab; WhatsApp does not allow them in template parameters`);
	}
	if (/ {5,}/.test(text)) {
		throw new WhatsAppValidationError(label, `${label} contains more than 4 spaces in a row; WhatsApp does not allow that in template parameters`);
	}
}

function asText(value: unknown): string {
	return typeof value === 'string' ? value : typeof value === 'object' ? JSON.stringify(value) : String(value);
}

/** JSON text read without throwing: the value, or the parser's complaint. */
export function parseJson(text: string): { value?: unknown; error?: string } {
	try {
		return { value: JSON.parse(text) as unknown };
	} catch (error) {
		return { error: (error as Error).message };
	}
}

/** An object, or JSON text of one (values mapped from expressions often arrive as text). */
function asObject(value: unknown): Record<string, unknown> | undefined {
	if (typeof value === 'object' && value !== null && !Array.isArray(value)) return value as Record<string, unknown>;
	if (typeof value === 'string' && value.trim().startsWith('{')) {
		const parsed = parseJson(value).value;
		if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)) return parsed as Record<string, unknown>;
	}
	return undefined;
}

/**
 * A header or body text parameter. Body variables also take Meta's currency and date_time forms,
 * as an object or JSON text: `{"currency":{"fallback_value":"$100.99","code":"USD","amount_1000":100990}}`
 * or `{"date_time":{"fallback_value":"February 25, 1977"}}`. Returns the parameter and the text
 * WhatsApp shows for it (for the length checks).
 */
function textParameter(label: string, value: unknown, allowRich: boolean): { parameter: SendParameter; shown: string } {
	const object = allowRich ? asObject(value) : undefined;
	if (object && (object.currency !== undefined || object.type === 'currency')) {
		const currency = asObject(object.currency);
		const fallback = currency?.fallback_value;
		if (!currency || typeof fallback !== 'string' || fallback.trim() === '') {
			throw new WhatsAppValidationError(label, `${label}: a currency value needs currency.fallback_value, the text shown, such as "$100.99"`);
		}
		if (typeof currency.code !== 'string' || !/^[A-Z]{3}$/.test(currency.code)) {
			throw new WhatsAppValidationError(label, `${label}: currency.code must be a 3-letter ISO 4217 code such as USD; got ${describe(currency.code)}`);
		}
		const amount = currency.amount_1000;
		if (typeof amount !== 'number' || !Number.isInteger(amount) || amount < 0) {
			throw new WhatsAppValidationError(label, `${label}: currency.amount_1000 must be a whole number, the amount times 1000 (100.99 → 100990); got ${describe(amount)}`);
		}
		checkParameterText(label, fallback);
		return { parameter: { type: 'currency', currency: { fallback_value: fallback, code: currency.code, amount_1000: amount } }, shown: fallback };
	}
	if (object && (object.date_time !== undefined || object.type === 'date_time')) {
		const fallback = asObject(object.date_time)?.fallback_value;
		if (typeof fallback !== 'string' || fallback.trim() === '') {
			throw new WhatsAppValidationError(label, `${label}: a date_time value needs date_time.fallback_value, the text shown, such as "February 25, 1977"`);
		}
		checkParameterText(label, fallback);
		// The Cloud API renders only fallback_value; the old localisation fields are ignored.
		return { parameter: { type: 'date_time', date_time: { fallback_value: fallback } }, shown: fallback };
	}
	const text = asText(value);
	checkParameterText(label, text);
	return { parameter: { type: 'text', text }, shown: text };
}

/** A media header by numeric media ID or http(s) link. */
function mediaParameter(label: string, kind: string, value: unknown, filename: unknown): SendParameter {
	const text = asText(value).trim();
	let media: Record<string, unknown>;
	if (/^https?:\/\/\S+$/i.test(text)) media = { link: text };
	else if (/^\d+$/.test(text)) media = { id: text };
	else {
		throw new WhatsAppValidationError(label, `${label} must be a media ID (digits, from an upload) or an http(s) link; got ${describe(text)}`);
	}
	if (kind === 'document' && !isEmptyValue(filename)) media.filename = asText(filename).trim();
	return { type: kind, [kind]: media };
}

function coordinate(label: string, value: unknown, limit: number): number {
	const number = typeof value === 'number' ? value : Number(asText(value).trim());
	if (!Number.isFinite(number) || Math.abs(number) > limit) {
		throw new WhatsAppValidationError(label, `${label} must be a number from -${limit} to ${limit}; got ${describe(value)}`);
	}
	return number;
}

/** The offer's end as UNIX milliseconds: a number, digits, or an ISO date. */
function expirationMs(label: string, value: unknown): number {
	const text = asText(value).trim();
	const ms = typeof value === 'number' ? value : /^\d+$/.test(text) ? Number(text) : Date.parse(text);
	if (!Number.isFinite(ms) || ms <= 0 || !Number.isInteger(ms)) {
		throw new WhatsAppValidationError(label, `${label} must be UNIX time in milliseconds or an ISO date such as 2026-12-31T23:59:00Z; got ${describe(value)}`);
	}
	return ms;
}

function jsonList(label: string, value: unknown): unknown[] {
	const list = typeof value === 'string' ? parseJson(value).value : value;
	if (!Array.isArray(list)) throw new WhatsAppValidationError(label, `${label} must be a JSON list; got ${describe(value)}`);
	return list;
}

function checkSections(label: string, value: unknown): unknown[] {
	const sections = jsonList(label, value);
	if (sections.length < 1 || sections.length > LIMITS.productListSectionsMax) {
		throw new WhatsAppValidationError(label, `${label}: ${sections.length} sections given; WhatsApp allows 1 to ${LIMITS.productListSectionsMax}`);
	}
	let products = 0;
	sections.forEach((section, position) => {
		const items = (section as { product_items?: unknown })?.product_items;
		if (!Array.isArray(items) || items.length === 0) {
			throw new WhatsAppValidationError(label, `${label}: section ${position + 1} needs a non-empty product_items list`);
		}
		products += items.length;
	});
	if (products > LIMITS.productListItemsMax) {
		throw new WhatsAppValidationError(label, `${label}: ${products} products given; WhatsApp allows at most ${LIMITS.productListItemsMax} in total`);
	}
	return sections;
}

/** Reads values by field id and labels errors with the field's label. */
class ValueReader {
	private readonly byId: Map<string, TemplateField>;

	constructor(
		byId: Map<string, TemplateField>,
		private readonly values: TemplateValues,
		private readonly labels: TemplateLabels = {},
	) {
		this.byId = byId;
	}

	label(id: string): string {
		return this.labels[id] ?? this.byId.get(id)?.label ?? id;
	}

	has(id: string): boolean {
		return !isEmptyValue(this.values[id]);
	}

	get(id: string): unknown {
		const value = this.values[id];
		return isEmptyValue(value) ? this.byId.get(id)?.defaultValue : value;
	}
}

interface TextComponentResult {
	component?: SendComponent;
	rendered: string;
}

function buildTextComponent(
	kind: 'header' | 'body',
	definition: TemplateComponentDefinition,
	reader: ValueReader,
	idPrefix: string,
	named: boolean,
): TextComponentResult {
	const text = String(definition.text ?? '');
	const variables = variablesOf(text);
	const shown: Record<string, string> = {};
	const parameters = variables.map((variable) => {
		const id = `${idPrefix}${kind}.${variable}`;
		const { parameter, shown: visible } = textParameter(reader.label(id), reader.get(id), kind === 'body');
		shown[variable] = visible;
		return named ? { ...parameter, parameter_name: variable } : parameter;
	});
	return {
		component: parameters.length > 0 ? { type: kind, parameters } : undefined,
		rendered: renderText(text, shown),
	};
}

function buildHeader(
	header: TemplateComponentDefinition,
	reader: ValueReader,
	idPrefix: string,
	labelPrefix: string,
	named: boolean,
): SendComponent | undefined {
	const format = headerFormat(header);
	if (format === 'TEXT') {
		const { component, rendered } = buildTextComponent('header', header, reader, idPrefix, named);
		if (component && charLength(rendered) > LIMITS.templateHeaderText) {
			const variable = variablesOf(header.text)[0];
			const label = reader.label(`${idPrefix}header.${variable}`);
			throw new WhatsAppValidationError(
				label,
				`${labelPrefix}Header with ${label} filled in is ${charLength(rendered)} characters long; WhatsApp allows at most ${LIMITS.templateHeaderText}`,
			);
		}
		return component;
	}
	if (format === 'IMAGE' || format === 'VIDEO' || format === 'DOCUMENT') {
		const kind = format.toLowerCase();
		const id = `${idPrefix}header.${kind}`;
		return {
			type: 'header',
			parameters: [mediaParameter(reader.label(id), kind, reader.get(id), reader.get(`${idPrefix}header.document.filename`))],
		};
	}
	if (format === 'LOCATION') {
		const id = `${idPrefix}header.location`;
		const location: Record<string, unknown> = {
			latitude: coordinate(reader.label(`${id}.latitude`), reader.get(`${id}.latitude`), 90),
			longitude: coordinate(reader.label(`${id}.longitude`), reader.get(`${id}.longitude`), 180),
		};
		if (reader.has(`${id}.name`)) location.name = asText(reader.get(`${id}.name`));
		if (reader.has(`${id}.address`)) location.address = asText(reader.get(`${id}.address`));
		return { type: 'header', parameters: [{ type: 'location', location }] };
	}
	if (format === 'PRODUCT') {
		return {
			type: 'header',
			parameters: [
				{
					type: 'product',
					product: {
						product_retailer_id: asText(reader.get(`${idPrefix}header.product_retailer_id`)).trim(),
						catalog_id: asText(reader.get(`${idPrefix}header.catalog_id`)).trim(),
					},
				},
			],
		};
	}
	throw new WhatsAppValidationError(`${labelPrefix}Header`, `${labelPrefix}Header format ${format} is not supported for sending by this node`);
}

function buildBody(
	body: TemplateComponentDefinition,
	reader: ValueReader,
	idPrefix: string,
	label: string,
	limit: number,
	named: boolean,
): SendComponent | undefined {
	const { component, rendered } = buildTextComponent('body', body, reader, idPrefix, named);
	const length = charLength(rendered);
	if (component && length > limit) {
		throw new WhatsAppValidationError(label, `${label} with its parameters filled in is ${length} characters long; WhatsApp allows at most ${limit}`);
	}
	return component;
}

function buttonComponent(subType: string, index: number, parameter: SendParameter): SendComponent {
	return { type: 'button', sub_type: subType, index: String(index), parameters: [parameter] };
}

function buildButtons(buttons: TemplateButtonDefinition[], reader: ValueReader, idPrefix: string): SendComponent[] {
	const components: SendComponent[] = [];
	buttons.forEach((button, index) => {
		const id = `${idPrefix}button.${index}`;
		switch (buttonType(button)) {
			case 'URL': {
				if (variablesOf(button.url).length === 0) break;
				const label = reader.label(`${id}.url`);
				const suffix = asText(reader.get(`${id}.url`));
				checkParameterText(label, suffix);
				const url = renderText(String(button.url), { 1: suffix });
				if (charLength(url) > LIMITS.templateUrl) {
					throw new WhatsAppValidationError(label, `The URL of ${label.replace(/ URL Suffix$/, '')} with the suffix is ${charLength(url)} characters long; WhatsApp allows at most ${LIMITS.templateUrl}`);
				}
				components.push(buttonComponent('url', index, { type: 'text', text: suffix }));
				break;
			}
			case 'QUICK_REPLY': {
				const payload = reader.get(`${id}.payload`);
				// A button without text and without payload cannot happen in an approved template; skip rather than send "".
				if (isEmptyValue(payload)) break;
				components.push(buttonComponent('quick_reply', index, { type: 'payload', payload: asText(payload) }));
				break;
			}
			case 'COPY_CODE': {
				const label = reader.label(`${id}.coupon_code`);
				const code = asText(reader.get(`${id}.coupon_code`)).trim();
				checkMaxLength(label, code, LIMITS.couponCode);
				components.push(buttonComponent('copy_code', index, { type: 'coupon_code', coupon_code: code }));
				break;
			}
			case 'FLOW': {
				const action: Record<string, unknown> = {};
				if (reader.has(`${id}.flow_token`)) action.flow_token = asText(reader.get(`${id}.flow_token`));
				if (reader.has(`${id}.flow_action_data`)) {
					const label = reader.label(`${id}.flow_action_data`);
					const data = asObject(reader.get(`${id}.flow_action_data`));
					if (!data) throw new WhatsAppValidationError(label, `${label} must be a JSON object; got ${describe(reader.get(`${id}.flow_action_data`))}`);
					action.flow_action_data = data;
				}
				if (Object.keys(action).length > 0) components.push(buttonComponent('flow', index, { type: 'action', action }));
				break;
			}
			case 'CATALOG': {
				if (!reader.has(`${id}.thumbnail_product_retailer_id`)) break;
				components.push(
					buttonComponent('catalog', index, {
						type: 'action',
						action: { thumbnail_product_retailer_id: asText(reader.get(`${id}.thumbnail_product_retailer_id`)).trim() },
					}),
				);
				break;
			}
			case 'MPM':
				components.push(
					buttonComponent('mpm', index, {
						type: 'action',
						action: {
							thumbnail_product_retailer_id: asText(reader.get(`${id}.thumbnail_product_retailer_id`)).trim(),
							sections: checkSections(reader.label(`${id}.sections`), reader.get(`${id}.sections`)),
						},
					}),
				);
				break;
			default:
				break;
		}
	});
	return components;
}

/** Authentication templates: the same code fills the body variable and every code button (§2.7). */
function buildAuthentication(definition: TemplateDefinition, reader: ValueReader): SendComponent[] {
	const label = reader.label('otp.code');
	const code = asText(reader.get('otp.code')).trim();
	checkMaxLength(label, code, LIMITS.otpCode);
	checkParameterText(label, code);
	const components: SendComponent[] = [];
	if (variablesOf(findComponent(definition.components, 'BODY')?.text).length > 0) {
		components.push({ type: 'body', parameters: [{ type: 'text', text: code }] });
	}
	buttonsOf(definition.components).forEach((button, index) => {
		const type = buttonType(button);
		// Graph reads OTP buttons back either as OTP or as URL buttons ending in the code variable.
		if (type === 'OTP' || (type === 'URL' && variablesOf(button.url).length > 0)) {
			components.push(buttonComponent('url', index, { type: 'text', text: code }));
		}
	});
	return components;
}

/** Throws when values are missing for required fields or given for fields the template does not have. */
function checkPresence(
	definition: TemplateDefinition,
	fields: TemplateField[],
	known: Map<string, TemplateField>,
	values: TemplateValues,
	labels: TemplateLabels,
): void {
	const extra = Object.keys(values).filter((id) => !known.has(id) && !isEmptyValue(values[id]));
	if (extra.length > 0) {
		const expected = fields.length > 0 ? `Its parameters are: ${fields.map((entry) => entry.id).join(', ')}` : 'It has no parameters';
		throw new WhatsAppValidationError(
			extra[0],
			`${extra.map((id) => `"${id}"`).join(', ')} ${extra.length === 1 ? 'is not a parameter' : 'are not parameters'} of ${templateLabel(definition)}. ${expected}`,
		);
	}
	let complete = true;
	for (const entry of fields) if (entry.required && isEmptyValue(values[entry.id])) complete = false;
	if (complete) return;
	const missing = fields.filter((entry) => entry.required && isEmptyValue(values[entry.id]));
	if (missing.length > 0) {
		const required = fields.filter((entry) => entry.required).length;
		const label = (entry: TemplateField) => labels[entry.id] ?? entry.label;
		throw new WhatsAppValidationError(
			label(missing[0]),
			`${missing.map(label).join(', ')} ${missing.length === 1 ? 'is' : 'are'} required: ${templateLabel(definition)} needs ${required} required parameter${required === 1 ? '' : 's'} and ${required - missing.length} ${required - missing.length === 1 ? 'was' : 'were'} given`,
		);
	}
}

function fieldsByIdOf(fields: TemplateField[]): Map<string, TemplateField> {
	return new Map(fields.map((entry) => [entry.id, entry]));
}

/** Field id → the name errors use instead of the field's own label (the names of another form). */
export type TemplateLabels = Record<string, string>;

export interface TemplateComponentsOptions {
	/** `parameterFieldsFor(definition)`, when the caller keeps them (a campaign builds thousands of messages). */
	fields?: TemplateField[];
	/** `fields` by id, kept with them (see `TemplateBuilder`). */
	fieldsById?: Map<string, TemplateField>;
	labels?: TemplateLabels;
}

/** Meta's `components` for sending `definition` with `values` (keyed by the ids of `parameterFieldsFor`). */
export function buildTemplateComponents(
	definition: TemplateDefinition,
	values: TemplateValues,
	options: TemplateComponentsOptions = {},
): SendComponent[] {
	const fields = options.fields ?? parameterFieldsFor(definition);
	const byId = (options.fields && options.fieldsById) || fieldsByIdOf(fields);
	const labels = options.labels ?? {};
	checkPresence(definition, fields, byId, values, labels);
	const reader = new ValueReader(byId, values, labels);
	if (isAuthentication(definition)) return buildAuthentication(definition, reader);

	const named = isNamedFormat(definition);
	const components: SendComponent[] = [];
	const header = findComponent(definition.components, 'HEADER');
	const headerComponent = header ? buildHeader(header, reader, '', '', named) : undefined;
	if (headerComponent) components.push(headerComponent);

	const body = findComponent(definition.components, 'BODY');
	const bodyComponent = body ? buildBody(body, reader, '', 'Body', bodyLimitFor(definition), named) : undefined;
	if (bodyComponent) components.push(bodyComponent);

	if (findComponent(definition.components, 'LIMITED_TIME_OFFER') && reader.has('limited_time_offer.expiration_time_ms')) {
		const id = 'limited_time_offer.expiration_time_ms';
		components.push({
			type: 'limited_time_offer',
			parameters: [{ type: 'limited_time_offer', limited_time_offer: { expiration_time_ms: expirationMs(reader.label(id), reader.get(id)) } }],
		});
	}

	const carousel = findComponent(definition.components, 'CAROUSEL');
	if (carousel) {
		const cards = (carousel.cards ?? []).map((card, cardIndex) => {
			const idPrefix = `card.${cardIndex}.`;
			const labelPrefix = `Card ${cardIndex + 1} `;
			const cardComponents: SendComponent[] = [];
			const cardHeader = findComponent(card.components, 'HEADER');
			const cardHeaderComponent = cardHeader ? buildHeader(cardHeader, reader, idPrefix, labelPrefix, named) : undefined;
			if (cardHeaderComponent) cardComponents.push(cardHeaderComponent);
			const cardBody = findComponent(card.components, 'BODY');
			const cardBodyComponent = cardBody
				? buildBody(cardBody, reader, idPrefix, `${labelPrefix}Body`, LIMITS.carouselCardBody, named)
				: undefined;
			if (cardBodyComponent) cardComponents.push(cardBodyComponent);
			cardComponents.push(...buildButtons(buttonsOf(card.components), reader, idPrefix));
			return { card_index: cardIndex, components: cardComponents };
		});
		components.push({ type: 'carousel', cards });
	}

	components.push(...buildButtons(buttonsOf(definition.components), reader, ''));
	return components;
}

/** Throws when Meta would refuse to send the template because of its status. */
export function checkSendable(definition: TemplateDefinition): void {
	const status = String(definition.status ?? '').toUpperCase();
	if (UNSENDABLE_STATUSES.includes(status)) {
		throw new WhatsAppValidationError(
			'Template',
			`${templateLabel(definition)} is ${status}; only approved templates can be sent. Pick an approved template or wait for its review`,
		);
	}
}

export interface TemplateMessageOptions extends TemplateComponentsOptions {
	/** Send another translation than the definition's own language (same variables expected). */
	language?: string;
	/**
	 * Meta's `components` as given (an array or JSON text of one, `[]` for none), instead of
	 * `values`: the escape hatch for shapes the generated fields do not cover. Only their shape is
	 * checked.
	 */
	componentsJson?: unknown;
}

/** `componentsJson` given and not an empty placeholder (`''`, `'[]'`, `[]`). */
export function hasComponentsJson(value: unknown): boolean {
	if (value === undefined || value === null) return false;
	if (typeof value === 'string') return value.trim() !== '' && value.replace(/\s/g, '') !== '[]';
	return !(Array.isArray(value) && value.length === 0);
}

const COMPONENTS_JSON = 'Components (JSON)';

/** Meta's send components from JSON text or an array: each entry an object with a `type`. */
export function parseComponentsJson(value: unknown): SendComponent[] {
	let parsed = value;
	if (typeof value === 'string') {
		const read = parseJson(value);
		if (read.error !== undefined) throw new WhatsAppValidationError(COMPONENTS_JSON, `${COMPONENTS_JSON} is not valid JSON: ${read.error}`);
		parsed = read.value;
	}
	if (!Array.isArray(parsed)) {
		throw new WhatsAppValidationError(COMPONENTS_JSON, `${COMPONENTS_JSON} must be an array of components, such as [{"type":"body","parameters":[{"type":"text","text":"Pablo"}]}]`);
	}
	parsed.forEach((component, position) => {
		const type = (component as { type?: unknown } | null)?.type;
		if (typeof component !== 'object' || component === null || Array.isArray(component) || typeof type !== 'string' || type.trim() === '') {
			throw new WhatsAppValidationError(COMPONENTS_JSON, `${COMPONENTS_JSON} entry ${position + 1} needs a "type" (header, body, button …)`);
		}
	});
	return parsed as SendComponent[];
}

/**
 * The whole `{ type: 'template', template: {...} }` content for `buildSendBody`: the one builder of
 * template sends (Template → Send, Campaign → Send and its fallback). `values` are keyed by the ids
 * of `parameterFieldsFor`; with `componentsJson` they are ignored and the JSON is sent as given.
 */
export function buildTemplateMessage(
	definition: TemplateDefinition,
	values: TemplateValues,
	options: TemplateMessageOptions = {},
): MessageContent {
	const language = options.language?.trim() || definition.language;
	if (!LANGUAGE_CODE.test(language)) {
		throw new WhatsAppValidationError('Language', `Language "${language}" is not a template language code; use the exact code of the translation, such as en_US or es_MX`);
	}
	checkSendable(definition);
	const components = options.componentsJson !== undefined
		? parseComponentsJson(options.componentsJson)
		: buildTemplateComponents(definition, values, options);
	return {
		type: 'template',
		template: {
			name: definition.name,
			language: { code: language },
			...(components.length > 0 ? { components } : {}),
		},
	};
}

/**
 * A template ready to build many messages: its fields are generated once (a campaign sends the
 * same template to thousands of recipients).
 */
export class TemplateBuilder {
	readonly fields: TemplateField[];

	private readonly fieldsById: Map<string, TemplateField>;

	constructor(readonly definition: TemplateDefinition) {
		this.fields = parameterFieldsFor(definition);
		this.fieldsById = fieldsByIdOf(this.fields);
	}

	message(values: TemplateValues, options: Omit<TemplateMessageOptions, 'fields' | 'fieldsById'> = {}): MessageContent {
		return buildTemplateMessage(this.definition, values, { ...options, fields: this.fields, fieldsById: this.fieldsById });
	}
}
