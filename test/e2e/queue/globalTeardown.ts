/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals -- test tooling runs in Node, not inside n8n */
/** Jest global teardown of the e2e-queue project: stops every process the setup started. */
import { rmSync } from 'node:fs';

import type { QueueTopology } from '../harness/queue';
import { QUEUE_INFO_ENV, stopExtraWorkers } from '../harness/queueShared';
import { SHARED_INFO_ENV } from '../harness/shared';

export default async function globalTeardown(): Promise<void> {
	const topology = (globalThis as { __WABP_QUEUE__?: QueueTopology }).__WABP_QUEUE__;
	if (topology) await stopExtraWorkers(topology.info());
	await topology?.stop();
	for (const name of [SHARED_INFO_ENV, QUEUE_INFO_ENV]) {
		const file = process.env[name];
		if (file) rmSync(file, { force: true });
	}
}
