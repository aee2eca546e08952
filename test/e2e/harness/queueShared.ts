/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals -- test tooling runs in Node, not inside n8n */
/**
 * For test files of the e2e-queue project: the running topology (written by its global setup),
 * and a worker that a test starts itself (after killing one) and must stop again.
 */
import { appendFileSync, existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import { ensureN8n } from './install';
import { spawnQueueWorker } from './queue';
import type { ManagedProcess, QueueTopologyInfo } from './queue';

export const QUEUE_INFO_ENV = 'WABP_E2E_QUEUE_INFO';

export function readQueueInfo(): QueueTopologyInfo | undefined {
	const file = process.env[QUEUE_INFO_ENV];
	if (!file || !existsSync(file)) return undefined;
	return JSON.parse(readFileSync(file, 'utf8')) as QueueTopologyInfo;
}

/** Another worker on the running topology (e.g. the replacement for a killed one). */
export async function startExtraWorker(info: QueueTopologyInfo, name: string): Promise<ManagedProcess> {
	const install = await ensureN8n(info.version);
	const worker = await spawnQueueWorker(install, info.sharedEnv, info.tarball, join(info.root, name), name, info.workerConcurrency);
	// The global teardown stops it with the rest of the topology.
	appendFileSync(extraPidsFile(info), `${worker.child.pid}\n`);
	return worker;
}

export function extraPidsFile(info: Pick<QueueTopologyInfo, 'root'>): string {
	return join(info.root, 'extra-worker-pids');
}

/** Stops the workers test files added (SIGTERM, then SIGKILL). */
export async function stopExtraWorkers(info: Pick<QueueTopologyInfo, 'root'>): Promise<void> {
	const file = extraPidsFile(info);
	if (!existsSync(file)) return;
	const pids = readFileSync(file, 'utf8').split('\n').map(Number).filter((pid) => pid > 0);
	const alive = (pid: number) => {
		try {
			process.kill(pid, 0);
			return true;
		} catch {
			return false;
		}
	};
	for (const pid of pids) if (alive(pid)) process.kill(pid, 'SIGTERM');
	for (let i = 0; i < 60 && pids.some(alive); i++) await new Promise((resolve) => setTimeout(resolve, 250));
	for (const pid of pids) if (alive(pid)) process.kill(pid, 'SIGKILL');
}
