'use strict';
// Trint → Folder: Get Many, Get, Create, in-process against the Trint mock over real sockets.

const { useFastTrintMock, runTrint, requestsTo, expectNoSecrets, expectTrintAuth, expectPaired, TRINT_SECRETS, folderOutput, byId } = require('./setup');

let trint;
let credentials;
useFastTrintMock((mock, fresh) => {
	trint = mock;
	credentials = fresh;
});

describe('Folder → Get Many', () => {
	const getMany = (extra = {}) => ({ resource: 'folder', operation: 'getAll', returnAll: true, options: {}, ...extra });

	test('the personal drive\'s folders; Limit cuts the list Trint sends whole', async () => {
		const mine = ['Drafts', 'Published', 'Archive'].map((name) => trint.addFolder({ name }));
		const drive = trint.addSharedDrive({ name: 'Newsroom' });
		trint.addFolder({ name: 'Desk', workspaceId: drive._id });
		const { items, error } = await runTrint(credentials, getMany());
		expect(error).toBeUndefined();
		expect(items.map((item) => item.json)).toEqual(mine.map(folderOutput));
		expectPaired(items, [0, 0, 0]);
		const [request] = requestsTo(trint, 'GET', '/folders');
		expect(request.query).toEqual({});
		expectTrintAuth(request);
		const limited = await runTrint(credentials, getMany({ returnAll: false, limit: 2 }));
		expect(limited.items.map((item) => item.json)).toEqual(mine.slice(0, 2).map(folderOutput));
	});

	test('a Shared Drive\'s folders, asked for with workspace-id', async () => {
		const drive = trint.addSharedDrive({ name: 'Newsroom' });
		const desk = trint.addFolder({ name: 'Desk', workspaceId: drive._id });
		trint.addFolder({ name: 'Mine' });
		const { items } = await runTrint(credentials, getMany({ sharedDrive: byId(drive._id) }));
		expect(items.map((item) => item.json)).toEqual([folderOutput(desk)]);
		expect(requestsTo(trint, 'GET', '/folders')[0].query).toEqual({ 'workspace-id': drive._id });
	});

	test('an answer that is not a list is the pack\'s error, per item with Continue On Fail', async () => {
		trint.injectFault({ path: '/folders/', kind: 'not-array' });
		const { items } = await runTrint(credentials, getMany(), { continueOnFail: true });
		expect(items).toHaveLength(1);
		expect(items[0].json.error).toMatch(/folders/);
		expectPaired(items, [0]);
	});
});

describe('Folder → Get', () => {
	test('one folder by ID, of the personal drive or of a Shared Drive', async () => {
		const mine = trint.addFolder({ name: 'Drafts' });
		const drive = trint.addSharedDrive({ name: 'Newsroom' });
		const desk = trint.addFolder({ name: 'Desk', workspaceId: drive._id });
		const personal = await runTrint(credentials, { resource: 'folder', operation: 'get', folder: byId(mine._id), sharedDrive: byId(''), options: {} });
		expect(personal.items).toEqual([{ json: folderOutput(mine), pairedItem: { item: 0 } }]);
		const shared = await runTrint(credentials, { resource: 'folder', operation: 'get', folder: byId(desk._id), sharedDrive: byId(drive._id), options: {} });
		expect(shared.items[0].json).toEqual(folderOutput(desk));
		expect(requestsTo(trint, 'GET', '/folders/folder').map((request) => request.query)).toEqual([{ folderId: mine._id }, { folderId: desk._id, workspaceId: drive._id }]);
		requestsTo(trint, 'GET', '/folders/folder').forEach(expectTrintAuth);
	});

	test('an empty Folder is refused by name, a Folder of dots is not an ID; nothing is sent', async () => {
		const empty = await runTrint(credentials, { resource: 'folder', operation: 'get', folder: byId('={{ " " }}'), options: {} });
		expect(empty.error.message).toBe('"Folder" is empty');
		expect(empty.error.description).toMatch(/Pick a folder/);
		const dots = await runTrint(credentials, { resource: 'folder', operation: 'get', folder: byId('={{ ".." }}'), options: {} }, { continueOnFail: true });
		expect(dots.items[0].json.error).toBe('"Folder" is "..", which is not a Trint ID');
		expect(trint.requests).toHaveLength(0);
	});

	test('a folder the key cannot see: Trint\'s 403 as the pack\'s error, without the key', async () => {
		const { error } = await runTrint(credentials, { resource: 'folder', operation: 'get', folder: byId('AAAAAAAAAAAAAAAAAAAAAA'), options: {} });
		expect(error.message).toMatch(/HTTP 403/);
		expectNoSecrets(error, TRINT_SECRETS);
	});
});

describe('Folder → Create', () => {
	test('a folder in a Shared Drive, inside a parent: the JSON body Trint gets, the folder it answers', async () => {
		const drive = trint.addSharedDrive({ name: 'Newsroom' });
		const parent = trint.addFolder({ name: 'Desk', workspaceId: drive._id });
		const { items, error } = await runTrint(credentials, { resource: 'folder', operation: 'create', name: '  Interviews 2025 ', options: { sharedDrive: byId(drive._id), parentFolder: byId(parent._id) } });
		expect(error).toBeUndefined();
		expect(items).toEqual([{ json: { _id: expect.any(String), id: items[0].json._id, name: 'Interviews 2025', parentId: parent._id, workspaceId: drive._id, sharedDriveId: drive._id }, pairedItem: { item: 0 } }]);
		const [request] = requestsTo(trint, 'POST', '/folders');
		expect(request.json).toEqual({ name: 'Interviews 2025', workspaceId: drive._id, parentId: parent._id });
		expect(request.headers['content-type']).toMatch(/application\/json/);
		expectTrintAuth(request);
	});

	test('one folder per input item, each paired with its item', async () => {
		const { items } = await runTrint(credentials, (index) => ({ resource: 'folder', operation: 'create', name: `Folder ${index + 1}`, options: {} }), { items: [{ json: {} }, { json: {} }] });
		expect(items.map((item) => item.json.name)).toEqual(['Folder 1', 'Folder 2']);
		expectPaired(items, [0, 1]);
		expect(requestsTo(trint, 'POST', '/folders').map((request) => request.json)).toEqual([{ name: 'Folder 1' }, { name: 'Folder 2' }]);
	});

	test('an empty Name is refused by name; a 502 is not sent again and says to check first', async () => {
		const empty = await runTrint(credentials, { resource: 'folder', operation: 'create', name: '   ', options: {} });
		expect(empty.error.message).toBe('"Name" is empty');
		expect(trint.requests).toHaveLength(0);
		trint.injectFault({ path: '/folders/', method: 'POST', status: 502, times: 0 });
		const { items } = await runTrint(credentials, { resource: 'folder', operation: 'create', name: 'Once', options: {} }, { continueOnFail: true });
		expect(items[0].json.error).toMatch(/HTTP 502/);
		expect(items[0].json.description).toMatch(/Check whether the folder exists .* before you create it again/);
		expect(requestsTo(trint, 'POST', '/folders')).toHaveLength(1);
	});
});
