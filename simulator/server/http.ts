/** Reply helpers shared by the endpoint modules: errors, header redaction, body reading, Graph paging. */
/* eslint-disable @n8n/community-nodes/no-restricted-imports -- dev tool that runs in Node, not inside n8n (it emulates Meta's HTTP server) */
import type { IncomingMessage } from 'node:http';
import { GraphError, param100, waError } from '../errors';
import type { Reply } from './types';

// ---------------------------------------------------------------------------------------------
// Helpers

export function throughputError(): GraphError {
	return waError(130429, 'Cloud API message throughput has been reached.', 400, { subcode: 2494055 });
}

export function errorReply(error: GraphError): Reply {
	return { status: error.httpStatus, json: error.toBody() };
}

export function redactHeaders(headers: IncomingMessage['headers']): Record<string, string> {
	const out: Record<string, string> = {};
	for (const [k, v] of Object.entries(headers)) {
		if (v === undefined) continue;
		const value = Array.isArray(v) ? v.join(', ') : v;
		out[k] = k === 'authorization' ? value.replace(/^(\S+)\s+.*$/, '$1 ***') : value;
	}
	return out;
}

export function readBody(req: IncomingMessage, limit: number): Promise<Buffer | 'too-large'> {
	return new Promise((resolve, reject) => {
		const chunks: Buffer[] = [];
		let size = 0;
		let tooLarge = false;
		req.on('data', (chunk: Buffer) => {
			size += chunk.length;
			if (size > limit) {
				tooLarge = true;
				chunks.length = 0;
				return;
			}
			chunks.push(chunk);
		});
		req.on('end', () => resolve(tooLarge ? 'too-large' : Buffer.concat(chunks)));
		req.on('error', reject);
		req.on('aborted', () => reject(new Error('request aborted')));
	});
}

export function cursor(index: number): string {
	return Buffer.from(`sim-cursor:${index}`).toString('base64').replace(/=+$/, '');
}

export function decodeCursor(value: string | undefined): number | undefined {
	if (!value) return undefined;
	const m = /^sim-cursor:(\d+)$/.exec(Buffer.from(value, 'base64').toString('utf8'));
	return m ? Number(m[1]) : undefined;
}

/** Graph cursor paging (`limit`, `after`, `before`) with `{cursors:{before,after}, next?, previous?}`. */
export function paginate<T>(list: T[], query: Record<string, string>, defaultLimit: number, baseUrl: string): { items: T[]; paging?: Record<string, unknown> } {
	const limit = Math.max(1, Math.min(1000, Number(query.limit) > 0 ? Math.floor(Number(query.limit)) : defaultLimit));
	let start = 0;
	const after = decodeCursor(query.after);
	const before = decodeCursor(query.before);
	if (query.after !== undefined && after === undefined) throw param100('Param after must be a valid cursor.', false);
	if (after !== undefined) start = after + 1;
	else if (before !== undefined) start = Math.max(0, before - limit);
	const end = before !== undefined && after === undefined ? before : start + limit;
	const items = list.slice(start, Math.min(end, list.length));
	if (items.length === 0) return { items };
	const first = start;
	const last = start + items.length - 1;
	const paging: Record<string, unknown> = { cursors: { before: cursor(first), after: cursor(last) } };
	const extra = Object.entries(query)
		.filter(([k]) => !['after', 'before', 'access_token'].includes(k))
		.map(([k, v]) => `&${encodeURIComponent(k)}=${encodeURIComponent(v)}`)
		.join('');
	if (last < list.length - 1) paging.next = `${baseUrl}?limit=${limit}${extra.replace(/&limit=[^&]*/, '')}&after=${cursor(last)}`;
	if (first > 0) paging.previous = `${baseUrl}?limit=${limit}${extra.replace(/&limit=[^&]*/, '')}&before=${cursor(first)}`;
	return { items, paging };
}
