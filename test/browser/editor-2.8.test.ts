/** The editor suite (test/browser/panels.ts) on the pinned line, n8n 2.8.4 on this machine's Node. */
import { DEFAULT_N8N_VERSION } from '../e2e/harness';
import { describeEditorPanels } from './panels';

describeEditorPanels(DEFAULT_N8N_VERSION);
