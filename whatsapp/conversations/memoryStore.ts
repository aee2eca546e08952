/** An in-memory conversation store for tests and for trying the desk out; one process only. */
import type { Agent } from '../routing/assignment';
import { isFinishedSnapshot } from './fold';
import type { ConversationEvent, StoredConversationEvent } from './model';
import type { ConversationStore } from './store';

export class MemoryConversationStore implements ConversationStore {
	events: StoredConversationEvent[] = [];
	readonly claims: Array<{ scope: string; key: string }> = [];
	private nextId = 1;

	constructor(public agentList: Agent[] = []) {}

	async append(events: ConversationEvent[]): Promise<number[]> {
		return events.map((event) => {
			const id = this.nextId++;
			this.events.push({ ...event, id });
			return id;
		});
	}

	async readKey(conversationKey: string): Promise<StoredConversationEvent[]> {
		return this.events.filter((e) => e.conversationKey === conversationKey);
	}

	async readConversations(ids: string[]): Promise<StoredConversationEvent[]> {
		const wanted = new Set(ids);
		return this.events.filter((e) => wanted.has(e.conversationId));
	}

	async openConversationIds(filter: { team?: string; agent?: string }): Promise<string[]> {
		const rows = this.events.filter((e) => {
			if (filter.team !== undefined) return e.team === filter.team && !isFinishedSnapshot(e);
			if (filter.agent !== undefined) return e.agent === filter.agent && !isFinishedSnapshot(e);
			return e.kind === 'opened' || e.kind === 'snapshot';
		});
		return [...new Set(rows.map((e) => e.conversationId))];
	}

	async findByRef(ref: string): Promise<StoredConversationEvent | undefined> {
		return this.events.find((e) => e.ref === ref || Boolean(e.ref?.includes(`|${ref}|`)));
	}

	async resolvedBefore(cutoffMs: number, limit: number): Promise<string[]> {
		const rows = this.events.filter((e) => (e.kind === 'resolved' || e.kind === 'closed') && Date.parse(e.at) <= cutoffMs);
		return [...new Set(rows.map((e) => e.conversationId))].slice(0, limit);
	}

	async compact(snapshot: ConversationEvent, replacedIds: number[]): Promise<void> {
		await this.append([snapshot]);
		await this.deleteRows(replacedIds);
	}

	async deleteRows(ids: number[]): Promise<number> {
		const gone = new Set(ids);
		const before = this.events.length;
		this.events = this.events.filter((e) => !gone.has(e.id));
		return before - this.events.length;
	}

	async claim(scope: string, keys: string[]): Promise<Set<string>> {
		const won = new Set<string>();
		for (const key of new Set(keys)) {
			if (!this.claims.some((c) => c.scope === scope && c.key === key)) won.add(key);
			this.claims.push({ scope, key });
		}
		return won;
	}

	async lastClaimed(scope: string): Promise<string | undefined> {
		return [...this.claims].reverse().find((c) => c.scope === scope)?.key;
	}

	async isClaimed(scope: string, key: string): Promise<boolean> {
		return this.claims.some((c) => c.scope === scope && c.key === key);
	}

	async agents(team?: string): Promise<Agent[]> {
		return this.agentList.filter((a) => !team || a.teams.includes(team));
	}
}
