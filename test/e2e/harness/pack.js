'use strict';
// Packs each published package (packages/<name>) the way it is published (`npm pack` in its
// folder), so e2e tests install exactly what users download. Built and packed once per process;
// each tarball is also kept in os.tmpdir() under a hash of its folder's files (package.json,
// README, dist/, ...), so every jest file (and the next run, if nothing changed) reuses it.

const { spawn } = require('node:child_process');
const crypto = require('node:crypto');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { REPO_ROOT } = require('./runtime');
const { packageFolders } = require('../../../scripts/build-packages');

const CACHE_ROOT = path.join(os.tmpdir(), 'n8n-nodes-trint-trustnxt-packs');
const KEEP_TARBALLS = 8;

let memo;

function run(command, args, { cwd = REPO_ROOT } = {}) {
	return new Promise((resolve, reject) => {
		const child = spawn(command, args, { cwd, env: process.env, stdio: ['ignore', 'pipe', 'pipe'] });
		let stdout = '';
		let stderr = '';
		child.stdout.on('data', (chunk) => (stdout += chunk));
		child.stderr.on('data', (chunk) => (stderr += chunk));
		child.on('error', reject);
		child.on('close', (code) => {
			if (code === 0) resolve({ stdout, stderr });
			else reject(new Error(`${command} ${args.join(' ')} failed (exit ${code}):\n${(stdout + stderr).slice(-6000)}`));
		});
	});
}

function listFiles(dir, base = dir) {
	const out = [];
	for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
		const full = path.join(dir, entry.name);
		if (entry.isDirectory()) out.push(...listFiles(full, base));
		else if (entry.isFile()) out.push(path.relative(base, full));
	}
	return out.sort();
}

/** A hash of everything in a package folder that ends up in its tarball. */
function contentHash(folder) {
	const dist = path.join(folder, 'dist');
	if (!fs.existsSync(dist)) throw new Error(`${dist} does not exist: run \`npm run build\` (or unset PACK_SKIP_BUILD)`);
	const hash = crypto.createHash('sha256');
	for (const file of listFiles(folder)) {
		hash.update(`\0${file}\0`);
		hash.update(fs.readFileSync(path.join(folder, file)));
	}
	return hash.digest('hex').slice(0, 20);
}

function isAlive(pid) {
	try {
		process.kill(pid, 0);
		return true;
	} catch (error) {
		return error.code === 'EPERM';
	}
}

/**
 * A cross-process lock (other jest processes, other developers on the same checkout): building
 * runs `rm -rf dist`, which must not happen while someone else packs.
 */
async function withLock(name, fn) {
	fs.mkdirSync(CACHE_ROOT, { recursive: true });
	const lockFile = path.join(CACHE_ROOT, `${name}.lock`);
	const deadline = Date.now() + 10 * 60 * 1000;
	for (;;) {
		try {
			fs.writeFileSync(lockFile, String(process.pid), { flag: 'wx' });
			break;
		} catch (error) {
			if (error.code !== 'EEXIST') throw error;
			const holder = Number(fs.readFileSync(lockFile, 'utf8').trim() || 0);
			if (holder && !isAlive(holder)) {
				fs.rmSync(lockFile, { force: true });
				continue;
			}
			if (Date.now() > deadline) throw new Error(`timed out waiting for ${lockFile} (held by pid ${holder})`);
			await new Promise((resolve) => setTimeout(resolve, 250));
		}
	}
	try {
		return await fn();
	} finally {
		fs.rmSync(lockFile, { force: true });
	}
}

/**
 * A marker that this OS process has already built, shared by all jest files it runs. Test runs
 * with several jest workers must build before they start and set PACK_SKIP_BUILD=1 (the npm
 * scripts do): each worker is a process of its own, and one rebuilding dist/ while another's test
 * reads it would pull the files from under it.
 */
function builtMarker() {
	const startedAt = Math.round((Date.now() - process.uptime() * 1000) / 1000);
	return path.join(CACHE_ROOT, `built-${process.pid}-${startedAt}`);
}

function pruneOldTarballs() {
	try {
		const dirs = fs
			.readdirSync(CACHE_ROOT, { withFileTypes: true })
			.filter((entry) => entry.isDirectory() && /^[0-9a-f]{20}$/.test(entry.name))
			.map((entry) => ({ dir: path.join(CACHE_ROOT, entry.name), mtime: fs.statSync(path.join(CACHE_ROOT, entry.name)).mtimeMs }))
			.sort((a, b) => b.mtime - a.mtime);
		for (const { dir } of dirs.slice(KEEP_TARBALLS)) fs.rmSync(dir, { recursive: true, force: true });
		for (const entry of fs.readdirSync(CACHE_ROOT)) {
			const match = /^built-(\d+)-/.exec(entry);
			if (match && !isAlive(Number(match[1]))) fs.rmSync(path.join(CACHE_ROOT, entry), { force: true });
		}
	} catch {
		// Housekeeping only.
	}
}

/** Packs one package folder (cached by content); resolves to the .tgz path. */
async function packFolder(folder) {
	const hash = contentHash(folder);
	const dir = path.join(CACHE_ROOT, hash);
	const existing = fs.existsSync(dir) ? fs.readdirSync(dir).find((name) => name.endsWith('.tgz')) : undefined;
	if (existing) {
		fs.utimesSync(dir, new Date(), new Date());
		return path.join(dir, existing);
	}
	const staging = fs.mkdtempSync(path.join(CACHE_ROOT, 'staging-'));
	try {
		const { stdout } = await run('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', staging], { cwd: folder });
		const [info] = JSON.parse(stdout.slice(stdout.indexOf('[')));
		if (!fs.existsSync(path.join(staging, info.filename))) throw new Error(`npm pack did not write ${info.filename}`);
		fs.renameSync(staging, dir);
	} catch (error) {
		fs.rmSync(staging, { recursive: true, force: true });
		throw error;
	}
	return path.join(dir, fs.readdirSync(dir).find((name) => name.endsWith('.tgz')));
}

async function buildAndPack({ build }) {
	return withLock('repo', async () => {
		const marker = builtMarker();
		if (build && !fs.existsSync(marker)) {
			await run('npm', ['run', 'build']);
			fs.writeFileSync(marker, '');
		}
		const tarballs = {};
		for (const folder of packageFolders()) tarballs[JSON.parse(fs.readFileSync(path.join(folder, 'package.json'), 'utf8')).name] = await packFolder(folder);
		pruneOldTarballs();
		return tarballs;
	});
}

/**
 * Builds (unless PACK_SKIP_BUILD=1 or `{ build: false }`) and packs every published package.
 * Resolves to the absolute paths of all the .tgz files (both packages, as `npm start` installs
 * them), or with `only: '<package name>'` to that one package's .tgz (installed alone).
 */
async function packPack({ build = process.env.PACK_SKIP_BUILD !== '1', only } = {}) {
	if (!memo) {
		memo = buildAndPack({ build });
		memo.catch(() => (memo = undefined));
	}
	const tarballs = await memo;
	if (only === undefined) return Object.values(tarballs);
	if (!tarballs[only]) throw new Error(`no package named ${only}; there are ${Object.keys(tarballs).join(', ')}`);
	return tarballs[only];
}

/** Each published package: its name, version, n8n section and folder (what its tarball installs as). */
function packageInfo() {
	return packageFolders().map((folder) => {
		const { name, version, n8n } = JSON.parse(fs.readFileSync(path.join(folder, 'package.json'), 'utf8'));
		return { name, version, n8n: n8n || {}, folder };
	});
}

module.exports = { packPack, packageInfo, withLock };
