#!/usr/bin/env node
'use strict';
// `npm run bench`: the pack inside a real n8n against the local mock APIs, each case next to the
// baselines a user would otherwise have, interleaved round by round. Progress on stderr, the
// table on stdout, and bench/results/latest.md (+ latest.json, git-ignored). See bench/README.md.

const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { ensureRuntime, packPack, packageInfo, N8nInstance } = require('../test/e2e/harness');
const { TRINT_FIXTURES } = require('../test/mocks/trint-mock');
const { TRUSTNXT_FIXTURES } = require('../test/mocks/trustnxt-mock');
const { C2PA_FIXTURES } = require('../test/helpers/fixtures');
const { startMocks } = require('./lib/mocks');
const flowsLib = require('./lib/flows');
const data = require('./lib/data');
const cases = require('./lib/cases');
const { N8nRunner } = require('./lib/n8n-runner');
const { markdown } = require('./lib/report');
const { summariseProfile } = require('./lib/profile');
const { progress, run, GiB } = require('./lib/util');

const REPO = path.resolve(__dirname, '..');
const RESULTS = path.join(__dirname, 'results');
const DATA_DIR = path.join(os.tmpdir(), 'n8n-nodes-trint-trustnxt-bench-data');
const PROFILE_DIR = path.join(os.tmpdir(), 'n8n-nodes-trint-trustnxt-bench-profiles');
const ALL_CASES = ['list', 'latency', 'upload', 'export', 'trustnxt', 'c2pa', 'verify', 'queue'];

const KNOBS = {
	BENCH_TRANSCRIPTS: 100_000, BENCH_MEDIA_BYTES: GiB, BENCH_IMAGES: 200, BENCH_IMAGE_BYTES: 5_000_000,
	BENCH_C2PA_JPEGS: 1000, BENCH_C2PA_DELAYED_JPEGS: 100, BENCH_C2PA_MP4_BYTES: GiB, BENCH_VERIFY_JPEGS: 1000, BENCH_VERIFY_MP4_BYTES: GiB,
	BENCH_QUEUE_EXECUTIONS: 200, BENCH_QUEUE_CONCURRENCY: 1, BENCH_LATENCY_MS: 50, BENCH_PARALLEL: 4, BENCH_LIST_ROUNDS: 5, BENCH_ROUNDS: 3,
};

if (process.argv.includes('--help')) {
	process.stdout.write(`node bench/run.js (after npm run build); knobs, as environment variables, with their defaults:\n  BENCH_CASES=${ALL_CASES.join(',')}\n${Object.entries(KNOBS).map(([name, value]) => `  ${name}=${value}`).join('\n')}\n  BENCH_PROFILE=1 (n8n under the CPU profiler)\nSee bench/README.md.\n`);
	process.exit(0);
}

function knob(name) {
	const text = process.env[name];
	if (text === undefined || text === '') return KNOBS[name];
	const value = Number(text);
	if (!Number.isInteger(value) || value < 1) throw new Error(`${name} must be a whole number, 1 or more`);
	return value;
}

const rounds = knob('BENCH_ROUNDS');
const settings = {
	cases: (process.env.BENCH_CASES || ALL_CASES.join(',')).split(',').map((name) => name.trim()).filter(Boolean),
	transcripts: knob('BENCH_TRANSCRIPTS'), mediaBytes: knob('BENCH_MEDIA_BYTES'), images: knob('BENCH_IMAGES'), imageBytes: knob('BENCH_IMAGE_BYTES'),
	c2paJpegs: knob('BENCH_C2PA_JPEGS'), c2paDelayedJpegs: knob('BENCH_C2PA_DELAYED_JPEGS'), mp4Bytes: knob('BENCH_C2PA_MP4_BYTES'),
	verifyJpegs: knob('BENCH_VERIFY_JPEGS'), verifyMp4Bytes: knob('BENCH_VERIFY_MP4_BYTES'), queueExecutions: knob('BENCH_QUEUE_EXECUTIONS'), queueConcurrency: knob('BENCH_QUEUE_CONCURRENCY'),
	latencyMs: knob('BENCH_LATENCY_MS'), parallel: knob('BENCH_PARALLEL'), profile: process.env.BENCH_PROFILE === '1',
	rounds: { list: knob('BENCH_LIST_ROUNDS'), latency: rounds, media: rounds, trustnxt: rounds, c2pa: rounds, verify: rounds, queue: rounds },
};
for (const name of settings.cases) if (!ALL_CASES.includes(name)) throw new Error(`unknown case "${name}" in BENCH_CASES (${ALL_CASES.join(', ')})`);
const wants = (...names) => names.some((name) => settings.cases.includes(name));

/** Cleanup steps, last in first out, on success, failure, Ctrl-C or SIGTERM. */
const cleanup = [];
async function runCleanup() {
	while (cleanup.length) await Promise.resolve(cleanup.pop()()).catch((error) => progress(`cleanup step failed: ${error.message}`));
}
for (const signal of ['SIGINT', 'SIGTERM']) {
	process.once(signal, () => {
		progress(`${signal}: stopping n8n and the mocks`);
		runCleanup().finally(() => process.exit(130));
	});
}

const results = { meta: {}, cases: {} };

async function prepareData(ctx) {
	fs.mkdirSync(DATA_DIR, { recursive: true });
	progress(`writing the bench files into ${DATA_DIR} (kept for the next run)`);
	if (wants('upload', 'export')) ctx.media = await data.mediaFile(DATA_DIR, settings.mediaBytes);
	if (wants('trustnxt')) ctx.images = data.images(path.join(DATA_DIR, `images-${settings.images}x${settings.imageBytes}`), settings.images, settings.imageBytes);
	if (wants('c2pa')) {
		ctx.c2pa = {
			jpegs: data.c2paJpegs(path.join(DATA_DIR, `c2pa-jpegs-${settings.c2paJpegs}`), settings.c2paJpegs),
			delayedJpegs: data.c2paJpegs(path.join(DATA_DIR, `c2pa-jpegs-${settings.c2paDelayedJpegs}`), settings.c2paDelayedJpegs),
			mp4: await data.c2paMp4(path.join(DATA_DIR, `c2pa-${settings.mp4Bytes}.mp4`), settings.mp4Bytes),
		};
	}
	if (wants('verify')) ctx.verify = { jpegs: data.signedJpegs(path.join(DATA_DIR, `signed-jpegs-${settings.verifyJpegs}`), settings.verifyJpegs), mp4: await data.signedMp4(path.join(DATA_DIR, `signed-${settings.verifyMp4Bytes}.mp4`), settings.verifyMp4Bytes) };
	if (wants('queue')) ctx.queueImages = data.images(path.join(DATA_DIR, `queue-images-${settings.queueExecutions}`), settings.queueExecutions, 100_000);
}

function credentialsFor(origins) {
	const trint = (id, name, origin) => ({ id, name, type: 'trintApi', data: { keyId: TRINT_FIXTURES.keyId, keySecret: TRINT_FIXTURES.keySecret, region: 'custom', apiBaseUrl: origin, uploadBaseUrl: origin } });
	return {
		list: trint('benchTrintList001', 'Trint bench (list)', origins.list),
		media: trint('benchTrintMedia01', 'Trint bench (media)', origins.media),
		basic: { id: 'benchBasicAuth001', name: 'Trint as generic Basic auth', type: 'httpBasicAuth', data: { user: TRINT_FIXTURES.keyId, password: TRINT_FIXTURES.keySecret } },
		trustnxt: { id: 'benchTrustNxt0001', name: 'TrustNXT bench', type: 'trustNxtApi', data: { apiKey: TRUSTNXT_FIXTURES.apiKey, apiSecret: TRUSTNXT_FIXTURES.apiSecret, baseUrl: origins.trustnxt } },
	};
}

function flowsFor({ origins }, credentials, ctx) {
	const f = flowsLib;
	const getMany = (parallelRequests) => f.trintNode('Trint', { resource: 'transcript', operation: 'getAll', returnAll: true, options: { parallelRequests } }, credentials.list);
	const flows = {
		// Parallel Requests 1: one page after the other, like every sequential baseline of case list.
		listPack: f.webhookWorkflow('listPack', 'bench-list-pack', [getMany(1)]),
		listParallel: f.webhookWorkflow('listParallel', 'bench-list-parallel', [getMany(settings.parallel)]),
		listHttp: f.webhookWorkflow('listHttp', 'bench-list-http', [f.httpRequestListNode('HTTP Request', origins.list, credentials.basic)]),
		listCeiling: f.webhookWorkflow('listCeiling', 'bench-list-ceiling', [f.ceilingNode('Ceiling', { operation: 'list', baseUrl: origins.list }, credentials.list)]),
	};
	const { media, images, c2pa, verify } = ctx;
	if (media) {
		const read = () => f.readFileNode('Read File', media.file);
		const upload = { resource: 'transcript', operation: 'upload', binaryPropertyName: 'data', language: 'en', waitForTranscription: false, options: {} };
		const exportParameters = { resource: 'transcript', operation: 'export', transcriptId: f.byId(media.exportId), format: 'docx', downloadFile: true, outputBinaryPropertyName: 'data', waitForTranscription: false, options: {} };
		Object.assign(flows, {
			upload: f.webhookWorkflow('upload', 'bench-upload', [read(), f.trintNode('Upload', upload, credentials.media)]),
			uploadHttp: f.webhookWorkflow('uploadHttp', 'bench-upload-http', [read(), f.httpRequestUploadNode('HTTP Upload', origins.media, credentials.basic, { filename: path.basename(media.file), language: 'en' })]),
			uploadCeiling: f.webhookWorkflow('uploadCeiling', 'bench-upload-ceiling', [read(), f.ceilingNode('Ceiling', { operation: 'upload', baseUrl: origins.media }, credentials.media)]),
			export: f.webhookWorkflow('export', 'bench-export', [f.trintNode('Export', exportParameters, credentials.media)]),
			exportHttp: f.webhookWorkflow('exportHttp', 'bench-export-http', [f.httpRequestExportNode('HTTP Export', origins.media, credentials.basic, media.exportPath), f.httpRequestDownloadNode('HTTP Download')]),
			exportCeiling: f.webhookWorkflow('exportCeiling', 'bench-export-ceiling', [f.ceilingNode('Ceiling', { operation: 'export', baseUrl: origins.media, exportPath: media.exportPath }, credentials.media)]),
		});
	}
	const inspect = () => f.trustNxtNode('Inspect', { resource: 'asset', operation: 'inspect', binaryPropertyName: 'data', includeManifestStore: false, options: {} }, credentials.trustnxt);
	if (images) {
		const protect = f.trustNxtNode('Protect', { resource: 'asset', operation: 'protect', binaryPropertyName: 'data', metadata: {}, options: {} }, credentials.trustnxt);
		flows.protectInspect = f.webhookWorkflow('trustnxt', 'bench-trustnxt', [f.readFileNode('Read Images', images.glob), protect, inspect()]);
	}
	if (c2pa) {
		// No credential: the local read needs none.
		const readNode = () => f.trustNxtNode('Read Content Credentials', { resource: 'asset', operation: 'readContentCredentials', binaryPropertyName: 'data' }, null);
		const reading = (glob) => f.readFileNode('Read Files', glob);
		Object.assign(flows, {
			c2paJpegs: f.webhookWorkflow('c2paJpegs', 'bench-c2pa-jpegs', [reading(c2pa.jpegs.glob), readNode()]),
			c2paMp4: f.webhookWorkflow('c2paMp4', 'bench-c2pa-mp4', [reading(c2pa.mp4), readNode()]),
			c2paInspect: f.webhookWorkflow('c2paInspect', 'bench-c2pa-inspect', [reading(c2pa.jpegs.glob), inspect()]),
			c2paInspectDelayed: f.webhookWorkflow('c2paInspectFar', 'bench-c2pa-inspect-far', [reading(c2pa.delayedJpegs.glob), inspect()]),
			c2paNoOp: f.webhookWorkflow('c2paNoOp', 'bench-c2pa-noop', [reading(c2pa.jpegs.glob), f.noOpNode('No Operation')]),
		});
	}
	if (verify) {
		// The test signer's CA as an Additional Trust Anchor: its files verify as Trusted. The node asks for
		// its credential on Verify (only Read Content Credentials is exempt), though Verify calls no API.
		const pem = fs.readFileSync(path.join(C2PA_FIXTURES, 'test-signer', 'c2pa-ts-sample_es256.pem'), 'utf8').split(/(?=-----BEGIN CERTIFICATE-----)/).filter((block) => block.includes('BEGIN'))[1];
		const verifyNode = () => f.trustNxtNode('Verify', { resource: 'asset', operation: 'verifyContentCredentials', binaryPropertyName: 'data', options: { additionalTrustAnchors: pem } }, credentials.trustnxt);
		Object.assign(flows, {
			verifyMp4: f.webhookWorkflow('verifyMp4', 'bench-verify-mp4', [f.readFileNode('Read Files', verify.mp4), verifyNode()]),
			verifyJpegs: f.webhookWorkflow('verifyJpegs', 'bench-verify-jpegs', [f.readFileNode('Read Files', verify.jpegs.glob), verifyNode()]),
			verifyRead: f.webhookWorkflow('verifyRead', 'bench-verify-read', [f.readFileNode('Read Files', verify.jpegs.glob), f.trustNxtNode('Read Content Credentials', { resource: 'asset', operation: 'readContentCredentials', binaryPropertyName: 'data' }, null)]),
			verifyNoOp: f.webhookWorkflow('verifyNoOp', 'bench-verify-noop', [f.readFileNode('Read Files', verify.jpegs.glob), f.noOpNode('No Operation')]),
		});
	}
	return flows;
}

/** Copies bench/ceiling into the n8n's nodes folder, where n8n's community-package scan loads it at start. */
function installCeiling(n8n) {
	const target = path.join(n8n.nodesFolder, 'node_modules', flowsLib.CEILING_PACKAGE);
	fs.mkdirSync(target, { recursive: true });
	for (const name of fs.readdirSync(path.join(__dirname, 'ceiling'))) fs.copyFileSync(path.join(__dirname, 'ceiling', name), path.join(target, name));
}

async function main() {
	const started = Date.now();
	const runtime = await ensureRuntime();
	const git = (args) => run('git', args, { cwd: REPO }).then((result) => result.stdout.trim());
	const curlVersion = (await run('curl', ['--version']).catch(() => ({ stdout: '' }))).stdout.split('\n')[0];
	const small = Object.keys(KNOBS).filter((name) => name !== 'BENCH_LATENCY_MS' && name !== 'BENCH_PARALLEL' && name !== 'BENCH_QUEUE_CONCURRENCY' && knob(name) < KNOBS[name]);
	Object.assign(results.meta, {
		startedAt: new Date(started).toISOString(),
		cpus: os.cpus().length,
		cpuModel: os.cpus()[0]?.model?.trim() ?? 'unknown',
		memoryBytes: os.totalmem(),
		n8nVersion: runtime.n8nVersion,
		n8nNode: (await run(runtime.nodeBin, ['--version'])).stdout.trim(),
		curl: curlVersion || null,
		packVersion: packageInfo()[0].version,
		gitCommit: await git(['rev-parse', '--short', 'HEAD']),
		gitDirty: Boolean(await git(['status', '--porcelain', '--untracked-files=no'])),
		small: small.length ? small.map((name) => `${name}=${knob(name)}`).join(', ') : null,
		settings,
		loadavg: [os.loadavg()[0]],
	});
	if (!curlVersion) progress('curl not found: the curl baselines are left out');
	progress(`n8n ${runtime.n8nVersion}, ${os.cpus().length} cores; cases: ${settings.cases.join(', ')}`);

	// `npm run bench` has just built dist/: pack it without building again.
	const tarball = await packPack({ build: false });
	const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'trint-bench-'));
	cleanup.push(() => fs.rmSync(workDir, { recursive: true, force: true }));
	const ctx = { runtime, settings, workDir, tarball, curl: Boolean(curlVersion) };
	await prepareData(ctx);

	progress(`starting the mock APIs (${settings.transcripts} transcripts)`);
	const mocks = await startMocks({ nodeBin: runtime.nodeBin, seedTranscripts: wants('list', 'latency') ? settings.transcripts : 0 });
	cleanup.push(() => mocks.stop());
	Object.assign(ctx, {
		mocks,
		trintUser: `${TRINT_FIXTURES.keyId}:${TRINT_FIXTURES.keySecret}`,
		trintAuthorization: `Basic ${Buffer.from(`${TRINT_FIXTURES.keyId}:${TRINT_FIXTURES.keySecret}`).toString('base64')}`,
		trustNxtKeys: { apiKey: TRUSTNXT_FIXTURES.apiKey, apiSecret: TRUSTNXT_FIXTURES.apiSecret },
		baseline: async (task) => {
			const result = await run(runtime.nodeBin, ['--no-warnings', path.join(__dirname, 'lib', 'baseline-worker.js'), JSON.stringify(task)]);
			const answer = JSON.parse(result.stdout.trim().split('\n').pop() || '{"error":"no output"}');
			if (!answer.ok) throw new Error(`baseline ${task.kind} failed: ${answer.error}\n${result.stderr}`);
			return answer;
		},
	});
	if (ctx.media) {
		const record = await mocks.call('media', 'POST', '/__mock/transcripts', { title: 'bench-export' });
		const sized = await mocks.call('media', 'POST', '/__mock/export-size', { trintId: record.id, format: 'docx', bytes: ctx.media.bytes });
		Object.assign(ctx.media, { exportId: record.id, exportPath: `/export/docx/${encodeURIComponent(record.id)}`, exportSha256: sized.sha256 });
	}
	const credentials = (ctx.credentials = credentialsFor(mocks.origins));
	ctx.flows = flowsFor(mocks, credentials, ctx);

	progress('creating the n8n instance with the pack (filesystem binary mode)');
	const n8n = await N8nInstance.create({ tarball, binaryDataMode: 'filesystem', env: { N8N_RESTRICT_FILE_ACCESS_TO: [DATA_DIR, workDir].join(';') } });
	cleanup.push(() => n8n.destroy());
	installCeiling(n8n);
	await n8n.importCredentials(Object.values(credentials));
	await n8n.importWorkflows(Object.values(ctx.flows));
	if (settings.profile) fs.rmSync(PROFILE_DIR, { recursive: true, force: true });
	await n8n.start({ env: settings.profile ? { NODE_OPTIONS: `--cpu-prof --cpu-prof-dir=${PROFILE_DIR}` } : {} });
	const pid = n8n.processes.get('main').child.pid;
	await n8n.activate(Object.values(ctx.flows).map((flow) => flow.id));
	ctx.runner = new N8nRunner(n8n, runtime);
	await ctx.runner.syncLastExecutionId();

	const bench = { list: cases.benchList, latency: cases.benchLatency, upload: cases.benchUpload, export: cases.benchExport, trustnxt: cases.benchTrustNxt, c2pa: cases.benchC2pa, verify: cases.benchVerify, queue: cases.benchQueue };
	for (const name of ALL_CASES.filter((name) => wants(name))) {
		try {
			results.cases[name] = await bench[name](ctx);
		} catch (error) {
			progress(`case ${name} failed: ${error.stack || error.message}`);
			results.cases[name] = { error: error.message };
		}
	}
	progress('stopping n8n');
	await n8n.destroy();
	if (settings.profile) results.profile = summariseProfile(PROFILE_DIR, pid);
	results.meta.loadavg.push(os.loadavg()[0]);
	results.meta.durationMs = Date.now() - started;
}

function writeResults() {
	fs.mkdirSync(RESULTS, { recursive: true });
	const text = markdown(results);
	fs.writeFileSync(path.join(RESULTS, 'latest.md'), text);
	fs.writeFileSync(path.join(RESULTS, 'latest.json'), `${JSON.stringify(results, null, 2)}\n`);
	process.stdout.write(`\n${text}`);
	progress('wrote bench/results/latest.md and latest.json');
}

main()
	.then(async () => {
		await runCleanup();
		writeResults();
		const rows = Object.values(results.cases).flatMap((result) => result.rows ?? []);
		const broken = Object.values(results.cases).filter((result) => result.error).length;
		progress(`done: ${rows.filter((row) => row.pass === false).length} target(s) missed, ${broken} case(s) could not run`);
		process.exitCode = broken ? 1 : 0;
	})
	.catch(async (error) => {
		progress(error.stack || error.message);
		await runCleanup();
		// What was measured before the failure is still written.
		results.error = error.message;
		if (results.meta.settings) writeResults();
		process.exitCode = 1;
	});
