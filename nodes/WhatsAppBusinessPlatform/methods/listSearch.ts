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

export { searchQrCodes } from '../actions/qrCode/searchQrCodes';

/**
 * The account's templates, shown as "order_update (en_US, UTILITY)". For sending, only approved
 * ones are listed; for management calls, every status (non-approved ones say which).
 */
export async function searchTemplates(
	this: ILoadOptionsFunctions,
	filter?: string,
	paginationToken?: string,
): Promise<INodeListSearchResult> {
	const { businessAccountId } = await getGraphCredentials.call(this);
	const operation = this.getCurrentNodeParameter('operation');
	// Campaign → Validate checks the same template Campaign → Send sends.
	const sending = operation === 'send' || (operation === 'validate' && this.getCurrentNodeParameter('resource') === 'campaign');
	const qs: IDataObject = { fields: 'id,name,language,category,status', limit: 100 };
	// Graph's name filter matches substrings, which is what a search box wants.
	if (filter?.trim()) qs.name = filter.trim().toLowerCase();
	if (sending) qs.status = 'APPROVED';
	if (paginationToken) qs.after = paginationToken;
	const page = (await graphRequest.call(this, 'GET', `${businessAccountId}/message_templates`, { qs })) as {
		data?: IDataObject[];
		paging?: { cursors?: { after?: string }; next?: string };
	};
	const results = (page.data ?? []).map((template) => {
		const status = String(template.status ?? '');
		const details = [template.language, template.category, ...(status && status !== 'APPROVED' ? [status] : [])];
		return { name: `${template.name as string} (${details.join(', ')})`, value: String(template.id) };
	});
	return { results, paginationToken: page.paging?.next ? page.paging.cursors?.after : undefined };
}
