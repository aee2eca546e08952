/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals -- dev tooling runs in Node, not inside n8n */
/**
 * Refreshes the README's editor screenshots from a real n8n in Chromium (test/browser/harness.ts):
 *
 *   npx tsx scripts/readme-screenshots.ts [n8n version]      (default 2.8.4)
 *
 * Writes docs/images/panel-send-text-<version>.png (Send Text with Check Contact Book on: both
 * credential pickers, by name) and docs/images/template-send-fields.png (Template → Send with
 * `appointment_reminder` picked). Credentials are created with readable names, so no raw ID shows.
 */
import { copyFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';

import { startSimulator } from '../simulator';
import { DEFAULT_N8N_VERSION, REPO_ROOT, startN8n, TYPES, whatsAppCredential } from '../test/e2e/harness';
import { openEditor, openNode, openWorkflow, screenshot } from '../test/browser/harness';
import { checkTemplateSendFields } from '../test/browser/panels';

async function main(): Promise<void> {
	const version = process.argv[2] ?? DEFAULT_N8N_VERSION;
	const images = join(REPO_ROOT, 'docs', 'images');
	mkdirSync(images, { recursive: true });
	const sim = await startSimulator({ port: 0, logger: () => undefined });
	const n8n = await startN8n({ version });
	const editor = await openEditor(n8n, { artifacts: `readme-${version}` });
	try {
		const [whatsApp, dataTables] = await n8n.importCredentials([
			whatsAppCredential('WhatsApp (browser test)', {
				url: sim.url,
				token: sim.options.accessToken,
				businessAccountId: sim.options.businessAccountId,
				phoneNumberId: sim.options.phoneNumbers[0].id,
				appId: sim.options.appId,
				appSecret: sim.options.appSecret,
			}),
			{ name: 'Data Tables (browser test)', type: 'whatsAppBusinessPlatformN8nApi', data: { baseUrl: n8n.baseUrl, apiKey: n8n.apiKey } },
		]);
		const workflow = await n8n.importWorkflow(
			{
				name: 'Reply with the contact book',
				nodes: [
					{
						id: 'readme-send-text',
						name: 'Reply',
						type: TYPES.action,
						typeVersion: 1,
						position: [0, 0],
						parameters: { resource: 'message', operation: 'sendText', contactBook: true, recipient: '={{ $json.waId }}', text: 'Thanks, we are on it!' },
					},
				],
				connections: {},
			},
			{ credentials: { [TYPES.credential]: { id: whatsApp.id, name: whatsApp.name }, whatsAppBusinessPlatformN8nApi: { id: dataTables.id, name: dataTables.name } } },
		);
		await openWorkflow(editor, workflow.id);
		await openNode(editor, 'Reply');
		await editor.page.waitForTimeout(1000);
		const panel = await screenshot(editor, `panel-send-text-${version}`);
		copyFileSync(panel, join(images, `panel-send-text-${version}.png`));
		await editor.page.keyboard.press('Escape');

		const findings = await checkTemplateSendFields(editor, sim, 'appointment_reminder');
		if (findings.length) throw new Error(`Template → Send: ${JSON.stringify(findings)}`);
		copyFileSync(join(editor.artifactsDir, 'template-send-appointment_reminder.png'), join(images, 'template-send-fields.png'));
		process.stdout.write(`screenshots written to ${images} (artifacts: ${editor.artifactsDir})\n`);
	} finally {
		await editor.close();
		await n8n.stop();
		await sim.stop();
	}
}

void main().then(
	() => process.exit(0),
	(error: Error) => {
		process.stderr.write(`${error.stack ?? error.message}\n`);
		process.exit(1);
	},
);
