/* eslint-disable @n8n/community-nodes/no-restricted-globals -- test code runs in Node, not inside n8n */
/**
 * The current n8n line (2.41.x, Node 24 from the npm registry): the package loads and a send
 * runs. Installing that n8n costs ~6 min the first time; `WABP_E2E_LATEST=0` skips this file.
 */
import type { GraphStub, N8nHandle } from './harness';
import { startSimulator } from '../../simulator';
import { bindTemplate, loadTemplate, nodeTypeDescriptions, templateCredentials, templateFiles, templateIssues } from './harness/templates';
import { E2E_TEST_TIMEOUT_MS, LATEST_N8N_VERSION, runSendTextScenario, SETUP_TIMEOUT_MS, startGraphStub, startN8n, TYPES } from './harness';

jest.setTimeout(E2E_TEST_TIMEOUT_MS);

const enabled = process.env.WABP_E2E_LATEST !== '0';

(enabled ? describe : describe.skip)(`current n8n ${LATEST_N8N_VERSION} on Node 24`, () => {
	let n8n: N8nHandle;
	let graph: GraphStub;

	beforeAll(async () => {
		graph = await startGraphStub({ token: 'latest-token' });
		n8n = await startN8n({ version: LATEST_N8N_VERSION });
	}, SETUP_TIMEOUT_MS);

	afterAll(async () => {
		await n8n?.stop();
		await graph?.stop();
	}, 60_000);

	it('loads the package with no load errors', async () => {
		const types = await n8n.registeredTypes();
		expect(types.nodes).toEqual(expect.arrayContaining([TYPES.action, TYPES.trigger, TYPES.router]));
		expect(types.credentials).toContain(TYPES.credential);
		expect(n8n.loadErrors()).toEqual([]);
	});

	it('runs a published webhook → Send Text workflow', async () => {
		const run = await runSendTextScenario(n8n, graph);
		expect(run.response.status).toBe(200);
		expect(run.response.body).toEqual(expect.objectContaining({ messageId: expect.stringMatching(/^wamid\./) }));
		expect(run.graphRequests).toHaveLength(1);
		expect(run.graphRequests[0].headers.authorization).toBe('Bearer latest-token');
		expect(run.graphRequests[0].body).toEqual(expect.objectContaining({ to: '+15551234567', type: 'text', text: { preview_url: false, body: 'Hello from n8n' } }));
		expect(run.execution).toEqual(expect.objectContaining({ mode: 'webhook', status: 'success' }));
	});

	describe('workflow templates (examples/templates)', () => {
		it('each imports as it is, the editor would flag nothing, and it publishes against the simulator', async () => {
			const sim = await startSimulator({ port: 0, logger: () => undefined });
			try {
				const credentials = await templateCredentials(n8n, sim);
				const descriptions = await nodeTypeDescriptions(n8n);
				for (const file of templateFiles()) {
					const template = loadTemplate(file);
					expect({ file, issues: templateIssues(template, descriptions) }).toEqual({ file, issues: [] });
					const created = await n8n.importWorkflow(bindTemplate(template, { credentials }));
					await n8n.activateWorkflow(created.id);
					await n8n.deactivateWorkflow(created.id);
				}
				expect(n8n.loadErrors()).toEqual([]);
				// The check is not blind on this line: an emptied required field is flagged.
				const broken = loadTemplate('faq-bot.json');
				const menu = broken.nodes.find((node) => node.name === 'Send Menu')!;
				menu.parameters = { ...menu.parameters, buttonText: '' };
				expect(templateIssues(broken, descriptions)).toEqual([expect.stringMatching(/^Send Menu: buttonText: /)]);
			} finally {
				await sim.stop();
			}
		});
	});
});
