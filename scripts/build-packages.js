#!/usr/bin/env node
'use strict';
// Lays out each published package in a folder of its own, ready for `npm pack` / `npm publish`:
// packages/<name>/dist holds exactly the compiled files its nodes and credentials need. The
// repository compiles once (tsc → dist/); this script follows the compiled `require` graph from
// each package's n8n entry files, so code both services share (nodes/shared) is copied into each
// package and neither needs the other at run time. Assets come along: the `file:` icons a file
// names, the codex JSON beside each node, and each node's output schemas (__schema__).
//
// Usage: node scripts/build-packages.js   (after tsc and the asset copy; `npm run build` runs all)
const fs = require('node:fs');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '..');
const DIST = path.join(ROOT, 'dist');
const PACKAGES_DIR = path.join(ROOT, 'packages');

/** The package folders: every packages/<name> with a package.json that has an `n8n` section. */
function packageFolders() {
	return fs
		.readdirSync(PACKAGES_DIR, { withFileTypes: true })
		.filter((entry) => entry.isDirectory())
		.map((entry) => path.join(PACKAGES_DIR, entry.name))
		.filter((folder) => fs.existsSync(path.join(folder, 'package.json')))
		.filter((folder) => JSON.parse(fs.readFileSync(path.join(folder, 'package.json'), 'utf8')).n8n);
}

const REQUIRE = /require\(["'](\.{1,2}\/[^"']+)["']\)/g;
const FILE_ASSET = /["']file:([^"']+)["']/g;

function resolveRequire(fromFile, request) {
	const base = path.resolve(path.dirname(fromFile), request);
	for (const candidate of [base, `${base}.js`, `${base}.json`, path.join(base, 'index.js')]) {
		if (fs.existsSync(candidate) && fs.statSync(candidate).isFile()) return candidate;
	}
	throw new Error(`${path.relative(ROOT, fromFile)} requires ${request}, which the build did not produce`);
}

function listFiles(dir) {
	if (!fs.existsSync(dir)) return [];
	return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
		const full = path.join(dir, entry.name);
		return entry.isDirectory() ? listFiles(full) : [full];
	});
}

/** Every file under dist/ that the entry files need at run time. */
function closure(entries) {
	const files = new Set();
	const pending = entries.map((entry) => path.join(ROOT, entry));
	while (pending.length) {
		const file = pending.pop();
		if (files.has(file)) continue;
		if (!fs.existsSync(file)) throw new Error(`${path.relative(ROOT, file)} is missing: run tsc before this script`);
		files.add(file);
		if (!file.endsWith('.js')) continue;
		const code = fs.readFileSync(file, 'utf8');
		for (const [, request] of code.matchAll(REQUIRE)) pending.push(resolveRequire(file, request));
		for (const [, asset] of code.matchAll(FILE_ASSET)) {
			const assetPath = path.resolve(path.dirname(file), asset);
			if (!fs.existsSync(assetPath)) throw new Error(`${path.relative(ROOT, file)} names ${asset}, which is not in dist/`);
			files.add(assetPath);
		}
		if (file.endsWith('.node.js')) {
			const codex = file.replace(/\.js$/, '.json');
			if (fs.existsSync(codex)) files.add(codex);
			for (const schema of listFiles(path.join(path.dirname(file), '__schema__'))) files.add(schema);
		}
	}
	return [...files].sort();
}

function buildPackage(folder) {
	const manifest = JSON.parse(fs.readFileSync(path.join(folder, 'package.json'), 'utf8'));
	const entries = [...manifest.n8n.nodes, ...manifest.n8n.credentials];
	const files = closure(entries);
	const target = path.join(folder, 'dist');
	fs.rmSync(target, { recursive: true, force: true });
	for (const file of files) {
		const relative = path.relative(DIST, file);
		if (relative.startsWith('..')) throw new Error(`${file} is outside dist/`);
		fs.mkdirSync(path.dirname(path.join(target, relative)), { recursive: true });
		fs.copyFileSync(file, path.join(target, relative));
	}
	return { name: manifest.name, files: files.length };
}

if (require.main === module) {
	for (const folder of packageFolders()) {
		const { name, files } = buildPackage(folder);
		console.error(`[build-packages] ${name}: ${files} files in ${path.relative(ROOT, folder)}/dist`);
	}
}

module.exports = { packageFolders, closure, buildPackage, PACKAGES_DIR };
