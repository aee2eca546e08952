import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import type { RecordedRequest, SimulatorHandle } from '../../../simulator';
import { parameterFieldsFor, toTemplateDefinition } from '../../../whatsapp/templates';
import type { RunResult } from '../harness';
import { runNodeAgainst } from '../harness';

export { binaryItem, TINY_PNG } from '../harness';
export { messageRequests } from '../message/helpers';

export const PHONE_NUMBER_ID = '106540352242922';
export const WABA_ID = '102290129340398';
export const CUSTOMER = '+15551234567';

export async function runTemplateNode(
	sim: SimulatorHandle,
	parameters: IDataObject,
	options: { continueOnFail?: boolean; input?: INodeExecutionData[] } = {},
): Promise<{ result: RunResult; items: INodeExecutionData[] }> {
	return await runNodeAgainst(sim, { resource: 'template', ...parameters }, options);
}

/** The simulator's id of a seeded template. */
export function templateId(sim: SimulatorHandle, name: string, language = 'en_US'): string {
	const found = sim.templates().find((template) => template.name === name && template.language === language);
	if (!found) throw new Error(`No template ${name} (${language}) in the simulator`);
	return found.id;
}

/** The resource mapper value the editor saves: values plus the schema it generated for the template. */
export function mapperValue(sim: SimulatorHandle, name: string, value: IDataObject, language = 'en_US'): IDataObject {
	const stored = sim.templates().find((template) => template.name === name && template.language === language);
	const schema = parameterFieldsFor(toTemplateDefinition(stored)).map((field) => ({
		id: field.id,
		displayName: field.displayName,
		required: field.required,
		defaultMatch: false,
		canBeUsedToMatch: false,
		display: true,
		type: field.type,
	}));
	return { mappingMode: 'defineBelow', value, matchingColumns: [], schema, attemptToConvertTypes: false, convertFieldsToString: false };
}

/** Graph reads of template definitions (by ID or by name), which Meta rate-limits per app and hour. */
export function templateReads(sim: SimulatorHandle): RecordedRequest[] {
	return sim.requests.filter(
		(request) => request.method === 'GET' && (/\/\d{16}$/.test(request.path) || request.path.endsWith('/message_templates')),
	);
}

