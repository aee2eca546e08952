/**
 * The template part of a campaign message, built from per-recipient values and checked against
 * Meta's rules before anything is sent. Unlike the single-message builders, these collect every
 * problem instead of stopping at the first, so "Validate" can list all of them at once.
 */
import { LIMITS } from '../limits';
import type { MessageContent } from '../messages/envelope';
import { charLength, WhatsAppValidationError } from '../validation';

export interface Problem {
	/** The field as the user knows it, such as "Body Parameter 2". */
	field: string;
	message: string;
}

export type TemplateHeaderType = 'none' | 'text' | 'image' | 'video' | 'document';
export type TemplateButtonType = 'quick_reply' | 'url' | 'copy_code';

export interface CampaignTemplateInput {
	name: unknown;
	language: unknown;
	/** One value per `{{n}}` in order, or named values for templates with named parameters. */
	bodyParameters?: Array<{ value: unknown; name?: string }>;
	header?: { type: TemplateHeaderType; value?: unknown; filename?: string };
	buttons?: Array<{ type: TemplateButtonType; index: number; value: unknown }>;
	/**
	 * Send components as given (Meta's shape), instead of the fields above: for templates whose
	 * parameters the fields do not cover (carousel, limited-time offer, flow buttons).
	 */
	componentsJson?: unknown;
}

const TEMPLATE_NAME = /^[a-z0-9_]+$/;
/** `en`, `en_US`, `prs_AF`: Meta's codes are a 2–3 letter language with an optional region. */
const LANGUAGE_CODE = /^[a-z]{2,3}(_[A-Z]{2})?$/;
const PARAMETER_NAME = /^[a-z0-9_]{1,20}$/;
const MEDIA_ID = /^\d+$/;
const LINK = /^https?:\/\/\S+$/i;

/** Runs one check and records its failure as a problem instead of throwing. */
export function collect(problems: Problem[], check: () => void): void {
	let unexpected: unknown;
	try {
		check();
	} catch (error) {
		if (error instanceof WhatsAppValidationError) problems.push({ field: error.field, message: error.message });
		else unexpected = error ?? new Error('Unknown failure');
	}
	// A bug, not a user error: let it surface as such.
	if (unexpected !== undefined) throw unexpected;
}

function fail(field: string, message: string): never {
	throw new WhatsAppValidationError(field, message);
}

function asText(field: string, value: unknown): string {
	if (value === undefined || value === null) return fail(field, `${field} is empty; Meta rejects empty template parameters`);
	const text = typeof value === 'string' ? value : typeof value === 'number' || typeof value === 'boolean' ? String(value) : JSON.stringify(value);
	if (text.trim() === '') fail(field, `${field} is empty; Meta rejects empty template parameters`);
	return text;
}

function checkLength(field: string, text: string, max: number): void {
	const length = charLength(text);
	if (length > max) fail(field, `${field} is ${length} characters long; WhatsApp allows at most ${max}`);
}

/** Meta's format policy for parameters (132007): no newlines or tabs, at most 4 spaces in a row. */
function checkFormatPolicy(field: string, text: string): void {
	if (/[\n\r]/.test(text)) fail(field, `${field} contains a line break; template parameters may not contain newlines (Meta error 132007)`);
	if (/\t/.test(text)) fail(field, `${field} contains a tab; template parameters may not contain tabs (Meta error 132007)`);
	if (/ {5,}/.test(text)) fail(field, `${field} has more than 4 spaces in a row; Meta allows at most 4 (error 132007)`);
}

function mediaParameter(field: string, type: 'image' | 'video' | 'document', value: unknown, filename?: string): Record<string, unknown> {
	const text = asText(field, value).trim();
	let media: Record<string, unknown>;
	if (MEDIA_ID.test(text)) media = { id: text };
	else if (LINK.test(text)) media = { link: text };
	else return fail(field, `${field} "${text.slice(0, 80)}" is neither a media ID (digits) nor an http(s) link`);
	if (type === 'document' && filename) media.filename = filename;
	return { type, [type]: media };
}

function parseComponents(value: unknown): unknown[] {
	let parsed = value;
	if (typeof value === 'string') {
		try {
			parsed = JSON.parse(value);
		} catch (error) {
			fail('Components (JSON)', `Components (JSON) is not valid JSON: ${(error as Error).message}`);
		}
	}
	if (!Array.isArray(parsed)) fail('Components (JSON)', 'Components (JSON) must be an array of components, such as [{"type":"body","parameters":[…]}]');
	parsed.forEach((component, position) => {
		const type = (component as { type?: unknown })?.type;
		if (typeof component !== 'object' || component === null || typeof type !== 'string') {
			fail('Components (JSON)', `Components (JSON) entry ${position + 1} needs a "type" (header, body, button …)`);
		}
	});
	return parsed;
}

/**
 * The `template` content for one recipient, or `undefined` when `problems` received entries.
 * The template's definition is not known here, so checks are those that hold for every template;
 * a parameter count that does not match the template surfaces as Meta's 132000 on the first send.
 */
export function buildCampaignTemplate(input: CampaignTemplateInput, problems: Problem[]): MessageContent | undefined {
	const before = problems.length;
	let name = '';
	let language = '';
	collect(problems, () => {
		name = typeof input.name === 'string' ? input.name.trim() : '';
		if (!name) fail('Template Name', 'Template Name is required, such as order_update');
		checkLength('Template Name', name, LIMITS.templateName);
		if (!TEMPLATE_NAME.test(name)) fail('Template Name', `Template Name "${name}" may only contain lowercase letters, digits and underscores`);
	});
	collect(problems, () => {
		language = typeof input.language === 'string' ? input.language.trim() : '';
		if (!language) fail('Template Language', 'Template Language is required, such as en_US');
		if (!LANGUAGE_CODE.test(language)) fail('Template Language', `Template Language "${language}" is not a language code such as en or en_US`);
	});

	let components: unknown[] = [];
	if (input.componentsJson !== undefined && input.componentsJson !== '' && input.componentsJson !== null) {
		collect(problems, () => {
			components = parseComponents(input.componentsJson);
		});
	} else {
		const header = input.header;
		const headerParameters: unknown[] = [];
		const headerType = header?.type ?? 'none';
		if (header && headerType !== 'none') {
			collect(problems, () => {
				if (headerType === 'text') {
					const text = asText('Header Text', header.value);
					checkLength('Header Text', text, LIMITS.templateHeaderText);
					checkFormatPolicy('Header Text', text);
					headerParameters.push({ type: 'text', text });
				} else {
					const field = `Header ${headerType[0].toUpperCase()}${headerType.slice(1)}`;
					headerParameters.push(mediaParameter(field, headerType, header.value, header.filename));
				}
			});
		}
		if (headerParameters.length > 0) components.push({ type: 'header', parameters: headerParameters });

		const body = input.bodyParameters ?? [];
		const named = body.filter((parameter) => parameter.name && parameter.name.trim() !== '').length;
		if (named > 0 && named < body.length) {
			problems.push({ field: 'Body Parameters', message: `Body Parameters: ${named} of ${body.length} have a name; give every parameter a name (named template) or none (numbered template)` });
		}
		const onlyBody = headerParameters.length === 0 && (input.buttons ?? []).length === 0;
		const maxBodyParameter = onlyBody ? LIMITS.templateBodyOnlyParam : LIMITS.templateBody;
		const bodyParameters: unknown[] = [];
		body.forEach((parameter, position) => {
			const field = `Body Parameter ${position + 1}`;
			collect(problems, () => {
				const text = asText(field, parameter.value);
				checkLength(field, text, maxBodyParameter);
				checkFormatPolicy(field, text);
				const parameterName = parameter.name?.trim();
				if (parameterName && !PARAMETER_NAME.test(parameterName)) {
					fail(field, `${field} name "${parameterName}" may only use lowercase letters, digits and underscores (at most 20)`);
				}
				bodyParameters.push(parameterName ? { type: 'text', parameter_name: parameterName, text } : { type: 'text', text });
			});
		});
		if (bodyParameters.length > 0) components.push({ type: 'body', parameters: bodyParameters });

		const seenIndexes = new Set<number>();
		(input.buttons ?? []).forEach((button, position) => {
			const field = `Button Parameter ${position + 1}`;
			collect(problems, () => {
				if (!Number.isInteger(button.index) || button.index < 0 || button.index > 9) {
					fail(field, `${field} index is ${button.index}; a template has buttons 0 to 9`);
				}
				if (seenIndexes.has(button.index)) fail(field, `${field} repeats button index ${button.index}`);
				seenIndexes.add(button.index);
				const text = asText(field, button.value);
				let parameter: Record<string, unknown>;
				if (button.type === 'quick_reply') {
					parameter = { type: 'payload', payload: text };
				} else if (button.type === 'url') {
					checkLength(field, text, LIMITS.templateUrl);
					parameter = { type: 'text', text };
				} else {
					checkLength(field, text, LIMITS.couponCode);
					parameter = { type: 'coupon_code', coupon_code: text };
				}
				components.push({ type: 'button', sub_type: button.type, index: String(button.index), parameters: [parameter] });
			});
		});
	}

	if (problems.length > before) return undefined;
	const template: Record<string, unknown> = { name, language: { code: language } };
	if (components.length > 0) template.components = components;
	return { type: 'template', template };
}
