import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { countryCodesFilter, dateRangeProperties, phoneNumbersFilter, runAnalytics } from './shared';

const properties: INodeProperties[] = [
	...dateRangeProperties('messages'),
	{
		displayName: 'Filters',
		name: 'filters',
		type: 'collection',
		placeholder: 'Add Filter',
		default: {},
		options: [
			countryCodesFilter,
			{
				displayName: 'Message Types',
				name: 'productTypes',
				type: 'multiOptions',
				options: [
					{ name: 'Template Messages Sent', value: 0 },
					{ name: 'Other Messages Sent', value: 2 },
					{ name: 'Messages Received', value: 100 },
				],
				default: [],
				description: 'Count only these kinds of messages',
			},
			phoneNumbersFilter,
		],
	},
];

export const description = updateDisplayOptions({ show: { resource: ['analytics'], operation: ['getMessages'] } }, properties);

export async function execute(this: IExecuteFunctions, items: INodeExecutionData[]): Promise<INodeExecutionData[]> {
	return await runAnalytics.call(this, items, 'messages', (itemIndex) => {
		const filters = this.getNodeParameter('filters', itemIndex, {}) as IDataObject;
		return {
			phoneNumbers: filters.phoneNumbers as string | undefined,
			countryCodes: filters.countryCodes as string | undefined,
			productTypes: (filters.productTypes as number[] | undefined)?.map(Number),
		};
	});
}
