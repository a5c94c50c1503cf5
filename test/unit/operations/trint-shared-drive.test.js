'use strict';
// Trint → Shared Drive: Get Many and Get, in-process against the Trint mock over real sockets.
const { useFastTrintMock, trintCredentials, runTrint, requestsTo, expectNoSecrets, expectTrintAuth, expectPaired, TRINT_SECRETS, driveOutput, byId, locator, EMPTY_BY_EXPRESSION } = require('./setup');

let trint;
let credentials;
useFastTrintMock((mock, fresh) => {
	trint = mock;
	credentials = fresh;
});

describe('Shared Drive → Get Many', () => {
	const getMany = (extra = {}) => ({ resource: 'sharedDrive', operation: 'getAll', returnAll: true, includeArchived: false, options: {}, ...extra });

	test('the drives the key sees; archived ones only when asked; Limit cuts the list', async () => {
		const newsroom = trint.addSharedDrive({ name: 'Newsroom' });
		const sports = trint.addSharedDrive({ name: 'Sports' });
		const old = trint.addSharedDrive({ name: 'Old desk', archived: true });
		trint.addSharedDrive({ name: 'Hidden', visible: false });
		const { items, error } = await runTrint(credentials, getMany());
		expect(error).toBeUndefined();
		expect(items.map((item) => item.json)).toEqual([newsroom, sports].map(driveOutput));
		expectPaired(items, [0, 0]);
		const archived = await runTrint(credentials, getMany({ includeArchived: true }));
		expect(archived.items.map((item) => item.json)).toEqual([newsroom, sports, old].map(driveOutput));
		const limited = await runTrint(credentials, getMany({ includeArchived: true, returnAll: false, limit: 1 }));
		expect(limited.items.map((item) => item.json)).toEqual([driveOutput(newsroom)]);
		const requests = requestsTo(trint, 'GET', '/workspaces');
		expect(requests.map((request) => request.query['include-archived'])).toEqual(['false', 'true', 'true']);
		requests.forEach(expectTrintAuth);
	});

	test('a Limit that cannot be meant is refused by name; Trint\'s 401 says to check the key, without the key', async () => {
		const limit = await runTrint(credentials, getMany({ returnAll: false, limit: 2.5 }));
		expect(limit.error.message).toMatch(/"Limit" must be a whole number/);
		expect(trint.requests).toHaveLength(0);
		const wrong = trintCredentials(trint, { keySecret: 'not-the-right-secret' });
		const { items } = await runTrint(wrong, getMany(), { continueOnFail: true });
		expect(items[0].json.error).toMatch(/HTTP 401/);
		expect(items[0].json.description).toBeTruthy();
		expectNoSecrets(items, ['not-the-right-secret', ...TRINT_SECRETS]);
	});
});

test('Shared Drive → Get Many: a broken answer is the pack\'s error, quoting its start', async () => {
	trint.injectFault({ path: '/workspaces/', kind: 'malformed-json' });
	const { error } = await runTrint(credentials, { resource: 'sharedDrive', operation: 'getAll', returnAll: true, options: {} });
	expect(error.message).toBe('Trint sent an answer for Shared Drives that is not valid JSON');
	expect(error.description).toBe('It began with: [{"id":"');
});

describe('Shared Drive → Get', () => {
	test('one drive by ID, asked for with workspaceId', async () => {
		const drive = trint.addSharedDrive({ name: 'Newsroom' });
		const { items, error } = await runTrint(credentials, { resource: 'sharedDrive', operation: 'get', sharedDrive: locator('list', drive._id), options: {} });
		expect(error).toBeUndefined();
		expect(items).toEqual([{ json: driveOutput(drive), pairedItem: { item: 0 } }]);
		const [request] = requestsTo(trint, 'GET', '/workspaces/workspace');
		expect(request.query).toEqual({ workspaceId: drive._id });
		expectTrintAuth(request);
	});

	test('an empty Shared Drive is refused by name; an unknown one is Trint\'s 403 per item', async () => {
		const empty = await runTrint(credentials, { resource: 'sharedDrive', operation: 'get', sharedDrive: byId(EMPTY_BY_EXPRESSION), options: {} });
		expect(empty.error.message).toBe('"Shared Drive" is empty');
		expect(trint.requests).toHaveLength(0);
		const drive = trint.addSharedDrive({ name: 'Known' });
		const { items } = await runTrint(credentials, (index) => ({ resource: 'sharedDrive', operation: 'get', sharedDrive: byId(index ? drive._id : 'AAAAAAAAAAAAAAAAAAAAAA'), options: {} }), {
			continueOnFail: true,
			items: [{ json: {} }, { json: {} }],
		});
		expect(items[0].json.error).toMatch(/HTTP 403/);
		expect(items[1].json).toEqual(driveOutput(drive));
		expectPaired(items, [0, 1]);
	});
});
