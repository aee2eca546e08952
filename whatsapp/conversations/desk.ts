/**
 * The desk: every change to a conversation, written so that it stays right when many executions on
 * many workers act at once. Each decision only one caller may take is claimed first (a key in the
 * delivery ledger, won by exactly one caller ever) and only the winner appends the event; every
 * other change is an append. Nothing is read, changed and written back.
 */
import type { AssignmentChoice, AssignmentStrategy } from '../routing/assignment';
import { chooseAgent, needsSerialOrder } from '../routing/assignment';
import { applyClock, botActive, foldConversations, handoffTimedOut, isFinishedSnapshot, isOpenFor, isSnapshot, snapshotEvent, throughIdOf } from './fold';
import type { BotSession, Conversation, ConversationEvent, ConversationStateName, HandoffReason, ReleaseReason, StoredConversationEvent } from './model';
import { conversationIdOf, conversationKeyOf, parseConversationId } from './model';
import type { ConversationStore, DeskClock } from './store';

/** The ledger scope of every conversation decision (keys carry the conversation ID). */
export const DECISION_SCOPE = 'wabp-conversation';
export const ticketScope = (team: string): string => `wabp-ticket/${team}`;
export const TICKET_DONE_SCOPE = 'wabp-ticket-done';
export const TURN_SCOPE = 'wabp-turn';

export interface InboundMessage {
	phoneNumberId: string;
	waId: string;
	messageId?: string;
	messageType?: string;
	text?: string;
	replyId?: string;
	/** The message's own time (ISO); the order messages of one customer are answered in. */
	at: string;
	/** A message the business sent from the WhatsApp Business app (coexistence): a person is on it. */
	echo?: boolean;
}

export interface ReceiveOptions {
	handoffKeywords?: string[];
	handoffReplyIds?: string[];
	handoffTeam?: string;
	/** A person silent this long gives the conversation back to the bot; 0 = never. */
	handoffTimeoutMs?: number;
	restartKeywords?: string[];
	finishKeywords?: string[];
	/** A bot session idle this long starts over; 0 = never. */
	sessionExpiryMs?: number;
	/** Answer one customer's messages one at a time, in message order. */
	orderTurns?: boolean;
	/** How long to let messages sent together arrive before taking a place in line. */
	settleMs?: number;
	/** The longest wait for earlier messages' turns to finish. */
	maxWaitMs?: number;
	pollMs?: number;
	/** Earlier messages handled by this same run (answered in item order, so not waited for). */
	sameRun?: readonly string[];
}

export interface SessionView extends BotSession {
	isNew: boolean;
	expired: boolean;
	restarted: boolean;
	finishedNow: boolean;
}

export interface ReceiveResult {
	conversation: Conversation;
	isNewConversation: boolean;
	duplicate: boolean;
	handedOff: HandoffReason | null;
	released: ReleaseReason | null;
	botShouldReply: boolean;
	session: SessionView | null;
	turn: { waitedMs: number; timedOut: boolean; earlier: number } | null;
}

export interface AssignOptions {
	strategy: AssignmentStrategy;
	/** Sticky: the previous agent counts when their last conversation was assigned within this. */
	stickyWithinMs?: number;
	stickyFallback?: Exclude<AssignmentStrategy, 'sticky'>;
	maxWaitMs?: number;
	pollMs?: number;
}

export interface AssignResult {
	conversation: Conversation;
	/** assigned: this call chose; queued: nobody is free; unchanged: already decided by another run. */
	outcome: 'assigned' | 'queued' | 'unchanged';
	agent: string | null;
	ticket: number | null;
	reason: string;
}

function matchesKeyword(text: string | undefined, keywords: readonly string[] | undefined): string | undefined {
	if (!text || !keywords?.length) return undefined;
	const normal = text.trim().toLocaleLowerCase();
	return keywords.find((k) => k.trim() !== '' && normal === k.trim().toLocaleLowerCase());
}

const DEFAULT_POLL_MS = 150;

export interface DeskOptions {
	/** An open conversation with more rows than this is compacted into a snapshot on read; 0 = never compact. */
	compactAfter?: number;
	/**
	 * Only rows whose newest write is at least this old are compacted. A row with a lower ID than
	 * one already visible can only still be in flight for the time of one insert; waiting this long
	 * makes sure a snapshot never claims to contain a row it could not see.
	 */
	quietMs?: number;
	/** The most conversations one call compacts (the rest on later calls). */
	maxCompactionsPerCall?: number;
}

export const DEFAULT_COMPACT_AFTER = 40;
export const DEFAULT_QUIET_MS = 10_000;
const DEFAULT_MAX_COMPACTIONS = 50;
export const DAY_MS = 24 * 60 * 60 * 1000;

export interface SnoozeOptions {
	/** ISO time to wake at; null or empty: until the customer writes (or Wake). */
	until?: string | null;
	/** Keep the agent (their load still counts it); false puts it back in the team's queue on waking. */
	keepAgent?: boolean;
}

export interface ListOpenFilter {
	team?: string;
	agent?: string;
	state?: Exclude<ConversationStateName, 'resolved'>;
	/** At most this many, oldest first. */
	limit?: number;
}

export interface PruneResult {
	/** Conversations whose rows were deleted. */
	conversations: number;
	/** Rows deleted. */
	rows: number;
	/** Customers whose latest conversation was pruned keep one small `pruned` row (its number). */
	markers: number;
	cutoff: string;
}

/** Whether a Receive call should prune this time: about 1 message in `every`, decided by its ID. */
export function shouldAutoPrune(messageId: string | undefined, every = 100): boolean {
	if (!messageId) return false;
	let hash = 2166136261;
	for (let i = 0; i < messageId.length; i++) hash = Math.imul(hash ^ messageId.charCodeAt(i), 16777619) >>> 0;
	return hash % every === 0;
}

function groupBy<T>(list: readonly T[], key: (item: T) => string): Map<string, T[]> {
	const groups = new Map<string, T[]>();
	for (const item of list) {
		const k = key(item);
		const group = groups.get(k) ?? [];
		group.push(item);
		groups.set(k, group);
	}
	return groups;
}

export class ConversationDesk {
	private readonly compactAfter: number;
	private readonly quietMs: number;
	private readonly maxCompactions: number;
	/** Conversations compacted by this desk (for tests and the bench). */
	compactions = 0;

	constructor(
		private readonly store: ConversationStore,
		private readonly clock: DeskClock,
		options: DeskOptions = {},
	) {
		this.compactAfter = options.compactAfter ?? DEFAULT_COMPACT_AFTER;
		this.quietMs = options.quietMs ?? DEFAULT_QUIET_MS;
		this.maxCompactions = options.maxCompactionsPerCall ?? DEFAULT_MAX_COMPACTIONS;
	}

	/** Folds rows (waking snoozes that are due) and compacts long or resolved conversations on the way. */
	private async fold(rows: StoredConversationEvent[]): Promise<Conversation[]> {
		const all = foldConversations(rows, this.clock.now());
		if (this.compactAfter > 0 && rows.length > 1) await this.compactSome(rows);
		return all;
	}

	private async latest(rows: StoredConversationEvent[]): Promise<Conversation | undefined> {
		const all = await this.fold(rows);
		return all[all.length - 1];
	}

	/**
	 * Writes a snapshot for each conversation in `rows` that is resolved (and not one row yet) or has
	 * more than `compactAfter` rows, and deletes exactly the rows it folded. Only quiet conversations
	 * (see `quietMs`); a failure leaves the rows as they were, which is still correct.
	 */
	private async compactSome(rows: StoredConversationEvent[]): Promise<void> {
		const now = this.clock.now();
		let done = 0;
		for (const group of groupBy(rows, (r) => r.conversationId).values()) {
			if (done >= this.maxCompactions) break;
			// Cheap checks first: most reads meet short open conversations and fold nothing twice.
			const mayBeResolved = group.some((r) => r.kind === 'resolved' || isFinishedSnapshot(r));
			if (!mayBeResolved && group.length <= this.compactAfter) continue;
			if (group.length === 1 && isFinishedSnapshot(group[0])) continue;
			const newest = Math.max(...group.map((r) => Date.parse(r.writtenAt ?? r.at)));
			if (!(now - newest >= this.quietMs)) continue;
			const raw = foldConversations(group)[0];
			if (raw.state !== 'resolved' && group.length <= this.compactAfter) continue;
			const finished = raw.state === 'resolved';
			const throughId = Math.max(...group.map((r) => (isSnapshot(r) ? throughIdOf(r) : r.id)));
			try {
				await this.store.compact(snapshotEvent(raw, throughId, new Date(now).toISOString(), group.some((r) => r.kind === 'pruned') && finished ? 'pruned' : undefined), group.map((r) => r.id));
				done++;
				this.compactions++;
			} catch {
				// Compaction only saves reading time; the rows stay correct without it.
			}
		}
	}

	private iso(): string {
		return new Date(this.clock.now()).toISOString();
	}

	private event(c: Pick<Conversation, 'conversationId' | 'conversationKey'>, kind: ConversationEvent['kind'], value: Record<string, unknown> = {}, extra: Partial<ConversationEvent> = {}): ConversationEvent {
		return { conversationKey: c.conversationKey, conversationId: c.conversationId, kind, value, at: this.iso(), ...extra };
	}

	/** The customer's latest conversation, or undefined. */
	async current(phoneNumberId: string, waId: string): Promise<Conversation | undefined> {
		return await this.latest(await this.store.readKey(conversationKeyOf(phoneNumberId, waId)));
	}

	async history(phoneNumberId: string, waId: string): Promise<Conversation[]> {
		return await this.fold(await this.store.readKey(conversationKeyOf(phoneNumberId, waId)));
	}

	async byId(conversationId: string): Promise<Conversation | undefined> {
		return await this.latest(await this.store.readConversations([conversationId]));
	}

	async byRef(ref: string): Promise<Conversation | undefined> {
		const linked = await this.store.findByRef(ref);
		return linked ? await this.byId(linked.conversationId) : undefined;
	}

	private async reread(c: Conversation): Promise<Conversation> {
		return (await this.byId(c.conversationId)) ?? c;
	}

	/**
	 * The customer's open conversation, opened when there is none or the last one is resolved. The
	 * ID is the next sequence number, so callers that race to open agree on it; one of them writes it.
	 */
	async openConversation(phoneNumberId: string, waId: string): Promise<{ conversation: Conversation; isNew: boolean }> {
		const conversationKey = conversationKeyOf(phoneNumberId, waId);
		const latest = await this.latest(await this.store.readKey(conversationKey));
		if (latest && latest.state !== 'resolved') return { conversation: latest, isNew: false };
		const sequence = (latest?.sequence ?? 0) + 1;
		const conversationId = conversationIdOf(conversationKey, sequence);
		const won = await this.store.claim(DECISION_SCOPE, [`open:${conversationId}`]);
		if (won.size > 0) {
			await this.store.append([this.event({ conversationId, conversationKey }, 'opened', { sequence, phoneNumberId, waId })]);
			return { conversation: emptyOpened(conversationId, conversationKey, this.iso()), isNew: true };
		}
		// Another run opened it a moment ago: its row may not be readable yet, the ID is the same.
		const conversation = (await this.byId(conversationId)) ?? emptyOpened(conversationId, conversationKey, this.iso());
		return { conversation, isNew: false };
	}

	async receive(message: InboundMessage, options: ReceiveOptions = {}): Promise<ReceiveResult> {
		const result: ReceiveResult = {
			conversation: undefined as unknown as Conversation,
			isNewConversation: false,
			duplicate: false,
			handedOff: null,
			released: null,
			botShouldReply: false,
			session: null,
			turn: null,
		};
		const opened = await this.openConversation(message.phoneNumberId, message.waId);
		let conversation = opened.conversation;
		result.isNewConversation = opened.isNew;

		if (message.echo) {
			// A person answered from the Business app: the bot steps back. Echoes never count as the
			// customer writing (they do not open the service window).
			await this.store.append([this.event(conversation, 'outbound', { by: 'agent', agent: 'business-app', messageId: message.messageId ?? null, echo: true }, { agent: 'business-app' })]);
			if (botActive(conversation) && (await this.handOff(conversation, 'echo', options.handoffTeam))) result.handedOff = 'echo';
			result.conversation = await this.reread(conversation);
			return result;
		}

		if (message.messageId) {
			const won = await this.store.claim(DECISION_SCOPE, [`message:${message.messageId}`]);
			if (won.size === 0) {
				result.duplicate = true;
				result.conversation = conversation;
				return result;
			}
		}
		await this.store.append([
			this.event(conversation, 'inbound', { messageId: message.messageId ?? null, type: message.messageType ?? null, text: message.text ?? null, replyId: message.replyId ?? null }, { at: message.at }),
		]);

		// Time-outs are judged at the later of n8n's clock and the message's own time: the same as the
		// clock in production, and a message stamped ahead (the simulator's virtual clock) moves them too.
		const judgedAt = Math.max(this.clock.now(), message.at ? Date.parse(message.at) || 0 : 0);
		let changed = false;
		if (handoffTimedOut(conversation, judgedAt, options.handoffTimeoutMs ?? 0)) {
			if (await this.release(conversation, 'timeout')) result.released = 'timeout';
			conversation = await this.reread(conversation);
			changed = true;
		}
		if (botActive(conversation)) {
			const keyword = matchesKeyword(message.text, options.handoffKeywords);
			const button = message.replyId && options.handoffReplyIds?.includes(message.replyId);
			if (keyword || button) {
				const reason: HandoffReason = button ? 'button' : 'keyword';
				if (await this.handOff(conversation, reason, options.handoffTeam)) result.handedOff = reason;
				changed = true;
			}
		}
		if (changed) conversation = await this.reread(conversation);
		result.botShouldReply = botActive(conversation);

		if (!result.botShouldReply || !message.messageId || options.orderTurns === false) {
			// Nothing for the bot to answer in order: this turn is done now.
			if (message.messageId && !result.botShouldReply) await this.store.append([this.event(conversation, 'turn_done', { messageId: message.messageId })]);
		} else {
			result.turn = await this.waitForTurn(conversation, message.messageId, options);
			conversation = await this.reread(conversation);
		}
		if (result.botShouldReply) result.session = await this.sessionFor(conversation, message.text, options, judgedAt);
		result.conversation = await this.reread(conversation);
		return result;
	}

	/** Waits until every earlier message of the conversation has finished its bot turn. */
	private async waitForTurn(conversation: Conversation, messageId: string, options: ReceiveOptions): Promise<{ waitedMs: number; timedOut: boolean; earlier: number }> {
		const start = this.clock.now();
		const maxWait = options.maxWaitMs ?? 30_000;
		const poll = options.pollMs ?? DEFAULT_POLL_MS;
		if ((options.settleMs ?? 0) > 0) await this.clock.sleep(options.settleMs!);
		let earlier = 0;
		for (;;) {
			const fresh = await this.reread(conversation);
			const position = fresh.inbound.findIndex((m) => m.messageId === messageId);
			const mine = fresh.inbound[position];
			// A predecessor written much earlier than this message was abandoned (its run failed or never
			// saved its step): it does not hold this one up.
			const pending = fresh.inbound
				.slice(0, Math.max(0, position))
				.filter((m) => !fresh.turnsDone.includes(m.messageId) && !options.sameRun?.includes(m.messageId))
				.filter((m) => !mine || Date.parse(mine.at) - Date.parse(m.at) <= maxWait);
			earlier = Math.max(0, position);
			if (pending.length === 0) return { waitedMs: this.clock.now() - start, timedOut: false, earlier };
			if (this.clock.now() - start >= maxWait) return { waitedMs: this.clock.now() - start, timedOut: true, earlier };
			await this.clock.sleep(poll);
		}
	}

	private async sessionFor(conversation: Conversation, text: string | undefined, options: ReceiveOptions, now: number): Promise<SessionView> {
		const existing = conversation.session;
		const expiry = options.sessionExpiryMs ?? 0;
		const expired = Boolean(existing && expiry > 0 && existing.updatedAt && now - Date.parse(existing.updatedAt) > expiry);
		const restartWord = matchesKeyword(text, options.restartKeywords);
		const finishWord = matchesKeyword(text, options.finishKeywords);
		const startOver = !existing || expired || Boolean(restartWord) || existing.finished;
		if (startOver) {
			await this.store.append([this.event(conversation, 'session', { restart: true, step: 'start', answers: {} })]);
		}
		if (finishWord) await this.store.append([this.event(conversation, 'session', { finished: true })]);
		const base: BotSession = startOver ? { step: 'start', answers: {}, startedAt: this.iso(), updatedAt: this.iso(), finished: false } : existing!;
		return {
			...base,
			finished: Boolean(finishWord) || (base.finished && !startOver),
			isNew: !existing || existing.finished,
			expired,
			restarted: Boolean(restartWord) || (expired && Boolean(existing)),
			finishedNow: Boolean(finishWord),
		};
	}

	/** Ends a bot turn: saves the next step and answers (merged), and lets the next message go. */
	async finishTurn(conversation: Conversation, messageId: string | undefined, update: { step?: string; answers?: Record<string, unknown>; finish?: boolean; restart?: boolean }): Promise<Conversation> {
		const events: ConversationEvent[] = [];
		if (update.step !== undefined || update.answers || update.finish || update.restart) {
			events.push(this.event(conversation, 'session', { ...(update.restart ? { restart: true } : {}), ...(update.step ? { step: update.step } : {}), ...(update.answers ? { answers: update.answers } : {}), ...(update.finish ? { finished: true } : {}) }));
		}
		if (messageId) events.push(this.event(conversation, 'turn_done', { messageId }));
		await this.store.append(events);
		return await this.reread(conversation);
	}

	/** Hands the conversation from the bot to the team's queue. True when this call did it. */
	async handOff(conversation: Conversation, reason: HandoffReason, team?: string): Promise<boolean> {
		const won = await this.store.claim(DECISION_SCOPE, [`handoff:${conversation.conversationId}:${conversation.releases}`]);
		if (won.size === 0) return false;
		const toTeam = team || conversation.team || undefined;
		await this.store.append([this.event(conversation, 'handed_off', { reason }, toTeam ? { team: toTeam } : {})]);
		return true;
	}

	/** Gives the conversation back to the bot. True when this call did it. */
	async release(conversation: Conversation, reason: ReleaseReason): Promise<boolean> {
		if (conversation.owner === 'bot' || conversation.state === 'resolved') return false;
		const won = await this.store.claim(DECISION_SCOPE, [`release:${conversation.conversationId}:${conversation.handoffs}:${conversation.round}`]);
		if (won.size === 0) return false;
		await this.store.append([this.event(conversation, 'released', { reason })]);
		return true;
	}

	async resolve(conversation: Conversation, by?: string): Promise<boolean> {
		if (conversation.state === 'resolved') return false;
		const won = await this.store.claim(DECISION_SCOPE, [`resolve:${conversation.conversationId}`]);
		if (won.size === 0) return false;
		await this.store.append([this.event(conversation, 'resolved', { by: by ?? null })]);
		return true;
	}

	/**
	 * Snoozes the conversation until a time (or, without one, until the customer writes or Wake).
	 * An append: a racing Wake or customer message with a higher row ID simply comes after it.
	 */
	async snooze(conversation: Conversation, options: SnoozeOptions = {}): Promise<Conversation> {
		if (conversation.state === 'resolved') return conversation;
		const until = options.until ? new Date(options.until).toISOString() : null;
		await this.store.append([this.event(conversation, 'snoozed', { until, keepAgent: options.keepAgent !== false }, conversation.team ? { team: conversation.team } : {})]);
		return await this.reread(conversation);
	}

	/** Wakes a snoozed conversation now. False when it was not snoozed (or a snooze time already woke it). */
	async wake(conversation: Conversation): Promise<{ conversation: Conversation; woken: boolean }> {
		if (conversation.state !== 'snoozed') return { conversation, woken: false };
		await this.store.append([this.event(conversation, 'woken', { reason: 'action' })]);
		return { conversation: await this.reread(conversation), woken: true };
	}

	/** Open conversations (not resolved), filtered by team, agent and state, oldest first, at most `limit`. */
	async listOpen(filter: ListOpenFilter = {}): Promise<Conversation[]> {
		const ids = await this.store.openConversationIds({ team: filter.team, agent: filter.agent });
		const all = await this.fold(ids.length ? await this.store.readConversations(ids) : []);
		return all
			.filter((c) => c.state !== 'resolved')
			.filter((c) => !filter.team || c.team === filter.team)
			.filter((c) => !filter.agent || c.agent === filter.agent)
			.filter((c) => !filter.state || c.state === filter.state)
			.sort((a, b) => ((a.openedAt ?? '') === (b.openedAt ?? '') ? (a.conversationId < b.conversationId ? -1 : 1) : (a.openedAt ?? '') < (b.openedAt ?? '') ? -1 : 1))
			.slice(0, Math.max(1, filter.limit ?? 100));
	}

	/**
	 * Deletes the rows of conversations resolved more than `olderThanMs` ago, at most `limit` per
	 * call. A customer whose latest conversation goes keeps one `pruned` row with its number, so the
	 * next conversation still gets the next number. Only the rows read are deleted: a row a racing
	 * writer adds meanwhile stays.
	 */
	async prune(olderThanMs: number, limit = 200): Promise<PruneResult> {
		const cutoffMs = this.clock.now() - Math.max(0, olderThanMs);
		const result: PruneResult = { conversations: 0, rows: 0, markers: 0, cutoff: new Date(cutoffMs).toISOString() };
		const candidates = await this.store.resolvedBefore(cutoffMs, limit);
		const keys = [...new Set(candidates.map((id) => parseConversationId(id)).filter((p) => p !== undefined).map((p) => conversationKeyOf(p.phoneNumberId, p.waId)))];
		for (const key of keys) {
			const rows = await this.store.readKey(key);
			const all = foldConversations(rows);
			const latest = all[all.length - 1];
			const doomed = all.filter((c) => c.state === 'resolved' && c.resolvedAt !== null && Date.parse(c.resolvedAt) <= cutoffMs);
			const byId = groupBy(rows, (r) => r.conversationId);
			const lonelyMarker = (c: Conversation) => byId.get(c.conversationId)?.length === 1 && byId.get(c.conversationId)![0].kind === 'pruned';
			const gone = doomed.filter((c) => !(c === latest && lonelyMarker(c)));
			if (gone.length === 0) continue;
			const ids = gone.flatMap((c) => byId.get(c.conversationId)!.map((r) => r.id));
			if (gone.includes(latest)) {
				const throughId = Math.max(...byId.get(latest.conversationId)!.map((r) => (isSnapshot(r) ? throughIdOf(r) : r.id)));
				await this.store.compact(snapshotEvent(latest, throughId, this.iso(), 'pruned'), ids);
				result.markers++;
				result.rows += ids.length;
			} else {
				result.rows += await this.store.deleteRows(ids);
			}
			result.conversations += gone.filter((c) => !lonelyMarker(c)).length;
		}
		return result;
	}

	async route(conversation: Conversation, team: string): Promise<Conversation> {
		if (conversation.team === team) return conversation;
		await this.store.append([this.event(conversation, 'routed', {}, { team })]);
		return await this.reread(conversation);
	}

	async link(conversation: Conversation, ref: string): Promise<Conversation> {
		if (!conversation.refs.includes(ref)) await this.store.append([this.event(conversation, 'linked', {}, { ref })]);
		return await this.reread(conversation);
	}

	/** Records a message an agent sent; an agent answering an unowned conversation takes it. */
	async recordAgentReply(conversation: Conversation, agent: string, messageId: string | undefined): Promise<Conversation> {
		if (conversation.owner !== 'agent') {
			const won = await this.store.claim(DECISION_SCOPE, [`assign:${conversation.conversationId}:${conversation.round}:${conversation.attempts}`]);
			if (won.size > 0) await this.store.append([this.event(conversation, 'assigned', { strategy: 'firstReply', reason: 'the first agent who replied' }, { agent, team: conversation.team ?? undefined })]);
		}
		await this.store.append([this.event(conversation, 'outbound', { by: 'agent', agent, messageId: messageId ?? null }, { agent })]);
		return await this.reread(conversation);
	}

	async recordBotReply(conversation: Conversation, messageId: string | undefined): Promise<void> {
		await this.store.append([this.event(conversation, 'outbound', { by: 'bot', messageId: messageId ?? null })]);
	}

	/**
	 * Claims the team's next ticket. Tickets are claimed one at a time from a lower bound (the latest
	 * claimed ticket + 1, which never skips a free one), so the claimed tickets are always 0…n.
	 */
	private async claimTicket(team: string): Promise<number> {
		const scope = ticketScope(team);
		const latest = async () => {
			const key = await this.store.lastClaimed(scope);
			const n = key ? Number(/(\d+)$/.exec(key)?.[1]) : -1;
			return Number.isFinite(n) ? n : -1;
		};
		let candidate = (await latest()) + 1;
		for (;;) {
			const won = await this.store.claim(scope, [`ticket:${candidate}`]);
			if (won.size > 0) return candidate;
			candidate = Math.max(candidate + 1, (await latest()) + 1);
		}
	}

	/** The team's open conversations: only rows of conversations not yet compacted as resolved. */
	private async teamOpen(team: string): Promise<Conversation[]> {
		const ids = await this.store.openConversationIds({ team });
		return (await this.fold(ids.length ? await this.store.readConversations(ids) : [])).filter((c) => c.state !== 'resolved' && c.team === team);
	}

	private async openCounts(team: string): Promise<Map<string, number>> {
		const counts = new Map<string, number>();
		for (const c of await this.teamOpen(team)) {
			if (c.agent && isOpenFor(c, c.agent)) counts.set(c.agent, (counts.get(c.agent) ?? 0) + 1);
		}
		return counts;
	}

	/** The agent the customer was last assigned to on this number, if within `withinMs` (0 = any time). */
	private async previousAgent(conversation: Conversation, withinMs: number): Promise<string | undefined> {
		const history = await this.fold(await this.store.readKey(conversation.conversationKey));
		const last = history.filter((c) => c.lastAgent && c.assignedAt).sort((a, b) => (a.assignedAt! < b.assignedAt! ? 1 : -1))[0];
		if (!last) return undefined;
		if (withinMs > 0 && this.clock.now() - Date.parse(last.assignedAt!) > withinMs) return undefined;
		return last.lastAgent!;
	}

	/**
	 * Assigns the conversation to an agent of `team`, or queues it when nobody can take it. One
	 * decision per conversation and attempt: a racing second call gets `unchanged`.
	 */
	async assign(conversation: Conversation, team: string, options: AssignOptions): Promise<AssignResult> {
		if (conversation.state === 'resolved') return { conversation, outcome: 'unchanged', agent: null, ticket: null, reason: 'the conversation is resolved' };
		if (conversation.owner === 'agent') return { conversation, outcome: 'unchanged', agent: conversation.agent, ticket: null, reason: 'already assigned' };
		const decision = `assign:${conversation.conversationId}:${conversation.round}:${conversation.attempts}`;
		const won = await this.store.claim(DECISION_SCOPE, [decision]);
		if (won.size === 0) {
			const settled = await this.reread(conversation);
			return { conversation: settled, outcome: 'unchanged', agent: settled.agent, ticket: null, reason: 'another run is assigning it' };
		}
		const ticket = await this.claimTicket(team);
		const agents = await this.store.agents(team);
		const serial = needsSerialOrder(options.strategy, agents);
		if (serial && ticket > 0) {
			// Wait until the team's previous ticket is decided, so its assignment counts in the loads.
			const start = this.clock.now();
			while (!(await this.store.isClaimed(TICKET_DONE_SCOPE, `${team}:${ticket - 1}`))) {
				if (this.clock.now() - start >= (options.maxWaitMs ?? 15_000)) break;
				await this.clock.sleep(options.pollMs ?? DEFAULT_POLL_MS);
			}
		}
		const openCount = serial ? await this.openCounts(team) : new Map<string, number>();
		const previousAgent = options.strategy === 'sticky' ? await this.previousAgent(conversation, options.stickyWithinMs ?? 0) : undefined;
		const choice: AssignmentChoice = chooseAgent({ strategy: options.strategy, agents, openCount, ticket, previousAgent, stickyFallback: options.stickyFallback });
		if (choice.agent) {
			await this.store.append([this.event(conversation, 'assigned', { strategy: choice.strategy, reason: choice.reason, ticket }, { team, agent: choice.agent })]);
		} else {
			await this.store.append([this.event(conversation, 'queued', { reason: choice.reason, ticket }, { team })]);
		}
		await this.store.claim(TICKET_DONE_SCOPE, [`${team}:${ticket}`]);
		return { conversation: await this.reread(conversation), outcome: choice.agent ? 'assigned' : 'queued', agent: choice.agent, ticket, reason: choice.reason };
	}

	/** The team's queued conversations, first in first out. */
	async queue(team: string): Promise<Conversation[]> {
		return (await this.teamOpen(team))
			.filter((c) => c.state === 'queued').sort((a, b) => ((a.queuedAt ?? '') < (b.queuedAt ?? '') ? -1 : 1));
	}

	/** Assigns queued conversations in FIFO order until nobody is free. */
	async assignQueued(team: string, options: AssignOptions, limit = 50): Promise<AssignResult[]> {
		const results: AssignResult[] = [];
		for (const conversation of (await this.queue(team)).slice(0, limit)) {
			const result = await this.assign(conversation, team, options);
			results.push(result);
			if (result.outcome === 'queued') break;
		}
		return results;
	}

	/** Puts an agent's open conversations back in their teams' queues (the agent went away). */
	async requeueAgent(agent: string, reason = 'agent unavailable'): Promise<Conversation[]> {
		const ids = await this.store.openConversationIds({ agent });
		const open = (await this.fold(ids.length ? await this.store.readConversations(ids) : [])).filter((c) => isOpenFor(c, agent));
		const requeued: Conversation[] = [];
		for (const conversation of open) {
			const won = await this.store.claim(DECISION_SCOPE, [`requeue:${conversation.conversationId}:${conversation.round}`]);
			if (won.size === 0) continue;
			await this.store.append([this.event(conversation, 'requeued', { reason, agent }, conversation.team ? { team: conversation.team } : {})]);
			requeued.push(await this.reread(conversation));
		}
		return requeued;
	}

	/** Open conversations per agent of a team (for dashboards and capacity checks). */
	async loads(team: string): Promise<Map<string, number>> {
		return await this.openCounts(team);
	}
}

function emptyOpened(conversationId: string, conversationKey: string, at: string): Conversation {
	// What the conversation looks like before the winner's `opened` row is readable.
	return applyClock(foldConversations([{ id: 0, conversationId, conversationKey, kind: 'opened', value: {}, at }])[0], Date.parse(at));
}
