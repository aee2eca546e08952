/**
 * The Campaign resource through n8n's engine against the simulator: pacing, per-item results,
 * skip rules, the window fallback, validate-only, retries, uncertain sends and resume.
 */
import type { IDataObject } from 'n8n-workflow';

import type { SimulatorHandle } from '../../../simulator';
import { startSimulator } from '../../../simulator';
import type { FakeDataTables } from './fakeDataTables';
import { startFakeDataTables } from './fakeDataTables';
import { orderConfirmation, recipients, runCampaign } from './helpers';

const sendsTo = (sim: SimulatorHandle) => sim.requests.filter((request) => request.method === 'POST' && request.path.endsWith('/messages'));

jest.setTimeout(120_000);

describe('Campaign resource (engine + simulator)', () => {
	let sim: SimulatorHandle;

	beforeAll(async () => {
		sim = await startSimulator({ port: 0, messagesPerSecond: 1000, latencyMs: 5, statuses: false });
	});
	afterAll(async () => {
		await sim.stop();
	});
	beforeEach(() => {
		sim.reset();
		sim.setOptions({ faults: { rate130429: 0, rate5xx: 0, rateDrop: 0, dropAfterAccept: false }, messagesPerSecond: 1000, latencyMs: 5 });
	});

	it('sends a template to every item with callback data, and ends with a summary', async () => {
		const { results, summary, items } = await runCampaign(sim, { ...orderConfirmation, campaignId: 'spring' }, recipients(120));
		expect(items).toHaveLength(121);
		expect(results).toHaveLength(120);
		expect(results.every((result) => result.status === 'sent' && typeof result.messageId === 'string')).toBe(true);
		expect(results[0]).toMatchObject({ campaignId: 'spring', recipient: '15550000000', status: 'sent', messageType: 'template', attempts: 1 });
		expect(summary).toMatchObject({ summary: true, campaignId: 'spring', total: 120, sent: 120, failed: 0, skipped: 0, uncertain: 0, invalid: 0, throughputPerSecond: 400 });
		// Pacing itself is proven with a fake clock (test/unit/pacing); here the engine and the
		// simulator share one process, so only "never above the target" is asserted.
		expect(summary.achievedPerSecond as number).toBeGreaterThan(0);
		expect(summary.achievedPerSecond as number).toBeLessThanOrEqual(summary.targetPerSecond as number);
		expect(sim.acceptedMessages).toHaveLength(120);
		const body = sendsTo(sim)[0].body as IDataObject;
		expect(body).toEqual({
			messaging_product: 'whatsapp',
			recipient_type: 'individual',
			to: '+15550000000',
			type: 'template',
			template: {
				name: 'order_confirmation',
				language: { code: 'en_US' },
				components: [{ type: 'body', parameters: [{ type: 'text', text: 'Customer 0' }, { type: 'text', text: 'A-0' }] }],
			},
			biz_opaque_callback_data: 'campaign:spring:15550000000',
		});
		// Every item's message ID is the one the simulator accepted for that recipient.
		const byRecipient = new Map(sim.acceptedMessages.map((message) => [message.waId, message.id]));
		for (const result of results) expect(result.messageId).toBe(byRecipient.get(result.recipient as string));
	});

	it('with Output "Summary Only" sends to everyone and outputs the summary item alone', async () => {
		const { items, summary } = await runCampaign(sim, { ...orderConfirmation, campaignId: 'quiet', options: { output: 'summary' } }, recipients(50));
		expect(items).toHaveLength(1);
		expect(summary).toMatchObject({ summary: true, campaignId: 'quiet', total: 50, sent: 50 });
		expect(sim.acceptedMessages).toHaveLength(50);
	});

	it('skips opted-out and duplicate recipients and reports why', async () => {
		const input = recipients(4);
		input[1].json.optedOut = true;
		input[3].json.phone = input[2].json.phone;
		const { results, summary } = await runCampaign(sim, { ...orderConfirmation, optedOut: '={{ $json.optedOut === true }}' }, input);
		expect(results.map((result) => result.status)).toEqual(['sent', 'skipped', 'sent', 'skipped']);
		expect(results[1]).toMatchObject({ reason: 'optedOut', reasonText: 'The contact opted out of messages from this business' });
		expect(results[3]).toMatchObject({ reason: 'duplicate' });
		expect(summary).toMatchObject({ sent: 2, skipped: 2, skipReasons: { optedOut: 1, duplicate: 1 } });
		expect(sendsTo(sim)).toHaveLength(2);
	});

	it('sends text inside the 24-hour window and the fallback template outside it', async () => {
		const input = recipients(3);
		input[0].json.lastInboundAt = new Date(Date.now() - 3600_000).toISOString();
		input[1].json.lastInboundAt = new Date(Date.now() - 30 * 3600_000).toISOString();
		const { results, summary } = await runCampaign(
			sim,
			{ ...orderConfirmation, messageKind: 'textWithFallback', text: '=Hi {{ $json.name }}, your order {{ $json.order }} shipped' },
			input,
		);
		expect(results.map((result) => [result.status, result.messageType, result.fallbackTemplate])).toEqual([
			['sent', 'text', false],
			['sent', 'template', true],
			['sent', 'template', true],
		]);
		expect(summary).toMatchObject({ sent: 3 });
		const bodies = sendsTo(sim).map((request) => request.body as IDataObject);
		expect(bodies.find((body) => body.to === '+15550000000')).toMatchObject({ type: 'text', text: { body: 'Hi Customer 0, your order A-0 shipped' } });
		expect(bodies.find((body) => body.to === '+15550000001')).toMatchObject({ type: 'template', template: { name: 'order_confirmation' } });
	});

	it('skips customers outside the window when there is no fallback template', async () => {
		const input = recipients(2);
		input[0].json.lastInboundAt = Math.floor(Date.now() / 1000) - 60;
		const { results } = await runCampaign(sim, { ...orderConfirmation, messageKind: 'textWithFallback', text: 'Hello', templateName: '' }, input);
		expect(results.map((result) => result.status)).toEqual(['sent', 'skipped']);
		expect(results[1]).toMatchObject({ reason: 'windowClosed' });
	});

	it('validate lists every problem of every item without sending anything', async () => {
		const input = recipients(3);
		input[1].json.phone = '0151 2345';
		input[1].json.name = 'line\nbreak';
		input[2].json.optedOut = true;
		const { results, summary } = await runCampaign(sim, { ...orderConfirmation, operation: 'validate', optedOut: '={{ $json.optedOut === true }}' }, input);
		expect(sendsTo(sim)).toHaveLength(0);
		expect(results[0]).toMatchObject({ valid: true, action: 'send', messageType: 'template', request: { to: '+15550000000', type: 'template' } });
		expect(results[1]).toMatchObject({ valid: false, action: 'none' });
		expect((results[1].problems as IDataObject[]).map((problem) => problem.field)).toEqual(['Recipient Phone Number', 'Body Parameter 1']);
		expect(results[2]).toMatchObject({ valid: true, action: 'skip', reason: 'optedOut' });
		expect(summary).toMatchObject({ summary: true, valid: false, total: 3, toSend: 1, invalid: 1, skipped: 1 });
	});

	it('refuses to start when an item is invalid, naming the item and field; Continue On Fail sends the rest', async () => {
		const input = recipients(3);
		input[2].json.order = '';
		const refused = await runCampaign(sim, orderConfirmation, input);
		expect(refused.result.error?.message).toBe('Body Parameter 2 is required: template "order_confirmation" (en_US) needs 2 required parameters and 1 was given');
		expect(sendsTo(sim)).toHaveLength(0);

		const { results, summary } = await runCampaign(sim, orderConfirmation, input, { continueOnFail: true });
		expect(results.map((result) => result.status)).toEqual(['sent', 'sent', 'invalid']);
		expect(results[2].error).toBe('Body Parameter 2 is required: template "order_confirmation" (en_US) needs 2 required parameters and 1 was given');
		expect(summary).toMatchObject({ sent: 2, invalid: 1 });
	});

	it('retries 130429 and 5xx answers and accepts every recipient exactly once', async () => {
		sim.setOptions({ faults: { rate130429: 0.15, rate5xx: 0.1 } });
		const { results, summary } = await runCampaign(sim, { ...orderConfirmation, pacing: { pairIntervalSeconds: 0, maxRetries: 10 } }, recipients(150));
		expect(results.every((result) => result.status === 'sent')).toBe(true);
		expect(summary.retries as number).toBeGreaterThan(10);
		expect(summary.throttled as number).toBeGreaterThan(0);
		const accepted = sim.acceptedMessages.map((message) => message.waId);
		expect(accepted).toHaveLength(150);
		expect(new Set(accepted).size).toBe(150);
		expect(results.some((result) => (result.attempts as number) > 1)).toBe(true);
	});

	it('reports a send whose answer was lost as uncertain and does not send it again', async () => {
		sim.setOptions({ faults: { rateDrop: 0.1, dropAfterAccept: true } });
		const { results, summary } = await runCampaign(sim, orderConfirmation, recipients(80));
		const uncertain = results.filter((result) => result.status === 'uncertain');
		expect(uncertain.length).toBeGreaterThan(0);
		expect(summary.uncertain).toBe(uncertain.length);
		expect(uncertain[0].hint).toMatch(/not sent again/);
		// Each recipient reached the simulator exactly once: nothing was repeated.
		const perRecipient = new Map<string, number>();
		for (const request of sendsTo(sim)) perRecipient.set((request.body as IDataObject).to as string, (perRecipient.get((request.body as IDataObject).to as string) ?? 0) + 1);
		expect([...perRecipient.values()].every((count) => count === 1)).toBe(true);
		expect(new Set(sim.acceptedMessages.map((message) => message.waId)).size).toBe(80);
	});

	it('reports Meta’s code and hint for a rejected recipient', async () => {
		// A business number of full NANP length, so that sending to itself passes the recipient rule.
		const own = await startSimulator({ port: 0, messagesPerSecond: 1000, latencyMs: 5, statuses: false, phoneNumbers: [{ id: '106540352242922', display_phone_number: '+1 555 010 0100', verified_name: 'Lucky Shrub' }] });
		let results: IDataObject[];
		try {
			({ results } = await runCampaign(own, orderConfirmation, [{ json: { phone: '+1 555 010 0100', name: 'Self', order: 'X' } }, ...recipients(1)]));
		} finally {
			await own.stop();
		}
		expect(results[0]).toMatchObject({ status: 'failed', code: 131021, category: 'recipient' });
		expect(results[0].hint).toMatch(/business number itself/);
		expect(results[1]).toMatchObject({ status: 'sent' });
	});

	it('stops on an error no recipient can pass (expired token) and says what happened', async () => {
		sim.setOptions({ expiredTokens: ['sim-token'] });
		try {
			// The template's definition is read before the first send, so an expired token stops the
			// run there: nothing is sent (the mid-run stop is covered by test/unit/campaigns/runner).
			const { result } = await runCampaign(sim, orderConfirmation, recipients(50));
			expect(result.error?.message).toMatch(/Session has expired/);
			expect(sendsTo(sim)).toHaveLength(0);
		} finally {
			sim.setOptions({ expiredTokens: [] });
		}
	});

	it('reads the throughput from the phone number', async () => {
		const { summary } = await runCampaign(sim, { ...orderConfirmation, throughputSource: 'phoneNumber' }, recipients(5));
		expect(summary).toMatchObject({ sent: 5, throughputPerSecond: 80, throughputLevel: 'STANDARD' });
		expect(sim.requests.some((request) => request.method === 'GET' && request.query.fields === 'throughput')).toBe(true);
	});

	describe('resume through the progress table', () => {
		let tables: FakeDataTables;
		beforeAll(async () => {
			tables = await startFakeDataTables();
		});
		afterAll(async () => {
			await tables.stop();
		});

		it('skips recipients already accepted, and those an interrupted run may have reached', async () => {
			const parameters = { ...orderConfirmation, campaignId: 'resume-1', contactBook: true };
			const first = await runCampaign(sim, parameters, recipients(30), { n8nApi: tables });
			expect(first.summary).toMatchObject({ sent: 30, resumedFromRows: 0 });
			const table = tables.tables.find((candidate) => candidate.name === 'whatsapp_campaign_progress')!;
			expect(table.rows.filter((row) => row.state === 'pending')).toHaveLength(30);
			expect(table.rows.filter((row) => row.state === 'accepted')).toHaveLength(30);
			expect(table.rows.find((row) => row.state === 'accepted')).toMatchObject({ campaignId: 'resume-1', recipient: '15550000000' });

			// A run that stopped mid-send left a pending row without a final one.
			table.rows.push({ id: 999_999, campaignId: 'resume-1', recipient: '15550000040', state: 'pending', messageId: null, code: null });

			const second = await runCampaign(sim, parameters, recipients(60), { n8nApi: tables });
			expect(second.summary).toMatchObject({ sent: 29, skipped: 31, skipReasons: { alreadyAccepted: 30, uncertainEarlier: 1 } });
			expect(second.results[0]).toMatchObject({ status: 'skipped', reason: 'alreadyAccepted', messageId: first.results[0].messageId });
			const accepted = sim.acceptedMessages.map((message) => message.waId);
			expect(accepted).toHaveLength(59);
			expect(new Set(accepted).size).toBe(59);

			const third = await runCampaign(sim, { ...parameters, options: { resendUncertain: true } }, recipients(60), { n8nApi: tables });
			expect(third.summary).toMatchObject({ sent: 1, skipReasons: { alreadyAccepted: 59 } });
		});

		it('runs one execution of a Campaign ID at a time: a second one started together is refused and sends nothing', async () => {
			const parameters = { ...orderConfirmation, campaignId: 'one-at-a-time', contactBook: true };
			const table = () => tables.tables.find((candidate) => candidate.name === 'whatsapp_campaign_progress')!;
			const openClaims = () => table().rows.filter((row) => row.campaignId === 'one-at-a-time' && row.state === 'run:open').map((row) => row.messageId);
			tables.executions.set('exec-a', 'running');
			tables.executions.set('exec-b', 'running');
			const [a, b] = await Promise.all(['exec-a', 'exec-b'].map(async (executionId) => await runCampaign(sim, parameters, recipients(200), { n8nApi: tables, executionId })));
			const [winner, refused] = a.result.error ? [b, a] : [a, b];
			expect(winner.result.error).toBeUndefined();
			expect(winner.summary).toMatchObject({ sent: 200 });
			expect(refused.result.error?.message).toMatch(/^Campaign "one-at-a-time" is already being sent by execution exec-[ab] \(started /);
			expect((refused.result.error as { description?: string }).description).toContain('Nothing was sent by this execution');
			expect(sim.acceptedMessages).toHaveLength(200);
			expect(new Set(sim.acceptedMessages.map((message) => message.waId)).size).toBe(200);
			expect(openClaims()).toEqual([]);
			expect(table().rows.filter((row) => row.campaignId === 'one-at-a-time' && row.state === 'run:closed')).toHaveLength(2);

			// A claim whose execution crashed before closing it does not stop the next run, which closes it.
			tables.insert('whatsapp_campaign_progress', [{ campaignId: 'one-at-a-time', recipient: '', state: 'run:open', messageId: 'exec-crashed', code: null }]);
			tables.executions.set('exec-crashed', 'crashed');
			const after = await runCampaign(sim, parameters, recipients(210), { n8nApi: tables, executionId: 'exec-c' });
			expect(after.result.error).toBeUndefined();
			expect(after.summary).toMatchObject({ sent: 10, skipReasons: { alreadyAccepted: 200 } });
			expect(openClaims()).toEqual([]);

			// A claim of an execution n8n says still runs stops it, before anything is sent.
			tables.insert('whatsapp_campaign_progress', [{ campaignId: 'one-at-a-time', recipient: '', state: 'run:open', messageId: 'exec-live', code: null }]);
			tables.executions.set('exec-live', 'running');
			const sentBefore = sim.acceptedMessages.length;
			const blocked = await runCampaign(sim, parameters, recipients(220), { n8nApi: tables, executionId: 'exec-d' });
			expect(blocked.result.error?.message).toContain('already being sent by execution exec-live');
			expect(sim.acceptedMessages).toHaveLength(sentBefore);
			expect(openClaims()).toEqual(['exec-live']);
			// Get Status and resume read recipients' rows only: the claims are not recipients.
			expect(after.summary.resumedFromRows).toBe(400);
		});
	});
});
