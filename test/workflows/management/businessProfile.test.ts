import type { SimulatorHandle } from '../../../simulator';
import { startSimulator } from '../../../simulator';
import { binaryItem, managementCalls, runNode, TINY_PNG } from './helpers';

// The first run in a file loads the package into n8n's engine, which takes seconds on a busy machine.
jest.setTimeout(30_000);

describe('Business Profile resource (engine + simulator)', () => {
	let sim: SimulatorHandle;

	beforeAll(async () => {
		sim = await startSimulator({ port: 0 });
	});
	afterAll(async () => {
		await sim.stop();
	});
	beforeEach(() => sim.reset());

	it('updates text fields and the photo through the Resumable Upload API, then reads them back', async () => {
		const update = await runNode(
			sim,
			{
				resource: 'businessProfile',
				operation: 'update',
				updateFields: {
					about: 'Succulents delivered 🌵',
					description: 'We sell plants.',
					email: 'hello@example.com',
					websites: ['https://example.com/', 'https://example.com/shop'],
					vertical: 'RETAIL',
					profilePhotoBinaryField: 'data',
				},
			},
			{ input: [binaryItem(TINY_PNG, 'image/png', 'logo.png')] },
		);
		expect(update.result.error).toBeUndefined();
		expect(update.items[0].json).toMatchObject({
			success: true,
			phoneNumberId: '106540352242922',
			updatedFields: ['about', 'description', 'email', 'websites', 'vertical', 'profile_picture_handle'],
		});
		expect(update.items[0].json.profilePictureHandle).toMatch(/^4::/);

		// Session opened for the app with the file's name, length and type; bytes sent at offset 0.
		const [session] = managementCalls(sim, `/${sim.options.appId}/uploads`);
		expect(session.query).toMatchObject({ file_name: 'logo.png', file_length: String(TINY_PNG.length), file_type: 'image/png' });
		const chunk = sim.requests.find((request) => request.path.includes('/upload:'));
		expect(chunk?.headers.file_offset).toBe('0');
		expect(chunk?.status).toBe(200);
		const [profilePost] = managementCalls(sim, '/whatsapp_business_profile');
		expect(profilePost.body).toMatchObject({ messaging_product: 'whatsapp', about: 'Succulents delivered 🌵', vertical: 'RETAIL' });

		const get = await runNode(sim, { resource: 'businessProfile', operation: 'get' });
		expect(get.items[0].json).toMatchObject({
			about: 'Succulents delivered 🌵',
			description: 'We sell plants.',
			email: 'hello@example.com',
			websites: ['https://example.com/', 'https://example.com/shop'],
			vertical: 'RETAIL',
			phoneNumberId: '106540352242922',
		});
		expect(get.items[0].json.profile_picture_url).toContain('/sim-assets/profile-106540352242922.png');
	});

	it('returns only the chosen fields', async () => {
		const { items } = await runNode(sim, { resource: 'businessProfile', operation: 'get', fields: ['about', 'vertical'] });
		expect(managementCalls(sim, '/whatsapp_business_profile')[0].query.fields).toBe('about,vertical');
		expect(Object.keys(items[0].json).sort()).toEqual(expect.arrayContaining(['phoneNumberId', 'websites']));
		expect(items[0].json).not.toHaveProperty('email');
	});

	it('refuses three websites before calling Meta, naming the field, limit and count', async () => {
		const { result } = await runNode(sim, {
			resource: 'businessProfile',
			operation: 'update',
			updateFields: { websites: ['https://a.example', 'https://b.example', 'https://c.example'] },
		});
		expect(result.error?.message).toBe('Websites: 3 given; WhatsApp allows at most 2');
		expect(managementCalls(sim, '/whatsapp_business_profile')).toHaveLength(0);
	});

	it('refuses a GIF profile photo before opening an upload session, under Continue On Fail as an item', async () => {
		const { items } = await runNode(
			sim,
			{ resource: 'businessProfile', operation: 'update', updateFields: { about: 'Hi', profilePhotoBinaryField: 'data' } },
			{ continueOnFail: true, input: [binaryItem(Buffer.from('GIF89a'), 'image/gif', 'a.gif')] },
		);
		expect(items[0].json).toEqual({ error: 'Profile Photo is image/gif; WhatsApp accepts image/jpeg or image/png', field: 'Profile Photo', category: 'validation' });
		expect(managementCalls(sim, '/uploads')).toHaveLength(0);
	});

	it('surfaces an unknown phone number ID as Meta’s error 100 with a hint', async () => {
		const { items } = await runNode(
			sim,
			{ resource: 'businessProfile', operation: 'get', phoneNumberId: { __rl: true, mode: 'id', value: '999999999999999' } },
			{ continueOnFail: true },
		);
		expect(items[0].json).toMatchObject({ code: 100, category: 'invalidRequest' });
		expect(items[0].json.hint).toBeDefined();
	});
});
