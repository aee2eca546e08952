/**
 * n8n expressions that only read the current item's fields: `{{ $json.name }}`, `$json.a.b`,
 * `$json["a column"]`. Recognised here so that values can be taken from a row that is not an n8n
 * item (a campaign's audience read from a table), and so that a lone reference on an input item
 * can be read without n8n's expression engine. Knows nothing of n8n's runtime.
 */
import type { IDataObject } from 'n8n-workflow';

import { WhatsAppValidationError } from '../../../whatsapp/validation';

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

/** Returned by a reference reader when n8n must evaluate the value itself. */
export const ASK_N8N = Symbol('askN8n');

/**
 * A fast reader for a parameter whose every expression is a lone column reference
 * (`={{ $json.name }}`): it reads the item's JSON directly instead of running n8n's expression
 * engine per item, which was the largest share of a 10,000-item campaign's planning CPU. It answers
 * only where n8n's answer is certain to be the same: every value it reads is a string (n8n returns
 * a lone reference's value as is, and validates strings against a resource mapper's string fields
 * unchanged); anything else returns ASK_N8N. Undefined when the parameter has other expressions,
 * or a resource mapper with fields of another type.
 */
export function loneReferenceReader(raw: unknown): ((json: IDataObject | undefined) => unknown) | undefined {
	let usable = true;
	const compile = (value: unknown): ((json: IDataObject) => unknown) => {
		if (typeof value === 'string') {
			if (!value.startsWith('=')) return () => value;
			const blocks = [...value.slice(1).matchAll(BLOCK)];
			const path = blocks.length === 1 && value.slice(1).trim() === blocks[0][0] ? columnPath(blocks[0][1]) : undefined;
			if (!path) {
				usable = false;
				return () => ASK_N8N;
			}
			return (json) => {
				const found = readPath(json, path);
				return typeof found === 'string' ? found : ASK_N8N;
			};
		}
		if (Array.isArray(value)) {
			const parts = value.map(compile);
			return (json) => {
				const out = parts.map((part) => part(json));
				return out.includes(ASK_N8N) ? ASK_N8N : out;
			};
		}
		if (value !== null && typeof value === 'object') {
			const schema = (value as IDataObject).schema;
			if (Array.isArray(schema) && (schema as IDataObject[]).some((field) => field?.type !== undefined && field?.type !== 'string')) usable = false;
			const parts = Object.entries(value as IDataObject).map(([key, part]) => [key, compile(part)] as const);
			return (json) => {
				const out: IDataObject = {};
				for (const [key, part] of parts) {
					const resolved = part(json);
					if (resolved === ASK_N8N) return ASK_N8N;
					out[key] = resolved as IDataObject[string];
				}
				return out;
			};
		}
		return () => value;
	};
	const reader = compile(raw);
	return usable ? (json) => reader(json ?? {}) : undefined;
}

