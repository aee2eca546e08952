import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import type { RecordedRequest, SimulatorHandle } from '../../../simulator';
import type { RunResult } from '../harness';
import { runNodeAgainst } from '../harness';

export { binaryItem, TINY_PNG } from '../harness';

export const PHONE_NUMBER_ID = '106540352242922';
export const CUSTOMER = '+15551234567';

export async function runMessageNode(
	sim: SimulatorHandle,
	parameters: IDataObject,
	options: { continueOnFail?: boolean; input?: INodeExecutionData[] } = {},
): Promise<{ result: RunResult; items: INodeExecutionData[] }> {
	return await runNodeAgainst(sim, { resource: 'message', ...parameters }, options);
}

/** Requests to `POST /{pnid}/messages`, in the order the simulator received them. */
export function messageRequests(sim: SimulatorHandle): RecordedRequest[] {
	return sim.requests.filter((request) => request.method === 'POST' && request.path.endsWith(`/${PHONE_NUMBER_ID}/messages`));
}

export function uploadRequests(sim: SimulatorHandle): RecordedRequest[] {
	return sim.requests.filter((request) => request.method === 'POST' && request.path.endsWith(`/${PHONE_NUMBER_ID}/media`));
}

