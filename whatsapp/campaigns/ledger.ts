/**
 * The campaign progress ledger: insert-only rows, one `pending` row before a recipient's send and
 * one final row after it. Insert-only because concurrent read-modify-write loses updates in n8n's
 * data tables (n8n-runtime-findings §3); `pending` first because a crash between Meta's acceptance
 * and the final row must not look like "never sent" on resume.
 */

/** What a run writes around one send. */
export type SendState = 'pending' | 'accepted' | 'uncertain' | 'failed';
/** What a status webhook said about a campaign message (written by the trigger, see outcomes.ts). */
export type DeliveryStatus = 'sent' | 'delivered' | 'read' | 'failed';
export type StatusState = `status:${DeliveryStatus}`;
export type LedgerState = SendState | StatusState;

export const STATUS_STATES: readonly StatusState[] = ['status:sent', 'status:delivered', 'status:read', 'status:failed'];
export const LEDGER_STATES: readonly LedgerState[] = ['pending', 'accepted', 'uncertain', 'failed', ...STATUS_STATES];

export interface LedgerRow {
	campaignId: string;
	recipient: string;
	state: LedgerState;
	messageId?: string;
	/** Meta's error code of a failed send, or of a `failed` status. */
	code?: number;
	/** When the row was stored (ms), as the table says; absent in rows not read back yet. */
	createdAt?: number;
}

export type { PriorState } from './outcomes';
export { priorStates } from './outcomes';

/** Where rows live (an n8n Data Table in the node; an array in tests). */
export interface CampaignLedgerStore {
	/** Every row of the campaign, in insertion order. */
	load(campaignId: string): Promise<LedgerRow[]>;
	append(rows: LedgerRow[]): Promise<void>;
}

/**
 * Batches ledger writes: rows added while a write is under way go out together in the next one,
 * so the number of requests adapts to the send rate. `pending` rows are awaited (a send may only
 * start once its row is stored); final rows are flushed at the end.
 */
export class LedgerWriter {
	private next: { rows: LedgerRow[]; done: Promise<void>; settle: (error?: unknown) => void } | undefined;
	private writing: Promise<void> | undefined;
	private failure: unknown;
	rowsWritten = 0;
	writes = 0;

	constructor(private readonly store: CampaignLedgerStore) {}

	/** Resolves once `row` is stored; rejects if the store failed. */
	async write(row: LedgerRow): Promise<void> {
		if (this.failure) throw this.failure;
		const batch = this.batchFor(row);
		this.kick();
		await batch.done;
	}

	/** Queues `row` without waiting (stored by a later write or `flush`). */
	add(row: LedgerRow): void {
		// The batch's promise is awaited by `flush`; keep an unawaited rejection from surfacing here.
		this.batchFor(row).done.catch(() => undefined);
		this.kick();
	}

	/** Resolves when every row added so far is stored. */
	async flush(): Promise<void> {
		while (this.writing || this.next) {
			if (this.writing) await this.writing;
			else this.kick();
		}
		if (this.failure) throw this.failure;
	}

	private batchFor(row: LedgerRow) {
		if (!this.next) {
			let settle!: (error?: unknown) => void;
			const done = new Promise<void>((resolve, reject) => {
				settle = (error) => (error === undefined ? resolve() : reject(error));
			});
			this.next = { rows: [], done, settle };
		}
		this.next.rows.push(row);
		return this.next;
	}

	private kick(): void {
		if (this.writing || !this.next) return;
		const batch = this.next;
		this.next = undefined;
		this.writing = this.store.append(batch.rows).then(
			() => {
				this.rowsWritten += batch.rows.length;
				this.writes += 1;
				batch.settle();
			},
			(error: unknown) => {
				this.failure ??= error ?? new Error('Ledger write failed');
				batch.settle(this.failure);
			},
		).then(() => {
			this.writing = undefined;
			this.kick();
		});
	}
}

/** An in-memory store: for tests, and for the validate-only path. */
export class MemoryLedgerStore implements CampaignLedgerStore {
	readonly rows: LedgerRow[] = [];
	appendCalls = 0;

	constructor(private readonly clock: () => number = Date.now) {}

	async load(campaignId: string): Promise<LedgerRow[]> {
		return this.rows.filter((row) => row.campaignId === campaignId);
	}

	async append(rows: LedgerRow[]): Promise<void> {
		this.appendCalls += 1;
		this.rows.push(...rows.map((row) => ({ createdAt: this.clock(), ...row })));
	}
}
