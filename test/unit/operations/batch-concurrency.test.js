'use strict';
// Batch Concurrency on the operations that take it, in-process against the mocks over real
// sockets: how many requests the mock really saw at once, the output in input order and paired,
// a 429 lowering the concurrency for the items that follow, a failed item under Continue On Fail.
// Each mock answers after a short emulated round trip, so requests of one batch overlap.
const crypto = require('node:crypto');
const { startTrustNxtMock, sampleJpeg } = require('../../mocks/trustnxt-mock');
const { trustNxtCredentials, runTrint, runTrustNxt, requestsTo, expectPaired, useFastTrintMock } = require('./setup');

const ROUND_TRIP_MS = 40;
const sha256 = (bytes) => crypto.createHash('sha256').update(bytes).digest('hex');

describe('Transcript → Upload', () => {
	let trint;
	let credentials;
	useFastTrintMock(
		(mock, creds) => {
			trint = mock;
			credentials = creds;
		},
		(mock) => mock._server.setLatency(ROUND_TRIP_MS),
	);

	const audio = (index) => Buffer.concat([Buffer.from('ID3'), crypto.createHash('sha512').update(`take-${index}`).digest(), Buffer.alloc(2048 + index, index)]);
	const name = (index) => `take-${String(index).padStart(2, '0')}.mp3`;
	const files = (count) => Array.from({ length: count }, (_, index) => ({ json: { index }, binary: { data: { data: audio(index).toString('base64'), fileName: name(index), mimeType: 'audio/mpeg' } } }));
	const upload = (options = {}) => ({ resource: 'transcript', operation: 'upload', source: 'binary', binaryPropertyName: 'data', language: 'en', waitForTranscription: false, options });
	const expectEachStoredOnce = (count) => {
		const counts = trint.uploadCounts();
		for (let index = 0; index < count; index++) {
			expect(counts[name(index)]).toMatchObject({ stored: 1, sha256: [sha256(audio(index))] });
		}
		expect(trint.uploads).toHaveLength(count);
	};

	test('Batch Concurrency 4: up to 4 uploads at once at the mock, the output in input order, each paired, each file stored once', async () => {
		const { items, error, ctx } = await runTrint(credentials, upload({ batchConcurrency: 4 }), { items: files(10) });
		expect(error).toBeUndefined();
		expect(trint.concurrency.max).toBe(4);
		expect(items.map((item) => item.json.title)).toEqual(Array.from({ length: 10 }, (_, index) => name(index)));
		const idByName = new Map(trint.uploads.map((stored) => [stored.filename, stored.trintId]));
		expect(items.map((item) => item.json.trintId)).toEqual(items.map((item) => idByName.get(item.json.title)));
		expectPaired(items, [...Array(10).keys()]);
		expectEachStoredOnce(10);
		expect(ctx.hints).toEqual([]);
	});

	test('without the option: one upload after the other', async () => {
		const { items } = await runTrint(credentials, upload(), { items: files(3) });
		expect(items).toHaveLength(3);
		expect(trint.concurrency.max).toBe(1);
	});

	test('a 429 on one upload: resent once after Retry-After, stored once; the items after it run at most 2 at once, and the run says so', async () => {
		trint.injectFault({ path: '/', method: 'POST', query: { filename: name(3) }, status: 429, retryAfter: 1 });
		const { items, error, ctx } = await runTrint(credentials, upload({ batchConcurrency: 4 }), { items: files(20) });
		expect(error).toBeUndefined();
		expect(items.map((item) => item.json.title)).toEqual(Array.from({ length: 20 }, (_, index) => name(index)));
		expectPaired(items, [...Array(20).keys()]);
		expectEachStoredOnce(20);
		expect(trint.uploadCounts()[name(3)]).toMatchObject({ received: 2, statuses: [429, 200] });

		const sent = requestsTo(trint, 'POST', '/');
		const limited = sent.find((request) => request.status === 429);
		const before = sent.filter((request) => request.time <= limited.time);
		// Uploads that may have started before the node took in the 429 (allowing it two round
		// trips) are let finish; every upload that arrives after the last of them has ended runs
		// at the lowered concurrency.
		const stale = sent.filter((request) => request.time <= limited.endTime + 2 * ROUND_TRIP_MS);
		const settled = Math.max(...stale.map((request) => request.endTime));
		const after = sent.filter((request) => request.time > settled);
		expect(Math.max(...before.map((request) => request.inFlight))).toBe(4);
		expect(after.length).toBeGreaterThanOrEqual(5);
		expect(Math.max(...after.map((request) => request.inFlight))).toBeLessThanOrEqual(2);
		expect(ctx.hints).toEqual([expect.objectContaining({ type: 'warning', message: expect.stringMatching(/lowered from 4 to 2 .*429/) })]);
	});

	test('a 500 after Trint stored the file: not sent again; the item says to check Trint first, the others succeed', async () => {
		trint.injectFault({ path: '/', method: 'POST', query: { filename: name(2) }, kind: 'processed', status: 500, bodyStyle: 'json' });
		const { items } = await runTrint(credentials, upload({ batchConcurrency: 3 }), { items: files(6), continueOnFail: true });
		expectPaired(items, [...Array(6).keys()]);
		expect(items[2].json.error).toMatch(/500/);
		expect(items[2].json.description).toMatch(/Trint may have received the file before the failure, so the node did not send it again/);
		expect(items.filter((item, index) => index !== 2).map((item) => item.json.title)).toEqual([0, 1, 3, 4, 5].map(name));
		expect(trint.uploadCounts()[name(2)]).toMatchObject({ received: 1, stored: 1, statuses: [500] });
		expectEachStoredOnce(6);
	});
});

describe('Asset → Protect and Inspect', () => {
	let tnxt;
	let credentials;
	beforeAll(async () => {
		tnxt = await startTrustNxtMock({ port: 0, latencyMs: ROUND_TRIP_MS });
	});
	afterAll(async () => tnxt?.close());
	beforeEach(() => {
		tnxt.reset();
		credentials = trustNxtCredentials(tnxt);
	});

	const photo = (index) => sampleJpeg(4096 + index * 64, `batch-${index}`);
	const fileItem = (bytes, fileName, mimeType = 'image/jpeg') => ({ json: { source: fileName }, binary: { data: { data: bytes.toString('base64'), fileName, mimeType } } });
	// Item 4 is ISO media of a brand the node lets through and TrustNXT refuses (415): one failure
	// among successes. (A file that is plainly no supported format is refused before sending.)
	const refusedByTrustNxt = Buffer.from('000000146674797078797a310000000078797a31', 'hex');
	const inputs = () =>
		Array.from({ length: 8 }, (_, index) => (index === 4 ? fileItem(refusedByTrustNxt, 'note.txt', 'text/plain') : fileItem(photo(index), `photo-${index}.jpg`)));

	test('Protect with Batch Concurrency 3: at most 3 at once, in input order, paired; the refused file is one error item', async () => {
		const { items, error } = await runTrustNxt(credentials, { resource: 'asset', operation: 'protect', binaryPropertyName: 'data', metadata: {}, options: { batchConcurrency: 3, addChecksums: true } }, {
			items: inputs(),
			continueOnFail: true,
		});
		expect(error).toBeUndefined();
		expect(tnxt.concurrency.max).toBe(3);
		expectPaired(items, [...Array(8).keys()]);
		expect(items[4].json.error).toMatch(/HTTP 415/);
		items.forEach((item, index) => {
			if (index === 4) return;
			const stored = tnxt.protectedAssets.find((asset) => asset.filename === `photo-${index}.jpg`);
			expect(item.json).toMatchObject({ assetId: stored.assetId, fileName: `photo-${index}.jpg`, originalSha256: sha256(photo(index)), protectedSha256: stored.protectedSha256 });
		});
		expect(tnxt.protectedAssets.map((asset) => asset.filename).sort()).toEqual([0, 1, 2, 3, 5, 6, 7].map((index) => `photo-${index}.jpg`));
		expect(requestsTo(tnxt, 'POST', '/v1/protect')).toHaveLength(8);
	});

	test('Inspect with Batch Concurrency 3: at most 3 at once, in input order, paired; the refused file is one error item', async () => {
		const { items, error } = await runTrustNxt(credentials, { resource: 'asset', operation: 'inspect', binaryPropertyName: 'data', includeManifestStore: false, options: { batchConcurrency: 3, addChecksums: true } }, {
			items: inputs(),
			continueOnFail: true,
		});
		expect(error).toBeUndefined();
		expect(tnxt.concurrency.max).toBe(3);
		expectPaired(items, [...Array(8).keys()]);
		expect(items[4].json.error).toMatch(/HTTP 415/);
		expect(items[4].json.description).toMatch(/note\.txt/);
		items.forEach((item, index) => {
			if (index === 4) return;
			expect(item.json.error).toBeUndefined();
			expect(item.json.fileSha256).toBe(sha256(photo(index)));
		});
		expect(requestsTo(tnxt, 'POST', '/v1/inspect')).toHaveLength(8);
		expect(tnxt.usage.inspectCalls).toBe(7);
	});
});
