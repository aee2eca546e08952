/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals -- test code runs in Node, not inside n8n */
import { rmSync } from 'node:fs';

export default async function globalTeardown(): Promise<void> {
	const packageDir = process.env.WABP_ENGINE_PACKAGE_DIR;
	if (packageDir) rmSync(packageDir, { recursive: true, force: true });
}
