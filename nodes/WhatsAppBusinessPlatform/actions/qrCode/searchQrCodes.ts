import type { IDataObject, ILoadOptionsFunctions, INodeListSearchResult } from 'n8n-workflow';

import { readQrCodes } from '../../../../whatsapp/qrCodes';
import { getGraphCredentials, graphRequest } from '../../../shared/transport/graph';

/** The chosen business number's QR codes, shown as "4O4YGZEG3RIVE1: Cyber Monday". */
export async function searchQrCodes(
	this: ILoadOptionsFunctions,
	filter?: string,
	paginationToken?: string,
): Promise<INodeListSearchResult> {
	const chosen = this.getCurrentNodeParameter('phoneNumberId', { extractValue: true }) as string | undefined;
	const phoneNumberId = String(chosen ?? '').trim() || (await getGraphCredentials.call(this)).phoneNumberId;
	if (!phoneNumberId) return { results: [] };
	const page = (await graphRequest.call(this, 'GET', `${phoneNumberId}/message_qrdls`, {
		qs: { fields: 'code,prefilled_message,deep_link_url', limit: 100, ...(paginationToken ? { after: paginationToken } : {}) },
	})) as { data?: IDataObject[]; paging?: { cursors?: { after?: string }; next?: string } };
	const needle = filter?.toLowerCase();
	const results = readQrCodes(page)
		.filter((qr) => !needle || qr.code.toLowerCase().includes(needle) || (qr.prefilledMessage ?? '').toLowerCase().includes(needle))
		.map((qr) => ({ name: `${qr.code}: ${qr.prefilledMessage ?? ''}`, value: qr.code, url: qr.deepLinkUrl }));
	return { results, paginationToken: page.paging?.next ? page.paging.cursors?.after : undefined };
}
