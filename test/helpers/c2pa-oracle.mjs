// The reference C2PA implementation (c2pa-rs, through @contentauth/c2pa-wasm), run in its own
// Node process because the package is an ES module that jest's CommonJS runtime cannot load.
//
// Input (stdin, JSON): { sign: [{ input, output, format, title, claimGenerator, aiGenerated, parent }],
//                        read: [{ path, format }] }
// Output (stdout, JSON): { signed: [{ output, error? }], read: [{ path, found, ..., error? }] }
//
// Signing uses the public test signer (ES256) with a COSE_Sign1 built here: c2pa-wasm hands the
// claim to the JavaScript signer and expects the finished COSE structure back.

import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const pkgDir = path.dirname(require.resolve('@contentauth/c2pa-wasm/package.json'));
const wasm = await import(path.join(pkgDir, 'pkg', 'c2pa.js'));
wasm.initSync({ module: fs.readFileSync(path.join(pkgDir, 'pkg', 'c2pa_bg.wasm')) });
const { WasmBuilder, WasmReader } = wasm;

// c2pa-wasm reads Blobs with the browser's FileReaderSync, which Node lacks: a Blob that keeps
// its bytes, and a FileReaderSync that hands them back, stand in for it.
class BytesBlob extends Blob {
	constructor(bytes, options) {
		super([bytes], options);
		this.bytes = bytes;
	}
	slice(start = 0, end = this.bytes.length) {
		return new BytesBlob(this.bytes.subarray(start, end));
	}
}
globalThis.FileReaderSync = class {
	readAsArrayBuffer(blob) {
		const bytes = blob.bytes;
		return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
	}
};

// --- a small CBOR encoder, enough for a COSE_Sign1 ---------------------------------------------
function head(major, value) {
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
function cbor(value) {
	if (value === null) return Buffer.from([0xf6]);
	if (typeof value === 'number') return value >= 0 ? head(0, value) : head(1, -1 - value);
	if (typeof value === 'string') {
		const bytes = Buffer.from(value, 'utf8');
		return Buffer.concat([head(3, bytes.length), bytes]);
	}
	if (Buffer.isBuffer(value) || value instanceof Uint8Array) return Buffer.concat([head(2, value.length), Buffer.from(value)]);
	if (Array.isArray(value)) return Buffer.concat([head(4, value.length), ...value.map(cbor)]);
	if (value instanceof Map) {
		const parts = [head(5, value.size)];
		for (const [k, v] of value) parts.push(cbor(k), cbor(v));
		return Buffer.concat(parts);
	}
	if (value && value.tag !== undefined) return Buffer.concat([head(6, value.tag), cbor(value.value)]);
	throw new Error(`cannot encode ${typeof value}`);
}

const signerDir = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../../../shared/fixtures/c2pa/test-signer');
const pem = fs.readFileSync(path.join(signerDir, 'c2pa-ts-sample_es256.pem'), 'utf8');
const chain = pem.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g).map((block) => new crypto.X509Certificate(block).raw);
const privateKey = crypto.createPrivateKey(fs.readFileSync(path.join(signerDir, 'c2pa-ts-sample_es256.key')));
const RESERVE = 12 * 1024;

async function coseSign(claimBytes) {
	const protectedHeader = cbor(new Map([[1, -7], [33, chain]]));
	const toBeSigned = cbor(['Signature1', protectedHeader, Buffer.alloc(0), Buffer.from(claimBytes)]);
	const signature = crypto.sign('sha256', toBeSigned, { key: privateKey, dsaEncoding: 'ieee-p1363' });
	const withoutPad = cbor({ tag: 18, value: [protectedHeader, new Map([['pad', Buffer.alloc(0)]]), null, signature] });
	// Fill the reserved space with the "pad" header so the signature box is exactly its reserved size.
	const padLength = Math.max(0, RESERVE - withoutPad.length - 4);
	const cose = cbor({ tag: 18, value: [protectedHeader, new Map([['pad', Buffer.alloc(padLength)]]), null, signature] });
	return new Uint8Array(cose);
}

async function sign(job) {
	const definition = {
		claim_generator_info: [{ name: job.claimGenerator, version: '1.0.0' }],
		title: job.title,
		format: job.format,
		assertions: [],
	};
	const builder = WasmBuilder.fromJson(JSON.stringify(definition));
	builder.addAction({
		action: 'c2pa.created',
		digitalSourceType: job.aiGenerated
			? 'http://cv.iptc.org/newscodes/digitalsourcetype/trainedAlgorithmicMedia'
			: 'http://cv.iptc.org/newscodes/digitalsourcetype/digitalCapture',
	});
	const signer = { alg: 'es256', reserveSize: RESERVE, sign: coseSign };
	const source = new BytesBlob(new Uint8Array(fs.readFileSync(job.input)), { type: job.format });
	// With `parent`, the input (and its own manifests) becomes the parent ingredient: the store
	// then keeps the earlier manifests and the new one becomes the active one.
	if (job.parent) await builder.addIngredientFromBlob(JSON.stringify({ title: 'parent', relationship: 'parentOf' }), job.format, source);
	const signed = await builder.sign(signer, [], job.format, source);
	fs.writeFileSync(job.output, Buffer.from(signed));
}

async function read(job) {
	let reader;
	try {
		reader = await WasmReader.fromBytes(job.format, new Uint8Array(fs.readFileSync(job.path)));
	} catch (error) {
		const message = String(error);
		return { path: job.path, found: false, error: message };
	}
	const store = reader.manifestStore();
	const active = reader.activeManifest();
	return {
		path: job.path,
		found: true,
		manifestCount: Object.keys(store.manifests ?? {}).length,
		activeLabel: reader.activeLabel() ?? null,
		claimGenerator: active?.claim_generator ?? null,
		claimGeneratorInfo: active?.claim_generator_info ?? null,
		title: active?.title ?? null,
		format: active?.format ?? null,
		signerIssuer: active?.signature_info?.issuer ?? null,
		signerCommonName: active?.signature_info?.common_name ?? null,
		signedAt: active?.signature_info?.time ?? null,
		validationState: store.validation_state ?? null,
	};
}

const input = JSON.parse(fs.readFileSync(0, 'utf8'));
const output = { signed: [], read: [] };
for (const job of input.sign ?? []) {
	try {
		await sign(job);
		output.signed.push({ output: job.output });
	} catch (error) {
		output.signed.push({ output: job.output, error: String(error?.stack ?? error) });
	}
}
for (const job of input.read ?? []) output.read.push(await read(job));
process.stdout.write(JSON.stringify(output));
