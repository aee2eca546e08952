/* eslint-disable @n8n/community-nodes/no-restricted-imports -- test tooling runs in Node, not inside n8n */
/**
 * A tiny stand-in for Meta's Graph API on 127.0.0.1, for e2e tests that only need "a send was
 * accepted" and a record of what arrived. The full Cloud API simulator lives in `simulator/`;
 * this stub has the same handle shape (`url`, `requests`, `stop`) so tests can switch.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RecordedRequest {
	method: string;
	/** Path without the query, e.g. `/v25.0/106540352242922/messages`. */
	path: string;
	query: Record<string, string>;
	headers: Record<string, string | string[] | undefined>;
	rawBody: string;
	/** The parsed JSON body, or undefined. */
	body: unknown;
}

export interface GraphStubOptions {
	port?: number;
	/** The token the stub accepts (`Authorization: Bearer <token>`). */
	token?: string;
	businessAccountId?: string;
	phoneNumberId?: string;
}

export interface GraphStub {
	url: string;
	token: string;
	businessAccountId: string;
	phoneNumberId: string;
	requests: RecordedRequest[];
	/** Requests to `/<version>/<phone id>/messages`. */
	messageRequests(): RecordedRequest[];
	stop(): Promise<void>;
}

const oauthError = {
	error: { message: 'Invalid OAuth access token - Cannot parse access token', type: 'OAuthException', code: 190, fbtrace_id: 'AStubTrace' },
};

export async function startGraphStub(options: GraphStubOptions = {}): Promise<GraphStub> {
	const token = options.token ?? 'stub-token';
	const businessAccountId = options.businessAccountId ?? '102290129340398';
	const phoneNumberId = options.phoneNumberId ?? '106540352242922';
	const requests: RecordedRequest[] = [];
	let counter = 0;

	const server = createServer((req, res) => {
		const chunks: Buffer[] = [];
		req.on('data', (chunk: Buffer) => chunks.push(chunk));
		req.on('end', () => {
			const url = new URL(req.url ?? '/', 'http://stub');
			const rawBody = Buffer.concat(chunks).toString('utf8');
			let body: unknown;
			try {
				body = rawBody ? JSON.parse(rawBody) : undefined;
			} catch {
				body = undefined;
			}
			requests.push({ method: req.method ?? 'GET', path: url.pathname, query: Object.fromEntries(url.searchParams), headers: req.headers, rawBody, body });

			const send = (status: number, payload: unknown) => {
				res.writeHead(status, { 'content-type': 'application/json' });
				res.end(JSON.stringify(payload));
			};
			if (req.headers.authorization !== `Bearer ${token}`) return send(401, oauthError);

			const parts = url.pathname.split('/').filter(Boolean); // [version, id, edge?]
			if (req.method === 'POST' && parts.length === 3 && parts[2] === 'messages') {
				const to = String((body as { to?: unknown } | undefined)?.to ?? '');
				counter += 1;
				const wamid = `wamid.STUB${String(counter).padStart(6, '0')}`;
				return send(200, { messaging_product: 'whatsapp', contacts: [{ input: to.startsWith('+') ? to : `+${to}`, wa_id: to.replace(/^\+/, '') }], messages: [{ id: wamid }] });
			}
			if (req.method === 'GET' && parts.length === 2 && parts[1] === businessAccountId) {
				return send(200, { id: businessAccountId, name: 'Stub Business Account' });
			}
			if (req.method === 'GET' && parts.length === 3 && parts[1] === businessAccountId && parts[2] === 'phone_numbers') {
				return send(200, {
					data: [{ id: phoneNumberId, display_phone_number: '+1 555-010-0000', verified_name: 'Stub Shop', quality_rating: 'GREEN' }],
					paging: { cursors: { before: 'b', after: 'a' } },
				});
			}
			return send(400, {
				error: { message: `Unsupported ${req.method} request to ${url.pathname} (graph stub)`, type: 'GraphMethodException', code: 100, error_subcode: 33, fbtrace_id: 'AStubTrace' },
			});
		});
	});
	await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
	const { port } = server.address() as AddressInfo;
	return {
		url: `http://127.0.0.1:${port}`,
		token,
		businessAccountId,
		phoneNumberId,
		requests,
		messageRequests: () => requests.filter((r) => r.method === 'POST' && /\/messages$/.test(r.path)),
		stop: async () => await new Promise<void>((resolve) => server.close(() => resolve())),
	};
}
