/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals -- test tooling runs in Node, not inside n8n */
/**
 * Jest global setup of the e2e-queue project: PostgreSQL + Redis + n8n main, one webhook
 * processor and two workers (harness/queue.ts), shared by every file of the project. Test files
 * attach through the same state file as the regular e2e project (`useN8n()`), so the regular e2e
 * files run unchanged against the queue topology; queue-only files read the topology file too.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { packPackage, REPO_ROOT } from '../harness/pack';
import { startQueueTopology } from '../harness/queue';
import { QUEUE_INFO_ENV } from '../harness/queueShared';
import { SHARED_INFO_ENV } from '../harness/shared';

export default async function globalSetup(): Promise<void> {
	const started = Date.now();
	const packed = await packPackage();
	process.env.WABP_E2E_TARBALL = packed.tarball;
	const topology = await startQueueTopology();
	const dir = join(REPO_ROOT, 'node_modules', '.cache', 'wabp', 'e2e');
	mkdirSync(dir, { recursive: true });
	const mainFile = join(dir, `shared-n8n-queue-${process.pid}.json`);
	const topologyFile = join(dir, `queue-topology-${process.pid}.json`);
	writeFileSync(mainFile, JSON.stringify(topology.info().main, null, 2) + '\n');
	writeFileSync(topologyFile, JSON.stringify(topology.info(), null, 2) + '\n');
	process.env[SHARED_INFO_ENV] = mainFile;
	process.env[QUEUE_INFO_ENV] = topologyFile;
	(globalThis as { __WABP_QUEUE__?: unknown }).__WABP_QUEUE__ = topology;
	process.stderr.write(`\n[wabp-e2e-queue] queue topology ready in ${Date.now() - started} ms: main ${topology.main.baseUrl}, webhooks ${topology.info().webhook.baseUrl}, ${topology.workers.length} workers\n`);
}
