/* eslint-disable @n8n/community-nodes/no-restricted-imports -- test tooling runs in Node, not inside n8n */
/** The example workflows in `examples/` (also imported by `npm run demo`). */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { TYPES } from './client';
import type { WorkflowInput } from './client';
import { REPO_ROOT } from './pack';

export function loadExample(file: string): WorkflowInput {
	return JSON.parse(readFileSync(join(REPO_ROOT, 'examples', file), 'utf8')) as WorkflowInput;
}

/** Production URL of our trigger node in a workflow (`/webhook/<webhookId>/webhook`). */
export function triggerWebhookUrl(baseUrl: string, workflow: Pick<WorkflowInput, 'nodes'>): string | undefined {
	const node = workflow.nodes.find((candidate) => candidate.type === TYPES.trigger);
	return node?.webhookId ? `${baseUrl}/webhook/${node.webhookId}/webhook` : undefined;
}
