'use strict';
// The one CBOR encoder and COSE_Sign1 signer of the test code. The file builders (c2pa-build.js),
// the reference oracle (c2pa-oracle.mjs) and the mock TrustNXT's c2pa-rs worker all sign claims
// with the public test signer through these functions.

const crypto = require('node:crypto');

/** A CBOR tag around a value (COSE_Sign1 is tag 18). */
class Tagged {
	constructor(tag, value) {
		this.tag = tag;
		this.value = value;
	}
}

function cborHead(major, value) {
	if (value < 24) return Buffer.from([(major << 5) | value]);
	if (value < 0x100) return Buffer.from([(major << 5) | 24, value]);
	if (value < 0x10000) {
		const b = Buffer.alloc(3);
		b[0] = (major << 5) | 25;
		b.writeUInt16BE(value, 1);
		return b;
	}
	if (value < 0x100000000) {
		const b = Buffer.alloc(5);
		b[0] = (major << 5) | 26;
		b.writeUInt32BE(value, 1);
		return b;
	}
	const b = Buffer.alloc(9);
	b[0] = (major << 5) | 27;
	b.writeUInt32BE(Math.floor(value / 0x100000000), 1);
	b.writeUInt32BE(value >>> 0, 5);
	return b;
}

/**
 * CBOR (RFC 8949) for what test manifests and COSE need: integers, byte strings (Buffer or
 * Uint8Array), text, booleans, null, arrays, maps (a Map keeps integer keys; a plain object maps
 * its text keys) and tags.
 */
function cbor(value) {
	if (value === null) return Buffer.from([0xf6]);
	if (value === true) return Buffer.from([0xf5]);
	if (value === false) return Buffer.from([0xf4]);
	if (value instanceof Tagged) return Buffer.concat([cborHead(6, value.tag), cbor(value.value)]);
	if (value instanceof Uint8Array) return Buffer.concat([cborHead(2, value.length), value]);
	if (typeof value === 'number') return value >= 0 ? cborHead(0, value) : cborHead(1, -1 - value);
	if (typeof value === 'string') {
		const text = Buffer.from(value, 'utf8');
		return Buffer.concat([cborHead(3, text.length), text]);
	}
	if (Array.isArray(value)) return Buffer.concat([cborHead(4, value.length), ...value.map(cbor)]);
	if (typeof value === 'object') {
		const entries = value instanceof Map ? [...value.entries()] : Object.entries(value);
		return Buffer.concat([cborHead(5, entries.length), ...entries.flatMap(([k, v]) => [cbor(k), cbor(v)])]);
	}
	throw new Error(`cannot encode ${typeof value}`);
}

const COSE_ALG = { es256: -7, es384: -35, es512: -36, ps256: -37, ed25519: -8 };
const HASH = { es256: 'sha256', es384: 'sha384', es512: 'sha512', ps256: 'sha256', ed25519: null };

/** The DER bodies of every `kind` block (e.g. CERTIFICATE) in a PEM text. */
function pemBlocks(pem, kind) {
	const re = new RegExp(`-----BEGIN ${kind}-----([\\s\\S]+?)-----END ${kind}-----`, 'g');
	return [...pem.matchAll(re)].map((m) => Buffer.from(m[1].replace(/\s+/g, ''), 'base64'));
}

/** A signer from PEM texts: { alg, certs (DER, leaf first), key }. */
function signerFromPem({ alg, certsPem, keyPem }) {
	const certs = pemBlocks(certsPem, 'CERTIFICATE');
	if (!certs.length) throw new Error('the signer has no certificate');
	return { alg, certs, key: crypto.createPrivateKey(keyPem) };
}

/**
 * COSE_Sign1 as C2PA wants it: protected header { alg, x5chain }, detached payload (the claim),
 * the signature in IEEE P1363 form, and an unprotected "pad" that makes the structure exactly
 * `reserveSize` bytes long, the space c2pa-rs reserved for it before signing.
 */
function coseSign1(signer, claim, reserveSize) {
	const protectedHeader = cbor(new Map([[1, COSE_ALG[signer.alg]], [33, signer.certs.length === 1 ? signer.certs[0] : signer.certs]]));
	const toBeSigned = cbor(['Signature1', protectedHeader, new Uint8Array(0), claim]);
	const options = signer.alg === 'ps256' ? { key: signer.key, padding: crypto.constants.RSA_PKCS1_PSS_PADDING, saltLength: 32 } : { key: signer.key, dsaEncoding: 'ieee-p1363' };
	const signature = crypto.sign(HASH[signer.alg], toBeSigned, options);
	const encode = (padLength) => cbor(new Tagged(18, [protectedHeader, { pad: Buffer.alloc(padLength) }, null, signature]));
	// The pad's length prefix grows at 24, 256 and 65536 bytes, so try the lengths around the gap.
	const gap = reserveSize - encode(0).length;
	for (const guess of [gap - 1, gap - 2, gap - 3, gap - 5, gap]) {
		if (guess < 0) continue;
		const out = encode(guess);
		if (out.length === reserveSize) return out;
	}
	throw new Error(`cannot pad the COSE signature to ${reserveSize} bytes`);
}

module.exports = { Tagged, cbor, pemBlocks, signerFromPem, coseSign1 };
