import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { NodeOperationError, updateDisplayOptions } from 'n8n-workflow';

import { runPerItem } from '../../helpers/runPerItem';
import { getRows, listDataTables } from '../../../shared/transport/n8nApi';
import type { UsageSource } from '../../../../whatsapp/storage/dataTableUsage';
import { estimateDataTableUsage, USAGE_CRITICAL_RATIO, USAGE_WARN_RATIO } from '../../../../whatsapp/storage/dataTableUsage';

const properties: INodeProperties[] = [
	{
		displayName: 'Cap (MiB)',
		name: 'capMiB',
		type: 'number',
		default: 50,
		typeOptions: { minValue: 0.01, numberPrecision: 2 },
		description: `The size cap n8n puts on all data tables together. Must match N8N_DATA_TABLES_MAX_SIZE_BYTES of your n8n (50 MiB when unset). Status is warn from ${USAGE_WARN_RATIO * 100} % and critical from ${USAGE_CRITICAL_RATIO * 100} %.`,
	},
	{
		displayName: 'Only Package Tables',
		name: 'onlyPackageTables',
		type: 'boolean',
		default: false,
		description:
			'Whether to count only the tables this package creates (names starting with wabp_ or whatsapp_). The cap counts every data table, so leave this off for a true reading.',
	},
];

export const description = updateDisplayOptions({ show: { resource: ['contact'], operation: ['dataTableUsage'] } }, properties);

/** One item per input item: the estimated Data Table usage of this n8n against its cap. */
export async function execute(this: IExecuteFunctions, items: INodeExecutionData[]): Promise<INodeExecutionData[]> {
	const source: UsageSource = {
		listTables: async () => (await listDataTables.call(this)).map((table) => ({ id: table.id, name: table.name })),
		readRows: async (tableId, order, limit) => {
			const rows = await getRows.call(this, tableId, { sortBy: `id:${order}`, limit: limit + 1 });
			return { rows: rows.slice(0, limit), more: rows.length > limit };
		},
	};
	return await runPerItem.call(this, items, async (itemIndex) => {
		const capMiB = Number(this.getNodeParameter('capMiB', itemIndex, 50));
		if (!Number.isFinite(capMiB) || capMiB <= 0) {
			throw new NodeOperationError(this.getNode(), `Cap (MiB) must be a positive number, got "${String(capMiB)}"`, {
				itemIndex,
				description: 'Set it to the value of N8N_DATA_TABLES_MAX_SIZE_BYTES divided by 1,048,576 (50 when the variable is unset).',
			});
		}
		const report = await estimateDataTableUsage(source, {
			capBytes: Math.round(capMiB * 1024 * 1024),
			onlyPackageTables: this.getNodeParameter('onlyPackageTables', itemIndex, false) as boolean,
		});
		return report as unknown as IDataObject;
	});
}
