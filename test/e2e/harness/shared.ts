/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals -- test tooling runs in Node, not inside n8n */
/**
 * One n8n for all e2e test files of a run. The jest global setup (`test/e2e/globalSetup.ts`)
 * starts it and leaves its connection info in a JSON file named by `WABP_E2E_N8N_INFO`; without
 * the global setup (a single file run from an editor, say) each file starts its own.
 */
import { existsSync, readFileSync } from 'node:fs';

import { connectN8n } from './client';
import type { N8nClient, N8nConnectionInfo } from './client';
import { startN8n } from './n8n';
import type { N8nHandle } from './n8n';

export const SHARED_INFO_ENV = 'WABP_E2E_N8N_INFO';
/** Long enough for a first-time n8n install on a 2-core machine. */
export const SETUP_TIMEOUT_MS = 30 * 60_000;
/** Per-test timeout for e2e tests (a workflow run in a real n8n, with polling). */
export const E2E_TEST_TIMEOUT_MS = 180_000;

export function readSharedInfo(): N8nConnectionInfo | undefined {
	const file = process.env[SHARED_INFO_ENV];
	if (!file || !existsSync(file)) return undefined;
	return JSON.parse(readFileSync(file, 'utf8')) as N8nConnectionInfo;
}

/**
 * Registers `beforeAll`/`afterAll` hooks and returns an accessor for the n8n client:
 * `const n8n = useN8n(); ... n8n().importWorkflow(...)`.
 */
export function useN8n(): () => N8nClient {
	// `testTimeout` in a jest *project* config is ignored (it is a global option), so e2e files
	// would get jest's 5 s default. Real n8n runs need more.
	jest.setTimeout(E2E_TEST_TIMEOUT_MS);
	let client: N8nClient | undefined;
	let own: N8nHandle | undefined;
	beforeAll(async () => {
		const shared = readSharedInfo();
		if (shared) {
			client = connectN8n(shared);
			// A loaded machine can keep /healthz busy for a moment: ask a few times before giving up.
			let answer = '';
			for (let attempt = 0; attempt < 10; attempt++) {
				answer = await fetch(`${shared.baseUrl}/healthz`).then(
					(r) => (r.ok ? '' : `HTTP ${r.status}`),
					(error: Error) => `${error.message} ${String((error as { cause?: unknown }).cause ?? '')}`,
				);
				if (answer === '') break;
				await new Promise((resolve) => setTimeout(resolve, 2000));
			}
			if (answer !== '') throw new Error(`the shared n8n at ${shared.baseUrl} does not answer (${answer}; log: ${shared.logFile})`);
		} else {
			own = await startN8n();
			client = own;
		}
	}, SETUP_TIMEOUT_MS);
	afterAll(async () => {
		await own?.stop();
	}, 60_000);
	return () => {
		if (!client) throw new Error('n8n is not started (beforeAll failed?)');
		return client;
	};
}
