'use strict';
// Trint media inside a real n8n with binaries on disk (filesystem mode): upload a file read from
// disk, wait for the transcript, export it in every format and write the files back to disk.
// Every byte is compared with what the mock received or served.
const crypto = require('node:crypto');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { N8nInstance, packPack, outputOf, errorOf } = require('./harness');
const { startTrintMock, TRINT_FIXTURES } = require('../mocks/trint-mock');
const { chainWorkflow, trintNode, byId, readFileNode, writeFileNode } = require('./workflows');

const { scanForSecrets, recordRunOutputs } = require('./secrets');

/** Everything the runs printed, kept for the secret scan at the end. */
const RUN_OUTPUTS = [];
const EXTRA_SECRETS = [];

jest.setTimeout(15 * 60 * 1000);

const FORMATS = [
	['text', 'txt'], ['html', 'html'], ['docx', 'docx'], ['srt', 'srt'], ['webvtt', 'vtt'], ['xml', 'xml'], ['edl', 'edl'],
	['avid-ds', 'txt'], ['spruce-stl', 'stl'], ['vantage-xml', 'xml'], ['premiere-xml', 'xml'],
	['csv-full', 'csv'], ['csv-comments', 'csv'], ['csv-highlights', 'csv'], ['csv-markers', 'csv'],
];
const STORY_FORMATS = [['story-docx', 'docx'], ['story-edl', 'edl'], ['story-project-xml', 'xml']];
// The mock names formats by their path below /export/.
const MOCK_FORMAT = { 'csv-full': 'csv/full', 'csv-comments': 'csv/comments', 'csv-highlights': 'csv/highlights', 'csv-markers': 'csv/markers', 'story-docx': 'story-builder/docx', 'story-edl': 'story-builder/edl', 'story-project-xml': 'story-builder/project_xml' };

let trint;
let n8n;
let workDir;
let mediaPath;
let mediaBytes;
const flows = {};
let credential;
let ready;
let story;
let processing;
let hostileTitle;

const sha256 = (buffer) => crypto.createHash('sha256').update(buffer).digest('hex');

beforeAll(async () => {
	trint = await startTrintMock({ port: 0, processingMs: 2000 });
	workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'trint-media-'));
	mediaPath = path.join(workDir, 'interview.mp3');
	mediaBytes = crypto.randomBytes(3 * 1024 * 1024 + 17);
	mediaBytes.write('ID3', 0, 'latin1');
	fs.writeFileSync(mediaPath, mediaBytes);

	ready = trint.addTranscript({ title: 'press-conference.mp3', processingMs: 0 });
	story = trint.addTranscript({ title: 'evening-story', fileType: 'STORY', processingMs: 0 });
	processing = trint.addTranscript({ title: 'still-running.mp3', processingMs: 10 * 60 * 1000 });
	hostileTitle = trint.addTranscript({ title: 'Entrevista #7 a/b & <tag>.wav', processingMs: 0 });
	credential = {
		id: 'trintMediaKey0001',
		name: 'Trint sandbox key',
		type: 'trintApi',
		// Custom URLs with a Web App URL: editor links point at that tenant.
		data: { keyId: TRINT_FIXTURES.keyId, keySecret: TRINT_FIXTURES.keySecret, region: 'custom', apiBaseUrl: trint.origin, uploadBaseUrl: trint.origin, webAppUrl: 'https://app.eu.trint.com' },
	};
	const use = { credential };

	flows.uploadAndExport = chainWorkflow('mediaFlow', [
		readFileNode('Read Recording', mediaPath),
		trintNode('Upload', { resource: 'transcript', operation: 'upload', binaryPropertyName: 'data', language: 'en-GB', waitForTranscription: true, pollInterval: 10, maxWaitMinutes: 2, simplify: true, options: { metadata: 'job-42', detectSpeakerChange: false } }, use),
		trintNode('Export SRT', { resource: 'transcript', operation: 'export', transcriptId: byId('={{ $json.trintId }}'), format: 'srt', downloadFile: true, outputBinaryPropertyName: 'subtitles', captionOptions: { maxCharactersPerLine: 37, enableSpeakers: true } }, use),
		writeFileNode('Write SRT', path.join(workDir, 'out', 'interview.srt'), 'subtitles'),
		trintNode('Export DOCX', { resource: 'transcript', operation: 'export', transcriptId: byId("={{ $('Upload').item.json.trintId }}"), format: 'docx' }, use),
		writeFileNode('Write DOCX', path.join(workDir, 'out', 'interview.docx')),
	]);

	const formatItems = [...FORMATS, ...STORY_FORMATS].map(([format]) => ({ format, id: format.startsWith('story-') ? story.id : ready.id }));
	flows.everyFormat = chainWorkflow('everyFormat', [
		{
			name: 'Formats',
			type: 'n8n-nodes-base.set',
			typeVersion: 3.4,
			parameters: { mode: 'raw', jsonOutput: JSON.stringify({ formats: formatItems }), options: {} },
		},
		{ name: 'One per Format', type: 'n8n-nodes-base.splitOut', typeVersion: 1, parameters: { fieldToSplitOut: 'formats', options: {} } },
		trintNode('Export', { resource: 'transcript', operation: 'export', transcriptId: byId('={{ $json.id }}'), format: '={{ $json.format }}' }, use),
		writeFileNode('Write', `=${path.join(workDir, 'formats')}/{{ $json.format }}.{{ $json.fileName.split('.').pop() }}`),
	]);
	flows.hostileTitle = chainWorkflow('hostileTitle', [
		trintNode('Export', { resource: 'transcript', operation: 'export', transcriptId: byId(hostileTitle.id), format: 'srt' }, use),
		writeFileNode('Write', `=${path.join(workDir, 'named')}/{{ $binary.data.fileName }}`),
	]);
	flows.linkOnly = chainWorkflow('linkOnly', [trintNode('Trint', { resource: 'transcript', operation: 'export', transcriptId: byId(ready.id), format: 'text', downloadFile: false }, use)]);
	flows.jsonRaw = chainWorkflow('jsonRaw', [trintNode('Trint', { resource: 'transcript', operation: 'export', transcriptId: byId(ready.id), format: 'json', simplify: false }, use)]);
	flows.jsonSimple = chainWorkflow('jsonSimple', [trintNode('Trint', { resource: 'transcript', operation: 'export', transcriptId: byId(ready.id), format: 'json', simplify: true }, use)]);
	flows.notReady = chainWorkflow('notReady', [trintNode('Trint', { resource: 'transcript', operation: 'export', transcriptId: byId(processing.id), format: 'srt' }, use)]);

	fs.mkdirSync(path.join(workDir, 'out'), { recursive: true });
	fs.mkdirSync(path.join(workDir, 'formats'), { recursive: true });
	n8n = await N8nInstance.create({
		tarball: await packPack(),
		binaryDataMode: 'filesystem',
		env: { N8N_RESTRICT_FILE_ACCESS_TO: workDir },
	});
	await n8n.importCredentials([credential]);
	await n8n.importWorkflows(Object.values(flows));
	recordRunOutputs(n8n, RUN_OUTPUTS);
});

afterAll(async () => {
	await n8n?.destroy();
	await trint?.close();
	if (workDir) fs.rmSync(workDir, { recursive: true, force: true });
});

test('a file read from disk is uploaded byte for byte, waited for, and exported to SRT and DOCX on disk', async () => {
	trint.clearRequests();
	const result = await n8n.execute(flows.uploadAndExport.id);
	expect(errorOf(result)).toBeNull();

	// What Trint received: the raw bytes (not multipart), with the file's type and length.
	expect(trint.uploads).toHaveLength(1);
	const [upload] = trint.uploads;
	expect(upload.bodySha256).toBe(sha256(mediaBytes));
	expect(upload.bodyLength).toBe(mediaBytes.length);
	expect(upload.contentType).toBe('audio/mpeg');
	const uploadRequest = trint.requests.find((request) => request.method === 'POST' && request.path === '/');
	expect(uploadRequest.headers['content-length']).toBe(String(mediaBytes.length));
	expect(uploadRequest.query).toMatchObject({ filename: 'interview.mp3', language: 'en-GB', metadata: 'job-42', 'detect-speaker-change': 'false' });
	expect(uploadRequest.query['custom-dictionary']).toBeUndefined();

	// What the workflow got: the ID, the editor link, and the transcript once ready.
	const [uploaded] = outputOf(result, 'Upload');
	expect(uploaded.json.trintId).toBe(upload.trintId);
	expect(uploaded.json.editorUrl).toBe(`https://app.eu.trint.com/editor/${upload.trintId}`);
	expect(uploaded.json.transcript.text.length).toBeGreaterThan(0);
	expect(uploaded.json.transcript.paragraphs[0]).toEqual(expect.objectContaining({ speaker: expect.anything(), startTime: expect.any(Number), endTime: expect.any(Number) }));
	const polls = trint.requests.filter((request) => request.path === `/export/json/${upload.trintId}`);
	expect(polls.length).toBeGreaterThanOrEqual(2);
	expect(polls[0].status).toBe(404);
	expect(polls[polls.length - 1].status).toBe(200);

	// The files on disk are exactly what the download links served, fetched without Trint headers.
	const srt = fs.readFileSync(path.join(workDir, 'out', 'interview.srt'));
	expect(sha256(srt)).toBe(sha256(trint.exportBytes(upload.trintId, 'srt', { 'max-subtitle-character-length': '37', 'enable-speakers': 'true' })));
	const docx = fs.readFileSync(path.join(workDir, 'out', 'interview.docx'));
	expect(sha256(docx)).toBe(sha256(trint.exportBytes(upload.trintId, 'docx')));
	const srtRequest = trint.requests.find((request) => request.path === `/export/srt/${upload.trintId}`);
	expect(srtRequest.query).toEqual({ 'max-subtitle-character-length': '37', 'enable-speakers': 'true' });
	const downloads = trint.requests.filter((request) => request.path.startsWith('/__downloads/'));
	expect(downloads).toHaveLength(2);
	for (const download of downloads) {
		expect(download.headers.authorization).toBeUndefined();
		expect(download.headers['api-key']).toBeUndefined();
		expect(download.status).toBe(200);
	}
	const [srtItem] = outputOf(result, 'Export SRT');
	// The media extension of the upload gives way to the export's.
	expect(srtItem.binary.subtitles).toEqual(expect.objectContaining({ fileName: 'interview.srt', mimeType: 'application/x-subrip' }));
	expect(srtItem.json.fileName).toBe('interview.srt');
});

test('a title with "/" and markup keeps every part in a safe file name, the same in JSON, binary and on disk', async () => {
	fs.mkdirSync(path.join(workDir, 'named'), { recursive: true });
	const result = await n8n.execute(flows.hostileTitle.id);
	expect(errorOf(result)).toBeNull();
	const [item] = outputOf(result, 'Export');
	expect(item.json.title).toBe('Entrevista #7 a/b & <tag>.wav');
	expect(item.json.fileName).toBe('Entrevista #7 a-b & <tag>.srt');
	expect(item.binary.data.fileName).toBe(item.json.fileName);
	expect(fs.readdirSync(path.join(workDir, 'named'))).toEqual(['Entrevista #7 a-b & <tag>.srt']);
	expect(sha256(fs.readFileSync(path.join(workDir, 'named', 'Entrevista #7 a-b & <tag>.srt')))).toBe(sha256(trint.exportBytes(hostileTitle.id, 'srt')));
});

test('every transcript format and every Story format becomes the file the link served', async () => {
	trint.clearRequests();
	const result = await n8n.execute(flows.everyFormat.id);
	expect(errorOf(result)).toBeNull();
	const items = outputOf(result, 'Export');
	expect(items).toHaveLength(FORMATS.length + STORY_FORMATS.length);
	for (const [format, extension] of [...FORMATS, ...STORY_FORMATS]) {
		const item = items.find((entry) => entry.json.format === format);
		expect(item).toBeDefined();
		expect(item.json.fileName.endsWith(`.${extension}`)).toBe(true);
		const onDisk = fs.readFileSync(path.join(workDir, 'formats', `${format}.${extension}`));
		const owner = format.startsWith('story-') ? story.id : ready.id;
		expect(sha256(onDisk)).toBe(sha256(trint.exportBytes(owner, MOCK_FORMAT[format] ?? format)));
	}
	const storyRequests = trint.requests.filter((request) => request.path.startsWith('/export/story-builder/'));
	expect(storyRequests).toHaveLength(3);
});

test('"Download File" off returns only the temporary link', async () => {
	trint.clearRequests();
	const [item] = outputOf(await n8n.execute(flows.linkOnly.id), 'Trint');
	expect(item.json.url).toMatch(/\/__downloads\//);
	expect(item.binary).toBeUndefined();
	expect(trint.requests.filter((request) => request.path.startsWith('/__downloads/'))).toHaveLength(0);
});

test('JSON export: Trint\'s words as they are, or simplified to text and paragraphs', async () => {
	const [raw] = outputOf(await n8n.execute(flows.jsonRaw.id), 'Trint');
	expect(Array.isArray(raw.json.words)).toBe(true);
	expect(raw.json.words[0]).toEqual(expect.objectContaining({ value: expect.any(String), time: expect.any(Number), paragraphId: expect.any(String) }));
	const [simple] = outputOf(await n8n.execute(flows.jsonSimple.id), 'Trint');
	expect(simple.json.words).toBeUndefined();
	const expectedText = raw.json.words.filter((word) => !word.strikethrough).map((word) => word.value).join(' ');
	expect(simple.json.text.replace(/\n\n/g, ' ')).toBe(expectedText);
	expect(simple.json.paragraphs.length).toBe(new Set(raw.json.words.filter((word) => !word.strikethrough).map((word) => word.paragraphId)).size);
});

test('exporting a transcript that is still being transcribed says what to do', async () => {
	const error = errorOf(await n8n.execute(flows.notReady.id));
	expect(error.message).toMatch(/still transcribing/);
	expect(error.description).toMatch(/Wait for Transcription/);
	expect(error.description).toMatch(/Trint Trigger/);
});

describe('secrets', () => {
	test('no key or secret in the log, the run outputs or the database of n8n after everything above', async () => {
		const report = scanForSecrets(n8n, { texts: RUN_OUTPUTS, extraSecrets: EXTRA_SECRETS });
		expect(report.scanned.places).toBeGreaterThan(2);
		expect(report.hits).toEqual([]);
	});
});
