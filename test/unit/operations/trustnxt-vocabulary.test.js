'use strict';
// One vocabulary for the Content Credentials facts Inspect and Read Content Credentials share
// (docs/trustnxt-outputs.md): from node version 1.2 Inspect says `hasContentCredentials`,
// `signerIssuer`, `signerCommonName` and `signatureAlgorithm` in the C2PA specification's spelling,
// as Read Content Credentials does (and so does 1.3, which adds the file's checksum by default);
// versions 1 and 1.1 keep their names and values exactly, since workflows read them. In-process,
// against the TrustNXT mock (c2pa-rs inside) over real sockets.
const { startTrustNxtMock, sampleJpeg } = require('../../mocks/trustnxt-mock');
const { TrustNxt, trustNxtCredentials, runTrustNxt, requestsTo } = require('./setup');

let tnxt;
let signed;
let plain;
beforeAll(async () => {
	tnxt = await startTrustNxtMock({ port: 0 });
	signed = (await tnxt.protectBytes(sampleJpeg(16 * 1024, 'vocabulary'), { filename: 'signed.jpg', metadata: { title: 'Signed' } })).buffer;
	plain = sampleJpeg(12 * 1024, 'no credentials');
});
afterAll(async () => tnxt?.close());
beforeEach(() => tnxt.reset());

const fileItem = (bytes, fileName) => ({ json: {}, binary: { data: { data: bytes.toString('base64'), fileName, mimeType: 'image/jpeg' } } });
const inspect = (options = {}) => ({ resource: 'asset', operation: 'inspect', binaryPropertyName: 'data', includeManifestStore: false, options: { keepInputFile: false, ...options } });

async function inspectAt(typeVersion, bytes, options) {
	const { items, error } = await runTrustNxt(trustNxtCredentials(tnxt), inspect(options), { items: [fileItem(bytes, 'photo.jpg')], typeVersion });
	expect(error).toBeUndefined();
	return items[0].json;
}

test('the node offers versions 1 to 1.3', () => {
	expect(new TrustNxt().description.version).toEqual([1, 1.1, 1.2, 1.3]);
});

describe.each([1, 1.1])('version %s: the names and values it always had', (typeVersion) => {
	test('a signed file: hasCredentials, signer, signerIssuer, the algorithm as TrustNXT sends it', async () => {
		const json = await inspectAt(typeVersion, signed);
		expect(Object.keys(json)).toEqual(['verdict', 'verdictMeaning', 'billed', 'assetId', 'fileName', 'mimeType', 'fileSize', 'hasCredentials', 'signer', 'signerIssuer', 'signedAt', 'signatureAlgorithm', 'claimGenerator', 'assertions', 'failures', 'validationState']);
		expect(json).toMatchObject({ hasCredentials: true, signer: 'C2PA Signer', signerIssuer: 'C2PA Test Signing Cert', signatureAlgorithm: 'es256' });
		expect(requestsTo(tnxt, 'POST', '/v1/inspect')).toHaveLength(1);
	});

	test('skipped locally: hasCredentials false', async () => {
		const json = await inspectAt(typeVersion, plain, { skipWhenNoCredentials: true });
		expect(json).toMatchObject({ verdict: 'no_credentials', billed: false, hasCredentials: false });
		expect(json).not.toHaveProperty('hasContentCredentials');
		expect(tnxt.requests).toHaveLength(0);
	});
});

describe.each([1.2, 1.3])('version %s: Read Content Credentials\' names, for the same facts the same values', (typeVersion) => {
	test('a signed file: Inspect and Read Content Credentials agree on every fact they share', async () => {
		const inspected = await inspectAt(typeVersion, signed);
		expect(Object.keys(inspected)).toEqual(['verdict', 'verdictMeaning', 'billed', 'assetId', 'fileName', 'mimeType', 'fileSize', 'hasContentCredentials', 'signerIssuer', 'signerCommonName', 'signedAt', 'signatureAlgorithm', 'claimGenerator', 'assertions', 'failures', 'validationState', ...(typeVersion >= 1.3 ? ['fileSha256'] : [])]);
		const read = await runTrustNxt({}, { resource: 'asset', operation: 'readContentCredentials', binaryPropertyName: 'data' }, { items: [fileItem(signed, 'photo.jpg')], typeVersion });
		const local = read.items[0].json;
		for (const name of ['hasContentCredentials', 'signerIssuer', 'signerCommonName', 'signatureAlgorithm', 'fileName', 'mimeType', 'fileSize']) {
			expect([name, inspected[name]]).toEqual([name, local[name]]);
		}
		expect(inspected).toMatchObject({ hasContentCredentials: true, signerCommonName: 'C2PA Signer', signerIssuer: 'C2PA Test Signing Cert', signatureAlgorithm: 'ES256' });
		expect(inspected).not.toHaveProperty('hasCredentials');
		expect(inspected).not.toHaveProperty('signer');
	});

	test('skipped locally: hasContentCredentials false, as Read Content Credentials says', async () => {
		const json = await inspectAt(typeVersion, plain, { skipWhenNoCredentials: true });
		expect(json).toMatchObject({ verdict: 'no_credentials', billed: false, hasContentCredentials: false });
		expect(json).not.toHaveProperty('hasCredentials');
		expect(tnxt.requests).toHaveLength(0);
	});

	test('an algorithm in any case is spelled as the C2PA specification lists it', async () => {
		const { c2paAlgorithmName } = require('../../../dist/nodes/TrustNxt/c2pa/cose');
		expect(['ps256', 'Ps256', 'ES384', 'es512', 'ed25519', 'EdDSA'].map(c2paAlgorithmName)).toEqual(['PS256', 'PS256', 'ES384', 'ES512', 'Ed25519', 'EdDSA']);
	});
});
