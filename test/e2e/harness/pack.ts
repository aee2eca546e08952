/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/require-node-api-error -- test tooling runs in Node, not inside n8n */
/**
 * Builds the package and packs it the way npm would publish it. n8n then gets the tarball's
 * contents, not the working tree: what `files` leaves out is missing in the test too.
 *
 * Packing happens once per source state: the tarball is cached under `node_modules/.cache/wabp/e2e/pack/<hash>/`,
 * keyed by a hash of everything the build reads, so the e2e files, the latest-n8n smoke and the
 * demo of one run share it (jest gives each test file its own module registry and environment,
 * so an in-memory cache would not be shared).
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';

import { cleanNpmEnv, runOrThrow } from './proc';

export const REPO_ROOT = resolve(__dirname, '..', '..', '..');
export const PACKAGE_NAME: string = (JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as { name: string }).name;

/** What `n8n-node build` reads (tsconfig `include` plus icons). */
const BUILD_INPUTS = ['package.json', 'tsconfig.json', 'credentials', 'nodes', 'whatsapp', 'icons'];

export interface PackedPackage {
	tarball: string;
	name: string;
	version: string;
	/** Whether this call built and packed (false: reused). */
	packedNow: boolean;
}

function listFiles(path: string, out: string[]): void {
	if (!existsSync(path)) return;
	if (statSync(path).isDirectory()) {
		for (const entry of readdirSync(path).sort()) listFiles(join(path, entry), out);
	} else {
		out.push(path);
	}
}

/** A hash of the build inputs' paths and contents. */
export function sourceHash(): string {
	const files: string[] = [];
	for (const input of BUILD_INPUTS) listFiles(join(REPO_ROOT, input), files);
	const hash = createHash('sha256');
	for (const file of files) {
		hash.update(relative(REPO_ROOT, file));
		hash.update('\0');
		hash.update(readFileSync(file));
		hash.update('\0');
	}
	return hash.digest('hex').slice(0, 16);
}

let packing: Promise<PackedPackage> | undefined;

/**
 * `npm run build` + `npm pack`, unless a tarball for the current sources exists. Set
 * `WABP_E2E_TARBALL=<file.tgz>` to test a given tarball instead (e.g. one from CI).
 */
export async function packPackage(): Promise<PackedPackage> {
	const pkg = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as { name: string; version: string };
	const given = process.env.WABP_E2E_TARBALL;
	if (given) {
		if (!existsSync(given)) throw new Error(`WABP_E2E_TARBALL=${given} does not exist`);
		return { tarball: given, name: pkg.name, version: pkg.version, packedNow: false };
	}
	packing ??= (async () => {
		const hash = sourceHash();
		const outDir = join(REPO_ROOT, 'node_modules', '.cache', 'wabp', 'e2e', 'pack', hash);
		const record = join(outDir, 'packed.json');
		if (existsSync(record)) {
			const cached = JSON.parse(readFileSync(record, 'utf8')) as PackedPackage;
			if (existsSync(cached.tarball)) return { ...cached, packedNow: false };
		}
		const env = cleanNpmEnv();
		await runOrThrow('npm', ['run', 'build'], { cwd: REPO_ROOT, env, timeoutMs: 10 * 60_000 });
		// Sources edited during the build: use this tarball, but do not file it under the old hash.
		const stable = sourceHash() === hash;
		mkdirSync(outDir, { recursive: true });
		const packed = await runOrThrow('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', outDir], { cwd: REPO_ROOT, env, timeoutMs: 5 * 60_000 });
		const [info] = JSON.parse(packed.stdout) as Array<{ filename: string; name: string; version: string }>;
		const result: PackedPackage = { tarball: join(outDir, info.filename), name: info.name, version: info.version, packedNow: true };
		if (stable) writeFileSync(record, JSON.stringify(result, null, 2) + '\n');
		return result;
	})();
	try {
		return await packing;
	} catch (error) {
		packing = undefined;
		throw error;
	}
}
