'use strict';
// TrustNXT → Asset and Usage when the service refuses, fails or the input is wrong, run as
// workflows on n8n's engine against the TrustNXT mock (real sockets, real C2PA): a billed call
// (Protect, Inspect) is never sent again after the service may have processed it, a 429 or a
// 503 with Retry-After (not processed) is sent again once, every input item yields one output in
// order, the errors say what the user can do, and no key or secret shows in any output or error.
const crypto = require('node:crypto');
const { sampleJpeg, TRUSTNXT_FIXTURES } = require('../../mocks/trustnxt-mock');
const { useTrustNxtMock, trustNxtCredentials, runTrustNxt, requestsTo, expectNoSecrets, expectPaired, TRUSTNXT_SECRETS, binaryBytes } = require('./setup');

const sha256 = (bytes) => crypto.createHash('sha256').update(bytes).digest('hex');

let tnxt;
let credentials;
useTrustNxtMock((mock, fresh) => {
	tnxt = mock;
	credentials = fresh;
}, (mock) => {
	mock.maxFileBytes = 200 * 1024 * 1024;
});

const PHOTO = sampleJpeg(300 * 1024 + 7, 'faults-photo');
const fileItem = (bytes, fileName = 'photo.jpg', mimeType = 'image/jpeg') => ({ json: {}, binary: { data: { data: bytes.toString('base64'), fileName, mimeType } } });
const protect = (extra = {}) => ({ resource: 'asset', operation: 'protect', binaryPropertyName: 'data', metadata: {}, options: {}, ...extra });
const inspect = (extra = {}) => ({ resource: 'asset', operation: 'inspect', binaryPropertyName: 'data', includeManifestStore: false, options: {}, ...extra });
const usage = { resource: 'usage', operation: 'get', options: {} };
const posts = (path) => requestsTo(tnxt, 'POST', path);
const part = (request, name) => request.parts.find((entry) => entry.name === name);

/** One run (Continue On Fail unless told otherwise); every output and error checked for secrets. */
async function run(parameters, items = [fileItem(PHOTO)], { continueOnFail = true, creds = credentials } = {}) {
	const result = await runTrustNxt(creds, parameters, { items, continueOnFail });
	if (result.error) expectNoSecrets(result.error, TRUSTNXT_SECRETS);
	if (result.items) expectNoSecrets(result.items, TRUSTNXT_SECRETS);
	return result;
}

describe('Protect\'s output and Inspect\'s verdicts', () => {
	test('"Put Output File in Field" keeps the original beside the protected file', async () => {
		const { items: [item] } = await run(protect({ options: { outputBinaryPropertyName: 'protected' } }));
		expect(Object.keys(item.binary).sort()).toEqual(['data', 'protected']);
		expect((await binaryBytes(item.binary.data)).equals(PHOTO)).toBe(true);
		expect(sha256(await binaryBytes(item.binary.protected))).toBe(tnxt.protectedAssets[0].protectedSha256);
		expect(item.json.binaryField).toBe('protected');
		expect(item.binary.data.fileName).toBe('photo.jpg');
		expect(item.binary.protected.fileName).toBe('photo.protected.jpg');
		expect(item.json.fileName).toBe('photo.protected.jpg');
		// Checksums were not asked for, nor metadata: none computed, no metadata part sent.
		expect(Object.keys(item.json).filter((key) => /sha256/i.test(key))).toEqual([]);
		expect(posts('/v1/protect')[0].parts.map((entry) => entry.name)).toEqual(['file']);
	});

	test('one flipped byte: invalid, with the hash mismatch explained in plain words; the file goes on unchanged', async () => {
		const { buffer: signed } = await tnxt.protectBytes(sampleJpeg(80 * 1024, 'faults-tamper'), { filename: 'tampered.jpg' });
		const tampered = Buffer.from(signed);
		let flip = tampered.length - 1000;
		while (tampered[flip] >= 0xf0) flip--;
		tampered[flip] ^= 0x01;
		tnxt.reset();
		const { items: [item], error } = await run(inspect(), [fileItem(tampered, 'tampered.jpg')], { continueOnFail: false });
		expect(error).toBeUndefined();
		expect(item.json.verdict).toBe('invalid');
		expect(item.json.hasCredentials).toBe(true);
		expect(item.json.failures).toEqual([{ code: 'assertion.dataHash.mismatch', meaning: expect.stringMatching(/changed after it was signed/) }]);
		expect(item.json.manifestStore).toBeUndefined();
		expect((await binaryBytes(item.binary.data)).equals(tampered)).toBe(true);
		expect(part(posts('/v1/inspect')[0], 'file').sha256).toBe(sha256(tampered));
	});

	test('a file without a Trust Label: no_credentials is a result, not an error; with Keep Input File off the file is dropped', async () => {
		const plain = sampleJpeg(50 * 1024, 'faults-plain');
		const kept = await run(inspect(), [fileItem(plain, 'plain.jpg')], { continueOnFail: false });
		expect(kept.error).toBeUndefined();
		expect(kept.items[0].json).toMatchObject({ verdict: 'no_credentials', hasCredentials: false, signer: null, failures: [], assertions: [] });
		expect(kept.items[0].json.verdictMeaning).toMatch(/no Trust Label/);
		expect((await binaryBytes(kept.items[0].binary.data)).equals(plain)).toBe(true);
		expect(kept.items[0].json).not.toHaveProperty('fileSha256');
		const dropped = await run(inspect({ options: { keepInputFile: false } }), [fileItem(plain, 'plain.jpg')], { continueOnFail: false });
		expect(dropped.items[0].json.verdict).toBe('no_credentials');
		expect(dropped.items[0].binary).toBeUndefined();
		expect(tnxt.usage.inspectCalls).toBe(2);
	});

	test('a wrong binary field name is refused before anything is sent (or billed)', async () => {
		const { items: [item] } = await run(inspect({ binaryPropertyName: 'image' }));
		expect(item.json.error).toMatch(/No binary property "image"/);
		expect(item.json.description).toMatch(/"data"/);
		expect(tnxt.requests).toHaveLength(0);
	});
});

describe('billed calls are never sent twice where TrustNXT may have processed them', () => {
	test('502 on Inspect: one call, an error item that says to check inspectCalls first', async () => {
		tnxt.injectFault({ path: '/v1/inspect', status: 502, billed: true });
		const { items: [item] } = await run(inspect());
		expect(item.json.error).toMatch(/HTTP 502/);
		expect(item.json.description).toMatch(/may have inspected the file.*Check Usage → Get first: if "inspectCalls" went up/);
		expect(posts('/v1/inspect')).toHaveLength(1);
	});

	test('503 without Retry-After is not repeated either; without Continue On Fail the run fails with the service\'s words', async () => {
		tnxt.injectFault({ path: '/v1/protect', status: 503, retryAfter: null, bodyStyle: 'html' });
		const { error } = await run(protect(), undefined, { continueOnFail: false });
		expect(error.message).toMatch(/HTTP 503/);
		expect(error.description).toMatch(/^TrustNXT said: "[^"]*Service Unavailable/);
		expect(posts('/v1/protect')).toHaveLength(1);
	});

	test('the protected file cut off mid-download: one call, an error that says it was billed', async () => {
		tnxt.injectFault({ path: '/v1/protect', kind: 'reset' });
		const { items: [item] } = await run(protect({ options: { addChecksums: true } }));
		expect(item.json.error).toMatch(/arrived incomplete/);
		expect(item.json.description).toMatch(/billed/);
		expect(item.json.description).toContain(tnxt.protectedAssets[0].assetId);
		expect(posts('/v1/protect')).toHaveLength(1);
	});

	test('429 (not processed): waited for and sent again once; the file arrives whole the second time', async () => {
		tnxt.injectFault({ path: '/v1/protect', status: 429, retryAfter: 1 });
		const { items: [item] } = await run(protect({ options: { addChecksums: true } }));
		expect(item.json.error).toBeUndefined();
		const calls = posts('/v1/protect');
		expect(calls).toHaveLength(2);
		expect(calls[1].time - calls[0].time).toBeGreaterThanOrEqual(900);
		expect(part(calls[1], 'file').sha256).toBe(sha256(PHOTO));
		expect(item.json.originalSha256).toBe(sha256(PHOTO));
		expect(tnxt.usage.protectCalls).toBe(1);
	});

	test('503 with Retry-After (not processed): sent again after the wait', async () => {
		tnxt.injectFault({ path: '/v1/protect', status: 503, retryAfter: 1 });
		const { items: [item] } = await run(protect());
		expect(item.json.assetId).toBe(tnxt.protectedAssets[0].assetId);
		expect(posts('/v1/protect')).toHaveLength(2);
	});

	test('three files, the second one fails after billing: three calls, three items paired in order', async () => {
		const frames = [1, 2, 3].map((index) => fileItem(sampleJpeg(20 * 1024 + index, `faults-batch-${index}`), `frame-${index}.jpg`));
		tnxt.injectFault({ path: '/v1/protect', status: 502, after: 1, billed: true });
		const { items } = await run(protect(), frames);
		expect(items).toHaveLength(3);
		expectPaired(items, [0, 1, 2]);
		expect(items[0].json.assetId).toBeTruthy();
		expect(items[1].json.error).toMatch(/HTTP 502/);
		expect(items[2].json.assetId).toBeTruthy();
		const calls = posts('/v1/protect');
		expect(calls).toHaveLength(3);
		expect([calls[0], calls[2]].map((call) => part(call, 'file').filename)).toEqual(['frame-1.jpg', 'frame-3.jpg']);
		expect(tnxt.usage.protectCalls).toBe(3);
	});
});

describe('usage and limits', () => {
	test('Usage → Get: this period\'s calls, limits and what remains; not billed', async () => {
		tnxt.usage.protectCalls = 12;
		tnxt.usage.inspectCalls = 40;
		tnxt.setLimits({ protectCalls: 1000, inspectCalls: 5000 });
		const { items: [item] } = await run(usage, [{ json: {} }], { continueOnFail: false });
		expect(item.json).toMatchObject({ protectUnlimited: false, inspectUnlimited: false, protectCalls: 12, protectLimit: 1000, protectRemaining: 988, inspectCalls: 40, inspectLimit: 5000, inspectRemaining: 4960 });
		expect(item.json.periodStart).toMatch(/^\d{4}-\d\d-01T00:00:00Z$/);
		expect(item.json.periodEnd).toMatch(/^\d{4}-\d\d-\d\dT23:59:59Z$/);
		expect(tnxt.requests.map((request) => `${request.method} ${request.path}`)).toEqual(['GET /v1/usage']);
		expect(tnxt.usage).toEqual({ protectCalls: 12, inspectCalls: 40 });
	});

	test('no limit: limits and remaining are null; a test-prefixed key works and only gets a hint', async () => {
		tnxt.usage.protectCalls = 3;
		const { items: [item], ctx } = await run(usage, [{ json: {} }], { continueOnFail: false, creds: trustNxtCredentials(tnxt, { apiKey: TRUSTNXT_FIXTURES.sandboxKey, apiSecret: '' }) });
		expect(item.json).toMatchObject({ protectCalls: 3, protectLimit: null, protectRemaining: null, inspectLimit: null, protectUnlimited: true, inspectUnlimited: true });
		expect(tnxt.requests[0].headers['x-api-key']).toBe(TRUSTNXT_FIXTURES.sandboxKey);
		expect(tnxt.requests[0].headers['x-api-secret']).toBeUndefined();
		expect(ctx.hints.map((hint) => hint.message).join(' ')).toMatch(/does not start with "tnxt_live_"/);
	});

	test('402 when the period\'s limit is used up: says so, when it resets, and where to look', async () => {
		tnxt.usage.protectCalls = 5;
		tnxt.setLimits({ protectCalls: 5, inspectCalls: null });
		const { items: [item] } = await run(protect());
		expect(item.json.httpCode).toBe('402');
		expect(item.json.error).toMatch(/usage limit of this billing period is used up/);
		expect(item.json.description).toMatch(/Usage → Get/);
		expect(item.json.description).toMatch(/5 of 5 Protect calls/);
		expect(item.json.description).toMatch(/resets after \d{4}-\d\d-\d\dT23:59:59Z/);
		expect(tnxt.requests.map((request) => `${request.method} ${request.path}`)).toEqual(['POST /v1/protect', 'GET /v1/usage']);
		expect(tnxt.usage.protectCalls).toBe(5);
	});
});

describe('errors a user can act on', () => {
	test('401 "API secret required" with no secret in the credential: add the API Secret', async () => {
		tnxt.requireSecret = true;
		const { items: [item] } = await run(protect(), undefined, { creds: trustNxtCredentials(tnxt, { apiSecret: '' }) });
		expect(item.json.error).toBe('Protect: TrustNXT answered HTTP 401');
		expect(item.json.description).toMatch(/^TrustNXT said: "API secret required"\./);
		expect(item.json.description).toMatch(/asks for an API secret and the credential has none.*paste the key's secret into "API Secret"/);
		expect(item.json.description).not.toMatch(/leave .*empty/i);
		expect(posts('/v1/protect')[0].headers['x-api-secret']).toBeUndefined();
	});

	test('401 (revoked key): what happened and where to get a new key', async () => {
		const { items: [item] } = await run(protect(), undefined, { creds: trustNxtCredentials(tnxt, { apiKey: TRUSTNXT_FIXTURES.revokedKey }) });
		expect(item.json.error).toMatch(/HTTP 401/);
		expect(item.json.description).toMatch(/developer\.trustnxt\.com/);
		expect(posts('/v1/protect')).toHaveLength(1);
	});

	test('413: the file is over the plan\'s size limit, and the node will not shrink it', async () => {
		tnxt.maxFileBytes = 100 * 1024;
		const { items: [item] } = await run(protect());
		expect(item.json.error).toMatch(/HTTP 413/);
		expect(item.json.description).toMatch(/larger than your TrustNXT plan allows/);
		expect(item.json.description).toMatch(/never shrinks or re-encodes/);
		expect(posts('/v1/protect')).toHaveLength(1);
	});

	test('a Base URL that is not a URL is named in the error; nothing is sent', async () => {
		const { items: [item] } = await run(usage, [{ json: {} }], { creds: trustNxtCredentials(tnxt, { baseUrl: 'api trustnxt com' }) });
		expect(item.json.error).toMatch(/"Base URL" is not a URL/);
		expect(tnxt.requests).toHaveLength(0);
	});
});
