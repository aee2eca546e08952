/* eslint-disable @typescript-eslint/no-explicit-any -- response bodies are untyped JSON */
/** The virtual clock: jump expressions, time zones, and what follows it (window, webhook and status times) and what does not (rate windows). */
import type { SimulatorHandle } from '../../simulator';
import { ClockError, resolveJump, startSimulator } from '../../simulator';
import { CUSTOMER, PNID, api, expectError, startReceiver } from './helpers';
import type { Receiver } from './helpers';

const HOUR = 3_600_000;

describe('resolveJump', () => {
	// Monday 1 June 2026, 15:30 in Madrid (UTC+2 in summer).
	const monday = Date.parse('2026-06-01T13:30:00Z');

	it('relative jumps in minutes, hours, days and weeks, forwards and back', () => {
		expect(resolveJump('+25h', monday)).toBe(monday + 25 * HOUR);
		expect(resolveJump('+90m', monday)).toBe(monday + 90 * 60_000);
		expect(resolveJump('+14d', monday)).toBe(monday + 14 * 24 * HOUR);
		expect(resolveJump('+1w', monday)).toBe(monday + 7 * 24 * HOUR);
		expect(resolveJump('-2h', monday)).toBe(monday - 2 * HOUR);
	});

	it('"tonight 22:00" is today in the zone, or tomorrow once past', () => {
		expect(new Date(resolveJump('tonight 22:00', monday, 'Europe/Madrid')).toISOString()).toBe('2026-06-01T20:00:00.000Z');
		expect(new Date(resolveJump('tonight', monday, 'UTC')).toISOString()).toBe('2026-06-01T22:00:00.000Z');
		const lateEvening = Date.parse('2026-06-01T21:00:00Z'); // 23:00 in Madrid
		expect(new Date(resolveJump('tonight 22:00', lateEvening, 'Europe/Madrid')).toISOString()).toBe('2026-06-02T20:00:00.000Z');
	});

	it('"next Monday 09:00" is a week later on a Monday, the next such weekday otherwise', () => {
		expect(new Date(resolveJump('next Monday 09:00', monday, 'Europe/Madrid')).toISOString()).toBe('2026-06-08T07:00:00.000Z');
		expect(new Date(resolveJump('friday 18:30', monday, 'America/New_York')).toISOString()).toBe('2026-06-05T22:30:00.000Z');
		expect(new Date(resolveJump('tomorrow 08:00', monday, 'Asia/Kolkata')).toISOString()).toBe('2026-06-02T02:30:00.000Z');
	});

	it('wall times across a daylight-saving change keep the wall time', () => {
		// Madrid moves to summer time on Sunday 29 March 2026.
		const friday = Date.parse('2026-03-27T10:00:00Z');
		expect(new Date(resolveJump('next Monday 09:00', friday, 'Europe/Madrid')).toISOString()).toBe('2026-03-30T07:00:00.000Z');
		expect(new Date(resolveJump('today 09:00', friday, 'Europe/Madrid')).toISOString()).toBe('2026-03-27T08:00:00.000Z');
	});

	it('absolute ISO times; unreadable input and unknown zones are refused with a hint', () => {
		expect(resolveJump('2026-12-24T18:00:00Z', monday)).toBe(Date.parse('2026-12-24T18:00:00Z'));
		expect(() => resolveJump('soon', monday)).toThrow(ClockError);
		expect(() => resolveJump('soon', monday)).toThrow(/\+25h/);
		expect(() => resolveJump('today 25:00', monday)).toThrow(/HH:MM/);
		expect(() => resolveJump('+1h', monday, 'Mars/Olympus')).toThrow(/Unknown time zone/);
	});
});

describe('the simulator on a virtual clock', () => {
	let sim: SimulatorHandle;
	let receiver: Receiver;
	beforeAll(async () => {
		receiver = await startReceiver();
		sim = await startSimulator({ webhookUrl: receiver.url, windowErrorMode: 'sync', statusDelaysMs: { sent: 5, delivered: 10, read: 15 }, logger: () => undefined });
	});
	afterAll(async () => {
		await sim.stop();
		await receiver.close();
	});
	beforeEach(() => {
		sim.reset();
		receiver.received.length = 0;
	});

	const text = () => ({ messaging_product: 'whatsapp', to: CUSTOMER, type: 'text', text: { body: 'hello' } });

	it('GET/POST /__sim/clock reads, jumps, sets and resets the virtual now', async () => {
		const before = Date.now();
		const read = await fetch(`${sim.url}/__sim/clock`).then((r) => r.json() as Promise<any>);
		expect(read.offsetMs).toBe(0);
		expect(read.now).toBeGreaterThanOrEqual(before);
		const jumped = await fetch(`${sim.url}/__sim/clock`, { method: 'POST', body: JSON.stringify({ jump: '+25h' }) }).then((r) => r.json() as Promise<any>);
		expect(jumped.offsetMs).toBeGreaterThanOrEqual(25 * HOUR - 50);
		expect(jumped.offsetMs).toBeLessThanOrEqual(25 * HOUR + 50);
		const set = await fetch(`${sim.url}/__sim/clock`, { method: 'POST', body: JSON.stringify({ set: '2030-01-01T00:00:00Z', timeZone: 'Europe/Madrid' }) }).then(
			(r) => r.json() as Promise<any>,
		);
		expect(Math.abs(set.now - Date.parse('2030-01-01T00:00:00Z'))).toBeLessThan(50);
		const zoned = await fetch(`${sim.url}/__sim/clock`, { method: 'POST', body: JSON.stringify({ timeZone: 'Europe/Madrid' }) }).then((r) => r.json() as Promise<any>);
		expect(zoned.timeZone).toBe('Europe/Madrid');
		expect(zoned.local).toMatch(/^(Tue|Wed) 2030-01-01 01:00$/);
		const bad = await fetch(`${sim.url}/__sim/clock`, { method: 'POST', body: JSON.stringify({ jump: 'whenever' }) });
		expect(bad.status).toBe(400);
		expect(((await bad.json()) as any).error).toMatch(/next Monday/);
		const reset = await fetch(`${sim.url}/__sim/clock`, { method: 'POST', body: JSON.stringify({ reset: true }) }).then((r) => r.json() as Promise<any>);
		expect(reset.offsetMs).toBe(0);
	});

	it('inbound webhook timestamps and status timestamps are virtual times', async () => {
		sim.clock.jump('+3d');
		const { payload } = await sim.injectInbound({ from: CUSTOMER, text: 'hi' });
		const msg = (payload as any).entry[0].changes[0].value.messages[0];
		expect(Number(msg.timestamp) * 1000).toBeGreaterThan(Date.now() + 3 * 24 * HOUR - 5000);
		const r = await api(sim, 'POST', `/v25.0/${PNID}/messages`, { body: text() });
		expect(r.status).toBe(200);
		const id = r.body.messages[0].id;
		const sent = await sim.waitForWebhook((w) => w.wamid === id && w.statusName === 'sent');
		const status = (sent.payload as any).entry[0].changes[0].value.statuses[0];
		expect(Number(status.timestamp) * 1000).toBeGreaterThan(Date.now() + 3 * 24 * HOUR - 5000);
	});

	it('the 24-hour window closes after a 25-hour jump and opens again when the customer writes', async () => {
		await sim.injectInbound({ from: CUSTOMER, text: 'hi' });
		expect((await api(sim, 'POST', `/v25.0/${PNID}/messages`, { body: text() })).status).toBe(200);
		sim.clock.jump('+25h');
		expect(sim.isWindowOpen(CUSTOMER)).toBe(false);
		expectError(await api(sim, 'POST', `/v25.0/${PNID}/messages`, { body: text() }), 400, 131047);
		const template = { messaging_product: 'whatsapp', to: CUSTOMER, type: 'template', template: { name: 'hello_world', language: { code: 'en_US' } } };
		expect((await api(sim, 'POST', `/v25.0/${PNID}/messages`, { body: template })).status).toBe(200);
		await sim.injectInbound({ from: CUSTOMER, text: 'back' });
		expect((await api(sim, 'POST', `/v25.0/${PNID}/messages`, { body: text() })).status).toBe(200);
	});

	it('rate windows stay on real time: a jump does not refill the per-second budget', async () => {
		sim.setOptions({ messagesPerSecond: 2, windowOpenForAll: true });
		try {
			expect((await api(sim, 'POST', `/v25.0/${PNID}/messages`, { body: text() })).status).toBe(200);
			expect((await api(sim, 'POST', `/v25.0/${PNID}/messages`, { body: text() })).status).toBe(200);
			sim.clock.jump('+1h');
			expectError(await api(sim, 'POST', `/v25.0/${PNID}/messages`, { body: text() }), 400, 130429);
		} finally {
			sim.setOptions({ messagesPerSecond: 80, windowOpenForAll: false });
		}
	});

	it('reset() returns the clock to real time', () => {
		sim.clock.jump('+2d');
		sim.reset();
		expect(sim.clock.offsetMs).toBe(0);
	});
});
