'use strict';
// The pack in n8n's queue (scaling) mode: Redis, a main process (`n8n start`) that takes the
// webhooks and enqueues the executions, and one `n8n worker` that runs them. Main and worker share
// the user folder, so the SQLite database and the filesystem binary data are shared, as a
// one-machine scaling setup is. Every run starts with an HTTP call to a production webhook (in
// queue mode `n8n execute` would run in its own process, not on the worker), and every execution
// is checked to have been enqueued by main and run by the worker, from their logs.
const crypto = require('node:crypto');
const { spawn, execFileSync } = require('node:child_process');
const net = require('node:net');
const path = require('node:path');
const { N8nInstance, packPack, outputOf, errorOf, freePort, sandboxCredentials, SANDBOX_CREDENTIAL_IDS } = require('./harness');
const { startTrintMock } = require('../mocks/trint-mock');
const { startTrustNxtMock, sampleJpeg } = require('../mocks/trustnxt-mock');
const { TYPES } = require('./workflows');
const { expectListPages } = require('./pages');
const { scanForSecrets } = require('./secrets');

jest.setTimeout(20 * 60 * 1000);

const REPO_ROOT = path.resolve(__dirname, '..', '..');
const sha256 = (data) => crypto.createHash('sha256').update(data).digest('hex');
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

const TRINT = { trintApi: { id: SANDBOX_CREDENTIAL_IDS.trintApi, name: 'Trint sandbox (Key ID & Secret)' } };
const TNXT = { trustNxtApi: { id: SANDBOX_CREDENTIAL_IDS.trustNxtApi, name: 'TrustNXT sandbox' } };

const ID = { list: 'queueTrintList01', upload: 'queueTrintUpload1', protect: 'queueTnxtProtect', trigger: 'queueTrintTrigger' };
const PATHS = { list: 'queue-trint-list', upload: 'queue-trint-upload', protect: 'queue-tnxt-protect' };
const TRIGGER_WEBHOOK_ID = '9a7e0c11-0001-4c2b-8d3e-5f6a7b8c9d01';

/** Webhook (production URL /webhook/<path>, answers with the last node's first item) → nodes. */
function webhookWorkflow(id, urlPath, nodes) {
	const all = [
		{
			id: `${id}-hook`,
			name: 'Webhook',
			type: 'n8n-nodes-base.webhook',
			typeVersion: 2,
			position: [0, 0],
			webhookId: crypto.createHash('md5').update(id).digest('hex').replace(/^(.{8})(.{4})(.{4})(.{4})(.{12})$/, '$1-$2-$3-$4-$5'),
			parameters: { httpMethod: 'POST', path: urlPath, responseMode: 'lastNode', options: {} },
		},
		...nodes.map((node, index) => ({ id: `${id}-n${index}`, typeVersion: 1, position: [220 * (index + 1), 0], ...node })),
	];
	const connections = {};
	for (let index = 0; index < all.length - 1; index++) connections[all[index].name] = { main: [[{ node: all[index + 1].name, type: 'main', index: 0 }]] };
	return { id, name: `Queue mode: ${urlPath}`, active: false, nodes: all, connections, settings: { executionOrder: 'v1' }, pinData: {} };
}

function trint(name, parameters) {
	return { name, type: TYPES.trint, parameters: { authentication: 'keyAndSecret', ...parameters }, credentials: TRINT };
}

function tnxt(name, parameters) {
	return { name, type: TYPES.trustNxt, parameters, credentials: TNXT };
}

const byId = (value) => ({ __rl: true, mode: 'id', value });

// ---- Redis: our own server on a free port, nothing saved to disk.

let redis;

function redisPing(port) {
	return new Promise((resolve) => {
		const socket = net.connect(port, '127.0.0.1');
		let answer = '';
		socket.setTimeout(1000, () => socket.destroy());
		socket.on('connect', () => socket.write('PING\r\n'));
		socket.on('data', (chunk) => {
			answer += chunk;
			if (answer.includes('\r\n')) socket.end();
		});
		socket.on('close', () => resolve(answer.startsWith('+PONG')));
		socket.on('error', () => resolve(false));
	});
}

async function startRedis() {
	const binary = execFileSync('bash', [path.join(REPO_ROOT, 'scripts', 'ensure-redis.sh')], { encoding: 'utf8' }).trim().split('\n').pop();
	const port = await freePort();
	const child = spawn(binary, ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: ['ignore', 'pipe', 'pipe'] });
	let output = '';
	child.stdout.on('data', (chunk) => (output += chunk));
	child.stderr.on('data', (chunk) => (output += chunk));
	const exited = new Promise((resolve) => child.on('close', resolve));
	const deadline = Date.now() + 15000;
	while (!(await redisPing(port))) {
		if (child.exitCode !== null || Date.now() > deadline) throw new Error(`redis-server did not start:\n${output}`);
		await sleep(100);
	}
	return {
		port,
		async stop() {
			if (child.exitCode === null) child.kill('SIGTERM');
			await exited;
		},
	};
}

// ---- The instance.

let trintMock;
let tnxtMock;
let n8n;
const RUN_OUTPUTS = [];
const timings = {};
const mediaBytes = (() => {
	const bytes = crypto.randomBytes(2 * 1024 * 1024 + 13);
	bytes.write('ID3', 0, 'latin1');
	return bytes;
})();
const photoBytes = sampleJpeg(200 * 1024 + 5, 'queue-photo');

const mainLog = () => n8n.processes.get('main')?.output() ?? '';
const workerLog = () => n8n.processes.get('worker')?.output() ?? '';

/** POSTs to a production webhook; resolves to { status, json, text }. */
async function callWebhook(urlPath, body, headers) {
	const started = Date.now();
	const response = await fetch(`${n8n.baseUrl}/webhook/${urlPath}`, { method: 'POST', headers, body, signal: AbortSignal.timeout(5 * 60 * 1000) });
	const text = await response.text();
	RUN_OUTPUTS.push(text);
	let json;
	try {
		json = JSON.parse(text);
	} catch {
		json = undefined;
	}
	return { status: response.status, json, text, ms: Date.now() - started };
}

async function waitFor(check, { timeoutMs = 60000, what }) {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const value = await check();
		if (value) return value;
		if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
		await sleep(250);
	}
}

/** The workflow's finished executions, once there are `count` and none still running. */
async function finishedExecutions(workflowId, count) {
	return waitFor(
		async () => {
			const list = await n8n.listExecutions({ workflowId });
			for (const execution of list) RUN_OUTPUTS.push(execution.data);
			const done = list.filter((execution) => ['success', 'error', 'crashed'].includes(execution.status));
			return done.length >= count && done.length === list.length ? list : null;
		},
		{ what: `${count} finished execution(s) of ${workflowId}` },
	);
}

/** Main enqueued the execution and the worker (not main) ran it. */
async function expectRanOnWorker(execution) {
	const id = execution.id;
	await waitFor(() => workerLog().includes(`Worker finished execution ${id} `), { timeoutMs: 15000, what: `the worker to log execution ${id}` });
	expect(mainLog()).toContain(`Enqueued execution ${id} `);
	expect(workerLog()).toContain(`Worker started execution ${id} `);
	expect(mainLog()).not.toContain(`Worker started execution ${id} `);
}

beforeAll(async () => {
	const started = Date.now();
	redis = await startRedis();
	trintMock = await startTrintMock({ port: 0, processingMs: 0 });
	tnxtMock = await startTrustNxtMock({ port: 0 });
	trintMock.seedTranscripts(2500, { titlePrefix: 'Queued ' });

	const workflows = [
		webhookWorkflow(ID.list, PATHS.list, [trint('Trint', { resource: 'transcript', operation: 'getAll', returnAll: true })]),
		webhookWorkflow(ID.upload, PATHS.upload, [
			trint('Upload', { resource: 'transcript', operation: 'upload', binaryPropertyName: 'data', language: 'en-GB', waitForTranscription: true, pollInterval: 10, maxWaitMinutes: 2, simplify: true, options: { metadata: 'queue-job' } }),
			trint('Export SRT', { resource: 'transcript', operation: 'export', transcriptId: byId('={{ $json.trintId }}'), format: 'srt', downloadFile: true, outputBinaryPropertyName: 'subtitles' }),
		]),
		webhookWorkflow(ID.protect, PATHS.protect, [
			tnxt('Protect', { resource: 'asset', operation: 'protect', binaryPropertyName: 'data', metadata: { title: 'Queued harbour', creator: 'Ana Example' } }),
			tnxt('Inspect', { resource: 'asset', operation: 'inspect', binaryPropertyName: 'data' }),
		]),
		{
			id: ID.trigger,
			name: 'Queue mode: Trint Trigger',
			active: false,
			nodes: [
				{
					id: `${ID.trigger}-t`,
					name: 'Trint Trigger',
					type: TYPES.trintTrigger,
					typeVersion: 1,
					position: [0, 0],
					webhookId: TRIGGER_WEBHOOK_ID,
					parameters: { authentication: 'keyAndSecret', registration: 'api', events: ['TRANSCRIPT_COMPLETE'], tokenSource: 'random' },
					credentials: TRINT,
				},
			],
			connections: {},
			settings: { executionOrder: 'v1' },
			pinData: {},
		},
	];

	n8n = await N8nInstance.create({ tarball: await packPack(), queue: { redisPort: redis.port } });
	await n8n.importCredentials(sandboxCredentials({ trintOrigin: trintMock.origin, trustnxtOrigin: tnxtMock.origin }));
	await n8n.importWorkflows(workflows);
	await n8n.activate(workflows.map((workflow) => workflow.id));
	await n8n.start();
	timings.setupMs = Date.now() - started;
	timings.n8n = { ...n8n.timings };
});

afterAll(async () => {
	try {
		await n8n?.destroy();
	} finally {
		await trintMock?.close();
		await tnxtMock?.close();
		await redis?.stop();
		process.stderr.write(`[queue-mode timings] ${JSON.stringify(timings)}\n`);
	}
});

test('main and worker run in queue mode, on Redis, with filesystem binary data', () => {
	expect(n8n.n8nVersion.startsWith('2.')).toBe(true);
	expect(n8n.processes.get('worker')).toBeDefined();
	expect(n8n.processes.get('worker').done).toBe(false);
	expect(workerLog()).toContain('n8n worker is now ready');
	expect(n8n.envFor()).toMatchObject({ EXECUTIONS_MODE: 'queue', QUEUE_BULL_REDIS_PORT: String(redis.port), N8N_DEFAULT_BINARY_DATA_MODE: 'filesystem' });
	expect(n8n.logText()).not.toMatch(/Problem loading|Error loading|Unrecognized node type/i);
});

test('Trint Get Many, Return All over 2,500 transcripts: the 3 pages each asked once, run by the worker', async () => {
	trintMock.clearRequests();
	const response = await callWebhook(PATHS.list, JSON.stringify({ go: true }), { 'content-type': 'application/json' });
	timings.listMs = response.ms;
	expect(response.status).toBe(200);
	const [execution] = await finishedExecutions(ID.list, 1);
	expect(execution.mode).toBe('webhook');
	expect(errorOf(execution)).toBeNull();
	const items = outputOf(execution, 'Trint');
	expect(items).toHaveLength(2500);
	expect(new Set(items.map((item) => item.json.id)).size).toBe(2500);
	// The webhook answered with the first transcript the worker produced.
	expect(response.json.id).toBe(items[0].json.id);
	const pages = trintMock.requests.filter((request) => request.path.replace(/\/$/, '') === '/transcripts');
	// Pages 0, 1000 and 2000, each asked once, read ahead 4 at a time: at most 3 past the end.
	expectListPages(pages, { total: 2500 });
	await expectRanOnWorker(execution);
});

test('Trint Upload of a file posted to the webhook: main stores it, the worker uploads it byte for byte and exports SRT', async () => {
	trintMock.clearRequests();
	const response = await callWebhook(PATHS.upload, mediaBytes, { 'content-type': 'audio/mpeg', 'content-disposition': 'attachment; filename="queued.mp3"' });
	timings.uploadMs = response.ms;
	expect(response.status).toBe(200);
	const [execution] = await finishedExecutions(ID.upload, 1);
	expect(errorOf(execution)).toBeNull();

	// The webhook's binary went to the shared filesystem store, not into the execution data.
	const [received] = outputOf(execution, 'Webhook');
	expect(received.binary.data.id).toMatch(/^filesystem(-v2)?:/);
	expect(received.binary.data.data).not.toBe(mediaBytes.toString('base64'));
	expect(sha256(n8n.readBinary(received.binary.data))).toBe(sha256(mediaBytes));

	// Exactly one upload, and the bytes Trint received are the bytes posted to n8n.
	const uploads = trintMock.requests.filter((request) => request.method === 'POST' && request.path === '/');
	expect(uploads).toHaveLength(1);
	expect(trintMock.uploads).toHaveLength(1);
	expect(trintMock.uploads[0].bodySha256).toBe(sha256(mediaBytes));
	expect(trintMock.uploads[0].bodyLength).toBe(mediaBytes.length);
	expect(trintMock.uploads[0].contentType).toBe('audio/mpeg');
	expect(uploads[0].query).toMatchObject({ filename: 'queued.mp3', language: 'en-GB', metadata: 'queue-job' });

	// The SRT the worker downloaded is stored on disk and is exactly what the link served.
	const [uploaded] = outputOf(execution, 'Upload');
	expect(uploaded.json.trintId).toBe(trintMock.uploads[0].trintId);
	const [srt] = outputOf(execution, 'Export SRT');
	expect(srt.binary.subtitles.id).toMatch(/^filesystem(-v2)?:/);
	expect(sha256(n8n.readBinary(srt.binary.subtitles))).toBe(sha256(trintMock.exportBytes(uploaded.json.trintId, 'srt')));
	expect(response.json).toMatchObject({ format: 'srt' });
	await expectRanOnWorker(execution);
});

test('TrustNXT Protect → Inspect on an image posted to the webhook: trusted', async () => {
	tnxtMock.reset();
	const response = await callWebhook(PATHS.protect, photoBytes, { 'content-type': 'image/jpeg', 'content-disposition': 'attachment; filename="harbour.jpg"' });
	timings.protectMs = response.ms;
	expect(response.status).toBe(200);
	const [execution] = await finishedExecutions(ID.protect, 1);
	expect(errorOf(execution)).toBeNull();

	const posts = (route) => tnxtMock.requests.filter((request) => request.method === 'POST' && request.path === route);
	expect(posts('/v1/protect')).toHaveLength(1);
	const sent = posts('/v1/protect')[0].parts.find((entry) => entry.name === 'file');
	expect(sent).toMatchObject({ filename: 'harbour.jpg', length: photoBytes.length, sha256: sha256(photoBytes) });
	expect(posts('/v1/inspect')).toHaveLength(1);
	expect(tnxtMock.usage).toEqual({ protectCalls: 1, inspectCalls: 1 });

	const [inspected] = outputOf(execution, 'Inspect');
	expect(inspected.json.verdict).toBe('trusted');
	expect(response.json.verdict).toBe('trusted');
	// What Inspect checked is the protected file the worker stored, byte for byte.
	const [protectedItem] = outputOf(execution, 'Protect');
	const protectedBytes = n8n.readBinary(protectedItem.binary.data);
	expect(posts('/v1/inspect')[0].parts.find((entry) => entry.name === 'file').sha256).toBe(sha256(protectedBytes));
	expect(sha256(protectedBytes)).not.toBe(sha256(photoBytes));
	await expectRanOnWorker(execution);
});

test('Trint Trigger: each TRANSCRIPT_COMPLETE from Trint yields exactly one execution, on the worker', async () => {
	// Main (the leader) registered the production URL with Trint when it activated the workflow.
	const registered = [...trintMock.callbacks.keys()].filter((url) => url.includes(`/webhook/${TRIGGER_WEBHOOK_ID}/webhook?token=`));
	expect(registered).toHaveLength(1);
	expect(registered[0].startsWith(`${n8n.baseUrl}/`)).toBe(true);

	// The upload above finished transcribing, and Trint (the mock) called back on its own: one execution.
	const uploadedId = trintMock.uploads[0].trintId;
	const [fromUpload] = await finishedExecutions(ID.trigger, 1);
	expect(outputOf(fromUpload, 'Trint Trigger').map((item) => item.json)).toEqual([
		expect.objectContaining({ eventType: 'TRANSCRIPT_COMPLETE', transcriptId: uploadedId, title: 'queued.mp3', metadata: 'queue-job' }),
	]);
	await expectRanOnWorker(fromUpload);

	// An event fired now: exactly one more.
	const transcript = trintMock.addTranscript({ title: 'queued-meeting.mp3', metadata: 'job-q' });
	const deliveries = await trintMock.fireEvent({ eventType: 'TRANSCRIPT_COMPLETE', transcriptId: transcript.id });
	expect(deliveries.map((delivery) => delivery.status)).toEqual([200]);
	const list = await finishedExecutions(ID.trigger, 2);
	expect(list).toHaveLength(2);
	const execution = list[1];
	expect(execution.mode).toBe('webhook');
	expect(execution.status).toBe('success');
	expect(outputOf(execution, 'Trint Trigger').map((item) => item.json)).toEqual([
		{ eventType: 'TRANSCRIPT_COMPLETE', transcriptId: transcript.id, title: 'queued-meeting.mp3', user: 'user@example.com', metadata: 'job-q' },
	]);
	await expectRanOnWorker(execution);
	// Still exactly two a few seconds later: neither main nor the worker ran one a second time.
	await sleep(3000);
	expect(await n8n.listExecutions({ workflowId: ID.trigger })).toHaveLength(2);
	for (const run of list) expect(workerLog().split(`Worker started execution ${run.id} `).length - 1).toBe(1);
});

test('no key or secret anywhere in what main and worker printed or stored', () => {
	const report = scanForSecrets(n8n, { texts: RUN_OUTPUTS });
	expect(report.scanned.places).toBeGreaterThan(3);
	expect(report.hits).toEqual([]);
});
