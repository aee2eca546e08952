import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import type { RecordedRequest, SimulatorHandle } from '../../../simulator';
import { parameterFieldsFor, toTemplateDefinition } from '../../../whatsapp/templates';
import type { RunResult } from '../harness';
import { runWorkflow, simulatorCredentials, singleNodeWorkflow } from '../harness';

export const PHONE_NUMBER_ID = '106540352242922';
export const WABA_ID = '102290129340398';
export const CUSTOMER = '+15551234567';

/** Manual Trigger → one WhatsApp node of resource Template. */
export function templateWorkflow(parameters: IDataObject, options: { continueOnFail?: boolean } = {}) {
	return singleNodeWorkflow({ resource: 'template', ...parameters }, options);
}

export async function runTemplateNode(
	sim: SimulatorHandle,
	parameters: IDataObject,
	options: { continueOnFail?: boolean; input?: INodeExecutionData[] } = {},
): Promise<{ result: RunResult; items: INodeExecutionData[] }> {
	const result = await runWorkflow(templateWorkflow(parameters, options), {
		credentials: { whatsAppBusinessPlatformApi: simulatorCredentials(sim) },
		input: options.input,
	});
	return { result, items: result.error ? [] : result.output('WhatsApp') };
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

export function messageRequests(sim: SimulatorHandle): RecordedRequest[] {
	return sim.requests.filter((request) => request.method === 'POST' && request.path.endsWith(`/${PHONE_NUMBER_ID}/messages`));
}

/** Graph reads of template definitions (by ID or by name), which Meta rate-limits per app and hour. */
export function templateReads(sim: SimulatorHandle): RecordedRequest[] {
	return sim.requests.filter(
		(request) => request.method === 'GET' && (/\/\d{16}$/.test(request.path) || request.path.endsWith('/message_templates')),
	);
}

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
