'use strict';
// The publish workflow is valid YAML with what n8n's release flow needs for a provenance
// publish: a version-tag trigger, an OIDC token (id-token: write), setup-node pointed at the npm
// registry, and lint → build → `npm publish --provenance` in that order, calling scripts that exist.
// (js-yaml comes with eslint and jest.)
const fs = require('node:fs');
const path = require('node:path');
const yaml = require('js-yaml');

const ROOT = path.resolve(__dirname, '../..');
const PACKAGE = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
const workflow = yaml.load(fs.readFileSync(path.join(ROOT, '.github/workflows/publish.yml'), 'utf8'));
const job = workflow.jobs.publish;
const runs = job.steps.filter((step) => step.run).map((step) => step.run.trim());

test('triggers on version tags only', () => {
	expect(Object.keys(workflow.on)).toEqual(['push']);
	expect(workflow.on.push.branches).toBeUndefined();
	expect(workflow.on.push.tags).toEqual(['*.*.*']);
});

test('can mint the OIDC token provenance needs, with read-only contents', () => {
	expect(job.permissions).toEqual({ 'id-token': 'write', contents: 'read' });
});

test('sets up Node with the npm registry and installs from the lockfile', () => {
	const setup = job.steps.find((step) => String(step.uses).startsWith('actions/setup-node@'));
	expect(setup.with['registry-url']).toBe('https://registry.npmjs.org/');
	expect(runs).toContain('npm ci');
});

test('lint, build and scan run before the provenance publish, through existing scripts', () => {
	const order = ['npm ci', 'npm run lint', 'npm run build', 'npm run scan -- --no-build', 'npm publish --provenance --access public'];
	const positions = order.map((command) => runs.indexOf(command));
	expect(positions.every((position) => position >= 0)).toBe(true);
	expect([...positions].sort((a, b) => a - b)).toEqual(positions);
	for (const script of ['lint', 'build', 'scan']) expect(PACKAGE.scripts[script]).toEqual(expect.any(String));
	expect(PACKAGE.scripts.lint).toBe('n8n-node lint');
});
