/**
 * What Check Green Tick Readiness and Get Green Tick Status both ask for: which number, and the
 * optional "Rejected At".
 */
import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { readRejectedAt, rejectedAtOption } from '../../helpers/greenTick';
import { resolvePhoneNumberId } from '../../helpers/phoneNumber';
import { phoneNumberIdLocator } from '../common.descriptions';

/** The two fields, with the number described for the operation at hand. */
export function greenTickReadProperties(numberDescription: string): INodeProperties[] {
	return [
		{ ...phoneNumberIdLocator, description: numberDescription },
		{
			displayName: 'Options',
			name: 'options',
			type: 'collection',
			placeholder: 'Add Option',
			default: {},
			options: [rejectedAtOption],
		},
	];
}

/** The number and "Rejected At" of one item of a green-tick read (the fields above). */
export async function readGreenTickTarget(this: IExecuteFunctions, itemIndex: number): Promise<{ phoneNumberId: string; rejectedAt?: Date }> {
	const options = this.getNodeParameter('options', itemIndex, {}) as IDataObject;
	const rejectedAt = readRejectedAt(options.rejectedAt);
	const phoneNumberId = await resolvePhoneNumberId.call(this, itemIndex);
	return { phoneNumberId, rejectedAt };
}
