/* eslint-disable @n8n/community-nodes/no-restricted-imports -- test code runs in Node, not inside n8n */
import { setTimeout as delay } from 'node:timers/promises';

import { MemoryLedgerStore } from '../../../whatsapp/campaigns/ledger';
import type { RunClaim, RunClaimStore } from '../../../whatsapp/campaigns/runClaim';
import { CampaignBusyError, CLAIM_LAPSE_MS, CLAIM_TOUCH_MS, claimCampaignRun, keptAliveBy } from '../../../whatsapp/campaigns/runClaim';

/** The clock claims are stamped and judged by (the table's and the node's, one here). */
const clock = { t: Date.parse('2026-12-04T10:00:00Z') };
const now = () => clock.t;

/**
 * Claims and turns in memory. Every call may wait a random while first (`jitterMs`), so concurrent
 * claimants interleave in many orders; each call itself is atomic, as a conditional update is.
 */
class MemoryClaimStore implements RunClaimStore {
	rows: Array<RunClaim & { campaignId: string; open: boolean }> = [];
	turns = new Map<string, string>();
	turnKeys: string[] = [];
	touches = 0;
	/** lastTurn answers as if the newest `staleTurns` keys were not there yet. */
	staleTurns = 0;

	constructor(
		private readonly jitterMs = 0,
		private readonly random = Math.random,
	) {}

	private async jitter(): Promise<void> {
		if (this.jitterMs > 0) await delay(Math.floor(this.random() * this.jitterMs));
	}

	async lastTurn(campaignId: string): Promise<number> {
		await this.jitter();
		const keys = this.turnKeys.filter((key) => key.startsWith(`${campaignId}#`));
		const visible = keys.slice(0, Math.max(0, keys.length - this.staleTurns));
		return Math.max(0, ...visible.map((key) => Number(key.split('#')[1])));
	}

	async takeTurn(campaignId: string, turn: number): Promise<boolean> {
		await this.jitter();
		const key = `${campaignId}#${turn}`;
		this.turnKeys.push(key);
		if (this.turns.has(key)) return false;
		this.turns.set(key, 'taken');
		return true;
	}

	async openClaim(campaignId: string, executionId: string, turn: number): Promise<void> {
		await this.jitter();
		this.rows.push({ campaignId, executionId, turn, open: true, createdAt: now(), activeAt: now() });
	}

	async openClaims(campaignId: string): Promise<RunClaim[]> {
		await this.jitter();
		return this.rows.filter((row) => row.open && row.campaignId === campaignId).map(({ executionId, turn, createdAt, activeAt }) => ({ executionId, turn, createdAt, activeAt }));
	}

	async closeClaim(campaignId: string, executionId: string): Promise<void> {
		await this.jitter();
		for (const row of this.rows) if (row.campaignId === campaignId && row.executionId === executionId) row.open = false;
	}

	async touchClaim(campaignId: string, executionId: string): Promise<void> {
		this.touches += 1;
		for (const row of this.rows) if (row.open && row.campaignId === campaignId && row.executionId === executionId) row.activeAt = now();
	}

	openOf(campaignId: string): string[] {
		return this.rows.filter((row) => row.open && row.campaignId === campaignId).map((row) => row.executionId);
	}
}

/** A seeded generator, so a failing round can be replayed. */
function seeded(seed: number): () => number {
	let state = seed;
	return () => {
		state = (state * 1_103_515_245 + 12_345) % 2_147_483_648;
		return state / 2_147_483_648;
	};
}

const alwaysRunning = async () => true;

describe('claimCampaignRun', () => {
	it('lets exactly one of 12 concurrent executions run, in 60 rounds of random interleavings', async () => {
		for (let round = 0; round < 60; round++) {
			const store = new MemoryClaimStore(6, seeded(round + 1));
			const executions = Array.from({ length: 12 }, (_, index) => `exec-${index}`);
			const outcomes = await Promise.allSettled(executions.map(async (executionId) => await claimCampaignRun(store, 'spring', executionId, { now, isRunning: alwaysRunning })));
			const winners = executions.filter((_, index) => outcomes[index].status === 'fulfilled');
			expect({ round, winners: winners.length }).toEqual({ round, winners: 1 });
			for (const outcome of outcomes) {
				if (outcome.status === 'rejected') expect(outcome.reason).toBeInstanceOf(CampaignBusyError);
			}
			// The refused left no open claim behind: only the winner's is open.
			expect(store.openOf('spring')).toEqual(winners);
		}
	});

	it('names the execution that holds the campaign, with when it started', async () => {
		const store = new MemoryClaimStore();
		await claimCampaignRun(store, 'spring', 'exec-1', { now, isRunning: alwaysRunning });
		await expect(claimCampaignRun(store, 'spring', 'exec-2', { now, isRunning: alwaysRunning })).rejects.toThrow(
			'Campaign "spring" is already being sent by execution exec-1 (started 2026-12-04T10:00:00.000Z)',
		);
	});

	it('takes the next turn when it read the last one late (a run that already ended took it)', async () => {
		const store = new MemoryClaimStore();
		const first = await claimCampaignRun(store, 'c', 'one', { now, isRunning: alwaysRunning });
		await first.release();
		store.staleTurns = 1; // turn 1 is taken, but lastTurn does not show it yet
		const second = await claimCampaignRun(store, 'c', 'two', { now, isRunning: alwaysRunning });
		expect(second.turn).toBe(2);
		expect(store.turnKeys).toEqual(['c#1', 'c#1', 'c#2']);
	});

	it('closes the claim of an execution that no longer runs and proceeds', async () => {
		const store = new MemoryClaimStore();
		await claimCampaignRun(store, 'c', 'crashed', { now, isRunning: alwaysRunning });
		const asked: string[] = [];
		const run = await claimCampaignRun(store, 'c', 'next', {
			now,
			isRunning: async (id) => {
				asked.push(id);
				return false;
			},
		});
		expect(asked).toEqual(['crashed']);
		expect(store.openOf('c')).toEqual(['next']);
		await run.release();
		expect(store.openOf('c')).toEqual([]);
		// With both closed the next run asks nobody.
		asked.length = 0;
		await claimCampaignRun(store, 'c', 'after', { now, isRunning: async (id) => (asked.push(id), true) });
		expect(asked).toEqual([]);
	});

	it('runs one after another: a released claim stops nobody; campaigns do not stop each other', async () => {
		const store = new MemoryClaimStore();
		const first = await claimCampaignRun(store, 'c', 'one', { now, isRunning: alwaysRunning });
		await claimCampaignRun(store, 'other campaign', 'two', { now, isRunning: alwaysRunning });
		await expect(claimCampaignRun(store, 'c', 'three', { now, isRunning: alwaysRunning })).rejects.toThrow('execution one');
		await first.release();
		await expect(claimCampaignRun(store, 'c', 'four', { now, isRunning: alwaysRunning })).resolves.toMatchObject({ turn: 3 });
	});

	it('does not stop a later node run of the same execution', async () => {
		const store = new MemoryClaimStore();
		await claimCampaignRun(store, 'c', 'same', { now, isRunning: alwaysRunning });
		await expect(claimCampaignRun(store, 'c', 'same', { now, isRunning: alwaysRunning })).resolves.toBeDefined();
	});

	it('takes a claim not touched for the lapse as dead, even if n8n still calls its execution running; touches keep it alive', async () => {
		const store = new MemoryClaimStore();
		const holder = await claimCampaignRun(store, 'c', 'holder', { now, isRunning: alwaysRunning });
		// Sending: progress writes keep the claim alive, at most one touch per CLAIM_TOUCH_MS.
		const ledger = keptAliveBy(new MemoryLedgerStore(), holder);
		for (let second = 0; second < 100; second++) {
			clock.t += 1000;
			await ledger.append([{ campaignId: 'c', recipient: `1555${second}`, state: 'accepted' }]);
		}
		expect(store.touches).toBe(Math.floor(100_000 / CLAIM_TOUCH_MS));
		clock.t += CLAIM_LAPSE_MS - CLAIM_TOUCH_MS;
		await expect(claimCampaignRun(store, 'c', 'early', { now, isRunning: alwaysRunning })).rejects.toThrow(
			/execution holder \(started 2026-12-04T10:\d\d:\d\d\.000Z, last active 2026-12-04T10:\d\d:\d\d\.000Z\)/,
		);
		// The worker died: no more touches. Past the lapse the next run goes ahead and closes the claim.
		clock.t += CLAIM_TOUCH_MS + 1;
		await expect(claimCampaignRun(store, 'c', 'late', { now, isRunning: alwaysRunning })).resolves.toBeDefined();
		expect(store.openOf('c')).toEqual(['late']);
	});

	it('releases its own claim when it cannot tell whether the holder runs', async () => {
		const store = new MemoryClaimStore();
		await claimCampaignRun(store, 'c', 'holder', { now, isRunning: alwaysRunning });
		await expect(
			claimCampaignRun(store, 'c', 'asker', {
				now,
				isRunning: async () => {
					throw new Error('HTTP 403');
				},
			}),
		).rejects.toThrow('HTTP 403');
		expect(store.openOf('c')).toEqual(['holder']);
	});

	it('gives up after five turns in a row taken by others, leaving no claim', async () => {
		const store = new MemoryClaimStore();
		store.takeTurn = async () => false;
		await expect(claimCampaignRun(store, 'c', 'unlucky', { now, isRunning: alwaysRunning })).rejects.toThrow('5 turns in a row were taken by other runs');
		expect(store.openOf('c')).toEqual([]);
	});
});
