/** Three layers, one runner: `jest --selectProjects <name>` picks one. */
const tsJest = ['ts-jest', { tsconfig: 'tsconfig.test.json' }];
// dist/package.json is the built copy of package.json; jest must not see two packages of one name.
const common = {
	testEnvironment: 'node',
	transform: { '^.+\\.ts$': tsJest },
	modulePathIgnorePatterns: ['<rootDir>/dist/package.json'],
	// Engine runs take ~50 ms alone but seconds when other n8n instances load the 2 cores; a
	// timeout is not what these tests assert.
	testTimeout: 30_000,
};

module.exports = {
	// n8n-core leaves keep-alive sockets and service timers open after an engine run; they are not
	// ours to close, and without this jest waits on them after the last test.
	forceExit: true,
	projects: [
		{ ...common, displayName: 'unit', testMatch: ['<rootDir>/test/unit/**/*.test.ts', '<rootDir>/test/simulator/**/*.test.ts'] },
		{
			...common,
			displayName: 'workflows',
			testMatch: ['<rootDir>/test/workflows/**/*.test.ts'],
			globalSetup: '<rootDir>/test/workflows/globalSetup.ts',
			globalTeardown: '<rootDir>/test/workflows/globalTeardown.ts',
		},
		{
			...common,
			displayName: 'e2e',
			testMatch: ['<rootDir>/test/e2e/**/*.test.ts'],
			testPathIgnorePatterns: ['/node_modules/', '<rootDir>/test/e2e/queue/'],
			// One n8n for every e2e file: started once here, shared through a state file.
			globalSetup: '<rootDir>/test/e2e/globalSetup.ts',
			globalTeardown: '<rootDir>/test/e2e/globalTeardown.ts',
		},
		{
			...common,
			// n8n's queue mode (PostgreSQL, Redis, a webhook processor, two workers): the queue-only
			// proofs in test/e2e/queue/, and the workflow templates in both modes (the other regular e2e
			// files run in the e2e project above only).
			displayName: 'e2e-queue',
			testMatch: ['<rootDir>/test/e2e/queue/**/*.test.ts', '<rootDir>/test/e2e/templates.test.ts'],
			globalSetup: '<rootDir>/test/e2e/queue/globalSetup.ts',
			globalTeardown: '<rootDir>/test/e2e/queue/globalTeardown.ts',
		},
		// n8n's editor in Debian's Chromium (playwright-core): each file starts its own n8n line.
		{ ...common, displayName: 'browser', testMatch: ['<rootDir>/test/browser/**/*.test.ts'] },
	],
};
