/** Check Business Hours: each item goes to Open or Closed, with the reason and the next opening. */
import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { evaluateHours } from '../../whatsapp/inbox';
import { failedItemJson, toNodeError } from '../WhatsAppBusinessPlatform/helpers/runPerItem';
import { readHours, readTime } from './config';

export async function checkHours(this: IExecuteFunctions, items: INodeExecutionData[]): Promise<INodeExecutionData[][]> {
	const open: INodeExecutionData[] = [];
	const closed: INodeExecutionData[] = [];
	for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
		try {
			const hours = readHours(this, itemIndex);
			const at = readTime(this, itemIndex, this.getNodeParameter('time', itemIndex, ''), 'Time', Date.now());
			const state = evaluateHours(hours, at);
			(state.open ? open : closed).push({
				json: { ...items[itemIndex].json, businessHours: { ...state, timeZone: hours.timeZone, checkedAt: new Date(at).toISOString() } as unknown as IDataObject },
				pairedItem: { item: itemIndex },
			});
		} catch (error) {
			if (!this.continueOnFail()) throw toNodeError(this, error, itemIndex);
			open.push({ json: { ...items[itemIndex].json, ...failedItemJson(error) }, pairedItem: { item: itemIndex } });
		}
	}
	return [open, closed];
}
