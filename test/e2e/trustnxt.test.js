'use strict';
// What only a running n8n shows of the TrustNXT node, against the TrustNXT mock: the package
// installed from its tarball protecting a file read from disk, writing it and inspecting it (every
// request the mock saw checked: how many, the size and SHA-256 of every multipart part); a failed
// run and an error item as n8n stores them; the example workflow as shipped; and no key or secret
// in n8n's log, run outputs or database afterwards. The fault matrix (billed calls never resent,
// 429/503 resent once, verdicts, usage and limits, user-actionable errors) runs in-process on
// n8n's engine: test/unit/operations/trustnxt-faults.test.js, test/unit/error-advice.test.js,
// test/unit/operations/trustnxt-asset.test.js.
const crypto = require('node:crypto');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { N8nInstance, packPack, outputOf, errorOf, sandboxCredentials } = require('./harness');
const { startTrustNxtMock, TRUSTNXT_FIXTURES, sampleJpeg } = require('../mocks/trustnxt-mock');
// c2pa-rs (c2pa-wasm) on the test's side, to read what Protect produced.
const { readAsset } = require('../mocks/c2pa');
const { TYPES, chainWorkflow, readFileNode, writeFileNode } = require('./workflows');
const { scanForSecrets } = require('./secrets');

jest.setTimeout(10 * 60 * 1000);

/** Everything the runs printed, kept for the secret scan at the end. */
const RUN_OUTPUTS = [];

const sha256 = (data) => crypto.createHash('sha256').update(data).digest('hex');

let tnxt;
let n8n;
let workDir;
let credential;
const creds = [];
const flows = {};
const files = {};

function tnxtNode(name, parameters, { use = credential, continueOnFail } = {}) {
	return { name, type: TYPES.trustNxt, parameters, credentials: { trustNxtApi: { id: use.id, name: use.name } }, continueOnFail };
}

function extraCredential(id, data) {
	const entry = { id, name: id, type: 'trustNxtApi', data: { apiKey: TRUSTNXT_FIXTURES.apiKey, baseUrl: tnxt.origin, ...data } };
	creds.push(entry);
	return entry;
}

/** The POSTs the mock saw on a path. */
const posts = (route) => tnxt.requests.filter((request) => request.method === 'POST' && request.path === route);

function part(request, name) {
	return request.parts.find((entry) => entry.name === name);
}

/** Bytes of an output binary, wherever n8n keeps them. */
const bytesOf = (binary) => n8n.readBinary(binary);

async function run(key, options) {
	return await n8n.execute(flows[key].id, options);
}

beforeAll(async () => {
	tnxt = await startTrustNxtMock({ port: 0 });
	workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'trustnxt-e2e-'));
	const write = (name, bytes) => {
		const file = path.join(workDir, name);
		fs.mkdirSync(path.dirname(file), { recursive: true });
		fs.writeFileSync(file, bytes);
		files[name] = { path: file, bytes };
		return file;
	};
	write('photo.jpg', sampleJpeg(300 * 1024 + 7, 'e2e-photo'));
	fs.mkdirSync(path.join(workDir, 'out'), { recursive: true });

	[credential] = sandboxCredentials({ trustnxtOrigin: tnxt.origin });
	creds.push(credential);
	const noSecret = extraCredential('tnxtNoSecret0001', { apiSecret: '' });

	const protect = (extra = {}) => ({ resource: 'asset', operation: 'protect', binaryPropertyName: 'data', ...extra });
	const inspect = (extra = {}) => ({ resource: 'asset', operation: 'inspect', binaryPropertyName: 'data', ...extra });
	const protectThenInspect = (label, source, target) =>
		chainWorkflow(label, [
			readFileNode('Read Photo', source),
			tnxtNode('Protect', protect({ metadata: { title: 'Harbour at dawn', creator: 'Ana Example', doNotTrain: true }, options: { addChecksums: true } })),
			writeFileNode('Write Protected', target),
			tnxtNode('Inspect', inspect({ includeManifestStore: true, options: { addChecksums: true } })),
		]);

	flows.roundTrip = protectThenInspect('tnxtRoundTrip', files['photo.jpg'].path, path.join(workDir, 'out', 'photo.jpg'));
	flows.protectStops = chainWorkflow('tnxtProtectStop', [readFileNode('Read', files['photo.jpg'].path), tnxtNode('Protect', protect())]);
	flows.noSecret = chainWorkflow('tnxtNoSecret', [readFileNode('Read', files['photo.jpg'].path), tnxtNode('Protect', protect(), { use: noSecret, continueOnFail: true })]);

	// The example users get in the sandbox (`npm start`), run exactly as shipped.
	flows.example = JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', 'examples', 'trustnxt-protect-inspect.json'), 'utf8'));

	n8n = await N8nInstance.create({ tarball: await packPack(), env: { N8N_RESTRICT_FILE_ACCESS_TO: workDir } });
	await n8n.importCredentials(creds);
	await n8n.importWorkflows(Object.values(flows));
	const execute = n8n.execute.bind(n8n);
	n8n.execute = async (...args) => {
		const result = await execute(...args);
		RUN_OUTPUTS.push(result.stdout ?? '', result.stderr ?? '');
		return result;
	};
});

beforeEach(() => {
	// Each test starts from a clean mock: no requests, no faults, no usage, no limits.
	tnxt.reset();
	tnxt.maxFileBytes = 200 * 1024 * 1024;
});

afterAll(async () => {
	await n8n?.destroy();
	await tnxt?.close();
	if (workDir) fs.rmSync(workDir, { recursive: true, force: true });
});

/** What every round trip must show, whatever the binary data mode. */
async function expectRoundTrip(result, name) {
	expect(errorOf(result)).toBeNull();
	const original = files[name].bytes;

	// Protect: one call, the metadata part first, then the file part byte for byte.
	expect(posts('/v1/protect')).toHaveLength(1);
	const [protectRequest] = posts('/v1/protect');
	expect(protectRequest.headers['x-api-key']).toBe(TRUSTNXT_FIXTURES.apiKey);
	expect(protectRequest.headers['x-api-secret']).toBe(TRUSTNXT_FIXTURES.apiSecret);
	expect(protectRequest.headers['content-length']).toBe(String(protectRequest.bodyLength));
	expect(protectRequest.headers['transfer-encoding']).toBeUndefined();
	expect(protectRequest.parts.map((entry) => entry.name)).toEqual(['metadata', 'file']);
	expect(part(protectRequest, 'file')).toMatchObject({ filename: name, contentType: 'image/jpeg', length: original.length, sha256: sha256(original) });
	const metadata = { title: 'Harbour at dawn', creator: 'Ana Example', doNotTrain: true };
	expect(part(protectRequest, 'metadata').sha256).toBe(sha256(JSON.stringify(metadata)));
	const [asset] = tnxt.protectedAssets;
	expect(asset.metadata).toEqual(metadata);

	// The Protect item: the asset's facts, and the protected file under the input's name and type.
	const [protectedItem] = outputOf(result, 'Protect');
	expect(protectedItem.json).toMatchObject({
		assetId: asset.assetId,
		fileName: name,
		mimeType: 'image/jpeg',
		originalSize: original.length,
		originalSha256: sha256(original),
		protectedSize: asset.protectedLength,
		protectedSha256: asset.protectedSha256,
		metadata,
	});
	expect(protectedItem.binary.data).toMatchObject({ fileName: name, mimeType: 'image/jpeg' });
	expect(sha256(bytesOf(protectedItem.binary.data))).toBe(asset.protectedSha256);

	// The file written to disk is exactly what TrustNXT sent back.
	const onDisk = fs.readFileSync(path.join(workDir, 'out', name));
	expect(onDisk.length).toBe(asset.protectedLength);
	expect(sha256(onDisk)).toBe(asset.protectedSha256);
	// ...and it carries a C2PA manifest that c2pa-rs reads and validates.
	const { store } = await readAsset(onDisk, { mediaType: 'image/jpeg' });
	expect(store.validation_state).toBe('Trusted');
	const manifest = store.manifests[store.active_manifest];
	expect(manifest.title).toBe(metadata.title);
	expect(manifest.claim_generator_info[0].name).toBe('TrustNXT Protect (mock)');
	expect(manifest.signature_info).toMatchObject({ common_name: 'C2PA Signer', issuer: 'C2PA Test Signing Cert' });
	expect(manifest.assertions.find((entry) => entry.label === 'stds.schema-org.CreativeWork').data.author[0].name).toBe(metadata.creator);

	// Inspect: one call with the protected bytes; trusted, with a flat summary and the store.
	expect(posts('/v1/inspect')).toHaveLength(1);
	expect(part(posts('/v1/inspect')[0], 'file')).toMatchObject({ filename: name, length: onDisk.length, sha256: sha256(onDisk) });
	const [inspected] = outputOf(result, 'Inspect');
	expect(inspected.json).toMatchObject({
		verdict: 'trusted',
		assetId: asset.assetId,
		hasCredentials: true,
		signer: 'C2PA Signer',
		signerIssuer: 'C2PA Test Signing Cert',
		signatureAlgorithm: 'es256',
		claimGenerator: 'TrustNXT Protect (mock)',
		failures: [],
		validationState: 'Trusted',
		fileSha256: asset.protectedSha256,
	});
	// The mock signs without a time-stamp authority, so C2PA knows no signing time.
	expect(inspected.json.signedAt).toBeNull();
	expect(inspected.json.assertions).toEqual(expect.arrayContaining(['c2pa.hash.data', 'c2pa.actions.v2', 'cawg.training-mining', 'stds.schema-org.CreativeWork']));
	expect(inspected.json.manifestStore.active_manifest).toBe(store.active_manifest);
	expect(inspected.json.manifestStore.active_manifest).toMatch(/^urn:(c2pa|uuid):/);

	// Pass-through: Inspect hands on the binary it got, unchanged.
	const [written] = outputOf(result, 'Write Protected');
	expect(inspected.binary.data).toEqual(written.binary.data);
	expect(sha256(bytesOf(inspected.binary.data))).toBe(asset.protectedSha256);
	return { protectedItem, inspected, asset };
}

describe('protect, write, inspect', () => {
	test('binaries in memory: read from disk → Protect → write → Inspect says trusted', async () => {
		const result = await run('roundTrip');
		const { protectedItem } = await expectRoundTrip(result, 'photo.jpg');
		expect(protectedItem.binary.data.id).toBeUndefined();
		expect(tnxt.usage).toEqual({ protectCalls: 1, inspectCalls: 1 });
	});
});

describe('failed runs and error items as n8n stores them', () => {
	test('503 without Retry-After is not repeated either; without Continue On Fail the run fails', async () => {
		tnxt.injectFault({ path: '/v1/protect', status: 503, retryAfter: null, bodyStyle: 'html' });
		const result = await run('protectStops');
		expect(result.exitCode).toBe(1);
		const error = errorOf(result);
		expect(error.message).toMatch(/HTTP 503/);
		expect(error.description).toMatch(/^TrustNXT said: "[^"]*Service Unavailable/);
		expect(posts('/v1/protect')).toHaveLength(1);
	});

	test('401 "API secret required" with no secret in the credential: add the API Secret', async () => {
		tnxt.requireSecret = true;
		const [item] = outputOf(await run('noSecret'), 'Protect');
		expect(item.json.error).toBe('Protect: TrustNXT answered HTTP 401');
		expect(item.json.description).toMatch(/^TrustNXT said: "API secret required"\./);
		expect(item.json.description).toMatch(/asks for an API secret and the credential has none.*paste the key's secret into "API Secret"/);
		expect(posts('/v1/protect')[0].headers['x-api-secret']).toBeUndefined();
	});
});

describe('the example workflow', () => {
	test('examples/trustnxt-protect-inspect.json runs with the sandbox credential: trusted, no_credentials, usage', async () => {
		const result = await run('example');
		expect(errorOf(result)).toBeNull();
		const [protectedPhoto] = outputOf(result, 'Protect Photo');
		expect(protectedPhoto.json).toMatchObject({ fileName: 'harbour-at-dawn.jpg', mimeType: 'image/jpeg', assetId: tnxt.protectedAssets[0].assetId });
		expect(tnxt.protectedAssets[0].metadata).toEqual({ title: 'Harbour at dawn', creator: 'Sandbox Newsroom', doNotTrain: true });
		expect(outputOf(result, 'Inspect Protected Photo')[0].json.verdict).toBe('trusted');
		expect(outputOf(result, 'Inspect Original Photo')[0].json.verdict).toBe('no_credentials');
		const [usage] = outputOf(result, 'Usage This Month');
		expect(usage.json.protectLimit).toBeNull();
		expect(posts('/v1/protect')).toHaveLength(1);
		expect(posts('/v1/inspect')).toHaveLength(2);
		// The sample is a real JPEG (baseline, JFIF), not just magic bytes.
		const original = bytesOf(outputOf(result, 'Photo as File')[0].binary.data);
		expect(original.subarray(0, 4).toString('hex')).toBe('ffd8ffe0');
		expect(original.subarray(-2).toString('hex')).toBe('ffd9');
		expect(part(posts('/v1/inspect').find((call) => part(call, 'file').length === original.length), 'file').sha256).toBe(sha256(original));
	});
});

describe('secrets', () => {
	test('no key or secret in the log, the run outputs or the database of n8n after everything above', async () => {
		const report = scanForSecrets(n8n, { texts: RUN_OUTPUTS, extraSecrets: [TRUSTNXT_FIXTURES.sandboxKey] });
		expect(report.scanned.places).toBeGreaterThan(2);
		expect(report.hits).toEqual([]);
	});
});
