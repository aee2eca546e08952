/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-dangerous-functions -- test tooling runs in Node, not inside n8n */
/** Small process helpers shared by the installer, the packer and the n8n launcher. */
import { spawn } from 'node:child_process';
import { appendFileSync } from 'node:fs';

export interface RunOptions {
	cwd: string;
	env?: NodeJS.ProcessEnv;
	/** Every line of stdout/stderr is appended here (the command line first). */
	logFile?: string;
	timeoutMs?: number;
}

export interface RunResult {
	code: number;
	stdout: string;
	stderr: string;
	ms: number;
}

/**
 * The environment a child npm should see: ours minus every `npm_config_*` / `npm_package_*`
 * variable that an outer `npm test` / `npm run` exports (the repo's `.npmrc` sets
 * `ignore-scripts=true`, which must not leak into the n8n install in the cache).
 */
const KEPT_NPM_CONFIG = new Set(['cache', 'registry', 'cafile', 'userconfig', 'globalconfig', 'proxy', 'https_proxy', 'noproxy', 'strict_ssl']);

export function cleanNpmEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
	const env: NodeJS.ProcessEnv = {};
	for (const [key, value] of Object.entries(process.env)) {
		const lower = key.toLowerCase();
		// npm_config_local_prefix and friends would even redirect a child `npm install` into the repo.
		if (lower.startsWith('npm_config_') && !KEPT_NPM_CONFIG.has(lower.slice('npm_config_'.length))) continue;
		if (lower.startsWith('npm_package_') || lower.startsWith('npm_lifecycle_')) continue;
		env[key] = value;
	}
	return { ...env, ...extra };
}

export async function run(command: string, args: string[], options: RunOptions): Promise<RunResult> {
	const started = Date.now();
	if (options.logFile) appendFileSync(options.logFile, `\n$ (cd ${options.cwd} && ${command} ${args.join(' ')})\n`);
	return await new Promise<RunResult>((resolve, reject) => {
		const child = spawn(command, args, { cwd: options.cwd, env: options.env ?? process.env, stdio: ['ignore', 'pipe', 'pipe'] });
		let stdout = '';
		let stderr = '';
		const timer = options.timeoutMs
			? setTimeout(() => {
					child.kill('SIGKILL');
					reject(new Error(`${command} ${args.join(' ')} timed out after ${options.timeoutMs} ms`));
				}, options.timeoutMs)
			: undefined;
		child.stdout.on('data', (chunk: Buffer) => {
			stdout += chunk.toString();
			if (options.logFile) appendFileSync(options.logFile, chunk);
		});
		child.stderr.on('data', (chunk: Buffer) => {
			stderr += chunk.toString();
			if (options.logFile) appendFileSync(options.logFile, chunk);
		});
		child.on('error', (error) => {
			if (timer) clearTimeout(timer);
			reject(error);
		});
		child.on('close', (code) => {
			if (timer) clearTimeout(timer);
			resolve({ code: code ?? -1, stdout, stderr, ms: Date.now() - started });
		});
	});
}

/** The last lines of a tool's output without colour codes and spinner frames. */
export function readableTail(output: string, lines: number): string {
	const clean = output
		// eslint-disable-next-line no-control-regex -- stripping terminal escape sequences
		.replace(/\u001b\[[0-9;?]*[A-Za-z]/g, '\n')
		.split(/\r?\n|\r/)
		.filter((line) => line.trim() && !/^[◒◐◓◑]/.test(line.trim()));
	return clean.slice(-lines).join('\n');
}

/** `run`, but a non-zero exit is an error that quotes the tail of the output. */
export async function runOrThrow(command: string, args: string[], options: RunOptions): Promise<RunResult> {
	const result = await run(command, args, options);
	if (result.code !== 0) {
		const tail = readableTail(result.stdout + '\n' + result.stderr, 40);
		throw new Error(
			`\`${command} ${args.join(' ')}\` failed with exit code ${result.code} in ${options.cwd}` +
				(options.logFile ? ` (full log: ${options.logFile})` : '') +
				`\n${tail}`,
		);
	}
	return result;
}

export const delay = async (ms: number): Promise<void> => await new Promise((resolve) => setTimeout(resolve, ms));
