import type { SimulatorHandle } from '../../simulator';
import { startSimulator } from '../../simulator';
import { PNID, WABA, api, expectError, send, text } from './helpers';

// Generous per-test timeout: the suite is fast (~10 s), but CI machines can be heavily loaded.
jest.setTimeout(30_000);

describe('throughput, pair rate, auth, faults (facts §13.3, §13.1)', () => {
	let sim: SimulatorHandle;
	beforeAll(async () => {
		sim = await startSimulator({ windowOpenForAll: true, statuses: false, tokens: { 'no-mgmt': ['whatsapp_business_messaging'], 'mgmt-only': ['whatsapp_business_management'] }, expiredTokens: ['old-token'] });
	});
	afterAll(() => sim.stop());
	beforeEach(() => {
		sim.reset();
		sim.setOptions({ messagesPerSecond: 80, pairRate: false, faults: { rate130429: 0, rate5xx: 0, rateDrop: 0, dropAfterAccept: false }, latencyMs: 0, clock: () => Date.now() });
	});

	it('answers 130429 beyond messagesPerSecond within a sliding second', async () => {
		let now = Date.now();
		sim.setOptions({ messagesPerSecond: 5, clock: () => now });
		const results = await Promise.all(Array.from({ length: 8 }, (_, i) => send(sim, text(`1555000${String(i).padStart(4, '0')}`))));
		const statuses = results.map((r) => r.status);
		expect(statuses.filter((s) => s === 200)).toHaveLength(5);
		const rejected = results.find((r) => r.status !== 200)!;
		expect(rejected.body.error).toMatchObject({
			message: '(#130429) Rate limit hit',
			type: 'OAuthException',
			code: 130429,
			error_subcode: 2494055,
			error_data: { messaging_product: 'whatsapp', details: 'Cloud API message throughput has been reached.' },
		});
		expect(rejected.status).toBe(400);
		expect(sim.stats()).toMatchObject({ accepted: 5, rejected130429: 3 });
		now += 999;
		expectError(await send(sim, text('15550009999')), 400, 130429);
		now += 2;
		expect((await send(sim, text('15550009999'))).status).toBe(200);
	});

	it('answers 131056 when the (number, recipient) pair bucket is empty, and refills over time', async () => {
		let now = Date.now();
		sim.setOptions({ pairRate: { burst: 3, perSeconds: 6 }, clock: () => now });
		for (let i = 0; i < 3; i++) expect((await send(sim, text())).status).toBe(200);
		const err = expectError(await send(sim, text()), 400, 131056);
		expect(err.message).toBe('(#131056) (Business Account, Consumer Account) pair rate limit hit');
		// Another recipient is unaffected.
		expect((await send(sim, text('15559990000'))).status).toBe(200);
		now += 5000;
		expectError(await send(sim, text()), 400, 131056);
		now += 1000;
		expect((await send(sim, text())).status).toBe(200);
		expectError(await send(sim, text()), 400, 131056);
		expect(sim.stats().rejected131056).toBe(3);
	});

	it('default pair rate is Meta-like: a burst of 45, then 131056', async () => {
		sim.setOptions({ pairRate: { burst: 45, perSeconds: 6 } });
		let accepted = 0;
		for (let i = 0; i < 46; i++) if ((await send(sim, text())).status === 200) accepted++;
		expect(accepted).toBe(45);
	});

	it('invalid token -> 190 HTTP 401; expired -> 190/463; missing -> 104', async () => {
		const bad = expectError(await send(sim, text(), 'v25.0', 'wrong'), 401, 190);
		expect(bad.message).toBe('Invalid OAuth access token - Cannot parse access token');
		const expired = expectError(await send(sim, text(), 'v25.0', 'old-token'), 401, 190);
		expect(expired).toMatchObject({ error_subcode: 463, message: expect.stringMatching(/^Error validating access token: Session has expired on/) });
		expectError(await api(sim, 'GET', `/v25.0/${PNID}`, { token: null }), 400, 104);
		// ?access_token= is accepted too.
		const viaQuery = await api(sim, 'GET', `/v25.0/${PNID}?access_token=sim-token`, { token: null });
		expect(viaQuery.status).toBe(200);
		expect(sim.requests.at(-1)!.query.access_token).toBe('***');
	});

	it('scoped tokens: management endpoints answer (#200) for a messaging-only token and vice versa', async () => {
		expect((await send(sim, text(), 'v25.0', 'no-mgmt')).status).toBe(200);
		const err = expectError(await api(sim, 'GET', `/v25.0/${WABA}/message_templates`, { token: 'no-mgmt' }), 403, 200);
		expect(err.message).toBe('(#200) Permissions error');
		expectError(await send(sim, text(), 'v25.0', 'mgmt-only'), 403, 200);
		expect((await api(sim, 'GET', `/v25.0/${WABA}/phone_numbers`, { token: 'mgmt-only' })).status).toBe(200);
	});

	it('fault rate130429=1 rejects every send; faults do not touch other endpoints by default', async () => {
		sim.setOptions({ faults: { rate130429: 1 } });
		expectError(await send(sim, text()), 400, 130429);
		expect((await api(sim, 'GET', `/v25.0/${PNID}`)).status).toBe(200);
		expect(sim.stats().faultsInjected).toBe(1);
	});

	it('fault rate5xx=1 answers 500 (131000) or 503 (code 2) with is_transient', async () => {
		sim.setOptions({ faults: { rate5xx: 1 } });
		const results = await Promise.all(Array.from({ length: 6 }, () => send(sim, text())));
		for (const r of results) {
			expect([500, 503]).toContain(r.status);
			expect([131000, 2]).toContain(r.body.error.code);
			expect(r.body.error.is_transient).toBe(true);
		}
		expect(sim.acceptedMessages).toHaveLength(0);
	});

	it('fault rateDrop=1 destroys the socket without an answer and without accepting', async () => {
		sim.setOptions({ faults: { rateDrop: 1 } });
		await expect(send(sim, text())).rejects.toThrow();
		expect(sim.acceptedMessages).toHaveLength(0);
		expect(sim.requests.at(-1)!.outcome).toBe('dropped');
	});

	it('dropAfterAccept: the message is accepted, but the client gets no answer (uncertain delivery)', async () => {
		sim.setOptions({ faults: { rateDrop: 1, dropAfterAccept: true } });
		await expect(send(sim, text())).rejects.toThrow();
		expect(sim.acceptedMessages).toHaveLength(1);
		expect(sim.stats()).toMatchObject({ accepted: 1, dropped: 1 });
	});

	it('seeded faults are reproducible', async () => {
		const run = async () => {
			sim.reset();
			sim.setOptions({ faults: { rate130429: 0.5 }, seed: 7 });
			const out: number[] = [];
			for (let i = 0; i < 12; i++) out.push((await send(sim, text(`1555000${String(i).padStart(4, '0')}`))).status);
			return out;
		};
		const first = await run();
		expect(await run()).toEqual(first);
		expect(first).toContain(200);
		expect(first).toContain(400);
	});

	it('latencyMs delays every answer', async () => {
		sim.setOptions({ latencyMs: 120 });
		const started = Date.now();
		await api(sim, 'GET', `/v25.0/${PNID}`);
		expect(Date.now() - started).toBeGreaterThanOrEqual(110);
	});
});
