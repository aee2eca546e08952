import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { buildBlockUsersBody, readBlockResults, userNumbers } from '../../../../whatsapp/blockUsers';
import { graphRequest } from '../../../shared/transport/graph';
import { resolvePhoneNumberId } from '../../helpers/phoneNumber';

export const usersField: INodeProperties = {
	displayName: 'Users',
	name: 'users',
	type: 'string',
	default: '',
	required: true,
	placeholder: 'e.g. +15551234567, +447700900123',
	description: 'One or more WhatsApp users’ phone numbers with country code, separated by commas',
};

/** Block and unblock share the endpoint and body; only the method and the wording differ. */
export async function changeBlock(this: IExecuteFunctions, itemIndex: number, action: 'block' | 'unblock'): Promise<IDataObject[]> {
	const numbers = userNumbers(this.getNodeParameter('users', itemIndex), 'Users');
	const phoneNumberId = await resolvePhoneNumberId.call(this, itemIndex);
	const response = await graphRequest.call(
		this,
		action === 'block' ? 'POST' : 'DELETE',
		`${phoneNumberId}/block_users`,
		// Blocking an already blocked user changes nothing, so a retry is harmless.
		{ body: buildBlockUsersBody(numbers) as unknown as IDataObject, idempotent: true },
		itemIndex,
	);
	const results = readBlockResults(action, response);
	const status = action === 'block' ? 'blocked' : 'unblocked';
	// Meta echoes only the users it handled; a number it left out is reported as requested.
	const answered = new Set(results.flatMap((result) => [result.user.replace(/\D/g, ''), result.waId]));
	for (const number of numbers) if (!answered.has(number)) results.push({ user: number, status });
	return results.map((result) => ({ ...result, phoneNumberId }) as IDataObject);
}
