import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { ANALYTICS_ENUMS } from '../../../../whatsapp/analytics';
import { countryCodesFilter, dateRangeProperties, enumOptions, phoneNumbersFilter, runAnalytics } from './shared';

const properties: INodeProperties[] = [
	...dateRangeProperties('pricing'),
	{
		displayName: 'Group By',
		name: 'dimensions',
		type: 'multiOptions',
		options: enumOptions(ANALYTICS_ENUMS.pricingDimensions),
		default: ['PRICING_CATEGORY'],
		description: 'Split each period into one data point per value of these',
	},
	{
		displayName: 'Filters',
		name: 'filters',
		type: 'collection',
		placeholder: 'Add Filter',
		default: {},
		options: [
			countryCodesFilter,
			{
				displayName: 'Metric Types',
				name: 'metricTypes',
				type: 'multiOptions',
				options: enumOptions(ANALYTICS_ENUMS.pricingMetricTypes),
				default: [],
				description: 'Return only cost or only volume. Empty: both.',
			},
			phoneNumbersFilter,
			{
				displayName: 'Pricing Categories',
				name: 'pricingCategories',
				type: 'multiOptions',
				options: enumOptions(ANALYTICS_ENUMS.pricingCategories),
				default: [],
			},
			{
				displayName: 'Pricing Types',
				name: 'pricingTypes',
				type: 'multiOptions',
				options: enumOptions(ANALYTICS_ENUMS.pricingTypes),
				default: [],
			},
		],
	},
];

export const description = updateDisplayOptions({ show: { resource: ['analytics'], operation: ['getPricing'] } }, properties);

export async function execute(this: IExecuteFunctions, items: INodeExecutionData[]): Promise<INodeExecutionData[]> {
	return await runAnalytics.call(this, items, 'pricing', (itemIndex) => {
		const filters = this.getNodeParameter('filters', itemIndex, {}) as IDataObject;
		return {
			dimensions: this.getNodeParameter('dimensions', itemIndex, []) as string[],
			phoneNumbers: filters.phoneNumbers as string | undefined,
			countryCodes: filters.countryCodes as string | undefined,
			metricTypes: filters.metricTypes as string[] | undefined,
			pricingCategories: filters.pricingCategories as string[] | undefined,
			pricingTypes: filters.pricingTypes as string[] | undefined,
		};
	});
}
