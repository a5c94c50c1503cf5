'use strict';
// TrustNXT → Inspect with Skip When Settled Locally: the local validation answers, unbilled, for a
// file without a manifest ("no_credentials") and one whose manifest fails a check ("invalid");
// files that pass locally are sent.
const fs = require('node:fs');
const path = require('node:path');

const { C2PA_FIXTURES, useTrustNxtMock, runTrustNxt, requestsTo, expectPaired } = require('./operations/setup');

let tnxt;
let credentials;
useTrustNxtMock((mock, fresh) => {
	tnxt = mock;
	credentials = fresh;
});

const fileItem = (relative, mimeType = 'image/jpeg') => ({ json: {}, binary: { data: { data: fs.readFileSync(path.join(C2PA_FIXTURES, relative)).toString('base64'), fileName: path.basename(relative), mimeType } } });
const inspect = (options) => ({ resource: 'asset', operation: 'inspect', binaryPropertyName: 'data', includeManifestStore: false, options });

test('no manifest and Invalid are answered locally and not billed; files that pass locally (JPEG, and an MP4 with its BMFF hash) are sent, each once', async () => {
	const files = [
		['without-manifest/c2pa-rs-IMG_0003.jpg'],
		['with-manifest/c2pa-rs-XCA.jpg'],
		['with-manifest/c2pa-rs-E-sig-CA.jpg'],
		['with-manifest/c2pa-rs-CA.jpg'],
		['with-manifest/c2pa-rs-video1.mp4', 'video/mp4'],
	];
	const { items, error } = await runTrustNxt(credentials, inspect({ skipWhenSettledLocally: true }), { items: files.map(([file, type]) => fileItem(file, type)), typeVersion: 1.2 });
	expect(error).toBeUndefined();
	expectPaired(items, [0, 1, 2, 3, 4]);
	const [plain, dataHash, signature, valid, video] = items.map((item) => item.json);
	expect(plain).toMatchObject({ verdict: 'no_credentials', billed: false, hasContentCredentials: false });
	expect(dataHash).toMatchObject({ verdict: 'invalid', billed: false, validationState: 'Invalid', hasContentCredentials: true });
	expect(dataHash.failures.map((failure) => failure.code)).toEqual(['signingCredential.untrusted', 'assertion.dataHash.mismatch']);
	expect(dataHash.skippedReason).toMatch(/^Not sent to TrustNXT: the local check .* found the manifest invalid \(signingCredential\.untrusted, assertion\.dataHash\.mismatch\)\.$/);
	expect(signature).toMatchObject({ verdict: 'invalid', billed: false });
	expect(signature.failures.map((failure) => failure.code)).toContain('claimSignature.mismatch');
	expect(valid).toMatchObject({ billed: true });
	expect(video).toMatchObject({ billed: true });
	expect(requestsTo(tnxt, 'POST', '/v1/inspect').map((request) => request.parts[0].filename)).toEqual(['c2pa-rs-CA.jpg', 'c2pa-rs-video1.mp4']);
	expect(tnxt.usage.inspectCalls).toBe(2);
});

test('without the option every file is sent, as before', async () => {
	const { items } = await runTrustNxt(credentials, inspect({}), { items: [fileItem('with-manifest/c2pa-rs-XCA.jpg')] });
	expect(items[0].json).toMatchObject({ billed: true });
	expect(tnxt.usage.inspectCalls).toBe(1);
});
