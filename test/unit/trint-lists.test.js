'use strict';
// What the Trint pickers offer, the node accepts: a personal folder in Get Many, every transcript
// in the picker (page by page, or of the chosen Shared Drive), archived drives labelled, a Folder
// for Upload checked before the file is sent, and editor links that follow the credential's
// Region (none invented for "Custom URLs"). In-process, real sockets, the Trint mock.
const { expectReadAhead } = require('./read-ahead');
const { Trint } = require('../../dist/nodes/Trint/Trint.node');
const { startTrintMock, TRINT_FIXTURES } = require('../mocks/trint-mock');
const { runTrint, trintListSearch, byId } = require('./operations/setup');

let trint;
let credentials;
beforeAll(async () => {
	trint = await startTrintMock({ port: 0, processingMs: 0 });
});
afterAll(async () => trint?.close());
beforeEach(() => {
	trint.reset();
	credentials = { trintApi: { region: 'custom', apiBaseUrl: trint.origin, uploadBaseUrl: trint.origin, keyId: TRINT_FIXTURES.keyId, keySecret: TRINT_FIXTURES.keySecret } };
});

const transcriptRequests = () => trint.requests.filter((request) => request.path.replace(/\/$/, '') === '/transcripts');

async function trintRun(parameters, items = [{ json: {} }]) {
	const { items: output, error } = await runTrint(credentials, parameters, { items, continueOnFail: true });
	if (error) throw error;
	return output;
}

describe('Get Many: a Folder of the personal drive, without a Shared Drive', () => {
	const getMany = (filters, extra = {}) => ({ authentication: 'keyAndSecret', resource: 'transcript', operation: 'getAll', returnAll: true, filters, options: {}, ...extra });

	test('lists the personal transcripts whose folderId is that folder; Trint gets no folderId', async () => {
		const folder = trint.addFolder({ name: 'Drafts' });
		trint.seedTranscripts(1200, { titlePrefix: 'Loose' });
		const inFolder = trint.seedTranscripts(4, { folderId: folder._id, titlePrefix: 'Draft' });
		trint.seedTranscripts(300, { titlePrefix: 'Later' });
		const output = await trintRun(getMany({ folder: byId(folder._id) }));
		expect(output.map((item) => item.json.id).sort()).toEqual(inFolder.map((entry) => entry.id).sort());
		expect(output.every((item) => !item.json.error)).toBe(true);
		const pages = transcriptRequests();
		expectReadAhead(pages.map((request) => request.query.skip), ['0', '999']);
		expect(pages.every((request) => request.query.folderId === undefined && request.query.limit === '1000')).toBe(true);
	});

	test('Limit counts the kept transcripts and paging stops once it is reached', async () => {
		const folder = trint.addFolder({ name: 'Drafts' });
		for (const day of [1, 2]) trint.addTranscript({ folderId: folder._id, title: `Old draft ${day}`, created: `2020-01-0${day}T00:00:00Z` });
		trint.seedTranscripts(1500, { titlePrefix: 'Loose' });
		const newest = [1, 2, 3].map((second) => trint.addTranscript({ folderId: folder._id, title: `New draft ${second}`, created: new Date(Date.now() + second * 1000).toISOString() }));
		const output = await trintRun(getMany({ folder: byId(folder._id) }, { returnAll: false, limit: 3 }));
		expect(output.map((item) => item.json.id).sort()).toEqual(newest.map((entry) => entry.id).sort());
		expect(transcriptRequests()).toHaveLength(1);
	});

	test('with a Shared Drive, Trint still does the folder filtering', async () => {
		const drive = trint.addSharedDrive({ name: 'Newsroom' });
		const folder = trint.addFolder({ name: 'Desk', workspaceId: drive._id });
		const inFolder = trint.seedTranscripts(3, { workspaceId: drive._id, folderId: folder._id });
		const output = await trintRun(getMany({ sharedDrive: byId(drive._id), folder: byId(folder._id) }));
		expect(output.map((item) => item.json.id).sort()).toEqual(inFolder.map((entry) => entry.id).sort());
		expect(transcriptRequests()[0].query).toMatchObject({ sharedDriveId: drive._id, folderId: folder._id });
	});

	test('the Folder field says how a personal folder is filtered', () => {
		const filters = new Trint().description.properties.find((property) => property.name === 'filters' && property.displayOptions.show.operation.includes('getAll') && property.displayOptions.show.resource.includes('transcript'));
		const folder = filters.options.find((option) => option.name === 'folder');
		expect(folder.description).toMatch(/keeps those whose folderId is this folder/);
	});
});

describe('Transcript picker: every page, the chosen Shared Drive, a title filter', () => {
	const pick = (parameters, filter, token) => trintListSearch(credentials, 'searchTranscripts', parameters, filter, token);

	test('pages through the whole personal list with the pagination token', async () => {
		trint.seedTranscripts(2500, { titlePrefix: 'Personal' });
		const seen = [];
		let token;
		let calls = 0;
		do {
			const page = await pick({}, undefined, token);
			seen.push(...page.results.map((result) => result.value));
			token = page.paginationToken;
			calls++;
		} while (token && calls < 10);
		expect(calls).toBe(3);
		expect(new Set(seen).size).toBe(2500);
	});

	test('a title filter finds a transcript beyond the newest 1000', async () => {
		const old = trint.addTranscript({ title: 'Budget hearing 2019.mp3', created: '2019-05-01T10:00:00Z' });
		trint.seedTranscripts(2500, { titlePrefix: 'Personal' });
		const page = await pick({}, 'budget HEARING');
		expect(page.results.map((result) => result.value)).toEqual([old.id]);
	});

	test('with a Shared Drive chosen in the node, its transcripts are listed', async () => {
		const drive = trint.addSharedDrive({ name: 'Newsroom' });
		const inDrive = trint.seedTranscripts(3, { workspaceId: drive._id, owner: 'someone-else', titlePrefix: 'Drive' });
		trint.seedTranscripts(5, { titlePrefix: 'Mine' });
		// With the Resource and Operation that show the field (n8n finds the field by them).
		const page = await pick({ resource: 'transcript', operation: 'upload', options: { sharedDrive: byId(drive._id) } });
		expect(page.results.map((result) => result.value).sort()).toEqual(inDrive.map((entry) => entry.id).sort());
		expect(transcriptRequests()[0].query.sharedDriveId).toBe(drive._id);
		expect(page.paginationToken).toBeUndefined();
	});

	test('Shared Drive picker lists archived drives, labelled "(archived)"', async () => {
		trint.addSharedDrive({ name: 'Newsroom' });
		trint.addSharedDrive({ name: 'Old desk', archived: true });
		const { results } = await trintListSearch(credentials, 'searchSharedDrives');
		expect(results.map((result) => result.name).sort()).toEqual(['Newsroom', 'Old desk (archived)']);
	});
});

describe('Region "Custom URLs": editor links and the 401 hint', () => {
	const AUDIO = Buffer.concat([Buffer.from('ID3'), Buffer.alloc(4096, 1)]);
	const audioItem = () => ({ json: {}, binary: { data: { data: AUDIO.toString('base64'), fileName: 'interview.mp3', mimeType: 'audio/mpeg' } } });
	const upload = (options = {}) => ({ authentication: 'keyAndSecret', resource: 'transcript', operation: 'upload', binaryPropertyName: 'data', language: 'en', waitForTranscription: false, options });

	test('without a Web App URL there is no editor link (not app.trint.com)', async () => {
		const [item] = await trintRun(upload(), [audioItem()]);
		expect(item.json.trintId).toBeTruthy();
		expect(item.json.editorUrl).toBeNull();
		trint.seedTranscripts(2);
		const { results } = await trintListSearch(credentials, 'searchTranscripts');
		expect(results.every((result) => result.url === undefined)).toBe(true);
	});

	test('with a Web App URL the links point there', async () => {
		credentials.trintApi.webAppUrl = 'https://app.eu.trint.com/';
		const [item] = await trintRun(upload(), [audioItem()]);
		expect(item.json.editorUrl).toBe(`https://app.eu.trint.com/editor/${item.json.trintId}`);
		const { results } = await trintListSearch(credentials, 'searchTranscripts');
		expect(results[0].url).toBe(`https://app.eu.trint.com/editor/${results[0].value}`);
	});

	test('a 401 with custom URLs says to check the URLs and the key\'s tenant, not to switch Region', async () => {
		credentials.trintApi.keySecret = 'not-the-secret';
		const [item] = await trintRun({ authentication: 'keyAndSecret', resource: 'transcript', operation: 'getAll', returnAll: false, limit: 1, filters: {}, options: {} });
		expect(item.json.error).toMatch(/HTTP 401/);
		expect(item.json.description).toMatch(/Region "Custom URLs" \(http:\/\/127\.0\.0\.1:\d+\): check that the URLs lead to the Trint tenant the key was created on/);
		expect(item.json.description).not.toMatch(/Set the credential's Region/);
		expect(item.json.description).not.toMatch(/app\.trint\.com\/account\/api/);
	});

	test('both Trint credentials offer "Web App URL", shown only for Custom URLs', () => {
		const { TrintApi } = require('../../dist/credentials/TrintApi.credentials');
		const { TrintLegacyApi } = require('../../dist/credentials/TrintLegacyApi.credentials');
		for (const Credential of [TrintApi, TrintLegacyApi]) {
			const field = new Credential().properties.find((property) => property.name === 'webAppUrl');
			expect(field.displayOptions).toEqual({ show: { region: ['custom'] } });
			expect(field.description).toMatch(/Empty: the nodes give no editor links \(editorUrl is null\)/);
		}
	});
});

describe('Upload: the Folder is checked before the file is sent', () => {
	const AUDIO = Buffer.concat([Buffer.from('ID3'), Buffer.alloc(4096, 2)]);
	const audioItem = () => ({ json: {}, binary: { data: { data: AUDIO.toString('base64'), fileName: 'interview.mp3', mimeType: 'audio/mpeg' } } });
	const upload = (options) => ({ authentication: 'keyAndSecret', resource: 'transcript', operation: 'upload', binaryPropertyName: 'data', language: 'en', waitForTranscription: false, options });
	const uploads = () => trint.requests.filter((request) => request.method === 'POST' && request.path === '/');

	test('a personal folder without a Shared Drive is accepted and sent as folder-id', async () => {
		const folder = trint.addFolder({ name: 'Drafts' });
		const [item] = await trintRun(upload({ folder: byId(folder._id) }), [audioItem()]);
		expect(item.json.error).toBeUndefined();
		expect(item.json.folderId).toBe(folder._id);
		expect(uploads()[0].query['folder-id']).toBe(folder._id);
		expect(uploads()[0].query['workspace-id']).toBeUndefined();
	});

	test('a Shared Drive folder without its drive is refused before any upload', async () => {
		const drive = trint.addSharedDrive({ name: 'Newsroom' });
		const folder = trint.addFolder({ name: 'Desk', workspaceId: drive._id });
		const [item] = await trintRun(upload({ folder: byId(folder._id) }), [audioItem()]);
		expect(item.json.error).toMatch(/"Folder" \(.+\) is not a folder of your personal drive/);
		expect(item.json.description).toMatch(/needs that Shared Drive as well.*Nothing was uploaded/);
		expect(uploads()).toHaveLength(0);
	});

	test('a folder of another Shared Drive is refused; the right pair is uploaded; the list is read once per run', async () => {
		const drive = trint.addSharedDrive({ name: 'Newsroom' });
		const other = trint.addSharedDrive({ name: 'Sports' });
		const folder = trint.addFolder({ name: 'Desk', workspaceId: drive._id });
		const wrong = await trintRun(upload({ sharedDrive: byId(other._id), folder: byId(folder._id) }), [audioItem()]);
		expect(wrong[0].json.error).toMatch(/is not a folder of the chosen "Shared Drive"/);
		expect(uploads()).toHaveLength(0);
		trint.clearRequests();
		const right = await trintRun(upload({ sharedDrive: byId(drive._id), folder: byId(folder._id) }), [audioItem(), audioItem()]);
		expect(right.map((item) => item.json.sharedDriveId)).toEqual([drive._id, drive._id]);
		expect(uploads()).toHaveLength(2);
		expect(trint.requests.filter((request) => request.path.replace(/\/$/, '') === '/folders')).toHaveLength(1);
	});
});
