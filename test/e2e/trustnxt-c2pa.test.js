'use strict';
// Real C2PA through the TrustNXT node inside a real n8n: the mock TrustNXT embeds and validates
// Content Credentials with c2pa-rs, and this suite checks the results against c2pa-rs run on the
// test's side (c2pa-wasm), never against hard-coded verdicts. A real JPEG from the shared
// fixtures is protected and comes back trusted; one flipped byte of its picture data makes it
// invalid with a data hash mismatch; every shared fixture gets the verdict c2pa-rs gives it.
const crypto = require('node:crypto');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { N8nInstance, packPack, outputOf, errorOf, sandboxCredentials } = require('./harness');
const { startTrustNxtMock, detectMediaType } = require('../mocks/trustnxt-mock');
const { readAsset } = require('../mocks/c2pa');
const { TYPES, chainWorkflow, readFileNode, writeFileNode } = require('./workflows');

jest.setTimeout(20 * 60 * 1000);

const { C2PA_FIXTURES } = require('../helpers/fixtures');
const FOLDERS = ['with-manifest', 'without-manifest', 'malformed'];
const VERDICT_OF_STATE = { Trusted: 'trusted', Valid: 'valid', Invalid: 'invalid' };

const sha256 = (data) => crypto.createHash('sha256').update(data).digest('hex');

let tnxt;
let n8n;
let workDir;
let credential;
const flows = {};
const paths = {};

function tnxtNode(name, parameters, { continueOnFail } = {}) {
	return { name, type: TYPES.trustNxt, parameters, credentials: { trustNxtApi: { id: credential.id, name: credential.name } }, continueOnFail };
}

const posts = (route) => tnxt.requests.filter((request) => request.method === 'POST' && request.path === route);

/** Offset of the first byte of entropy-coded data after the JPEG's first scan header. */
function scanDataOffset(jpeg) {
	let at = 2;
	while (at + 4 <= jpeg.length && jpeg[at] === 0xff) {
		const marker = jpeg[at + 1];
		const end = at + 2 + jpeg.readUInt16BE(at + 2);
		if (marker === 0xda) return end;
		at = end;
	}
	throw new Error('no scan header in this JPEG');
}

/** What c2pa-rs makes of these bytes, as a verdict of the contract. */
async function expectedVerdict(bytes) {
	const mediaType = detectMediaType(bytes);
	if (!mediaType) return { verdict: null, failures: [] };
	const read = await readAsset(bytes, { mediaType });
	if (read.notFound) return { verdict: 'no_credentials', failures: [] };
	if (!read.store) return { verdict: 'invalid', failures: ['general.error'] };
	return { verdict: VERDICT_OF_STATE[read.store.validation_state], failures: read.store.validation_results.activeManifest.failure.map((entry) => entry.code), store: read.store };
}

beforeAll(async () => {
	tnxt = await startTrustNxtMock({ port: 0 });
	workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'trustnxt-c2pa-e2e-'));
	fs.mkdirSync(path.join(workDir, 'out'));
	fs.mkdirSync(path.join(workDir, 'fixtures'));
	// n8n may only read below workDir: the shared fixtures are copied there, names unchanged.
	for (const folder of FOLDERS) {
		for (const name of fs.readdirSync(path.join(C2PA_FIXTURES, folder))) fs.copyFileSync(path.join(C2PA_FIXTURES, folder, name), path.join(workDir, 'fixtures', name));
	}
	paths.real = path.join(workDir, 'IMG_0003.jpg');
	fs.copyFileSync(path.join(C2PA_FIXTURES, 'without-manifest', 'c2pa-rs-IMG_0003.jpg'), paths.real);
	paths.protected = path.join(workDir, 'out', 'IMG_0003.jpg');
	paths.flipped = path.join(workDir, 'out', 'IMG_0003-flipped.jpg');

	[credential] = sandboxCredentials({ trustnxtOrigin: tnxt.origin });
	const inspect = { resource: 'asset', operation: 'inspect', binaryPropertyName: 'data', includeManifestStore: true };
	flows.protectReal = chainWorkflow('tnxtC2paProtect', [
		readFileNode('Read Photo', paths.real),
		tnxtNode('Protect', { resource: 'asset', operation: 'protect', binaryPropertyName: 'data', metadata: { title: 'Real JPEG', creator: 'Ana Example', doNotTrain: true } }),
		writeFileNode('Write Protected', paths.protected),
		tnxtNode('Inspect', inspect),
	]);
	flows.inspectFlipped = chainWorkflow('tnxtC2paFlipped', [readFileNode('Read Flipped', paths.flipped), tnxtNode('Inspect', inspect)]);
	flows.fixtures = chainWorkflow('tnxtC2paFixtures', [readFileNode('Read Fixtures', path.join(workDir, 'fixtures', '*')), tnxtNode('Inspect', inspect, { continueOnFail: true })]);

	n8n = await N8nInstance.create({ tarball: await packPack(), env: { N8N_RESTRICT_FILE_ACCESS_TO: workDir } });
	await n8n.importCredentials([credential]);
	await n8n.importWorkflows(Object.values(flows));
});

beforeEach(() => {
	tnxt.reset();
});

afterAll(async () => {
	await n8n?.destroy();
	await tnxt?.close();
	if (workDir) fs.rmSync(workDir, { recursive: true, force: true });
});

describe('Protect and Inspect with real Content Credentials', () => {
	test('a real JPEG without a manifest: Protect embeds one c2pa-rs validates, Inspect says trusted', async () => {
		const result = await n8n.execute(flows.protectReal.id);
		expect(errorOf(result)).toBeNull();
		const original = fs.readFileSync(paths.real);
		expect((await expectedVerdict(original)).verdict).toBe('no_credentials');

		const onDisk = fs.readFileSync(paths.protected);
		const [asset] = tnxt.protectedAssets;
		expect(sha256(onDisk)).toBe(asset.protectedSha256);
		const { store } = await readAsset(onDisk, { mediaType: 'image/jpeg' });
		expect(store.validation_state).toBe('Trusted');
		const manifest = store.manifests[store.active_manifest];
		expect(manifest.title).toBe('Real JPEG');
		expect(manifest.claim_generator_info[0].name).toBe('TrustNXT Protect (mock)');
		expect(manifest.signature_info).toMatchObject({ common_name: 'C2PA Signer', issuer: 'C2PA Test Signing Cert', alg: 'Es256' });
		expect(manifest.assertions.find((entry) => entry.label === 'com.trustnxt.asset').data.assetId).toBe(asset.assetId);
		// The picture itself is untouched: its scan data is still there byte for byte.
		const scan = original.subarray(scanDataOffset(original));
		expect(onDisk.subarray(onDisk.length - scan.length).equals(scan)).toBe(true);

		const [inspected] = outputOf(result, 'Inspect');
		expect(inspected.json).toMatchObject({
			verdict: 'trusted',
			assetId: asset.assetId,
			hasCredentials: true,
			signer: 'C2PA Signer',
			signerIssuer: 'C2PA Test Signing Cert',
			claimGenerator: 'TrustNXT Protect (mock)',
			failures: [],
			validationState: 'Trusted',
		});
		expect(inspected.json.manifestStore.active_manifest).toBe(store.active_manifest);
		expect(tnxt.usage).toEqual({ protectCalls: 1, inspectCalls: 1 });
	});

	test('one flipped byte of the protected picture data: invalid, assertion.dataHash.mismatch', async () => {
		expect(fs.existsSync(paths.protected)).toBe(true);
		const flipped = Buffer.from(fs.readFileSync(paths.protected));
		// A byte in the middle of the entropy-coded data, changed so it cannot become a marker.
		const start = scanDataOffset(flipped);
		let at = start + Math.floor((flipped.length - start) / 2);
		while (flipped[at] >= 0xf0) at++;
		flipped[at] ^= 0x01;
		fs.writeFileSync(paths.flipped, flipped);
		const expected = await expectedVerdict(flipped);
		expect(expected).toMatchObject({ verdict: 'invalid', failures: ['assertion.dataHash.mismatch'] });

		const result = await n8n.execute(flows.inspectFlipped.id);
		expect(errorOf(result)).toBeNull();
		const [item] = outputOf(result, 'Inspect');
		expect(item.json.verdict).toBe(expected.verdict);
		expect(item.json.failures.map((failure) => failure.code)).toEqual(expected.failures);
		expect(item.json.manifestStore.validation_state).toBe('Invalid');
		expect(posts('/v1/inspect')).toHaveLength(1);
	});
});

describe('the shared C2PA fixtures through Inspect', () => {
	test('each gets the verdict c2pa-rs gives it; unsupported types are refused unbilled', async () => {
		const result = await n8n.execute(flows.fixtures.id);
		expect(errorOf(result)).toBeNull();
		const items = outputOf(result, 'Inspect');
		const names = fs.readdirSync(path.join(workDir, 'fixtures')).sort();
		expect(items).toHaveLength(names.length);
		const table = [];
		let billed = 0;
		for (const item of items) {
			const name = item.json.fileName ?? outputOf(result, 'Read Fixtures')[item.pairedItem.item].binary.data.fileName;
			const bytes = fs.readFileSync(path.join(workDir, 'fixtures', name));
			const expected = await expectedVerdict(bytes);
			if (expected.verdict === null) {
				// Not a TrustNXT media type (WebP): refused by its bytes before sending, so no billed call.
				expect([name, item.json.error]).toEqual([name, expect.stringMatching(/its bytes look like a WebP image$/)]);
				table.push([name, 'refused before sending (WebP)']);
				continue;
			}
			billed++;
			expect([name, item.json.verdict]).toEqual([name, expected.verdict]);
			const codes = item.json.failures.map((failure) => failure.code);
			expect([name, codes]).toEqual([name, expect.arrayContaining(expected.failures)]);
			if (expected.store) expect(item.json.manifestStore).toEqual(expected.store);
			else expect(item.json.manifestStore ?? null).toBeNull();
			table.push([name, item.json.verdict, codes.join(' ')]);
		}
		expect(names.filter((name) => name.endsWith('.webp'))).toHaveLength(1);
		expect(tnxt.usage.inspectCalls).toBe(billed);
		// What SOURCES.md says of the files, independent of any reader.
		const verdictOf = (prefix) => table.find(([name]) => name.startsWith(prefix))[1];
		expect(verdictOf('c2pa-rs-XCA')).toBe('invalid');
		expect(verdictOf('c2pa-rs-E-sig-CA')).toBe('invalid');
		expect(verdictOf('c2pa-rs-IMG_0003')).toBe('no_credentials');
		process.stdout.write(`${table.map((row) => row.join(' | ')).join('\n')}\n`);
	});
});
