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

const { signerFromPem, coseSign1 } = require('../helpers/cose.js');

const signers = new Map();
function signerFor(spec) {
	const cacheKey = `${spec.alg}\n${spec.certsPem}`;
	let signer = signers.get(cacheKey);
	if (!signer) {
		signer = signerFromPem(spec);
		signers.set(cacheKey, signer);
	}
	return signer;
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
