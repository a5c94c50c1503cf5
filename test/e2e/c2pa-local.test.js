'use strict';
// Read Content Credentials and Inspect's "Skip When No Content Credentials" inside a real n8n
// installed from the packed tarball, on real C2PA files read from disk: the local read needs no
// TrustNXT credential and sends nothing; an IF on its answer sends only files with credentials to
// Inspect; and the skip option bills exactly the files that carry credentials (plus any file the
// local read could not read, which is sent rather than guessed about). Both binary data modes:
// in memory, and on disk where the reader gets a stream.
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { N8nInstance, packPack, outputOf, errorOf, sandboxCredentials } = require('./harness');
const { startTrustNxtMock } = require('../mocks/trustnxt-mock');
const { TYPES, chainWorkflow, readFileNode } = require('./workflows');
const b = require('../helpers/c2pa-build');

jest.setTimeout(20 * 60 * 1000);

let tnxt;
let n8n;
let workDir;
let credential;
const flows = {};

/** Files copied into the mixed folder, and what the local read must say of each. */
const MIXED = {
	'signed-c.jpg': { from: 'with-manifest/c2pa-rs-C.jpg', location: 'embedded' },
	'titan.png': { from: 'with-manifest/c2pa-ts-amazon-titan-g1.png', location: 'embedded' },
	'video1.mp4': { from: 'with-manifest/c2pa-rs-video1.mp4', location: 'embedded' },
	'plain.jpg': { from: 'without-manifest/c2pa-rs-IMG_0003.jpg', location: 'none' },
	'plain.png': { from: 'without-manifest/c2pa-ts-trustnxt-icon.png', location: 'none' },
	'plain.heic': { from: 'without-manifest/c2pa-ts-trustnxt-icon.heic', location: 'none' },
	'plain.mp3': { from: 'without-manifest/c2pa-ts-sample1.mp3', location: 'none' },
	'plain.mp4': { from: 'without-manifest/c2pa-ts-test-video.mp4', location: 'none' },
	'plain.webp': { from: 'without-manifest/c2pa-rs-sample1.webp', location: 'none' },
	'remote.jpg': { build: () => b.jpeg([b.jpegXmpSegment('https://manifests.example/remote.c2pa')]), location: 'remote' },
	'broken.mp3': { from: 'malformed/c2pa-rs-id3v23_compression_underflow.mp3', location: 'unknown' },
};
const carriesCredentials = (name) => MIXED[name].location === 'embedded' || MIXED[name].location === 'remote';
const sentToTrustNxt = (name) => MIXED[name].location !== 'none';

const inspected = () => tnxt.requests.filter((request) => request.method === 'POST' && request.path === '/v1/inspect').map((request) => request.parts.find((part) => part.name === 'file')?.filename);

function tnxtNode(name, parameters, { withCredential = true, continueOnFail } = {}) {
	return { name, type: TYPES.trustNxt, parameters, ...(withCredential ? { credentials: { trustNxtApi: { id: credential.id, name: credential.name } } } : {}), continueOnFail };
}

function ifHasCredentials(name) {
	return {
		name,
		type: 'n8n-nodes-base.if',
		typeVersion: 2.2,
		parameters: {
			conditions: {
				options: { caseSensitive: true, leftValue: '', typeValidation: 'strict', version: 2 },
				conditions: [{ id: 'has-cc', leftValue: '={{ $json.hasContentCredentials }}', rightValue: '', operator: { type: 'boolean', operation: 'true', singleValue: true } }],
				combinator: 'and',
			},
			options: {},
		},
	};
}

beforeAll(async () => {
	tnxt = await startTrustNxtMock({ port: 0 });
	workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'c2pa-local-e2e-'));
	fs.mkdirSync(path.join(workDir, 'mixed'));
	for (const [name, spec] of Object.entries(MIXED)) {
		const bytes = spec.build ? spec.build() : fs.readFileSync(path.join(b.FIXTURES, spec.from));
		fs.writeFileSync(path.join(workDir, 'mixed', name), bytes);
	}
	[credential] = sandboxCredentials({ trustnxtOrigin: tnxt.origin });

	const read = { resource: 'asset', operation: 'readContentCredentials', binaryPropertyName: 'data' };
	const inspect = (options = {}) => ({ resource: 'asset', operation: 'inspect', binaryPropertyName: 'data', options });
	flows.readOnly = chainWorkflow('c2paReadOnly', [readFileNode('Read Files', path.join(workDir, 'mixed', '*')), tnxtNode('Read Content Credentials', read, { withCredential: false })]);
	flows.gate = chainWorkflow('c2paGate', [
		readFileNode('Read Files', path.join(workDir, 'mixed', '*')),
		tnxtNode('Read Content Credentials', read, { withCredential: false }),
		ifHasCredentials('Has Credentials'),
		tnxtNode('Inspect', inspect(), { continueOnFail: true }),
	]);
	flows.skip = chainWorkflow('c2paSkip', [readFileNode('Read Files', path.join(workDir, 'mixed', '*')), tnxtNode('Inspect', inspect({ skipWhenNoCredentials: true }), { continueOnFail: true })]);
	flows.noSkip = chainWorkflow('c2paNoSkip', [readFileNode('Read Files', path.join(workDir, 'mixed', '*.jpg')), tnxtNode('Inspect', inspect(), { continueOnFail: true })]);
	flows.wrongField = chainWorkflow('c2paWrongField', [readFileNode('Read Files', path.join(workDir, 'mixed', 'plain.jpg')), tnxtNode('Read Content Credentials', { ...read, binaryPropertyName: 'image' }, { withCredential: false, continueOnFail: true })]);

	n8n = await N8nInstance.create({ tarball: await packPack(), env: { N8N_RESTRICT_FILE_ACCESS_TO: workDir } });
	await n8n.importCredentials([credential]);
	await n8n.importWorkflows(Object.values(flows));
});

beforeEach(() => tnxt.reset());

afterAll(async () => {
	await n8n?.destroy();
	await tnxt?.close();
	if (workDir) fs.rmSync(workDir, { recursive: true, force: true });
});

const MODES = [
	['in memory', undefined],
	['on disk (filesystem mode, streamed)', { N8N_DEFAULT_BINARY_DATA_MODE: 'filesystem' }],
];

describe.each(MODES)('binaries %s', (_mode, env) => {
	test('Read Content Credentials: no credential, no request; each file read as it is, binary passed on untouched', async () => {
		const result = await n8n.execute(flows.readOnly.id, { env });
		expect(errorOf(result)).toBeNull();
		expect(tnxt.requests).toHaveLength(0);
		const readItems = outputOf(result, 'Read Files');
		const items = outputOf(result, 'Read Content Credentials');
		expect(items).toHaveLength(readItems.length);
		expect(items.map((item) => item.json.fileName).sort()).toEqual(Object.keys(MIXED).sort());
		items.forEach((item, index) => {
			const expected = MIXED[item.json.fileName];
			expect([item.json.fileName, item.json.manifestLocation]).toEqual([item.json.fileName, expected.location]);
			expect(item.json.hasContentCredentials).toBe(carriesCredentials(item.json.fileName));
			expect(item.json.validated).toBe(false);
			expect(item.json.note).toMatch(/Nothing was validated/);
			expect(item.pairedItem).toEqual({ item: index });
			expect(item.binary.data).toEqual(readItems[index].binary.data);
		});
		const byName = Object.fromEntries(items.map((item) => [item.json.fileName, item.json]));
		expect(byName['signed-c.jpg']).toMatchObject({ manifestCount: 1, title: 'C.jpg', signerIssuer: 'C2PA Test Signing Cert', signerCommonName: 'C2PA Signer', signedAt: '2024-08-06T21:53:37Z' });
		expect(byName['titan.png']).toMatchObject({ declaresAiGeneration: true, signerIssuer: 'Amazon Web Services, Inc.' });
		expect(byName['video1.mp4']).toMatchObject({ manifestCount: 2, title: 'My Title' });
		expect(byName['remote.jpg'].remoteUrl).toBe('https://manifests.example/remote.c2pa');
		expect(byName['broken.mp3'].readError).toMatch(/could not be read/);
		if (env) expect(readItems[0].binary.data.id).toMatch(/^filesystem/);
	});

	test('Read → Read Content Credentials → IF → Inspect: only files with credentials are sent', async () => {
		const result = await n8n.execute(flows.gate.id, { env });
		expect(errorOf(result)).toBeNull();
		const expected = Object.keys(MIXED).filter(carriesCredentials).sort();
		expect(inspected().sort()).toEqual(expected);
		expect(outputOf(result, 'Inspect')).toHaveLength(expected.length);
	});

	test('Inspect with Skip When No Content Credentials bills exactly the files that carry credentials (and the one it could not read)', async () => {
		const result = await n8n.execute(flows.skip.id, { env });
		expect(errorOf(result)).toBeNull();
		const sent = Object.keys(MIXED).filter(sentToTrustNxt).sort();
		expect(inspected().sort()).toEqual(sent);
		expect(tnxt.usage.inspectCalls).toBe(sent.length);
		const items = outputOf(result, 'Inspect');
		expect(items).toHaveLength(Object.keys(MIXED).length);
		const readItems = outputOf(result, 'Read Files');
		items.forEach((item, index) => {
			expect(item.pairedItem).toEqual({ item: index });
			const name = readItems[index].binary.data.fileName;
			if (sentToTrustNxt(name)) {
				expect([name, item.json.billed]).toEqual([name, true]);
			} else {
				expect([name, item.json.billed, item.json.verdict]).toEqual([name, false, 'no_credentials']);
				expect(item.json.skippedReason).toMatch(/Not sent to TrustNXT/);
				expect(item.binary.data).toEqual(readItems[index].binary.data);
			}
		});
	});
});

test('without the option, Inspect sends every file as before', async () => {
	const result = await n8n.execute(flows.noSkip.id);
	expect(errorOf(result)).toBeNull();
	expect(inspected().sort()).toEqual(['plain.jpg', 'remote.jpg', 'signed-c.jpg']);
	for (const item of outputOf(result, 'Inspect')) expect(item.json.billed).toBe(true);
});

test('a missing binary field is a parameter error naming the field', async () => {
	const result = await n8n.execute(flows.wrongField.id);
	const [item] = outputOf(result, 'Read Content Credentials');
	expect(item.json.error).toMatch(/No binary property "image"/);
	expect(item.json.description).toMatch(/"data"/);
	expect(tnxt.requests).toHaveLength(0);
});
