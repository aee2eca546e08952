import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { ANALYTICS_ENUMS } from '../../../../whatsapp/analytics';
import { dateRangeProperties, enumOptions, phoneNumbersFilter, runAnalytics } from './shared';

const properties: INodeProperties[] = [
	{
		displayName:
			'Conversation analytics cover conversation-based pricing, which Meta replaced with per-message pricing on 1 July 2025. For newer periods use Get Pricing Analytics.',
		name: 'legacyNotice',
		type: 'notice',
		default: '',
	},
	...dateRangeProperties('conversations'),
	{
		displayName: 'Group By',
		name: 'dimensions',
		type: 'multiOptions',
		options: enumOptions(ANALYTICS_ENUMS.conversationDimensions),
		default: ['CONVERSATION_CATEGORY'],
		description: 'Split each period into one data point per value of these',
	},
	{
		displayName: 'Filters',
		name: 'filters',
		type: 'collection',
		placeholder: 'Add Filter',
		default: {},
		options: [
			{
				displayName: 'Conversation Categories',
				name: 'conversationCategories',
				type: 'multiOptions',
				options: enumOptions(ANALYTICS_ENUMS.conversationCategories),
				default: [],
			},
			{
				displayName: 'Conversation Directions',
				name: 'conversationDirections',
				type: 'multiOptions',
				options: enumOptions(ANALYTICS_ENUMS.conversationDirections),
				default: [],
			},
			{
				displayName: 'Conversation Types',
				name: 'conversationTypes',
				type: 'multiOptions',
				options: enumOptions(ANALYTICS_ENUMS.conversationTypes),
				default: [],
			},
			{
				displayName: 'Metric Types',
				name: 'metricTypes',
				type: 'multiOptions',
				options: enumOptions(ANALYTICS_ENUMS.conversationMetricTypes),
				default: [],
				description: 'Return only cost or only conversation counts. Empty: both.',
			},
			phoneNumbersFilter,
		],
	},
];

export const description = updateDisplayOptions({ show: { resource: ['analytics'], operation: ['getConversations'] } }, properties);

export async function execute(this: IExecuteFunctions, items: INodeExecutionData[]): Promise<INodeExecutionData[]> {
	return await runAnalytics.call(this, items, 'conversations', (itemIndex) => {
		const filters = this.getNodeParameter('filters', itemIndex, {}) as IDataObject;
		return {
			dimensions: this.getNodeParameter('dimensions', itemIndex, []) as string[],
			phoneNumbers: filters.phoneNumbers as string | undefined,
			metricTypes: filters.metricTypes as string[] | undefined,
			conversationCategories: filters.conversationCategories as string[] | undefined,
			conversationDirections: filters.conversationDirections as string[] | undefined,
			conversationTypes: filters.conversationTypes as string[] | undefined,
		};
	});
}
