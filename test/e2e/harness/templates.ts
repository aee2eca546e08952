/* eslint-disable @n8n/community-nodes/no-restricted-imports -- test tooling runs in Node, not inside n8n */
/** The workflow templates in `examples/templates/` (imported by the template e2e tests and the demo). */
import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import type { INode, INodeCredentialDescription, INodeParameters, INodeProperties, INodeTypeDescription } from 'n8n-workflow';
import { NodeHelpers } from 'n8n-workflow';

import type { SimulatorHandle } from '../../../simulator';
import { BROWSER_ID, TYPES } from './client';
import type { CredentialRef, N8nClient, WorkflowInput } from './client';
import { REPO_ROOT } from './pack';
import { runToken } from './standIns';
import { whatsAppCredential } from './workflows';

export const TEMPLATES_DIR = join(REPO_ROOT, 'examples', 'templates');

export function templateFiles(): string[] {
	return readdirSync(TEMPLATES_DIR).filter((file) => file.endsWith('.json')).sort();
}

export function loadTemplate(file: string): WorkflowInput {
	return JSON.parse(readFileSync(join(TEMPLATES_DIR, file), 'utf8')) as WorkflowInput;
}

export interface TemplateBinding {
	/** Created credentials, by credential type and then by the name the template uses. */
	credentials: Record<string, Record<string, CredentialRef>>;
	/** Exact text replacements in the workflow JSON (base URLs, table names, webhook paths). */
	replace?: Array<[from: string, to: string]>;
}

/**
 * A template ready for one n8n: every credential the template names is bound to the created one of
 * that type and name (templates hold names only), and the text replacements are applied.
 */
export function bindTemplate(template: WorkflowInput, binding: TemplateBinding): WorkflowInput {
	let text = JSON.stringify(template);
	for (const [from, to] of binding.replace ?? []) text = text.split(from).join(to);
	const workflow = JSON.parse(text) as WorkflowInput;
	for (const node of workflow.nodes) {
		if (!node.credentials) continue;
		const bound: Record<string, CredentialRef> = {};
		for (const [type, ref] of Object.entries(node.credentials)) {
			const created = binding.credentials[type]?.[ref.name];
			if (!created) throw new Error(`template node "${node.name}" uses a ${type} credential named "${ref.name}" that was not created`);
			bound[type] = created;
		}
		node.credentials = bound;
	}
	return workflow;
}

/** The same workflow with one trigger node (by name) replaced by a POST webhook on `path`. */
export function withWebhookTrigger(workflow: WorkflowInput, nodeName: string, path: string, webhookId: string): WorkflowInput {
	return {
		...workflow,
		nodes: workflow.nodes.map((node) =>
			node.name === nodeName
				? {
						id: node.id,
						name: node.name,
						type: 'n8n-nodes-base.webhook',
						typeVersion: 2,
						position: node.position,
						webhookId,
						parameters: { httpMethod: 'POST', path, responseMode: 'lastNode', responseData: 'allEntries', options: {} },
					}
				: node,
		),
	};
}

interface NodeTypeDescriptionLike {
	name: string;
	version: number | number[];
	properties: INodeProperties[];
	credentials?: INodeCredentialDescription[];
	[key: string]: unknown;
}

/** Every node type description an instance serves to its editor (`/types/nodes.json`). */
export async function nodeTypeDescriptions(client: Pick<N8nClient, 'baseUrl' | 'cookie'>): Promise<NodeTypeDescriptionLike[]> {
	const response = await fetch(`${client.baseUrl}/types/nodes.json`, { headers: { cookie: client.cookie, 'browser-id': BROWSER_ID } });
	if (!response.ok) throw new Error(`GET /types/nodes.json -> ${response.status}`);
	return (await response.json()) as NodeTypeDescriptionLike[];
}

/**
 * What the editor would flag on each node of a template, computed the editor's way from the
 * instance's own node descriptions: an unknown node type or version, parameter issues
 * (`NodeHelpers.getNodeParametersIssues` over the parameters with their defaults), and a required
 * credential the node shows but the template does not name. Empty when the template is clean.
 */
export function templateIssues(workflow: WorkflowInput, descriptions: NodeTypeDescriptionLike[]): string[] {
	const issues: string[] = [];
	for (const node of workflow.nodes) {
		if (node.type === 'n8n-nodes-base.stickyNote') continue;
		const description = descriptions.find((d) => d.name === node.type && (Array.isArray(d.version) ? d.version.includes(node.typeVersion) : d.version === node.typeVersion));
		if (!description) {
			issues.push(`${node.name}: unknown node type ${node.type} v${node.typeVersion}`);
			continue;
		}
		const asNode = { ...node, parameters: node.parameters as INodeParameters } as unknown as INode;
		const typeDescription = description as unknown as INodeTypeDescription;
		const parameters = NodeHelpers.getNodeParameters(description.properties, asNode.parameters, true, false, asNode, typeDescription) ?? {};
		const found = NodeHelpers.getNodeParametersIssues(description.properties, { ...asNode, parameters }, typeDescription);
		for (const [parameter, messages] of Object.entries(found?.parameters ?? {})) issues.push(`${node.name}: ${parameter}: ${messages.join('; ')}`);
		const generic = parameters.authentication === 'genericCredentialType' ? String(parameters.genericAuthType ?? '') : '';
		if (generic && !node.credentials?.[generic]) issues.push(`${node.name}: credential ${generic} is required but not set`);
		for (const credential of description.credentials ?? []) {
			if (!credential.required || !NodeHelpers.displayParameter(parameters, credential, asNode, typeDescription)) continue;
			// HTTP Request-style nodes pick their credential type by a parameter.
			if (!node.credentials?.[credential.name]) issues.push(`${node.name}: credential ${credential.name} is required but not set`);
		}
	}
	return issues;
}

export interface StandInTokens {
	hubspot?: string;
	slack?: string;
	openAi?: { url: string; token: string };
}

/**
 * Creates one credential for every name the templates use: WhatsApp on the simulator, the n8n API
 * on this instance, the third-party ones with the stand-ins' tokens (or tokens made here).
 */
export async function templateCredentials(client: N8nClient, sim: SimulatorHandle, tokens: StandInTokens = {}): Promise<TemplateBinding['credentials']> {
	const suffix = `${Date.now().toString(36)}-${randomBytes(3).toString('hex')}`;
	const header = (name: string, token: string) => ({ name: `${name} ${suffix}`, type: 'httpHeaderAuth', data: { name: 'Authorization', value: `Bearer ${token}`, useCustomAuth: false } });
	const phoneNumberId = sim.options.phoneNumbers[0].id;
	const [wa, api, hub, sl, sf, pd, oa] = await client.importCredentials([
		whatsAppCredential(`WhatsApp account ${suffix}`, { url: sim.url, token: sim.options.accessToken, businessAccountId: sim.options.businessAccountId, phoneNumberId, appId: sim.options.appId, appSecret: sim.options.appSecret }),
		{ name: `n8n API ${suffix}`, type: 'whatsAppBusinessPlatformN8nApi', data: { baseUrl: client.baseUrl, apiKey: client.apiKey } },
		header('HubSpot', tokens.hubspot ?? runToken('hubspot')),
		header('Slack', tokens.slack ?? runToken('xoxb')),
		header('Salesforce', runToken('salesforce')),
		{ name: `Pipedrive ${suffix}`, type: 'httpQueryAuth', data: { name: 'api_token', value: runToken('pipedrive') } },
		{ name: `OpenAI ${suffix}`, type: 'openAiApi', data: { apiKey: tokens.openAi?.token ?? runToken('openai'), organizationId: '', url: tokens.openAi?.url ?? 'http://127.0.0.1:9/v1', header: false } },
	]);
	return {
		[TYPES.credential]: { 'WhatsApp account': wa },
		whatsAppBusinessPlatformN8nApi: { 'n8n API for data tables': api },
		httpHeaderAuth: { 'HubSpot private app token': hub, 'Slack bot token': sl, 'Salesforce access token': sf },
		httpQueryAuth: { 'Pipedrive API token': pd },
		openAiApi: { 'OpenAI account': oa },
	};
}
