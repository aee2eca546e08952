/**
 * Parameter values for recipients that are rows of a data table (or contacts of the contact book)
 * rather than input items. n8n evaluates a node's expressions against its input items only, so a
 * campaign that reads its own audience resolves the expressions that read the recipient itself:
 * `{{ $json.column }}` (also `$json.a.b` and `$json["a column"]`) takes the row's value, with text
 * around it or not. Expressions that do not read `$json` (`{{ $now }}`, `{{ $('Form').item.json.x }}`)
 * are the same for every recipient and are evaluated once by n8n. Anything else that reads the
 * recipient (`{{ $json.name.toUpperCase() }}`) is refused with the way out: compute it into a column.
 */
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { WhatsAppValidationError } from '../../../../whatsapp/validation';
import type { ParameterReaders } from '../template/sendFields';
import { hasExpression, rawParameter } from '../template/sendFields';

export type Row = IDataObject;

/** A parameter's value for one row. */
export type RowValue = (row: Row) => unknown;

const BLOCK = /\{\{([\s\S]*?)\}\}/g;
const IDENTIFIER = /^[A-Za-z_$][\w$]*/;
/** Reads of the current item that only n8n can resolve, and which a row cannot stand in for. */
const READS_ITEM = /\$json\b|\$input\b|\$binary\b|\$itemIndex\b|\$item\b/;

/** `$json.a.b` or `$json["a b"]` → ['a', 'b']; undefined when the block is anything else. */
export function columnPath(block: string): string[] | undefined {
	let rest = block.trim();
	if (!rest.startsWith('$json')) return undefined;
	rest = rest.slice('$json'.length);
	const path: string[] = [];
	while (rest.length > 0) {
		if (rest.startsWith('.')) {
			const name = IDENTIFIER.exec(rest.slice(1));
			if (!name) return undefined;
			path.push(name[0]);
			rest = rest.slice(1 + name[0].length);
			continue;
		}
		const quoted = /^\[\s*(?:'([^'\\]*)'|"([^"\\]*)")\s*\]/.exec(rest);
		if (!quoted) return undefined;
		path.push(quoted[1] ?? quoted[2]);
		rest = rest.slice(quoted[0].length);
	}
	return path.length > 0 ? path : undefined;
}

function readPath(row: Row, path: string[]): unknown {
	let value: unknown = row;
	for (const key of path) {
		if (value === null || typeof value !== 'object') return undefined;
		value = (value as IDataObject)[key];
	}
	return value;
}

function asText(value: unknown): string {
	if (value === undefined || value === null) return '';
	if (typeof value === 'object') return JSON.stringify(value);
	return String(value);
}

/**
 * One parameter's value per row. `raw` is the parameter as stored in the workflow (expressions
 * unevaluated); `evaluateOnce` asks n8n for an expression (without its leading `=`) that is the
 * same for every recipient.
 * Throws a WhatsAppValidationError naming `field` for an expression a row cannot answer.
 */
export function compileRowValue(raw: unknown, field: string, evaluateOnce: (expression: string) => unknown): RowValue {
	if (typeof raw === 'string') {
		if (!raw.startsWith('=')) return () => raw;
		const body = raw.slice(1);
		const blocks = [...body.matchAll(BLOCK)];
		const paths = blocks.map((block) => columnPath(block[1]));
		if (blocks.length > 0 && paths.every((path) => path !== undefined)) {
			// A single reference keeps the column's type (a number, a boolean for Opted Out).
			if (blocks.length === 1 && body.trim() === blocks[0][0]) {
				const path = paths[0]!;
				return (row) => readPath(row, path);
			}
			return (row) => {
				let index = 0;
				return body.replace(BLOCK, () => asText(readPath(row, paths[index++]!)));
			};
		}
		if (!READS_ITEM.test(body)) {
			let value: unknown;
			let evaluated = false;
			return () => {
				if (!evaluated) {
					value = evaluateOnce(body);
					evaluated = true;
				}
				return value;
			};
		}
		const offending = blocks.find((block, index) => paths[index] === undefined && READS_ITEM.test(block[1]))?.[0] ?? body;
		throw new WhatsAppValidationError(
			field,
			`${field}: with the audience read from a table, an expression can take a row's column only as {{ $json.column }} (found ${JSON.stringify(offending.slice(0, 120))}). Compute the value into a column of the table, or send to input items instead`,
		);
	}
	if (Array.isArray(raw)) {
		const parts = raw.map((part, index) => compileRowValue(part, `${field} ${index + 1}`, evaluateOnce));
		return (row) => parts.map((part) => part(row));
	}
	if (raw !== null && typeof raw === 'object') {
		const parts = Object.entries(raw as IDataObject).map(([key, value]) => [key, compileRowValue(value, field, evaluateOnce)] as const);
		return (row) => Object.fromEntries(parts.map(([key, part]) => [key, part(row)]));
	}
	return () => raw;
}

/** The fields whose expressions read the recipient, by parameter name, for error messages. */
const FIELD_NAMES: Record<string, string> = {
	recipient: 'Recipient Phone Number',
	optedOut: 'Opted Out',
	text: 'Text',
	lastInboundAt: 'Customer Last Message At',
	template: 'Template',
	language: 'Language',
	templateParameters: 'Template fields',
	templateName: 'Template Name',
	templateLanguage: 'Template Language',
	headerValue: 'Header Value',
	'bodyParameters.parameter': 'Body Parameter',
	'buttonParameters.button': 'Button Parameter',
	'options.componentsJson': 'Components (JSON)',
};

/** The rows the readers answer for: replaced page by page, read by index within the page. */
export interface RowPage {
	rows: Row[];
}

/**
 * Parameter readers whose index is a row of `page`: a value without expressions is read once from
 * n8n; one with expressions is compiled by `compileRowValue` (a refused expression throws here,
 * before anything is sent).
 */
export function rowParameterReaders(context: IExecuteFunctions, page: RowPage): ParameterReaders {
	return (name, fallback) => {
		const raw = rawParameter(context, name);
		if (!hasExpression(raw)) {
			const value = context.getNodeParameter(name, 0, fallback);
			return () => value;
		}
		const value = compileRowValue(raw, FIELD_NAMES[name] ?? name, (expression) => context.evaluateExpression(expression, 0));
		return (index) => value(page.rows[index] ?? {}) ?? fallback;
	};
}
