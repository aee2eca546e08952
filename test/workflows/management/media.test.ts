import type { SimulatorHandle } from '../../../simulator';
import { startSimulator } from '../../../simulator';
import { binaryBytes, binaryItem, chain, managementCalls, runAgainst, runNode } from './helpers';

const PDF = Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.from(Array.from({ length: 3000 }, (_, i) => i % 256)), Buffer.from('\n%%EOF\n')]);

// The first run in a file loads the package into n8n's engine, which takes seconds on a busy machine.
jest.setTimeout(30_000);

describe('Media resource (engine + simulator)', () => {
	let sim: SimulatorHandle;

	beforeAll(async () => {
		sim = await startSimulator({ port: 0 });
	});
	afterAll(async () => {
		await sim.stop();
	});
	beforeEach(() => sim.reset());

	it('uploads a binary file, gets its URL, downloads the same bytes, MIME type and file name, then deletes it', async () => {
		const result = await runAgainst(
			sim,
			chain([
				{ name: 'Upload', parameters: { resource: 'media', operation: 'upload', binaryPropertyName: 'data' } },
				{ name: 'Get', parameters: { resource: 'media', operation: 'get', mediaId: '={{ $json.id }}' } },
				{ name: 'Download', parameters: { resource: 'media', operation: 'download', mediaId: '={{ $json.id }}', binaryPropertyName: 'file' } },
				{ name: 'Delete', parameters: { resource: 'media', operation: 'deleteMedia', mediaId: '={{ $json.id }}' } },
			]),
			[binaryItem(PDF, 'application/pdf', 'invoice-42.pdf')],
		);
		expect(result.error).toBeUndefined();

		const [uploaded] = result.output('Upload');
		expect(uploaded.json).toMatchObject({ mediaKind: 'document', mimeType: 'application/pdf', fileName: 'invoice-42.pdf', fileSize: PDF.length, phoneNumberId: '106540352242922' });
		expect(uploaded.json.id).toMatch(/^\d+$/);
		const upload = managementCalls(sim, '/106540352242922/media')[0];
		expect(upload.headers['content-type']).toMatch(/^multipart\/form-data; boundary=/);

		const [info] = result.output('Get');
		expect(info.json).toMatchObject({ id: uploaded.json.id, mimeType: 'application/pdf', fileSize: PDF.length, urlExpiresInMinutes: 5 });
		expect(info.json.url).toContain('/whatsapp_business/attachments/');
		expect(info.json.sha256).toMatch(/^[0-9a-f]{64}$/);

		const [downloaded] = result.output('Download');
		expect((await binaryBytes(downloaded, 'file')).equals(PDF)).toBe(true);
		expect(downloaded.binary?.file.mimeType).toBe('application/pdf');
		expect(downloaded.binary?.file.fileName).toBe('invoice-42.pdf');
		expect(downloaded.json).toMatchObject({ id: uploaded.json.id, mimeType: 'application/pdf', fileName: 'invoice-42.pdf', fileSize: PDF.length });
		expect(downloaded.json).not.toHaveProperty('url');
		// The CDN URL was fetched with the credential's token (the simulator answers 401 without it).
		const cdn = sim.requests.find((request) => request.path.includes('/whatsapp_business/attachments/'));
		expect(cdn?.headers.authorization).toMatch(/^Bearer /);
		expect(cdn?.status).toBe(200);

		expect(result.output('Delete')[0].json).toEqual({ id: uploaded.json.id, deleted: true });
	});

	it('fetches a fresh URL on every download and honours a chosen file name', async () => {
		const upload = await runNode(sim, { resource: 'media', operation: 'upload', binaryPropertyName: 'data' }, { input: [binaryItem(Buffer.from([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3]), 'image/jpeg', 'photo.jpg')] });
		const id = upload.items[0].json.id as string;
		const { items } = await runNode(sim, { resource: 'media', operation: 'download', mediaId: id, binaryPropertyName: 'data', options: { fileName: 'customer-photo' } }, { input: [{ json: {} }, { json: {} }] });
		expect(items).toHaveLength(2);
		expect(items.map((item) => item.binary?.data.fileName)).toEqual(['customer-photo.jpg', 'customer-photo.jpg']);
		expect(items[0].binary?.data.mimeType).toBe('image/jpeg');
		expect(sim.requests.filter((request) => request.path === `/v25.0/${id}` && request.method === 'GET')).toHaveLength(2);
	});

	it('refuses a file type WhatsApp does not accept before uploading', async () => {
		const { result } = await runNode(sim, { resource: 'media', operation: 'upload', binaryPropertyName: 'data' }, { input: [binaryItem(Buffer.from('GIF89a'), 'image/gif', 'a.gif')] });
		expect(result.error?.message).toContain('is image/gif; WhatsApp accepts image/jpeg, image/png');
		expect(managementCalls(sim, '/media')).toHaveLength(0);
	});

	it('names a missing binary field', async () => {
		const { result } = await runNode(sim, { resource: 'media', operation: 'upload', binaryPropertyName: 'attachment' }, { input: [{ json: {} }] });
		expect(result.error?.message).toMatch(/attachment/);
	});

	it('turns an unknown media ID into an item error with Meta code 100 and a hint under Continue On Fail', async () => {
		const { items } = await runNode(
			sim,
			{ resource: 'media', operation: 'download', mediaId: '={{ $json.mediaId }}', binaryPropertyName: 'data' },
			{ continueOnFail: true, input: [{ json: { mediaId: '999999999999999' } }, { json: { mediaId: 'not-an-id' } }] },
		);
		expect(items).toHaveLength(2);
		expect(items[0].json).toMatchObject({ code: 100, errorSubcode: 33, category: 'invalidRequest' });
		expect(items[0].json.hint).toContain('an ID does not exist');
		expect(items[0].json.error).toContain("Object with ID '999999999999999' does not exist");
		expect(items[1].json).toMatchObject({ field: 'Media ID', category: 'validation' });
		expect(items[0].pairedItem).toEqual({ item: 0 });
		expect(items[1].pairedItem).toEqual({ item: 1 });
	});

	it('stops the run on an unknown media ID without Continue On Fail', async () => {
		const { result } = await runNode(sim, { resource: 'media', operation: 'get', mediaId: '999999999999999' });
		expect(result.error?.message).toContain('does not exist');
	});
});
