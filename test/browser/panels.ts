/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals -- test tooling runs in Node, not inside n8n */
/**
 * The editor suite, generic over the package: every node type n8n registers for this package
 * (`/types/nodes.json`) is opened in a workflow; every resource and operation is picked in its
 * panel; the fields the description says are visible must have an input; every credential the
 * description asks for must have a labelled picker that lists our credential by name; each
 * credential type is tested from its modal. Template → Send is checked for its generated fields.
 * Screenshots go to node_modules/.cache/wabp/browser/<version>-<time>/.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

import type { INodeTypeDescription } from 'n8n-workflow';
import type { Locator } from 'playwright-core';

import { parameterFieldsFor } from '../../whatsapp/templates';
import type { TemplateDefinition } from '../../whatsapp/templates/definition';
import type { SimulatorHandle } from '../../simulator';
import { startSimulator } from '../../simulator';
import type { CreatedCredential, N8nHandle } from '../e2e/harness';
import { BROWSER_ID, PACKAGE_NAME, startN8n, whatsAppCredential } from '../e2e/harness';
import type { Editor } from './harness';
import {
	chooseCredential,
	closeModal,
	closeNode,
	credentialPickers,
	openEditor,
	openNode,
	openWorkflow,
	parameterField,
	parameterInput,
	pickerText,
	resourceMapperField,
	screenshot,
	selectedText,
	selectOption,
	testCredentialInModal,
} from './harness';
import type { PanelCase } from './panelModel';
import { caseLabel, latestVersion, panelCases } from './panelModel';

const SUITE_TIMEOUT_MS = 40 * 60_000;

export interface PanelFinding {
	node: string;
	case: string;
	problem: string;
}

/** Our node types as the running n8n serves them to the editor. */
export async function packageNodeTypes(n8n: N8nHandle): Promise<INodeTypeDescription[]> {
	// A kept-alive socket that n8n has just closed fails with "other side closed": ask again.
	const get = async () => await fetch(`${n8n.baseUrl}/types/nodes.json`, { headers: { cookie: n8n.cookie, 'browser-id': BROWSER_ID } });
	const response = await get().catch(async () => await get());
	if (!response.ok) throw new Error(`GET /types/nodes.json -> ${response.status}`);
	const all = (await response.json()) as INodeTypeDescription[];
	return all.filter((type) => type.name.startsWith(`${PACKAGE_NAME}.`));
}

function singleNodeWorkflow(type: INodeTypeDescription): { name: string; nodes: Array<Record<string, unknown>>; connections: Record<string, unknown> } {
	const node: Record<string, unknown> = {
		id: `panel-${type.name.split('.').pop()}`,
		name: type.defaults?.name ?? type.displayName,
		type: type.name,
		typeVersion: latestVersion(type),
		position: [0, 0],
		parameters: {},
	};
	if (type.webhooks?.length) node.webhookId = `00000000-0000-4000-8000-${String(Math.floor(Math.random() * 1e12)).padStart(12, '0')}`;
	return { name: `Panel: ${type.displayName}`, nodes: [node], connections: {} };
}

/** Name of our credential for each credential type the package declares. */
export interface SuiteCredentials {
	byType: Record<string, CreatedCredential>;
}

async function createCredentials(n8n: N8nHandle, sim: SimulatorHandle, types: INodeTypeDescription[]): Promise<SuiteCredentials> {
	const wanted = new Set(types.flatMap((type) => (type.credentials ?? []).map((credential) => credential.name)));
	const inputs = [];
	// Two credentials of the main type, so "pick by name" has a choice to make.
	const meta = {
		url: sim.url,
		token: sim.options.accessToken,
		businessAccountId: sim.options.businessAccountId,
		phoneNumberId: sim.options.phoneNumbers[0].id,
		appId: sim.options.appId,
		appSecret: sim.options.appSecret,
	};
	inputs.push(whatsAppCredential('WhatsApp (other account)', { ...meta, token: 'EAAG-not-the-token' }));
	inputs.push(whatsAppCredential('WhatsApp (browser test)', meta));
	inputs.push({ name: 'Data Tables (browser test)', type: 'whatsAppBusinessPlatformN8nApi', data: { baseUrl: n8n.baseUrl, apiKey: n8n.apiKey } });
	const toCreate = inputs.filter((input) => wanted.has(input.type));
	const created = await n8n.importCredentials(toCreate).catch(async (error: Error) => {
		if (!/fetch failed/.test(error.message)) throw error;
		return await n8n.importCredentials(toCreate);
	});
	const byType: Record<string, CreatedCredential> = {};
	for (const credential of created) if (!credential.name.includes('other')) byType[credential.type] = credential;
	const missing = [...wanted].filter((type) => !byType[type]);
	if (missing.length) throw new Error(`the browser suite has no test credential for ${missing.join(', ')}: add one in createCredentials()`);
	return { byType };
}

async function isShown(locator: Locator, timeoutMs = 4_000): Promise<boolean> {
	return await locator
		.waitFor({ state: 'visible', timeout: timeoutMs })
		.then(() => true)
		.catch(() => false);
}

/**
 * Walks one node: every case of its panel, the credential pickers and the credential tests.
 * Returns what is wrong (empty: the panel matches its description everywhere).
 */
export async function checkNodePanels(
	editor: Editor,
	type: INodeTypeDescription,
	credentials: SuiteCredentials,
	options: { screenshots?: boolean } = {},
): Promise<{ findings: PanelFinding[]; cases: number; tested: string[] }> {
	const { page, n8n } = editor;
	const findings: PanelFinding[] = [];
	const input = singleNodeWorkflow(type) as never;
	const workflow = await n8n.importWorkflow(input).catch(async () => await n8n.importWorkflow(input));
	const nodeName = (type.defaults?.name as string | undefined) ?? type.displayName;
	await openWorkflow(editor, workflow.id);
	await openNode(editor, nodeName);
	const cases = panelCases(type);
	const tested = new Set<string>();
	const chosen = new Set<string>();
	for (const panelCase of cases) {
		const label = caseLabel(type.displayName, panelCase);
		const report = (problem: string) => findings.push({ node: type.displayName, case: label, problem });
		try {
			if (panelCase.resource) {
				if (!(await isShown(parameterInput(page, 'resource')))) {
					report('no Resource picker in the panel');
					continue;
				}
				await selectOption(page, 'resource', panelCase.resource.name);
			}
			if (panelCase.operation) {
				if (!(await isShown(parameterInput(page, 'operation')))) {
					report('no Operation picker in the panel');
					continue;
				}
				await selectOption(page, 'operation', panelCase.operation.name);
			}
			// The panel re-renders its fields after a change of operation: let it settle.
			await page.waitForTimeout(600);
			for (const field of panelCase.fields) {
				const locator = field.type === 'resourceMapper' ? resourceMapperField(page, field.name, field.displayName) : parameterField(page, field.name, field.displayName);
				if (!(await isShown(locator, 5_000))) report(`field "${field.displayName}" (${field.name}, ${field.type}) is not shown`);
			}
			await checkCredentialPickers(editor, panelCase, credentials, chosen, tested, report);
			if (options.screenshots !== false) await screenshot(editor, `${type.name.split('.').pop()}-${panelCase.resource?.value ?? 'node'}-${panelCase.operation?.value ?? 'default'}`);
		} catch (error) {
			report(`could not walk this case: ${(error as Error).message.split('\n')[0]}`);
			await screenshot(editor, `FAILED-${label}`).catch(() => undefined);
			// Start the node over, so one broken case does not spoil the rest. The reloaded workflow
			// has no credentials chosen (the editor's choice was never saved): choose them again.
			chosen.clear();
			await page.keyboard.press('Escape').catch(() => undefined);
			await openWorkflow(editor, workflow.id).catch(() => undefined);
			await openNode(editor, nodeName).catch(() => undefined);
		}
	}
	await closeNode(page);
	await n8n.deleteWorkflow(workflow.id).catch(() => undefined);
	return { findings, cases: cases.length, tested: [...tested] };
}

async function checkCredentialPickers(
	editor: Editor,
	panelCase: PanelCase,
	credentials: SuiteCredentials,
	chosen: Set<string>,
	tested: Set<string>,
	report: (problem: string) => void,
): Promise<void> {
	const { page } = editor;
	const pickers = await credentialPickers(page);
	const expected = panelCase.credentials;
	if (pickers.length !== expected.length) {
		report(`expected ${expected.length} credential picker(s) (${expected.map((c) => c.displayName ?? c.name).join(', ')}), the panel shows ${pickers.length} (${pickers.map((p) => p.label).join(', ')})`);
	}
	const labels = pickers.map((picker) => picker.label);
	if (new Set(labels).size !== labels.length) report(`credential pickers share a label: ${labels.join(' | ')}`);
	for (const description of expected) {
		const index = expected.indexOf(description);
		const picker = description.displayName ? pickers.find((candidate) => candidate.label.startsWith(description.displayName!)) : pickers[index];
		if (!picker) {
			report(`no credential picker labelled "${description.displayName ?? description.name}"`);
			continue;
		}
		const credential = credentials.byType[description.name];
		// Picked by name the first time, and again whenever the picker is empty: n8n 2.4x drops a
		// credential from the node while a resource hides it (Contact hides the WhatsApp one).
		if (!chosen.has(description.name) || !(await pickerText(picker.picker)).includes(credential.name)) {
			await chooseCredential(page, picker.picker, credential.name);
			chosen.add(description.name);
		}
		const shown = await pickerText(picker.picker);
		if (!shown.includes(credential.name)) report(`the ${picker.label} picker shows "${shown.slice(0, 80)}" instead of the credential name "${credential.name}"`);
		if (shown.includes(credential.id)) report(`the ${picker.label} picker shows the raw credential ID`);
		if (!tested.has(description.name)) {
			tested.add(description.name);
			const result = await testCredentialInModal(page, picker.picker);
			await screenshot(editor, `credential-${description.name}`);
			await closeModal(page);
			if (!result.ok) report(`credential test of "${credential.name}" did not pass: ${result.text}`);
		}
	}
}

/**
 * Template → Send (or Campaign → Send, which shares its template fields): picking a template
 * generates one field per variable, named as the domain says.
 */
export async function checkTemplateSendFields(
	editor: Editor,
	sim: SimulatorHandle,
	templateName: string,
	where: { resource: string; operation: string; label: string } = { resource: 'template', operation: 'send', label: 'Template → Send' },
): Promise<PanelFinding[]> {
	const { page, n8n } = editor;
	const findings: PanelFinding[] = [];
	const report = (problem: string) => findings.push({ node: 'WhatsApp Business Platform', case: `${where.label} (${templateName})`, problem });
	const listed = (await (
		await fetch(`${sim.url}/v25.0/${sim.options.businessAccountId}/message_templates?name=${templateName}`, { headers: { authorization: `Bearer ${sim.options.accessToken}` } })
	).json()) as { data: TemplateDefinition[] };
	const definition = listed.data.find((template) => template.name === templateName);
	if (!definition) throw new Error(`the simulator has no template ${templateName}`);
	const expected = parameterFieldsFor(definition).map((field) => field.displayName);

	const types = await packageNodeTypes(n8n as N8nHandle);
	const action = types.find((type) => type.name === `${PACKAGE_NAME}.whatsAppBusinessPlatform`)!;
	const workflow = singleNodeWorkflow(action);
	Object.assign(workflow.nodes[0], { name: `Send ${templateName}`, parameters: { resource: where.resource, operation: where.operation, recipient: '+15551234567' } });
	// The API sat idle while the browser worked; a kept-alive socket may be gone ("fetch failed").
	const created = await n8n.importWorkflow(workflow as never).catch(async () => await n8n.importWorkflow(workflow as never));
	await openWorkflow(editor, created.id);
	await openNode(editor, `Send ${templateName}`);
	const pickers = await credentialPickers(page);
	const main = pickers.find((picker) => picker.label.startsWith('WhatsApp'));
	if (main && !(await pickerText(main.picker)).includes('WhatsApp (browser test)')) await chooseCredential(page, main.picker, 'WhatsApp (browser test)');
	// The template locator's list comes from the business account through the credential.
	await parameterInput(page, 'template').click();
	await page.locator(`[data-test-id="rlc-item"], [data-test-id^="rlc-item"], .el-select-dropdown__item, [role="option"]`).filter({ hasText: templateName }).first().click();
	const mapper = page.locator('[data-test-id="ndv"] [data-test-id="parameter-input-templateParameters"], [data-test-id="ndv"] [data-test-id="resource-mapper-container"]').first();
	for (const name of expected) {
		if (!(await isShown(page.locator('[data-test-id="ndv"]').getByText(name, { exact: false }).first(), 20_000))) report(`generated field "${name}" is not shown`);
	}
	await screenshot(editor, `${where.resource}-${where.operation}-${templateName}`, page.locator('[data-test-id="ndv"]').first());
	if (!(await isShown(mapper, 1_000))) report('no Template Parameters field');
	await closeNode(page);
	await n8n.deleteWorkflow(created.id).catch(() => undefined);
	return findings;
}

/**
 * A Campaign → Send node of version 1 (as the shipped marketing example saves it) opens with its own
 * template fields and values, and none of version 1.1's.
 */
export async function checkCampaignVersion1(editor: Editor): Promise<PanelFinding[]> {
	const { page, n8n } = editor;
	const findings: PanelFinding[] = [];
	const report = (problem: string) => findings.push({ node: 'WhatsApp Business Platform', case: 'Campaign → Send, version 1', problem });
	const types = await packageNodeTypes(n8n as N8nHandle);
	const action = types.find((type) => type.name === `${PACKAGE_NAME}.whatsAppBusinessPlatform`)!;
	const workflow = singleNodeWorkflow(action);
	Object.assign(workflow.nodes[0], {
		name: 'Version 1 campaign',
		typeVersion: 1,
		parameters: {
			resource: 'campaign',
			operation: 'send',
			templateName: 'spring_sale',
			templateLanguage: 'es_MX',
			headerType: 'image',
			headerValue: 'https://example.com/banner.jpg',
			bodyParameters: { parameter: [{ value: '={{ $json.name }}' }] },
		},
	});
	const created = await n8n.importWorkflow(workflow as never).catch(async () => await n8n.importWorkflow(workflow as never));
	await openWorkflow(editor, created.id);
	await openNode(editor, 'Version 1 campaign');
	for (const [name, displayName] of [['templateName', 'Template Name'], ['templateLanguage', 'Template Language'], ['headerType', 'Header'], ['headerValue', 'Header Value'], ['bodyParameters', 'Body Parameters'], ['buttonParameters', 'Button Parameters']]) {
		if (!(await isShown(parameterField(page, name, displayName), 5_000))) report(`field "${displayName}" is not shown`);
	}
	const templateName = await parameterInput(page, 'templateName').locator('input').first().inputValue().catch(() => '');
	if (templateName !== 'spring_sale') report(`Template Name shows "${templateName}" instead of spring_sale`);
	for (const name of ['template', 'templateParameters']) {
		if (await isShown(parameterInput(page, name), 500)) report(`version 1.1's field ${name} is shown on a version 1 node`);
	}
	await screenshot(editor, 'campaign-send-version-1', page.locator('[data-test-id="ndv"]').first());
	await closeNode(page);
	await n8n.deleteWorkflow(created.id).catch(() => undefined);
	return findings;
}

/**
 * Campaign → Send with Use Data Tables on: the Audience picker, the fields of each audience, the
 * hint that tells how fields read a row, and Options → Output (a field inside a collection, which
 * the generic walk does not open).
 */
export async function checkCampaignAudience(editor: Editor): Promise<PanelFinding[]> {
	const { page, n8n } = editor;
	const findings: PanelFinding[] = [];
	const report = (problem: string) => findings.push({ node: 'WhatsApp Business Platform', case: 'Campaign → Send, audience read by the node', problem });
	const types = await packageNodeTypes(n8n as N8nHandle);
	const action = types.find((type) => type.name === `${PACKAGE_NAME}.whatsAppBusinessPlatform`)!;
	const workflow = singleNodeWorkflow(action);
	Object.assign(workflow.nodes[0], {
		name: 'Audience campaign',
		parameters: { resource: 'campaign', operation: 'send', contactBook: true, audience: 'dataTable', audienceTable: 'spring_audience', audienceFilterColumn: 'segment', options: { output: 'summary' } },
	});
	const created = await n8n.importWorkflow(workflow as never).catch(async () => await n8n.importWorkflow(workflow as never));
	await openWorkflow(editor, created.id);
	await openNode(editor, 'Audience campaign');
	const ndv = page.locator('[data-test-id="ndv"]');
	if ((await selectedText(page, 'audience').catch(() => '')) !== 'Rows of a Data Table') report('Audience does not show "Rows of a Data Table"');
	for (const [name, displayName] of [['audienceTable', 'Audience Table'], ['audienceFilterColumn', 'Only Rows Where'], ['audienceFilterValue', 'Equals'], ['progressTable', 'Progress Table']]) {
		if (!(await isShown(parameterField(page, name, displayName), 5_000))) report(`field "${displayName}" is not shown`);
	}
	if (!(await isShown(ndv.getByText('plain column references', { exact: false }).first(), 5_000))) report('the Audience hint (how fields read a row) is not shown');
	if ((await selectedText(page, 'output').catch(() => '')) !== 'Summary Only') report('Options → Output does not show "Summary Only"');
	if (!(await credentialPickers(page)).some((picker) => picker.label.includes('n8n API'))) report('no Data Tables credential picker with Use Data Tables on');
	await parameterField(page, 'audience', 'Audience').scrollIntoViewIfNeeded().catch(() => undefined);
	await screenshot(editor, 'campaign-send-audience-table', ndv.first());

	await selectOption(page, 'audience', 'Contact Book Label');
	for (const [name, displayName] of [['audienceLabel', 'Label'], ['audienceContactTable', 'Audience Contact Book Table']]) {
		if (!(await isShown(parameterField(page, name, displayName), 5_000))) report(`field "${displayName}" is not shown for Contact Book Label`);
	}
	if (await isShown(parameterInput(page, 'audienceTable'), 500)) report('Audience Table is still shown for Contact Book Label');
	await parameterField(page, 'audienceLabel', 'Label').scrollIntoViewIfNeeded().catch(() => undefined);
	await screenshot(editor, 'campaign-send-audience-label', ndv.first());
	await closeNode(page);
	await n8n.deleteWorkflow(created.id).catch(() => undefined);
	return findings;
}

/** Registers the whole suite for one n8n version. */
export function describeEditorPanels(version: string): void {
	describe(`editor panels in a real browser, n8n ${version}`, () => {
		let n8n: N8nHandle;
		let sim: SimulatorHandle;
		let editor: Editor;
		let types: INodeTypeDescription[];
		let credentials: SuiteCredentials;

		beforeAll(async () => {
			sim = await startSimulator({ port: 0, logger: () => undefined });
			// A first start migrates a new database: 27–30 s for 2.41 on an idle machine, minutes under load.
			n8n = await startN8n({ version, readyTimeoutMs: 600_000 });
			types = await packageNodeTypes(n8n);
			credentials = await createCredentials(n8n, sim, types);
			editor = await openEditor(n8n);
		}, SUITE_TIMEOUT_MS);

		afterAll(async () => {
			await editor?.close();
			await n8n?.stop();
			await sim?.stop();
		}, 60_000);

		it('n8n serves every node the package declares', async () => {
			const manifest = (await import('../../package.json')) as { n8n: { nodes: string[] } };
			// n8n adds a "<name>Tool" variant of every node that is usableAsTool (the AI agent's tool
			// panel); the suite walks those too.
			const own = types.filter((type) => !type.name.endsWith('Tool'));
			expect(own.length).toBe(manifest.n8n.nodes.length);
			const toolVariants = types.filter((type) => type.name.endsWith('Tool')).map((type) => type.name);
			expect(toolVariants.filter((name) => !own.some((type) => `${type.name}Tool` === name))).toEqual([]);
		});

		it(
			'every node: Resource and Operation pickers, the fields of every operation, labelled credential pickers by name, credential tests',
			async () => {
				const all: PanelFinding[] = [];
				const summary: string[] = [];
				for (const type of types) {
					const { findings, cases, tested } = await checkNodePanels(editor, type, credentials);
					all.push(...findings);
					summary.push(`${type.displayName}: ${cases} resource/operation cases, credentials tested: ${tested.join(', ') || 'none'}, problems: ${findings.length}`);
				}
				writeFileSync(join(editor.artifactsDir, 'findings.json'), JSON.stringify({ version, summary, findings: all }, null, 2) + '\n');
				process.stderr.write(`[wabp-browser] n8n ${version}\n  ${summary.join('\n  ')}\n  screenshots: ${editor.artifactsDir}\n`);
				expect(all).toEqual([]);
			},
			SUITE_TIMEOUT_MS,
		);

		it(
			'Template → Send generates one field per template variable',
			async () => {
				expect(await checkTemplateSendFields(editor, sim, 'appointment_reminder')).toEqual([]);
			},
			10 * 60_000,
		);

		it(
			'Campaign → Send generates the same fields from the template (one template builder)',
			async () => {
				expect(await checkTemplateSendFields(editor, sim, 'seasonal_promotion', { resource: 'campaign', operation: 'send', label: 'Campaign → Send' })).toEqual([]);
			},
			10 * 60_000,
		);

		it(
			'Campaign → Send: the audience fields, their hint and Options → Output',
			async () => {
				expect(await checkCampaignAudience(editor)).toEqual([]);
			},
			10 * 60_000,
		);

		it(
			'Campaign → Send of version 1 keeps its own template fields',
			async () => {
				expect(await checkCampaignVersion1(editor)).toEqual([]);
			},
			10 * 60_000,
		);
	});
}
