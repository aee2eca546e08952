import type { IExecuteFunctions } from 'n8n-workflow';

/** The item's "Limit", or undefined when "Return All" is on (see `returnAllOrLimit`). */
export function readLimit(this: IExecuteFunctions, itemIndex: number): number | undefined {
	const returnAll = this.getNodeParameter('returnAll', itemIndex, false) as boolean;
	return returnAll ? undefined : (this.getNodeParameter('limit', itemIndex, 50) as number);
}
