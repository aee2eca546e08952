import { chunkKeysForQuery, encodedLength, ledgerEventId, ledgerKey, ledgerScope, winningKeys } from '../../../whatsapp/webhooks/ledger';
import { planActivation, planDeactivation, targetKey } from '../../../whatsapp/webhooks/registration';
import { WhatsAppValidationError } from '../../../whatsapp/validation';

/** An in-memory append-only table with ids in commit order, like n8n's data table on SQLite. */
function table() {
	const rows: Array<{ id: number; key: string }> = [];
	return {
		insert: (keys: string[]) => keys.map((key) => (rows.push({ id: rows.length + 1, key }), rows.length)),
		read: (keys: string[]) => rows.filter((row) => keys.includes(row.key)),
	};
}

describe('exactly-once ledger rule', () => {
	it('scopes keys by workflow and node', () => {
		expect(ledgerKey(ledgerScope('wf1', 'node-a'), 'wamid.1')).toBe('wf1/node-a|wamid.1');
		expect(ledgerScope(undefined, 'n')).toBe('unsaved/n');
	});

	it('the lowest id wins; a redelivery (even interleaved) loses', () => {
		const t = table();
		const keys = ['a', 'b'];
		const first = t.insert(keys);
		const second = t.insert(['b', 'c']);
		const won1 = winningKeys(new Map(keys.map((k, i) => [k, first[i]])), t.read(keys));
		const won2 = winningKeys(new Map(['b', 'c'].map((k, i) => [k, second[i]])), t.read(['b', 'c']));
		expect([...won1]).toEqual(['a', 'b']);
		expect([...won2]).toEqual(['c']);
	});

	it('50 events delivered twice by 100 interleaved callers: exactly 50 winners', () => {
		const t = table();
		const calls = Array.from({ length: 100 }, (_, i) => `event-${i % 50}`);
		// All insert before anyone reads (the worst interleaving), in a shuffled order.
		const order = calls.map((key, i) => ({ key, sort: (i * 37) % 100 })).sort((x, y) => x.sort - y.sort);
		const claims = order.map(({ key }) => ({ key, id: t.insert([key])[0] }));
		const winners = claims.filter(({ key, id }) => winningKeys(new Map([[key, id]]), t.read([key])).has(key));
		expect(winners).toHaveLength(50);
		expect(new Set(winners.map((w) => w.key)).size).toBe(50);
	});

	it('chunks keys so a GET filter stays short', () => {
		const keys = Array.from({ length: 1000 }, (_, i) => `wf/node|status:wamid.${'x'.repeat(60)}${i}:delivered`);
		const chunks = chunkKeysForQuery(keys);
		expect(chunks.flat()).toEqual(keys);
		expect(chunks.length).toBeGreaterThan(1);
		for (const chunk of chunks) expect(chunk.reduce((n, k) => n + encodeURIComponent(k).length + 90, 0)).toBeLessThanOrEqual(6000);
		expect(chunkKeysForQuery(['one'])).toEqual([['one']]);
	});
});

describe('registration plans', () => {
	const own = 'https://n8n.example.com/webhook/abc/webhook';
	const other = 'https://n8n.example.com/webhook/def/webhook';
	const base = { ownUrl: own, registeredUrls: [other], replaceForeignOverride: false, targetLabel: 'business account 1' };

	it('takes a free account and remembers what was there', () => {
		expect(planActivation({ ...base, current: { subscribed: false } })).toEqual({ action: 'take', previous: { subscribed: false } });
		expect(planActivation({ ...base, current: { subscribed: true, overrideUrl: own } })).toEqual({ action: 'alreadyOurs' });
	});

	it('shares when another registered trigger owns the callback', () => {
		expect(planActivation({ ...base, current: { subscribed: true, overrideUrl: other } })).toEqual({ action: 'shared', ownerUrl: other });
	});

	it('refuses a foreign override unless told to replace it', () => {
		const current = { subscribed: true, overrideUrl: 'https://elsewhere.example/hook' };
		expect(() => planActivation({ ...base, current })).toThrow(WhatsAppValidationError);
		expect(() => planActivation({ ...base, current })).toThrow(/elsewhere\.example.*Replace Existing Callback/);
		expect(planActivation({ ...base, current, replaceForeignOverride: true })).toEqual({ action: 'take', previous: current });
	});

	it('never registers a test URL, and checks Meta’s 200-character limit', () => {
		expect(() => planActivation({ ...base, ownUrl: 'https://x/webhook-test/abc/webhook', current: { subscribed: true } })).toThrow(/test URL/);
		const long = `https://n8n.example.com/webhook/${'a'.repeat(180)}/webhook`;
		expect(() => planActivation({ ...base, ownUrl: long, current: { subscribed: true } })).toThrow(`at most 200 characters for Meta's override_callback_uri; it has ${long.length}`);
	});

	it('hands over to the oldest other trigger, restores when last, or leaves foreign changes alone', () => {
		const previous = { subscribed: false };
		expect(planDeactivation({ current: { subscribed: true, overrideUrl: own }, ownUrl: own, previous, successorUrls: [other] })).toEqual({ action: 'handOver', successorUrl: other, previous });
		expect(planDeactivation({ current: { subscribed: true, overrideUrl: own }, ownUrl: own, previous, successorUrls: [] })).toEqual({ action: 'restore', previous });
		expect(planDeactivation({ current: { subscribed: true, overrideUrl: other }, ownUrl: own, previous, successorUrls: [] })).toEqual({ action: 'none' });
	});

	it('target keys', () => {
		expect(targetKey({ level: 'businessAccount', id: '1' })).toBe('waba:1');
		expect(targetKey({ level: 'phoneNumber', id: '2' })).toBe('phone:2');
	});
});

describe('ledger keys are bounded', () => {
	it('keeps short printable IDs as they are and hashes the rest, stably and apart', () => {
		expect(ledgerEventId('wamid.HBgLMTU1NTEyMzQ1NjcVAgASGBQzQTRB')).toBe('wamid.HBgLMTU1NTEyMzQ1NjcVAgASGBQzQTRB');
		expect(ledgerEventId('status:wamid.X:delivered')).toBe('status:wamid.X:delivered');
		const long = `wamid.${'A'.repeat(100_000)}`;
		expect(ledgerEventId(long)).toMatch(/^sha256:[0-9a-f]{64}$/);
		expect(ledgerEventId(long)).toBe(ledgerEventId(`wamid.${'A'.repeat(100_000)}`));
		expect(ledgerEventId(long)).not.toBe(ledgerEventId(`${long}B`));
		// Two different lone surrogates (both U+FFFD in UTF-8) stay two keys, and encode without throwing.
		const a = ledgerKey('wf/node', 'wamid.\ud800');
		const b = ledgerKey('wf/node', 'wamid.\udbff');
		expect(a).not.toBe(b);
		expect(() => encodeURIComponent(a)).not.toThrow();
		expect(ledgerEventId('nul\u0000id')).toMatch(/^sha256:/);
		// An ID that looks like a hashed one is hashed as well, so it cannot take another's key.
		const hashed = ledgerEventId(long);
		expect(ledgerEventId(hashed)).not.toBe(hashed);
		expect(encodedLength('\ud800')).toBe(9);
		expect(chunkKeysForQuery(['\ud800', 'a'])).toEqual([['\ud800', 'a']]);
	});
});
