/* eslint-disable @n8n/community-nodes/no-restricted-globals -- test code runs in Node, not inside n8n */
/**
 * n8n's cap on Data Tables (`N8N_DATA_TABLES_MAX_SIZE_BYTES`) against the trigger's delivery ledger,
 * in a real n8n 2.8.4 of its own (SQLite) started with a small cap: a database near the cap (n8n's
 * "warn" state, past 80 %) keeps accepting webhooks, exactly once; at the cap n8n refuses the
 * ledger's insert and the trigger answers 503 (Meta redelivers) instead of emitting unprotected;
 * once rows are deleted (deletes work at the cap, as the ledger's pruning does), the redelivery is
 * accepted and emitted once.
 */
import { randomUUID } from 'node:crypto';

import { signBody } from '../../whatsapp/webhooks/signature';
import { inbound, messages } from '../unit/webhooks/fixtures';
import type { N8nHandle } from './harness';
import { nodeOutput, startN8n, TYPES, uniquePath, webhookNode, whatsAppCredential } from './harness';

const SECRET = 'cap-app-secret';
/** 160 SQLite pages of 4 KiB: room for n8n's tables of this test and a filler table. */
const CAP_BYTES = 160 * 4096;

/** Our estimate may differ from n8n's own figure by 10 % of it or two 4 KiB pages, whichever is more. */
const usageTolerance = (bytes: number) => Math.max(0.1 * bytes, 2 * 4096);

interface Usage {
	totalBytesEstimate: number;
	capBytes: number;
	percent: number;
	status: 'ok' | 'warn' | 'critical';
	message: string;
	tables: Array<{ name: string; id: string; rowsEstimate: number; bytesEstimate: number; oldestRowAt?: string }>;
	oldestRowAt?: string;
}

interface Limits {
	totalBytes: number;
	quotaStatus: 'ok' | 'warn' | 'error';
}

describe('Data Table cap (N8N_DATA_TABLES_MAX_SIZE_BYTES) and the trigger, n8n 2.8.4', () => {
	jest.setTimeout(180_000);
	let n8n: N8nHandle;
	let webhookId: string;
	let workflowId: string;
	let filler: string;
	let usagePath: string;

	const limits = async () => await n8n.rest<Limits>('GET', '/data-tables-global/limits');
	/** Contact → Data Table Usage, run through a published Webhook workflow. */
	const usage = async (): Promise<Usage> => {
		const response = await n8n.postWebhook(usagePath, '{}', { 'content-type': 'application/json' });
		if (response.status !== 200) throw new Error(`usage answered ${response.status}: ${response.text}`);
		return (response.body as Usage[])[0];
	};
	const post = async (id: string) => {
		const body = JSON.stringify(inbound({ ...messages.text, id }));
		return await n8n.postWebhook(`${webhookId}/webhook`, body, { 'x-hub-signature-256': signBody(body, SECRET) });
	};
	const emitted = async () => {
		const ids: string[] = [];
		for (const execution of await n8n.getExecutions(workflowId)) ids.push(...nodeOutput(await n8n.getExecution(execution.id, true), 'Trigger').map((item) => String(item.messageId)));
		return ids;
	};
	/** Adds filler rows of ~2 KB until n8n's size figure reaches `bytes`. */
	const fillTo = async (bytes: number) => {
		const text = 'x'.repeat(2000);
		for (let i = 0; i < 400 && (await limits()).totalBytes < bytes; i++) {
			await n8n.api('POST', `/data-tables/${filler}/rows`, { data: Array.from({ length: 4 }, () => ({ text })), returnType: 'count' });
		}
	};

	beforeAll(async () => {
		// The size check is cached for 5 s by default; 0 makes every insert see the current size.
		n8n = await startN8n({ env: { N8N_DATA_TABLES_MAX_SIZE_BYTES: String(CAP_BYTES), N8N_DATA_TABLES_SIZE_CHECK_CACHE_DURATION_MS: '0' } });
		const [whatsApp, api] = await n8n.importCredentials([
			whatsAppCredential('Cap', { url: 'http://127.0.0.1:9', token: 't', businessAccountId: '1', phoneNumberId: '2', appId: '3', appSecret: SECRET }),
			{ name: 'Cap n8n API', type: 'whatsAppBusinessPlatformN8nApi', data: { baseUrl: n8n.baseUrl, apiKey: n8n.apiKey } },
		]);
		webhookId = randomUUID();
		const workflow = await n8n.importWorkflow(
			{
				name: 'Cap',
				nodes: [{ id: randomUUID(), name: 'Trigger', type: TYPES.trigger, typeVersion: 1, position: [0, 0], webhookId, parameters: { registration: 'manual', verifyToken: 'cap', events: ['message'] } }],
				connections: {},
				settings: { executionOrder: 'v1' },
			},
			{ credentials: { [TYPES.credential]: whatsApp, whatsAppBusinessPlatformN8nApi: api } },
		);
		workflowId = workflow.id;
		await n8n.activateWorkflow(workflowId);
		usagePath = uniquePath('usage');
		const usageWorkflow = await n8n.importWorkflow(
			{
				name: 'Usage',
				nodes: [
					webhookNode(usagePath, 'allEntries'),
					{ id: randomUUID(), name: 'Usage', type: TYPES.action, typeVersion: 1, position: [300, 0], parameters: { resource: 'contact', operation: 'dataTableUsage', capMiB: CAP_BYTES / 1024 / 1024 } },
				],
				connections: { Webhook: { main: [[{ node: 'Usage', type: 'main', index: 0 }]] } },
				settings: { executionOrder: 'v1' },
			},
			{ credentials: { whatsAppBusinessPlatformN8nApi: api } },
		);
		await n8n.activateWorkflow(usageWorkflow.id);
		filler = (await n8n.api<{ id: string }>('POST', '/data-tables', { name: 'cap_filler', columns: [{ name: 'text', type: 'string' }] })).id;
	}, 30 * 60_000);

	afterAll(async () => {
		await n8n?.stop();
	}, 60_000);

	it('near the cap (n8n warns past 80 %) webhooks are still accepted, each event emitted once', async () => {
		await fillTo(Math.ceil(CAP_BYTES * 0.85));
		const near = await limits();
		process.stderr.write(`[wabp-e2e] data tables near the cap: ${near.totalBytes} of ${CAP_BYTES} bytes (${near.quotaStatus})\n`);
		expect(near.quotaStatus).toBe('warn');
		const ids = Array.from({ length: 10 }, (_, i) => `wamid.NEAR${i}${randomUUID().slice(0, 6)}`);
		const responses = await Promise.all([...ids, ...ids].map(async (id) => await post(id)));
		expect(responses.map((r) => r.status)).toEqual(Array(20).fill(200));
		await n8n.waitForExecutions(workflowId, 10, 60_000);
		await new Promise((resolve) => setTimeout(resolve, 1500));
		expect((await emitted()).sort()).toEqual([...ids].sort());
	});

	it("Contact → Data Table Usage: its estimate is within 10 % (or 2 pages) of n8n's own figure, and warns when n8n warns", async () => {
		const [report, own] = [await usage(), await limits()];
		const error = (report.totalBytesEstimate - own.totalBytes) / own.totalBytes;
		process.stderr.write(
			`[wabp-e2e] usage estimate ${report.totalBytesEstimate} vs n8n ${own.totalBytes} bytes (${(error * 100).toFixed(1)} %), ${report.percent} % ${report.status} vs n8n ${own.quotaStatus}; ${report.tables.map((t) => `${t.name} ${t.rowsEstimate} rows ~${t.bytesEstimate}`).join(', ')}\n`,
		);
		expect(report.capBytes).toBe(CAP_BYTES);
		expect(Math.abs(report.totalBytesEstimate - own.totalBytes)).toBeLessThanOrEqual(usageTolerance(own.totalBytes));
		expect(own.quotaStatus).toBe('warn');
		expect(report.status).toBe('warn');
		expect(report.message).toMatch(/^Warning: .*Prune old rows.*N8N_DATA_TABLES_MAX_SIZE_BYTES/);
		expect(report.tables.map((t) => t.name)).toEqual(expect.arrayContaining(['cap_filler', 'wabp_delivery_claims']));
		const claims = report.tables.find((t) => t.name === 'wabp_delivery_claims')!;
		expect(Date.parse(String(claims.oldestRowAt))).toBeGreaterThan(Date.now() - 30 * 60_000);
		expect(Date.parse(String(report.oldestRowAt))).toBeLessThanOrEqual(Date.parse(String(claims.oldestRowAt)));
	});

	it('at the cap the trigger answers 503 (Meta redelivers); after rows are deleted the redelivery is emitted once', async () => {
		await fillTo(CAP_BYTES);
		expect((await limits()).quotaStatus).toBe('error');
		const id = `wamid.ATCAP${randomUUID().slice(0, 6)}`;
		const refused = await post(id);
		expect(refused.status).toBe(503);
		expect(refused.text).toContain('Delivery ledger unavailable');
		// The operator's warning: n8n's own reason in the log of the process that took the webhook.
		expect(n8n.logs()).toMatch(/delivery ledger unavailable \(.*size limit exceeded/i);
		expect(await emitted()).not.toContain(id);
		// What pruning does: deletes, which n8n allows at the cap.
		await n8n.api('DELETE', `/data-tables/${filler}/rows/delete?filter=${encodeURIComponent(JSON.stringify({ type: 'and', filters: [{ columnName: 'text', condition: 'neq', value: '' }] }))}`);
		const after = await limits();
		process.stderr.write(`[wabp-e2e] data tables after deleting the filler rows: ${after.totalBytes} of ${CAP_BYTES} bytes (${after.quotaStatus})\n`);
		expect(after.quotaStatus).not.toBe('error');
		// The usage report follows the deletes on SQLite (freed pages leave the tables' figure).
		const report = await usage();
		process.stderr.write(`[wabp-e2e] usage estimate after the deletes ${report.totalBytesEstimate} vs n8n ${after.totalBytes} bytes, ${report.status}\n`);
		expect(Math.abs(report.totalBytesEstimate - after.totalBytes)).toBeLessThanOrEqual(usageTolerance(after.totalBytes));
		expect(report.status).toBe('ok');
		const redelivered = await post(id);
		expect(redelivered.status).toBe(200);
		await n8n.waitForExecutions(workflowId, 11, 60_000);
		expect((await emitted()).filter((emittedId) => emittedId === id)).toHaveLength(1);
	});
});
