/* eslint-disable @n8n/community-nodes/no-restricted-imports -- test code runs in Node, not inside n8n */
import { setTimeout as delay } from 'node:timers/promises';

import { MemoryLedgerStore } from '../../../whatsapp/campaigns/ledger';
import type { RunClaim, RunClaimStore } from '../../../whatsapp/campaigns/runClaim';
import { CampaignBusyError, CLAIM_LAPSE_MS, CLAIM_TOUCH_MS, claimCampaignRun, claimsAhead, keptAliveBy } from '../../../whatsapp/campaigns/runClaim';

/** The clock claims are stamped and judged by (the table's and the node's, one here). */
const clock = { t: Date.parse('2026-12-04T10:00:00Z') };
const now = () => clock.t;

/**
 * Claims in memory, with PostgreSQL's ordering: a row's ID is handed out when the insert starts,
 * and the row becomes visible `commitLagMs` later (as a transaction that commits after a later one).
 */
class LaggingClaimStore implements RunClaimStore {
	rows: Array<RunClaim & { campaignId: string; open: boolean; visible: boolean }> = [];
	touches = 0;
	private nextId = 1;

	constructor(private readonly commitLagMs: (rowId: number) => number = () => 0) {}

	async openClaim(campaignId: string, executionId: string): Promise<number> {
		const row = { rowId: this.nextId++, campaignId, executionId, open: true, visible: false, createdAt: now(), activeAt: now() };
		this.rows.push(row);
		await delay(this.commitLagMs(row.rowId));
		row.visible = true;
		return row.rowId;
	}

	async openClaims(campaignId: string): Promise<RunClaim[]> {
		return this.rows
			.filter((row) => row.visible && row.open && row.campaignId === campaignId)
			.map(({ rowId, executionId, createdAt, activeAt }) => ({ rowId, executionId, createdAt, activeAt }));
	}

	async closeClaim(campaignId: string, executionId: string): Promise<void> {
		for (const row of this.rows) if (row.campaignId === campaignId && row.executionId === executionId) row.open = false;
	}

	async touchClaim(campaignId: string, executionId: string): Promise<void> {
		this.touches += 1;
		for (const row of this.rows) if (row.open && row.campaignId === campaignId && row.executionId === executionId) row.activeAt = now();
	}
}

const sleep = async (ms: number) => await delay(ms);

describe('claimsAhead', () => {
	it('counts only earlier claims of other executions', () => {
		const open = [
			{ rowId: 3, executionId: 'b' },
			{ rowId: 1, executionId: 'a' },
			{ rowId: 2, executionId: 'mine' },
			{ rowId: 5, executionId: 'c' },
		];
		expect(claimsAhead(open, { rowId: 4, executionId: 'mine' }).map((claim) => claim.executionId)).toEqual(['a', 'b']);
		expect(claimsAhead(open, { rowId: 1, executionId: 'a' })).toEqual([]);
	});
});

describe('claimCampaignRun', () => {
	it('lets exactly one of 20 concurrent executions run, the one that claimed first', async () => {
		const store = new LaggingClaimStore();
		const running = new Set(Array.from({ length: 20 }, (_, index) => `exec-${index}`));
		const outcomes = await Promise.allSettled(
			[...running].map(async (executionId) => await claimCampaignRun(store, 'spring', executionId, { sleep, now, settleMs: 20, isRunning: async (id) => running.has(id) })),
		);
		const won = outcomes.flatMap((outcome, index) => (outcome.status === 'fulfilled' ? [`exec-${index}`] : []));
		expect(won).toEqual(['exec-0']);
		const refusals = outcomes.flatMap((outcome) => (outcome.status === 'rejected' ? [outcome.reason as Error] : []));
		expect(refusals).toHaveLength(19);
		for (const refusal of refusals) {
			expect(refusal).toBeInstanceOf(CampaignBusyError);
			expect(refusal.message).toContain('Campaign "spring" is already being sent by execution exec-0');
		}
		// The refused left no open claim behind: only the winner's is open.
		expect(store.rows.filter((row) => row.open).map((row) => row.executionId)).toEqual(['exec-0']);
	});

	it('waits out an earlier claim that commits late (the settle period is what makes it exact)', async () => {
		// Claim 1 commits 40 ms after claim 2: a claimant that read at once would not see it.
		const claimBoth = async (settleMs: number) => {
			const store = new LaggingClaimStore((rowId) => (rowId === 1 ? 40 : 0));
			const outcomes = await Promise.allSettled(
				['first', 'second'].map(async (executionId) => await claimCampaignRun(store, 'c', executionId, { sleep, now, settleMs, isRunning: async () => true })),
			);
			return outcomes.map((outcome) => outcome.status);
		};
		expect(await claimBoth(0)).toEqual(['fulfilled', 'fulfilled']);
		expect(await claimBoth(100)).toEqual(['fulfilled', 'rejected']);
	});

	it('closes the claim of an execution that no longer runs and proceeds', async () => {
		const store = new LaggingClaimStore();
		await claimCampaignRun(store, 'c', 'crashed', { sleep, now, settleMs: 0, isRunning: async () => true });
		const asked: string[] = [];
		const run = await claimCampaignRun(store, 'c', 'next', {
			sleep,
			now,
			settleMs: 0,
			isRunning: async (id) => {
				asked.push(id);
				return false;
			},
		});
		expect(asked).toEqual(['crashed']);
		expect(store.rows.find((row) => row.executionId === 'crashed')?.open).toBe(false);
		await run.release();
		expect(store.rows.every((row) => !row.open)).toBe(true);
		// With both closed the next run asks nobody.
		asked.length = 0;
		await claimCampaignRun(store, 'c', 'after', { sleep, now, settleMs: 0, isRunning: async (id) => (asked.push(id), true) });
		expect(asked).toEqual([]);
	});

	it('runs one after another: a released claim stops nobody; campaigns do not stop each other', async () => {
		const store = new LaggingClaimStore();
		const isRunning = async () => true;
		const first = await claimCampaignRun(store, 'c', 'one', { sleep, now, settleMs: 0, isRunning });
		await claimCampaignRun(store, 'other campaign', 'two', { sleep, now, settleMs: 0, isRunning });
		await expect(claimCampaignRun(store, 'c', 'three', { sleep, now, settleMs: 0, isRunning })).rejects.toThrow('execution one');
		await first.release();
		await expect(claimCampaignRun(store, 'c', 'four', { sleep, now, settleMs: 0, isRunning })).resolves.toBeDefined();
	});

	it('does not stop a later node run of the same execution', async () => {
		const store = new LaggingClaimStore();
		await claimCampaignRun(store, 'c', 'same', { sleep, now, settleMs: 0, isRunning: async () => true });
		await expect(claimCampaignRun(store, 'c', 'same', { sleep, now, settleMs: 0, isRunning: async () => true })).resolves.toBeDefined();
	});

	it('takes a claim not touched for the lapse as dead, even if n8n still calls its execution running; touches keep it alive', async () => {
		const store = new LaggingClaimStore();
		const isRunning = async () => true;
		const holder = await claimCampaignRun(store, 'c', 'holder', { sleep, now, settleMs: 0, isRunning });
		// Sending: progress writes keep the claim alive, at most one touch per CLAIM_TOUCH_MS.
		const ledger = keptAliveBy(new MemoryLedgerStore(), holder);
		for (let second = 0; second < 100; second++) {
			clock.t += 1000;
			await ledger.append([{ campaignId: 'c', recipient: `1555${second}`, state: 'accepted' }]);
		}
		await delay(0);
		expect(store.touches).toBe(Math.floor(100_000 / CLAIM_TOUCH_MS));
		clock.t += CLAIM_LAPSE_MS - CLAIM_TOUCH_MS;
		const refused = claimCampaignRun(store, 'c', 'early', { sleep, now, settleMs: 0, isRunning });
		await expect(refused).rejects.toThrow(/execution holder \(started 2026-12-04T10:00:00\.000Z, last active 2026-12-04T10:01:40\.000Z\)/);
		// The worker died: no more touches. Past the lapse the next run goes ahead and closes the claim.
		clock.t += CLAIM_TOUCH_MS + 1;
		await expect(claimCampaignRun(store, 'c', 'late', { sleep, now, settleMs: 0, isRunning })).resolves.toBeDefined();
		expect(store.rows.find((row) => row.executionId === 'holder')?.open).toBe(false);
	});

	it('releases its own claim when it cannot tell whether the holder runs', async () => {
		const store = new LaggingClaimStore();
		await claimCampaignRun(store, 'c', 'holder', { sleep, now, settleMs: 0, isRunning: async () => true });
		await expect(
			claimCampaignRun(store, 'c', 'asker', {
				sleep,
				now,
				settleMs: 0,
				isRunning: async () => {
					throw new Error('HTTP 403');
				},
			}),
		).rejects.toThrow('HTTP 403');
		expect(store.rows.find((row) => row.executionId === 'asker')?.open).toBe(false);
	});
});
