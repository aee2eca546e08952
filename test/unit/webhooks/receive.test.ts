/**
 * The trigger's POST path (`receive()`) against an in-memory n8n Data Table API that keeps n8n's
 * limits (431 past 16 KB of URL, encodeURIComponent on the query): big multi-account batches,
 * oversized and malformed keys, bounded rejections, and 503 only when the store is down.
 */
import { LEDGER_TABLE } from '../../../nodes/shared/delivery/ledger';
import { MAX_LEDGER_EVENT_ID_CHARS } from '../../../whatsapp/webhooks/ledger';
import { FakeN8nApi, MAX_URL_CHARS, runReceive } from './fakeWebhookContext';
import { envelope, inbound, messages, PHONE_ID, statuses, statusObjects } from './fixtures';

function multiAccountBatch(count: number): Record<string, unknown> {
	return {
		object: 'whatsapp_business_account',
		entry: Array.from({ length: count }, (_, i) => ({
			id: String(100000000000000 + i),
			changes: [
				{
					field: 'messages',
					value: {
						messaging_product: 'whatsapp',
						metadata: { display_phone_number: '15550001111', phone_number_id: String(200000000000000 + i) },
						contacts: [{ profile: { name: `User ${i}` }, wa_id: '15551234567' }],
						messages: [{ ...messages.text, id: `wamid.BATCH.${i}.${'x'.repeat(40)}` }],
					},
				},
			],
		})),
	};
}

describe('trigger receive path', () => {
	it('takes a 1,000-entry batch from 1,000 business accounts: 200, every event once, no URL over the limit', async () => {
		const api = new FakeN8nApi();
		const body = JSON.stringify(multiAccountBatch(1000));
		const first = await runReceive(body, { api });
		expect(first.thrown).toBeUndefined();
		expect(first.status).toBe(200);
		expect(first.items).toHaveLength(1000);
		expect(new Set(first.items!.map((item) => item.messageId)).size).toBe(1000);
		expect(api.calls.filter((call) => call.status >= 400)).toEqual([]);
		// The registry was read in several bounded GETs, not one 100 KB filter.
		expect(api.calls.filter((call) => call.method === 'GET' && call.url.includes('/rows')).length).toBeGreaterThan(2);
		const again = await runReceive(body, { api });
		expect(again.status).toBe(200);
		expect(again.items).toBeUndefined();
		expect(api.rowsOf(LEDGER_TABLE)).toHaveLength(2000);
	});

	it('stores 100 KB message IDs and status values by a stable hash: delivered once, no orphan rows', async () => {
		const api = new FakeN8nApi();
		const hugeId = `wamid.${'A'.repeat(100_000)}`;
		const body = JSON.stringify({
			object: 'whatsapp_business_account',
			entry: [
				...(inbound({ ...messages.text, id: hugeId }).entry as unknown[]),
				...(statuses({ ...statusObjects.sent, id: hugeId }, { ...statusObjects.delivered, status: 'x'.repeat(100_000) }).entry as unknown[]),
			],
		});
		const first = await runReceive(body, { api });
		expect(first.status).toBe(200);
		expect(first.items).toHaveLength(3);
		expect(first.items![0].messageId).toBe(hugeId);
		const rows = api.rowsOf(LEDGER_TABLE);
		expect(rows).toHaveLength(3);
		for (const row of rows) expect(String(row.key).length).toBeLessThan(MAX_LEDGER_EVENT_ID_CHARS + 100);
		expect(Math.max(...api.calls.map((call) => call.status))).toBeLessThan(400);
		const again = await runReceive(body, { api });
		expect(again.status).toBe(200);
		expect(again.items).toBeUndefined();
		expect(api.rowsOf(LEDGER_TABLE)).toHaveLength(6);
	});

	it('keys with lone surrogates are claimed, told apart, and deduplicated on redelivery', async () => {
		const api = new FakeN8nApi();
		const body = `{"object":"whatsapp_business_account","entry":[{"id":"100000000000001","changes":[{"field":"messages","value":{"metadata":{"phone_number_id":"${PHONE_ID}"},"messages":[{"from":"15551234567","id":"wamid.\\ud800","type":"text","text":{"body":"a"}},{"from":"15551234567","id":"wamid.\\udbff","type":"text","text":{"body":"b"}}],"statuses":[{"id":"wamid.S","status":"\\udc00read"}]}}]}]}`;
		const first = await runReceive(body, { api });
		expect(first.status).toBe(200);
		expect(first.items?.map((item) => item.text ?? item.status)).toEqual(['a', 'b', '\udc00read']);
		const again = await runReceive(body, { api });
		expect(again.status).toBe(200);
		expect(again.items).toBeUndefined();
	});

	it('bounds and escapes what a rejection echoes', async () => {
		const object = `page\n${'y'.repeat(100_000)}`;
		const result = await runReceive(JSON.stringify({ object, entry: [] }), { api: new FakeN8nApi() });
		expect(result.status).toBe(400);
		expect(result.body).toMatch(/^The notification is for "page\\ny+…" \(100005 characters\), not "whatsapp_business_account"$/);
		expect(result.body.length).toBeLessThan(200);
		for (const line of result.logs) {
			expect(line.length).toBeLessThan(700);
			expect(line).not.toContain('\n');
		}
		const notJson = await runReceive(`{"entry": [${'\n'.repeat(50_000)}`, { api: new FakeN8nApi() });
		expect(notJson.status).toBe(400);
		expect(notJson.body.length).toBeLessThan(400);
	});

	it('answers 401 for a bad signature and 503 only when the Data Table store is down, never throwing', async () => {
		const body = JSON.stringify(inbound(messages.text));
		expect((await runReceive(body, { api: new FakeN8nApi(), signature: 'sha256=00' })).status).toBe(401);
		const api = new FakeN8nApi();
		api.down = true;
		const down = await runReceive(body, { api });
		expect(down.thrown).toBeUndefined();
		expect(down.status).toBe(503);
		expect(down.items).toBeUndefined();
		api.down = false;
		const back = await runReceive(body, { api });
		expect(back.status).toBe(200);
		expect(back.items).toHaveLength(1);
	});

	it('passes the Flow reply name, the unsupported type and the status recipient_user_id', async () => {
		const api = new FakeN8nApi();
		const flow = await runReceive(JSON.stringify(inbound(messages.flow)), { api });
		expect(flow.items?.[0].interactive).toEqual(expect.objectContaining({ type: 'nfm_reply', name: 'flow', flowToken: expect.any(String) }));
		const unsupported = await runReceive(JSON.stringify(inbound(messages.unsupported)), { api });
		expect(unsupported.items?.[0]).toEqual(expect.objectContaining({ messageType: 'unsupported', unsupportedType: 'edit' }));
		const status = await runReceive(JSON.stringify(statuses({ ...statusObjects.sent, id: 'wamid.BSUID', recipient_user_id: 'US.13491208655302741918' })), { api });
		expect(status.items?.[0]).toEqual(expect.objectContaining({ recipientUserId: 'US.13491208655302741918' }));
	});

	it('an entry ID that is no account ID costs no registry lookup', async () => {
		const api = new FakeN8nApi();
		const body = JSON.stringify({ object: 'whatsapp_business_account', entry: [{ id: 'z'.repeat(MAX_URL_CHARS * 2), changes: [{ field: 'account_update', value: { event: 'X' } }] }] });
		const result = await runReceive(body, { api });
		expect(result.status).toBe(200);
		expect(result.items).toHaveLength(1);
		void envelope;
	});
});
