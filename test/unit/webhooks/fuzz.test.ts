/* eslint-disable @n8n/community-nodes/no-restricted-globals, no-console -- test code runs in Node and prints its counts */
/**
 * Fuzz: thousands of mutated, validly signed bodies (see mutate.ts) against the domain parser and
 * the trigger's receive path. The rule: the parser returns events or throws WebhookPayloadError;
 * receive answers 200 or 400 (the store is up), never throws, and hands every event the parser
 * finds to the workflow exactly once. The counts are printed for the record.
 */
import { parseWebhook, parseWebhookBody, WebhookPayloadError } from '../../../whatsapp/webhooks/parse';
import { FakeN8nApi, runReceive } from './fakeWebhookContext';
import { mutatedBody, prng } from './mutate';

const SEED = Number(process.env.WABP_FUZZ_SEED ?? 20261202);
const PARSER_BODIES = Number(process.env.WABP_FUZZ_PARSER ?? 4000);
const RECEIVE_BODIES = Number(process.env.WABP_FUZZ_RECEIVE ?? 1500);

describe('webhook fuzz', () => {
	it(`parser: ${PARSER_BODIES} mutated bodies → events or a WebhookPayloadError, nothing else`, () => {
		const random = prng(SEED);
		const unexpected: string[] = [];
		let parsed = 0;
		let rejected = 0;
		for (let i = 0; i < PARSER_BODIES; i++) {
			const body = mutatedBody(random);
			try {
				const events = parseWebhook(parseWebhookBody(body.text));
				for (const event of events) {
					if (typeof event.eventId !== 'string') throw new Error('event without an eventId');
					JSON.stringify(event);
				}
				parsed++;
			} catch (error) {
				if (error instanceof WebhookPayloadError) rejected++;
				else unexpected.push(`#${i} (${body.what}): ${(error as Error).name}: ${(error as Error).message.slice(0, 200)}`);
			}
		}
		console.log(`parser fuzz (seed ${SEED}): ${parsed} parsed, ${rejected} rejected as not a notification, ${unexpected.length} unexpected errors`);
		expect(unexpected).toEqual([]);
		expect(parsed).toBeGreaterThan(PARSER_BODIES / 4);
		expect(rejected).toBeGreaterThan(0);
	});

	it(`receive: ${RECEIVE_BODIES} mutated, signed bodies → 200/400 only, no throw, no lost or doubled event`, async () => {
		const random = prng(SEED + 1);
		const counts: Record<string, number> = {};
		const problems: string[] = [];
		let events = 0;
		for (let i = 0; i < RECEIVE_BODIES; i++) {
			const body = mutatedBody(random);
			// What the parser finds in this body is what the workflow must get.
			let expected: string[] | undefined;
			try {
				expected = parseWebhook(parseWebhookBody(body.text)).map((event) => event.eventId);
			} catch {
				expected = undefined;
			}
			const api = new FakeN8nApi();
			const result = await runReceive(body.text, { api });
			counts[result.status] = (counts[result.status] ?? 0) + 1;
			if (result.thrown !== undefined) problems.push(`#${i} (${body.what}) threw ${String(result.thrown)}`);
			if (result.status !== 200 && result.status !== 400) problems.push(`#${i} (${body.what}) answered ${result.status}: ${result.body.slice(0, 200)}`);
			if (expected === undefined) {
				if (result.status !== 400) problems.push(`#${i} (${body.what}) unparseable but answered ${result.status}`);
				continue;
			}
			const got = (result.items ?? []).map((item) => String(item.eventId));
			const unique = [...new Set(expected)];
			events += unique.length;
			if (got.length !== unique.length || unique.some((id) => !got.includes(id))) {
				problems.push(`#${i} (${body.what}) lost or doubled events: expected ${unique.length}, got ${got.length}`);
			}
			// A redelivery of the same body delivers nothing new.
			const again = await runReceive(body.text, { api });
			if (again.status !== 200 || (again.items?.length ?? 0) !== 0) problems.push(`#${i} (${body.what}) redelivery answered ${again.status} with ${again.items?.length ?? 0} items`);
		}
		const fiveXx = Object.entries(counts).filter(([status]) => Number(status) >= 500).reduce((sum, [, n]) => sum + n, 0);
		console.log(`receive fuzz (seed ${SEED + 1}): answers ${JSON.stringify(counts)}, ${events} events expected, 5xx ${fiveXx}, problems ${problems.length}`);
		const kinds = new Map<string, number>();
		for (const problem of problems) {
			const kind = problem.replace(/^#\d+ \([^)]*\) /, '').replace(/\d+/g, 'N').slice(0, 80);
			kinds.set(kind, (kinds.get(kind) ?? 0) + 1);
		}
		expect([...kinds]).toEqual([]);
		expect(problems.slice(0, 10)).toEqual([]);
		expect(fiveXx).toBe(0);
	}, 600_000);
});
