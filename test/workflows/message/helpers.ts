import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import type { RecordedRequest, SimulatorHandle } from '../../../simulator';
import type { RunResult } from '../harness';
import { runWorkflow, simulatorCredentials, singleNodeWorkflow } from '../harness';

export const PHONE_NUMBER_ID = '106540352242922';
export const CUSTOMER = '+15551234567';

/** Manual Trigger → one WhatsApp node with `parameters` (resource message). */
export function messageWorkflow(parameters: IDataObject, options: { continueOnFail?: boolean } = {}) {
	return singleNodeWorkflow({ resource: 'message', ...parameters }, options);
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
