'use strict';
// The pack on n8n's queue (scaling) mode as users deploy it when one n8n is not enough: Postgres,
// Redis, one main (`n8n start`: webhooks, triggers; it enqueues) and two `n8n worker` processes
// that run the executions, each n8n with its own user folder and its own install of the pack
// (test/e2e/harness/topology.js). Binary data stays in n8n's default for queue mode, `database`.
// Started once for the file; every test reuses it. Executions are read from Postgres, the
// worker that ran each from the workers' logs, what the APIs received from the mocks' logs.
//
// Environment: QUEUE_BIG_FILES=1 adds the 1 GiB cases (and leaves n8n's own database-mode file
// size limit instead of the small one the quick cases use; QUEUE_DB_MAX_FILE_MIB sets it, e.g.
// 1024, n8n's maximum, where a 1 GiB file passes n8n's check); QUEUE_THROUGHPUT_N sets how many
// executions the throughput case runs per worker count (default 40; the figure is 200);
// QUEUE_LIST_TOTAL how many transcripts Get Many lists (default 100,000).
const crypto = require('node:crypto');
const http = require('node:http');
const { packPack, packageInfo, outputOf, errorOf, sandboxCredentials, SANDBOX_CREDENTIAL_IDS, sleep, waitFor } = require('../e2e/harness');
const { QueueTopology } = require('../e2e/harness/topology');
const { startTrintMock } = require('../mocks/trint-mock');
const { startTrustNxtMock, sampleJpeg } = require('../mocks/trustnxt-mock');
const { TYPES } = require('../e2e/workflows');
const { expectListPages } = require('../e2e/pages');
const { scanForSecrets } = require('../e2e/secrets');

jest.setTimeout(20 * 60 * 1000);

const BIG = process.env.QUEUE_BIG_FILES === '1';
const THROUGHPUT_N = Number(process.env.QUEUE_THROUGHPUT_N || 40);
const WORKER_CONCURRENCY = 5;
const LIST_TOTAL = Number(process.env.QUEUE_LIST_TOTAL || 100000);
// The quick cases prove n8n's database-mode limit with a small one (n8n's own setting); the big
// run keeps n8n's default.
const DB_MAX_FILE_MIB = process.env.QUEUE_DB_MAX_FILE_MIB ? Number(process.env.QUEUE_DB_MAX_FILE_MIB) : BIG ? undefined : 16;

const sha256 = (data) => crypto.createHash('sha256').update(data).digest('hex');
/** How long to wait for what a worker does: each job goes through Redis to a worker sharing the machine's cores. */
const QUEUE_WAIT_MS = 90000;

const TRINT = { trintApi: { id: SANDBOX_CREDENTIAL_IDS.trintApi, name: 'Trint sandbox (Key ID & Secret)' } };
const TNXT = { trustNxtApi: { id: SANDBOX_CREDENTIAL_IDS.trustNxtApi, name: 'TrustNXT sandbox' } };

const ID = {
	list: 'queueTrintList01',
	upload: 'queueTrintUpload1',
	urlUpload: 'queueTrintUrlUp01',
	protect: 'queueTnxtProtect',
	calls: 'queueTrintCalls01',
	export: 'queueTrintExport1',
	batch: 'queueTnxtBatch001',
	trigger: 'queueTrintTrigger',
	poll: 'queueTrintPoll001',
};
const PATHS = {
	list: 'queue-trint-list',
	upload: 'queue-trint-upload',
	urlUpload: 'queue-trint-url-upload',
	protect: 'queue-tnxt-protect',
	calls: 'queue-trint-calls',
	export: 'queue-trint-export',
	batch: 'queue-tnxt-batch',
};
const TRIGGER_WEBHOOK_ID = '9a7e0c11-0001-4c2b-8d3e-5f6a7b8c9d01';

/** Webhook (production URL /webhook/<path>) → nodes. `respond`: 'lastNode' waits for the run, 'onReceived' only enqueues. */
function webhookWorkflow(id, urlPath, nodes, { respond = 'lastNode' } = {}) {
	const all = [
		{
			id: `${id}-hook`,
			name: 'Webhook',
			type: 'n8n-nodes-base.webhook',
			typeVersion: 2,
			position: [0, 0],
			webhookId: crypto.createHash('md5').update(id).digest('hex').replace(/^(.{8})(.{4})(.{4})(.{4})(.{12})$/, '$1-$2-$3-$4-$5'),
			parameters: { httpMethod: 'POST', path: urlPath, responseMode: respond, options: {} },
		},
		...nodes.map((node, index) => ({ id: `${id}-n${index}`, typeVersion: 1, position: [220 * (index + 1), 0], ...node })),
	];
	const connections = {};
	for (let index = 0; index < all.length - 1; index++) connections[all[index].name] = { main: [[{ node: all[index + 1].name, type: 'main', index: 0 }]] };
	return { id, name: `Queue mode: ${urlPath}`, active: false, nodes: all, connections, settings: { executionOrder: 'v1' }, pinData: {} };
}

const trint = (name, parameters) => ({ name, type: TYPES.trint, parameters: { authentication: 'keyAndSecret', ...parameters }, credentials: TRINT });
const tnxt = (name, parameters, extra = {}) => ({ name, type: TYPES.trustNxt, parameters, credentials: TNXT, ...extra });
const byId = (value) => ({ __rl: true, mode: 'id', value });

function triggerWorkflow(id, name, node) {
	return { id, name, active: false, nodes: [{ id: `${id}-t`, typeVersion: 1, position: [0, 0], credentials: TRINT, ...node }], connections: {}, settings: { executionOrder: 'v1' }, pinData: {} };
}

let topo;
let n8n; // the main instance
let trintMock;
let tnxtMock;
const RUN_OUTPUTS = [];
const figures = {};
const mediaBytes = (() => {
	const bytes = crypto.randomBytes(2 * 1024 * 1024 + 13);
	bytes.write('ID3', 0, 'latin1');
	return bytes;
})();
const photoBytes = sampleJpeg(200 * 1024 + 5, 'queue-photo');

/**
 * POSTs to a production webhook on a connection of its own (a kept-alive socket that main closed
 * after a long answer would fail the next request before it is sent); resolves to { status, json, text, ms }.
 */
function callWebhook(urlPath, body, headers = { 'content-type': 'application/json' }) {
	const started = Date.now();
	const payload = Buffer.isBuffer(body) ? body : Buffer.from(body);
	return new Promise((resolve, reject) => {
		const request = http.request(`${n8n.baseUrl}/webhook/${urlPath}`, { method: 'POST', agent: false, headers: { ...headers, 'content-length': payload.length }, timeout: 10 * 60 * 1000 });
		request.on('timeout', () => request.destroy(new Error(`webhook ${urlPath} did not answer`)));
		request.on('error', reject);
		request.on('response', (response) => {
			const chunks = [];
			response.on('data', (chunk) => chunks.push(chunk));
			response.on('error', reject);
			response.on('end', () => {
				const text = Buffer.concat(chunks).toString();
				RUN_OUTPUTS.push(text);
				let json;
				try {
					json = JSON.parse(text);
				} catch {
					json = undefined;
				}
				resolve({ status: response.statusCode, json, text, ms: Date.now() - started });
			});
		});
		request.end(payload);
	});
}

const FINISHED = ['success', 'error', 'crashed', 'canceled'];

/** The workflow's executions once `count` exist and all have finished (with their data). */
async function finishedExecutions(workflowId, count, { timeoutMs = QUEUE_WAIT_MS } = {}) {
	await waitFor(
		async () => {
			const list = await topo.executions({ workflowId, withData: false });
			return list.length >= count && list.every((execution) => FINISHED.includes(execution.status));
		},
		{ what: `${count} finished execution(s) of ${workflowId}`, timeoutMs },
	);
	const list = await topo.executions({ workflowId });
	for (const execution of list) RUN_OUTPUTS.push(JSON.stringify(execution.data));
	return list;
}

/** How many times each worker logged starting execution `id`. */
function startsOf(id) {
	return topo.workers.map((_, index) => topo.workerLog(index).split(`Worker started execution ${id} `).length - 1);
}

/** Main enqueued the execution and exactly one worker (never main) ran it, once. Resolves to that worker's index. */
async function expectRanOnWorker(execution) {
	const { id } = execution;
	await waitFor(() => topo.workers.some((_, index) => topo.workerLog(index).includes(`Worker finished execution ${id} `)), { timeoutMs: 20000, what: `a worker to log execution ${id}` });
	expect(topo.mainLog()).toContain(`Enqueued execution ${id} `);
	expect(topo.mainLog()).not.toContain(`Worker started execution ${id} `);
	const starts = startsOf(id);
	expect(starts.reduce((a, b) => a + b, 0)).toBe(1);
	return starts.indexOf(1);
}

const memorySamples = () => topo.memory();

beforeAll(async () => {
	const started = Date.now();
	trintMock = await startTrintMock({ port: 0, processingMs: 0 });
	tnxtMock = await startTrustNxtMock({ port: 0 });
	trintMock.seedTranscripts(LIST_TOTAL, { titlePrefix: 'Queued ' });

	const workflows = [
		webhookWorkflow(ID.list, PATHS.list, [trint('Trint', { resource: 'transcript', operation: 'getAll', returnAll: true, options: { parallelRequests: 4 } })]),
		webhookWorkflow(ID.upload, PATHS.upload, [
			trint('Upload', { resource: 'transcript', operation: 'upload', binaryPropertyName: 'data', language: 'en-GB', waitForTranscription: true, pollInterval: 10, maxWaitMinutes: 2, simplify: true, options: { metadata: 'queue-job' } }),
			trint('Export SRT', { resource: 'transcript', operation: 'export', transcriptId: byId('={{ $json.trintId }}'), format: 'srt', downloadFile: true, outputBinaryPropertyName: 'subtitles' }),
		]),
		webhookWorkflow(ID.urlUpload, PATHS.urlUpload, [trint('Upload', { resource: 'transcript', operation: 'upload', source: 'url', sourceUrl: '={{ $json.body.url }}', language: 'en' })]),
		webhookWorkflow(ID.protect, PATHS.protect, [
			tnxt('Protect', { resource: 'asset', operation: 'protect', binaryPropertyName: 'data', metadata: { title: 'Queued harbour', creator: 'Ana Example' } }),
			tnxt('Read Content Credentials', { resource: 'asset', operation: 'readContentCredentials', binaryPropertyName: 'data' }),
			tnxt('Inspect', { resource: 'asset', operation: 'inspect', binaryPropertyName: 'data' }),
		]),
		webhookWorkflow(ID.calls, PATHS.calls, [
			trint('Translate', { resource: 'translation', operation: 'create', transcriptId: byId('={{ $json.body.id }}'), targetLanguage: { __rl: true, mode: 'id', value: 'fr' }, waitForTranslation: true, pollInterval: 10, maxWaitMinutes: 2 }),
			trint('Push Stream', { resource: 'liveTranscript', operation: 'createPushStream' }),
			trint('Start Live', { resource: 'liveTranscript', operation: 'start', streamKey: '={{ $json.streamKey }}', options: { title: 'Queued council', language: 'en' } }),
		]),
		webhookWorkflow(ID.export, PATHS.export, [
			trint('Export', { resource: 'transcript', operation: 'export', transcriptId: byId('={{ $json.body.id }}'), format: 'docx', downloadFile: true }),
		]),
		webhookWorkflow(ID.batch, PATHS.batch, [tnxt('Protect', { resource: 'asset', operation: 'protect', binaryPropertyName: 'data', metadata: { title: 'Batch' } }), tnxt('Inspect', { resource: 'asset', operation: 'inspect', binaryPropertyName: 'data' })], {
			respond: 'onReceived',
		}),
		triggerWorkflow(ID.trigger, 'Queue mode: Trint Trigger', {
			name: 'Trint Trigger',
			type: TYPES.trintTrigger,
			webhookId: TRIGGER_WEBHOOK_ID,
			parameters: { authentication: 'keyAndSecret', registration: 'api', events: ['TRANSCRIPT_COMPLETE'], tokenSource: 'random' },
		}),
		triggerWorkflow(ID.poll, 'Queue mode: new transcripts (polling)', {
			name: 'New Transcripts',
			type: TYPES.trintNewTranscriptTrigger,
			parameters: { authentication: 'keyAndSecret', pollTimes: { item: [{ mode: 'everyHour' }] }, options: {} },
		}),
	];

	topo = await QueueTopology.start({
		tarball: await packPack(),
		workers: 2,
		concurrency: WORKER_CONCURRENCY,
		env: {
			N8N_BINARY_DATA_DATABASE_MAX_FILE_SIZE: DB_MAX_FILE_MIB === undefined ? undefined : String(DB_MAX_FILE_MIB),
			// A killed worker's job is declared stalled after its lock runs out (n8n's defaults: a
			// 60 s lock, checked every 30 s); shorter here so the fault case does not wait minutes.
			QUEUE_WORKER_LOCK_DURATION: '20000',
			QUEUE_WORKER_LOCK_RENEW_TIME: '5000',
			QUEUE_WORKER_STALLED_INTERVAL: '5000',
		},
	});
	n8n = topo.main;
	const credentials = sandboxCredentials({ trintOrigin: trintMock.origin, trustnxtOrigin: tnxtMock.origin });
	for (const credential of credentials) if (credential.type === 'trintApi') credential.data.translationBaseUrl = `${trintMock.origin}/translation`;
	await n8n.importCredentials(credentials);
	await n8n.importWorkflows(workflows);
	await n8n.activate(workflows.map((workflow) => workflow.id));
	await topo.startAll();
	figures.setupMs = Date.now() - started;
	figures.setup = { ...topo.timings };
	figures.memoryAtStart = memorySamples();
});

afterAll(async () => {
	try {
		await topo?.stop();
	} finally {
		await trintMock?.close();
		await tnxtMock?.close();
		process.stderr.write(`[queue-mode figures] ${JSON.stringify(figures)}\n`);
	}
});

test('the topology: Postgres, Redis, one main and two workers, each with the pack installed in its own user folder', async () => {
	expect(n8n.n8nVersion.startsWith('2.')).toBe(true);
	expect(topo.worker(0).done).toBe(false);
	expect(topo.worker(1).done).toBe(false);
	for (const index of [0, 1]) expect(topo.workerLog(index)).toContain('n8n worker is now ready');
	const folders = [n8n, ...topo.workers].map((instance) => instance.nodesFolder);
	expect(new Set(folders).size).toBe(3);
	for (const instance of [n8n, ...topo.workers]) expect(instance.packageNames.sort()).toEqual(packageInfo().map((info) => info.name).sort());
	expect(n8n.envFor()).toMatchObject({ EXECUTIONS_MODE: 'queue', DB_TYPE: 'postgresdb', QUEUE_BULL_REDIS_PORT: String(topo.redis.port) });
	// Binary data mode left to n8n, which picks `database` in queue mode (checked on stored files below).
	expect(n8n.envFor().N8N_DEFAULT_BINARY_DATA_MODE).toBeUndefined();
	// n8n's tables are in our Postgres, and the workflows with them.
	const rows = await topo.postgres.sql(`SELECT id FROM workflow_entity WHERE id IN ('${ID.list}', '${ID.batch}') ORDER BY id`);
	expect(rows).toHaveLength(2);
	expect(topo.logText()).not.toMatch(/Problem loading|Error loading|Unrecognized node type/i);
});

test(`Trint Get Many, Return All over ${LIST_TOTAL} transcripts with Parallel Requests 4 on a worker: each page asked once`, async () => {
	trintMock.clearRequests();
	const response = await callWebhook(PATHS.list, JSON.stringify({ go: true }));
	figures.listMs = response.ms;
	expect(response.status).toBe(200);
	const [execution] = await finishedExecutions(ID.list, 1);
	expect(execution.mode).toBe('webhook');
	expect(errorOf(execution)).toBeNull();
	const items = outputOf(execution, 'Trint');
	expect(items).toHaveLength(LIST_TOTAL);
	expect(new Set(items.map((item) => item.json.id)).size).toBe(LIST_TOTAL);
	expect(response.json.id).toBe(items[0].json.id);
	const pages = trintMock.requests.filter((request) => request.path.replace(/\/$/, '') === '/transcripts');
	expectListPages(pages, { total: LIST_TOTAL, parallel: 4 });
	await expectRanOnWorker(execution);
});

test('Trint Upload of a posted file and Export: main stores it in Postgres, a worker uploads it byte for byte', async () => {
	trintMock.clearRequests();
	const response = await callWebhook(PATHS.upload, mediaBytes, { 'content-type': 'audio/mpeg', 'content-disposition': 'attachment; filename="queued.mp3"' });
	figures.uploadMs = response.ms;
	expect(response.status).toBe(200);
	const [execution] = await finishedExecutions(ID.upload, 1);
	expect(errorOf(execution)).toBeNull();

	// n8n's default for queue mode: the file is a row of binary_data, not in the execution data.
	const [received] = outputOf(execution, 'Webhook');
	expect(received.binary.data.id).toMatch(/^database:/);
	expect(received.binary.data.data).not.toBe(mediaBytes.toString('base64'));
	expect(sha256(await topo.readBinary(received.binary.data))).toBe(sha256(mediaBytes));

	const uploads = trintMock.requests.filter((request) => request.method === 'POST' && request.path === '/');
	expect(uploads).toHaveLength(1);
	expect(trintMock.uploads).toHaveLength(1);
	expect(trintMock.uploads[0].bodySha256).toBe(sha256(mediaBytes));
	expect(trintMock.uploads[0].bodyLength).toBe(mediaBytes.length);
	expect(uploads[0].query).toMatchObject({ filename: 'queued.mp3', language: 'en-GB', metadata: 'queue-job' });

	const [uploaded] = outputOf(execution, 'Upload');
	expect(uploaded.json.trintId).toBe(trintMock.uploads[0].trintId);
	const [srt] = outputOf(execution, 'Export SRT');
	expect(srt.binary.subtitles.id).toMatch(/^database:/);
	expect(sha256(await topo.readBinary(srt.binary.subtitles))).toBe(sha256(trintMock.exportBytes(uploaded.json.trintId, 'srt')));
	await expectRanOnWorker(execution);
});

test('Trint Upload from a URL on a worker: the worker fetches the media and Trint receives it whole', async () => {
	const before = trintMock.uploads.length;
	const bytes = 3 * 1024 * 1024 + 7;
	const url = trintMock.mediaUrl('queued-url.mp3', { type: 'audio/mpeg', bytes });
	const response = await callWebhook(PATHS.urlUpload, JSON.stringify({ url }));
	expect(response.status).toBe(200);
	const [execution] = await finishedExecutions(ID.urlUpload, 1);
	expect(errorOf(execution)).toBeNull();
	expect(trintMock.uploads).toHaveLength(before + 1);
	expect(trintMock.uploads[before].bodyLength).toBe(bytes);
	expect(outputOf(execution, 'Upload')[0].json.trintId).toBe(trintMock.uploads[before].trintId);
	await expectRanOnWorker(execution);
});

test('TrustNXT Protect → Read Content Credentials → Inspect on a worker: billed once each, trusted', async () => {
	tnxtMock.reset();
	const response = await callWebhook(PATHS.protect, photoBytes, { 'content-type': 'image/jpeg', 'content-disposition': 'attachment; filename="harbour.jpg"' });
	figures.protectMs = response.ms;
	expect(response.status).toBe(200);
	const [execution] = await finishedExecutions(ID.protect, 1);
	expect(errorOf(execution)).toBeNull();
	const posts = (route) => tnxtMock.requests.filter((request) => request.method === 'POST' && request.path === route);
	expect(posts('/v1/protect')).toHaveLength(1);
	expect(posts('/v1/protect')[0].parts.find((entry) => entry.name === 'file')).toMatchObject({ filename: 'harbour.jpg', length: photoBytes.length, sha256: sha256(photoBytes) });
	expect(tnxtMock.usage).toEqual({ protectCalls: 1, inspectCalls: 1 });

	const [protectedItem] = outputOf(execution, 'Protect');
	expect(protectedItem.binary.data.id).toMatch(/^database:/);
	const protectedBytes = await topo.readBinary(protectedItem.binary.data);
	expect(sha256(protectedBytes)).not.toBe(sha256(photoBytes));
	// Read Content Credentials reads the protected file locally, on the worker.
	const [read] = outputOf(execution, 'Read Content Credentials');
	expect(typeof read.json.hasContentCredentials).toBe('boolean');
	figures.readContentCredentials = read.json.hasContentCredentials;
	const [inspected] = outputOf(execution, 'Inspect');
	expect(inspected.json.verdict).toBe('trusted');
	expect(posts('/v1/inspect')[0].parts.find((entry) => entry.name === 'file').sha256).toBe(sha256(protectedBytes));
	await expectRanOnWorker(execution);
});

test('Trint Translation and Live Transcript calls on a worker', async () => {
	const transcript = trintMock.addTranscript({ title: 'queue-calls.mp3' });
	const response = await callWebhook(PATHS.calls, JSON.stringify({ id: transcript.id }));
	const [execution] = await finishedExecutions(ID.calls, 1);
	expect(errorOf(execution)).toBeNull();
	expect(response.status).toBe(200);
	expect(outputOf(execution, 'Translate')).toHaveLength(1);
	expect(outputOf(execution, 'Push Stream')[0].json.streamKey).toBeTruthy();
	expect(outputOf(execution, 'Start Live')[0].json.trintId).toBeTruthy();
	await expectRanOnWorker(execution);
});

test('Trint Trigger with two workers: each TRANSCRIPT_COMPLETE yields exactly one execution', async () => {
	const registered = [...trintMock.callbacks.keys()].filter((url) => url.includes(`/webhook/${TRIGGER_WEBHOOK_ID}/webhook?token=`));
	expect(registered).toHaveLength(1);
	const uploadedId = trintMock.uploads[0].trintId;
	const transcripts = Array.from({ length: 4 }, (_, index) => trintMock.addTranscript({ title: `queued-meeting-${index}.mp3`, metadata: `job-q${index}` }));
	for (const transcript of transcripts) {
		const deliveries = await trintMock.fireEvent({ eventType: 'TRANSCRIPT_COMPLETE', transcriptId: transcript.id });
		expect(deliveries.map((delivery) => delivery.status)).toEqual([200]);
	}
	// The two uploads above completed on their own (the mock called back), then the four events.
	const expected = 2 + transcripts.length;
	const list = await finishedExecutions(ID.trigger, expected);
	await sleep(3000);
	const again = await topo.executions({ workflowId: ID.trigger, withData: false });
	expect(again).toHaveLength(expected);
	const ids = list.map((execution) => outputOf(execution, 'Trint Trigger')[0].json.transcriptId);
	expect(ids).toEqual(expect.arrayContaining([uploadedId, ...transcripts.map((t) => t.id)]));
	expect(new Set(ids).size).toBe(expected);
	for (const execution of list) {
		expect(execution.status).toBe('success');
		await expectRanOnWorker(execution);
	}
});

test(`database binary mode: an export under n8n's size limit is stored whole; one over it fails with n8n's error naming the limit and the setting`, async () => {
	const limitMiB = DB_MAX_FILE_MIB ?? 512;
	const small = trintMock.addTranscript({ title: 'queue-under-limit.mp3' });
	const large = trintMock.addTranscript({ title: 'queue-over-limit.mp3' });
	const under = BIG ? 400 * 1024 * 1024 : Math.floor((limitMiB - 4) * 1024 * 1024);
	const over = BIG ? 1024 * 1024 * 1024 : (limitMiB + 4) * 1024 * 1024;
	trintMock.setExportSize(small.id, 'docx', under);
	trintMock.setExportSize(large.id, 'docx', over);
	const before = memorySamples();

	const ok = await callWebhook(PATHS.export, JSON.stringify({ id: small.id }));
	expect(ok.status).toBe(200);
	const afterUnder = memorySamples();
	const failed = await callWebhook(PATHS.export, JSON.stringify({ id: large.id }));
	const afterOver = memorySamples();
	const [okRun, failedRun] = await finishedExecutions(ID.export, 2);
	expect(errorOf(okRun)).toBeNull();
	const [exported] = outputOf(okRun, 'Export');
	expect(exported.binary.data.id).toMatch(/^database:/);
	const [row] = await topo.postgres.sql(`SELECT "fileSize" AS size FROM binary_data WHERE "fileId" = '${exported.binary.data.id.slice('database:'.length)}'`);
	expect(Number(row.size)).toBe(under);
	if (!BIG) expect(sha256(await topo.readBinary(exported.binary.data))).toBe(trintMock.exportSha256(small.id, 'docx'));

	const error = errorOf(failedRun);
	expect(error).not.toBeNull();
	figures.databaseModeOverError = error.message.slice(0, 600);
	if (over / (1024 * 1024) > limitMiB) expect(error.message).toMatch(new RegExp(`exceeds the max size limit of ${limitMiB} MB set for \`database\` mode`));
	if (over / (1024 * 1024) > limitMiB) expect(error.message).toContain('N8N_BINARY_DATA_DATABASE_MAX_FILE_SIZE');
	expect(failed.status).toBeGreaterThanOrEqual(200);
	const worker = await expectRanOnWorker(failedRun);
	figures.databaseMode = { limitMiB, underBytes: under, overBytes: over, before, afterUnder, afterOver, workerOfOver: worker, exportUnderMs: ok.ms, exportOverMs: failed.ms };
});

(BIG ? test : test.skip)('1 GiB posted to a webhook in database mode: main stores or refuses it, memory measured', async () => {
	const size = 1024 * 1024 * 1024;
	const chunk = crypto.randomBytes(1024 * 1024);
	let sent = 0;
	const body = new ReadableStream({
		pull(controller) {
			if (sent >= size) return controller.close();
			controller.enqueue(chunk);
			sent += chunk.length;
		},
	});
	const before = memorySamples();
	let peakMain = 0;
	const sampler = setInterval(() => (peakMain = Math.max(peakMain, memorySamples().main?.rssMiB ?? 0)), 200);
	const started = Date.now();
	let status;
	let text;
	try {
		const response = await fetch(`${n8n.baseUrl}/webhook/${PATHS.upload}`, { method: 'POST', headers: { 'content-type': 'audio/mpeg' }, body, duplex: 'half', signal: AbortSignal.timeout(10 * 60 * 1000) });
		status = response.status;
		text = await response.text();
	} finally {
		clearInterval(sampler);
	}
	figures.bigUpload = { status, ms: Date.now() - started, before, after: memorySamples(), peakMainRssMiB: peakMain, answer: String(text).slice(0, 400) };
	const limitMiB = DB_MAX_FILE_MIB ?? 512;
	// Over n8n's limit main refuses it; at 1024 (n8n's maximum) n8n's own check lets 1 GiB through.
	if (limitMiB < 1024) expect(status).toBeGreaterThanOrEqual(400);
	figures.bigUploadLog = topo.mainLog().split('\n').filter((line) => /too large|exceeds|alloc|bytea|out of memory/i.test(line)).slice(0, 5);
});

test('Redis restarted while executions are queued: none lost, none run twice', async () => {
	tnxtMock.reset();
	tnxtMock._server.setLatency(600);
	const count = 16; // more than the two workers take at once (2 × concurrency 5)
	const before = (await topo.executions({ workflowId: ID.batch, withData: false })).length;
	const answers = await Promise.all(
		Array.from({ length: count }, (_, index) =>
			callWebhook(PATHS.batch, sampleJpeg(8 * 1024 + index, `redis-${index}`), { 'content-type': 'image/jpeg', 'content-disposition': `attachment; filename="redis-${index}.jpg"` }),
		),
	);
	expect(answers.map((answer) => answer.status)).toEqual(Array(count).fill(200));
	const restartedAt = Date.now();
	await topo.redis.restart({ downMs: 2000 });
	const list = (await finishedExecutions(ID.batch, before + count, { timeoutMs: 180000 })).slice(before);
	tnxtMock._server.setLatency(0);
	const statuses = list.map((execution) => execution.status);
	const starts = list.map((execution) => startsOf(execution.id).reduce((a, b) => a + b, 0));
	const protectShas = tnxtMock.requests.filter((request) => request.path === '/v1/protect').map((request) => request.parts.find((part) => part.name === 'file').sha256);
	figures.redisRestart = { queued: count, statuses: countBy(statuses), workerStarts: countBy(starts), billedProtect: tnxtMock.usage.protectCalls, distinctFiles: new Set(protectShas).size, recoveredMs: Date.now() - restartedAt };
	expect(list).toHaveLength(count);
	expect(statuses).toEqual(Array(count).fill('success'));
	expect(starts).toEqual(Array(count).fill(1));
	expect(tnxtMock.usage.protectCalls).toBe(count);
	expect(new Set(protectShas).size).toBe(count);
});

function countBy(values) {
	const counts = {};
	for (const value of values) counts[value] = (counts[value] || 0) + 1;
	return counts;
}

/** `n` Protect + Inspect executions posted at once; resolves to executions per second, from the first post to the last finish. */
async function throughput(n, label) {
	const before = (await topo.executions({ workflowId: ID.batch, withData: false })).length;
	const files = Array.from({ length: n }, (_, index) => sampleJpeg(8 * 1024 + index, `${label}-${index}`));
	const usage = { ...tnxtMock.usage };
	const started = Date.now();
	const answers = await Promise.all(files.map((file, index) => callWebhook(PATHS.batch, file, { 'content-type': 'image/jpeg', 'content-disposition': `attachment; filename="${label}-${index}.jpg"` })));
	expect(answers.every((answer) => answer.status === 200)).toBe(true);
	const postedMs = Date.now() - started; // main took every webhook and enqueued its execution
	await waitFor(
		async () => {
			const list = (await topo.executions({ workflowId: ID.batch, withData: false })).slice(before);
			return list.length === n && list.every((execution) => FINISHED.includes(execution.status));
		},
		{ what: `${n} batch executions`, timeoutMs: 10 * 60 * 1000, intervalMs: 100 },
	);
	const seconds = (Date.now() - started) / 1000;
	const list = (await topo.executions({ workflowId: ID.batch, withData: false })).slice(before);
	expect(list.map((execution) => execution.status)).toEqual(Array(n).fill('success'));
	expect(tnxtMock.usage.protectCalls - usage.protectCalls).toBe(n);
	const byWorker = topo.workers.map((_, index) => list.filter((execution) => startsOf(execution.id)[index] === 1).length);
	// The workers' own window: first start to last stop, as n8n stored them.
	const window = (Math.max(...list.map((e) => Date.parse(e.stoppedAt))) - Math.min(...list.map((e) => Date.parse(e.startedAt)))) / 1000;
	return { n, seconds, perSecond: Math.round((n / seconds) * 100) / 100, postedMs, workersWindowS: window, byWorker };
}

test(`throughput: ${THROUGHPUT_N} Protect + Inspect executions at a 50 ms round trip, two workers then one (concurrency ${WORKER_CONCURRENCY} each)`, async () => {
	tnxtMock._server.setLatency(50);
	try {
		const two = await throughput(THROUGHPUT_N, 'two');
		await topo.stopWorker(1);
		const one = await throughput(THROUGHPUT_N, 'one');
		figures.throughput = { workerConcurrency: WORKER_CONCURRENCY, roundTripMs: 50, twoWorkers: two, oneWorker: one, ratio: Math.round((two.perSecond / one.perSecond) * 100) / 100 };
		// Both workers took work when both ran; the one left took everything after.
		expect(two.byWorker.every((count) => count > 0)).toBe(true);
		expect(one.byWorker).toEqual([THROUGHPUT_N, 0]);
	} finally {
		tnxtMock._server.setLatency(0);
		if (!topo.worker(1) || topo.worker(1).done) await topo.startWorker(1);
	}
});

test('a worker killed (SIGKILL) in the middle of a batch of Protect calls: no billed call repeated, none run twice, its executions failed as n8n fails a stalled job (MaxStalledCountError), the rest run on the other worker', async () => {
	tnxtMock.reset();
	tnxtMock._server.setLatency(1500);
	const count = 20;
	const before = (await topo.executions({ workflowId: ID.batch, withData: false })).length;
	const answers = await Promise.all(
		Array.from({ length: count }, (_, index) =>
			callWebhook(PATHS.batch, sampleJpeg(8 * 1024 + index, `kill-${index}`), { 'content-type': 'image/jpeg', 'content-disposition': `attachment; filename="kill-${index}.jpg"` }),
		),
	);
	expect(answers.every((answer) => answer.status === 200)).toBe(true);
	// Kill the first worker in the middle: once some Protect calls were answered and others are in flight.
	await waitFor(() => tnxtMock.usage.protectCalls >= 2, { what: 'the first Protect calls to be answered', timeoutMs: QUEUE_WAIT_MS });
	const billedAtKill = tnxtMock.usage.protectCalls;
	await topo.killWorker(0);
	const killedAt = Date.now();

	// The other worker finishes what it has and what is still queued. The killed worker's jobs
	// stall once their lock runs out; n8n runs its queue with maxStalledCount 0, so Bull fails
	// them instead of handing them to another worker, and main records each as failed.
	const list = await finishedExecutions(ID.batch, before + count, { timeoutMs: 180000 });
	figures.workerKilledSettledMs = Date.now() - killedAt;
	tnxtMock._server.setLatency(0);
	const batch = list.slice(before);
	const statuses = countBy(batch.map((execution) => execution.status));
	const starts = batch.map((execution) => startsOf(execution.id));
	const protectShas = tnxtMock.requests.filter((request) => request.path === '/v1/protect').map((request, index) => request.parts?.find((part) => part.name === 'file')?.sha256 ?? `incomplete request #${index}`);
	const protectedFiles = batch.filter((execution) => execution.status === 'success' && outputOf(execution, 'Protect').length === 1).length;
	figures.workerKilled = {
		batch: count,
		statuses,
		onKilledWorker: starts.filter((s) => s[0] === 1).length,
		finishedOnKilledWorker: batch.filter((execution) => topo.workerLog(0).includes(`Worker finished execution ${execution.id} `)).length,
		onSurvivor: starts.filter((s) => s[1] === 1).length,
		billedProtectAtKill: billedAtKill,
		billedProtect: tnxtMock.usage.protectCalls,
		distinctFilesBilled: new Set(protectShas).size,
		protectedFilesInN8n: protectedFiles,
	};
	// No billed call repeated: every Protect the API received was for a different file.
	expect(new Set(protectShas).size).toBe(protectShas.length);
	// No execution started twice, on either worker.
	for (const s of starts) expect(s[0] + s[1]).toBeLessThanOrEqual(1);
	// What ran on the survivor succeeded; what the killed worker held failed with n8n's
	// MaxStalledCountError (workflow-runner.js: a job that "stalled more than maxStalledCount").
	const victimLog = topo.workerLog(0);
	for (const [index, execution] of batch.entries()) {
		if (starts[index][1] === 1 || victimLog.includes(`Worker finished execution ${execution.id} `)) expect(execution.status).toBe('success');
		else {
			expect(execution.status).toBe('error');
			expect(errorOf(execution).message).toMatch(/failed to be processed too many times and will no longer retry/);
		}
	}
	expect(statuses.error).toBeGreaterThan(0);
	// Every file the API billed is a protected file in n8n, except those the killed worker had in flight.
	expect(protectedFiles).toBe(statuses.success);
	expect(tnxtMock.usage.protectCalls).toBeGreaterThanOrEqual(protectedFiles);
	expect(tnxtMock.usage.protectCalls - protectedFiles).toBeLessThanOrEqual(WORKER_CONCURRENCY);
	await topo.startWorker(0);
});

test('Trint New Transcript Trigger (polling) across a main restart: the poll at start emits each new transcript once, on a worker', async () => {
	// Main polls at its start, and the execution goes to a worker. The workflow's own hourly poll
	// may also have run by now (when the suite spans the top of an hour): what it emitted must not
	// come again, and a transcript added just before the restart must come from the poll at start.
	const earlier = await topo.executions({ workflowId: ID.poll, withData: false });
	const added = trintMock.addTranscript({ title: 'queue-before-restart.mp3' });
	const port = n8n.port;
	const started = Date.now();
	await n8n.stop();
	await n8n.start({ port });
	figures.mainRestartMs = Date.now() - started;
	await finishedExecutions(ID.poll, earlier.length + 1, { timeoutMs: 60000 });
	await sleep(3000);
	const all = await topo.executions({ workflowId: ID.poll });
	const emittedBy = (execution) => outputOf(execution, 'New Transcripts').map((item) => item.json.id ?? item.json.trintId);
	const emitted = all.flatMap(emittedBy);
	expect(new Set(emitted).size).toBe(emitted.length);
	const atStart = all.filter((execution) => Date.parse(execution.startedAt) >= started);
	expect(atStart).toHaveLength(1);
	expect(emittedBy(atStart[0])).toContain(added.id);
	for (const execution of all) {
		expect(execution.status).toBe('success');
		await expectRanOnWorker(execution);
	}
	figures.poll = { executions: all.length, beforeRestart: earlier.length, emitted: emitted.length };
});

test('no key or secret anywhere in what main and the workers printed or stored', async () => {
	const stored = await topo.postgres.sql('SELECT data FROM credentials_entity');
	const texts = [...RUN_OUTPUTS, JSON.stringify(stored)];
	for (const instance of [n8n, ...topo.workers]) {
		const report = scanForSecrets(instance, { texts: instance === n8n ? texts : [] });
		expect(report.hits).toEqual([]);
	}
});
