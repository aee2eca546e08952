import { parseGraphError } from '../../../whatsapp/errors';
import { classifyNetworkError, retryDelayMs } from '../../../whatsapp/retry';

const policy = { maxRetries: 3, baseDelayMs: 400, maxDelayMs: 30_000 };
const noJitter = () => 1; // the upper end of the jitter range: the full backoff
const error = (code: number) => parseGraphError(400, { error: { code, message: `(#${code}) x` } });

describe('retryDelayMs', () => {
	it('backs off exponentially for throughput errors and gives up after maxRetries', () => {
		const delays = [1, 2, 3, 4].map((attempt) => retryDelayMs({ outcome: 'rejected', error: error(130429) }, attempt, false, policy, noJitter));
		expect(delays).toEqual([400, 800, 1600, undefined]);
	});

	it('waits 4^X seconds for the pair rate limit, as Meta advises', () => {
		const delays = [1, 2, 3].map((attempt) => retryDelayMs({ outcome: 'rejected', error: error(131056) }, attempt, false, policy, noJitter));
		expect(delays).toEqual([1000, 4000, 16000]);
	});

	it('keeps jitter within the upper half of the backoff', () => {
		expect(retryDelayMs({ outcome: 'rejected', error: error(130429) }, 1, false, policy, () => 0)).toBe(200);
	});

	it('honours a Retry-After hint, capped by maxDelayMs', () => {
		expect(retryDelayMs({ outcome: 'rejected', error: error(130429), retryAfterSeconds: 2 }, 1, false, policy)).toBe(2000);
		expect(retryDelayMs({ outcome: 'rejected', error: error(130429), retryAfterSeconds: 999 }, 1, false, policy)).toBe(30_000);
	});

	it('never retries errors Meta documents as final', () => {
		for (const code of [131047, 131026, 132000, 190, 100, 131050]) {
			expect(retryDelayMs({ outcome: 'rejected', error: error(code) }, 1, true, policy)).toBeUndefined();
		}
	});

	it('never repeats a send whose acceptance is unknown, but repeats an idempotent read', () => {
		expect(retryDelayMs({ outcome: 'unknown' }, 1, false, policy)).toBeUndefined();
		expect(retryDelayMs({ outcome: 'unknown' }, 1, true, policy, noJitter)).toBe(400);
	});

	it('repeats a send that never left (connection refused)', () => {
		expect(retryDelayMs({ outcome: 'notSent' }, 1, false, policy, noJitter)).toBe(400);
	});
});

describe('classifyNetworkError', () => {
	it('tells requests that never left from requests whose fate is unknown', () => {
		expect(classifyNetworkError('ECONNREFUSED')).toBe('notSent');
		expect(classifyNetworkError('ENOTFOUND')).toBe('notSent');
		expect(classifyNetworkError('ECONNRESET')).toBe('unknown');
		expect(classifyNetworkError('ETIMEDOUT')).toBe('unknown');
		expect(classifyNetworkError('EWHATEVER')).toBeUndefined();
		expect(classifyNetworkError(undefined)).toBeUndefined();
	});
});
