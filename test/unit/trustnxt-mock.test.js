'use strict';

// Tests of the TrustNXT mock itself, through real sockets, against the wire contract shared/contracts/trustnxt-api.md.

const crypto = require('crypto');
const { request, FormData } = require('undici');
const { startTrustNxtMock, TRUSTNXT_FIXTURES: F, sampleJpeg, samplePng, sampleMedia, detectMediaType } = require('../mocks/trustnxt-mock');

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

beforeAll(async () => {
	tnxt = await startTrustNxtMock({ port: 0 });
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
	test('returns the original bytes plus a label, with type, filename and asset id headers', async () => {
		const original = sampleJpeg(300000);
		const res = await protect(original, { filename: 'Straße 1.jpg', metadata: { title: 'Flood', creator: 'Desk', doNotTrain: true } });
		expect(res.status).toBe(200);
		expect(res.headers['content-type']).toBe('image/jpeg');
		expect(res.headers['content-disposition']).toMatch(/^attachment; filename="Stra_e 1\.jpg"; filename\*=UTF-8''Stra%C3%9Fe%201\.jpg$/);
		const assetId = res.headers['x-trustnxt-asset-id'];
		expect(assetId).toMatch(/^ast_[0-9a-f]+$/);
		expect(res.buffer.length).toBeGreaterThan(original.length);
		expect(res.buffer.subarray(0, original.length).equals(original)).toBe(true);
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

	test.each(['jpeg', 'png', 'heic', 'heif', 'avif', 'mp3', 'mp4'])('accepts %s by magic bytes, whatever the declared type', async (kind) => {
		const file = sampleMedia(kind, 5000);
		const res = await protect(file, { filename: `x.${kind}`, type: 'application/octet-stream' });
		expect(res.status).toBe(200);
		expect(res.headers['content-type']).toBe(detectMediaType(file));
		expect(res.buffer.subarray(0, file.length).equals(file)).toBe(true);
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

	// Speed is measured in `npm run bench`; here only that every call is served and counted once.
	test('20 protects of 5 MB images are each served, billed and given their own asset id', async () => {
		const image = sampleJpeg(5 * 1024 * 1024);
		for (let i = 0; i < 20; i++) expect((await protect(image)).status).toBe(200);
		expect(tnxt.usage.protectCalls).toBe(20);
		expect(new Set(tnxt.protectedAssets.map((a) => a.assetId)).size).toBe(20);
	}, 120000);
});

describe('inspect', () => {
	async function protectedCopy(original, options) {
		const res = await protect(original, options);
		expect(res.status).toBe(200);
		return res;
	}

	test('a freshly protected asset is trusted, with the report shape of the contract', async () => {
		const original = samplePng(20000);
		const protectedRes = await protectedCopy(original, { filename: 'chart.png', type: 'image/png', metadata: { title: 'Chart' } });
		const res = await inspect(protectedRes.buffer, { filename: 'chart.png', type: 'image/png' });
		expect(res.status).toBe(200);
		const report = res.json();
		expect(report.assetId).toBe(protectedRes.headers['x-trustnxt-asset-id']);
		expect(report.verdict).toBe('trusted');
		expect(report.summary).toEqual({
			hasCredentials: true,
			signer: { issuer: 'TrustNXT GmbH', commonName: 'TrustNXT Protect', alg: expect.any(String), time: expect.any(String) },
			claimGenerator: 'TrustNXT Protect',
			assertions: expect.arrayContaining(['c2pa.actions.v2', 'c2pa.hash.data']),
			failures: [],
		});
		expect(Math.abs(Date.parse(report.summary.signer.time) - Date.now())).toBeLessThan(60000);
		const store = report.manifestStore;
		expect(store.validation_state).toBe('Trusted');
		expect(store.manifests[store.active_manifest]).toMatchObject({ claim_generator: 'TrustNXT Protect', title: 'chart.png', format: 'image/png' });
		const hashAssertion = store.manifests[store.active_manifest].assertions.find((a) => a.label === 'c2pa.hash.data');
		expect(hashAssertion.data).toMatchObject({ hash: sha256(original), length: original.length });
		const meta = store.manifests[store.active_manifest].assertions.find((a) => a.label === 'com.trustnxt.metadata');
		expect(meta.data).toEqual({ title: 'Chart' });
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

	test('a changed signature -> invalid, claimSignature.mismatch', async () => {
		const signed = Buffer.from((await protectedCopy(sampleJpeg(5000))).buffer);
		const text = signed.toString('latin1');
		const at = text.indexOf('"signature":"') + '"signature":"'.length + 5;
		signed[at] = signed[at] === 0x41 ? 0x42 : 0x41; // another base64 letter
		const report = (await inspect(signed)).json();
		expect(report.verdict).toBe('invalid');
		expect(report.summary.failures).toContain('claimSignature.mismatch');
	});

	test('a changed claim (the recorded hash) -> invalid, claimSignature.mismatch', async () => {
		const original = sampleJpeg(5000);
		const signed = Buffer.from((await protectedCopy(original)).buffer);
		const hash = Buffer.from(sha256(original));
		const at = signed.indexOf(hash, original.length);
		expect(at).toBeGreaterThan(0);
		signed[at] = signed[at] === 0x30 ? 0x31 : 0x30;
		const report = (await inspect(signed)).json();
		expect(report.verdict).toBe('invalid');
		expect(report.summary.failures).toEqual(expect.arrayContaining(['claimSignature.mismatch', 'assertion.dataHash.mismatch']));
	});

	test('every single-byte change anywhere breaks the label', async () => {
		const original = sampleJpeg(400);
		const signed = tnxt.protectBytes(original, { filename: 'a.jpg' }).buffer;
		expect(tnxt.inspectBytes(signed).verdict).toBe('trusted');
		for (let i = 0; i < signed.length; i++) {
			const copy = Buffer.from(signed);
			copy[i] ^= 0x20;
			const { verdict } = tnxt.inspectBytes(copy);
			if (verdict === 'trusted' || verdict === 'valid') throw new Error(`flipping byte ${i} of ${signed.length} left the label ${verdict}`);
		}
	});

	test('signed by a key the mock does not trust -> valid', async () => {
		const original = sampleMedia('mp4', 8000);
		const signed = tnxt.signWithUntrustedKey(original, { filename: 'clip.mp4' });
		expect(signed.subarray(0, original.length).equals(original)).toBe(true);
		const report = (await inspect(signed, { filename: 'clip.mp4', type: 'video/mp4' })).json();
		expect(report.verdict).toBe('valid');
		expect(report.summary.failures).toEqual([]);
		expect(report.summary.signer.commonName).not.toBe('TrustNXT Protect');
		expect(report.manifestStore.validation_state).toBe('Valid');
		expect(report.manifestStore.validation_results.activeManifest.informational.map((i) => i.code)).toContain('signingCredential.untrusted');
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
