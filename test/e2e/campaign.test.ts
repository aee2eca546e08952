/**
 * A campaign of 600 recipients in a real n8n 2.8.4 against the Cloud API simulator (fast settings:
 * 300 messages per second, 20 ms latency): every recipient accepted once with its callback data,
 * progress kept in a real n8n Data Table through the public API, and a resumed run that sends only
 * to the recipients the first run did not reach; two executions of the campaign started together
 * send once, the second refused by the first one's claim.
 */
import type { SimulatorHandle } from '../../simulator';
import { startSimulator } from '../../simulator';
import { campaignWorkflow, makeRecipients } from '../../bench/campaignWorkflows';
import type { CredentialRef } from './harness';
import { uniquePath, useN8n, whatsAppCredential } from './harness';

type Json = Record<string, unknown>;

describe('Campaign → Send in n8n 2.8.4 against the simulator', () => {
	const n8n = useN8n();
	let sim: SimulatorHandle;
	let credentials: Record<string, CredentialRef>;
	const campaignId = `e2e-${Date.now()}`;
	const table = `campaign_e2e_${Date.now()}`;
	const path = uniquePath('campaign-e2e');

	beforeAll(async () => {
		sim = await startSimulator({ port: 0, messagesPerSecond: 1000, latencyMs: 20, statuses: false, maxRecordedRequests: 50_000, logger: () => undefined });
		const [graph] = await n8n().importCredentials([
			whatsAppCredential(`Campaign e2e simulator ${Date.now()}`, { url: sim.url, token: 'sim-token', businessAccountId: '102290129340398', phoneNumberId: '106540352242922' }),
		]);
		const [api] = await n8n().importCredentials([
			{ name: `Campaign e2e n8n API ${Date.now()}`, type: 'whatsAppBusinessPlatformN8nApi', data: { baseUrl: n8n().baseUrl, apiKey: n8n().apiKey } },
		]);
		credentials = { whatsAppBusinessPlatformApi: graph, whatsAppBusinessPlatformN8nApi: api };
		const workflow = campaignWorkflow(path, {
			campaignId,
			messagesPerSecond: 300,
			pacing: { pairIntervalSeconds: 0 },
			contactBook: true,
			progressTable: table,
		});
		const created = await n8n().importWorkflow(workflow, { credentials });
		await n8n().activateWorkflow(created.id);
	});

	afterAll(async () => {
		await sim?.stop();
	});

	async function send(count: number): Promise<{ results: Json[]; summary: Json }> {
		const response = await n8n().postWebhook(path, { recipients: makeRecipients(count) });
		if (response.status !== 200) throw new Error(`campaign answered ${response.status}: ${response.text.slice(0, 500)}`);
		const items = response.body as Json[];
		return { results: items.filter((item) => item.summary !== true), summary: items.find((item) => item.summary === true) ?? {} };
	}

	it('sends 500 template messages, each accepted exactly once, with campaign callback data', async () => {
		const { results, summary } = await send(500);
		expect(results).toHaveLength(500);
		expect(summary).toMatchObject({ campaignId, total: 500, sent: 500, failed: 0, uncertain: 0, skipped: 0, resumedFromRows: 0 });
		expect(summary.achievedPerSecond as number).toBeLessThanOrEqual(300);
		const accepted = sim.acceptedMessages;
		expect(accepted).toHaveLength(500);
		expect(new Set(accepted.map((message) => message.waId)).size).toBe(500);
		const byId = new Map(accepted.map((message) => [message.id, message]));
		for (const result of results) {
			expect(result.status).toBe('sent');
			const message = byId.get(result.messageId as string)!;
			expect(message.waId).toBe(result.recipient);
			expect(message.body.biz_opaque_callback_data).toBe(`campaign:${campaignId}:${result.recipient as string}`);
		}
	});

	it('resumes from the Data Table: the same campaign with 100 more recipients sends only to those', async () => {
		const { results, summary } = await send(600);
		expect(summary).toMatchObject({ total: 600, sent: 100, skipped: 500, skipReasons: { alreadyAccepted: 500 } });
		expect(results.slice(0, 500).every((result) => result.status === 'skipped' && result.reason === 'alreadyAccepted')).toBe(true);
		expect(results.slice(500).every((result) => result.status === 'sent')).toBe(true);
		const accepted = sim.acceptedMessages.map((message) => message.waId);
		expect(accepted).toHaveLength(600);
		expect(new Set(accepted).size).toBe(600);

		const tables = await n8n().api<{ data: Array<{ id: string; name: string }> }>('GET', `/data-tables?filter=${encodeURIComponent(JSON.stringify({ name: table }))}`);
		const id = tables.data.find((candidate) => candidate.name === table)!.id;
		const filter = JSON.stringify({ type: 'and', filters: [{ columnName: 'state', condition: 'eq', value: 'accepted' }] });
		let count = 0;
		let cursor: string | undefined;
		do {
			const page = await n8n().api<{ data: Json[]; nextCursor?: string | null }>(
				'GET',
				`/data-tables/${id}/rows?limit=250&filter=${encodeURIComponent(filter)}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
			);
			count += page.data.length;
			cursor = page.nextCursor ?? undefined;
		} while (cursor);
		expect(count).toBe(600);
	});

	it('runs one execution of the campaign at a time: of two started together one sends, the other is refused', async () => {
		const post = async () => await n8n().postWebhook(path, { recipients: makeRecipients(700) });
		const answers = await Promise.all([post(), post()]);
		const ok = answers.filter((answer) => answer.status === 200);
		expect(ok).toHaveLength(1);
		const summary = (ok[0].body as Json[]).find((item) => item.summary === true);
		expect(summary).toMatchObject({ total: 700, sent: 100, skipReasons: { alreadyAccepted: 600 } });
		const accepted = sim.acceptedMessages.map((message) => message.waId);
		expect(accepted).toHaveLength(700);
		expect(new Set(accepted).size).toBe(700);

		// The refused execution failed with the reason, having asked n8n whether the other still ran.
		const failed = await n8n().api<{ data: Array<{ id: string; status: string }> }>('GET', `/executions?status=error&limit=5&includeData=true`);
		const messages = (failed.data as unknown as Array<{ data?: { resultData?: { error?: { message?: string } } } }>).map((execution) => execution.data?.resultData?.error?.message ?? '');
		expect(messages.some((message) => new RegExp(`^Campaign "${campaignId}" is already being sent by execution \\d+`).test(message))).toBe(true);

		// Both claims are closed: the next run goes ahead.
		const next = await send(700);
		expect(next.summary).toMatchObject({ sent: 0, skipReasons: { alreadyAccepted: 700 } });
	});
});
