/**
 * Run Automations: for each item from the trigger, decide (whatsapp/inbox/decide.ts), claim each
 * send once in the delivery ledger, send through the package's send pipeline, record what happened
 * in the contact book, and route the item to its named output with the reasons.
 */
import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import type { Contact, ContactEvent, StoredContactEvent } from '../../whatsapp/contacts';
import { ContactBook, events, foldContact } from '../../whatsapp/contacts';
import type { InboxAction, InboxDecision, InboundEvent } from '../../whatsapp/inbox';
import { INBOX_OUTPUTS, automationOutbound, contactFacts, decideInbound, echoOutbound, settleClaims } from '../../whatsapp/inbox';
import { CUSTOMER_SERVICE_WINDOW_MS } from '../../whatsapp/window';
import { DataTableContactStore, DEFAULT_CONTACT_TABLE } from '../shared/contacts/dataTableStore';
import { claimEvents, ensureLedgerTable } from '../shared/delivery/ledger';
import { getGraphCredentials } from '../shared/transport/graph';
import { failedItemJson, toNodeError } from '../WhatsAppBusinessPlatform/helpers/runPerItem';
import { readPolicy, readTime } from './config';
import type { ReplySend } from './send';
import { contactVariables, sendReplies } from './send';

/** The ledger scope of the inbox's once-only sends. */
export const INBOX_SCOPE = 'inbox';

interface Pending {
	itemIndex: number;
	message: InboundEvent;
	decision: InboxDecision;
	contact: Contact | undefined;
	book: ContactBook;
	windowOpen: boolean;
}

function text(value: unknown): string {
	return value === undefined || value === null ? '' : String(value);
}

function tableOf(context: IExecuteFunctions, itemIndex: number): { mode: 'name' | 'id'; value: string } {
	const options = context.getNodeParameter('options', itemIndex, {}) as IDataObject;
	const locator = (options.contactTable ?? { mode: 'name', value: DEFAULT_CONTACT_TABLE }) as { mode?: string; value?: unknown };
	return { mode: locator.mode === 'id' ? 'id' : 'name', value: String(locator.value ?? DEFAULT_CONTACT_TABLE) };
}

export async function automate(this: IExecuteFunctions, items: INodeExecutionData[]): Promise<INodeExecutionData[][]> {
	const outputs: INodeExecutionData[][] = INBOX_OUTPUTS.map(() => []);
	const outputIndex = (key: string) => INBOX_OUTPUTS.findIndex((output) => output.key === key);
	const continueOnFail = this.continueOnFail();
	const books = new Map<string, ContactBook>();
	const pending: Pending[] = [];
	let defaultPhoneNumberId: string | undefined;

	for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
		try {
			const json = items[itemIndex].json;
			const policy = readPolicy(this, itemIndex);
			const options = this.getNodeParameter('options', itemIndex, {}) as IDataObject;
			const messageAt = readTime(this, itemIndex, json.timestamp, 'timestamp', Date.now());
			const decideAt =
				text(options.timeOverride) !== ''
					? readTime(this, itemIndex, options.timeOverride, 'Time Override', Date.now())
					: options.decideAt === 'now'
						? Date.now()
						: messageAt;
			let phoneNumberId = text(json.businessPhoneNumberId);
			if (!phoneNumberId) phoneNumberId = defaultPhoneNumberId ??= (await getGraphCredentials.call(this)).phoneNumberId;
			const message: InboundEvent = {
				event: text(json.event),
				waId: text(json.waId).replace(/\D/g, ''),
				phoneNumberId,
				messageId: text(json.messageId),
				messageType: text(json.messageType),
				text: text(json.text),
				at: decideAt,
				receivedAt: messageAt,
			};
			if (!message.waId && (message.event === 'message' || message.event === 'messageEcho')) {
				message.event = 'incomplete';
			}
			const ref = tableOf(this, itemIndex);
			const bookKey = `${ref.mode}:${ref.value}`;
			if (!books.has(bookKey)) books.set(bookKey, new ContactBook(new DataTableContactStore(this, { ...ref, field: 'Contact Book Table' })));
			const book = books.get(bookKey)!;

			if (message.event !== 'message' && message.event !== 'messageEcho') {
				const decision = decideInbound(policy, message, { known: false, previousInboundAt: null, lastAgentReplyAt: null, owner: null });
				pending.push({ itemIndex, message, decision, contact: undefined, book, windowOpen: false });
				continue;
			}
			if (message.event === 'messageEcho') {
				// A person answered from the Business app: remembered as an agent reply, nothing else.
				await book.store.append([echoOutbound(message.waId, new Date(messageAt).toISOString(), { messageId: message.messageId, type: message.messageType })]);
				const decision = decideInbound(policy, message, { known: true, previousInboundAt: null, lastAgentReplyAt: null, owner: null });
				pending.push({ itemIndex, message, decision, contact: undefined, book, windowOpen: false });
				continue;
			}

			const rows: StoredContactEvent[] = await book.store.read([message.waId]);
			const facts = contactFacts(rows, { messageId: message.messageId, at: messageAt });
			const owner = text(this.getNodeParameter('owner', itemIndex, '')).trim() || null;
			const decision = decideInbound(policy, message, { ...facts, owner });
			const toRecord: ContactEvent[] = [];
			if (options.recordInbound !== false && !facts.recorded) {
				toRecord.push(
					events.inbound(message.waId, new Date(messageAt).toISOString(), {
						profileName: text(json.profileName).trim().slice(0, 256) || undefined,
						messageId: message.messageId || undefined,
					}),
				);
			}
			if (decision.consent) {
				const at = new Date(messageAt).toISOString();
				toRecord.push(
					decision.consent.kind === 'optOut'
						? events.optOut(message.waId, at, { keyword: decision.consent.keyword })
						: events.optIn(message.waId, at, { source: `keyword ${decision.consent.keyword}` }),
				);
			}
			const ids = toRecord.length > 0 ? await book.store.append(toRecord) : [];
			const all = [...rows, ...toRecord.map((event, index) => ({ ...event, id: ids[index] }))];
			const contact = foldContact(all, Date.now());
			// The customer just wrote: the window is open unless the message itself is a day old.
			const lastInbound = Math.max(messageAt, contact?.lastInboundAt ? Date.parse(contact.lastInboundAt) : 0);
			pending.push({ itemIndex, message, decision, contact, book, windowOpen: Date.now() - lastInbound < CUSTOMER_SERVICE_WINDOW_MS });
			// Long histories are folded into a snapshot by the book's own read (only past its threshold).
			if (rows.length > 40) await book.getMany([message.waId]);
		} catch (error) {
			if (!continueOnFail) throw toNodeError(this, error, itemIndex);
			outputs[0].push({ json: { ...items[itemIndex].json, ...failedItemJson(error) }, pairedItem: { item: itemIndex } });
		}
	}

	// One claim for all the sends of this run. Two items of the same burst in one run share a key:
	// only the first of them may carry it out.
	const keys = pending.flatMap((entry) => entry.decision.actions.map((action) => action.claimKey));
	let won = new Set<string>();
	if (keys.length > 0) {
		const tableId = await ensureLedgerTable.call(this);
		won = await claimEvents.call(this, tableId, INBOX_SCOPE, keys);
	}
	const taken = new Set<string>();
	const sends: ReplySend[] = [];
	const sendOf = new Map<InboxAction, number>();
	for (const entry of pending) {
		const mine = new Set(entry.decision.actions.filter((action) => won.has(action.claimKey) && !taken.has(action.claimKey)).map((action) => action.claimKey));
		for (const key of mine) taken.add(key);
		entry.decision = settleClaims(entry.decision, mine);
		for (const action of entry.decision.actions) {
			if (!action.reply) continue;
			sendOf.set(action, sends.length);
			sends.push({
				itemIndex: entry.itemIndex,
				phoneNumberId: entry.message.phoneNumberId,
				waId: entry.message.waId,
				reply: action.reply,
				variables: contactVariables(entry.contact, entry.message.waId),
				windowOpen: entry.windowOpen,
				automation: action.kind,
			});
		}
	}

	const results = await sendReplies.call(this, sends);

	// The automatic sends, recorded as outbound (marked, so they never count as an agent's reply).
	const byBook = new Map<ContactBook, ContactEvent[]>();
	for (const entry of pending) {
		for (const action of entry.decision.actions) {
			const result = sendOf.has(action) ? results[sendOf.get(action)!] : undefined;
			if (!result?.messageId) continue;
			const list = byBook.get(entry.book) ?? [];
			list.push(automationOutbound(entry.message.waId, new Date().toISOString(), { messageId: result.messageId, type: result.type, automation: action.kind }));
			byBook.set(entry.book, list);
		}
	}
	let recordWarning: string | undefined;
	for (const [book, list] of byBook) {
		try {
			await book.store.append(list);
		} catch (error) {
			recordWarning = `Sent, but the contact book could not record it: ${(error as Error).message}`;
		}
	}

	for (const entry of pending) {
		const { decision } = entry;
		const actions = decision.actions.map((action) => {
			const result = sendOf.has(action) ? results[sendOf.get(action)!] : undefined;
			return {
				kind: action.kind,
				reason: action.reason,
				sent: Boolean(result?.messageId),
				...(result?.messageId ? { messageId: result.messageId, type: result.type } : {}),
				...(result?.error ? { error: result.error } : {}),
				...(action.reply === null ? { branchOnly: true } : {}),
			};
		});
		const inbox: IDataObject = {
			output: INBOX_OUTPUTS[outputIndex(decision.output)].displayName,
			reason: decision.reason,
			reasons: decision.reasons,
			open: decision.hours ? decision.hours.open : null,
			businessHours: (decision.hours as unknown as IDataObject) ?? null,
			actions,
			consent: decision.consent,
			quickReply: decision.quickReply,
			greeting: decision.greeting,
			...(entry.contact ? { contact: { waId: entry.contact.waId, profileName: entry.contact.profileName, optedOut: entry.contact.optedOut, labels: entry.contact.labels } } : {}),
			...(recordWarning ? { warning: recordWarning } : {}),
		};
		outputs[outputIndex(decision.output)].push({ json: { ...items[entry.itemIndex].json, inbox }, pairedItem: { item: entry.itemIndex } });
	}
	return outputs;
}
