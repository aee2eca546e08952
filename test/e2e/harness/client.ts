/* eslint-disable @n8n/community-nodes/no-restricted-imports -- test tooling runs in Node, not inside n8n */
/**
 * Talks to a running n8n over HTTP: the public API (`/api/v1`, key auth) for workflows,
 * credentials and executions; the internal REST API (`/rest`, owner cookie) only where the public
 * API has nothing (credential test, registered types). Works for an instance this process
 * started and for one started by the jest global setup (`connectN8n(info)`).
 */
import { existsSync, readFileSync } from 'node:fs';

import { PACKAGE_NAME } from './pack';
import { delay } from './proc';

export const BROWSER_ID = 'wabp-e2e-browser';

/** Node and credential type names as n8n registers them for this package. */
export const TYPES = {
	action: `${PACKAGE_NAME}.whatsAppBusinessPlatform`,
	trigger: `${PACKAGE_NAME}.whatsAppBusinessPlatformTrigger`,
	router: `${PACKAGE_NAME}.whatsAppBusinessPlatformRouter`,
	credential: 'whatsAppBusinessPlatformApi',
} as const;

/** Log lines that mean n8n did not load (part of) the package. */
const LOAD_ERROR_PATTERNS: RegExp[] = [
	/Unrecognized node type/i,
	/Unrecognized credential type/i,
	/Error loading package/i,
	/Class could not be found/i,
	/Failed to load/i,
	/Cannot find module/i,
	/n8nNodesApiVersion/i,
	new RegExp(`${PACKAGE_NAME.replace(/[-.]/g, '\\$&')}[^\\n]*(error|failed|invalid|unknown)`, 'i'),
];

export function loadErrorLines(text: string): string[] {
	return text.split('\n').filter((line) => LOAD_ERROR_PATTERNS.some((pattern) => pattern.test(line)));
}

/** What is needed to reach a running instance (also the JSON the global setup writes). */
export interface N8nConnectionInfo {
	version: string;
	baseUrl: string;
	port: number;
	apiKey: string;
	cookie: string;
	userFolder: string;
	logFile: string;
	/** Milliseconds from spawn to ready. */
	startMs: number;
	pid?: number;
	/**
	 * Where production webhooks are served (`/webhook/*`): the main itself in regular mode, the
	 * webhook processor in queue mode (see harness/queue.ts). Defaults to `baseUrl`.
	 */
	webhookBaseUrl?: string;
	/** `queue` when the instance runs with workers and a webhook processor (harness/queue.ts). */
	mode?: 'regular' | 'queue';
}

export interface CredentialInput {
	name: string;
	type: string;
	data: Record<string, unknown>;
}

export interface CreatedCredential {
	id: string;
	name: string;
	type: string;
}

export type CredentialRef = { id: string; name: string };

export interface WorkflowNode {
	name: string;
	type: string;
	typeVersion: number;
	position: [number, number];
	parameters: Record<string, unknown>;
	credentials?: Record<string, CredentialRef>;
	webhookId?: string;
	id?: string;
	[key: string]: unknown;
}

/** A workflow as exported from the editor; `id`, `active`, `pinData`, `tags`... are dropped. */
export interface WorkflowInput {
	name: string;
	nodes: WorkflowNode[];
	connections: Record<string, unknown>;
	settings?: Record<string, unknown>;
	staticData?: unknown;
	[key: string]: unknown;
}

export interface ImportWorkflowOptions {
	/** Attach these credentials (by credential type) to every node of this package. */
	credentials?: Record<string, CredentialRef>;
}

export interface WebhookResponse {
	status: number;
	headers: Headers;
	text: string;
	/** Parsed JSON when the body is JSON. */
	body: unknown;
}

export interface NodeRun {
	data?: { main?: Array<Array<{ json: Record<string, unknown> }> | null> };
	error?: { message?: string; description?: string; [key: string]: unknown };
	executionStatus?: string;
}

export interface ExecutionData {
	resultData: {
		runData: Record<string, NodeRun[]>;
		error?: { message?: string; description?: string; [key: string]: unknown };
		lastNodeExecuted?: string;
	};
	[key: string]: unknown;
}

export interface Execution {
	id: string;
	finished: boolean;
	mode: string;
	status: string;
	workflowId: string;
	startedAt: string;
	stoppedAt: string | null;
	data?: ExecutionData;
	[key: string]: unknown;
}

export interface N8nClient extends N8nConnectionInfo {
	/** Always set: `baseUrl` unless webhooks are served elsewhere (queue mode). */
	webhookBaseUrl: string;
	/** Public API call (`/api/v1<path>`); throws on a non-2xx answer. */
	api<T = unknown>(method: string, path: string, body?: unknown): Promise<T>;
	/** Internal REST call (`/rest<path>`) as the owner; unwraps `{data}`; throws on non-2xx. */
	rest<T = unknown>(method: string, path: string, body?: unknown): Promise<T>;
	/** Creates credentials through the public API (`POST /api/v1/credentials`). */
	importCredentials(credentials: CredentialInput[]): Promise<CreatedCredential[]>;
	/** Creates a workflow through the public API (`POST /api/v1/workflows`). */
	importWorkflow(workflow: WorkflowInput, options?: ImportWorkflowOptions): Promise<{ id: string; name: string }>;
	/** Publishes (activates) a workflow: its trigger webhooks go live on `/webhook/...`. */
	activateWorkflow(id: string): Promise<void>;
	deactivateWorkflow(id: string): Promise<void>;
	deleteWorkflow(id: string): Promise<void>;
	/** n8n's credential test for a saved credential, the editor's way (`/rest/credentials/test`). */
	testCredential(id: string): Promise<{ status: string; message: string }>;
	/** `POST <baseUrl>/webhook/<path>` (production URL). */
	postWebhook(path: string, body: unknown, headers?: Record<string, string>): Promise<WebhookResponse>;
	/** `GET <baseUrl>/webhook/<path>` (e.g. Meta's `hub.challenge` handshake). */
	getWebhook(path: string, query?: Record<string, string>): Promise<WebhookResponse>;
	getExecutions(workflowId: string): Promise<Execution[]>;
	/** Polls until `count` executions of the workflow have finished; returns them newest first. */
	waitForExecutions(workflowId: string, count: number, timeoutMs?: number): Promise<Execution[]>;
	getExecution(id: string, includeData?: boolean): Promise<Execution>;
	/** Registered node type and credential type names (`/types/nodes.json`, `/types/credentials.json`). */
	registeredTypes(): Promise<{ nodes: string[]; credentials: string[] }>;
	/** Everything n8n has logged so far. */
	logs(): string;
	/** Log lines that look like package load errors (empty when clean). */
	loadErrors(): string[];
}

async function parse(response: Response): Promise<{ text: string; body: unknown }> {
	const text = await response.text();
	try {
		return { text, body: text ? (JSON.parse(text) as unknown) : undefined };
	} catch {
		return { text, body: undefined };
	}
}

/** Keeps what the public API's workflow schema accepts (`additionalProperties: false`). */
export function toPublicWorkflow(workflow: WorkflowInput, options: ImportWorkflowOptions = {}): Record<string, unknown> {
	const nodes = workflow.nodes.map((node) => {
		const copy: WorkflowNode = { ...node };
		if (options.credentials && node.type.startsWith(`${PACKAGE_NAME}.`)) {
			copy.credentials = { ...(node.credentials ?? {}), ...options.credentials };
		}
		return copy;
	});
	const result: Record<string, unknown> = {
		name: workflow.name,
		nodes,
		connections: workflow.connections,
		settings: workflow.settings ?? { executionOrder: 'v1' },
	};
	if (workflow.staticData !== undefined && workflow.staticData !== null) result.staticData = workflow.staticData;
	return result;
}

export function connectN8n(info: N8nConnectionInfo, readLogs?: () => string): N8nClient {
	const { baseUrl } = info;
	const webhookBaseUrl = info.webhookBaseUrl ?? baseUrl;
	const logs = readLogs ?? (() => (existsSync(info.logFile) ? readFileSync(info.logFile, 'utf8') : ''));

	const rest = async <T>(method: string, path: string, body?: unknown): Promise<T> => {
		const response = await fetch(`${baseUrl}/rest${path}`, {
			method,
			headers: { 'content-type': 'application/json', 'browser-id': BROWSER_ID, cookie: info.cookie },
			body: body === undefined ? undefined : JSON.stringify(body),
		});
		const parsed = await parse(response);
		if (!response.ok) throw new Error(`${method} /rest${path} -> ${response.status}: ${parsed.text.slice(0, 500)}`);
		const data = parsed.body as { data?: T } | undefined;
		return (data && typeof data === 'object' && 'data' in data ? data.data : parsed.body) as T;
	};

	const api = async <T>(method: string, path: string, body?: unknown): Promise<T> => {
		const response = await fetch(`${baseUrl}/api/v1${path}`, {
			method,
			headers: { 'content-type': 'application/json', accept: 'application/json', 'X-N8N-API-KEY': info.apiKey },
			body: body === undefined ? undefined : JSON.stringify(body),
		});
		const parsed = await parse(response);
		if (!response.ok) throw new Error(`${method} /api/v1${path} -> ${response.status}: ${parsed.text.slice(0, 500)}`);
		return parsed.body as T;
	};

	// n8n 2.41 registers a published workflow's webhooks a moment after `activate` answers; a call
	// in that window gets 404 "not registered". Calls soon after an activation retry through it.
	let lastActivation = 0;
	const ACTIVATION_GRACE_MS = 10_000;
	const webhook = async (method: string, path: string, init: RequestInit = {}): Promise<WebhookResponse> => {
		for (;;) {
			const response = await fetch(`${webhookBaseUrl}/webhook/${path.replace(/^\/+/, '')}`, { method, ...init });
			const parsed = await parse(response);
			const unregistered = response.status === 404 && /not registered/i.test(parsed.text);
			if (unregistered && Date.now() - lastActivation < ACTIVATION_GRACE_MS) {
				await delay(200);
				continue;
			}
			return { status: response.status, headers: response.headers, text: parsed.text, body: parsed.body };
		}
	};

	const client: N8nClient = {
		...info,
		webhookBaseUrl,
		api,
		rest,
		async importCredentials(credentials) {
			const created: CreatedCredential[] = [];
			for (const credential of credentials) {
				// n8n 2.x adds "Allowed HTTP Request Domains" to every credential type. Its public-API
				// schema then demands `allowedDomains` unless the selector is given, so give it.
				const schema = await api<{ properties?: Record<string, unknown> }>('GET', `/credentials/schema/${credential.type}`);
				const data = { ...credential.data };
				if (schema.properties && 'allowedHttpRequestDomains' in schema.properties && !('allowedHttpRequestDomains' in data)) {
					data.allowedHttpRequestDomains = 'all';
				}
				const result = await api<CreatedCredential>('POST', '/credentials', { ...credential, data });
				created.push({ id: result.id, name: result.name, type: result.type });
			}
			return created;
		},
		async importWorkflow(workflow, options) {
			const result = await api<{ id: string; name: string }>('POST', '/workflows', toPublicWorkflow(workflow, options));
			return { id: result.id, name: result.name };
		},
		async activateWorkflow(id) {
			await api('POST', `/workflows/${id}/activate`);
			lastActivation = Date.now();
		},
		async deactivateWorkflow(id) {
			await api('POST', `/workflows/${id}/deactivate`);
		},
		async deleteWorkflow(id) {
			await api('DELETE', `/workflows/${id}`);
		},
		async testCredential(id) {
			// As the editor does it: load the (redacted) credential, send it back to be tested.
			const credential = await rest<{ id: string; name: string; type: string; data: unknown }>('GET', `/credentials/${id}?includeData=true`);
			return await rest<{ status: string; message: string }>('POST', '/credentials/test', {
				credentials: { id: credential.id, name: credential.name, type: credential.type, data: credential.data },
			});
		},
		async postWebhook(path, body, headers = {}) {
			return await webhook('POST', path, {
				headers: { 'content-type': 'application/json', ...headers },
				body: typeof body === 'string' ? body : JSON.stringify(body),
			});
		},
		async getWebhook(path, query = {}) {
			const qs = new URLSearchParams(query).toString();
			return await webhook('GET', qs ? `${path}?${qs}` : path);
		},
		async getExecutions(workflowId) {
			const result = await api<{ data: Execution[] }>('GET', `/executions?workflowId=${encodeURIComponent(workflowId)}&limit=250`);
			return result.data;
		},
		async waitForExecutions(workflowId, count, timeoutMs = 30_000) {
			const deadline = Date.now() + timeoutMs;
			for (;;) {
				const all = await client.getExecutions(workflowId);
				const done = all.filter((execution) => execution.stoppedAt && !['running', 'new'].includes(execution.status));
				if (done.length >= count) return done;
				if (Date.now() > deadline) {
					throw new Error(`expected ${count} finished executions of workflow ${workflowId} within ${timeoutMs} ms; saw ${done.length} finished of ${all.length}`);
				}
				await delay(200);
			}
		},
		async getExecution(id, includeData = true) {
			return await api<Execution>('GET', `/executions/${id}?includeData=${includeData}`);
		},
		async registeredTypes() {
			const get = async (file: string) => {
				const response = await fetch(`${baseUrl}/types/${file}`, { headers: { cookie: info.cookie, 'browser-id': BROWSER_ID } });
				if (!response.ok) throw new Error(`GET /types/${file} -> ${response.status}`);
				return (await response.json()) as Array<{ name: string }>;
			};
			const [nodes, credentials] = await Promise.all([get('nodes.json'), get('credentials.json')]);
			return { nodes: nodes.map((n) => n.name), credentials: credentials.map((c) => c.name) };
		},
		logs,
		loadErrors: () => loadErrorLines(logs()),
	};
	return client;
}

/** The output items of a node's first run in an execution (main output 0). */
export function nodeOutput(execution: Execution, nodeName: string, output = 0): Array<Record<string, unknown>> {
	const run = execution.data?.resultData.runData[nodeName]?.[0];
	return (run?.data?.main?.[output] ?? []).map((item) => item.json);
}

/** The error a node's first run ended with, if any. */
export function nodeError(execution: Execution, nodeName: string): NodeRun['error'] | undefined {
	return execution.data?.resultData.runData[nodeName]?.[0]?.error;
}
