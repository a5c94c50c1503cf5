'use strict';
// SHA-256 checksums on by default from node version 1.3 (docs/trustnxt-outputs.md): Protect and
// Inspect add them unless "Add SHA-256 Checksums" is added and turned off; nodes of versions 1 to
// 1.2, already in workflows, add them only when the option is on, as they always did. Each
// checksum must be the SHA-256 (node:crypto) of the bytes that really went over the socket, as the
// TrustNXT mock hashed them on its side. In-process, files in memory and on disk.
const crypto = require('node:crypto');

const { startTrustNxtMock, sampleJpeg } = require('../../mocks/trustnxt-mock');
const { binaryBytes } = require('../../engine/harness');
const { TrustNxt, trustNxtCredentials, runTrustNxt, requestsTo, storedBinary } = require('./setup');

const sha256 = (bytes) => crypto.createHash('sha256').update(bytes).digest('hex');
const CHECKSUM_KEYS = ['originalSha256', 'protectedSha256', 'fileSha256'];

let tnxt;
let signed;
beforeAll(async () => {
	tnxt = await startTrustNxtMock({ port: 0 });
	signed = (await tnxt.protectBytes(sampleJpeg(24 * 1024, 'checksums'), { filename: 'signed.jpg', metadata: { title: 'Signed' } })).buffer;
});
afterAll(async () => tnxt?.close());
beforeEach(() => tnxt.reset());

const photo = sampleJpeg(48 * 1024, 'checksum photo');
const inMemory = (bytes, fileName) => ({ json: {}, binary: { data: { data: bytes.toString('base64'), fileName, mimeType: 'image/jpeg' } } });
const onDisk = (bytes, fileName) => ({ json: {}, binary: { data: storedBinary(bytes, { fileName, mimeType: 'image/jpeg' }) } });

async function protect(typeVersion, options, item = inMemory(photo, 'photo.jpg')) {
	const { items, error } = await runTrustNxt(trustNxtCredentials(tnxt), { resource: 'asset', operation: 'protect', binaryPropertyName: 'data', metadata: {}, options }, { items: [item], typeVersion });
	expect(error).toBeUndefined();
	expect(requestsTo(tnxt, 'POST', '/v1/protect')).toHaveLength(1);
	return items[0];
}

async function inspect(typeVersion, options, item = inMemory(signed, 'signed.jpg')) {
	const { items, error } = await runTrustNxt(trustNxtCredentials(tnxt), { resource: 'asset', operation: 'inspect', binaryPropertyName: 'data', includeManifestStore: false, options }, { items: [item], typeVersion });
	expect(error).toBeUndefined();
	expect(requestsTo(tnxt, 'POST', '/v1/inspect')).toHaveLength(1);
	return items[0];
}

test('new nodes get version 1.3', () => {
	const { description } = new TrustNxt();
	expect(description.version).toEqual([1, 1.1, 1.2, 1.3]);
	expect(description.defaultVersion).toBe(1.3);
});

describe('version 1.3 without the option: checksums of the bytes sent and received', () => {
	test.each([
		['in memory', inMemory],
		['on disk (streamed)', onDisk],
	])('Protect, file %s: originalSha256 and protectedSha256', async (_where, make) => {
		const output = await protect(1.3, {}, make(photo, 'photo.jpg'));
		const [received] = tnxt.protectedAssets;
		// The mock hashed what arrived and what it sent back; the node hashed what it sent and what it stored.
		expect(received.originalSha256).toBe(sha256(photo));
		expect(output.json.originalSha256).toBe(sha256(photo));
		expect(output.json.protectedSha256).toBe(received.protectedSha256);
		expect(sha256(binaryBytes(output.binary.data))).toBe(output.json.protectedSha256);
	});

	test.each([
		['in memory', inMemory],
		['on disk (streamed)', onDisk],
	])('Inspect, file %s: fileSha256', async (_where, make) => {
		const output = await inspect(1.3, {}, make(signed, 'signed.jpg'));
		const [request] = requestsTo(tnxt, 'POST', '/v1/inspect');
		expect(request.parts).toEqual([expect.objectContaining({ name: 'file', sha256: sha256(signed) })]);
		expect(output.json.fileSha256).toBe(sha256(signed));
	});
});

describe('version 1.3 with the option turned off: no checksums', () => {
	test('Protect', async () => {
		const output = await protect(1.3, { addChecksums: false });
		for (const key of CHECKSUM_KEYS) expect([key, output.json[key]]).toEqual([key, undefined]);
		expect(output.json.protectedSize).toBe(tnxt.protectedAssets[0].protectedLength);
	});

	test('Inspect', async () => {
		const output = await inspect(1.3, { addChecksums: false });
		for (const key of CHECKSUM_KEYS) expect([key, output.json[key]]).toEqual([key, undefined]);
		expect(output.json.billed).toBe(true);
	});
});

describe.each([1, 1.1, 1.2])('version %s: as it always was', (typeVersion) => {
	test('without the option: no checksums from Protect or Inspect', async () => {
		const protectedItem = await protect(typeVersion, {});
		const inspected = await inspect(typeVersion, {});
		for (const key of CHECKSUM_KEYS) {
			expect([key, protectedItem.json[key], inspected.json[key]]).toEqual([key, undefined, undefined]);
		}
	});

	test('with the option on: the checksums, as before', async () => {
		const protectedItem = await protect(typeVersion, { addChecksums: true });
		expect(protectedItem.json).toMatchObject({ originalSha256: sha256(photo), protectedSha256: tnxt.protectedAssets[0].protectedSha256 });
		const inspected = await inspect(typeVersion, { addChecksums: true });
		expect(inspected.json.fileSha256).toBe(sha256(signed));
	});
});
