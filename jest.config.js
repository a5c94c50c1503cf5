// Three projects: `unit` runs pure logic and the operation tests against mock servers in-process;
// `engine` runs workflows in-process on n8n-core's own execution engine (test/engine/harness.js);
// `e2e` drives a real n8n and must run serially (one n8n at a time on a 2-core machine).
module.exports = {
	projects: [
		{ displayName: 'unit', testEnvironment: 'node', testMatch: ['<rootDir>/test/unit/**/*.test.js'] },
		{ displayName: 'engine', testEnvironment: 'node', testMatch: ['<rootDir>/test/engine/**/*.test.js'] },
		{ displayName: 'e2e', testEnvironment: 'node', testMatch: ['<rootDir>/test/e2e/**/*.test.js'] },
	],
};
