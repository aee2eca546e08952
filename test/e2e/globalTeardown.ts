/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals -- test tooling runs in Node, not inside n8n */
/** Jest global teardown of the e2e project: stops the shared n8n. */
import { rmSync } from 'node:fs';

import type { N8nHandle } from './harness/n8n';
import { SHARED_INFO_ENV } from './harness/shared';

export default async function globalTeardown(): Promise<void> {
	const n8n = (globalThis as { __WABP_N8N__?: N8nHandle }).__WABP_N8N__;
	await n8n?.stop();
	const file = process.env[SHARED_INFO_ENV];
	if (file) rmSync(file, { force: true });
}
