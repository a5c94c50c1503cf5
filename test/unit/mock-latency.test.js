'use strict';
// The mocks' emulated round trip (test/mocks/mock-kit.js): every API request waits the configured
// time before it is handled, concurrent requests wait side by side (a network, not a slow server),
// the /__mock/* controls are never delayed, and the value can be set at start, by
// MOCK_LATENCY_MS, or changed on a running server.
const http = require('node:http');
const { startTrintMock, TRINT_FIXTURES } = require('../mocks/trint-mock');
const { startTrustNxtMock, TRUSTNXT_FIXTURES } = require('../mocks/trustnxt-mock');

const TRINT_AUTH = `Basic ${Buffer.from(`${TRINT_FIXTURES.keyId}:${TRINT_FIXTURES.keySecret}`).toString('base64')}`;

/** One request on a fresh connection; resolves with the status, the body and the time to the response head. */
function timed(url, { method = 'GET', headers = {}, body } = {}) {
	return new Promise((resolve, reject) => {
		const started = process.hrtime.bigint();
		const req = http.request(url, { method, headers, agent: false }, (res) => {
			const headMs = Number(process.hrtime.bigint() - started) / 1e6;
			const chunks = [];
			res.on('data', (chunk) => chunks.push(chunk));
			res.on('end', () => resolve({ status: res.statusCode, headMs, body: Buffer.concat(chunks).toString('utf8') }));
		});
		req.on('error', reject);
		req.end(body);
	});
}

const listPage = (mock) => timed(`${mock.origin}/transcripts/?limit=10`, { headers: { authorization: TRINT_AUTH } });

describe('Trint mock', () => {
	let mock;
	beforeAll(async () => {
		mock = await startTrintMock({ processingMs: 0, latencyMs: 150 });
		mock.seedTranscripts(20);
	});
	afterAll(() => mock.close());

	test('the round trip set at start delays every API response head', async () => {
		const { status, headMs, body } = await listPage(mock);
		expect(status).toBe(200);
		expect(JSON.parse(body)).toHaveLength(10);
		// A timer may fire a millisecond early; the delay is never skipped.
		expect(headMs).toBeGreaterThanOrEqual(148);
		const rejected = await timed(`${mock.origin}/transcripts/`, { headers: { authorization: 'Basic bm8=' } });
		expect(rejected.status).toBe(401);
		expect(rejected.headMs).toBeGreaterThanOrEqual(148);
	});

	test('concurrent requests wait side by side, as on a network', async () => {
		const started = Date.now();
		const results = await Promise.all(Array.from({ length: 6 }, () => listPage(mock)));
		const wallMs = Date.now() - started;
		expect(results.every((result) => result.status === 200 && result.headMs >= 148)).toBe(true);
		// One after the other would be 6 × 150 ms.
		expect(wallMs).toBeLessThan(600);
	});

	test('the controls are not delayed and change the round trip of a running server', async () => {
		const read = await timed(`${mock.origin}/__mock/latency`);
		expect(JSON.parse(read.body)).toEqual({ ms: 150 });
		expect(read.headMs).toBeLessThan(140);
		const set = await timed(`${mock.origin}/__mock/latency`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ ms: 50 }) });
		expect(JSON.parse(set.body)).toEqual({ ms: 50 });
		expect(mock._server.latencyMs).toBe(50);
		const fifty = await listPage(mock);
		expect(fifty.headMs).toBeGreaterThanOrEqual(48);
		const refused = await timed(`${mock.origin}/__mock/latency`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ ms: -1 }) });
		expect(refused.status).toBe(400);
		expect(mock._server.latencyMs).toBe(50);
		mock._server.setLatency(0);
		const none = await timed(`${mock.origin}/__mock/latency`);
		expect(JSON.parse(none.body)).toEqual({ ms: 0 });
	});
});

describe('TrustNXT mock', () => {
	const saved = process.env.MOCK_LATENCY_MS;
	afterEach(() => {
		if (saved === undefined) delete process.env.MOCK_LATENCY_MS;
		else process.env.MOCK_LATENCY_MS = saved;
	});

	test('MOCK_LATENCY_MS sets the round trip when no option does', async () => {
		process.env.MOCK_LATENCY_MS = '120';
		const tnxt = await startTrustNxtMock();
		try {
			expect(tnxt._server.latencyMs).toBe(120);
			const usage = await timed(`${tnxt.origin}/v1/usage`, { headers: { 'x-api-key': TRUSTNXT_FIXTURES.apiKey, 'x-api-secret': TRUSTNXT_FIXTURES.apiSecret } });
			expect(usage.headMs).toBeGreaterThanOrEqual(118);
		} finally {
			await tnxt.close();
		}
		const explicit = await startTrustNxtMock({ latencyMs: 0 });
		try {
			expect(explicit._server.latencyMs).toBe(0);
		} finally {
			await explicit.close();
		}
	});

	test('without either, there is no delay', async () => {
		delete process.env.MOCK_LATENCY_MS;
		const tnxt = await startTrustNxtMock();
		try {
			expect(tnxt._server.latencyMs).toBe(0);
		} finally {
			await tnxt.close();
		}
	});
});
