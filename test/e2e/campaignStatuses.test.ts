/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/require-node-api-error -- test code runs in Node, not inside n8n */
/**
 * Campaign outcomes in a real n8n 2.8.4 against the simulator: the simulator sends signed status
 * webhooks (sent, delivered, read, failed) with the campaign's callback data to the published
 * WhatsApp trigger, which records them in the progress table through the public API. A campaign is
 * interrupted at random points, 20 times: most by stopping its execution through n8n's API, some
 * by killing n8n (SIGKILL) and starting it again on the same user folder, which leaves `pending`
 * rows with no outcome. Some rounds also drop connections at the simulator, before or after it
 * accepted the message. Each resumed run settles the uncertain sends from the statuses. In the
 * end every recipient is accepted exactly once (counted at the simulator), and Campaign → Get
 * Status matches the simulator's delivered/read/failed counts.
 *
 * This file starts its own n8n (it kills it); the shared one is left alone.
 * WABP_E2E_CAMPAIGN_KILLS (default 2) and WABP_E2E_CAMPAIGN_RECIPIENTS (default 200) sets how many of the 20 interruptions kill n8n.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import type { SimulatorHandle } from '../../simulator';
import { startSimulator } from '../../simulator';
import { createRandom } from '../../simulator/util';
import { campaignWorkflow, makeRecipients } from '../../bench/campaignWorkflows';
import type { CredentialRef, N8nHandle, WorkflowInput } from './harness';
import { freePort, startN8n, TYPES, uniquePath, webhookNode, whatsAppCredential } from './harness';

type Json = Record<string, unknown>;

const RECIPIENTS = Number(process.env.WABP_E2E_CAMPAIGN_RECIPIENTS ?? 200);
const ROUNDS = 20;
const KILLS = Math.min(ROUNDS, Math.max(0, Number(process.env.WABP_E2E_CAMPAIGN_KILLS ?? 2)));
const GRACE_SECONDS = 2;
const SEED = Number(process.env.WABP_E2E_CAMPAIGN_SEED ?? Date.now() % 100_000);
const N8N_API = 'whatsAppBusinessPlatformN8nApi';
const PHONE_ID = '106540352242922';

jest.setTimeout(45 * 60_000);

const sleep = async (ms: number) => await new Promise((resolve) => setTimeout(resolve, ms));

async function until(what: string, check: () => boolean | Promise<boolean>, timeoutMs: number, stepMs = 100): Promise<void> {
	const deadline = Date.now() + timeoutMs;
	while (!(await check())) {
		if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
		await sleep(stepMs);
	}
}

/** The trigger, recording only: its filter keeps no event, so statuses start no executions. */
function triggerWorkflow(webhookId: string): WorkflowInput {
	return {
		name: 'Campaign statuses trigger',
		nodes: [
			{
				id: randomUUID(),
				name: 'Trigger',
				type: TYPES.trigger,
				typeVersion: 1,
				position: [0, 0],
				webhookId,
				parameters: { registration: 'manual', verifyToken: 'campaign-status-token', events: ['templateStatus'] },
			},
		],
		connections: {},
		settings: { executionOrder: 'v1' },
	};
}

function getStatusWorkflow(path: string, campaignId: string): WorkflowInput {
	return {
		name: 'Campaign status report',
		nodes: [
			webhookNode(path, 'allEntries'),
			{
				id: randomUUID(),
				name: 'Get Status',
				type: TYPES.action,
				typeVersion: 1,
				position: [200, 0],
				parameters: { resource: 'campaign', operation: 'getStatus', campaignId, output: 'funnel', options: { statusGraceSeconds: GRACE_SECONDS } },
			},
		],
		connections: { Webhook: { main: [[{ node: 'Get Status', type: 'main', index: 0 }]] } },
		settings: { executionOrder: 'v1' },
	};
}

describe('Campaign outcomes from status webhooks, interrupted 20 times, in real n8n 2.8.4', () => {
	let n8n: N8nHandle;
	let sim: SimulatorHandle;
	let userFolder: string;
	let port: number;
	let campaignWorkflowId: string;
	const campaignId = `interrupted-${Date.now()}`;
	const campaignPath = uniquePath('campaign-interrupted');
	const statusPath = uniquePath('campaign-status');
	const recipients = makeRecipients(RECIPIENTS);
	/** Every 50th recipient cannot receive messages: accepted, then a failed status with 131026. */
	const undeliverable = recipients.filter((_, index) => index % 50 === 7).map((recipient) => recipient.phone.replace(/\D/g, ''));

	beforeAll(async () => {
		userFolder = mkdtempSync(join(tmpdir(), 'wabp-n8n-campaign-status-'));
		port = await freePort();
		n8n = await startN8n({ userFolder, port });
		sim = await startSimulator({
			port: 0,
			messagesPerSecond: 1000,
			latencyMs: 15,
			statusDelaysMs: { sent: 30, delivered: 80, read: 150 },
			// Meta redelivers for days; here for about 10 minutes (1 s, ×1.5), enough to outlast an n8n restart.
			// A 30 s answer time: on a loaded machine n8n can take longer than Meta's usual few seconds.
			webhookRetry: { attempts: 14, backoffMs: 1000, factor: 1.5, timeoutMs: 30_000 },
			maxRecordedRequests: 200_000,
			logger: () => undefined,
		});
		for (const waId of undeliverable) sim.setUndeliverable(waId);
		const [graph, api] = await n8n.importCredentials([
			whatsAppCredential(`Campaign status sim ${Date.now()}`, { url: sim.url, token: 'sim-token', businessAccountId: '102290129340398', phoneNumberId: PHONE_ID, appSecret: 'sim-app-secret' }),
			{ name: `Campaign status n8n API ${Date.now()}`, type: N8N_API, data: { baseUrl: n8n.baseUrl, apiKey: n8n.apiKey } },
		]);
		const credentials: Record<string, CredentialRef> = { [TYPES.credential]: graph, [N8N_API]: api };

		const webhookId = randomUUID();
		const trigger = await n8n.importWorkflow(triggerWorkflow(webhookId), { credentials });
		await n8n.activateWorkflow(trigger.id);
		sim.setWebhookUrl(`${n8n.baseUrl}/webhook/${webhookId}/webhook`);

		const campaign = await n8n.importWorkflow(
			campaignWorkflow(campaignPath, {
				campaignId,
				// Slow on purpose: each message brings 3 status webhooks, and each costs the trigger a few
				// public-API calls into the same loaded n8n.
				messagesPerSecond: 3,
				pacing: { pairIntervalSeconds: 0, headroomPercent: 0 },
				contactBook: true,
				options: { statusGraceSeconds: GRACE_SECONDS },
			}),
			{ credentials },
		);
		campaignWorkflowId = campaign.id;
		await n8n.activateWorkflow(campaign.id);
		const report = await n8n.importWorkflow(getStatusWorkflow(statusPath, campaignId), { credentials });
		await n8n.activateWorkflow(report.id);
	}, 30 * 60_000);

	afterAll(async () => {
		await sim?.stop();
		await n8n?.stop();
		if (userFolder && process.env.WABP_E2E_KEEP !== '1') rmSync(userFolder, { recursive: true, force: true });
	}, 120_000);

	async function runningExecution(): Promise<string | undefined> {
		const page = await n8n.api<{ data: Array<{ id: string; status: string; workflowId: string }> }>('GET', `/executions?workflowId=${campaignWorkflowId}&status=running&limit=5`);
		return page.data.find((execution) => execution.status === 'running')?.id;
	}

	async function statusReport(): Promise<Json> {
		const response = await n8n.postWebhook(statusPath, {});
		if (response.status !== 200) throw new Error(`Get Status answered ${response.status}: ${response.text.slice(0, 300)}`);
		return ((response.body as Json[]) ?? []).find((item) => item.summary === true) ?? {};
	}

	/** Every status webhook the simulator made has been answered 2xx by the trigger. */
	async function statusesDrained(): Promise<void> {
		const delivered = (hook: SimulatorHandle['webhooks'][number]) => hook.kind !== 'status' || (hook.status !== undefined && hook.status >= 200 && hook.status < 300);
		try {
			await until('status webhooks to be delivered', () => sim.webhooks.every(delivered), 300_000, 200);
		} catch (error) {
			const stuck = sim.webhooks.filter((hook) => !delivered(hook)).slice(0, 5).map((hook) => ({ status: hook.status, error: hook.error, attempts: hook.attempts, statusName: hook.statusName }));
			throw new Error(`${(error as Error).message}: ${JSON.stringify(stuck)}`);
		}
	}

	async function restartN8n(): Promise<void> {
		const pid = n8n.info().pid;
		if (!pid) throw new Error('no n8n pid');
		process.kill(pid, 'SIGKILL');
		await n8n.stop();
		n8n = await startN8n({ userFolder, port });
	}

	it('reaches every recipient exactly once, and the status report matches the simulator', async () => {
		const rand = createRandom(SEED);
		const killRounds = new Set<number>();
		while (killRounds.size < KILLS) killRounds.add(1 + Math.floor(rand() * ROUNDS));
		const log: Json[] = [];
		let interrupted = 0;

		for (let round = 1; round <= ROUNDS; round++) {
			const kind = killRounds.has(round) ? 'kill' : 'stop';
			// Every third round drops 5 % of connections, alternately before and after the simulator accepted.
			const faulty = round % 3 === 0;
			sim.setOptions({ faults: { rateDrop: faulty ? 0.05 : 0, dropAfterAccept: round % 2 === 0 } });
			const before = sim.acceptedMessages.length;
			const target = before + 2 + Math.floor(rand() * 10);
			let finished = false;
			const answer = n8n.postWebhook(campaignPath, { recipients }).then(
				(response) => response,
				() => undefined,
			).finally(() => (finished = true));
			await until(`round ${round}: ${target - before} acceptances`, () => finished || sim.acceptedMessages.length >= target, 120_000, 20);
			if (finished) throw new Error(`round ${round}: the campaign ended before it could be interrupted`);
			if (kind === 'stop') {
				let id: string | undefined;
				await until(`round ${round}: the running execution`, async () => (id = await runningExecution()) !== undefined, 30_000, 100);
				await n8n.rest('POST', `/executions/${id!}/stop`);
				await answer;
				await until(`round ${round}: execution ${id!} to end`, async () => (await runningExecution()) === undefined, 60_000, 200);
			} else {
				await restartN8n();
				await answer;
			}
			interrupted += 1;
			const atInterrupt = sim.acceptedMessages.length;
			await statusesDrained();
			// Past the grace period, so the next run settles every silent uncertain send.
			await sleep(GRACE_SECONDS * 1000 + 300);
			const report = await statusReport();
			const line = { round, kind, faulty, acceptedThisRound: atInterrupt - before, acceptedTotal: sim.acceptedMessages.length, uncertain: report.uncertain, notSent: report.notSent, awaiting: report.awaitingStatus };
			log.push(line);
			process.stderr.write(`[campaign-statuses] ${JSON.stringify(line)}\n`);
		}

		// The last runs go to the end, without faults.
		sim.setOptions({ faults: { rateDrop: 0 } });
		const final = await n8n.postWebhook(campaignPath, { recipients });
		expect(final.status).toBe(200);
		const finalSummary = ((final.body as Json[]) ?? []).find((item) => item.summary === true) ?? {};
		await statusesDrained();
		await sleep(GRACE_SECONDS * 1000 + 300);
		const check = await n8n.postWebhook(campaignPath, { recipients });
		const checkSummary = ((check.body as Json[]) ?? []).find((item) => item.summary === true) ?? {};
		await statusesDrained();

		const perRecipient = new Map<string, number>();
		for (const message of sim.acceptedMessages) perRecipient.set(message.waId, (perRecipient.get(message.waId) ?? 0) + 1);
		const duplicates = [...perRecipient.values()].filter((count) => count > 1).length;
		const counts = sim.statusCounts();
		const report = await statusReport();
		process.stderr.write(
			`\n[campaign-statuses] seed ${SEED}, ${interrupted} interruptions (${KILLS} n8n kills), grace ${GRACE_SECONDS} s\n` +
				log.map((line) => JSON.stringify(line)).join('\n') +
				`\nfinal run: ${JSON.stringify({ sent: finalSummary.sent, skipReasons: finalSummary.skipReasons, settled: finalSummary.settled })}` +
				`\ncheck run: ${JSON.stringify({ sent: checkSummary.sent, skipReasons: checkSummary.skipReasons, settled: checkSummary.settled })}` +
				`\nsimulator: accepted ${sim.acceptedMessages.length} messages to ${perRecipient.size} recipients, duplicates ${duplicates}, statuses ${JSON.stringify(counts)}` +
				`\nGet Status: ${JSON.stringify(report)}\n`,
		);

		expect(interrupted).toBe(ROUNDS);
		expect(perRecipient.size).toBe(RECIPIENTS);
		expect(duplicates).toBe(0);
		expect(sim.acceptedMessages).toHaveLength(RECIPIENTS);
		expect(checkSummary).toMatchObject({ sent: 0, skipReasons: { alreadyAccepted: RECIPIENTS - undeliverable.length, deliveryFailed: undeliverable.length } });
		expect(counts).toMatchObject({ failed: undeliverable.length, failureCodes: { 131026: undeliverable.length }, undelivered: 0 });
		expect(report).toMatchObject({
			recipients: RECIPIENTS,
			accepted: RECIPIENTS,
			sent: counts.sent,
			delivered: counts.delivered,
			read: counts.read,
			failed: counts.failed,
			failureCodes: { 131026: undeliverable.length },
			awaitingStatus: 0,
			uncertain: 0,
			notSent: 0,
			rejected: 0,
		});
	});
});
