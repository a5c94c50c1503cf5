'use strict';
// Preloaded into n8n (NODE_OPTIONS=--require …) for one diagnostic start only, never for the
// timed ones: records every file of the pack that n8n's loader require()s, its size, and how long
// the top-level loads took in total (a pack file's own requires of n8n-workflow are included).
// Writes BENCH_PROBE_OUT (JSON) after every pack load. Inert in any process that is not the n8n
// main process (n8n's task runners inherit NODE_OPTIONS).

const fs = require('node:fs');
const Module = require('node:module');

const packDir = process.env.BENCH_PROBE_PACK_DIR;
const out = process.env.BENCH_PROBE_OUT;
const isN8nMain = /[\\/]n8n[\\/]bin[\\/]n8n$/.test(process.argv[1] || '') && process.argv[2] === 'start';

if (packDir && out && isN8nMain) {
	const originalLoad = Module._load;
	const files = new Map();
	let depth = 0;
	let topLevelMs = 0;
	let firstLoadAt = null;
	let lastLoadAt = null;
	const heapAtFirstLoad = { before: null };
	const write = () => {
		const list = [...files.entries()].map(([file, info]) => ({ file: file.slice(packDir.length + 1), ...info }));
		const report = {
			pid: process.pid,
			topLevelLoadMs: topLevelMs,
			files: list,
			jsBytes: list.filter((entry) => entry.file.endsWith('.js')).reduce((sum, entry) => sum + entry.bytes, 0),
			jsonBytes: list.filter((entry) => entry.file.endsWith('.json')).reduce((sum, entry) => sum + entry.bytes, 0),
			firstLoadAtUptimeMs: firstLoadAt,
			lastLoadAtUptimeMs: lastLoadAt,
			heapUsedBeforeFirstLoad: heapAtFirstLoad.before,
			heapUsedAfterLastLoad: process.memoryUsage().heapUsed,
		};
		try {
			fs.writeFileSync(out, JSON.stringify(report));
		} catch {
			// The bench folder may be gone already.
		}
	};
	Module._load = function probedLoad(request, parent, isMain) {
		let filename;
		try {
			filename = Module._resolveFilename(request, parent, isMain);
		} catch {
			return originalLoad.apply(this, arguments);
		}
		if (!filename.startsWith(`${packDir}/`) || Module._cache[filename]) return originalLoad.apply(this, arguments);
		if (firstLoadAt === null) {
			firstLoadAt = process.uptime() * 1000;
			heapAtFirstLoad.before = process.memoryUsage().heapUsed;
		}
		const started = performance.now();
		depth++;
		try {
			return originalLoad.apply(this, arguments);
		} finally {
			depth--;
			const ms = performance.now() - started;
			if (depth === 0) topLevelMs += ms;
			let bytes = 0;
			try {
				bytes = fs.statSync(filename).size;
			} catch {
				// Reported as 0.
			}
			files.set(filename, { bytes, ms: Math.round(ms * 100) / 100, nested: depth > 0 });
			lastLoadAt = process.uptime() * 1000;
			write();
		}
	};
}
