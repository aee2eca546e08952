/**
 * Quick replies: a team's shared list of shortcuts. Each answers a `/command`, a keyword (the whole
 * message), words contained in the message, or a regular expression. Matching ignores case and
 * accents; the first entry in the list that matches wins, so specific entries go first.
 */
import { WhatsAppValidationError } from '../validation';
import type { Reply, ReplyInput } from './replies';
import { parseReply } from './replies';
import { containsPhrase, foldText, splitList } from './text';

export type QuickReplyMatch = 'command' | 'keyword' | 'contains' | 'pattern';

export interface QuickReplyInput {
	/** The name agents send it by, such as `address`; also the command `/address`. */
	shortcut: string;
	match?: string;
	/** Keywords or phrases (comma-separated) for keyword/contains, a regular expression for pattern. */
	keywords?: string;
	reply: ReplyInput;
}

export interface QuickReply {
	shortcut: string;
	match: QuickReplyMatch;
	keywords: string[];
	pattern?: RegExp;
	reply: Reply;
}

export interface QuickReplyHit {
	quickReply: QuickReply;
	/** `command /address`, `keyword "horario"`, `pattern /precio|price/` */
	via: string;
}

const MATCHES: readonly QuickReplyMatch[] = ['command', 'keyword', 'contains', 'pattern'];

function foldShortcut(value: string): string {
	return foldText(value.replace(/^\/+/, '')).replace(/ /g, '_');
}

/** The pattern, or why it is not one. */
function compilePattern(source: string): RegExp | string {
	try {
		return new RegExp(source, 'iu');
	} catch (error) {
		return (error as Error).message;
	}
}

/** Checks the list: every entry has a shortcut, something to match and a reply; no shortcut twice. */
export function parseQuickReplies(list: QuickReplyInput[]): QuickReply[] {
	const seen = new Map<string, number>();
	return list.map((entry, index) => {
		const field = `Quick Reply ${index + 1}`;
		const shortcut = foldShortcut(String(entry.shortcut ?? ''));
		if (shortcut === '') throw new WhatsAppValidationError(`${field} Shortcut`, `${field}: the shortcut is empty; give a name such as address`);
		if (seen.has(shortcut)) {
			throw new WhatsAppValidationError(
				`${field} Shortcut`,
				`${field}: the shortcut "${shortcut}" is already used by Quick Reply ${seen.get(shortcut)! + 1}; shortcuts must be unique (case and accents are ignored)`,
			);
		}
		seen.set(shortcut, index);
		const match = String(entry.match ?? 'command') as QuickReplyMatch;
		if (!MATCHES.includes(match)) {
			throw new WhatsAppValidationError(`${field} Match`, `${field}: match must be one of ${MATCHES.join(', ')}, not "${String(entry.match)}"`);
		}
		const quickReply: QuickReply = { shortcut, match, keywords: [], reply: parseReply(field, entry.reply) };
		if (match === 'keyword' || match === 'contains') {
			quickReply.keywords = splitList(entry.keywords).map(foldText).filter((keyword) => keyword !== '');
			if (quickReply.keywords.length === 0) {
				throw new WhatsAppValidationError(`${field} Keywords`, `${field}: give at least one keyword (separate several with commas)`);
			}
		}
		if (match === 'pattern') {
			const source = String(entry.keywords ?? '').trim();
			if (source === '') throw new WhatsAppValidationError(`${field} Keywords`, `${field}: the pattern is empty; give a regular expression such as \\b(price|precio)s?\\b`);
			const compiled = compilePattern(source);
			if (typeof compiled === 'string') {
				throw new WhatsAppValidationError(`${field} Keywords`, `${field}: "${source}" is not a valid regular expression: ${compiled}`);
			}
			quickReply.pattern = compiled;
		}
		return quickReply;
	});
}

/** The first quick reply that answers `message`, in list order. */
export function matchQuickReply(quickReplies: QuickReply[], message: unknown): QuickReplyHit | undefined {
	const raw = String(message ?? '');
	const folded = foldText(raw);
	if (folded === '') return undefined;
	const command = /^\/(\S+)/.exec(raw.trim())?.[1];
	for (const quickReply of quickReplies) {
		switch (quickReply.match) {
			case 'command':
				if (command !== undefined && foldShortcut(command) === quickReply.shortcut) return { quickReply, via: `command /${quickReply.shortcut}` };
				break;
			case 'keyword': {
				const keyword = quickReply.keywords.find((candidate) => candidate === folded);
				if (keyword) return { quickReply, via: `keyword "${keyword}"` };
				break;
			}
			case 'contains': {
				const keyword = quickReply.keywords.find((candidate) => containsPhrase(folded, candidate));
				if (keyword) return { quickReply, via: `contains "${keyword}"` };
				break;
			}
			case 'pattern':
				// Tested on the text as written and without accents, so /direccion/ finds "dirección".
				if (quickReply.pattern!.test(raw) || quickReply.pattern!.test(raw.normalize('NFD').replace(/\p{M}+/gu, ''))) {
					return { quickReply, via: `pattern /${quickReply.pattern!.source}/` };
				}
				break;
		}
	}
	return undefined;
}

/** The quick reply an agent asked for by its shortcut (`address` or `/address`). */
export function findShortcut(quickReplies: QuickReply[], shortcut: unknown): QuickReply {
	const wanted = foldShortcut(String(shortcut ?? ''));
	const found = quickReplies.find((quickReply) => quickReply.shortcut === wanted);
	if (!found) {
		const known = quickReplies.map((quickReply) => quickReply.shortcut).join(', ') || 'none';
		throw new WhatsAppValidationError('Shortcut', `Shortcut: there is no quick reply "${wanted}"; the list has: ${known}`);
	}
	return found;
}
