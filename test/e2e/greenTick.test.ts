/**
 * The green tick flow in a real n8n 2.8.4 with the packed package, against the Cloud API
 * simulator: the WhatsApp Trigger registers itself at the simulator's business account; a
 * published workflow checks readiness and requests the green tick (a bad website is refused
 * before anything is sent); the simulator decides and sends its signed account alert to n8n; the
 * trigger's item says APPROVED; Get Green Tick Status then shows the number approved.
 */
import { randomUUID } from 'node:crypto';

import type { IDataObject } from 'n8n-workflow';

import type { SimulatorHandle } from '../../simulator';
import { startSimulator } from '../../simulator';
import type { CredentialRef, WorkflowInput } from './harness';
import { nodeOutput, TYPES, uniquePath, useN8n, webhookNode, whatsAppCredential } from './harness';

const PNID = '106540352242922';
const N8N_API_CREDENTIAL = 'whatsAppBusinessPlatformN8nApi';

function actionNode(name: string, parameters: IDataObject, index: number, continueOnFail = false): WorkflowInput['nodes'][number] {
	return {
		id: randomUUID(),
		name,
		type: TYPES.action,
		typeVersion: 1,
		position: [240 * (index + 1), 0],
		parameters: { phoneNumberId: { __rl: true, mode: 'id', value: PNID }, ...parameters },
		...(continueOnFail ? { onError: 'continueRegularOutput' } : {}),
	} as WorkflowInput['nodes'][number];
}

/** Webhook → the given nodes in a row; the webhook answers with the last node's first item. */
function webhookChain(path: string, steps: Array<{ name: string; parameters: IDataObject; continueOnFail?: boolean }>): WorkflowInput {
	const nodes = [webhookNode(path), ...steps.map((step, index) => actionNode(step.name, step.parameters, index, step.continueOnFail))];
	const names = nodes.map((node) => node.name);
	const connections = Object.fromEntries(names.slice(0, -1).map((name, index) => [name, { main: [[{ node: names[index + 1], type: 'main', index: 0 }]] }]));
	return { name: `Green tick ${path}`, nodes, connections, settings: { executionOrder: 'v1' } } as WorkflowInput;
}

describe('real n8n: request the green tick, get the decision from the trigger, read the status', () => {
	const n8n = useN8n();
	let sim: SimulatorHandle;
	let credentials: Record<string, CredentialRef>;
	const workflows: string[] = [];

	beforeAll(async () => {
		// Decided by the test (the lifecycle with a delay is covered in test/simulator/identity.test.ts),
		// so the pending state is seen however slow the machine is.
		sim = await startSimulator({
			port: 0,
			identityReviewDelayMs: 'manual',
			logger: () => undefined,
			phoneNumbers: [{ id: PNID, display_phone_number: '+1 555-0100', verified_name: 'Lucky Shrub', two_step_pin: '123456' }],
		});
		const [whatsApp, api] = await n8n().importCredentials([
			whatsAppCredential(`WABP green tick ${Date.now()}`, {
				url: sim.url,
				token: sim.options.accessToken,
				businessAccountId: sim.options.businessAccountId,
				phoneNumberId: PNID,
				appId: sim.options.appId,
				appSecret: sim.options.appSecret,
			}),
			{ name: `WABP n8n API green tick ${Date.now()}`, type: N8N_API_CREDENTIAL, data: { baseUrl: n8n().baseUrl, apiKey: n8n().apiKey } },
		]);
		credentials = { [TYPES.credential]: whatsApp, [N8N_API_CREDENTIAL]: api };
	});

	afterAll(async () => {
		for (const id of workflows) await n8n().deactivateWorkflow(id).catch(() => undefined);
		await sim?.stop();
	});

	it('refuses a bad field, applies, receives OBA_APPROVED through the trigger, and shows the number approved', async () => {
		// The trigger, registered at the simulator's business account.
		const webhookId = randomUUID();
		const trigger = await n8n().importWorkflow(
			{
				name: `Green tick alerts ${webhookId.slice(0, 8)}`,
				nodes: [{ id: randomUUID(), name: 'Trigger', type: TYPES.trigger, typeVersion: 1, position: [0, 0], webhookId, parameters: { events: ['accountAlert', 'phoneNumberName'] } }],
				connections: {},
				settings: { executionOrder: 'v1' },
			} as WorkflowInput,
			{ credentials },
		);
		await n8n().activateWorkflow(trigger.id);
		workflows.push(trigger.id);
		expect(sim.webhookUrlFor(PNID)).toBe(`${n8n().baseUrl}/webhook/${webhookId}/webhook`);

		// Readiness, then the request, with the fields taken from the webhook body.
		const requestPath = uniquePath('wabp-green-tick');
		const request = await n8n().importWorkflow(
			webhookChain(requestPath, [
				{ name: 'Readiness', parameters: { resource: 'phoneNumber', operation: 'checkGreenTickReadiness' } },
				{
					name: 'Request',
					continueOnFail: true,
					parameters: {
						resource: 'phoneNumber',
						operation: 'requestGreenTick',
						businessWebsiteUrl: "={{ $('Webhook').item.json.body.website }}",
						primaryCountryOfOperation: 'US',
						primaryLanguage: 'English',
						supportingLinks: ['https://www.retailreview.com/gardening/2025/lucky-shrub'],
						additionalFields: {},
					},
				},
			]),
			{ credentials },
		);
		await n8n().activateWorkflow(request.id);
		workflows.push(request.id);

		const refused = await n8n().postWebhook(requestPath, { website: 'luckyshrub.com' });
		expect(refused.status).toBe(200);
		expect(refused.body).toMatchObject({ field: 'Business Website URL', category: 'validation', error: expect.stringContaining('is not a web address') });
		expect(sim.requests.filter((r) => r.method === 'POST' && r.path.endsWith('/official_business_account'))).toHaveLength(0);

		const applied = await n8n().postWebhook(requestPath, { website: 'https://www.luckyshrub.com' });
		expect(applied.body).toMatchObject({ success: true, phoneNumberId: PNID, status: 'PENDING', submitted: { business_website_url: 'https://www.luckyshrub.com', primary_country_of_operation: 'United States', primary_language: 'English' } });
		const [runs] = [await n8n().waitForExecutions(request.id, 2)];
		const readiness = nodeOutput(await n8n().getExecution(String(runs[0].id), true), 'Readiness');
		expect(readiness[0]).toMatchObject({ ready: true, blockers: [] });

		// Meta (the simulator) decides; its signed account alert reaches the trigger.
		expect(await sim.identity.decideGreenTick(PNID)).toBe(true);
		const delivery = await sim.waitForWebhook((w) => w.field === 'account_alerts', 20_000);
		expect(delivery.status).toBe(200);
		const [alertRun] = await n8n().waitForExecutions(trigger.id, 1);
		const items = nodeOutput(await n8n().getExecution(String(alertRun.id), true), 'Trigger');
		expect(items).toEqual([
			expect.objectContaining({ event: 'accountAlert', greenTick: 'APPROVED', alertType: 'OBA_APPROVED', businessPhoneNumberId: PNID, entityType: 'PHONE_NUMBER', businessAccountId: sim.options.businessAccountId }),
		]);

		// The status now says approved.
		const statusPath = uniquePath('wabp-green-tick-status');
		const status = await n8n().importWorkflow(webhookChain(statusPath, [{ name: 'Status', parameters: { resource: 'phoneNumber', operation: 'getGreenTickStatus', options: {} } }]), { credentials });
		await n8n().activateWorkflow(status.id);
		workflows.push(status.id);
		const shown = await n8n().postWebhook(statusPath, {});
		expect(shown.body).toMatchObject({ phoneNumberId: PNID, status: 'APPROVED', officialBusinessAccount: true, canRequest: false });
	});
});
