'use strict';
// The package.json rules of `npm run lint` are live: a copy of a published package's package.json
// (packages/n8n-nodes-trint) with one thing n8n forbids in a community package (a runtime
// dependency, an install-time script, a name outside the n8n-nodes-* convention) makes the same
// `n8n-node lint` that `npm run lint` runs per package fail, naming the rule. Each copy sits in
// its own project folder with the repository's eslint.config.mjs and node_modules, because
// `n8n-node lint` lints the package in the current folder.
const { spawn } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

// Four full lints run at once; on a busy machine that can take minutes.
jest.setTimeout(10 * 60 * 1000);

const ROOT = path.resolve(__dirname, '../..');
const PACKAGE = JSON.parse(fs.readFileSync(path.join(ROOT, 'packages', 'n8n-nodes-trint', 'package.json'), 'utf8'));
const ROOT_PACKAGE = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
const N8N_NODE = path.join(ROOT, 'node_modules', '.bin', 'n8n-node');

const VARIANTS = {
	control: (pkg) => pkg,
	runtimeDependency: (pkg) => ({ ...pkg, dependencies: { axios: '^1.7.0' } }),
	postinstall: (pkg) => ({ ...pkg, scripts: { ...pkg.scripts, postinstall: 'node ./setup.js' } }),
	wrongName: (pkg) => ({ ...pkg, name: 'trint-trustnxt-nodes' }),
};

const tempDirs = [];
const results = {};

function lintProject(name, pkg) {
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), `package-rules-${name}-`));
	tempDirs.push(dir);
	fs.writeFileSync(path.join(dir, 'package.json'), `${JSON.stringify(pkg, null, 2)}\n`);
	fs.copyFileSync(path.join(ROOT, 'eslint.config.mjs'), path.join(dir, 'eslint.config.mjs'));
	fs.symlinkSync(path.join(ROOT, 'node_modules'), path.join(dir, 'node_modules'), 'dir');
	return new Promise((resolve, reject) => {
		const child = spawn(N8N_NODE, ['lint'], { cwd: dir, env: { ...process.env, NO_COLOR: '1' } });
		let output = '';
		child.stdout.on('data', (chunk) => (output += chunk));
		child.stderr.on('data', (chunk) => (output += chunk));
		child.on('error', reject);
		// n8n-node lint forces colour on eslint; the rule names are read from plain text.
		child.on('close', (code) => resolve({ code, output: output.replace(/\x1b\[[0-9;]*m/g, '') }));
	});
}

/** The rule ids eslint reported for package.json, e.g. "@n8n/community-nodes/no-runtime-dependencies". */
function rulesReported(output) {
	return new Set([...output.matchAll(/^\s+\d+:\d+\s+(?:error|warning)\s+.*?\s((?:@n8n\/community-nodes|n8n-nodes-base)\/[a-z0-9-]+)\s*$/gm)].map((m) => m[1]));
}

beforeAll(async () => {
	// All copies are linted at once: each run is mostly process start-up.
	const entries = await Promise.all(Object.entries(VARIANTS).map(async ([name, mutate]) => [name, await lintProject(name, mutate(structuredClone(PACKAGE)))]));
	for (const [name, result] of entries) results[name] = { ...result, rules: rulesReported(result.output) };
});

afterAll(() => {
	for (const dir of tempDirs) fs.rmSync(dir, { recursive: true, force: true });
});

test('npm run lint runs n8n-node lint per package, so the copies run the same lint', () => {
	expect(ROOT_PACKAGE.scripts.lint).toBe('node scripts/lint-packages.js');
	expect(fs.readFileSync(path.join(ROOT, 'scripts', 'lint-packages.js'), 'utf8')).toMatch(/'n8n-node'[\s\S]*\['lint'\]/);
	expect(results.control.output).toContain('n8n-node lint');
	expect(results.control.output).not.toMatch(/Strict mode violation/);
});

test.each([
	['runtimeDependency', 'a runtime "dependencies" block', '@n8n/community-nodes/no-runtime-dependencies'],
	['postinstall', 'a postinstall script', '@n8n/community-nodes/no-forbidden-lifecycle-scripts'],
	['wrongName', 'a name outside n8n-nodes-*', '@n8n/community-nodes/package-name-convention'],
])('%s: %s fails lint with %s', (variant, _what, rule) => {
	const { code, output, rules } = results[variant];
	expect(results.control.rules.has(rule)).toBe(false);
	expect(code).not.toBe(0);
	expect(rules.has(rule)).toBe(true);
	expect(output).toContain(`${path.sep}package.json`);
});
