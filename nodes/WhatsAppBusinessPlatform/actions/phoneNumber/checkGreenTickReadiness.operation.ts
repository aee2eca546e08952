import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { checkGreenTickReadiness } from '../../helpers/greenTick';
import { runPerItem } from '../../helpers/runPerItem';
import { greenTickReadProperties, readGreenTickTarget } from './greenTickRead';

const properties = greenTickReadProperties('The number to check. Leave empty to use the default phone number ID from the credential.');

export const description = updateDisplayOptions({ show: { resource: ['phoneNumber'], operation: ['checkGreenTickReadiness'] } }, properties);

/** Reads only; nothing is requested. `ready` and `blockers` tell whether Request Green Tick can succeed. */
export async function execute(this: IExecuteFunctions, items: INodeExecutionData[]): Promise<INodeExecutionData[]> {
	return await runPerItem.call(this, items, async (itemIndex) => {
		const { phoneNumberId, rejectedAt } = await readGreenTickTarget.call(this, itemIndex);
		return (await checkGreenTickReadiness.call(this, phoneNumberId, itemIndex, rejectedAt)) as unknown as IDataObject;
	});
}
