'use strict';
// BENCH_PROFILE=1: n8n runs with Node's CPU profiler (--cpu-prof) for the whole bench and writes
// its profile when it stops. This sums the profile's self time by where the code lives, and lists
// the functions with the most self time. To profile one case, run only that case (BENCH_CASES).

const fs = require('node:fs');
const path = require('node:path');

const OWNERS = [
	['the pack', /n8n-nodes-(trint|trustnxt)\//],
	['bench ceiling', /n8n-nodes-bench-ceiling\//],
	['n8n-core', /n8n-core\//],
	['n8n-nodes-base', /n8n-nodes-base\//],
	['axios', /axios\//],
	['other n8n packages', /@n8n\/|n8n-workflow\/|\/n8n\//],
	['node internals', /^node:|^internal\//],
];

function ownerOf(frame) {
	if (frame.functionName === '(garbage collector)') return 'GC';
	if (frame.functionName === '(idle)') return 'idle (waiting for network or disk)';
	if (!frame.url) return 'V8 / native';
	return OWNERS.find(([, pattern]) => pattern.test(frame.url))?.[0] ?? 'other';
}

/** Markdown lines for the profile of process `pid` in `dir`, or a note that there is none. */
function summariseProfile(dir, pid) {
	// n8n's own process, else the largest profile (n8n's task runners write theirs there too).
	const files = fs.existsSync(dir) ? fs.readdirSync(dir).filter((name) => name.endsWith('.cpuprofile')) : [];
	const size = (name) => fs.statSync(path.join(dir, name)).size;
	const file = files.find((name) => name.includes(`.${pid}.`)) ?? files.sort((a, b) => size(b) - size(a))[0];
	if (!file) return [`No profile of n8n was written to ${dir}.`];
	const profile = JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8'));
	const nodes = new Map(profile.nodes.map((node) => [node.id, node]));
	const selfMs = new Map();
	profile.samples.forEach((id, index) => selfMs.set(id, (selfMs.get(id) ?? 0) + (profile.timeDeltas[index] ?? 0) / 1000));
	const byOwner = {};
	const byFunction = {};
	for (const [id, time] of selfMs) {
		const frame = nodes.get(id).callFrame;
		const owner = ownerOf(frame);
		byOwner[owner] = (byOwner[owner] ?? 0) + time;
		const name = `${owner}: \`${frame.functionName || '(anonymous)'} ${frame.url.split('/node_modules/').pop()}:${frame.lineNumber + 1}\``;
		byFunction[name] = (byFunction[name] ?? 0) + time;
	}
	const top = (table, n) => Object.entries(table).sort((a, b) => b[1] - a[1]).slice(0, n).map(([name, time]) => `${name} ${Math.round(time)} ms`);
	return [`Profile: \`${path.join(dir, file)}\` (open it in Chrome DevTools).`, '', `- self time by owner: ${top(byOwner, 12).join(', ')}`, '- most self time:', ...top(byFunction, 15).map((line) => `  - ${line}`)];
}

module.exports = { summariseProfile };
