'use strict';
// Signed C2PA files made with the reference implementation (./c2pa-oracle.mjs, the public test
// signer), and a signed MP4 of any size. c2pa-wasm holds the whole file in its 4 GiB memory, so a
// large MP4 cannot go through it: the reference signs a small MP4 that ends with an empty `mdat`,
// that box is then grown to the size asked (zeros, a sparse file), and the three values that
// depend on the media are replaced in place with values of the same length: the file hash in the
// `c2pa.hash.bmff` assertion, that assertion's hash in the claim, and the COSE signature over the
// claim (padded to the length the reference reserved). Requires a build (dist/).

const { spawnSync } = require('node:child_process');
const crypto = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');
const { C2PA_FIXTURES } = require('./fixtures');
const { signerFromPem, coseSign1 } = require('./cose');

const ORACLE = path.join(__dirname, 'c2pa-oracle.mjs');
const DIST = path.join(__dirname, '..', '..', 'dist', 'nodes', 'TrustNxt', 'c2pa');
const SIGNER_DIR = path.join(C2PA_FIXTURES, 'test-signer');

/** Signs with the reference: jobs as c2pa-oracle.mjs takes them ({ input, output, format, title, ... }). */
function signWithOracle(jobs) {
	const result = spawnSync(process.execPath, [ORACLE], { input: JSON.stringify({ sign: jobs }), maxBuffer: 256 * 1024 * 1024, encoding: 'utf8' });
	if (result.status !== 0) throw new Error(`c2pa-oracle failed: ${result.stderr}`);
	const failed = JSON.parse(result.stdout).signed.filter((entry) => entry.error);
	if (failed.length) throw new Error(`signing failed: ${JSON.stringify(failed.slice(0, 3))}`);
}

/** A `bytes`-long MP4 with a `c2pa.hash.bmff` hard binding over all of it, signed by the test signer. */
async function signedLargeMp4(file, bytes) {
	const small = `${file}.small.mp4`;
	const mdat = Buffer.from([0, 0, 0, 1, ...Buffer.from('mdat'), 0, 0, 0, 0, 0, 0, 0, 16]);
	fs.writeFileSync(small, Buffer.concat([fs.readFileSync(path.join(C2PA_FIXTURES, 'without-manifest', 'c2pa-ts-test-video.mp4')), mdat]));
	signWithOracle([{ input: small, output: small, format: 'video/mp4', title: 'bench video', claimGenerator: 'n8n-bench', aiGenerated: false }]);
	const head = fs.readFileSync(small);
	fs.rmSync(small);
	const mdatAt = head.lastIndexOf(Buffer.from('mdat')) - 4;
	if (mdatAt + 16 !== head.length) throw new Error('the signed MP4 does not end with the empty mdat');
	head.writeBigUInt64BE(BigInt(bytes - mdatAt), mdatAt + 8);
	const { walkBmff } = require(path.join(DIST, 'containers', 'bmff'));
	const { bufferSource } = require(path.join(DIST, 'source'));
	const { parseJumbf, childByContentType, payloadOf } = require(path.join(DIST, 'jumbf'));
	const { decodeCbor } = require(path.join(DIST, 'cbor'));
	const { readBmffBinding, BmffHasher } = require(path.join(DIST, 'validate', 'bmffHash'));
	const { store } = await walkBmff(bufferSource(head));
	const storeAt = head.indexOf(store);
	const manifest = parseJumbf(head.subarray(storeAt, storeAt + store.length))[0].children.filter((box) => box.contentType === 'c2ma').pop();
	const assertion = childByContentType(manifest, 'c2as').children.find((box) => /^c2pa\.hash\.bmff/.test(box.label));
	const binding = readBmffBinding(decodeCbor(payloadOf(assertion, 'cbor')));
	// The new file hash, as the assertion asks for it (its exclusions, offsets from version 2).
	const hasher = new BmffHasher(binding.alg ?? 'sha256', binding.exclusions, Number(/\.v(\d+)/.exec(assertion.label)?.[1] ?? 1) > 1, bytes);
	hasher.update(head);
	const zeros = Buffer.alloc(8 * 1024 * 1024);
	for (let left = bytes - head.length; left > 0; left -= zeros.length) hasher.update(left >= zeros.length ? zeros : zeros.subarray(0, left));
	const oldAssertionHash = crypto.createHash('sha256').update(assertion.body).digest();
	const replace = (within, from, to) => {
		const at = within.indexOf(from);
		if (at < 0 || within.indexOf(from, at + 1) >= 0 || from.length !== to.length) throw new Error('cannot replace a value in the signed MP4');
		to.copy(within, at);
	};
	replace(assertion.body, binding.hash, hasher.digest());
	const claim = payloadOf(childByContentType(manifest, 'c2cl'), 'cbor');
	replace(claim, oldAssertionHash, crypto.createHash('sha256').update(assertion.body).digest());
	const signature = payloadOf(childByContentType(manifest, 'c2cs'), 'cbor');
	const signer = signerFromPem({ alg: 'es256', certsPem: fs.readFileSync(path.join(SIGNER_DIR, 'c2pa-ts-sample_es256.pem'), 'utf8'), keyPem: fs.readFileSync(path.join(SIGNER_DIR, 'c2pa-ts-sample_es256.key'), 'utf8') });
	coseSign1(signer, claim, signature.length).copy(signature);
	const fd = fs.openSync(file, 'w');
	try {
		fs.writeSync(fd, head, 0, head.length, 0);
		fs.ftruncateSync(fd, bytes);
	} finally {
		fs.closeSync(fd);
	}
	return file;
}

module.exports = { signWithOracle, signedLargeMp4 };
