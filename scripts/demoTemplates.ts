/**
 * The demo's workflow templates (`examples/templates/`): imported once each (later runs keep your
 * edits), the WhatsApp and Data Tables credentials bound to the demo's own, and the templates that
 * run on the simulator alone published. The others need a third-party account (HubSpot, Slack,
 * OpenAI) or share the WhatsApp trigger with the echo bot: they are imported for you to open,
 * set up as their sticky note says, and publish.
 */
import type { CredentialRef, N8nHandle, WorkflowInput } from '../test/e2e/harness';
import { loadTemplate, templateFiles } from '../test/e2e/harness/templates';

/** Templates that need nothing but the simulator and do not take inbound messages from the echo bot. */
const PUBLISH = new Set(['order-updates.json']);

export interface ImportedTemplate {
	file: string;
	name: string;
	id: string;
	state: string;
}

export async function importTemplates(n8n: N8nHandle, credentials: Record<string, CredentialRef>): Promise<ImportedTemplate[]> {
	const existing = await n8n.api<{ data: Array<{ id: string; name: string; active: boolean }> }>('GET', '/workflows?limit=250');
	const result: ImportedTemplate[] = [];
	for (const file of templateFiles()) {
		const template = loadTemplate(file);
		// Our credentials bound to the demo's; third-party ones keep their name for you to create.
		const workflow: WorkflowInput = {
			...template,
			nodes: template.nodes.map((node) => {
				if (!node.credentials) return node;
				const bound = Object.fromEntries(Object.entries(node.credentials).filter(([type]) => credentials[type]).map(([type]) => [type, credentials[type]]));
				return Object.keys(bound).length ? { ...node, credentials: bound } : { ...node, credentials: undefined };
			}),
		};
		const found = existing.data.find((candidate) => candidate.name === template.name);
		try {
			const id = found?.id ?? (await n8n.importWorkflow(workflow)).id;
			let state = 'imported: open it and follow its sticky note';
			if (PUBLISH.has(file)) {
				await n8n.activateWorkflow(id);
				state = 'published';
			}
			result.push({ file, name: template.name, id, state });
		} catch (error) {
			result.push({ file, name: template.name, id: found?.id ?? '-', state: `not set up: ${(error as Error).message.replace(/^.*?-> \d+: /, '')}` });
		}
	}
	return result;
}

export function describeTemplates(baseUrl: string, templates: ImportedTemplate[]): string {
	return ['Workflow templates (examples/templates/*.json; see the README section "Workflow templates"):', ...templates.map((t) => `  - ${t.name}  [${t.state}]  ${baseUrl}/workflow/${t.id}`)].join('\n');
}
