#!/usr/bin/env node
'use strict';
// Makes sure the dev toolchain (TypeScript, eslint, jest, n8n's lint and scanner, the C2PA oracles)
// is installed from the lockfile before `npm start` or `npm test` use it. A fresh clone has no
// node_modules; an older checkout may have one from a different lockfile. Uses only Node's own
// modules, because nothing else exists yet when it runs.
const { spawnSync } = require('node:child_process');
const crypto = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const lockfile = path.join(root, 'package-lock.json');
const stamp = path.join(root, 'node_modules', '.toolchain-lock-sha256');

function lockHash() {
	return crypto.createHash('sha256').update(fs.readFileSync(lockfile)).digest('hex');
}

// The binaries the scripts call; if one is missing the install is not usable whatever the stamp says.
const REQUIRED_BINS = ['tsc', 'jest', 'gulp', 'eslint', 'n8n-node'];

function installed() {
	if (!fs.existsSync(stamp) || fs.readFileSync(stamp, 'utf8').trim() !== lockHash()) return false;
	return REQUIRED_BINS.every((bin) => fs.existsSync(path.join(root, 'node_modules', '.bin', bin)));
}

if (installed()) process.exit(0);

// A node_modules that is a link to another checkout's is not this script's to replace: `npm ci`
// would empty the folder it points at.
const modules = path.join(root, 'node_modules');
if (fs.existsSync(modules) && fs.lstatSync(modules).isSymbolicLink()) {
	console.error('[ensure-toolchain] node_modules is a link to another folder; not reinstalling through it. Run `npm ci` where it points, or replace the link with a real install.');
	process.exit(1);
}

console.error('[ensure-toolchain] installing the dev toolchain from package-lock.json (npm ci, about a minute on first run)');
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const result = spawnSync(npm, ['ci', '--no-audit', '--no-fund', '--loglevel=error'], { cwd: root, stdio: 'inherit' });
if (result.status !== 0) {
	console.error('[ensure-toolchain] ERROR: `npm ci` failed. Check that the npm registry is reachable (npm ping) and run the command again.');
	process.exit(result.status || 1);
}
const missing = REQUIRED_BINS.filter((bin) => !fs.existsSync(path.join(root, 'node_modules', '.bin', bin)));
if (missing.length) {
	console.error(`[ensure-toolchain] ERROR: npm ci finished but ${missing.join(', ')} is missing from node_modules/.bin. Delete node_modules and run the command again.`);
	process.exit(1);
}
fs.writeFileSync(stamp, `${lockHash()}\n`);
