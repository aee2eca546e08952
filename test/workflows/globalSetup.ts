/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-dangerous-functions -- test code runs in Node, not inside n8n */
/**
 * Compiles the package into a private folder for this test run, so engine tests always run the
 * current sources and never race a concurrent `npm run build` that empties dist/.
 */
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';

export default async function globalSetup(): Promise<void> {
	const root = resolve(__dirname, '..', '..');
	// Inside the repository so compiled files resolve n8n-workflow from its node_modules, and under
	// node_modules so that `eslint .` never lints the generated JavaScript.
	const packageDir = join(root, 'node_modules', '.cache', 'wabp', `engine-package-${process.pid}`);
	rmSync(packageDir, { recursive: true, force: true });
	mkdirSync(packageDir, { recursive: true });
	execFileSync(
		process.execPath,
		[join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', join(root, 'tsconfig.json'), '--outDir', join(packageDir, 'dist'), '--incremental', 'false', '--declaration', 'false', '--sourceMap', 'false'],
		{ stdio: 'inherit' },
	);
	copyFileSync(join(root, 'package.json'), join(packageDir, 'package.json'));
	process.env.WABP_ENGINE_PACKAGE_DIR = packageDir;
}
