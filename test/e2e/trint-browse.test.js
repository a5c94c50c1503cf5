'use strict';
// Trint browsing inside a real n8n, installed from the packed tarball: every read operation with
// both credential types, pagination request counts, and the 401 a user sees for an expired key.
const { N8nInstance, packPack, outputOf, errorOf } = require('./harness');
const { startTrintMock, TRINT_FIXTURES } = require('../mocks/trint-mock');
const { chainWorkflow, trintNode, byId } = require('./workflows');
const { expectListPages } = require('./pages');

const { scanForSecrets, recordRunOutputs } = require('./secrets');

/** Everything the runs printed, kept for the secret scan at the end. */
const RUN_OUTPUTS = [];
const EXTRA_SECRETS = ['whatever-secret'];

jest.setTimeout(15 * 60 * 1000);

let trint;
let n8n;
const CREDENTIALS = {};
const flows = {};

function trintCredentials(origin) {
	const custom = { region: 'custom', apiBaseUrl: origin, uploadBaseUrl: origin };
	return [
		{ id: 'trintKeyAndSecret', name: 'Trint sandbox key', type: 'trintApi', data: { keyId: TRINT_FIXTURES.keyId, keySecret: TRINT_FIXTURES.keySecret, ...custom } },
		{ id: 'trintLegacyKey001', name: 'Trint sandbox legacy key', type: 'trintLegacyApi', data: { apiKey: TRINT_FIXTURES.legacyKey, ...custom } },
		{ id: 'trintExpiredKey01', name: 'Trint expired key', type: 'trintApi', data: { keyId: TRINT_FIXTURES.expiredKeyId, keySecret: 'whatever-secret', ...custom } },
		{ id: 'trintRevokedKey01', name: 'Trint revoked legacy key', type: 'trintLegacyApi', data: { apiKey: TRINT_FIXTURES.revokedLegacyKey, ...custom } },
	];
}

function requestsTo(path) {
	return trint.requests.filter((request) => request.path.replace(/\/$/, '') === path.replace(/\/$/, ''));
}

async function run(key) {
	trint.clearRequests();
	const result = await n8n.execute(flows[key].id);
	return result;
}

let drive;
let archivedDrive;
let hiddenDrive;
let driveFolder;
let personalFolder;
let driveTranscripts;
// Everything the key's user owns: 2,500 personal, 4 in a personal folder, 7 in the Shared
// Drive, 1 fetched by ID. Three pages.
const PERSONAL_COUNT = 2500 + 4 + 7 + 1;
let personalFolderTranscripts;

beforeAll(async () => {
	trint = await startTrintMock({ port: 0 });
	trint.seedTranscripts(2500, { titlePrefix: 'Personal' });
	drive = trint.addSharedDrive({ name: 'Newsroom' });
	archivedDrive = trint.addSharedDrive({ name: 'Old desk', archived: true });
	hiddenDrive = trint.addSharedDrive({ name: 'Someone else', visible: false });
	driveFolder = trint.addFolder({ name: 'Interviews', workspaceId: idOf(drive) });
	personalFolder = trint.addFolder({ name: 'Drafts' });
	driveTranscripts = trint.seedTranscripts(7, { workspaceId: idOf(drive), folderId: idOf(driveFolder), titlePrefix: 'Drive' });
	personalFolderTranscripts = trint.seedTranscripts(4, { folderId: idOf(personalFolder), titlePrefix: 'Draft' });

	for (const credential of trintCredentials(trint.origin)) CREDENTIALS[credential.id] = credential;
	const key = CREDENTIALS.trintKeyAndSecret;
	const legacy = CREDENTIALS.trintLegacyKey001;
	const anyTranscript = trint.seedTranscripts(1, { titlePrefix: 'Target' })[0];
	flows.getAllKey = chainWorkflow('browseAll', [trintNode('Trint', { resource: 'transcript', operation: 'getAll', returnAll: true }, { credential: key })]);
	flows.getAllLegacy = chainWorkflow('browseLegacy', [trintNode('Trint', { resource: 'transcript', operation: 'getAll', returnAll: true }, { auth: 'legacyKey', credential: legacy })]);
	flows.getLimited = chainWorkflow('browseLimit', [trintNode('Trint', { resource: 'transcript', operation: 'getAll', returnAll: false, limit: 5 }, { credential: key })]);
	flows.getDriveFolder = chainWorkflow('browseFolder', [
		trintNode('Trint', { resource: 'transcript', operation: 'getAll', returnAll: true, filters: { sharedDrive: byId(idOf(drive)), folder: byId(idOf(driveFolder)) } }, { credential: key }),
	]);
	flows.personalFolder = chainWorkflow('browsePersonalFolder', [
		trintNode('Trint', { resource: 'transcript', operation: 'getAll', returnAll: true, filters: { folder: byId(idOf(personalFolder)) } }, { credential: key }),
	]);
	flows.personalFolderLimit = chainWorkflow('browsePersonalLimit', [
		trintNode('Trint', { resource: 'transcript', operation: 'getAll', returnAll: false, limit: 3, filters: { folder: byId(idOf(personalFolder)) } }, { credential: key }),
	]);
	flows.getOne = chainWorkflow('getOne', [trintNode('Trint', { resource: 'transcript', operation: 'get', transcriptId: byId(anyTranscript.id) }, { credential: key })]);
	flows.getOneByUrl = chainWorkflow('getOneUrl', [
		trintNode('Trint', { resource: 'transcript', operation: 'get', transcriptId: { __rl: true, mode: 'url', value: `https://app.trint.com/editor/${anyTranscript.id}` } }, { auth: 'legacyKey', credential: legacy }),
	]);
	flows.getForbidden = chainWorkflow('getForbidden', [trintNode('Trint', { resource: 'transcript', operation: 'get', transcriptId: byId('AAAAAAAAAAAAAAAAAAAAAA') }, { credential: key })]);
	flows.foldersPersonal = chainWorkflow('foldersPersonal', [trintNode('Trint', { resource: 'folder', operation: 'getAll', returnAll: true }, { credential: key })]);
	flows.foldersDrive = chainWorkflow('foldersDrive', [trintNode('Trint', { resource: 'folder', operation: 'getAll', returnAll: true, sharedDrive: byId(idOf(drive)) }, { auth: 'legacyKey', credential: legacy })]);
	flows.folderGet = chainWorkflow('folderGet', [trintNode('Trint', { resource: 'folder', operation: 'get', sharedDrive: byId(idOf(drive)), folder: byId(idOf(driveFolder)) }, { credential: key })]);
	flows.folderCreate = chainWorkflow('folderCreate', [
		trintNode('Trint', { resource: 'folder', operation: 'create', name: 'Interviews 2025', options: { sharedDrive: byId(idOf(drive)), parentFolder: byId(idOf(driveFolder)) } }, { credential: key }),
	]);
	flows.drivesActive = chainWorkflow('drivesActive', [trintNode('Trint', { resource: 'sharedDrive', operation: 'getAll', returnAll: true, includeArchived: false }, { credential: key })]);
	flows.drivesAll = chainWorkflow('drivesAll', [trintNode('Trint', { resource: 'sharedDrive', operation: 'getAll', returnAll: true, includeArchived: true }, { auth: 'legacyKey', credential: legacy })]);
	flows.driveGet = chainWorkflow('driveGet', [trintNode('Trint', { resource: 'sharedDrive', operation: 'get', sharedDrive: byId(idOf(drive)) }, { credential: key })]);
	flows.driveHidden = chainWorkflow('driveHidden', [trintNode('Trint', { resource: 'sharedDrive', operation: 'get', sharedDrive: byId(idOf(hiddenDrive)) }, { credential: key })]);
	flows.expired = chainWorkflow('expiredKey', [trintNode('Trint', { resource: 'transcript', operation: 'getAll', returnAll: false, limit: 1 }, { credential: CREDENTIALS.trintExpiredKey01 })]);
	flows.revoked = chainWorkflow('revokedKey', [trintNode('Trint', { resource: 'transcript', operation: 'getAll', returnAll: false, limit: 1 }, { auth: 'legacyKey', credential: CREDENTIALS.trintRevokedKey01 })]);

	n8n = await N8nInstance.create({ tarball: await packPack() });
	await n8n.importCredentials(Object.values(CREDENTIALS));
	await n8n.importWorkflows(Object.values(flows));
	recordRunOutputs(n8n, RUN_OUTPUTS);
});

afterAll(async () => {
	await n8n?.destroy();
	await trint?.close();
});

function idOf(entry) {
	return entry.id ?? entry._id;
}

const BASIC = `Basic ${Buffer.from(`${TRINT_FIXTURES.keyId}:${TRINT_FIXTURES.keySecret}`).toString('base64')}`;

describe('Transcript → Get Many', () => {
	test('Return All over 2,500+ transcripts takes pages of 1000, each once, and one item per transcript (Key ID & Secret)', async () => {
		const result = await run('getAllKey');
		expect(errorOf(result)).toBeNull();
		const items = outputOf(result, 'Trint');
		const pages = requestsTo('/transcripts/');
		const total = items.length;
		expect(total).toBe(PERSONAL_COUNT);
		expect(new Set(items.map((item) => item.json.id)).size).toBe(total);
		// Pages 0, 1000 and 2000, each asked once, read ahead 4 at a time: at most 3 past the end.
		expectListPages(pages, { total: PERSONAL_COUNT });
		for (const request of pages) {
			expect(request.headers.authorization).toBe(BASIC);
			expect(request.headers['api-key']).toBeUndefined();
			expect(request.status).toBe(200);
		}
		expect(items.every((item) => item.pairedItem && item.pairedItem.item === 0)).toBe(true);
	});

	test('the same with the legacy key: api-key header only, the same pages', async () => {
		const result = await run('getAllLegacy');
		expect(errorOf(result)).toBeNull();
		expect(outputOf(result, 'Trint')).toHaveLength(PERSONAL_COUNT);
		const pages = requestsTo('/transcripts/');
		expectListPages(pages, { total: PERSONAL_COUNT });
		for (const request of pages) {
			expect(request.headers['api-key']).toBe(TRINT_FIXTURES.legacyKey);
			expect(request.headers.authorization).toBeUndefined();
		}
	});

	test('Limit asks for exactly that many in one request', async () => {
		const result = await run('getLimited');
		expect(outputOf(result, 'Trint')).toHaveLength(5);
		const pages = requestsTo('/transcripts/');
		expect(pages.map((request) => request.query.limit)).toEqual(['5']);
	});

	test('Shared Drive and Folder filters reach Trint as sharedDriveId and folderId', async () => {
		const result = await run('getDriveFolder');
		const items = outputOf(result, 'Trint');
		expect(items.map((item) => item.json.id).sort()).toEqual(driveTranscripts.map((entry) => entry.id).sort());
		const [request] = requestsTo('/transcripts/');
		expect(request.query.sharedDriveId).toBe(idOf(drive));
		expect(request.query.folderId).toBe(idOf(driveFolder));
	});

	test('a Folder of the personal drive (no Shared Drive): the personal list, kept by folderId', async () => {
		const result = await run('personalFolder');
		expect(errorOf(result)).toBeNull();
		const ids = outputOf(result, 'Trint').map((item) => item.json.id);
		expect(ids.sort()).toEqual(personalFolderTranscripts.map((entry) => entry.id).sort());
		const pages = requestsTo('/transcripts/');
		expectListPages(pages, { total: PERSONAL_COUNT });
		expect(pages.every((request) => request.query.folderId === undefined && request.query.sharedDriveId === undefined)).toBe(true);
	});

	test('with a personal Folder, Limit counts the transcripts kept', async () => {
		const result = await run('personalFolderLimit');
		expect(errorOf(result)).toBeNull();
		const items = outputOf(result, 'Trint');
		expect(items).toHaveLength(3);
		expect(items.every((item) => item.json.folderId === idOf(personalFolder))).toBe(true);
	});
});

describe('Transcript → Get', () => {
	test('by ID returns the transcript Trint sent', async () => {
		const result = await run('getOne');
		const [item] = outputOf(result, 'Trint');
		expect(item.json.title).toMatch(/^Target/);
		expect(requestsTo(`/transcripts/file/${item.json.id}`)).toHaveLength(1);
	});
	test('by editor URL, with the legacy key', async () => {
		const result = await run('getOneByUrl');
		const [item] = outputOf(result, 'Trint');
		expect(item.json.title).toMatch(/^Target/);
	});
	test('an ID the key cannot see fails with the 403 hint', async () => {
		const result = await run('getForbidden');
		const error = errorOf(result);
		expect(error.message).toMatch(/403/);
		expect(`${error.message} ${error.description}`).toMatch(/no access to this ID/i);
	});
});

describe('Folders', () => {
	test('Get Many of the personal drive sends no drive', async () => {
		const result = await run('foldersPersonal');
		const names = outputOf(result, 'Trint').map((item) => item.json.name);
		expect(names).toContain('Drafts');
		expect(names).not.toContain('Interviews');
		const [request] = requestsTo('/folders/');
		expect(request.query['workspace-id']).toBeUndefined();
	});
	test('Get Many of a Shared Drive', async () => {
		const result = await run('foldersDrive');
		expect(outputOf(result, 'Trint').map((item) => item.json.name)).toEqual(['Interviews']);
		expect(requestsTo('/folders/')[0].query['workspace-id']).toBe(idOf(drive));
	});
	test('Get one folder', async () => {
		const result = await run('folderGet');
		const [item] = outputOf(result, 'Trint');
		expect(item.json._id).toBe(idOf(driveFolder));
		// Readable names beside Trint's: id (= _id), sharedDriveId (= workspaceId).
		expect(item.json.id).toBe(idOf(driveFolder));
		expect(item.json.sharedDriveId).toBe(idOf(drive));
		expect(requestsTo('/folders/folder')[0].query.folderId).toBe(idOf(driveFolder));
	});
	test('Create sends name, parent and drive once', async () => {
		const result = await run('folderCreate');
		const [item] = outputOf(result, 'Trint');
		expect(item.json.name).toBe('Interviews 2025');
		expect(item.json.id).toBe(item.json._id);
		expect(item.json.sharedDriveId).toBe(idOf(drive));
		const posts = trint.requests.filter((request) => request.method === 'POST' && request.path.startsWith('/folders'));
		expect(posts).toHaveLength(1);
		expect(posts[0].json).toEqual({ name: 'Interviews 2025', workspaceId: idOf(drive), parentId: idOf(driveFolder) });
		expect(personalFolder).toBeDefined();
	});
});

describe('Shared Drives', () => {
	test('Get Many leaves archived drives out unless asked', async () => {
		const active = outputOf(await run('drivesActive'), 'Trint').map((item) => item.json.name);
		expect(active).toContain('Newsroom');
		expect(active).not.toContain('Old desk');
		expect(requestsTo('/workspaces/')[0].query['include-archived']).toBe('false');
		const all = outputOf(await run('drivesAll'), 'Trint').map((item) => item.json.name);
		expect(all).toEqual(expect.arrayContaining(['Newsroom', 'Old desk']));
		expect(all).not.toContain('Someone else');
		expect(archivedDrive).toBeDefined();
	});
	test('Get one drive; a drive of someone else is a 403', async () => {
		const [item] = outputOf(await run('driveGet'), 'Trint');
		expect(item.json.name).toBe('Newsroom');
		const error = errorOf(await run('driveHidden'));
		expect(error.message).toMatch(/403/);
	});
});

describe('rejected keys', () => {
	test('an expired Key ID fails with the clear 401 message and no secret in it', async () => {
		const result = await run('expired');
		const error = errorOf(result);
		const text = `${error.message} ${error.description}`;
		expect(error.message).toMatch(/401/);
		expect(text).toMatch(/expired or been revoked/);
		// Custom URLs: check them and the key's tenant; no advice to switch Region.
		expect(text).toMatch(/Region "Custom URLs" \(http:\/\/127\.0\.0\.1:\d+\): check that the URLs lead to the Trint tenant the key was created on/);
		expect(text).not.toMatch(/Set the credential's Region/);
		expect(JSON.stringify(result.data ?? {})).not.toContain('whatever-secret');
		expect(requestsTo('/transcripts/')).toHaveLength(1); // 401 is not retried
	});
	test('a revoked legacy key fails with the legacy wording', async () => {
		const error = errorOf(await run('revoked'));
		expect(error.message).toMatch(/401/);
		expect(error.description).toMatch(/legacy API key/);
	});
});

describe('secrets', () => {
	test('no key or secret in the log, the run outputs or the database of n8n after everything above', async () => {
		const report = scanForSecrets(n8n, { texts: RUN_OUTPUTS, extraSecrets: EXTRA_SECRETS });
		expect(report.scanned.places).toBeGreaterThan(2);
		expect(report.hits).toEqual([]);
	});
});
