'use strict';
// Transcript → Upload with Source "URL", run as workflows on n8n's engine against the Trint
// mock (which also serves the source media, real sockets): streamed and spooled sources, file
// names, chunked bodies and a Trint refusing them, bad URLs, a stalling source, the spool cap,
// and which faults send the source or the upload again (a 429 and a failed source GET do; a
// 500 after Trint may have taken the file does not). The source's own token never shows.
const { startTrintMock } = require('../../mocks/trint-mock');
const { runTrint, trintCredentials, expectNoSecrets, expectPaired, TRINT_SECRETS } = require('./setup');

const MIB = 1024 * 1024;
const SOURCE_TOKEN = 'source-token-5f2c9e1a7b';
const sourceHeaders = { headers: { header: [{ name: 'X-Source-Token', value: SOURCE_TOKEN }] } };

let trint;
let credentials;
beforeAll(async () => {
	trint = await startTrintMock({ port: 0, processingMs: 0, translationMs: 0, realtimeStepMs: 0 });
});
afterAll(async () => trint?.close());
beforeEach(() => {
	trint.reset();
	credentials = trintCredentials(trint);
});

const urlUpload = (sourceUrl, extra = {}) => ({ resource: 'transcript', operation: 'upload', source: 'url', sourceUrl, language: 'en', waitForTranscription: false, options: {}, sourceOptions: {}, ...extra });
const uploadsTo = () => trint.requests.filter((r) => r.method === 'POST' && r.path === '/');
const mediaRequests = () => trint.requests.filter((r) => r.path.startsWith('/__mock/media/'));

/** One upload run with Continue On Fail; outputs and errors checked for the key and the source token. */
async function run(parameters, items) {
	const result = await runTrint(credentials, parameters, { items, continueOnFail: true });
	expect(result.error).toBeUndefined();
	expectNoSecrets(result.items, [...TRINT_SECRETS, SOURCE_TOKEN]);
	return result.items;
}

describe('what Trint gets', () => {
	test('a source without a length is spooled, then uploaded with its length; type from the extension; Wait for Transcription works', async () => {
		const bytes = 2 * MIB + 5;
		const [item] = await run(urlUpload(trint.mediaUrl('talk.wav', { length: 'none', bytes }), { waitForTranscription: true, pollInterval: 10, maxWaitMinutes: 1 }));
		expect(item.json.error).toBeUndefined();
		const [upload] = trint.uploads;
		expect(upload).toMatchObject({ filename: 'talk.wav', contentType: 'audio/wav', contentLength: bytes, chunked: false, bodyLength: bytes });
		expect(upload.bodySha256).toBe(trint.mediaSha256('talk.wav', bytes));
		expect(item.json.transcript.text.length).toBeGreaterThan(0);
	});

	test('file name from Content-Disposition (type inferred from it), or the user\'s File Name', async () => {
		await run(urlUpload(trint.mediaUrl('get.bin', { type: 'application/octet-stream', filename: 'Council Meeting.mp3', bytes: 4096 })));
		await run(urlUpload(trint.mediaUrl('get.bin', { type: 'video/mp4', filename: 'Council Meeting.mp3', bytes: 4096 }), { options: { fileName: 'My Title.mp4' } }));
		const [first, second] = trint.uploads;
		expect(first).toMatchObject({ filename: 'Council Meeting.mp3', contentType: 'audio/mpeg' });
		expect(second).toMatchObject({ filename: 'My Title.mp4', contentType: 'video/mp4' });
	});

	test('Send Without Length: chunked to Trint; a Trint refusing chunked bodies (411) is explained and not retried', async () => {
		const parameters = urlUpload(trint.mediaUrl('live.mp3', { length: 'none', type: 'audio/mpeg', bytes: 100000 }), { sourceOptions: { sendWithoutLength: true } });
		const [sent] = await run(parameters);
		expect(sent.json.error).toBeUndefined();
		expect(trint.uploads[0]).toMatchObject({ chunked: true, contentLength: null, bodyLength: 100000 });
		trint.reset();
		trint.injectFault({ path: '/', status: 411, onlyChunked: true, times: 0 });
		const [refused] = await run(parameters);
		expect(refused.json.error).toMatch(/without a length \(HTTP 411/);
		expect(refused.json.description).toMatch(/Turn off "Send Without Length \(Chunked\)"/);
		expect(uploadsTo()).toHaveLength(1);
		expect(trint.uploads).toHaveLength(0);
	});
});

describe('bad sources fail naming "Source URL", before Trint is called', () => {
	test('bad URLs: each item fails naming "Source URL", and Trint is never called', async () => {
		trint.injectFault({ path: '/__mock/media/missing.mp3', status: 404, bodyStyle: 'text', times: 0 });
		const urls = [
			'ftp://media.example.com/a.mp3',
			'not a url',
			'http://127.0.0.1:9/a.mp3',
			trint.mediaUrl('missing.mp3'),
			trint.mediaUrl('empty.mp3', { bytes: 0 }),
			trint.mediaUrl('empty-chunked.mp3', { bytes: 0, length: 'none' }),
			`${trint.origin}/__mock/redirect/6?to=${encodeURIComponent(trint.mediaUrl('far.mp3'))}`,
			'',
		];
		const items = await run(urlUpload('={{ $json.url }}', { sourceOptions: sourceHeaders }), urls.map((url) => ({ json: { url } })));
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
		expectPaired(items, [0, 1, 2, 3, 4, 5, 6, 7]);
		expect(uploadsTo()).toHaveLength(0);
	}, 20000);

	test('a source that stalls mid-body: the source timeout ends the item with an error naming "Source URL"', async () => {
		const [item] = await run(urlUpload(trint.mediaUrl('stalls.mp3', { type: 'audio/mpeg', bytes: 500000, stallAfter: 65536 }), { sourceOptions: { timeout: 1 }, options: { timeout: 3 } }));
		expect(item.json.error).toMatch(/"Source URL"/);
		expect(trint.uploads).toHaveLength(0);
	}, 20000);

	test('a source without a length above the spool cap fails before Trint is called', async () => {
		const [item] = await run(urlUpload(trint.mediaUrl('big.mp3', { length: 'none', type: 'audio/mpeg', bytes: 3 * MIB }), { sourceOptions: { maxSpoolMiB: 1 } }));
		expect(item.json.error).toMatch(/"Source URL".*larger than the spool limit of 1 MiB/);
		expect(uploadsTo()).toHaveLength(0);
	});
});

describe('what is sent again, and what is not', () => {
	test('429 on the upload: a spooled body is re-read and sent again, once', async () => {
		trint.injectFault({ path: '/', method: 'POST', status: 429, retryAfter: 1, times: 1 });
		const [item] = await run(urlUpload(trint.mediaUrl('again.mp3', { length: 'none', bytes: 70000 })));
		expect(item.json.error).toBeUndefined();
		expect(uploadsTo()).toHaveLength(2);
		expect(mediaRequests()).toHaveLength(1);
		expect(trint.uploads.at(-1).bodySha256).toBe(trint.mediaSha256('again.mp3', 70000));
	});

	test('429 on the upload: a streamed source is fetched again and sent again, once', async () => {
		trint.injectFault({ path: '/', method: 'POST', status: 429, retryAfter: 1, times: 1 });
		const [item] = await run(urlUpload(trint.mediaUrl('again.mp3', { bytes: 70000, type: 'audio/mpeg' })));
		expect(item.json.error).toBeUndefined();
		expect(uploadsTo()).toHaveLength(2);
		expect(mediaRequests()).toHaveLength(2);
		expect(trint.uploads.at(-1)).toMatchObject({ contentLength: 70000, bodySha256: trint.mediaSha256('again.mp3', 70000) });
	});

	test('500 after Trint may have processed the upload: not sent again', async () => {
		trint.injectFault({ path: '/', method: 'POST', status: 500, bodyStyle: 'html', times: 1 });
		const [item] = await run(urlUpload(trint.mediaUrl('again.mp3', { bytes: 70000, type: 'audio/mpeg' })));
		expect(item.json.error).toMatch(/500/);
		expect(uploadsTo()).toHaveLength(1);
		expect(mediaRequests()).toHaveLength(1);
	});

	test('a source failing with 503 is fetched again (a GET may be repeated), then uploaded', async () => {
		trint.injectFault({ path: '/__mock/media/again.mp3', status: 503, bodyStyle: 'html', times: 1 });
		const [item] = await run(urlUpload(trint.mediaUrl('again.mp3', { bytes: 70000, type: 'audio/mpeg' })));
		expect(item.json.error).toBeUndefined();
		expect(mediaRequests()).toHaveLength(2);
		expect(uploadsTo()).toHaveLength(1);
	});
});
