/** The real-n8n e2e harness: install, start, drive. See test/e2e/README.md. */
export * from './client';
export * from './graphStub';
export * from './install';
export * from './n8n';
export * from './pack';
export * from './shared';
export * from './workflows';
export * from './scenarios';
export * from './examples';
export * from './slackStub';
