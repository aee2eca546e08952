/**
 * A message template as Graph returns it (`GET /{template-id}`, `GET /{waba-id}/message_templates`),
 * and the small readers the field generator and the component builder share. Graph returns
 * component `type` and `format` in upper case; the readers accept either case so that a template
 * typed by hand (a JSON definition, a test) reads the same.
 */

export interface TemplateButtonDefinition {
	type: string;
	text?: string;
	url?: string;
	phone_number?: string;
	/** URL buttons: `["https://…/summer2023"]`; copy-code buttons: `"25OFF"` or `["25OFF"]`. */
	example?: string | string[];
	otp_type?: string;
	flow_id?: string;
	flow_action?: string;
	navigate_screen?: string;
	[key: string]: unknown;
}

export interface TemplateComponentDefinition {
	type: string;
	format?: string;
	text?: string;
	example?: {
		header_text?: string[];
		header_text_named_params?: Array<{ param_name: string; example: string }>;
		header_handle?: string[];
		body_text?: string[][];
		body_text_named_params?: Array<{ param_name: string; example: string }>;
	};
	buttons?: TemplateButtonDefinition[];
	cards?: Array<{ components: TemplateComponentDefinition[] }>;
	limited_time_offer?: { text?: string; has_expiration?: boolean };
	add_security_recommendation?: boolean;
	code_expiration_minutes?: number;
	[key: string]: unknown;
}

export interface TemplateDefinition {
	id?: string;
	name: string;
	language: string;
	status?: string;
	category?: string;
	/** `POSITIONAL` (default) or `NAMED`; Graph spells it either case depending on the call. */
	parameter_format?: string;
	components: TemplateComponentDefinition[];
}

/** `{{1}}` or `{{first_name}}`; Meta allows no spaces inside the braces, but tolerating them costs nothing. */
const VARIABLE = /\{\{\s*([A-Za-z0-9_]+)\s*\}\}/g;

/** Variable names in order of first appearance: `['1', '2']` or `['first_name']`. */
export function variablesOf(text: unknown): string[] {
	if (typeof text !== 'string') return [];
	const names: string[] = [];
	for (const match of text.matchAll(VARIABLE)) if (!names.includes(match[1])) names.push(match[1]);
	return names;
}

/** The text with each variable replaced by its value (used to check Meta's rendered lengths). */
export function renderText(text: string, values: Record<string, string>): string {
	return text.replace(VARIABLE, (whole, name: string) => values[name] ?? whole);
}

export function isNamedFormat(definition: Pick<TemplateDefinition, 'parameter_format'>): boolean {
	return String(definition.parameter_format ?? '').toUpperCase() === 'NAMED';
}

export function isAuthentication(definition: Pick<TemplateDefinition, 'category'>): boolean {
	return String(definition.category ?? '').toUpperCase() === 'AUTHENTICATION';
}

export function componentType(component: { type?: unknown }): string {
	return String(component.type ?? '').toUpperCase();
}

export function findComponent(
	components: TemplateComponentDefinition[] | undefined,
	type: string,
): TemplateComponentDefinition | undefined {
	return (components ?? []).find((component) => componentType(component) === type);
}

export function buttonsOf(components: TemplateComponentDefinition[] | undefined): TemplateButtonDefinition[] {
	return findComponent(components, 'BUTTONS')?.buttons ?? [];
}

export function buttonType(button: TemplateButtonDefinition): string {
	return String(button.type ?? '').toUpperCase();
}

/** Header format, `TEXT` when Graph leaves it out. */
export function headerFormat(header: TemplateComponentDefinition): string {
	return String(header.format ?? 'TEXT').toUpperCase();
}

/** The example Meta stored for a variable, if any: shown next to the field as a hint. */
export function exampleFor(
	component: TemplateComponentDefinition,
	kind: 'header' | 'body',
	variable: string,
	position: number,
): string | undefined {
	const example = component.example;
	if (!example) return undefined;
	const named = kind === 'header' ? example.header_text_named_params : example.body_text_named_params;
	const fromNamed = named?.find((entry) => entry.param_name === variable)?.example;
	if (fromNamed !== undefined) return String(fromNamed);
	const positional = kind === 'header' ? example.header_text : example.body_text?.[0];
	const value = positional?.[position];
	return value === undefined ? undefined : String(value);
}

/**
 * Template statuses that Meta refuses to send (132001 for unapproved ones, 132015/132016 for paused
 * and disabled ones). FLAGGED, REINSTATED and LOCKED templates can still be sent.
 */
export const UNSENDABLE_STATUSES = [
	'PENDING',
	'REJECTED',
	'PAUSED',
	'DISABLED',
	'IN_APPEAL',
	'PENDING_DELETION',
	'DELETED',
	'ARCHIVED',
	'LIMIT_EXCEEDED',
];

/** Language codes look like `en`, `en_US`, `prs_AF` (cloud-api-facts §13.5). */
export const LANGUAGE_CODE = /^[a-z]{2,3}(_[A-Z]{2})?$/;

/** Meta's supported template languages (cloud-api-facts §13.5), for pickers and hints. */
export const TEMPLATE_LANGUAGES: readonly string[] =
	'af sq ar ar_EG ar_AE ar_LB ar_MA ar_QA az be_BY bn bn_IN bg ca zh_CN zh_HK zh_TW hr cs da prs_AF nl nl_BE en en_GB en_US en_AE en_AU en_CA en_GH en_IE en_IN en_JM en_MY en_NZ en_QA en_SG en_UG en_ZA et fil fi fr fr_BE fr_CA fr_CH fr_CI fr_MA ka de de_AT de_CH el gu ha he hi hu id ga it ja kn kk rw_RW ko ky_KG lo lv lt mk ms ml mr nb ps_AF fa pl pt_BR pt_PT pa ro ru sr si_LK sk sl es es_AR es_CL es_CO es_CR es_DO es_EC es_HN es_MX es_PA es_PE es_ES es_UY sw sv ta te th tr uk ur uz vi zu'.split(
		' ',
	);

/** Reads a Graph template object into a `TemplateDefinition`, tolerating missing fields. */
export function toTemplateDefinition(raw: unknown): TemplateDefinition {
	const object = (typeof raw === 'object' && raw !== null ? raw : {}) as Record<string, unknown>;
	return {
		...(object.id !== undefined ? { id: String(object.id) } : {}),
		name: String(object.name ?? ''),
		language: String(object.language ?? ''),
		...(object.status !== undefined ? { status: String(object.status) } : {}),
		...(object.category !== undefined ? { category: String(object.category) } : {}),
		...(object.parameter_format !== undefined ? { parameter_format: String(object.parameter_format) } : {}),
		components: Array.isArray(object.components) ? (object.components as TemplateComponentDefinition[]) : [],
	};
}
