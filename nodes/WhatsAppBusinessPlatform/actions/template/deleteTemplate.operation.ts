import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { WhatsAppValidationError } from '../../../../whatsapp/validation';
import { getGraphCredentials, graphRequest } from '../../../shared/transport/graph';
import { runPerItem } from '../../helpers/runPerItem';
import { templateLocator } from './common';

const properties: INodeProperties[] = [
	{
		displayName: 'Delete',
		name: 'deleteBy',
		type: 'options',
		noDataExpression: true,
		default: 'name',
		options: [
			{ name: 'All Languages of a Name', value: 'name', description: 'Every language version with this name' },
			{ name: 'One Language Version', value: 'id', description: 'Only the picked template' },
		],
	},
	{
		displayName: 'Template Name',
		name: 'templateName',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. order_update',
		displayOptions: { show: { deleteBy: ['name'] } },
		description: 'Deleted names cannot be used again for 30 days',
	},
	{ ...templateLocator, displayOptions: { show: { deleteBy: ['id'] } } },
];

export const description = updateDisplayOptions(
	{ show: { resource: ['template'], operation: ['deleteTemplate'] } },
	properties,
);

export async function execute(this: IExecuteFunctions, items: INodeExecutionData[]): Promise<INodeExecutionData[]> {
	return await runPerItem.call(this, items, async (itemIndex) => {
		const { businessAccountId } = await getGraphCredentials.call(this);
		const deleteBy = this.getNodeParameter('deleteBy', itemIndex) as string;
		const qs: IDataObject = {};
		if (deleteBy === 'id') {
			const id = String(this.getNodeParameter('template', itemIndex, '', { extractValue: true })).trim();
			if (!id) throw new WhatsAppValidationError('Template', 'Template is required: pick one from the list or give its ID');
			// Meta deletes one language version by hsm_id, and wants its name alongside.
			const { name } = (await graphRequest.call(this, 'GET', id, { qs: { fields: 'name' } }, itemIndex)) as IDataObject;
			qs.hsm_id = id;
			qs.name = name;
		} else {
			const name = String(this.getNodeParameter('templateName', itemIndex, '')).trim();
			if (!/^[a-z0-9_]+$/.test(name)) {
				throw new WhatsAppValidationError('Template Name', `Template Name "${name}" is not a template name: lowercase letters, digits and underscores`);
			}
			qs.name = name;
		}
		const response = (await graphRequest.call(this, 'DELETE', `${businessAccountId}/message_templates`, { qs }, itemIndex)) as IDataObject;
		return { ...response, name: qs.name, ...(qs.hsm_id ? { id: qs.hsm_id } : {}), scope: deleteBy === 'id' ? 'oneLanguage' : 'allLanguages' };
	});
}
