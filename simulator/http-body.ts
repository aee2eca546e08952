/** Request body parsing without dependencies: JSON, form-urlencoded and multipart/form-data. */

export interface MultipartPart {
	name: string;
	filename?: string;
	contentType?: string;
	data: Buffer;
}

/** Parses a multipart/form-data body. Returns undefined when the body is not valid multipart. */
export function parseMultipart(body: Buffer, contentType: string): MultipartPart[] | undefined {
	const match = /boundary=(?:"([^"]+)"|([^;]+))/i.exec(contentType);
	if (!match) return undefined;
	const boundary = Buffer.from('--' + (match[1] ?? match[2]).trim());
	const parts: MultipartPart[] = [];
	let position = body.indexOf(boundary);
	if (position < 0) return undefined;
	for (;;) {
		position += boundary.length;
		// "--" after a boundary ends the body.
		if (body[position] === 0x2d && body[position + 1] === 0x2d) break;
		if (body[position] === 0x0d && body[position + 1] === 0x0a) position += 2;
		const headerEnd = body.indexOf('\r\n\r\n', position);
		if (headerEnd < 0) return undefined;
		const headers = body.subarray(position, headerEnd).toString('utf8');
		const next = body.indexOf(boundary, headerEnd + 4);
		if (next < 0) return undefined;
		let dataEnd = next;
		if (body[dataEnd - 2] === 0x0d && body[dataEnd - 1] === 0x0a) dataEnd -= 2;
		const disposition = /content-disposition:([^\r\n]*)/i.exec(headers)?.[1] ?? '';
		const name = /\bname="([^"]*)"/i.exec(disposition)?.[1];
		if (name === undefined) return undefined;
		const filename = /\bfilename="([^"]*)"/i.exec(disposition)?.[1];
		const partType = /content-type:\s*([^\r\n]*)/i.exec(headers)?.[1]?.trim();
		parts.push({ name, filename, contentType: partType, data: body.subarray(headerEnd + 4, dataEnd) });
		position = next;
	}
	return parts;
}

/** Graph accepts form-encoded params; nested values arrive as JSON strings. */
export function parseForm(text: string): Record<string, unknown> {
	const out: Record<string, unknown> = {};
	for (const [key, value] of new URLSearchParams(text)) out[key] = maybeJson(value);
	return out;
}

export function maybeJson(value: string): unknown {
	const trimmed = value.trim();
	if ((trimmed.startsWith('{') && trimmed.endsWith('}')) || (trimmed.startsWith('[') && trimmed.endsWith(']'))) {
		try {
			return JSON.parse(trimmed);
		} catch {
			return value;
		}
	}
	return value;
}

/**
 * Graph field expansion: `analytics.start(1).end(2).granularity(DAY).phone_numbers(["1"]),id`.
 * Returns one entry per top-level field with its modifiers (raw strings, brackets kept).
 */
export function parseFields(fields: string | undefined): Array<{ name: string; modifiers: Record<string, string>; sub?: string }> {
	if (!fields) return [];
	const out: Array<{ name: string; modifiers: Record<string, string>; sub?: string }> = [];
	let depth = 0;
	let current = '';
	const pieces: string[] = [];
	for (const c of fields) {
		if (c === '(' || c === '[' || c === '{') depth++;
		if (c === ')' || c === ']' || c === '}') depth--;
		if (c === ',' && depth === 0) {
			pieces.push(current);
			current = '';
		} else current += c;
	}
	if (current) pieces.push(current);
	for (const raw of pieces) {
		const piece = raw.trim();
		if (!piece) continue;
		const nameMatch = /^[A-Za-z0-9_]+/.exec(piece);
		if (!nameMatch) continue;
		const modifiers: Record<string, string> = {};
		let sub: string | undefined;
		let rest = piece.slice(nameMatch[0].length);
		const modifierRe = /^\.([A-Za-z0-9_]+)\(/;
		for (;;) {
			const m = modifierRe.exec(rest);
			if (!m) break;
			let i = m[0].length;
			let d = 1;
			while (i < rest.length && d > 0) {
				if (rest[i] === '(') d++;
				if (rest[i] === ')') d--;
				i++;
			}
			modifiers[m[1]] = rest.slice(m[0].length, i - 1);
			rest = rest.slice(i);
		}
		if (rest.startsWith('{')) sub = rest.slice(1, -1);
		out.push({ name: nameMatch[0], modifiers, sub });
	}
	return out;
}

/** `["A","B"]`, `[A,B]` or `A` as a list of strings. */
export function parseListModifier(value: string | undefined): string[] | undefined {
	if (value === undefined) return undefined;
	const trimmed = value.trim();
	try {
		const parsed = JSON.parse(trimmed) as unknown;
		if (Array.isArray(parsed)) return parsed.map(String);
	} catch {
		// fall through
	}
	return trimmed
		.replace(/^\[|\]$/g, '')
		.split(',')
		.map((s) => s.trim().replace(/^["']|["']$/g, ''))
		.filter(Boolean);
}

/** Keep only requested fields (`fields=a,b`); `id` stays when present, as Graph does. */
export function pickFields<T extends Record<string, unknown>>(object: T, fields: string | undefined, defaults?: string[]): Record<string, unknown> {
	const requested = fields ? parseFields(fields).map((f) => f.name) : defaults;
	if (!requested) return { ...object };
	const out: Record<string, unknown> = {};
	for (const key of requested) if (object[key] !== undefined) out[key] = object[key];
	if (object.id !== undefined) out.id = object.id;
	return out;
}
