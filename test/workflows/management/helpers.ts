/* eslint-disable @n8n/community-nodes/no-restricted-imports -- test code runs in Node, not inside n8n */
import type { IDataObject, INode, INodeExecutionData } from 'n8n-workflow';

import type { SimulatorHandle } from '../../../simulator';
import type { WorkflowJson } from '../harness';
import { binaryItem as harnessBinaryItem, PACKAGE_NAME, runWorkflow, simulatorCredentials } from '../harness';

export { TINY_PNG } from '../harness';

/** An input item carrying a file in the binary field `data`. */
export function binaryItem(bytes: Buffer, mimeType: string, fileName: string, json: IDataObject = {}): INodeExecutionData {
	return harnessBinaryItem(bytes, mimeType, fileName, 'data', json);
}

export const NODE_TYPE = `${PACKAGE_NAME}.whatsAppBusinessPlatform`;

/** Manual Trigger → the given nodes of this package, one after another. */
export function chain(steps: Array<{ name: string; parameters: IDataObject; continueOnFail?: boolean }>): WorkflowJson {
	const nodes: INode[] = [
		{ id: 'start', name: 'Start', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0], parameters: {} },
	];
	const connections: IDataObject = {};
	let previous = 'Start';
	steps.forEach((step, index) => {
		nodes.push({
			id: `node-${index}`,
			name: step.name,
			type: NODE_TYPE,
			typeVersion: 1,
			position: [200 * (index + 1), 0],
			parameters: step.parameters as INode['parameters'],
			credentials: { whatsAppBusinessPlatformApi: { id: '1', name: 'WhatsApp (simulator)' } },
			...(step.continueOnFail ? { onError: 'continueRegularOutput' as const } : {}),
		});
		connections[previous] = { main: [[{ node: step.name, type: 'main', index: 0 }]] };
		previous = step.name;
	});
	return { nodes, connections };
}

/** Runs the workflow against the simulator, with the simulator's app ID in the credential. */
export async function runAgainst(sim: SimulatorHandle, workflow: WorkflowJson, input?: INodeExecutionData[]) {
	return await runWorkflow(workflow, {
		credentials: { whatsAppBusinessPlatformApi: simulatorCredentials(sim, { appId: sim.options.appId }) },
		input,
	});
}

/** Runs one node and returns its output items. */
export async function runNode(sim: SimulatorHandle, parameters: IDataObject, options: { continueOnFail?: boolean; input?: INodeExecutionData[] } = {}) {
	const result = await runAgainst(sim, chain([{ name: 'WhatsApp', parameters, continueOnFail: options.continueOnFail }]), options.input);
	return { result, items: result.error ? [] : result.output('WhatsApp') };
}

/**
 * The bytes of an output binary field, read through n8n-core's BinaryDataService (the engine may
 * keep them in memory as base64 or on disk, depending on its binary data mode).
 */
export async function binaryBytes(item: INodeExecutionData, field = 'data'): Promise<Buffer> {
	const binary = item.binary?.[field];
	if (!binary) throw new Error(`The item has no binary field "${field}"`);
	if (!binary.id) return Buffer.from(binary.data, 'base64');
	// The same n8n-core and DI container copies the harness registered the service in.
	// eslint-disable-next-line @typescript-eslint/no-require-imports
	const core = require('n8n-core') as typeof import('n8n-core');
	// eslint-disable-next-line @typescript-eslint/no-require-imports
	const { Container } = require(require.resolve('@n8n/di', { paths: [require.resolve('n8n-core')] })) as typeof import('@n8n/di');
	return await Container.get(core.BinaryDataService).getAsBuffer(binary);
}

export function managementCalls(sim: SimulatorHandle, pathPart: string) {
	return sim.requests.filter((request) => request.path.includes(pathPart));
}

