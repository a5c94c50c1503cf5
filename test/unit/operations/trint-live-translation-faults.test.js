'use strict';
// Translation and Live Transcript when Trint misbehaves, run as workflows on n8n's engine
// against the Trint mock (real sockets): translation reads retried after 429 and 502, Wait Until
// Stopped's tolerance for UNKNOWN, a stream key Trint echoes in an error masked, and stopping a
// stream Trint no longer runs counted as stopped. The waits between status checks are n8n's
// `sleep`, made instant here (and recorded) so that no test waits out a Poll Interval.
const n8nWorkflow = require('n8n-workflow');
const { TRINT_FIXTURES } = require('../../mocks/trint-mock');
const { useFastTrintMock, runTrint, requestsTo, expectNoSecrets, TRINT_SECRETS } = require('./setup');

let trint;
let credentials;
useFastTrintMock((mock, fresh) => {
	trint = mock;
	credentials = fresh;
}, (mock) => {
	mock.realtimeTtlMs = 6 * 3600 * 1000;
});

const live = (operation, extra = {}) => ({ resource: 'liveTranscript', operation, options: {}, ...extra });

describe('Translation', () => {
	test('429 and 502 on translation reads are retried', async () => {
		trint.injectFault({ path: '/translation/translation-languages', status: 429, retryAfter: 1, times: 1 });
		trint.injectFault({ path: '/translation/translation-languages', status: 502, bodyStyle: 'html', times: 1 });
		const { items, error } = await runTrint(credentials, { resource: 'translation', operation: 'getLanguages' });
		expect(error).toBeUndefined();
		expect(items).toHaveLength(9);
		expect(items.every((item) => item.json.warning === undefined)).toBe(true);
		expect(requestsTo(trint, 'GET', '/translation/translation-languages')).toHaveLength(3);
	});

	test('bad input: empty language, bad JSON, unknown language, a foreign or empty transcript', async () => {
		const { id } = trint.addTranscript({ title: 'briefing.mp3', processingMs: 0 });
		const entries = [
			{ id, lang: '', body: '{}' },
			{ id, lang: 'fr', body: '{not json' },
			{ id, lang: 'fr', body: '[1]' },
			{ id, lang: 'xx', body: '{}' },
			{ id: 'AAAAAAAAAAAAAAAAAAAAAA', lang: 'fr', body: '{}' },
			{ id: '', lang: 'fr', body: '{}' },
		];
		const parameters = { resource: 'translation', operation: 'create', transcriptId: { __rl: true, mode: 'id', value: '={{ $json.id }}' }, targetLanguage: { __rl: true, mode: 'id', value: '={{ $json.lang }}' }, waitForTranslation: false, options: { additionalBodyFields: '={{ $json.body }}' } };
		const { items } = await runTrint(credentials, parameters, { items: entries.map((json) => ({ json })), continueOnFail: true });
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
		expectNoSecrets(items, TRINT_SECRETS);
	});
});

describe('Live Transcript', () => {
	let sleeps;
	beforeEach(() => {
		sleeps = [];
		jest.spyOn(n8nWorkflow, 'sleep').mockImplementation(async (ms) => {
			sleeps.push(ms);
		});
	});
	afterEach(() => jest.restoreAllMocks());

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
		const ids = [failed, expired, unknown, flaky];
		const { items } = await runTrint(credentials, live('waitUntilStopped', { trintId: '={{ $json.id }}', pollInterval: 10, maxWaitMinutes: 2 }), { items: ids.map((id) => ({ json: { id } })), continueOnFail: true });
		expect(items[0].json.error).toBe(`Live transcript ${failed} failed`);
		expect(items[0].json.description).toMatch(/encoder lost/);
		expect(items[1].json.error).toBe(`Live transcript ${expired} expired`);
		expect(items[2].json.error).toMatch(new RegExp(`${unknown} stayed in status UNKNOWN 3 times`));
		expect(items[3].json).toMatchObject({ trintId: flaky, status: 'STOPPED' });
		expect(requestsTo(trint, 'GET', `/transcripts/realtime/${unknown}`)).toHaveLength(3);
		// Two waits for each stream that needed three checks, each the Poll Interval.
		expect(sleeps).toEqual([10000, 10000, 10000, 10000]);
	});

	test('a server echoing the stream key in its error: the key is masked', async () => {
		const { items: [stream] } = await runTrint(credentials, live('createPushStream'));
		const key = stream.json.streamKey;
		expect(key).toBeTruthy();
		trint.injectFault({ path: '/transcripts/realtime/', method: 'PUT', status: 400, body: { message: `stream key rejected: ${key}` }, times: 1 });
		const { items: [item] } = await runTrint(credentials, live('start', { streamKey: key }), { continueOnFail: true });
		expect(item.json.description).toMatch(/stream key rejected: \*\*\*/);
		expect(JSON.stringify(item.json)).not.toContain(key);
		expectNoSecrets(item, TRINT_SECRETS);
	});

	test('IDs: empty and dot IDs refused before a request; an unknown one is a 403 error', async () => {
		const ids = ['', '..', 'CCCCCCCCCCCCCCCCCCCCCC'];
		const { items } = await runTrint(credentials, live('getStatus', { trintId: '={{ $json.id }}' }), { items: ids.map((id) => ({ json: { id } })), continueOnFail: true });
		expect(items[0].json.error).toMatch(/"Live Transcript ID" is empty/);
		expect(items[1].json.error).toMatch(/not an ID/);
		expect(items[2].json.error).toMatch(/403/);
		expect(trint.requests.filter((r) => r.path.startsWith('/transcripts/realtime'))).toHaveLength(1);
	});

	test('stopping a stream Trint no longer runs (409) counts as stopped', async () => {
		trint.injectFault({ path: '/transcripts/realtime/', method: 'DELETE', status: 409, body: { message: 'not running' }, times: 1 });
		const { items: [stopped], error } = await runTrint(credentials, live('stop', { trintId: 'DDDDDDDDDDDDDDDDDDDDDD' }));
		expect(error).toBeUndefined();
		expect(stopped.json).toMatchObject({ trintId: 'DDDDDDDDDDDDDDDDDDDDDD', status: 'STOPPED', alreadyStopped: true });
	});
});
