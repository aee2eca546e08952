/* eslint-disable @n8n/community-nodes/no-restricted-imports -- test tooling runs in Node, not inside n8n */
/**
 * Small local stand-ins for the third-party services the workflow templates call
 * (`examples/templates/`), each recording what it received:
 * - HubSpot's CRM search (`POST /crm/v3/objects/contacts/search`, bearer token);
 * - an OpenAI-shaped endpoint (`POST /v1/chat/completions` with tool calls, `POST
 *   /v1/audio/transcriptions`) that answers deterministically from what it is sent;
 * - Shopify and WooCommerce order webhooks, built in their shapes and signed like the shops do.
 * Slack is `slackStub.ts`. Tokens are made per run, never written down.
 */
import { createHmac, randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RecordedCall {
	method: string;
	path: string;
	headers: IncomingMessage['headers'];
	body: unknown;
	raw: Buffer;
}

interface Server {
	url: string;
	token: string;
	calls: RecordedCall[];
	stop(): Promise<void>;
}

/** A token for a stand-in, made at run time (no secret-looking literal in the repository). */
export function runToken(prefix: string): string {
	return `${prefix}-${randomBytes(12).toString('hex')}`;
}

async function serve(token: string, handle: (call: RecordedCall, res: ServerResponse) => void): Promise<Server> {
	const calls: RecordedCall[] = [];
	const server = createServer((req, res) => {
		const chunks: Buffer[] = [];
		req.on('data', (chunk: Buffer) => chunks.push(chunk));
		req.on('end', () => {
			const raw = Buffer.concat(chunks);
			let body: unknown = undefined;
			if (String(req.headers['content-type'] ?? '').includes('json') && raw.length) {
				try {
					body = JSON.parse(raw.toString('utf8'));
				} catch {
					body = undefined;
				}
			}
			const call: RecordedCall = { method: req.method ?? 'GET', path: req.url ?? '/', headers: req.headers, body, raw };
			calls.push(call);
			if (req.headers.authorization !== `Bearer ${token}`) {
				res.writeHead(401, { 'content-type': 'application/json' });
				res.end(JSON.stringify({ status: 'error', message: 'Authentication credentials not found.' }));
				return;
			}
			handle(call, res);
		});
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as AddressInfo;
	return { url: `http://127.0.0.1:${port}`, token, calls, stop: async () => await new Promise<void>((resolve) => server.close(() => resolve())) };
}

function json(res: ServerResponse, status: number, body: unknown): void {
	res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
	res.end(JSON.stringify(body));
}

// ------------------------------------------------------------------------------------ HubSpot

export interface HubSpotContact {
	id: string;
	phone: string;
	firstname: string;
	lastname: string;
	email?: string;
}

export type HubSpotStandIn = Server & { contacts: HubSpotContact[] };

/** CRM v3 contact search: `filterGroups[].filters[]` with `EQ` on any property. */
export async function startHubSpotStandIn(contacts: HubSpotContact[] = []): Promise<HubSpotStandIn> {
	const server = await serve(runToken('hubspot'), (call, res) => {
		if (call.method !== 'POST' || !call.path.startsWith('/crm/v3/objects/contacts/search')) return json(res, 404, { status: 'error', message: 'Not found' });
		const body = call.body as { filterGroups?: Array<{ filters?: Array<{ propertyName: string; operator: string; value: string }> }> } | undefined;
		const filters = body?.filterGroups?.flatMap((group) => group.filters ?? []) ?? [];
		if (!filters.length || filters.some((filter) => filter.operator !== 'EQ')) return json(res, 400, { status: 'error', message: 'only EQ filters are supported here' });
		const found = contacts.filter((contact) => filters.every((filter) => String((contact as unknown as Record<string, unknown>)[filter.propertyName] ?? '') === filter.value));
		return json(res, 200, {
			total: found.length,
			results: found.map((contact) => ({ id: contact.id, properties: { firstname: contact.firstname, lastname: contact.lastname, email: contact.email ?? null, phone: contact.phone, hs_object_id: contact.id }, archived: false })),
		});
	});
	return { ...server, contacts };
}

// ------------------------------------------------------------------------------------- OpenAI

interface ChatMessage {
	role: string;
	content?: string | null;
	tool_calls?: Array<{ id: string; type: string; function: { name: string; arguments: string } }>;
	tool_call_id?: string;
}

interface ChatTool {
	type: string;
	function: { name: string; description?: string; parameters?: unknown };
}

export type OpenAiStandIn = Server & {
	chatRequests: Array<{ messages: ChatMessage[]; tools: ChatTool[]; stream: boolean }>;
	transcriptions: Array<{ bytes: number; filename?: string; model?: string }>;
};

/**
 * The agent's decisions, from the conversation so far: read the contact first; then hand off when
 * the customer asks for a person, else send one answer built from the message and the contact;
 * then finish. The same input always gives the same output.
 */
export function decideNextStep(messages: ChatMessage[], tools: ChatTool[]): { toolCall?: { name: string; arguments: Record<string, unknown> }; content?: string } {
	const user = [...messages].reverse().find((message) => message.role === 'user')?.content ?? '';
	const toolName = (part: string) => tools.find((tool) => tool.function.name.toLowerCase().includes(part))?.function.name;
	const called = messages.flatMap((message) => message.tool_calls ?? []).map((call) => call.function.name);
	const contactTool = toolName('contact');
	const handOffTool = toolName('hand');
	const sendTool = toolName('send');
	if (contactTool && !called.includes(contactTool)) return { toolCall: { name: contactTool, arguments: {} } };
	const contactResult = messages.find((message) => message.role === 'tool')?.content ?? '';
	const wantsPerson = /\b(human|person|agent)\b/i.test(user);
	if (wantsPerson && handOffTool && !called.includes(handOffTool)) return { toolCall: { name: handOffTool, arguments: {} } };
	if (!wantsPerson && sendTool && !called.includes(sendTool)) {
		const name = /Customer (.+?) \(WhatsApp/.exec(user)?.[1] ?? 'there';
		const known = /"found":\s*true/.test(contactResult);
		const topic = /hour|open/i.test(user) ? 'We are open Monday to Saturday, 9:00 to 18:00.' : /ship|deliver/i.test(user) ? 'Orders ship within 2 working days.' : 'How can I help you today?';
		return { toolCall: { name: sendTool, arguments: { message: `Hi ${name}! ${topic}${known ? '' : ' Welcome to Lucky Shrub.'}` } } };
	}
	return { content: wantsPerson ? 'Handed off to a person.' : 'Answered the customer.' };
}

export async function startOpenAiStandIn(): Promise<OpenAiStandIn> {
	const chatRequests: OpenAiStandIn['chatRequests'] = [];
	const transcriptions: OpenAiStandIn['transcriptions'] = [];
	let seq = 0;
	const server = await serve(runToken('openai'), (call, res) => {
		if (call.method === 'POST' && call.path.startsWith('/v1/chat/completions')) {
			const body = (call.body ?? {}) as { model?: string; messages?: ChatMessage[]; tools?: ChatTool[]; stream?: boolean };
			const messages = body.messages ?? [];
			const tools = body.tools ?? [];
			chatRequests.push({ messages, tools, stream: Boolean(body.stream) });
			const step = decideNextStep(messages, tools);
			const id = `chatcmpl-standin-${++seq}`;
			const created = Math.floor(Date.now() / 1000);
			const toolCalls = step.toolCall ? [{ id: `call_${seq}`, type: 'function', function: { name: step.toolCall.name, arguments: JSON.stringify(step.toolCall.arguments) } }] : undefined;
			const finish = toolCalls ? 'tool_calls' : 'stop';
			const usage = { prompt_tokens: 10, completion_tokens: 5, total_tokens: 15 };
			if (body.stream) {
				res.writeHead(200, { 'content-type': 'text/event-stream' });
				const chunk = (delta: unknown, finishReason: string | null) =>
					res.write(`data: ${JSON.stringify({ id, object: 'chat.completion.chunk', created, model: body.model, choices: [{ index: 0, delta, finish_reason: finishReason }] })}\n\n`);
				chunk({ role: 'assistant', content: step.content ?? '', ...(toolCalls ? { tool_calls: toolCalls.map((t, index) => ({ index, ...t })) } : {}) }, null);
				chunk({}, finish);
				res.write(`data: ${JSON.stringify({ id, object: 'chat.completion.chunk', created, model: body.model, choices: [], usage })}\n\n`);
				res.end('data: [DONE]\n\n');
				return;
			}
			return json(res, 200, {
				id,
				object: 'chat.completion',
				created,
				model: body.model,
				choices: [{ index: 0, message: { role: 'assistant', content: step.content ?? null, ...(toolCalls ? { tool_calls: toolCalls } : {}) }, finish_reason: finish }],
				usage,
			});
		}
		if (call.method === 'POST' && call.path.startsWith('/v1/audio/transcriptions')) {
			const { file, fields } = parseMultipart(call);
			if (!file) return json(res, 400, { error: { message: 'file is required', type: 'invalid_request_error' } });
			transcriptions.push({ bytes: file.data.length, filename: file.filename, model: fields.model });
			return json(res, 200, { text: `voice note of ${file.data.length} bytes` });
		}
		return json(res, 404, { error: { message: `Unknown request URL: ${call.method} ${call.path}`, type: 'invalid_request_error' } });
	});
	return { ...server, chatRequests, transcriptions };
}

/** Just enough multipart/form-data for the transcription call: the file part and text fields. */
function parseMultipart(call: RecordedCall): { file?: { filename?: string; data: Buffer }; fields: Record<string, string> } {
	const boundary = /boundary=(?:"([^"]+)"|([^;]+))/.exec(String(call.headers['content-type'] ?? ''));
	const fields: Record<string, string> = {};
	if (!boundary) return { fields };
	const marker = Buffer.from(`--${boundary[1] ?? boundary[2]}`);
	let file: { filename?: string; data: Buffer } | undefined;
	let start = call.raw.indexOf(marker);
	while (start !== -1) {
		const next = call.raw.indexOf(marker, start + marker.length);
		if (next === -1) break;
		const part = call.raw.subarray(start + marker.length + 2, next - 2);
		const split = part.indexOf('\r\n\r\n');
		const head = part.subarray(0, split).toString('utf8');
		const data = part.subarray(split + 4);
		const name = /name="([^"]*)"/.exec(head)?.[1];
		const filename = /filename="([^"]*)"/.exec(head)?.[1];
		if (filename !== undefined || name === 'file') file = { filename, data };
		else if (name) fields[name] = data.toString('utf8');
		start = next;
	}
	return { file, fields };
}

// --------------------------------------------------------------------------------- the shops

export interface ShopOrder {
	id: number;
	number: string;
	phone: string;
	firstName: string;
}

export interface ShopWebhook {
	headers: Record<string, string>;
	body: Record<string, unknown>;
}

/** A Shopify webhook (`orders/create`, `fulfillments/create`, `fulfillments/update`), HMAC-signed. */
export function shopifyWebhook(topic: 'orders/create' | 'fulfillments/create' | 'fulfillments/update', order: ShopOrder, secret: string, extra: Record<string, unknown> = {}): ShopWebhook {
	const orderBody = {
		id: order.id,
		name: `#${order.number}`,
		order_number: Number(order.number),
		phone: null,
		customer: { id: 7001, first_name: order.firstName, phone: null },
		shipping_address: { first_name: order.firstName, phone: order.phone, country_code: 'ES' },
		financial_status: 'paid',
	};
	const body =
		topic === 'orders/create'
			? orderBody
			: {
					id: order.id * 10,
					order_id: order.id,
					name: `#${order.number}.1`,
					status: 'success',
					tracking_company: 'Correos',
					tracking_number: 'PK123',
					tracking_urls: ['https://track.example.com/PK123'],
					destination: { first_name: order.firstName, phone: order.phone, country_code: 'ES' },
					...extra,
				};
	const raw = JSON.stringify(body);
	return {
		headers: {
			'x-shopify-topic': topic,
			'x-shopify-hmac-sha256': createHmac('sha256', secret).update(raw).digest('base64'),
			'x-shopify-shop-domain': 'lucky-shrub.myshopify.com',
			'x-shopify-webhook-id': `wh-${order.id}-${topic.replace('/', '-')}`,
		},
		body,
	};
}

/** A WooCommerce webhook (`order.created`, `order.updated`), signed like WooCommerce does. */
export function wooCommerceWebhook(topic: 'order.created' | 'order.updated', order: ShopOrder, secret: string, status = 'processing'): ShopWebhook {
	const body = { id: order.id, number: order.number, status, billing: { first_name: order.firstName, phone: order.phone }, shipping: { first_name: order.firstName } };
	return {
		headers: { 'x-wc-webhook-topic': topic, 'x-wc-webhook-signature': createHmac('sha256', secret).update(JSON.stringify(body)).digest('base64'), 'x-wc-webhook-source': 'https://shop.example.com/' },
		body,
	};
}
