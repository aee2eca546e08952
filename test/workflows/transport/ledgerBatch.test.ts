/**
 * Claims of concurrent webhook calls go together (nodes/shared/delivery/ledger.ts through
 * transport/groupCommit.ts): over real HTTP to a Data Tables fake, 100 concurrent claims of 50
 * events (each delivered twice, as Meta's redeliveries do) win each event exactly once, and cost
 * far fewer API calls than the 300 the claims would make one by one.
 */
import type { IHttpRequestOptions, IWebhookFunctions } from 'n8n-workflow';

import { claimEvents, ensureLedgerTable } from '../../../nodes/shared/delivery/ledger';
import type { FakeDataTables } from '../campaign/fakeDataTables';
import { startFakeDataTables } from '../campaign/fakeDataTables';

let fake: FakeDataTables;
beforeAll(async () => {
	fake = await startFakeDataTables();
});
afterAll(async () => await fake.stop());

/** One webhook call's context: its own object (as n8n gives each call), the same credential. */
function webhookContext(credentialReads: { count: number }): IWebhookFunctions {
	return {
		getNode: () => ({ name: 'Trigger', credentials: { whatsAppBusinessPlatformN8nApi: { id: '9', name: 'n8n API' } } }),
		getCredentials: async () => {
			credentialReads.count += 1;
			return { baseUrl: fake.url, apiKey: fake.apiKey };
		},
		helpers: {
			httpRequestWithAuthentication: async (_type: string, request: IHttpRequestOptions) => {
				const url = new URL(String(request.url));
				for (const [name, value] of Object.entries(request.qs ?? {})) url.searchParams.set(name, String(value));
				const response = await fetch(url, {
					method: request.method,
					headers: { 'content-type': 'application/json', 'x-n8n-api-key': fake.apiKey },
					body: request.body === undefined ? undefined : JSON.stringify(request.body),
				});
				return { statusCode: response.status, body: await response.json() };
			},
		},
	} as unknown as IWebhookFunctions;
}

describe('delivery ledger, concurrent webhook calls', () => {
	it('100 concurrent claims of 50 events (each twice): every event won once, in a few batches', async () => {
		const reads = { count: 0 };
		const tableId = await ensureLedgerTable.call(webhookContext(reads));
		const before = fake.requests.length;
		const events = Array.from({ length: 50 }, (_, i) => `wamid.BATCH${i}`);
		const calls = [...events, ...events].sort(() => Math.random() - 0.5);
		const contexts = calls.map(() => webhookContext(reads));
		const won = await Promise.all(calls.map(async (eventId, i) => await claimEvents.call(contexts[i], tableId, 'wf/node', [eventId])));
		const winners = won.flatMap((set) => [...set]);
		expect(winners.sort()).toEqual([...events].sort());
		const apiCalls = fake.requests.length - before;
		// One by one: 100 × (insert, read, update) = 300 calls. Batched: the first call alone, then
		// everything that queued behind it (the reads of a batch may take a few URL-sized groups).
		expect(apiCalls).toBeLessThan(30);
	});

	it('reads the credential once per webhook call, however many API calls its claim makes', async () => {
		const reads = { count: 0 };
		const context = webhookContext(reads);
		const tableId = await ensureLedgerTable.call(context);
		const before = fake.requests.length;
		expect([...(await claimEvents.call(context, tableId, 'wf/reads', ['wamid.R1', 'wamid.R2']))].sort()).toEqual(['wamid.R1', 'wamid.R2']);
		// The table lookup, then insert, read and update: four calls in all, one read of the credential.
		expect(fake.requests.length - before).toBe(3);
		expect(reads.count).toBe(1);
	});

	it('a redelivery after the batch wins nothing; a new event still wins', async () => {
		const reads = { count: 0 };
		const tableId = await ensureLedgerTable.call(webhookContext(reads));
		const first = await claimEvents.call(webhookContext(reads), tableId, 'wf/later', ['wamid.ONE', 'wamid.TWO']);
		expect([...first].sort()).toEqual(['wamid.ONE', 'wamid.TWO']);
		const again = await Promise.all([
			claimEvents.call(webhookContext(reads), tableId, 'wf/later', ['wamid.ONE']),
			claimEvents.call(webhookContext(reads), tableId, 'wf/later', ['wamid.TWO', 'wamid.THREE']),
		]);
		expect(again.map((set) => [...set])).toEqual([[], ['wamid.THREE']]);
	});
});
