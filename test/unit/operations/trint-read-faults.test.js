'use strict';
// Transcript → Get Many / Get / Upload / Export when Trint misbehaves or the input is wrong, run
// as workflows on n8n's engine against the Trint mock (real sockets): reads recover from 429,
// 502-504 and resets or fail clearly, a 500 on a read is not retried, a stall ends at the user's
// timeout, broken pages are an error without half a list, redirects to another host are not
// followed, every input item yields one output in order, bad input is refused by field name
// before any request, and no key or secret shows in what the node returns.
const crypto = require('node:crypto');
const { startTrintMock, TRINT_FIXTURES } = require('../../mocks/trint-mock');
const engine = require('../../engine/harness');
const { runTrint, trintCredentials, byId, binaryItem, TRINT_SECRETS, expectNoSecrets, expectPaired } = require('./setup');

let trint;
let elsewhere;
let credentials;
let target;
beforeAll(async () => {
	trint = await startTrintMock({ port: 0, processingMs: 0 });
	elsewhere = await startTrintMock({ port: 0 });
});
afterAll(async () => {
	await trint?.close();
	await elsewhere?.close();
});
beforeEach(() => {
	trint.reset();
	elsewhere.reset();
	trint.seedTranscripts(30, { titlePrefix: 'Item' });
	target = trint.addTranscript({ title: 'target.mp3', processingMs: 0 });
	credentials = trintCredentials(trint);
});

const getMany = (limit = 5, options = {}) => ({ resource: 'transcript', operation: 'getAll', returnAll: false, limit, filters: {}, options });
const pageRequests = () => trint.requests.filter((request) => request.method === 'GET' && request.path.startsWith('/transcripts'));
const uploads = () => trint.requests.filter((request) => request.method === 'POST' && request.path === '/');
const MEDIA = Buffer.concat([Buffer.from('ID3'), crypto.randomBytes(256 * 1024)]);
const mediaItem = (json = {}) => binaryItem(MEDIA, { fileName: 'clip.mp3', mimeType: 'audio/mpeg', json });
const upload = (extra = {}) => ({ resource: 'transcript', operation: 'upload', binaryPropertyName: 'data', language: 'en', waitForTranscription: false, options: {}, ...extra });

/** Runs Get Many (Limit 5) once; returns the output items (Continue On Fail) and the error without it. */
async function list({ continueOnFail = false, options = {}, creds = credentials } = {}) {
	const result = await runTrint(creds, getMany(5, options), { continueOnFail });
	if (result.error) expectNoSecrets(result.error, TRINT_SECRETS);
	if (result.items) expectNoSecrets(result.items, TRINT_SECRETS);
	return result;
}

describe('rate limits and server errors on reads', () => {
	test('429 with Retry-After in seconds: waits and recovers', async () => {
		trint.injectFault({ path: '/transcripts/', status: 429, retryAfter: 1, bodyStyle: 'json', times: 1 });
		const { items, error } = await list();
		expect(error).toBeUndefined();
		expect(items).toHaveLength(5);
		const [first, second] = pageRequests();
		expect(pageRequests()).toHaveLength(2);
		expect(second.time - first.time).toBeGreaterThanOrEqual(900);
	});

	test('429 with an HTTP-date Retry-After: waits and recovers', async () => {
		trint.injectFault({ path: '/transcripts/', status: 429, retryAfterDate: 2, times: 1 });
		const { items } = await list();
		expect(items).toHaveLength(5);
		expect(pageRequests()).toHaveLength(2);
	});

	test('429 without any Retry-After: backs off by itself, then recovers', async () => {
		trint.injectFault({ path: '/transcripts/', status: 429, retryAfter: null, times: 1 });
		const { items } = await list();
		expect(items).toHaveLength(5);
		const pages = pageRequests();
		expect(pages).toHaveLength(2);
		expect(pages[1].time - pages[0].time).toBeGreaterThanOrEqual(900);
	});

	test('a burst of 429s beyond the retry cap ends in a clear error after 4 requests', async () => {
		trint.injectFault({ path: '/transcripts/', status: 429, retryAfter: 0, times: 10 });
		const { error } = await list();
		expect(error.message).toMatch(/429/);
		expect(error.description).toMatch(/retried 3 times/);
		expect(pageRequests()).toHaveLength(4);
	});

	test.each([
		[502, 'html'],
		[503, 'text'],
		[504, 'json'],
	])('%i (%s body) once: retried with back-off and recovered', async (status, bodyStyle) => {
		trint.injectFault({ path: '/transcripts/', status, bodyStyle, times: 1 });
		const { items } = await list();
		expect(items).toHaveLength(5);
		expect(pageRequests()).toHaveLength(2);
	});

	test('502 on every attempt: 3 attempts, then the gateway\'s own words, as an error item with Continue On Fail', async () => {
		trint.injectFault({ path: '/transcripts/', status: 502, bodyStyle: 'html', times: 0 });
		const { items } = await list({ continueOnFail: true });
		expect(items).toHaveLength(1);
		expect(items[0].json.error).toBe('Trint: HTTP 502');
		expect(items[0].json.description).toMatch(/Trint said: ".*Bad Gateway.*"/);
		expect(pageRequests()).toHaveLength(3);
	}, 20000);

	test('500 is not retried; a read may simply be run again later', async () => {
		trint.injectFault({ path: '/transcripts/', status: 500, bodyStyle: 'text', times: 1 });
		const { items } = await list({ continueOnFail: true });
		expect(items[0].json.error).toMatch(/500/);
		expect(items[0].json.description).toMatch(/This is usually temporary: run the workflow again later/);
		expect(pageRequests()).toHaveLength(1);
	});

	test('connection reset mid-response on a read: retried and recovered', async () => {
		trint.injectFault({ path: '/transcripts/', kind: 'reset', times: 1 });
		const { items } = await list();
		expect(items).toHaveLength(5);
		expect(pageRequests()).toHaveLength(2);
	});

	test('a stalled server: the user\'s timeout, then a clear error', async () => {
		trint.injectFault({ path: '/transcripts/', kind: 'stall', times: 0 });
		const started = Date.now();
		const { error } = await list({ options: { timeout: 1 } });
		expect(error.message).toMatch(/did not answer in time/);
		expect(error.description).toMatch(/Timeout/);
		expect(Date.now() - started).toBeLessThan(15_000);
	}, 20000);

	test.each([
		['malformed-json', /not valid JSON/],
		['empty-body', /empty answer/],
		['not-array', /where a list of transcripts was expected/],
	])('%s page: a clear error, nothing half-returned', async (kind, message) => {
		trint.injectFault({ path: '/transcripts/', kind, times: 1 });
		const { items } = await list({ continueOnFail: true });
		expect(items).toHaveLength(1);
		expect(items[0].json.error).toMatch(message);
	});

	test('connection refused: three attempts, then says so', async () => {
		const { items } = await list({ continueOnFail: true, creds: trintCredentials(trint, { apiBaseUrl: 'http://127.0.0.1:9', uploadBaseUrl: 'http://127.0.0.1:9' }) });
		expect(items[0].json.error).toMatch(/connection refused/);
	}, 20000);
});

describe('uploads and redirects', () => {
	test('429 on upload: the only case sent again, and the file arrives whole', async () => {
		trint.injectFault({ path: '/', method: 'POST', status: 429, retryAfter: 1, times: 1 });
		const { items } = await runTrint(credentials, upload(), { items: [mediaItem()], continueOnFail: true });
		expect(items[0].json.trintId).toBeDefined();
		expect(uploads()).toHaveLength(2);
		expect(trint.uploads).toHaveLength(1);
		expect(trint.uploads[0].bodySha256).toBe(crypto.createHash('sha256').update(MEDIA).digest('hex'));
	});

	test('a redirect to another host is not followed and the key does not travel', async () => {
		trint.injectFault({ path: '/transcripts/', kind: 'redirect', location: `${elsewhere.origin}/transcripts/?limit=5&skip=0`, times: 1 });
		const { items } = await list({ continueOnFail: true });
		expect(items[0].json.error).toMatch(/redirect/);
		expect(elsewhere.requests).toHaveLength(0);
	});
});

describe('every input item gets exactly one output, in order', () => {
	test('with Continue On Fail, a failing middle item becomes an error item paired to it', async () => {
		const ids = [target.id, 'AAAAAAAAAAAAAAAAAAAAAA', target.id];
		const { items } = await runTrint(credentials, { resource: 'transcript', operation: 'get', transcriptId: byId('={{ $json.id }}') }, { items: ids.map((id) => ({ json: { id } })), continueOnFail: true });
		expect(items).toHaveLength(3);
		expectPaired(items, [0, 1, 2]);
		expect(items[0].json.id).toBe(target.id);
		expect(items[1].json.error).toMatch(/403/);
		expect(items[2].json.id).toBe(target.id);
	});
});

describe('bad input is refused with the field named, before any request', () => {
	const WEIRD_IDS = ['a/b', '..', '../../workspaces', 'x?limit=1', 'x#frag', '100%', 'with space', 'Üñï©ødé'];

	test('IDs that are not Trint IDs (path or query characters, dots, spaces) are refused by name; nothing is sent', async () => {
		const { items } = await runTrint(credentials, { resource: 'transcript', operation: 'get', transcriptId: byId('={{ $json.id }}') }, { items: WEIRD_IDS.map((id) => ({ json: { id } })), continueOnFail: true });
		expect(items).toHaveLength(WEIRD_IDS.length);
		expect(trint.requests).toHaveLength(0);
		WEIRD_IDS.forEach((id, index) => {
			expect(items[index].pairedItem).toEqual({ item: index });
			expect(items[index].json.error).toBe(`"Transcript" is "${id}", which is not a Trint ID`);
			expect(items[index].json.description).toMatch(/Trint IDs are 22 letters, digits, "-" or "_"/);
		});
	});

	test('Limit 0, negative, fractional or absurd', async () => {
		const limits = [0, -3, 2.5, 5000000];
		const { items } = await runTrint(credentials, getMany('={{ $json.limit }}'), { items: limits.map((limit) => ({ json: { limit } })), continueOnFail: true });
		expect(items).toHaveLength(4);
		for (const item of items) expect(item.json.error).toMatch(/"Limit" must be a whole number/);
		expect(trint.requests).toHaveLength(0);
	});

	test('wrong binary field, unknown language, oversized metadata', async () => {
		const run = async (parameters) => (await runTrint(credentials, upload(parameters), { items: [mediaItem()], continueOnFail: true })).items[0].json;
		const wrongField = await run({ binaryPropertyName: 'file' });
		expect(wrongField.error).toMatch(/No binary property "file"/);
		expect(wrongField.description).toMatch(/"data"/);
		expect((await run({ language: '={{ "klingon" }}' })).error).toMatch(/"Language" has an unknown code: "klingon"/);
		expect((await run({ options: { metadata: 'm'.repeat(5000) } })).error).toMatch(/"Metadata" is 5000 characters/);
		expect(trint.requests).toHaveLength(0);
	});

	test('an empty file, or no file at all', async () => {
		const empty = await runTrint(credentials, upload(), { items: [binaryItem(Buffer.alloc(0), { fileName: 'empty.mp3', mimeType: 'audio/mpeg' })], continueOnFail: true });
		expect(empty.items[0].json.error).toMatch(/empty/);
		const none = await runTrint(credentials, upload(), { items: [{ json: {} }], continueOnFail: true });
		expect(none.items[0].json.description).toMatch(/carries no file/);
		expect(trint.requests).toHaveLength(0);
	});

	test('a custom base URL that is not a URL', async () => {
		const { items } = await list({ continueOnFail: true, creds: trintCredentials(trint, { apiBaseUrl: 'api.example', uploadBaseUrl: 'api.example' }) });
		expect(items[0].json.error).toMatch(/"API Base URL" is not a URL/);
	});

	test('keys pasted with spaces and line breaks still work', async () => {
		const { items } = await runTrint(trintCredentials(trint, { keyId: ` ${TRINT_FIXTURES.keyId}\n`, keySecret: `\t${TRINT_FIXTURES.keySecret} \n` }), getMany(2));
		expect(items).toHaveLength(2);
		expect(trint.requests[0].headers.authorization).toBe(`Basic ${TRINT_SECRETS[1]}`);
	});

	test('an empty Key Secret: Trint\'s 401, with the empty field named', async () => {
		const { items } = await list({ continueOnFail: true, creds: trintCredentials(trint, { keySecret: '' }) });
		expect(items[0].json.error).toMatch(/401/);
		expect(items[0].json.description).toMatch(/"Key Secret" is empty/);
		expect(trint.requests).toHaveLength(1);
	});

	test('a Key ID pasted into the legacy field gets a hint', async () => {
		const legacy = { trintLegacyApi: { apiKey: TRINT_FIXTURES.keyId, region: 'custom', apiBaseUrl: trint.origin, uploadBaseUrl: trint.origin } };
		const { items } = await engine.runNode('trint', { credentials: legacy, parameters: { authentication: 'legacyKey', ...getMany(1) }, continueOnFail: true });
		expect(items[0].json.error).toMatch(/401/);
		expect(items[0].json.description).toMatch(/holds a Key ID/);
	});
});
