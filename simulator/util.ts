/** Small helpers: deterministic randomness, Meta-looking ids, webhook JSON encoding and signing. */
import { createHmac, randomBytes } from 'node:crypto';

/** mulberry32: tiny seeded PRNG so fault injection is reproducible. */
export function createRandom(seed: number): () => number {
	let a = seed >>> 0;
	return () => {
		a = (a + 0x6d2b79f5) >>> 0;
		let t = a;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

let idCounter = 0;
/** Numeric-string Graph id (15 digits), unique within the process. */
export function numericId(prefix = '3'): string {
	idCounter = (idCounter + 1) % 1_000_000;
	const random = Math.floor(Math.random() * 1e8)
		.toString()
		.padStart(8, '0');
	return `${prefix}${random}${idCounter.toString().padStart(6, '0')}`.slice(0, 15);
}

/**
 * `wamid.` + base64, in the shape Meta uses: a protobuf-ish blob that embeds the user's number and
 * a 16-20 byte random id (`HBgLMTU1NTEyMzQ1NjcVAgARGBI...`).
 */
export function wamid(waId: string, inbound = false): string {
	const digits = waId.replace(/\D/g, '').slice(0, 20) || '0';
	const random = randomBytes(10).toString('hex').toUpperCase();
	const blob = Buffer.concat([
		Buffer.from([0x1c, 0x18, digits.length]),
		Buffer.from(digits),
		Buffer.from([0x15, 0x02, 0x00, inbound ? 0x12 : 0x11, 0x18, random.length]),
		Buffer.from(random),
		Buffer.from([0x00]),
	]);
	return `wamid.${blob.toString('base64')}`;
}

/** Count characters the way a user would (code points, not UTF-16 units). */
export function charLength(value: string): number {
	return Array.from(value).length;
}

/**
 * JSON as Meta sends webhooks: non-ASCII as lowercase `\uXXXX` escapes (facts §12.2) and, like
 * Meta's PHP-style encoder, `/` as `\/`. The signature covers exactly these bytes.
 */
export function metaJson(value: unknown, escapeSlashes = true): string {
	let json = JSON.stringify(value).replace(/[\u007f-\uffff]/g, (c) => '\\u' + c.charCodeAt(0).toString(16).padStart(4, '0'));
	if (escapeSlashes) json = json.replace(/\//g, '\\/');
	return json;
}

/** `sha256=<hex HMAC-SHA256(raw body, app secret)>`, the `X-Hub-Signature-256` header value. */
export function signWebhookBody(rawBody: string | Buffer, appSecret: string): string {
	return 'sha256=' + createHmac('sha256', appSecret).update(rawBody).digest('hex');
}

/** Legacy `X-Hub-Signature: sha1=<hex>`. */
export function signWebhookBodySha1(rawBody: string | Buffer, appSecret: string): string {
	return 'sha1=' + createHmac('sha1', appSecret).update(rawBody).digest('hex');
}

export function unixSeconds(ms: number): string {
	return String(Math.floor(ms / 1000));
}

export function isRecord(value: unknown): value is Record<string, unknown> {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function digitsOnly(value: string): string {
	return value.replace(/\D/g, '');
}

