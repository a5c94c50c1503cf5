'use strict';
// Trint → Transcript, every operation in-process against the Trint mock over real sockets:
// Get Many (Limit, Return All, filters), Get (by ID and by URL), Upload (a binary in memory, a
// binary n8n streams from disk, a URL), Export (file formats and JSON). Each test checks the
// output items and what the mock received.
const crypto = require('node:crypto');
const { useFastTrintMock, runTrint, requestsTo, expectNoSecrets, expectTrintAuth, expectPaired, TRINT_SECRETS, transcriptOutput, byId, locator, storedBinary, storeStats, binaryBytes, EMPTY_BY_EXPRESSION } = require('./setup');

const sha256 = (bytes) => crypto.createHash('sha256').update(bytes).digest('hex');

let trint;
let credentials;
useFastTrintMock((mock, fresh) => {
	trint = mock;
	credentials = fresh;
});

const getMany = (extra = {}) => ({ resource: 'transcript', operation: 'getAll', returnAll: false, limit: 50, filters: {}, options: {}, ...extra });
const listRequests = () => requestsTo(trint, 'GET', '/transcripts');

describe('Transcript → Get Many', () => {
	test('Limit: the newest transcripts, one page of that size, Trint\'s fields as they came', async () => {
		const seeded = trint.seedTranscripts(30);
		const { items, error } = await runTrint(credentials, getMany({ limit: 5 }));
		expect(error).toBeUndefined();
		const newest = seeded.slice(-5).reverse();
		expect(items.map((item) => item.json)).toEqual(newest.map(transcriptOutput));
		expectPaired(items, [0, 0, 0, 0, 0]);
		const [request] = listRequests();
		expect(listRequests()).toHaveLength(1);
		expect(request.query).toEqual({ limit: '5', skip: '0' });
		expectTrintAuth(request);
		expectNoSecrets(items, TRINT_SECRETS);
	});

	test('Return All reads every page; each input item gets its own list', async () => {
		trint.seedTranscripts(1500);
		const { items } = await runTrint(credentials, getMany({ returnAll: true }), { items: [{ json: {} }, { json: {} }] });
		expect(items).toHaveLength(3000);
		expect(new Set(items.slice(0, 1500).map((item) => item.json.id)).size).toBe(1500);
		expect(items.slice(0, 1500).every((item) => item.pairedItem.item === 0)).toBe(true);
		expect(items.slice(1500).every((item) => item.pairedItem.item === 1)).toBe(true);
		// Four pages in flight by default, each after the first starting on the last entry of the
		// page before it: the two pages of the list, then three asked ahead past its end (answered
		// before the item is done); then the same for the second item.
		const asked = listRequests().map((request) => [request.query.skip, request.query.limit]);
		const perItem = [asked.slice(0, 5), asked.slice(5)];
		for (const requests of perItem) {
			expect(requests.map(([skip]) => Number(skip)).sort((x, y) => x - y)).toEqual([0, 999, 1998, 2997, 3996]);
			expect(requests.every(([, limit]) => limit === '1000')).toBe(true);
		}
	});

	test('Parallel Requests 1 reads one page after the other, nothing past the end', async () => {
		trint.seedTranscripts(1500);
		const { items } = await runTrint(credentials, getMany({ returnAll: true, options: { parallelRequests: 1 } }), { items: [{ json: {} }, { json: {} }] });
		expect(items).toHaveLength(3000);
		expect(listRequests().map((request) => [request.query.skip, request.query.limit])).toEqual([
			['0', '1000'],
			['1000', '1000'],
			['0', '1000'],
			['1000', '1000'],
		]);
	});

	test('filters: a Shared Drive and one of its folders are sent to Trint', async () => {
		const drive = trint.addSharedDrive({ name: 'Newsroom' });
		const folder = trint.addFolder({ name: 'Desk', workspaceId: drive._id });
		const inFolder = trint.seedTranscripts(3, { workspaceId: drive._id, folderId: folder._id });
		trint.seedTranscripts(2, { workspaceId: drive._id });
		trint.seedTranscripts(4);
		const { items } = await runTrint(credentials, getMany({ returnAll: true, filters: { sharedDrive: byId(drive._id), folder: byId(folder._id) } }));
		expect(items.map((item) => item.json.id).sort()).toEqual(inFolder.map((entry) => entry.id).sort());
		expect(listRequests()[0].query).toMatchObject({ sharedDriveId: drive._id, folderId: folder._id });
	});

	test('bad input: a Limit of 0 names the field and sends nothing; Continue On Fail gives an error item', async () => {
		const { error } = await runTrint(credentials, getMany({ limit: 0 }));
		expect(error.message).toMatch(/"Limit" must be a whole number from 1/);
		const { items } = await runTrint(credentials, getMany({ limit: 0 }), { continueOnFail: true, items: [{ json: {} }, { json: {} }] });
		expect(items.map((item) => item.json.error)).toEqual([expect.stringMatching(/"Limit"/), expect.stringMatching(/"Limit"/)]);
		expectPaired(items, [0, 1]);
		expect(trint.requests).toHaveLength(0);
	});

	test('a 403 from Trint becomes the pack\'s error, without the key', async () => {
		trint.injectFault({ path: '/transcripts/', status: 403 });
		const { error } = await runTrint(credentials, getMany());
		expect(error.message).toBe('Trint: HTTP 403');
		expect(error.description).toMatch(/^Trint said: "Forbidden"\. The key has no access to this ID/);
		expectNoSecrets(error, TRINT_SECRETS);
	});
});

describe('Transcript → Get', () => {
	test('by ID: Trint\'s transcript record, from /transcripts/file/{id}', async () => {
		const transcript = trint.addTranscript({ title: 'Budget hearing.mp3', metadata: 'job-7' });
		const { items, error } = await runTrint(credentials, { resource: 'transcript', operation: 'get', transcriptId: byId(transcript.id), options: {} });
		expect(error).toBeUndefined();
		expect(items).toEqual([{ json: transcriptOutput(transcript), pairedItem: { item: 0 } }]);
		const [request] = requestsTo(trint, 'GET', `/transcripts/file/${transcript.id}`);
		expectTrintAuth(request);
	});

	test('by URL: the ID is taken from an editor link', async () => {
		const transcript = trint.addTranscript({ title: 'Linked.mp3' });
		const { items } = await runTrint(credentials, { resource: 'transcript', operation: 'get', transcriptId: locator('url', `https://app.trint.com/editor/${transcript.id}?tab=1`), options: {} });
		expect(items[0].json.id).toBe(transcript.id);
		expect(requestsTo(trint, 'GET', `/transcripts/file/${transcript.id}`)).toHaveLength(1);
	});

	test('an empty Transcript is refused by name; an unknown one is Trint\'s 403, per item with Continue On Fail', async () => {
		const empty = await runTrint(credentials, { resource: 'transcript', operation: 'get', transcriptId: byId(EMPTY_BY_EXPRESSION), options: {} });
		expect(empty.error.message).toBe('"Transcript" is empty');
		expect(trint.requests).toHaveLength(0);
		const known = trint.addTranscript();
		const mixed = await runTrint(credentials, (index) => ({ resource: 'transcript', operation: 'get', transcriptId: byId(index === 0 ? 'AAAAAAAAAAAAAAAAAAAAAA' : known.id), options: {} }), {
			continueOnFail: true,
			items: [{ json: {} }, { json: {} }],
		});
		expect(mixed.items[0].json.error).toMatch(/HTTP 403/);
		expect(mixed.items[1].json.id).toBe(known.id);
		expectPaired(mixed.items, [0, 1]);
	});
});

describe('Transcript → Upload', () => {
	const audio = (seed, size = 8192) => Buffer.concat([Buffer.from('ID3'), crypto.createHash('sha512').update(seed).digest(), Buffer.alloc(size, seed.length)]);
	const inMemory = (bytes, fileName) => ({ json: {}, binary: { data: { data: bytes.toString('base64'), fileName, mimeType: 'audio/mpeg' } } });
	const upload = (extra = {}) => ({ resource: 'transcript', operation: 'upload', source: 'binary', binaryPropertyName: 'data', language: 'en', waitForTranscription: false, options: {}, ...extra });
	const uploads = () => requestsTo(trint, 'POST', '/');

	test('from binary: the bytes as the body, the options as Trint\'s query names, one output per item', async () => {
		const first = audio('first');
		const second = audio('second', 20000);
		const { items, error } = await runTrint(credentials, upload({ language: 'de', options: { metadata: 'job-42', detectSpeakerChange: false, customDictionary: true } }), {
			items: [inMemory(first, 'first.mp3'), inMemory(second, 'second.mp3')],
		});
		expect(error).toBeUndefined();
		expect(items.map((item) => item.json)).toEqual([
			{ trintId: trint.uploads[0].trintId, title: 'first.mp3', language: 'de', editorUrl: null, metadata: 'job-42' },
			{ trintId: trint.uploads[1].trintId, title: 'second.mp3', language: 'de', editorUrl: null, metadata: 'job-42' },
		]);
		expectPaired(items, [0, 1]);
		const sent = uploads();
		expect(sent.map((request) => request.query)).toEqual([
			{ filename: 'first.mp3', language: 'de', metadata: 'job-42', 'detect-speaker-change': 'false', 'custom-dictionary': 'true' },
			{ filename: 'second.mp3', language: 'de', metadata: 'job-42', 'detect-speaker-change': 'false', 'custom-dictionary': 'true' },
		]);
		expect(sent.map((request) => request.bodySha256)).toEqual([sha256(first), sha256(second)]);
		expect(sent.map((request) => request.headers['content-type'])).toEqual(['audio/mpeg', 'audio/mpeg']);
		expect(sent.map((request) => request.headers['content-length'])).toEqual([String(first.length), String(second.length)]);
		sent.forEach(expectTrintAuth);
		expect(trint.getTranscript(items[1].json.trintId)).toMatchObject({ title: 'second.mp3', language: 'de', metadata: 'job-42' });
	});

	test('from binary kept on disk: streamed from n8n\'s store, same bytes; File Name, Shared Drive and Folder options', async () => {
		const drive = trint.addSharedDrive({ name: 'Newsroom' });
		const folder = trint.addFolder({ name: 'Desk', workspaceId: drive._id });
		const bytes = audio('stored', 300 * 1024);
		const before = storeStats.streamsOpened;
		const { items } = await runTrint(credentials, upload({ options: { fileName: 'Evening news.mp3', sharedDrive: byId(drive._id), folder: byId(folder._id) } }), {
			items: [{ json: {}, binary: { data: storedBinary(bytes, { fileName: 'take-1.mp3', mimeType: 'audio/mpeg' }) } }],
		});
		expect(storeStats.streamsOpened).toBe(before + 1);
		expect(items[0].json).toMatchObject({ title: 'Evening news.mp3', sharedDriveId: drive._id, folderId: folder._id });
		const [sent] = uploads();
		expect(sent.bodySha256).toBe(sha256(bytes));
		expect(sent.query).toMatchObject({ filename: 'Evening news.mp3', 'workspace-id': drive._id, 'folder-id': folder._id });
		// The folder was checked against the drive's folder list before the file went.
		expect(requestsTo(trint, 'GET', '/folders')[0].query).toEqual({ 'workspace-id': drive._id });
	});

	test('Wait for Transcription: the output carries the simplified transcript', async () => {
		const { items } = await runTrint(credentials, upload({ waitForTranscription: true, pollInterval: 10, maxWaitMinutes: 1, simplify: true }), { items: [inMemory(audio('wait'), 'wait.mp3')] });
		const { trintId, transcript } = items[0].json;
		expect(transcript.trintId).toBe(trintId);
		expect(transcript.text.length).toBeGreaterThan(20);
		expect(transcript.paragraphs[0]).toEqual(expect.objectContaining({ speaker: expect.anything(), startTime: expect.any(Number), endTime: expect.any(Number), text: expect.any(String) }));
		expect(requestsTo(trint, 'GET', `/export/json/${trintId}`)).toHaveLength(1);
	});

	test('from a URL: fetched without Trint\'s key, the source\'s own headers sent only to it, passed on to Trint byte for byte', async () => {
		const sourceUrl = trint.mediaUrl('Interview.mp3', { type: 'audio/mpeg', bytes: 100000 });
		const { items, error } = await runTrint(credentials, upload({ source: 'url', sourceUrl, sourceOptions: { headers: { header: [{ name: 'X-Source-Token', value: 'source-only-token' }] } } }));
		expect(error).toBeUndefined();
		expect(items[0].json).toMatchObject({ trintId: trint.uploads[0].trintId, title: 'Interview.mp3', language: 'en' });
		expectPaired(items, [0]);
		const [source] = trint.requests.filter((request) => request.path.startsWith('/__mock/media/'));
		expect(source.method).toBe('GET');
		expect(source.headers.authorization).toBeUndefined();
		expect(source.headers['x-source-token']).toBe('source-only-token');
		const [sent] = uploads();
		expect(sent.headers['x-source-token']).toBeUndefined();
		expect(sent.bodySha256).toBe(trint.mediaSha256('Interview.mp3', 100000));
		expect(sent.query).toMatchObject({ filename: 'Interview.mp3', language: 'en' });
		expect(sent.headers['content-type']).toBe('audio/mpeg');
		expectTrintAuth(sent);
		expectNoSecrets(items, [...TRINT_SECRETS, 'source-only-token']);
	});

	test('bad input: no such binary field, an unknown language, a header the node cannot send; nothing is uploaded', async () => {
		const missing = await runTrint(credentials, upload({ binaryPropertyName: 'audio' }), { items: [inMemory(audio('x'), 'x.mp3')] });
		expect(missing.error.message).toBe('No binary property "audio" on the input item ("Input Binary Field")');
		expect(missing.error.description).toMatch(/"data"/);
		const language = await runTrint(credentials, upload({ language: 'xx' }), { items: [inMemory(audio('x'), 'x.mp3')], continueOnFail: true });
		expect(language.items[0].json.error).toBe('"Language" has an unknown code: "xx"');
		expectPaired(language.items, [0]);
		const header = await runTrint(credentials, upload({ source: 'url', sourceUrl: trint.mediaUrl('a.mp3'), sourceOptions: { headers: { header: [{ name: 'Host', value: 'x' }] } } }));
		expect(header.error.message).toMatch(/"Source Headers" has a header the node cannot send: "Host"/);
		expect(uploads()).toHaveLength(0);
	});

	test('a 500 on the upload: sent once, and the error says to check Trint before uploading again', async () => {
		trint.injectFault({ path: '/', method: 'POST', status: 500, times: 0 });
		const { items } = await runTrint(credentials, upload(), { items: [inMemory(audio('fault'), 'fault.mp3')], continueOnFail: true });
		expect(items[0].json.error).toMatch(/HTTP 500/);
		expect(items[0].json.description).toMatch(/Check Trint .* before you upload it again/);
		expect(uploads()).toHaveLength(1);
		expectNoSecrets(items, TRINT_SECRETS);
	});
});

describe('Transcript → Export', () => {
	const exportParameters = (transcript, extra = {}) => ({ resource: 'transcript', operation: 'export', transcriptId: byId(transcript.id), format: 'srt', downloadFile: true, outputBinaryPropertyName: 'data', captionOptions: {}, waitForTranscription: false, options: {}, ...extra });
	const downloads = () => trint.requests.filter((request) => request.path.startsWith('/__downloads/'));

	test('SRT with caption options: the options as Trint\'s query names, the file downloaded without the key', async () => {
		const transcript = trint.addTranscript({ title: 'Council meeting.wav' });
		const { items, error } = await runTrint(credentials, exportParameters(transcript, { outputBinaryPropertyName: 'captions', captionOptions: { maxCharactersPerLine: 30, enableSpeakers: true, highlightsOnly: false } }));
		expect(error).toBeUndefined();
		const [item] = items;
		expect(item.json).toEqual({ trintId: transcript.id, format: 'srt', fileName: 'Council meeting.srt', title: 'Council meeting.wav', mimeType: 'application/x-subrip' });
		expect(item.pairedItem).toEqual({ item: 0 });
		expect(Object.keys(item.binary)).toEqual(['captions']);
		expect(item.binary.captions).toMatchObject({ fileName: 'Council meeting.srt', mimeType: 'application/x-subrip' });
		const [request] = requestsTo(trint, 'GET', `/export/srt/${transcript.id}`);
		expect(request.query).toEqual({ 'max-subtitle-character-length': '30', 'enable-speakers': 'true', 'highlights-only': 'false' });
		expectTrintAuth(request);
		const [download] = downloads();
		expect(download.headers.authorization).toBeUndefined();
		expect(sha256(binaryBytes(item.binary.captions))).toBe(download.downloadSha256);
		expect(binaryBytes(item.binary.captions).toString('utf8')).toMatch(/^1\r?\n\d\d:\d\d:\d\d,\d{3} --> \d\d:\d\d:\d\d,\d{3}\r?\nSpeaker 1: /);
	});

	test('DOCX as a file, Plain Text as a link only (Download File off)', async () => {
		const transcript = trint.addTranscript({ title: 'Interview.mp3' });
		const docx = await runTrint(credentials, exportParameters(transcript, { format: 'docx' }));
		expect(docx.items[0].json).toMatchObject({ format: 'docx', fileName: 'Interview.docx', mimeType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document' });
		const bytes = binaryBytes(docx.items[0].binary.data);
		expect(bytes.subarray(0, 2).toString('latin1')).toBe('PK');
		expect(sha256(bytes)).toBe(trint.exportSha256(transcript.id, 'docx'));
		trint.clearRequests();
		const link = await runTrint(credentials, exportParameters(transcript, { format: 'text', downloadFile: false }));
		expect(link.items[0].binary).toBeUndefined();
		expect(link.items[0].json).toEqual({ trintId: transcript.id, format: 'text', fileName: 'Interview.txt', title: 'Interview.mp3', url: expect.stringMatching(new RegExp(`^${trint.origin}/__downloads/`)) });
		expect(downloads()).toHaveLength(0);
	});

	test('JSON: simplified text and paragraphs, or Trint\'s word-level JSON', async () => {
		const transcript = trint.addTranscript({ title: 'Words.mp3' });
		const simple = await runTrint(credentials, exportParameters(transcript, { format: 'json', simplify: true }));
		expect(Object.keys(simple.items[0].json)).toEqual(['trintId', 'title', 'text', 'paragraphs']);
		expect(simple.items[0].json.title).toBe('Words.mp3');
		const raw = await runTrint(credentials, exportParameters(transcript, { format: 'json', simplify: false }));
		expect(raw.items[0].json.trintId).toBe(transcript.id);
		expect(Array.isArray(raw.items[0].json.words)).toBe(true);
		expect(requestsTo(trint, 'GET', `/export/json/${transcript.id}`)).toHaveLength(2);
		expect(downloads()).toHaveLength(0);
	});

	test('still transcribing, without waiting: the error says what to use instead; with Continue On Fail an error item', async () => {
		const busy = trint.addTranscript({ title: 'Busy.mp3', processingMs: 60000 });
		const { error } = await runTrint(credentials, exportParameters(busy));
		expect(error.message).toBe(`Trint ${busy.id} is still transcribing, or no transcript with that ID can be exported yet`);
		expect(error.description).toMatch(/Wait for Transcription/);
		// An AI agent calling Export as a tool cannot switch a field on: the first advice is one it can follow.
		expect(error.description).toMatch(/^Ask again in a few minutes/);
		const { items } = await runTrint(credentials, exportParameters(busy, { format: 'nonsense' }), { continueOnFail: true });
		expect(items[0].json.error).toBe('"Format" has an unknown value: "nonsense"');
		expectPaired(items, [0]);
	});

	test('an expired download link: the pack\'s error, no key sent to storage', async () => {
		const transcript = trint.addTranscript({ title: 'Late.mp3' });
		trint.injectFault({ path: '/__downloads/*', kind: 'expired-link' });
		const { error } = await runTrint(credentials, exportParameters(transcript));
		expect(error.message).toBe('Downloading the export failed: HTTP 403');
		expect(error.description).toMatch(/^The temporary export link was refused, most likely because it expired/);
		expect(downloads()[0].headers.authorization).toBeUndefined();
		expectNoSecrets(error, TRINT_SECRETS);
	});
});

/** The node's fields for one operation, as the editor gets them. */
const fieldsOf = (operation) => {
	const { Trint } = require('./setup');
	return new Trint().description.properties.filter((field) => field.displayOptions?.show?.resource?.includes('transcript') && field.displayOptions.show.operation?.includes(operation));
};

describe('Transcript → Export of a Story (Story Builder formats)', () => {
	const STORY_FORMATS = [['story-docx', 'story-builder/docx'], ['story-edl', 'story-builder/edl'], ['story-project-xml', 'story-builder/project_xml']];

	test('a Story format shows a Story field (Stories from the list, or by ID) instead of the Transcript picker', () => {
		const fields = fieldsOf('export');
		const story = fields.find((field) => field.name === 'storyId');
		const transcript = fields.find((field) => field.name === 'transcriptId');
		expect(story).toMatchObject({ displayName: 'Story', type: 'resourceLocator' });
		expect(story.required).toBeUndefined(); // an older workflow without it must still run; emptiness is the node's own error
		expect(story.displayOptions.show.format.sort()).toEqual(STORY_FORMATS.map(([value]) => value).sort());
		expect(transcript.displayOptions.hide.format.sort()).toEqual(STORY_FORMATS.map(([value]) => value).sort());
		expect(story.modes.map((mode) => mode.name)).toEqual(['list', 'id']);
		expect(story.modes[0].typeOptions.searchListMethod).toBe('searchStories');
	});

	test.each(STORY_FORMATS)('%s sends the Story\'s ID to /export/%s/{id} and downloads the file', async (format, path) => {
		const story = trint.addTranscript({ title: 'Evening story', fileType: 'STORY' });
		const { items, error } = await runTrint(credentials, { resource: 'transcript', operation: 'export', storyId: byId(story.id), format, downloadFile: true, outputBinaryPropertyName: 'data', waitForTranscription: false, options: {} });
		expect(error).toBeUndefined();
		expect(requestsTo(trint, 'GET', `/export/${path}/${story.id}`)).toHaveLength(1);
		expect(items[0].json).toMatchObject({ trintId: story.id, format });
		expect(sha256(binaryBytes(items[0].binary.data))).toBe(trint.exportSha256(story.id, path));
	});

	test('an older workflow that set the format by expression and kept the Story\'s ID in Transcript still exports it', async () => {
		const story = trint.addTranscript({ title: 'Evening story', fileType: 'STORY' });
		const { items, error } = await runTrint(credentials, { resource: 'transcript', operation: 'export', transcriptId: byId(story.id), format: '={{ "story-edl" }}', downloadFile: false, options: {} });
		expect(error).toBeUndefined();
		expect(items[0].json).toMatchObject({ trintId: story.id, format: 'story-edl' });
		expect(requestsTo(trint, 'GET', `/export/story-builder/edl/${story.id}`)).toHaveLength(1);
	});

	test('an empty Story is refused by name before any request', async () => {
		const { error } = await runTrint(credentials, { resource: 'transcript', operation: 'export', storyId: byId(EMPTY_BY_EXPRESSION), format: 'story-docx', options: {} });
		expect(error.message).toBe('"Story" is empty');
		expect(trint.requests).toHaveLength(0);
	});
});

describe('field wording and order', () => {
	test('Export\'s "Wait for Transcription" speaks of exporting, not of Upload\'s new trintId', () => {
		const exportWait = fieldsOf('export').find((field) => field.name === 'waitForTranscription');
		const uploadWait = fieldsOf('upload').find((field) => field.name === 'waitForTranscription');
		expect(exportWait.description).toMatch(/until it can be exported/);
		expect(`${exportWait.description} ${exportWait.hint}`).not.toMatch(/new trintId/);
		expect(uploadWait.hint).toMatch(/new trintId/);
	});

	test('Upload options list the Shared Drive right before the Folder it depends on', () => {
		const names = fieldsOf('upload').find((field) => field.name === 'options').options.map((option) => option.name);
		expect(names.indexOf('sharedDrive')).toBe(names.indexOf('folder') - 1);
	});

	test('no field says an empty Shared Drive means "the personal drive (My Trints)"', () => {
		const text = JSON.stringify(new (require('./setup').Trint)().description.properties);
		expect(text).not.toMatch(/personal drive \(My Trints\)/);
	});
});

describe('Trint IDs are checked before any request', () => {
	test('every By ID mode carries the ID shape for the editor', () => {
		const idModes = fieldsOf('export').concat(fieldsOf('upload').find((field) => field.name === 'options').options)
			.filter((field) => field.type === 'resourceLocator')
			.flatMap((field) => field.modes.filter((mode) => mode.name === 'id'));
		expect(idModes.length).toBeGreaterThanOrEqual(4);
		for (const mode of idModes) expect(mode.validation).toEqual([{ type: 'regex', properties: { regex: '(?:[A-Za-z0-9_-]{22})?', errorMessage: expect.stringMatching(/Trint ID/) } }]);
	});

	test('a typed (literal) malformed ID is n8n\'s own editor issue: the run does not start; an empty optional ID is fine', async () => {
		await expect(runTrint(credentials, { resource: 'transcript', operation: 'get', transcriptId: byId('not a valid id!'), options: {} })).rejects.toThrow(/Not a Trint ID: Trint IDs are 22 letters/);
		const known = trint.addTranscript({ title: 'Known.mp3' });
		const { error } = await runTrint(credentials, { resource: 'transcript', operation: 'getAll', returnAll: false, limit: 5, filters: { sharedDrive: byId('') }, options: {} });
		expect(error).toBeUndefined();
		expect(trint.requests).toHaveLength(1);
		expect(known.id).toHaveLength(22);
	});

	// Values fed by expressions reach the node's own run-time check (the editor's check skips them).
	const typed = (text) => byId(`={{ ${JSON.stringify(text)} }}`);
	test.each([
		['Transcript → Get', { resource: 'transcript', operation: 'get', transcriptId: typed('not a valid id!'), options: {} }, 'Transcript'],
		['Transcript → Export', { resource: 'transcript', operation: 'export', transcriptId: typed('RDOnOc0pRpaJ89CuBP3be'), format: 'srt', options: {} }, 'Transcript'],
		['Transcript → Get Many (Shared Drive)', { resource: 'transcript', operation: 'getAll', returnAll: false, limit: 5, filters: { sharedDrive: typed('drive one') }, options: {} }, 'Shared Drive'],
		['Transcript → Get Many (Folder)', { resource: 'transcript', operation: 'getAll', returnAll: false, limit: 5, filters: { folder: typed('x?limit=1') }, options: {} }, 'Folder'],
		['Folder → Get Many', { resource: 'folder', operation: 'getAll', sharedDrive: typed('../../workspaces'), returnAll: true, options: {} }, 'Shared Drive'],
		['Folder → Create (Parent Folder)', { resource: 'folder', operation: 'create', name: 'New', options: { parentFolder: typed('a/b') } }, 'Parent Folder'],
		['Shared Drive → Get', { resource: 'sharedDrive', operation: 'get', sharedDrive: typed('Newsroom') }, 'Shared Drive'],
	])('%s: a malformed ID names the field; nothing is sent', async (_name, parameters, label) => {
		const { error } = await runTrint(credentials, parameters);
		expect(error.message).toMatch(new RegExp(`^"${label}" is ".*", which is not a Trint ID$`));
		expect(error.description).toMatch(/Trint IDs are 22 letters, digits, "-" or "_"/);
		expect(trint.requests).toHaveLength(0);
	});

	test('an ID fed by an expression is checked too; a good one goes through', async () => {
		const known = trint.addTranscript({ title: 'Known.mp3' });
		const { items } = await runTrint(credentials, (index) => ({ resource: 'transcript', operation: 'get', transcriptId: byId([known.id, 'not a valid id!'][index]), options: {} }), { items: [{ json: {} }, { json: {} }], continueOnFail: true });
		expect(items[0].json.id).toBe(known.id);
		expect(items[1].json.error).toBe('"Transcript" is "not a valid id!", which is not a Trint ID');
		expect(requestsTo(trint, 'GET', `/transcripts/file/${known.id}`)).toHaveLength(1);
		expect(trint.requests).toHaveLength(1);
	});
});

describe('Transcript → Upload refuses what is not audio or video', () => {
	const SRT = '1\n00:00:01,000 --> 00:00:02,500\nHello and welcome.\n\n2\n00:00:03,000 --> 00:00:04,000\nGoodbye.\n';
	const upload = (extra = {}) => ({ resource: 'transcript', operation: 'upload', source: 'binary', binaryPropertyName: 'data', language: 'en', waitForTranscription: false, options: {}, ...extra });
	const fileItem = (bytes, fileName, mimeType) => ({ json: {}, binary: { data: { data: Buffer.from(bytes).toString('base64'), fileName, mimeType } } });
	const uploads = () => requestsTo(trint, 'POST', '/');

	test('a subtitle file: refused by its bytes, naming the field, before any request; with "Allow Non-Media Files" it is sent', async () => {
		const refused = await runTrint(credentials, upload(), { items: [fileItem(SRT, 'captions.srt', 'application/x-subrip')] });
		expect(refused.error.message).toBe('"Input Binary Field" ("data") holds SubRip subtitles (text), not audio or video');
		expect(refused.error.description).toMatch(/"captions\.srt" .* from its first bytes.*"Allow Non-Media Files".*Nothing was uploaded/);
		expect(trint.requests).toHaveLength(0);
		const allowed = await runTrint(credentials, upload({ options: { allowNonMedia: true } }), { items: [fileItem(SRT, 'captions.srt', 'application/x-subrip')] });
		expect(allowed.error).toBeUndefined();
		expect(uploads()).toHaveLength(1);
		expect(uploads()[0].bodySha256).toBe(sha256(Buffer.from(SRT)));
	});

	test('the bytes win over a media name and type; media bytes win over a wrong type', async () => {
		const labelledMp3 = await runTrint(credentials, upload(), { items: [fileItem('<!DOCTYPE html><html><body>Not found</body></html>', 'interview.mp3', 'audio/mpeg')], continueOnFail: true });
		expect(labelledMp3.items[0].json.error).toMatch(/holds a web page \(HTML\), not audio or video/);
		const wav = Buffer.concat([Buffer.from('RIFF'), Buffer.alloc(4, 1), Buffer.from('WAVEfmt '), Buffer.alloc(4096, 3)]);
		const { items } = await runTrint(credentials, upload(), { items: [fileItem(wav, 'take.txt', 'text/plain')] });
		expect(items[0].json.trintId).toBe(trint.uploads[0].trintId);
		expect(uploads()).toHaveLength(1);
	});

	test('a file kept on disk is opened once for the look and the upload', async () => {
		const bytes = Buffer.concat([Buffer.from('ID3'), Buffer.alloc(300 * 1024, 5)]);
		const before = storeStats.streamsOpened;
		const { items } = await runTrint(credentials, upload(), { items: [{ json: {}, binary: { data: storedBinary(bytes, { fileName: 'take.mp3', mimeType: 'audio/mpeg' }) } }] });
		expect(items[0].json.trintId).toBeDefined();
		expect(storeStats.streamsOpened).toBe(before + 1);
		expect(uploads()[0].bodySha256).toBe(sha256(bytes));
	});

	test.each([
		['a text/plain source (with a length)', { type: 'text/plain', text: 'Just some notes about the interview.' }, /sent plain text, not audio or video/],
		['a .srt source sent as octet-stream', { type: 'application/octet-stream', text: SRT }, /sent SubRip subtitles \(text\), not audio or video/],
		['a page without a length (spooled first)', { type: 'text/html', length: 'none', text: '<html><body>Log in</body></html>' }, /sent a web page \(HTML\), not audio or video/],
	])('Source URL: %s is refused before the upload to Trint starts; with the option it is sent', async (_name, query, message) => {
		const sourceUrl = trint.mediaUrl('captions.srt', query);
		const { error } = await runTrint(credentials, upload({ source: 'url', sourceUrl }));
		expect(error.message).toMatch(/^"Source URL": /);
		expect(error.message).toMatch(message);
		expect(error.description).toMatch(/"Allow Non-Media Files".*Trint was not called/);
		expect(uploads()).toHaveLength(0);
		const allowed = await runTrint(credentials, upload({ source: 'url', sourceUrl, options: { allowNonMedia: true } }));
		expect(allowed.error).toBeUndefined();
		expect(uploads()).toHaveLength(1);
		expect(uploads()[0].bodySha256).toBe(sha256(Buffer.from(query.text)));
	});

	test('Source URL with media bytes: the bytes looked at reach Trint unchanged', async () => {
		const sourceUrl = trint.mediaUrl('Interview.mp3', { type: 'audio/mpeg', bytes: 100000 });
		const { error } = await runTrint(credentials, upload({ source: 'url', sourceUrl }));
		expect(error).toBeUndefined();
		expect(uploads()[0].bodySha256).toBe(trint.mediaSha256('Interview.mp3', 100000));
		expect(trint.uploads[0].bodyLength).toBe(100000);
	});
});

describe('Transcript → Get Many: a Shared Drive\'s folder without its Shared Drive', () => {
	test('finds nothing, and a warning says to choose the Shared Drive; one of the user\'s own folders gives no warning', async () => {
		const drive = trint.addSharedDrive({ name: 'Newsroom' });
		const desk = trint.addFolder({ name: 'Desk', workspaceId: drive._id });
		trint.seedTranscripts(3, { workspaceId: drive._id, folderId: desk._id, owner: 'colleague@example.com' });
		const own = trint.addFolder({ name: 'Drafts' });
		const params = (folder) => ({ resource: 'transcript', operation: 'getAll', returnAll: true, filters: { folder: byId(folder) }, options: {} });
		const { items, ctx } = await runTrint(credentials, params(desk._id), { items: [{ json: {} }, { json: {} }] });
		expect(items).toHaveLength(0);
		expect(ctx.hints).toEqual([{ type: 'warning', location: 'outputPane', message: expect.stringContaining(`"Folder" (${desk._id}) is not one of the key user's own folders. If it belongs to a Shared Drive, choose that Shared Drive under Filters as well`) }]);
		const quiet = await runTrint(credentials, params(own._id));
		expect(quiet.items).toHaveLength(0);
		expect(quiet.ctx.hints).toEqual([]);
	});
});

describe('Transcript → Upload from a URL that stalls before its first bytes', () => {
	test('the item fails naming "Source URL"; Trint is not called', async () => {
		const sourceUrl = trint.mediaUrl('stalls-early.mp3', { type: 'audio/mpeg', bytes: 50000, stallAfter: 100 });
		const { error } = await runTrint(credentials, { resource: 'transcript', operation: 'upload', source: 'url', sourceUrl, sourceOptions: { timeout: 1 }, language: 'en', waitForTranscription: false, options: {} });
		expect(error.message).toMatch(/^"Source URL": /);
		expect(requestsTo(trint, 'POST', '/')).toHaveLength(0);
	}, 15000);
});
