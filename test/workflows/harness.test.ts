/* eslint-disable @n8n/community-nodes/no-restricted-imports -- test code runs in Node, not inside n8n */
/**
 * The engine harness itself: a workflow runs through n8n-core with the package loaded from dist/,
 * the credential's generic authentication reaches the wire, and expressions resolve.
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

import { runWorkflow, singleNodeWorkflow } from './harness';

interface Seen {
	method?: string;
	url?: string;
	authorization?: string;
	body: unknown;
}

describe('engine harness', () => {
	let server: Server;
	let url: string;
	const seen: Seen[] = [];

	beforeAll(async () => {
		server = createServer((req: IncomingMessage, res) => {
			let raw = '';
			req.on('data', (chunk) => (raw += chunk));
			req.on('end', () => {
				seen.push({ method: req.method, url: req.url, authorization: req.headers.authorization, body: JSON.parse(raw || '{}') });
				res.setHeader('content-type', 'application/json');
				res.end(
					JSON.stringify({
						messaging_product: 'whatsapp',
						contacts: [{ input: '15551234567', wa_id: '15551234567' }],
						messages: [{ id: 'wamid.TEST' }],
					}),
				);
			});
		});
		await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
		url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
	});

	afterAll(async () => {
		await new Promise((done) => server.close(done));
	});

	it('runs Send Text with an expression and the Bearer token from the credential', async () => {
		const result = await runWorkflow(
			singleNodeWorkflow({
				resource: 'message',
				operation: 'sendText',
				phoneNumberId: { __rl: true, mode: 'id', value: '106540352242922' },
				recipient: '={{ $json.phone }}',
				text: '=Hello {{ $json.name }}',
			}),
			{
				credentials: {
					whatsAppBusinessPlatformApi: { accessToken: 'T0KEN', businessAccountId: '1', phoneNumberId: '', apiVersion: 'v25.0', baseUrl: url },
				},
				input: [{ json: { phone: '+1 (555) 123-4567', name: 'Ana' } }],
			},
		);
		expect(result.error).toBeUndefined();
		expect(seen).toHaveLength(1);
		expect(seen[0]).toMatchObject({ method: 'POST', url: '/v25.0/106540352242922/messages', authorization: 'Bearer T0KEN' });
		expect(seen[0].body).toEqual({
			messaging_product: 'whatsapp',
			recipient_type: 'individual',
			to: '+15551234567',
			type: 'text',
			text: { preview_url: false, body: 'Hello Ana' },
		});
		expect(result.output('WhatsApp')[0].json).toMatchObject({ messageId: 'wamid.TEST', waId: '15551234567', status: 'accepted' });
	});
});
