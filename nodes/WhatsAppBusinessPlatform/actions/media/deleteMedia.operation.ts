import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { mediaId } from '../../../../whatsapp/mediaInfo';
import { graphRequest } from '../../../shared/transport/graph';
import { runPerItem } from '../../helpers/runPerItem';
import { mediaIdField } from './shared';

const properties: INodeProperties[] = [mediaIdField];

export const description = updateDisplayOptions({ show: { resource: ['media'], operation: ['deleteMedia'] } }, properties);

export async function execute(this: IExecuteFunctions, items: INodeExecutionData[]): Promise<INodeExecutionData[]> {
	return await runPerItem.call(this, items, async (itemIndex) => {
		const id = mediaId(this.getNodeParameter('mediaId', itemIndex));
		const response = (await graphRequest.call(this, 'DELETE', id, {}, itemIndex)) as IDataObject;
		return { id, deleted: response.success === true };
	});
}
