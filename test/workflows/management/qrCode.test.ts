import type { SimulatorHandle } from '../../../simulator';
import { startSimulator } from '../../../simulator';
import { binaryBytes, managementCalls, runNode } from './helpers';

// The first run in a file loads the package into n8n's engine, which takes seconds on a busy machine.
jest.setTimeout(30_000);

describe('QR Code resource (engine + simulator)', () => {
	let sim: SimulatorHandle;

	beforeAll(async () => {
		sim = await startSimulator({ port: 0 });
	});
	afterAll(async () => {
		await sim.stop();
	});
	beforeEach(() => sim.reset());

	it('creates a PNG code and downloads its image into binary', async () => {
		const { items, result } = await runNode(sim, { resource: 'qrCode', operation: 'create', prefilledMessage: 'Cyber Monday', imageFormat: 'PNG' });
		expect(result.error).toBeUndefined();
		const [item] = items;
		expect(item.json).toMatchObject({ prefilledMessage: 'Cyber Monday', imageFormat: 'PNG', phoneNumberId: '106540352242922' });
		expect(item.json.deepLinkUrl).toBe(`https://wa.me/message/${item.json.code as string}`);
		expect(item.binary?.data.mimeType).toBe('image/png');
		expect(item.binary?.data.fileName).toBe(`qr-${item.json.code as string}.png`);
		const bytes = await binaryBytes(item);
		expect(bytes.subarray(1, 4).toString()).toBe('PNG');
		expect(managementCalls(sim, '/message_qrdls')[0].body).toEqual({ prefilled_message: 'Cyber Monday', generate_qr_image: 'PNG' });
	});

	it('creates an SVG code, or skips the image when asked', async () => {
		const svg = await runNode(sim, { resource: 'qrCode', operation: 'create', prefilledMessage: 'Hello', imageFormat: 'SVG', binaryPropertyName: 'qr' });
		expect(svg.items[0].binary?.qr.mimeType).toBe('image/svg+xml');
		expect((await binaryBytes(svg.items[0], 'qr')).toString()).toContain(svg.items[0].json.code as string);
		const plain = await runNode(sim, { resource: 'qrCode', operation: 'create', prefilledMessage: 'Hello', imageFormat: 'PNG', downloadImage: false });
		expect(plain.items[0].binary).toBeUndefined();
		expect(plain.items[0].json.qrImageUrl).toContain('/sim-assets/qr/');
	});

	it('lists, gets, updates and deletes codes', async () => {
		const created = await runNode(sim, { resource: 'qrCode', operation: 'create', prefilledMessage: 'First', imageFormat: 'PNG', downloadImage: false });
		await runNode(sim, { resource: 'qrCode', operation: 'create', prefilledMessage: 'Second', imageFormat: 'PNG', downloadImage: false });
		const code = created.items[0].json.code as string;

		const list = await runNode(sim, { resource: 'qrCode', operation: 'getAll', returnAll: true, imageUrlFormat: 'SVG' });
		expect(list.items.map((item) => item.json.prefilledMessage).sort()).toEqual(['First', 'Second']);
		expect(list.items[0].json.qrImageUrl).toMatch(/\.svg$/);
		const limited = await runNode(sim, { resource: 'qrCode', operation: 'getAll', returnAll: false, limit: 1 });
		expect(limited.items).toHaveLength(1);

		const locator = { __rl: true, mode: 'id', value: code };
		const got = await runNode(sim, { resource: 'qrCode', operation: 'get', qrCode: locator });
		expect(got.items[0].json).toMatchObject({ code, prefilledMessage: 'First' });

		const updated = await runNode(sim, { resource: 'qrCode', operation: 'update', qrCode: locator, prefilledMessage: 'First, updated' });
		expect(updated.items[0].json).toMatchObject({ code, prefilledMessage: 'First, updated' });

		const deleted = await runNode(sim, { resource: 'qrCode', operation: 'deleteQrCode', qrCode: locator });
		expect(deleted.items[0].json).toEqual({ code, deleted: true, phoneNumberId: '106540352242922' });

		const gone = await runNode(sim, { resource: 'qrCode', operation: 'get', qrCode: locator }, { continueOnFail: true });
		expect(gone.items[0].json).toMatchObject({ code: 100, category: 'invalidRequest' });
	});

	it('refuses a prefilled message over 140 characters before calling Meta', async () => {
		const { result } = await runNode(sim, { resource: 'qrCode', operation: 'create', prefilledMessage: 'x'.repeat(141), imageFormat: 'PNG' });
		expect(result.error?.message).toBe('Prefilled Message is 141 characters long; WhatsApp allows at most 140');
		expect(managementCalls(sim, '/message_qrdls')).toHaveLength(0);
	});
});
