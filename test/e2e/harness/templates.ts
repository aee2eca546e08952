/* eslint-disable @n8n/community-nodes/no-restricted-imports -- test tooling runs in Node, not inside n8n */
/** The workflow templates in `examples/templates/` (imported by the template e2e tests and the demo). */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import type { CredentialRef, WorkflowInput } from './client';
import { REPO_ROOT } from './pack';

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
