/**
 * The router's rules: each inbound item goes to the output of the first rule it matches, in order,
 * or to the fallback. Rules read only the item (the trigger's normalised event, plus whatever an
 * earlier node added, such as the contact from the contact book), so routing needs no storage and
 * gives the same answer on any worker.
 */
import { countryOfNumber } from '../callingCodes';
import { WhatsAppValidationError } from '../validation';

export type RuleKind =
	| 'country'
	| 'callingCode'
	| 'keyword'
	| 'pattern'
	| 'messageType'
	| 'replyId'
	| 'label'
	| 'attribute'
	| 'owner'
	| 'businessHours'
	| 'expression';

export type KeywordMatch = 'equals' | 'contains' | 'startsWith' | 'word';

export interface RouteRule {
	kind: RuleKind;
	/** The output's name (shown on the node and in the item's `route`). */
	name: string;
	/** A team the rule routes to (carried on the item for the assignment step). */
	team?: string;
	/** Calling codes, keywords, message types, reply IDs, labels or owners: a list. */
	values?: string[];
	keywordMatch?: KeywordMatch;
	caseSensitive?: boolean;
	pattern?: string;
	attribute?: string;
	attributeValue?: string;
	/** For `expression` and `businessHours`: already evaluated by n8n for this item. */
	result?: boolean;
}

/** What a rule reads from the item. */
export interface RouteInput {
	waId?: string;
	text?: string;
	messageType?: string;
	replyId?: string;
	labels?: string[];
	attributes?: Record<string, unknown>;
	owner?: string;
}

export interface RouteDecision {
	/** Index of the output: the rule's index, or `rules.length` for the fallback. */
	output: number;
	rule: string;
	team: string | null;
	matchedOn: string | null;
}

function fold(value: string, caseSensitive: boolean | undefined): string {
	return caseSensitive ? value : value.toLocaleLowerCase();
}

/** Splits a comma or newline separated list; a list from an expression passes through. */
export function listOf(input: unknown): string[] {
	const parts = Array.isArray(input) ? input.map((v) => String(v)) : typeof input === 'string' ? input.split(/[,\n]/) : input == null ? [] : [String(input)];
	return parts.map((p) => p.trim()).filter((p) => p !== '');
}

/** The digits of a wa_id or phone number. */
export function digitsOf(value: string | undefined): string {
	return (value ?? '').replace(/\D/g, '');
}

function matchKeyword(text: string, keyword: string, mode: KeywordMatch, caseSensitive: boolean | undefined): boolean {
	const t = fold(text.trim(), caseSensitive);
	const k = fold(keyword.trim(), caseSensitive);
	if (k === '') return false;
	switch (mode) {
		case 'equals':
			return t === k;
		case 'startsWith':
			return t.startsWith(k);
		case 'word':
			return t.split(/[^\p{L}\p{N}_]+/u).includes(k);
		default:
			return t.includes(k);
	}
}

/** The first value of the rule the item matches, or undefined. */
function matchRule(rule: RouteRule, input: RouteInput): string | undefined {
	const values = rule.values ?? [];
	switch (rule.kind) {
		case 'country': {
			// Shared codes (+1, +7, +44 …) are told apart by the digits after the code.
			const entry = countryOfNumber(digitsOf(input.waId));
			if (!entry) return undefined;
			return values.map((v) => v.trim().toUpperCase()).find((iso) => iso === entry.iso || entry.countries.includes(iso));
		}
		case 'callingCode': {
			const digits = digitsOf(input.waId);
			// Longest code first: +1 868 (Trinidad) before +1.
			return [...values].map(digitsOf).filter(Boolean).sort((a, b) => b.length - a.length).find((code) => digits.startsWith(code));
		}
		case 'keyword':
			return input.text === undefined ? undefined : values.find((k) => matchKeyword(input.text!, k, rule.keywordMatch ?? 'contains', rule.caseSensitive));
		case 'pattern': {
			if (input.text === undefined || !rule.pattern) return undefined;
			return compilePattern(rule.pattern, rule.caseSensitive).test(input.text) ? rule.pattern : undefined;
		}
		case 'messageType':
			return values.find((v) => v.toLowerCase() === (input.messageType ?? '').toLowerCase());
		case 'replyId':
			return input.replyId === undefined ? undefined : values.find((v) => v === input.replyId);
		case 'label': {
			const labels = (input.labels ?? []).map((l) => l.toLowerCase());
			return values.find((v) => labels.includes(v.toLowerCase()));
		}
		case 'attribute': {
			if (!rule.attribute) return undefined;
			const actual = input.attributes?.[rule.attribute];
			if (actual === undefined || actual === null || actual === '') return undefined;
			if (rule.attributeValue === undefined || rule.attributeValue === '') return rule.attribute;
			return String(actual) === rule.attributeValue ? `${rule.attribute}=${rule.attributeValue}` : undefined;
		}
		case 'owner':
			return values.find((v) => v === (input.owner ?? 'bot'));
		case 'businessHours':
		case 'expression':
			return rule.result === true ? rule.kind : undefined;
		default:
			return undefined;
	}
}

export function compilePattern(pattern: string, caseSensitive?: boolean): RegExp {
	// `/…/flags` or a bare pattern.
	const literal = /^\/(.*)\/([a-z]*)$/s.exec(pattern);
	let problem = '';
	try {
		if (literal) return new RegExp(literal[1], literal[2]);
		return new RegExp(pattern, caseSensitive ? 'u' : 'iu');
	} catch (error) {
		problem = (error as Error).message;
	}
	throw new WhatsAppValidationError('Pattern', `Pattern "${pattern}" is not a valid regular expression: ${problem}`);
}

/** Checks the rules once, before any item: a bad rule fails the node with the rule named. */
export function validateRules(rules: readonly RouteRule[]): void {
	rules.forEach((rule, index) => {
		const where = `Rule ${index + 1} ("${rule.name}")`;
		if (!rule.name.trim()) throw new WhatsAppValidationError('Output Name', `Rule ${index + 1} needs an output name`);
		if (['country', 'callingCode', 'keyword', 'messageType', 'replyId', 'label', 'owner'].includes(rule.kind) && (rule.values ?? []).length === 0) {
			throw new WhatsAppValidationError('Values', `${where}: give at least one value to match`);
		}
		if (rule.kind === 'pattern') {
			if (!rule.pattern) throw new WhatsAppValidationError('Pattern', `${where}: give a regular expression`);
			compilePattern(rule.pattern, rule.caseSensitive);
		}
		if (rule.kind === 'attribute' && !rule.attribute) throw new WhatsAppValidationError('Attribute', `${where}: give the attribute's name`);
	});
}

/** The output for one item: the first matching rule, else the fallback (index `rules.length`). */
export function route(rules: readonly RouteRule[], input: RouteInput): RouteDecision {
	for (let index = 0; index < rules.length; index++) {
		const matchedOn = matchRule(rules[index], input);
		if (matchedOn !== undefined) return { output: index, rule: rules[index].name, team: rules[index].team || null, matchedOn };
	}
	return { output: rules.length, rule: 'fallback', team: null, matchedOn: null };
}
