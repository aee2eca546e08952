/**
 * The chat page (GET /_sim/chat): a WhatsApp-like chat where a person plays the customer. The
 * page's files live in ../chat/ (plain HTML, CSS and JS, no build step, no external requests); this
 * module serves them and the page's API under /__sim/chat/:
 *
 *   GET  /__sim/chat/state         everything the page draws (customers, their messages, the
 *                                  business's messages as sent to this simulator, traffic, window,
 *                                  limits, faults, clock, recording)
 *   POST /__sim/chat/send          a customer action → the signed webhook Meta would send
 *   POST /__sim/chat/customers     add a customer { waId, name, country }
 *   POST /__sim/chat/fault         { waId, code: 131047 | 131026 | 130429 | null }
 *   POST /__sim/chat/record        { on: true | false }; GET /__sim/chat/recording
 *   POST /__sim/chat/replay        { recording } → the business replies per step, compared
 *   GET  /_sim/chat/media/<id>     media bytes for the page
 */
/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/require-node-api-error -- dev tool that runs in Node, not inside n8n */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { digitsOnly, isRecord } from '../util';
import type { InboundMessageInput } from '../webhooks';
import type { SimulatorCore } from './core';
import type { AcceptedMessage, Reply } from './types';
import { injectInbound, webhookUrlFor } from './webhooks';

export interface ChatCustomer {
	waId: string;
	name: string;
	country: string;
}

export interface ChatEntry {
	seq: number;
	waId: string;
	wamid: string;
	at: number;
	input: Omit<InboundMessageInput, 'mediaBytes'>;
	mediaId?: string;
	webhookStatus?: number;
}

/** One recorded step: what the customer did, or a clock jump. */
export type ChatStep =
	| { action: 'send'; waId: string; input: Omit<InboundMessageInput, 'mediaBytes' | 'from'> }
	| { action: 'clock'; jump: string; timeZone?: string }
	| { action: 'business'; label: string; waId: string };

/** A button of the page's panel that asks the workflow to do something, e.g. "Order shipped": POST { waId, name } to `url`. */
export interface BusinessAction {
	label: string;
	url: string;
}

export interface ChatConfig {
	/** The business number the page plays against (default: the first one). */
	phoneNumberId?: string;
	actions?: BusinessAction[];
}

/** The second number `npm run demo` gives the simulator: examples/chat-shop.json answers on it. */
export const SHOP_PHONE = { id: '106540352242923', display_phone_number: '+1 555-0199', verified_name: 'Lucky Shrub Shop' };

/** What a business message looked like, for comparing a replay with its recording. */
export interface ReplySummary {
	to: string;
	type: string;
	text?: string;
	template?: string;
	buttons?: string[];
	rows?: string[];
	refused?: number;
}

/** The JSON a recording is saved as (examples: test fixtures, the page's "Save" button). */
export interface ChatRecording {
	format: 'wabp-chat-recording';
	version: 1;
	customers: ChatCustomer[];
	steps: Array<ChatStep & { replies: ReplySummary[] }>;
}

export interface ReplayResult {
	ok: boolean;
	steps: Array<{ step: ChatStep; expected: ReplySummary[]; actual: ReplySummary[]; same: boolean }>;
}

export const DEFAULT_CUSTOMERS: ChatCustomer[] = [
	{ waId: '34611000001', name: 'Lucía Pérez', country: 'ES' },
	{ waId: '4915112345678', name: 'Jonas Weber', country: 'DE' },
	{ waId: '15551234567', name: 'Maya Chen', country: 'US' },
];

export class ChatState {
	customers: ChatCustomer[] = DEFAULT_CUSTOMERS.map((c) => ({ ...c }));
	log: ChatEntry[] = [];
	faults = new Map<string, number>();
	recording?: { steps: Array<{ step: ChatStep; fromAccepted: number; fromRefused: number }> };
	seq = 0;
	config: ChatConfig = {};

	reset(): void {
		this.customers = DEFAULT_CUSTOMERS.map((c) => ({ ...c }));
		this.log = [];
		this.faults.clear();
		this.recording = undefined;
	}

	phoneNumberId(sim: SimulatorCore): string {
		const wanted = this.config.phoneNumberId;
		return wanted && sim.phones.has(wanted) ? wanted : (sim.options.phoneNumbers[0]?.id ?? '');
	}
}

const FILES: Record<string, string> = { '': 'index.html', 'chat.css': 'chat.css', 'chat.js': 'chat.js', 'favicon.svg': 'favicon.svg' };
const TYPES: Record<string, string> = { html: 'text/html; charset=utf-8', css: 'text/css; charset=utf-8', js: 'text/javascript; charset=utf-8', svg: 'image/svg+xml' };
const CHAT_DIR = join(__dirname, '..', 'chat');

/** GET /_sim/chat, its files and media. */
export function serveChatPage(sim: SimulatorCore, pathname: string): Reply {
	const rest = pathname.replace(/^\/_sim\/chat\/?/, '');
	const media = /^media\/([^/]+)$/.exec(rest);
	if (media) {
		const record = sim.media.get(decodeURIComponent(media[1]));
		if (!record) return { status: 404, json: { error: 'no such media' } };
		return { status: 200, raw: record.bytes, contentType: record.mimeType };
	}
	const file = FILES[rest];
	if (!file) return { status: 404, json: { error: `no chat file ${rest}` } };
	const bytes = readFileSync(join(CHAT_DIR, file));
	return { status: 200, raw: bytes, contentType: TYPES[file.split('.').pop() ?? ''] ?? 'application/octet-stream', headers: { 'Cache-Control': 'no-store' } };
}

function summarize(message: AcceptedMessage): ReplySummary {
	const body = message.body;
	const summary: ReplySummary = { to: message.waId, type: message.type };
	const get = (o: unknown, ...keys: string[]): unknown => keys.reduce<unknown>((v, k) => (isRecord(v) ? v[k] : undefined), o);
	if (message.type === 'text') summary.text = String(get(body, 'text', 'body') ?? '');
	if (message.type === 'template') summary.template = message.templateName ?? String(get(body, 'template', 'name') ?? '');
	if (message.type === 'interactive') {
		summary.type = `interactive:${String(get(body, 'interactive', 'type') ?? '')}`;
		summary.text = String(get(body, 'interactive', 'body', 'text') ?? '');
		const buttons = get(body, 'interactive', 'action', 'buttons');
		if (Array.isArray(buttons)) summary.buttons = buttons.map((b) => String(get(b, 'reply', 'title') ?? ''));
		const sections = get(body, 'interactive', 'action', 'sections');
		if (Array.isArray(sections)) summary.rows = sections.flatMap((s) => (Array.isArray(get(s, 'rows')) ? (get(s, 'rows') as unknown[]).map((r) => String(get(r, 'id') ?? '')) : []));
	}
	return summary;
}

/** Business messages to the customer: accepted sends, and sends the Cloud API refused synchronously. */
function repliesSince(sim: SimulatorCore, fromAccepted: number, fromRefused: number): ReplySummary[] {
	const pnid = sim.chat.phoneNumberId(sim);
	const accepted = sim.acceptedMessages.slice(fromAccepted).filter((m) => m.phoneNumberId === pnid).map(summarize);
	const refused = refusedSends(sim)
		.slice(fromRefused)
		.map((r) => ({ to: r.to, type: r.type, refused: r.code, ...(r.text ? { text: r.text } : {}) }));
	return [...accepted, ...refused];
}

function refusedSends(sim: SimulatorCore): Array<{ to: string; type: string; code: number; text?: string; at: number; body: unknown; message: string }> {
	const path = `/${sim.chat.phoneNumberId(sim)}/messages`;
	return sim.requests
		.filter((r) => r.method === 'POST' && r.path.endsWith(path) && r.status >= 400 && isRecord(r.body) && typeof r.body.to === 'string')
		.map((r) => {
			const body = r.body as Record<string, unknown>;
			const error = isRecord(r.response) && isRecord(r.response.error) ? r.response.error : {};
			const text = isRecord(body.text) ? String(body.text.body ?? '') : undefined;
			return { to: digitsOnly(String(body.to)), type: String(body.type ?? 'text'), code: Number(error.code ?? r.status), text, at: r.simTime ?? r.time.getTime(), body, message: String(error.message ?? '') };
		});
}

async function send(sim: SimulatorCore, waId: string, input: Record<string, unknown>): Promise<ChatEntry> {
	const customer = sim.chat.customers.find((c) => c.waId === waId);
	const clean = { ...input } as Record<string, unknown>;
	let mediaBytes: Buffer | undefined;
	if (typeof clean.mediaBase64 === 'string') mediaBytes = Buffer.from(clean.mediaBase64, 'base64');
	delete clean.mediaBase64;
	const inbound = { ...clean, from: waId, profileName: customer?.name, mediaBytes, phoneNumberId: sim.chat.phoneNumberId(sim) } as InboundMessageInput;
	const result = await injectInbound(sim, inbound);
	const message = (result.payload as { entry?: Array<{ changes?: Array<{ value?: { messages?: Array<Record<string, unknown>> } }> }> }).entry?.[0]?.changes?.[0]?.value?.messages?.[0];
	const kind = message && typeof message.type === 'string' ? message[message.type] : undefined;
	const entry: ChatEntry = {
		seq: ++sim.chat.seq,
		waId,
		wamid: result.wamid,
		at: sim.now(),
		input: clean as ChatEntry['input'],
		mediaId: isRecord(kind) && typeof kind.id === 'string' ? kind.id : undefined,
		webhookStatus: result.deliveredStatus,
	};
	sim.chat.log.push(entry);
	return entry;
}

function record(sim: SimulatorCore, step: ChatStep): void {
	sim.chat.recording?.steps.push({ step, fromAccepted: sim.acceptedMessages.length, fromRefused: refusedSends(sim).length });
}

export function currentRecording(sim: SimulatorCore): ChatRecording {
	const steps = sim.chat.recording?.steps ?? [];
	return {
		format: 'wabp-chat-recording',
		version: 1,
		customers: sim.chat.customers.filter((c) => steps.some((s) => s.step.action === 'send' && s.step.waId === c.waId)),
		steps: steps.map((s, i) => {
			const next = steps[i + 1];
			return { ...s.step, replies: next ? boundedReplies(sim, s, next) : repliesSince(sim, s.fromAccepted, s.fromRefused) };
		}),
	};
}

function boundedReplies(sim: SimulatorCore, s: { fromAccepted: number; fromRefused: number }, next: { fromAccepted: number; fromRefused: number }): ReplySummary[] {
	const pnid = sim.chat.phoneNumberId(sim);
	const accepted = sim.acceptedMessages.slice(s.fromAccepted, next.fromAccepted).filter((m) => m.phoneNumberId === pnid).map(summarize);
	const refused = refusedSends(sim)
		.slice(s.fromRefused, next.fromRefused)
		.map((r) => ({ to: r.to, type: r.type, refused: r.code, ...(r.text ? { text: r.text } : {}) }));
	return [...accepted, ...refused];
}

const sleep = async (ms: number) => await new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Plays a recording's steps one by one and collects the business's replies to each: a step is done
 * once the expected number of replies arrived and nothing new came for `quietMs`, or after
 * `stepTimeoutMs`. `renumber` maps recorded customer numbers to others (a workflow's contact book
 * remembers customers, so a second run with the same numbers is a different conversation).
 */
export async function replayChat(
	sim: SimulatorCore,
	recording: ChatRecording,
	options: { renumber?: Record<string, string>; quietMs?: number; stepTimeoutMs?: number } = {},
): Promise<ReplayResult> {
	if (recording?.format !== 'wabp-chat-recording' || !Array.isArray(recording.steps)) throw new TypeError('Not a chat recording: expected { format: "wabp-chat-recording", steps: [...] }.');
	const map = options.renumber ?? {};
	const quietMs = options.quietMs ?? 1500;
	const stepTimeoutMs = options.stepTimeoutMs ?? 20_000;
	for (const customer of recording.customers ?? []) {
		const waId = map[customer.waId] ?? customer.waId;
		if (!sim.chat.customers.some((c) => c.waId === waId)) sim.chat.customers.push({ ...customer, waId });
	}
	const steps: ReplayResult['steps'] = [];
	for (const recorded of recording.steps) {
		const { replies: expectedRaw, ...step } = recorded;
		const expected = (expectedRaw ?? []).map((r) => ({ ...r, to: map[r.to] ?? r.to }));
		const fromAccepted = sim.acceptedMessages.length;
		const fromRefused = refusedSends(sim).length;
		if (step.action === 'clock') sim.virtualClock.jump(step.jump, step.timeZone);
		else if (step.action === 'business') await runAction(sim, step.label, map[step.waId] ?? step.waId);
		else await send(sim, map[step.waId] ?? step.waId, step.input as Record<string, unknown>);
		const started = Date.now();
		let lastCount = -1;
		let lastChange = Date.now();
		for (;;) {
			const count = repliesSince(sim, fromAccepted, fromRefused).length;
			if (count !== lastCount) {
				lastCount = count;
				lastChange = Date.now();
			}
			if (count >= expected.length && Date.now() - lastChange >= quietMs) break;
			if (Date.now() - started >= stepTimeoutMs) break;
			await sleep(100);
		}
		const actual = repliesSince(sim, fromAccepted, fromRefused);
		steps.push({ step: step as ChatStep, expected, actual, same: JSON.stringify(actual) === JSON.stringify(expected) });
	}
	return { ok: steps.every((s) => s.same), steps };
}

/** Runs a business action of the page (server-side, so the page needs no CORS from n8n). */
async function runAction(sim: SimulatorCore, label: string, waId: string): Promise<{ status: number; body: string }> {
	const action = sim.chat.config.actions?.find((a) => a.label === label);
	if (!action) throw new TypeError(`No business action "${label}": configure it with POST /__sim/chat/config { actions: [{ label, url }] }.`);
	const name = sim.chat.customers.find((c) => c.waId === waId)?.name;
	try {
		const response = await fetch(action.url, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ waId, name }) });
		return { status: response.status, body: (await response.text()).slice(0, 500) };
	} catch (error) {
		return { status: 0, body: (error as Error).message };
	}
}

function windowsView(sim: SimulatorCore): Record<string, { open: boolean; lastInboundAt?: number; closesAt?: number }> {
	const out: Record<string, { open: boolean; lastInboundAt?: number; closesAt?: number }> = {};
	const pnid = sim.chat.phoneNumberId(sim);
	for (const c of sim.chat.customers) {
		const t = sim.windows.get(sim.windowKey(c.waId, pnid));
		out[c.waId] = { open: sim.isWindowOpen(c.waId, pnid), lastInboundAt: t, closesAt: t === undefined ? undefined : t + 24 * 3600 * 1000 };
	}
	return out;
}

function stateView(sim: SimulatorCore): Record<string, unknown> {
	const phone = sim.phoneFor(sim.chat.phoneNumberId(sim));
	const statuses = new Map<string, string>();
	for (const w of sim.webhooks) if (w.kind === 'status' && w.wamid && w.statusName) statuses.set(w.wamid, w.statusName);
	return {
		business: { name: phone.config.verified_name, number: phone.config.display_phone_number, phoneNumberId: phone.config.id },
		clock: sim.virtualClock.view(),
		customers: sim.chat.customers,
		customerMessages: sim.chat.log,
		businessMessages: sim.acceptedMessages.filter((m) => m.phoneNumberId === phone.config.id).slice(-500).map((m) => ({ ...m, acceptedAt: m.acceptedAt.getTime(), status: statuses.get(m.id) ?? 'accepted' })),
		refused: refusedSends(sim).slice(-100),
		readMarks: sim.readMarks.slice(-500).map((r) => ({ ...r, at: r.at.getTime() })),
		templates: sim.templatesList.filter((t) => t.status !== 'DELETED').map((t) => ({ name: t.name, language: t.language, category: t.category, components: t.components })),
		windows: windowsView(sim),
		limits: { messagesPerSecond: sim.options.messagesPerSecond, pairRate: sim.options.pairRate, stats: sim.statsData },
		faults: Object.fromEntries(sim.chat.faults),
		webhookUrl: webhookUrlFor(sim, phone.config.id),
		phones: [...sim.phones.values()].map((p) => ({ id: p.config.id, name: p.config.verified_name, number: p.config.display_phone_number })),
		actions: (sim.chat.config.actions ?? []).map((a) => ({ label: a.label })),
		recording: sim.chat.recording ? { steps: sim.chat.recording.steps.length } : null,
		traffic: {
			graph: sim.requests
				.filter((r) => !r.path.startsWith('/__sim/') && !r.path.startsWith('/_sim/'))
				.slice(-80)
				.map((r) => ({ method: r.method, path: r.path, status: r.status, body: r.body, response: r.response, at: r.simTime ?? r.time.getTime() })),
			webhooks: sim.webhooks.slice(-80).map((w) => ({ kind: w.kind, field: w.field, url: w.url, status: w.status, skipped: w.skipped, signature: w.signature, payload: w.payload, at: w.createdAt.getTime() })),
		},
	};
}

/** The page's API under /__sim/chat/. */
export async function chatControl(sim: SimulatorCore, method: string, pathname: string, body: Record<string, unknown>): Promise<Reply> {
	const route = `${method} ${pathname}`;
	switch (route) {
		case 'GET /__sim/chat/state':
			return { status: 200, json: stateView(sim) };
		case 'POST /__sim/chat/send': {
			const waId = digitsOnly(String(body.waId ?? ''));
			if (!waId) return { status: 400, json: { error: 'waId is required' } };
			const input = isRecord(body.input) ? body.input : {};
			const recorded = { ...input };
			delete recorded.mediaBase64;
			record(sim, { action: 'send', waId, input: recorded as ChatEntry['input'] });
			const entry = await send(sim, waId, input);
			return { status: 200, json: entry };
		}
		case 'POST /__sim/chat/customers': {
			const waId = digitsOnly(String(body.waId ?? ''));
			if (waId.length < 8) return { status: 400, json: { error: 'waId must be a phone number in international format (8+ digits)' } };
			const existing = sim.chat.customers.find((c) => c.waId === waId);
			const customer = { waId, name: String(body.name ?? '').trim() || `+${waId}`, country: String(body.country ?? '').toUpperCase().slice(0, 2) };
			if (existing) Object.assign(existing, customer);
			else sim.chat.customers.push(customer);
			return { status: 200, json: customer };
		}
		case 'POST /__sim/chat/fault': {
			const waId = digitsOnly(String(body.waId ?? ''));
			const code = body.code === null || body.code === undefined ? undefined : Number(body.code);
			if (!waId) return { status: 400, json: { error: 'waId is required' } };
			if (code !== undefined && ![131047, 131026, 130429].includes(code)) return { status: 400, json: { error: 'code must be 131047, 131026, 130429 or null' } };
			sim.chat.faults.delete(waId);
			sim.undeliverable.delete(waId);
			if (code === 131047) sim.windows.delete(sim.windowKey(waId, sim.chat.phoneNumberId(sim)));
			if (code === 131026) sim.undeliverable.add(waId);
			if (code !== undefined) sim.chat.faults.set(waId, code);
			return { status: 200, json: { waId, code: code ?? null } };
		}
		case 'POST /__sim/chat/record':
			if (body.on === true) sim.chat.recording = { steps: [] };
			else if (body.on === false && !sim.chat.recording) return { status: 200, json: currentRecording(sim) };
			if (body.on === false) {
				const recording = currentRecording(sim);
				sim.chat.recording = undefined;
				return { status: 200, json: recording };
			}
			return { status: 200, json: { recording: true } };
		case 'POST /__sim/chat/config':
			try {
				configureChat(sim, body as ChatConfig);
			} catch (error) {
				if (error instanceof TypeError) return { status: 400, json: { error: error.message } };
				throw error;
			}
			return { status: 200, json: sim.chat.config };
		case 'POST /__sim/chat/action': {
			const waId = digitsOnly(String(body.waId ?? ''));
			const label = String(body.label ?? '');
			if (!sim.chat.config.actions?.some((a) => a.label === label)) return { status: 400, json: { error: `no business action "${label}"` } };
			record(sim, { action: 'business', label, waId });
			return { status: 200, json: await runAction(sim, label, waId) };
		}
		case 'GET /__sim/chat/recording':
			return { status: 200, json: currentRecording(sim) };
		case 'POST /__sim/chat/replay': {
			try {
				const result = await replayChat(sim, body.recording as ChatRecording, { renumber: isRecord(body.renumber) ? (body.renumber as Record<string, string>) : undefined });
				return { status: 200, json: result };
			} catch (error) {
				if (error instanceof TypeError) return { status: 400, json: { error: error.message } };
				throw error;
			}
		}
	}
	return { status: 404, json: { error: `unknown chat route ${route}` } };
}

/** A clock jump made from the page is a step of the recording. */
export function recordClockJump(sim: SimulatorCore, jump: string, timeZone?: string): void {
	record(sim, { action: 'clock', jump, ...(timeZone ? { timeZone } : {}) });
}

export function configureChat(sim: SimulatorCore, config: ChatConfig): void {
	if (config.phoneNumberId !== undefined) {
		if (config.phoneNumberId && !sim.phones.has(config.phoneNumberId)) throw new TypeError(`unknown phone number id ${config.phoneNumberId}`);
		sim.chat.config.phoneNumberId = config.phoneNumberId || undefined;
	}
	if (Array.isArray(config.actions)) sim.chat.config.actions = config.actions.filter((a) => a && typeof a.label === 'string' && typeof a.url === 'string').map((a) => ({ label: a.label, url: a.url }));
}
