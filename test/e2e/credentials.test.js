'use strict';
// The credential "Test" buttons of a real n8n, as the editor calls them: each credential type sends
// its cheap request with its own auth shape, accepts a valid key and rejects a bad one.
const { N8nInstance, packPack } = require('./harness');
const { sandboxCredentials } = require('./harness/credentials');
const { startTrintMock, TRINT_FIXTURES } = require('../mocks/trint-mock');
const { startTrustNxtMock, TRUSTNXT_FIXTURES } = require('../mocks/trustnxt-mock');

const { scanForSecrets } = require('./secrets');

/** Everything the runs printed, kept for the secret scan at the end. */
const RUN_OUTPUTS = [];
const EXTRA_SECRETS = ['not-the-secret'];

jest.setTimeout(10 * 60 * 1000);

let trint;
let trustnxt;
let n8n;
let credentials;

beforeAll(async () => {
	trint = await startTrintMock({ port: 0 });
	trustnxt = await startTrustNxtMock({ port: 0 });
	credentials = sandboxCredentials({ trintOrigin: trint.origin, trustnxtOrigin: trustnxt.origin });
	n8n = await N8nInstance.create({ tarball: await packPack() });
	await n8n.importCredentials(credentials);
	await n8n.start();
	await n8n.setupOwner();
});

afterAll(async () => {
	await n8n?.destroy();
	await trint?.close();
	await trustnxt?.close();
});

function credentialOf(type) {
	return credentials.find((credential) => credential.type === type);
}

/** What the editor's "Test" button sends: the stored credential, with the data as edited. */
async function testCredential(type, dataChanges = {}) {
	const credential = credentialOf(type);
	const response = await n8n.rest('POST', '/rest/credentials/test', {
		credentials: { id: credential.id, name: credential.name, type, data: { ...credential.data, ...dataChanges } },
	});
	RUN_OUTPUTS.push(JSON.stringify(response));
	return response.data;
}

describe('Trint API (Key ID & Secret)', () => {
	test('a valid key passes with GET /transcripts/?limit=1&skip=0 over HTTP Basic', async () => {
		trint.clearRequests();
		const result = await testCredential('trintApi');
		expect(result.status).toBe('OK');
		expect(trint.requests).toHaveLength(1);
		const [request] = trint.requests;
		expect([request.method, request.path, request.query]).toEqual(['GET', '/transcripts/', { limit: '1', skip: '0' }]);
		expect(request.headers.authorization).toBe(`Basic ${Buffer.from(`${TRINT_FIXTURES.keyId}:${TRINT_FIXTURES.keySecret}`).toString('base64')}`);
		expect(request.headers['api-key']).toBeUndefined();
		expect(request.headers.accept).toMatch(/application\/json/);
	});
	test('an expired key is rejected', async () => {
		const result = await testCredential('trintApi', { keyId: TRINT_FIXTURES.expiredKeyId });
		expect(result.status).toBe('Error');
		expect(JSON.stringify(result)).not.toContain(TRINT_FIXTURES.keySecret);
	});
	test('a wrong secret is rejected', async () => {
		expect((await testCredential('trintApi', { keySecret: 'not-the-secret' })).status).toBe('Error');
	});
});

describe('Trint: what the Test says when it fails', () => {
	test('Region "Custom URLs" with a wrong secret: advice about the custom URLs, not "Region EU"', async () => {
		const result = await testCredential('trintApi', { keySecret: 'not-the-secret' });
		expect(result.status).toBe('Error');
		expect(result.message).toMatch(/with Region "Custom URLs", check that the URLs lead to the Trint tenant the key was created on/);
		expect(result.message).not.toMatch(/EU accounts \(signing in at app\.eu\.trint\.com\) need Region EU\./);
	});
	test('the legacy credential gives the same Region advice', async () => {
		const result = await testCredential('trintLegacyApi', { apiKey: 'not-a-valid-legacy-key' });
		expect(result.status).toBe('Error');
		expect(result.message).toMatch(/with Region "Custom URLs", check that the URLs lead to the Trint tenant/);
	});
	test('unreachable: n8n shows only the bare code, and the notice above the Test button says what it means', async () => {
		const result = await testCredential('trintApi', { apiBaseUrl: 'http://127.0.0.1:1' });
		expect(result.status).toBe('Error');
		expect(result.message).toMatch(/^(ECONNREFUSED|ENOTFOUND|EAI_AGAIN)$/);
		const types = await n8n.rest('GET', '/types/credentials.json');
		for (const name of ['trintApi', 'trintLegacyApi', 'trustNxtApi']) {
			const notice = types.find((type) => type.name === name).properties.find((property) => property.type === 'notice');
			expect({ name, notice: notice.displayName }).toEqual({ name, notice: expect.stringMatching(/If Test answers only ENOTFOUND, EAI_AGAIN or ECONNREFUSED, this n8n could not reach/) });
		}
	});
});

describe('Trint Legacy API', () => {
	test('a valid legacy key passes, sent only as api-key', async () => {
		trint.clearRequests();
		const result = await testCredential('trintLegacyApi');
		expect(result.status).toBe('OK');
		const [request] = trint.requests;
		expect(request.headers['api-key']).toBe(TRINT_FIXTURES.legacyKey);
		expect(request.headers.authorization).toBeUndefined();
	});
	test('a revoked legacy key is rejected', async () => {
		expect((await testCredential('trintLegacyApi', { apiKey: TRINT_FIXTURES.revokedLegacyKey })).status).toBe('Error');
	});
});

describe('TrustNXT API', () => {
	test('key and secret go as X-API-Key and X-API-Secret to GET /v1/usage', async () => {
		trustnxt.clearRequests();
		const result = await testCredential('trustNxtApi');
		expect(result.status).toBe('OK');
		const [request] = trustnxt.requests;
		expect([request.method, request.path]).toEqual(['GET', '/v1/usage']);
		expect(request.headers['x-api-key']).toBe(TRUSTNXT_FIXTURES.apiKey);
		expect(request.headers['x-api-secret']).toBe(TRUSTNXT_FIXTURES.apiSecret);
	});
	test('without a secret no X-API-Secret header is sent at all', async () => {
		trustnxt.clearRequests();
		await testCredential('trustNxtApi', { apiSecret: '' });
		const [request] = trustnxt.requests;
		expect(request.headers['x-api-key']).toBe(TRUSTNXT_FIXTURES.apiKey);
		expect(Object.keys(request.headers)).not.toContain('x-api-secret');
	});
	test('a revoked key is rejected', async () => {
		expect((await testCredential('trustNxtApi', { apiKey: TRUSTNXT_FIXTURES.revokedKey })).status).toBe('Error');
	});
});

describe('secrets', () => {
	test('no key or secret in the log, the run outputs or the database of n8n after everything above', async () => {
		const report = scanForSecrets(n8n, { texts: RUN_OUTPUTS, extraSecrets: EXTRA_SECRETS });
		expect(report.scanned.places).toBeGreaterThan(2);
		expect(report.hits).toEqual([]);
	});
});
