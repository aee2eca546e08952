/**
 * What the trigger echoes of a payload (in a 400 answer or n8n's log) is bounded and escaped: a
 * signed body can hold any value, of any size, with newlines and control characters in it.
 */

/** A short, single-line, quoted rendering of a value taken from a payload. */
export function describeValue(value: unknown, maxChars = 64): string {
	if (value === null) return 'null';
	if (Array.isArray(value)) return `a list of ${value.length}`;
	if (typeof value === 'object') return 'an object';
	if (typeof value !== 'string') return typeof value === 'number' || typeof value === 'boolean' ? String(value) : typeof value;
	const head = value.length > maxChars ? value.slice(0, maxChars) : value;
	// JSON escapes quotes, backslashes, control characters and lone surrogates (\ud800).
	const quoted = JSON.stringify(head).replace(/[\u007f-\u009f\u2028\u2029]/g, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`);
	return value.length > maxChars ? `${quoted.slice(0, -1)}…" (${value.length} characters)` : quoted;
}

function isControl(code: number): boolean {
	return code < 0x20 || (code >= 0x7f && code <= 0x9f) || code === 0x2028 || code === 0x2029;
}

/** Bounds a message built from payload values before it is logged or sent back: one line, capped. */
export function boundMessage(message: string, maxChars = 300): string {
	let line = '';
	const head = message.length > maxChars ? message.slice(0, maxChars) : message;
	for (let i = 0; i < head.length; i++) line += isControl(head.charCodeAt(i)) ? ' ' : head[i];
	return message.length > maxChars ? `${line}… (${message.length} characters)` : line;
}
