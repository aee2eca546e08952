/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals -- dev tooling runs in Node, not inside n8n */
/**
 * `npx tsx scripts/screenshot-templates.ts [--n8n <version>] [--out <dir>] [file.json ...]`: the
 * README screenshots of the workflow templates (examples/templates/), taken in a real n8n editor
 * (2.8.4 by default) in headless Chromium (/usr/bin/chromium or WABP_CHROMIUM). Each template is
 * imported as a user imports it, opened, zoomed to fit and saved as docs/images/template-<name>.png.
 * Starts its own n8n and stops it, and Chromium, at the end.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { chromium } from 'playwright-core';

import { OWNER, REPO_ROOT, startN8n } from '../test/e2e/harness';
import { loadTemplate, templateFiles } from '../test/e2e/harness/templates';

function flag(name: string): string | undefined {
	const index = process.argv.indexOf(name);
	return index > 0 ? process.argv[index + 1] : undefined;
}

async function main(): Promise<void> {
	const version = flag('--n8n');
	const outDir = flag('--out') ?? join(REPO_ROOT, 'docs', 'images');
	const chosen = process.argv.slice(2).filter((arg) => arg.endsWith('.json'));
	const files = chosen.length ? chosen : templateFiles();
	const n8n = await startN8n({ ...(version ? { version } : {}) });
	const profile = mkdtempSync(join(tmpdir(), 'wabp-shot-'));
	const context = await chromium.launchPersistentContext(profile, {
		executablePath: process.env.WABP_CHROMIUM || '/usr/bin/chromium',
		headless: true,
		args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
		viewport: { width: 1600, height: 900 },
		timeout: 120_000,
	});
	try {
		const page = context.pages()[0] ?? (await context.newPage());
		page.setDefaultTimeout(60_000);
		await page.goto(`${n8n.baseUrl}/signin`, { waitUntil: 'domcontentloaded', timeout: 120_000 });
		const email = page.locator('input[name="emailOrLdapLoginId"], input[name="email"]').first();
		await email.waitFor({ state: 'visible', timeout: 120_000 });
		await email.fill(OWNER.email);
		await page.locator('input[name="password"]').fill(OWNER.password);
		await page.locator('input[name="password"]').press('Enter');
		await page.waitForURL((url) => !url.pathname.startsWith('/signin'), { timeout: 60_000 });

		for (const file of files) {
			const template = loadTemplate(file);
			const workflow = await n8n.importWorkflow(template);
			await page.goto(`${n8n.baseUrl}/workflow/${workflow.id}`, { waitUntil: 'domcontentloaded' });
			const nodes = page.locator('[data-test-id="canvas-node"]');
			await nodes.first().waitFor({ state: 'visible', timeout: 90_000 });
			for (const selector of ['[data-test-id="close-button"]', '.el-dialog__headerbtn', '[aria-label="Close this dialog"]']) {
				const button = page.locator(selector).first();
				if (await button.isVisible().catch(() => false)) await button.click().catch(() => undefined);
			}
			// Every node drawn (sticky notes are drawn apart), then zoom to fit ("1").
			const expected = template.nodes.filter((node) => node.type !== 'n8n-nodes-base.stickyNote').length;
			for (let attempt = 0; attempt < 50 && (await nodes.count()) < expected; attempt++) await page.waitForTimeout(200);
			await page.locator('body').click({ position: { x: 5, y: 450 } }).catch(() => undefined);
			await page.keyboard.press('Escape');
			await page.keyboard.press('1');
			// One step out, so the bottom row stays clear of the "Execute workflow" button.
			await page.keyboard.press('-');
			await page.waitForTimeout(1500);
			const path = join(outDir, `template-${file.replace(/\.json$/, '')}.png`);
			await page.screenshot({ path });
			process.stdout.write(`wrote ${path} (${await nodes.count()} of ${expected} nodes on the canvas)\n`);
		}
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
