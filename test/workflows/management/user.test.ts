import type { SimulatorHandle } from '../../../simulator';
import { startSimulator } from '../../../simulator';
import { managementCalls, runNode } from './helpers';

// The first run in a file loads the package into n8n's engine, which takes seconds on a busy machine.
jest.setTimeout(30_000);

describe('User resource: block list (engine + simulator)', () => {
	let sim: SimulatorHandle;

	beforeAll(async () => {
		sim = await startSimulator({ port: 0 });
	});
	afterAll(async () => {
		await sim.stop();
	});
	beforeEach(() => sim.reset());

	it('blocks several users from one item, lists them, unblocks one', async () => {
		sim.openWindow('16505551234');
		sim.openWindow('447700900123');
		const block = await runNode(sim, { resource: 'user', operation: 'block', users: '+1 650-555-1234, +44 7700 900123' });
		expect(block.items.map((item) => item.json)).toEqual([
			{ user: '16505551234', waId: '16505551234', status: 'blocked', phoneNumberId: '106540352242922' },
			{ user: '447700900123', waId: '447700900123', status: 'blocked', phoneNumberId: '106540352242922' },
		]);
		expect(managementCalls(sim, '/block_users')[0].body).toEqual({
			messaging_product: 'whatsapp',
			block_users: [{ user: '16505551234' }, { user: '447700900123' }],
		});

		const listed = await runNode(sim, { resource: 'user', operation: 'getAllBlocked', returnAll: true });
		expect(listed.items.map((item) => item.json.waId)).toEqual(['16505551234', '447700900123']);

		const unblock = await runNode(sim, { resource: 'user', operation: 'unblock', users: '+16505551234' });
		expect(unblock.items[0].json).toMatchObject({ waId: '16505551234', status: 'unblocked' });
		expect(managementCalls(sim, '/block_users').at(-1)?.method).toBe('DELETE');
		const after = await runNode(sim, { resource: 'user', operation: 'getAllBlocked', returnAll: true });
		expect(after.items.map((item) => item.json.waId)).toEqual(['447700900123']);
	});

	it('pages through a long block list, or stops at the limit', async () => {
		for (let i = 0; i < 230; i++) sim.blockUser(String(15550000000 + i));
		const all = await runNode(sim, { resource: 'user', operation: 'getAllBlocked', returnAll: true });
		expect(all.items).toHaveLength(230);
		expect(new Set(all.items.map((item) => item.json.waId)).size).toBe(230);
		expect(managementCalls(sim, '/block_users').length).toBeGreaterThanOrEqual(3);
		const some = await runNode(sim, { resource: 'user', operation: 'getAllBlocked', returnAll: false, limit: 5 });
		expect(some.items).toHaveLength(5);
	});

	it('reports Meta’s partial failure (139100) with a hint under Continue On Fail, and keeps other items going', async () => {
		sim.openWindow('16505551234');
		const { items } = await runNode(
			sim,
			{ resource: 'user', operation: 'block', users: '={{ $json.users }}' },
			{ continueOnFail: true, input: [{ json: { users: '+16505559999' } }, { json: { users: '+16505551234' } }, { json: { users: 'abc' } }] },
		);
		expect(items).toHaveLength(3);
		expect(items[0].json).toMatchObject({ code: 139100, category: 'invalidRequest' });
		expect(items[0].json.hint).toContain('Blocking failed for some users');
		expect(items[1].json).toMatchObject({ waId: '16505551234', status: 'blocked' });
		expect(items[2].json).toMatchObject({ field: 'Users', category: 'validation' });
		expect(items.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
	});
});
