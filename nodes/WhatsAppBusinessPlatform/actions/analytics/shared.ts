import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties, INodePropertyOptions } from 'n8n-workflow';

import type { AnalyticsKind, AnalyticsQueryInput, Granularity } from '../../../../whatsapp/analytics';
import { buildAnalyticsRequest, flattenAnalytics, LOOKBACK_DAYS } from '../../../../whatsapp/analytics';
import { getGraphCredentials, graphRequest, graphRequestAllItems } from '../../../shared/transport/graph';
import { runPerItem } from '../../helpers/runPerItem';

const GRANULARITIES: INodePropertyOptions[] = [
	{ name: 'Half Hour', value: 'HALF_HOUR' },
	{ name: 'Day', value: 'DAY' },
	{ name: 'Month', value: 'MONTH' },
];

/** Start, End and Granularity, as every analytics operation asks for them. */
export function dateRangeProperties(kind: AnalyticsKind): INodeProperties[] {
	const days = LOOKBACK_DAYS[kind];
	return [
		{
			displayName: 'Start',
			name: 'start',
			type: 'dateTime',
			default: '',
			required: true,
			description: `Beginning of the period. Meta keeps this data for ${days} days.`,
		},
		{
			displayName: 'End',
			name: 'end',
			type: 'dateTime',
			default: '',
			required: true,
			description: 'End of the period, after Start',
		},
		{
			displayName: 'Granularity',
			name: 'granularity',
			type: 'options',
			options: kind === 'templates' ? GRANULARITIES.filter((option) => option.value === 'DAY') : GRANULARITIES,
			default: 'DAY',
			description: 'Length of each data point',
		},
	];
}

export const phoneNumbersFilter: INodeProperties = {
	displayName: 'Phone Numbers',
	name: 'phoneNumbers',
	type: 'string',
	default: '',
	placeholder: 'e.g. +15550001111, +15550002222',
	description: 'Only these business numbers (display numbers with country code), separated by commas. Empty: all numbers of the account.',
};

export const countryCodesFilter: INodeProperties = {
	displayName: 'Country Codes',
	name: 'countryCodes',
	type: 'string',
	default: '',
	placeholder: 'e.g. US, BR',
	description: 'Only recipients in these countries (two-letter ISO codes), separated by commas',
};

/** Options list from Meta's enum values: `PRICING_CATEGORY` → "Pricing Category". */
export function enumOptions(values: readonly string[]): INodePropertyOptions[] {
	return values.map((value) => ({
		name: value
			.toLowerCase()
			.split('_')
			.map((word) => word.charAt(0).toUpperCase() + word.slice(1))
			.join(' '),
		value,
	}));
}

/**
 * Runs one analytics query per item and returns one item per data point. `filters` reads the
 * operation's own parameters.
 */
export async function runAnalytics(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
	kind: AnalyticsKind,
	filters: (itemIndex: number) => Partial<AnalyticsQueryInput>,
): Promise<INodeExecutionData[]> {
	return await runPerItem.call(this, items, async (itemIndex) => {
		const request = buildAnalyticsRequest({
			kind,
			start: this.getNodeParameter('start', itemIndex),
			end: this.getNodeParameter('end', itemIndex),
			granularity: this.getNodeParameter('granularity', itemIndex, 'DAY') as Granularity,
			...filters(itemIndex),
		});
		const { businessAccountId } = await getGraphCredentials.call(this);
		const response = request.edge
			? { data: await graphRequestAllItems.call(this, `${businessAccountId}/${request.edge}`, request.qs) }
			: await graphRequest.call(this, 'GET', businessAccountId, { qs: request.qs }, itemIndex);
		return flattenAnalytics(kind, response) as IDataObject[];
	});
}
