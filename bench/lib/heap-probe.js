'use strict';
// The heap the pack keeps once loaded, measured in a fresh process the way n8n loads it: every
// node and credential listed in its package.json is required and instantiated (n8n's loader does
// `new (require(file).Class)()`), after n8n-workflow is already loaded (n8n provides it).
//   NODE_PATH=<n8n's node_modules> node --expose-gc heap-probe.js <installed pack folder> <n8n's node_modules>
// NODE_PATH lets the pack find n8n's n8n-workflow, as inside n8n (the pack is installed without it).
// Prints { baseHeap, workflowHeap, packHeap, packHeapDelta, requireMs, files, jsBytes }.

const fs = require('node:fs');
const path = require('node:path');

function settledHeap() {
	for (let i = 0; i < 4; i++) global.gc();
	return process.memoryUsage().heapUsed;
}

function main() {
	if (typeof global.gc !== 'function') throw new Error('run with --expose-gc');
	const packDir = path.resolve(process.argv[2]);
	const pkg = JSON.parse(fs.readFileSync(path.join(packDir, 'package.json'), 'utf8'));
	const entries = [...(pkg.n8n?.nodes ?? []), ...(pkg.n8n?.credentials ?? [])].map((file) => path.join(packDir, file));
	const baseHeap = settledHeap();
	require(require.resolve('n8n-workflow', { paths: [path.resolve(process.argv[3])] }));
	const workflowHeap = settledHeap();
	const before = new Set(Object.keys(require.cache));
	const keep = [];
	const started = performance.now();
	for (const file of entries) {
		const exported = require(file);
		for (const value of Object.values(exported)) if (typeof value === 'function') keep.push(new value());
	}
	const requireMs = performance.now() - started;
	const packHeap = settledHeap();
	const loaded = Object.keys(require.cache).filter((file) => !before.has(file) && file.startsWith(packDir));
	const jsBytes = loaded.reduce((sum, file) => sum + fs.statSync(file).size, 0);
	process.stdout.write(
		`${JSON.stringify({ baseHeap, workflowHeap, packHeap, packHeapDelta: packHeap - workflowHeap, requireMs, instances: keep.length, files: loaded.length, jsBytes })}\n`,
	);
}

main();
