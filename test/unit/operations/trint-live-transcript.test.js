'use strict';
// Trint → Live Transcript: Create Push Stream, Start, Get Status, Stop, Wait Until Stopped,
// in-process against the Trint mock's realtime API over real sockets. The mock moves a stream
// through its states at once (no step time), so no test waits on a poll interval.
const { Trint, useFastTrintMock, runTrint, requestsTo, expectNoSecrets, expectTrintAuth, expectPaired, TRINT_SECRETS, byId, EMPTY_BY_EXPRESSION } = require('./setup');

let trint;
let credentials;
useFastTrintMock((mock, fresh) => {
	trint = mock;
	credentials = fresh;
}, (mock) => {
	mock.realtimeTtlMs = 6 * 3600 * 1000;
});

const live = (operation, extra = {}) => ({ resource: 'liveTranscript', operation, options: {}, ...extra });

/** A field of one operation as the editor shows it. */
function fieldsOf(operation, name) {
	return new Trint().description.properties.filter(
		(property) => property.name === name && property.displayOptions?.show?.resource?.includes('liveTranscript') && property.displayOptions?.show?.operation?.includes(operation),
	);
}

async function startedStream(options = {}) {
	const { items } = await runTrint(credentials, live('start', { streamUrl: 'rtmp://live.example.com/app/stream', options }));
	return items[0].json.trintId;
}

describe('Live Transcript → Create Push Stream', () => {
	test('an RTMP URL and a new stream key for an encoder', async () => {
		const { items, error } = await runTrint(credentials, live('createPushStream'));
		expect(error).toBeUndefined();
		expect(items).toEqual([{ json: { streamKey: expect.stringMatching(/^[0-9a-f]{32}$/), streamUrl: 'rtmp://127.0.0.1:1935/live' }, pairedItem: { item: 0 } }]);
		expect(await (await fetch(`${trint.origin}/__mock/stream-keys`)).json()).toEqual([items[0].json.streamKey]);
		const [request] = requestsTo(trint, 'POST', '/transcripts/realtime/push');
		expectTrintAuth(request);
	});

	test('a 500: sent once (each call makes a new key), the pack\'s error', async () => {
		trint.injectFault({ path: '/transcripts/realtime/push', method: 'POST', status: 500, times: 0 });
		const { items } = await runTrint(credentials, live('createPushStream'), { continueOnFail: true });
		expect(items[0].json.error).toMatch(/HTTP 500/);
		expectPaired(items, [0]);
		expect(requestsTo(trint, 'POST', '/transcripts/realtime/push')).toHaveLength(1);
	});
});

describe('Live Transcript → Start', () => {
	test('with a push stream\'s key: only the fields set go in the body; a new live Trint', async () => {
		const drive = trint.addSharedDrive({ name: 'Newsroom' });
		const folder = trint.addFolder({ name: 'Desk', workspaceId: drive._id });
		const push = await runTrint(credentials, live('createPushStream'));
		const { streamKey } = push.items[0].json;
		const { items, error } = await runTrint(credentials, live('start', { streamKey, options: { title: 'Council live', language: 'fr', sharedDrive: byId(drive._id), folder: byId(folder._id), metadata: 'job-9' } }));
		expect(error).toBeUndefined();
		expect(items).toEqual([{ json: { trintId: expect.any(String), status: 'STARTING', editorUrl: null }, pairedItem: { item: 0 } }]);
		const [request] = requestsTo(trint, 'PUT', '/transcripts/realtime');
		expect(request.json).toEqual({ streamKey, title: 'Council live', language: 'fr', workspaceId: drive._id, folderId: folder._id, metadata: 'job-9' });
		expectTrintAuth(request);
		expect(trint.getTranscript(items[0].json.trintId)).toMatchObject({ title: 'Council live', language: 'fr', folderId: folder._id, workspaceId: drive._id });
	});

	test('the rule "Stream Key or Stream URL, at least one" is in the hint under both fields, not only in a tooltip', () => {
		for (const name of ['streamKey', 'streamUrl']) {
			const [field] = fieldsOf('start', name);
			expect(field.hint).toMatch(/at least one of Stream Key and Stream URL/i);
		}
	});

	test('bad input: no Stream Key nor URL, an unknown language; a used key is Trint\'s 400 and the key stays out of the error', async () => {
		const none = await runTrint(credentials, live('start', { streamKey: '', streamUrl: '  ' }));
		expect(none.error.message).toBe('"Stream Key" and "Stream URL" are both empty');
		expect(none.error.description).toMatch(/"Stream Key".*"Stream URL"/);
		const language = await runTrint(credentials, live('start', { streamUrl: 'rtmp://x.example/a', options: { language: 'klingon' } }));
		expect(language.error.message).toBe('"Language" has an unknown code: "klingon"');
		expect(trint.requests).toHaveLength(0);
		const push = await runTrint(credentials, live('createPushStream'));
		const { streamKey } = push.items[0].json;
		await runTrint(credentials, live('start', { streamKey }));
		const { items } = await runTrint(credentials, live('start', { streamKey }), { continueOnFail: true });
		expect(items[0].json.error).toMatch(/HTTP 400/);
		expectPaired(items, [0]);
		expectNoSecrets(items, [streamKey, ...TRINT_SECRETS]);
	});
});

describe('Live Transcript → Get Status', () => {
	test('the stream\'s state, from /transcripts/realtime/{id}', async () => {
		const trintId = await startedStream();
		trint.clearRequests();
		const { items, error } = await runTrint(credentials, live('getStatus', { trintId }));
		expect(error).toBeUndefined();
		expect(items).toEqual([{ json: { trintId, status: 'TRANSCRIBING', warnings: [], errors: [], started: expect.any(String), expires: expect.any(String) }, pairedItem: { item: 0 } }]);
		const [request] = requestsTo(trint, 'GET', `/transcripts/realtime/${trintId}`);
		expectTrintAuth(request);
	});

	test('an empty ID is refused by name; an unknown stream is Trint\'s 403', async () => {
		const empty = await runTrint(credentials, live('getStatus', { trintId: ' ' }));
		expect(empty.error.message).toBe('"Live Transcript ID" is empty');
		expect(trint.requests).toHaveLength(0);
		const unknown = await runTrint(credentials, live('getStatus', { trintId: 'AAAAAAAAAAAAAAAAAAAAAA' }));
		expect(unknown.error.message).toMatch(/HTTP 403/);
	});

	test('an ID with path or query characters stays one path segment: nothing reaches another path or query', async () => {
		const odd = 'a/b?limit=1#x';
		const { error } = await runTrint(credentials, live('getStatus', { trintId: odd }));
		expect(error.message).toMatch(/HTTP 403/);
		expect(trint.requests).toHaveLength(1);
		const [request] = trint.requests;
		expect(request.path).toBe(`/transcripts/realtime/${encodeURIComponent(odd)}`);
		expect(request.query).toEqual({});
	});
});

describe('Live Transcript → Stop', () => {
	test('Stop By Trint ID (the default): stops a running stream (trintId in body and query, no streamId); stopping it again says it already was', async () => {
		const trintId = await startedStream();
		trint.clearRequests();
		const { items, error } = await runTrint(credentials, live('stop', { trintId, streamId: 'ignored-because-hidden' }));
		expect(error).toBeUndefined();
		expect(items).toEqual([{ json: { status: 'STOPPING', trintId, stoppedBy: 'trintId', alreadyStopped: false }, pairedItem: { item: 0 } }]);
		const [request] = requestsTo(trint, 'DELETE', '/transcripts/realtime');
		expect(request.query).toEqual({ trintId });
		expect(request.json).toEqual({ trintId });
		expectTrintAuth(request);
		const again = await runTrint(credentials, live('stop', { stopBy: 'trintId', trintId }));
		expect(again.items[0].json).toEqual({ status: 'STOPPED', trintId, stoppedBy: 'trintId', alreadyStopped: true });
	});

	test('Stop By Stream ID: only streamId is sent (Trint takes one or the other, never both); a key used as the ID stays out of outputs and errors', async () => {
		const push = await runTrint(credentials, live('createPushStream'));
		const { streamKey } = push.items[0].json;
		const started = await runTrint(credentials, live('start', { streamKey }));
		const { trintId } = started.items[0].json;
		trint.clearRequests();
		const { items, error } = await runTrint(credentials, live('stop', { stopBy: 'streamId', streamId: ` ${streamKey} `, trintId }));
		expect(error).toBeUndefined();
		expect(items).toEqual([{ json: { status: 'STOPPING', stoppedBy: 'streamId', alreadyStopped: false }, pairedItem: { item: 0 } }]);
		const [request] = requestsTo(trint, 'DELETE', '/transcripts/realtime');
		expect(request.json).toEqual({ streamId: streamKey });
		expect(request.query).toEqual({ streamId: streamKey });
		expect(trint.realtimeSession(trintId).stopRequestedMs).not.toBeNull();
		const foreign = await runTrint(credentials, live('stop', { stopBy: 'streamId', streamId: 'f'.repeat(32) }), { continueOnFail: true });
		expect(foreign.items[0].json.error).toMatch(/HTTP 403/);
		expectNoSecrets([items, foreign.items], ['f'.repeat(32), streamKey]);
	});

	test('the field shown is the one Stop By names; an empty one is refused by its name before any call', async () => {
		const [stopBy] = fieldsOf('stop', 'stopBy');
		expect(stopBy.options.map((option) => option.value)).toEqual(['trintId', 'streamId']);
		expect(stopBy.default).toBe('trintId');
		expect(fieldsOf('stop', 'trintId')[0].displayOptions.show.stopBy).toEqual(['trintId']);
		expect(fieldsOf('stop', 'streamId')[0].displayOptions.show.stopBy).toEqual(['streamId']);
		const empty = await runTrint(credentials, live('stop', { stopBy: 'streamId', streamId: ' ', trintId: 'AAAAAAAAAAAAAAAAAAAAAA' }));
		expect(empty.error.message).toBe('"Stream ID" is empty');
		const emptyTrint = await runTrint(credentials, live('stop', { stopBy: 'trintId', trintId: EMPTY_BY_EXPRESSION, streamId: 'abc' }));
		expect(emptyTrint.error.message).toBe('"Live Transcript ID" is empty');
		expect(trint.requests).toHaveLength(0);
	});

	test('a stream of another account: Trint\'s 403, per item with Continue On Fail', async () => {
		const { items } = await runTrint(credentials, live('stop', { trintId: 'AAAAAAAAAAAAAAAAAAAAAA' }), { continueOnFail: true });
		expect(items[0].json.error).toMatch(/HTTP 403/);
		expectPaired(items, [0]);
	});
});

describe('Live Transcript → Wait Until Stopped', () => {
	const wait = (trintId, extra = {}) => live('waitUntilStopped', { trintId, pollInterval: 10, maxWaitMinutes: 5, ...extra });

	test('a stopped stream: its final status at the first check', async () => {
		const trintId = await startedStream();
		await runTrint(credentials, live('stop', { trintId }));
		trint.clearRequests();
		const { items, error } = await runTrint(credentials, wait(trintId));
		expect(error).toBeUndefined();
		expect(items).toEqual([{ json: { trintId, status: 'STOPPED', warnings: [], errors: [], started: expect.any(String), expires: expect.any(String) }, pairedItem: { item: 0 } }]);
		expect(requestsTo(trint, 'GET', `/transcripts/realtime/${trintId}`)).toHaveLength(1);
	});

	test('FAILED and expired streams are errors that carry the trintId and Trint\'s reasons', async () => {
		const failing = await startedStream();
		trint.forceRealtimeState(failing, { status: 'FAILED', errors: ['encoder disconnected'] });
		const failed = await runTrint(credentials, wait(failing));
		expect(failed.error.message).toBe(`Live transcript ${failing} failed`);
		expect(failed.error.description).toMatch(/FAILED: encoder disconnected/);
		const expiring = await startedStream();
		trint.realtimeTtlMs = 1;
		await new Promise((resolve) => setTimeout(resolve, 5));
		const expired = await runTrint(credentials, wait(expiring), { continueOnFail: true });
		expect(expired.items[0].json.error).toBe(`Live transcript ${expiring} expired`);
		expectPaired(expired.items, [0]);
	});

	test('a Poll Interval under Trint\'s minimum is refused by name before any call', async () => {
		const { error } = await runTrint(credentials, wait('AAAAAAAAAAAAAAAAAAAAAA', { pollInterval: 5 }));
		expect(error.message).toBe('"Poll Interval (Seconds)" must be at least 10');
		expect(trint.requests).toHaveLength(0);
	});
});
