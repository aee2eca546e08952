/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-dangerous-functions, @n8n/community-nodes/require-node-api-error -- test tooling runs in Node, not inside n8n */
/**
 * n8n's distributed engine on loopback: PostgreSQL and Redis from the machine's Debian packages,
 * then an n8n main, one webhook processor and N workers, each with this package installed in its
 * own user folder (as on separate machines). Everything this starts, `stop()` stops; the data
 * folders live under one temp folder that is deleted afterwards.
 *
 * PostgreSQL refuses to run as root, so when this runs as root the server runs as the `postgres`
 * user (Node's spawn `uid`/`gid`), with its own data folder and port.
 */
import type { ChildProcess } from 'node:child_process';
import { execFileSync, spawn } from 'node:child_process';
import { chmodSync, chownSync, createWriteStream, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import type { N8nConnectionInfo } from './client';
import { DEFAULT_N8N_VERSION, ensureN8n, needsNode24 } from './install';
import type { N8nInstall } from './install';
import { freePort, installPackageInto, n8nEnv, startN8n } from './n8n';
import type { N8nHandle } from './n8n';
import { packPackage, REPO_ROOT } from './pack';
import { delay, run } from './proc';

export interface QueueTopologyOptions {
	version?: string;
	/** Worker processes (default 2). */
	workers?: number;
	/** Parallel jobs per worker (`n8n worker --concurrency`, default 10 as in n8n). */
	workerConcurrency?: number;
	/** Extra environment for every n8n process (e.g. `N8N_DATA_TABLES_MAX_SIZE_BYTES`). */
	env?: NodeJS.ProcessEnv;
	/** Fixed main port (the demo); default a free one. */
	mainPort?: number;
	/** Fixed webhook-processor port (the demo); default a free one. */
	webhookPort?: number;
	log?: (line: string) => void;
}

/** What a test file needs to reach (and to kill or restart a worker of) a running topology. */
export interface QueueTopologyInfo {
	main: N8nConnectionInfo;
	webhook: { baseUrl: string; pid?: number; logFile: string };
	workers: Array<{ index: number; pid?: number; logFile: string; userFolder: string }>;
	postgres: { port: number; pid?: number; dataDir: string };
	redis: { port: number; pid?: number };
	/** The environment every n8n process shares (queue, database, encryption key). */
	sharedEnv: Record<string, string>;
	version: string;
	root: string;
	/** The packed package every process has installed. */
	tarball: string;
	workerConcurrency: number;
}

export interface ManagedProcess {
	name: string;
	child: ChildProcess;
	logFile: string;
	userFolder?: string;
	log(): string;
	exited(): boolean;
	/** SIGTERM, SIGKILL after `graceMs`; resolves once the process is gone. */
	stop(graceMs?: number): Promise<void>;
}

export interface QueueTopology {
	main: N8nHandle;
	webhook: ManagedProcess;
	workers: ManagedProcess[];
	info(): QueueTopologyInfo;
	/** Starts one more worker (or a replacement after a kill) with the shared settings. */
	startWorker(index: number): Promise<ManagedProcess>;
	stop(): Promise<void>;
}

const PG_USER = 'postgres';
const PG_PASSWORD = 'wabp-queue-postgres';
const PG_DATABASE = 'n8n';

function logDir(): string {
	const dir = join(REPO_ROOT, 'node_modules', '.cache', 'wabp', 'e2e', 'logs');
	mkdirSync(dir, { recursive: true });
	return dir;
}

function stamp(): string {
	return new Date().toISOString().replace(/[:.]/g, '-');
}

/** Debian puts the server binaries in /usr/lib/postgresql/<major>/bin; take the newest. */
export function postgresBinDir(): string {
	const base = '/usr/lib/postgresql';
	const majors = existsSync(base) ? readdirSync(base).filter((entry) => existsSync(join(base, entry, 'bin', 'postgres'))) : [];
	majors.sort((a, b) => Number(b) - Number(a));
	if (majors.length === 0) {
		throw new Error('PostgreSQL is not installed (no /usr/lib/postgresql/<version>/bin/postgres): apt-get install -y postgresql (.ci/run does this)');
	}
	return join(base, majors[0], 'bin');
}

export function redisServerBin(): string {
	for (const candidate of ['/usr/bin/redis-server', '/usr/local/bin/redis-server']) if (existsSync(candidate)) return candidate;
	throw new Error('Redis is not installed (no redis-server): apt-get install -y redis-server (.ci/run does this)');
}

/** The uid/gid to run PostgreSQL as: ourselves, or `postgres` when we are root. */
function postgresIdentity(): { uid: number; gid: number } | undefined {
	if (typeof process.getuid !== 'function' || process.getuid() !== 0) return undefined;
	const uid = Number(execFileSync('id', ['-u', PG_USER]).toString().trim());
	const gid = Number(execFileSync('id', ['-g', PG_USER]).toString().trim());
	return { uid, gid };
}

/** Spawns a long-running process with its output in a log file (and in memory for readiness checks). */
function manage(name: string, command: string, args: string[], options: { env?: NodeJS.ProcessEnv; cwd?: string; uid?: number; gid?: number; userFolder?: string }): ManagedProcess {
	const logFile = join(logDir(), `queue-${name}-${stamp()}.log`);
	const stream = createWriteStream(logFile);
	let text = '';
	const child = spawn(command, args, { cwd: options.cwd, env: options.env ?? process.env, stdio: ['ignore', 'pipe', 'pipe'], uid: options.uid, gid: options.gid });
	const onOutput = (chunk: Buffer) => {
		// Keep the tail only: a worker under load logs a lot.
		text = (text + chunk.toString()).slice(-2_000_000);
		stream.write(chunk);
	};
	child.stdout?.on('data', onOutput);
	child.stderr?.on('data', onOutput);
	let done = false;
	const killOnExit = () => child.kill('SIGKILL');
	process.once('exit', killOnExit);
	const gone = new Promise<void>((resolve) => {
		child.on('exit', () => {
			done = true;
			process.removeListener('exit', killOnExit);
			resolve();
		});
		child.on('error', () => {
			done = true;
			resolve();
		});
	});
	return {
		name,
		child,
		logFile,
		userFolder: options.userFolder,
		log: () => text,
		exited: () => done,
		async stop(graceMs = 15_000) {
			if (!done) {
				child.kill('SIGTERM');
				const killer = setTimeout(() => child.kill('SIGKILL'), graceMs);
				await gone;
				clearTimeout(killer);
			}
			await new Promise<void>((resolve) => stream.end(resolve));
		},
	};
}

async function waitUntil(what: string, process: ManagedProcess, check: () => Promise<boolean>, timeoutMs: number): Promise<void> {
	const started = Date.now();
	for (;;) {
		if (process.exited()) throw new Error(`${what} exited before it was ready (log: ${process.logFile})\n${process.log().split('\n').slice(-40).join('\n')}`);
		if (await check().catch(() => false)) return;
		if (Date.now() - started > timeoutMs) throw new Error(`${what} was not ready after ${timeoutMs} ms (log: ${process.logFile})\n${process.log().split('\n').slice(-40).join('\n')}`);
		await delay(250);
	}
}

async function redisPing(port: number): Promise<boolean> {
	return await new Promise((resolve) => {
		const socket = connect(port, '127.0.0.1');
		let answer = '';
		socket.setTimeout(2000, () => {
			socket.destroy();
			resolve(false);
		});
		socket.on('connect', () => socket.write('PING\r\n'));
		socket.on('data', (chunk) => {
			answer += chunk.toString();
			if (answer.includes('\r\n')) {
				socket.end();
				resolve(answer.startsWith('+PONG'));
			}
		});
		socket.on('error', () => resolve(false));
	});
}

export async function startPostgres(root: string, log: (line: string) => void): Promise<{ process: ManagedProcess; port: number; dataDir: string }> {
	const bin = postgresBinDir();
	const identity = postgresIdentity();
	const dataDir = join(root, 'postgres');
	const socketDir = join(root, 'postgres-socket');
	mkdirSync(dataDir, { recursive: true, mode: 0o700 });
	mkdirSync(socketDir, { recursive: true });
	if (identity) {
		// The postgres user must reach and own its folders under our temp root.
		chmodSync(root, 0o755);
		chownSync(dataDir, identity.uid, identity.gid);
		chownSync(socketDir, identity.uid, identity.gid);
	}
	const pwFile = join(root, 'postgres-password');
	writeFileSync(pwFile, PG_PASSWORD + '\n', { mode: 0o644 });
	const initdbArgs = ['-D', dataDir, '-U', PG_USER, `--pwfile=${pwFile}`, '--auth=scram-sha-256', '-E', 'UTF8', '--locale=C', '--no-sync'];
	// initdb refuses root too; runuser switches to the postgres user for it.
	const initdb = identity
		? await run('runuser', ['-u', PG_USER, '--', join(bin, 'initdb'), ...initdbArgs], { cwd: root, env: { ...process.env, LANG: 'C', LC_ALL: 'C' } })
		: await run(join(bin, 'initdb'), initdbArgs, { cwd: root, env: { ...process.env, LANG: 'C', LC_ALL: 'C' } });
	if (initdb.code !== 0) throw new Error(`initdb failed: ${initdb.stderr || initdb.stdout}`);
	const port = await freePort();
	const server = manage('postgres', join(bin, 'postgres'), [
		'-D', dataDir,
		'-p', String(port),
		'-k', socketDir,
		'-c', 'listen_addresses=127.0.0.1',
		'-c', 'max_connections=200',
		// A throwaway test database: durability is not the point, speed on 2 cores is.
		'-c', 'fsync=off',
		'-c', 'full_page_writes=off',
	], { cwd: root, ...(identity ?? {}), env: { ...process.env, LANG: 'C', LC_ALL: 'C' } });
	const isReady = join(bin, 'pg_isready');
	await waitUntil('PostgreSQL', server, async () => (await run(isReady, ['-h', '127.0.0.1', '-p', String(port), '-U', PG_USER], { cwd: root })).code === 0, 60_000);
	const createdb = await run(join(bin, 'createdb'), ['-h', '127.0.0.1', '-p', String(port), '-U', PG_USER, PG_DATABASE], { cwd: root, env: { ...process.env, PGPASSWORD: PG_PASSWORD } });
	if (createdb.code !== 0) throw new Error(`createdb failed: ${createdb.stderr}`);
	log(`PostgreSQL ${bin.split('/').slice(-2, -1)[0]} on 127.0.0.1:${port} (data ${dataDir})`);
	return { process: server, port, dataDir };
}

export async function startRedis(root: string, log: (line: string) => void): Promise<{ process: ManagedProcess; port: number }> {
	const dir = join(root, 'redis');
	mkdirSync(dir, { recursive: true });
	const port = await freePort();
	const server = manage('redis', redisServerBin(), ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir, '--daemonize', 'no'], { cwd: dir });
	await waitUntil('Redis', server, async () => await redisPing(port), 30_000);
	log(`Redis on 127.0.0.1:${port}`);
	return { process: server, port };
}

/** The environment every process of the topology shares. */
function queueEnv(postgresPort: number, redisPort: number, webhookBaseUrl: string, node24: boolean): Record<string, string> {
	return {
		EXECUTIONS_MODE: 'queue',
		QUEUE_BULL_REDIS_HOST: '127.0.0.1',
		QUEUE_BULL_REDIS_PORT: String(redisPort),
		DB_TYPE: 'postgresdb',
		DB_POSTGRESDB_HOST: '127.0.0.1',
		DB_POSTGRESDB_PORT: String(postgresPort),
		DB_POSTGRESDB_DATABASE: PG_DATABASE,
		DB_POSTGRESDB_USER: PG_USER,
		DB_POSTGRESDB_PASSWORD: PG_PASSWORD,
		// n8n's default pool is 2 connections per process. A burst of webhooks (each trigger call
		// makes several Data Table requests to the main's API) then queues n8n's own health ping
		// past its 5 s timeout, the main reports "Database is not ready" and answers 503. Measured
		// here with 100 calls at once; a pool of 10 and a longer ping timeout avoid it.
		DB_POSTGRESDB_POOL_SIZE: '10',
		N8N_DB_PING_TIMEOUT: '15000',
		// The main registers this URL with Meta: the webhook processor's, as behind a load balancer.
		...(node24 ? { N8N_WEBHOOK_URL: `${webhookBaseUrl}/` } : { WEBHOOK_URL: `${webhookBaseUrl}/` }),
		// Production webhooks only on the webhook processor (the main keeps the editor and test URLs).
		N8N_DISABLE_PRODUCTION_MAIN_PROCESS: 'true',
		// Executions end up in PostgreSQL with their data, so tests can read what each one emitted.
		EXECUTIONS_DATA_SAVE_ON_SUCCESS: 'all',
	};
}

async function spawnN8nProcess(
	install: N8nInstall,
	name: string,
	command: 'worker' | 'webhook',
	args: string[],
	env: NodeJS.ProcessEnv,
	tarball: string,
	userFolder: string,
	port: number,
): Promise<ManagedProcess> {
	mkdirSync(userFolder, { recursive: true });
	await installPackageInto(userFolder, tarball);
	const brokerPort = await freePort();
	const processEnv = n8nEnv({ userFolder, port, brokerPort, node24: needsNode24(install.version), extra: env });
	return manage(name, install.nodeBin, [install.n8nScript, command, ...args], { cwd: userFolder, env: processEnv, userFolder });
}

/**
 * Starts `n8n worker` with the package installed in its own user folder and waits until its
 * health endpoint answers. `onSpawn` sees the process before the wait (so a failed start is stopped).
 */
export async function spawnQueueWorker(
	install: N8nInstall,
	sharedEnv: Record<string, string>,
	tarball: string,
	userFolder: string,
	name: string,
	concurrency: number,
	onSpawn?: (process: ManagedProcess) => void,
): Promise<ManagedProcess> {
	// The worker's health server (on its own port) tells when it takes jobs.
	const port = await freePort();
	const worker = await spawnN8nProcess(
		install,
		name,
		'worker',
		[`--concurrency=${concurrency}`],
		{ ...sharedEnv, QUEUE_HEALTH_CHECK_ACTIVE: 'true', QUEUE_HEALTH_CHECK_PORT: String(port), N8N_WORKER_SERVER_ADDRESS: '127.0.0.1' },
		tarball,
		userFolder,
		port,
	);
	onSpawn?.(worker);
	try {
		await waitUntil(name, worker, async () => await fetch(`http://127.0.0.1:${port}/healthz/readiness`).then((r) => r.ok), 180_000);
	} catch (error) {
		await worker.stop(2000);
		throw error;
	}
	return worker;
}

/** Lines a worker logs per execution it picks up (n8n 2.8: "Worker started execution <id> (job <n>)"). */
export function executionsInWorkerLog(text: string): string[] {
	return [...text.matchAll(/started execution (\d+)/gi)].map((match) => match[1]);
}

export function readLog(file: string): string {
	return existsSync(file) ? readFileSync(file, 'utf8') : '';
}

export async function startQueueTopology(options: QueueTopologyOptions = {}): Promise<QueueTopology> {
	const version = options.version ?? DEFAULT_N8N_VERSION;
	const log = options.log ?? ((line: string) => process.stderr.write(`[wabp-queue] ${line}\n`));
	const workerCount = options.workers ?? 2;
	const concurrency = options.workerConcurrency ?? 10;
	const started = Date.now();
	const [install, packed] = await Promise.all([ensureN8n(version), packPackage()]);
	const root = mkdtempSync(join(tmpdir(), 'wabp-queue-'));
	const stops: Array<() => Promise<void>> = [];
	const stopAll = async () => {
		for (const stop of stops.reverse()) await stop().catch(() => undefined);
		stops.length = 0;
		if (process.env.WABP_E2E_KEEP !== '1') rmSync(root, { recursive: true, force: true });
	};
	try {
		const [postgres, redis] = await Promise.all([startPostgres(root, log), startRedis(root, log)]);
		stops.push(async () => await postgres.process.stop(), async () => await redis.process.stop());
		const webhookPort = options.webhookPort ?? (await freePort());
		const webhookBaseUrl = `http://127.0.0.1:${webhookPort}`;
		const sharedEnv = { ...queueEnv(postgres.port, redis.port, webhookBaseUrl, needsNode24(version)), ...(options.env as Record<string, string>) };

		// The main first: it runs the database migrations the others expect.
		const main = await startN8n({
			version,
			port: options.mainPort,
			env: sharedEnv,
			userFolder: join(root, 'main'),
			webhookBaseUrl,
			mode: 'queue',
			// Migrations on PostgreSQL took 100-115 s here on a loaded machine.
			readyTimeoutMs: 600_000,
		});
		stops.push(async () => await main.stop());
		log(`main ${main.baseUrl} ready in ${main.startMs} ms`);

		const webhook = await spawnN8nProcess(install, 'webhook', 'webhook', [], sharedEnv, packed.tarball, join(root, 'webhook'), webhookPort);
		stops.push(async () => await webhook.stop());
		const workers: ManagedProcess[] = [];
		const startWorker = async (index: number): Promise<ManagedProcess> => {
			const worker = await spawnQueueWorker(install, sharedEnv, packed.tarball, join(root, `worker${index}`), `worker${index}`, concurrency, (p) => stops.push(async () => await p.stop()));
			workers[index] = worker;
			return worker;
		};
		await Promise.all([
			waitUntil('webhook processor', webhook, async () => await fetch(`${webhookBaseUrl}/healthz/readiness`).then((r) => r.ok), 180_000),
			...Array.from({ length: workerCount }, async (_, index) => await startWorker(index)),
		]);
		log(`webhook processor ${webhookBaseUrl} and ${workerCount} workers ready; topology up in ${Math.round((Date.now() - started) / 1000)} s`);

		const info = (): QueueTopologyInfo => ({
			main: main.info(),
			webhook: { baseUrl: webhookBaseUrl, pid: webhook.child.pid, logFile: webhook.logFile },
			workers: workers.map((worker, index) => ({ index, pid: worker.child.pid, logFile: worker.logFile, userFolder: worker.userFolder ?? '' })),
			postgres: { port: postgres.port, pid: postgres.process.child.pid, dataDir: postgres.dataDir },
			redis: { port: redis.port, pid: redis.process.child.pid },
			sharedEnv,
			version,
			root,
			tarball: packed.tarball,
			workerConcurrency: concurrency,
		});
		return { main, webhook, workers, info, startWorker, stop: stopAll };
	} catch (error) {
		await stopAll();
		throw error;
	}
}
