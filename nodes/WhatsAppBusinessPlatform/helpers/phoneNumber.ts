import type { IExecuteFunctions, ILoadOptionsFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { getGraphCredentials } from '../../shared/transport/graph';

/** The phone number ID from the locator, or the credential's default when the locator is empty. */
export async function resolvePhoneNumberId(
	this: IExecuteFunctions | ILoadOptionsFunctions,
	itemIndex: number,
	parameterName = 'phoneNumberId',
): Promise<string> {
	const chosen = String(
		(this as IExecuteFunctions).getNodeParameter(parameterName, itemIndex, '', { extractValue: true }) ?? '',
	).trim();
	if (chosen) return chosen;
	const { phoneNumberId } = await getGraphCredentials.call(this);
	if (phoneNumberId) return phoneNumberId;
	throw new NodeOperationError(this.getNode(), 'No business phone number chosen', {
		description:
			'Pick a number in "Business Phone Number", or set a default phone number ID in the WhatsApp Business Platform credential.',
		itemIndex,
	});
}
