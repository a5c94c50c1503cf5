'use strict';
// The TrustNXT node inside a real n8n against the TrustNXT mock: protect a file read from disk,
// write it, inspect it; tamper with it; inspect files without a label; watch usage; and what a
// user sees when TrustNXT fails, where the rule is that a billed call is never sent twice unless
// the server provably did not process it. Every request the mock saw is checked: how many, and
// the size and SHA-256 of every multipart part.
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

jest.setTimeout(20 * 60 * 1000);

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
	write('plain.jpg', sampleJpeg(50 * 1024, 'e2e-plain'));
	write('big.jpg', sampleJpeg(24 * 1024 * 1024 + 3, 'e2e-big'));
	write('notes.txt', Buffer.from('Not an image, just words.\n'));
	// A protected file with one byte of the picture (its scan data, near the end) flipped: the
	// C2PA data hash no longer matches.
	const { buffer: signed } = await tnxt.protectBytes(sampleJpeg(80 * 1024, 'e2e-tamper'), { filename: 'tampered.jpg' });
	const tampered = Buffer.from(signed);
	let flip = tampered.length - 1000;
	while (tampered[flip] >= 0xf0) flip--;
	tampered[flip] ^= 0x01;
	write('tampered.jpg', tampered);
	for (const index of [1, 2, 3]) write(`batch/frame-${index}.jpg`, sampleJpeg(20 * 1024 + index, `e2e-batch-${index}`));
	fs.mkdirSync(path.join(workDir, 'out'), { recursive: true });

	[credential] = sandboxCredentials({ trustnxtOrigin: tnxt.origin });
	creds.push(credential);
	const revoked = extraCredential('tnxtRevokedKey01', { apiKey: TRUSTNXT_FIXTURES.revokedKey });
	const notUrl = extraCredential('tnxtNotAUrl00001', { baseUrl: 'api trustnxt com' });
	const testKey = extraCredential('tnxtTestPrefix01', { apiKey: TRUSTNXT_FIXTURES.sandboxKey });
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
	flows.roundTripBig = protectThenInspect('tnxtRoundTripBig', files['big.jpg'].path, path.join(workDir, 'out', 'big.jpg'));
	flows.keepBoth = chainWorkflow('tnxtKeepBoth', [
		readFileNode('Read Photo', files['photo.jpg'].path),
		tnxtNode('Protect', protect({ options: { outputBinaryPropertyName: 'protected' } })),
	]);
	flows.tampered = chainWorkflow('tnxtTampered', [readFileNode('Read', files['tampered.jpg'].path), tnxtNode('Inspect', inspect())]);
	flows.unprotected = chainWorkflow('tnxtUnprotected', [
		readFileNode('Read', files['plain.jpg'].path),
		tnxtNode('Inspect', inspect()),
		tnxtNode('Inspect Dropping File', inspect({ options: { keepInputFile: false } })),
	]);
	flows.protect = chainWorkflow('tnxtProtect', [readFileNode('Read', files['photo.jpg'].path), tnxtNode('Protect', protect({ options: { addChecksums: true } }), { continueOnFail: true })]);
	flows.protectStops = chainWorkflow('tnxtProtectStop', [readFileNode('Read', files['photo.jpg'].path), tnxtNode('Protect', protect())]);
	flows.batch = chainWorkflow('tnxtBatch', [readFileNode('Read Frames', path.join(workDir, 'batch', '*.jpg')), tnxtNode('Protect', protect(), { continueOnFail: true })]);
	flows.text = chainWorkflow('tnxtText', [readFileNode('Read', files['notes.txt'].path), tnxtNode('Protect', protect(), { continueOnFail: true })]);
	flows.usage = chainWorkflow('tnxtUsage', [tnxtNode('Usage', { resource: 'usage', operation: 'get' })]);
	flows.usageTestKey = chainWorkflow('tnxtUsageTestKey', [tnxtNode('Usage', { resource: 'usage', operation: 'get' }, { use: testKey })]);
	flows.noSecret = chainWorkflow('tnxtNoSecret', [readFileNode('Read', files['photo.jpg'].path), tnxtNode('Protect', protect(), { use: noSecret, continueOnFail: true })]);
	flows.inspectContinue = chainWorkflow('tnxtInspectCont', [readFileNode('Read', files['photo.jpg'].path), tnxtNode('Inspect', inspect(), { continueOnFail: true })]);
	flows.revoked = chainWorkflow('tnxtRevoked', [readFileNode('Read', files['photo.jpg'].path), tnxtNode('Protect', protect(), { use: revoked, continueOnFail: true })]);
	flows.notUrl = chainWorkflow('tnxtNotUrl', [tnxtNode('Usage', { resource: 'usage', operation: 'get' }, { use: notUrl, continueOnFail: true })]);
	flows.wrongField = chainWorkflow('tnxtWrongField', [readFileNode('Read', files['photo.jpg'].path), tnxtNode('Inspect', inspect({ binaryPropertyName: 'image' }), { continueOnFail: true })]);

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

	test('binaries on disk (N8N_DEFAULT_BINARY_DATA_MODE=filesystem), a 24 MB file streamed both ways', async () => {
		const result = await run('roundTripBig', { env: { N8N_DEFAULT_BINARY_DATA_MODE: 'filesystem' } });
		const { protectedItem, inspected } = await expectRoundTrip(result, 'big.jpg');
		// Stored by n8n on disk, not inline; Inspect passed on the very same stored file.
		expect(protectedItem.binary.data.id).toMatch(/^filesystem/);
		expect(protectedItem.binary.data.data).not.toMatch(/^[A-Za-z0-9+/]{100}/);
		expect(inspected.binary.data.id).toBe(outputOf(result, 'Write Protected')[0].binary.data.id);
	});

	test('"Put Output File in Field" keeps the original beside the protected file', async () => {
		const [item] = outputOf(await run('keepBoth'), 'Protect');
		expect(Object.keys(item.binary).sort()).toEqual(['data', 'protected']);
		expect(bytesOf(item.binary.data).equals(files['photo.jpg'].bytes)).toBe(true);
		expect(sha256(bytesOf(item.binary.protected))).toBe(tnxt.protectedAssets[0].protectedSha256);
		expect(item.json.binaryField).toBe('protected');
		// Two files kept: the protected copy has its own name.
		expect(item.binary.data.fileName).toBe('photo.jpg');
		expect(item.binary.protected.fileName).toBe('photo.protected.jpg');
		expect(item.json.fileName).toBe('photo.protected.jpg');
		// Checksums were not asked for: none computed, none in the output.
		expect(Object.keys(item.json).filter((key) => /sha256/i.test(key))).toEqual([]);
		// No metadata added in the node: no metadata part sent.
		expect(posts('/v1/protect')[0].parts.map((entry) => entry.name)).toEqual(['file']);
	});
});

describe('inspect', () => {
	test('one flipped byte: invalid, with the hash mismatch explained in plain words', async () => {
		const result = await run('tampered');
		expect(errorOf(result)).toBeNull();
		const [item] = outputOf(result, 'Inspect');
		expect(item.json.verdict).toBe('invalid');
		expect(item.json.hasCredentials).toBe(true);
		expect(item.json.failures).toEqual([{ code: 'assertion.dataHash.mismatch', meaning: expect.stringMatching(/changed after it was signed/) }]);
		expect(item.json.manifestStore).toBeUndefined();
		// The tampered file goes on exactly as it came in.
		expect(bytesOf(item.binary.data).equals(files['tampered.jpg'].bytes)).toBe(true);
		expect(item.binary.data.fileName).toBe('tampered.jpg');
		expect(part(posts('/v1/inspect')[0], 'file').sha256).toBe(sha256(files['tampered.jpg'].bytes));
	});

	test('a file without a Trust Label: no_credentials is a result, not an error; the file can be dropped', async () => {
		const result = await run('unprotected');
		expect(errorOf(result)).toBeNull();
		const [item] = outputOf(result, 'Inspect');
		expect(item.json).toMatchObject({ verdict: 'no_credentials', hasCredentials: false, signer: null, failures: [], assertions: [] });
		expect(item.json.verdictMeaning).toMatch(/no Trust Label/);
		expect(item.json.error).toBeUndefined();
		const [readItem] = outputOf(result, 'Read');
		expect(item.binary).toEqual(readItem.binary);
		expect(bytesOf(item.binary.data).equals(files['plain.jpg'].bytes)).toBe(true);
		expect(item.json).not.toHaveProperty('fileSha256');
		const [dropped] = outputOf(result, 'Inspect Dropping File');
		expect(dropped.json.verdict).toBe('no_credentials');
		expect(dropped.binary).toBeUndefined();
		expect(posts('/v1/inspect')).toHaveLength(2);
		expect(tnxt.usage.inspectCalls).toBe(2);
	});

	test('a wrong binary field name is refused before anything is sent (or billed)', async () => {
		const [item] = outputOf(await run('wrongField'), 'Inspect');
		expect(item.json.error).toMatch(/No binary property "image"/);
		expect(item.json.description).toMatch(/"data"/);
		expect(tnxt.requests).toHaveLength(0);
	});
});

describe('billed calls are never sent twice where TrustNXT may have processed them', () => {
	test('500 on Protect: an error item (Continue On Fail), exactly one call seen', async () => {
		tnxt.injectFault({ path: '/v1/protect', status: 500, billed: true });
		const result = await run('protect');
		const items = outputOf(result, 'Protect');
		expect(items).toHaveLength(1);
		expect(items[0].json.error).toMatch(/HTTP 500/);
		expect(items[0].json.description).toMatch(/may have protected the file, and billed the call, before the failure, so the node did not send it again/);
		expect(items[0].json.description).toMatch(/Check Usage → Get first: if "protectCalls" went up/);
		expect(items[0].json.description).not.toMatch(/usually temporary/);
		expect(items[0].binary).toBeUndefined();
		expect(posts('/v1/protect')).toHaveLength(1);
		expect(tnxt.usage.protectCalls).toBe(1);
	});

	test('502 on Inspect: one call, an error item that says to check inspectCalls first', async () => {
		tnxt.injectFault({ path: '/v1/inspect', status: 502, billed: true });
		const [item] = outputOf(await run('inspectContinue'), 'Inspect');
		expect(item.json.error).toMatch(/HTTP 502/);
		expect(item.json.description).toMatch(/may have inspected the file.*Check Usage → Get first: if "inspectCalls" went up/);
		expect(posts('/v1/inspect')).toHaveLength(1);
	});

	test('503 without Retry-After is not repeated either; without Continue On Fail the run fails', async () => {
		tnxt.injectFault({ path: '/v1/protect', status: 503, retryAfter: null, bodyStyle: 'html' });
		const error = errorOf(await run('protectStops'));
		expect(error.message).toMatch(/HTTP 503/);
		expect(error.description).toMatch(/^TrustNXT said: "[^"]*Service Unavailable/);
		expect(posts('/v1/protect')).toHaveLength(1);
	});

	test('the protected file cut off mid-download: one call, an error that says it was billed', async () => {
		tnxt.injectFault({ path: '/v1/protect', kind: 'reset' });
		const [item] = outputOf(await run('protect'), 'Protect');
		expect(item.json.error).toMatch(/arrived incomplete/);
		expect(item.json.description).toMatch(/billed/);
		expect(item.json.description).toContain(tnxt.protectedAssets[0].assetId);
		expect(posts('/v1/protect')).toHaveLength(1);
	});

	test('429 (not processed): waited for and sent again once; the file arrives whole the second time', async () => {
		tnxt.injectFault({ path: '/v1/protect', status: 429, retryAfter: 1 });
		const [item] = outputOf(await run('protect'), 'Protect');
		expect(item.json.error).toBeUndefined();
		const calls = posts('/v1/protect');
		expect(calls).toHaveLength(2);
		expect(calls[1].time - calls[0].time).toBeGreaterThanOrEqual(900);
		expect(part(calls[1], 'file').sha256).toBe(sha256(files['photo.jpg'].bytes));
		expect(item.json.originalSha256).toBe(sha256(files['photo.jpg'].bytes));
		expect(tnxt.usage.protectCalls).toBe(1);
	});

	test('503 with Retry-After (not processed): sent again after the wait', async () => {
		tnxt.injectFault({ path: '/v1/protect', status: 503, retryAfter: 1 });
		const [item] = outputOf(await run('protect'), 'Protect');
		expect(item.json.assetId).toBe(tnxt.protectedAssets[0].assetId);
		expect(posts('/v1/protect')).toHaveLength(2);
	});

	test('three files, the second one fails: three calls, three items paired in order', async () => {
		tnxt.injectFault({ path: '/v1/protect', status: 502, after: 1, billed: true });
		const items = outputOf(await run('batch'), 'Protect');
		expect(items).toHaveLength(3);
		expect(items.map((item) => item.pairedItem.item)).toEqual([0, 1, 2]);
		expect(items[0].json.assetId).toBeTruthy();
		expect(items[1].json.error).toMatch(/HTTP 502/);
		expect(items[2].json.assetId).toBeTruthy();
		const calls = posts('/v1/protect');
		expect(calls).toHaveLength(3);
		// The mock parses the parts of the calls it answers; the faulted one it only measures.
		expect([calls[0], calls[2]].map((call) => part(call, 'file').filename)).toEqual(['frame-1.jpg', 'frame-3.jpg']);
		expect(calls[1].bodyLength).toBe(Number(calls[1].headers['content-length']));
		expect(calls[1].bodyLength).toBeGreaterThan(files['batch/frame-2.jpg'].bytes.length);
		expect(tnxt.usage.protectCalls).toBe(3);
	});
});

describe('usage and limits', () => {
	test('Usage → Get: this period\'s calls, limits and what remains; not billed', async () => {
		tnxt.usage.protectCalls = 12;
		tnxt.usage.inspectCalls = 40;
		tnxt.setLimits({ protectCalls: 1000, inspectCalls: 5000 });
		const [item] = outputOf(await run('usage'), 'Usage');
		expect(item.json).toMatchObject({
			protectUnlimited: false,
			inspectUnlimited: false,
			protectCalls: 12,
			protectLimit: 1000,
			protectRemaining: 988,
			inspectCalls: 40,
			inspectLimit: 5000,
			inspectRemaining: 4960,
		});
		expect(item.json.periodStart).toMatch(/^\d{4}-\d\d-01T00:00:00Z$/);
		expect(item.json.periodEnd).toMatch(/^\d{4}-\d\d-\d\dT23:59:59Z$/);
		expect(tnxt.requests.map((request) => `${request.method} ${request.path}`)).toEqual(['GET /v1/usage']);
		expect(tnxt.usage).toEqual({ protectCalls: 12, inspectCalls: 40 });
	});

	test('no limit: limits and remaining are null; a test-prefixed key works and only gets a hint', async () => {
		tnxt.usage.protectCalls = 3;
		const result = await run('usageTestKey');
		const [item] = outputOf(result, 'Usage');
		expect(item.json).toMatchObject({ protectCalls: 3, protectLimit: null, protectRemaining: null, inspectLimit: null, protectUnlimited: true, inspectUnlimited: true });
		expect(tnxt.requests[0].headers['x-api-key']).toBe(TRUSTNXT_FIXTURES.sandboxKey);
		expect(tnxt.requests[0].headers['x-api-secret']).toBeUndefined();
		const hints = result.data.data.resultData.runData.Usage[0].hints ?? [];
		expect(hints.map((hint) => hint.message).join(' ')).toMatch(/does not start with "tnxt_live_"/);
	});

	test('402 when the period\'s limit is used up: says so, when it resets, and where to look', async () => {
		tnxt.usage.protectCalls = 5;
		tnxt.setLimits({ protectCalls: 5, inspectCalls: null });
		const [item] = outputOf(await run('protect'), 'Protect');
		expect(item.json.httpCode).toBe('402');
		expect(item.json.error).toMatch(/usage limit of this billing period is used up/);
		expect(item.json.description).toMatch(/Usage → Get/);
		expect(item.json.description).toMatch(/5 of 5 Protect calls/);
		expect(item.json.description).toMatch(/resets after \d{4}-\d\d-\d\dT23:59:59Z/);
		expect(tnxt.requests.map((request) => `${request.method} ${request.path}`)).toEqual(['POST /v1/protect', 'GET /v1/usage']);
		expect(tnxt.usage.protectCalls).toBe(5);
	});
});

describe('402 figures that contradict the refusal are not quoted', () => {
	test('402 while Usage shows 0 of 1000: says the counter disagrees, no figures', async () => {
		tnxt.setLimits({ protectCalls: 1000, inspectCalls: null });
		tnxt.injectFault({ path: '/v1/protect', status: 402 });
		const [item] = outputOf(await run('protect'), 'Protect');
		expect(item.json.httpCode).toBe('402');
		expect(item.json.description).toMatch(/usage counter \(Usage → Get\) does not show the Protect limit as reached/);
		expect(item.json.description).not.toMatch(/0 of 1000/);
		expect(item.json.description).toMatch(/resets after \d{4}-\d\d-\d\dT23:59:59Z/);
	});
});

describe('errors a user can act on', () => {
	test('401 "API secret required" with no secret in the credential: add the API Secret', async () => {
		tnxt.requireSecret = true;
		const [item] = outputOf(await run('noSecret'), 'Protect');
		expect(item.json.error).toBe('Protect: TrustNXT answered HTTP 401');
		expect(item.json.description).toMatch(/^TrustNXT said: "API secret required"\./);
		expect(item.json.description).toMatch(/asks for an API secret and the credential has none.*paste the key's secret into "API Secret"/);
		expect(item.json.description).not.toMatch(/leave .*empty/i);
		expect(posts('/v1/protect')[0].headers['x-api-secret']).toBeUndefined();
	});

	test('401 (revoked key): what happened and where to get a new key', async () => {
		const [item] = outputOf(await run('revoked'), 'Protect');
		expect(item.json.error).toMatch(/HTTP 401/);
		expect(item.json.description).toMatch(/developer\.trustnxt\.com/);
		expect(posts('/v1/protect')).toHaveLength(1);
	});

	test('a file that is no supported format: refused by its bytes before sending, the supported media listed', async () => {
		const [item] = outputOf(await run('text'), 'Protect');
		expect(item.json.error).toMatch(/^Protect: the file ".*" is not JPEG, PNG, HEIC\/HEIF, AVIF, MP3 or MP4; its bytes look like plain text$/);
		expect(item.json.description).toMatch(/TrustNXT can protect JPEG, PNG, HEIC\/HEIF, AVIF, MP3 and MP4 files only, so nothing was sent to TrustNXT and nothing was billed/);
		expect(posts('/v1/protect')).toHaveLength(0);
	});

	test('413: the file is over the plan\'s size limit, and the node will not shrink it', async () => {
		tnxt.maxFileBytes = 100 * 1024;
		const [item] = outputOf(await run('protect'), 'Protect');
		expect(item.json.error).toMatch(/HTTP 413/);
		expect(item.json.description).toMatch(/larger than your TrustNXT plan allows/);
		expect(item.json.description).toMatch(/never shrinks or re-encodes/);
		expect(posts('/v1/protect')).toHaveLength(1);
	});

	test('a Base URL that is not a URL is named in the error; nothing is sent', async () => {
		const [item] = outputOf(await run('notUrl'), 'Usage');
		expect(item.json.error).toMatch(/"Base URL" is not a URL/);
		expect(tnxt.requests).toHaveLength(0);
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
