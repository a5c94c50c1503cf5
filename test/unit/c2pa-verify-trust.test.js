'use strict';
// The bundled C2PA trust lists: generated from test/fixtures/c2pa-trust (the same certificates,
// subjects that match them), and usable as anchors: a certificate of the list issued by another
// certificate of the list chains to it; the test signer chains to nothing in it.
const crypto = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');

const { C2PA_TRUST_LIST, C2PA_TSA_TRUST_LIST } = require('../../dist/nodes/TrustNxt/c2pa/validate/trustLists.generated');
const { anchorSet, bundledAnchors, checkTrust, certificatesFromPem } = require('../../dist/nodes/TrustNxt/c2pa/validate/certificates');
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
