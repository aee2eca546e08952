/**
 * A campaign whose audience is a real n8n data table, read by the node through the public API in a
 * real n8n 2.8.4: 900 rows of which 800 are in the selected segment, values from each row's
 * columns, Summary Only, progress in a second table; run again, nothing is sent twice and only the
 * rows added since go out.
 */
import type { SimulatorHandle } from '../../simulator';
import { startSimulator } from '../../simulator';
import { campaignWorkflow } from '../../bench/campaignWorkflows';
import type { CredentialRef } from './harness';
import { uniquePath, useN8n, whatsAppCredential } from './harness';

type Json = Record<string, unknown>;

describe('Campaign → Send with a data table audience in n8n 2.8.4', () => {
	const n8n = useN8n();
	let sim: SimulatorHandle;
	let credentials: Record<string, CredentialRef>;
	const run = Date.now();
	const audience = `audience_e2e_${run}`;
	const progress = `audience_progress_e2e_${run}`;
	const path = uniquePath('campaign-audience-e2e');
	let audienceId: string;

	const row = (i: number, segment: string) => ({ phone: `+1555${String(700_000 + i).padStart(7, '0')}`, name: `Reader ${i}`, order: `R-${i}`, segment });

	async function addRows(rows: Json[]): Promise<void> {
		for (let start = 0; start < rows.length; start += 200) {
			await n8n().api('POST', `/data-tables/${audienceId}/rows`, { data: rows.slice(start, start + 200), returnType: 'id' });
		}
	}

	beforeAll(async () => {
		sim = await startSimulator({ port: 0, messagesPerSecond: 1000, latencyMs: 20, statuses: false, maxRecordedRequests: 50_000, logger: () => undefined });
		const [graph] = await n8n().importCredentials([
			whatsAppCredential(`Audience e2e simulator ${run}`, { url: sim.url, token: 'sim-token', businessAccountId: '102290129340398', phoneNumberId: '106540352242922' }),
		]);
		const [api] = await n8n().importCredentials([{ name: `Audience e2e n8n API ${run}`, type: 'whatsAppBusinessPlatformN8nApi', data: { baseUrl: n8n().baseUrl, apiKey: n8n().apiKey } }]);
		credentials = { whatsAppBusinessPlatformApi: graph, whatsAppBusinessPlatformN8nApi: api };
		audienceId = (
			await n8n().api<{ id: string }>('POST', '/data-tables', {
				name: audience,
				columns: [
					{ name: 'phone', type: 'string' },
					{ name: 'name', type: 'string' },
					{ name: 'order', type: 'string' },
					{ name: 'segment', type: 'string' },
				],
			})
		).id;
		await addRows(Array.from({ length: 900 }, (_, i) => row(i, i % 9 === 8 ? 'lapsed' : 'members')));
		const workflow = campaignWorkflow(path, {
			campaignId: `audience-${run}`,
			messagesPerSecond: 300,
			pacing: { pairIntervalSeconds: 0 },
			contactBook: true,
			progressTable: progress,
			audience: 'dataTable',
			audienceTable: audience,
			audienceFilterColumn: 'segment',
			audienceFilterValue: 'members',
			options: { output: 'summary' },
		});
		const created = await n8n().importWorkflow(workflow, { credentials });
		await n8n().activateWorkflow(created.id);
	});

	afterAll(async () => {
		await sim?.stop();
	});

	async function start(): Promise<Json[]> {
		// The webhook's one item only starts the campaign: the node reads its recipients itself.
		const response = await n8n().postWebhook(path, { recipients: [{ start: true }] });
		if (response.status !== 200) throw new Error(`campaign answered ${response.status}: ${response.text.slice(0, 500)}`);
		return response.body as Json[];
	}

	it('sends to the 800 rows of the segment, once each, with their own values, and outputs only the summary', async () => {
		const items = await start();
		expect(items).toHaveLength(1);
		expect(items[0]).toMatchObject({ summary: true, total: 800, sent: 800, failed: 0, skipped: 0, invalid: 0, audience: 'dataTable', pages: 1 });
		const accepted = sim.acceptedMessages;
		expect(accepted).toHaveLength(800);
		expect(new Set(accepted.map((message) => message.waId)).size).toBe(800);
		const one = accepted.find((message) => message.waId === '15550700010')!;
		expect((one.body.template as { components: Array<{ parameters: Array<{ text: string }> }> }).components[0].parameters.map((parameter) => parameter.text)).toEqual(['Reader 10', 'R-10']);
		// Rows of the other segment (every ninth) were not selected.
		expect(accepted.some((message) => message.waId === '15550700008')).toBe(false);
	});

	it('run again with 50 new rows: only those are sent, the 800 are skipped as already accepted', async () => {
		await addRows(Array.from({ length: 50 }, (_, i) => row(900 + i, 'members')));
		sim.reset();
		const [summary] = await start();
		expect(summary).toMatchObject({ total: 850, sent: 50, skipped: 800, skipReasons: { alreadyAccepted: 800 } });
		expect(sim.acceptedMessages.map((message) => message.waId).sort()).toEqual(Array.from({ length: 50 }, (_, i) => `1555${String(700_900 + i).padStart(7, '0')}`));
	});
});
