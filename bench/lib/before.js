'use strict';
// The "before" contender: the pack as it was at an earlier commit (BENCH_BEFORE, default d3af4cb,
// the last commit before the redesign of issue 13), measured in the same n8n, against the same
// mocks and interleaved round by round with the current pack, so one bench run shows whether a
// change made a case slower.
//
// The old commit is exported with `git archive`, built with this checkout's node_modules (its
// own build script: tsc + the gulp asset step) and renamed to `n8n-nodes-trint-trustnxt-before`,
// so its nodes load beside the current pack's as `n8n-nodes-trint-trustnxt-before.trint` etc.
// It is copied into the instance's nodes folder like the ceiling (bench/lib/ceiling.js); the
// published package has no runtime dependencies, so `dist` + package.json is what npm would
// install. Both packages define the same credential types (trintApi, trustNxtApi, ...); n8n keeps
// one class per name, and the credentials behave the same on both sides of the redesign (same
// authenticate function, same test request), so both packs' nodes use the bench credentials alike.
// The built copy is kept per commit in the OS temp folder and reused.

const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { run, progress } = require('./util');

const REPO = path.resolve(__dirname, '..', '..');
const CACHE = path.join(os.tmpdir(), 'n8n-nodes-trint-trustnxt-bench-before');
const CURRENT_PACKAGE = 'n8n-nodes-trint-trustnxt';
const PACKAGE = `${CURRENT_PACKAGE}-before`;
const DEFAULT_REV = 'd3af4cb';

/** The revision to compare with, or null when BENCH_BEFORE is `none` (or `0`, `off`). */
function beforeRev(env = process.env) {
	const value = (env.BENCH_BEFORE ?? DEFAULT_REV).trim();
	if (value === '' || /^(none|off|0|false)$/i.test(value)) return null;
	return value;
}

async function git(args, options = {}) {
	const result = await run('git', args, { cwd: REPO, ...options });
	if (result.code !== 0) throw new Error(`git ${args.join(' ')} failed (exit ${result.code}): ${result.stderr.trim()}`);
	return result.stdout.trim();
}

/**
 * Exports `rev`, builds it and lays it out as an installable package under the temp cache.
 * Resolves to { rev, commit, short, name, dir, types }.
 */
async function prepareBefore(rev) {
	const commit = await git(['rev-parse', '--verify', `${rev}^{commit}`]);
	const short = commit.slice(0, 7);
	const dir = path.join(CACHE, commit, 'package');
	const info = { rev, commit, short, name: PACKAGE, dir, types: { trint: `${PACKAGE}.trint`, trustNxt: `${PACKAGE}.trustNxt` } };
	if (fs.existsSync(path.join(dir, 'package.json'))) {
		progress(`before (${short}): reusing the build in ${dir}`);
		return info;
	}
	fs.mkdirSync(CACHE, { recursive: true });
	const staging = fs.mkdtempSync(path.join(CACHE, `staging-${short}-`));
	try {
		progress(`before (${short}): exporting the commit and building it (tsc + assets)`);
		const tree = path.join(staging, 'tree');
		fs.mkdirSync(tree);
		const archive = await run('bash', ['-o', 'pipefail', '-c', `git archive --format=tar ${commit} | tar -x -C ${JSON.stringify(tree)}`], { cwd: REPO });
		if (archive.code !== 0) throw new Error(`git archive ${commit} failed: ${archive.stderr.trim()}`);
		// This checkout's toolchain (node_modules may itself be a symlink).
		fs.symlinkSync(fs.realpathSync(path.join(REPO, 'node_modules')), path.join(tree, 'node_modules'));
		const build = await run('npm', ['run', 'build'], { cwd: tree });
		if (build.code !== 0) throw new Error(`building ${short} failed (exit ${build.code}):\n${(build.stdout + build.stderr).slice(-3000)}`);
		const manifest = JSON.parse(fs.readFileSync(path.join(tree, 'package.json'), 'utf8'));
		if (manifest.name !== CURRENT_PACKAGE) throw new Error(`${short} is not the pack (package.json name ${manifest.name})`);
		if (manifest.dependencies && Object.keys(manifest.dependencies).length) {
			throw new Error(`${short} has runtime dependencies (${Object.keys(manifest.dependencies).join(', ')}); copying dist/ alone would not install them`);
		}
		const pkg = path.join(staging, 'package');
		fs.mkdirSync(pkg);
		fs.cpSync(path.join(tree, 'dist'), path.join(pkg, 'dist'), { recursive: true });
		const { scripts, devDependencies, ...kept } = manifest;
		fs.writeFileSync(path.join(pkg, 'package.json'), `${JSON.stringify({ ...kept, name: PACKAGE, description: `${manifest.description} (bench: ${short})` }, null, 2)}\n`);
		fs.mkdirSync(path.dirname(dir), { recursive: true });
		try {
			fs.renameSync(pkg, dir);
		} catch (error) {
			// Another bench built the same commit meanwhile: use that copy.
			if (!fs.existsSync(path.join(dir, 'package.json'))) throw error;
		}
	} finally {
		fs.rmSync(staging, { recursive: true, force: true });
	}
	return info;
}

/** Copies the built old pack into a created (not yet started) n8n instance, beside the current one. */
function installBefore(n8n, before) {
	const target = path.join(n8n.nodesFolder, 'node_modules', before.name);
	fs.rmSync(target, { recursive: true, force: true });
	fs.cpSync(before.dir, target, { recursive: true });
	return target;
}

/**
 * The same workflow with the current pack's node types swapped for the old pack's: same nodes,
 * names, parameters and credentials, its own id and webhook path (`<path>-before`).
 */
function retyped(flowsLib, flow, before, label) {
	const prefix = `${CURRENT_PACKAGE}.`;
	const nodes = flow.nodes
		.filter((node) => node.type !== 'n8n-nodes-base.webhook')
		.map((node) => ({
			name: node.name,
			type: node.type.startsWith(prefix) ? `${before.name}.${node.type.slice(prefix.length)}` : node.type,
			typeVersion: node.typeVersion,
			parameters: structuredClone(node.parameters),
			...(node.credentials ? { credentials: structuredClone(node.credentials) } : {}),
		}));
	if (!nodes.some((node) => node.type.startsWith(`${before.name}.`))) throw new Error(`workflow ${flow.name} has no node of the pack`);
	return flowsLib.webhookWorkflow(label, `${flow.webhookPath}-before`, nodes);
}

/**
 * Adds the old pack's twin of every pack workflow the cases compare (flows.<key>Before). Only
 * workflows that exist (their case was asked for) get a twin.
 */
function addBeforeFlows(flowsLib, flows, before) {
	for (const key of ['listPack', 'upload', 'uploadUrl', 'export', 'protectInspect']) {
		if (flows[key]) flows[`${key}Before`] = retyped(flowsLib, flows[key], before, `${key}Before`);
	}
	return flows;
}

/**
 * Per-round ratios current ÷ before of `key` (the samples of both are taken in the same rounds,
 * in the same order), with the median-of-medians ratio: a paired view of the noise.
 */
function pairedRatio(samples, key) {
	const now = samples.pack.map((sample) => sample[key]);
	const then = (samples.before || []).map((sample) => sample[key]);
	const perRound = now.map((value, index) => value / then[index]).filter((value) => Number.isFinite(value));
	const median = (list) => {
		const sorted = [...list].sort((a, b) => a - b);
		const mid = sorted.length >> 1;
		return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
	};
	if (!perRound.length) return null;
	return { ratio: median(now) / median(then), perRound: perRound.map((value) => Math.round(value * 1000) / 1000), min: Math.min(...perRound), max: Math.max(...perRound) };
}

module.exports = { beforeRev, prepareBefore, installBefore, addBeforeFlows, pairedRatio, DEFAULT_REV };
