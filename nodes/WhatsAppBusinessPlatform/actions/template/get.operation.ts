import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { WhatsAppValidationError } from '../../../../whatsapp/validation';
import { graphRequest } from '../../../shared/transport/graph';
import { runPerItem } from '../../helpers/runPerItem';
import { TEMPLATE_FIELDS, templateJson, templateLocator } from './common';

const properties: INodeProperties[] = [templateLocator];

export const description = updateDisplayOptions({ show: { resource: ['template'], operation: ['get'] } }, properties);

export async function execute(this: IExecuteFunctions, items: INodeExecutionData[]): Promise<INodeExecutionData[]> {
	return await runPerItem.call(this, items, async (itemIndex) => {
		const id = String(this.getNodeParameter('template', itemIndex, '', { extractValue: true })).trim();
		if (!id) throw new WhatsAppValidationError('Template', 'Template is required: pick one from the list or give its ID');
		const template = (await graphRequest.call(this, 'GET', id, { qs: { fields: TEMPLATE_FIELDS } }, itemIndex)) as IDataObject;
		return templateJson(template);
	});
}
