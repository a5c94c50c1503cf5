'use strict';
// Diagnostic passes, run after every timed run (so the profiler never disturbs a measurement):
// one extra execution of a workflow with n8n's CPU profiler on (through the inspector), the
// samples cut to each node's own time window from the run data, grouped by where the code lives
// (the pack, n8n-core, axios, the expression runtime, GC, idle = waiting for the network), and
// optionally process.memoryUsage() sampled inside n8n to split RSS growth into heap / external /
// array buffers.

const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { packageInfo } = require('../../test/e2e/harness');
const { Inspector, summariseProfile } = require('./inspector');
const { progress, round } = require('./util');

const PROFILE_DIR = path.join(os.tmpdir(), 'n8n-nodes-trint-trustnxt-bench-profiles');

async function inspectorOf(ctx) {
	if (!ctx.inspector) ctx.inspector = await Inspector.connect(ctx.inspectorPort);
	return ctx.inspector;
}

/**
 * Runs `flow` once under the profiler. Returns per node (of `nodeNames`) the profile summary of
 * its window, the whole run's summary, node timings, and (with `memory`) the memoryUsage() peaks.
 */
async function profileRun(ctx, label, flow, nodeNames, { memory = false, intervalUs = 500, countValues } = {}) {
	const { runner, mocks } = ctx;
	const inspector = await inspectorOf(ctx);
	progress(`diagnostics: profiling ${label}`);
	const { offsetUs } = await inspector.clockOffset();
	await inspector.installGcObserver();
	await inspector.gcStats(); // resets the tally
	await inspector.startProfile({ intervalUs });
	const sampler = memory ? inspector.sampleMemory(100) : null;
	let result;
	let memorySeries = null;
	let profile;
	try {
		result = await runner.execute(flow, { sampleRss: true, mocks, countValues });
	} finally {
		if (sampler) memorySeries = await sampler.stop();
		profile = await inspector.stopProfile();
	}
	const gc = await inspector.gcStats();
	const heapAfter = await inspector.memoryUsage();
	fs.mkdirSync(PROFILE_DIR, { recursive: true });
	const profileFile = path.join(PROFILE_DIR, `${label.replace(/[^A-Za-z0-9-]+/g, '-')}.cpuprofile`);
	fs.writeFileSync(profileFile, JSON.stringify(profile));
	const packName = packageInfo().name;
	const nodes = {};
	for (const name of nodeNames) {
		const node = result.execution.nodes[name];
		if (!node || node.startTime === null) continue;
		const window = [node.startTime * 1000 + offsetUs, (node.startTime + node.executionTime) * 1000 + offsetUs];
		nodes[name] = { executionTime: node.executionTime, ...summariseProfile(profile, { packName, window }) };
	}
	const whole = summariseProfile(profile, { packName, top: 10 });
	await runner.deleteExecutions([result.execution.id]);
	const diag = {
		label,
		profileFile,
		roundTripMs: round(result.roundTripMs, 0),
		executionMs: result.execution.durationMs,
		mockCpuMs: round(result.mockCpuMs, 0),
		rssGrowth: result.rss?.growth,
		// Collections during the run (PerformanceObserver 'gc' entries: main-thread pauses) and the
		// heap n8n carries: every full collection has to mark all of it.
		gc: Object.fromEntries(Object.entries(gc).map(([kind, value]) => [kind, { count: value.count, ms: round(value.ms, 0) }])),
		heapUsedAfter: heapAfter.heapUsed,
		nodes,
		whole: { totalMs: whole.totalMs, selfByCategory: whole.selfByCategory, topInclusive: whole.topInclusive.slice(0, 12) },
	};
	if (memorySeries && memorySeries.length) diag.memory = memoryPeaks(memorySeries);
	return diag;
}

/** Growth of each memoryUsage() field: its peak during the run minus its first sample. */
function memoryPeaks(series) {
	const first = series[0];
	const fields = ['rss', 'heapTotal', 'heapUsed', 'external', 'arrayBuffers'];
	const peaks = {};
	for (const field of fields) {
		const peak = Math.max(...series.map((sample) => sample[field]));
		peaks[field] = { before: first[field], peak, growth: peak - first[field] };
	}
	return { samples: series.length, peaks };
}

module.exports = { profileRun, memoryPeaks, PROFILE_DIR };
