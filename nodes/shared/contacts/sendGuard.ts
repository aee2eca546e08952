/**
 * The contact-book guard of the send pipeline: off unless the node's "Check Contact Book" is on.
 * Before sending it reads the recipients' contacts (one request per 50 recipients) and refuses a
 * free-form message to a closed 24-hour window, or swaps in the chosen template, and refuses a
 * marketing template to a contact who opted out. After sending it records the outbound time.
 */
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import type { ClosedWindowAction, GuardDecision } from '../../../whatsapp/window';
import { decideSend, SendRefusedError } from '../../../whatsapp/window';
import { ContactBook } from '../../../whatsapp/contacts';
import { requireText } from '../../../whatsapp/validation';
import { graphRequest, getGraphCredentials } from '../transport/graph';
import type { ContactTableRef } from './dataTableStore';
import { DataTableContactStore, DEFAULT_CONTACT_TABLE } from './dataTableStore';

/** Node parameter names of the guard (descriptions in actions/contact/sendGuard.descriptions.ts). */
export const GUARD_PARAMETERS = {
	enabled: 'contactBook',
	table: 'contactBookTable',
	options: 'contactBookOptions',
} as const;

/** The part of a prepared send the guard reads and may change. */
export interface GuardableSend {
	body: IDataObject;
	recipient?: string;
	/** The template's category when the operation knows it; otherwise looked up when needed. */
	templateCategory?: string;
}

interface ItemGuard {
	book: ContactBook;
	closedWindow: ClosedWindowAction;
	respectOptOut: boolean;
	recordOutbound: boolean;
	fallbackTemplate?: { name: string; language: string };
}

export interface GuardRun {
	/** Items the guard refused, with the error to report. */
	refused: Map<number, Error>;
	/** What the guard decided per item, for the output (only guarded items). */
	notes: Map<number, IDataObject>;
	/** Records the accepted sends as outbound events; returns an error message if that failed. */
	recordSent(sent: Array<{ itemIndex: number; waId?: string; messageId?: string }>): Promise<string | undefined>;
}

function tableRefOf(context: IExecuteFunctions, itemIndex: number): ContactTableRef {
	const locator = context.getNodeParameter(GUARD_PARAMETERS.table, itemIndex, { mode: 'name', value: DEFAULT_CONTACT_TABLE }) as {
		mode?: string;
		value?: unknown;
	};
	return { mode: locator.mode === 'id' ? 'id' : 'name', value: String(locator.value ?? ''), field: 'Contact Book Table' };
}

async function templateCategory(context: IExecuteFunctions, send: GuardableSend, itemIndex: number, cache: Map<string, Promise<string>>): Promise<string> {
	if (send.templateCategory) return send.templateCategory;
	const template = send.body.template as { name?: string; language?: { code?: string } } | undefined;
	const name = template?.name ?? '';
	const language = template?.language?.code ?? '';
	const key = `${name}|${language}`;
	let lookup = cache.get(key);
	if (!lookup) {
		lookup = (async () => {
			const { businessAccountId } = await getGraphCredentials.call(context);
			const response = (await graphRequest.call(
				context,
				'GET',
				`${businessAccountId}/message_templates`,
				{ qs: { name, fields: 'name,language,category', limit: 100 } },
				itemIndex,
			)) as { data?: Array<{ name?: string; language?: string; category?: string }> };
			const match =
				response.data?.find((entry) => entry.name === name && entry.language === language) ?? response.data?.find((entry) => entry.name === name);
			// Unknown counts as marketing: wrongly holding a message back is better than spamming an opt-out.
			return match?.category ?? 'MARKETING';
		})();
		cache.set(key, lookup);
	}
	return await lookup;
}

function switchToTemplate(body: IDataObject, template: { name: string; language: string }): void {
	const type = body.type as string;
	delete body[type];
	// A template cannot quote a message; the callback data stays.
	delete body.context;
	body.type = 'template';
	body.template = { name: template.name, language: { code: template.language } };
}

/**
 * Applies the guard to the prepared sends (changing bodies in place when a template is swapped
 * in). Items without the guard are not touched and cost no request.
 */
export async function applySendGuard(
	this: IExecuteFunctions,
	prepared: Array<GuardableSend | undefined>,
): Promise<GuardRun> {
	const refused = new Map<number, Error>();
	const notes = new Map<number, IDataObject>();
	const guards = new Map<number, ItemGuard>();
	const books = new Map<string, ContactBook>();

	prepared.forEach((send, itemIndex) => {
		if (!send?.recipient) return;
		if (!(this.getNodeParameter(GUARD_PARAMETERS.enabled, itemIndex, false) as boolean)) return;
		const options = this.getNodeParameter(GUARD_PARAMETERS.options, itemIndex, {}) as IDataObject;
		const ref = tableRefOf(this, itemIndex);
		const key = `${ref.mode}:${ref.value}`;
		if (!books.has(key)) books.set(key, new ContactBook(new DataTableContactStore(this, ref)));
		const closedWindow = (options.closedWindow as ClosedWindowAction | undefined) ?? 'refuse';
		guards.set(itemIndex, {
			book: books.get(key)!,
			closedWindow,
			respectOptOut: options.respectOptOut !== false,
			recordOutbound: options.recordOutbound !== false,
			...(closedWindow === 'template'
				? {
						fallbackTemplate: {
							name: String(options.fallbackTemplateName ?? ''),
							language: String(options.fallbackTemplateLanguage || 'en_US'),
						},
					}
				: {}),
		});
	});

	const noop: GuardRun = { refused, notes, recordSent: async () => undefined };
	if (guards.size === 0) return noop;

	// One read per table for all guarded recipients.
	const contactsByBook = new Map<ContactBook, Awaited<ReturnType<ContactBook['getMany']>>>();
	for (const book of new Set([...guards.values()].map((guard) => guard.book))) {
		const items = [...guards.entries()].filter(([, guard]) => guard.book === book).map(([index]) => index);
		try {
			contactsByBook.set(book, await book.getMany(items.map((index) => prepared[index]!.recipient!)));
		} catch (error) {
			// The book cannot be read: these items cannot be checked, so they are not sent.
			for (const index of items) {
				refused.set(index, error as Error);
				guards.delete(index);
			}
		}
	}

	const categories = new Map<string, Promise<string>>();
	const now = Date.now();
	for (const [itemIndex, guard] of guards) {
		const send = prepared[itemIndex]!;
		try {
			const contact = contactsByBook.get(guard.book)!.get(send.recipient!);
			const messageType = String(send.body.type ?? '');
			// The category only matters for an opted-out contact, so only then is it looked up.
			const category =
				messageType === 'template' && guard.respectOptOut && contact?.optedOut
					? await templateCategory(this, send, itemIndex, categories)
					: send.templateCategory;
			const decision: GuardDecision = decideSend({
				messageType,
				templateCategory: category,
				contact,
				closedWindow: guard.closedWindow,
				respectOptOut: guard.respectOptOut,
				now,
			});
			if (decision.action === 'refuse') {
				throw new SendRefusedError('Recipient Phone Number', `${decision.message}. Nothing was sent to ${send.recipient}.`, decision.reason);
			}
			if (decision.action === 'sendTemplate') {
				const fallback = guard.fallbackTemplate!;
				requireText('Fallback Template Name', fallback.name);
				switchToTemplate(send.body, fallback);
			}
			notes.set(itemIndex, {
				windowOpen: decision.window.open,
				windowUntil: decision.window.until,
				optedOut: contact?.optedOut ?? false,
				...(decision.action === 'sendTemplate' ? { sentTemplateInstead: guard.fallbackTemplate!.name } : {}),
			});
		} catch (error) {
			refused.set(itemIndex, error as Error);
		}
	}

	return {
		refused,
		notes,
		recordSent: async (sent) => {
			const byBook = new Map<ContactBook, Array<{ waId: string; messageId?: string; type?: string }>>();
			for (const entry of sent) {
				const guard = guards.get(entry.itemIndex);
				const waId = entry.waId ?? prepared[entry.itemIndex]?.recipient;
				if (!guard?.recordOutbound || !waId) continue;
				const list = byBook.get(guard.book) ?? [];
				list.push({ waId, messageId: entry.messageId, type: String(prepared[entry.itemIndex]?.body.type ?? '') });
				byBook.set(guard.book, list);
			}
			try {
				for (const [book, list] of byBook) await book.recordOutbound(list);
				return undefined;
			} catch (error) {
				// The messages are already sent: failing the node now would invite a resend.
				return `Sent, but the contact book could not record it: ${(error as Error).message}`;
			}
		},
	};
}
