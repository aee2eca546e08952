import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { mediaId, readMediaInfo } from '../../../../whatsapp/mediaInfo';
import { graphRequest } from '../../../shared/transport/graph';
import { runPerItem } from '../../helpers/runPerItem';
import { mediaIdField } from './shared';

const properties: INodeProperties[] = [mediaIdField];

export const description = updateDisplayOptions({ show: { resource: ['media'], operation: ['get'] } }, properties);

export async function execute(this: IExecuteFunctions, items: INodeExecutionData[]): Promise<INodeExecutionData[]> {
	return await runPerItem.call(this, items, async (itemIndex) => {
		const id = mediaId(this.getNodeParameter('mediaId', itemIndex));
		const raw = (await graphRequest.call(this, 'GET', id, {}, itemIndex)) as Record<string, unknown>;
		return { ...readMediaInfo(raw), urlExpiresInMinutes: 5 };
	});
}
