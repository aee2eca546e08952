/* eslint-disable @n8n/community-nodes/no-restricted-globals -- benchmark tooling runs in Node, not inside n8n */
/**
 * A benchmark's numbers mean something only when its scenario ran. This decides, per scenario,
 * whether it did (the webhook answered 200, the simulator saw requests, no recipient is lost or
 * doubled), collects the reasons when not, and turns them into a loud failure and exit code 1 at
 * the end. It also waits until the previous scenario's executions have ended before the next
 * one starts, so one scenario's tail never runs into the next one's numbers.
 */

export interface ScenarioOutcome {
	scenario: string;
	/** HTTP status of the call that started the scenario. */
	status: number;
	recipients: number;
	/** Requests the simulator received during the scenario. */
	requests: number;
	/** Items the workflow answered with. */
	items: number;
	lost: number;
	duplicates: number;
}

/** Why the scenario did not run as a benchmark (empty when it did). */
export function scenarioProblems(outcome: ScenarioOutcome): string[] {
	const problems: string[] = [];
	if (outcome.status !== 200) problems.push(`the webhook answered HTTP ${outcome.status} instead of 200`);
	if (outcome.recipients > 0 && outcome.requests === 0) problems.push('the simulator received 0 requests');
	if (outcome.recipients > 0 && outcome.items === 0) problems.push('the workflow answered with no items');
	if (outcome.lost > 0) problems.push(`${outcome.lost} of ${outcome.recipients} recipients were lost (neither accepted nor reported)`);
	if (outcome.duplicates > 0) problems.push(`${outcome.duplicates} recipients got the message more than once`);
	return problems;
}

export class BenchVerdict {
	readonly failures: Array<{ scenario: string; problems: string[] }> = [];

	constructor(private readonly write: (line: string) => void = (line) => process.stdout.write(`${line}\n`)) {}

	/** Records a scenario's outcome; says at once (and loudly) when it did not run. */
	check(outcome: ScenarioOutcome): boolean {
		const problems = scenarioProblems(outcome);
		if (problems.length > 0) {
			this.failures.push({ scenario: outcome.scenario, problems });
			this.write(`  SCENARIO FAILED: ${outcome.scenario}: ${problems.join('; ')}`);
		}
		return problems.length === 0;
	}

	/** A scenario that could not even start or finish (an exception, a timeout). */
	fail(scenario: string, reason: string): void {
		this.failures.push({ scenario, problems: [reason] });
		this.write(`  SCENARIO FAILED: ${scenario}: ${reason}`);
	}

	/** 0 when every scenario ran, else 1 after a summary of what did not. */
	exitCode(): number {
		if (this.failures.length === 0) return 0;
		this.write(`\nBENCHMARK FAILED: ${this.failures.length} scenario(s) did not run; their numbers above are not results:`);
		for (const failure of this.failures) this.write(`  - ${failure.scenario}: ${failure.problems.join('; ')}`);
		return 1;
	}
}

interface ExecutionLike {
	id: string | number;
	status?: string;
	stoppedAt?: string | null;
}

/**
 * Waits until none of the workflows has an execution still running (n8n may answer a webhook
 * before its execution ends, or answer 503 while it keeps going). Throws after `timeoutMs`.
 */
export async function waitUntilIdle(
	list: (workflowId: string) => Promise<ExecutionLike[]>,
	workflowIds: readonly string[],
	timeoutMs = 600_000,
	pollMs = 1000,
): Promise<void> {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const running: string[] = [];
		for (const workflowId of workflowIds) {
			for (const execution of await list(workflowId)) {
				if (!execution.stoppedAt || execution.status === 'running' || execution.status === 'new') running.push(`${workflowId}/${execution.id}`);
			}
		}
		if (running.length === 0) return;
		if (Date.now() > deadline) throw new Error(`executions still running after ${Math.round(timeoutMs / 1000)} s: ${running.slice(0, 5).join(', ')}`);
		await new Promise((resolve) => setTimeout(resolve, pollMs));
	}
}

/** Runs a benchmark's `main` and exits with the verdict's code (1 on an exception, with its stack). */
export function runBenchmark(main: () => Promise<void>, verdict: BenchVerdict): void {
	main().then(
		() => process.exit(verdict.exitCode()),
		(error: unknown) => {
			process.stderr.write(`${(error as Error)?.stack ?? String(error)}\n`);
			process.exit(1);
		},
	);
}
