/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals -- test code runs in Node, not inside n8n */
/**
 * Runs workflow JSON through n8n's own execution engine (n8n-core's WorkflowExecute), with this
 * package compiled and loaded the way n8n loads a community package (see globalSetup.ts). No n8n server: credentials come
 * from a map, and HTTP goes out for real (to the simulator).
 *
 * Nodes of n8n-nodes-base are not installed here; the two the fixtures start with
 * (`manualTrigger`, `noOp`) have small stand-ins that behave the same for our purposes.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

import type {
	ICredentialDataDecryptedObject,
	ICredentials,
	ICredentialsHelper,
	IDataObject,
	IExecuteFunctions,
	IHttpRequestOptions,
	INode,
	INodeCredentialsDetails,
	INodeExecutionData,
	INodeProperties,
	INodeType,
	INodeTypes,
	IRun,
	IVersionedNodeType,
	IWorkflowExecuteAdditionalData,
	WorkflowExecuteMode,
} from 'n8n-workflow';
import { createRunExecutionData, NodeHelpers, Workflow } from 'n8n-workflow';

// n8n-core writes its encryption key into $N8N_USER_FOLDER on first use: keep it out of $HOME.
process.env.N8N_USER_FOLDER ??= mkdtempSync(join(tmpdir(), 'wabp-engine-'));

// Loaded after N8N_USER_FOLDER is set.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const core = require('n8n-core') as typeof import('n8n-core');
// The DI container must be the very copy n8n-core registers its services in.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { Container } = require(require.resolve('@n8n/di', { paths: [require.resolve('n8n-core')] })) as typeof import('@n8n/di');

/** Compiled by globalSetup for this run; dist/ of the checkout when run outside jest's setup. */
const PACKAGE_DIR = process.env.WABP_ENGINE_PACKAGE_DIR ?? resolve(__dirname, '..', '..');
export const PACKAGE_NAME = 'n8n-nodes-whatsapp-business-platform';

export interface WorkflowJson {
	name?: string;
	nodes: INode[];
	connections: IDataObject;
	settings?: IDataObject;
	pinData?: IDataObject;
}

export interface RunOptions {
	/** Credential type → decrypted data. */
	credentials?: Record<string, IDataObject>;
	/** Items the start node emits (default: one empty item). */
	input?: INodeExecutionData[];
	/**
	 * The workflow's static data. Pass the same object to several runs to play consecutive
	 * executions of one saved workflow (n8n stores it with the workflow between executions).
	 */
	staticData?: IDataObject;
	/**
	 * The execution's ID as nodes see it (`getExecutionId()`). Unset by default, as nothing but
	 * concurrent-run tests tell executions apart.
	 */
	executionId?: string;
}

export interface RunResult {
	run: IRun;
	/** Output items of a node's first run, main output 0 (or another output index). */
	output(nodeName: string, outputIndex?: number): INodeExecutionData[];
	/** The error that stopped the workflow, if any. */
	error?: Error;
}

/** Credential data for `whatsAppBusinessPlatformApi` that points at a running simulator. */
export function simulatorCredentials(sim: { url: string }, overrides: IDataObject = {}): IDataObject {
	return {
		accessToken: 'sim-token',
		businessAccountId: '102290129340398',
		phoneNumberId: '106540352242922',
		appId: '900000000000001',
		appSecret: 'sim-app-secret',
		apiVersion: 'v25.0',
		baseUrl: sim.url,
		...overrides,
	};
}

/** Stand-ins for the n8n-nodes-base nodes fixtures start from. */
function startNodeType(displayName: string, name: string, input: () => INodeExecutionData[]): INodeType {
	return {
		description: {
			displayName,
			name,
			group: ['trigger'],
			version: 1,
			description: `${displayName} stand-in for engine tests`,
			defaults: { name: displayName },
			inputs: [],
			outputs: ['main'],
			properties: [],
		},
		async execute(this: IExecuteFunctions) {
			return [input()];
		},
	} as unknown as INodeType;
}

const noOpType: INodeType = {
	description: {
		displayName: 'No Operation',
		name: 'noOp',
		group: ['organization'],
		version: 1,
		description: 'Passes items through',
		defaults: { name: 'No Operation' },
		inputs: ['main'],
		outputs: ['main'],
		properties: [],
	},
	async execute(this: IExecuteFunctions) {
		return [this.getInputData()];
	},
} as unknown as INodeType;

interface LoadedPackage {
	loader: InstanceType<typeof core.PackageDirectoryLoader>;
}

let loaded: Promise<LoadedPackage> | undefined;

async function loadPackage(): Promise<LoadedPackage> {
	loaded ??= (async () => {
		const loader = new core.PackageDirectoryLoader(PACKAGE_DIR);
		await loader.loadAll();
		// Binary data in memory ("default" mode), as n8n runs it without external storage.
		await Container.get(core.BinaryDataService).init();
		return { loader };
	})();
	return await loaded;
}

class MapCredentialsHelper implements Partial<ICredentialsHelper> {
	constructor(
		private readonly data: Record<string, IDataObject>,
		private readonly loader: LoadedPackage['loader'],
	) {}

	getParentTypes(): string[] {
		return [];
	}

	/** Applies the credential type's generic `authenticate` block, as n8n's CLI does. */
	async authenticate(
		credentials: ICredentialDataDecryptedObject,
		typeName: string,
		requestOptions: IHttpRequestOptions,
	): Promise<IHttpRequestOptions> {
		const type = this.loader.credentialTypes[typeName]?.type as
			| { authenticate?: { type: string; properties: { headers?: Record<string, string>; qs?: Record<string, string> } } }
			| undefined;
		const authenticate = type?.authenticate;
		if (!authenticate || authenticate.type !== 'generic') return requestOptions;
		const resolveValue = (template: string) =>
			template
				.replace(/^=/, '')
				.replace(/\{\{\s*\$credentials\.(\w+)\s*\}\}/g, (_, key: string) => String(credentials[key] ?? ''));
		const headers = { ...(requestOptions.headers ?? {}) } as IDataObject;
		for (const [key, value] of Object.entries(authenticate.properties.headers ?? {})) headers[key] = resolveValue(value);
		const qs = { ...(requestOptions.qs ?? {}) } as IDataObject;
		for (const [key, value] of Object.entries(authenticate.properties.qs ?? {})) qs[key] = resolveValue(value);
		return { ...requestOptions, headers, qs };
	}

	async preAuthentication(): Promise<undefined> {
		return undefined;
	}

	async getCredentials(details: INodeCredentialsDetails, type: string): Promise<ICredentials> {
		return { id: details.id, name: details.name, type, data: '' } as unknown as ICredentials;
	}

	async getDecrypted(
		_additionalData: IWorkflowExecuteAdditionalData,
		_details: INodeCredentialsDetails,
		type: string,
	): Promise<ICredentialDataDecryptedObject> {
		const data = this.data[type];
		if (!data) throw new Error(`The test supplied no credentials of type "${type}"`);
		return data as ICredentialDataDecryptedObject;
	}

	async updateCredentials(): Promise<void> {}

	async updateCredentialsOauthTokenData(): Promise<void> {}

	getCredentialsProperties(type: string): INodeProperties[] {
		return (this.loader.credentialTypes[type]?.type.properties as INodeProperties[]) ?? [];
	}
}

function readWorkflow(workflow: WorkflowJson | string): WorkflowJson {
	if (typeof workflow !== 'string') return workflow;
	return JSON.parse(readFileSync(resolve(workflow), 'utf8')) as WorkflowJson;
}

/** Executes the workflow from its start node and returns every node's output. */
export async function runWorkflow(workflowInput: WorkflowJson | string, options: RunOptions = {}): Promise<RunResult> {
	const { loader } = await loadPackage();
	const workflowJson = readWorkflow(workflowInput);
	const input = () => options.input ?? [{ json: {} }];

	const nodeTypes: INodeTypes = {
		getByName(type: string) {
			return this.getByNameAndVersion(type);
		},
		getByNameAndVersion(type: string, version?: number): INodeType {
			if (type === 'n8n-nodes-base.manualTrigger') return startNodeType('Manual Trigger', 'manualTrigger', input);
			if (type === 'n8n-nodes-base.noOp') return noOpType;
			const name = type.startsWith(`${PACKAGE_NAME}.`) ? type.slice(PACKAGE_NAME.length + 1) : type;
			const entry = loader.nodeTypes[name];
			if (!entry) throw new Error(`Unknown node type "${type}" in test workflow`);
			return NodeHelpers.getVersionedNodeType(entry.type as INodeType | IVersionedNodeType, version);
		},
		getKnownTypes() {
			return {};
		},
	} as INodeTypes;

	const workflow = new Workflow({
		id: 'engine-test',
		name: workflowJson.name ?? 'engine test',
		nodes: workflowJson.nodes,
		connections: workflowJson.connections as never,
		active: false,
		nodeTypes,
		settings: (workflowJson.settings ?? {}) as never,
		staticData: options.staticData,
	});

	const startNode = workflowJson.nodes.find((node) =>
		['n8n-nodes-base.manualTrigger'].includes(node.type),
	) ?? workflowJson.nodes[0];

	const mode: WorkflowExecuteMode = 'manual';
	const hooks = new core.ExecutionLifecycleHooks(mode, 'engine-test-execution', {
		id: 'engine-test',
		name: workflow.name,
		nodes: workflowJson.nodes,
		connections: workflowJson.connections,
		active: false,
		createdAt: new Date(),
		updatedAt: new Date(),
		isArchived: false,
		activeVersionId: null,
	} as never);

	const additionalData = {
		credentialsHelper: new MapCredentialsHelper(options.credentials ?? {}, loader),
		hooks,
		...(options.executionId ? { executionId: options.executionId } : {}),
		executeWorkflow: async () => {
			throw new Error('Sub-workflows are not supported in engine tests');
		},
		getRunExecutionData: async () => undefined,
		currentNodeExecutionIndex: 0,
		restApiUrl: 'http://127.0.0.1:5678/rest',
		instanceBaseUrl: 'http://127.0.0.1:5678/',
		formWaitingBaseUrl: 'http://127.0.0.1:5678/form-waiting',
		webhookBaseUrl: 'http://127.0.0.1:5678/webhook',
		webhookWaitingBaseUrl: 'http://127.0.0.1:5678/webhook-waiting',
		webhookTestBaseUrl: 'http://127.0.0.1:5678/webhook-test',
		variables: {},
		logAiEvent: () => {},
		startRunnerTask: async () => {
			throw new Error('Task runners are not available in engine tests');
		},
	} as unknown as IWorkflowExecuteAdditionalData;

	const runExecutionData = createRunExecutionData({
		executionData: {
			nodeExecutionStack: [{ node: startNode, data: { main: [input()] }, source: null }],
		},
	} as never);

	const execute = new core.WorkflowExecute(additionalData, mode, runExecutionData);
	const run = await execute.processRunExecutionData(workflow);
	const runData = run.data.resultData.runData;
	if (options.staticData) {
		// What n8n would save after the execution: a plain copy, as it comes back from the database.
		const saved = JSON.parse(JSON.stringify(workflow.staticData)) as IDataObject;
		for (const key of Object.keys(options.staticData)) delete options.staticData[key];
		Object.assign(options.staticData, saved);
	}

	return {
		run,
		error: run.data.resultData.error as Error | undefined,
		output(nodeName: string, outputIndex = 0) {
			const taskData = runData[nodeName]?.[0];
			if (!taskData) {
				const reason = run.data.resultData.error?.message;
				throw new Error(`Node "${nodeName}" did not run${reason ? `: ${reason}` : ''}`);
			}
			if (taskData.error) throw taskData.error;
			return taskData.data?.main?.[outputIndex] ?? [];
		},
	};
}

/** A minimal workflow: Manual Trigger → one node of this package. */
export function singleNodeWorkflow(
	parameters: IDataObject,
	options: { name?: string; type?: string; typeVersion?: number; continueOnFail?: boolean; credentials?: IDataObject } = {},
): WorkflowJson {
	const nodeName = options.name ?? 'WhatsApp';
	return {
		nodes: [
			{ id: 'start', name: 'Start', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0], parameters: {} },
			{
				id: 'node',
				name: nodeName,
				type: options.type ?? `${PACKAGE_NAME}.whatsAppBusinessPlatform`,
				typeVersion: options.typeVersion ?? 1,
				position: [200, 0],
				parameters: parameters as never,
				credentials: (options.credentials ?? {
					whatsAppBusinessPlatformApi: { id: '1', name: 'WhatsApp (simulator)' },
				}) as never,
				...(options.continueOnFail ? { onError: 'continueRegularOutput' as const } : {}),
			},
		],
		connections: { Start: { main: [[{ node: nodeName, type: 'main', index: 0 }]] } },
	};
}

/** Runs one node of this package (Manual Trigger → node) against a running simulator. */
export async function runNodeAgainst(
	sim: { url: string },
	parameters: IDataObject,
	options: { continueOnFail?: boolean; input?: INodeExecutionData[] } = {},
): Promise<{ result: RunResult; items: INodeExecutionData[] }> {
	const result = await runWorkflow(singleNodeWorkflow(parameters, { continueOnFail: options.continueOnFail }), {
		credentials: { whatsAppBusinessPlatformApi: simulatorCredentials(sim) },
		input: options.input,
	});
	return { result, items: result.error ? [] : result.output('WhatsApp') };
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
