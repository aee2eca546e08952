/* eslint-disable @n8n/community-nodes/no-restricted-globals -- benchmark tooling runs in Node, not inside n8n */
/**
 * Campaign memory in a real n8n 2.8.4: does n8n's peak RSS grow with the audience?
 *
 * A large audience runs as pages, one execution per page, all with one Campaign ID and Output
 * "Summary Only" (docs/campaigns.md#a-campaign-of-1000000-recipients). n8n keeps every node's
 * output of an execution until it ends, so pages inside one execution (Loop Over Items) would hold
 * the whole audience again; one execution per page does not. Scenarios, one n8n, one after another:
 *   paged 10,000    5 pages of 2,000 (Webhook → Split Out → Campaign → Send, Summary Only)
 *   paged 100,000   50 pages of 2,000, the same workflow
 *   single 10,000   the whole audience in one execution with per-recipient output (the way a
 *                   small campaign runs; the baseline the issue measured at 852–869 MiB)
 * Reported: n8n's peak RSS during each scenario (sampled every 200 ms from /proc), idle RSS, and
 * the 100,000 / 10,000 ratio (goal ≤ 1.2). Every recipient must be accepted exactly once, else the
 * scenario failed and the exit code is 1.
 * Run: npx tsx bench/campaignMemory.ts [BENCH_PAGE_SIZE=2000]
 */
import type { SimulatorHandle } from '../simulator';
import { startSimulator } from '../simulator';
import type { N8nHandle } from '../test/e2e/harness';
import { startN8n, uniquePath, whatsAppCredential } from '../test/e2e/harness';
import type { Recipient } from './campaignWorkflows';
import { campaignWorkflow, makeRecipients } from './campaignWorkflows';
import { findN8nPid, memoryOf, sampleMemory } from './procMemory';
import { reportRow } from './results';
import { BenchVerdict, runBenchmark, waitUntilIdle } from './verdict';

const PAGE_SIZE = Number(process.env.BENCH_PAGE_SIZE ?? 2000);
const TABLE_SCENARIOS = process.env.BENCH_MEMORY_TABLE !== '0';

type Json = Record<string, unknown>;

interface MemoryNumbers {
	scenario: string;
	recipients: number;
	executions: number;
	peakRssMiB: number;
	seconds: number;
	acceptedPerSecond: number;
}

function log(line: string): void {
	process.stdout.write(`${line}\n`);
}

const verdict = new BenchVerdict(log);
const workflowIds: string[] = [];

async function runPages(n8n: N8nHandle, path: string, pages: Recipient[][]): Promise<{ sent: number; statusNot200: number; items: number }> {
	let sent = 0;
	let statusNot200 = 0;
	let items = 0;
	for (const page of pages) {
		const response = await n8n.postWebhook(path, { recipients: page });
		if (response.status !== 200) statusNot200 += 1;
		const body = Array.isArray(response.body) ? (response.body as Json[]) : response.body ? [response.body as Json] : [];
		items += body.length;
		sent += Number(body.find((item) => item.summary === true)?.sent ?? 0);
	}
	return { sent, statusNot200, items };
}

interface Sending {
	sent: number;
	statusNot200: number;
	items: number;
}

async function scenario(name: string, n8n: N8nHandle, pid: number, sim: SimulatorHandle, recipients: Recipient[], executions: number, send: () => Promise<Sending>): Promise<MemoryNumbers> {
	await waitUntilIdle((id) => n8n.getExecutions(id), workflowIds);
	sim.reset();
	log(`… ${name}: ${recipients.length} recipients in ${executions} execution(s); RSS before ${memoryOf(pid).rssMiB} MiB`);
	const sampler = sampleMemory(pid);
	const started = Date.now();
	const { sent, statusNot200, items } = await send();
	const seconds = (Date.now() - started) / 1000;
	const peakRssMiB = sampler.stop();

	const accepted = new Map<string, number>();
	for (const message of sim.acceptedMessages) accepted.set(message.waId, (accepted.get(message.waId) ?? 0) + 1);
	const duplicates = [...accepted.values()].filter((count) => count > 1).length;
	const lost = recipients.filter((recipient) => !accepted.has(recipient.phone.replace(/\D/g, ''))).length;
	const numbers: MemoryNumbers = { scenario: name, recipients: recipients.length, executions, peakRssMiB, seconds: Math.round(seconds), acceptedPerSecond: Math.round(accepted.size / seconds) };
	log(`  peak RSS ${peakRssMiB} MiB; ${accepted.size} accepted (${duplicates} duplicates, ${lost} lost), the node's summaries say ${sent} sent; ${items} items answered; ${numbers.seconds} s, ${numbers.acceptedPerSecond}/s`);
	verdict.check({ scenario: name, status: statusNot200 === 0 ? 200 : 500, recipients: recipients.length, requests: sim.stats().requests, items, lost, duplicates });
	if (sent !== recipients.length) verdict.fail(name, `the summaries report ${sent} sent of ${recipients.length}`);
	if (accepted.size !== recipients.length) verdict.fail(name, `the simulator accepted ${accepted.size} recipients of ${recipients.length}`);
	return numbers;
}

function inPages(recipients: Recipient[], pageSize: number): Recipient[][] {
	const pages: Recipient[][] = [];
	for (let start = 0; start < recipients.length; start += pageSize) pages.push(recipients.slice(start, start + pageSize));
	return pages;
}

/** An audience table as a user would fill it: one row per recipient, `batch` selects the scenario. */
async function fillAudienceTable(n8n: N8nHandle, name: string, batches: Array<{ batch: string; recipients: Recipient[] }>): Promise<void> {
	const table = await n8n.api<{ id: string }>('POST', '/data-tables', {
		name,
		columns: [
			{ name: 'phone', type: 'string' },
			{ name: 'name', type: 'string' },
			{ name: 'order', type: 'string' },
			{ name: 'batch', type: 'string' },
		],
	});
	const started = Date.now();
	let rows = 0;
	for (const { batch, recipients } of batches) {
		for (let start = 0; start < recipients.length; start += 1000) {
			const data = recipients.slice(start, start + 1000).map((recipient) => ({ ...recipient, batch }));
			await n8n.api('POST', `/data-tables/${table.id}/rows`, { data, returnType: 'id' });
			rows += data.length;
		}
	}
	log(`  audience table ${name}: ${rows} rows inserted in ${Math.round((Date.now() - started) / 1000)} s`);
}

async function main(): Promise<void> {
	// Meta's 1,000/s tier keeps the 100,000 run near two minutes; memory does not depend on the pace.
	const sim = await startSimulator({ port: 0, messagesPerSecond: 1000, latencyMs: 150, statuses: false, maxRecordedRequests: 250_000, pairRate: false, logger: () => undefined });
	// 110,000 audience rows and two progress rows per recipient need more than the 50 MiB that n8n
	// allows all data tables by default (docs/campaigns.md, "A campaign of 1,000,000 recipients").
	const n8n = await startN8n({ env: { N8N_PAYLOAD_SIZE_MAX: '64', N8N_DATA_TABLES_MAX_SIZE_BYTES: String(2 * 1024 ** 3) } });
	const pid = findN8nPid(n8n.userFolder);
	try {
		if (!pid) throw new Error('the n8n process was not found in /proc: its memory cannot be read');
		const [credential] = await n8n.importCredentials([
			whatsAppCredential('Simulator', { url: sim.url, token: 'sim-token', businessAccountId: '102290129340398', phoneNumberId: '106540352242922' }),
		]);
		const [api] = await n8n.importCredentials([{ name: 'n8n API', type: 'whatsAppBusinessPlatformN8nApi', data: { baseUrl: n8n.baseUrl, apiKey: n8n.apiKey } }]);
		const publish = async (parameters: Json) => {
			const path = uniquePath('bench-memory');
			const created = await n8n.importWorkflow(campaignWorkflow(path, { messagesPerSecond: 1000, ...parameters }), {
				credentials: { whatsAppBusinessPlatformApi: credential, ...(parameters.contactBook ? { whatsAppBusinessPlatformN8nApi: api } : {}) },
			});
			await n8n.activateWorkflow(created.id);
			workflowIds.push(created.id);
			return path;
		};
		const paged = await publish({ campaignId: 'memory', options: { output: 'summary' } });
		const single = await publish({});
		const tableName = `bench_audience_${Date.now()}`;
		const tableWorkflow = (batch: string) => ({
			campaignId: `memory-table-${batch}`,
			contactBook: true,
			progressTable: `bench_audience_progress_${Date.now()}`,
			audience: 'dataTable',
			audienceTable: tableName,
			audienceFilterColumn: 'batch',
			audienceFilterValue: batch,
			options: { output: 'summary' },
		});
		const table = TABLE_SCENARIOS ? { warm: await publish(tableWorkflow('warm')), small: await publish(tableWorkflow('small')), large: await publish(tableWorkflow('large')) } : undefined;
		log(`n8n ${n8n.version} (pid ${pid}); RSS at idle ${memoryOf(pid).rssMiB} MiB; pages of ${PAGE_SIZE}`);
		const audience = { warm: makeRecipients(500, 800_000), small: makeRecipients(10_000, 400_000), large: makeRecipients(100_000, 500_000) };
		if (table) {
			await fillAudienceTable(n8n, tableName, [
				{ batch: 'warm', recipients: audience.warm },
				{ batch: 'small', recipients: audience.small },
				{ batch: 'large', recipients: audience.large },
			]);
		}
		// The webhook's one item only starts a table campaign.
		const startTable = async (path: string) => await runPages(n8n, path, [[{ phone: '', name: '', order: '' }]]);

		// Warm-up: module loading and JIT stay out of the first scenario.
		await runPages(n8n, paged, [makeRecipients(500, 900_000)]);
		await runPages(n8n, single, [makeRecipients(500, 950_000)]);
		if (table) await startTable(table.warm);
		const idle = memoryOf(pid).rssMiB;

		const results: MemoryNumbers[] = [];
		let tableSmall: MemoryNumbers | undefined;
		let tableLarge: MemoryNumbers | undefined;
		if (table) {
			tableSmall = await scenario('table audience 10,000', n8n, pid, sim, audience.small, 1, async () => await startTable(table.small));
			tableLarge = await scenario('table audience 100,000', n8n, pid, sim, audience.large, 1, async () => await startTable(table.large));
			results.push(tableSmall, tableLarge);
		}
		const pagedSmall = makeRecipients(10_000);
		const pagedLarge = makeRecipients(100_000, 100_000);
		const small = await scenario('paged 10,000', n8n, pid, sim, pagedSmall, inPages(pagedSmall, PAGE_SIZE).length, async () => await runPages(n8n, paged, inPages(pagedSmall, PAGE_SIZE)));
		const large = await scenario('paged 100,000', n8n, pid, sim, pagedLarge, inPages(pagedLarge, PAGE_SIZE).length, async () => await runPages(n8n, paged, inPages(pagedLarge, PAGE_SIZE)));
		const wholeAudience = makeRecipients(10_000, 300_000);
		const whole = await scenario('single execution 10,000, per-recipient output', n8n, pid, sim, wholeAudience, 1, async () => await runPages(n8n, single, [wholeAudience]));
		results.push(small, large, whole);

		log('\n| scenario | recipients | executions | n8n peak RSS MiB | s | accepted/s |\n|---|---|---|---|---|---|');
		for (const r of results) log(`| ${r.scenario} | ${r.recipients} | ${r.executions} | ${r.peakRssMiB} | ${r.seconds} | ${r.acceptedPerSecond} |`);
		const ratio = (a: MemoryNumbers, b: MemoryNumbers) => Math.round((a.peakRssMiB / b.peakRssMiB) * 100) / 100;
		const tableFigure = tableSmall && tableLarge ? `Audience read from a data table, one execution each: 100,000 ${tableLarge.peakRssMiB} MiB vs 10,000 ${tableSmall.peakRssMiB} MiB (${ratio(tableLarge, tableSmall)}×, ${tableLarge.acceptedPerSecond}/s); ` : '';
		reportRow({
			row: 'campaignMemory',
			figure: `${tableFigure}pages of ${PAGE_SIZE} as one execution each: 100,000 ${large.peakRssMiB} MiB vs 10,000 ${small.peakRssMiB} MiB (${ratio(large, small)}×); Summary Only`,
			baseline: `idle ${idle} MiB; 10,000 in one execution with per-recipient output ${whole.peakRssMiB} MiB`,
			goal: '100,000 within 1.2× of 10,000',
			met: ratio(large, small) <= 1.2 && (!tableSmall || !tableLarge || ratio(tableLarge, tableSmall) <= 1.2),
		});
	} finally {
		await n8n.stop();
		await sim.stop();
	}
}

runBenchmark(main, verdict);
