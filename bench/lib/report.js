'use strict';
// bench/results/latest.md: what ran where, one table row per measured target with PASS or FAIL,
// and the cases that could not run.

const { round } = require('./util');

const CASES = {
	list: 'Get Many, Return All',
	latency: 'Get Many at a network round trip',
	upload: 'Upload',
	export: 'Export',
	trustnxt: 'Protect + Inspect',
	c2pa: 'Read Content Credentials',
	verify: 'Verify Content Credentials',
	queue: 'Queue mode, 1 and 2 workers',
};

const cell = (value) => String(value ?? '–').replace(/\|/g, '\\|');

function markdown(results) {
	const { meta } = results;
	const s = meta.settings;
	const lines = ['# n8n-nodes-trint-trustnxt benchmark', ''];
	if (meta.small) lines.push(`**A small run (${meta.small}), not the real figures**: sizes or rounds are below the defaults, so the ratios say little.`, '');
	lines.push(
		`${meta.startedAt} · ${meta.cpus} × ${meta.cpuModel} · ${round(meta.memoryBytes / 2 ** 30, 1)} GiB RAM · n8n ${meta.n8nVersion} on Node ${meta.n8nNode} · pack ${meta.packVersion} (${meta.gitCommit}${meta.gitDirty ? ', uncommitted changes' : ''}) · ${round((meta.durationMs ?? 0) / 60000, 0)} min`,
		'',
		`Sizes: ${s.transcripts} transcripts; ${s.mediaBytes} bytes uploaded and exported; ${s.images} images of ${s.imageBytes} bytes; ${s.c2paJpegs} JPEGs and a ${s.mp4Bytes}-byte MP4 read; ${s.verifyJpegs} JPEGs and a ${s.verifyMp4Bytes}-byte MP4 verified; ${s.queueExecutions} queue-mode executions, worker concurrency ${s.queueConcurrency}; round trip ${s.latencyMs} ms. Rounds: ${Object.entries(s.rounds).map(([name, n]) => `${name} ${n}`).join(', ')}.`,
		'',
		'| Case | Pack | Baseline | Ratio | Target | Result |',
		'|---|---|---|---|---|---|',
	);
	for (const [name, result] of Object.entries(results.cases)) {
		for (const row of result.rows ?? []) {
			const verdict = row.pass === null ? 'info' : row.pass ? '**PASS**' : '**FAIL**';
			lines.push(`| ${cell(row.name)} | ${cell(row.pack)} | ${cell(row.baseline)} | ${cell(row.ratio)} | ${cell(row.target)} | ${verdict} |`);
		}
		if (result.error) lines.push(`| ${cell(CASES[name])} | could not run: ${cell(result.error.split('\n')[0])} | | | | **FAIL** |`);
	}
	lines.push(
		'',
		'Medians over the rounds, contenders interleaved round by round with the order rotating. Pack and HTTP Request times are the nodes\' `executionTime` from the run data; the undici loops run in a fresh Node process each; curl times are its `time_total`. RSS growth: peak of n8n\'s VmRSS (sampled every 50 ms, plus VmHWM after a reset) − RSS just before the run. Method: bench/README.md.',
	);
	if (results.error) lines.push('', `The run stopped early: ${results.error}`);
	if (meta.loadavg) lines.push('', `1-minute load average before and after: ${meta.loadavg.map((value) => round(value, 1)).join(' → ')} (the machine may have been busy with other work).`);
	if (results.profile) lines.push('', '## CPU profile of n8n (BENCH_PROFILE=1; the times above carry the profiler\'s cost)', '', ...results.profile);
	return `${lines.join('\n')}\n`;
}

module.exports = { markdown };
