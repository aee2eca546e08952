/**
 * The delivery ledger against a model of n8n's Data Tables on PostgreSQL: an inserted row gets its
 * ID when the INSERT runs but becomes visible only when its transaction commits, later; a
 * conditional update is atomic per row (PostgreSQL's row lock and re-check). In that model the old
 * rule ("insert, then lowest ID wins") lets two deliveries win one event, and claimEvents does not.
 */
import type { IExecuteFunctions } from 'n8n-workflow';
import { sleep } from 'n8n-workflow';

import { claimEvents, ensureLockRows, pruneLedger } from '../../../nodes/shared/delivery/ledger';
import { ledgerKey, winningKeys } from '../../../whatsapp/webhooks/ledger';
import { backoffMs, bucketOf, bucketsFor, FREE_LEASE, leaseValue, LOCK_BUCKETS, lockKey, takeableBelow } from '../../../whatsapp/webhooks/ledgerLock';

interface Row {
	id: number;
	key: string;
	scope: string;
	createdAt: string;
	visible: boolean;
}

type Condition = { columnName: string; condition: string; value: string | number };
type Filter = { type: 'and' | 'or'; filters: Condition[] };

function matches(row: Row, filter: Filter): boolean {
	const test = (c: Condition): boolean => {
		const value = (row as unknown as Record<string, string | number>)[c.columnName];
		switch (c.condition) {
			case 'eq':
				return value === c.value;
			case 'neq':
				return value !== c.value;
			case 'lt':
				return value < c.value;
			case 'like': {
				const pattern = String(c.value);
				if (!pattern.endsWith('%') || pattern.slice(0, -1).includes('%')) throw new Error(`model supports prefix% only: ${pattern}`);
				return String(value).startsWith(pattern.slice(0, -1));
			}
			default:
				throw new Error(`model lacks ${c.condition}`);
		}
	};
	return filter.type === 'and' ? filter.filters.every(test) : filter.filters.some(test);
}

const tick = async (ms: number) => await sleep(ms);

/** n8n's public Data Table API over an in-memory table with PostgreSQL's visibility rules. */
function postgresLikeTable(options: { commitDelayMs: () => number }) {
	const rows: Row[] = [];
	let nextId = 1;
	let requests = 0;
	const visible = () => rows.filter((row) => row.visible);
	async function handle(method: string, path: string, body: Record<string, unknown> | undefined, qs: Record<string, unknown> | undefined): Promise<unknown> {
		requests++;
		await tick(0);
		if (method === 'POST' && path.endsWith('/rows')) {
			const data = body!.data as Array<{ key: string; scope: string }>;
			// One transaction: every row draws its ID now, all become visible at COMMIT, later.
			const drawn = data.map((row) => ({ ...row, id: nextId++, createdAt: new Date().toISOString(), visible: false }));
			rows.push(...drawn);
			await tick(options.commitDelayMs());
			for (const row of drawn) row.visible = true;
			return drawn.map((row) => ({ id: row.id }));
		}
		if (method === 'GET' && path.endsWith('/rows')) {
			const filter = qs?.filter ? (JSON.parse(String(qs.filter)) as Filter) : { type: 'and' as const, filters: [] };
			return { data: visible().filter((row) => matches(row, filter)), nextCursor: null };
		}
		if (method === 'PATCH' && path.endsWith('/rows/update')) {
			// UPDATE … WHERE … RETURNING: atomic per row, on committed rows.
			const changed = visible().filter((row) => matches(row, body!.filter as Filter));
			for (const row of changed) Object.assign(row, body!.data);
			return changed.map((row) => ({ ...row }));
		}
		if (method === 'DELETE' && path.endsWith('/rows/delete')) {
			const filter = JSON.parse(String(qs!.filter)) as Filter;
			const gone = visible().filter((row) => matches(row, filter));
			for (const row of gone) rows.splice(rows.indexOf(row), 1);
			return gone;
		}
		throw new Error(`model lacks ${method} ${path}`);
	}
	const context = {
		getCredentials: async () => ({ baseUrl: 'http://n8n.test', apiKey: 'key' }),
		getNode: () => ({ name: 'Trigger', type: 'test', typeVersion: 1, id: 'n', position: [0, 0], parameters: {} }),
		helpers: {
			httpRequestWithAuthentication: async (_type: string, request: { method: string; url: string; body?: Record<string, unknown>; qs?: Record<string, unknown> }) => {
				const path = new URL(request.url).pathname;
				return { statusCode: 200, body: await handle(request.method, path, request.body, request.qs) };
			},
		},
	} as unknown as IExecuteFunctions;
	return { rows, context, requests: () => requests };
}

describe('lock rows', () => {
	it('hashes a key to the same bucket every time, and batches to sorted distinct buckets', () => {
		expect(bucketOf('wf/node|wamid.1')).toBe(bucketOf('wf/node|wamid.1'));
		const buckets = new Set(Array.from({ length: 2000 }, (_, i) => bucketOf(`wf/node|wamid.${i}`)));
		expect(buckets.size).toBe(LOCK_BUCKETS);
		const batch = bucketsFor(['a', 'b', 'c', 'a']);
		expect(batch).toEqual([...new Set(batch)].sort((x, y) => x - y));
	});

	it('orders leases by expiry as text, whatever the token', () => {
		const now = 1_760_000_000_000;
		expect(FREE_LEASE < takeableBelow(now)).toBe(true);
		expect(leaseValue(now - 1, 'zzzz') < takeableBelow(now)).toBe(true);
		expect(leaseValue(now + 60_000, '0000') < takeableBelow(now)).toBe(false);
		expect(leaseValue(now, 'a') < takeableBelow(now)).toBe(false);
		expect(lockKey(7)).toBe('#lock|7');
	});

	it('backs off between 8 ms and 300 ms', () => {
		expect(backoffMs(0, () => 0)).toBe(8);
		expect(backoffMs(20, () => 1)).toBe(300);
	});
});

describe('claimEvents on a PostgreSQL-like table', () => {
	it('the old rule is unsafe there: a lower ID that commits late lets two deliveries win', async () => {
		const table = postgresLikeTable({ commitDelayMs: () => 0 });
		// Delivery A draws ID 1 and commits late; delivery B draws ID 2, commits, reads, decides.
		const key = ledgerKey('wf/n', 'wamid.LATE');
		table.rows.push({ id: 1, key, scope: 'wf/n', createdAt: '', visible: false });
		table.rows.push({ id: 2, key, scope: 'wf/n', createdAt: '', visible: true });
		const readB = table.rows.filter((row) => row.visible && row.key === key);
		const bWins = winningKeys(new Map([[key, 2]]), readB).has(key);
		table.rows[0].visible = true;
		const readA = table.rows.filter((row) => row.visible && row.key === key);
		const aWins = winningKeys(new Map([[key, 1]]), readA).has(key);
		expect([aWins, bWins]).toEqual([true, true]);
	});

	it('50 events delivered twice by 100 concurrent callers with late commits: exactly 50 winners, 20 rounds', async () => {
		const table = postgresLikeTable({ commitDelayMs: () => Math.floor(Math.random() * 15) });
		await ensureLockRows.call(table.context, 't1');
		for (let round = 0; round < 20; round++) {
			const ids = Array.from({ length: 50 }, (_, i) => `wamid.R${round}E${i}`);
			const calls = [...ids, ...ids].sort(() => Math.random() - 0.5);
			const results = await Promise.all(calls.map(async (id) => await claimEvents.call(table.context, 't1', 'wf/node', [id])));
			const won = results.flatMap((set) => [...set]);
			expect(won).toHaveLength(50);
			expect(new Set(won).size).toBe(50);
		}
		// Every lock row is free again.
		expect(table.rows.filter((row) => row.key.startsWith('#lock|') && row.scope !== FREE_LEASE)).toEqual([]);
	}, 120_000);

	it('batches of overlapping events: every event won exactly once', async () => {
		const table = postgresLikeTable({ commitDelayMs: () => Math.floor(Math.random() * 10) });
		await ensureLockRows.call(table.context, 't1');
		const batches = Array.from({ length: 40 }, (_, i) => Array.from({ length: 5 }, (_, j) => `status.${(i + j) % 30}`));
		const results = await Promise.all(batches.map(async (batch) => await claimEvents.call(table.context, 't1', 'wf/node', batch)));
		const won = results.flatMap((set) => [...set]);
		expect(won.sort()).toEqual(Array.from({ length: 30 }, (_, i) => `status.${i}`).sort());
	});

	it('puts missing lock rows back (a table made before them)', async () => {
		const table = postgresLikeTable({ commitDelayMs: () => 0 });
		const won = await claimEvents.call(table.context, 't1', 'wf/node', ['wamid.X']);
		expect([...won]).toEqual(['wamid.X']);
		expect(table.rows.filter((row) => row.key.startsWith('#lock|'))).toHaveLength(LOCK_BUCKETS);
		expect([...(await claimEvents.call(table.context, 't1', 'wf/node', ['wamid.X']))]).toEqual([]);
	});

	it('prunes rows past the redelivery horizon and never the lock rows', async () => {
		const table = postgresLikeTable({ commitDelayMs: () => 0 });
		await ensureLockRows.call(table.context, 't1');
		await claimEvents.call(table.context, 't1', 'wf/node', ['old', 'new']);
		const nineDaysAgo = new Date(Date.now() - 9 * 24 * 3600 * 1000).toISOString();
		for (const row of table.rows) if (row.key.startsWith('#lock|') || row.key.endsWith('|old')) row.createdAt = nineDaysAgo;
		expect(await pruneLedger.call(table.context, 't1')).toBe(1);
		expect(table.rows.filter((row) => row.key.startsWith('#lock|'))).toHaveLength(LOCK_BUCKETS);
		expect(table.rows.map((row) => row.key).filter((key) => !key.startsWith('#lock|'))).toEqual([ledgerKey('wf/node', 'new')]);
	});
});
