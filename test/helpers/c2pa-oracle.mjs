// The reference C2PA implementation (c2pa-rs, through @contentauth/c2pa-wasm), run in its own
// Node process because the package is an ES module that jest's CommonJS runtime cannot load.
//
// Input (stdin, JSON): { sign: [{ input, output, format, title, claimGenerator, aiGenerated, parent, certsPem?, keyPem?, alg? }],
//                        read: [{ path, format }],
//                        verify: [{ path, format, trustAnchorsPem?, userAnchorsPem? }] }
// Output (stdout, JSON): { signed: [{ output, error? }], read: [{ path, found, ..., error? }],
//                          verify: [{ path, found, validationState, activeManifest, ingredientDeltas, failureCodes, error? }] }
// `certsPem` / `keyPem` sign with other certificates or another key than the test signer's (an
// expired certificate, a certificate that does not match the key); c2pa-rs then does not validate
// its own output after signing, which it would otherwise refuse. `alg` (es256, ps256, ed25519)
// goes with them. `verify` validates with c2pa-rs's trust check on, against the anchors given: the C2PA list as
// `trust_anchors`, an organisation's own CA as `user_anchors`.
//
// Signing uses the public test signer (ES256) with a COSE_Sign1 built by ./cose.js: c2pa-wasm
// hands the claim to the JavaScript signer and expects the finished COSE structure back.

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

const { signerFromPem, coseSign1 } = require('./cose.js');

const { C2PA_FIXTURES } = require('./fixtures.js');
const signerDir = path.join(C2PA_FIXTURES, 'test-signer');
const signerCertsPem = fs.readFileSync(path.join(signerDir, 'c2pa-ts-sample_es256.pem'), 'utf8');
const signerKeyPem = fs.readFileSync(path.join(signerDir, 'c2pa-ts-sample_es256.key'), 'utf8');
const signer = signerFromPem({ alg: 'es256', certsPem: signerCertsPem, keyPem: signerKeyPem });
const RESERVE = 12 * 1024;

function coseSignWith(chosen) {
	return async (claimBytes) => new Uint8Array(coseSign1(chosen, Buffer.from(claimBytes), RESERVE));
}

async function sign(job) {
	const definition = {
		claim_generator_info: [{ name: job.claimGenerator, version: '1.0.0' }],
		title: job.title,
		format: job.format,
		assertions: [],
	};
	const custom = !!(job.certsPem || job.keyPem);
	const builder = custom ? WasmBuilder.fromJson(JSON.stringify(definition), JSON.stringify({ verify: { verify_after_sign: false } })) : WasmBuilder.fromJson(JSON.stringify(definition));
	builder.addAction({
		action: 'c2pa.created',
		digitalSourceType: job.aiGenerated
			? 'http://cv.iptc.org/newscodes/digitalsourcetype/trainedAlgorithmicMedia'
			: 'http://cv.iptc.org/newscodes/digitalsourcetype/digitalCapture',
	});
	const alg = job.alg ?? 'es256';
	const chosen = custom
		? { ...signer, alg, ...(job.certsPem ? { certs: signerFromPem({ alg, certsPem: job.certsPem, keyPem: job.keyPem ?? signerKeyPem }).certs } : {}), ...(job.keyPem ? { key: signerFromPem({ alg, certsPem: job.certsPem ?? signerCertsPem, keyPem: job.keyPem }).key } : {}) }
		: signer;
	const jsSigner = { alg, reserveSize: RESERVE, sign: coseSignWith(chosen) };
	const source = new BytesBlob(new Uint8Array(fs.readFileSync(job.input)), { type: job.format });
	// With `parent`, the input (and its own manifests) becomes the parent ingredient: the store
	// then keeps the earlier manifests and the new one becomes the active one.
	if (job.parent) await builder.addIngredientFromBlob(JSON.stringify({ title: 'parent', relationship: 'parentOf' }), job.format, source);
	const signed = await builder.sign(jsSigner, [], job.format, source);
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

async function verify(job) {
	const settings = { verify: { verify_trust: true }, trust: {} };
	if (job.trustAnchorsPem) settings.trust.trust_anchors = job.trustAnchorsPem;
	if (job.userAnchorsPem) settings.trust.user_anchors = job.userAnchorsPem;
	let reader;
	try {
		reader = await WasmReader.fromBytes(job.format, new Uint8Array(fs.readFileSync(job.path)), JSON.stringify(settings));
	} catch (error) {
		return { path: job.path, found: false, error: String(error) };
	}
	const store = reader.manifestStore();
	const results = store.validation_results ?? {};
	const failures = [...(results.activeManifest?.failure ?? []), ...(results.ingredientDeltas ?? []).flatMap((delta) => delta.validationDeltas?.failure ?? [])];
	return {
		path: job.path,
		found: true,
		validationState: store.validation_state ?? null,
		activeManifest: results.activeManifest ?? null,
		ingredientDeltas: results.ingredientDeltas ?? [],
		failureCodes: [...new Set(failures.map((entry) => entry.code))],
	};
}

const input = JSON.parse(fs.readFileSync(0, 'utf8'));
const output = { signed: [], read: [], verify: [] };
for (const job of input.sign ?? []) {
	try {
		await sign(job);
		output.signed.push({ output: job.output });
	} catch (error) {
		output.signed.push({ output: job.output, error: String(error?.stack ?? error) });
	}
}
for (const job of input.read ?? []) output.read.push(await read(job));
for (const job of input.verify ?? []) output.verify.push(await verify(job));
process.stdout.write(JSON.stringify(output));
