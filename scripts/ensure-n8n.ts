/* eslint-disable @n8n/community-nodes/no-restricted-globals -- dev tooling runs in Node, not inside n8n */
/**
 * Installs the n8n versions the e2e tests use into $WABP_N8N_CACHE (default ~/.cache/wabp-n8n),
 * or confirms they are there. `.ci/run` calls it before `npm test` so the installs (minutes) are
 * timed on their own instead of inside a jest hook.
 *
 *   npx tsx scripts/ensure-n8n.ts             2.8.4 and the current line (unless WABP_E2E_LATEST=0)
 *   npx tsx scripts/ensure-n8n.ts 2.8.4 ...   these versions
 */
import { cacheRoot, DEFAULT_N8N_VERSION, ensureN8n, LATEST_N8N_VERSION } from '../test/e2e/harness/install';

async function main(): Promise<void> {
	const requested = process.argv.slice(2);
	const versions = requested.length ? requested : process.env.WABP_E2E_LATEST === '0' ? [DEFAULT_N8N_VERSION] : [DEFAULT_N8N_VERSION, LATEST_N8N_VERSION];
	process.stdout.write(`n8n cache: ${cacheRoot()}\n`);
	// In parallel: the downloads of one overlap the native builds of the other.
	const results = await Promise.all(
		versions.map(async (version) => {
			const started = Date.now();
			const install = await ensureN8n(version);
			return { version, install, ms: Date.now() - started };
		}),
	);
	for (const { version, install, ms } of results) {
		const how = install.installedNow ? `installed in ${(ms / 1000).toFixed(0)} s` : 'already installed';
		process.stdout.write(`n8n ${version}: ${how} (${install.dir}, node ${install.nodeBin})\n`);
	}
}

main().catch((error: Error) => {
	process.stderr.write(`${error.message}\n`);
	process.exit(1);
});
