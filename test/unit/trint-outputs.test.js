'use strict';
// The names the node's items carry beside Trint's own: `id` for Shared Drives and folders (Trint:
// `_id`), `sharedDriveId` (Trint: `workspaceId`) and the media length in seconds. Trint's names
// stay, so workflows that read them keep working; every field is declared in the output schema
// the editor shows before a run. In-process, real sockets, the Trint mock.
const fs = require('node:fs');
const path = require('node:path');
const { startTrintMock, TRINT_FIXTURES } = require('../mocks/trint-mock');
const { runTrint, byId } = require('./operations/setup');

const SCHEMAS = path.join(__dirname, '..', '..', 'nodes', 'Trint', '__schema__', 'v1.0.0');
const schemaOf = (resource, operation) => JSON.parse(fs.readFileSync(path.join(SCHEMAS, resource, `${operation}.json`), 'utf8'));

let trint;
let drive;
let driveFolder;
let personalFolder;
beforeAll(async () => {
	trint = await startTrintMock({ port: 0, processingMs: 0 });
});
afterAll(async () => trint?.close());
beforeEach(() => {
	trint.reset();
	drive = trint.addSharedDrive({ name: 'Newsroom' });
	driveFolder = trint.addFolder({ name: 'Desk', workspaceId: drive._id });
	personalFolder = trint.addFolder({ name: 'Drafts' });
});

async function trintRun(parameters) {
	const credentials = { trintApi: { region: 'custom', apiBaseUrl: trint.origin, uploadBaseUrl: trint.origin, keyId: TRINT_FIXTURES.keyId, keySecret: TRINT_FIXTURES.keySecret } };
	const { items, error } = await runTrint(credentials, { options: {}, ...parameters }, { continueOnFail: true });
	if (error) throw error;
	for (const item of items) expect(item.json.error).toBeUndefined();
	return items.map((item) => item.json);
}

/** Every key of every output is declared in the schema shipped for that operation. */
function expectDeclared(outputs, resource, operation) {
	const declared = Object.keys(schemaOf(resource, operation).properties);
	for (const output of outputs) expect({ operation: `${resource}/${operation}`, undeclared: Object.keys(output).filter((key) => !declared.includes(key)) }).toEqual({ operation: `${resource}/${operation}`, undeclared: [] });
}

describe('Shared Drives: id beside _id', () => {
	test('Get Many', async () => {
		const outputs = await trintRun({ resource: 'sharedDrive', operation: 'getAll', returnAll: true, includeArchived: false });
		expect(outputs.map((drive) => drive.name)).toEqual(['Newsroom']);
		expect(outputs[0].id).toBe(drive._id);
		expect(outputs[0]._id).toBe(drive._id);
		expectDeclared(outputs, 'sharedDrive', 'getAll');
	});

	test('Get', async () => {
		const [output] = await trintRun({ resource: 'sharedDrive', operation: 'get', sharedDrive: byId(drive._id) });
		expect(output).toMatchObject({ id: drive._id, _id: drive._id, name: 'Newsroom' });
		expectDeclared([output], 'sharedDrive', 'get');
	});
});

describe('Folders: id beside _id, sharedDriveId beside workspaceId', () => {
	test('Get Many in a Shared Drive and in the personal drive (sharedDriveId null)', async () => {
		const [inDrive] = await trintRun({ resource: 'folder', operation: 'getAll', sharedDrive: byId(drive._id), returnAll: true });
		expect(inDrive).toMatchObject({ id: driveFolder._id, _id: driveFolder._id, sharedDriveId: drive._id, workspaceId: drive._id, name: 'Desk' });
		const [personal] = await trintRun({ resource: 'folder', operation: 'getAll', returnAll: true });
		expect(personal).toMatchObject({ id: personalFolder._id, name: 'Drafts', sharedDriveId: null });
		expectDeclared([inDrive, personal], 'folder', 'getAll');
	});

	test('Get', async () => {
		const [output] = await trintRun({ resource: 'folder', operation: 'get', sharedDrive: byId(drive._id), folder: byId(driveFolder._id) });
		expect(output).toMatchObject({ id: driveFolder._id, sharedDriveId: drive._id, workspaceId: drive._id });
		expectDeclared([output], 'folder', 'get');
	});

	test('Create', async () => {
		const [output] = await trintRun({ resource: 'folder', operation: 'create', name: 'Interviews', options: { sharedDrive: byId(drive._id) } });
		expect(output.id).toBe(output._id);
		expect(typeof output.id).toBe('string');
		expect(output).toMatchObject({ name: 'Interviews', sharedDriveId: drive._id, workspaceId: drive._id });
		expectDeclared([output], 'folder', 'create');
	});
});

describe('Transcripts: durationSeconds beside duration (milliseconds), sharedDriveId beside workspaceId', () => {
	test('Get Many and Get', async () => {
		const [inDrive] = trint.seedTranscripts(1, { workspaceId: drive._id, titlePrefix: 'Desk ' });
		const listed = await trintRun({ resource: 'transcript', operation: 'getAll', returnAll: true, filters: { sharedDrive: byId(drive._id) } });
		expect(listed).toHaveLength(1);
		expect(typeof listed[0].duration).toBe('number');
		expect(listed[0].durationSeconds).toBeCloseTo(listed[0].duration / 1000, 6);
		expect(listed[0]).toMatchObject({ id: inDrive.id, sharedDriveId: drive._id, workspaceId: drive._id });
		expectDeclared(listed, 'transcript', 'getAll');
		const [got] = await trintRun({ resource: 'transcript', operation: 'get', transcriptId: byId(inDrive.id) });
		expect(got.id).toBe(inDrive.id);
		expect(got.durationSeconds).toBeCloseTo(got.duration / 1000, 6);
		expect(got.sharedDriveId).toBe(drive._id);
		expectDeclared([got], 'transcript', 'get');
	});
});
