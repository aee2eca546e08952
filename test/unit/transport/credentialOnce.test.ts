/**
 * The Graph transport reads the credential once per node run (n8n: a database read and a
 * decryption each time) and hands it to n8n's authenticated helper, which then does not read it
 * again. A new run (a new context) reads it again: nothing is kept across executions.
 */
import type { IExecuteFunctions, IHttpRequestOptions } from 'n8n-workflow';

import { getGraphCredentials, graphRequest } from '../../../nodes/shared/transport/graph';

function fakeContext(options: { failFirstRead?: boolean } = {}) {
	let reads = 0;
	const calls: Array<{ type: string; request: IHttpRequestOptions; extra: unknown }> = [];
	const decrypted = { accessToken: ['EAA', 'test'].join('-'), businessAccountId: ' 1 ', phoneNumberId: '2', appId: '3', appSecret: 's', apiVersion: 'v25.0', baseUrl: 'http://127.0.0.1:9/' };
	const context = {
		getNode: () => ({ name: 'WhatsApp', credentials: { whatsAppBusinessPlatformApi: { id: '7', name: 'WA' } } }),
		getCredentials: async () => {
			reads += 1;
			if (options.failFirstRead && reads === 1) throw new Error('credential store unavailable');
			return decrypted;
		},
		helpers: {
			httpRequestWithAuthentication: async (type: string, request: IHttpRequestOptions, extra: unknown) => {
				calls.push({ type, request, extra });
				return { statusCode: 200, headers: {}, body: { messages: [{ id: `wamid.${calls.length}` }] } };
			},
		},
	} as unknown as IExecuteFunctions;
	return { context, reads: () => reads, calls, decrypted };
}

describe('Graph transport credential reads', () => {
	it('reads the credential once for many requests of one run and passes it to n8n’s helper', async () => {
		const fake = fakeContext();
		await Promise.all(Array.from({ length: 50 }, async () => await graphRequest.call(fake.context, 'POST', '2/messages', { body: { to: '1' } })));
		expect(await getGraphCredentials.call(fake.context)).toMatchObject({ businessAccountId: '1', baseUrl: 'http://127.0.0.1:9' });
		expect(fake.reads()).toBe(1);
		expect(fake.calls).toHaveLength(50);
		for (const call of fake.calls) {
			expect(call.type).toBe('whatsAppBusinessPlatformApi');
			expect(call.request.url).toBe('http://127.0.0.1:9/v25.0/2/messages');
			expect(call.extra).toEqual({ credentialsDecrypted: { id: '7', name: 'WA', type: 'whatsAppBusinessPlatformApi', data: fake.decrypted } });
		}
	});

	it('reads it again in another run (another context)', async () => {
		const first = fakeContext();
		const second = fakeContext();
		await graphRequest.call(first.context, 'GET', 'me');
		await graphRequest.call(second.context, 'GET', 'me');
		await graphRequest.call(second.context, 'GET', 'me');
		expect(first.reads()).toBe(1);
		expect(second.reads()).toBe(1);
	});

	it('does not keep a failed read: the next request asks n8n again', async () => {
		const fake = fakeContext({ failFirstRead: true });
		await expect(graphRequest.call(fake.context, 'GET', 'me')).rejects.toThrow('credential store unavailable');
		await expect(graphRequest.call(fake.context, 'GET', 'me')).resolves.toEqual({ messages: [{ id: 'wamid.1' }] });
		expect(fake.reads()).toBe(2);
	});
});
