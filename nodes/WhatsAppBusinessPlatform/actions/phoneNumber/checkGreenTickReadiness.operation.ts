import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { checkGreenTickReadiness, readRejectedAt, rejectedAtOption } from '../../helpers/greenTick';
import { resolvePhoneNumberId } from '../../helpers/phoneNumber';
import { runPerItem } from '../../helpers/runPerItem';
import { phoneNumberIdLocator } from '../common.descriptions';

const properties: INodeProperties[] = [
	{ ...phoneNumberIdLocator, description: 'The number to check. Leave empty to use the default phone number ID from the credential.' },
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [rejectedAtOption],
	},
];

export const description = updateDisplayOptions({ show: { resource: ['phoneNumber'], operation: ['checkGreenTickReadiness'] } }, properties);

/** Reads only; nothing is requested. `ready` and `blockers` tell whether Request Green Tick can succeed. */
export async function execute(this: IExecuteFunctions, items: INodeExecutionData[]): Promise<INodeExecutionData[]> {
	return await runPerItem.call(this, items, async (itemIndex) => {
		const options = this.getNodeParameter('options', itemIndex, {}) as IDataObject;
		const rejectedAt = readRejectedAt(options.rejectedAt);
		const phoneNumberId = await resolvePhoneNumberId.call(this, itemIndex);
		return (await checkGreenTickReadiness.call(this, phoneNumberId, itemIndex, rejectedAt)) as unknown as IDataObject;
	});
}
