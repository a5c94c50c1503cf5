'use strict';
// The pack's own code, now against an earlier build of it, without a running n8n: both builds'
// Trint node run in this process on n8n-core's engine as the operation tests run them
// (test/engine/harness.js) against the same in-process Trint mock, interleaved round by round.
// Everything but the pack's code is the same for both, so their difference is the pack's own
// cost, which inside n8n is far smaller than the run-to-run noise of a 1 GiB transfer.
//
//   npm run build && node bench/lib/pack-overhead.js [<earlier build's package folder>]
//
// The earlier build defaults to the one bench/lib/before.js makes for BENCH_BEFORE (d3af4cb; built
// and cached on first use). Knobs: OVERHEAD_ROUNDS (default 15),
// OVERHEAD_ITEMS (items per upload or export run, default 200), OVERHEAD_TRANSCRIPTS (Get Many,
// default 20000). Prints a Markdown table.

const Module = require('node:module');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '..', '..');
// The earlier build is installed without dependencies; it finds n8n-workflow where this checkout has it.
process.env.NODE_PATH = [path.join(ROOT, 'node_modules'), process.env.NODE_PATH].filter(Boolean).join(path.delimiter);
Module._initPaths();

const engine = require(path.join(ROOT, 'test', 'engine', 'harness'));
const { Trint, startFastTrintMock, trintCredentials, byId } = require(path.join(ROOT, 'test', 'unit', 'operations', 'setup'));
const { beforeRev, prepareBefore, DEFAULT_REV } = require('./before');
const { median } = require('./util');

const ROUNDS = Number(process.env.OVERHEAD_ROUNDS || 15);
const ITEMS = Number(process.env.OVERHEAD_ITEMS || 200);
const TRANSCRIPTS = Number(process.env.OVERHEAD_TRANSCRIPTS || 20000);

async function earlierBuild() {
	if (process.argv[2]) return path.resolve(process.argv[2]);
	return (await prepareBefore(beforeRev() ?? DEFAULT_REV)).dir;
}

async function main() {
	const builds = {
		now: Trint,
		before: require(path.join(await earlierBuild(), 'dist', 'nodes', 'Trint', 'Trint.node')).Trint,
	};
	const trint = await startFastTrintMock();
	const credentials = trintCredentials(trint);
	const media = Buffer.alloc(64 * 1024, 7);
	const mediaItems = Array.from({ length: ITEMS }, (_, index) => ({
		json: {},
		binary: { data: { data: media.toString('base64'), fileName: `file-${index}.mp3`, mimeType: 'audio/mpeg', fileSize: String(media.length) } },
	}));
	const cases = {
		'Get Many, Return All (Parallel Requests 1)': {
			prepare() {
				trint.reset();
				trint.seedTranscripts(TRANSCRIPTS);
			},
			parameters: { resource: 'transcript', operation: 'getAll', returnAll: true, filters: {}, options: { parallelRequests: 1 } },
			items: [{ json: {} }],
			expect: TRANSCRIPTS,
		},
		[`Upload, ${ITEMS} items of 64 KiB`]: {
			prepare() {
				trint.reset();
			},
			parameters: { resource: 'transcript', operation: 'upload', source: 'binary', binaryPropertyName: 'data', language: 'en', waitForTranscription: false, options: {} },
			items: mediaItems,
			expect: ITEMS,
		},
		[`Export, ${ITEMS} items (SRT file)`]: {
			prepare() {
				trint.reset();
				this.transcripts = trint.seedTranscripts(ITEMS);
				this.items = this.transcripts.map((transcript) => ({ json: { id: transcript.id } }));
				this.parameters = (index) => ({
					resource: 'transcript',
					operation: 'export',
					transcriptId: byId(this.transcripts[index].id),
					format: 'srt',
					downloadFile: true,
					outputBinaryPropertyName: 'data',
					captionOptions: {},
					waitForTranscription: false,
					options: {},
				});
			},
			expect: ITEMS,
		},
	};
	const times = {};
	for (let round = 0; round < ROUNDS + 1; round++) {
		for (const [name, spec] of Object.entries(cases)) {
			const order = round % 2 ? ['before', 'now'] : ['now', 'before'];
			for (const who of order) {
				spec.prepare();
				const started = performance.now();
				const { items, error } = await engine.runNode('trint', { credentials, parameters: spec.parameters, items: spec.items, nodeType: new builds[who]() });
				const ms = performance.now() - started;
				if (error || items.length !== spec.expect) throw new Error(`${name}, ${who}: ${error ? error.message : `${items.length} items, expected ${spec.expect}`}`);
				// Round 0 warms both builds up and is not counted.
				if (round > 0) ((times[name] ??= { now: [], before: [] })[who]).push(ms);
			}
		}
	}
	await trint.close();
	engine.removeBinaryStorage();
	const lines = [
		`Pack code only, in-process (n8n-core's engine, in-process mock), ${ROUNDS} rounds each, medians; ratio per round = now ÷ before:`,
		'',
		'| case | now | before | now ÷ before | per-round range |',
		'|---|---|---|---|---|',
	];
	for (const [name, { now, before }] of Object.entries(times)) {
		const ratios = now.map((value, index) => value / before[index]);
		lines.push(`| ${name} | ${median(now).toFixed(1)} ms | ${median(before).toFixed(1)} ms | ${(median(now) / median(before)).toFixed(3)}× | ${Math.min(...ratios).toFixed(2)}–${Math.max(...ratios).toFixed(2)} |`);
	}
	console.log(lines.join('\n'));
}

main().catch((error) => {
	console.error(error);
	process.exit(1);
});
