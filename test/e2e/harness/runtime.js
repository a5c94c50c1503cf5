'use strict';
// Where the real n8n lives: scripts/ensure-runtime.sh installs Node 24 and n8n (once, cached
// outside the repository, under a lock) and prints the cache folder. This module calls it and
// turns the folder into the paths the harness spawns.

const { spawn } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const REPO_ROOT = path.resolve(__dirname, '..', '..', '..');
const ENSURE_SCRIPT = path.join(REPO_ROOT, 'scripts', 'ensure-runtime.sh');
// The versions tested live in one place: test/n8n-versions.json.
const N8N_VERSIONS = require('../../n8n-versions.json');
const DEFAULT_N8N_VERSION = N8N_VERSIONS.default;
const NODE_MAJOR = '24';
// n8n 1.x runs on the machine's Node 20 (its engines field stops at 24.x and 1.x is what users on
// Node 20 have); 2.x needs Node 24. Override with HARNESS_NODE_1X=/path/to/node.
const SYSTEM_NODE = process.env.HARNESS_NODE_1X || '/usr/bin/node';

const memo = new Map();

/**
 * The runtime cache folder, as scripts/ensure-runtime.sh chooses it: TRINT_PACK_CACHE, else
 * <XDG cache or ~/.cache>/n8n-nodes-trint-trustnxt. Outside the repository, so nothing the runtime
 * or the sandbox writes is ever linted, packed or committed.
 */
function runtimeCacheDir() {
	if (process.env.TRINT_PACK_CACHE) return path.resolve(process.env.TRINT_PACK_CACHE);
	const base = process.env.XDG_CACHE_HOME || path.join(require('node:os').homedir(), '.cache');
	return path.join(base, 'n8n-nodes-trint-trustnxt');
}

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
 * The cache folder when Node 24 and this n8n are already installed there (both marked complete,
 * as ensure-runtime.sh marks them after checking them); otherwise runs the script, which installs
 * what is missing. Checked here first because the script takes the cache's lock, which an install
 * elsewhere on the machine (another checkout, another n8n version) may hold for minutes.
 */
async function installedCacheDir(version) {
	const cacheDir = runtimeCacheDir();
	const node24 = path.join(cacheDir, `node${NODE_MAJOR}`);
	const ready = [path.join(node24, '.complete'), path.join(node24, 'node_modules', 'node', 'bin', 'node'), path.join(cacheDir, `n8n-${version}`, '.complete')];
	if (ready.every((file) => fs.existsSync(file))) return cacheDir;
	return runEnsureScript(version);
}

/**
 * Makes sure Node 24 and the requested n8n are installed and returns where they are:
 * `{ cacheDir, nodeBin, nodeBinDir, n8nBin, n8nDir, n8nVersion, sqliteNodeBin }`. `n8nBin` is n8n's
 * bin script; run it with `nodeBin` (and `nodeBinDir` first on PATH, so n8n's own children get the
 * same Node). `nodeBin` is Node 24 for n8n 2.x and the system Node 20 for n8n 1.x;
 * `sqliteNodeBin` is always Node 24 (node:sqlite, for reading the database).
 */
function ensureRuntime({ n8nVersion } = {}) {
	const version = n8nVersion || defaultN8nVersion();
	if (!memo.has(version)) {
		const pending = installedCacheDir(version).then((cacheDir) => {
			const node24BinDir = path.join(cacheDir, `node${NODE_MAJOR}`, 'node_modules', 'node', 'bin');
			const major = Number(version.split('.')[0]);
			const nodeBinDir = major < 2 ? path.dirname(SYSTEM_NODE) : node24BinDir;
			const n8nDir = path.join(cacheDir, `n8n-${version}`, 'node_modules', 'n8n');
			const runtime = {
				cacheDir,
				nodeBin: major < 2 ? SYSTEM_NODE : path.join(node24BinDir, 'node'),
				nodeBinDir,
				sqliteNodeBin: path.join(node24BinDir, 'node'),
				n8nDir,
				n8nBin: path.join(n8nDir, 'bin', 'n8n'),
				n8nVersion: version,
			};
			for (const file of [runtime.nodeBin, runtime.sqliteNodeBin, runtime.n8nBin]) {
				if (!fs.existsSync(file)) throw new Error(`ensure-runtime.sh finished but ${file} is missing`);
			}
			return runtime;
		});
		pending.catch(() => memo.delete(version));
		memo.set(version, pending);
	}
	return memo.get(version);
}

module.exports = { ensureRuntime, runtimeCacheDir, DEFAULT_N8N_VERSION, REPO_ROOT };
