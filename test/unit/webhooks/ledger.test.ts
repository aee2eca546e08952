import type { ClaimRow } from '../../../whatsapp/webhooks/ledger';
import { chunkKeysForQuery, claimRow, encodedLength, keysToTake, ledgerEventId, ledgerKey, ledgerScope, wonKeys } from '../../../whatsapp/webhooks/ledger';
import { planActivation, planDeactivation, targetKey } from '../../../whatsapp/webhooks/registration';
import { WhatsAppValidationError } from '../../../whatsapp/validation';

/**
 * A model of one key's claim rows with PostgreSQL's rules: a row draws its ID at INSERT and becomes
 * visible at COMMIT (in any order), a read sees committed rows, and `UPDATE … WHERE unclaimed = key`
 * changes each committed, still unclaimed row at most once. Each receiver runs insert → commit →
 * read → update; its decision uses the pure rule of whatsapp/webhooks/ledger.ts.
 */
type Step = 'insert' | 'commit' | 'read' | 'update';
const STEPS: Step[] = ['insert', 'commit', 'read', 'update'];
const KEY = 'wf/node|wamid.X';

interface Receiver {
	token: string;
	ownId?: number;
	seen: ClaimRow[];
	took: ClaimRow[];
	won?: boolean;
	/** "Lowest ID wins" (the earlier rule), decided at the read, for comparison. */
	lowestIdWon?: boolean;
}

function runSchedule(schedule: number[], receivers: number, stopAfter: Array<number | undefined> = []): Receiver[] {
	const rows: Array<ClaimRow & { visible: boolean }> = [];
	let nextId = 1;
	const state: Receiver[] = Array.from({ length: receivers }, (_, i) => ({ token: `r${i}`, seen: [], took: [] }));
	const progress = Array(receivers).fill(0) as number[];
	for (const who of schedule) {
		const step = STEPS[progress[who]++];
		if (stopAfter[who] !== undefined && progress[who] > stopAfter[who]!) continue; // crashed: does nothing more
		const me = state[who];
		if (step === 'insert') {
			me.ownId = nextId++;
			rows.push({ id: me.ownId, ...claimRow('wf/node', KEY), visible: false });
		} else if (step === 'commit') {
			rows.find((row) => row.id === me.ownId)!.visible = true;
		} else if (step === 'read') {
			me.seen = rows.filter((row) => row.visible && row.key === KEY).map((row) => ({ id: row.id, key: row.key, unclaimed: row.unclaimed, claimedBy: row.claimedBy }));
			me.lowestIdWon = Math.min(...me.seen.map((row) => row.id), me.ownId!) === me.ownId;
		} else {
			if (keysToTake([KEY], me.seen).length > 0) {
				for (const row of rows) {
					if (row.visible && row.unclaimed === KEY) {
						row.unclaimed = '';
						row.claimedBy = me.token;
						me.took.push({ id: row.id, key: row.key, unclaimed: row.unclaimed, claimedBy: row.claimedBy });
					}
				}
			}
			me.won = wonKeys(new Map([[KEY, me.ownId!]]), me.seen, me.took, me.token).has(KEY);
		}
	}
	return state;
}

/** Every interleaving of `receivers` receivers' four steps (each receiver's steps in order). */
function* schedules(receivers: number): Generator<number[]> {
	const left = Array(receivers).fill(STEPS.length) as number[];
	const current: number[] = [];
	function* walk(): Generator<number[]> {
		if (current.length === receivers * STEPS.length) {
			yield [...current];
			return;
		}
		for (let who = 0; who < receivers; who++) {
			if (left[who] === 0) continue;
			left[who]--;
			current.push(who);
			yield* walk();
			current.pop();
			left[who]++;
		}
	}
	yield* walk();
}

describe('exactly-once ledger rule (claim rows and one conditional update)', () => {
	it('scopes keys by workflow and node', () => {
		expect(ledgerKey(ledgerScope('wf1', 'node-a'), 'wamid.1')).toBe('wf1/node-a|wamid.1');
		expect(ledgerScope(undefined, 'n')).toBe('unsaved/n');
	});

	it('model check, 2 and 3 receivers of one key, every interleaving with commits in any order: exactly one winner', () => {
		let checked = 0;
		for (const receivers of [2, 3]) {
			for (const schedule of schedules(receivers)) {
				const winners = runSchedule(schedule, receivers).filter((r) => r.won).length;
				if (winners !== 1) throw new Error(`${winners} winners for schedule ${schedule.join('')}`);
				checked++;
			}
		}
		// 8!/(4!·4!) + 12!/(4!·4!·4!) interleavings.
		expect(checked).toBe(70 + 34650);
	});

	it('model check: the earlier rule ("lowest ID wins") lets two receivers win when a lower ID commits late', () => {
		const doubled = [...schedules(2)].filter((schedule) => runSchedule(schedule, 2).filter((r) => r.lowestIdWon).length > 1);
		expect(doubled.length).toBeGreaterThan(0);
		// e.g. r0 draws ID 1, r1 draws ID 2 and commits and reads first; r0 commits and reads next.
		expect(doubled).toContainEqual([0, 1, 1, 1, 0, 0, 1, 0]);
	});

	it('model check with crashes: a receiver that stops anywhere never makes a second winner, and one of those that finish wins', () => {
		let checked = 0;
		for (const schedule of schedules(3)) {
			for (let crashAt = 1; crashAt <= 3; crashAt++) {
				// Receiver 2 stops after insert, after commit, or after its read (before its update).
				const state = runSchedule(schedule, 3, [undefined, undefined, crashAt]);
				const winners = state.filter((r) => r.won).length;
				if (winners !== 1) throw new Error(`${winners} winners for schedule ${schedule.join('')} with receiver 2 stopping after step ${crashAt}`);
				checked++;
			}
		}
		expect(checked).toBe(3 * 34650);
	});

	it('a redelivery after the decision loses without an update; a batch wins only the keys it took entirely', () => {
		const taken: ClaimRow = { id: 1, key: 'a', unclaimed: '', claimedBy: 'x' };
		const open: ClaimRow = { id: 2, key: 'b', unclaimed: 'b', claimedBy: '' };
		expect(keysToTake(['a', 'b'], [taken, open])).toEqual(['b']);
		const own = new Map([
			['a', 3],
			['b', 4],
		]);
		const seen = [taken, open, { id: 3, key: 'a', unclaimed: 'a', claimedBy: '' }, { id: 4, key: 'b', unclaimed: 'b', claimedBy: '' }];
		const took = [
			{ id: 2, key: 'b', unclaimed: '', claimedBy: 'me' },
			{ id: 4, key: 'b', unclaimed: '', claimedBy: 'me' },
		];
		expect([...wonKeys(own, seen, took, 'me')]).toEqual(['b']);
		// Rows returned with someone else's token (SQLite reads back after the update) are not taken.
		expect([...wonKeys(own, seen, took.map((row) => ({ ...row, claimedBy: 'other' })), 'me')]).toEqual([]);
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
