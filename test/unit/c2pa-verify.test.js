'use strict';
// Agreement of the local validator (Verify Content Credentials) with c2pa-rs, through
// @contentauth/c2pa-wasm, asked each time for the same bytes with the same anchors (the bundled
// C2PA trust list, and for some files the test signer's CA as an additional / user anchor): the
// validation state and the set of failure codes must be equal on every fixture, on files signed
// here with the test signer, and on mutated copies of them. Where the local validator gives no
// state, it must say which check it did not make, and nothing it did check may disagree. The
// table (file, c2pa-wasm's state and failures, ours) is printed and written to
// <tmpdir>/c2pa-verify-agreement.md.
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const { verifyContentCredentials, certificatesFromPem, verificationCache } = require('../../dist/nodes/TrustNxt/c2pa/validate');
const b = require('../helpers/c2pa-build');
const { C2PA_TRUST_LISTS } = require('../helpers/fixtures');

const ORACLE = path.resolve(__dirname, '../helpers/c2pa-oracle.mjs');
const FORMATS = { jpg: 'image/jpeg', png: 'image/png', heic: 'image/heic', mp4: 'video/mp4', mp3: 'audio/mpeg', wav: 'audio/wav', webp: 'image/webp' };
const SIGNER_PEM = fs.readFileSync(path.join(b.FIXTURES, 'test-signer/c2pa-ts-sample_es256.pem'), 'utf8');
/** The test signer's issuing CA (the second certificate of its chain): an organisation's own CA. */
const TEST_CA_PEM = SIGNER_PEM.split(/(?=-----BEGIN CERTIFICATE-----)/).filter((block) => block.includes('BEGIN'))[1];
const ED25519_PEM = fs.readFileSync(path.join(b.FIXTURES, 'test-signer/c2pa-ts-sample_ed25519.pem'), 'utf8');
const ED25519_KEY = fs.readFileSync(path.join(b.FIXTURES, 'test-signer/c2pa-ts-sample_ed25519.key'), 'utf8');
const ED25519_CA_PEM = ED25519_PEM.split(/(?=-----BEGIN CERTIFICATE-----)/).filter((block) => block.includes('BEGIN'))[1];
const C2PA_LIST_PEM = fs.readFileSync(path.join(C2PA_TRUST_LISTS, 'C2PA-TRUST-LIST.pem'), 'utf8');

function runOracle(job) {
	const result = spawnSync(process.execPath, [ORACLE], { input: JSON.stringify(job), maxBuffer: 64 * 1024 * 1024, encoding: 'utf8' });
	if (result.status !== 0) throw new Error(`reference validator failed: ${result.stderr}`);
	return JSON.parse(result.stdout);
}

/** Flips one byte at `at` in a copy of `bytes`. */
function flipped(bytes, at) {
	const copy = Buffer.from(bytes);
	copy[at] ^= 0x01;
	return copy;
}

/** Where `needle` sits in `bytes`, or a failure naming what was looked for. */
function at(bytes, needle, what) {
	const index = bytes.indexOf(Buffer.isBuffer(needle) ? needle : Buffer.from(needle, 'latin1'));
	if (index < 0) throw new Error(`cannot find ${what} to mutate`);
	return index;
}

const rows = [];
let workDir;
let expiredCaPem;
let rsaCaPem;

/**
 * A CA of its own and a signing certificate it issues, made with openssl: EC P-256 or RSA (for
 * PS256), valid from `start` to `end` (openssl's YYYYMMDDhhmmssZ). Returns { chainPem, keyPem, caPem }.
 */
function makeSigner(dir, { name, rsa = false, start, end }) {
	const ssl = (...args) => {
		const result = spawnSync('openssl', args, { cwd: dir, encoding: 'utf8' });
		if (result.status !== 0) throw new Error(`openssl ${args[0]} failed: ${result.stderr}`);
	};
	const config = [
		'[ca]', 'default_ca = test', '[test]', 'dir = .', 'database = ./ca-index.txt', 'new_certs_dir = .', 'serial = ./ca-serial', 'default_md = sha256', 'policy = anything',
		'x509_extensions = leaf', '[anything]', 'commonName = supplied', 'organizationName = optional',
		'[leaf]', 'basicConstraints = critical,CA:FALSE', 'keyUsage = critical,digitalSignature', 'extendedKeyUsage = emailProtection', 'subjectKeyIdentifier = hash', 'authorityKeyIdentifier = keyid',
	].join('\n');
	fs.writeFileSync(path.join(dir, 'ca.cnf'), `${config}\n`);
	fs.writeFileSync(path.join(dir, 'ca-index.txt'), '');
	fs.writeFileSync(path.join(dir, 'ca-serial'), '01\n');
	const key = (file) => (rsa ? ssl('genpkey', '-algorithm', 'RSA', '-pkeyopt', 'rsa_keygen_bits:2048', '-out', file) : ssl('genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256', '-out', file));
	key('ca.key');
	ssl('req', '-x509', '-new', '-key', 'ca.key', '-subj', `/CN=${name} CA/O=n8n verify test`, '-days', '3650', '-out', 'ca.pem', '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign');
	key('leaf.key');
	ssl('req', '-new', '-key', 'leaf.key', '-subj', `/CN=${name}/O=n8n verify test`, '-out', 'leaf.csr');
	ssl('ca', '-batch', '-config', 'ca.cnf', '-cert', 'ca.pem', '-keyfile', 'ca.key', '-in', 'leaf.csr', '-out', 'leaf.pem', '-startdate', start, '-enddate', end, '-notext');
	const read = (file) => fs.readFileSync(path.join(dir, file), 'utf8');
	const result = { chainPem: read('leaf.pem') + read('ca.pem'), keyPem: read('leaf.key'), caPem: read('ca.pem') };
	for (const file of fs.readdirSync(dir).filter((entry) => /^(ca|leaf)|\.pem$/.test(entry))) fs.rmSync(path.join(dir, file));
	return result;
}

async function ours(file, anchorsPem) {
	const bytes = fs.readFileSync(file);
	return await verifyContentCredentials({ size: bytes.length, open: async () => bytes }, { additionalAnchors: anchorsPem ? certificatesFromPem(anchorsPem) : [] });
}

beforeAll(async () => {
	workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'c2pa-verify-'));
	const jpgBase = path.join(b.FIXTURES, 'without-manifest/c2pa-rs-IMG_0003.jpg');
	const pngBase = path.join(b.FIXTURES, 'without-manifest/c2pa-ts-trustnxt-icon.png');
	const out = (name) => path.join(workDir, name);
	const sign = [
		{ input: jpgBase, output: out('signed.jpg'), format: 'image/jpeg', title: 'verify jpg file', claimGenerator: 'n8n-verify-test', aiGenerated: true },
		{ input: pngBase, output: out('signed.png'), format: 'image/png', title: 'verify png file', claimGenerator: 'n8n-verify-test', aiGenerated: false },
	];
	// The other containers: RIFF (WAV, WebP) and MP3 bind with a data hash too, HEIC and MP4 with a
	// BMFF hash (file-level; c2pa-rs's own video1.mp4 excludes a nested box, not supported locally yet).
	fs.writeFileSync(out('base.wav'), b.wav(4000));
	for (const [ext, input] of [
		['wav', out('base.wav')],
		['webp', path.join(b.FIXTURES, 'without-manifest/c2pa-rs-sample1.webp')],
		['mp3', path.join(b.FIXTURES, 'without-manifest/c2pa-ts-sample1.mp3')],
		['heic', path.join(b.FIXTURES, 'without-manifest/c2pa-ts-trustnxt-icon.heic')],
		['mp4', path.join(b.FIXTURES, 'without-manifest/c2pa-ts-test-video.mp4')],
	]) {
		sign.push({ input, output: out(`signed.${ext}`), format: FORMATS[ext], title: `verify ${ext} file`, claimGenerator: 'n8n-verify-test', aiGenerated: false });
	}
	// A signer whose certificate expired before the file was signed (made here with openssl, by a CA
	// of its own), and the test key with that certificate in its header (a swapped certificate).
	const ca = makeSigner(workDir, { name: 'Expired Signer', start: '20200101000000Z', end: '20210101000000Z' });
	// The other algorithms: PS256 (RSA, a signer made here) and Ed25519 (the public test signer's).
	const rsa = makeSigner(workDir, { name: 'RSA Signer', rsa: true, start: '20250101000000Z', end: '20350101000000Z' });
	rsaCaPem = rsa.caPem;
	sign.push({ input: jpgBase, output: out('signed-ps256.jpg'), format: 'image/jpeg', title: 'verify jpg file', claimGenerator: 'n8n-verify-test', aiGenerated: false, alg: 'ps256', certsPem: rsa.chainPem, keyPem: rsa.keyPem });
	sign.push({ input: pngBase, output: out('signed-ed25519.png'), format: 'image/png', title: 'verify png file', claimGenerator: 'n8n-verify-test', aiGenerated: false, alg: 'ed25519', certsPem: ED25519_PEM, keyPem: ED25519_KEY });
	sign.push({ input: jpgBase, output: out('expired-certificate.jpg'), format: 'image/jpeg', title: 'verify jpg file', claimGenerator: 'n8n-verify-test', aiGenerated: false, certsPem: ca.chainPem, keyPem: ca.keyPem });
	sign.push({ input: jpgBase, output: out('swapped-certificate-signed.jpg'), format: 'image/jpeg', title: 'verify jpg file', claimGenerator: 'n8n-verify-test', aiGenerated: false, certsPem: ca.chainPem });
	expiredCaPem = ca.caPem;
	const signed = runOracle({ sign }).signed;
	fs.rmSync(out('base.wav'));
	const failed = signed.filter((entry) => entry.error);
	if (failed.length) throw new Error(`signing failed: ${JSON.stringify(failed)}`);
	const resign = runOracle({ sign: [{ input: out('signed.jpg'), output: out('resigned.jpg'), format: 'image/jpeg', title: 'second edit', claimGenerator: 'n8n-verify-test-edit', aiGenerated: false, parent: true }] }).signed;
	if (resign[0].error) throw new Error(`re-signing failed: ${resign[0].error}`);

	// Mutated copies of the signed files.
	for (const ext of ['jpg', 'png', 'wav', 'webp', 'mp3']) {
		const bytes = fs.readFileSync(out(`signed.${ext}`));
		if (ext !== 'jpg' && ext !== 'png') {
			// The media data: in RIFF the first chunks after the header (the store is appended at the
			// end), in MP3 a byte near the end, past the ID3 tag that holds the store.
			fs.writeFileSync(out(`mutated-media-data.${ext}`), flipped(bytes, ext === 'mp3' ? bytes.length - 100 : 60));
			continue;
		}
		// Image data: in the JPEG's entropy-coded scan near its end, in the PNG's first IDAT.
		const imageAt = ext === 'jpg' ? bytes.length - 40 : at(bytes, 'IDAT', 'the image data') + 20;
		fs.writeFileSync(out(`mutated-image-data.${ext}`), flipped(bytes, imageAt));
		// An assertion: the digital source type inside the actions assertion.
		fs.writeFileSync(out(`mutated-assertion.${ext}`), flipped(bytes, at(bytes, 'digitalsourcetype/', 'the actions assertion') + 20));
		// The claim: its title.
		fs.writeFileSync(out(`mutated-claim.${ext}`), flipped(bytes, at(bytes, `verify ${ext} file`, 'the claim title') + 2));
	}
	// BMFF (a c2pa.hash.bmff.v3 file-level hash): a byte inside the media data box.
	for (const ext of ['heic', 'mp4']) {
		const bytes = fs.readFileSync(out(`signed.${ext}`));
		fs.writeFileSync(out(`mutated-media-data.${ext}`), flipped(bytes, at(bytes, 'mdat', 'the media data') + 100));
	}
	// PS256 and Ed25519: the claim's title changed after signing.
	for (const name of ['signed-ps256.jpg', 'signed-ed25519.png']) {
		const bytes = fs.readFileSync(out(name));
		fs.writeFileSync(out(`mutated-claim-${name}`), flipped(bytes, at(bytes, 'verify ', 'the claim title') + 2));
	}
	// The signature: the last bytes of the COSE signature, found through the local parser's view.
	{
		const bytes = fs.readFileSync(out('signed.jpg'));
		const { parseJumbf, childByContentType, payloadOf } = require('../../dist/nodes/TrustNxt/c2pa/jumbf');
		const { decodeCoseSign1 } = require('../../dist/nodes/TrustNxt/c2pa/validate/cose');
		const { detect, bufferSource } = require('../../dist/nodes/TrustNxt/c2pa');
		const { store } = await detect(bytes.subarray(0, 16)).walk(bufferSource(bytes));
		const manifest = parseJumbf(store)[0].children.filter((box) => box.contentType === 'c2ma').pop();
		const { signature, chain } = decodeCoseSign1(payloadOf(childByContentType(manifest, 'c2cs'), 'cbor'));
		fs.writeFileSync(out('mutated-signature.jpg'), flipped(bytes, at(bytes, signature, 'the signature') + 10));
		// The signing certificate: another serial number, so another certificate (c2pa-wasm will not
		// sign with a certificate that does not match the key, so the swap is made after signing).
		fs.writeFileSync(out('swapped-certificate.jpg'), flipped(bytes, at(bytes, chain[0], 'the signing certificate') + 16));
	}

	const cases = [];
	for (const folder of ['with-manifest', 'without-manifest', 'malformed']) {
		for (const name of fs.readdirSync(path.join(b.FIXTURES, folder)).sort()) cases.push({ label: `${folder}/${name}`, file: path.join(b.FIXTURES, folder, name) });
	}
	for (const name of fs.readdirSync(workDir).sort()) cases.push({ label: `made here/${name}`, file: out(name) });
	// The same signed files with the test CA as an additional anchor: Trusted, where nothing failed.
	for (const name of ['signed.jpg', 'signed.png', 'resigned.jpg', 'mutated-image-data.jpg', 'swapped-certificate.jpg']) {
		cases.push({ label: `made here/${name} + test CA`, file: out(name), anchors: TEST_CA_PEM });
	}
	cases.push({ label: 'made here/signed-ps256.jpg + its CA', file: out('signed-ps256.jpg'), anchors: rsaCaPem });
	cases.push({ label: 'made here/signed-ed25519.png + its CA', file: out('signed-ed25519.png'), anchors: ED25519_CA_PEM });
	cases.push({ label: 'made here/expired-certificate.jpg + its CA', file: out('expired-certificate.jpg'), anchors: expiredCaPem });
	cases.push({ label: 'with-manifest/c2pa-ts-trustnxt-icon-signed-timestamp.jpg + test CA', file: path.join(b.FIXTURES, 'with-manifest/c2pa-ts-trustnxt-icon-signed-timestamp.jpg'), anchors: TEST_CA_PEM });

	const reference = runOracle({
		verify: cases.map(({ file, anchors }) => ({ path: file, format: FORMATS[path.extname(file).slice(1)], trustAnchorsPem: C2PA_LIST_PEM, ...(anchors ? { userAnchorsPem: anchors } : {}) })),
	}).verify;
	for (let index = 0; index < cases.length; index++) {
		rows.push({ ...cases[index], reference: reference[index], local: await ours(cases[index].file, cases[index].anchors) });
	}

	const cell = (state, codes) => `${state ?? '–'}${codes.length ? `: ${codes.join(', ')}` : ''}`;
	const markdown = [
		'| file | c2pa-wasm: state, failures | ours: state, failures | ours: not checked |',
		'|---|---|---|---|',
		...rows.map((row) => `| ${row.label} | ${row.reference.found ? cell(row.reference.validationState, row.reference.failureCodes) : 'no manifest'} | ${row.local.manifestLocation === 'embedded' ? cell(row.local.validationState, row.local.failureCodes) : `no manifest (${row.local.manifestLocation})`} | ${row.local.notChecked.map((entry) => entry.check).join('; ') || '–'} |`),
	].join('\n');
	console.log(markdown);
	fs.writeFileSync(path.join(os.tmpdir(), 'c2pa-verify-agreement.md'), `${markdown}\n`);
}, 240_000);

afterAll(() => {
	if (workDir) fs.rmSync(workDir, { recursive: true, force: true });
});

test('every fixture, every file signed here and every mutation is in the table', () => {
	const fixtures = ['with-manifest', 'without-manifest', 'malformed'].reduce((count, folder) => count + fs.readdirSync(path.join(b.FIXTURES, folder)).length, 0);
	expect(rows.length).toBe(fixtures + 11 + 5 + 3 + 2 + 2 + 4 + 9);
});

test('a manifest is found by both, or by neither', () => {
	const disagreements = rows.filter((row) => row.reference.found !== (row.local.manifestLocation === 'embedded')).map((row) => row.label);
	expect(disagreements).toEqual([]);
});

test('the validation state and the failure codes equal c2pa-rs\'s wherever the local validator gives a state', () => {
	const disagreements = [];
	for (const row of rows.filter((entry) => entry.reference.found && entry.local.validationState)) {
		const local = { state: row.local.validationState, failures: [...row.local.failureCodes].sort() };
		const reference = { state: row.reference.validationState, failures: [...row.reference.failureCodes].sort() };
		if (JSON.stringify(local) !== JSON.stringify(reference)) disagreements.push({ file: row.label, local, reference });
	}
	expect(disagreements).toEqual([]);
});

test('no state is given only for a check not made, and what was checked does not contradict c2pa-rs', () => {
	for (const row of rows.filter((entry) => entry.reference.found && !entry.local.validationState)) {
		expect([row.label, row.local.notChecked.some((entry) => entry.affectsState)]).toEqual([row.label, true]);
		expect([row.label, row.local.stateNotGiven]).toEqual([row.label, expect.stringContaining('Not every check')]);
		for (const code of row.local.failureCodes) expect([row.label, row.reference.failureCodes]).toEqual([row.label, expect.arrayContaining([code])]);
		expect([row.label, row.reference.validationState]).not.toEqual([row.label, 'Invalid']);
	}
});

test('each mutation is caught with the code c2pa-rs gives it', () => {
	const codes = (label) => rows.find((row) => row.label === label).local.failureCodes;
	for (const ext of ['jpg', 'png']) {
		expect(rows.find((row) => row.label === `made here/signed.${ext}`).local.validationState).toBe('Valid');
		expect(codes(`made here/mutated-image-data.${ext}`)).toContain('assertion.dataHash.mismatch');
		expect(codes(`made here/mutated-assertion.${ext}`)).toContain('assertion.hashedURI.mismatch');
		expect(codes(`made here/mutated-claim.${ext}`)).toContain('claimSignature.mismatch');
	}
	for (const ext of ['wav', 'webp', 'mp3', 'heic', 'mp4']) {
		expect([ext, rows.find((row) => row.label === `made here/signed.${ext}`).local.validationState]).toEqual([ext, 'Valid']);
		const code = ext === 'heic' || ext === 'mp4' ? 'assertion.bmffHash.mismatch' : 'assertion.dataHash.mismatch';
		expect([ext, codes(`made here/mutated-media-data.${ext}`)]).toEqual([ext, expect.arrayContaining([code])]);
	}
	expect(codes('made here/mutated-signature.jpg')).toContain('claimSignature.mismatch');
	expect(codes('made here/swapped-certificate.jpg')).toContain('claimSignature.mismatch');
	expect(codes('made here/swapped-certificate-signed.jpg')).toContain('claimSignature.mismatch');
	expect(codes('made here/expired-certificate.jpg')).toContain('signingCredential.expired');
	expect(codes('made here/expired-certificate.jpg + its CA')).toEqual(expect.arrayContaining(['signingCredential.expired', 'signingCredential.untrusted']));
});

test('the test CA as an additional anchor makes an untouched signed file Trusted, and only that', () => {
	const state = (label) => rows.find((row) => row.label === label).local.validationState;
	expect(state('made here/signed.jpg + test CA')).toBe('Trusted');
	expect(state('made here/signed.png + test CA')).toBe('Trusted');
	expect(state('made here/resigned.jpg + test CA')).toBe('Trusted');
	expect(state('made here/mutated-image-data.jpg + test CA')).toBe('Invalid');
	expect(state('made here/signed.jpg')).toBe('Valid');
	expect(state('made here/signed-ps256.jpg')).toBe('Valid');
	expect(state('made here/signed-ps256.jpg + its CA')).toBe('Trusted');
	expect(state('made here/signed-ed25519.png')).toBe('Valid');
	expect(state('made here/signed-ed25519.png + its CA')).toBe('Trusted');
	expect(state('made here/mutated-claim-signed-ps256.jpg')).toBe('Invalid');
	expect(state('made here/mutated-claim-signed-ed25519.png')).toBe('Invalid');
});

test('the output names the bundled trust lists and their issue dates', () => {
	const { trustLists } = rows[0].local;
	expect(trustLists.signers).toMatch(/^C2PA Trust List \(issued \d{4}-\d{2}-\d{2}, CC BY 4\.0\)$/);
	expect(trustLists.tsa).toMatch(/^C2PA TSA Trust List \(issued \d{4}-\d{2}-\d{2}, CC BY 4\.0\)$/);
});

test('streamed in chunks of any size (box headers split across chunks), every file gives the verdict it gives in memory', async () => {
	for (const name of ['signed.mp4', 'signed.heic', 'mutated-media-data.mp4', 'mutated-media-data.heic', 'signed.jpg', 'mutated-image-data.png']) {
		const file = path.join(workDir, name);
		const whole = await ours(file);
		for (const chunk of [7, 1000, 65536]) {
			const streamed = await verifyContentCredentials({ size: fs.statSync(file).size, open: async () => fs.createReadStream(file, { highWaterMark: chunk }) });
			expect([name, chunk, streamed.validationState, streamed.failureCodes]).toEqual([name, chunk, whole.validationState, whole.failureCodes]);
		}
	}
});

test('files verified one after another with one run\'s shared cache give each the report a file gets alone', async () => {
	// As in a node run: one cache, and each anchor text parsed once. Every file goes through it
	// twice, forwards then backwards, so a forged, swapped or expired chain follows and precedes
	// a good one from the same names.
	const cache = verificationCache();
	const anchorsByText = new Map();
	const anchorsFor = (pem) => {
		if (!pem) return [];
		if (!anchorsByText.has(pem)) anchorsByText.set(pem, certificatesFromPem(pem));
		return anchorsByText.get(pem);
	};
	const verdict = (report) => ({ state: report.validationState, failures: report.failureCodes, notChecked: report.notChecked.map((entry) => entry.check), signer: report.signer });
	for (const order of [rows, [...rows].reverse()]) {
		for (const row of order) {
			const bytes = fs.readFileSync(row.file);
			const shared = await verifyContentCredentials({ size: bytes.length, open: async () => bytes }, { additionalAnchors: anchorsFor(row.anchors), cache });
			expect([row.label, verdict(shared)]).toEqual([row.label, verdict(row.local)]);
		}
	}
});
