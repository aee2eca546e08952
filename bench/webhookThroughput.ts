/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals -- a benchmark, runs in Node */
/**
 * How many webhooks a second n8n absorbs, as Meta sends them during a campaign: single-event signed
 * status POSTs, `--concurrency` (100) in flight at once, `--posts` (1,500) per scenario. Three
 * scenarios on one n8n (2.8.4, regular mode, SQLite), one after another, same load generator:
 *
 *   bare       n8n's own Webhook node, answering on receipt (the ceiling of n8n itself)
 *   no ledger  the trigger, signature checked, no n8n API credential (no exactly-once)
 *   ledger     the trigger with the n8n API credential: exactly-once claim, registry lookup and
 *              campaign statuses recorded in the progress table (what an 80/s campaign causes)
 *
 * Each prints POSTs/s (POSTs divided by the time until the last answer), the answer time's p50 and
 * p99, and how long after the last answer the last execution finished. Fails when a POST was not
 * answered 200, or when the executions (and, with the ledger, the campaign's progress rows) do not
 * come to exactly one per event.
 *
 * With a fixed number in flight the answer time is that number divided by the rate (Little's law:
 * 100 in flight at 70/s is 1.4 s for every server, n8n's bare Webhook node included), so the p99
 * goal is also measured the way Meta posts: at a steady rate, each POST sent on its schedule
 * whatever the answers, its time counted from the schedule (no coordinated omission). The rate is
 * the throughput goal of this run (⅔ of the bare Webhook node, at most 250/s), for all three
 * scenarios, `--sustained-seconds` (30) each.
 *
 * Run: npx tsx bench/webhookThroughput.ts [--posts 1500] [--concurrency 100] [--sustained-seconds 30]
 */
import { randomUUID } from 'node:crypto';
import { loadavg } from 'node:os';
import { setTimeout as delay } from 'node:timers/promises';

import { DEFAULT_LEDGER_TABLE, LEDGER_COLUMNS } from '../nodes/shared/campaigns/dataTableLedger';
import { PHONE_ID, statuses, WABA } from '../test/unit/webhooks/fixtures';
import { campaignCallbackData } from '../whatsapp/campaigns/callback';
import { signBody } from '../whatsapp/webhooks/signature';
import type { N8nClient } from '../test/e2e/harness';
import { startN8n, TYPES, whatsAppCredential } from '../test/e2e/harness';
import { reportRow } from './results';

const SECRET = 'throughput-secret';

const argument = (name: string, fallback: number): number => {
	const index = process.argv.indexOf(`--${name}`);
	return index > 0 ? Number(process.argv[index + 1]) : fallback;
};
const POSTS = argument('posts', 1500);
const CONCURRENCY = argument('concurrency', 100);
const SUSTAINED_SECONDS = argument('sustained-seconds', 30);

function percentile(values: number[], p: number): number {
	const sorted = [...values].sort((a, b) => a - b);
	return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

/** One status webhook as Meta posts it during a campaign: one event, our callback data on it. */
function statusBody(run: string, index: number): string {
	const recipient = `1555${String(index).padStart(7, '0')}`;
	return JSON.stringify(
		statuses({
			id: `wamid.TPUT${run}${index}`,
			status: 'delivered',
			timestamp: String(Math.floor(Date.now() / 1000)),
			recipient_id: recipient,
			biz_opaque_callback_data: campaignCallbackData(`tput-${run}`, recipient),
			pricing: { billable: true, pricing_model: 'PMP', category: 'marketing', type: 'regular' },
		}),
	);
}

interface Outcome {
	label: string;
	/** The campaign ID the scenario's statuses carry (`tput-<run>`). */
	campaignId: string;
	perSecond: number;
	p50: number;
	p99: number;
	/** ms from the last answer until the last execution finished. */
	drainMs: number;
	executions: number;
}

/** Finished executions of a workflow (follows the cursor). */
async function countExecutions(n8n: N8nClient, workflowId: string): Promise<{ finished: number; all: number }> {
	let cursor = '';
	let finished = 0;
	let all = 0;
	do {
		const page = await n8n.api<{ data: Array<{ stoppedAt?: string | null; status?: string }>; nextCursor?: string | null }>(
			'GET',
			`/executions?workflowId=${encodeURIComponent(workflowId)}&limit=250${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
		);
		all += page.data.length;
		finished += page.data.filter((execution) => execution.stoppedAt && !['running', 'new'].includes(String(execution.status))).length;
		cursor = page.nextCursor ?? '';
	} while (cursor);
	return { finished, all };
}

/** Waits until `expected` executions of the workflow have finished, or ten minutes passed; returns the count. */
async function waitForExecutions(n8n: N8nClient, workflowId: string, expected: number): Promise<{ finished: number; all: number }> {
	let count = { finished: 0, all: 0 };
	const deadline = Date.now() + 600_000;
	while (Date.now() < deadline) {
		count = await countExecutions(n8n, workflowId);
		if (count.finished >= expected) break;
		await delay(500);
	}
	return count;
}

async function hammer(n8n: N8nClient, label: string, path: string, workflowId: string, signed: boolean): Promise<Outcome> {
	const run = randomUUID().slice(0, 8);
	const bodies = Array.from({ length: POSTS }, (_, index) => statusBody(run, index));
	const answers: number[] = [];
	const failures: string[] = [];
	let next = 0;
	const started = Date.now();
	await Promise.all(
		Array.from({ length: CONCURRENCY }, async () => {
			while (next < bodies.length) {
				const body = bodies[next++];
				const sent = Date.now();
				const response = await n8n.postWebhook(path, body, signed ? { 'x-hub-signature-256': signBody(body, SECRET) } : {});
				answers.push(Date.now() - sent);
				if (response.status !== 200 && failures.length < 5) failures.push(`${response.status} ${response.text.slice(0, 120)}`);
				else if (response.status !== 200) failures.push('');
			}
		}),
	);
	const answeredAt = Date.now();
	if (failures.length > 0) throw new Error(`${label}: ${failures.length} of ${POSTS} POSTs were not answered 200, such as ${failures.slice(0, 5).join(' | ')}`);
	// Executions run after the answer: wait until every one has finished (or it is clear they will not).
	const count = await waitForExecutions(n8n, workflowId, POSTS);
	const drainMs = Date.now() - answeredAt;
	if (count.all !== POSTS || count.finished !== POSTS) throw new Error(`${label}: ${count.all} executions (${count.finished} finished) for ${POSTS} distinct events, expected exactly one each`);
	const outcome: Outcome = { label, campaignId: `tput-${run}`, perSecond: Math.round(POSTS / ((answeredAt - started) / 1000)), p50: percentile(answers, 50), p99: percentile(answers, 99), drainMs, executions: count.all };
	process.stdout.write(
		`${label}: ${outcome.perSecond} POSTs/s (${POSTS} POSTs, ${CONCURRENCY} at once), answer p50 ${outcome.p50} ms, p99 ${outcome.p99} ms; ` +
			`${outcome.executions} executions, the last finished ${(drainMs / 1000).toFixed(1)} s after the last answer (load ${loadavg().map((n) => n.toFixed(2)).join(' ')})\n`,
	);
	return outcome;
}

interface Sustained {
	label: string;
	campaignId: string;
	rate: number;
	posts: number;
	p50: number;
	p99: number;
	max: number;
}

/** POSTs at a steady `rate` for SUSTAINED_SECONDS, each on its schedule; waits for every execution. */
async function sustain(n8n: N8nClient, label: string, path: string, workflowId: string, signed: boolean, rate: number): Promise<Sustained> {
	const run = randomUUID().slice(0, 8);
	const posts = Math.max(1, Math.round(rate * SUSTAINED_SECONDS));
	const bodies = Array.from({ length: posts }, (_, index) => statusBody(run, index));
	const before = (await countExecutions(n8n, workflowId)).all;
	const answers: number[] = [];
	const failures: string[] = [];
	const started = Date.now() + 50;
	await Promise.all(
		bodies.map(async (body, index) => {
			const due = started + (index * 1000) / rate;
			if (due > Date.now()) await delay(due - Date.now());
			const response = await n8n.postWebhook(path, body, signed ? { 'x-hub-signature-256': signBody(body, SECRET) } : {});
			answers.push(Math.round(Date.now() - due));
			if (response.status !== 200) failures.push(`${response.status} ${response.text.slice(0, 120)}`);
		}),
	);
	if (failures.length > 0) throw new Error(`${label} at ${rate}/s: ${failures.length} of ${posts} POSTs were not answered 200, such as ${failures.slice(0, 3).join(' | ')}`);
	const count = await waitForExecutions(n8n, workflowId, before + posts);
	if (count.all !== before + posts) throw new Error(`${label} at ${rate}/s: ${count.all - before} executions for ${posts} distinct events, expected exactly one each`);
	const outcome: Sustained = { label, campaignId: `tput-${run}`, rate, posts, p50: percentile(answers, 50), p99: percentile(answers, 99), max: Math.max(...answers) };
	process.stdout.write(
		`${label} at a steady ${rate} POSTs/s for ${SUSTAINED_SECONDS} s (${posts} POSTs): answer p50 ${outcome.p50} ms, p99 ${outcome.p99} ms, max ${outcome.max} ms (load ${loadavg().map((n) => n.toFixed(2)).join(' ')})\n`,
	);
	return outcome;
}

/** Progress rows the trigger recorded for a scenario's campaign. */
async function progressRows(n8n: N8nClient, tableId: string, campaignId: string): Promise<number> {
	let recorded = 0;
	let cursor = '';
	const filter = encodeURIComponent(JSON.stringify({ type: 'and', filters: [{ columnName: 'campaignId', condition: 'eq', value: campaignId }] }));
	do {
		const page = await n8n.api<{ data: unknown[]; nextCursor?: string | null }>('GET', `/data-tables/${tableId}/rows?limit=250&filter=${filter}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
		recorded += page.data.length;
		cursor = page.nextCursor ?? '';
	} while (cursor);
	return recorded;
}

async function main(): Promise<void> {
	const n8n = await startN8n({ readyTimeoutMs: 600_000 });
	try {
		const [whatsApp, api] = await n8n.importCredentials([
			whatsAppCredential('Throughput', { url: 'http://127.0.0.1:9', token: 't', businessAccountId: WABA, phoneNumberId: PHONE_ID, appId: '3', appSecret: SECRET }),
			{ name: 'Throughput n8n API', type: 'whatsAppBusinessPlatformN8nApi', data: { baseUrl: n8n.baseUrl, apiKey: n8n.apiKey } },
		]);
		// The progress table a campaign would have made, so statuses are recorded as in production.
		const progress = await n8n.api<{ id: string }>('POST', '/data-tables', { name: DEFAULT_LEDGER_TABLE, columns: LEDGER_COLUMNS });

		const publish = async (name: string, node: Record<string, unknown>, credentials: Record<string, unknown>): Promise<string> => {
			const workflow = await n8n.importWorkflow({ name, nodes: [node as never], connections: {}, settings: { executionOrder: 'v1' } }, { credentials: credentials as never });
			await n8n.activateWorkflow(workflow.id);
			return workflow.id;
		};
		const bareId = await publish(
			'Throughput: bare Webhook',
			{ id: randomUUID(), name: 'Webhook', type: 'n8n-nodes-base.webhook', typeVersion: 2, position: [0, 0], webhookId: randomUUID(), parameters: { httpMethod: 'POST', path: 'tput-bare', responseMode: 'onReceived', options: {} } },
			{},
		);
		const trigger = (webhookId: string) => ({
			id: randomUUID(),
			name: 'Trigger',
			type: TYPES.trigger,
			typeVersion: 1,
			position: [0, 0],
			webhookId,
			parameters: { registration: 'manual', verifyToken: 'tput', events: ['status'] },
		});
		const plainHook = randomUUID();
		const plainId = await publish('Throughput: trigger, no ledger', trigger(plainHook), { [TYPES.credential]: whatsApp });
		const ledgerHook = randomUUID();
		const ledgerId = await publish('Throughput: trigger with ledger', trigger(ledgerHook), { [TYPES.credential]: whatsApp, whatsAppBusinessPlatformN8nApi: api });

		const bare = await hammer(n8n, 'bare Webhook node', 'tput-bare', bareId, false);
		const plain = await hammer(n8n, 'trigger, no ledger', `${plainHook}/webhook`, plainId, true);
		const ledger = await hammer(n8n, 'trigger, ledger on', `${ledgerHook}/webhook`, ledgerId, true);

		// Every status of the ledger scenario recorded once (no redelivery happened, so once exactly).
		const recorded = await progressRows(n8n, progress.id, ledger.campaignId);
		if (recorded !== POSTS) throw new Error(`ledger scenario: ${recorded} progress rows for ${POSTS} statuses, expected exactly one each`);

		const target = Math.min(250, Math.round((bare.perSecond * 2) / 3));
		const bareSteady = await sustain(n8n, 'bare Webhook node', 'tput-bare', bareId, false, target);
		const plainSteady = await sustain(n8n, 'trigger, no ledger', `${plainHook}/webhook`, plainId, true, target);
		const ledgerSteady = await sustain(n8n, 'trigger, ledger on', `${ledgerHook}/webhook`, ledgerId, true, target);
		const steadyRecorded = await progressRows(n8n, progress.id, ledgerSteady.campaignId);
		if (steadyRecorded !== ledgerSteady.posts) throw new Error(`ledger at a steady rate: ${steadyRecorded} progress rows for ${ledgerSteady.posts} statuses, expected exactly one each`);

		reportRow({
			row: 'triggerThroughput',
			figure:
				`ledger on: ${ledger.perSecond} POSTs/s with ${CONCURRENCY} in flight (answer p50 ${ledger.p50} ms / p99 ${ledger.p99} ms); ` +
				`at a steady ${target}/s answer p50 ${ledgerSteady.p50} ms / p99 ${ledgerSteady.p99} ms`,
			baseline:
				`bare Webhook node ${bare.perSecond}/s (p99 ${bare.p99} ms in flight, ${bareSteady.p99} ms at ${target}/s); ` +
				`trigger without ledger ${plain.perSecond}/s (p99 ${plain.p99} ms in flight, ${plainSteady.p99} ms at ${target}/s)`,
			goal: `≥ 250/s or ⅔ of the bare Webhook node (here ${target}/s), p99 ≤ 1 s at that rate`,
			met: ledger.perSecond >= target && ledgerSteady.p99 <= 1000,
		});
	} finally {
		await n8n.stop();
	}
}

main().then(
	() => process.exit(0),
	(error: Error) => {
		process.stderr.write(`${error.stack ?? error.message}\n`);
		process.exit(1);
	},
);
