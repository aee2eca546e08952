import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { runPerItem } from '../../helpers/runPerItem';
import { phoneNumberIdLocator } from '../common.descriptions';
import { changeBlock, usersField } from './shared';

const properties: INodeProperties[] = [phoneNumberIdLocator, usersField];

export const description = updateDisplayOptions({ show: { resource: ['user'], operation: ['unblock'] } }, properties);

export async function execute(this: IExecuteFunctions, items: INodeExecutionData[]): Promise<INodeExecutionData[]> {
	return await runPerItem.call(this, items, async (itemIndex) => await changeBlock.call(this, itemIndex, 'unblock'));
}
