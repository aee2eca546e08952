/* eslint-disable @n8n/community-nodes/no-restricted-globals -- a developer script, runs in Node */
/**
 * `npm run queue`: n8n in queue mode on this machine, for trying the package the way large teams
 * run n8n. PostgreSQL and Redis (Debian's packages), an n8n main (editor and API), one webhook
 * processor (Meta's POSTs go here) and two workers (executions run here), each with the package
 * installed, all on 127.0.0.1. Ctrl+C stops everything it started and deletes the data.
 *
 *   npm run queue                      # free ports
 *   npm run queue -- --port 5678 --webhook-port 5680 --workers 2 --concurrency 10
 */
import { startQueueTopology } from '../test/e2e/harness/queue';
import { OWNER } from '../test/e2e/harness/n8n';

function flag(argv: string[], name: string): number | undefined {
	const index = argv.indexOf(`--${name}`);
	return index >= 0 && argv[index + 1] !== undefined ? Number(argv[index + 1]) : undefined;
}

/** Runs until Ctrl+C (then exits the process). */
export async function runQueueModeFromArgs(argv: string[]): Promise<number> {
	await runQueueMode({ port: flag(argv, 'port'), webhookPort: flag(argv, 'webhook-port'), workers: flag(argv, 'workers'), concurrency: flag(argv, 'concurrency') });
	return 0;
}

export async function runQueueMode(options: { port?: number; webhookPort?: number; workers?: number; concurrency?: number } = {}): Promise<void> {
	const topology = await startQueueTopology({
		mainPort: options.port,
		webhookPort: options.webhookPort,
		workers: options.workers,
		workerConcurrency: options.concurrency,
	});
	const info = topology.info();
	process.stdout.write(
		[
			'',
			'n8n in queue mode is running:',
			`  editor and API (main)   ${info.main.baseUrl}   login ${OWNER.email} / ${OWNER.password}`,
			`  production webhooks     ${info.webhook.baseUrl}/webhook/...   (the webhook processor)`,
			`  workers                 ${info.workers.length} × concurrency ${info.workerConcurrency}`,
			`  PostgreSQL              127.0.0.1:${info.postgres.port}   Redis 127.0.0.1:${info.redis.port}`,
			`  n8n API key             ${info.main.apiKey}`,
			'  In the package\'s "n8n API" credential use the main\'s URL above as Base URL: workers and',
			'  the webhook processor call it for Data Tables.',
			`  logs                    ${info.workers.map((w) => w.logFile).join(', ')}`,
			'Ctrl+C stops everything.',
			'',
		].join('\n'),
	);
	let stopping = false;
	const stop = async () => {
		if (stopping) return;
		stopping = true;
		process.stdout.write('\nstopping…\n');
		await topology.stop();
		process.exit(0);
	};
	process.on('SIGINT', () => void stop());
	process.on('SIGTERM', () => void stop());
	await new Promise(() => undefined);
}

if (require.main === module) {
	runQueueModeFromArgs(process.argv.slice(2)).catch((error: Error) => {
		process.stderr.write(`${error.message}\n`);
		process.exit(1);
	});
}
