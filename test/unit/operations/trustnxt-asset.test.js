'use strict';
// TrustNXT → Asset: Protect, Inspect (with and without "Skip When No Content Credentials"),
// Read Content Credentials, in-process against the TrustNXT mock over real sockets. The mock
// signs and validates real C2PA (c2pa-rs), so a file protected here is inspected and read as
// the real thing; real files from other C2PA implementations come from the shared fixtures.
const crypto = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');
const b = require('../../helpers/c2pa-build');
const { sampleJpeg } = require('../../mocks/trustnxt-mock');
const { C2PA_FIXTURES, useTrustNxtMock, runTrustNxt, requestsTo, expectNoSecrets, expectTrustNxtAuth, expectPaired, TRUSTNXT_SECRETS, storedBinary, storeStats, binaryBytes, EMPTY_BY_EXPRESSION } = require('./setup');

const sha256 = (bytes) => crypto.createHash('sha256').update(bytes).digest('hex');
const fixture = (relative) => fs.readFileSync(path.join(C2PA_FIXTURES, relative));

let tnxt;
let credentials;
useTrustNxtMock((mock, fresh) => {
	tnxt = mock;
	credentials = fresh;
});

const fileItem = (bytes, fileName, mimeType = 'image/jpeg') => ({ json: { source: fileName }, binary: { data: { data: bytes.toString('base64'), fileName, mimeType } } });
const protect = (extra = {}) => ({ resource: 'asset', operation: 'protect', binaryPropertyName: 'data', metadata: {}, options: {}, ...extra });
const inspect = (extra = {}) => ({ resource: 'asset', operation: 'inspect', binaryPropertyName: 'data', includeManifestStore: false, options: {}, ...extra });
const readCredentials = () => ({ resource: 'asset', operation: 'readContentCredentials', binaryPropertyName: 'data' });

describe('Asset → Protect', () => {
	test('each file sent as multipart with the metadata set; the protected file beside the original, checksums that match', async () => {
		const photos = [sampleJpeg(16 * 1024, 'first'), sampleJpeg(24 * 1024, 'second')];
		const metadata = { title: 'Harbour at dawn', creator: 'Newsroom Photo Desk', doNotTrain: true };
		const { items, error } = await runTrustNxt(credentials, protect({ metadata, options: { outputBinaryPropertyName: 'protected', addChecksums: true } }), {
			items: [fileItem(photos[0], 'photo.jpg'), fileItem(photos[1], 'second.jpg')],
		});
		expect(error).toBeUndefined();
		expectPaired(items, [0, 1]);
		items.forEach((item, index) => {
			const stored = tnxt.protectedAssets[index];
			const protectedBytes = binaryBytes(item.binary.protected);
			expect(item.json).toEqual({
				assetId: stored.assetId,
				fileName: index ? 'second.protected.jpg' : 'photo.protected.jpg',
				mimeType: 'image/jpeg',
				originalSize: photos[index].length,
				protectedSize: stored.protectedLength,
				binaryField: 'protected',
				originalSha256: sha256(photos[index]),
				protectedSha256: stored.protectedSha256,
				metadata,
			});
			expect(sha256(protectedBytes)).toBe(stored.protectedSha256);
			expect(binaryBytes(item.binary.data).equals(photos[index])).toBe(true);
			expect(item.binary.protected).toMatchObject({ fileName: item.json.fileName, mimeType: 'image/jpeg' });
			expect(stored).toMatchObject({ filename: index ? 'second.jpg' : 'photo.jpg', originalSha256: sha256(photos[index]), metadata });
		});
		const requests = requestsTo(tnxt, 'POST', '/v1/protect');
		expect(requests).toHaveLength(2);
		for (const request of requests) {
			expectTrustNxtAuth(request);
			expect(request.headers['content-type']).toMatch(/^multipart\/form-data; boundary=/);
			expect(Number(request.headers['content-length'])).toBe(request.bodyLength);
			expect(request.parts.map((part) => part.name).sort()).toEqual(['file', 'metadata']);
		}
		expectNoSecrets(items.map((item) => item.json), TRUSTNXT_SECRETS);
	});

	test('a file n8n keeps on disk is streamed; the protected copy replaces it, same name; Read Content Credentials then finds the label', async () => {
		const photo = sampleJpeg(200 * 1024, 'stored');
		const before = storeStats.streamsOpened;
		const { items } = await runTrustNxt(credentials, protect({ metadata: { title: 'Stored photo' } }), {
			items: [{ json: {}, binary: { data: storedBinary(photo, { fileName: 'stored.jpg', mimeType: 'image/jpeg' }) } }],
		});
		expect(storeStats.streamsOpened).toBe(before + 1);
		expect(items[0].json).toMatchObject({ fileName: 'stored.jpg', binaryField: 'data', originalSize: photo.length, metadata: { title: 'Stored photo' } });
		expect(Object.keys(items[0].binary)).toEqual(['data']);
		expect(tnxt.protectedAssets[0].originalSha256).toBe(sha256(photo));
		expect(tnxt.requests[0].headers['transfer-encoding']).toBeUndefined();

		tnxt.clearRequests();
		const read = await runTrustNxt({}, readCredentials(), { items: [{ json: {}, binary: items[0].binary }] });
		expect(read.items[0].json).toMatchObject({ hasContentCredentials: true, manifestLocation: 'embedded', container: 'JPEG', title: 'Stored photo', validated: false });
		expect(read.items[0].json.claimGenerator).toMatch(/TrustNXT Protect \(mock\)/);
		expect(tnxt.requests).toHaveLength(0);
	});

	test('bad input is refused by field name before any upload; a used-up plan is the pack\'s error, sent once', async () => {
		const photo = sampleJpeg(8 * 1024, 'refused');
		const missing = await runTrustNxt(credentials, protect({ binaryPropertyName: 'image' }), { items: [fileItem(photo, 'p.jpg')] });
		expect(missing.error.message).toBe('No binary property "image" on the input item ("Input Binary Field")');
		const title = await runTrustNxt(credentials, protect({ metadata: { title: 'x'.repeat(1001) } }), { items: [fileItem(photo, 'p.jpg')], continueOnFail: true });
		expect(title.items[0].json.error).toBe('"Title" is 1001 characters long; the most is 1000');
		expectPaired(title.items, [0]);
		expect(tnxt.requests).toHaveLength(0);

		tnxt.setLimits({ protectCalls: 0 });
		const { items } = await runTrustNxt(credentials, protect(), { items: [fileItem(photo, 'p.jpg')], continueOnFail: true });
		expect(items[0].json.error).toBe('Protect: the TrustNXT usage limit of this billing period is used up (HTTP 402)');
		expect(items[0].json.description).toMatch(/has used 0 of 0 Protect calls; the limit resets after .*Usage → Get shows the counts and limits/);
		expect(items[0].binary).toBeUndefined();
		expect(requestsTo(tnxt, 'POST', '/v1/protect')).toHaveLength(1);
		expectNoSecrets(items, TRUSTNXT_SECRETS);
	});
});

describe('Asset → Inspect', () => {
	test('a file this pack protected: the verdict and summary of the mock\'s report, the file passed on unchanged', async () => {
		const { buffer: signed, assetId } = await tnxt.protectBytes(sampleJpeg(16 * 1024, 'inspect'), { filename: 'signed.jpg', metadata: { title: 'Signed' } });
		const expected = await tnxt.inspectBytes(signed);
		const input = fileItem(signed, 'signed.jpg');
		const { items, error, ctx } = await runTrustNxt(credentials, inspect({ includeManifestStore: true, options: { addChecksums: true } }), { items: [input] });
		expect(error).toBeUndefined();
		const [item] = items;
		expect(item.json).toMatchObject({
			verdict: expected.verdict,
			billed: true,
			fileName: 'signed.jpg',
			mimeType: 'image/jpeg',
			fileSize: signed.length,
			hasCredentials: true,
			claimGenerator: expected.summary.claimGenerator,
			assertions: expected.summary.assertions,
			validationState: expected.manifestStore.validation_state,
			fileSha256: sha256(signed),
		});
		expect(expected.summary.assertions).toContain('com.trustnxt.asset');
		expect(JSON.stringify(item.json.manifestStore)).toContain(assetId);
		expect(item.json.verdictMeaning).toEqual(expect.any(String));
		expect(item.binary).toEqual(ctx.inputItems[0].binary);
		expect(item.pairedItem).toEqual({ item: 0 });
		const [request] = requestsTo(tnxt, 'POST', '/v1/inspect');
		expectTrustNxtAuth(request);
		expect(request.parts).toEqual([expect.objectContaining({ name: 'file', filename: 'signed.jpg', contentType: 'image/jpeg', sha256: sha256(signed) })]);
		expect(tnxt.usage.inspectCalls).toBe(1);
	});

	test('Skip When No Content Credentials: a real file without a manifest is answered locally and not billed', async () => {
		const bytes = fixture('without-manifest/c2pa-rs-IMG_0003.jpg');
		const { items, error } = await runTrustNxt(credentials, inspect({ options: { skipWhenNoCredentials: true, keepInputFile: false } }), { items: [fileItem(bytes, 'IMG_0003.jpg')] });
		expect(error).toBeUndefined();
		expect(items[0].json).toMatchObject({ verdict: 'no_credentials', billed: false, hasCredentials: false, fileName: 'IMG_0003.jpg', fileSize: bytes.length });
		expect(items[0].json.skippedReason).toMatch(/^Not sent to TrustNXT: the local read followed this JPEG's structure/);
		expect(items[0].binary).toBeUndefined();
		expect(tnxt.requests).toHaveLength(0);
		expect(tnxt.usage.inspectCalls).toBe(0);
	});

	test('Skip When No Content Credentials: a file whose XMP points only into itself (self#jumbf, no store) is not billed; an http(s) reference is sent', async () => {
		const selfOnly = b.jpeg([b.jpegXmpSegment('self#jumbf=/c2pa/urn:c2pa:5e7b01fc-4932-4bab-ab32-d4f12a8aa322')]);
		// Loopback port 9: the mock's c2pa-rs is refused at once when it tries to fetch the manifest.
		const remote = b.jpeg([b.jpegXmpSegment('http://127.0.0.1:9/abc.c2pa')]);
		const { items, error } = await runTrustNxt(credentials, inspect({ options: { skipWhenNoCredentials: true } }), { items: [fileItem(selfOnly, 'self.jpg'), fileItem(remote, 'remote.jpg')] });
		expect(error).toBeUndefined();
		expect(items[0].json).toMatchObject({ verdict: 'no_credentials', billed: false, fileName: 'self.jpg' });
		expect(items[1].json).toMatchObject({ billed: true, fileName: 'remote.jpg' });
		const sent = requestsTo(tnxt, 'POST', '/v1/inspect');
		expect(sent.map((request) => request.parts[0].filename)).toEqual(['remote.jpg']);
		expect(tnxt.usage.inspectCalls).toBe(1);
	});

	test('Skip When No Content Credentials: a real file with a manifest is still sent; the verdict is the service\'s', async () => {
		const bytes = fixture('with-manifest/c2pa-rs-CA.jpg');
		const expected = await tnxt.inspectBytes(bytes);
		const { items } = await runTrustNxt(credentials, inspect({ options: { skipWhenNoCredentials: true } }), { items: [fileItem(bytes, 'CA.jpg')] });
		expect(items[0].json).toMatchObject({ verdict: expected.verdict, billed: true, hasCredentials: true });
		expect(items[0].json.failures.map((failure) => failure.code)).toEqual(expected.summary.failures);
		expect(requestsTo(tnxt, 'POST', '/v1/inspect')).toHaveLength(1);
	});

	test('a file the service refuses (a media variant it does not take) and a fault after billing: errors per item, each sent once', async () => {
		// An ISO media file of a brand the node does not know is let through; the mock refuses it.
		const variant = Buffer.concat([b.bmffBox('ftyp', Buffer.concat([Buffer.from('xyz1'), b.u32(0), Buffer.from('xyz1')])), b.bmffBox('mdat', Buffer.alloc(64))]);
		const photo = sampleJpeg(8 * 1024, 'fault');
		tnxt.injectFault({ path: '/v1/inspect', method: 'POST', status: 500, billed: true, after: 1 });
		const { items } = await runTrustNxt(credentials, inspect(), { items: [fileItem(variant, 'clip.mp4', 'video/mp4'), fileItem(photo, 'photo.jpg')], continueOnFail: true });
		expect(items[0].json.error).toBe('Inspect: TrustNXT answered HTTP 415');
		expect(items[0].json.description).toMatch(/^TrustNXT said: "supported media: JPEG, PNG, HEIC\/HEIF, AVIF, MP3, MP4"\./);
		expect(items[0].json.description).toContain(
			'TrustNXT accepts JPEG, PNG, HEIC/HEIF, AVIF, MP3 and MP4. This file ("clip.mp4", MIME type video/mp4) looks like an ISO media file (brand "xyz1") by its first bytes, yet TrustNXT refused it: it may be damaged, or a variant TrustNXT does not take. Check the file, or convert it to one of those formats before inspecting it.',
		);
		expect(items[1].json.error).toBe('Inspect: TrustNXT answered HTTP 500');
		expect(items[1].json.description).toMatch(/TrustNXT may have inspected the file, and billed the call, before the failure, so the node did not send it again/);
		expectPaired(items, [0, 1]);
		expect(requestsTo(tnxt, 'POST', '/v1/inspect')).toHaveLength(2);
		expectNoSecrets(items, TRUSTNXT_SECRETS);
	});
});

describe('Protect and Inspect: files that are not a supported format are refused by their bytes, before any request', () => {
	const text = Buffer.from('Minutes of the meeting, 3 March.\nNot a photo at all.\n');
	const gif = Buffer.concat([Buffer.from('GIF89a', 'latin1'), Buffer.alloc(64, 1)]);

	test('Protect: a text file named .jpg (image/jpeg): says what the bytes look like, nothing sent, nothing billed', async () => {
		const { items } = await runTrustNxt(credentials, protect(), { items: [fileItem(text, 'photo.jpg')], continueOnFail: true });
		expect(items[0].json.error).toBe('Protect: the file "photo.jpg" is not JPEG, PNG, HEIC/HEIF, AVIF, MP3 or MP4; its bytes look like plain text');
		expect(items[0].json.description).toBe(
			'Its name ends in ".jpg" and its MIME type says image/jpeg, but a file is what its bytes are. TrustNXT can protect JPEG, PNG, HEIC/HEIF, AVIF, MP3 and MP4 files only, so nothing was sent to TrustNXT and nothing was billed. Check that "Input Binary Field" names the file you mean, or convert the file to one of those formats before protecting it.',
		);
		expectPaired(items, [0]);
		expect(tnxt.requests).toHaveLength(0);
		expect(tnxt.usage).toEqual({ protectCalls: 0, inspectCalls: 0 });
	});

	test('Inspect: a GIF named .jpg and a WAV, with Skip When No Content Credentials on: the inspect wording, nothing sent', async () => {
		const { items } = await runTrustNxt(credentials, inspect({ options: { skipWhenNoCredentials: true } }), {
			items: [fileItem(gif, 'photo.jpg'), fileItem(b.wav(100, [b.riffChunk('C2PA', b.storeWithClaim(b.cbor({ claim_generator: 'x' })))]), 'take.wav', 'audio/wav')],
			continueOnFail: true,
		});
		expect(items[0].json.error).toBe('Inspect: the file "photo.jpg" is not JPEG, PNG, HEIC/HEIF, AVIF, MP3 or MP4; its bytes look like a GIF image');
		expect(items[0].json.description).toMatch(/^Its name ends in "\.jpg" and its MIME type says image\/jpeg, but a file is what its bytes are\. TrustNXT can inspect .* before inspecting it\.$/);
		expect(items[0].json.description).not.toMatch(/protect/i);
		expect(items[1].json.error).toBe('Inspect: the file "take.wav" is not JPEG, PNG, HEIC/HEIF, AVIF, MP3 or MP4; its bytes look like a WAV audio file');
		expect(tnxt.requests).toHaveLength(0);
	});

	test('a stored file: opened once for the check and the upload when supported; refused and closed when not', async () => {
		const photo = sampleJpeg(300 * 1024, 'stored-check');
		const before = storeStats.streamsOpened;
		const sent = await runTrustNxt(credentials, inspect({ options: { addChecksums: true } }), { items: [{ json: {}, binary: { data: storedBinary(photo, { fileName: 'p.jpg', mimeType: 'image/jpeg' }) } }] });
		expect(sent.error).toBeUndefined();
		expect(storeStats.streamsOpened).toBe(before + 1);
		const [request] = requestsTo(tnxt, 'POST', '/v1/inspect');
		expect(request.parts[0]).toMatchObject({ length: photo.length, sha256: sha256(photo) });
		expect(sent.items[0].json.fileSha256).toBe(sha256(photo));

		tnxt.clearRequests();
		const refused = await runTrustNxt(credentials, protect(), { items: [{ json: {}, binary: { data: storedBinary(Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.alloc(400 * 1024)]), { fileName: 'scan.jpg', mimeType: 'image/jpeg' }) } }], continueOnFail: true });
		expect(refused.items[0].json.error).toBe('Protect: the file "scan.jpg" is not JPEG, PNG, HEIC/HEIF, AVIF, MP3 or MP4; its bytes look like a PDF document');
		expect(tnxt.requests).toHaveLength(0);
	});
});

describe('Asset → Read Content Credentials', () => {
	test('real files: an embedded manifest, none, a hostile file; no request and no credential needed', async () => {
		const withManifest = fixture('with-manifest/c2pa-ts-trustnxt-icon-signed-timestamp.jpg');
		const without = fixture('without-manifest/c2pa-ts-trustnxt-icon.png');
		const malformed = fixture('malformed/c2pa-rs-id3v23_compression_underflow.mp3');
		const inputs = [fileItem(withManifest, 'icon.jpg'), fileItem(without, 'icon.png', 'image/png'), fileItem(malformed, 'broken.mp3', 'audio/mpeg')];
		const { items, error, ctx } = await runTrustNxt({}, readCredentials(), { items: inputs });
		expect(error).toBeUndefined();
		expectPaired(items, [0, 1, 2]);
		expect(items[0].json).toMatchObject({ fileName: 'icon.jpg', fileSize: withManifest.length, hasContentCredentials: true, manifestLocation: 'embedded', container: 'JPEG', validated: false });
		expect(items[0].json.claimGenerator).toEqual(expect.any(String));
		expect(items[1].json).toMatchObject({ hasContentCredentials: false, manifestLocation: 'none', container: 'PNG' });
		expect(items[2].json.error).toBeUndefined();
		expect(['none', 'unknown']).toContain(items[2].json.manifestLocation);
		// Passed on as n8n handed it in (the binary data service adds `bytes` and a readable `fileSize`).
		items.forEach((item, index) => expect(item.binary).toEqual(ctx.inputItems[index].binary));
		expect(tnxt.requests).toHaveLength(0);
	});

	test('no such binary field: an error naming the field', async () => {
		const { error } = await runTrustNxt({}, { ...readCredentials(), binaryPropertyName: EMPTY_BY_EXPRESSION }, { items: [fileItem(sampleJpeg(1024, 'x'), 'x.jpg')] });
		expect(error.message).toBe('"Input Binary Field" is empty');
	});
});
