#!/usr/bin/env node
'use strict';
// `npm run bench`: the pack inside a real n8n against the local mock APIs, next to the baselines
// a user would otherwise use, interleaved round by round. Prints progress on stderr, the results
// table on stdout, and writes bench/results/latest.md and bench/results/latest.json.
// Method and knobs: bench/README.md.

const crypto = require('node:crypto');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { ensureRuntime, packPack, packageInfo, N8nInstance, freePort } = require('../test/e2e/harness');
const { TRINT_FIXTURES } = require('../test/mocks/trint-mock');
const { TRUSTNXT_FIXTURES } = require('../test/mocks/trustnxt-mock');
const { startMocks } = require('./lib/mocks');
const flowsLib = require('./lib/flows');
const { N8nRunner } = require('./lib/n8n-runner');
const { benchList } = require('./lib/case-list');
const { benchUpload, benchUrlUpload, benchExport, writeMediaFile } = require('./lib/case-media');
const { benchTrustNxt, writeImages } = require('./lib/case-trustnxt');
const { benchStartup } = require('./lib/case-startup');
const { benchC2pa, prepareC2pa } = require('./lib/case-c2pa');
const { benchLatency, latencySettings, latencyFlows, prepareUploadCopies } = require('./lib/case-latency');
const { profileRun } = require('./lib/diag');
const { ensureCurl } = require('./lib/baseline');
const { markdown, buildRows } = require('./lib/report');
const { installCeiling } = require('./lib/ceiling');
const { beforeRev, prepareBefore, installBefore, addBeforeFlows } = require('./lib/before');
const { progress, run, GiB } = require('./lib/util');

const REPO = path.resolve(__dirname, '..');
const RESULTS = path.join(__dirname, 'results');
const DATA_DIR = path.join(os.tmpdir(), 'n8n-nodes-trint-trustnxt-bench-data');
const ALL_CASES = ['list', 'upload', 'urlUpload', 'export', 'trustnxt', 'c2pa', 'startup', 'latency'];

if (process.argv.includes('--help') || process.argv.includes('-h')) {
	process.stdout.write(
		[
			'node bench/run.js  (after npm run build): the pack in a real n8n against the mocks; see bench/README.md.',
			'Nothing is taken from the command line; environment variables pick what runs:',
			`  BENCH_CASES=${ALL_CASES.join(',')}  (comma-separated subset, e.g. BENCH_CASES=c2pa)`,
			'  BENCH_LIST_ROUNDS=5 BENCH_MEDIA_ROUNDS=3 BENCH_TRUST_ROUNDS=3 BENCH_STARTUP_ROUNDS=6 BENCH_C2PA_ROUNDS=3',
			'  BENCH_TRANSCRIPTS=100000 BENCH_MEDIA_BYTES=1073741824 BENCH_IMAGES=200 BENCH_IMAGE_BYTES=5000000',
			'  BENCH_C2PA_JPEGS=1000 BENCH_C2PA_MP4_BYTES=1073741824 BENCH_C2PA_INSPECT_DELAYS=50,150 BENCH_C2PA_DELAYED_JPEGS=100',
			'  BENCH_BEFORE=d3af4cb (the pack at this git revision beside the current one in list, upload, urlUpload, export, trustnxt; BENCH_BEFORE=none: off)',
			'  latency case: BENCH_LATENCIES=0,50,150 BENCH_LATENCY_ROUNDS=3 BENCH_LATENCY_PARALLEL=4,6 BENCH_LATENCY_PARTS=list,trustnxt,memory',
			'    BENCH_LATENCY_IMAGES=<BENCH_IMAGES> BENCH_LATENCY_IMAGE_BYTES=500000 BENCH_LATENCY_UPLOADS=4 BENCH_LATENCY_MEMORY_ROUNDS=3 BENCH_LATENCY_SCHEDULER=1 (add the scheduler-alone rows)',
			'    (sizes: BENCH_TRANSCRIPTS for Get Many, BENCH_MEDIA_BYTES for the uploads)',
			'  BENCH_DIAGNOSTICS=0 (no profiled runs)  BENCH_PROFILE_ALL=1 (profile every case)  BENCH_BUILD=1 (build under the lock)',
			'',
		].join('\n'),
	);
	process.exit(0);
}

const int = (name, fallback) => {
	const value = process.env[name];
	if (value === undefined || value === '') return fallback;
	const number = Number(value);
	if (!Number.isInteger(number) || number < 0) throw new Error(`${name} must be a whole number`);
	return number;
};

const settings = {
	cases: (process.env.BENCH_CASES || ALL_CASES.join(',')).split(',').map((name) => name.trim()).filter(Boolean),
	listRounds: int('BENCH_LIST_ROUNDS', 5),
	mediaRounds: int('BENCH_MEDIA_ROUNDS', 3),
	trustRounds: int('BENCH_TRUST_ROUNDS', 3),
	startupRounds: int('BENCH_STARTUP_ROUNDS', 6),
	seedTranscripts: int('BENCH_TRANSCRIPTS', 100_000),
	mediaBytes: int('BENCH_MEDIA_BYTES', GiB),
	images: int('BENCH_IMAGES', 200),
	imageBytes: int('BENCH_IMAGE_BYTES', 5 * 1000 * 1000),
	c2paRounds: int('BENCH_C2PA_ROUNDS', 3),
	c2paJpegs: int('BENCH_C2PA_JPEGS', 1000),
	c2paMp4Bytes: int('BENCH_C2PA_MP4_BYTES', GiB),
	// Round-trip delays (ms) of the remote-like Inspect rows, and how many JPEGs those rows send.
	c2paInspectDelaysMs: (process.env.BENCH_C2PA_INSPECT_DELAYS ?? '50,150').split(',').map((value) => value.trim()).filter(Boolean).map(Number),
	c2paDelayedJpegs: int('BENCH_C2PA_DELAYED_JPEGS', 100),
	diagnostics: process.env.BENCH_DIAGNOSTICS !== '0',
	before: beforeRev(),
};
settings.latency = latencySettings({ images: settings.images });
for (const name of settings.cases) if (!ALL_CASES.includes(name)) throw new Error(`unknown case "${name}" in BENCH_CASES (${ALL_CASES.join(', ')})`);

/** Cleanup steps, run last-in first-out on success, failure, Ctrl-C or SIGTERM. */
const cleanup = [];
let cleaningUp = null;
function runCleanup() {
	if (!cleaningUp) {
		cleaningUp = (async () => {
			while (cleanup.length) {
				const step = cleanup.pop();
				try {
					await step();
				} catch (error) {
					process.stderr.write(`[bench] cleanup step failed: ${error.message}\n`);
				}
			}
		})();
	}
	return cleaningUp;
}
for (const signal of ['SIGINT', 'SIGTERM']) {
	process.once(signal, () => {
		progress(`${signal}: stopping n8n and the mocks`);
		runCleanup().finally(() => process.exit(130));
	});
}

async function fileSha256(file) {
	const hash = crypto.createHash('sha256');
	for await (const chunk of fs.createReadStream(file, { highWaterMark: 1024 * 1024 })) hash.update(chunk);
	return hash.digest('hex');
}

/** The 1 GiB recording, kept between runs in the OS temp folder (regenerated if its size is off). */
async function prepareMedia() {
	fs.mkdirSync(DATA_DIR, { recursive: true });
	const file = path.join(DATA_DIR, `bench-${settings.mediaBytes}.mp3`);
	const metaFile = `${file}.sha256`;
	if (fs.existsSync(file) && fs.statSync(file).size === settings.mediaBytes && fs.existsSync(metaFile)) {
		return { file, bytes: settings.mediaBytes, sha256: fs.readFileSync(metaFile, 'utf8').trim(), mimeType: 'audio/mpeg' };
	}
	progress(`writing the ${settings.mediaBytes}-byte recording to ${file}`);
	const sha256 = await writeMediaFile(file, settings.mediaBytes);
	fs.writeFileSync(metaFile, sha256);
	return { file, bytes: settings.mediaBytes, sha256, mimeType: 'audio/mpeg' };
}

async function gitState() {
	const head = await run('git', ['rev-parse', '--short', 'HEAD'], { cwd: REPO }).catch(() => null);
	const dirty = await run('git', ['status', '--porcelain'], { cwd: REPO }).catch(() => null);
	return { commit: head?.code === 0 ? head.stdout.trim() : 'unknown', dirty: Boolean(dirty?.stdout.trim()) };
}

function trustNxtInPack() {
	const { n8n } = packageInfo();
	return (n8n.nodes || []).some((file) => /TrustNxt\.node\.js$/.test(file)) && fs.existsSync(path.join(REPO, 'dist', 'nodes', 'TrustNxt', 'TrustNxt.node.js'));
}

const started = Date.now();
const results = { meta: { settings }, cases: {}, diagnostics: {} };

async function main() {
	const runtime = await ensureRuntime();
	const git = await gitState();
	const n8nNode = (await run(runtime.nodeBin, ['--version'])).stdout.trim();
	const curlVersion = await ensureCurl(progress);
	Object.assign(results.meta, {
		startedAt: new Date(started).toISOString(),
		cpus: os.cpus().length,
		cpuModel: os.cpus()[0]?.model?.trim() ?? 'unknown',
		memoryBytes: os.totalmem(),
		platform: `${os.type()} ${os.release()}`,
		benchNode: process.version,
		n8nNode,
		n8nVersion: runtime.n8nVersion,
		curl: curlVersion,
		packVersion: packageInfo().version,
		gitCommit: git.commit,
		gitDirty: git.dirty,
		settings,
	});
	progress(`n8n ${runtime.n8nVersion} on Node ${n8nNode}, ${os.cpus().length} cores; cases: ${settings.cases.join(', ')}`);

	// `npm run bench` has just built dist/: pack that (under the harness's lock) without building again.
	let tarball;
	try {
		tarball = await packPack({ build: process.env.BENCH_BUILD === '1' });
	} catch (error) {
		// dist/ was being rebuilt by someone else on this checkout: build it under the harness's lock.
		progress(`packing the existing dist/ failed (${error.message.split('\n')[0]}); building under the lock`);
		tarball = await packPack({ build: true });
	}
	progress(`pack: ${tarball}`);
	const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'trint-bench-'));
	cleanup.push(() => fs.rmSync(workDir, { recursive: true, force: true }));

	const wants = (name) => settings.cases.includes(name);
	const needsN8n = ['list', 'upload', 'urlUpload', 'export', 'trustnxt', 'c2pa', 'latency'].some(wants);
	const latencyPart = (part) => wants('latency') && settings.latency.parts.includes(part);
	const ctx = { runtime, tarball, workDir, settings, cleanup, results };

	if (needsN8n) {
		const media = wants('upload') || wants('urlUpload') || wants('export') || (latencyPart('memory') && settings.latency.uploads > 0) ? await prepareMedia() : null;
		let images = null;
		if (wants('trustnxt')) {
			if (!trustNxtInPack()) {
				results.cases.trustnxt = { skipped: 'the TrustNXT node is not in the built package (package.json n8n.nodes / dist) yet' };
				progress(`case 3 skipped: ${results.cases.trustnxt.skipped}`);
			} else {
				progress(`writing ${settings.images} JPEG images of ${settings.imageBytes} bytes`);
				const dir = path.join(DATA_DIR, `images-${settings.images}x${settings.imageBytes}`);
				images = { dir, files: await writeImages(dir, settings.images, settings.imageBytes), glob: path.join(dir, '*.jpg') };
			}
		}

		// The latency case's images: the trustnxt case's own when count and size match.
		let latencyImages = null;
		if (latencyPart('trustnxt') && trustNxtInPack()) {
			const dir = path.join(DATA_DIR, `images-${settings.latency.images}x${settings.latency.imageBytes}`);
			latencyImages = images?.dir === dir ? images : { dir, files: await writeImages(dir, settings.latency.images, settings.latency.imageBytes), glob: path.join(dir, '*.jpg') };
		}
		const uploadCopies = latencyPart('memory') && media && settings.latency.uploads > 0 ? prepareUploadCopies(DATA_DIR, media, settings.latency.uploads) : null;
		if (uploadCopies) cleanup.push(() => fs.rmSync(uploadCopies.dir, { recursive: true, force: true }));

		const c2pa = wants('c2pa') && trustNxtInPack() ? await prepareC2pa(DATA_DIR, settings) : null;
		if (wants('c2pa') && !c2pa) results.cases.c2pa = { skipped: 'the TrustNXT node is not in the built package yet' };

		progress(`starting the mock APIs (${settings.seedTranscripts} transcripts)`);
		const mocks = await startMocks({ nodeBin: runtime.nodeBin, seedTranscripts: wants('list') || latencyPart('list') ? settings.seedTranscripts : 0, inspectDelaysMs: c2pa ? settings.c2paInspectDelaysMs : [] });
		cleanup.push(() => mocks.stop());
		ctx.mocks = mocks;
		ctx.trintUser = `${TRINT_FIXTURES.keyId}:${TRINT_FIXTURES.keySecret}`;
		ctx.trintAuthorization = `Basic ${Buffer.from(ctx.trintUser).toString('base64')}`;
		ctx.trustNxtKeys = { apiKey: TRUSTNXT_FIXTURES.apiKey, apiSecret: TRUSTNXT_FIXTURES.apiSecret };

		if (media) {
			const record = await mocks.call('media', 'POST', '/__mock/transcripts', { title: 'bench-export' });
			media.exportId = record.id;
			media.exportFormat = 'docx';
			const sized = await mocks.call('media', 'POST', '/__mock/export-size', { trintId: record.id, format: media.exportFormat, bytes: media.bytes });
			media.exportSha256 = sized.sha256;
			ctx.media = media;
		}
		if (images) ctx.images = images;
		if (latencyImages) ctx.latencyImages = latencyImages;
		if (c2pa) ctx.c2pa = c2pa;

		const credentials = {
			list: { id: 'benchTrintList001', name: 'Trint bench (list)', type: 'trintApi', data: { keyId: TRINT_FIXTURES.keyId, keySecret: TRINT_FIXTURES.keySecret, region: 'custom', apiBaseUrl: mocks.origins.list, uploadBaseUrl: mocks.origins.list } },
			media: { id: 'benchTrintMedia01', name: 'Trint bench (media)', type: 'trintApi', data: { keyId: TRINT_FIXTURES.keyId, keySecret: TRINT_FIXTURES.keySecret, region: 'custom', apiBaseUrl: mocks.origins.media, uploadBaseUrl: mocks.origins.media } },
			basic: { id: 'benchBasicAuth001', name: 'Trint as generic Basic auth', type: 'httpBasicAuth', data: { user: TRINT_FIXTURES.keyId, password: TRINT_FIXTURES.keySecret } },
			trustnxt: { id: 'benchTrustNxt0001', name: 'TrustNXT bench', type: 'trustNxtApi', data: { apiKey: TRUSTNXT_FIXTURES.apiKey, apiSecret: TRUSTNXT_FIXTURES.apiSecret, baseUrl: mocks.origins.trustnxt } },
			// The TrustNXT key and secret as generic headers, for the HTTP Request node (latency case).
			trustnxtCustom: {
				id: 'benchTrustNxtCst1',
				name: 'TrustNXT as generic custom auth',
				type: 'httpCustomAuth',
				data: { json: JSON.stringify({ headers: { 'X-API-Key': TRUSTNXT_FIXTURES.apiKey, 'X-API-Secret': TRUSTNXT_FIXTURES.apiSecret } }) },
			},
		};
		// The TrustNXT mock behind a round-trip delay, one credential per delay (case 5).
		const delayedTrustNxt = {};
		for (const delayMs of c2pa ? settings.c2paInspectDelaysMs : []) {
			delayedTrustNxt[delayMs] = {
				id: `benchTrustNxtD${String(delayMs).padStart(3, '0')}`.slice(0, 16),
				name: `TrustNXT bench, ${delayMs} ms round trip`,
				type: 'trustNxtApi',
				data: { apiKey: TRUSTNXT_FIXTURES.apiKey, apiSecret: TRUSTNXT_FIXTURES.apiSecret, baseUrl: mocks.origins[`trustnxtDelay${delayMs}`] },
			};
			credentials[`trustnxtDelay${delayMs}`] = delayedTrustNxt[delayMs];
		}
		const flows = {
			empty: flowsLib.webhookWorkflow('empty', 'bench-empty', []),
			// Parallel Requests 1: case 1 compares one page after the other with the sequential
			// baselines (101 requests, the ceiling, the undici loop) as it always has; pages in
			// flight are the latency case's subject.
			listPack: flowsLib.webhookWorkflow('listPack', 'bench-list-pack', [
				flowsLib.trintNode('Trint', { resource: 'transcript', operation: 'getAll', returnAll: true, options: { parallelRequests: 1 } }, credentials.list),
			]),
			listHttp: flowsLib.webhookWorkflow('listHttp', 'bench-list-http', [flowsLib.httpRequestListNode('HTTP Request', mocks.origins.list, credentials.basic)]),
			// The ceiling: the pack's requests through the same n8n helpers, no pack logic (bench/ceiling).
			listCeiling: flowsLib.webhookWorkflow('listCeiling', 'bench-list-ceiling', [flowsLib.ceilingNode('Ceiling', { operation: 'list', baseUrl: mocks.origins.list }, credentials.list)]),
		};
		if (media) {
			flows.upload = flowsLib.webhookWorkflow('upload', 'bench-upload', [
				flowsLib.readFileNode('Read File', media.file),
				flowsLib.trintNode('Upload', { resource: 'transcript', operation: 'upload', binaryPropertyName: 'data', language: 'en', waitForTranscription: false, options: {} }, credentials.media),
			]);
			flows.uploadCeiling = flowsLib.webhookWorkflow('uploadCeiling', 'bench-upload-ceiling', [
				flowsLib.readFileNode('Read File', media.file),
				flowsLib.ceilingNode('Ceiling', { operation: 'upload', baseUrl: mocks.origins.media }, credentials.media),
			]);
			flows.uploadHttp = flowsLib.webhookWorkflow('uploadHttp', 'bench-upload-http', [
				flowsLib.readFileNode('Read File', media.file),
				flowsLib.httpRequestUploadNode('HTTP Upload', mocks.origins.media, credentials.basic, { filename: path.basename(media.file), language: 'en' }),
			]);
			// Upload from a URL: the mock serves the same size with a Content-Length, streamed through.
			media.urlName = 'bench-url.mp3';
			media.url = `${mocks.origins.media}/__mock/media/${media.urlName}?bytes=${media.bytes}&type=audio%2Fmpeg`;
			flows.uploadUrl = flowsLib.webhookWorkflow('uploadUrl', 'bench-upload-url', [
				flowsLib.trintNode('Upload', { resource: 'transcript', operation: 'upload', source: 'url', sourceUrl: media.url, language: 'en', waitForTranscription: false, options: {} }, credentials.media),
			]);
			flows.exportHttp = flowsLib.webhookWorkflow('exportHttp', 'bench-export-http', [
				flowsLib.httpRequestExportNode('HTTP Export', mocks.origins.media, credentials.basic, `/export/${media.exportFormat}/${encodeURIComponent(media.exportId)}`),
				flowsLib.httpRequestDownloadNode('HTTP Download'),
			]);
			flows.exportCeiling = flowsLib.webhookWorkflow('exportCeiling', 'bench-export-ceiling', [
				flowsLib.ceilingNode('Ceiling', { operation: 'export', baseUrl: mocks.origins.media, exportPath: `/export/${media.exportFormat}/${encodeURIComponent(media.exportId)}` }, credentials.media),
			]);
			flows.export = flowsLib.webhookWorkflow('export', 'bench-export', [
				flowsLib.trintNode(
					'Export',
					{ resource: 'transcript', operation: 'export', transcriptId: flowsLib.byId(media.exportId), format: media.exportFormat, downloadFile: true, outputBinaryPropertyName: 'data', waitForTranscription: false, options: {} },
					credentials.media,
				),
			]);
		}
		if (images) {
			flows.protectInspect = flowsLib.webhookWorkflow('trustnxt', 'bench-trustnxt', [
				flowsLib.readFileNode('Read Images', images.glob),
				flowsLib.trustNxtNode('Protect', { resource: 'asset', operation: 'protect', binaryPropertyName: 'data', metadata: {}, options: {} }, credentials.trustnxt),
				flowsLib.trustNxtNode('Inspect', { resource: 'asset', operation: 'inspect', binaryPropertyName: 'data', includeManifestStore: false, options: {} }, credentials.trustnxt),
			]);
		}
		if (c2pa) {
			const readCredentials = { resource: 'asset', operation: 'readContentCredentials', binaryPropertyName: 'data' };
			// No credential on these nodes: the local read needs none.
			const readNode = flowsLib.trustNxtNode('Read Content Credentials', readCredentials, null);
			flows.c2paJpegs = flowsLib.webhookWorkflow('c2paJpegs', 'bench-c2pa-jpegs', [flowsLib.readFileNode('Read Files', c2pa.jpegs.glob), readNode]);
			flows.c2paMp4 = flowsLib.webhookWorkflow('c2paMp4', 'bench-c2pa-mp4', [flowsLib.readFileNode('Read Files', c2pa.mp4), readNode]);
			flows.c2paMp4Tail = flowsLib.webhookWorkflow('c2paMp4Tail', 'bench-c2pa-mp4-tail', [flowsLib.readFileNode('Read Files', c2pa.mp4Tail), readNode]);
			flows.c2paInspect = flowsLib.webhookWorkflow('c2paInspect', 'bench-c2pa-inspect', [
				flowsLib.readFileNode('Read Files', c2pa.jpegs.glob),
				flowsLib.trustNxtNode('Inspect', { resource: 'asset', operation: 'inspect', binaryPropertyName: 'data', includeManifestStore: false, options: {} }, credentials.trustnxt),
			]);
			// The floor: n8n's No Operation node over the same 1,000 binary items.
			flows.c2paNoOp = flowsLib.webhookWorkflow('c2paNoOp', 'bench-c2pa-noop', [flowsLib.readFileNode('Read Files', c2pa.jpegs.glob), flowsLib.noOpNode('No Operation')]);
			// A billed Inspect against a service one round trip away (fewer files: each costs the delay).
			flows.c2paInspectDelayed = {};
			for (const [delayMs, credential] of Object.entries(delayedTrustNxt)) {
				flows.c2paInspectDelayed[delayMs] = flowsLib.webhookWorkflow(`c2paInspect${delayMs}`, `bench-c2pa-inspect-${delayMs}`, [
					flowsLib.readFileNode('Read Files', c2pa.delayedJpegs.glob),
					flowsLib.trustNxtNode('Inspect', { resource: 'asset', operation: 'inspect', binaryPropertyName: 'data', includeManifestStore: false, options: {} }, credential),
				]);
			}
		}
		// The pack at an earlier commit (BENCH_BEFORE) on the same workflows, installed beside the current one.
		const wantsBefore = settings.before && ['list', 'upload', 'urlUpload', 'export', 'trustnxt'].some(wants);
		const before = wantsBefore
			? await prepareBefore(settings.before).catch((error) => {
					progress(`before (${settings.before}) left out: ${error.message}`);
					results.meta.beforeError = error.message;
					return null;
				})
			: null;
		if (before) {
			addBeforeFlows(flowsLib, flows, before);
			results.meta.before = { rev: before.rev, commit: before.commit, short: before.short, name: before.name };
		}
		ctx.flows = flows;
		const allFlows = Object.values(flows).flatMap((flow) => (flow.webhookPath ? [flow] : Object.values(flow)));
		if (wants('latency')) {
			ctx.latencyFlows = latencyFlows({ flowsLib, mocks, credentials, latency: settings.latency, images: latencyImages, media, uploadCopies });
			allFlows.push(...ctx.latencyFlows.all);
		}

		progress('creating the n8n instance with the pack (filesystem binary mode)');
		const n8n = await N8nInstance.create({
			tarball,
			binaryDataMode: 'filesystem',
			env: { N8N_RESTRICT_FILE_ACCESS_TO: [DATA_DIR, workDir].join(';') },
		});
		cleanup.push(() => n8n.destroy());
		installCeiling(n8n);
		if (before) installBefore(n8n, before);
		await n8n.importCredentials(Object.values(credentials).filter((credential) => credential.type !== 'trustNxtApi' || images || c2pa || latencyImages));
		await n8n.importWorkflows(allFlows);
		// The inspector only listens (no session, no cost) until the last part of case latency (memory,
		// which settles n8n before each run) and the diagnostic passes at the end.
		ctx.inspectorPort = await freePort();
		progress('starting n8n (n8n start; workflows triggered through their webhooks)');
		await n8n.start({ env: { NODE_OPTIONS: `--inspect=127.0.0.1:${ctx.inspectorPort}` } });
		progress(`n8n is up after ${n8n.timings?.startMs ?? n8n.startupMs} ms (pid ${n8n.processes.get('main').child.pid})`);
		// Activated through the running instance's REST API: one CLI process per workflow costs
		// seconds each on a busy machine.
		await n8n.activate(allFlows.map((flow) => flow.id));
		ctx.n8n = n8n;
		ctx.runner = new N8nRunner(n8n, runtime);
		await ctx.runner.syncLastExecutionId();

		const attempt = async (name, fn) => {
			if (!wants(name) || results.cases[name]?.skipped) return;
			const loadBefore = os.loadavg();
			try {
				results.cases[name] = await fn();
			} catch (error) {
				progress(`case ${name} failed: ${error.stack || error.message}`);
				results.cases[name] = { error: error.stack || error.message };
			}
			results.cases[name].loadavg = { before: loadBefore, after: os.loadavg() };
		};
		await attempt('list', () => benchList(ctx));
		await attempt('upload', () => benchUpload(ctx));
		await attempt('urlUpload', () => benchUrlUpload(ctx));
		await attempt('export', () => benchExport(ctx));
		await attempt('trustnxt', async () => ({ images: settings.images, imageBytes: settings.imageBytes, ...(await benchTrustNxt(ctx)) }));
		await attempt('c2pa', () => benchC2pa(ctx));
		await attempt('latency', () => benchLatency(ctx));

		if (settings.diagnostics) await diagnostics(ctx);
		if (ctx.inspector) ctx.inspector.close();
		progress('stopping n8n');
		await n8n.destroy();
	}

	if (wants('startup')) {
		const loadBefore = os.loadavg();
		try {
			results.cases.startup = await benchStartup(ctx);
		} catch (error) {
			progress(`case startup failed: ${error.stack || error.message}`);
			results.cases.startup = { error: error.stack || error.message };
		}
		results.cases.startup.loadavg = { before: loadBefore, after: os.loadavg() };
	}

	results.meta.finishedAt = new Date().toISOString();
	results.meta.durationMs = Date.now() - started;
	results.rows = buildRows(results);
	writeResults(results);
	return results;
}

/** One profiled run for every case that missed its target (and for case 3 when it is well behind). */
async function diagnostics(ctx) {
	const { results, flows } = ctx;
	const rows = buildRows(results);
	const missed = (id) => rows.some((row) => row.id.startsWith(id) && row.pass === false);
	const tasks = [];
	const list = results.cases.list?.summary;
	if (list && (missed('1-') || process.env.BENCH_PROFILE_ALL === '1')) {
		tasks.push(['list-pack', () => profileRun(ctx, 'Get Many 100k, pack', flows.listPack, ['Trint'])]);
		tasks.push(['list-http', () => profileRun(ctx, 'Get Many 100k, HTTP Request', flows.listHttp, ['HTTP Request'])]);
	}
	if (results.cases.upload?.summary && (missed('2-upload') || process.env.BENCH_PROFILE_ALL === '1')) {
		tasks.push(['upload', () => profileRun(ctx, 'Upload 1 GiB', flows.upload, ['Read File', 'Upload'], { memory: true, intervalUs: 1000 })]);
	}
	if (results.cases.export?.summary && (missed('2-export') || process.env.BENCH_PROFILE_ALL === '1')) {
		tasks.push(['export', () => profileRun(ctx, 'Export 1 GiB', flows.export, ['Export'], { memory: true, intervalUs: 1000 })]);
		tasks.push(['export-ceiling', () => profileRun(ctx, 'Export 1 GiB, ceiling', flows.exportCeiling, ['Ceiling'], { memory: true, intervalUs: 1000 })]);
	}
	const trust = results.cases.trustnxt?.summary;
	if (trust && (trust.ratios.packVsUndici < 0.8 || process.env.BENCH_PROFILE_ALL === '1')) {
		tasks.push(['trustnxt', () => profileRun(ctx, 'Protect + Inspect', flows.protectInspect, ['Read Images', 'Protect', 'Inspect'], { memory: true, intervalUs: 1000, countValues: { Inspect: 'verdict' } })]);
	}
	const c2pa = results.cases.c2pa?.summary;
	if (c2pa && (c2pa.ratios.readVsInspect < 100 || process.env.BENCH_PROFILE_ALL === '1')) {
		tasks.push(['c2pa-read', () => profileRun(ctx, 'Read Content Credentials 1000 JPEGs', flows.c2paJpegs, ['Read Files', 'Read Content Credentials'], { intervalUs: 200, countValues: { 'Read Content Credentials': 'bytesRead' } })]);
		tasks.push(['c2pa-noop', () => profileRun(ctx, 'No Operation 1000 JPEGs', flows.c2paNoOp, ['Read Files', 'No Operation'], { intervalUs: 200 })]);
	}
	for (const [key, task] of tasks) {
		try {
			results.diagnostics[key] = await task();
		} catch (error) {
			progress(`diagnostics ${key} failed: ${error.message}`);
			results.diagnostics[key] = { label: key, error: error.message };
		}
	}
}

function writeResults(results) {
	fs.mkdirSync(RESULTS, { recursive: true });
	const text = markdown(results);
	fs.writeFileSync(path.join(RESULTS, 'latest.md'), text);
	fs.writeFileSync(path.join(RESULTS, 'latest.json'), `${JSON.stringify(results, null, 2)}\n`);
	process.stdout.write(`\n${text}`);
	progress(`wrote ${path.relative(REPO, path.join(RESULTS, 'latest.md'))} and latest.json`);
}

main()
	.then(async (results) => {
		await runCleanup();
		const failed = (results.rows || []).filter((row) => row.pass === false).length;
		const broken = Object.values(results.cases).filter((value) => value?.error).length;
		progress(`done: ${failed} target(s) missed, ${broken} case(s) failed to run`);
		process.exitCode = broken ? 1 : 0;
	})
	.catch(async (error) => {
		process.stderr.write(`[bench] ${error.stack || error.message}\n`);
		await runCleanup();
		// Whatever was measured before the failure is still written.
		results.error = error.stack || error.message;
		results.meta.finishedAt = new Date().toISOString();
		results.meta.durationMs = Date.now() - started;
		try {
			results.rows = buildRows(results);
			writeResults(results);
		} catch (writeError) {
			process.stderr.write(`[bench] could not write the results: ${writeError.message}\n`);
		}
		process.exitCode = 1;
	});
