/** The simulator's own control API under /__sim/ (not Meta's): used by out-of-process tests and the chat page. */
/* eslint-disable @n8n/community-nodes/require-node-api-error -- dev tool that runs in Node, not inside n8n (it emulates Meta's HTTP server) */
import { isRecord } from '../util';
import type { InboundMessageInput } from '../webhooks';
import type { SimulatorCore } from './core';
import { chatControl, recordClockJump } from './chat';
import { ClockError } from './clock';
import type { Reply } from './types';
import { injectInbound } from './webhooks';

export async function control(sim: SimulatorCore, method: string, pathname: string, rawBody: Buffer): Promise<Reply> {
	let body: Record<string, unknown> = {};
	if (rawBody.length > 0) {
		try {
			const parsed = JSON.parse(rawBody.toString('utf8')) as unknown;
			if (isRecord(parsed)) body = parsed;
		} catch {
			return { status: 400, json: { error: 'invalid JSON' } };
		}
	}
	const route = `${method} ${pathname}`;
	if (pathname === '/__sim/clock') return clockControl(sim, method, body);
	if (pathname.startsWith('/__sim/chat/')) return await chatControl(sim, method, pathname, body);
	switch (route) {
		case 'GET /__sim/state':
			return {
				status: 200,
				json: { stats: { ...sim.statsData }, acceptedMessages: sim.acceptedMessages, webhooks: sim.webhooks.map((w) => ({ ...w, rawBody: undefined })), readMarks: sim.readMarks },
			};
		case 'POST /__sim/inbound': {
			if (typeof body.from !== 'string') return { status: 400, json: { error: 'from is required' } };
			const result = await injectInbound(sim, body as unknown as InboundMessageInput);
			return { status: 200, json: { wamid: result.wamid, deliveredStatus: result.deliveredStatus, payload: result.payload } };
		}
		case 'POST /__sim/webhook-url':
			sim.options.webhookUrl = typeof body.url === 'string' ? body.url : undefined;
			return { status: 200, json: { success: true } };
		case 'POST /__sim/reset':
			sim.reset();
			return { status: 200, json: { success: true } };
		case 'POST /__sim/identity':
			return { status: 200, json: await sim.identity.control(body, sim.options.phoneNumbers[0]?.id ?? '') };
		case 'POST /__sim/window':
			if (typeof body.waId !== 'string') return { status: 400, json: { error: 'waId is required' } };
			sim.openWindow(body.waId);
			return { status: 200, json: { success: true } };
	}
	return { status: 404, json: { error: `unknown control route ${route}` } };
}

/**
 * GET /__sim/clock: the virtual now. POST /__sim/clock with one of
 * `{ jump: "+25h" | "tonight 22:00" | "next Monday 09:00", timeZone?: "Europe/Madrid" }`,
 * `{ set: "<ISO time>" | <epoch ms> }` or `{ reset: true }` (back to real time); `timeZone` alone
 * only changes the zone wall times are read in.
 */
function clockControl(sim: SimulatorCore, method: string, body: Record<string, unknown>): Reply {
	const clock = sim.virtualClock;
	if (method === 'GET') return { status: 200, json: clock.view() };
	if (method !== 'POST') return { status: 405, json: { error: 'GET or POST /__sim/clock' } };
	try {
		const timeZone = typeof body.timeZone === 'string' && body.timeZone ? body.timeZone : undefined;
		if (body.reset === true) return { status: 200, json: clock.reset() };
		if (typeof body.jump === 'string') {
			const view = clock.jump(body.jump, timeZone);
			recordClockJump(sim, body.jump, timeZone);
			return { status: 200, json: view };
		}
		if (typeof body.set === 'string' || typeof body.set === 'number') return { status: 200, json: clock.set(body.set) };
		if (timeZone) return { status: 200, json: clock.jump('+0m', timeZone) };
		return { status: 400, json: { error: 'Give jump ("+25h", "tonight 22:00", "next Monday 09:00"), set (an ISO time) or reset: true.' } };
	} catch (error) {
		if (error instanceof ClockError) return { status: error.status, json: { error: error.message } };
		throw error;
	}
}
