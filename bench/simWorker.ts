/* eslint-disable @n8n/community-nodes/no-restricted-imports -- benchmark tooling runs in Node, not inside n8n */
/**
 * The Cloud API simulator in a worker thread of the benchmark's own process: in-process (no child
 * process), yet on its own OS thread, so bench/threadCpu.ts can tell its CPU from n8n's.
 * Messages: `count` → `{ accepted, requests }`, `reset`, `stop`.
 */
import { parentPort, workerData } from 'node:worker_threads';

import { startSimulator } from '../simulator';

async function main(): Promise<void> {
	const options = (workerData ?? {}) as { latencyMs?: number };
	const sim = await startSimulator({ port: 0, messagesPerSecond: 1_000_000, latencyMs: options.latencyMs ?? 5, statuses: false, windowOpenForAll: true });
	parentPort!.on('message', (message: { type: string }) => {
		if (message.type === 'count') parentPort!.postMessage({ type: 'count', accepted: sim.acceptedMessages.length, requests: sim.requests.length });
		else if (message.type === 'reset') {
			sim.reset();
			parentPort!.postMessage({ type: 'reset' });
		} else if (message.type === 'stop') void sim.stop().then(() => parentPort!.close());
	});
	parentPort!.postMessage({ type: 'ready', url: sim.url });
}

void main();
