/* eslint-disable @n8n/community-nodes/no-restricted-imports -- test code runs in Node, not inside n8n */
/**
 * The n8n installer of the test harness and the demo: it gives node-gyp the running Node's headers
 * when they are there, and turns a failed install into one line saying what failed and what to do.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { diagnoseInstallFailure, headersDirOf } from '../../e2e/harness/install';

describe('installer', () => {
	it('finds the headers next to a Node binary (<prefix>/include/node/common.gypi), and none where there are none', () => {
		const prefix = mkdtempSync(join(tmpdir(), 'wabp-node-prefix-'));
		mkdirSync(join(prefix, 'bin'));
		expect(headersDirOf(join(prefix, 'bin', 'node'))).toBeUndefined();
		mkdirSync(join(prefix, 'include', 'node'), { recursive: true });
		writeFileSync(join(prefix, 'include', 'node', 'common.gypi'), '{}');
		expect(headersDirOf(join(prefix, 'bin', 'node'))).toBe(prefix);
	});

	it.each([
		['gyp http GET https://nodejs.org/download/release/v20.20.2/node-v20.20.2-headers.tar.gz\ngyp WARN install got an error, rolling back install\ngyp ERR! stack Error: getaddrinfo ENOTFOUND nodejs.org', /Node\.js headers.*libnode-dev.*nodedir/],
		['npm error code ENOTFOUND\nnpm error network request to https://registry.npmjs.org/n8n failed', /registry did not answer/],
		['npm error code ENOSPC\nnpm error syscall write', /disk is full/],
		['gyp ERR! build error\nmake: *** [sqlite3.target.mk:123] Error 1', /did not compile.*build-essential/],
		['npm error code ETARGET\nnpm error notarget No matching version found for @n8n/agents@0.26.2', /version is missing/],
		['something else entirely', /see the end of the log/],
	])('diagnoses %#', (log, expected) => {
		const line = diagnoseInstallFailure(log);
		expect(line).toMatch(expected);
		expect(line).not.toContain('\n');
	});
});
