/**
 * Template creation and edits (`POST /{waba-id}/message_templates`, `POST /{template-id}`): the
 * simple form most templates need, mapped to Meta's components, and a local check of Meta's
 * creation rules (cloud-api-facts §4.1, §13.4) so a template that would be refused with 100/2388xxx
 * is caught before the call, naming the field.
 */
import { LIMITS } from '../limits';
import { charLength, checkMaxLength, WhatsAppValidationError } from '../validation';
import type { TemplateButtonDefinition, TemplateComponentDefinition } from './definition';
import { componentType, LANGUAGE_CODE, variablesOf } from './definition';

export const TEMPLATE_CATEGORIES = ['MARKETING', 'UTILITY', 'AUTHENTICATION'] as const;
export type TemplateCategory = (typeof TEMPLATE_CATEGORIES)[number];
export type ParameterFormat = 'positional' | 'named';

/** Named variables: lowercase letters and underscores (Meta), at most 20 characters (whatsapp-api-js). */
export const NAMED_VARIABLE = /^[a-z_]{1,20}$/;
const TEMPLATE_NAME = /^[a-z0-9_]+$/;
const BUTTON_CAPS: Record<string, number> = { QUICK_REPLY: 10, URL: 2, PHONE_NUMBER: 1, COPY_CODE: 1, OTP: 1 };
const BUTTON_TYPES = ['QUICK_REPLY', 'URL', 'PHONE_NUMBER', 'COPY_CODE', 'OTP', 'FLOW', 'CATALOG', 'MPM', 'REQUEST_CONTACT_INFO', 'VOICE_CALL'];
const MAX_BUTTONS = 10;
const MAX_CARD_BUTTONS = 2;
const MAX_OFFER_TEXT = 16;
const MAX_PHONE_BUTTON = 20;

// ---------------------------------------------------------------------------------------------
// The simple form

export interface SimpleExample {
	/** The variable's name for named templates; ignored for positional ones (order counts). */
	name?: string;
	example: string;
}

export interface SimpleButton {
	type: 'QUICK_REPLY' | 'URL' | 'PHONE_NUMBER' | 'COPY_CODE' | 'FLOW' | 'OTP';
	text?: string;
	url?: string;
	/** Example of the full URL or of the `{{1}}` suffix; a suffix is completed with the URL prefix. */
	urlExample?: string;
	phoneNumber?: string;
	/** Copy-code example. */
	example?: string;
	flowId?: string;
	flowAction?: string;
	navigateScreen?: string;
	otpType?: 'COPY_CODE' | 'ONE_TAP' | 'ZERO_TAP';
	packageName?: string;
	signatureHash?: string;
}

export interface SimpleTemplateInput {
	category: string;
	header?: {
		format: 'NONE' | 'TEXT' | 'IMAGE' | 'VIDEO' | 'DOCUMENT' | 'LOCATION';
		text?: string;
		example?: string;
		/** A header handle (`4::…`) from the resumable upload API, for media headers. */
		handle?: string;
	};
	body?: { text?: string; examples?: SimpleExample[]; addSecurityRecommendation?: boolean };
	footer?: { text?: string; codeExpirationMinutes?: number };
	buttons?: SimpleButton[];
}

function nonEmpty(value: string | undefined): string | undefined {
	return value !== undefined && value.trim() !== '' ? value : undefined;
}

function textExample(kind: 'header' | 'body', text: string, examples: SimpleExample[], format: ParameterFormat): TemplateComponentDefinition['example'] | undefined {
	const variables = variablesOf(text);
	if (variables.length === 0) return undefined;
	if (format === 'named') {
		const named = variables.map((variable, position) => ({
			param_name: variable,
			example: examples.find((entry) => entry.name === variable)?.example ?? examples[position]?.example ?? '',
		}));
		return kind === 'header' ? { header_text_named_params: named } : { body_text_named_params: named };
	}
	const values = examples.map((entry) => entry.example);
	return kind === 'header' ? { header_text: values } : { body_text: [values] };
}

function simpleButton(button: SimpleButton): TemplateButtonDefinition {
	const out: TemplateButtonDefinition = { type: button.type };
	if (nonEmpty(button.text)) out.text = button.text;
	switch (button.type) {
		case 'URL': {
			out.url = button.url ?? '';
			const example = nonEmpty(button.urlExample);
			if (example) {
				const prefix = out.url.replace(/\{\{\s*1\s*\}\}$/, '');
				out.example = [/^https?:\/\//i.test(example) ? example : `${prefix}${example}`];
			}
			break;
		}
		case 'PHONE_NUMBER':
			out.phone_number = button.phoneNumber ?? '';
			break;
		case 'COPY_CODE':
			out.example = button.example ?? '';
			break;
		case 'FLOW':
			out.flow_id = button.flowId ?? '';
			if (nonEmpty(button.flowAction)) out.flow_action = button.flowAction;
			if (nonEmpty(button.navigateScreen)) out.navigate_screen = button.navigateScreen;
			break;
		case 'OTP':
			out.otp_type = button.otpType ?? 'COPY_CODE';
			if (nonEmpty(button.packageName)) out.package_name = button.packageName;
			if (nonEmpty(button.signatureHash)) out.signature_hash = button.signatureHash;
			break;
		default:
			break;
	}
	return out;
}

/** Meta's create components from the simple form. */
export function buildSimpleComponents(input: SimpleTemplateInput, format: ParameterFormat): TemplateComponentDefinition[] {
	const components: TemplateComponentDefinition[] = [];
	const authentication = input.category.toUpperCase() === 'AUTHENTICATION';
	const header = input.header;
	if (header && header.format !== 'NONE') {
		if (header.format === 'TEXT') {
			const text = header.text ?? '';
			const example = textExample('header', text, nonEmpty(header.example) ? [{ example: header.example ?? '' }] : [], format);
			components.push({ type: 'HEADER', format: 'TEXT', text, ...(example ? { example } : {}) });
		} else if (header.format === 'LOCATION') {
			components.push({ type: 'HEADER', format: 'LOCATION' });
		} else {
			components.push({ type: 'HEADER', format: header.format, ...(nonEmpty(header.handle) ? { example: { header_handle: [header.handle ?? ''] } } : {}) });
		}
	}
	if (authentication) {
		components.push({ type: 'BODY', add_security_recommendation: input.body?.addSecurityRecommendation === true });
		if (input.footer?.codeExpirationMinutes !== undefined) {
			components.push({ type: 'FOOTER', code_expiration_minutes: input.footer.codeExpirationMinutes });
		}
	} else {
		const text = input.body?.text ?? '';
		const example = textExample('body', text, input.body?.examples ?? [], format);
		components.push({ type: 'BODY', text, ...(example ? { example } : {}) });
		if (nonEmpty(input.footer?.text)) components.push({ type: 'FOOTER', text: input.footer?.text });
	}
	if (input.buttons && input.buttons.length > 0) components.push({ type: 'BUTTONS', buttons: input.buttons.map(simpleButton) });
	return components;
}

// ---------------------------------------------------------------------------------------------
// Meta's creation rules

function fail(field: string, message: string): never {
	throw new WhatsAppValidationError(field, message);
}

function checkVariables(field: string, text: string, format: ParameterFormat, strictPlacement: boolean): string[] {
	const variables = variablesOf(text);
	if (format === 'named') {
		for (const variable of variables) {
			if (!NAMED_VARIABLE.test(variable)) {
				fail(field, `${field}: variable {{${variable}}} is not a valid name; named variables use lowercase letters and underscores, at most 20 characters, such as {{first_name}}`);
			}
		}
	} else {
		for (const variable of variables) {
			if (!/^\d+$/.test(variable)) fail(field, `${field}: variable {{${variable}}} must be a number such as {{1}} because the parameter format is positional`);
		}
		const numbers = variables.map(Number).sort((a, b) => a - b);
		numbers.forEach((number, position) => {
			if (number !== position + 1) fail(field, `${field}: variables must be numbered {{1}}, {{2}} … without gaps; found {{${number}}} where {{${position + 1}}} was expected`);
		});
	}
	if (strictPlacement && variables.length > 0) {
		if (/\}\}\s*\{\{/.test(text)) fail(field, `${field}: two variables are next to each other; WhatsApp needs text between variables`);
		const trimmed = text.trim();
		if (/^\{\{[^}]+\}\}/.test(trimmed) || /\{\{[^}]+\}\}[.!?]?$/.test(trimmed)) {
			fail(field, `${field} starts or ends with a variable; WhatsApp does not allow that`);
		}
	}
	return variables;
}

function checkTextExamples(field: string, component: TemplateComponentDefinition, kind: 'header' | 'body', variables: string[], format: ParameterFormat): void {
	if (variables.length === 0) return;
	const example = component.example;
	if (format === 'named') {
		const named = kind === 'header' ? example?.header_text_named_params : example?.body_text_named_params;
		for (const variable of variables) {
			const entry = named?.find((candidate) => candidate.param_name === variable);
			if (!entry || String(entry.example ?? '').trim() === '') fail(field, `${field}: an example for {{${variable}}} is required`);
		}
		return;
	}
	const values = kind === 'header' ? example?.header_text : example?.body_text?.[0];
	const given = (values ?? []).filter((value) => String(value ?? '').trim() !== '').length;
	if (given !== variables.length) {
		fail(field, `${field}: ${variables.length} example value${variables.length === 1 ? '' : 's'} needed (one per variable); ${given} given`);
	}
}

function checkButtons(field: string, buttons: unknown, category: string, max: number, allowed: string[]): TemplateButtonDefinition[] {
	if (!Array.isArray(buttons) || buttons.length === 0) fail(field, `${field}: at least one button is needed when the buttons component is present`);
	if (buttons.length > max) fail(field, `${field}: ${buttons.length} buttons given; WhatsApp allows at most ${max}`);
	const counts: Record<string, number> = {};
	let quickReplyGroups = 0;
	let previousWasQuickReply = false;
	const out = (buttons as TemplateButtonDefinition[]).map((raw, index) => {
		const label = `${field.replace(/s$/, '')} ${index + 1}`;
		if (typeof raw !== 'object' || raw === null) fail(label, `${label} must be an object`);
		const type = String(raw.type ?? '').toUpperCase();
		if (!allowed.includes(type)) fail(label, `${label}: type "${String(raw.type)}" is not allowed here; use one of ${allowed.join(', ')}`);
		counts[type] = (counts[type] ?? 0) + 1;
		const isQuickReply = type === 'QUICK_REPLY';
		if (isQuickReply && !previousWasQuickReply) quickReplyGroups++;
		previousWasQuickReply = isQuickReply;
		if (type !== 'OTP' && (typeof raw.text !== 'string' || raw.text.trim() === '')) fail(`${label} Text`, `${label} Text is required`);
		checkMaxLength(`${label} Text`, typeof raw.text === 'string' ? raw.text : undefined, LIMITS.templateButtonText);
		if (type === 'URL') {
			const url = typeof raw.url === 'string' ? raw.url : '';
			if (!/^https?:\/\//i.test(url)) fail(`${label} URL`, `${label} URL must start with https:// or http://; got "${url}"`);
			checkMaxLength(`${label} URL`, url, LIMITS.templateUrl);
			const variables = variablesOf(url);
			if (variables.length > 1 || (variables.length === 1 && !/\{\{\s*1\s*\}\}$/.test(url))) {
				fail(`${label} URL`, `${label} URL may contain one variable, {{1}}, and only at its end`);
			}
			const example = Array.isArray(raw.example) ? raw.example[0] : raw.example;
			if (variables.length === 1 && (typeof example !== 'string' || example.trim() === '')) {
				fail(`${label} URL Example`, `${label} URL has a variable, so an example URL is required`);
			}
		}
		if (type === 'PHONE_NUMBER') {
			const phone = typeof raw.phone_number === 'string' ? raw.phone_number : '';
			if (!/\d/.test(phone)) fail(`${label} Phone Number`, `${label} Phone Number is required, with country code, such as +15550051310`);
			checkMaxLength(`${label} Phone Number`, phone, MAX_PHONE_BUTTON);
		}
		if (type === 'COPY_CODE') {
			const example = Array.isArray(raw.example) ? raw.example[0] : raw.example;
			if (typeof example !== 'string' || example.trim() === '') fail(`${label} Example`, `${label} Example (a sample code) is required`);
			checkMaxLength(`${label} Example`, example, LIMITS.couponCode);
		}
		if (type === 'OTP') {
			if (category !== 'AUTHENTICATION') fail(label, `${label}: one-time password buttons are only allowed in AUTHENTICATION templates`);
			const otpType = String(raw.otp_type ?? '').toUpperCase();
			if (!['COPY_CODE', 'ONE_TAP', 'ZERO_TAP'].includes(otpType)) fail(`${label} OTP Type`, `${label} OTP Type must be COPY_CODE, ONE_TAP or ZERO_TAP; got "${String(raw.otp_type ?? '')}"`);
			if (otpType !== 'COPY_CODE' && !Array.isArray(raw.supported_apps) && !(raw.package_name && raw.signature_hash)) {
				fail(label, `${label}: ${otpType} buttons need the Android Package Name and Signature Hash of your app`);
			}
		}
		if (type === 'FLOW' && !raw.flow_id && !raw.flow_name && !raw.flow_json) {
			fail(`${label} Flow ID`, `${label}: a flow button needs the Flow ID (or flow_name / flow_json)`);
		}
		return { ...raw, type };
	});
	if (quickReplyGroups > 1) fail(field, `${field}: quick reply buttons must be next to each other (QR, QR, URL is fine; QR, URL, QR is not)`);
	for (const [type, cap] of Object.entries(BUTTON_CAPS)) {
		if ((counts[type] ?? 0) > cap) fail(field, `${field}: ${counts[type]} ${type} buttons given; WhatsApp allows at most ${cap}`);
	}
	return out;
}

function checkCarousel(component: TemplateComponentDefinition, category: string, format: ParameterFormat): TemplateComponentDefinition {
	const cards = component.cards;
	if (!Array.isArray(cards) || cards.length < LIMITS.carouselCardsMin || cards.length > LIMITS.carouselCardsMax) {
		fail('Carousel', `Carousel: ${Array.isArray(cards) ? cards.length : 0} cards given; WhatsApp allows ${LIMITS.carouselCardsMin} to ${LIMITS.carouselCardsMax}`);
	}
	let shape: string | undefined;
	const normalised = cards.map((card, cardIndex) => {
		const prefix = `Card ${cardIndex + 1}`;
		if (!Array.isArray(card?.components)) fail(prefix, `${prefix}: components are required`);
		const components = card.components.map((raw) => {
			const type = componentType(raw);
			if (type === 'HEADER') {
				const headerFormat = String(raw.format ?? '').toUpperCase();
				if (!['IMAGE', 'VIDEO', 'PRODUCT'].includes(headerFormat)) fail(`${prefix} Header`, `${prefix} Header must be IMAGE or VIDEO (or PRODUCT); got "${String(raw.format ?? '')}"`);
				if (headerFormat !== 'PRODUCT' && !raw.example?.header_handle?.[0]) fail(`${prefix} Header`, `${prefix} Header needs a sample (example.header_handle from the upload API)`);
				return { ...raw, type, format: headerFormat };
			}
			if (type === 'BODY') {
				const text = typeof raw.text === 'string' ? raw.text : '';
				if (text.trim() === '') fail(`${prefix} Body`, `${prefix} Body is required`);
				checkMaxLength(`${prefix} Body`, text, LIMITS.carouselCardBody);
				checkTextExamples(`${prefix} Body`, raw, 'body', checkVariables(`${prefix} Body`, text, format, true), format);
				return { ...raw, type };
			}
			if (type === 'BUTTONS') {
				return { ...raw, type, buttons: checkButtons(`${prefix} Buttons`, raw.buttons, category, MAX_CARD_BUTTONS, ['QUICK_REPLY', 'URL', 'PHONE_NUMBER']) };
			}
			return fail(prefix, `${prefix}: component "${String(raw.type)}" is not allowed in a card; use HEADER, BODY and BUTTONS`);
		});
		const cardShape = components
			.map((entry) => `${entry.type}:${entry.format ?? ''}:${(entry.buttons ?? []).map((button) => button.type).join('+')}`)
			.join('|');
		if (shape !== undefined && cardShape !== shape) fail(prefix, `${prefix} differs from card 1; every card needs the same components and buttons`);
		shape = cardShape;
		return { components };
	});
	return { ...component, type: 'CAROUSEL', cards: normalised };
}

/** Named when any body or header variable is not a number (edits that do not restate the format). */
export function inferParameterFormat(components: unknown): ParameterFormat {
	if (!Array.isArray(components)) return 'positional';
	const texts = (components as TemplateComponentDefinition[]).flatMap((component) => [
		component?.text,
		...(component?.cards ?? []).flatMap((card) => (card?.components ?? []).map((inner) => inner?.text)),
	]);
	return texts.some((text) => variablesOf(text).some((variable) => !/^\d+$/.test(variable))) ? 'named' : 'positional';
}

/**
 * Checks components against Meta's creation rules and returns them with upper-case types, in
 * Meta's order. `category` may be undefined for edits that keep the current category; the rules
 * that depend on it are then left to Meta.
 */
export function validateTemplateComponents(
	components: unknown,
	options: { category?: string; parameterFormat?: ParameterFormat },
): TemplateComponentDefinition[] {
	const category = String(options.category ?? '').toUpperCase();
	const format = options.parameterFormat ?? inferParameterFormat(components);
	const authentication = category === 'AUTHENTICATION';
	if (!Array.isArray(components) || components.length === 0) fail('Components', 'Components: at least a body is required');
	const seen = new Set<string>();
	const out = (components as TemplateComponentDefinition[]).map((raw, position) => {
		if (typeof raw !== 'object' || raw === null) fail('Components', `Components: entry ${position + 1} must be an object`);
		const type = componentType(raw);
		if (seen.has(type)) fail('Components', `Components: only one ${type} component is allowed`);
		seen.add(type);
		switch (type) {
			case 'HEADER': {
				if (authentication) fail('Header', 'Header: authentication templates cannot have a header');
				const headerFormat = String(raw.format ?? '').toUpperCase();
				if (headerFormat === 'TEXT') {
					const text = typeof raw.text === 'string' ? raw.text : '';
					if (text.trim() === '') fail('Header Text', 'Header Text is required for a text header');
					checkMaxLength('Header Text', text, LIMITS.templateHeaderText);
					const variables = checkVariables('Header Text', text, format, false);
					if (variables.length > 1) fail('Header Text', `Header Text has ${variables.length} variables; WhatsApp allows at most 1 in a header`);
					checkTextExamples('Header Text', raw, 'header', variables, format);
				} else if (['IMAGE', 'VIDEO', 'DOCUMENT', 'GIF'].includes(headerFormat)) {
					if (!raw.example?.header_handle?.[0]) {
						fail('Header Sample', `Header Sample is required for the ${headerFormat} header: a file uploaded through the resumable upload API`);
					}
				} else if (headerFormat === 'LOCATION') {
					if (category && category !== 'UTILITY' && category !== 'MARKETING') fail('Header', 'Header: location headers are only allowed in UTILITY and MARKETING templates');
				} else {
					fail('Header Format', `Header Format must be TEXT, IMAGE, VIDEO, DOCUMENT, GIF or LOCATION; got "${String(raw.format ?? '')}"`);
				}
				return { ...raw, type, format: headerFormat };
			}
			case 'BODY': {
				if (authentication) {
					if (raw.text !== undefined) fail('Body', 'Body: authentication templates use Meta’s preset text; set Add Security Recommendation instead of a text');
					return { ...raw, type };
				}
				const text = typeof raw.text === 'string' ? raw.text : '';
				if (text.trim() === '') fail('Body', 'Body is required');
				checkMaxLength('Body', text, LIMITS.templateBody);
				checkTextExamples('Body Examples', raw, 'body', checkVariables('Body', text, format, true), format);
				return { ...raw, type };
			}
			case 'FOOTER': {
				if (authentication) {
					const minutes = raw.code_expiration_minutes;
					if (minutes !== undefined && (typeof minutes !== 'number' || !Number.isInteger(minutes) || minutes < 1 || minutes > 90)) {
						fail('Code Expiration Minutes', `Code Expiration Minutes must be a whole number from 1 to 90; got ${String(minutes)}`);
					}
					return { ...raw, type };
				}
				const text = typeof raw.text === 'string' ? raw.text : '';
				if (text.trim() === '') fail('Footer', 'Footer text is required when a footer is present');
				checkMaxLength('Footer', text, LIMITS.templateFooter);
				if (variablesOf(text).length > 0) fail('Footer', 'Footer cannot contain variables');
				return { ...raw, type };
			}
			case 'BUTTONS':
				return { ...raw, type, buttons: checkButtons('Buttons', raw.buttons, category, MAX_BUTTONS, BUTTON_TYPES) };
			case 'LIMITED_TIME_OFFER': {
				if (category && category !== 'MARKETING') fail('Limited-Time Offer', 'Limited-Time Offer is only allowed in MARKETING templates');
				const text = raw.limited_time_offer?.text;
				if (typeof text !== 'string' || text.trim() === '') fail('Limited-Time Offer Text', 'Limited-Time Offer Text is required');
				checkMaxLength('Limited-Time Offer Text', text, MAX_OFFER_TEXT);
				return { ...raw, type };
			}
			case 'CAROUSEL':
				return checkCarousel(raw, category, format);
			default:
				return fail('Components', `Components: type "${String(raw.type)}" is not a template component; use HEADER, BODY, FOOTER, BUTTONS, LIMITED_TIME_OFFER or CAROUSEL`);
		}
	});
	if (!seen.has('BODY')) fail('Body', 'Body is required: every template has exactly one body');
	if (authentication && !out.some((entry) => entry.type === 'BUTTONS' && (entry.buttons ?? []).some((button) => button.type === 'OTP'))) {
		fail('Buttons', 'Buttons: authentication templates need a one-time password (OTP) button');
	}
	const order = ['HEADER', 'LIMITED_TIME_OFFER', 'BODY', 'FOOTER', 'BUTTONS', 'CAROUSEL'];
	return out.sort((a, b) => order.indexOf(a.type) - order.indexOf(b.type));
}

export interface CreateTemplateInput {
	name: string;
	language: string;
	category: string;
	parameterFormat?: ParameterFormat;
	components: unknown;
}

/** The body of `POST /{waba-id}/message_templates`. */
export function buildCreateTemplateBody(input: CreateTemplateInput): Record<string, unknown> {
	const name = input.name.trim();
	if (name === '') fail('Name', 'Name is required');
	if (!TEMPLATE_NAME.test(name)) fail('Name', `Name "${name}" may only contain lowercase letters, digits and underscores, such as order_update`);
	if (charLength(name) > LIMITS.templateName) fail('Name', `Name is ${charLength(name)} characters long; WhatsApp allows at most ${LIMITS.templateName}`);
	const language = input.language.trim();
	if (!LANGUAGE_CODE.test(language)) fail('Language', `Language "${language}" is not a template language code, such as en_US`);
	const category = input.category.trim().toUpperCase();
	if (!(TEMPLATE_CATEGORIES as readonly string[]).includes(category)) {
		fail('Category', `Category must be MARKETING, UTILITY or AUTHENTICATION; got "${input.category}"`);
	}
	const parameterFormat = input.parameterFormat ?? 'positional';
	const components = validateTemplateComponents(input.components, { category, parameterFormat });
	return { name, language, category, parameter_format: parameterFormat, components };
}

/** The body of `POST /{template-id}`: new components (they replace all) and/or a new category. */
export function buildUpdateTemplateBody(input: {
	category?: string;
	parameterFormat?: ParameterFormat;
	components?: unknown;
}): Record<string, unknown> {
	const body: Record<string, unknown> = {};
	const category = input.category?.trim().toUpperCase();
	if (category) {
		if (!(TEMPLATE_CATEGORIES as readonly string[]).includes(category)) {
			fail('Category', `Category must be MARKETING, UTILITY or AUTHENTICATION; got "${input.category}"`);
		}
		body.category = category;
	}
	if (input.components !== undefined) {
		body.components = validateTemplateComponents(input.components, { category, parameterFormat: input.parameterFormat });
	}
	if (Object.keys(body).length === 0) fail('Update Fields', 'Nothing to update: give new components and/or a category');
	return body;
}
