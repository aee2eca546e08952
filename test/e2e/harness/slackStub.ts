/* eslint-disable @n8n/community-nodes/no-restricted-imports -- test tooling runs in Node, not inside n8n */
/**
 * A small local stand-in for Slack's Web API: `chat.postMessage` (bearer token, JSON body, Slack's
 * `{ ok, channel, ts, message }` answer, threads by `thread_ts`). Events the agents "type" are
 * built with `threadReplyEvent`, in the Events API's `event_callback` shape.
 */
import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface SlackPost {
	channel: string;
	text: string;
	ts: string;
	threadTs?: string;
}

export interface SlackStub {
	url: string;
	token: string;
	posts: SlackPost[];
	stop(): Promise<void>;
}

export async function startSlackStub(token = 'xoxb-e2e-token'): Promise<SlackStub> {
	const posts: SlackPost[] = [];
	let seq = 0;
	const server = createServer((req, res) => {
		let raw = '';
		req.on('data', (chunk) => (raw += chunk));
		req.on('end', () => {
			const reply = (body: unknown) => {
				res.writeHead(200, { 'content-type': 'application/json; charset=utf-8' });
				res.end(JSON.stringify(body));
			};
			// Slack answers 200 with ok:false for API errors.
			if (req.headers.authorization !== `Bearer ${token}`) return reply({ ok: false, error: 'invalid_auth' });
			if (req.method !== 'POST' || !req.url?.startsWith('/api/chat.postMessage')) return reply({ ok: false, error: 'unknown_method' });
			let body: Record<string, unknown>;
			try {
				body = JSON.parse(raw) as Record<string, unknown>;
			} catch {
				return reply({ ok: false, error: 'invalid_json' });
			}
			if (typeof body.channel !== 'string' || !body.channel) return reply({ ok: false, error: 'channel_not_found' });
			if (typeof body.text !== 'string' || !body.text) return reply({ ok: false, error: 'no_text' });
			const ts = `${1_712_000_000 + ++seq}.${String(seq).padStart(6, '0')}`;
			const post: SlackPost = { channel: body.channel, text: body.text, ts, ...(typeof body.thread_ts === 'string' ? { threadTs: body.thread_ts } : {}) };
			posts.push(post);
			return reply({ ok: true, channel: post.channel, ts, message: { type: 'message', text: post.text, ts, ...(post.threadTs ? { thread_ts: post.threadTs } : {}), bot_id: 'B0E2E' } });
		});
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as AddressInfo;
	return { url: `http://127.0.0.1:${port}`, token, posts, stop: async () => await new Promise<void>((resolve) => server.close(() => resolve())) };
}

/** A person's reply in a thread, as the Events API delivers it (`event_callback` / `message`). */
export function threadReplyEvent(input: { channel: string; threadTs: string; user: string; text: string }): Record<string, unknown> {
	const ts = `${Math.floor(Date.now() / 1000)}.${String(Math.floor(Math.random() * 1e6)).padStart(6, '0')}`;
	return {
		token: 'verification-token',
		team_id: 'T0E2E',
		api_app_id: 'A0E2E',
		type: 'event_callback',
		event_id: `Ev${randomUUID().replace(/-/g, '').slice(0, 10).toUpperCase()}`,
		event_time: Math.floor(Date.now() / 1000),
		event: { type: 'message', channel: input.channel, user: input.user, text: input.text, ts, thread_ts: input.threadTs, event_ts: ts, channel_type: 'channel' },
	};
}
