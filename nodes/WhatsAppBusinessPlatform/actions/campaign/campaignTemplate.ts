/**
 * The template of Campaign → Send and Validate. From version 1.1 the node shows Template → Send's
 * fields (template picker, language, fields generated from the template's definition); version 1's
 * own fields (Template Name, Template Language, Header, Body and Button Parameters) stay for the
 * workflows saved with them and are read by a thin adapter into the same builder.
 */
import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import type { CampaignTemplate, TemplateButtonType, TemplateHeaderType } from '../../../../whatsapp/campaigns/template';
import { legacyTemplateValues } from '../../../../whatsapp/campaigns/template';
import { hasComponentsJson } from '../../../../whatsapp/templates';
import { WhatsAppValidationError } from '../../../../whatsapp/validation';
import { TemplateCatalog } from '../template/common';
import type { ParameterReaders, TemplateChoice, TemplateInput } from '../template/sendFields';
import { buildMessage, itemParameter, templateFieldReaders, templateSendFields, TemplateSends } from '../template/sendFields';

/** The first version whose template fields are generated from the definition. */
export const DEFINITION_FIELDS_VERSION = 1.1;

const v1 = { '@version': [1] };
const definitionFields = { '@version': [{ _cnd: { gte: DEFINITION_FIELDS_VERSION } }] };

function withShow(property: INodeProperties, show: IDataObject): INodeProperties {
	const displayOptions = property.displayOptions ?? {};
	return { ...property, displayOptions: { ...displayOptions, show: { ...(displayOptions.show ?? {}), ...show } } } as INodeProperties;
}

/** Version 1's template fields, shown only on nodes of version 1. */
const legacyProperties: INodeProperties[] = [
	{
		displayName: 'Template Name',
		name: 'templateName',
		type: 'string',
		default: '',
		placeholder: 'e.g. order_update',
		description:
			'The approved template to send (lowercase name). With "Text, Template Outside the Window" it is the fallback; leave empty to skip customers outside the window. (Nodes added now pick the template from a list and get one field per template variable.)',
	},
	{
		displayName: 'Template Language',
		name: 'templateLanguage',
		type: 'string',
		default: 'en_US',
		placeholder: 'e.g. en_US',
		description: 'The exact language code of the approved translation (en and en_US are different)',
	},
	{
		displayName: 'Header',
		name: 'headerType',
		type: 'options',
		options: [
			{ name: 'Document', value: 'document' },
			{ name: 'Image', value: 'image' },
			{ name: 'None or Fixed', value: 'none' },
			{ name: 'Text Variable', value: 'text' },
			{ name: 'Video', value: 'video' },
		],
		default: 'none',
		description: "The template header's parameter, if the header has one",
	},
	{
		displayName: 'Header Value',
		name: 'headerValue',
		type: 'string',
		default: '',
		displayOptions: { hide: { headerType: ['none'] } },
		placeholder: 'e.g. https://example.com/banner.jpg',
		description: 'The header text, or the media as an http(s) link or an uploaded media ID',
	},
	{
		displayName: 'Body Parameters',
		name: 'bodyParameters',
		type: 'fixedCollection',
		typeOptions: { multipleValues: true, sortable: true },
		placeholder: 'Add Body Parameter',
		default: {},
		description: 'One value per {{1}}, {{2}} … in order, or named values for templates with named parameters',
		options: [
			{
				displayName: 'Parameter',
				name: 'parameter',
				values: [
					{
						displayName: 'Name',
						name: 'name',
						type: 'string',
						default: '',
						placeholder: 'e.g. first_name',
						description: 'Only for templates with named parameters; leave empty for {{1}}, {{2}} …',
					},
					{
						displayName: 'Value',
						name: 'value',
						type: 'string',
						default: '',
						placeholder: 'e.g. {{ $json.firstName }}',
					},
				],
			},
		],
	},
	{
		displayName: 'Button Parameters',
		name: 'buttonParameters',
		type: 'fixedCollection',
		typeOptions: { multipleValues: true },
		placeholder: 'Add Button Parameter',
		default: {},
		description: 'Values for buttons that take one: a URL suffix, a quick-reply payload or a coupon code',
		options: [
			{
				displayName: 'Button',
				name: 'button',
				values: [
					{
						displayName: 'Type',
						name: 'type',
						type: 'options',
						options: [
							{ name: 'URL Suffix', value: 'url' },
							{ name: 'Quick Reply Payload', value: 'quick_reply' },
							{ name: 'Coupon Code', value: 'copy_code' },
						],
						default: 'url',
					},
					{
						displayName: 'Button Index',
						name: 'index',
						type: 'number',
						typeOptions: { minValue: 0, maxValue: 9 },
						default: 0,
						description: "The button's position in the template, starting at 0",
					},
					{
						displayName: 'Value',
						name: 'value',
						type: 'string',
						default: '',
						placeholder: 'e.g. order/12345',
					},
				],
			},
		],
	},
];

/** The template fields of Campaign → Send and Validate, for both versions. */
export const campaignTemplateProperties: INodeProperties[] = [
	...templateSendFields({
		required: false,
		description:
			'The approved template to send. With "Text, Template Outside the Window" it is the fallback; leave it empty to skip customers outside the window. The list shows "name (language, category)".',
	}).map((property) => withShow(property, definitionFields)),
	...legacyProperties.map((property) => withShow(property, v1)),
];

/** The Document Filename option, read by version 1's Header only (later versions have a field for it). */
export const legacyDocumentFilenameOption: INodeProperties = {
	displayName: 'Document Filename',
	name: 'documentFilename',
	type: 'string',
	default: '',
	placeholder: 'e.g. invoice.pdf',
	displayOptions: { show: v1 },
	description: 'The file name shown for a document header',
};

type TemplateReader = (itemIndex: number) => Promise<CampaignTemplate | undefined>;

/** A wrong template choice becomes the recipient's problem; anything else (an API error) stops the run. */
async function resolveOrProblem(
	sends: TemplateSends,
	choice: TemplateChoice,
	build: (resolved: Awaited<ReturnType<TemplateSends['resolve']>>) => CampaignTemplate,
	rename: Record<string, string> = {},
): Promise<CampaignTemplate> {
	const resolved = await sends.resolve(choice).catch((error: unknown) => {
		if (error instanceof WhatsAppValidationError) return error;
		return Promise.reject(error);
	});
	if (!(resolved instanceof WhatsAppValidationError)) return build(resolved);
	const problem = new WhatsAppValidationError(rename[resolved.field] ?? resolved.field, resolved.message);
	return () => {
		throw problem;
	};
}

/**
 * Reads each item's template: `undefined` when none is set (no fallback), else the message built on
 * demand by the one template builder. Templates are read from Meta once per execution.
 */
export function campaignTemplateReader(
	context: IExecuteFunctions,
	readers: ParameterReaders = (name, fallback) => itemParameter(context, name, fallback),
): TemplateReader {
	const sends = new TemplateSends(new TemplateCatalog(context));
	const options = context.getNodeParameter('options', 0, {}) as IDataObject;

	if (context.getNode().typeVersion >= DEFINITION_FIELDS_VERSION) {
		const read = templateFieldReaders(context, 'options.componentsJson', readers);
		return async (itemIndex) => {
			const choice = read.choice(itemIndex);
			if (String(choice.locator.value ?? '').trim() === '') return undefined;
			const input: TemplateInput = read.input(itemIndex);
			return await resolveOrProblem(sends, choice, ({ builder, language }) => () => buildMessage(builder, language, input));
		};
	}

	const read = {
		name: readers('templateName', ''),
		language: readers('templateLanguage', ''),
		headerType: readers('headerType', 'none'),
		headerValue: readers('headerValue', ''),
		body: readers('bodyParameters.parameter', []),
		buttons: readers('buttonParameters.button', []),
	};
	const filename = (options.documentFilename as string) || undefined;
	return async (itemIndex) => {
		const name = String(read.name(itemIndex) ?? '').trim();
		if (!name) return undefined;
		const choice: TemplateChoice = { locator: { __rl: true, mode: 'name', value: name }, language: String(read.language(itemIndex) ?? '').trim() };
		const headerType = read.headerType(itemIndex) as TemplateHeaderType;
		const fields = {
			header: headerType === 'none' ? undefined : { type: headerType, value: read.headerValue(itemIndex), filename },
			bodyParameters: ((read.body(itemIndex) as IDataObject[] | undefined) ?? []).map((parameter) => ({
				value: parameter.value,
				name: typeof parameter.name === 'string' ? parameter.name : undefined,
			})),
			buttons: ((read.buttons(itemIndex) as IDataObject[] | undefined) ?? []).map((button) => ({
				type: (button.type as TemplateButtonType) ?? 'url',
				index: Number(button.index ?? 0),
				value: button.value,
			})),
		};
		return await resolveOrProblem(
			sends,
			choice,
			({ builder, language }) =>
				() => {
					if (hasComponentsJson(options.componentsJson)) return buildMessage(builder, language, { values: {}, componentsJson: options.componentsJson });
					const { values, labels } = legacyTemplateValues(builder.definition, builder.fields, fields);
					return buildMessage(builder, language, { values, labels });
				},
			{ Template: 'Template Name', Language: 'Template Language' },
		);
	};
}
