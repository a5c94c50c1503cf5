'use strict';
// Upload from a URL, translations and live transcripts inside a real n8n (binaries on disk,
// filesystem mode), only what a running n8n shows: the installed package running one workflow of
// each family (what Trint and the source received byte for byte, what n8n stored or did not
// store), the cross-origin redirect of a source, an error item whose text could carry a stream
// key, and secrets (the key, a source's own token, live stream keys) nowhere they must not be in
// n8n's log, runs and database. Bad input and faults of these operations run in-process on n8n's
// engine: test/unit/operations/trint-url-source-faults.test.js,
// test/unit/operations/trint-live-translation-faults.test.js, trint-translation.test.js,
// trint-live-transcript.test.js and trint-transcript.test.js.
const crypto = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');
const { N8nInstance, packPack, outputOf, errorOf } = require('./harness');
const { startTrintMock, TRINT_FIXTURES } = require('../mocks/trint-mock');
const { chainWorkflow, trintNode, byId } = require('./workflows');
const { scanForSecrets, recordRunOutputs } = require('./secrets');

jest.setTimeout(10 * 60 * 1000);

const RUN_OUTPUTS = [];
/** A source's own token: goes to the source, never to Trint, and is masked in errors. */
const SOURCE_TOKEN = 'source-token-5f2c9e1a7b';
/** Stream keys seen in this suite; they may be in a push stream's output only. */
const STREAM_KEYS = [];
const ERROR_TEXTS = [];
/** Every run of this suite, for the stream-key scan. */
const RUNS = [];

let trint;
let elsewhere;
let n8n;
const flows = {};
const creds = {};
let ready;

const sha256 = (buffer) => crypto.createHash('sha256').update(buffer).digest('hex');
const MIB = 1024 * 1024;

function credential(id, data) {
	creds[id] = { id, name: id, type: 'trintApi', data: { keyId: TRINT_FIXTURES.keyId, keySecret: TRINT_FIXTURES.keySecret, ...data } };
	return { credential: creds[id] };
}

function itemsNodes(entries) {
	return [
		{ name: 'Items', type: 'n8n-nodes-base.set', typeVersion: 3.4, parameters: { mode: 'raw', jsonOutput: JSON.stringify({ entries }), options: {} } },
		{ name: 'Split', type: 'n8n-nodes-base.splitOut', typeVersion: 1, parameters: { fieldToSplitOut: 'entries', options: {} } },
	];
}

const urlUpload = (sourceUrl, extra = {}) => ({ resource: 'transcript', operation: 'upload', source: 'url', sourceUrl, language: 'en', ...extra });
const uploadsTo = (mock) => mock.requests.filter((r) => r.method === 'POST' && r.path === '/');
const mediaRequests = (mock) => mock.requests.filter((r) => r.path.startsWith('/__mock/media/'));

/** Every file below n8n's folder with exactly `size` bytes (a spooled or stored copy). */
function storedFilesOfSize(size) {
	const found = [];
	const walk = (dir) => {
		if (!fs.existsSync(dir)) return;
		for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
			const full = path.join(dir, entry.name);
			if (entry.isDirectory()) {
				if (entry.name !== 'nodes') walk(full);
			} else if (fs.statSync(full).size === size) found.push(full);
		}
	};
	walk(n8n.n8nFolder);
	return found;
}

async function run(key) {
	trint.clearRequests();
	elsewhere.clearRequests();
	const result = await n8n.execute(flows[key].id);
	RUNS.push(result);
	const error = errorOf(result);
	if (error) ERROR_TEXTS.push(JSON.stringify(error));
	return result;
}

function errorItems(result, nodeName) {
	const items = outputOf(result, nodeName);
	for (const item of items) if (item.json.error) ERROR_TEXTS.push(JSON.stringify(item.json));
	return items;
}

const STREAMED_BYTES = 3 * MIB + 17;
const SPOOLED_BYTES = 2 * MIB + 5;

beforeAll(async () => {
	// Translations and live steps finish at once: no run waits out a Poll Interval.
	trint = await startTrintMock({ port: 0, processingMs: 0, translationMs: 0, realtimeStepMs: 0 });
	elsewhere = await startTrintMock({ port: 0 });
	ready = trint.addTranscript({ title: 'briefing.mp3', processingMs: 0 });
	const custom = { region: 'custom', apiBaseUrl: trint.origin, uploadBaseUrl: trint.origin, translationBaseUrl: `${trint.origin}/translation` };
	const use = credential('trintExtKey000001', custom);
	const cont = { ...use, continueOnFail: true };
	const sourceHeaders = { headers: { header: [{ name: 'X-Source-Token', value: SOURCE_TOKEN }] } };

	// ---- Upload from a URL
	flows.streamed = chainWorkflow('urlStreamed', [
		trintNode('Upload', urlUpload(trint.mediaUrl('interview.mp3', { type: 'audio/mpeg', bytes: STREAMED_BYTES }), { language: 'en-GB', sourceOptions: sourceHeaders, options: { metadata: 'job-7', detectSpeakerChange: false } }), use),
	]);
	flows.spooled = chainWorkflow('urlSpooled', [
		trintNode('Upload', urlUpload(trint.mediaUrl('talk.wav', { length: 'none', bytes: SPOOLED_BYTES }), { waitForTranscription: true, pollInterval: 10, maxWaitMinutes: 1 }), use),
	]);
	flows.redirected = chainWorkflow('urlRedirect', [
		trintNode('Upload', urlUpload(`${trint.origin}/__mock/redirect/2?to=${encodeURIComponent(elsewhere.mediaUrl('moved.mp3', { type: 'audio/mpeg', bytes: 8192 }))}`, { sourceOptions: sourceHeaders }), use),
	]);
	// ---- Translation
	flows.translate = chainWorkflow('translate', [
		trintNode('Translate', { resource: 'translation', operation: 'create', transcriptId: byId(ready.id), targetLanguage: { __rl: true, mode: 'list', value: 'fr' }, waitForTranslation: true, pollInterval: 10, maxWaitMinutes: 2 }, use),
		trintNode('Export SRT', { resource: 'transcript', operation: 'export', transcriptId: byId('={{ $json.trintId }}'), format: 'srt', downloadFile: true }, use),
		trintNode('List', { resource: 'translation', operation: 'getAll', transcriptId: byId(ready.id) }, use),
		trintNode('Languages', { resource: 'translation', operation: 'getLanguages' }, use),
	]);
	// ---- Live transcripts
	flows.live = chainWorkflow('live', [
		trintNode('Push Stream', { resource: 'liveTranscript', operation: 'createPushStream' }, use),
		trintNode('Start Live', { resource: 'liveTranscript', operation: 'start', streamKey: '={{ $json.streamKey }}', options: { title: 'Council meeting', language: 'en' } }, use),
		trintNode('Status', { resource: 'liveTranscript', operation: 'getStatus', trintId: '={{ $json.trintId }}' }, use),
		trintNode('Stop', { resource: 'liveTranscript', operation: 'stop', trintId: "={{ $('Start Live').item.json.trintId }}" }, use),
		trintNode('Stop Again', { resource: 'liveTranscript', operation: 'stop', trintId: "={{ $('Start Live').item.json.trintId }}" }, use),
		trintNode('Wait', { resource: 'liveTranscript', operation: 'waitUntilStopped', trintId: "={{ $('Start Live').item.json.trintId }}", pollInterval: 10, maxWaitMinutes: 2 }, use),
		trintNode('Export', { resource: 'transcript', operation: 'export', transcriptId: byId("={{ $('Start Live').item.json.trintId }}"), format: 'text' }, use),
	]);
	flows.liveEcho = chainWorkflow('liveEcho', [
		trintNode('Push Stream', { resource: 'liveTranscript', operation: 'createPushStream' }, use),
		trintNode('Start Live', { resource: 'liveTranscript', operation: 'start', streamKey: '={{ $json.streamKey }}' }, cont),
	]);
	n8n = await N8nInstance.create({ tarball: await packPack(), binaryDataMode: 'filesystem' });
	await n8n.importCredentials(Object.values(creds));
	await n8n.importWorkflows(Object.values(flows));
	recordRunOutputs(n8n, RUN_OUTPUTS);
});

beforeEach(() => {
	trint.clearFaults();
	elsewhere.clearFaults();
});

afterAll(async () => {
	await n8n?.destroy();
	await trint?.close();
	await elsewhere?.close();
});

describe('Transcript → Upload, source URL', () => {
	test('a source with a length is streamed: Content-Length and sha256 equal to the source, source headers to the source only, nothing stored in n8n', async () => {
		const result = await run('streamed');
		expect(errorOf(result)).toBeNull();
		const [upload] = trint.uploads.slice(-1);
		expect(upload).toMatchObject({ filename: 'interview.mp3', contentType: 'audio/mpeg', bodyLength: STREAMED_BYTES, contentLength: STREAMED_BYTES, chunked: false });
		expect(upload.bodySha256).toBe(trint.mediaSha256('interview.mp3', STREAMED_BYTES));
		expect(upload.query).toMatchObject({ language: 'en-GB', metadata: 'job-7', 'detect-speaker-change': 'false' });
		const [source] = mediaRequests(trint);
		expect(source.headers['x-source-token']).toBe(SOURCE_TOKEN);
		expect(source.headers['accept-encoding']).toBe('identity');
		expect(source.headers.authorization).toBeUndefined();
		expect(source.headers['api-key']).toBeUndefined();
		const [toTrint] = uploadsTo(trint);
		expect(toTrint.headers['x-source-token']).toBeUndefined();
		expect(toTrint.headers.authorization).toMatch(/^Basic /);
		const [item] = outputOf(result, 'Upload');
		expect(item.json).toMatchObject({ trintId: upload.trintId, title: 'interview.mp3', language: 'en-GB', metadata: 'job-7' });
		// Not through n8n's binary store: no file of the source's size was written.
		expect(storedFilesOfSize(STREAMED_BYTES)).toEqual([]);
	});

	test('a source without a length is spooled in n8n, then uploaded with its length; type from the extension; Wait for Transcription works', async () => {
		const result = await run('spooled');
		expect(errorOf(result)).toBeNull();
		const [upload] = trint.uploads.slice(-1);
		expect(upload).toMatchObject({ filename: 'talk.wav', contentType: 'audio/wav', contentLength: SPOOLED_BYTES, chunked: false, bodyLength: SPOOLED_BYTES });
		expect(upload.bodySha256).toBe(trint.mediaSha256('talk.wav', SPOOLED_BYTES));
		expect(storedFilesOfSize(SPOOLED_BYTES).length).toBeGreaterThanOrEqual(1);
		const [item] = outputOf(result, 'Upload');
		expect(item.json.transcript.text.length).toBeGreaterThan(0);
	});

	test('redirects are followed (here to another host): the source headers stay with the first origin, Trint credentials go nowhere else', async () => {
		const result = await run('redirected');
		expect(errorOf(result)).toBeNull();
		const hops = trint.requests.filter((r) => r.path.startsWith('/__mock/redirect/'));
		expect(hops).toHaveLength(3);
		for (const hop of hops) {
			expect(hop.headers.authorization).toBeUndefined();
			expect(hop.headers['x-source-token']).toBe(SOURCE_TOKEN);
		}
		const [final] = mediaRequests(elsewhere);
		expect(final.headers['x-source-token']).toBeUndefined();
		expect(final.headers.authorization).toBeUndefined();
		const [upload] = trint.uploads.slice(-1);
		expect(upload.bodySha256).toBe(elsewhere.mediaSha256('moved.mp3', 8192));
	});
});

describe('Translation', () => {
	test('create → wait → export SRT of the translated transcript; list; languages', async () => {
		const result = await run('translate');
		expect(errorOf(result)).toBeNull();
		const [translated] = outputOf(result, 'Translate');
		expect(translated.json).toMatchObject({ language: 'fr', status: 'COMPLETE', sourceTranscriptId: ready.id });
		const translatedId = translated.json.trintId;
		expect(translatedId).toMatch(/^[A-Za-z0-9_-]{22}$/);
		const create = trint.requests.find((r) => r.method === 'POST' && r.path === '/translation/');
		// Trint's documented names: targetLanguage, and fileId for the source Trint.
		expect(create.json).toEqual({ fileId: ready.id, targetLanguage: 'fr' });
		const polls = trint.requests.filter((r) => r.method === 'GET' && r.path === '/translation/');
		expect(polls.length).toBeGreaterThanOrEqual(1);
		expect(polls[0].query).toEqual({ fileId: ready.id });
		const [srt] = outputOf(result, 'Export SRT');
		expect(sha256(n8n.readBinary(srt.binary.data))).toBe(sha256(trint.exportBytes(translatedId, 'srt')));
		expect(outputOf(result, 'List').map((item) => item.json.trintId)).toContain(translatedId);
		const languages = outputOf(result, 'Languages').map((item) => item.json.languageCode);
		expect(languages).toEqual(['en', 'en-GB', 'es', 'fr', 'de', 'it', 'pt', 'nl', 'ja']);
	});

});

describe('Live Transcript', () => {
	test('push stream → start → status → stop (twice) → wait until stopped → export', async () => {
		const result = await run('live');
		expect(errorOf(result)).toBeNull();
		const [push] = outputOf(result, 'Push Stream');
		STREAM_KEYS.push(push.json.streamKey);
		expect(push.json.streamKey).toMatch(/^[0-9a-f]{32}$/);
		expect(push.json.streamUrl).toBe('rtmp://127.0.0.1:1935/live');
		const [start] = outputOf(result, 'Start Live');
		expect(['STARTING', 'TRANSCRIBING']).toContain(start.json.status);
		const start1 = trint.requests.find((r) => r.method === 'PUT');
		expect(start1.path).toBe('/transcripts/realtime/');
		expect(start1.json).toEqual({ streamKey: push.json.streamKey, title: 'Council meeting', language: 'en' });
		const [status] = outputOf(result, 'Status');
		expect(['STARTING', 'TRANSCRIBING']).toContain(status.json.status);
		expect(status.json.trintId).toBe(start.json.trintId);
		const [stop] = outputOf(result, 'Stop');
		expect(stop.json).toMatchObject({ alreadyStopped: false });
		expect(['STOPPING', 'STOPPED']).toContain(stop.json.status);
		const stopRequest = trint.requests.find((r) => r.method === 'DELETE');
		expect(stopRequest.json).toEqual({ trintId: start.json.trintId });
		expect(stopRequest.query).toEqual({ trintId: start.json.trintId });
		const [wait] = outputOf(result, 'Wait');
		expect(wait.json.status).toBe('STOPPED');
		const [exported] = outputOf(result, 'Export');
		expect(sha256(n8n.readBinary(exported.binary.data))).toBe(sha256(trint.exportBytes(start.json.trintId, 'text')));
	});

	test('a server echoing the stream key in its error: the key is masked', async () => {
		trint.injectFault({ path: '/transcripts/realtime/', method: 'PUT', status: 400, body: { message: 'stream key rejected: KEY' }, times: 1 });
		// The fault body names the key of the push stream made in the same run.
		const original = trint._createPushStream.bind(trint);
		trint._createPushStream = (ctx) => {
			const result = original(ctx);
			const [key] = [...trint._streamKeys.keys()].slice(-1);
			STREAM_KEYS.push(key);
			trint._server.faults.list[0].body = { message: `stream key rejected: ${key}` };
			return result;
		};
		try {
			const result = await run('liveEcho');
			const [item] = errorItems(result, 'Start Live');
			const key = STREAM_KEYS[STREAM_KEYS.length - 1];
			// Trint's words are quoted under the headline, the key masked.
			expect(item.json.description).toMatch(/stream key rejected: \*\*\*/);
			expect(JSON.stringify(item.json)).not.toContain(key);
		} finally {
			trint._createPushStream = original;
		}
	});

});

describe('secrets', () => {
	test('the key, the source token and the stream keys appear nowhere they must not', () => {
		// The Trint key: nowhere at all (log, printed runs, database).
		const report = scanForSecrets(n8n, { texts: RUN_OUTPUTS });
		expect(report.scanned.places).toBeGreaterThan(3);
		expect(report.hits).toEqual([]);
		// Stream keys are the output of Create Push Stream (the encoder needs them) and the source
		// token is a node parameter, so both are stored with the workflow or that node's output.
		// Anywhere else they must not be: not in any other node's output, not in any error, not
		// in what n8n printed on stderr.
		expect(STREAM_KEYS.length).toBeGreaterThanOrEqual(2);
		const elsewhereTexts = [...ERROR_TEXTS];
		for (const result of RUNS) {
			elsewhereTexts.push(result.stderr ?? '');
			const runData = { ...(result.data?.data?.resultData?.runData ?? {}) };
			delete runData['Push Stream'];
			elsewhereTexts.push(JSON.stringify(runData), JSON.stringify(result.data?.data?.resultData?.error ?? null));
		}
		for (const secret of [...STREAM_KEYS, SOURCE_TOKEN]) {
			for (const text of elsewhereTexts) expect(text).not.toContain(secret);
		}
		expect(ERROR_TEXTS.length).toBeGreaterThanOrEqual(1);
		expect(RUNS.length).toBeGreaterThanOrEqual(6);
	});
});
