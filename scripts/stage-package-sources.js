#!/usr/bin/env node
'use strict';
// n8n's gates judge a package by its own sources: `n8n-node lint` lints the TypeScript and the
// package.json of the folder it runs in, and the community scanner's source leg does the same.
// The sources of both packages live together at the repository root, so this copies one package's
// part of them (the import closure of its node and credential files, shared code included) beside
// its package.json and n8n's default eslint config into .tmp/stage/<name>, where the gates run.
const fs = require('node:fs');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '..');
const STAGE_ROOT = path.join(ROOT, '.tmp', 'stage');
const IMPORT = /(?:import|export)\s[^;]*?from\s+['"](\.{1,2}\/[^'"]+)['"]/g;

function resolveImport(fromFile, request) {
	const base = path.resolve(path.dirname(fromFile), request);
	for (const candidate of [`${base}.ts`, path.join(base, 'index.ts'), base]) {
		if (fs.existsSync(candidate) && fs.statSync(candidate).isFile()) return candidate;
	}
	throw new Error(`${path.relative(ROOT, fromFile)} imports ${request}, which does not exist`);
}

/** The source files (TypeScript and the JSON/SVG assets beside the nodes) one package is built from. */
function sourceClosure(manifest) {
	const entries = [...manifest.n8n.nodes, ...manifest.n8n.credentials].map((file) => path.join(ROOT, file.replace(/^dist\//, '').replace(/\.js$/, '.ts')));
	const files = new Set();
	const pending = [...entries];
	while (pending.length) {
		const file = pending.pop();
		if (files.has(file)) continue;
		files.add(file);
		if (!file.endsWith('.ts')) continue;
		const code = fs.readFileSync(file, 'utf8');
		for (const [, request] of code.matchAll(IMPORT)) pending.push(resolveImport(file, request));
		for (const [, asset] of code.matchAll(/['"]file:([^'"]+)['"]/g)) files.add(path.resolve(path.dirname(file), asset));
		const codex = file.replace(/\.ts$/, '.json');
		if (file.endsWith('.node.ts') && fs.existsSync(codex)) files.add(codex);
	}
	return [...files].sort();
}

/** Copies one package's sources into .tmp/stage/<name>; returns that folder. */
function stagePackage(packageFolder) {
	const manifest = JSON.parse(fs.readFileSync(path.join(packageFolder, 'package.json'), 'utf8'));
	const stage = path.join(STAGE_ROOT, manifest.name);
	fs.rmSync(stage, { recursive: true, force: true });
	fs.mkdirSync(stage, { recursive: true });
	for (const file of sourceClosure(manifest)) {
		const target = path.join(stage, path.relative(ROOT, file));
		fs.mkdirSync(path.dirname(target), { recursive: true });
		fs.copyFileSync(file, target);
	}
	fs.copyFileSync(path.join(packageFolder, 'package.json'), path.join(stage, 'package.json'));
	fs.copyFileSync(path.join(ROOT, 'eslint.config.mjs'), path.join(stage, 'eslint.config.mjs'));
	const tsconfig = JSON.parse(fs.readFileSync(path.join(ROOT, 'tsconfig.json'), 'utf8'));
	fs.writeFileSync(path.join(stage, 'tsconfig.json'), `${JSON.stringify(tsconfig, null, 2)}\n`);
	// The gates run the repository's toolchain (`npm exec` looks in the nearest node_modules).
	fs.symlinkSync(path.join(ROOT, 'node_modules'), path.join(stage, 'node_modules'), 'dir');
	return stage;
}

module.exports = { stagePackage, sourceClosure, STAGE_ROOT };
