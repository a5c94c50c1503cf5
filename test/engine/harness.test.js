'use strict';
// The engine harness is n8n's own machinery, not an imitation of it: these tests would fail if the
// harness signed requests itself, resolved expressions itself, swallowed Continue On Fail or
// handed nodes whole buffers in filesystem mode. Real sockets, the loopback mocks.
const crypto = require('node:crypto');
const fs = require('node:fs');
const { NodeApiError, NodeOperationError } = require('n8n-workflow');
const engine = require('./harness');
const { startTrintMock, TRINT_FIXTURES } = require('../mocks/trint-mock');
const { startTrustNxtMock, sampleJpeg, TRUSTNXT_FIXTURES } = require('../mocks/trustnxt-mock');

const sha256 = (bytes) => crypto.createHash('sha256').update(bytes).digest('hex');
const basic = (id, secret) => `Basic ${Buffer.from(`${id}:${secret}`).toString('base64')}`;

let trint;
let tnxt;
beforeAll(async () => {
	[trint, tnxt] = await Promise.all([startTrintMock({ port: 0, processingMs: 0 }), startTrustNxtMock({ port: 0 })]);
});
afterAll(async () => {
	await Promise.all([trint?.close(), tnxt?.close()]);
	engine.removeBinaryStorage();
});
beforeEach(() => {
	trint.reset();
	tnxt.reset?.();
	tnxt.clearRequests?.();
});

const trintApi = (extra = {}) => ({ trintApi: { region: 'custom', apiBaseUrl: trint.origin, keyId: TRINT_FIXTURES.keyId, keySecret: TRINT_FIXTURES.keySecret, ...extra } });
const listTranscripts = { authentication: 'keyAndSecret', resource: 'transcript', operation: 'getAll', returnAll: false, limit: 1 };

describe('credentials: the credential class\'s own authenticate is what goes on the wire', () => {
	test('Trint API: Basic from Key ID and Key Secret; another key pair, another header', async () => {
		const first = await engine.runNode('trint', { credentials: trintApi(), parameters: listTranscripts });
		expect(first.error).toBeUndefined();
		expect(trint.requests.at(-1).headers.authorization).toBe(basic(TRINT_FIXTURES.keyId, TRINT_FIXTURES.keySecret));
		expect(first.ctx.requests).toEqual([expect.objectContaining({ type: 'trintApi', method: 'GET' })]);

		trint.addKey({ keyId: 'AK-SECOND0001', keySecret: 'second-secret-0123456789abcdef' });
		const second = await engine.runNode('trint', { credentials: trintApi({ keyId: ' AK-SECOND0001 ', keySecret: 'second-secret-0123456789abcdef' }), parameters: listTranscripts });
		expect(second.error).toBeUndefined();
		// Trimmed by TrintApi.authenticate, as it does in n8n.
		expect(trint.requests.at(-1).headers.authorization).toBe(basic('AK-SECOND0001', 'second-secret-0123456789abcdef'));
	});

	test('the class\'s authenticate is the one called: replaced, its header is what the mock sees', async () => {
		const loader = await engine.loadPackage();
		const type = loader.getCredential('trintApi').type;
		const spy = jest.spyOn(type, 'authenticate').mockImplementation(async (credentials, options) => ({ ...options, headers: { ...options.headers, authorization: 'Basic bm90OnRoZS1rZXk=' } }));
		try {
			const { error } = await engine.runNode('trint', { credentials: trintApi(), parameters: listTranscripts });
			expect(spy).toHaveBeenCalledWith(expect.objectContaining({ keyId: TRINT_FIXTURES.keyId }), expect.objectContaining({ method: 'GET' }));
			expect(trint.requests.at(-1).headers.authorization).toBe('Basic bm90OnRoZS1rZXk=');
			expect(error).toBeInstanceOf(NodeApiError); // the mock refuses that key
		} finally {
			spy.mockRestore();
		}
	});

	test('Trint Legacy API: the key in an api-key header, no Basic', async () => {
		const credentials = { trintLegacyApi: { apiKey: TRINT_FIXTURES.legacyKey, region: 'custom', apiBaseUrl: trint.origin } };
		const { error } = await engine.runNode('trint', { credentials, parameters: { ...listTranscripts, authentication: 'legacyKey' } });
		expect(error).toBeUndefined();
		expect(trint.requests.at(-1).headers['api-key']).toBe(TRINT_FIXTURES.legacyKey);
		expect(trint.requests.at(-1).headers.authorization).toBeUndefined();
	});

	test('TrustNXT API: X-API-Key and X-API-Secret; without a secret, no X-API-Secret', async () => {
		const parameters = { resource: 'usage', operation: 'get' };
		const withSecret = await engine.runNode('trustNxt', { credentials: { trustNxtApi: { apiKey: TRUSTNXT_FIXTURES.apiKey, apiSecret: TRUSTNXT_FIXTURES.apiSecret, baseUrl: tnxt.origin } }, parameters });
		expect(withSecret.error).toBeUndefined();
		expect(tnxt.requests.at(-1).headers).toMatchObject({ 'x-api-key': TRUSTNXT_FIXTURES.apiKey, 'x-api-secret': TRUSTNXT_FIXTURES.apiSecret });
		await engine.runNode('trustNxt', { credentials: { trustNxtApi: { apiKey: 'tnxt_live_other', baseUrl: tnxt.origin } }, parameters, continueOnFail: true });
		expect(tnxt.requests.at(-1).headers['x-api-key']).toBe('tnxt_live_other');
		expect(tnxt.requests.at(-1).headers['x-api-secret']).toBeUndefined();
	});
});

test('expressions in parameters are evaluated by n8n, per item, from the input items', async () => {
	const items = [{ json: { desk: 'Politics' } }, { json: { desk: 'Sport' } }];
	const { items: output, error } = await engine.runNode('trint', {
		credentials: trintApi(),
		parameters: { authentication: 'keyAndSecret', resource: 'folder', operation: 'create', name: '={{ $json.desk.toUpperCase() + " desk " + ($itemIndex + 1) }}' },
		items,
	});
	expect(error).toBeUndefined();
	expect(output.map((item) => item.json.name)).toEqual(['POLITICS desk 1', 'SPORT desk 2']);
	const created = trint.requests.filter((request) => request.method === 'POST' && request.path.startsWith('/folders'));
	expect(created.map((request) => request.json?.name ?? request.query.name)).toEqual(['POLITICS desk 1', 'SPORT desk 2']);
});

describe('Continue On Fail', () => {
	const getById = (index) => ({ authentication: 'keyAndSecret', resource: 'transcript', operation: 'get', transcriptId: { __rl: true, mode: 'id', value: index === 1 ? known.id : 'AAAAAAAAAAAAAAAAAAAAAA' } });
	let known;
	beforeEach(() => {
		known = trint.addTranscript({ title: 'Known.mp3' });
	});

	test('on: one output per input, failed ones as error items paired to their inputs', async () => {
		const items = [{ json: { n: 0 } }, { json: { n: 1 } }, { json: { n: 2 } }];
		const { items: output, error } = await engine.runNode('trint', { credentials: trintApi(), parameters: getById, items, continueOnFail: true });
		expect(error).toBeUndefined();
		expect(output.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
		expect(output[0].json.error).toMatch(/HTTP 403/);
		expect(output[1].json.id).toBe(known.id);
		expect(output[2].json.error).toMatch(/HTTP 403/);
	});

	test('off: the run fails with the node\'s own NodeApiError; a refused field is its NodeOperationError', async () => {
		const { error, items } = await engine.runNode('trint', { credentials: trintApi(), parameters: getById, items: [{ json: {} }] });
		expect(items).toBeUndefined();
		expect(error).toBeInstanceOf(NodeApiError);
		expect(error.message).toMatch(/HTTP 403/);
		expect(error.description).toEqual(expect.any(String));
		const bad = await engine.runNode('trint', { credentials: trintApi(), parameters: { ...listTranscripts, limit: 2.5 } });
		expect(bad.error).toBeInstanceOf(NodeOperationError);
		expect(bad.error.message).toMatch(/"Limit"/);
	});
});

describe.each(['default', 'filesystem'])('binary data service, %s mode: the same upload', (mode) => {
	test('the input file is stored by n8n\'s service and reaches the mock whole; in filesystem mode from disk, as a stream', async () => {
		const photo = sampleJpeg(300 * 1024, `engine-${mode}`);
		const item = { json: {}, binary: { data: { data: photo.toString('base64'), fileName: 'photo.jpg', mimeType: 'image/jpeg' } } };
		const { items, error, ctx } = await engine.runNode('trustNxt', {
			credentials: { trustNxtApi: { apiKey: TRUSTNXT_FIXTURES.apiKey, apiSecret: TRUSTNXT_FIXTURES.apiSecret, baseUrl: tnxt.origin } },
			parameters: { resource: 'asset', operation: 'protect', binaryPropertyName: 'data' },
			items: [item],
			binaryDataMode: mode,
		});
		expect(error).toBeUndefined();
		expect(tnxt.protectedAssets.at(-1).originalSha256).toBe(sha256(photo));
		const [given] = ctx.inputItems;
		const service = engine.currentBinaryDataService();
		if (mode === 'filesystem') {
			// n8n's service put the file on disk and handed the node an id, not the bytes.
			expect(given.binary.data).toMatchObject({ id: expect.stringMatching(/^filesystem-v2:/), data: 'filesystem-v2', bytes: photo.length });
			const file = service.getPath(given.binary.data.id);
			expect(fs.readFileSync(file).equals(photo)).toBe(true);
			// The node read it as a stream; it never asked the service for the whole buffer.
			expect(ctx.binaryData.streams).toBeGreaterThanOrEqual(1);
			expect(ctx.binaryData.buffers).toBe(0);
			expect(items[0].binary.data.id).toMatch(/^filesystem-v2:/);
		} else {
			expect(given.binary.data.id).toBeUndefined();
			expect(Buffer.from(given.binary.data.data, 'base64').equals(photo)).toBe(true);
			expect(ctx.binaryData.streams).toBe(0);
			expect(items[0].binary.data.id).toBeUndefined();
		}
		// Either way the protected copy comes back through the service with the mock's bytes.
		expect(engine.binaryBytes(items[0].binary.data).subarray(0, 2).equals(Buffer.from([0xff, 0xd8]))).toBe(true);
		expect(items[0].pairedItem).toEqual({ item: 0 });
	});
});

test('execution hints come from the run data of the node', async () => {
	const { ctx } = await engine.runNode('trint', { credentials: trintApi(), parameters: listTranscripts });
	expect(ctx.hints).toBe(ctx.runData.Trint[0].hints);
});
