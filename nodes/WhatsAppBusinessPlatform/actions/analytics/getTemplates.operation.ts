import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { ANALYTICS_ENUMS, MAX_TEMPLATE_IDS } from '../../../../whatsapp/analytics';
import { dateRangeProperties, enumOptions, runAnalytics } from './shared';

const properties: INodeProperties[] = [
	{
		displayName:
			'Template analytics must be enabled once for the account (Meta: is_enabled_for_insights); until then Meta answers with error 200007',
		name: 'insightsNotice',
		type: 'notice',
		default: '',
	},
	{
		displayName: 'Template IDs',
		name: 'templateIds',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. 1421988012088524, 954638012257287',
		description: `Up to ${MAX_TEMPLATE_IDS} template IDs, separated by commas`,
	},
	...dateRangeProperties('templates'),
	{
		displayName: 'Metric Types',
		name: 'metricTypes',
		type: 'multiOptions',
		options: enumOptions(ANALYTICS_ENUMS.templateMetricTypes),
		default: [],
		description: 'Metrics to return. Empty: all of them.',
	},
];

export const description = updateDisplayOptions({ show: { resource: ['analytics'], operation: ['getTemplates'] } }, properties);

export async function execute(this: IExecuteFunctions, items: INodeExecutionData[]): Promise<INodeExecutionData[]> {
	return await runAnalytics.call(this, items, 'templates', (itemIndex) => ({
		templateIds: this.getNodeParameter('templateIds', itemIndex) as string,
		metricTypes: this.getNodeParameter('metricTypes', itemIndex, []) as string[],
	}));
}
