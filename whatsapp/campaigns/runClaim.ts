/**
 * One run at a time per campaign. Two executions of the same Campaign ID started together (on two
 * workers, or a double click) would each load the same progress and each send to everyone, at
 * twice the pace. So a Send first claims the campaign, with rows of its own in the progress table:
 *
 *   1. insert an open claim (the execution's ID), which is safe under concurrency (insert-only);
 *   2. wait a moment, so a claim whose row ID came first but whose commit came later is visible
 *      (PostgreSQL hands out IDs before commit; SQLite commits in order);
 *   3. read the campaign's open claims: the lowest row ID among live executions owns the run.
 *
 * A claim is closed by overwriting its own row (only its execution writes it). While the run sends
 * it touches the row now and then (the table keeps `updatedAt`). An execution that ended without
 * closing is recognised either way n8n can tell: n8n says it no longer runs (it crashed and n8n
 * restarted, or it was stopped), or its claim was not touched for CLAIM_LAPSE_MS (a queue-mode
 * worker that died: n8n keeps such an execution "running" until its queue recovery, up to three
 * hours later by default). Everything a claimant decides is read after its own insert, so of any
 * set of concurrent claimants exactly one proceeds: the earliest live one.
 */

import type { CampaignLedgerStore } from './ledger';

/** State of a claim row in the progress table (`recipient` empty, `messageId` = execution ID). */
export const RUN_OPEN = 'run:open';
export const RUN_CLOSED = 'run:closed';

/**
 * How long a claimant waits between its insert and its read. A claim inserted before ours is
 * committed within one short transaction; a quarter of a second is far beyond that, and a campaign
 * pays it once per run.
 */
export const CLAIM_SETTLE_MS = 250;

/** How often a sending run touches its claim (at most; on its progress writes, which are constant). */
export const CLAIM_TOUCH_MS = 20_000;
/**
 * A claim not touched for this long is taken as dead, whatever n8n says of its execution. A sending
 * run writes progress at least every retry delay (30 s at most), so two minutes of silence is no run.
 */
export const CLAIM_LAPSE_MS = 120_000;

export interface RunClaim {
	/** The claim row's ID: the order claims were made in. */
	rowId: number;
	executionId: string;
	/** When the row was stored (ms), if the table said. */
	createdAt?: number;
	/** When the run last touched it (ms): `updatedAt`, else `createdAt`. */
	activeAt?: number;
}

/** Where claims live: the progress table in the node, an array in tests. */
export interface RunClaimStore {
	/** Inserts an open claim for the execution and returns its row ID. */
	openClaim(campaignId: string, executionId: string): Promise<number>;
	/** The campaign's open claims, in row-ID order. */
	openClaims(campaignId: string): Promise<RunClaim[]>;
	/** Closes the execution's open claims of the campaign. */
	closeClaim(campaignId: string, executionId: string): Promise<void>;
	/** Marks the execution's open claims as active now (an overwrite of its own rows). */
	touchClaim(campaignId: string, executionId: string): Promise<void>;
}

/** Whether an execution still runs: `false` once it ended, crashed or was deleted. */
export type IsRunning = (executionId: string) => Promise<boolean>;

export class CampaignBusyError extends Error {
	constructor(
		readonly campaignId: string,
		readonly holder: RunClaim,
	) {
		super(
			`Campaign "${campaignId}" is already being sent by execution ${holder.executionId}` +
				(holder.createdAt !== undefined ? ` (started ${new Date(holder.createdAt).toISOString()}` : ' (') +
				(holder.activeAt !== undefined ? `${holder.createdAt !== undefined ? ', ' : ''}last active ${new Date(holder.activeAt).toISOString()})` : ')'),
		);
		this.name = 'CampaignBusyError';
	}
}

export interface ClaimOptions {
	isRunning: IsRunning;
	sleep: (ms: number) => Promise<void>;
	now: () => number;
	settleMs?: number;
}

/**
 * What the claimant holds: `keepAlive` while it sends (cheap, call it often), `release` when the run
 * ends, however it ends.
 */
export interface CampaignRun {
	keepAlive(): void;
	release(): Promise<void>;
}

/**
 * The claims that stop `mine`: earlier open claims of other executions. Claims of the same
 * execution are earlier node runs in it (nodes of one execution run one after another).
 */
export function claimsAhead(open: RunClaim[], mine: { rowId: number; executionId: string }): RunClaim[] {
	return open.filter((claim) => claim.rowId < mine.rowId && claim.executionId !== mine.executionId).sort((a, b) => a.rowId - b.rowId);
}

/**
 * Claims the campaign for `executionId`, or throws CampaignBusyError naming the execution that
 * holds it. Claims of executions that no longer run are closed on the way (they crashed, or the
 * run was stopped before it could close its claim).
 */
export async function claimCampaignRun(store: RunClaimStore, campaignId: string, executionId: string, options: ClaimOptions): Promise<CampaignRun> {
	const rowId = await store.openClaim(campaignId, executionId);
	const release = async () => await store.closeClaim(campaignId, executionId);
	try {
		await options.sleep(options.settleMs ?? CLAIM_SETTLE_MS);
		const ahead = claimsAhead(await store.openClaims(campaignId), { rowId, executionId });
		for (const claim of ahead) {
			const lapsed = claim.activeAt !== undefined && options.now() - claim.activeAt > CLAIM_LAPSE_MS;
			if (!lapsed && (await options.isRunning(claim.executionId))) throw new CampaignBusyError(campaignId, claim);
			// Nobody else writes this execution's claim any more: closing it is an overwrite that
			// concurrent claimants may all do, with the same result.
			await store.closeClaim(campaignId, claim.executionId);
		}
	} catch (error) {
		// A refused claimant leaves no open claim behind to stop later runs.
		await release().catch(() => undefined);
		return await Promise.reject(error);
	}
	let touchedAt = options.now();
	return {
		keepAlive: () => {
			if (options.now() - touchedAt < CLAIM_TOUCH_MS) return;
			touchedAt = options.now();
			// A touch that fails is retried by the next one; one that lands after release matches no open row.
			store.touchClaim(campaignId, executionId).catch(() => undefined);
		},
		release,
	};
}

/** The ledger store, keeping the claim alive on every write the run makes. */
export function keptAliveBy<Store extends CampaignLedgerStore>(store: Store, run: CampaignRun | undefined): CampaignLedgerStore {
	if (!run) return store;
	return {
		load: async (campaignId) => await store.load(campaignId),
		append: async (rows) => {
			run.keepAlive();
			await store.append(rows);
		},
	};
}
