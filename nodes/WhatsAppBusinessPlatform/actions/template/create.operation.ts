import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import type { ParameterFormat } from '../../../../whatsapp/templates';
import { buildCreateTemplateBody } from '../../../../whatsapp/templates';
import { getGraphCredentials, graphRequest } from '../../../shared/transport/graph';
import { runPerItem } from '../../helpers/runPerItem';
import { componentsProperties, readComponents } from './componentsForm';

const properties: INodeProperties[] = [
	{
		displayName: 'Name',
		name: 'name',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. order_update',
		description: 'Lowercase letters, digits and underscores, up to 512 characters. One name can have a version per language.',
	},
	{
		displayName: 'Language Name or ID',
		name: 'language',
		type: 'options',
		default: 'en_US',
		required: true,
		typeOptions: { loadOptionsMethod: 'getLanguageCodes' },
		description:
			'The language of this version, such as en_US. Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
	},
	{
		displayName: 'Category',
		name: 'category',
		type: 'options',
		default: 'UTILITY',
		required: true,
		options: [
			{ name: 'Authentication', value: 'AUTHENTICATION', description: 'One-time passwords, with Meta’s preset text' },
			{ name: 'Marketing', value: 'MARKETING', description: 'Promotions, offers, announcements' },
			{ name: 'Utility', value: 'UTILITY', description: 'Updates about an order, account or booking' },
		],
	},
	{
		displayName: 'Parameter Format',
		name: 'parameterFormat',
		type: 'options',
		default: 'positional',
		options: [
			{ name: 'Positional', value: 'positional', description: 'Variables are {{1}}, {{2}} …' },
			{ name: 'Named', value: 'named', description: 'Variables have names such as {{first_name}}' },
		],
	},
	...componentsProperties('create'),
];

export const description = updateDisplayOptions({ show: { resource: ['template'], operation: ['create'] } }, properties);

export async function execute(this: IExecuteFunctions, items: INodeExecutionData[]): Promise<INodeExecutionData[]> {
	return await runPerItem.call(this, items, async (itemIndex) => {
		const { businessAccountId } = await getGraphCredentials.call(this);
		const category = String(this.getNodeParameter('category', itemIndex));
		const parameterFormat = this.getNodeParameter('parameterFormat', itemIndex, 'positional') as ParameterFormat;
		const body = buildCreateTemplateBody({
			name: String(this.getNodeParameter('name', itemIndex)),
			language: String(this.getNodeParameter('language', itemIndex)),
			category,
			parameterFormat,
			components: await readComponents.call(this, itemIndex, category.toUpperCase(), parameterFormat),
		});
		const response = (await graphRequest.call(
			this,
			'POST',
			`${businessAccountId}/message_templates`,
			{ body: body as IDataObject },
			itemIndex,
		)) as IDataObject;
		return { ...response, name: body.name as string, language: body.language as string };
	});
}
