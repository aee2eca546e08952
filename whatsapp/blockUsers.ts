/**
 * Blocking users (cloud-api-facts §9): the request body from one or more numbers, and Meta's
 * answers, whose shapes differ between its documentation and its Postman collection, read into
 * one form.
 */
import { normalizeRecipient } from './phone';
import { WhatsAppValidationError } from './validation';

export interface BlockUsersBody {
	messaging_product: 'whatsapp';
	block_users: Array<{ user: string }>;
}

export interface BlockResult {
	/** The number as sent. */
	user: string;
	waId?: string;
	/** `blocked`, `unblocked`, or `failed` with Meta's reason. */
	status: 'blocked' | 'unblocked' | 'failed';
	error?: string;
	code?: number;
}

/** Numbers from a list, or one string with numbers separated by commas, semicolons or new lines. */
export function userNumbers(value: unknown, field = 'Phone Numbers'): string[] {
	const entries = Array.isArray(value) ? value : typeof value === 'number' ? [String(value)] : String(value ?? '').split(/[\n,;]/);
	const trimmed = entries.map((entry) => String(entry).trim()).filter((entry) => entry !== '');
	if (trimmed.length === 0) {
		throw new WhatsAppValidationError(field, `${field} is required: one or more phone numbers with country code, such as +15551234567`);
	}
	return [...new Set(trimmed.map((entry) => normalizeRecipient(entry, field)))];
}

export function buildBlockUsersBody(numbers: string[]): BlockUsersBody {
	return { messaging_product: 'whatsapp', block_users: numbers.map((user) => ({ user })) };
}

function records(value: unknown): Array<Record<string, unknown>> {
	return Array.isArray(value) ? value.filter((entry): entry is Record<string, unknown> => typeof entry === 'object' && entry !== null) : [];
}

/**
 * One result per number from a block or unblock answer. Meta documents `added_users` for both,
 * Postman shows `removed_users` for unblock: either is read as success of the requested action.
 */
export function readBlockResults(action: 'block' | 'unblock', response: unknown): BlockResult[] {
	const lists = ((response as { block_users?: unknown })?.block_users ?? {}) as Record<string, unknown>;
	const status = action === 'block' ? 'blocked' : 'unblocked';
	const results: BlockResult[] = [];
	for (const entry of [...records(lists.added_users), ...records(lists.removed_users)]) {
		results.push({ user: String(entry.input ?? entry.wa_id ?? ''), ...(entry.wa_id ? { waId: String(entry.wa_id) } : {}), status });
	}
	for (const entry of records(lists.failed_users)) {
		const error = records(entry.errors)[0];
		const details = (error?.error_data as { details?: unknown } | undefined)?.details;
		results.push({
			user: String(entry.input ?? entry.wa_id ?? ''),
			...(entry.wa_id ? { waId: String(entry.wa_id) } : {}),
			status: 'failed',
			...(error ? { error: String(details ?? error.message ?? 'failed'), code: Number(error.code) } : {}),
		});
	}
	return results;
}

/**
 * Blocked users from list pages, in either documented shape: `[{ wa_id }]` (Postman) or
 * `[{ block_users: [{ input, wa_id }] }]` (Meta's page).
 */
export function readBlockedUsers(entries: unknown[]): Array<{ waId: string; input?: string }> {
	const users: Array<{ waId: string; input?: string }> = [];
	for (const entry of records(entries)) {
		const nested = records(entry.block_users);
		for (const user of nested.length > 0 ? nested : [entry]) {
			if (user.wa_id === undefined && user.input === undefined) continue;
			users.push({
				waId: String(user.wa_id ?? user.input),
				...(typeof user.input === 'string' ? { input: user.input } : {}),
			});
		}
	}
	return users;
}
