/**
 * The template part of a campaign message. Campaign → Send builds its templates with the one
 * builder of `whatsapp/templates` (the fields generated from the template's definition); this file
 * keeps the problem list "Validate" shows and a thin adapter that reads the fields of version 1 of
 * the node (Header, Body Parameters, Button Parameters) as values of those generated fields.
 */
import type { MessageContent } from '../messages/envelope';
import type { TemplateDefinition, TemplateField, TemplateLabels, TemplateValues } from '../templates';
import { buttonsOf, findComponent, headerFormat, isEmptyValue, variablesOf } from '../templates';
import { WhatsAppValidationError } from '../validation';

export interface Problem {
	/** The field as the user knows it, such as "Body Parameter 2". */
	field: string;
	message: string;
}

/**
 * The template message of one recipient, built when the plan needs it (a fallback template only
 * for customers outside the window). Throws `WhatsAppValidationError` for a bad value.
 */
export type CampaignTemplate = () => MessageContent;

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

/** The template's message for one recipient, or `undefined` when `problems` received entries. */
export function buildCampaignTemplate(template: CampaignTemplate | undefined, problems: Problem[]): MessageContent | undefined {
	let content: MessageContent | undefined;
	collect(problems, () => {
		if (!template) throw new WhatsAppValidationError('Template', 'Template is required: pick the approved template to send');
		content = template();
	});
	return content;
}

export type TemplateHeaderType = 'none' | 'text' | 'image' | 'video' | 'document';
export type TemplateButtonType = 'quick_reply' | 'url' | 'copy_code';

/** The template fields of Campaign → Send version 1, as the node read them. */
export interface LegacyTemplateFields {
	/** One value per `{{n}}` in order, or named values for templates with named parameters. */
	bodyParameters?: Array<{ value: unknown; name?: string }>;
	header?: { type: TemplateHeaderType; value?: unknown; filename?: string };
	buttons?: Array<{ type: TemplateButtonType; index: number; value: unknown }>;
}

const BUTTON_VALUE: Record<TemplateButtonType, { key: string; name: string }> = {
	url: { key: 'url', name: 'URL' },
	quick_reply: { key: 'payload', name: 'quick-reply' },
	copy_code: { key: 'coupon_code', name: 'copy-code' },
};

function describeTemplate(definition: TemplateDefinition): string {
	return `template "${definition.name}" (${definition.language})`;
}

/**
 * Version 1's fields as values of the generated fields (`header.1`, `body.2`, `button.0.url` …),
 * with labels that name version 1's fields in errors. Throws when a field does not fit the
 * template's definition, saying what the template has.
 */
export function legacyTemplateValues(
	definition: TemplateDefinition,
	fields: TemplateField[],
	input: LegacyTemplateFields,
): { values: TemplateValues; labels: TemplateLabels } {
	const values: TemplateValues = {};
	const labels: TemplateLabels = {};
	const known = new Set(fields.map((field) => field.id));
	const template = describeTemplate(definition);

	const header = input.header;
	if (header && header.type !== 'none') {
		const defined = findComponent(definition.components, 'HEADER');
		const format = defined ? headerFormat(defined) : 'NONE';
		if (header.type === 'text') {
			const variable = format === 'TEXT' ? variablesOf(defined?.text)[0] : undefined;
			if (variable === undefined) {
				throw new WhatsAppValidationError('Header', `Header is "Text Variable", but the header of ${template} ${format === 'NONE' ? 'does not exist' : format === 'TEXT' ? 'has no variable' : `is ${format.toLowerCase()}`}; set Header to match the template`);
			}
			values[`header.${variable}`] = header.value;
			labels[`header.${variable}`] = 'Header Text';
		} else {
			const title = `${header.type.charAt(0).toUpperCase()}${header.type.slice(1)}`;
			if (format !== header.type.toUpperCase()) {
				throw new WhatsAppValidationError('Header', `Header is "${title}", but the header of ${template} ${format === 'NONE' ? 'does not exist' : `is ${format.toLowerCase()}`}; set Header to match the template`);
			}
			values[`header.${header.type}`] = header.value;
			labels[`header.${header.type}`] = `Header ${title}`;
			if (header.type === 'document' && !isEmptyValue(header.filename)) {
				values['header.document.filename'] = header.filename;
				labels['header.document.filename'] = 'Document Filename';
			}
		}
	}

	const body = input.bodyParameters ?? [];
	const variables = variablesOf(findComponent(definition.components, 'BODY')?.text);
	// A variable left without a value is named as the Body Parameter that would fill it.
	variables.forEach((variable, position) => {
		labels[`body.${variable}`] = `Body Parameter ${position + 1}`;
	});
	body.forEach((parameter, position) => {
		const label = `Body Parameter ${position + 1}`;
		const name = parameter.name?.trim();
		let id: string;
		if (name) {
			if (!variables.includes(name)) {
				throw new WhatsAppValidationError(label, `${label} is named "${name}", but the body of ${template} has ${variables.length > 0 ? `the variables ${variables.map((variable) => `{{${variable}}}`).join(', ')}` : 'no variables'}`);
			}
			id = `body.${name}`;
		} else {
			if (position >= variables.length) {
				throw new WhatsAppValidationError(label, `${body.length} Body Parameters are given, but the body of ${template} has ${variables.length} variable${variables.length === 1 ? '' : 's'}`);
			}
			id = `body.${variables[position]}`;
		}
		if (id in values) throw new WhatsAppValidationError(label, `${label} fills {{${id.slice(5)}}} a second time`);
		values[id] = parameter.value;
		labels[id] = label;
	});

	const buttons = buttonsOf(definition.components);
	(input.buttons ?? []).forEach((button, position) => {
		const label = `Button Parameter ${position + 1}`;
		const kind = BUTTON_VALUE[button.type] ?? BUTTON_VALUE.url;
		const id = `button.${button.index}.${kind.key}`;
		if (!known.has(id)) {
			const defined = buttons[button.index];
			throw new WhatsAppValidationError(
				label,
				`${label}: button index ${button.index} of ${template} ${defined ? `is a ${String(defined.type).toLowerCase()} button${defined.text ? ` ("${defined.text}")` : ''} that takes no ${kind.name} value` : `does not exist (it has ${buttons.length} button${buttons.length === 1 ? '' : 's'}, counted from 0)`}`,
			);
		}
		if (id in values) throw new WhatsAppValidationError(label, `${label} repeats button index ${button.index}`);
		values[id] = button.value;
		labels[id] = label;
	});
	return { values, labels };
}
