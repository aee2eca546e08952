/** Three layers, one runner: `jest --selectProjects <name>` picks one. */
const tsJest = ['ts-jest', { tsconfig: 'tsconfig.test.json', isolatedModules: true }];
const common = { testEnvironment: 'node', transform: { '^.+\\.ts$': tsJest } };

module.exports = {
	projects: [
		{ ...common, displayName: 'unit', testMatch: ['<rootDir>/test/unit/**/*.test.ts', '<rootDir>/test/simulator/**/*.test.ts'] },
		{ ...common, displayName: 'workflows', testMatch: ['<rootDir>/test/workflows/**/*.test.ts'] },
		{ ...common, displayName: 'e2e', testMatch: ['<rootDir>/test/e2e/**/*.test.ts'], testTimeout: 180000 },
	],
};
