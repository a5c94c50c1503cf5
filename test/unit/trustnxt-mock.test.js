'use strict';

// Tests of the TrustNXT mock itself, through real sockets, against the wire contract shared/contracts/trustnxt-api.md.

const crypto = require('crypto');
const fs = require('fs');
const path = require('path');
const { request, FormData } = require('undici');
const { startTrustNxtMock, TRUSTNXT_FIXTURES: F, sampleJpeg, samplePng, sampleMedia, detectMediaType } = require('../mocks/trustnxt-mock');
// c2pa-rs (c2pa-wasm) on the test's side: reads what the mock produced, and says what it makes of the shared fixtures.
const { readAsset, getTestSigner } = require('../mocks/c2pa');

const { C2PA_FIXTURES } = require('../helpers/fixtures');

const sha256 = (data) => crypto.createHash('sha256').update(data).digest('hex');
const AUTH = { 'x-api-key': F.apiKey, 'x-api-secret': F.apiSecret };

let tnxt;

async function call(path, { method = 'GET', headers = AUTH, body, origin } = {}) {
	const res = await request(`${origin || tnxt.origin}${path}`, { method, headers, body });
	const buffer = Buffer.from(await res.body.arrayBuffer());
	return { status: res.statusCode, headers: res.headers, buffer, json: () => JSON.parse(buffer.toString('utf8')) };
}

function form(file, { filename = 'photo.jpg', type = 'image/jpeg', metadata } = {}) {
	const data = new FormData();
	if (file) data.append('file', new Blob([file], { type }), filename);
	if (metadata !== undefined) data.append('metadata', typeof metadata === 'string' ? metadata : JSON.stringify(metadata));
	return data;
}

const protect = (file, options, headers = AUTH) => call('/v1/protect', { method: 'POST', headers, body: form(file, options) });
const inspect = (file, options, headers = AUTH) => call('/v1/inspect', { method: 'POST', headers, body: form(file, options) });

function expectApiError(res, status, code) {
	expect(res.status).toBe(status);
	expect(res.headers['content-type']).toMatch(/^application\/json/);
	const body = res.json();
	expect(body.error.code).toBe(code);
	expect(typeof body.error.message).toBe('string');
}

// Protect and Inspect run c2pa-rs; on a loaded machine a call can take seconds.
jest.setTimeout(60000);

beforeAll(async () => {
	tnxt = await startTrustNxtMock({ port: 0 });
	// Start c2pa-rs's worker (compiling its WebAssembly takes a moment) before any timed call.
	await readAsset(sampleJpeg(100), { mediaType: 'image/jpeg' });
});

afterAll(async () => {
	await tnxt.close();
});

beforeEach(() => {
	tnxt.reset();
	tnxt.maxFileBytes = 200 * 1024 * 1024;
});

describe('authentication', () => {
	test('key alone, key with matching secret, and the sandbox-prefixed key are accepted', async () => {
		expect((await call('/v1/usage', { headers: { 'x-api-key': F.apiKey } })).status).toBe(200);
		expect((await call('/v1/usage')).status).toBe(200);
		expect((await call('/v1/usage', { headers: { 'x-api-key': F.sandboxKey } })).status).toBe(200);
	});

	test.each([
		['no key', {}],
		['revoked key', { 'x-api-key': F.revokedKey }],
		['unknown key', { 'x-api-key': 'tnxt_live_unknown' }],
		['wrong secret', { 'x-api-key': F.apiKey, 'x-api-secret': 'tnxt_secret_wrong' }],
	])('%s -> 401 unauthorized', async (_, headers) => {
		expectApiError(await call('/v1/usage', { headers }), 401, 'unauthorized');
		expectApiError(await protect(sampleJpeg(100), {}, headers), 401, 'unauthorized');
		expect(tnxt.usage).toEqual({ protectCalls: 0, inspectCalls: 0 });
	});

	test('fixtures have the documented prefixes', () => {
		expect(F.apiKey).toMatch(/^tnxt_live_/);
		expect(F.apiSecret).toMatch(/^tnxt_secret_/);
		expect(F.revokedKey).toMatch(/^tnxt_live_/);
	});
});

describe('usage', () => {
	test('reports the current month, counts and limits', async () => {
		const usage = (await call('/v1/usage')).json();
		const now = new Date();
		expect(usage.period.start).toBe(`${now.getUTCFullYear()}-${String(now.getUTCMonth() + 1).padStart(2, '0')}-01T00:00:00Z`);
		expect(Date.parse(usage.period.end)).toBeGreaterThan(Date.now());
		expect(usage).toMatchObject({ protectCalls: 0, inspectCalls: 0, limit: null });

		await protect(sampleJpeg(2000));
		await inspect(sampleJpeg(2000));
		await inspect(sampleJpeg(2000));
		tnxt.setLimits({ protectCalls: 1000, inspectCalls: 5000 });
		expect((await call('/v1/usage/')).json()).toMatchObject({ protectCalls: 1, inspectCalls: 2, limit: { protectCalls: 1000, inspectCalls: 5000 } });
		expect(tnxt.usage).toEqual({ protectCalls: 1, inspectCalls: 2 });
	});

	test('402 usage_limit_reached once a limit is used up; rejected calls do not count', async () => {
		tnxt.setLimits({ protectCalls: 2 });
		expect((await protect(sampleJpeg(500))).status).toBe(200);
		expectApiError(await protect(Buffer.from('not media')), 415, 'unsupported_media_type');
		expect((await protect(sampleJpeg(500))).status).toBe(200);
		expectApiError(await protect(sampleJpeg(500)), 402, 'usage_limit_reached');
		expect((await inspect(sampleJpeg(500))).status).toBe(200);
		expect(tnxt.usage).toEqual({ protectCalls: 2, inspectCalls: 1 });
		tnxt.setLimits(null);
		expect((await protect(sampleJpeg(500))).status).toBe(200);
	});
});

describe('protect', () => {
	test('returns the file with a signed C2PA manifest embedded, with type, filename and asset id headers', async () => {
		const original = sampleJpeg(300000);
		const res = await protect(original, { filename: 'Straße 1.jpg', metadata: { title: 'Flood', creator: 'Desk', doNotTrain: true } });
		expect(res.status).toBe(200);
		expect(res.headers['content-type']).toBe('image/jpeg');
		expect(res.headers['content-disposition']).toMatch(/^attachment; filename="Stra_e 1\.jpg"; filename\*=UTF-8''Stra%C3%9Fe%201\.jpg$/);
		const assetId = res.headers['x-trustnxt-asset-id'];
		expect(assetId).toMatch(/^ast_[0-9a-f]+$/);
		// The picture itself is untouched: the manifest goes into its own segments before the frame.
		expect(res.buffer.length).toBeGreaterThan(original.length);
		expect(res.buffer.subarray(0, 2).equals(original.subarray(0, 2))).toBe(true);
		expect(res.buffer.subarray(res.buffer.length - (original.length - 20)).equals(original.subarray(20))).toBe(true);

		// What c2pa-rs reads in it.
		const { store } = await readAsset(res.buffer, { mediaType: 'image/jpeg' });
		expect(store.validation_state).toBe('Trusted');
		expect(store.validation_results.activeManifest.failure).toEqual([]);
		const manifest = store.manifests[store.active_manifest];
		expect(manifest.title).toBe('Flood');
		expect(manifest.claim_generator_info[0]).toMatchObject({ name: 'TrustNXT Protect (mock)', version: expect.stringMatching(/^\d+\.\d+\.\d+$/) });
		expect(manifest.signature_info).toMatchObject({ alg: 'Es256', issuer: 'C2PA Test Signing Cert', common_name: 'C2PA Signer' });
		const assertion = (label) => manifest.assertions.find((a) => a.label === label);
		expect(assertion('c2pa.actions.v2').data.actions[0]).toMatchObject({ action: 'c2pa.created', softwareAgent: { name: 'TrustNXT Protect (mock)' } });
		expect(assertion('cawg.training-mining').data.entries['cawg.ai_training']).toEqual({ use: 'notAllowed' });
		expect(assertion('stds.schema-org.CreativeWork').data.author).toEqual([{ '@type': 'Person', name: 'Desk' }]);
		expect(assertion('com.trustnxt.asset').data).toEqual({ assetId });

		expect(tnxt.protectedAssets).toEqual([
			expect.objectContaining({
				assetId,
				originalSha256: sha256(original),
				protectedSha256: sha256(res.buffer),
				originalLength: original.length,
				protectedLength: res.buffer.length,
			}),
		]);
		const entry = tnxt.requests[0];
		expect(entry).toMatchObject({ method: 'POST', path: '/v1/protect', status: 200 });
		expect(entry.parts).toEqual([
			{ name: 'file', filename: 'Straße 1.jpg', contentType: 'image/jpeg', length: original.length, sha256: sha256(original) },
			{ name: 'metadata', filename: undefined, contentType: undefined, length: expect.any(Number), sha256: expect.any(String) },
		]);
		expect(entry.bodyLength).toBeGreaterThan(original.length);
	});

	test('without metadata the title is the file name; doNotTrain false allows training', async () => {
		const res = await protect(samplePng(3000), { filename: 'chart.png', type: 'image/png', metadata: { doNotTrain: false } });
		const { store } = await readAsset(res.buffer, { mediaType: 'image/png' });
		const manifest = store.manifests[store.active_manifest];
		expect(manifest.title).toBe('chart.png');
		expect(manifest.assertions.find((a) => a.label === 'cawg.training-mining').data.entries['cawg.ai_generative_training']).toEqual({ use: 'allowed' });
		expect(manifest.assertions.some((a) => a.label === 'stds.schema-org.CreativeWork')).toBe(false);
	});

	test('a file that already has Content Credentials keeps them as parent ingredient', async () => {
		const original = fs.readFileSync(path.join(C2PA_FIXTURES, 'with-manifest', 'c2pa-rs-CA.jpg'));
		const before = (await readAsset(original, { mediaType: 'image/jpeg' })).store;
		const res = await protect(original, { filename: 'CA.jpg' });
		expect(res.status).toBe(200);
		const { store } = await readAsset(res.buffer, { mediaType: 'image/jpeg' });
		expect(store.validation_state).toBe('Trusted');
		const manifest = store.manifests[store.active_manifest];
		expect(store.active_manifest).not.toBe(before.active_manifest);
		expect(manifest.assertions.find((a) => a.label === 'c2pa.actions.v2').data.actions[0].action).toBe('c2pa.opened');
		expect(manifest.ingredients).toEqual([expect.objectContaining({ relationship: 'parentOf', active_manifest: before.active_manifest })]);
		expect(Object.keys(store.manifests)).toEqual(expect.arrayContaining(Object.keys(before.manifests)));
	});

	test.each(['jpeg', 'png', 'heic', 'heif', 'avif', 'mp3', 'mp4'])('accepts %s by magic bytes, whatever the declared type, and embeds a manifest c2pa-rs validates', async (kind) => {
		const file = sampleMedia(kind, 5000);
		const res = await protect(file, { filename: `x.${kind}`, type: 'application/octet-stream' });
		expect(res.status).toBe(200);
		expect(res.headers['content-type']).toBe(detectMediaType(file));
		expect(detectMediaType(res.buffer)).toBe(detectMediaType(file));
		const { store } = await readAsset(res.buffer, { mediaType: detectMediaType(file) });
		expect([kind, store.validation_state]).toEqual([kind, 'Trusted']);
		expect(store.manifests[store.active_manifest]).toMatchObject({ title: `x.${kind}` });
	});

	test('bytes with the right magic but no structure to embed into -> 400 bad_request, not billed', async () => {
		const broken = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x02]), crypto.randomBytes(200)]);
		expectApiError(await protect(broken), 400, 'bad_request');
		expect(tnxt.usage.protectCalls).toBe(0);
	});

	test('sample media have the right magic and sizes', () => {
		expect(detectMediaType(sampleJpeg(1000))).toBe('image/jpeg');
		expect(sampleJpeg(1000)).toHaveLength(1000);
		expect(sampleJpeg(1000).equals(sampleJpeg(1000))).toBe(true);
		expect(detectMediaType(samplePng())).toBe('image/png');
		expect(samplePng(5000)).toHaveLength(5000);
		const expected = { heic: 'image/heic', heif: 'image/heif', avif: 'image/avif', mp3: 'audio/mpeg', mp4: 'video/mp4' };
		for (const [kind, type] of Object.entries(expected)) {
			expect([kind, detectMediaType(sampleMedia(kind, 4096))]).toEqual([kind, type]);
			expect(sampleMedia(kind, 4096)).toHaveLength(4096);
		}
	});

	test.each([
		['plain text', Buffer.from('hello world, this is not an image')],
		['GIF', Buffer.concat([Buffer.from('GIF89a'), Buffer.alloc(100)])],
		['QuickTime', Buffer.concat([Buffer.from([0, 0, 0, 20]), Buffer.from('ftypqt  '), Buffer.alloc(4), Buffer.from('qt  '), Buffer.alloc(50)])],
	])('%s -> 415 unsupported_media_type', async (_, file) => {
		expectApiError(await protect(file), 415, 'unsupported_media_type');
		expectApiError(await inspect(file), 415, 'unsupported_media_type');
		expect(tnxt.usage).toEqual({ protectCalls: 0, inspectCalls: 0 });
	});

	test('400 bad_request: missing file part, empty file, bad metadata, not multipart, truncated multipart', async () => {
		const onlyMetadata = new FormData();
		onlyMetadata.append('metadata', '{}');
		expectApiError(await call('/v1/protect', { method: 'POST', body: onlyMetadata }), 400, 'bad_request');
		expectApiError(await protect(Buffer.alloc(0)), 400, 'bad_request');
		expectApiError(await protect(sampleJpeg(100), { metadata: '{not json' }), 400, 'bad_request');
		expectApiError(await protect(sampleJpeg(100), { metadata: '[1,2]' }), 400, 'bad_request');
		expectApiError(
			await call('/v1/protect', { method: 'POST', headers: { ...AUTH, 'content-type': 'image/jpeg' }, body: sampleJpeg(100) }),
			400,
			'bad_request',
		);
		const truncated = Buffer.from('--xyz\r\nContent-Disposition: form-data; name="file"; filename="a.jpg"\r\n\r\n\xff\xd8\xff');
		expectApiError(
			await call('/v1/protect', { method: 'POST', headers: { ...AUTH, 'content-type': 'multipart/form-data; boundary=xyz' }, body: truncated }),
			400,
			'bad_request',
		);
		expect(tnxt.usage.protectCalls).toBe(0);
	});

	test('413 file_too_large over the plan limit', async () => {
		tnxt.maxFileBytes = 10000;
		expectApiError(await protect(sampleJpeg(10001)), 413, 'file_too_large');
		expect((await protect(sampleJpeg(10000))).status).toBe(200);
	});

	test('protects of 5 MB images: each its own asset id, each trusted (their speed is measured by npm run bench)', async () => {
		const image = sampleJpeg(5 * 1024 * 1024);
		const outputs = [];
		for (let i = 0; i < 5; i++) {
			const res = await protect(image);
			expect(res.status).toBe(200);
			outputs.push(res.buffer);
		}
		expect(tnxt.usage.protectCalls).toBe(5);
		expect(new Set(tnxt.protectedAssets.map((a) => a.assetId)).size).toBe(5);
		expect((await readAsset(outputs[4], { mediaType: 'image/jpeg' })).store.validation_state).toBe('Trusted');
	}, 60000);
});

describe('inspect', () => {
	async function protectedCopy(original, options) {
		const res = await protect(original, options);
		expect(res.status).toBe(200);
		return res;
	}

	test('a freshly protected asset is trusted, with the report shape of the contract and c2pa-rs\'s manifest store', async () => {
		const original = samplePng(20000);
		const protectedRes = await protectedCopy(original, { filename: 'chart.png', type: 'image/png', metadata: { title: 'Chart' } });
		const res = await inspect(protectedRes.buffer, { filename: 'chart.png', type: 'image/png' });
		expect(res.status).toBe(200);
		const report = res.json();
		expect(report.assetId).toBe(protectedRes.headers['x-trustnxt-asset-id']);
		expect(report.verdict).toBe('trusted');
		expect(report.summary).toEqual({
			hasCredentials: true,
			// No time-stamp authority signs along, so c2pa-rs knows no signing time.
			signer: { issuer: 'C2PA Test Signing Cert', commonName: 'C2PA Signer', alg: 'es256', time: null },
			claimGenerator: 'TrustNXT Protect (mock)',
			assertions: expect.arrayContaining(['c2pa.actions.v2', 'c2pa.hash.data', 'com.trustnxt.asset']),
			failures: [],
		});
		const store = report.manifestStore;
		const reference = (await readAsset(protectedRes.buffer, { mediaType: 'image/png' })).store;
		expect(store).toEqual(reference);
		expect(store.validation_state).toBe('Trusted');
		expect(store.manifests[store.active_manifest]).toMatchObject({ title: 'Chart' });
		expect(store.validation_results.activeManifest.failure).toEqual([]);
		expect(store.validation_results.activeManifest.success.map((s) => s.code)).toEqual(
			expect.arrayContaining(['claimSignature.validated', 'assertion.dataHash.match', 'signingCredential.trusted']),
		);
		expect(tnxt.usage.inspectCalls).toBe(1);
	});

	test('an unsigned asset has no credentials (a result, not an error)', async () => {
		const res = await inspect(sampleJpeg(5000));
		expect(res.status).toBe(200);
		const report = res.json();
		expect(report.verdict).toBe('no_credentials');
		expect(report.manifestStore).toBeNull();
		expect(report.summary).toEqual({ hasCredentials: false, signer: null, claimGenerator: null, assertions: [], failures: [] });
		expect(typeof report.assetId).toBe('string');
	});

	test('a changed byte in the media -> invalid, assertion.dataHash.mismatch', async () => {
		const original = sampleJpeg(50000);
		const signed = Buffer.from((await protectedCopy(original)).buffer);
		signed[25000] ^= 0x01;
		const report = (await inspect(signed)).json();
		expect(report.verdict).toBe('invalid');
		expect(report.summary.failures).toEqual(['assertion.dataHash.mismatch']);
		expect(report.manifestStore.validation_state).toBe('Invalid');
		expect(report.manifestStore.validation_results.activeManifest.failure.map((f) => f.code)).toEqual(['assertion.dataHash.mismatch']);
	});

	// The COSE_Sign1 ends with: null payload (0xf6), a 64-byte byte string (0x58 0x40), the ES256 signature.
	function signatureOffset(signed) {
		const at = signed.indexOf(Buffer.from([0xf6, 0x58, 0x40]));
		expect(at).toBeGreaterThan(0);
		return at + 3;
	}

	test('a protected file cut short (its container no longer parses) -> 400 bad_request, not billed', async () => {
		const signed = (await protectedCopy(sampleJpeg(5000))).buffer;
		tnxt.reset();
		const res = await inspect(signed.subarray(0, 1000));
		expectApiError(res, 400, 'bad_request');
		expect(res.json().error.message).toMatch(/not a readable image\/jpeg file/);
		expect(tnxt.usage.inspectCalls).toBe(0);
		expectApiError(await protect(signed.subarray(0, 1000)), 400, 'bad_request');
		expect(tnxt.usage.protectCalls).toBe(0);
	});

	test('a changed signature -> invalid, claimSignature.mismatch', async () => {
		const signed = Buffer.from((await protectedCopy(sampleJpeg(5000))).buffer);
		signed[signatureOffset(signed) + 10] ^= 0x01;
		const report = (await inspect(signed)).json();
		expect(report.verdict).toBe('invalid');
		expect(report.summary.failures).toContain('claimSignature.mismatch');
	});

	test('a changed assertion (the creator) -> invalid, its hashed URI no longer matches', async () => {
		const signed = Buffer.from((await protectedCopy(sampleJpeg(5000), { metadata: { creator: 'Ana Example' } })).buffer);
		const at = signed.indexOf(Buffer.from('Ana Example'));
		expect(at).toBeGreaterThan(0);
		signed[at] = 0x42; // "Bna Example"
		const report = (await inspect(signed)).json();
		expect(report.verdict).toBe('invalid');
		expect(report.summary.failures).toContain('assertion.hashedURI.mismatch');
	});

	// [start, end) of the JPEG's APP11 segments, where C2PA keeps the manifest store.
	function app11Ranges(jpeg) {
		const ranges = [];
		let at = 2;
		while (at + 4 <= jpeg.length && jpeg[at] === 0xff && jpeg[at + 1] !== 0xda) {
			const end = at + 2 + jpeg.readUInt16BE(at + 2);
			if (jpeg[at + 1] === 0xeb) ranges.push([at, end]);
			at = end;
		}
		return ranges;
	}

	test('every single-byte change to the file outside its manifest store breaks it', async () => {
		const original = sampleJpeg(400);
		const { buffer: signed } = await tnxt.protectBytes(original, { filename: 'a.jpg' });
		expect((await tnxt.inspectBytes(signed)).verdict).toBe('trusted');
		const store = app11Ranges(signed);
		expect(store.length).toBeGreaterThan(0);
		// Inside the store, what is signed (claim, assertions, signature) is covered by the tests
		// above; the store's own box headers are not hashed, as C2PA excludes the store from the
		// data hash, and c2pa-rs tolerates some changes there.
		const outside = (i) => !store.some(([start, end]) => i >= start && i < end);
		let checked = 0;
		for (let i = 0; i < signed.length; i++) {
			if (!outside(i)) continue;
			const copy = Buffer.from(signed);
			copy[i] ^= 0x20;
			// A change to the magic bytes makes it no JPEG at all: Inspect would refuse it (415).
			const verdict = detectMediaType(copy) ? (await tnxt.inspectBytes(copy)).verdict : 'unsupported';
			if (verdict === 'trusted' || verdict === 'valid') throw new Error(`flipping byte ${i} of ${signed.length} left the manifest ${verdict}`);
			checked++;
		}
		expect(checked).toBe(original.length);
	}, 120000);

	test('signed by a signer not on the trust list -> valid; the untrusted signer is the one failure, not counted against integrity', async () => {
		const original = sampleMedia('mp4', 8000);
		const signed = (await protectedCopy(original, { filename: 'clip.mp4', type: 'video/mp4' })).buffer;
		tnxt.setTrustAnchors([]);
		const report = (await inspect(signed, { filename: 'clip.mp4', type: 'video/mp4' })).json();
		expect(report.verdict).toBe('valid');
		expect(report.summary.failures).toEqual(['signingCredential.untrusted']);
		expect(report.summary.signer.commonName).toBe('C2PA Signer');
		expect(report.manifestStore.validation_state).toBe('Valid');
		expect(report.manifestStore).toEqual((await readAsset(signed, { mediaType: 'video/mp4', trustAnchors: [] })).store);
		// Trusting the signer's issuing CA again (over HTTP this time) makes it trusted.
		await request(`${tnxt.origin}/__mock/trust`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ anchors: [getTestSigner().issuerPem] }) });
		expect((await inspect(signed)).json().verdict).toBe('trusted');
	});

	test.each(
		['with-manifest', 'without-manifest', 'malformed'].flatMap((folder) => fs.readdirSync(path.join(C2PA_FIXTURES, folder)).map((name) => [`${folder}/${name}`])),
	)('shared fixture %s: the verdict c2pa-rs gives', async (relative) => {
		const bytes = fs.readFileSync(path.join(C2PA_FIXTURES, relative));
		const res = await inspect(bytes, { filename: path.basename(relative), type: 'application/octet-stream' });
		const mediaType = detectMediaType(bytes);
		if (!mediaType) {
			// Not one of TrustNXT's media types (WebP): refused before anything is read or billed.
			expectApiError(res, 415, 'unsupported_media_type');
			return;
		}
		expect(res.status).toBe(200);
		const report = res.json();
		const reference = await readAsset(bytes, { mediaType });
		if (reference.notFound) {
			expect(report).toMatchObject({ verdict: 'no_credentials', manifestStore: null, summary: { hasCredentials: false } });
		} else {
			const verdict = { Trusted: 'trusted', Valid: 'valid', Invalid: 'invalid' }[reference.store.validation_state];
			expect(report.verdict).toBe(verdict);
			expect(report.manifestStore).toEqual(reference.store);
			expect(report.summary.failures).toEqual([...new Set(reference.store.validation_results.activeManifest.failure.map((f) => f.code))]);
		}
		// What SOURCES.md says of them, independent of any reader.
		if (relative.startsWith('without-manifest/')) expect(report.verdict).toBe('no_credentials');
		if (relative.startsWith('with-manifest/')) expect(report.summary.hasCredentials).toBe(true);
		if (/XCA/.test(relative)) expect(report).toMatchObject({ verdict: 'invalid', summary: { failures: expect.arrayContaining(['assertion.dataHash.mismatch']) } });
		if (/E-sig/.test(relative)) expect(report).toMatchObject({ verdict: 'invalid', summary: { failures: expect.arrayContaining(['claimSignature.mismatch']) } });
	});

	test('labels verify across mock restarts (the signing key is stable)', async () => {
		const signed = (await protect(sampleJpeg(3000))).buffer;
		const other = await startTrustNxtMock();
		try {
			const res = await call('/v1/inspect', { method: 'POST', body: form(signed), origin: other.origin });
			expect(res.json().verdict).toBe('trusted');
		} finally {
			await other.close();
		}
	});
});

describe('faults and routes', () => {
	test('429 rate_limited with Retry-After, JSON error shape', async () => {
		tnxt.injectFault({ path: '/v1/protect', status: 429, retryAfter: 3 });
		const res = await protect(sampleJpeg(1000));
		expectApiError(res, 429, 'rate_limited');
		expect(res.headers['retry-after']).toBe('3');
		expect(tnxt.usage.protectCalls).toBe(0);
		expect((await protect(sampleJpeg(1000))).status).toBe(200);
	});

	test('5xx in json, text or html; billed faults count as processed', async () => {
		tnxt.injectFault({ path: '/v1/inspect', status: 503, retryAfter: 1 });
		expectApiError(await inspect(sampleJpeg(100)), 503, 'service_unavailable');
		tnxt.injectFault({ path: '/v1/inspect', status: 502, bodyStyle: 'html' });
		const html = await inspect(sampleJpeg(100));
		expect([html.status, html.headers['content-type']]).toEqual([502, 'text/html']);
		expect(html.buffer.toString()).toContain('<h1>502 Bad Gateway</h1>');
		tnxt.injectFault({ path: '/v1/inspect', status: 500, bodyStyle: 'text' });
		expect((await inspect(sampleJpeg(100))).buffer.toString()).toBe('Internal Server Error');
		expect(tnxt.usage.inspectCalls).toBe(0);
		tnxt.injectFault({ path: '/v1/protect', status: 500, billed: true });
		expect((await protect(sampleJpeg(100))).status).toBe(500);
		expect(tnxt.usage.protectCalls).toBe(1);
	});

	test('reset-upload and reset break the connection', async () => {
		tnxt.injectFault({ path: '/v1/protect', kind: 'reset-upload' });
		await expect(protect(sampleJpeg(4 * 1024 * 1024))).rejects.toThrow();
		tnxt.injectFault({ path: '/v1/protect', kind: 'reset' });
		await expect(protect(sampleJpeg(100000))).rejects.toThrow();
		expect((await protect(sampleJpeg(1000))).status).toBe(200);
	});

	test('unknown routes -> 404 JSON; controls over HTTP', async () => {
		expectApiError(await call('/v2/protect', { method: 'POST' }), 404, 'not_found');
		expectApiError(await call('/v1/protect'), 404, 'not_found');
		const control = (path, method, value) =>
			request(`${tnxt.origin}${path}`, { method, headers: { 'content-type': 'application/json' }, body: JSON.stringify(value) });
		await control('/__mock/limits', 'POST', { inspectCalls: 0 });
		expectApiError(await inspect(sampleJpeg(100)), 402, 'usage_limit_reached');
		await control('/__mock/faults', 'POST', { path: '/v1/usage', status: 401 });
		expectApiError(await call('/v1/usage'), 401, 'unauthorized');
		const log = await (await request(`${tnxt.origin}/__mock/requests`)).body.json();
		expect(log.map((r) => [r.path, r.status])).toEqual([
			['/v2/protect', 404],
			['/v1/protect', 404],
			['/v1/inspect', 402],
			['/v1/usage', 401],
		]);
		await control('/__mock/reset', 'POST', {});
		expect(tnxt.requests).toHaveLength(0);
		expect(tnxt.limits).toBeNull();
	});
});
