/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-dangerous-functions -- test code runs in Node, not inside n8n, and runs the bench script */
/**
 * The benchmarks' failure path: a scenario that could not run (the campaign fault scenario that
 * got "webhook answered HTTP 503", 0 requests and 3,000 lost recipients) fails loudly with its
 * reasons and exit code 1, and `npm run bench` exits non-zero when a benchmark cannot run.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

import { BenchVerdict, scenarioProblems, waitUntilIdle } from '../../../bench/verdict';

const ROOT = join(__dirname, '..', '..', '..');

describe('benchmark verdict', () => {
	it('fails the scenario that got a 503, 0 requests and lost everyone, saying why', () => {
		const lines: string[] = [];
		const verdict = new BenchVerdict((line) => lines.push(line));
		expect(verdict.check({ scenario: '80/s cap, 10 % faults (campaign)', status: 503, recipients: 3000, requests: 0, items: 0, lost: 3000, duplicates: 0 })).toBe(false);
		expect(verdict.check({ scenario: '80/s cap (campaign)', status: 200, recipients: 10, requests: 12, items: 11, lost: 0, duplicates: 0 })).toBe(true);
		expect(verdict.exitCode()).toBe(1);
		const output = lines.join('\n');
		expect(output).toContain('SCENARIO FAILED: 80/s cap, 10 % faults (campaign): the webhook answered HTTP 503 instead of 200; the simulator received 0 requests; the workflow answered with no items; 3000 of 3000 recipients were lost');
		expect(output).toContain('BENCHMARK FAILED: 1 scenario(s) did not run');
		expect(output).not.toContain('80/s cap (campaign):');
	});

	it('passes a scenario that ran, and names duplicates as a failure', () => {
		expect(scenarioProblems({ scenario: 's', status: 200, recipients: 5, requests: 5, items: 6, lost: 0, duplicates: 0 })).toEqual([]);
		expect(scenarioProblems({ scenario: 's', status: 200, recipients: 5, requests: 7, items: 6, lost: 0, duplicates: 2 })).toEqual(['2 recipients got the message more than once']);
		expect(new BenchVerdict(() => undefined).exitCode()).toBe(0);
	});

	it('starts the next scenario only after every execution has stopped', async () => {
		let polls = 0;
		const list = async () => {
			polls++;
			return polls < 3 ? [{ id: 1, status: 'running', stoppedAt: null }] : [{ id: 1, status: 'success', stoppedAt: '2026-01-01T00:00:00Z' }];
		};
		await waitUntilIdle(list, ['wf'], 5000, 10);
		expect(polls).toBe(3);
		await expect(waitUntilIdle(async () => [{ id: 7, status: 'running' }], ['wf'], 50, 10)).rejects.toThrow(/still running after 0 s: wf\/7/);
	});

	it('npm run bench exits 1, loudly, when a benchmark cannot run', () => {
		const result = spawnSync(process.execPath, [require.resolve('tsx/cli'), join(ROOT, 'bench', 'run.ts'), 'no-such-benchmark', '--quiet-only'], { encoding: 'utf8', cwd: ROOT });
		expect(result.status).toBe(1);
		expect(result.stdout).toContain('== no-such-benchmark: FAILED: there is no bench/no-such-benchmark.ts');
		expect(result.stdout).toContain('BENCHMARK FAILED: 1 problem(s)');
		expect(result.stdout).toContain('no-such-benchmark (quiet): no such benchmark');
	}, 60_000);
});
