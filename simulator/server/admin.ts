/** The simulator's own control API under /__sim/ (not Meta's): used by out-of-process tests and the chat page. */
import { isRecord } from '../util';
import type { InboundMessageInput } from '../webhooks';
import type { SimulatorCore } from './core';
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
