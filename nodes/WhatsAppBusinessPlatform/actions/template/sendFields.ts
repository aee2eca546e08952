/**
 * The template fields of a send, shared by Template → Send and Campaign → Send: the template
 * picker, its language, the fields generated from the template's definition (a resource mapper)
 * and the components JSON escape hatch; and the reader that turns them into a message with the one
 * builder of `whatsapp/templates`.
 */
import type {
	IDataObject,
	IExecuteFunctions,
	INodeParameterResourceLocator,
	INodeProperties,
	ResourceMapperValue,
} from 'n8n-workflow';

import type { MessageContent } from '../../../../whatsapp/messages/envelope';
import type { TemplateLabels, TemplateValues } from '../../../../whatsapp/templates';
import { hasComponentsJson, TemplateBuilder } from '../../../../whatsapp/templates';
import { ASK_N8N, loneReferenceReader } from '../../helpers/columnReferences';
import { sendTemplateLocator, TemplateCatalog } from './common';

export interface TemplateSendFieldsOptions {
	/** Whether a template must be picked (a campaign's fallback template is optional). */
	required: boolean;
	/** The picker's description. */
	description?: string;
}

/** Template, Language and Template Parameters, as both sends show them. */
export function templateSendFields(options: TemplateSendFieldsOptions): INodeProperties[] {
	return [
		{ ...sendTemplateLocator, required: options.required, ...(options.description ? { description: options.description } : {}) },
		{
			displayName: 'Language Name or ID',
			name: 'language',
			type: 'options',
			default: '',
			typeOptions: { loadOptionsMethod: 'getTemplateLanguages', loadOptionsDependsOn: ['template.value'] },
			description:
				'The language version to send, such as en_US. Empty: the picked template’s own language (set it when a template given by name has several). Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>',
		},
		{
			displayName: 'Template Parameters',
			name: 'templateParameters',
			type: 'resourceMapper',
			noDataExpression: true,
			default: { mappingMode: 'defineBelow', value: null },
			required: options.required,
			typeOptions: {
				loadOptionsDependsOn: ['template.value', 'language'],
				resourceMapper: {
					resourceMapperMethod: 'getTemplateParameterFields',
					mode: 'add',
					valuesLabel: 'Values',
					fieldWords: { singular: 'parameter', plural: 'parameters' },
					addAllFields: true,
					multiKeyMatch: false,
					supportAutoMap: false,
					noFieldsError: 'This template has no variables: it is sent as it is.',
				},
			},
			description:
				'One field per variable, media header, button value or carousel card value of the template. Values are expressions evaluated per item. Ignored when Components (JSON) is set in the options.',
		},
	];
}

/** The escape hatch, an option of both sends. */
export const componentsJsonOption: INodeProperties = {
	displayName: 'Components (JSON)',
	name: 'componentsJson',
	type: 'json',
	default: '[]',
	description:
		"Meta's template send components as JSON, sent as given instead of the Template Parameters (only their shape is checked): for shapes the generated fields do not cover. [] uses the Template Parameters.",
};

/** The mapped values, without fields n8n marked as removed (left over from another template). */
export function mapperValues(mapper: ResourceMapperValue | null | undefined): TemplateValues {
	const removed = new Set((mapper?.schema ?? []).filter((field) => field.removed).map((field) => field.id));
	const values: TemplateValues = {};
	for (const [id, value] of Object.entries(mapper?.value ?? {})) if (!removed.has(id)) values[id] = value;
	return values;
}

/** Whether a raw parameter value (or anything inside it) is an expression. */
export function hasExpression(value: unknown): boolean {
	if (typeof value === 'string') return value.startsWith('=');
	if (Array.isArray(value)) return value.some(hasExpression);
	if (value !== null && typeof value === 'object') return Object.values(value).some(hasExpression);
	return false;
}

export type ItemParameter = (itemIndex: number) => unknown;

/** Makes the per-recipient reader of one parameter: of input items (`itemParameter`), or of table rows. */
export type ParameterReaders = (name: string, fallback: unknown) => ItemParameter;

/** The parameter as stored in the workflow, expressions unevaluated (`a.b` reads inside collections). */
export function rawParameter(context: IExecuteFunctions, name: string): unknown {
	return name.split('.').reduce<unknown>((value, key) => (value as IDataObject | undefined)?.[key], context.getNode().parameters);
}

/**
 * Reads a parameter per item only when it holds an expression: a campaign of 10,000 items would
 * otherwise resolve every fixed value 10,000 times.
 */
export function itemParameter(context: IExecuteFunctions, name: string, fallback: unknown): ItemParameter {
	const raw = rawParameter(context, name);
	if (!hasExpression(raw)) {
		const value = context.getNodeParameter(name, 0, fallback);
		return () => value;
	}
	const viaN8n: ItemParameter = (itemIndex) => context.getNodeParameter(name, itemIndex, fallback);
	// `{{ $json.name }}` alone is read from the item directly (see loneReferenceReader).
	const direct = loneReferenceReader(raw);
	if (!direct) return viaN8n;
	const items = context.getInputData();
	return (itemIndex) => {
		const value = direct(items[itemIndex]?.json);
		return value === ASK_N8N ? viaN8n(itemIndex) : value;
	};
}

export interface TemplateChoice {
	locator: INodeParameterResourceLocator;
	language: string;
}

/** What to send for one item: the values of the generated fields, or components JSON. */
export interface TemplateInput {
	values: TemplateValues;
	/** Set (and not the `[]` placeholder): sent as given instead of `values`. */
	componentsJson?: unknown;
	/** Names for the fields in errors, when the values come from another form. */
	labels?: TemplateLabels;
}

/**
 * Resolves picked templates (each at most once per execution, see `TemplateCatalog`) and builds
 * their messages. One instance per `execute()` call.
 */
export class TemplateSends {
	private readonly resolved = new Map<string, Promise<{ builder: TemplateBuilder; language: string }>>();

	constructor(readonly catalog: TemplateCatalog) {}

	/** The template's builder and the language to send; throws `WhatsAppValidationError` for a wrong choice. */
	async resolve(choice: TemplateChoice): Promise<{ builder: TemplateBuilder; language: string }> {
		const key = `${choice.locator.mode}\u0000${String(choice.locator.value ?? '')}\u0000${choice.language}`;
		let entry = this.resolved.get(key);
		if (!entry) {
			entry = this.catalog.resolve(choice.locator, choice.language).then(({ definition, language }) => ({ builder: new TemplateBuilder(definition), language }));
			this.resolved.set(key, entry);
		}
		return await entry;
	}

	/** The message for one item. */
	async message(choice: TemplateChoice, input: TemplateInput): Promise<MessageContent> {
		const { builder, language } = await this.resolve(choice);
		return buildMessage(builder, language, input);
	}
}

/** The one call both sends make to build a template message. */
export function buildMessage(builder: TemplateBuilder, language: string, input: TemplateInput): MessageContent {
	return builder.message(input.values, {
		language,
		...(hasComponentsJson(input.componentsJson) ? { componentsJson: input.componentsJson } : {}),
		...(input.labels ? { labels: input.labels } : {}),
	});
}

/** Template → Send and Campaign → Send (version 1.1) read their template fields the same way. */
export function templateFieldReaders(
	context: IExecuteFunctions,
	componentsJsonParameter: string,
	readers: ParameterReaders = (name, fallback) => itemParameter(context, name, fallback),
) {
	const template = readers('template', { mode: 'list', value: '' });
	const language = readers('language', '');
	const parameters = readers('templateParameters', null);
	const components = readers(componentsJsonParameter, '');
	return {
		choice: (itemIndex: number): TemplateChoice => ({
			locator: (template(itemIndex) ?? { mode: 'list', value: '' }) as INodeParameterResourceLocator,
			language: String(language(itemIndex) ?? '').trim(),
		}),
		input: (itemIndex: number): TemplateInput => ({
			values: mapperValues(parameters(itemIndex) as ResourceMapperValue | null),
			componentsJson: components(itemIndex),
		}),
	};
}
