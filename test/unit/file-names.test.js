'use strict';
// File names the pack creates: an export named after a transcript title that may hold "/" or
// control characters, and a protected copy kept beside its original. The rules themselves, then
// the nodes using them in-process over real sockets against the mocks.
const { exportFileName, derivedFileName, safeFileNameBase, MAX_FILE_NAME_LENGTH } = require('../../dist/nodes/shared/fileNames');
const { TrustNxt } = require('../../dist/nodes/TrustNxt/TrustNxt.node');
const { startTrintMock, TRINT_FIXTURES } = require('../mocks/trint-mock');
const { startTrustNxtMock, TRUSTNXT_FIXTURES, sampleJpeg } = require('../mocks/trustnxt-mock');
const { runTrint, runTrustNxt, byId } = require('./operations/setup');

describe('export file names', () => {
	test('the whole title is kept; path separators become "-"; the media extension gives way to the export\'s', () => {
		expect(exportFileName('Entrevista #7 a/b & <tag>.wav', 'srt', 'ID')).toBe('Entrevista #7 a-b & <tag>.srt');
		expect(exportFileName('interview.wav', 'srt', 'ID')).toBe('interview.srt');
		expect(exportFileName('clip.MP4', 'vtt', 'ID')).toBe('clip.vtt');
		expect(exportFileName('back\\slash\\name.m4a', 'txt', 'ID')).toBe('back-slash-name.txt');
	});

	test('only known media extensions are dropped', () => {
		expect(exportFileName('report.v2', 'docx', 'ID')).toBe('report.v2.docx');
		expect(exportFileName('notes.txt', 'srt', 'ID')).toBe('notes.txt.srt');
		expect(exportFileName('evening-story', 'docx', 'ID')).toBe('evening-story.docx');
		for (const extension of ['mp3', 'wav', 'm4a', 'aac', 'ogg', 'flac', 'wma', 'aiff', 'opus', 'mp4', 'mov', 'avi', 'wmv', 'flv', 'mkv', 'webm', 'mpeg', 'mpg', '3gp', 'm4v']) {
			expect(exportFileName(`a.${extension}`, 'srt', 'ID')).toBe('a.srt');
		}
	});

	test('control characters go, white space is folded, no leading dots, dot-only titles fall back to the ID', () => {
		expect(exportFileName('line\none\ttab\u0000nul\u007f.mp3', 'txt', 'ID')).toBe('line one tabnul.txt');
		expect(exportFileName('.hidden', 'txt', 'ID')).toBe('hidden.txt');
		expect(exportFileName('..', 'txt', 'RDOnOc0pRpaJ89CuBP3beA')).toBe('RDOnOc0pRpaJ89CuBP3beA.txt');
		expect(exportFileName('../../etc/passwd', 'txt', 'ID')).toBe('-..-etc-passwd.txt');
		expect(exportFileName('', 'srt', 'RDOnOc0pRpaJ89CuBP3beA')).toBe('RDOnOc0pRpaJ89CuBP3beA.srt');
		expect(exportFileName(undefined, 'srt', 'RDOnOc0pRpaJ89CuBP3beA')).toBe('RDOnOc0pRpaJ89CuBP3beA.srt');
		expect(safeFileNameBase(' . ')).toBe('');
	});

	test('long titles are cut to the maximum, keeping the extension and whole characters', () => {
		const name = exportFileName(`${'x'.repeat(500)}.wav`, 'docx', 'ID');
		expect(name.length).toBe(MAX_FILE_NAME_LENGTH);
		expect(name.endsWith('x.docx')).toBe(true);
		const emoji = exportFileName('😀'.repeat(300), 'srt', 'ID');
		expect(emoji.length).toBeLessThanOrEqual(MAX_FILE_NAME_LENGTH);
		expect(emoji).toMatch(/^(😀)+\.srt$/u);
	});

	test('a protected copy kept beside its original gets ".protected" before the extension', () => {
		expect(derivedFileName('photo.jpg', 'protected')).toBe('photo.protected.jpg');
		expect(derivedFileName('archive.tar.gz', 'protected')).toBe('archive.tar.protected.gz');
		expect(derivedFileName('README', 'protected')).toBe('README.protected');
		expect(derivedFileName('.profile', 'protected')).toBe('.profile.protected');
	});
});

describe('Trint Export names the file after the whole title, the same in JSON and binary', () => {
	let trint;
	beforeAll(async () => {
		trint = await startTrintMock({ port: 0, processingMs: 0 });
	});
	afterAll(async () => trint?.close());

	test('title "Entrevista #7 a/b & <tag>.wav" as SRT', async () => {
		const transcript = trint.addTranscript({ title: 'Entrevista #7 a/b & <tag>.wav', processingMs: 0 });
		const { items, error } = await runTrint(
			{ trintApi: { region: 'custom', apiBaseUrl: trint.origin, uploadBaseUrl: trint.origin, keyId: TRINT_FIXTURES.keyId, keySecret: TRINT_FIXTURES.keySecret } },
			{ resource: 'transcript', operation: 'export', transcriptId: byId(transcript.id), format: 'srt', downloadFile: true, outputBinaryPropertyName: 'data', captionOptions: {}, waitForTranscription: false, options: {} },
		);
		expect(error).toBeUndefined();
		const [item] = items;
		expect(item.json.fileName).toBe('Entrevista #7 a-b & <tag>.srt');
		expect(item.binary.data.fileName).toBe(item.json.fileName);
		expect(item.json.title).toBe('Entrevista #7 a/b & <tag>.wav');
	});
});

describe('TrustNXT Protect and Usage fields say what they mean', () => {
	let tnxt;
	beforeAll(async () => {
		tnxt = await startTrustNxtMock({ port: 0 });
	});
	afterAll(async () => tnxt?.close());
	beforeEach(() => tnxt.reset());
	const credentials = () => ({ trustNxtApi: { apiKey: TRUSTNXT_FIXTURES.apiKey, apiSecret: TRUSTNXT_FIXTURES.apiSecret, baseUrl: tnxt.origin } });
	const image = sampleJpeg(20 * 1024, 'names');
	const item = () => ({ json: {}, binary: { data: { data: image.toString('base64'), fileName: 'photo.jpg', mimeType: 'image/jpeg' } } });
	const protect = (extra) => ({ resource: 'asset', operation: 'protect', binaryPropertyName: 'data', metadata: {}, options: {}, ...extra });

	test('kept beside the original, the protected copy has its own name (binary and JSON)', async () => {
		const { items } = await runTrustNxt(credentials(), protect({ options: { outputBinaryPropertyName: 'protected' } }), { items: [item()] });
		const [result] = items;
		expect(result.binary.data.fileName).toBe('photo.jpg');
		expect(result.binary.protected.fileName).toBe('photo.protected.jpg');
		expect(result.json.fileName).toBe('photo.protected.jpg');
	});

	test('replacing the original in its field, the name stays', async () => {
		const { items } = await runTrustNxt(credentials(), protect(), { items: [item()] });
		expect(items[0].binary.data.fileName).toBe('photo.jpg');
		expect(items[0].json.fileName).toBe('photo.jpg');
	});

	test('"Do Not Train" says it is sent only once added, and then sent as chosen', async () => {
		const field = new TrustNxt().description.properties.find((property) => property.name === 'metadata').options.find((option) => option.name === 'doNotTrain');
		expect(field.description).toMatch(/Sent only once this field is added \(on or off\); not added, the Trust Label says nothing about AI training/);
		await runTrustNxt(credentials(), protect(), { items: [item()] });
		expect(tnxt.requests[0].parts.map((part) => part.name)).toEqual(['file']);
		tnxt.reset();
		await runTrustNxt(credentials(), protect({ metadata: { doNotTrain: false } }), { items: [item()] });
		expect(tnxt.protectedAssets[0].metadata).toEqual({ doNotTrain: false });
	});

	test('Usage: a null limit comes with protectUnlimited / inspectUnlimited true', async () => {
		tnxt.setLimits({ protectCalls: 1000, inspectCalls: null });
		const { items } = await runTrustNxt(credentials(), { resource: 'usage', operation: 'get', options: {} });
		expect(items[0].json).toMatchObject({ protectLimit: 1000, protectUnlimited: false, inspectLimit: null, inspectRemaining: null, inspectUnlimited: true });
		tnxt.setLimits(null);
		const again = await runTrustNxt(credentials(), { resource: 'usage', operation: 'get', options: {} });
		expect(again.items[0].json).toMatchObject({ protectUnlimited: true, inspectUnlimited: true });
	});
});
