/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-dangerous-functions, @n8n/community-nodes/no-hardcoded-secrets, @n8n/community-nodes/require-node-api-error -- test tooling (fixed throwaway test secrets) runs in Node, not inside n8n */
/**
 * Starts a real n8n with this package installed the way n8n installs community packages, and
 * drives it over HTTP: owner setup and API key through the internal REST API (the only way),
 * everything else through the public API (`/api/v1`, stable across versions).
 */
import type { ChildProcess } from 'node:child_process';
import { spawn } from 'node:child_process';
import { createWriteStream, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { BROWSER_ID, connectN8n, loadErrorLines, TYPES } from './client';
import type { N8nClient, N8nConnectionInfo } from './client';
import { DEFAULT_N8N_VERSION, ensureN8n, needsNode24 } from './install';
import type { N8nInstall } from './install';
import { packPackage, PACKAGE_NAME, REPO_ROOT } from './pack';
import { cleanNpmEnv, delay, runOrThrow } from './proc';

export const ENCRYPTION_KEY = 'wabp-e2e-encryption-key-0123456789';
export const OWNER = { email: 'owner@wabp.test', firstName: 'Test', lastName: 'Owner', password: 'Wabp-e2e-Passw0rd' };

export interface StartN8nOptions {
	/** n8n version from the cache (installed when missing). Default 2.8.4. */
	version?: string;
	/** Fixed port; default: a free one. */
	port?: number;
	/** Extra environment for n8n (wins over the defaults). */
	env?: NodeJS.ProcessEnv;
	/** Reuse this user folder (the demo); default: a fresh temp folder, deleted on stop. */
	userFolder?: string;
	/** Fail when the package's nodes/credential are not registered or log load errors (default true). */
	expectPackage?: boolean;
	readyTimeoutMs?: number;
	/** Owner login to create (first start) or log in with (persistent folder). */
	owner?: typeof OWNER;
	/** Queue mode (harness/queue.ts): where `/webhook/*` is served instead of this process. */
	webhookBaseUrl?: string;
	mode?: 'regular' | 'queue';
}

export interface N8nHandle extends N8nClient {
	install: N8nInstall;
	/** The plain connection info (what the jest global setup shares with test files). */
	info(): N8nConnectionInfo;
	/** SIGTERM (SIGKILL after 15 s); deletes a temporary user folder unless WABP_E2E_KEEP=1. */
	stop(): Promise<void>;
}

export async function freePort(): Promise<number> {
	return await new Promise((resolve, reject) => {
		const server = createServer();
		server.unref();
		server.on('error', reject);
		server.listen(0, '127.0.0.1', () => {
			const { port } = server.address() as AddressInfo;
			server.close(() => resolve(port));
		});
	});
}

export async function portIsFree(port: number): Promise<boolean> {
	return await new Promise((resolve) => {
		const server = createServer();
		server.once('error', () => resolve(false));
		server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
	});
}

/** Extracts the packed package into `<userFolder>/.n8n/nodes/node_modules/<name>`. */
export async function installPackageInto(userFolder: string, tarball: string): Promise<string> {
	const nodesDir = join(userFolder, '.n8n', 'nodes');
	const target = join(nodesDir, 'node_modules', PACKAGE_NAME);
	rmSync(target, { recursive: true, force: true });
	mkdirSync(target, { recursive: true });
	await runOrThrow('tar', ['-xzf', tarball, '-C', target, '--strip-components=1'], { cwd: nodesDir });
	const manifest = JSON.parse(readFileSync(join(target, 'package.json'), 'utf8')) as { version: string };
	writeFileSync(
		join(nodesDir, 'package.json'),
		JSON.stringify({ name: 'installed-nodes', private: true, dependencies: { [PACKAGE_NAME]: manifest.version } }, null, 2) + '\n',
	);
	return target;
}

export function n8nEnv(options: { userFolder: string; port: number; brokerPort: number; node24: boolean; extra?: NodeJS.ProcessEnv }): NodeJS.ProcessEnv {
	const env = cleanNpmEnv();
	// Jest's own variables would switch n8n into its test behaviour.
	for (const key of Object.keys(env)) if (key.startsWith('JEST_') || key === 'NODE_OPTIONS') delete env[key];
	return {
		...env,
		NODE_ENV: 'production',
		N8N_USER_FOLDER: options.userFolder,
		N8N_ENCRYPTION_KEY: ENCRYPTION_KEY,
		N8N_LISTEN_ADDRESS: '127.0.0.1',
		N8N_PORT: String(options.port),
		N8N_HOST: '127.0.0.1',
		N8N_PROTOCOL: 'http',
		N8N_EDITOR_BASE_URL: `http://127.0.0.1:${options.port}/`,
		// Public webhook base (what the trigger registers with Meta); renamed in the 2.4x line.
		...(options.node24 ? { N8N_WEBHOOK_URL: `http://127.0.0.1:${options.port}/` } : { WEBHOOK_URL: `http://127.0.0.1:${options.port}/` }),
		N8N_SECURE_COOKIE: 'false',
		N8N_DIAGNOSTICS_ENABLED: 'false',
		N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
		N8N_PERSONALIZATION_ENABLED: 'false',
		N8N_TEMPLATES_ENABLED: 'false',
		N8N_HIRING_BANNER_ENABLED: 'false',
		N8N_COMMUNITY_PACKAGES_ENABLED: 'true',
		N8N_UNVERIFIED_PACKAGES_ENABLED: 'true',
		N8N_REINSTALL_MISSING_PACKAGES: 'false',
		// Each instance needs its own task-runner broker port (default 5679 collides).
		N8N_RUNNERS_BROKER_PORT: String(options.brokerPort),
		N8N_RUNNERS_BROKER_LISTEN_ADDRESS: '127.0.0.1',
		N8N_LOG_LEVEL: 'info',
		N8N_LOG_OUTPUT: 'console',
		DB_SQLITE_POOL_SIZE: '2',
		GENERIC_TIMEZONE: 'UTC',
		TZ: 'UTC',
		...options.extra,
	};
}

function authCookie(response: Response): string | undefined {
	const cookies = response.headers.getSetCookie?.() ?? [];
	const auth = cookies.find((cookie) => cookie.startsWith('n8n-auth='));
	return auth?.split(';')[0];
}

export async function startN8n(options: StartN8nOptions = {}): Promise<N8nHandle> {
	const version = options.version ?? DEFAULT_N8N_VERSION;
	const owner = options.owner ?? OWNER;
	const [install, packed] = await Promise.all([ensureN8n(version), packPackage()]);

	const temporary = !options.userFolder;
	const userFolder = options.userFolder ?? mkdtempSync(join(tmpdir(), 'wabp-n8n-e2e-'));
	mkdirSync(userFolder, { recursive: true });
	await installPackageInto(userFolder, packed.tarball);

	if (options.port && !(await portIsFree(options.port))) {
		// Otherwise the readiness probe could find some other n8n on that port and "succeed".
		throw new Error(`port ${options.port} is in use (another n8n or demo still running?); pick another one`);
	}
	const port = options.port ?? (await freePort());
	const brokerPort = await freePort();
	const baseUrl = `http://127.0.0.1:${port}`;
	const logDir = join(REPO_ROOT, 'node_modules', '.cache', 'wabp', 'e2e', 'logs');
	mkdirSync(logDir, { recursive: true });
	const logFile = join(logDir, `n8n-${version}-${port}-${new Date().toISOString().replace(/[:.]/g, '-')}.log`);
	const logStream = createWriteStream(logFile);
	let logText = '';

	const started = Date.now();
	// WABP_N8N_NODE_ARGS: Node options that NODE_OPTIONS refuses, e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof"
	// to profile n8n during a benchmark (the profile is written when n8n exits).
	const nodeArgs = (process.env.WABP_N8N_NODE_ARGS ?? '').split(/\s+/).filter(Boolean);
	const child: ChildProcess = spawn(install.nodeBin, [...nodeArgs, install.n8nScript, 'start'], {
		cwd: userFolder,
		env: n8nEnv({ userFolder, port, brokerPort, node24: needsNode24(version), extra: options.env }),
		stdio: ['ignore', 'pipe', 'pipe'],
		detached: false,
	});
	const onOutput = (chunk: Buffer) => {
		logText += chunk.toString();
		logStream.write(chunk);
	};
	// Never leave an orphaned n8n behind when this process ends without calling stop().
	const killOnExit = () => child.kill('SIGKILL');
	process.once('exit', killOnExit);
	child.stdout?.on('data', onOutput);
	child.stderr?.on('data', onOutput);
	let exited: number | null | undefined;
	const exitPromise = new Promise<void>((resolve) => {
		child.on('exit', (code, signal) => {
			exited = code ?? (signal ? -1 : 0);
			process.removeListener('exit', killOnExit);
			resolve();
		});
	});

	let stopped = false;
	const stop = async (): Promise<void> => {
		if (stopped) return;
		stopped = true;
		if (exited === undefined) {
			child.kill('SIGTERM');
			const killer = setTimeout(() => child.kill('SIGKILL'), 15_000);
			await exitPromise;
			clearTimeout(killer);
		}
		await new Promise<void>((resolve) => logStream.end(resolve));
		if (temporary && process.env.WABP_E2E_KEEP !== '1') rmSync(userFolder, { recursive: true, force: true });
	};

	const fail = async (message: string): Promise<never> => {
		await stop();
		const tail = logText.split('\n').slice(-60).join('\n');
		throw new Error(`${message}\nn8n ${version} log: ${logFile}\n--- last lines ---\n${tail}`);
	};

	// 1. Wait for readiness (database migrated, server listening).
	// WABP_N8N_READY_TIMEOUT_MS: more time on a crowded machine (n8n 2.8 took over 180 s at load 24 on 2 cores).
	const readyTimeout = options.readyTimeoutMs ?? Number(process.env.WABP_N8N_READY_TIMEOUT_MS || 180_000);
	for (;;) {
		if (exited !== undefined) return await fail(`n8n ${version} exited with code ${exited} before it was ready`);
		if (Date.now() - started > readyTimeout) return await fail(`n8n ${version} was not ready after ${readyTimeout} ms`);
		// Readiness turns ok once the database is migrated; the REST routes come a moment later.
		const ready = await fetch(`${baseUrl}/healthz/readiness`).then((r) => r.ok, () => false);
		const rest = ready && (await fetch(`${baseUrl}/rest/settings`).then((r) => r.ok, () => false));
		if (rest) break;
		await delay(250);
	}
	const startMs = Date.now() - started;

	const restRaw = async (path: string, body: unknown, cookie = ''): Promise<Response> =>
		await fetch(`${baseUrl}/rest${path}`, {
			method: 'POST',
			headers: { 'content-type': 'application/json', 'browser-id': BROWSER_ID, ...(cookie ? { cookie } : {}) },
			body: JSON.stringify(body),
		});

	// 2. Owner (or a login, when a persistent folder already has one), then an API key.
	let cookie = '';
	let apiKey = '';
	try {
		const setup = await restRaw('/owner/setup', owner);
		if (setup.ok) {
			cookie = authCookie(setup) ?? '';
		} else {
			const login = await restRaw('/login', { emailOrLdapLoginId: owner.email, password: owner.password });
			if (!login.ok) {
				return await fail(`owner setup failed (${setup.status}: ${(await setup.text()).slice(0, 300)}) and login failed (${login.status})`);
			}
			cookie = authCookie(login) ?? '';
		}
		if (!cookie) return await fail('owner setup/login returned no n8n-auth cookie');
		// n8n 2.8 without a licence grants all of the owner's scopes whatever is asked; 2.41
		// grants exactly the ones asked. Ask for every scope the owner may give a key.
		const scopesResponse = await fetch(`${baseUrl}/rest/api-keys/scopes`, { headers: { 'browser-id': BROWSER_ID, cookie } });
		const scopes = ((await scopesResponse.json().catch(() => ({}))) as { data?: string[] }).data ?? [];
		if (!scopesResponse.ok || !scopes.length) return await fail(`GET /rest/api-keys/scopes -> ${scopesResponse.status}: no scopes`);
		const keyResponse = await restRaw('/api-keys', { label: `wabp-e2e-${Date.now()}`, scopes, expiresAt: null }, cookie);
		const keyBody = (await keyResponse.json().catch(() => ({}))) as { data?: { rawApiKey?: string } };
		apiKey = keyBody.data?.rawApiKey ?? '';
		if (!keyResponse.ok || !apiKey) return await fail(`POST /rest/api-keys -> ${keyResponse.status}: no rawApiKey`);
	} catch (error) {
		if (stopped) throw error;
		return await fail(`n8n ${version} setup failed: ${(error as Error).message}`);
	}

	const info: N8nConnectionInfo = {
		version,
		baseUrl,
		port,
		apiKey,
		cookie,
		userFolder,
		logFile,
		startMs,
		pid: child.pid,
		webhookBaseUrl: options.webhookBaseUrl ?? baseUrl,
		mode: options.mode ?? 'regular',
	};
	const client = connectN8n(info, () => logText);

	// 3. The package must be registered, and nothing may have failed while loading it.
	if (options.expectPackage !== false) {
		const errors = loadErrorLines(logText);
		if (errors.length) return await fail(`n8n ${version} reported package load errors:\n${errors.join('\n')}`);
		// n8n serves /types/*.json from files it writes after it answers /rest/settings; on a restart
		// after a crash (the campaign kill test) that took long enough to answer 404 once: ask again.
		let types: { nodes: string[]; credentials: string[] } | undefined;
		for (let attempt = 0; !types; attempt++) {
			try {
				types = await client.registeredTypes();
			} catch (error) {
				if (attempt >= 30) return await fail((error as Error).message);
				await new Promise((resolve) => setTimeout(resolve, 2000));
			}
		}
		const missing: string[] = [TYPES.action, TYPES.trigger, TYPES.router].filter((type) => !types.nodes.includes(type));
		if (!types.credentials.includes(TYPES.credential)) missing.push(TYPES.credential);
		if (missing.length) return await fail(`n8n ${version} did not register: ${missing.join(', ')}`);
	}

	return { ...client, install, info: () => info, stop };
}
