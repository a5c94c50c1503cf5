// Worker thread that runs c2pa-rs (its WebAssembly build, @contentauth/c2pa-wasm) for the mock
// TrustNXT and for tests. It lives in its own thread because the package is an ES module that
// Jest's CommonJS sandbox cannot load, and because signing and validating megabytes is CPU work
// that must not stall the mock's sockets (fault injection, mid-download cuts) while it runs.
//
// Messages in:  { id, op: 'sign', bytes, format, definition, parentIngredient?, signer: { alg, certsPem, keyPem }, settings }
//               { id, op: 'read', bytes, format, settings }
// Messages out: { id, bytes } | { id, json } | { id, error: { message, notFound } }

import { parentPort } from 'node:worker_threads';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

const require = createRequire(import.meta.url);
const packageDir = path.dirname(require.resolve('@contentauth/c2pa-wasm/package.json'));
const c2pa = await import(pathToFileURL(path.join(packageDir, 'pkg', 'c2pa.js')).href);
c2pa.initSync({ module: fs.readFileSync(path.join(packageDir, 'pkg', 'c2pa_bg.wasm')) });

// c2pa-wasm's builder reads its source through the browser's Blob + FileReaderSync. Node has no
// FileReaderSync, so the source is handed over as an object with the two Blob members the
// builder uses (size, slice) and read back synchronously here.
class BytesBlob {
	constructor(bytes) {
		this.bytes = bytes;
	}
	get size() {
		return this.bytes.length;
	}
	slice(start, end) {
		return new BytesBlob(this.bytes.subarray(start, end));
	}
}
if (typeof globalThis.FileReaderSync === 'undefined') {
	globalThis.FileReaderSync = class FileReaderSync {
		readAsArrayBuffer(blob) {
			const view = blob.bytes;
			return view.buffer.slice(view.byteOffset, view.byteOffset + view.byteLength);
		}
	};
}

// ---- CBOR (RFC 8949), just what a COSE_Sign1 needs: ints, byte and text strings, arrays,
// maps (Map for integer keys, plain objects for text keys), null, tags.

function cborHead(major, value) {
	if (value < 24) return Buffer.from([(major << 5) | value]);
	if (value < 0x100) return Buffer.from([(major << 5) | 24, value]);
	if (value < 0x10000) {
		const b = Buffer.alloc(3);
		b[0] = (major << 5) | 25;
		b.writeUInt16BE(value, 1);
		return b;
	}
	const b = Buffer.alloc(5);
	b[0] = (major << 5) | 26;
	b.writeUInt32BE(value, 1);
	return b;
}

class Tagged {
	constructor(tag, value) {
		this.tag = tag;
		this.value = value;
	}
}

function cbor(value) {
	if (value === null) return Buffer.from([0xf6]);
	if (value instanceof Tagged) return Buffer.concat([cborHead(6, value.tag), cbor(value.value)]);
	if (value instanceof Uint8Array) return Buffer.concat([cborHead(2, value.length), value]);
	if (typeof value === 'number') return value >= 0 ? cborHead(0, value) : cborHead(1, -1 - value);
	if (typeof value === 'string') {
		const text = Buffer.from(value, 'utf8');
		return Buffer.concat([cborHead(3, text.length), text]);
	}
	if (Array.isArray(value)) return Buffer.concat([cborHead(4, value.length), ...value.map(cbor)]);
	const entries = value instanceof Map ? [...value.entries()] : Object.entries(value);
	return Buffer.concat([cborHead(5, entries.length), ...entries.flatMap(([k, v]) => [cbor(k), cbor(v)])]);
}

// ---- COSE_Sign1 as C2PA wants it: protected header { alg, x5chain }, detached payload (the
// claim), the signature in IEEE P1363 form, and an unprotected "pad" that makes the structure
// exactly as long as the space c2pa-rs reserved for it. c2pa-wasm leaves the whole COSE
// structure to the signer callback, so it is built here.

const COSE_ALG = { es256: -7, es384: -35, es512: -36, ed25519: -8 };
const HASH = { es256: 'sha256', es384: 'sha384', es512: 'sha512', ed25519: null };

function pemBlocks(pem, kind) {
	const re = new RegExp(`-----BEGIN ${kind}-----([\\s\\S]+?)-----END ${kind}-----`, 'g');
	return [...pem.matchAll(re)].map((m) => Buffer.from(m[1].replace(/\s+/g, ''), 'base64'));
}

const signers = new Map();
function signerFor({ alg, certsPem, keyPem }) {
	const cacheKey = `${alg}\n${certsPem}`;
	let signer = signers.get(cacheKey);
	if (!signer) {
		const certs = pemBlocks(certsPem, 'CERTIFICATE');
		if (!certs.length) throw new Error('the signer has no certificate');
		signer = { alg, certs, key: crypto.createPrivateKey(keyPem) };
		signers.set(cacheKey, signer);
	}
	return signer;
}

function coseSign1(signer, claim, reserveSize) {
	const protectedHeader = cbor(new Map([[1, COSE_ALG[signer.alg]], [33, signer.certs.length === 1 ? signer.certs[0] : signer.certs]]));
	const toBeSigned = cbor(['Signature1', protectedHeader, new Uint8Array(0), claim]);
	const signature = crypto.sign(HASH[signer.alg], toBeSigned, { key: signer.key, dsaEncoding: 'ieee-p1363' });
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

async function sign({ bytes, format, definition, parentIngredient, signer: signerSpec, settings }) {
	const signer = signerFor(signerSpec);
	const certBytes = signer.certs.reduce((sum, cert) => sum + cert.length, 0);
	const reserveSize = certBytes + 1024 + 256;
	const builder = c2pa.WasmBuilder.fromJson(JSON.stringify(definition), settings ? JSON.stringify(settings) : undefined);
	try {
		// The source itself as parent ingredient: c2pa-rs copies its manifest store into the new one.
		if (parentIngredient) await builder.addIngredientFromBlob(JSON.stringify(parentIngredient), format, new BytesBlob(bytes));
		const out = await builder.sign(
			{ alg: signer.alg, reserveSize, sign: async (claim) => new Uint8Array(coseSign1(signer, claim, reserveSize)) },
			[],
			format,
			new BytesBlob(bytes),
		);
		return out;
	} finally {
		builder.free();
	}
}

async function read({ bytes, format, settings }) {
	const reader = await c2pa.WasmReader.fromBytes(format, bytes, settings ? JSON.stringify(settings) : undefined);
	try {
		return reader.json();
	} finally {
		reader.free();
	}
}

function describeError(error) {
	const message = error instanceof Error ? error.message : String(error);
	return { message, notFound: /JumbfNotFound|ProvenanceMissing/.test(message) };
}

parentPort.on('message', async (message) => {
	const { id, op } = message;
	try {
		if (op === 'sign') {
			const out = await sign(message);
			const copy = new Uint8Array(out);
			parentPort.postMessage({ id, bytes: copy }, [copy.buffer]);
		} else if (op === 'read') {
			parentPort.postMessage({ id, json: await read(message) });
		} else {
			parentPort.postMessage({ id, error: { message: `unknown operation ${op}`, notFound: false } });
		}
	} catch (error) {
		parentPort.postMessage({ id, error: describeError(error) });
	}
});
parentPort.postMessage({ ready: true });
