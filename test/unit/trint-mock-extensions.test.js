'use strict';

// The Trint mock's translation, realtime and test-media surfaces (extensions contract §13–§15),
// through real sockets.

const crypto = require('crypto');
const { request } = require('undici');
const { startTrintMock, TRINT_FIXTURES: F, TRANSLATION_LANGUAGES } = require('../mocks/trint-mock');

const basicAuth = `Basic ${Buffer.from(`${F.keyId}:${F.keySecret}`).toString('base64')}`;
const sha256 = (data) => crypto.createHash('sha256').update(data).digest('hex');

let trint;

async function call(path, { method = 'GET', headers = {}, body, auth = basicAuth, json } = {}) {
	const allHeaders = { accept: 'application/json', ...headers };
	if (auth) allHeaders.authorization = auth;
	let payload = body;
	if (json !== undefined) {
		allHeaders['content-type'] = 'application/json';
		payload = JSON.stringify(json);
	}
	const res = await request(`${trint.origin}${path}`, { method, headers: allHeaders, body: payload });
	const buffer = Buffer.from(await res.body.arrayBuffer());
	return { status: res.statusCode, headers: res.headers, buffer, text: buffer.toString('utf8'), json: () => JSON.parse(buffer.toString('utf8')) };
}

const wait = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

beforeAll(async () => {
	trint = await startTrintMock({ port: 0, processingMs: 0, translationMs: 300, realtimeStepMs: 200, realtimeTtlMs: 60_000 });
});
afterAll(async () => trint.close());
beforeEach(() => trint.reset());

describe('§13 translation under /translation', () => {
	test('T1 lists the target languages inside data.translationLanguages', async () => {
		const res = await call('/translation/translation-languages');
		expect(res.status).toBe(200);
		expect(res.json().data.translationLanguages.map((l) => l.languageCode)).toEqual(['en', 'en-GB', 'es', 'fr', 'de', 'it', 'pt', 'nl', 'ja']);
		expect(TRANSLATION_LANGUAGES).toHaveLength(9);
	});

	test('T1 needs the credential', async () => {
		expect((await call('/translation/translation-languages', { auth: null })).status).toBe(401);
	});

	test('T2 creates IN_PROGRESS, becomes COMPLETE after MOCK_TRANSLATION_MS, the translated Trint exports once done', async () => {
		const source = trint.addTranscript({ title: 'briefing.mp3' });
		const created = await call('/translation/', { method: 'POST', json: { fileId: source.id, targetLanguage: 'fr' } });
		expect(created.status).toBe(200);
		const body = created.json();
		expect(body.source).toEqual({ transcriptId: source.id, language: 'en' });
		expect(body.translations).toHaveLength(1);
		const [item] = body.translations;
		expect(item).toMatchObject({ language: 'fr', status: 'IN_PROGRESS' });
		expect(item.transcriptId).toMatch(/^[A-Za-z0-9_-]{22}$/);
		expect((await call(`/export/json/${item.transcriptId}`)).status).toBe(404);
		await wait(400);
		const listed = await call(`/translation/?fileId=${source.id}`);
		expect(listed.json().translations[0]).toMatchObject({ transcriptId: item.transcriptId, status: 'COMPLETE' });
		const exported = await call(`/export/json/${item.transcriptId}`);
		expect(exported.status).toBe(200);
		expect(exported.json().title).toBe('briefing.mp3 (fr)');
	});

	test('a second T2 for the same language returns the existing item', async () => {
		const source = trint.addTranscript();
		const a = (await call('/translation/', { method: 'POST', json: { fileId: source.id, targetLanguage: 'de' } })).json();
		const b = (await call('/translation/', { method: 'POST', json: { fileId: source.id, targetLanguage: 'de' } })).json();
		expect(b.translations).toHaveLength(1);
		expect(b.translations[0].transcriptId).toBe(a.translations[0].transcriptId);
	});

	test('T2 refuses a missing id (400), an unknown language (400), a processing source (400), a foreign id (403)', async () => {
		const source = trint.addTranscript();
		const processing = trint.addTranscript({ processingMs: 60_000 });
		expect((await call('/translation', { method: 'POST', json: { targetLanguage: 'fr' } })).status).toBe(400);
		expect((await call('/translation', { method: 'POST', json: { fileId: source.id } })).status).toBe(400);
		expect((await call('/translation', { method: 'POST', json: { fileId: source.id, targetLanguage: 'xx' } })).status).toBe(400);
		expect((await call('/translation', { method: 'POST', json: { fileId: processing.id, targetLanguage: 'fr' } })).json().message).toMatch(/processing/);
		expect((await call('/translation', { method: 'POST', json: { fileId: 'A'.repeat(22), targetLanguage: 'fr' } })).status).toBe(403);
	});

	test('§13.2: the old guessed names (languageCode, transcriptId) are refused with 400 naming Trint\'s field, on create, list and delete', async () => {
		const source = trint.addTranscript();
		const oldLanguage = await call('/translation', { method: 'POST', json: { fileId: source.id, languageCode: 'fr' } });
		expect(oldLanguage.status).toBe(400);
		expect(oldLanguage.json().message).toMatch(/^targetLanguage is required \(languageCode is not/);
		const oldSource = await call('/translation', { method: 'POST', json: { transcriptId: source.id, targetLanguage: 'fr' } });
		expect(oldSource.status).toBe(400);
		expect(oldSource.json().message).toMatch(/^fileId is required \(transcriptId is not/);
		expect((await call('/translation', { method: 'POST', json: { transcriptId: source.id, languageCode: 'fr' } })).status).toBe(400);
		expect((await call(`/translation?transcriptId=${source.id}`)).json().message).toMatch(/^fileId is required/);
		const created = (await call('/translation', { method: 'POST', json: { fileId: source.id, targetLanguage: 'fr' } })).json();
		const translatedId = created.translations[0].transcriptId;
		const oldDelete = await call(`/translation?transcriptId=${translatedId}`, { method: 'DELETE', json: { transcriptId: translatedId } });
		expect(oldDelete.status).toBe(400);
		expect(oldDelete.json().message).toMatch(/^fileId is required/);
		expect(trint.translationsOf(source.id).translations).toHaveLength(1);
	});

	test('forced FAILED (control) ends a translation FAILED; omitStatus drops the field', async () => {
		const source = trint.addTranscript();
		const fault = await call('/__mock/translation-fail', { method: 'POST', json: { languageCode: 'es' }, auth: null });
		expect(fault.status).toBe(200);
		await call('/translation', { method: 'POST', json: { fileId: source.id, targetLanguage: 'es' } });
		await wait(400);
		expect((await call(`/translation?fileId=${source.id}`)).json().translations[0].status).toBe('FAILED');
		await call('/__mock/translation-options', { method: 'POST', json: { omitStatus: true }, auth: null });
		expect((await call(`/translation?fileId=${source.id}`)).json().translations[0]).not.toHaveProperty('status');
	});

	test('T3 needs fileId (a translated id lists its source\'s family); T4 with a translated id (body or query) removes that one, with a source id all of them', async () => {
		const source = trint.addTranscript();
		expect((await call('/translation')).status).toBe(400);
		await call('/translation', { method: 'POST', json: { fileId: source.id, targetLanguage: 'fr' } });
		const both = (await call('/translation', { method: 'POST', json: { fileId: source.id, targetLanguage: 'it' } })).json();
		const fr = both.translations.find((t) => t.language === 'fr');
		expect((await call(`/translation?fileId=${fr.transcriptId}`)).json().source.transcriptId).toBe(source.id);
		const removed = await call('/translation', { method: 'DELETE', json: { fileId: fr.transcriptId } });
		expect(removed.status).toBe(200);
		expect(removed.json().translations.map((t) => t.language)).toEqual(['it']);
		const queryOnly = await call(`/translation?fileId=${source.id}`, { method: 'DELETE' });
		expect(queryOnly.json().translations).toEqual([]);
		expect(trint.getTranscript(source.id)).toBeDefined();
		expect((await call(`/translation?fileId=${'B'.repeat(22)}`, { method: 'DELETE' })).status).toBe(403);
	});
});

describe('§14 realtime', () => {
	test('push stream → start with the key → STARTING → TRANSCRIBING → stop → STOPPING → STOPPED', async () => {
		const push = await call('/transcripts/realtime/push', { method: 'POST' });
		expect(push.status).toBe(200);
		const { streamKey, streamUrl } = push.json();
		expect(streamKey).toMatch(/^[0-9a-f]{32}$/);
		expect(streamUrl).toBe('rtmp://127.0.0.1:1935/live');
		const started = await call('/transcripts/realtime/', { method: 'PUT', json: { streamKey, title: 'Council meeting', language: 'en' } });
		expect(started.status).toBe(200);
		const { trintId, status } = started.json();
		expect(status).toBe('STARTING');
		const first = (await call(`/transcripts/realtime/${trintId}`)).json();
		expect(first.status).toBe('STARTING');
		expect(Date.parse(first.expires) - Date.parse(first.started)).toBe(60_000);
		expect(first).toMatchObject({ warnings: [], errors: [] });
		await wait(250);
		expect((await call(`/transcripts/realtime/${trintId}/`)).json().status).toBe('TRANSCRIBING');
		expect((await call(`/export/json/${trintId}`)).json().realtime).toBe('TRANSCRIBING');
		const stop = await call('/transcripts/realtime', { method: 'DELETE', json: { trintId } });
		expect(stop.json()).toEqual({ status: 'STOPPING' });
		expect((await call(`/transcripts/realtime/${trintId}`)).json().status).toBe('STOPPING');
		await wait(250);
		expect((await call(`/transcripts/realtime/${trintId}`)).json().status).toBe('STOPPED');
		expect((await call(`/transcripts/realtime?trintId=${trintId}`, { method: 'DELETE' })).json()).toEqual({ status: 'STOPPED' });
		const exported = (await call(`/export/json/${trintId}`)).json();
		expect(exported.realtime).toBe('STOPPED');
		expect(exported.words.length).toBeGreaterThan(0);
		expect(trint.getTranscript(trintId).title).toBe('Council meeting');
	});

	test('R1 refuses no source, a foreign language, a reused key; R3/R2 refuse a foreign id with 403', async () => {
		expect((await call('/transcripts/realtime', { method: 'PUT', json: { title: 'x' } })).status).toBe(400);
		expect((await call('/transcripts/realtime', { method: 'PUT', json: { streamUrl: 'rtmp://x/live', language: 'xx' } })).status).toBe(400);
		const { streamKey } = (await call('/transcripts/realtime/push', { method: 'POST' })).json();
		expect((await call('/transcripts/realtime', { method: 'PUT', json: { streamKey } })).status).toBe(200);
		expect((await call('/transcripts/realtime', { method: 'PUT', json: { streamKey } })).status).toBe(400);
		expect((await call(`/transcripts/realtime/${'C'.repeat(22)}`)).status).toBe(403);
		expect((await call('/transcripts/realtime', { method: 'DELETE', json: { trintId: 'C'.repeat(22) } })).status).toBe(403);
	});

	test('R2 takes trintId or streamId, never both (400, as documented), nor neither; a streamId is the key that started the stream', async () => {
		const { streamKey } = (await call('/transcripts/realtime/push', { method: 'POST' })).json();
		const { trintId } = (await call('/transcripts/realtime', { method: 'PUT', json: { streamKey } })).json();
		const both = await call('/transcripts/realtime', { method: 'DELETE', json: { trintId, streamId: streamKey } });
		expect(both.status).toBe(400);
		expect(both.json().message).toBe('Please provide either trintId or streamId, but not both');
		const split = await call(`/transcripts/realtime?streamId=${streamKey}`, { method: 'DELETE', json: { trintId } });
		expect(split.status).toBe(400);
		expect((await call('/transcripts/realtime', { method: 'DELETE', json: {} })).status).toBe(400);
		expect(trint.realtimeSession(trintId).stopRequestedMs).toBeNull();
		const byStream = await call(`/transcripts/realtime?streamId=${streamKey}`, { method: 'DELETE', json: { streamId: streamKey } });
		expect(byStream.json()).toEqual({ status: 'STOPPING' });
		expect(trint.realtimeSession(trintId).stopRequestedMs).not.toBeNull();
		expect((await call('/transcripts/realtime', { method: 'DELETE', json: { streamId: 'f'.repeat(32) } })).status).toBe(403);
	});

	test('expiry after MOCK_REALTIME_TTL_MS: STOPPED with the warning "expired"; forced FAILED / UNKNOWN for n polls', async () => {
		const short = await startTrintMock({ port: 0, realtimeStepMs: 10, realtimeTtlMs: 150 });
		try {
			const res = await request(`${short.origin}/transcripts/realtime/`, {
				method: 'PUT',
				headers: { authorization: basicAuth, 'content-type': 'application/json' },
				body: JSON.stringify({ streamUrl: 'rtmp://encoder.example/live' }),
			});
			const { trintId } = await res.body.json();
			await wait(200);
			const state = await (await request(`${short.origin}/transcripts/realtime/${trintId}`, { headers: { authorization: basicAuth } })).body.json();
			expect(state).toMatchObject({ status: 'STOPPED', warnings: ['expired'] });
		} finally {
			await short.close();
		}
		const { trintId } = (await call('/transcripts/realtime', { method: 'PUT', json: { streamUrl: 'rtmp://encoder.example/live' } })).json();
		await call('/__mock/realtime-state', { method: 'POST', json: { trintId, status: 'UNKNOWN', times: 2 }, auth: null });
		expect((await call(`/transcripts/realtime/${trintId}`)).json().status).toBe('UNKNOWN');
		expect((await call(`/transcripts/realtime/${trintId}`)).json().status).toBe('UNKNOWN');
		expect((await call(`/transcripts/realtime/${trintId}`)).json().status).toBe('STARTING');
		await call('/__mock/realtime-state', { method: 'POST', json: { trintId, status: 'FAILED', errors: ['encoder lost'] }, auth: null });
		expect((await call(`/transcripts/realtime/${trintId}`)).json()).toMatchObject({ status: 'FAILED', errors: ['encoder lost'] });
	});
});

describe('§15.2 test media and upload framing', () => {
	test('media with and without Content-Length, given type, filename; bytes match mediaSha256', async () => {
		const withLength = await call('/__mock/media/clip.mp3?type=audio/mpeg&bytes=5000&filename=take%201.mp3', { auth: null });
		expect(withLength.status).toBe(200);
		expect(withLength.headers['content-length']).toBe('5000');
		expect(withLength.headers['content-type']).toBe('audio/mpeg');
		expect(withLength.headers['content-disposition']).toBe('attachment; filename="take 1.mp3"');
		expect(sha256(withLength.buffer)).toBe(trint.mediaSha256('clip.mp3', 5000));
		const chunked = await call('/__mock/media/clip.mp3?length=none&bytes=5000', { auth: null });
		expect(chunked.headers['content-length']).toBeUndefined();
		expect(chunked.headers['transfer-encoding']).toBe('chunked');
		expect(chunked.headers['content-type']).toBeUndefined();
		expect(sha256(chunked.buffer)).toBe(trint.mediaSha256('clip.mp3', 5000));
		const info = (await call('/__mock/media-sha256?name=clip.mp3&bytes=5000', { auth: null })).json();
		expect(info.sha256).toBe(sha256(withLength.buffer));
		const log = trint.requests.filter((r) => r.path.startsWith('/__mock/media/'));
		expect(log).toHaveLength(2);
	});

	test('media requests take faults (5xx) and stallAfter stops sending part-way', async () => {
		trint.injectFault({ path: '/__mock/media/broken.mp3', status: 503, bodyStyle: 'html' });
		expect((await call('/__mock/media/broken.mp3', { auth: null })).status).toBe(503);
		expect((await call('/__mock/media/broken.mp3', { auth: null })).status).toBe(200);
		const controller = new AbortController();
		const res = await request(`${trint.origin}/__mock/media/slow.mp3?bytes=200000&stallAfter=1000`, { signal: controller.signal });
		expect(res.statusCode).toBe(200);
		let got = 0;
		const timer = setTimeout(() => controller.abort(), 300);
		await expect((async () => {
			for await (const chunk of res.body) got += chunk.length;
		})()).rejects.toThrow();
		clearTimeout(timer);
		expect(got).toBe(1000);
	});

	test('redirect chain ends at the target', async () => {
		const res = await request(`${trint.origin}/__mock/redirect/2?to=${encodeURIComponent(trint.mediaUrl('r.mp3'))}`);
		expect(res.statusCode).toBe(302);
		expect(res.headers.location).toContain('/__mock/redirect/1?to=');
		await res.body.dump();
	});

	test('the upload log records Content-Length vs chunked; onlyChunked faults hit only chunked bodies', async () => {
		const bytes = crypto.randomBytes(3000);
		const sized = await call('/?filename=a.mp3', { method: 'POST', headers: { 'content-type': 'audio/mpeg', 'content-length': '3000' }, body: bytes });
		expect(sized.status).toBe(200);
		await call('/__mock/faults', { method: 'POST', json: { path: '/', status: 411, onlyChunked: true }, auth: null });
		const sizedAgain = await call('/?filename=b.mp3', { method: 'POST', headers: { 'content-type': 'audio/mpeg', 'content-length': '3000' }, body: bytes });
		expect(sizedAgain.status).toBe(200);
		const stream = async function* chunks() {
			yield bytes.subarray(0, 1000);
			yield bytes.subarray(1000);
		};
		const refused = await call('/?filename=c.mp3', { method: 'POST', headers: { 'content-type': 'audio/mpeg' }, body: stream() });
		expect(refused.status).toBe(411);
		const chunked = await call('/?filename=d.mp3', { method: 'POST', headers: { 'content-type': 'audio/mpeg' }, body: stream() });
		expect(chunked.status).toBe(200);
		expect(trint.uploads.map((u) => [u.filename, u.contentLength, u.chunked, u.bodySha256 === sha256(bytes)])).toEqual([
			['a.mp3', 3000, false, true],
			['b.mp3', 3000, false, true],
			['d.mp3', null, true, true],
		]);
	});
});
