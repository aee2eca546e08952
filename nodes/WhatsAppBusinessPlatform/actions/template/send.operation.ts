import type {
	IExecuteFunctions,
	INodeExecutionData,
	INodeParameterResourceLocator,
	INodeProperties,
	ResourceMapperValue,
} from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import type { TemplateValues } from '../../../../whatsapp/templates';
import { buildTemplateMessage } from '../../../../whatsapp/templates';
import { prepareSend } from '../../helpers/prepareSend';
import { sendMessages } from '../../helpers/sendPipeline';
import { phoneNumberIdLocator, recipientField, sendOptionsCollection } from '../common.descriptions';
import { sendTemplateLocator, TemplateCatalog } from './common';

const properties: INodeProperties[] = [
	phoneNumberIdLocator,
	recipientField,
	sendTemplateLocator,
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
		required: true,
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
		description: 'One field per variable, media header, button value or carousel card value of the template',
	},
	sendOptionsCollection,
];

export const description = updateDisplayOptions({ show: { resource: ['template'], operation: ['send'] } }, properties);

/** The mapped values, without fields n8n marked as removed (left over from another template). */
function parameterValues(context: IExecuteFunctions, itemIndex: number): TemplateValues {
	const mapper = context.getNodeParameter('templateParameters', itemIndex, null) as ResourceMapperValue | null;
	const removed = new Set((mapper?.schema ?? []).filter((field) => field.removed).map((field) => field.id));
	const values: TemplateValues = {};
	for (const [id, value] of Object.entries(mapper?.value ?? {})) if (!removed.has(id)) values[id] = value;
	return values;
}

export async function execute(this: IExecuteFunctions, items: INodeExecutionData[]): Promise<INodeExecutionData[]> {
	const catalog = new TemplateCatalog(this);
	return await sendMessages.call(this, items, async (itemIndex) => {
		const locator = this.getNodeParameter('template', itemIndex) as INodeParameterResourceLocator;
		const language = String(this.getNodeParameter('language', itemIndex, '') ?? '');
		const { definition, language: code } = await catalog.resolve(locator, language);
		const content = buildTemplateMessage(definition, parameterValues(this, itemIndex), { language: code });
		return await prepareSend.call(this, itemIndex, content);
	});
}
