/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals -- dev tooling runs in Node, not inside n8n */
/**
 * `npx tsx scripts/screenshot-inbox.ts [--n8n <version>] [--out <dir>]`: the README screenshots of the inbox flow, taken in a real
 * n8n editor (2.8.4 by default, or `--n8n <version>`) in headless Chromium (/usr/bin/chromium or
 * WABP_CHROMIUM). Imports examples/inbox-automation.json, shoots the canvas and the Inbox node's
 * panel into docs/images/. Starts its own n8n and stops it, and Chromium, at the end.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { chromium } from 'playwright-core';

import { loadExample, OWNER, REPO_ROOT, startN8n, TYPES, whatsAppCredential } from '../test/e2e/harness';

async function main(): Promise<void> {
	const versionFlag = process.argv.indexOf('--n8n');
	const version = versionFlag > 0 ? process.argv[versionFlag + 1] : undefined;
	const outFlag = process.argv.indexOf('--out');
	const outDir = outFlag > 0 ? process.argv[outFlag + 1] : join(REPO_ROOT, 'docs', 'images');
	const n8n = await startN8n({ ...(version ? { version } : {}) });
	const profile = mkdtempSync(join(tmpdir(), 'wabp-shot-'));
	const context = await chromium.launchPersistentContext(profile, {
		executablePath: process.env.WABP_CHROMIUM || '/usr/bin/chromium',
		headless: true,
		args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-sync'],
		viewport: { width: 1400, height: 860 },
		timeout: 120_000,
	});
	try {
		const [graph, api] = await n8n.importCredentials([
			whatsAppCredential('WhatsApp (simulator)', { url: 'http://127.0.0.1:9', token: 'token', businessAccountId: '102290129340398', phoneNumberId: '106540352242922' }),
			{ name: 'n8n API (Data Tables)', type: 'whatsAppBusinessPlatformN8nApi', data: { baseUrl: n8n.baseUrl, apiKey: n8n.apiKey } },
		]);
		const workflow = await n8n.importWorkflow(loadExample('inbox-automation.json'), {
			credentials: { [TYPES.credential]: graph, whatsAppBusinessPlatformN8nApi: api },
		});
		const page = context.pages()[0] ?? (await context.newPage());
		page.setDefaultTimeout(60_000);
		await page.goto(`${n8n.baseUrl}/signin`, { waitUntil: 'domcontentloaded', timeout: 120_000 });
		const email = page.locator('input[name="emailOrLdapLoginId"], input[name="email"]').first();
		await email.waitFor({ state: 'visible', timeout: 120_000 });
		await email.fill(OWNER.email);
		await page.locator('input[name="password"]').fill(OWNER.password);
		await page.locator('input[name="password"]').press('Enter');
		await page.waitForURL((url) => !url.pathname.startsWith('/signin'), { timeout: 60_000 });

		await page.goto(`${n8n.baseUrl}/workflow/${workflow.id}`, { waitUntil: 'domcontentloaded' });
		await page.locator('[data-test-id="canvas-node"]').first().waitFor({ state: 'visible', timeout: 90_000 });
		for (const selector of ['[data-test-id="close-button"]', '.el-dialog__headerbtn', '[aria-label="Close this dialog"]']) {
			const button = page.locator(selector).first();
			if (await button.isVisible().catch(() => false)) await button.click().catch(() => undefined);
		}
		// Zoom to fit ("1"), then let the edges settle.
		await page.locator('[data-test-id="canvas-node"]').first().click();
		await page.keyboard.press('Escape');
		await page.keyboard.press('1');
		await page.waitForTimeout(1500);
		const flow = join(outDir, 'inbox-flow.png');
		await page.screenshot({ path: flow });
		process.stdout.write(`wrote ${flow}\n`);

		await page.locator('[data-test-id="canvas-node"][data-node-name="WhatsApp Inbox"]').first().dblclick();
		await page.locator('[data-test-id="ndv"]').first().waitFor({ state: 'visible' });
		await page.waitForTimeout(1500);
		const panel = join(outDir, 'inbox-panel.png');
		await page.screenshot({ path: panel });
		process.stdout.write(`wrote ${panel}\n`);
	} finally {
		await context.close().catch(() => undefined);
		rmSync(profile, { recursive: true, force: true });
		await n8n.stop();
	}
}

main().catch((error: unknown) => {
	process.stderr.write(`${String((error as Error)?.stack ?? error)}\n`);
	process.exitCode = 1;
});
