/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals, @typescript-eslint/no-explicit-any -- test code for a dev tool that runs in Node, not inside n8n; response bodies are untyped JSON */
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders, Server } from 'node:http';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

import type { SimulatorHandle } from '../../simulator';

export const PNID = '106540352242922';
export const WABA = '102290129340398';
export const TOKEN = 'sim-token';
export const SECRET = 'sim-app-secret';
export const CUSTOMER = '15551234567';

export interface ApiResult {
	status: number;
	body: any;
	headers: Headers;
}

export async function api(
	sim: SimulatorHandle,
	method: string,
	path: string,
	opts: { body?: unknown; token?: string | null; headers?: Record<string, string>; raw?: string | Buffer; contentType?: string } = {},
): Promise<ApiResult> {
	const headers: Record<string, string> = { ...(opts.headers ?? {}) };
	if (opts.token !== null) headers.Authorization = `Bearer ${opts.token ?? TOKEN}`;
	let body: string | Buffer | undefined;
	if (opts.raw !== undefined) {
		body = opts.raw;
		if (opts.contentType) headers['Content-Type'] = opts.contentType;
	} else if (opts.body !== undefined) {
		body = JSON.stringify(opts.body);
		headers['Content-Type'] = opts.contentType ?? 'application/json';
	}
	const response = await fetch(sim.url + path, { method, headers, body });
	const text = await response.text();
	let parsed: unknown = text;
	try {
		parsed = JSON.parse(text);
	} catch {
		// not JSON
	}
	return { status: response.status, body: parsed, headers: response.headers };
}

export const send = (sim: SimulatorHandle, message: Record<string, unknown>, version = 'v25.0', token?: string) =>
	api(sim, 'POST', `/${version}/${PNID}/messages`, { body: { messaging_product: 'whatsapp', ...message }, token });

export const text = (to = CUSTOMER, body = 'Hello') => ({ to, type: 'text', text: { body } });

export interface ReceivedWebhook {
	headers: IncomingHttpHeaders;
	rawBody: Buffer;
	json: any;
}

export interface Receiver {
	url: string;
	received: ReceivedWebhook[];
	handshakes: Array<Record<string, string>>;
	/** HTTP status for the next POSTs (default 200). */
	status: number;
	verifyToken: string;
	/** Resolves when `count` webhooks matching the predicate arrived. */
	waitFor(predicate: (w: ReceivedWebhook) => boolean, count?: number, timeoutMs?: number): Promise<ReceivedWebhook[]>;
	close(): Promise<void>;
}

/** A local webhook endpoint that answers Meta's GET handshake and records signed POSTs. */
export async function startReceiver(verifyToken = 'verify-me'): Promise<Receiver> {
	const received: ReceivedWebhook[] = [];
	const handshakes: Array<Record<string, string>> = [];
	const listeners = new Set<() => void>();
	const receiver = { status: 200, verifyToken } as Receiver;
	const server: Server = createServer((req, res) => {
		const url = new URL(req.url ?? '/', 'http://x');
		if (req.method === 'GET') {
			const q = Object.fromEntries(url.searchParams);
			handshakes.push(q);
			if (q['hub.mode'] === 'subscribe' && q['hub.verify_token'] === receiver.verifyToken) {
				res.writeHead(200, { 'Content-Type': 'text/plain' });
				res.end(q['hub.challenge']);
			} else {
				res.writeHead(403);
				res.end('forbidden');
			}
			return;
		}
		const chunks: Buffer[] = [];
		req.on('data', (c: Buffer) => chunks.push(c));
		req.on('end', () => {
			const rawBody = Buffer.concat(chunks);
			let json: unknown;
			try {
				json = JSON.parse(rawBody.toString('utf8'));
			} catch {
				json = undefined;
			}
			received.push({ headers: req.headers, rawBody, json });
			res.writeHead(receiver.status);
			res.end('ok');
			for (const l of listeners) l();
		});
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	receiver.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/webhook`;
	receiver.received = received;
	receiver.handshakes = handshakes;
	receiver.waitFor = (predicate, count = 1, timeoutMs = 8000) =>
		new Promise((resolve, reject) => {
			const check = () => {
				const matches = received.filter(predicate);
				if (matches.length >= count) {
					listeners.delete(check);
					clearTimeout(timer);
					resolve(matches);
				}
			};
			const timer = setTimeout(() => {
				listeners.delete(check);
				reject(new Error(`timeout waiting for ${count} webhook(s); got ${received.filter(predicate).length}`));
			}, timeoutMs);
			listeners.add(check);
			check();
		});
	receiver.close = () =>
		new Promise<void>((resolve) => {
			server.closeAllConnections();
			server.close(() => resolve());
		});
	return receiver;
}

/** Verifies X-Hub-Signature-256 over the raw bytes, in constant time. */
export function verifySignature(rawBody: Buffer, header: string | string[] | undefined, secret = SECRET): boolean {
	if (typeof header !== 'string' || !header.startsWith('sha256=')) return false;
	const expected = Buffer.from(createHmac('sha256', secret).update(rawBody).digest('hex'));
	const given = Buffer.from(header.slice(7));
	return given.length === expected.length && timingSafeEqual(given, expected);
}

export const statusOf = (w: ReceivedWebhook) => w.json?.entry?.[0]?.changes?.[0]?.value?.statuses?.[0];

/** Asserts Meta's error envelope and returns `error`. */
export function expectError(result: { status: number; body: any }, httpStatus: number, code: number): any {
	expect(result.status).toBe(httpStatus);
	expect(result.body).toEqual({ error: expect.objectContaining({ message: expect.any(String), type: expect.any(String), code, fbtrace_id: expect.any(String) }) });
	return result.body.error;
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Polls until the condition holds (timing-independent under load). */
export async function waitUntil(condition: () => boolean, timeoutMs = 5000): Promise<void> {
	const deadline = Date.now() + timeoutMs;
	while (!condition()) {
		if (Date.now() > deadline) throw new Error('waitUntil: condition not met in time');
		await sleep(10);
	}
}
