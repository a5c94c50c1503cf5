'use strict';

// Tests of the Trint mock itself, through real sockets, against the wire contract shared/contracts/trint-api.md.

const crypto = require('crypto');
const http = require('http');
const { Readable } = require('stream');
const { request } = require('undici');
const { startTrintMock, TRINT_FIXTURES: F, LANGUAGES, EXPORT_FORMATS } = require('../mocks/trint-mock');
const { sampleMedia, MultipartParser } = require('../mocks/mock-kit');

const basicAuth = (id = F.keyId, secret = F.keySecret) => `Basic ${Buffer.from(`${id}:${secret}`).toString('base64')}`;
const sha256 = (data) => crypto.createHash('sha256').update(data).digest('hex');
const ID_PATTERN = /^[A-Za-z0-9_-]{22}$/;

let trint;

// One HTTP call; `auth: null` sends no Authorization header.
async function call(path, { method = 'GET', headers = {}, body, auth = basicAuth(), origin, ...rest } = {}) {
	const allHeaders = { accept: 'application/json', ...headers };
	if (auth) allHeaders.authorization = auth;
	const res = await request(`${origin || trint.origin}${path}`, { method, headers: allHeaders, body, ...rest });
	const buffer = Buffer.from(await res.body.arrayBuffer());
	return {
		status: res.statusCode,
		headers: res.headers,
		buffer,
		text: buffer.toString('utf8'),
		json: () => JSON.parse(buffer.toString('utf8')),
	};
}

const sendJson = (path, method, value, options = {}) =>
	call(path, { method, headers: { 'content-type': 'application/json' }, body: JSON.stringify(value), ...options });

async function upload(query, body = sampleMedia('mp3', 4096), headers = { 'content-type': 'audio/mpeg' }, options = {}) {
	return call(`/?${new URLSearchParams(query)}`, { method: 'POST', headers, body, ...options });
}

// A local webhook receiver that records what the mock POSTs to it.
async function startReceiver(status = 200) {
	const received = [];
	const server = http.createServer((req, res) => {
		const chunks = [];
		req.on('data', (c) => chunks.push(c));
		req.on('end', () => {
			received.push({ path: req.url, headers: req.headers, body: JSON.parse(Buffer.concat(chunks).toString('utf8')) });
			res.statusCode = status;
			res.end();
		});
	});
	await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
	const url = (path = '/hook') => `http://127.0.0.1:${server.address().port}${path}`;
	return { received, url, close: () => new Promise((resolve) => server.close(resolve)) };
}

beforeAll(async () => {
	trint = await startTrintMock({ port: 0, processingMs: 300 });
});

afterAll(async () => {
	await trint.close();
});

beforeEach(() => {
	trint.reset();
	trint.processingMs = 300;
});

describe('server', () => {
	test('listens on 127.0.0.1 with an ephemeral port', () => {
		expect(trint.origin).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
		expect(Number(new URL(trint.origin).port)).toBeGreaterThan(0);
	});

	test('unknown routes and operations outside the API answer 404 text "Not Found"', async () => {
		for (const [method, path] of [
			['GET', '/v1/transcripts'],
			['DELETE', '/transcripts/file/abc'],
			['GET', '/me'],
			['GET', '/callbacks/transcript/'],
			['GET', '/export/pdf/abc'],
			['GET', '/export/csv/abc'],
			['GET', '/'],
		]) {
			const res = await call(path, { method });
			expect([method, path, res.status, res.text]).toEqual([method, path, 404, 'Not Found']);
			expect(res.headers['content-type']).toMatch(/^text\/plain/);
		}
	});
});

describe('authentication (§2)', () => {
	test('the documented example header is exactly the fixture key encoded as Basic', () => {
		expect(basicAuth()).toBe('Basic QUstMTIzNDVBQkNERTp0aGlzMTVTRUNSRVRfQ1hKSzNjdGdsdDZMT3BZeFJtWg==');
	});

	test('valid Basic and legacy keys get 200 and a JSON array', async () => {
		const viaBasic = await call('/transcripts/?limit=1&skip=0');
		expect(viaBasic.status).toBe(200);
		expect(viaBasic.json()).toEqual([]);
		const viaLegacy = await call('/transcripts/?limit=1&skip=0', { auth: null, headers: { 'api-key': F.legacyKey } });
		expect(viaLegacy.status).toBe(200);
		expect(Array.isArray(viaLegacy.json())).toBe(true);
	});

	test('the Basic scheme name is case-insensitive', async () => {
		const token = basicAuth().split(' ')[1];
		for (const scheme of ['basic', 'BASIC', 'bAsIc']) {
			expect((await call('/transcripts/', { auth: `${scheme} ${token}` })).status).toBe(200);
		}
	});

	test.each([
		['no credentials', { auth: null }],
		['wrong secret', { auth: basicAuth(F.keyId, 'not-the-secret') }],
		['unknown key id', { auth: basicAuth('AK-NOBODY00000', F.keySecret) }],
		['expired key', { auth: basicAuth(F.expiredKeyId, 'anything') }],
		['revoked legacy key', { auth: null, headers: { 'api-key': F.revokedLegacyKey } }],
		['unknown legacy key', { auth: null, headers: { 'api-key': 'a'.repeat(40) } }],
		['Bearer scheme', { auth: `Bearer ${F.legacyKey}` }],
		['Basic without a colon', { auth: `Basic ${Buffer.from(F.keyId).toString('base64')}` }],
	])('%s -> 401 text/plain Unauthorized', async (_, options) => {
		const res = await call('/transcripts/?limit=1&skip=0', options);
		expect(res.status).toBe(401);
		expect(res.text).toBe('Unauthorized');
		expect(res.headers['content-type']).toMatch(/^text\/plain/);
	});

	test('Authorization wins over api-key', async () => {
		const badBasicGoodLegacy = await call('/transcripts/', { auth: basicAuth(F.keyId, 'wrong'), headers: { 'api-key': F.legacyKey } });
		expect(badBasicGoodLegacy.status).toBe(401);
		const goodBasicBadLegacy = await call('/transcripts/', { headers: { 'api-key': F.revokedLegacyKey } });
		expect(goodBasicBadLegacy.status).toBe(200);
	});

	test('every endpoint requires credentials, including upload', async () => {
		const item = trint.addTranscript({ title: 'a.mp3' });
		for (const [method, path] of [
			['GET', '/transcripts/'],
			['GET', `/transcripts/file/${item.id}`],
			['GET', `/export/json/${item.id}`],
			['GET', '/folders/'],
			['POST', '/folders/'],
			['GET', '/folders/folder?folderId=x'],
			['GET', '/workspaces/'],
			['GET', '/workspaces/workspace?workspaceId=x'],
			['PUT', '/callbacks/transcript/'],
			['DELETE', '/callbacks/transcript/'],
		]) {
			expect([path, (await call(path, { method, auth: null })).status]).toEqual([path, 401]);
		}
		const res = await upload({ filename: 'a.mp3' }, Buffer.alloc(10, 1), { 'content-type': 'audio/mpeg' }, { auth: null });
		expect(res.status).toBe(401);
		expect(trint.uploads).toHaveLength(0);
	});
});

describe('files: list and get (§5)', () => {
	test('pages through newest first with limit/skip, bare arrays, no paging headers', async () => {
		const seeded = trint.seedTranscripts(2345);
		const newestFirst = [...seeded].reverse().map((item) => item.id);
		const seen = [];
		let skip = 0;
		for (;;) {
			const res = await call(`/transcripts/?limit=1000&skip=${skip}`);
			expect(res.status).toBe(200);
			expect(res.headers.link).toBeUndefined();
			const page = res.json();
			expect(Array.isArray(page)).toBe(true);
			seen.push(...page.map((item) => item.id));
			if (page.length < 1000) break;
			skip += 1000;
		}
		expect(seen).toEqual(newestFirst);
		const created = (await call('/transcripts/?limit=50')).json().map((item) => Date.parse(item.created));
		expect([...created].sort((a, b) => b - a)).toEqual(created);
	});

	test('list items carry the documented fields and the default page is 100', async () => {
		trint.seedTranscripts(150);
		const page = (await call('/transcripts/')).json();
		expect(page).toHaveLength(100);
		for (const item of page) {
			expect(Object.keys(item).sort()).toEqual(
				['created', 'duration', 'fileType', 'folderId', 'id', 'language', 'metadata', 'title', 'updated', 'workspaceId'].sort(),
			);
			expect(item.id).toMatch(ID_PATTERN);
			expect(new Date(item.created).toISOString()).toBe(item.created);
			expect(Number.isInteger(item.duration)).toBe(true);
		}
	});

	test('skip past the end returns [] and both path spellings work', async () => {
		trint.seedTranscripts(3);
		expect((await call('/transcripts/?skip=3')).json()).toEqual([]);
		expect((await call('/transcripts?limit=2')).json()).toHaveLength(2);
	});

	test.each([['limit=0'], ['limit=1001'], ['limit=abc'], ['limit=-1'], ['skip=-1'], ['skip=x'], ['limit=1.5']])(
		'%s -> 400 JSON message',
		async (query) => {
			const res = await call(`/transcripts/?${query}`);
			expect(res.status).toBe(400);
			expect(typeof res.json().message).toBe('string');
		},
	);

	test('limit 1 and 1000 are the inclusive bounds', async () => {
		trint.seedTranscripts(1001);
		expect((await call('/transcripts/?limit=1')).json()).toHaveLength(1);
		expect((await call('/transcripts/?limit=1000')).json()).toHaveLength(1000);
	});

	test('Shared Drive listing shows every owner, folderId needs a drive, invisible drive/folder -> 403', async () => {
		const drive = trint.addSharedDrive({ name: 'Newsroom' });
		const hidden = trint.addSharedDrive({ name: 'Other team', visible: false });
		const folder = trint.addFolder({ name: 'Interviews', workspaceId: drive._id });
		const secretFolder = trint.addFolder({ name: 'Secret', workspaceId: drive._id, visible: false });
		const mine = trint.seedTranscripts(2);
		const colleague = trint.seedTranscripts(3, { workspaceId: drive._id, owner: 'colleague@example.com' });
		const inFolder = trint.seedTranscripts(2, { workspaceId: drive._id, folderId: folder._id, owner: 'colleague@example.com' });

		const own = (await call('/transcripts/')).json().map((i) => i.id);
		expect(own.sort()).toEqual(mine.map((i) => i.id).sort());

		for (const param of ['sharedDriveId', 'workspaceId']) {
			const ids = (await call(`/transcripts/?${param}=${drive._id}`)).json().map((i) => i.id);
			expect(ids.sort()).toEqual([...colleague, ...inFolder].map((i) => i.id).sort());
		}
		const folderIds = (await call(`/transcripts/?sharedDriveId=${drive._id}&folderId=${folder._id}`)).json().map((i) => i.id);
		expect(folderIds.sort()).toEqual(inFolder.map((i) => i.id).sort());

		expect((await call(`/transcripts/?folderId=${folder._id}`)).status).toBe(400);
		expect((await call(`/transcripts/?sharedDriveId=${hidden._id}`)).status).toBe(403);
		expect((await call('/transcripts/?sharedDriveId=nope')).status).toBe(403);
		expect((await call(`/transcripts/?sharedDriveId=${drive._id}&folderId=${secretFolder._id}`)).status).toBe(403);
		expect((await call(`/transcripts/?sharedDriveId=${drive._id}&folderId=unknown`)).status).toBe(403);
	});

	test('get file returns the list item; unknown or foreign ids -> 403 text Forbidden', async () => {
		const [item] = trint.seedTranscripts(1);
		const foreign = trint.addTranscript({ title: 'theirs.mp3', owner: 'someone@example.com' });
		for (const path of [`/transcripts/file/${item.id}`, `/transcripts/file/${item.id}/`]) {
			const res = await call(path);
			expect(res.status).toBe(200);
			expect(res.json()).toEqual((await call('/transcripts/?limit=1')).json()[0]);
		}
		for (const id of [foreign.id, 'DOESNOTEXIST0000000000']) {
			const res = await call(`/transcripts/file/${id}`);
			expect([res.status, res.text]).toEqual([403, 'Forbidden']);
		}
	});

	// How fast is measured in `npm run bench`, not here: a loaded CI machine would make a timed test flaky.
	test('seeding 100,000 transcripts gives unique IDs and the last page lists the oldest', async () => {
		const items = trint.seedTranscripts(100000);
		expect(new Set(items.map((i) => i.id)).size).toBe(100000);
		const last = (await call('/transcripts/?limit=1000&skip=99000')).json();
		expect(last.map((i) => i.id)).toEqual(items.slice(0, 1000).reverse().map((i) => i.id));
	});
});

describe('upload (§6)', () => {
	test('stores the upload, streams the body into a hash and answers {trintId}', async () => {
		const body = sampleMedia('mp3', 200000);
		const query = { filename: 'Interview – Mayor.mp3', language: 'de', metadata: 'job-42', 'detect-speaker-change': 'false', 'custom-dictionary': 'true' };
		const res = await upload(query, body);
		expect(res.status).toBe(200);
		const { trintId } = res.json();
		expect(trintId).toMatch(ID_PATTERN);
		expect(trint.uploads).toEqual([
			{ trintId, filename: query.filename, query, contentType: 'audio/mpeg', bodyLength: body.length, bodySha256: sha256(body), contentLength: body.length, chunked: false },
		]);
		const entry = trint.requests.find((r) => r.method === 'POST' && r.path === '/');
		expect(entry).toMatchObject({ query, bodyLength: body.length, bodySha256: sha256(body), status: 200, json: undefined });
		const file = (await call(`/transcripts/file/${trintId}`)).json();
		expect(file).toMatchObject({ id: trintId, title: query.filename, language: 'de', metadata: 'job-42', fileType: 'TRANSCRIPT', folderId: null, workspaceId: null });
	});

	test('language defaults to en and every §6.1 code is accepted', async () => {
		expect(LANGUAGES.size).toBe(54);
		const { trintId } = (await upload({ filename: 'a.mp3' })).json();
		expect((await call(`/transcripts/file/${trintId}`)).json().language).toBe('en');
		for (const language of LANGUAGES) expect([language, (await upload({ filename: 'a.mp3', language })).status]).toEqual([language, 200]);
	});

	test.each([
		['missing filename', { language: 'en' }, { 'content-type': 'audio/mpeg' }, Buffer.alloc(10, 1)],
		['empty filename', { filename: '' }, { 'content-type': 'audio/mpeg' }, Buffer.alloc(10, 1)],
		['missing Content-Type', { filename: 'a.mp3' }, {}, Buffer.alloc(10, 1)],
		['empty body', { filename: 'a.mp3' }, { 'content-type': 'audio/mpeg' }, Buffer.alloc(0)],
		['unknown language', { filename: 'a.mp3', language: 'xx' }, { 'content-type': 'audio/mpeg' }, Buffer.alloc(10, 1)],
		['misspelled language case', { filename: 'a.mp3', language: 'EN' }, { 'content-type': 'audio/mpeg' }, Buffer.alloc(10, 1)],
	])('%s -> 400 and nothing stored', async (_, query, headers, body) => {
		const res = await upload(query, body, headers);
		expect(res.status).toBe(400);
		expect(typeof res.json().message).toBe('string');
		expect(trint.uploads).toHaveLength(0);
	});

	test('uploads into a visible drive/folder; invisible ones -> 403', async () => {
		const drive = trint.addSharedDrive({ name: 'Newsroom' });
		const hidden = trint.addSharedDrive({ name: 'Hidden', visible: false });
		const folder = trint.addFolder({ name: 'In', workspaceId: drive._id });
		const hiddenFolder = trint.addFolder({ name: 'H', workspaceId: hidden._id });
		const ok = (await upload({ filename: 'a.mp3', 'workspace-id': drive._id, 'folder-id': folder._id })).json();
		expect((await call(`/transcripts/file/${ok.trintId}`)).json()).toMatchObject({ workspaceId: drive._id, folderId: folder._id });
		expect((await upload({ filename: 'a.mp3', 'workspace-id': hidden._id })).status).toBe(403);
		expect((await upload({ filename: 'a.mp3', 'folder-id': hiddenFolder._id })).status).toBe(403);
		expect((await upload({ filename: 'a.mp3', 'folder-id': 'unknown' })).status).toBe(403);
		expect(trint.uploads).toHaveLength(1);
	});

	test('a large upload is streamed, never buffered whole', async () => {
		const chunk = crypto.randomBytes(1024 * 1024);
		const chunks = 256;
		const expected = crypto.createHash('sha256');
		for (let i = 0; i < chunks; i++) expected.update(chunk);
		let sent = 0;
		const body = new Readable({
			read() {
				this.push(sent++ < chunks ? chunk : null);
			},
		});
		let peak = 0;
		const baseline = process.memoryUsage().arrayBuffers;
		const sampler = setInterval(() => {
			peak = Math.max(peak, process.memoryUsage().arrayBuffers - baseline);
		}, 10);
		const res = await upload({ filename: 'big.mp4' }, body, { 'content-type': 'video/mp4', 'content-length': String(chunk.length * chunks) });
		clearInterval(sampler);
		expect(res.status).toBe(200);
		expect(trint.uploads[0]).toMatchObject({ bodyLength: chunk.length * chunks, bodySha256: expected.digest('hex') });
		expect(peak).toBeLessThan(128 * 1024 * 1024);
	});

	test('stays processing (exports 404 "Not Found") and then POSTs TRANSCRIPT_COMPLETE with metadata', async () => {
		const receiver = await startReceiver();
		try {
			await sendJson('/callbacks/transcript/', 'PUT', { callbackUrl: receiver.url(), callbackSubscriptions: ['TRANSCRIPT_COMPLETE'] });
			const { trintId } = (await upload({ filename: 'news.mp3', metadata: 'job-7' })).json();
			for (const format of ['json', 'text', 'srt']) {
				const res = await call(`/export/${format}/${trintId}`);
				expect([format, res.status, res.text]).toEqual([format, 404, 'Not Found']);
			}
			expect(trint.isProcessing(trintId)).toBe(true);
			const deadline = Date.now() + 5000;
			while (receiver.received.length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
			expect(receiver.received).toHaveLength(1);
			expect(receiver.received[0].headers['content-type']).toMatch(/^application\/json/);
			expect(receiver.received[0].body).toEqual({ eventType: 'TRANSCRIPT_COMPLETE', transcriptId: trintId, title: 'news.mp3', user: F.user, metadata: 'job-7' });
			expect((await call(`/export/json/${trintId}`)).status).toBe(200);
			expect(trint.deliveries).toEqual([expect.objectContaining({ url: receiver.url(), status: 200, eventType: 'TRANSCRIPT_COMPLETE' })]);
		} finally {
			await receiver.close();
		}
	});

	test('TRANSCRIPT_COMPLETE leaves metadata out when none was given', async () => {
		const receiver = await startReceiver();
		try {
			trint.processingMs = 0;
			await sendJson('/callbacks/transcript/', 'PUT', { callbackUrl: receiver.url(), callbackSubscriptions: ['TRANSCRIPT_COMPLETE'] });
			const { trintId } = (await upload({ filename: 'plain.mp3' })).json();
			const deadline = Date.now() + 5000;
			while (receiver.received.length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
			expect(receiver.received.map((r) => r.body)).toEqual([{ eventType: 'TRANSCRIPT_COMPLETE', transcriptId: trintId, title: 'plain.mp3', user: F.user }]);
		} finally {
			await receiver.close();
		}
	});
});

describe('exports (§7)', () => {
	const transcriptFormats = Object.keys(EXPORT_FORMATS).filter((f) => !f.startsWith('story-builder/'));
	const storyFormats = Object.keys(EXPORT_FORMATS).filter((f) => f.startsWith('story-builder/'));

	test('there are 16 transcript formats and 3 story formats', () => {
		expect(transcriptFormats).toHaveLength(16);
		expect(storyFormats).toEqual(['story-builder/docx', 'story-builder/edl', 'story-builder/project_xml']);
	});

	test('json is inline in the §7.1 shape, deterministic per transcript', async () => {
		const item = trint.addTranscript({ title: 'interview.mp3' });
		const first = await call(`/export/json/${item.id}`);
		expect(first.status).toBe(200);
		const doc = first.json();
		expect(Object.keys(doc).sort()).toEqual(['paragraphs', 'realtime', 'speakers', 'title', 'words']);
		expect(doc.title).toBe('interview.mp3');
		expect(doc.realtime).toBeNull();
		expect(doc.words.length).toBeGreaterThan(10);
		let previous = -1;
		for (const word of doc.words) {
			expect(Object.keys(word).sort()).toEqual(['duration', 'paragraphId', 'speaker', 'strikethrough', 'time', 'value']);
			expect(Number.isInteger(word.time) && Number.isInteger(word.duration)).toBe(true);
			expect(word.time).toBeGreaterThan(previous);
			previous = word.time;
			expect(doc.paragraphs[word.paragraphId].verify.status).toMatch(/^(DEFAULT|VERIFIED)$/);
			if (word.speaker !== null) expect(doc.speakers[word.speaker].name).toMatch(/^Speaker \d$/);
		}
		expect((await call(`/export/json/${item.id}/`)).text).toBe(first.text);
		expect(first.buffer.equals(trint.exportBytes(item.id, 'json'))).toBe(true);
		const other = trint.addTranscript({ title: 'interview.mp3' });
		expect((await call(`/export/json/${other.id}`)).text).not.toBe(first.text);
	});

	test.each(Object.keys(EXPORT_FORMATS).filter((f) => f !== 'json'))('%s: {title,url} link, plain GET serves the file', async (format) => {
		const story = format.startsWith('story-builder/');
		const item = trint.addTranscript({ title: 'clip.mp4', fileType: story ? 'STORY' : 'TRANSCRIPT' });
		const res = await call(`/export/${format}/${item.id}`);
		expect(res.status).toBe(200);
		const link = res.json();
		expect(link.title).toBe('clip.mp4');
		expect(link.url).toMatch(new RegExp(`^${trint.origin}/__downloads/[^/]+$`));
		const download = await request(link.url);
		const bytes = Buffer.from(await download.body.arrayBuffer());
		expect(download.statusCode).toBe(200);
		expect(download.headers['content-type']).toBe(EXPORT_FORMATS[format].contentType);
		expect(bytes.length).toBeGreaterThan(0);
		expect(bytes.equals(trint.exportBytes(item.id, format))).toBe(true);
		const entry = trint.requests.find((r) => r.path === new URL(link.url).pathname);
		expect(entry.downloadSha256).toBe(sha256(bytes));
		// A second link for the same export serves the same bytes.
		const again = (await call(`/export/${format}/${item.id}`)).json();
		expect(Buffer.from(await (await request(again.url)).body.arrayBuffer()).equals(bytes)).toBe(true);
	});

	test('content looks like its format', async () => {
		const item = trint.addTranscript({ title: 'clip.mp4' });
		const text = (format) => trint.exportBytes(item.id, format).toString('utf8');
		expect(text('srt')).toMatch(/^1\n\d\d:\d\d:\d\d,\d{3} --> \d\d:\d\d:\d\d,\d{3}\n/);
		expect(text('webvtt')).toMatch(/^WEBVTT\n\n\d\d:\d\d:\d\d\.\d{3} --> /);
		expect(text('xml')).toMatch(/^<\?xml/);
		expect(text('html')).toMatch(/^<!DOCTYPE html>/);
		expect(text('csv/full').split('\r\n')[0]).toBe('"Start","End","Speaker","Text"');
		const docx = trint.exportBytes(item.id, 'docx');
		expect(docx.subarray(0, 4)).toEqual(Buffer.from([0x50, 0x4b, 0x03, 0x04]));
		expect(docx.includes(Buffer.from('word/document.xml'))).toBe(true);
		// Every word of the JSON export appears in the plain text.
		const words = JSON.parse(text('json')).words.map((w) => w.value);
		for (const word of words) expect(text('text')).toContain(word);
	});

	test('caption options are recorded and srt/webvtt honour them', async () => {
		const item = trint.addTranscript({ title: 'clip.mp4' });
		const doc = JSON.parse(trint.exportBytes(item.id, 'json').toString('utf8'));
		const speakerNames = Object.values(doc.speakers).map((s) => s.name);
		const query = 'max-subtitle-character-length=20&enable-speakers=true&speaker-uppercase=true&unknown=1';
		const link = (await call(`/export/srt/${item.id}?${query}`)).json();
		expect(trint.requests.find((r) => r.path === `/export/srt/${item.id}`).query).toEqual({
			'max-subtitle-character-length': '20',
			'enable-speakers': 'true',
			'speaker-uppercase': 'true',
			unknown: '1',
		});
		const srt = Buffer.from(await (await request(link.url)).body.arrayBuffer()).toString('utf8');
		const plain = trint.exportBytes(item.id, 'srt').toString('utf8');
		expect(srt).not.toBe(plain);
		expect(speakerNames.some((name) => srt.includes(`${name.toUpperCase()}: `))).toBe(true);
		for (const name of speakerNames) expect(plain).not.toContain(name);
		const cueText = (srtText) => srtText.split('\n\n').map((cue) => cue.split('\n')[2]).filter(Boolean);
		expect(Math.max(...cueText(plain).map((l) => l.length))).toBeGreaterThan(20);
		const narrow = trint.exportBytes(item.id, 'srt', { 'max-subtitle-character-length': '20' }).toString('utf8');
		expect(Math.max(...cueText(narrow).map((l) => l.length))).toBeLessThanOrEqual(20);
		expect(cueText(narrow).join(' ')).toBe(cueText(plain).join(' '));
		// Other formats ignore the options.
		const edl = (await call(`/export/edl/${item.id}?enable-speakers=true`)).json();
		expect(Buffer.from(await (await request(edl.url)).body.arrayBuffer()).equals(trint.exportBytes(item.id, 'edl'))).toBe(true);
	});

	test('download links reject Trint credentials with 400 XML', async () => {
		const item = trint.addTranscript({ title: 'clip.mp4' });
		const { url } = (await call(`/export/text/${item.id}`)).json();
		for (const headers of [{ authorization: basicAuth() }, { 'api-key': F.legacyKey }]) {
			const res = await request(url, { headers });
			const body = await res.body.text();
			expect(res.statusCode).toBe(400);
			expect(res.headers['content-type']).toBe('application/xml');
			expect(body).toMatch(/<Error><Code>InvalidArgument<\/Code>/);
		}
		expect((await request(url)).statusCode).toBe(200);
		expect((await request(`${trint.origin}/__downloads/nosuchtoken`)).statusCode).toBe(403);
	});

	test('download links expire after downloadLinkTtlMs with 403', async () => {
		const short = await startTrintMock({ downloadLinkTtlMs: 150, processingMs: 0 });
		try {
			const item = short.addTranscript({ title: 'clip.mp4' });
			const { url } = (await call(`/export/srt/${item.id}`, { origin: short.origin })).json();
			expect((await request(url)).statusCode).toBe(200);
			await new Promise((r) => setTimeout(r, 250));
			const expired = await request(url);
			expect(expired.statusCode).toBe(403);
			expect(await expired.body.text()).toMatch(/<Code>AccessDenied<\/Code><Message>Request has expired<\/Message>/);
		} finally {
			await short.close();
		}
	});

	test('test media can be text (subtitles, a page), with or without a length', async () => {
		const withLength = await request(trint.mediaUrl('notes.srt', { type: 'text/plain', text: '1\n00:00:01,000 --> 00:00:02,000\nHi' }));
		expect(withLength.headers['content-length']).toBe('34');
		expect(withLength.headers['content-type']).toBe('text/plain');
		expect(await withLength.body.text()).toBe('1\n00:00:01,000 --> 00:00:02,000\nHi');
		const chunked = await request(trint.mediaUrl('page', { type: 'text/html', text: '<html></html>', length: 'none' }));
		expect(chunked.headers['content-length']).toBeUndefined();
		expect(await chunked.body.text()).toBe('<html></html>');
	});

	test('story vs transcript mismatch -> 400; unknown/foreign ids -> 403 Forbidden', async () => {
		const transcript = trint.addTranscript({ title: 't.mp3' });
		const story = trint.addTranscript({ title: 's', fileType: 'STORY' });
		const foreign = trint.addTranscript({ title: 'f', owner: 'other@example.com' });
		expect((await call(`/export/story-builder/docx/${transcript.id}`)).status).toBe(400);
		expect((await call(`/export/text/${story.id}`)).status).toBe(400);
		expect((await call(`/export/json/${story.id}`)).status).toBe(400);
		expect((await call(`/export/story-builder/edl/${story.id}`)).status).toBe(200);
		const denied = await call(`/export/text/${foreign.id}`);
		expect([denied.status, denied.text]).toEqual([403, 'Forbidden']);
		expect((await call('/export/srt/NOPE')).status).toBe(403);
	});

	test('a sized export streams that many deterministic bytes and logs their sha256', async () => {
		const item = trint.addTranscript({ title: 'long.mp4' });
		const size = 8 * 1024 * 1024 + 17;
		trint.setExportSize(item.id, 'docx', size);
		const { url } = (await call(`/export/docx/${item.id}`)).json();
		const res = await request(url);
		const hash = crypto.createHash('sha256');
		let length = 0;
		for await (const chunk of res.body) {
			hash.update(chunk);
			length += chunk.length;
		}
		const digest = hash.digest('hex');
		expect(Number(res.headers['content-length'])).toBe(size);
		expect(length).toBe(size);
		expect(trint.requests.find((r) => r.path === new URL(url).pathname).downloadSha256).toBe(digest);
		expect(trint.exportSha256(item.id, 'docx')).toBe(digest);
		expect(sha256(trint.exportBytes(item.id, 'docx'))).toBe(digest);
	});
});

describe('folders and Shared Drives (§8)', () => {
	test('create, list and retrieve folders', async () => {
		const drive = trint.addSharedDrive({ name: 'Newsroom' });
		const created = await sendJson('/folders/', 'POST', { name: 'Interviews 2025', workspaceId: drive._id });
		expect(created.status).toBe(200);
		const folder = created.json();
		expect(folder).toEqual({ _id: expect.stringMatching(ID_PATTERN), name: 'Interviews 2025', parentId: null, workspaceId: drive._id });
		const child = (await sendJson('/folders', 'POST', { name: 'Mayor', parentId: folder._id })).json();
		expect(child).toMatchObject({ parentId: folder._id, workspaceId: drive._id });
		const personal = (await sendJson('/folders/', 'POST', { name: 'A/B' })).json();

		expect((await call('/folders/')).json()).toEqual([personal]);
		expect((await call(`/folders/?workspace-id=${drive._id}`)).json()).toEqual([folder, child]);
		expect((await call(`/folders/folder?folderId=${child._id}`)).json()).toEqual(child);
		expect((await call(`/folders/folder/?folderId=${child._id}&workspaceId=${drive._id}`)).json()).toEqual(child);
	});

	test('folder validation: 400 for missing name/folderId or non-JSON, 403 for invisible', async () => {
		const hidden = trint.addSharedDrive({ name: 'H', visible: false });
		const hiddenFolder = trint.addFolder({ name: 'x', workspaceId: hidden._id });
		expect((await sendJson('/folders/', 'POST', {})).status).toBe(400);
		expect((await sendJson('/folders/', 'POST', { name: '  ' })).status).toBe(400);
		expect((await call('/folders/', { method: 'POST', headers: { 'content-type': 'application/json' }, body: 'name=x' })).status).toBe(400);
		expect((await call('/folders/', { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'name=x' })).status).toBe(400);
		expect((await sendJson('/folders/', 'POST', { name: 'x', workspaceId: hidden._id })).status).toBe(403);
		expect((await sendJson('/folders/', 'POST', { name: 'x', parentId: hiddenFolder._id })).status).toBe(403);
		expect((await call('/folders/folder')).status).toBe(400);
		expect((await call(`/folders/folder?folderId=${hiddenFolder._id}`)).status).toBe(403);
		expect((await call('/folders/folder?folderId=nope')).status).toBe(403);
		expect((await call(`/folders/?workspace-id=${hidden._id}`)).status).toBe(403);
	});

	test('drives: list hides archived unless asked, retrieve by workspaceId or sharedDriveId', async () => {
		expect((await call('/workspaces/')).json()).toEqual([]);
		const live = trint.addSharedDrive({ name: 'Live' });
		const archived = trint.addSharedDrive({ name: 'Old', archived: true });
		const hidden = trint.addSharedDrive({ name: 'Theirs', visible: false });
		expect((await call('/workspaces/')).json()).toEqual([live]);
		expect((await call('/workspaces?include-archived=true')).json()).toEqual([live, archived]);
		expect((await call('/workspaces/?include-archived=false')).json()).toEqual([live]);
		expect((await call(`/workspaces/workspace?workspaceId=${live._id}`)).json()).toEqual(live);
		expect((await call(`/workspaces/workspace/?sharedDriveId=${archived._id}`)).json()).toEqual(archived);
		expect((await call('/workspaces/workspace')).status).toBe(400);
		expect((await call(`/workspaces/workspace?workspaceId=${hidden._id}`)).status).toBe(403);
	});
});

describe('webhooks (§9)', () => {
	const hook = 'https://n8n.example.com/webhook/abc';

	test('PUT registers and echoes, a second PUT replaces, DELETE 204 then 404', async () => {
		const put = await sendJson('/callbacks/transcript/', 'PUT', { callbackUrl: hook, callbackSubscriptions: ['TRANSCRIPT_COMPLETE', 'TRANSCRIPT_VERIFIED'] });
		expect(put.status).toBe(200);
		expect(put.json()).toEqual({ callbackUrl: hook, callbackSubscriptions: ['TRANSCRIPT_COMPLETE', 'TRANSCRIPT_VERIFIED'] });
		expect(trint.callbacks.get(hook)).toEqual(['TRANSCRIPT_COMPLETE', 'TRANSCRIPT_VERIFIED']);
		await sendJson('/callbacks/transcript', 'PUT', { callbackUrl: hook, callbackSubscriptions: ['TRANSCRIPT_NEW_VERSION'] });
		expect(trint.callbacks.get(hook)).toEqual(['TRANSCRIPT_NEW_VERSION']);
		await sendJson('/callbacks/transcript/', 'PUT', { callbackUrl: `${hook}2`, callbackSubscriptions: ['TRANSCRIPT_COMPLETE'] });
		expect([...trint.callbacks.keys()]).toEqual([hook, `${hook}2`]);

		const del = await sendJson('/callbacks/transcript/', 'DELETE', { callbackUrl: hook });
		expect(del.status).toBe(204);
		expect(del.buffer.length).toBe(0);
		expect(trint.callbacks.has(hook)).toBe(false);
		const again = await sendJson('/callbacks/transcript/', 'DELETE', { callbackUrl: hook });
		expect([again.status, again.text]).toEqual([404, 'Not Found']);
	});

	test.each([
		['relative URL', { callbackUrl: '/webhook/abc', callbackSubscriptions: ['TRANSCRIPT_COMPLETE'] }],
		['ftp URL', { callbackUrl: 'ftp://example.com/x', callbackSubscriptions: ['TRANSCRIPT_COMPLETE'] }],
		['missing URL', { callbackSubscriptions: ['TRANSCRIPT_COMPLETE'] }],
		['empty subscriptions', { callbackUrl: hook, callbackSubscriptions: [] }],
		['missing subscriptions', { callbackUrl: hook }],
		['unknown event', { callbackUrl: hook, callbackSubscriptions: ['TRANSCRIPT_COMPLETE', 'TRANSCRIPT_DELETED'] }],
	])('PUT with %s -> 400', async (_, body) => {
		const res = await sendJson('/callbacks/transcript/', 'PUT', body);
		expect(res.status).toBe(400);
		expect(typeof res.json().message).toBe('string');
		expect(trint.callbacks.size).toBe(0);
	});

	test('registrations are scoped per credential', async () => {
		await sendJson('/callbacks/transcript/', 'PUT', { callbackUrl: hook, callbackSubscriptions: ['TRANSCRIPT_COMPLETE'] });
		const asLegacy = { auth: null, headers: { 'content-type': 'application/json', 'api-key': F.legacyKey } };
		const del = await call('/callbacks/transcript/', { method: 'DELETE', body: JSON.stringify({ callbackUrl: hook }), ...asLegacy });
		expect(del.status).toBe(404);
		expect(trint.callbackRegistrations()).toEqual([
			{ identity: `key:${F.keyId}`, user: F.user, callbackUrl: hook, callbackSubscriptions: ['TRANSCRIPT_COMPLETE'] },
		]);
	});

	test('fireEvent POSTs once to each URL subscribed to that event', async () => {
		const receiver = await startReceiver();
		try {
			const item = trint.addTranscript({ title: 'story.mp3', metadata: 'job-9' });
			await sendJson('/callbacks/transcript/', 'PUT', { callbackUrl: receiver.url('/a'), callbackSubscriptions: ['TRANSCRIPT_VERIFIED'] });
			await sendJson('/callbacks/transcript/', 'PUT', { callbackUrl: receiver.url('/b'), callbackSubscriptions: ['TRANSCRIPT_COMPLETE', 'TRANSCRIPT_NEW_VERSION'] });
			// Same URL from a second credential: still one delivery.
			await call('/callbacks/transcript/', {
				method: 'PUT',
				auth: null,
				headers: { 'content-type': 'application/json', 'api-key': F.legacyKey },
				body: JSON.stringify({ callbackUrl: receiver.url('/a'), callbackSubscriptions: ['TRANSCRIPT_VERIFIED'] }),
			});

			const verified = await trint.fireEvent({ eventType: 'TRANSCRIPT_VERIFIED', transcriptId: item.id });
			expect(verified).toEqual([{ url: receiver.url('/a'), status: 200 }]);
			const newVersion = await trint.fireEvent({ eventType: 'TRANSCRIPT_NEW_VERSION', transcriptId: item.id });
			expect(newVersion).toEqual([{ url: receiver.url('/b'), status: 200 }]);
			expect(receiver.received.map((r) => [r.path, r.body])).toEqual([
				['/a', { eventType: 'TRANSCRIPT_VERIFIED', transcriptId: item.id, title: 'story.mp3', user: F.user, metadata: 'job-9' }],
				['/b', { eventType: 'TRANSCRIPT_NEW_VERSION', transcriptId: item.id, title: 'story.mp3', user: F.user }],
			]);
			await expect(trint.fireEvent({ eventType: 'NOPE', transcriptId: item.id })).rejects.toThrow(/unknown eventType/);
		} finally {
			await receiver.close();
		}
	});

	test('POST /__mock/events fires over HTTP and reports the receiver status', async () => {
		const receiver = await startReceiver(500);
		try {
			await sendJson('/callbacks/transcript/', 'PUT', { callbackUrl: receiver.url(), callbackSubscriptions: ['TRANSCRIPT_COMPLETE'] });
			const res = await sendJson('/__mock/events', 'POST', { eventType: 'TRANSCRIPT_COMPLETE', transcriptId: 'RDOnOc0pRpaJ89CuBP3beA', title: 'x.mp3', metadata: 'm' }, { auth: null });
			expect(res.json()).toEqual([{ url: receiver.url(), status: 500 }]);
			expect(receiver.received[0].body).toEqual({ eventType: 'TRANSCRIPT_COMPLETE', transcriptId: 'RDOnOc0pRpaJ89CuBP3beA', title: 'x.mp3', user: F.user, metadata: 'm' });
			// Control calls stay out of the request log.
			expect(trint.requests.some((r) => r.path.startsWith('/__mock'))).toBe(false);
		} finally {
			await receiver.close();
		}
	});
});

describe('faults and controls', () => {
	test('429 with Retry-After and the JSON body of §10, used up after `times`', async () => {
		trint.injectFault({ path: '/transcripts/', status: 429, retryAfter: 2, times: 2 });
		for (let i = 0; i < 2; i++) {
			const res = await call('/transcripts');
			expect(res.status).toBe(429);
			expect(res.headers['retry-after']).toBe('2');
			expect(res.json()).toEqual({ error: 'Too Many Requests' });
		}
		expect((await call('/transcripts/')).status).toBe(200);
		expect(trint.requests.map((r) => [r.status, r.fault])).toEqual([[429, 'status'], [429, 'status'], [200, undefined]]);
	});

	test('Retry-After as an HTTP date, and body styles json/text/html', async () => {
		trint.injectFault({ path: '/workspaces/', status: 503, retryAfterDate: 30 });
		const dated = await call('/workspaces/');
		const when = Date.parse(dated.headers['retry-after']);
		expect(when).toBeGreaterThan(Date.now() + 20000);
		expect(dated.headers['content-type']).toBe('text/html');
		expect(dated.text).toBe('<html><body><h1>503 Service Unavailable</h1></body></html>');

		trint.injectFault({ path: '/workspaces', status: 502, bodyStyle: 'json' });
		expect((await call('/workspaces/')).json()).toEqual({ message: 'Bad Gateway' });
		trint.injectFault({ path: '/workspaces', status: 500, bodyStyle: 'text' });
		expect((await call('/workspaces/')).text).toBe('Internal Server Error');
		trint.injectFault({ path: '/workspaces', status: 400, body: { error: 'custom' } });
		expect((await call('/workspaces/')).json()).toEqual({ error: 'custom' });
	});

	test('method, query, after and unlimited times narrow or widen a fault', async () => {
		trint.injectFault({ path: '/transcripts/', method: 'GET', query: { skip: '100' }, status: 503, times: 0 });
		trint.injectFault({ path: '/folders/*', status: 504, after: 1 });
		expect((await call('/transcripts/?skip=0')).status).toBe(200);
		expect((await call('/transcripts/?skip=100')).status).toBe(503);
		expect((await call('/transcripts/?skip=100')).status).toBe(503);
		expect((await call('/folders/folder?folderId=x')).status).toBe(403);
		expect((await call('/folders/folder?folderId=x')).status).toBe(504);
		expect((await call('/folders/folder?folderId=x')).status).toBe(403);
	});

	test('reset cuts the response body part-way', async () => {
		trint.seedTranscripts(50);
		trint.injectFault({ path: '/transcripts/', kind: 'reset' });
		await expect(call('/transcripts/')).rejects.toThrow();
		expect((await call('/transcripts/')).json()).toHaveLength(50);
	});

	test('reset mid-download of a large export', async () => {
		const item = trint.addTranscript({ title: 'big.mp4' });
		trint.setExportSize(item.id, 'srt', 32 * 1024 * 1024);
		const { url } = (await call(`/export/srt/${item.id}`)).json();
		trint.injectFault({ path: '/__downloads/*', kind: 'reset', afterBytes: 1024 * 1024 });
		const res = await request(url);
		expect(res.statusCode).toBe(200);
		let received = 0;
		await expect(
			(async () => {
				for await (const chunk of res.body) received += chunk.length;
			})(),
		).rejects.toThrow();
		expect(received).toBeLessThan(32 * 1024 * 1024);
	});

	test('reset-upload drops the connection while the body arrives; nothing is stored', async () => {
		trint.injectFault({ path: '/', method: 'POST', kind: 'reset-upload' });
		const body = Buffer.alloc(16 * 1024 * 1024, 7);
		await expect(upload({ filename: 'a.mp3' }, body)).rejects.toThrow();
		expect(trint.uploads).toHaveLength(0);
		expect(trint.requests[0]).toMatchObject({ fault: 'reset-upload', status: undefined });
		expect((await upload({ filename: 'a.mp3' }, body)).status).toBe(200);
	});

	test('stall never answers', async () => {
		trint.injectFault({ path: '/transcripts/', kind: 'stall' });
		await expect(call('/transcripts/', { headersTimeout: 300 })).rejects.toThrow(/timeout/i);
	});

	test('malformed-json, empty-body, not-array, redirect, expired-link', async () => {
		trint.injectFault({ path: '/transcripts/', kind: 'malformed-json' });
		const malformed = await call('/transcripts/');
		expect(malformed.status).toBe(200);
		expect(() => malformed.json()).toThrow();

		trint.injectFault({ path: '/transcripts/', kind: 'empty-body' });
		const empty = await call('/transcripts/');
		expect([empty.status, empty.buffer.length]).toEqual([200, 0]);

		trint.injectFault({ path: '/transcripts/', kind: 'not-array' });
		const notArray = await call('/transcripts/');
		expect(notArray.status).toBe(200);
		expect(Array.isArray(notArray.json())).toBe(false);
		expect(typeof notArray.json()).toBe('object');

		trint.injectFault({ path: '/transcripts/', kind: 'redirect', location: 'http://127.0.0.2:9/elsewhere' });
		const redirect = await call('/transcripts/');
		expect([redirect.status, redirect.headers.location]).toEqual([302, 'http://127.0.0.2:9/elsewhere']);

		const item = trint.addTranscript({ title: 'a.mp3' });
		const { url } = (await call(`/export/text/${item.id}`)).json();
		trint.injectFault({ path: '/__downloads/*', kind: 'expired-link' });
		const expired = await request(url);
		expect(expired.statusCode).toBe(403);
		expect(await expired.body.text()).toContain('Request has expired');
		expect((await request(url)).statusCode).toBe(200);
	});

	test('HTTP controls: faults, requests, seed, reset', async () => {
		const control = (path, method, value) => sendJson(path, method, value, { auth: null });
		expect((await control('/__mock/faults', 'POST', { path: '/transcripts/', status: 429, retryAfter: 1 })).status).toBe(200);
		expect((await call('/transcripts/')).status).toBe(429);
		expect((await control('/__mock/seed', 'POST', { transcripts: 25 })).json()).toMatchObject({ seeded: 25 });
		expect((await call('/transcripts/')).json()).toHaveLength(25);
		const log = (await call('/__mock/requests', { auth: null })).json();
		expect(log.map((r) => [r.method, r.path, r.status])).toEqual([
			['GET', '/transcripts/', 429],
			['GET', '/transcripts/', 200],
		]);
		expect(log[0].headers.authorization).toBe(basicAuth());
		expect((await control('/__mock/faults', 'POST', { kind: 'bogus' })).status).toBe(400);
		expect((await control('/__mock/reset', 'POST', {})).status).toBe(200);
		expect(trint.requests).toHaveLength(0);
		expect((await call('/transcripts/')).json()).toEqual([]);
		expect((await call('/__mock/unknown', { auth: null })).status).toBe(404);
	});

	test('"processed" fault: the upload is stored, then the answer is the fault\'s status; a plain status fault stores nothing', async () => {
		trint.injectFault({ path: '/', method: 'POST', query: { filename: 'b.mp3' }, kind: 'processed', status: 500, bodyStyle: 'json' });
		trint.injectFault({ path: '/', method: 'POST', query: { filename: 'c.mp3' }, status: 429, retryAfter: 1 });
		expect((await upload({ filename: 'a.mp3' })).status).toBe(200);
		const failed = await upload({ filename: 'b.mp3' });
		expect(failed.status).toBe(500);
		expect(failed.json()).toEqual({ message: 'Internal Server Error' });
		const limited = await upload({ filename: 'c.mp3' });
		expect([limited.status, limited.headers['retry-after']]).toEqual([429, '1']);
		expect((await upload({ filename: 'c.mp3' })).status).toBe(200);
		expect((await upload({ filename: 'b.mp3' })).status).toBe(200);
		expect(trint.uploads.map((u) => u.filename)).toEqual(['a.mp3', 'b.mp3', 'c.mp3', 'b.mp3']);
		// The record exists although the client was told 500.
		expect(trint.getTranscript(trint.uploads[1].trintId)).toMatchObject({ title: 'b.mp3' });
		expect(trint.requests[1]).toMatchObject({ fault: 'processed', status: 500, processedStatus: 200 });
		const body = sampleMedia('mp3', 4096);
		expect(trint.uploadCounts()).toEqual({
			'a.mp3': { received: 1, stored: 1, statuses: [200], sha256: [sha256(body)] },
			'b.mp3': { received: 2, stored: 2, statuses: [500, 200], sha256: [sha256(body), sha256(body)] },
			'c.mp3': { received: 2, stored: 1, statuses: [429, 200], sha256: [sha256(body)] },
		});
		expect(trint.injectFault.bind(trint, { kind: 'processed' })).toThrow(/integer "status"/);
	});

	test('"delay" fault: the real answer, late, so concurrent answers can come back out of order', async () => {
		trint.seedTranscripts(3);
		trint.injectFault({ path: '/transcripts/', query: { skip: 0 }, kind: 'delay', delayMs: 200 });
		const order = [];
		await Promise.all([
			call('/transcripts/?skip=0&limit=1').then((res) => order.push(['0', res.json().length])),
			call('/transcripts/?skip=1&limit=1').then((res) => order.push(['1', res.json().length])),
		]);
		expect(order).toEqual([['1', 1], ['0', 1]]);
		expect(trint.requests.find((r) => r.query.skip === '0')).toMatchObject({ fault: 'delay', status: 200 });
	});

	test('insertDuringList: a transcript added at the front after N list answers, later pages shifted by one', async () => {
		const seeded = trint.seedTranscripts(30);
		const newestFirst = seeded.map((item) => item.id).reverse();
		trint.insertDuringList({ afterListAnswers: 1, title: 'Breaking.mp3' });
		const first = (await call('/transcripts/?skip=0&limit=10')).json().map((item) => item.id);
		expect(first).toEqual(newestFirst.slice(0, 10));
		const [inserted] = trint.midScanInserts;
		expect(inserted).toMatchObject({ item: { title: 'Breaking.mp3' }, answeredBefore: [0] });
		const second = (await call('/transcripts/?skip=10&limit=10')).json().map((item) => item.id);
		expect(second).toEqual(newestFirst.slice(9, 19));
		expect((await call('/transcripts/?skip=0&limit=1')).json()[0].id).toBe(inserted.item.id);
		expect(trint.midScanInserts).toHaveLength(1);
	});

	test('concurrency: the most API requests under way at once, per request and overall', async () => {
		trint.injectFault({ path: '/workspaces', status: 503, delayMs: 150, times: 3 });
		await Promise.all([call('/workspaces/'), call('/workspaces/'), call('/workspaces/')]);
		expect(trint.concurrency).toEqual({ inFlight: 0, max: 3 });
		expect(trint.requests.map((r) => r.inFlight).sort()).toEqual([1, 2, 3]);
		expect(trint.requests.every((r) => r.endTime >= r.time)).toBe(true);
		trint.clearRequests();
		await call('/workspaces/');
		expect(trint.concurrency.max).toBe(1);
	});

	test('HTTP controls for the latency tests: insert-during-list, upload-counts, concurrency', async () => {
		const control = (path, method, value) => sendJson(path, method, value, { auth: null });
		trint.seedTranscripts(5);
		expect((await control('/__mock/insert-during-list', 'POST', { afterListAnswers: 2, title: 'Late.mp3' })).json()).toEqual({ pending: true, afterListAnswers: 2 });
		await call('/transcripts/?skip=0&limit=2');
		expect((await call('/__mock/mid-scan-inserts', { auth: null })).json()).toEqual([]);
		await call('/transcripts/?skip=2&limit=2');
		const inserts = (await call('/__mock/mid-scan-inserts', { auth: null })).json();
		expect(inserts).toEqual([{ item: expect.objectContaining({ title: 'Late.mp3' }), answeredBefore: [0, 2] }]);
		expect((await call('/transcripts/')).json()).toHaveLength(6);
		expect((await control('/__mock/insert-during-list', 'POST', { afterListAnswers: -1 })).status).toBe(400);
		expect((await control('/__mock/faults', 'POST', { path: '/', method: 'POST', kind: 'processed', status: 500 })).status).toBe(200);
		expect((await upload({ filename: 'x.mp3' })).status).toBe(500);
		expect((await call('/__mock/upload-counts', { auth: null })).json()).toEqual({ 'x.mp3': { received: 1, stored: 1, statuses: [500], sha256: [expect.any(String)] } });
		expect((await call('/__mock/concurrency', { auth: null })).json()).toEqual({ inFlight: 0, max: 1 });
	});

	test('the request log records JSON bodies by hash, length and parsed value', async () => {
		const body = { name: 'Log me' };
		await sendJson('/folders/', 'POST', body);
		const [entry] = trint.requests;
		const raw = JSON.stringify(body);
		expect(entry).toMatchObject({ method: 'POST', path: '/folders/', query: {}, bodyLength: raw.length, bodySha256: sha256(raw), json: body, status: 200 });
		expect(entry.headers['content-type']).toBe('application/json');
		expect(typeof entry.time).toBe('number');
		trint.clearRequests();
		expect(trint.requests).toHaveLength(0);
	});
});

describe('multipart parser (shared kit)', () => {
	test('parses parts split at every possible chunk boundary', () => {
		const boundary = '----mockBoundary7MA4YWxkTrZu0gW';
		const file = crypto.randomBytes(300);
		// Put boundary-like bytes inside the file to be sure only a full delimiter ends a part.
		Buffer.from(`\r\n--${boundary.slice(0, 10)}`).copy(file, 100);
		const body = Buffer.concat([
			Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="metadata"\r\n\r\n{"title":"x"}\r\n`),
			Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="a \\"b\\".jpg"\r\nContent-Type: image/jpeg\r\n\r\n`),
			file,
			Buffer.from(`\r\n--${boundary}--\r\n`),
		]);
		for (const size of [1, 2, 3, 7, 41, 64, body.length]) {
			const parts = [];
			let current;
			const parser = new MultipartParser(boundary, {
				onPartBegin: (headers) => {
					current = { headers, chunks: [] };
				},
				onPartData: (data) => current.chunks.push(Buffer.from(data)),
				onPartEnd: () => parts.push({ headers: current.headers, data: Buffer.concat(current.chunks) }),
			});
			for (let i = 0; i < body.length; i += size) parser.write(body.subarray(i, i + size));
			parser.end();
			expect(parts.map((p) => p.headers['content-disposition'])).toEqual([
				'form-data; name="metadata"',
				'form-data; name="file"; filename="a \\"b\\".jpg"',
			]);
			expect(parts[0].data.toString()).toBe('{"title":"x"}');
			expect(parts[1].data.equals(file)).toBe(true);
		}
		const truncated = new MultipartParser(boundary);
		truncated.write(body.subarray(0, body.length - 10));
		expect(() => truncated.end()).toThrow();
	});
});
