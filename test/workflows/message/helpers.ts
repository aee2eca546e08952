import type { IDataObject, INode, INodeExecutionData } from 'n8n-workflow';

import type { RecordedRequest, SimulatorHandle } from '../../../simulator';
import type { RunResult } from '../harness';
import { PACKAGE_NAME, runWorkflow, simulatorCredentials } from '../harness';

export const NODE_TYPE = `${PACKAGE_NAME}.whatsAppBusinessPlatform`;
export const PHONE_NUMBER_ID = '106540352242922';
export const CUSTOMER = '+15551234567';

/** Manual Trigger → one WhatsApp node with `parameters` (resource message). */
export function messageWorkflow(parameters: IDataObject, options: { continueOnFail?: boolean } = {}) {
	const nodes: INode[] = [
		{ id: 'start', name: 'Start', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0], parameters: {} },
		{
			id: 'wa',
			name: 'WhatsApp',
			type: NODE_TYPE,
			typeVersion: 1,
			position: [200, 0],
			parameters: { resource: 'message', ...parameters } as INode['parameters'],
			credentials: { whatsAppBusinessPlatformApi: { id: '1', name: 'WhatsApp (simulator)' } },
			...(options.continueOnFail ? { onError: 'continueRegularOutput' as const } : {}),
		},
	];
	return { nodes, connections: { Start: { main: [[{ node: 'WhatsApp', type: 'main', index: 0 }]] } } };
}

export async function runMessageNode(
	sim: SimulatorHandle,
	parameters: IDataObject,
	options: { continueOnFail?: boolean; input?: INodeExecutionData[] } = {},
): Promise<{ result: RunResult; items: INodeExecutionData[] }> {
	const result = await runWorkflow(messageWorkflow(parameters, options), {
		credentials: { whatsAppBusinessPlatformApi: simulatorCredentials(sim) },
		input: options.input,
	});
	return { result, items: result.error ? [] : result.output('WhatsApp') };
}

/** Requests to `POST /{pnid}/messages`, in the order the simulator received them. */
export function messageRequests(sim: SimulatorHandle): RecordedRequest[] {
	return sim.requests.filter((request) => request.method === 'POST' && request.path.endsWith(`/${PHONE_NUMBER_ID}/messages`));
}

export function uploadRequests(sim: SimulatorHandle): RecordedRequest[] {
	return sim.requests.filter((request) => request.method === 'POST' && request.path.endsWith(`/${PHONE_NUMBER_ID}/media`));
}

/** An input item carrying a file in the binary field `field`. */
export function binaryItem(bytes: Buffer, mimeType: string, fileName: string, field = 'data', json: IDataObject = {}): INodeExecutionData {
	return {
		json,
		binary: { [field]: { data: bytes.toString('base64'), mimeType, fileName, fileExtension: fileName.split('.').pop() } },
	};
}

/** A 1×1 PNG. */
export const TINY_PNG = Buffer.from(
	'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==',
	'base64',
);
