/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals -- test tooling runs in Node, not inside n8n */
/** Jest global setup of the e2e project: one n8n 2.8.4 with the package, shared by every file. */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { startN8n } from './harness/n8n';
import { packPackage, REPO_ROOT } from './harness/pack';
import { SHARED_INFO_ENV } from './harness/shared';

export default async function globalSetup(): Promise<void> {
	const started = Date.now();
	const packed = await packPackage();
	// Test files (and the latest-n8n smoke) reuse this tarball instead of building again.
	process.env.WABP_E2E_TARBALL = packed.tarball;
	const n8n = await startN8n();
	const dir = join(REPO_ROOT, 'node_modules', '.cache', 'wabp', 'e2e');
	mkdirSync(dir, { recursive: true });
	const file = join(dir, `shared-n8n-${process.pid}.json`);
	writeFileSync(file, JSON.stringify(n8n.info(), null, 2) + '\n');
	process.env[SHARED_INFO_ENV] = file;
	(globalThis as { __WABP_N8N__?: unknown }).__WABP_N8N__ = n8n;
	process.stderr.write(`\n[wabp-e2e] n8n ${n8n.version} ready at ${n8n.baseUrl} in ${n8n.startMs} ms (setup ${Date.now() - started} ms, log ${n8n.logFile})\n`);
}
