import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { buildUpdateTemplateBody, inferParameterFormat } from '../../../../whatsapp/templates';
import { WhatsAppValidationError } from '../../../../whatsapp/validation';
import { graphRequest } from '../../../shared/transport/graph';
import { runPerItem } from '../../helpers/runPerItem';
import { templateLocator } from './common';
import { componentsProperties, readComponents } from './componentsForm';

const properties: INodeProperties[] = [
	templateLocator,
	{
		displayName: 'Category',
		name: 'category',
		type: 'options',
		default: '',
		description: 'Only rejected or paused templates can change category; an approved one keeps its category',
		options: [
			{ name: 'Keep Current', value: '' },
			{ name: 'Authentication', value: 'AUTHENTICATION' },
			{ name: 'Marketing', value: 'MARKETING' },
			{ name: 'Utility', value: 'UTILITY' },
		],
	},
	...componentsProperties('update'),
];

export const description = updateDisplayOptions({ show: { resource: ['template'], operation: ['update'] } }, properties);

export async function execute(this: IExecuteFunctions, items: INodeExecutionData[]): Promise<INodeExecutionData[]> {
	return await runPerItem.call(this, items, async (itemIndex) => {
		const id = String(this.getNodeParameter('template', itemIndex, '', { extractValue: true })).trim();
		if (!id) throw new WhatsAppValidationError('Template', 'Template is required: pick one from the list or give its ID');
		const category = String(this.getNodeParameter('category', itemIndex, '')).toUpperCase();
		const components = await readComponents.call(this, itemIndex, category, undefined);
		// Form input cannot say whether the template is named; its variables can.
		const body = buildUpdateTemplateBody({ category, components, parameterFormat: components ? inferParameterFormat(components) : undefined });
		const response = (await graphRequest.call(this, 'POST', id, { body: body as IDataObject }, itemIndex)) as IDataObject;
		return { ...response, id, ...body };
	});
}
