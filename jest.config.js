// Two projects: `unit` runs against mock servers in-process; `e2e` drives a real n8n and must run
// serially (one n8n at a time on a 2-core machine).
module.exports = {
	projects: [
		{ displayName: 'unit', testEnvironment: 'node', testMatch: ['<rootDir>/test/unit/**/*.test.js'] },
		{ displayName: 'e2e', testEnvironment: 'node', testMatch: ['<rootDir>/test/e2e/**/*.test.js'] },
	],
};
