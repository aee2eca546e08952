import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import type { SimulatorHandle } from '../../../simulator';
import type { RunResult } from '../harness';
import { runWorkflow, simulatorCredentials, singleNodeWorkflow } from '../harness';

/** Manual Trigger → one WhatsApp node of the Campaign resource. */
export function campaignWorkflow(parameters: IDataObject, options: { continueOnFail?: boolean; dataTables?: boolean } = {}) {
	return singleNodeWorkflow(
		{ resource: 'campaign', ...parameters },
		{
			name: 'Campaign',
			continueOnFail: options.continueOnFail,
			credentials: {
				whatsAppBusinessPlatformApi: { id: '1', name: 'WhatsApp (simulator)' },
				...(options.dataTables ? { whatsAppBusinessPlatformN8nApi: { id: '2', name: 'n8n API (fake)' } } : {}),
			},
		},
	);
}

export function recipients(count: number, from = 0): INodeExecutionData[] {
	return Array.from({ length: count }, (_, i) => ({ json: { phone: `+1 555 ${String(from + i).padStart(7, '0')}`, name: `Customer ${from + i}`, order: `A-${from + i}` } }));
}

export async function runCampaign(
	sim: SimulatorHandle,
	parameters: IDataObject,
	input: INodeExecutionData[],
	options: { continueOnFail?: boolean; n8nApi?: { url: string; apiKey: string }; executionId?: string } = {},
): Promise<{ result: RunResult; items: INodeExecutionData[]; results: IDataObject[]; summary: IDataObject }> {
	const result = await runWorkflow(campaignWorkflow(parameters, { continueOnFail: options.continueOnFail, dataTables: !!options.n8nApi }), {
		credentials: {
			whatsAppBusinessPlatformApi: simulatorCredentials(sim),
			...(options.n8nApi ? { whatsAppBusinessPlatformN8nApi: { baseUrl: options.n8nApi.url, apiKey: options.n8nApi.apiKey } } : {}),
		},
		input,
		executionId: options.executionId,
	});
	const items = result.error ? [] : result.output('Campaign');
	const results = items.filter((item) => item.json.summary !== true).map((item) => item.json);
	const summary = items.find((item) => item.json.summary === true)?.json ?? {};
	return { result, items, results, summary };
}

/** Order confirmation (two body parameters) for each item, at a fast pace for tests. */
export const orderConfirmation: IDataObject = {
	operation: 'send',
	recipient: '={{ $json.phone }}',
	messageKind: 'template',
	templateName: 'order_confirmation',
	templateLanguage: 'en_US',
	bodyParameters: { parameter: [{ value: '={{ $json.name }}' }, { value: '={{ $json.order }}' }] },
	messagesPerSecond: 400,
	pacing: { pairIntervalSeconds: 0 },
};
