import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { NodeOperationError, updateDisplayOptions } from 'n8n-workflow';

import { buildGreenTickRequest, GREEN_TICK_GUARDS, MAX_SUPPORTING_LINKS, readGreenTickField } from '../../../../whatsapp/greenTick';
import { graphRequest } from '../../../shared/transport/graph';
import { checkGreenTickReadiness, readRejectedAt, rejectedAtOption } from '../../helpers/greenTick';
import { resolvePhoneNumberId } from '../../helpers/phoneNumber';
import { runPerItem } from '../../helpers/runPerItem';
import { phoneNumberIdLocator } from '../common.descriptions';

const properties: INodeProperties[] = [
	{ ...phoneNumberIdLocator, description: 'The number that should get the green tick. Leave empty to use the default phone number ID from the credential.' },
	{
		displayName: 'Business Website URL',
		name: 'businessWebsiteUrl',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. https://www.luckyshrub.com',
		description: 'The business’s official website, starting with https://',
	},
	{
		displayName: 'Primary Country of Operation',
		name: 'primaryCountryOfOperation',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. US or United States of America',
		description: 'A two-letter ISO 3166 code or the English country name; sent to Meta as the English name',
	},
	{
		displayName: 'Primary Language',
		name: 'primaryLanguage',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. en or English',
		description: 'An ISO 639-1 code or the English language name; sent to Meta as the English name',
	},
	{
		displayName: 'Supporting Links',
		name: 'supportingLinks',
		type: 'string',
		typeOptions: { multipleValues: true, multipleValueButtonText: 'Add Link' },
		default: [],
		placeholder: 'e.g. https://news.example.com/2026/lucky-shrub',
		description: `Up to ${MAX_SUPPORTING_LINKS} articles about the business in notable publications (not paid or promotional content); Meta judges notability from them`,
	},
	{
		displayName: 'Additional Fields',
		name: 'additionalFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		options: [
			{
				displayName: 'Additional Supporting Information',
				name: 'additionalSupportingInformation',
				type: 'string',
				typeOptions: { rows: 3 },
				default: '',
				description: `Anything else that shows the brand is notable, up to ${GREEN_TICK_GUARDS.additionalInformationLength} characters`,
			},
			{
				displayName: 'Parent Business or Brand',
				name: 'parentBusinessOrBrand',
				type: 'string',
				default: '',
				placeholder: 'e.g. Lucky Shrub LLC',
				description: 'The parent company or better-known brand, if any',
			},
			rejectedAtOption,
			{
				displayName: 'Skip Readiness Check',
				name: 'skipReadinessCheck',
				type: 'boolean',
				default: false,
				description: 'Whether to send the request without first checking business verification, two-step verification, display name and previous requests. Meta refuses or rejects what the check would have caught.',
			},
		],
	},
];

export const description = updateDisplayOptions({ show: { resource: ['phoneNumber'], operation: ['requestGreenTick'] } }, properties);

/**
 * Checks the fields (nothing is sent when one is wrong), then the number's readiness, then sends
 * `POST /{phone-number-id}/official_business_account` and reads the status it started.
 */
export async function execute(this: IExecuteFunctions, items: INodeExecutionData[]): Promise<INodeExecutionData[]> {
	return await runPerItem.call(this, items, async (itemIndex) => {
		const additional = this.getNodeParameter('additionalFields', itemIndex, {}) as IDataObject;
		const body = buildGreenTickRequest({
			businessWebsiteUrl: this.getNodeParameter('businessWebsiteUrl', itemIndex, '') as string,
			primaryCountryOfOperation: this.getNodeParameter('primaryCountryOfOperation', itemIndex, '') as string,
			primaryLanguage: this.getNodeParameter('primaryLanguage', itemIndex, '') as string,
			supportingLinks: this.getNodeParameter('supportingLinks', itemIndex, []) as string[] | string,
			parentBusinessOrBrand: additional.parentBusinessOrBrand as string | undefined,
			additionalSupportingInformation: additional.additionalSupportingInformation as string | undefined,
		});
		const rejectedAt = readRejectedAt(additional.rejectedAt);
		const phoneNumberId = await resolvePhoneNumberId.call(this, itemIndex);

		let warnings: string[] = [];
		if (additional.skipReadinessCheck !== true) {
			const readiness = await checkGreenTickReadiness.call(this, phoneNumberId, itemIndex, rejectedAt);
			if (!readiness.ready) {
				const count = readiness.blockers.length;
				throw new NodeOperationError(this.getNode(), `The number is not ready for the green tick: ${readiness.blockers[0]}`, {
					itemIndex,
					description: `${count === 1 ? 'One thing stands' : `${count} things stand`} in the way; nothing was sent to Meta. ${readiness.blockers.map((line, index) => `(${index + 1}) ${line}`).join(' ')} Run "Check Green Tick Readiness" for every check.`,
				});
			}
			warnings = readiness.warnings;
		}

		// Not idempotent: a lost answer is not resent, so Meta never sees the request twice.
		const answer = (await graphRequest.call(this, 'POST', `${phoneNumberId}/official_business_account`, { body: body as unknown as IDataObject }, itemIndex)) as IDataObject;
		const after = (await graphRequest.call(this, 'GET', phoneNumberId, { qs: { fields: 'id,official_business_account,is_official_business_account' } }, itemIndex)) as Record<string, unknown>;
		const { status, statusMessage } = readGreenTickField(after);
		return {
			// Meta: true means the request was received, not that it was approved.
			success: answer?.success === true,
			phoneNumberId,
			status,
			...(statusMessage ? { statusMessage } : {}),
			submitted: body as unknown as IDataObject,
			warnings,
		};
	});
}
