/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals -- test code runs in Node, not inside n8n */
/**
 * Campaign outcomes through n8n's engine: the simulator sends real signed status webhooks for every
 * accepted message; a stand-in for the trigger's recording (the same parse and row mapping) stores
 * them in the fake Data Tables API; Campaign → Get Status reports the funnel, and a resumed Send
 * settles uncertain sends from those statuses before deciding. The real trigger doing the same in
 * real n8n is test/e2e/campaignStatuses.test.ts.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { IDataObject } from 'n8n-workflow';

import type { SimulatorHandle } from '../../../simulator';
import { startSimulator } from '../../../simulator';
import { statusRowsFromEvents } from '../../../whatsapp/campaigns/outcomes';
import { parseWebhook, parseWebhookBody } from '../../../whatsapp/webhooks/parse';
import type { FakeDataTables } from './fakeDataTables';
import { startFakeDataTables } from './fakeDataTables';
import { orderConfirmation, recipients, runCampaign } from './helpers';

jest.setTimeout(120_000);

const TABLE = 'whatsapp_campaign_progress';

/** Receives the simulator's status webhooks and records campaign statuses as the trigger does. */
async function startRecorder(tables: FakeDataTables) {
	let received = 0;
	const server = createServer((req, res) => {
		const chunks: Buffer[] = [];
		req.on('data', (chunk: Buffer) => chunks.push(chunk));
		req.on('end', () => {
			received += 1;
			const rows = statusRowsFromEvents(parseWebhook(parseWebhookBody(Buffer.concat(chunks))));
			if (rows.length > 0) tables.insert(TABLE, rows.map((row) => ({ ...row, messageId: row.messageId ?? null, code: row.code ?? null })));
			res.writeHead(200).end();
		});
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	return {
		url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/webhook`,
		received: () => received,
		stop: async () => await new Promise<void>((resolve) => server.close(() => resolve())),
	};
}

describe('Campaign statuses, Get Status and settle-on-resume (engine + simulator)', () => {
	let sim: SimulatorHandle;
	let tables: FakeDataTables;
	let recorder: Awaited<ReturnType<typeof startRecorder>>;

	beforeAll(async () => {
		tables = await startFakeDataTables();
		recorder = await startRecorder(tables);
		sim = await startSimulator({ port: 0, messagesPerSecond: 1000, latencyMs: 5, webhookUrl: recorder.url, statusDelaysMs: { sent: 5, delivered: 10, read: 15 } });
	});
	afterAll(async () => {
		await sim.stop();
		await recorder.stop();
		await tables.stop();
	});
	beforeEach(() => {
		sim.reset();
		sim.setOptions({ statuses: true, faults: { rate130429: 0, rate5xx: 0, rateDrop: 0, dropAfterAccept: false } });
	});

	/** Waits until the simulator has no status webhook left to deliver. */
	async function statusesSettled(expectedMessages: number): Promise<void> {
		const deadline = Date.now() + 15_000;
		for (;;) {
			const counts = sim.statusCounts();
			const done = counts.sent + counts.failed >= expectedMessages && sim.webhooks.every((hook) => hook.status !== undefined || hook.skipped);
			// read follows delivered by a few ms: wait for the last of them.
			if (done && sim.webhooks.filter((hook) => hook.kind === 'status').length >= expectedMessages * 3 - 2 * counts.failed) return;
			if (Date.now() > deadline) throw new Error(`statuses did not settle: ${JSON.stringify(counts)}`);
			await new Promise((resolve) => setTimeout(resolve, 50));
		}
	}

	const getStatus = async (campaignId: string, extra: IDataObject = {}) =>
		await runCampaign(sim, { operation: 'getStatus', campaignId, ...extra }, [{ json: {} }], { n8nApi: tables });

	it('reports the funnel and every recipient’s last state, matching the simulator’s status webhooks', async () => {
		sim.setUndeliverable('15550000003');
		sim.setUndeliverable('15550000007');
		sim.setOptions({ readReceipts: true });
		const parameters = { ...orderConfirmation, campaignId: 'funnel-1', contactBook: true };
		const first = await runCampaign(sim, parameters, recipients(12), { n8nApi: tables });
		expect(first.summary).toMatchObject({ sent: 12, failed: 0 });
		await statusesSettled(12);
		const counts = sim.statusCounts();
		expect(counts).toMatchObject({ delivered: 10, read: 10, failed: 2, failureCodes: { 131026: 2 }, undelivered: 0 });

		const { results, summary } = await getStatus('funnel-1');
		expect(summary).toMatchObject({
			campaignId: 'funnel-1',
			recipients: 12,
			accepted: 12,
			sent: 10,
			delivered: counts.delivered,
			read: counts.read,
			failed: counts.failed,
			failureCodes: { 131026: 2 },
			awaitingStatus: 0,
			uncertain: 0,
			notSent: 0,
			graceSeconds: 600,
		});
		expect(results).toHaveLength(12);
		expect(results[3]).toMatchObject({ campaignId: 'funnel-1', recipient: '15550000003', status: 'failed', code: 131026 });
		expect(String(results[3].hint)).toMatch(/Undeliverable/);
		expect(results[0]).toMatchObject({ recipient: '15550000000', status: 'read', messageId: first.results[0].messageId });

		// A resumed run skips the failed deliveries (131026 is never retried), even with "Where Meta Allows".
		const again = await runCampaign(sim, { ...parameters, options: { retryFailed: 'allowed' } }, recipients(12), { n8nApi: tables });
		expect(again.summary).toMatchObject({ sent: 0, skipReasons: { alreadyAccepted: 10, deliveryFailed: 2 } });
		expect(again.results[3]).toMatchObject({ reason: 'deliveryFailed', code: 131026 });
		// Listed codes retry on request.
		const retried = await runCampaign(sim, { ...parameters, options: { retryFailed: 'codes', retryFailedCodes: '131026' } }, recipients(12), { n8nApi: tables });
		expect(retried.summary).toMatchObject({ sent: 2, skipReasons: { alreadyAccepted: 10 } });
	});

	it('settles uncertain sends from the statuses: reported ones count as accepted, silent ones are sent again after the grace period', async () => {
		// Every 4th send drops its connection: the first run's drops happen after Meta accepted.
		sim.setOptions({ faults: { rateDrop: 0.25, dropAfterAccept: true } });
		const parameters = { ...orderConfirmation, campaignId: 'settle-1', contactBook: true };
		const first = await runCampaign(sim, parameters, recipients(40), { n8nApi: tables });
		const uncertainFirst = first.results.filter((result) => result.status === 'uncertain').map((result) => result.recipient);
		expect(uncertainFirst.length).toBeGreaterThan(3);
		await statusesSettled(40);

		// The second run's drops happen before Meta accepted: no status will ever come for those.
		sim.setOptions({ faults: { rateDrop: 0.25, dropAfterAccept: false } });
		const second = await runCampaign(sim, { ...parameters, options: { statusGraceSeconds: 1 } }, recipients(80), { n8nApi: tables });
		// Nothing of the first 40 is sent again: the uncertain ones were reported by Meta.
		expect(second.results.slice(0, 40).every((result) => result.reason === 'alreadyAccepted')).toBe(true);
		expect(second.summary.settled).toEqual({ acceptedByStatus: uncertainFirst.length, notSent: 0, uncertain: 0, graceSeconds: 1 });
		const uncertainSecond = second.results.filter((result) => result.status === 'uncertain').map((result) => result.recipient);
		expect(uncertainSecond.length).toBeGreaterThan(3);
		await statusesSettled(sim.acceptedMessages.length);

		// Within the grace period they stay uncertain.
		sim.setOptions({ faults: { rateDrop: 0 } });
		const early = await runCampaign(sim, { ...parameters, options: { statusGraceSeconds: 600 } }, recipients(80), { n8nApi: tables });
		expect(early.summary).toMatchObject({ sent: 0, skipReasons: { uncertainEarlier: uncertainSecond.length } });
		expect(early.summary.settled).toMatchObject({ uncertain: uncertainSecond.length });
		const before = await getStatus('settle-1', { options: { statusGraceSeconds: 600 } });
		expect(before.summary).toMatchObject({ uncertain: uncertainSecond.length, uncertainReasons: { withinGrace: uncertainSecond.length } });

		// After it, with statuses recorded around then, they are sent again: each exactly once overall.
		await new Promise((resolve) => setTimeout(resolve, 1100));
		const third = await runCampaign(sim, { ...parameters, options: { statusGraceSeconds: 1 } }, recipients(80), { n8nApi: tables });
		expect(third.summary).toMatchObject({ sent: uncertainSecond.length });
		expect(third.summary.settled).toMatchObject({ notSent: uncertainSecond.length, uncertain: 0 });
		const accepted = sim.acceptedMessages.map((message) => message.waId);
		expect(accepted).toHaveLength(80);
		expect(new Set(accepted).size).toBe(80);

		await statusesSettled(80);
		const after = await getStatus('settle-1', { output: 'funnel' });
		expect(after.items).toHaveLength(1);
		expect(after.summary).toMatchObject({ recipients: 80, accepted: 80, delivered: sim.statusCounts().delivered, read: sim.statusCounts().read, uncertain: 0, notSent: 0 });
	});

	it('keeps uncertain sends uncertain when no status of the campaign was ever recorded', async () => {
		// No status webhooks at all: as with no trigger, or a trigger without the n8n API credential.
		sim.setOptions({ statuses: false });
		const parameters = { ...orderConfirmation, campaignId: 'no-feed-1', contactBook: true };
		await runCampaign(sim, parameters, recipients(3), { n8nApi: tables });
		const table = tables.tables.find((candidate) => candidate.name === TABLE)!;
		// An orphan pending row (a run stopped mid-send), an hour ago.
		tables.insert(TABLE, [{ campaignId: 'no-feed-1', recipient: '15550000005', state: 'pending', messageId: null, code: null }]);
		table.rows[table.rows.length - 1].createdAt = new Date(Date.now() - 3600_000).toISOString();
		const second = await runCampaign(sim, { ...parameters, options: { statusGraceSeconds: 1 } }, recipients(6), { n8nApi: tables });
		expect(second.results[5]).toMatchObject({ status: 'skipped', reason: 'uncertainEarlier' });
		const report = await getStatus('no-feed-1');
		expect(report.results.find((result) => result.recipient === '15550000005')).toMatchObject({ status: 'uncertain', reason: 'noStatusFeed' });
	});

	it('Record Statuses stores status items fed to it (duplicates counted once) for Get Status', async () => {
		sim.setOptions({ statuses: false });
		const parameters = { ...orderConfirmation, campaignId: 'record-1', contactBook: true };
		const sent = await runCampaign(sim, parameters, recipients(4), { n8nApi: tables });
		const statusItems = sent.results.flatMap((result, index) =>
			(index === 3 ? ['sent', 'failed'] : ['sent', 'delivered', 'read']).map((status) => ({
				json: {
					event: 'status',
					status,
					messageId: result.messageId,
					bizOpaqueCallbackData: `campaign:record-1:${result.recipient as string}`,
					...(status === 'failed' ? { errors: [{ code: 131049 }] } : {}),
				},
			})),
		);
		const other = { json: { event: 'message', messageId: 'wamid.in', text: 'hi' } };
		const recorded = await runCampaign(sim, { operation: 'recordStatuses' }, [...statusItems, ...statusItems.slice(0, 3), other], { n8nApi: tables });
		expect(recorded.items).toHaveLength(1);
		expect(recorded.items[0].json).toMatchObject({ summary: true, recorded: 14, ignored: 1 });
		const report = await getStatus('record-1');
		expect(report.summary).toMatchObject({ recipients: 4, accepted: 4, sent: 3, delivered: 3, read: 3, failed: 1, failureCodes: { 131049: 1 } });
		expect(report.results[3]).toMatchObject({ status: 'failed', code: 131049 });
	});

	it('Record Statuses names a missing progress table', async () => {
		const result = await runCampaign(sim, { operation: 'recordStatuses', progressTable: 'no_such_table' }, [{ json: { event: 'status', status: 'sent', messageId: 'w', bizOpaqueCallbackData: 'campaign:x:15550000001' } }], { n8nApi: tables });
		expect(String(result.result.error?.message)).toMatch(/no progress table "no_such_table"/);
	});
});
