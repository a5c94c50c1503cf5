'use strict';
// The two GitHub workflows are valid YAML and do what n8n's release flow and the README promise:
// publish.yml, on a version tag, mints an OIDC token (id-token: write), sets up the npm registry,
// runs lint → build → scan → test, then `npm publish --provenance` in the folder of each package
// (both of them, nothing else); ci.yml runs the README's test command on pushes and pull requests.
// (js-yaml comes with eslint and jest.)
const fs = require('node:fs');
const path = require('node:path');
const yaml = require('js-yaml');
const { packageFolders } = require('../../scripts/build-packages');

const ROOT = path.resolve(__dirname, '../..');
const PACKAGE = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
const load = (name) => yaml.load(fs.readFileSync(path.join(ROOT, '.github/workflows', name), 'utf8'));
const publish = load('publish.yml');
const job = publish.jobs.publish;
const runs = job.steps.filter((step) => step.run).map((step) => step.run.trim());
const PACKAGE_DIRS = packageFolders().map((folder) => path.relative(ROOT, folder).split(path.sep).join('/'));

test('there are two packages: n8n-nodes-trint and n8n-nodes-trustnxt', () => {
	expect(PACKAGE_DIRS.sort()).toEqual(['packages/n8n-nodes-trint', 'packages/n8n-nodes-trustnxt']);
});

test('publish triggers on version tags only', () => {
	expect(Object.keys(publish.on)).toEqual(['push']);
	expect(publish.on.push.branches).toBeUndefined();
	expect(publish.on.push.tags).toEqual(['*.*.*']);
});

test('publish can mint the OIDC token provenance needs, with read-only contents', () => {
	expect(job.permissions).toEqual({ 'id-token': 'write', contents: 'read' });
});

test('publish sets up Node with the npm registry and installs from the lockfile', () => {
	const setup = job.steps.find((step) => String(step.uses).startsWith('actions/setup-node@'));
	expect(setup.with['registry-url']).toBe('https://registry.npmjs.org/');
	expect(runs).toContain('npm ci');
});

test('lint, build, scan and test run before the publishes, through existing scripts', () => {
	const order = ['npm ci', 'npm run lint', 'npm run build', 'npm run scan -- --no-build', 'npm test'];
	const positions = order.map((command) => runs.indexOf(command));
	expect(positions.every((position) => position >= 0)).toBe(true);
	expect([...positions].sort((a, b) => a - b)).toEqual(positions);
	for (const script of ['lint', 'build', 'scan', 'test']) expect(PACKAGE.scripts[script]).toEqual(expect.any(String));
	const firstPublish = job.steps.findIndex((step) => /npm publish/.test(step.run ?? ''));
	const testStep = job.steps.findIndex((step) => step.run?.trim() === 'npm test');
	expect(testStep).toBeLessThan(firstPublish);
});

test('publish covers each package, in its own folder, with provenance and public access', () => {
	const publishes = job.steps.filter((step) => /npm publish/.test(step.run ?? ''));
	expect(publishes.map((step) => step['working-directory']).sort()).toEqual(PACKAGE_DIRS.sort());
	for (const step of publishes) {
		expect(step.run.trim()).toBe('npm publish --provenance --access public');
		expect(step.env.NODE_AUTH_TOKEN).toBe('${{ secrets.NPM_TOKEN }}');
	}
});

test('the tag check reads the version of every package', () => {
	const check = job.steps.find((step) => /GITHUB_REF_NAME/.test(step.run ?? ''));
	for (const dir of PACKAGE_DIRS) expect(check.run).toContain(`${dir}/package.json`);
});

test("ci.yml runs the README's test command on pushes and pull requests", () => {
	const ci = load('ci.yml');
	expect(Object.keys(ci.on).sort()).toEqual(['pull_request', 'push']);
	const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
	const testCommand = readme.match(/`(npm (?:run )?test[a-z:-]*)`/)[1];
	const ciRuns = Object.values(ci.jobs).flatMap((ciJob) => ciJob.steps.filter((step) => step.run).map((step) => step.run.trim()));
	expect(ciRuns).toContain(testCommand);
});
