/**
 * Where conversations and their once-only decisions are kept. The nodes implement it over n8n Data
 * Tables and the delivery ledger; tests use the in-memory one. Rules an implementation keeps:
 * `append` only adds rows, with IDs that increase; `claim` lets exactly one caller ever win a key;
 * `compact` and `deleteRows` delete exactly the rows they are given, never "every row of X", so a
 * row a racing writer adds meanwhile always stays.
 */
import type { Agent } from '../routing/assignment';
import type { ConversationEvent, StoredConversationEvent } from './model';

export interface ConversationStore {
	append(events: ConversationEvent[]): Promise<number[]>;
	/** Every event of one customer on one number, in ID order. */
	readKey(conversationKey: string): Promise<StoredConversationEvent[]>;
	/** Every event of these conversations, in ID order. */
	readConversations(conversationIds: string[]): Promise<StoredConversationEvent[]>;
	/**
	 * IDs of conversations that may be open: with a team (or agent) filter, those with a row carrying
	 * it in its column that is not a finished snapshot (`closed`, `pruned`); without one, those with
	 * an `opened` or `snapshot` row. A superset is fine (the desk folds each one to confirm); a
	 * resolved conversation drops out once compacted, so this reads open conversations, not history.
	 */
	openConversationIds(filter: { team?: string; agent?: string }): Promise<string[]>;
	/** The conversation linked to an external reference, if any (snapshots list refs as |a|b|). */
	findByRef(ref: string): Promise<StoredConversationEvent | undefined>;
	/**
	 * IDs of conversations with a `resolved` or `closed` row at or before `cutoffMs`: a superset
	 * (the day of the cutoff may be included), at most `limit`, the desk checks each one.
	 */
	resolvedBefore(cutoffMs: number, limit: number): Promise<string[]>;
	/** Adds `snapshot`, then deletes exactly the rows `replacedIds` (which the snapshot folded). */
	compact(snapshot: ConversationEvent, replacedIds: number[]): Promise<void>;
	/** Deletes exactly these rows; returns how many were deleted. */
	deleteRows(ids: number[]): Promise<number>;
	/** The keys this caller won; each key is won by exactly one caller, ever. */
	claim(scope: string, keys: string[]): Promise<Set<string>>;
	/** The key of the latest row claimed in `scope` by anyone (a lower bound for sequences). */
	lastClaimed(scope: string): Promise<string | undefined>;
	/** Whether anyone claimed `key` in `scope`. */
	isClaimed(scope: string, key: string): Promise<boolean>;
	/** The agents of a team (every agent when no team), in the table's order. */
	agents(team?: string): Promise<Agent[]>;
}

export interface DeskClock {
	now(): number;
	sleep(ms: number): Promise<void>;
}
