'use strict';
// TrustNXT → Asset → Verify Content Credentials as a workflow runs it (through the operation
// tests' setup), and the validator on streamed files: the data hash goes on from the container
// walk's own read (one pass), or, when the store lies past the kept prefix, from a second read.
const fs = require('node:fs');
const path = require('node:path');

const { runTrustNxt, C2PA_FIXTURES, expectPaired } = require('./operations/setup');
const b = require('../helpers/c2pa-build');
const { verifyContentCredentials } = require('../../dist/nodes/TrustNxt/c2pa/validate');

const fileItem = (file, mimeType = 'image/jpeg') => ({ json: { source: path.basename(file) }, binary: { data: { data: fs.readFileSync(file).toString('base64'), fileName: path.basename(file), mimeType } } });
const verifyParameters = (options = {}) => ({ resource: 'asset', operation: 'verifyContentCredentials', binaryPropertyName: 'data', options });
const SIGNER_PEM = fs.readFileSync(path.join(C2PA_FIXTURES, 'test-signer/c2pa-ts-sample_es256.pem'), 'utf8');
const TEST_CA_PEM = SIGNER_PEM.split(/(?=-----BEGIN CERTIFICATE-----)/).filter((block) => block.includes('BEGIN'))[1];
const fixture = (name) => path.join(C2PA_FIXTURES, name);

test('one output per item, in order, with the state, the codes, the trust lists and what was not checked; the file passes through', async () => {
	const files = [fixture('with-manifest/c2pa-rs-C.jpg'), fixture('with-manifest/c2pa-rs-XCA.jpg'), fixture('without-manifest/c2pa-rs-IMG_0003.jpg'), fixture('with-manifest/c2pa-rs-video1.mp4')];
	const remote = b.jpeg([b.jpegXmpSegment('https://example.com/manifests/abc.c2pa')]);
	const remoteItem = { json: {}, binary: { data: { data: remote.toString('base64'), fileName: 'remote.jpg', mimeType: 'image/jpeg' } } };
	const { items, error } = await runTrustNxt({}, verifyParameters(), { items: [...files.map((file) => fileItem(file, file.endsWith('.mp4') ? 'video/mp4' : 'image/jpeg')), remoteItem] });
	expect(error).toBeUndefined();
	expectPaired(items, [0, 1, 2, 3, 4]);
	const [good, tampered, plain, video, elsewhere] = items.map((item) => item.json);
	expect(good).toMatchObject({ fileName: 'c2pa-rs-C.jpg', hasContentCredentials: true, validationState: 'Valid', failureCodes: ['signingCredential.untrusted'] });
	expect(good.validationResults.activeManifest.success.map((entry) => entry.code)).toEqual(expect.arrayContaining(['claimSignature.validated', 'assertion.dataHash.match', 'assertion.hashedURI.match', 'timeStamp.validated']));
	expect(good.trustLists.signers).toMatch(/^C2PA Trust List \(issued /);
	expect(tampered).toMatchObject({ validationState: 'Invalid', failureCodes: expect.arrayContaining(['assertion.dataHash.mismatch']) });
	expect(plain).toMatchObject({ hasContentCredentials: false, manifestLocation: 'none' });
	expect(plain.validationState).toBeUndefined();
	expect(video).toMatchObject({ validationState: 'Valid', notChecked: [] });
	expect(video.validationResults.activeManifest.success.map((entry) => entry.code)).toContain('assertion.bmffHash.match');
	expect(video.validationResults.ingredientDeltas[0].validationDeltas.success.map((entry) => entry.code)).toContain('ingredient.manifest.validated');
	expect(elsewhere).toMatchObject({ hasContentCredentials: true, manifestLocation: 'remote', remoteUrl: 'https://example.com/manifests/abc.c2pa' });
	expect(elsewhere.validationState).toBeUndefined();
	expect(elsewhere.notChecked).toEqual([expect.objectContaining({ check: 'remote manifest', affectsState: true })]);
	expect(items[0].binary.data.data).toBe(fs.readFileSync(files[0]).toString('base64'));
});

test('Additional Trust Anchors: the signer\'s CA there makes its file Trusted; text that is not a certificate is refused naming the field', async () => {
	const signed = fixture('with-manifest/c2pa-ts-trustnxt-icon-signed-timestamp.jpg');
	const trusted = await runTrustNxt({}, verifyParameters({ additionalTrustAnchors: TEST_CA_PEM }), { items: [fileItem(signed)] });
	expect(trusted.items[0].json).toMatchObject({ validationState: 'Trusted', failureCodes: [], trustLists: expect.objectContaining({ additionalAnchors: 1 }) });
	const refused = await runTrustNxt({}, verifyParameters({ additionalTrustAnchors: 'not a certificate' }), { items: [fileItem(signed)] });
	expect(refused.error?.message).toMatch(/"Additional Trust Anchors" holds no PEM certificate/);
	const broken = await runTrustNxt({}, verifyParameters({ additionalTrustAnchors: '-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----' }), { items: [fileItem(signed)] });
	expect(broken.error?.message).toMatch(/"Additional Trust Anchors" holds something that is not a certificate/);
});

/** A stream over a file with small chunks, counting opens and bytes handed out. */
function countedFile(file, chunk = 4096) {
	const counts = { opens: 0, bytes: 0 };
	return {
		counts,
		size: fs.statSync(file).size,
		open: async () => {
			counts.opens++;
			const stream = fs.createReadStream(file, { highWaterMark: chunk });
			stream.on('data', (data) => {
				counts.bytes += data.length;
			});
			return stream;
		},
	};
}

test('a streamed file is walked and hashed in one pass: one open, every byte read once', async () => {
	for (const name of ['with-manifest/c2pa-rs-C.jpg', 'with-manifest/c2pa-rs-XCA.jpg', 'with-manifest/c2pa-ts-amazon-titan-g1.png']) {
		const file = countedFile(fixture(name));
		const streamed = await verifyContentCredentials(file);
		const bytes = fs.readFileSync(fixture(name));
		const buffered = await verifyContentCredentials({ size: bytes.length, open: async () => bytes });
		expect([name, streamed.validationState, streamed.failureCodes]).toEqual([name, buffered.validationState, buffered.failureCodes]);
		expect([name, file.counts.opens, file.counts.bytes]).toEqual([name, 1, file.size]);
	}
});

test('a manifest store found after a large prefix is hashed through a second read instead of kept in memory', async () => {
	// A PNG whose caBX chunk comes after 20 MiB of private ancillary chunks (not hashed-out: the
	// data hash covers them, so the verdict is Invalid either way; what matters is how it is read).
	const original = fs.readFileSync(fixture('with-manifest/c2pa-ts-amazon-titan-g1.png'));
	const filler = Buffer.alloc(1024 * 1024);
	const chunk = Buffer.concat([Buffer.from([0, 0x10, 0, 0]), Buffer.from('prVt', 'latin1'), filler, Buffer.alloc(4)]);
	const padded = Buffer.concat([original.subarray(0, 33), ...Array.from({ length: 20 }, () => chunk), original.subarray(33)]);
	const file = path.join(require('node:os').tmpdir(), `c2pa-verify-padded-${process.pid}.png`);
	fs.writeFileSync(file, padded);
	try {
		const counted = countedFile(file, 256 * 1024);
		const report = await verifyContentCredentials(counted);
		expect(report.hasContentCredentials).toBe(true);
		expect(report.failureCodes).toContain('assertion.dataHash.mismatch');
		expect(counted.counts.opens).toBe(2);
	} finally {
		fs.rmSync(file, { force: true });
	}
});

test('every output key is declared in the output schema of every node version', async () => {
	const files = [fixture('with-manifest/c2pa-rs-CA.jpg'), fixture('without-manifest/c2pa-rs-IMG_0003.jpg'), fixture('malformed/c2pa-rs-id3v23_compression_underflow.mp3')];
	const { items } = await runTrustNxt({}, verifyParameters(), { items: files.map((file) => fileItem(file)) });
	const keys = new Set(items.flatMap((item) => Object.keys(item.json)));
	for (const version of ['v1.0.0', 'v1.1.0', 'v1.2.0', 'v1.3.0']) {
		const schema = JSON.parse(fs.readFileSync(path.join(__dirname, '../../nodes/TrustNxt/__schema__', version, 'asset/verifyContentCredentials.json'), 'utf8'));
		expect([version, [...keys].filter((key) => !(key in schema.properties))]).toEqual([version, []]);
	}
});

test('a stream that fails while the file is hashed gives no state and says why; a damaged store is Invalid', async () => {
	const file = fixture('with-manifest/c2pa-rs-C.jpg');
	const bytes = fs.readFileSync(file);
	const failing = {
		size: bytes.length,
		open: async () => {
			const { Readable } = require('node:stream');
			let sent = 0;
			return new Readable({
				read() {
					if (sent >= 64 * 1024) {
						this.destroy(new Error('disk went away'));
						return;
					}
					this.push(bytes.subarray(sent, sent + 16 * 1024));
					sent += 16 * 1024;
				},
			});
		},
	};
	const report = await verifyContentCredentials(failing);
	expect(report.validationState).toBeUndefined();
	expect(report.readError).toMatch(/^The file could not be hashed: .*disk went away/);
	expect(report.stateNotGiven).toMatch(/could not be read to its end/);

	// The manifest's superbox (its description says c2ma, 16 bytes after the superbox's start)
	// declares a size past its parent: embedded, unreadable, Invalid.
	const damaged = Buffer.from(bytes);
	damaged.writeUInt32BE(0x7fffffff, bytes.indexOf(Buffer.from('c2ma', 'latin1')) - 16);
	const broken = await verifyContentCredentials({ size: damaged.length, open: async () => damaged });
	expect(broken).toMatchObject({ hasContentCredentials: true, validationState: 'Invalid', failureCodes: ['claim.malformed'] });
	expect(broken.readError).toMatch(/^A manifest store is embedded but could not be read/);
});
