'use strict';
// Upload from a URL, translations and live transcripts inside a real n8n (binaries on disk,
// filesystem mode): what Trint and the source received byte for byte, what the workflow got,
// and every bad input and fault of the new operations. Secrets (the key, a source's own token,
// live stream keys) never show up where they must not.
const crypto = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');
const { N8nInstance, packPack, outputOf, errorOf } = require('./harness');
const { startTrintMock, TRINT_FIXTURES } = require('../mocks/trint-mock');
const { chainWorkflow, trintNode, byId } = require('./workflows');
const { scanForSecrets, recordRunOutputs } = require('./secrets');

jest.setTimeout(25 * 60 * 1000);

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
	trint = await startTrintMock({ port: 0, processingMs: 0, translationMs: 3000, realtimeStepMs: 1000 });
	elsewhere = await startTrintMock({ port: 0 });
	ready = trint.addTranscript({ title: 'briefing.mp3', processingMs: 0 });
	const custom = { region: 'custom', apiBaseUrl: trint.origin, uploadBaseUrl: trint.origin, translationBaseUrl: `${trint.origin}/translation` };
	const use = credential('trintExtKey000001', custom);
	const noTranslationHost = credential('trintExtNoHost001', { region: 'custom', apiBaseUrl: trint.origin, uploadBaseUrl: trint.origin });
	const cont = { ...use, continueOnFail: true };
	const sourceHeaders = { headers: { header: [{ name: 'X-Source-Token', value: SOURCE_TOKEN }] } };

	// ---- Upload from a URL
	flows.streamed = chainWorkflow('urlStreamed', [
		trintNode('Upload', urlUpload(trint.mediaUrl('interview.mp3', { type: 'audio/mpeg', bytes: STREAMED_BYTES }), { language: 'en-GB', sourceOptions: sourceHeaders, options: { metadata: 'job-7', detectSpeakerChange: false } }), use),
	]);
	flows.spooled = chainWorkflow('urlSpooled', [
		trintNode('Upload', urlUpload(trint.mediaUrl('talk.wav', { length: 'none', bytes: SPOOLED_BYTES }), { waitForTranscription: true, pollInterval: 10, maxWaitMinutes: 1 }), use),
	]);
	flows.named = chainWorkflow('urlNamed', [
		trintNode('From Disposition', urlUpload(trint.mediaUrl('get.bin', { type: 'application/octet-stream', filename: 'Council Meeting.mp3', bytes: 4096 })), use),
		trintNode('User Name', urlUpload(trint.mediaUrl('get.bin', { type: 'video/mp4', filename: 'Council Meeting.mp3', bytes: 4096 }), { options: { fileName: 'My Title.mp4' } }), use),
	]);
	flows.redirected = chainWorkflow('urlRedirect', [
		trintNode('Upload', urlUpload(`${trint.origin}/__mock/redirect/2?to=${encodeURIComponent(elsewhere.mediaUrl('moved.mp3', { type: 'audio/mpeg', bytes: 8192 }))}`, { sourceOptions: sourceHeaders }), use),
	]);
	flows.chunked = chainWorkflow('urlChunked', [
		trintNode('Upload', urlUpload(trint.mediaUrl('live.mp3', { length: 'none', type: 'audio/mpeg', bytes: 100000 }), { sourceOptions: { sendWithoutLength: true } }), cont),
	]);
	flows.badUrls = chainWorkflow('urlBad', [
		...itemsNodes([
			{ url: 'ftp://media.example.com/a.mp3' },
			{ url: 'not a url' },
			{ url: 'http://127.0.0.1:9/a.mp3' },
			{ url: trint.mediaUrl('missing.mp3') },
			{ url: trint.mediaUrl('empty.mp3', { bytes: 0 }) },
			{ url: trint.mediaUrl('empty-chunked.mp3', { bytes: 0, length: 'none' }) },
			{ url: `${trint.origin}/__mock/redirect/6?to=${encodeURIComponent(trint.mediaUrl('far.mp3'))}` },
			{ url: '' },
		]),
		trintNode('Upload', urlUpload('={{ $json.url }}', { sourceOptions: sourceHeaders }), cont),
	]);
	flows.stall = chainWorkflow('urlStall', [
		trintNode('Upload', urlUpload(trint.mediaUrl('stalls.mp3', { type: 'audio/mpeg', bytes: 500000, stallAfter: 65536 }), { sourceOptions: { timeout: 2 }, options: { timeout: 6 } }), cont),
	]);
	flows.cap = chainWorkflow('urlCap', [
		trintNode('Upload', urlUpload(trint.mediaUrl('big.mp3', { length: 'none', type: 'audio/mpeg', bytes: 3 * MIB }), { sourceOptions: { maxSpoolMiB: 1 } }), cont),
	]);
	flows.spooled429 = chainWorkflow('urlSpool429', [trintNode('Upload', urlUpload(trint.mediaUrl('again.mp3', { length: 'none', bytes: 70000 })), cont)]);
	flows.streamed429 = chainWorkflow('urlStream429', [trintNode('Upload', urlUpload(trint.mediaUrl('again.mp3', { bytes: 70000, type: 'audio/mpeg' })), cont)]);

	// ---- Translation
	flows.translate = chainWorkflow('translate', [
		trintNode('Translate', { resource: 'translation', operation: 'create', transcriptId: byId(ready.id), targetLanguage: { __rl: true, mode: 'list', value: 'fr' }, waitForTranslation: true, pollInterval: 10, maxWaitMinutes: 2 }, use),
		trintNode('Export SRT', { resource: 'transcript', operation: 'export', transcriptId: byId('={{ $json.trintId }}'), format: 'srt', downloadFile: true }, use),
		trintNode('List', { resource: 'translation', operation: 'getAll', transcriptId: byId(ready.id) }, use),
		trintNode('Languages', { resource: 'translation', operation: 'getLanguages' }, use),
	]);
	flows.translateDelete = chainWorkflow('translateDel', [
		trintNode('Translate', { resource: 'translation', operation: 'create', transcriptId: byId(ready.id), targetLanguage: { __rl: true, mode: 'id', value: 'it' } }, use),
		trintNode('Delete', { resource: 'translation', operation: 'delete', transcriptId: byId('={{ $json.trintId }}') }, use),
	]);
	flows.translateDeleteSource = chainWorkflow('translateDelSrc', [
		trintNode('Delete', { resource: 'translation', operation: 'delete', transcriptId: byId(ready.id) }, cont),
	]);
	flows.translateFailed = chainWorkflow('translateFail', [
		trintNode('Translate', { resource: 'translation', operation: 'create', transcriptId: byId(ready.id), targetLanguage: { __rl: true, mode: 'id', value: 'es' }, waitForTranslation: true, pollInterval: 10, maxWaitMinutes: 2 }, cont),
	]);
	flows.translateNoStatus = chainWorkflow('translateNoSt', [
		trintNode('Translate', { resource: 'translation', operation: 'create', transcriptId: byId(ready.id), targetLanguage: { __rl: true, mode: 'id', value: 'de' }, waitForTranslation: true, pollInterval: 10, maxWaitMinutes: 2 }, use),
	]);
	flows.translateBad = chainWorkflow('translateBad', [
		...itemsNodes([
			{ id: ready.id, lang: '', body: '{}' },
			{ id: ready.id, lang: 'fr', body: '{not json' },
			{ id: ready.id, lang: 'fr', body: '[1]' },
			{ id: ready.id, lang: 'xx', body: '{}' },
			{ id: 'AAAAAAAAAAAAAAAAAAAAAA', lang: 'fr', body: '{}' },
			{ id: '', lang: 'fr', body: '{}' },
		]),
		trintNode('Translate', { resource: 'translation', operation: 'create', transcriptId: byId('={{ $json.id }}'), targetLanguage: { __rl: true, mode: 'id', value: '={{ $json.lang }}' }, options: { additionalBodyFields: '={{ $json.body }}' } }, cont),
	]);
	flows.translateNoHost = chainWorkflow('translateNoHost', [trintNode('Languages', { resource: 'translation', operation: 'getLanguages' }, { ...noTranslationHost, continueOnFail: true })]);
	flows.languagesFallback = chainWorkflow('langFallback', [trintNode('Languages', { resource: 'translation', operation: 'getLanguages' }, use)]);

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
	flows.liveWait = chainWorkflow('liveWait', [
		...itemsNodes([{ id: 'X' }]),
		trintNode('Wait', { resource: 'liveTranscript', operation: 'waitUntilStopped', trintId: '={{ $json.id }}', pollInterval: 10, maxWaitMinutes: 2 }, cont),
	]);
	flows.liveBad = chainWorkflow('liveBad', [
		...itemsNodes([{ key: '', url: '' }, { key: '', url: 'rtmp://encoder.example/live', lang: 'xx' }, { key: 'ffffffffffffffffffffffffffffffff', url: '' }]),
		trintNode('Start Live', { resource: 'liveTranscript', operation: 'start', streamKey: '={{ $json.key }}', streamUrl: '={{ $json.url }}', options: { language: '={{ $json.lang || "en" }}' } }, cont),
	]);
	flows.liveEcho = chainWorkflow('liveEcho', [
		trintNode('Push Stream', { resource: 'liveTranscript', operation: 'createPushStream' }, use),
		trintNode('Start Live', { resource: 'liveTranscript', operation: 'start', streamKey: '={{ $json.streamKey }}' }, cont),
	]);
	flows.liveIds = chainWorkflow('liveIds', [
		...itemsNodes([{ id: '' }, { id: '..' }, { id: 'CCCCCCCCCCCCCCCCCCCCCC' }]),
		trintNode('Status', { resource: 'liveTranscript', operation: 'getStatus', trintId: '={{ $json.id }}' }, cont),
	]);
	flows.liveStopByStream = chainWorkflow('liveStopStream', [
		trintNode('Push Stream', { resource: 'liveTranscript', operation: 'createPushStream' }, use),
		trintNode('Start Live', { resource: 'liveTranscript', operation: 'start', streamKey: '={{ $json.streamKey }}' }, use),
		trintNode('Stop', { resource: 'liveTranscript', operation: 'stop', stopBy: 'streamId', streamId: "={{ $('Push Stream').item.json.streamKey }}" }, use),
	]);
	flows.liveStopGone = chainWorkflow('liveStopGone', [trintNode('Stop', { resource: 'liveTranscript', operation: 'stop', trintId: 'DDDDDDDDDDDDDDDDDDDDDD' }, cont)]);

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

	test('file name from Content-Disposition (type inferred from it), or the user\'s File Name', async () => {
		const result = await run('named');
		expect(errorOf(result)).toBeNull();
		const [first, second] = trint.uploads.slice(-2);
		expect(first).toMatchObject({ filename: 'Council Meeting.mp3', contentType: 'audio/mpeg' });
		expect(second).toMatchObject({ filename: 'My Title.mp4', contentType: 'video/mp4' });
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

	test('Send Without Length: chunked to Trint; a Trint refusing chunked bodies (411) is explained and not retried', async () => {
		let result = await run('chunked');
		let [item] = errorItems(result, 'Upload');
		expect(item.json.error).toBeUndefined();
		expect(trint.uploads.slice(-1)[0]).toMatchObject({ chunked: true, contentLength: null, bodyLength: 100000 });
		trint.injectFault({ path: '/', status: 411, onlyChunked: true, times: 0 });
		const before = trint.uploads.length;
		result = await run('chunked');
		[item] = errorItems(result, 'Upload');
		expect(item.json.error).toMatch(/without a length \(HTTP 411/);
		expect(item.json.description).toMatch(/Turn off "Send Without Length \(Chunked\)"/);
		expect(uploadsTo(trint)).toHaveLength(1);
		expect(trint.uploads.length).toBe(before);
	});

	test('bad URLs: each item fails naming "Source URL", and Trint is never called', async () => {
		trint.injectFault({ path: '/__mock/media/missing.mp3', status: 404, bodyStyle: 'text', times: 0 });
		const result = await run('badUrls');
		const items = errorItems(result, 'Upload');
		expect(items).toHaveLength(8);
		const errors = items.map((item) => item.json.error);
		for (const error of errors) expect(error).toMatch(/"Source URL"/);
		expect(errors[0]).toMatch(/ftp, not http or https/);
		expect(errors[1]).toMatch(/not a URL/);
		expect(errors[2]).toMatch(/could not be reached \(connection refused\)/);
		expect(errors[3]).toMatch(/HTTP 404/);
		expect(errors[4]).toMatch(/empty file \(0 bytes\)/);
		expect(errors[5]).toMatch(/empty file \(0 bytes\)/);
		expect(errors[6]).toMatch(/redirected more than 5 times/);
		expect(errors[7]).toMatch(/is empty/);
		expect(items.map((item) => item.pairedItem)).toEqual([0, 1, 2, 3, 4, 5, 6, 7].map((i) => ({ item: i })));
		expect(uploadsTo(trint)).toHaveLength(0);
		expect(JSON.stringify(items)).not.toContain(SOURCE_TOKEN);
	});

	test('a source that stalls: the source timeout ends the item with an error naming "Source URL"', async () => {
		const result = await run('stall');
		const [item] = errorItems(result, 'Upload');
		expect(item.json.error).toMatch(/"Source URL"/);
		expect(trint.uploads.filter((u) => u.filename === 'stalls.mp3')).toHaveLength(0);
	});

	test('a source without a length above the spool cap fails before Trint is called', async () => {
		const result = await run('cap');
		const [item] = errorItems(result, 'Upload');
		expect(item.json.error).toMatch(/"Source URL".*larger than the spool limit of 1 MiB/);
		expect(uploadsTo(trint)).toHaveLength(0);
	});

	test('429 on the upload: a spooled body is re-read and sent again, once', async () => {
		trint.injectFault({ path: '/', method: 'POST', status: 429, retryAfter: 1, times: 1 });
		const result = await run('spooled429');
		const [item] = errorItems(result, 'Upload');
		expect(item.json.error).toBeUndefined();
		expect(uploadsTo(trint)).toHaveLength(2);
		expect(mediaRequests(trint)).toHaveLength(1);
		expect(trint.uploads.slice(-1)[0].bodySha256).toBe(trint.mediaSha256('again.mp3', 70000));
	});

	test('429 on the upload: a streamed source is fetched again and sent again, once', async () => {
		trint.injectFault({ path: '/', method: 'POST', status: 429, retryAfter: 1, times: 1 });
		const result = await run('streamed429');
		const [item] = errorItems(result, 'Upload');
		expect(item.json.error).toBeUndefined();
		expect(uploadsTo(trint)).toHaveLength(2);
		expect(mediaRequests(trint)).toHaveLength(2);
		expect(trint.uploads.slice(-1)[0]).toMatchObject({ contentLength: 70000, bodySha256: trint.mediaSha256('again.mp3', 70000) });
	});

	test('500 after Trint may have processed the upload: not sent again', async () => {
		trint.injectFault({ path: '/', method: 'POST', status: 500, bodyStyle: 'html', times: 1 });
		const result = await run('streamed429');
		const [item] = errorItems(result, 'Upload');
		expect(item.json.error).toMatch(/500/);
		expect(uploadsTo(trint)).toHaveLength(1);
		expect(mediaRequests(trint)).toHaveLength(1);
	});

	test('a source failing with 503 is fetched again (a GET may be repeated), then uploaded', async () => {
		trint.injectFault({ path: '/__mock/media/again.mp3', status: 503, bodyStyle: 'html', times: 1 });
		const result = await run('streamed429');
		const [item] = errorItems(result, 'Upload');
		expect(item.json.error).toBeUndefined();
		expect(mediaRequests(trint)).toHaveLength(2);
		expect(uploadsTo(trint)).toHaveLength(1);
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
		expect(polls[0].time - create.time).toBeGreaterThanOrEqual(9500);
		const [srt] = outputOf(result, 'Export SRT');
		expect(sha256(n8n.readBinary(srt.binary.data))).toBe(sha256(trint.exportBytes(translatedId, 'srt')));
		expect(outputOf(result, 'List').map((item) => item.json.trintId)).toContain(translatedId);
		const languages = outputOf(result, 'Languages').map((item) => item.json.languageCode);
		expect(languages).toEqual(['en', 'en-GB', 'es', 'fr', 'de', 'it', 'pt', 'nl', 'ja']);
	});

	test('delete checks the ID is a translation, sends it as fileId in the body and the query, and outputs what went and what remains', async () => {
		const result = await run('translateDelete');
		expect(errorOf(result)).toBeNull();
		const [created] = outputOf(result, 'Translate');
		const [deleted] = outputOf(result, 'Delete');
		expect(deleted.json).toMatchObject({ deleted: true, trintId: created.json.trintId, language: 'it', sourceTranscriptId: ready.id });
		expect(deleted.json.deletedTranslations.map((t) => t.trintId)).toEqual([created.json.trintId]);
		expect(deleted.json.remainingTranslations.map((t) => t.language)).not.toContain('it');
		const request = trint.requests.find((r) => r.method === 'DELETE');
		expect(request.json).toEqual({ fileId: created.json.trintId });
		expect(request.query).toEqual({ fileId: created.json.trintId });
	});

	test('delete with a source transcript\'s ID: refused naming the field, nothing deleted', async () => {
		const before = trint.translationsOf(ready.id).translations.length;
		const result = await run('translateDeleteSource');
		const [item] = errorItems(result, 'Delete');
		expect(item.json.error).toBe(`"Translation" ${ready.id} is an original (source) transcript, not a translation`);
		expect(trint.requests.filter((r) => r.method === 'DELETE')).toHaveLength(0);
		expect(trint.translationsOf(ready.id).translations).toHaveLength(before);
	});

	test('a FAILED translation ends the wait with an error carrying both IDs', async () => {
		trint.failTranslations('es');
		const result = await run('translateFailed');
		const [item] = errorItems(result, 'Translate');
		expect(item.json.error).toMatch(/FAILED/);
		const translatedId = trint.translationsOf(ready.id).translations.find((t) => t.language === 'es').transcriptId;
		expect(item.json.error).toContain(ready.id);
		expect(item.json.error).toContain(translatedId);
	});

	test('items without a status: the wait polls the translated transcript\'s export instead', async () => {
		trint.translationOmitStatus = true;
		try {
			const result = await run('translateNoStatus');
			expect(errorOf(result)).toBeNull();
			const [item] = outputOf(result, 'Translate');
			const exportPolls = trint.requests.filter((r) => r.path === `/export/json/${item.json.trintId}`);
			expect(exportPolls.map((r) => r.status)).toEqual([404, 200]);
		} finally {
			trint.translationOmitStatus = false;
		}
	});

	test('bad input: empty language, bad JSON, unknown language, a foreign or empty transcript', async () => {
		const result = await run('translateBad');
		const items = errorItems(result, 'Translate');
		expect(items.map((item) => item.json.error)).toEqual([
			expect.stringMatching(/"Target Language" is empty/),
			expect.stringMatching(/"Additional Body Fields \(JSON\)" is not valid JSON/),
			expect.stringMatching(/"Additional Body Fields \(JSON\)" must be a JSON object/),
			expect.stringMatching(/^Trint: HTTP 400$/),
			expect.stringMatching(/403/),
			expect.stringMatching(/"Transcript" is empty/),
		]);
		// Trint's own words are quoted under the headline.
		expect(items[3].json.description).toMatch(/^Trint said: "[^"]*unsupported \w+ \\?"xx/);
		expect(trint.requests.filter((r) => r.method === 'POST' && r.path.startsWith('/translation'))).toHaveLength(2);
	});

	test('Custom region without a Translation Base URL: a clear error naming the field', async () => {
		const result = await run('translateNoHost');
		const [item] = errorItems(result, 'Languages');
		expect(item.json.error).toMatch(/"Translation Base URL"/);
		expect(trint.requests).toHaveLength(0);
	});

	test('an unreadable language list falls back to the transcription languages with a warning', async () => {
		trint.injectFault({ path: '/translation/translation-languages', kind: 'not-array', times: 1 });
		const result = await run('languagesFallback');
		const items = outputOf(result, 'Languages');
		expect(items).toHaveLength(54);
		expect(items[0].json.warning).toMatch(/transcription languages are shown instead/);
	});

	test('429 and 502 on translation reads are retried', async () => {
		trint.injectFault({ path: '/translation/translation-languages', status: 429, retryAfter: 1, times: 1 });
		trint.injectFault({ path: '/translation/translation-languages', status: 502, bodyStyle: 'html', times: 1 });
		const result = await run('languagesFallback');
		expect(outputOf(result, 'Languages')).toHaveLength(9);
		expect(trint.requests.filter((r) => r.path === '/translation/translation-languages')).toHaveLength(3);
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
		expect(start.json.status).toBe('STARTING');
		const start1 = trint.requests.find((r) => r.method === 'PUT');
		expect(start1.path).toBe('/transcripts/realtime/');
		expect(start1.json).toEqual({ streamKey: push.json.streamKey, title: 'Council meeting', language: 'en' });
		const [status] = outputOf(result, 'Status');
		expect(['STARTING', 'TRANSCRIBING']).toContain(status.json.status);
		expect(status.json.trintId).toBe(start.json.trintId);
		const [stop] = outputOf(result, 'Stop');
		expect(stop.json).toMatchObject({ status: 'STOPPING', alreadyStopped: false });
		const stopRequest = trint.requests.find((r) => r.method === 'DELETE');
		expect(stopRequest.json).toEqual({ trintId: start.json.trintId });
		expect(stopRequest.query).toEqual({ trintId: start.json.trintId });
		const [wait] = outputOf(result, 'Wait');
		expect(wait.json.status).toBe('STOPPED');
		const [exported] = outputOf(result, 'Export');
		expect(sha256(n8n.readBinary(exported.binary.data))).toBe(sha256(trint.exportBytes(start.json.trintId, 'text')));
	});

	test('Stop By Stream ID: only streamId is sent, the stream stops, the ID is not echoed', async () => {
		const result = await run('liveStopByStream');
		expect(errorOf(result)).toBeNull();
		const [push] = outputOf(result, 'Push Stream');
		STREAM_KEYS.push(push.json.streamKey);
		const [start] = outputOf(result, 'Start Live');
		const stopRequest = trint.requests.find((r) => r.method === 'DELETE');
		expect(stopRequest.json).toEqual({ streamId: push.json.streamKey });
		expect(stopRequest.query).toEqual({ streamId: push.json.streamKey });
		const [stop] = outputOf(result, 'Stop');
		expect(stop.json).toEqual({ stoppedBy: 'streamId', status: 'STOPPING', alreadyStopped: false });
		expect(trint.realtimeSession(start.json.trintId).stopRequestedMs).not.toBeNull();
	});

	test('Wait Until Stopped: FAILED, expiry, and UNKNOWN three times give errors carrying the trintId; UNKNOWN twice passes', async () => {
		const session = (status, extra = {}) => {
			const { id } = trint.addTranscript({ title: 'live' });
			trint._realtime.set(id, { trintId: id, owner: TRINT_FIXTURES.user, startedMs: Date.now() - 5000, stopRequestedMs: Date.now() - 5000, forced: null, request: {}, ...extra });
			if (status) trint.forceRealtimeState(id, status);
			return id;
		};
		const failed = session({ status: 'FAILED', errors: ['encoder lost'] });
		const expired = session(null, { startedMs: Date.now() - 7 * 3600 * 1000 });
		const unknown = session({ status: 'UNKNOWN' });
		const flaky = session({ status: 'UNKNOWN', times: 2 });
		const workflow = flows.liveWait;
		workflow.nodes[1].parameters.jsonOutput = JSON.stringify({ entries: [{ id: failed }, { id: expired }, { id: unknown }, { id: flaky }] });
		await n8n.importWorkflows([workflow]);
		const result = await run('liveWait');
		const items = errorItems(result, 'Wait');
		expect(items[0].json.error).toBe(`Live transcript ${failed} failed`);
		expect(items[0].json.description).toMatch(/encoder lost/);
		expect(items[1].json.error).toBe(`Live transcript ${expired} expired`);
		expect(items[2].json.error).toMatch(new RegExp(`${unknown} stayed in status UNKNOWN 3 times`));
		expect(items[3].json).toMatchObject({ trintId: flaky, status: 'STOPPED' });
		expect(trint.requests.filter((r) => r.path === `/transcripts/realtime/${unknown}`)).toHaveLength(3);
	});

	test('Start: no source, an unknown language, an unknown key; the key never shows in the error', async () => {
		const result = await run('liveBad');
		const items = errorItems(result, 'Start Live');
		expect(items[0].json.error).toMatch(/"Stream Key" and "Stream URL" are both empty/);
		expect(items[1].json.error).toMatch(/"Language" has an unknown code/);
		expect(items[2].json.error).toMatch(/400/);
		expect(trint.requests.filter((r) => r.method === 'PUT')).toHaveLength(1);
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

	test('IDs: empty and dot IDs refused before a request; an unknown one is a 403 error; stopping an unknown stream (404/409) counts as stopped', async () => {
		let result = await run('liveIds');
		const items = errorItems(result, 'Status');
		expect(items[0].json.error).toMatch(/"Live Transcript ID" is empty/);
		expect(items[1].json.error).toMatch(/not an ID/);
		expect(items[2].json.error).toMatch(/403/);
		expect(trint.requests.filter((r) => r.path.startsWith('/transcripts/realtime'))).toHaveLength(1);
		trint.injectFault({ path: '/transcripts/realtime/', method: 'DELETE', status: 409, body: { message: 'not running' }, times: 1 });
		result = await run('liveStopGone');
		const [stopped] = errorItems(result, 'Stop');
		expect(stopped.json).toMatchObject({ trintId: 'DDDDDDDDDDDDDDDDDDDDDD', status: 'STOPPED', alreadyStopped: true });
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
		expect(ERROR_TEXTS.length).toBeGreaterThan(10);
		expect(RUNS.length).toBeGreaterThan(20);
	});
});
