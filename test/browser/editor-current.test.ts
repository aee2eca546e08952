/* eslint-disable @n8n/community-nodes/no-restricted-globals -- test code runs in Node, not inside n8n */
/** The editor suite (test/browser/panels.ts) on the current n8n line (2.41.1 on Node 24). WABP_E2E_LATEST=0 skips it. */
import { LATEST_N8N_VERSION } from '../e2e/harness';
import { describeEditorPanels } from './panels';

if (process.env.WABP_E2E_LATEST === '0') {
	describe.skip(`editor panels on n8n ${LATEST_N8N_VERSION} (WABP_E2E_LATEST=0)`, () => {
		it('skipped', () => undefined);
	});
} else {
	describeEditorPanels(LATEST_N8N_VERSION);
}
