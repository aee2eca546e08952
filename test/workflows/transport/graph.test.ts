/**
 * The Graph transport under Meta's failure modes, through n8n's engine and the simulator: throttled
 * sends are retried until accepted, a send whose answer never arrived is reported and not repeated,
 * and Meta's error reaches the item with its code and hint.
 */
import type { SimulatorHandle } from '../../../simulator';
import { startSimulator } from '../../../simulator';
import { runWorkflow, simulatorCredentials, singleNodeWorkflow } from '../harness';

const sendText = (text = 'Hello') => ({
	resource: 'message',
	operation: 'sendText',
	phoneNumberId: { __rl: true, mode: 'id', value: '106540352242922' },
	recipient: '={{ $json.phone }}',
	text,
});

const recipients = (count: number) =>
	Array.from({ length: count }, (_, index) => ({ json: { phone: `+1555000${String(1000 + index)}` } }));

describe('Graph transport', () => {
	let sim: SimulatorHandle;

	beforeAll(async () => {
		sim = await startSimulator({ port: 0, windowOpenForAll: true, statusDelaysMs: false as never, seed: 7 });
	});
	afterAll(async () => {
		await sim.stop();
	});
	beforeEach(() => {
		sim.reset();
		sim.setOptions({ faults: { rate130429: 0, rate5xx: 0, rateDrop: 0, dropAfterAccept: false, scope: 'messages' }, messagesPerSecond: 80 });
	});

	it('retries sends Meta throttled (130429) until every one is accepted exactly once', async () => {
		sim.setOptions({ faults: { rate130429: 0.3 } });
		const result = await runWorkflow(singleNodeWorkflow(sendText()), {
			credentials: { whatsAppBusinessPlatformApi: simulatorCredentials(sim) },
			input: recipients(20),
		});
		const items = result.output('WhatsApp');
		expect(items).toHaveLength(20);
		expect(items.every((item) => typeof item.json.messageId === 'string')).toBe(true);
		const throttled = sim.requests.filter((request) => request.status === 400 && /130429/.test(JSON.stringify(request.response)));
		expect(throttled.length).toBeGreaterThan(0);
		// Each recipient was accepted once, whatever the number of attempts (sent in the `+` form).
		const accepted = sim.acceptedMessages.map((message) => message.to).sort();
		expect(accepted).toEqual(recipients(20).map((item) => item.json.phone).sort());
	});

	it('reports a send whose connection dropped after acceptance and does not send it again', async () => {
		sim.setOptions({ faults: { rateDrop: 1, dropAfterAccept: true } });
		const result = await runWorkflow(singleNodeWorkflow(sendText(), { continueOnFail: true }), {
			credentials: { whatsAppBusinessPlatformApi: simulatorCredentials(sim) },
			input: recipients(1),
		});
		const [item] = result.output('WhatsApp');
		expect(item.json.error).toMatch(/may or may not have been accepted/);
		expect(sim.acceptedMessages).toHaveLength(1);
		expect(sim.requests.filter((request) => request.path.endsWith('/messages'))).toHaveLength(1);
	});

	it('puts Meta’s code, details and hint on a failed item and keeps the other items going', async () => {
		const result = await runWorkflow(singleNodeWorkflow(sendText(), { continueOnFail: true }), {
			credentials: { whatsAppBusinessPlatformApi: simulatorCredentials(sim, { accessToken: 'wrong-token' }) },
			input: recipients(2),
		});
		const items = result.output('WhatsApp');
		expect(items).toHaveLength(2);
		for (const item of items) {
			expect(item.json).toMatchObject({ code: 190, category: 'authentication' });
			expect(item.json.hint).toMatch(/token/);
		}
	});

	it('stops the workflow with Meta’s error when Continue On Fail is off', async () => {
		const result = await runWorkflow(singleNodeWorkflow(sendText()), {
			credentials: { whatsAppBusinessPlatformApi: simulatorCredentials(sim, { accessToken: 'wrong-token' }) },
			input: recipients(1),
		});
		expect(result.error?.message).toMatch(/access token|190/i);
		expect((result.error as { description?: string }).description).toMatch(/Meta error 190.*What to do/);
	});

	it('retries a read after a 5xx answer', async () => {
		sim.setOptions({ faults: { rate5xx: 0.5, scope: 'all' } });
		const result = await runWorkflow(
			singleNodeWorkflow({ resource: 'message', operation: 'sendText', recipient: '+15550001000', text: 'x', phoneNumberId: { __rl: true, mode: 'list', value: '' } }),
			{ credentials: { whatsAppBusinessPlatformApi: simulatorCredentials(sim) } },
		);
		// The default number from the credential is used without a Graph read; the send itself is retried.
		expect(result.output('WhatsApp')[0].json.messageId).toMatch(/^wamid\./);
	});
});
