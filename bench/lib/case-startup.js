'use strict';
// Case 4: what installing the pack adds to `n8n start`. Two instances of the same n8n, one with
// the pack installed in .n8n/nodes and one without, started alternately (the first start of each
// runs the database migrations and is not counted); each start is timed from spawning the process
// until GET /healthz answers 200 (polled every 20 ms), then the process is stopped. Then one
// diagnostic start with a require() probe lists the pack files n8n loads, and a separate process
// measures the heap they keep.

const fs = require('node:fs');
const path = require('node:path');
const { N8nInstance, freePort, packageInfo } = require('../../test/e2e/harness');
const { describe, progress, rotate, round, run, sleep } = require('./util');

const PROBE = path.join(__dirname, 'load-probe.js');
const HEAP_PROBE = path.join(__dirname, 'heap-probe.js');

async function stopHandle(handle) {
	try {
		process.kill(-handle.child.pid, 'SIGTERM');
	} catch {
		// Already gone.
	}
	let timer;
	const stopped = await Promise.race([handle.exited.then(() => true), new Promise((resolve) => (timer = setTimeout(() => resolve(false), 20_000)))]);
	clearTimeout(timer);
	if (!stopped) {
		try {
			process.kill(-handle.child.pid, 'SIGKILL');
		} catch {
			// Gone.
		}
		await handle.exited;
	}
}

async function timedStart(instance, { env = {}, timeoutMs = 180_000 } = {}) {
	const port = await freePort();
	const started = performance.now();
	const handle = await instance.n8n(['start'], { background: true, name: 'n8n start (timed)', env: { N8N_PORT: String(port), ...env } });
	let exitedEarly = false;
	handle.exited.then(() => (exitedEarly = true));
	let healthzMs = null;
	let readinessMs = null;
	try {
		const deadline = Date.now() + timeoutMs;
		while (healthzMs === null || readinessMs === null) {
			if (exitedEarly) throw new Error(`n8n exited during start:\n${handle.output().slice(-3000)}`);
			if (Date.now() > deadline) throw new Error(`n8n did not answer /healthz within ${timeoutMs} ms`);
			if (healthzMs === null && (await status(port, '/healthz')) === 200) healthzMs = performance.now() - started;
			if (healthzMs !== null && (await status(port, '/healthz/readiness')) === 200) readinessMs = performance.now() - started;
			else await sleep(20);
		}
	} finally {
		await stopHandle(handle);
	}
	return { healthzMs, readinessMs };
}

async function status(port, urlPath) {
	try {
		const response = await fetch(`http://127.0.0.1:${port}${urlPath}`, { signal: AbortSignal.timeout(2000) });
		await response.arrayBuffer();
		return response.status;
	} catch {
		return 0;
	}
}

async function benchStartup(ctx) {
	const { settings, tarball, runtime, cleanup } = ctx;
	const instances = {};
	progress('case 4: two fresh n8n instances (with and without the pack)');
	instances.pack = await N8nInstance.create({ tarball, binaryDataMode: 'filesystem' });
	cleanup.push(() => instances.pack.destroy());
	instances.bare = await N8nInstance.create({ binaryDataMode: 'filesystem' });
	cleanup.push(() => instances.bare.destroy());
	if (!instances.pack.packageName) throw new Error('the pack did not install into the "with pack" instance');

	for (const which of ['pack', 'bare']) {
		const warm = await timedStart(instances[which]);
		progress(`case 4 warm-up start (${which}, migrations, not counted): /healthz after ${round(warm.healthzMs, 0)} ms`);
	}
	const samples = { pack: [], bare: [] };
	for (let round_ = 0; round_ < settings.startupRounds; round_++) {
		for (const which of rotate(['pack', 'bare'], round_)) {
			const sample = await timedStart(instances[which]);
			samples[which].push(sample);
			progress(`case 4 round ${round_ + 1}/${settings.startupRounds} ${which === 'pack' ? 'with pack   ' : 'without pack'} /healthz ${round(sample.healthzMs, 0)} ms, readiness ${round(sample.readinessMs, 0)} ms`);
		}
	}

	// What n8n's loader requires of the pack (one extra, untimed start with the probe).
	const packDir = path.join(instances.pack.nodesFolder, 'node_modules', packageInfo().name);
	const probeOut = path.join(ctx.workDir, 'load-probe.json');
	fs.rmSync(probeOut, { force: true });
	await timedStart(instances.pack, { env: { NODE_OPTIONS: `--require ${PROBE}`, BENCH_PROBE_PACK_DIR: packDir, BENCH_PROBE_OUT: probeOut } });
	const loaded = fs.existsSync(probeOut) ? JSON.parse(fs.readFileSync(probeOut, 'utf8')) : null;

	// The heap those modules keep, in a clean process.
	const n8nModules = path.dirname(runtime.n8nDir);
	const heapRun = await run(runtime.nodeBin, ['--expose-gc', '--no-warnings', HEAP_PROBE, packDir, n8nModules], { env: { ...process.env, NODE_PATH: n8nModules } });
	let heap = null;
	try {
		heap = JSON.parse(heapRun.stdout.trim().split('\n').pop());
	} catch {
		heap = { error: (heapRun.stderr || heapRun.stdout).slice(-2000) };
	}
	const distJsBytes = sumFiles(path.join(packDir, 'dist'), (file) => file.endsWith('.js'));

	const summary = {
		pack: { healthzMs: describe(samples.pack.map((s) => s.healthzMs)), readinessMs: describe(samples.pack.map((s) => s.readinessMs)) },
		bare: { healthzMs: describe(samples.bare.map((s) => s.healthzMs)), readinessMs: describe(samples.bare.map((s) => s.readinessMs)) },
		loaded,
		heap,
		distJsBytes,
	};
	summary.addedMs = summary.pack.healthzMs.median - summary.bare.healthzMs.median;
	summary.addedReadinessMs = summary.pack.readinessMs.median - summary.bare.readinessMs.median;
	// Paired differences (each round's with-pack start minus its without-pack start): same noise, other view.
	summary.pairedDiffMs = describe(samples.pack.map((s, index) => s.healthzMs - (samples.bare[index]?.healthzMs ?? NaN)));
	for (const which of ['pack', 'bare']) await instances[which].destroy();
	return { samples, summary };
}

function sumFiles(dir, filter) {
	let total = 0;
	const walk = (at) => {
		for (const entry of fs.readdirSync(at, { withFileTypes: true })) {
			const full = path.join(at, entry.name);
			if (entry.isDirectory()) walk(full);
			else if (filter(full)) total += fs.statSync(full).size;
		}
	};
	if (fs.existsSync(dir)) walk(dir);
	return total;
}

module.exports = { benchStartup, timedStart };
