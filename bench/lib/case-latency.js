'use strict';
// Case "latency": what keeping requests in flight is worth when every request pays a network
// round trip. The Trint list mock and the TrustNXT mock add the round trip themselves (mock-kit
// latency, switched between 0, 50 and 150 ms by default through POST /__mock/latency); at each
// delay the contenders run interleaved round by round (the order rotating), medians reported.
//
// Inside n8n (bench/run.js, BENCH_CASES=latency):
//   list     – Get Many, Return All over the seeded transcripts: the Trint node with Parallel
//              Requests 1, 4 and 6 (node executionTime); n8n's HTTP Request node 4.2 with its
//              pagination (the case-1 workflow); the raw sequential undici loop (baseline-worker).
//   trustnxt – Protect then Inspect of the images: the TrustNXT nodes with Batch Concurrency 1, 4
//              and 6 (the two nodes' executionTime); n8n's HTTP Request node one item at a time
//              (Loop Over Items, one item per pass: the HTTP Request node on its own sends all the
//              items it gets at once), timed from the first Protect request's start to the last
//              Inspect's end; the raw sequential undici loop (baseline-worker).
//   memory   – at 0 ms, Upload of one file vs N copies of it at Batch Concurrency N, in filesystem
//              binary mode: n8n's RSS growth of each (target: N copies ≤ N × one).
//   scheduler (BENCH_LATENCY_SCHEDULER=1) – also the page scheduler alone over undici
//              (dist/nodes/shared/pages.js, one fresh process per run) at 1 and N pages in flight.
//
// Standalone, without n8n (the scheduler rows only, against a mock of its own):
//   node bench/lib/case-latency.js            (after `npm run build`; prints the table)
// Knobs: BENCH_LATENCIES (ms list, default 0,50,150), BENCH_LATENCY_ROUNDS (default 3),
// BENCH_LATENCY_PARALLEL (list, default 4,6: Parallel Requests and Batch Concurrency besides 1),
// BENCH_LATENCY_PARTS (default list,trustnxt,memory), BENCH_LATENCY_IMAGES (default
// BENCH_IMAGES), BENCH_LATENCY_IMAGE_BYTES (default 500000), BENCH_LATENCY_UPLOADS (N, default
// 4), BENCH_LATENCY_MEMORY_ROUNDS (default 3), BENCH_LATENCY_SCHEDULER=1, BENCH_TRANSCRIPTS
// (default 100000), BENCH_MEDIA_BYTES (the uploads, default 1 GiB).

const fs = require('node:fs');
const path = require('node:path');
const { describe, round, rotate, progress, run, fmtMs } = require('./util');
const { runBaseline } = require('./baseline');
const { Inspector } = require('./inspector');
const { memoryPeaks } = require('./diag');

const PAGE = 1000;
const PAGES_MODULE = path.resolve(__dirname, '..', '..', 'dist', 'nodes', 'shared', 'pages.js');
const PARTS = ['list', 'trustnxt', 'memory'];
const MB = 1000 * 1000;

function numberList(name, fallback) {
	const raw = process.env[name];
	if (raw === undefined || raw === '') return fallback;
	const values = raw.split(',').map((value) => Number(value.trim()));
	if (values.some((value) => !Number.isFinite(value) || value < 0)) throw new Error(`${name} must be a comma-separated list of numbers`);
	return values;
}

/** The case's knobs (environment), `images` falling back to the trustnxt case's count. */
function latencySettings({ images = 200 } = {}) {
	const parts = (process.env.BENCH_LATENCY_PARTS || PARTS.join(',')).split(',').map((part) => part.trim()).filter(Boolean);
	for (const part of parts) if (!PARTS.includes(part)) throw new Error(`unknown part "${part}" in BENCH_LATENCY_PARTS (${PARTS.join(', ')})`);
	return {
		delays: numberList('BENCH_LATENCIES', [0, 50, 150]),
		parallels: numberList('BENCH_LATENCY_PARALLEL', [4, 6]).filter((value) => value !== 1),
		rounds: numberList('BENCH_LATENCY_ROUNDS', [3])[0],
		parts,
		images: numberList('BENCH_LATENCY_IMAGES', [images])[0],
		// 0.5 MB, not case 3's 5 MB: with 5 MB files the CPU the mock and n8n spend per item on two
		// cores outweighs a 150 ms round trip, and the rows would measure that instead.
		imageBytes: numberList('BENCH_LATENCY_IMAGE_BYTES', [500_000])[0],
		uploads: numberList('BENCH_LATENCY_UPLOADS', [4])[0],
		memoryRounds: numberList('BENCH_LATENCY_MEMORY_ROUNDS', [3])[0],
		scheduler: process.env.BENCH_LATENCY_SCHEDULER === '1',
	};
}

/** N hard links to `file` in a folder of their own (N upload items without N GiB on disk). */
function prepareUploadCopies(dataDir, media, count) {
	const dir = path.join(dataDir, `uploads-${count}x${media.bytes}`);
	fs.rmSync(dir, { recursive: true, force: true });
	fs.mkdirSync(dir, { recursive: true });
	const ext = path.extname(media.file);
	const files = [];
	for (let index = 0; index < count; index++) {
		const copy = path.join(dir, `copy-${index + 1}${ext}`);
		try {
			fs.linkSync(media.file, copy);
		} catch {
			fs.copyFileSync(media.file, copy);
		}
		files.push(copy);
	}
	return { dir, files, glob: path.join(dir, `*${ext}`) };
}

/**
 * The case's workflows. `credentials` as in run.js (list, basic, trustnxt, trustnxtCustom, media);
 * `images` { glob } for the trustnxt part, `media` { file } and `uploadCopies` { glob } for memory.
 */
function latencyFlows({ flowsLib, mocks, credentials, latency, images, media, uploadCopies }) {
	const flows = { list: {}, trust: {}, upload: {} };
	const all = [];
	const add = (flow) => (all.push(flow), flow);
	const counts = [1, ...latency.parallels];
	if (latency.parts.includes('list')) {
		for (const count of counts) {
			flows.list[count] = add(
				flowsLib.webhookWorkflow(`latList${count}`, `bench-latency-list-${count}`, [
					flowsLib.trintNode('Trint', { resource: 'transcript', operation: 'getAll', returnAll: true, options: { parallelRequests: count } }, credentials.list),
				]),
			);
		}
		flows.listHttp = add(flowsLib.webhookWorkflow('latListHttp', 'bench-latency-list-http', [flowsLib.httpRequestListNode('HTTP Request', mocks.origins.list, credentials.basic)]));
	}
	if (latency.parts.includes('trustnxt') && images) {
		for (const count of counts) {
			const options = { batchConcurrency: count };
			flows.trust[count] = add(
				flowsLib.webhookWorkflow(`latTrust${count}`, `bench-latency-trustnxt-${count}`, [
					flowsLib.readFileNode('Read Images', images.glob),
					flowsLib.trustNxtNode('Protect', { resource: 'asset', operation: 'protect', binaryPropertyName: 'data', metadata: {}, options }, credentials.trustnxt),
					flowsLib.trustNxtNode('Inspect', { resource: 'asset', operation: 'inspect', binaryPropertyName: 'data', includeManifestStore: false, options }, credentials.trustnxt),
				]),
			);
		}
		flows.trustHttp = add(
			flowsLib.loopWorkflow(
				'latTrustHttp',
				'bench-latency-trustnxt-http',
				[flowsLib.readFileNode('Read Images', images.glob)],
				[
					flowsLib.httpRequestTrustNxtNode('HTTP Protect', mocks.origins.trustnxt, credentials.trustnxtCustom, '/v1/protect'),
					flowsLib.httpRequestTrustNxtNode('HTTP Inspect', mocks.origins.trustnxt, credentials.trustnxtCustom, '/v1/inspect'),
				],
			),
		);
	}
	if (latency.parts.includes('memory') && media && uploadCopies && latency.uploads > 0) {
		const upload = (count) =>
			flowsLib.trintNode('Upload', { resource: 'transcript', operation: 'upload', binaryPropertyName: 'data', language: 'en', waitForTranscription: false, options: { batchConcurrency: count } }, credentials.media);
		flows.upload.single = add(flowsLib.webhookWorkflow('latUpload1', 'bench-latency-upload-1', [flowsLib.readFileNode('Read File', media.file), upload(1)]));
		flows.upload.many = add(flowsLib.webhookWorkflow(`latUpload${latency.uploads}`, `bench-latency-upload-${latency.uploads}`, [flowsLib.readFileNode('Read File', uploadCopies.glob), upload(latency.uploads)]));
	}
	return { flows, all };
}

/** Runs this file as a worker: one Get Many through the scheduler, timed after start-up. */
async function runScheduler(nodeBin, task) {
	const result = await run(nodeBin, ['--no-warnings', __filename, '--worker', JSON.stringify(task)], { env: process.env });
	const line = result.stdout.trim().split('\n').pop() || '';
	let parsed;
	try {
		parsed = JSON.parse(line);
	} catch {
		throw new Error(`the scheduler worker printed no result (exit ${result.code}):\n${result.stdout}${result.stderr}`);
	}
	if (!parsed.ok) throw new Error(`the scheduler worker failed: ${parsed.error}`);
	return parsed;
}

const setLatency = async (mocks, services, ms) => {
	for (const service of services) await mocks.call(service, 'POST', '/__mock/latency', { ms });
};

/** Summary of a contender's samples: `describe` of every numeric field. */
function summarise(samples) {
	const keys = [...new Set(samples.flatMap((sample) => Object.keys(sample).filter((key) => typeof sample[key] === 'number')))];
	return Object.fromEntries(keys.map((key) => [key, describe(samples.map((sample) => sample[key]))]));
}

async function benchLatency(ctx = {}) {
	if (ctx.runner) return benchLatencyInN8n(ctx);
	return benchSchedulerStandalone(ctx);
}

/** The n8n rows (and, with BENCH_LATENCY_SCHEDULER=1, the scheduler rows) on run.js's mocks. */
async function benchLatencyInN8n(ctx) {
	const { runner, mocks, latencyFlows: lf, settings } = ctx;
	const latency = settings.latency;
	const nodeBin = ctx.runtime.nodeBin;
	const transcripts = settings.seedTranscripts;
	const counts = [1, ...latency.parallels];
	const listContenders = latency.parts.includes('list')
		? [...counts.map((count) => `pack×${count}`), 'http', 'undici', ...(latency.scheduler ? counts.map((count) => `pages×${count}`) : [])]
		: [];
	const trustContenders = latency.parts.includes('trustnxt') && ctx.latencyImages ? [...counts.map((count) => `pack×${count}`), 'http', 'undici'] : [];
	const listRequests = async () => (await mocks.requests('list')).filter((entry) => entry.path.replace(/\/+$/, '') === '/transcripts').length;
	const usage = () => mocks.call('trustnxt', 'GET', '/__mock/usage');

	const listOnce = async (contender) => {
		await mocks.clearRequests('list');
		let sample;
		if (contender === 'undici') {
			const result = await runBaseline(ctx, { kind: 'list', origin: mocks.origins.list, authorization: ctx.trintAuthorization, pageSize: PAGE });
			sample = { ms: result.ms, items: result.items };
		} else if (contender.startsWith('pages×')) {
			const result = await runScheduler(nodeBin, { origin: mocks.origins.list, authorization: ctx.trintAuthorization, pageSize: PAGE, parallel: Number(contender.slice('pages×'.length)) });
			sample = { ms: result.ms, items: result.items };
		} else {
			const flow = contender === 'http' ? lf.flows.listHttp : lf.flows.list[Number(contender.slice('pack×'.length))];
			const nodeName = contender === 'http' ? 'HTTP Request' : 'Trint';
			const result = await runner.execute(flow, { mocks });
			if (result.execution.status !== 'success') throw new Error(`${contender} run failed: ${result.execution.error || JSON.stringify(result.execution.nodes)}`);
			const node = result.execution.nodes[nodeName] || {};
			sample = { ms: node.executionTime, items: node.items, wholeMs: result.execution.durationMs, roundTripMs: result.roundTripMs, mockCpuMs: result.mockCpuMs };
			await runner.deleteExecutions([result.execution.id]);
		}
		sample.requests = await listRequests();
		if (sample.items !== transcripts) throw new Error(`Get Many ${contender} read ${sample.items} transcripts, not ${transcripts}`);
		return sample;
	};

	const trustOnce = async (contender) => {
		const files = ctx.latencyImages.files;
		await mocks.clearRequests('trustnxt');
		const before = await usage();
		let sample;
		if (contender === 'undici') {
			const cpuBefore = await mocks.cpuMs();
			const result = await runBaseline(ctx, { kind: 'protect-inspect', origin: mocks.origins.trustnxt, apiKey: ctx.trustNxtKeys.apiKey, apiSecret: ctx.trustNxtKeys.apiSecret, files });
			sample = { ms: result.ms, items: result.items, verdicts: result.verdicts, mockCpuMs: (await mocks.cpuMs()) - cpuBefore };
		} else if (contender === 'http') {
			const loopName = 'Loop Over Items';
			const result = await runner.execute(lf.flows.trustHttp, { mocks, countValues: { [loopName]: 'verdict' } });
			if (result.execution.status !== 'success') throw new Error(`HTTP Request loop run failed: ${result.execution.error || JSON.stringify(result.execution.nodes)}`);
			const { nodes } = result.execution;
			const protect = nodes['HTTP Protect'];
			const inspect = nodes['HTTP Inspect'];
			sample = {
				// From the first Protect request's start to the last Inspect's end: the loop's own
				// passes between them are part of doing one item at a time in n8n.
				ms: inspect.lastEndTime - protect.firstStartTime,
				requestNodesMs: protect.totalExecutionTime + inspect.totalExecutionTime,
				items: nodes[loopName].items,
				verdicts: nodes[loopName].values?.verdict ?? {},
				wholeMs: result.execution.durationMs,
				mockCpuMs: result.mockCpuMs,
				n8nCpuMs: result.n8nCpuMs,
			};
			await runner.deleteExecutions([result.execution.id]);
		} else {
			const count = Number(contender.slice('pack×'.length));
			const result = await runner.execute(lf.flows.trust[count], { mocks, countValues: { Inspect: 'verdict' } });
			if (result.execution.status !== 'success') throw new Error(`Protect + Inspect ×${count} run failed: ${result.execution.error || JSON.stringify(result.execution.nodes)}`);
			const { Protect: protect, Inspect: inspect } = result.execution.nodes;
			sample = {
				ms: protect.executionTime + inspect.executionTime,
				protectMs: protect.executionTime,
				inspectMs: inspect.executionTime,
				items: inspect.items,
				verdicts: inspect.values?.verdict ?? {},
				wholeMs: result.execution.durationMs,
				mockCpuMs: result.mockCpuMs,
				n8nCpuMs: result.n8nCpuMs,
			};
			await runner.deleteExecutions([result.execution.id]);
		}
		const after = await usage();
		const protectCalls = after.protectCalls - before.protectCalls;
		const inspectCalls = after.inspectCalls - before.inspectCalls;
		if (sample.items !== files.length || protectCalls !== files.length || inspectCalls !== files.length || sample.verdicts.trusted !== files.length) {
			throw new Error(`Protect + Inspect ${contender}: expected ${files.length} items, Protect and Inspect calls and "trusted" verdicts, got ${JSON.stringify({ ...sample, protectCalls, inspectCalls })}`);
		}
		sample.itemsPerS = sample.items / (sample.ms / 1000);
		// CPU per item of the mock (one process: what it spends is a ceiling on items/s at any
		// concurrency) and of n8n (the whole webhook call, reading the files included).
		sample.mockCpuMsPerItem = sample.mockCpuMs / sample.items;
		if (sample.n8nCpuMs !== undefined) sample.n8nCpuMsPerItem = sample.n8nCpuMs / sample.items;
		return sample;
	};

	const byDelay = [];
	try {
		for (const [delayIndex, delayMs] of latency.delays.entries()) {
			await setLatency(mocks, ['list', 'trustnxt'], delayMs);
			const samples = { list: Object.fromEntries(listContenders.map((c) => [c, []])), trust: Object.fromEntries(trustContenders.map((c) => [c, []])) };
			if (delayIndex === 0) {
				// One warm-up run of each (n8n's caches, JIT, connections), at the first delay only.
				progress(`latency ${delayMs} ms: warm-up (one run of each, not counted)`);
				for (const contender of listContenders) await listOnce(contender);
				for (const contender of trustContenders) await trustOnce(contender);
			}
			for (let index = 0; index < latency.rounds; index++) {
				for (const contender of rotate(listContenders, index)) {
					const sample = await listOnce(contender);
					samples.list[contender].push(sample);
					progress(`latency ${delayMs} ms round ${index + 1}/${latency.rounds} Get Many ${contender.padEnd(8)} ${round(sample.ms, 0)} ms requests=${sample.requests}`);
				}
				for (const contender of rotate(trustContenders, index)) {
					const sample = await trustOnce(contender);
					samples.trust[contender].push(sample);
					progress(
						`latency ${delayMs} ms round ${index + 1}/${latency.rounds} Protect+Inspect ${contender.padEnd(8)} ${round(sample.ms, 0)} ms = ${round(sample.itemsPerS, 1)} items/s` +
							` (CPU per item: mock ${round(sample.mockCpuMsPerItem, 0)} ms${sample.n8nCpuMsPerItem !== undefined ? `, n8n ${round(sample.n8nCpuMsPerItem, 0)} ms` : ''})`,
					);
				}
			}
			const summary = {
				list: Object.fromEntries(listContenders.map((c) => [c, summarise(samples.list[c])])),
				trust: Object.fromEntries(trustContenders.map((c) => [c, summarise(samples.trust[c])])),
			};
			byDelay.push({ delayMs, samples, summary });
		}
	} finally {
		await setLatency(mocks, ['list', 'trustnxt'], 0);
	}

	const memory = lf.flows.upload.single ? await benchUploadMemory(ctx) : null;
	const result = {
		transcripts,
		images: ctx.latencyImages?.files.length ?? 0,
		imageBytes: latency.imageBytes,
		pageSize: PAGE,
		rounds: latency.rounds,
		delays: latency.delays,
		parallels: latency.parallels,
		listContenders,
		trustContenders,
		byDelay,
		memory,
	};
	result.markdown = markdownInN8n(result);
	progress(`latency tables:\n${result.markdown}`);
	return result;
}

/**
 * One upload vs N at Batch Concurrency N (0 ms round trip): n8n's RSS growth of each. Before every
 * run n8n is settled through its inspector (full collections, then a pause), so both start from the
 * same state: otherwise a run's growth depends on what the run before it left to reuse (a single
 * upload after four at once grows by almost nothing, the first one after start by tens of MB).
 * Inside n8n, process.memoryUsage() is sampled too: its `arrayBuffers` peak is the read buffers
 * already sent but not yet collected, which is what RSS growth of a streamed upload consists of.
 */
async function benchUploadMemory(ctx) {
	const { runner, mocks, latencyFlows: lf, settings, media } = ctx;
	if (!ctx.inspector && ctx.inspectorPort) ctx.inspector = await Inspector.connect(ctx.inspectorPort);
	const inspector = ctx.inspector;
	const count = settings.latency.uploads;
	const samples = { single: [], many: [] };
	const checkUploads = async (expected, who) => {
		const uploads = (await mocks.call('media', 'GET', '/__mock/uploads')).slice(-expected);
		const bad = uploads.length !== expected || uploads.some((upload) => upload.bodyLength !== media.bytes || upload.bodySha256 !== media.sha256);
		if (bad) throw new Error(`${who}: the mock did not receive ${expected} whole ${media.bytes}-byte uploads: ${JSON.stringify(uploads.map((upload) => [upload.bodyLength, upload.bodySha256]))}`);
	};
	for (let index = 0; index < settings.latency.memoryRounds; index++) {
		for (const contender of rotate(['single', 'many'], index)) {
			await run('sync', []).catch(() => null);
			await mocks.clearRequests('media');
			const expected = contender === 'single' ? 1 : count;
			let inside = null;
			if (inspector) {
				await inspector.settle();
				inside = inspector.sampleMemory(100);
			}
			const result = await runner.execute(lf.flows.upload[contender], { sampleRss: true, mocks }).finally(async () => {
				if (inside) inside = await inside.stop();
			});
			if (result.execution.status !== 'success') throw new Error(`upload ×${expected} run failed: ${result.execution.error || JSON.stringify(result.execution.nodes)}`);
			await checkUploads(expected, `upload ×${expected}`);
			const upload = result.execution.nodes.Upload;
			const sample = { ms: upload.executionTime, readMs: result.execution.nodes['Read File'].executionTime, rssGrowth: result.rss.growth, wholeMs: result.execution.durationMs };
			if (inside && inside.length) sample.arrayBuffersGrowth = memoryPeaks(inside).peaks.arrayBuffers.growth;
			sample.mibPerS = (expected * media.bytes) / 1048576 / (sample.ms / 1000);
			samples[contender].push(sample);
			await runner.deleteExecutions([result.execution.id]);
			const buffers = sample.arrayBuffersGrowth === undefined ? '' : `, arrayBuffers +${round(sample.arrayBuffersGrowth / MB, 1)} MB`;
			progress(`latency memory round ${index + 1}/${settings.latency.memoryRounds} upload ×${expected}: ${round(sample.ms, 0)} ms (${round(sample.mibPerS, 0)} MiB/s), RSS +${round(sample.rssGrowth / MB, 1)} MB${buffers}`);
		}
	}
	const summary = { single: summarise(samples.single), many: summarise(samples.many) };
	// The bound: N × the single upload's median growth; the N-upload run's worst must stay within it.
	summary.bound = count * summary.single.rssGrowth.median;
	summary.pass = summary.many.rssGrowth.max <= summary.bound;
	return { uploads: count, bytes: media.bytes, samples, summary };
}

function markdownInN8n({ transcripts, images, imageBytes, listContenders, trustContenders, byDelay, rounds, memory }) {
	const lines = [];
	const label = (contender) =>
		contender === 'http'
			? 'HTTP Request node'
			: contender === 'undici'
				? 'undici loop'
				: contender.startsWith('pages×')
					? `scheduler alone ×${contender.slice(6)}`
					: `pack ×${contender.slice(5)}`;
	if (listContenders.length) {
		lines.push(
			`Get Many, Return All over ${transcripts.toLocaleString('en')} transcripts (pages of ${PAGE}), medians of ${rounds}: time (× the undici loop; × the HTTP Request node; requests). pack ×N = Parallel Requests N.`,
			'',
			`| round trip | ${listContenders.map(label).join(' | ')} |`,
			`|---|${listContenders.map(() => '---').join('|')}|`,
		);
		for (const { delayMs, summary } of byDelay) {
			const undici = summary.list.undici.ms.median;
			const http = summary.list.http.ms.median;
			const cells = listContenders.map((c) => {
				const ms = summary.list[c].ms.median;
				return `${fmtMs(ms)} (${round(ms / undici, 2)}×; ${round(ms / http, 2)}×; ${summary.list[c].requests.median} req)`;
			});
			lines.push(`| ${delayMs} ms | ${cells.join(' | ')} |`);
		}
		lines.push('');
	}
	if (trustContenders.length) {
		lines.push(
			`Protect + Inspect of ${images} images of ${round(imageBytes / MB, 1)} MB, medians of ${rounds}: items/s (× pack ×1). pack ×N = Batch Concurrency N; HTTP Request node = one item at a time through Loop Over Items.`,
			'',
			`| round trip | ${trustContenders.map(label).join(' | ')} | CPU per item at pack ×1: mock; n8n |`,
			`|---|${trustContenders.map(() => '---').join('|')}|---|`,
		);
		for (const { delayMs, summary } of byDelay) {
			const sequential = summary.trust['pack×1'].itemsPerS.median;
			const cells = trustContenders.map((c) => {
				const value = summary.trust[c].itemsPerS.median;
				return `${round(value, 1)} items/s (${round(value / sequential, 2)}×)`;
			});
			const cpu = summary.trust['pack×1'];
			cells.push(`${round(cpu.mockCpuMsPerItem?.median, 0)} ms; ${round(cpu.n8nCpuMsPerItem?.median, 0)} ms`);
			lines.push(`| ${delayMs} ms | ${cells.join(' | ')} |`);
		}
		lines.push('');
	}
	if (memory) {
		const s = memory.summary;
		lines.push(
			`Upload of ${round(memory.bytes / 1048576, 0)} MiB files in filesystem binary mode, 0 ms, ${s.single.rssGrowth.n} runs each, n8n settled (full collections) before each run: n8n RSS growth (worst; median); inside n8n, growth of \`arrayBuffers\` (sent read buffers not yet collected; median); Upload time`,
			'',
			'| uploads | RSS growth | arrayBuffers growth | Upload node time | throughput |',
			'|---|---|---|---|---|',
			...[
				['1 (Batch Concurrency 1)', s.single],
				[`${memory.uploads} (Batch Concurrency ${memory.uploads})`, s.many],
			].map(
				([label, row]) =>
					`| ${label} | ${round(row.rssGrowth.max / MB, 1)} MB (${round(row.rssGrowth.median / MB, 1)} MB) | ${row.arrayBuffersGrowth ? `${round(row.arrayBuffersGrowth.median / MB, 1)} MB` : 'n/a'} | ${fmtMs(row.ms.median)} | ${round(row.mibPerS.median, 0)} MiB/s |`,
			),
			'',
			`Bound: ${memory.uploads} × the single upload's median growth = ${round(s.bound / MB, 1)} MB; worst ${memory.uploads}-upload run ${s.pass ? 'within' : 'above'} it.`,
			'',
		);
	}
	return lines.join('\n');
}

/** The scheduler alone over undici, against a mock of its own (no n8n): `node bench/lib/case-latency.js`. */
async function benchSchedulerStandalone(ctx) {
	const { startMocks } = require('./mocks');
	const { TRINT_FIXTURES } = require('../../test/mocks/trint-mock');
	const nodeBin = ctx.runtime?.nodeBin ?? process.execPath;
	const { delays, parallels, rounds } = latencySettings();
	const transcripts = ctx.settings?.seedTranscripts ?? numberList('BENCH_TRANSCRIPTS', [100_000])[0];
	const authorization = `Basic ${Buffer.from(`${TRINT_FIXTURES.keyId}:${TRINT_FIXTURES.keySecret}`).toString('base64')}`;

	progress(`latency: starting a mock with ${transcripts} transcripts`);
	const mocks = await startMocks({ nodeBin, seedTranscripts: transcripts });
	try {
		const origin = mocks.origins.list;
		const listRequests = async () => (await mocks.requests('list')).filter((entry) => entry.path.replace(/\/+$/, '') === '/transcripts').length;
		const contenders = ['undici', 'pages×1', ...parallels.map((parallel) => `pages×${parallel}`)];
		const once = async (contender) => {
			await mocks.clearRequests('list');
			const result =
				contender === 'undici'
					? await runBaseline({ runtime: { nodeBin } }, { kind: 'list', origin, authorization, pageSize: PAGE })
					: await runScheduler(nodeBin, { origin, authorization, pageSize: PAGE, parallel: Number(contender.slice('pages×'.length)) });
			if (result.items !== transcripts) throw new Error(`${contender} read ${result.items} transcripts, not ${transcripts}`);
			return { ms: result.ms, items: result.items, requests: await listRequests() };
		};

		const byDelay = [];
		for (const delayMs of delays) {
			await mocks.call('list', 'POST', '/__mock/latency', { ms: delayMs });
			const samples = Object.fromEntries(contenders.map((contender) => [contender, []]));
			progress(`latency ${delayMs} ms: warm-up`);
			for (const contender of contenders) await once(contender);
			for (let index = 0; index < rounds; index++) {
				for (const contender of rotate(contenders, index)) {
					const sample = await once(contender);
					samples[contender].push(sample);
					progress(`latency ${delayMs} ms round ${index + 1}/${rounds} ${contender.padEnd(8)} ${round(sample.ms, 0)} ms requests=${sample.requests}`);
				}
			}
			const summary = Object.fromEntries(
				contenders.map((contender) => [
					contender,
					{ ms: describe(samples[contender].map((sample) => sample.ms)), requests: describe(samples[contender].map((sample) => sample.requests)) },
				]),
			);
			const undiciMs = summary.undici.ms.median;
			for (const contender of contenders) summary[contender].vsUndici = summary[contender].ms.median / undiciMs;
			byDelay.push({ delayMs, samples, summary });
		}
		await mocks.call('list', 'POST', '/__mock/latency', { ms: 0 });
		const result = { standalone: true, transcripts, pageSize: PAGE, rounds, delays, contenders, byDelay };
		result.markdown = markdownStandalone(result);
		progress(`latency table:\n${result.markdown}`);
		return result;
	} finally {
		await mocks.stop();
	}
}

function markdownStandalone({ transcripts, contenders, byDelay, rounds }) {
	const lines = [
		`Get Many, Return All over ${transcripts.toLocaleString('en')} transcripts (pages of ${PAGE}), medians of ${rounds}; time relative to the sequential undici loop`,
		'',
		`| round trip | ${contenders.join(' | ')} |`,
		`|---|${contenders.map(() => '---').join('|')}|`,
	];
	for (const { delayMs, summary } of byDelay) {
		const cells = contenders.map((contender) => {
			const entry = summary[contender];
			return `${round(entry.ms.median, 0)} ms (${round(entry.vsUndici, 2)}×, ${entry.requests.median} req)`;
		});
		lines.push(`| ${delayMs} ms | ${cells.join(' | ')} |`);
	}
	return `${lines.join('\n')}\n`;
}

/** The worker: the whole list through the pack's scheduler over undici, like the sequential loop. */
async function worker(task) {
	const { request, Agent } = require('undici');
	const { pagesInOrder } = require(PAGES_MODULE);
	const dispatcher = new Agent({ keepAliveTimeout: 10_000 });
	const started = performance.now();
	const all = [];
	let requests = 0;
	const fetchPage = async (skip, limit) => {
		requests++;
		const response = await request(`${task.origin}/transcripts/?limit=${limit}&skip=${skip}`, {
			method: 'GET',
			headers: { authorization: task.authorization, accept: 'application/json' },
			dispatcher,
		});
		const text = await response.body.text();
		if (response.statusCode !== 200) throw new Error(`GET /transcripts/ → ${response.statusCode}: ${text}`);
		return JSON.parse(text);
	};
	for await (const page of pagesInOrder({ fetchPage, pageSize: task.pageSize, parallel: task.parallel })) {
		for (const entry of page.entries) all.push(entry);
	}
	const ms = performance.now() - started;
	await dispatcher.close();
	return { ms, requests, items: all.length };
}

if (require.main === module) {
	if (process.argv[2] === '--worker') {
		worker(JSON.parse(process.argv[3]))
			.then((result) => process.stdout.write(`${JSON.stringify({ ok: true, ...result })}\n`))
			.catch((error) => {
				process.stdout.write(`${JSON.stringify({ ok: false, error: error.stack || error.message })}\n`);
				process.exit(1);
			});
	} else {
		benchLatency()
			.then((result) => process.stdout.write(`\n${result.markdown}`))
			.catch((error) => {
				process.stderr.write(`${error.stack || error.message}\n`);
				process.exit(1);
			});
	}
}

module.exports = { benchLatency, latencySettings, latencyFlows, prepareUploadCopies };
