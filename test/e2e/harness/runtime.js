'use strict';
// Where the real n8n lives: scripts/ensure-runtime.sh installs Node 24 and n8n (once, cached
// outside the repository, under a lock) and prints the cache folder. This module calls it and
// turns the folder into the paths the harness spawns.

const { spawn } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const REPO_ROOT = path.resolve(__dirname, '..', '..', '..');
const ENSURE_SCRIPT = path.join(REPO_ROOT, 'scripts', 'ensure-runtime.sh');
const DEFAULT_N8N_VERSION = '2.40.7';
const NODE_MAJOR = '24';

const memo = new Map();

function defaultN8nVersion() {
	return process.env.N8N_VERSION || DEFAULT_N8N_VERSION;
}

function runEnsureScript(n8nVersion) {
	return new Promise((resolve, reject) => {
		const child = spawn('bash', [ENSURE_SCRIPT], {
			cwd: REPO_ROOT,
			env: { ...process.env, N8N_VERSION: n8nVersion, NODE_MAJOR },
			stdio: ['ignore', 'pipe', 'pipe'],
		});
		let stdout = '';
		let stderr = '';
		child.stdout.on('data', (chunk) => (stdout += chunk));
		child.stderr.on('data', (chunk) => {
			stderr += chunk;
			// Installing takes minutes the first time: show progress instead of looking stuck.
			if (process.env.HARNESS_QUIET !== '1') process.stderr.write(chunk);
		});
		child.on('error', reject);
		child.on('close', (code) => {
			if (code !== 0) {
				reject(new Error(`scripts/ensure-runtime.sh failed with exit code ${code}:\n${stderr.slice(-4000)}`));
				return;
			}
			const lines = stdout.trim().split('\n').filter(Boolean);
			resolve(lines[lines.length - 1]);
		});
	});
}

/**
 * Makes sure Node 24 and the requested n8n are installed and returns where they are:
 * `{ cacheDir, nodeBin, nodeBinDir, n8nBin, n8nDir, n8nVersion }`. `n8nBin` is n8n's bin script;
 * run it with `nodeBin` (and `nodeBinDir` first on PATH, so n8n's own children get Node 24 too).
 */
function ensureRuntime({ n8nVersion } = {}) {
	const version = n8nVersion || defaultN8nVersion();
	if (!memo.has(version)) {
		const pending = runEnsureScript(version).then((cacheDir) => {
			const nodeBinDir = path.join(cacheDir, `node${NODE_MAJOR}`, 'node_modules', 'node', 'bin');
			const n8nDir = path.join(cacheDir, `n8n-${version}`, 'node_modules', 'n8n');
			const runtime = {
				cacheDir,
				nodeBin: path.join(nodeBinDir, 'node'),
				nodeBinDir,
				n8nDir,
				n8nBin: path.join(n8nDir, 'bin', 'n8n'),
				n8nVersion: version,
			};
			for (const file of [runtime.nodeBin, runtime.n8nBin]) {
				if (!fs.existsSync(file)) throw new Error(`ensure-runtime.sh finished but ${file} is missing`);
			}
			return runtime;
		});
		pending.catch(() => memo.delete(version));
		memo.set(version, pending);
	}
	return memo.get(version);
}

module.exports = { ensureRuntime, DEFAULT_N8N_VERSION, REPO_ROOT };
