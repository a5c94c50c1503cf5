// Four projects: `unit` runs pure logic and the operation tests against mock servers in-process;
// `engine` runs workflows in-process on n8n-core's own execution engine (test/engine/harness.js);
// `e2e` drives a real n8n (the default version) with both packages installed, two files at a time
// (each has its own n8n on its own ports; much of a real-n8n test is waiting); `compat` runs what
// only other deployments show (n8n 1.x, queue mode with Postgres and Redis, the editor in
// Chromium, MCP clients), also two files at a time. `npm test` runs the first three; CI runs
// `compat` after it.
// Staged package copies (`npm run lint`) and build leftovers are not modules of the tests.
const IGNORED = ['<rootDir>/.tmp/'];

module.exports = {
	projects: [
		{ displayName: 'unit', testEnvironment: 'node', modulePathIgnorePatterns: IGNORED, testMatch: ['<rootDir>/test/unit/**/*.test.js'] },
		{ displayName: 'engine', testEnvironment: 'node', modulePathIgnorePatterns: IGNORED, testMatch: ['<rootDir>/test/engine/**/*.test.js'] },
		{ displayName: 'e2e', testEnvironment: 'node', modulePathIgnorePatterns: IGNORED, testMatch: ['<rootDir>/test/e2e/**/*.test.js'] },
		{ displayName: 'compat', testEnvironment: 'node', modulePathIgnorePatterns: IGNORED, testMatch: ['<rootDir>/test/compat/**/*.test.js'] },
	],
};
