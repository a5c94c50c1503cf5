'use strict';
// The bundled C2PA trust lists: generated from test/fixtures/c2pa-trust (the same certificates,
// subjects that match them), and usable as anchors: a certificate of the list issued by another
// certificate of the list chains to it; the test signer chains to nothing in it.
const { spawnSync } = require('node:child_process');
const crypto = require('node:crypto');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const { C2PA_TRUST_LIST, C2PA_TSA_TRUST_LIST } = require('../../dist/nodes/TrustNxt/c2pa/validate/trustLists.generated');
const { anchorSet, bundledAnchors, checkTrust, certificatesFromPem, issuedBy, rememberedIssuance } = require('../../dist/nodes/TrustNxt/c2pa/validate/certificates');
const { C2PA_TRUST_LISTS, C2PA_FIXTURES } = require('../helpers/fixtures');

test.each([
	['C2PA-TRUST-LIST', C2PA_TRUST_LIST],
	['C2PA-TSA-TRUST-LIST', C2PA_TSA_TRUST_LIST],
])('%s: the bundled certificates and date are the fixture\'s, each subject names its certificate', (base, list) => {
	const pem = fs.readFileSync(path.join(C2PA_TRUST_LISTS, `${base}.pem`), 'utf8');
	const json = JSON.parse(fs.readFileSync(path.join(C2PA_TRUST_LISTS, `${base}.json`), 'utf8'));
	expect(certificatesFromPem(pem).map((certificate) => certificate.raw.toString('base64'))).toEqual(list.certificates);
	expect(list.issued).toBe(json.LoTE.ListAndSchemeInformation.ListIssueDateTime);
	expect(list.subjects).toEqual(list.certificates.map((der) => new crypto.X509Certificate(Buffer.from(der, 'base64')).subject));
});

test('a listed certificate issued by another listed one is trusted through the list; the test signer is not', () => {
	const anchors = { listed: bundledAnchors(C2PA_TRUST_LIST), additional: anchorSet([]) };
	const certificates = C2PA_TRUST_LIST.certificates.map((der) => new crypto.X509Certificate(Buffer.from(der, 'base64')));
	const issuedInList = certificates.filter((certificate) => certificate.subject !== certificate.issuer && certificates.some((other) => other.subject === certificate.issuer));
	expect(issuedInList.length).toBeGreaterThan(0);
	const anyEku = new Set(issuedInList.flatMap((certificate) => certificate.keyUsage ?? []));
	for (const certificate of issuedInList) {
		const result = checkTrust([certificate], anchors, undefined, anyEku);
		expect([certificate.subject, result.trusted && result.anchor]).toEqual([certificate.subject, 'list']);
	}
	const signer = certificatesFromPem(fs.readFileSync(path.join(C2PA_FIXTURES, 'test-signer/c2pa-ts-sample_es256.pem'), 'utf8'));
	expect(checkTrust(signer, anchors)).toEqual({ trusted: false, reason: 'the chain reaches no trust anchor' });
	expect(checkTrust(signer, { listed: anchors.listed, additional: anchorSet(signer.slice(1)) })).toMatchObject({ trusted: true, anchor: 'additional' });
});

/** Runs openssl in `dir`, failing with its message. */
function openssl(dir, ...args) {
	const result = spawnSync('openssl', args, { cwd: dir, encoding: 'utf8' });
	if (result.status !== 0) throw new Error(`openssl ${args[0]} failed: ${result.stderr}`);
}

describe('issuance answers remembered for a run', () => {
	let genuine;
	let impostor;
	let leaf;
	beforeAll(() => {
		// Two CAs with the same name and different keys, and a signer issued by the first.
		const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'c2pa-issuance-'));
		try {
			for (const name of ['genuine', 'impostor', 'leaf']) openssl(dir, 'genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256', '-out', `${name}.key`);
			for (const name of ['genuine', 'impostor']) {
				openssl(dir, 'req', '-x509', '-new', '-key', `${name}.key`, '-subj', '/CN=Same Name CA/O=n8n verify test', '-days', '3650', '-out', `${name}.pem`, '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign');
			}
			fs.writeFileSync(path.join(dir, 'leaf.ext'), 'basicConstraints=critical,CA:FALSE\nkeyUsage=critical,digitalSignature\nextendedKeyUsage=emailProtection\n');
			openssl(dir, 'req', '-new', '-key', 'leaf.key', '-subj', '/CN=Signer/O=n8n verify test', '-out', 'leaf.csr');
			openssl(dir, 'x509', '-req', '-in', 'leaf.csr', '-CA', 'genuine.pem', '-CAkey', 'genuine.key', '-CAcreateserial', '-days', '365', '-extfile', 'leaf.ext', '-out', 'leaf.pem');
			[genuine, impostor, leaf] = ['genuine', 'impostor', 'leaf'].map((name) => certificatesFromPem(fs.readFileSync(path.join(dir, `${name}.pem`), 'utf8'))[0]);
		} finally {
			fs.rmSync(dir, { recursive: true, force: true });
		}
	});

	test('a remembered answer is the answer for that pair: an impostor CA of the same name never inherits the genuine CA\'s', () => {
		expect(impostor.subject).toBe(genuine.subject);
		const trusting = (anchor) => ({ listed: anchorSet([]), additional: anchorSet([anchor]) });
		for (const order of [[genuine, impostor], [impostor, genuine]]) {
			const issued = rememberedIssuance();
			for (const round of [1, 2]) {
				for (const anchor of order) {
					const result = checkTrust([leaf], trusting(anchor), undefined, undefined, issued);
					expect([round, anchor === genuine, result.trusted]).toEqual([round, anchor === genuine, anchor === genuine]);
					expect(issued(leaf, anchor)).toBe(issuedBy(leaf, anchor));
				}
			}
		}
	});

	test('each pair is verified once per run, not once per file', () => {
		const verify = jest.spyOn(crypto.X509Certificate.prototype, 'verify');
		try {
			const issued = rememberedIssuance();
			for (let file = 0; file < 50; file++) {
				expect(checkTrust([leaf, genuine], { listed: anchorSet([]), additional: anchorSet([genuine]) }, undefined, undefined, issued)).toMatchObject({ trusted: true });
			}
			// Two pairs: the leaf by the CA (the chain's link), and the CA, self-signed, by the anchor
			// that is itself (the walk starts at the top of the chain).
			expect(verify).toHaveBeenCalledTimes(2);
		} finally {
			verify.mockRestore();
		}
	});
});
