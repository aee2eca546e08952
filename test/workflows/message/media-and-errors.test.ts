/**
 * Binary media (check, upload, send by the new ID) and error handling of the Message resource,
 * run by n8n's engine against the simulator.
 */
import type { IDataObject } from 'n8n-workflow';

import type { SimulatorHandle } from '../../../simulator';
import { startSimulator } from '../../../simulator';
import { binaryItem, CUSTOMER, messageRequests, runMessageNode, TINY_PNG, uploadRequests } from './helpers';

const PDF = Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.alloc(2048, 7), Buffer.from('\n%%EOF\n')]);

describe('Send Media from a binary file (engine + simulator)', () => {
	let sim: SimulatorHandle;

	beforeAll(async () => {
		sim = await startSimulator({ port: 0, windowOpenForAll: true, statuses: false });
	});
	afterAll(async () => {
		await sim.stop();
	});
	beforeEach(() => sim.reset());

	it('uploads the binary property as multipart, then sends the image by the returned ID', async () => {
		const { result, items } = await runMessageNode(
			sim,
			{ operation: 'sendMedia', recipient: CUSTOMER, mediaType: 'image', mediaSource: 'binary', binaryPropertyName: 'photo', caption: 'Fresh from the nursery' },
			{ input: [binaryItem(TINY_PNG, 'image/png', 'plant.png', 'photo')] },
		);
		expect(result.error).toBeUndefined();

		const [upload] = uploadRequests(sim);
		expect(upload.status).toBe(200);
		expect(upload.headers['content-type']).toMatch(/^multipart\/form-data; boundary=/);
		const mediaId = (upload.response as { id: string }).id;
		expect(mediaId).toMatch(/^\d+$/);

		const [send] = messageRequests(sim);
		expect(send.body).toEqual({
			messaging_product: 'whatsapp',
			recipient_type: 'individual',
			to: '+15551234567',
			type: 'image',
			image: { id: mediaId, caption: 'Fresh from the nursery' },
		});
		// The simulator knows the ID, so delivery does not fail with 131053 later.
		expect(sim.acceptedMessages[0].failure).toBeUndefined();
		expect(items[0].json.messageId).toMatch(/^wamid\./);

		// The form has Meta's three fields, and the stored file is the binary property's bytes and type.
		expect(upload.body).toEqual({
			multipart: [
				{ name: 'messaging_product', size: 8, value: 'whatsapp' },
				{ name: 'type', size: 9, value: 'image/png' },
				{ name: 'file', filename: 'plant.png', contentType: 'image/png', size: TINY_PNG.length },
			],
		});
		const stored = (await (await fetch(`${sim.url}/v25.0/${mediaId}`, { headers: { authorization: 'Bearer sim-token' } })).json()) as IDataObject;
		expect(stored).toMatchObject({ id: mediaId, mime_type: 'image/png' });
		expect(Number(stored.file_size)).toBe(TINY_PNG.length);
	});

	it('sends a document under the binary file’s name unless a file name is given', async () => {
		const { result } = await runMessageNode(
			sim,
			{ operation: 'sendMedia', recipient: CUSTOMER, mediaType: 'document', mediaSource: 'binary', binaryPropertyName: 'data', filename: '={{ $json.name }}' },
			{ input: [binaryItem(PDF, 'application/pdf', 'invoice-42.pdf', 'data', { name: '' }), binaryItem(PDF, 'application/pdf', 'x.pdf', 'data', { name: 'Receipt.pdf' })] },
		);
		expect(result.error).toBeUndefined();
		expect(uploadRequests(sim)).toHaveLength(2);
		const documents = messageRequests(sim).map((request) => (request.body as { document: { filename: string; id: string } }).document);
		expect(documents.map((document) => document.filename).sort()).toEqual(['Receipt.pdf', 'invoice-42.pdf']);
		expect(documents.every((document) => /^\d+$/.test(document.id))).toBe(true);
	});

	it('refuses a file WhatsApp does not accept before uploading, naming the property, type and size', async () => {
		const { result } = await runMessageNode(
			sim,
			{ operation: 'sendMedia', recipient: CUSTOMER, mediaType: 'image', mediaSource: 'binary', binaryPropertyName: 'data' },
			{ input: [binaryItem(Buffer.from('GIF89a....'), 'image/gif', 'a.gif')] },
		);
		expect(result.error?.message).toBe('Binary property "data" is image/gif (10 bytes); a WhatsApp image must be one of: image/jpeg, image/png');
		expect((result.error as { description?: string }).description).toContain('Fix "Input Binary Field"');
		expect(uploadRequests(sim)).toHaveLength(0);
		expect(messageRequests(sim)).toHaveLength(0);
	});

	it('refuses an oversized sticker and a non-OGG voice message, with Continue On Fail keeping the good item', async () => {
		const bigSticker = Buffer.concat([Buffer.from('RIFF\0\0\0\0WEBPVP8 '), Buffer.alloc(101 * 1024)]);
		const stickers = await runMessageNode(
			sim,
			{ operation: 'sendMedia', recipient: CUSTOMER, mediaType: 'sticker', mediaSource: 'binary', binaryPropertyName: 'data' },
			{ continueOnFail: true, input: [binaryItem(bigSticker, 'image/webp', 'big.webp'), binaryItem(Buffer.from('RIFF\0\0\0\0WEBPVP8 small'), 'image/webp', 'ok.webp')] },
		);
		expect(stickers.result.error).toBeUndefined();
		expect(stickers.items[0].json).toEqual({
			error: 'Binary property "data" is image/webp (101 KB); WhatsApp allows at most 100 KB for a static sticker',
			field: 'Input Binary Field',
			category: 'validation',
		});
		expect(stickers.items[1].json.messageId).toMatch(/^wamid\./);
		expect(uploadRequests(sim)).toHaveLength(1);

		const voice = await runMessageNode(
			sim,
			{ operation: 'sendMedia', recipient: CUSTOMER, mediaType: 'audio', mediaSource: 'binary', binaryPropertyName: 'data', voice: true },
			{ input: [binaryItem(Buffer.from('ID3 mp3 bytes'), 'audio/mpeg', 'note.mp3')] },
		);
		expect(voice.result.error?.message).toContain('a voice message must be audio/ogg with the OPUS codec');
	});

	it('names a missing binary property and lists the ones the item has', async () => {
		const { result } = await runMessageNode(
			sim,
			{ operation: 'sendMedia', recipient: CUSTOMER, mediaType: 'image', mediaSource: 'binary', binaryPropertyName: 'image' },
			{ input: [binaryItem(TINY_PNG, 'image/png', 'a.png', 'data')] },
		);
		expect(result.error?.message).toBe('The input item has no binary property "image"; it has: data');
		expect(uploadRequests(sim)).toHaveLength(0);
	});

	it('does not upload when another field of the item is invalid', async () => {
		const { result } = await runMessageNode(
			sim,
			{ operation: 'sendMedia', recipient: '12', mediaType: 'image', mediaSource: 'binary', binaryPropertyName: 'data' },
			{ input: [binaryItem(TINY_PNG, 'image/png', 'a.png')] },
		);
		expect(result.error?.message).toContain('Recipient "12" has 2 digits');
		expect(uploadRequests(sim)).toHaveLength(0);
	});
});

describe('Message validation errors (engine + simulator)', () => {
	let sim: SimulatorHandle;

	beforeAll(async () => {
		sim = await startSimulator({ port: 0, windowOpenForAll: true, statuses: false });
	});
	afterAll(async () => {
		await sim.stop();
	});
	beforeEach(() => sim.reset());

	const buttonsFromInput = {
		operation: 'sendButtons',
		recipient: CUSTOMER,
		body: 'Pick one',
		buttonsInput: 'json',
		buttonsJson: '={{ JSON.stringify($json.buttons) }}',
	};
	const input = [
		{ json: { buttons: [{ id: 'a', title: 'Short' }] } },
		{ json: { buttons: [{ id: 'b', title: 'A title of 21 chars!!' }] } },
		{ json: { buttons: [{ id: 'c', title: 'Also short' }] } },
	];

	it('with Continue On Fail: a 21-character button title fails its item, naming the field; the others are sent', async () => {
		const { result, items } = await runMessageNode(sim, buttonsFromInput, { continueOnFail: true, input });
		expect(result.error).toBeUndefined();
		expect(items).toHaveLength(3);
		expect(items[1].json).toEqual({
			error: 'Button 1 Title is 21 characters long; WhatsApp allows at most 20',
			field: 'Button 1 Title',
			category: 'validation',
		});
		expect(items[1].pairedItem).toEqual({ item: 1 });
		expect(items[0].json.messageId).toMatch(/^wamid\./);
		expect(items[2].json.messageId).toMatch(/^wamid\./);
		const titles = messageRequests(sim).map((request) => (request.body as { interactive: { action: { buttons: Array<{ reply: { title: string } }> } } }).interactive.action.buttons[0].reply.title);
		expect(titles.sort()).toEqual(['Also short', 'Short']);
	});

	it('without Continue On Fail: the run stops before anything is sent, naming the item and field', async () => {
		const { result } = await runMessageNode(sim, buttonsFromInput, { input });
		expect(result.error?.message).toBe('Button 1 Title is 21 characters long; WhatsApp allows at most 20');
		expect((result.error as { description?: string }).description).toBe('Fix "Button 1 Title" and run again. Nothing was sent to WhatsApp.');
		expect((result.error as { context?: { itemIndex?: number } }).context?.itemIndex).toBe(1);
		expect(messageRequests(sim)).toHaveLength(0);
	});

	it.each([
		[{ operation: 'sendReaction', messageId: 'wamid.X', emoji: '👍👍' }, 'Emoji must be exactly one emoji'],
		[{ operation: 'sendList', body: 'b', buttonText: 'Open', rowsInput: 'json', sectionsJson: JSON.stringify(Array.from({ length: 11 }, (_, i) => ({ title: `Row ${i}` }))) }, 'Rows (all sections together): 11 given; WhatsApp allows 1 to 10'],
		[{ operation: 'sendCtaUrl', headerType: 'none', body: 'b', displayText: 'Open the dates page now', url: 'https://e.com' }, 'Button Text is 23 characters long; WhatsApp allows at most 20'],
		[{ operation: 'sendFlow', flow: { __rl: true, mode: 'id', value: '1' }, body: 'b', flowCta: 'Go', flowAction: 'navigate', screen: '={{ "" }}' }, 'Screen is required for the navigate action'],
		[{ operation: 'sendProductList', catalogId: '1', headerText: 'h', body: 'b', productsInput: 'json', productSectionsJson: JSON.stringify(Array.from({ length: 31 }, (_, i) => `P${i}`)) }, 'Products (all sections together): 31 given; WhatsApp allows 1 to 30'],
		[{ operation: 'sendContacts', contactsInput: 'json', contactsJson: '[{"name":{}}]' }, 'Contact 1 Formatted Name is required'],
		[{ operation: 'sendLocation', latitude: 37.4, longitude: 200 }, 'Longitude is 200; it must be between -180 and 180'],
		[{ operation: 'sendMedia', mediaType: 'image', mediaSource: 'id', mediaId: 'wamid.ABC' }, 'Media ID "wamid.ABC" is not a media ID'],
	])('refuses %j before sending', async (parameters, message) => {
		const { result } = await runMessageNode(sim, { recipient: CUSTOMER, ...parameters });
		expect(result.error?.message).toContain(message);
		expect(messageRequests(sim)).toHaveLength(0);
	});
});
