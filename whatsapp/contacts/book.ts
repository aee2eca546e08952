/**
 * The contact book's operations over any `ContactStore`. Writes append events and never read a
 * row to write it back, so concurrent executions cannot lose each other's changes. Reads fold the
 * contact's rows; a contact with many rows is compacted into a snapshot on the way.
 */
import type { ClosedWindowAction, GuardDecision } from '../window';
import { decideSend, windowState } from '../window';
import { WhatsAppValidationError } from '../validation';
import {
	events,
	normalizeAttributes,
	normalizeLabels,
	normalizeStatus,
	normalizeWaId,
	optionalText,
	parseTimestamp,
} from './events';
import { foldEvents, snapshotEvent, toContact } from './fold';
import type { Contact, ContactEvent, StoredContactEvent } from './model';
import type { ContactStore } from './store';

export interface ContactBookOptions {
	now?: () => number;
	/** Rows of one contact after which a read writes a snapshot and deletes the rows it replaces. */
	compactAfter?: number;
}

/** Compaction threshold: keeps a contact at one page of rows and a read at a few milliseconds. */
export const DEFAULT_COMPACT_AFTER = 40;

export interface UpsertInput {
	phone?: unknown;
	profileName?: unknown;
	status?: unknown;
	assignedTeam?: unknown;
	assignedAgent?: unknown;
	labels?: unknown;
	attributes?: unknown;
}

export interface InboundInput {
	waId: unknown;
	profileName?: unknown;
	timestamp?: unknown;
	messageId?: unknown;
}

export interface SendCheckInput {
	/** The message type that is about to be sent; templates are allowed outside the window. */
	messageType?: string;
	templateCategory?: string;
	closedWindow?: ClosedWindowAction;
	respectOptOut?: boolean;
}

export interface SendCheck {
	waId: string;
	found: boolean;
	optedOut: boolean;
	optedIn: boolean;
	windowOpen: boolean;
	windowUntil: string | null;
	windowRemainingMinutes: number;
	lastInboundAt: string | null;
	canSendFreeForm: boolean;
	canSendMarketing: boolean;
	decision: GuardDecision['action'];
	reason: string | null;
}

export type ContactResult = { found: true; contact: Contact } | { found: false; waId: string };

function present<T>(value: T | undefined | null | ''): value is T {
	return value !== undefined && value !== null && value !== '';
}

export class ContactBook {
	private readonly now: () => number;

	private readonly compactAfter: number;

	constructor(
		readonly store: ContactStore,
		options: ContactBookOptions = {},
	) {
		this.now = options.now ?? (() => Date.now());
		this.compactAfter = options.compactAfter ?? DEFAULT_COMPACT_AFTER;
	}

	private nowIso(): string {
		return new Date(this.now()).toISOString();
	}

	/** Folds rows of several contacts (compacting long ones); contacts without rows are absent. */
	async getMany(waIds: string[]): Promise<Map<string, Contact>> {
		const unique = [...new Set(waIds)];
		return await this.getManyFromRows(unique.length > 0 ? await this.store.read(unique) : []);
	}

	/** Folds stored rows plus `extra` rows the read may not have seen yet (deduplicated by ID). */
	private async getManyFromRows(rows: StoredContactEvent[], extra: StoredContactEvent[] = []): Promise<Map<string, Contact>> {
		const seen = new Set(rows.map((row) => row.id));
		const byContact = new Map<string, StoredContactEvent[]>();
		for (const row of [...rows, ...extra.filter((event) => !seen.has(event.id))]) {
			const list = byContact.get(row.waId) ?? [];
			list.push(row);
			byContact.set(row.waId, list);
		}
		const contacts = new Map<string, Contact>();
		for (const [waId, list] of byContact) {
			list.sort((a, b) => a.id - b.id);
			const state = foldEvents(list);
			if (!state) continue;
			contacts.set(waId, toContact(state, this.now()));
			if (list.length > this.compactAfter) await this.compact(list, state);
		}
		return contacts;
	}

	private async compact(rows: StoredContactEvent[], state: NonNullable<ReturnType<typeof foldEvents>>): Promise<void> {
		try {
			await this.store.compact(snapshotEvent(state, this.nowIso()), rows.map((row) => row.id));
		} catch {
			// Compaction only saves reading time: the rows stay correct without it, so a failed
			// delete must not fail the operation that happened to trigger it.
		}
	}

	async get(waIdInput: unknown, createIfMissing = false): Promise<ContactResult> {
		const waId = normalizeWaId(waIdInput);
		const contact = (await this.getMany([waId])).get(waId);
		if (contact) return { found: true, contact };
		if (!createIfMissing) return { found: false, waId };
		return { found: true, contact: await this.write(waId, [events.created(waId, this.nowIso(), undefined)]) };
	}

	/**
	 * Appends the events and returns the contact with them. The append and the read run at the same
	 * time (one round trip instead of two); the appended events are folded in whether or not the
	 * read already saw them, and folding the same event twice changes nothing.
	 */
	private async write(waId: string, list: ContactEvent[]): Promise<Contact> {
		const [ids, rows] = await Promise.all([this.store.append(list), this.store.read([waId])]);
		const appended = list.map((event, index) => ({ ...event, id: ids[index] }));
		const contact = (await this.getManyFromRows(rows, appended)).get(waId);
		if (!contact) {
			throw new WhatsAppValidationError('Contact Phone Number', `The contact ${waId} was deleted while it was being written; run the item again`);
		}
		return contact;
	}

	async upsert(waIdInput: unknown, input: UpsertInput): Promise<Contact> {
		const waId = normalizeWaId(waIdInput);
		const at = this.nowIso();
		const list: ContactEvent[] = [];
		if (present(input.phone)) list.push(events.phone(waId, at, `+${normalizeWaId(input.phone, 'Phone')}`));
		const profileName = optionalText('Profile Name', input.profileName);
		if (profileName) list.push(events.profileName(waId, at, profileName));
		if (present(input.status)) list.push(events.status(waId, at, normalizeStatus(input.status)));
		const team = optionalText('Assigned Team', input.assignedTeam);
		const agent = optionalText('Assigned Agent', input.assignedAgent);
		if (team || agent) list.push(events.assigned(waId, at, { ...(team ? { team } : {}), ...(agent ? { agent } : {}) }));
		if (present(input.labels) && !(Array.isArray(input.labels) && input.labels.length === 0)) {
			list.push(...events.labels(waId, at, normalizeLabels(input.labels), true));
		}
		if (present(input.attributes)) {
			const attributes = normalizeAttributes(input.attributes);
			if (Object.keys(attributes).length > 0) list.push(events.attributes(waId, at, attributes));
		}
		// An upsert without fields still has to make the contact exist.
		if (list.length === 0) list.push(events.created(waId, at, undefined));
		return await this.write(waId, list);
	}

	async addLabels(waIdInput: unknown, labels: unknown): Promise<Contact> {
		const waId = normalizeWaId(waIdInput);
		return await this.write(waId, events.labels(waId, this.nowIso(), normalizeLabels(labels), true));
	}

	async removeLabels(waIdInput: unknown, labels: unknown): Promise<Contact> {
		const waId = normalizeWaId(waIdInput);
		return await this.write(waId, events.labels(waId, this.nowIso(), normalizeLabels(labels), false));
	}

	async recordOptIn(waIdInput: unknown, input: { source?: unknown; at?: unknown } = {}): Promise<Contact> {
		const waId = normalizeWaId(waIdInput);
		const at = parseTimestamp(input.at, this.now(), 'Opted In At');
		return await this.write(waId, [events.optIn(waId, at, { source: optionalText('Source', input.source) })]);
	}

	async recordOptOut(waIdInput: unknown, input: { keyword?: unknown; at?: unknown } = {}): Promise<Contact> {
		const waId = normalizeWaId(waIdInput);
		const at = parseTimestamp(input.at, this.now(), 'Opted Out At');
		return await this.write(waId, [events.optOut(waId, at, { keyword: optionalText('Keyword', input.keyword) })]);
	}

	/** Sets attributes; names in `remove` are cleared. */
	async setAttributes(waIdInput: unknown, attributesInput: unknown, remove: unknown = []): Promise<Contact> {
		const waId = normalizeWaId(waIdInput);
		const attributes = normalizeAttributes(attributesInput);
		const removeNames = present(remove) && !(Array.isArray(remove) && remove.length === 0) ? normalizeLabels(remove, 'Attributes To Remove') : [];
		for (const name of removeNames) attributes[name] = null;
		if (Object.keys(attributes).length === 0) {
			throw new WhatsAppValidationError('Attributes', 'Attributes is required: give at least one attribute to set or remove');
		}
		return await this.write(waId, [events.attributes(waId, this.nowIso(), attributes)]);
	}

	/** An inbound message: opens the window and keeps the profile name fresh. */
	async recordInbound(input: InboundInput): Promise<Contact> {
		const waId = normalizeWaId(input.waId);
		const at = parseTimestamp(input.timestamp, this.now());
		const profileName = optionalText('Profile Name', input.profileName);
		const messageId = optionalText('Message ID', input.messageId, 512);
		return await this.write(waId, [events.inbound(waId, at, { profileName, messageId })]);
	}

	/** Accepted sends, in one append; no read, so sending stays fast. */
	async recordOutbound(sends: Array<{ waId: string; messageId?: string; type?: string; at?: unknown }>): Promise<void> {
		await this.store.append(
			sends.map((send) =>
				events.outbound(normalizeWaId(send.waId), parseTimestamp(send.at, this.now()), { messageId: send.messageId, type: send.type }),
			),
		);
	}

	async listByLabel(labelInput: unknown, limit?: number): Promise<Contact[]> {
		const found: Contact[] = [];
		// Pages of one read chunk, so a limit stops reading as soon as it is reached.
		for await (const page of this.pagesByLabel(labelInput, 50)) {
			found.push(...page);
			if (limit !== undefined && found.length >= limit) return found.slice(0, limit);
		}
		return found;
	}

	/**
	 * The contacts with `label`, `pageSize` at a time (in WA ID order): a campaign to a label holds
	 * one page of contacts, not all of them. The candidates' WA IDs are listed once up front.
	 */
	async *pagesByLabel(labelInput: unknown, pageSize: number): AsyncGenerator<Contact[]> {
		const [label] = normalizeLabels(typeof labelInput === 'string' ? [labelInput] : labelInput, 'Label');
		const candidates = (await this.store.candidatesWithLabel(label)).sort();
		let page: Contact[] = [];
		// Reads in chunks so a popular label does not become one huge request.
		for (let start = 0; start < candidates.length; start += 50) {
			const chunk = candidates.slice(start, start + 50);
			const contacts = await this.getMany(chunk);
			for (const waId of chunk) {
				const contact = contacts.get(waId);
				if (contact?.labels.includes(label)) page.push(contact);
			}
			if (page.length >= pageSize) {
				yield page;
				page = [];
			}
		}
		if (page.length > 0) yield page;
	}

	async checkBeforeSending(waIdInput: unknown, input: SendCheckInput = {}): Promise<SendCheck> {
		const waId = normalizeWaId(waIdInput);
		const contact = (await this.getMany([waId])).get(waId);
		return sendCheck(waId, contact, input, this.now());
	}

	async delete(waIdInput: unknown): Promise<{ waId: string; deleted: boolean; rowsDeleted: number }> {
		const waId = normalizeWaId(waIdInput);
		const rowsDeleted = await this.store.remove(waId);
		return { waId, deleted: rowsDeleted > 0, rowsDeleted };
	}
}

/** The check-before-sending answer for a contact already read. */
export function sendCheck(waId: string, contact: Contact | undefined, input: SendCheckInput, now: number): SendCheck {
	const decision = decideSend({
		messageType: input.messageType ?? 'text',
		templateCategory: input.templateCategory,
		contact,
		closedWindow: input.closedWindow ?? 'refuse',
		respectOptOut: input.respectOptOut ?? true,
		now,
	});
	const window = windowState(contact?.lastInboundAt, now);
	return {
		waId,
		found: contact !== undefined,
		optedOut: contact?.optedOut ?? false,
		optedIn: contact?.optedIn ?? false,
		windowOpen: window.open,
		windowUntil: window.until,
		windowRemainingMinutes: Math.floor(window.remainingMs / 60000),
		lastInboundAt: contact?.lastInboundAt ?? null,
		canSendFreeForm: window.open,
		canSendMarketing: !(contact?.optedOut ?? false),
		decision: decision.action,
		reason: decision.action === 'refuse' ? decision.message : null,
	};
}
