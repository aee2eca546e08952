/**
 * Where conversations and their once-only decisions are kept. The nodes implement it over n8n Data
 * Tables and the delivery ledger; tests use the in-memory one. Rules an implementation keeps:
 * `append` only adds rows, with IDs that increase; `claim` lets exactly one caller ever win a key.
 */
import type { Agent } from '../routing/assignment';
import type { ConversationEvent, StoredConversationEvent } from './model';

export interface ConversationStore {
	append(events: ConversationEvent[]): Promise<number[]>;
	/** Every event of one customer on one number, in ID order. */
	readKey(conversationKey: string): Promise<StoredConversationEvent[]>;
	/** Every event of these conversations, in ID order. */
	readConversations(conversationIds: string[]): Promise<StoredConversationEvent[]>;
	/** IDs of conversations that have an event with this team (or agent) in its column. */
	conversationIdsWith(column: 'team' | 'agent', value: string): Promise<string[]>;
	/** The conversation linked to an external reference, if any. */
	findByRef(ref: string): Promise<StoredConversationEvent | undefined>;
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
