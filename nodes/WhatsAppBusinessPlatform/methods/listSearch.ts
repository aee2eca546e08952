import type { IDataObject, ILoadOptionsFunctions, INodeListSearchResult } from 'n8n-workflow';

import { getGraphCredentials, graphRequest } from '../../shared/transport/graph';

function matches(filter: string | undefined, ...values: unknown[]): boolean {
	if (!filter) return true;
	const needle = filter.toLowerCase();
	return values.some((value) => typeof value === 'string' && value.toLowerCase().includes(needle));
}

/** The account's business numbers, shown as "+1 555-0100 (Lucky Shrub)". */
export async function searchPhoneNumbers(
	this: ILoadOptionsFunctions,
	filter?: string,
	paginationToken?: string,
): Promise<INodeListSearchResult> {
	const { businessAccountId } = await getGraphCredentials.call(this);
	const page = (await graphRequest.call(this, 'GET', `${businessAccountId}/phone_numbers`, {
		qs: { fields: 'id,display_phone_number,verified_name', limit: 100, ...(paginationToken ? { after: paginationToken } : {}) },
	})) as { data?: IDataObject[]; paging?: { cursors?: { after?: string }; next?: string } };
	const results = (page.data ?? [])
		.filter((number) => matches(filter, number.display_phone_number, number.verified_name, number.id))
		.map((number) => ({
			name: `${number.display_phone_number as string} (${(number.verified_name as string) ?? 'no name'})`,
			value: number.id as string,
		}));
	return { results, paginationToken: page.paging?.next ? page.paging.cursors?.after : undefined };
}
