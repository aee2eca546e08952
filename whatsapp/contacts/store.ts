/**
 * Where the contact book keeps its events. The nodes only ever see this interface, so a team that
 * outgrows n8n's Data Tables can implement it over another database without touching the nodes.
 *
 * The one rule an implementation must keep: `append` only ever adds rows. Concurrent appends for
 * the same contact must all survive; nothing in the book reads a row to write it back.
 */
import type { ContactEvent, StoredContactEvent } from './model';

export interface ContactStore {
	/** Adds the events as new rows and returns their IDs, in order. IDs only ever increase. */
	append(events: ContactEvent[]): Promise<number[]>;
	/** Every row of these contacts (snapshots included), in ID order. */
	read(waIds: string[]): Promise<StoredContactEvent[]>;
	/** WA IDs that may carry `label`. A superset is fine: the book folds each one to confirm. */
	candidatesWithLabel(label: string): Promise<string[]>;
	/**
	 * Adds `snapshot`, then deletes exactly the rows `replacedIds` (which the snapshot contains).
	 * Rows written meanwhile are not in the list and stay.
	 */
	compact(snapshot: ContactEvent, replacedIds: number[]): Promise<void>;
	/** Deletes every row of the contact and returns how many there were. */
	remove(waId: string): Promise<number>;
}
