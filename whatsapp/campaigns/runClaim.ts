/**
 * One run at a time per campaign. Two executions of the same Campaign ID started together (on two
 * workers, or a double click) would each load the same progress and each send to everyone, at
 * twice the pace. So a Send first claims the campaign:
 *
 *   1. Record an open claim (a row of its own: the execution's ID and the turn it is about to take).
 *   2. Take the campaign's next turn, 1, 2, 3, … Each turn is won by exactly one caller, ever (the
 *      delivery ledger's conditional update, exact on SQLite and PostgreSQL alike). A caller that
 *      loses a turn looks again and takes the next one.
 *   3. Read the open claims. An earlier turn whose execution still runs stops this run.
 *
 * Why that is exact: if two runs hold turns t1 < t2, the holder of t2 learned of t1 before it took
 * t2 (turns are read from the ledger and taken after), so t1's claim row, written before t1 was
 * taken, is visible to t2's step 3. So t2 stops while t1 runs, and t1 never waits for t2: of any
 * set of concurrent runs, exactly one proceeds. There is no timing in it (ID or commit order).
 *
 * A claim is closed by overwriting its own row (only its execution writes it). While the run sends
 * it touches the row now and then (the table keeps `updatedAt`). An execution that ended without
 * closing is recognised either way n8n can tell: n8n says it no longer runs (it crashed and n8n
 * restarted, or it was stopped), or its claim was not touched for CLAIM_LAPSE_MS (a queue-mode
 * worker that died: n8n keeps such an execution "running" until its queue recovery, up to three
 * hours later by default).
 */
import type { CampaignLedgerStore } from './ledger';

/** State of a claim row in the progress table (`recipient` empty, `messageId` = execution ID, `code` = turn). */
export const RUN_OPEN = 'run:open';
export const RUN_CLOSED = 'run:closed';

/** How often a sending run touches its claim (at most; on its progress writes, which are constant). */
export const CLAIM_TOUCH_MS = 20_000;
/**
 * A claim not touched for this long is taken as dead, whatever n8n says of its execution. A sending
 * run writes progress at least every retry delay (30 s at most), so two minutes of silence is no run.
 */
export const CLAIM_LAPSE_MS = 120_000;
/** The delivery-ledger key of a campaign's turn, and the turn a key names (0 for none). */
export const turnKey = (turn: number): string => `turn:${turn}`;
export const turnOfKey = (key: string): number => Number(/^turn:(\d+)$/.exec(key)?.[1] ?? 0);

/** Turns a claimant tries before giving up (each lost turn was taken by a run it will then see). */
const MAX_TURN_ATTEMPTS = 5;

export interface RunClaim {
	executionId: string;
	/** The turn the claimant took, or was about to take. */
	turn: number;
	/** When the row was stored (ms), if the table said. */
	createdAt?: number;
	/** When the run last touched it (ms): `updatedAt`, else `createdAt`. */
	activeAt?: number;
}

/** Where claims and turns live: the progress table and the delivery ledger in the node, memory in tests. */
export interface RunClaimStore {
	/** The highest turn of the campaign anyone took or tried to take (0 when none). */
	lastTurn(campaignId: string): Promise<number>;
	/** Takes the turn; `true` for exactly one caller per campaign and turn. */
	takeTurn(campaignId: string, turn: number): Promise<boolean>;
	/** Records the execution's open claim for a turn. */
	openClaim(campaignId: string, executionId: string, turn: number): Promise<void>;
	/** The campaign's open claims. */
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
		const times = [
			...(holder.createdAt !== undefined ? [`started ${new Date(holder.createdAt).toISOString()}`] : []),
			...(holder.activeAt !== undefined && holder.activeAt !== holder.createdAt ? [`last active ${new Date(holder.activeAt).toISOString()}`] : []),
		];
		super(`Campaign "${campaignId}" is already being sent by execution ${holder.executionId}${times.length > 0 ? ` (${times.join(', ')})` : ''}`);
		this.name = 'CampaignBusyError';
	}
}

export interface ClaimOptions {
	isRunning: IsRunning;
	now: () => number;
}

/**
 * What the claimant holds: `keepAlive` while it sends (cheap, call it often), `release` when the run
 * ends, however it ends.
 */
export interface CampaignRun {
	turn: number;
	keepAlive(): void;
	release(): Promise<void>;
}

/**
 * Claims the campaign for `executionId`, or throws CampaignBusyError naming the execution that
 * holds it. Claims of executions that no longer run are closed on the way (they crashed, or the
 * run was stopped before it could close its claim). Several node runs of one execution (a loop
 * sending pages) never stop each other: nodes of one execution run one after another.
 */
export async function claimCampaignRun(store: RunClaimStore, campaignId: string, executionId: string, options: ClaimOptions): Promise<CampaignRun> {
	const release = async () => await store.closeClaim(campaignId, executionId);
	const isDead = async (claim: RunClaim) =>
		(claim.activeAt !== undefined && options.now() - claim.activeAt > CLAIM_LAPSE_MS) || !(await options.isRunning(claim.executionId));
	/** Throws if a live claim of another execution has a turn below `limit`; closes dead ones. */
	const assertNoneLiveBelow = async (limit: number) => {
		for (const claim of (await store.openClaims(campaignId)).sort((a, b) => a.turn - b.turn)) {
			if (claim.executionId === executionId || claim.turn >= limit) continue;
			if (!(await isDead(claim))) throw new CampaignBusyError(campaignId, claim);
			// Nobody else writes this execution's claim any more: closing it is an overwrite that
			// concurrent claimants may all do, with the same result.
			await store.closeClaim(campaignId, claim.executionId);
		}
	};
	let turn = 0;
	try {
		turn = (await store.lastTurn(campaignId)) + 1;
		for (let attempt = 1; ; attempt++) {
			// The claim row first: a run that dies right after taking its turn leaves a claim to see.
			await store.openClaim(campaignId, executionId, turn);
			if (await store.takeTurn(campaignId, turn)) break;
			// The claim for the lost turn goes, so it stops nobody. Whoever took the turn wrote its
			// claim before, so if it still runs it is seen here, and this run stops now.
			await release();
			await assertNoneLiveBelow(turn + 1);
			if (attempt >= MAX_TURN_ATTEMPTS) throw new Error(`Could not claim campaign "${campaignId}": ${attempt} turns in a row were taken by other runs`);
			turn = Math.max(turn + 1, (await store.lastTurn(campaignId)) + 1);
		}
		await assertNoneLiveBelow(turn);
	} catch (error) {
		// A refused claimant leaves no open claim behind to stop later runs.
		await release().catch(() => undefined);
		return await Promise.reject(error);
	}
	let touchedAt = options.now();
	return {
		turn,
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
export function keptAliveBy(store: CampaignLedgerStore, run: CampaignRun | undefined): CampaignLedgerStore {
	if (!run) return store;
	return {
		load: async (campaignId) => await store.load(campaignId),
		append: async (rows) => {
			run.keepAlive();
			await store.append(rows);
		},
	};
}
