/**
 * Every Message operation run by n8n's engine against the simulator: the recorded request body must
 * be Meta's documented shape (cloud-api-facts §2), and the node's output the accepted message.
 */
import type { SimulatorHandle } from '../../../simulator';
import { startSimulator } from '../../../simulator';
import { ENVELOPE, MESSAGE_CASES as cases } from './cases';
import { CUSTOMER, messageRequests, runMessageNode } from './helpers';


describe('Message resource sends every type in Meta’s documented shape (engine + simulator)', () => {
	let sim: SimulatorHandle;

	beforeAll(async () => {
		sim = await startSimulator({ port: 0, windowOpenForAll: true, statuses: false });
	});
	afterAll(async () => {
		await sim.stop();
	});
	beforeEach(() => sim.reset());

	it.each(cases)('%s', async (_name, parameters, content) => {
		const { result, items } = await runMessageNode(sim, { recipient: CUSTOMER, ...parameters });
		expect(result.error).toBeUndefined();
		const [request] = messageRequests(sim);
		expect(request.status).toBe(200);
		expect(request.body).toEqual({ ...ENVELOPE, ...content });
		expect(items).toHaveLength(1);
		expect(items[0].json).toMatchObject({ messageId: expect.stringMatching(/^wamid\./), recipient: '+15551234567', waId: '15551234567', phoneNumberId: '106540352242922' });
		expect(sim.acceptedMessages).toHaveLength(1);
	});

	it('adds reply context and callback data to a send', async () => {
		const inbound = await sim.injectInbound({ from: CUSTOMER, text: 'Hi' });
		const { result } = await runMessageNode(sim, {
			operation: 'sendButtons',
			recipient: CUSTOMER,
			body: 'Confirm?',
			buttonsInput: 'fields',
			buttons: { button: [{ title: 'Yes' }, { title: 'No' }] },
			sendOptions: { replyToMessageId: inbound.wamid, bizOpaqueCallbackData: 'order-123' },
		});
		expect(result.error).toBeUndefined();
		expect(messageRequests(sim)[0].body).toEqual({
			...ENVELOPE,
			context: { message_id: inbound.wamid },
			biz_opaque_callback_data: 'order-123',
			type: 'interactive',
			interactive: {
				type: 'button',
				body: { text: 'Confirm?' },
				action: { buttons: [{ type: 'reply', reply: { id: 'Yes', title: 'Yes' } }, { type: 'reply', reply: { id: 'No', title: 'No' } }] },
			},
		});
	});

	it('reacts to a received message and removes the reaction', async () => {
		const inbound = await sim.injectInbound({ from: CUSTOMER, text: 'Thanks!' });
		const react = await runMessageNode(sim, { operation: 'sendReaction', recipient: CUSTOMER, messageId: inbound.wamid, emoji: '👍🏽', sendOptions: { bizOpaqueCallbackData: 'r-1' } });
		const remove = await runMessageNode(sim, { operation: 'sendReaction', recipient: CUSTOMER, messageId: inbound.wamid, emoji: '' });
		expect(react.result.error).toBeUndefined();
		expect(remove.result.error).toBeUndefined();
		expect(messageRequests(sim).map((request) => request.body)).toEqual([
			{ ...ENVELOPE, biz_opaque_callback_data: 'r-1', type: 'reaction', reaction: { message_id: inbound.wamid, emoji: '👍🏽' } },
			{ ...ENVELOPE, type: 'reaction', reaction: { message_id: inbound.wamid, emoji: '' } },
		]);
	});

	it('marks messages as read, with and without typing indicator, for several items', async () => {
		const first = await sim.injectInbound({ from: CUSTOMER, text: 'one' });
		const second = await sim.injectInbound({ from: '+15557654321', text: 'two' });
		const { result, items } = await runMessageNode(
			sim,
			{ operation: 'markAsRead', messageId: '={{ $json.id }}', typingIndicator: '={{ $json.typing }}' },
			{ input: [{ json: { id: first.wamid, typing: true } }, { json: { id: second.wamid, typing: false } }] },
		);
		expect(result.error).toBeUndefined();
		const bodies = messageRequests(sim).map((request) => request.body);
		expect(bodies).toHaveLength(2);
		expect(bodies).toEqual(
			expect.arrayContaining([
				{ messaging_product: 'whatsapp', status: 'read', message_id: first.wamid, typing_indicator: { type: 'text' } },
				{ messaging_product: 'whatsapp', status: 'read', message_id: second.wamid },
			]),
		);
		expect(items.map((item) => item.json)).toEqual([
			{ success: true, phoneNumberId: '106540352242922', response: { success: true } },
			{ success: true, phoneNumberId: '106540352242922', response: { success: true } },
		]);
		expect(sim.readMarks.map((mark) => [mark.messageId, mark.typingIndicator])).toEqual(
			expect.arrayContaining([
				[first.wamid, true],
				[second.wamid, false],
			]),
		);
	});
});
