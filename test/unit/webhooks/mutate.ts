/**
 * Mutated webhook bodies for fuzzing: start from Meta's real payload shapes (fixtures.ts) and
 * break them the way a buggy sender or an attacker who can sign would — truncations, type swaps,
 * deleted keys, huge and deeply nested values, unknown fields, non-object JSON, bad Unicode and
 * invalid UTF-8. Seeded, so a failing body can be reproduced from its seed and index.
 */
import { envelope, inbound, messages, nonMessage, statuses, statusObjects, systemError } from './fixtures';

export function prng(seed: number): () => number {
	let state = seed >>> 0;
	return () => {
		state = (state + 0x6d2b79f5) >>> 0;
		let t = state;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

type Json = unknown;

export function basePayloads(): Array<Record<string, unknown>> {
	return [
		...Object.values(messages).map((message) => inbound(message as Record<string, unknown>)),
		statuses(statusObjects.sent, statusObjects.delivered, statusObjects.failed),
		systemError,
		...Object.values(nonMessage),
		envelope('partner_solutions', { event: 'SOLUTION_CREATED' }, 1751000000),
	] as Array<Record<string, unknown>>;
}

const DEEP_TOKEN = '__WABP_DEEP_VALUE__';

function clone<T>(value: T): T {
	return JSON.parse(JSON.stringify(value)) as T;
}

/** Every container and key/index in the tree, so a mutation can pick any spot. */
function spots(root: Json): Array<{ parent: Record<string, unknown> | unknown[]; key: string | number }> {
	const found: Array<{ parent: Record<string, unknown> | unknown[]; key: string | number }> = [];
	const stack: Json[] = [root];
	while (stack.length > 0) {
		const node = stack.pop();
		if (Array.isArray(node)) {
			node.forEach((child, index) => {
				found.push({ parent: node, key: index });
				stack.push(child);
			});
		} else if (typeof node === 'object' && node !== null) {
			for (const [key, child] of Object.entries(node)) {
				found.push({ parent: node as Record<string, unknown>, key });
				stack.push(child);
			}
		}
	}
	return found;
}

function pick<T>(random: () => number, list: readonly T[]): T {
	return list[Math.floor(random() * list.length)];
}

const LONE_SURROGATES = ['\ud800', '\udfff', 'a\udbffb', '\udc00\ud800', 'x\ud83d'];

function oddValue(random: () => number): Json {
	return pick(random, [
		() => null,
		() => 0,
		() => -1.5e308,
		() => Number.POSITIVE_INFINITY, // serialised as null
		() => true,
		() => '',
		() => 'x'.repeat(100_000),
		() => pick(random, LONE_SURROGATES),
		() => '\u0000\u0001\n\r\u2028"\\',
		() => '😮'.repeat(1000),
		() => [],
		() => {},
		() => [1, 'two', null, { three: 3 }],
		() => ({ unknown_field: 'value', nested: { deeper: [1, 2, 3] } }),
		() => DEEP_TOKEN,
		() => Array.from({ length: 2000 }, (_, i) => i),
		() => String(Math.floor(random() * 1e15)),
	])();
}

export interface MutatedBody {
	text: string | Buffer;
	/** What was done, for the failure message. */
	what: string;
}

/** One mutated body from a random base payload. */
export function mutatedBody(random: () => number): MutatedBody {
	const base = clone(pick(random, basePayloads()));
	const kind = Math.floor(random() * 12);
	const what: string[] = [];
	let tree: Json = base;
	const steps = 1 + Math.floor(random() * 3);
	for (let step = 0; step < steps; step++) {
		const all = spots(tree);
		const spot = all.length > 0 ? pick(random, all) : undefined;
		switch (kind % 8) {
			case 0:
				if (spot) {
					if (Array.isArray(spot.parent)) spot.parent.splice(Number(spot.key), 1);
					else delete spot.parent[spot.key as string];
					what.push(`delete ${String(spot.key)}`);
				}
				break;
			case 1:
			case 2:
				if (spot) {
					(spot.parent as Record<string | number, unknown>)[spot.key] = oddValue(random);
					what.push(`swap ${String(spot.key)}`);
				}
				break;
			case 3:
				if (spot && typeof spot.parent === 'object' && !Array.isArray(spot.parent)) {
					spot.parent[`unknown_${Math.floor(random() * 1000)}`] = oddValue(random);
					what.push('unknown field');
				}
				break;
			case 4: {
				// Many entries from many accounts.
				const entries = (base.entry as unknown[]) ?? [];
				const copies = 1 + Math.floor(random() * 200);
				base.entry = Array.from({ length: copies }, (_, i) => ({ ...clone(entries[0] as object), id: String(100000000000000 + i) }));
				tree = base;
				what.push(`${copies} entries`);
				break;
			}
			case 5:
				tree = oddValue(random);
				what.push('non-object JSON');
				break;
			default:
				if (spot) {
					(spot.parent as Record<string | number, unknown>)[spot.key] = DEEP_TOKEN;
					what.push(`deep ${String(spot.key)}`);
				}
		}
	}
	let text = JSON.stringify(tree) ?? 'null';
	if (text.includes(DEEP_TOKEN)) {
		const depth = pick(random, [100, 5000, 50_000]);
		text = text.split(`"${DEEP_TOKEN}"`).join(`${'['.repeat(depth)}${']'.repeat(depth)}`);
		what.push(`depth ${depth}`);
	}
	if (kind === 8) {
		text = text.slice(0, Math.floor(random() * text.length));
		what.push('truncated');
	}
	if (kind === 9) {
		// Invalid UTF-8 inside the bytes (a lone continuation byte and a cut multi-byte sequence).
		const bytes = Buffer.from(text);
		const at = Math.floor(random() * bytes.length);
		return { text: Buffer.concat([bytes.subarray(0, at), Buffer.from([0x80, 0xe2, 0x82]), bytes.subarray(at)]), what: [...what, 'invalid UTF-8'].join(', ') };
	}
	if (kind === 10) {
		// Escaped lone surrogates where IDs go.
		text = text.replace(/"wamid\.[^"]*"/g, '"wamid.\\ud800x"');
		what.push('lone surrogate IDs');
	}
	return { text, what: what.join(', ') || 'unchanged' };
}
