/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/require-node-api-error -- test tooling runs in Node, not inside n8n */
/**
 * Drives n8n's editor in Debian's Chromium through playwright-core. Reusable for any test or
 * script that wants to look at a panel, or a README screenshot of a flow:
 *
 *   const n8n = await startN8n();                         // test/e2e/harness
 *   const editor = await openEditor(n8n);                 // Chromium, logged in as the owner
 *   await openWorkflow(editor, workflowId);
 *   await openNode(editor, 'WhatsApp Business Platform');
 *   await selectOption(editor.page, 'resource', 'Template');
 *   await screenshot(editor.page, 'template-send');       // node_modules/.cache/wabp/browser/<run>/
 *   await editor.close();
 *
 * Selectors are n8n's own `data-test-id`s, the ones n8n's Playwright suite uses, and hold on 2.8
 * and 2.4x. Chromium: `/usr/bin/chromium` (`apt-get install chromium`), or `WABP_CHROMIUM`.
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import type { BrowserContext, Locator, Page } from 'playwright-core';
import { chromium } from 'playwright-core';

import type { N8nClient } from '../e2e/harness';
import { OWNER, REPO_ROOT } from '../e2e/harness';

export const CHROMIUM_PATH = process.env.WABP_CHROMIUM || '/usr/bin/chromium';
/** Headless, no sandbox (CI runs as root), and no traffic of Chromium's own. */
export const CHROMIUM_FLAGS = [
	'--headless',
	'--no-sandbox',
	'--disable-gpu',
	'--disable-quic',
	'--no-first-run',
	'--disable-background-networking',
	'--disable-component-update',
	'--disable-sync',
];
export const ARTIFACTS_ROOT = join(REPO_ROOT, 'node_modules', '.cache', 'wabp', 'browser');

export interface Editor {
	n8n: N8nClient;
	context: BrowserContext;
	page: Page;
	/** Where `screenshot()` writes for this editor (one folder per run). */
	artifactsDir: string;
	/** Console errors and failed requests the page reported (for diagnosis). */
	problems: string[];
	close(): Promise<void>;
}

export interface OpenEditorOptions {
	owner?: { email: string; password: string };
	/** Sub-folder of `ARTIFACTS_ROOT`; default: `<n8n version>-<timestamp>`. */
	artifacts?: string;
	viewport?: { width: number; height: number };
}

/** Launches Chromium with a fresh profile and signs in to n8n as the owner. */
export async function openEditor(n8n: N8nClient, options: OpenEditorOptions = {}): Promise<Editor> {
	if (!existsSync(CHROMIUM_PATH)) {
		throw new Error(`Chromium not found at ${CHROMIUM_PATH}: install it (Debian: apt-get install chromium) or set WABP_CHROMIUM`);
	}
	const profile = mkdtempSync(join(tmpdir(), 'wabp-chromium-'));
	const artifactsDir = join(ARTIFACTS_ROOT, options.artifacts ?? `${n8n.version}-${new Date().toISOString().replace(/[:.]/g, '-')}`);
	mkdirSync(artifactsDir, { recursive: true });
	// A persistent context is how playwright takes a --user-data-dir of our choosing.
	const context = await chromium.launchPersistentContext(profile, {
		executablePath: CHROMIUM_PATH,
		headless: true,
		args: CHROMIUM_FLAGS.filter((flag) => flag !== '--headless'),
		viewport: options.viewport ?? { width: 1440, height: 1000 },
		timeout: 120_000,
	});
	context.setDefaultTimeout(30_000);
	const page = context.pages()[0] ?? (await context.newPage());
	const problems: string[] = [];
	page.on('console', (message) => {
		if (message.type() === 'error') problems.push(`console: ${message.text().slice(0, 300)}`);
	});
	page.on('pageerror', (error) => problems.push(`pageerror: ${error.message.slice(0, 300)}`));
	const close = async () => {
		await context.close().catch(() => undefined);
		rmSync(profile, { recursive: true, force: true });
	};
	try {
		await signIn(page, n8n.baseUrl, options.owner ?? OWNER);
	} catch (error) {
		await page.screenshot({ path: join(artifactsDir, 'signin-failed.png') }).catch(() => undefined);
		await close();
		throw error;
	}
	return { n8n, context, page, artifactsDir, problems, close };
}

export async function signIn(page: Page, baseUrl: string, owner: { email: string; password: string }): Promise<void> {
	await page.goto(`${baseUrl}/signin`, { waitUntil: 'domcontentloaded', timeout: 120_000 });
	const email = page.locator('input[name="emailOrLdapLoginId"], input[name="email"]').first();
	await email.waitFor({ state: 'visible', timeout: 120_000 });
	await email.fill(owner.email);
	await page.locator('input[name="password"]').fill(owner.password);
	await page.locator('input[name="password"]').press('Enter');
	await page.waitForURL((url) => !url.pathname.startsWith('/signin'), { timeout: 60_000 });
}

/** Opens a saved workflow and waits for its canvas. */
export async function openWorkflow(editor: Editor, workflowId: string): Promise<void> {
	await editor.page.goto(`${editor.n8n.baseUrl}/workflow/${workflowId}`, { waitUntil: 'domcontentloaded' });
	await editor.page.locator('[data-test-id="canvas-node"]').first().waitFor({ state: 'visible', timeout: 90_000 });
	await dismissPopups(editor.page);
}

/** Closes the "what's new" and similar pop-ups that would sit over the canvas. */
export async function dismissPopups(page: Page): Promise<void> {
	for (const selector of ['[data-test-id="close-button"]', '.el-dialog__headerbtn', '[aria-label="Close this dialog"]']) {
		const button = page.locator(selector).first();
		if (await button.isVisible().catch(() => false)) await button.click().catch(() => undefined);
	}
}

export function canvasNode(page: Page, nodeName: string): Locator {
	return page.locator(`[data-test-id="canvas-node"][data-node-name="${nodeName}"]`).first();
}

/** Opens a node's panel (NDV) by double-clicking it on the canvas. */
export async function openNode(editor: Editor, nodeName: string): Promise<Locator> {
	const { page } = editor;
	await canvasNode(page, nodeName).dblclick();
	const ndv = page.locator('[data-test-id="ndv"]').first();
	await ndv.waitFor({ state: 'visible' });
	await page.locator('[data-test-id="node-parameters"], [data-test-id="ndv-parameters"]').first().waitFor({ state: 'visible' });
	return ndv;
}

export async function closeNode(page: Page): Promise<void> {
	const back = page.locator('[data-test-id="back-to-canvas"]').first();
	if (await back.isVisible().catch(() => false)) await back.click();
	else await page.keyboard.press('Escape');
	await page.locator('[data-test-id="ndv"]').first().waitFor({ state: 'hidden' }).catch(() => undefined);
}

/** The input of a top-level parameter in the open panel. */
export function parameterInput(page: Page, name: string): Locator {
	return page.locator(`[data-test-id="ndv"] [data-test-id="parameter-input-${name}"]`).first();
}

function exactText(text: string): RegExp {
	return new RegExp(`^\\s*${text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\s*\\*?\\s*$`);
}

/**
 * Any rendering of a top-level parameter: its input (`parameter-input-<name>`), or the panel row
 * whose label is its display name (collections, fixed collections and resource mappers have no
 * named input).
 */
export function parameterField(page: Page, name: string, displayName?: string): Locator {
	const ndv = page.locator('[data-test-id="ndv"]');
	const byId = ndv.locator(`[data-test-id="parameter-input-${name}"], [data-test-id="${name}-parameter-input-options-container"]`);
	if (!displayName) return byId.first();
	const byLabel = ndv.locator('[data-test-id="parameter-item"]').filter({ has: page.locator('label, [data-test-id="input-label"]').filter({ hasText: exactText(displayName) }) });
	return byId.or(byLabel).first();
}

/** A resource mapper shows its fields, or its notice ("pick a template first") until it has some. */
export function resourceMapperField(page: Page, name: string, displayName: string): Locator {
	const notice = page.locator('[data-test-id="ndv"] [data-test-id="parameter-item"] [class*="notice"]');
	return parameterField(page, name, displayName).or(notice).first();
}

/**
 * The visible dropdown item whose first line (the option name, above its description) is
 * `optionName`. Polls: the popper fades in, and the one closed before may still be fading out.
 */
async function dropdownItem(page: Page, optionName: string, timeoutMs = 15_000): Promise<Locator> {
	const items = page.locator('.el-select-dropdown__item:visible, [role="option"]:visible, [role="menuitem"]:visible');
	const deadline = Date.now() + timeoutMs;
	let texts: string[] = [];
	for (;;) {
		texts = (await items.allInnerTexts().catch(() => [])).map((text) => text.split('\n')[0].trim());
		const index = texts.indexOf(optionName);
		if (index >= 0) return items.nth(index);
		if (Date.now() > deadline) break;
		await page.waitForTimeout(200);
	}
	throw new Error(`no option "${optionName}" in the open dropdown (it lists: ${texts.join(', ').slice(0, 400)})`);
}

/** Picks `optionName` (the label a user sees) in an options parameter. */
export async function selectOption(page: Page, parameterName: string, optionName: string): Promise<void> {
	const input = parameterInput(page, parameterName);
	if ((await selectedText(page, parameterName).catch(() => '')) === optionName) return;
	await input.click();
	const item = await dropdownItem(page, optionName);
	await item.scrollIntoViewIfNeeded().catch(() => undefined);
	await item.click();
	await page.locator('.el-select-dropdown:visible, [role="listbox"]:visible').first().waitFor({ state: 'hidden', timeout: 5_000 }).catch(() => undefined);
}

/** What an options parameter shows as selected. */
export async function selectedText(page: Page, parameterName: string): Promise<string> {
	const input = parameterInput(page, parameterName).locator('input').first();
	if (await input.count()) return (await input.inputValue()).trim();
	return (await parameterInput(page, parameterName).innerText()).trim();
}

/** Credential pickers of the open panel, with their labels. */
export async function credentialPickers(page: Page): Promise<Array<{ label: string; picker: Locator }>> {
	const labels = page.locator('[data-test-id="ndv"] [data-test-id="credentials-label"]');
	const result: Array<{ label: string; picker: Locator }> = [];
	for (let i = 0; i < (await labels.count()); i++) {
		const label = labels.nth(i);
		const text = (await label.locator('label, .n8n-input-label, [class*="label"]').first().innerText().catch(async () => await label.innerText())).split('\n')[0].trim();
		result.push({ label: text, picker: label.locator('[data-test-id="node-credentials-select"]').first() });
	}
	return result;
}

/** The text a credential picker shows (the selected credential's name, or a placeholder). */
export async function pickerText(picker: Locator): Promise<string> {
	const input = picker.locator('input').first();
	if (await input.count()) {
		const value = (await input.inputValue()).trim();
		if (value) return value;
	}
	return (await picker.innerText()).trim();
}

/** Chooses an existing credential by its name in a picker. */
export async function chooseCredential(page: Page, picker: Locator, credentialName: string): Promise<void> {
	await picker.click();
	const item = await dropdownItem(page, credentialName);
	await item.click();
	await page.waitForTimeout(300);
}

/**
 * Opens the credential shown in a picker, lets n8n test it (the modal tests on open for a saved
 * credential, and on save), and returns the banner text.
 */
export async function testCredentialInModal(page: Page, picker: Locator): Promise<{ ok: boolean; text: string }> {
	const row = picker.locator('xpath=..');
	const edit = row.locator('[data-test-id="credential-edit-button"]').first();
	if (await edit.isVisible().catch(() => false)) await edit.click();
	else await page.locator('[data-test-id="ndv"] [data-test-id="credential-edit-button"]').first().click();
	const modal = page.locator('[data-test-id="editCredential-modal"]').first();
	await modal.waitFor({ state: 'visible' });
	const save = modal.locator('[data-test-id="credential-save-button"]').first();
	const retry = modal.getByRole('button', { name: /retry/i }).first();
	if (await save.isEnabled().catch(() => false)) await save.click();
	else if (await retry.isVisible().catch(() => false)) await retry.click();
	const success = modal.getByText(/Connection tested successfully/i).first();
	const failure = modal.locator('[data-test-id="credentials-config-container"] .n8n-callout, [data-test-id="credential-test-error"], .el-alert--error').first();
	const outcome = await Promise.race([
		success.waitFor({ state: 'visible', timeout: 60_000 }).then(() => 'ok' as const),
		failure.waitFor({ state: 'visible', timeout: 60_000 }).then(() => 'failed' as const),
	]).catch(() => 'timeout' as const);
	const text = outcome === 'ok' ? await success.innerText() : await failure.innerText().catch(() => 'no test result shown within 60 s');
	return { ok: outcome === 'ok', text: text.trim().replace(/\s+/g, ' ') };
}

export async function closeModal(page: Page): Promise<void> {
	const modal = page.locator('[data-test-id="editCredential-modal"]').first();
	const close = modal.locator('.el-dialog__headerbtn, [data-test-id="close-button"], button[aria-label="Close"]').first();
	if (await close.isVisible().catch(() => false)) await close.click();
	else await page.keyboard.press('Escape');
	await modal.waitFor({ state: 'hidden', timeout: 10_000 }).catch(() => undefined);
}

/** Saves a PNG of the page (or of `target`) into the editor's artifacts folder; returns the path. */
export async function screenshot(editor: Editor, name: string, target?: Locator): Promise<string> {
	const file = join(editor.artifactsDir, `${name.replace(/[^\w.-]+/g, '-')}.png`);
	if (target) await target.screenshot({ path: file });
	else await editor.page.screenshot({ path: file });
	return file;
}
