'use strict';
// Verify Content Credentials and Inspect's "Skip When Settled Locally" inside a real n8n installed
// from the packed tarball, on real C2PA files read from disk, in both binary data modes (in
// memory, and on disk where the validator gets a stream): each item carries the state and failure
// codes the validator gives for the same bytes in-process (whose agreement with c2pa-rs is
// test/unit/c2pa-verify.test.js), with no credential and no request; Additional Trust Anchors
// reaches Trusted; Inspect bills only the files the local check does not settle.
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { N8nInstance, packPack, outputOf, errorOf, sandboxCredentials } = require('./harness');
const { startTrustNxtMock } = require('../mocks/trustnxt-mock');
const { TYPES, chainWorkflow, readFileNode } = require('./workflows');
const b = require('../helpers/c2pa-build');
const { verifyContentCredentials } = require('../../dist/nodes/TrustNxt/c2pa/validate');

jest.setTimeout(20 * 60 * 1000);

const FILES = {
	'signed-c.jpg': 'with-manifest/c2pa-rs-C.jpg',
	'tampered-xca.jpg': 'with-manifest/c2pa-rs-XCA.jpg',
	'bad-signature.jpg': 'with-manifest/c2pa-rs-E-sig-CA.jpg',
	'titan.png': 'with-manifest/c2pa-ts-amazon-titan-g1.png',
	'video1.mp4': 'with-manifest/c2pa-rs-video1.mp4',
	'test-signer.jpg': 'with-manifest/c2pa-ts-trustnxt-icon-signed-timestamp.jpg',
	'plain.jpg': 'without-manifest/c2pa-rs-IMG_0003.jpg',
};
const SIGNER_PEM = fs.readFileSync(path.join(b.FIXTURES, 'test-signer/c2pa-ts-sample_es256.pem'), 'utf8');
const TEST_CA_PEM = SIGNER_PEM.split(/(?=-----BEGIN CERTIFICATE-----)/).filter((block) => block.includes('BEGIN'))[1];

let tnxt;
let n8n;
let workDir;
let credential;
const flows = {};
const expected = {};

const inspected = () => tnxt.requests.filter((request) => request.method === 'POST' && request.path === '/v1/inspect').map((request) => request.parts.find((part) => part.name === 'file')?.filename);

function tnxtNode(name, parameters, { withCredential = true } = {}) {
	return { name, type: TYPES.trustNxt, typeVersion: 1.2, parameters, ...(withCredential ? { credentials: { trustNxtApi: { id: credential.id, name: credential.name } } } : {}), continueOnFail: true };
}

beforeAll(async () => {
	tnxt = await startTrustNxtMock({ port: 0 });
	workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'c2pa-verify-e2e-'));
	fs.mkdirSync(path.join(workDir, 'files'));
	for (const [name, from] of Object.entries(FILES)) fs.copyFileSync(path.join(b.FIXTURES, from), path.join(workDir, 'files', name));
	fs.writeFileSync(path.join(workDir, 'files', 'remote.jpg'), b.jpeg([b.jpegXmpSegment('https://manifests.example/remote.c2pa')]));
	for (const name of fs.readdirSync(path.join(workDir, 'files'))) {
		const bytes = fs.readFileSync(path.join(workDir, 'files', name));
		expected[name] = await verifyContentCredentials({ size: bytes.length, open: async () => bytes });
	}
	[credential] = sandboxCredentials({ trustnxtOrigin: tnxt.origin });
	const verify = (options = {}) => ({ resource: 'asset', operation: 'verifyContentCredentials', binaryPropertyName: 'data', options });
	flows.verify = chainWorkflow('c2paVerify', [readFileNode('Read Files', path.join(workDir, 'files', '*')), tnxtNode('Verify', verify(), { withCredential: false })]);
	flows.anchors = chainWorkflow('c2paVerifyAnchors', [readFileNode('Read Files', path.join(workDir, 'files', 'test-signer.jpg')), tnxtNode('Verify', verify({ additionalTrustAnchors: TEST_CA_PEM }), { withCredential: false })]);
	flows.skip = chainWorkflow('c2paVerifySkip', [
		readFileNode('Read Files', path.join(workDir, 'files', '*')),
		tnxtNode('Inspect', { resource: 'asset', operation: 'inspect', binaryPropertyName: 'data', options: { skipWhenSettledLocally: true } }),
	]);
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

describe.each([
	['in memory', undefined],
	['on disk (filesystem mode, streamed)', { N8N_DEFAULT_BINARY_DATA_MODE: 'filesystem' }],
])('binaries %s', (_mode, env) => {
	test('Verify Content Credentials: the in-process answer for every file, no credential, no request, the file passed on', async () => {
		const result = await n8n.execute(flows.verify.id, { env });
		expect(errorOf(result)).toBeNull();
		expect(tnxt.requests).toHaveLength(0);
		const readItems = outputOf(result, 'Read Files');
		const items = outputOf(result, 'Verify');
		expect(items).toHaveLength(readItems.length);
		items.forEach((item, index) => {
			const name = item.json.fileName;
			expect([name, item.json.validationState ?? null, item.json.failureCodes, item.json.manifestLocation]).toEqual([name, expected[name].validationState ?? null, expected[name].failureCodes, expected[name].manifestLocation]);
			expect(item.pairedItem).toEqual({ item: index });
			expect(item.binary.data).toEqual(readItems[index].binary.data);
			expect(item.json.trustLists.signers).toMatch(/^C2PA Trust List \(issued /);
		});
		const states = Object.fromEntries(items.map((item) => [item.json.fileName, item.json.validationState ?? null]));
		expect(Object.values(states)).toEqual(expect.arrayContaining(['Valid', 'Invalid', null]));
		if (env) expect(readItems[0].binary.data.id).toMatch(/^filesystem/);
	});

	test('Inspect with Skip When Settled Locally bills only what the local check leaves open', async () => {
		const result = await n8n.execute(flows.skip.id, { env });
		expect(errorOf(result)).toBeNull();
		const settled = (name) => expected[name].manifestLocation === 'none' || expected[name].validationState === 'Invalid';
		const open = Object.keys(expected).filter((name) => !settled(name)).sort();
		expect(inspected().sort()).toEqual(open);
		expect(tnxt.usage.inspectCalls).toBe(open.length);
		for (const item of outputOf(result, 'Inspect')) {
			const name = item.json.fileName;
			expect([name, item.json.billed]).toEqual([name, !settled(name)]);
		}
	});
});

test('Additional Trust Anchors: the test signer\'s CA makes its file Trusted', async () => {
	const result = await n8n.execute(flows.anchors.id);
	expect(errorOf(result)).toBeNull();
	expect(outputOf(result, 'Verify')[0].json).toMatchObject({ validationState: 'Trusted', failureCodes: [] });
});
