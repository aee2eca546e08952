import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import type { SimulatorHandle } from '../../../simulator';
import type { FakeDataTables } from '../campaign/fakeDataTables';
import type { WorkflowJson } from '../harness';
import { PACKAGE_NAME, runWorkflow, simulatorCredentials } from '../harness';

export const PN = '106540352242922';
export const ACTION = `${PACKAGE_NAME}.whatsAppBusinessPlatform`;
export const ROUTER = `${PACKAGE_NAME}.whatsAppBusinessPlatformRouter`;

const CREDENTIALS = {
	whatsAppBusinessPlatformApi: { id: '1', name: 'WhatsApp (simulator)' },
	whatsAppBusinessPlatformN8nApi: { id: '2', name: 'n8n API (fake)' },
};

export interface Step {
	name: string;
	parameters: IDataObject;
	type?: string;
	/** Continue On Fail (n8n's "On Error: Continue"): failed items go on with an `error` field. */
	continueOnFail?: boolean;
}

/** Start → each step in a line (all on output 0). */
export function chain(steps: Step[]): WorkflowJson {
	const nodes: WorkflowJson['nodes'] = [{ id: 'start', name: 'Start', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0], parameters: {} }];
	const connections: IDataObject = {};
	let previous = 'Start';
	steps.forEach((step, index) => {
		nodes.push({
			id: `n${index}`,
			name: step.name,
			type: step.type ?? ACTION,
			typeVersion: 1,
			position: [200 * (index + 1), 0],
			parameters: step.parameters as never,
			credentials: (step.type === ROUTER ? undefined : CREDENTIALS) as never,
			...(step.continueOnFail ? { onError: 'continueRegularOutput' as const } : {}),
		});
		connections[previous] = { main: [[{ node: step.name, type: 'main', index: 0 }]] };
		previous = step.name;
	});
	return { nodes, connections, settings: { executionOrder: 'v1' } };
}

export function credentialsFor(sim: SimulatorHandle, tables: FakeDataTables): Record<string, IDataObject> {
	return {
		whatsAppBusinessPlatformApi: simulatorCredentials(sim),
		whatsAppBusinessPlatformN8nApi: { baseUrl: tables.url, apiKey: tables.apiKey },
	};
}

let counter = 0;
/** A trigger item for one customer message. */
export function inbound(waId: string, text: string, extra: IDataObject = {}): INodeExecutionData {
	counter++;
	return {
		json: {
			event: 'message',
			businessPhoneNumberId: PN,
			waId,
			phone: `+${waId}`,
			messageId: `wamid.test.${waId}.${counter}.${Date.now()}`,
			messageType: 'text',
			text,
			timestamp: new Date(Date.now() - 1000 + counter).toISOString(),
			...extra,
		},
	};
}

export async function run(sim: SimulatorHandle, tables: FakeDataTables, steps: Step[], input: INodeExecutionData[]) {
	const result = await runWorkflow(chain(steps), { credentials: credentialsFor(sim, tables), input });
	return result;
}

/** Creates the agents table in the fake with these rows (as a lead would on the Data tables page). */
export async function seedAgents(tables: FakeDataTables, name: string, rows: IDataObject[]): Promise<void> {
	const headers = { 'content-type': 'application/json', 'x-n8n-api-key': tables.apiKey };
	const created = (await (
		await fetch(`${tables.url}/api/v1/data-tables`, {
			method: 'POST',
			headers,
			body: JSON.stringify({
				name,
				columns: [
					{ name: 'agent', type: 'string' },
					{ name: 'name', type: 'string' },
					{ name: 'teams', type: 'string' },
					{ name: 'capacity', type: 'number' },
					{ name: 'available', type: 'boolean' },
					{ name: 'contact', type: 'string' },
				],
			}),
		})
	).json()) as { id: string };
	await fetch(`${tables.url}/api/v1/data-tables/${created.id}/rows`, { method: 'POST', headers, body: JSON.stringify({ data: rows, returnType: 'id' }) });
}

export const receive = (options: IDataObject = {}, tables: { conversation?: string; agents?: string } = {}): Step => ({
	name: 'Receive',
	parameters: { resource: 'conversation', operation: 'receive', receiveOptions: { settleMs: 0, ...options }, ...tableParams(tables) },
});

export function tableParams(tables: { conversation?: string; agents?: string }): IDataObject {
	return {
		conversationTable: { __rl: true, mode: 'name', value: tables.conversation ?? 'whatsapp_conversation_events' },
		agentsTable: { __rl: true, mode: 'name', value: tables.agents ?? 'whatsapp_agents' },
	};
}
