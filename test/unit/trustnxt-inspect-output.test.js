'use strict';
// Inspect's output opens on the verdict: n8n's output panel shows the Binary tab first whenever an
// item carries a file, so from node version 1.1 Inspect hands the inspected file on only when
// "Keep Input File" is added. Version 1 (nodes already in workflows) keeps passing it on. The
// photo has no Content Credentials and "Skip When No Content Credentials" is on, so the verdict
// comes from the local read (the same hand-on rule as after a TrustNXT answer) and no call is made.
const { TrustNxt } = require('../../dist/nodes/TrustNxt/TrustNxt.node');
const { startTrustNxtMock, TRUSTNXT_FIXTURES, sampleJpeg } = require('../mocks/trustnxt-mock');
const { runTrustNxt } = require('./operations/setup');

let tnxt;
beforeAll(async () => {
	tnxt = await startTrustNxtMock({ port: 0 });
});
afterAll(async () => tnxt?.close());
beforeEach(() => tnxt.reset());

const image = sampleJpeg(20 * 1024, 'inspect-output');
const item = () => ({ json: { source: 'camera' }, binary: { data: { data: image.toString('base64'), fileName: 'photo.jpg', mimeType: 'image/jpeg' }, other: { data: Buffer.from('notes').toString('base64'), fileName: 'notes.txt', mimeType: 'text/plain' } } });

async function inspect(typeVersion, options = {}) {
	const credentials = { trustNxtApi: { apiKey: TRUSTNXT_FIXTURES.apiKey, apiSecret: TRUSTNXT_FIXTURES.apiSecret, baseUrl: tnxt.origin } };
	const parameters = { resource: 'asset', operation: 'inspect', binaryPropertyName: 'data', includeManifestStore: false, options: { skipWhenNoCredentials: true, ...options } };
	const { items, error } = await runTrustNxt(credentials, parameters, { items: [item()], typeVersion });
	expect(error).toBeUndefined();
	expect(items).toHaveLength(1);
	expect(items[0].json.verdict).toBe('no_credentials');
	expect(tnxt.requests).toHaveLength(0);
	expect(items[0].json.fileName).toBe('photo.jpg');
	return items[0];
}

test('the node offers versions 1, 1.1, 1.2 and 1.3; new nodes get 1.3', () => {
	expect(new TrustNxt().description.version).toEqual([1, 1.1, 1.2, 1.3]);
});

test('version 1.1 without the option: the verdict only, the inspected file dropped, other files kept', async () => {
	const output = await inspect(1.1);
	expect(output.binary.data).toBeUndefined();
	expect(output.binary.other.fileName).toBe('notes.txt');
});

test('version 1.1 with Keep Input File: the file passes on, byte for byte', async () => {
	const output = await inspect(1.1, { keepInputFile: true });
	expect(Buffer.from(output.binary.data.data, 'base64').equals(image)).toBe(true);
	expect(output.binary.data.fileName).toBe('photo.jpg');
});

test('version 1 (nodes already in workflows): the file passes on unless Keep Input File is off', async () => {
	const kept = await inspect(1);
	expect(Buffer.from(kept.binary.data.data, 'base64').equals(image)).toBe(true);
	const dropped = await inspect(1, { keepInputFile: false });
	expect(dropped.binary.data).toBeUndefined();
});
