'use strict';

// c2pa-rs (through @contentauth/c2pa-wasm) for the mock TrustNXT, the sandbox and the tests:
// sign a file with a real C2PA manifest, and read + validate a file's manifest store. The work
// runs in one shared worker thread (c2pa-worker.mjs); this module is its CommonJS front.
//
// The signer is the public C2PA test signer that ships with the shared fixtures (ES256 leaf
// "C2PA Signer" issued by "Intermediate CA" of the "C2PA Test Root CA"; never trusted by anyone
// real). The Root CA certificate itself is not among the fixtures, so the trust anchor the mock
// uses by default is the top of the chain that ships with the signer: the Intermediate CA.

const fs = require('fs');
const path = require('path');
const { Worker } = require('worker_threads');

const { C2PA_FIXTURES: FIXTURES_DIR } = require('../helpers/fixtures');
// C2PA_TEST_SIGNER_DIR points the mock (and the sandbox's check of it) at another copy of the signer.
const SIGNER_DIR = process.env.C2PA_TEST_SIGNER_DIR || path.join(FIXTURES_DIR, 'test-signer');
const SIGNER_FILES = { certificates: 'c2pa-ts-sample_es256.pem', key: 'c2pa-ts-sample_es256.key' };

function readSignerFile(name) {
	const file = path.join(SIGNER_DIR, name);
	try {
		return fs.readFileSync(file, 'utf8');
	} catch (error) {
		throw new Error(`the C2PA test signer is missing (${file}): the mock TrustNXT signs with it. ${error.message}`);
	}
}

function pemCertificates(pem) {
	return pem.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g) || [];
}

/**
 * What the mock TrustNXT needs to protect and inspect files and does not have, one sentence each
 * (empty when all is there): the test signer's certificate chain and private key in `signerDir`,
 * and c2pa-rs's WebAssembly build. `npm start` checks this before it says the sandbox is ready.
 */
function missingPrerequisites({ signerDir = SIGNER_DIR } = {}) {
	const missing = [];
	const readable = (name, what, looksRight) => {
		const file = path.join(signerDir, name);
		let text;
		try {
			text = fs.readFileSync(file, 'utf8');
		} catch (error) {
			missing.push(`the C2PA test signer's ${what} ${file} (${error.code === 'ENOENT' ? 'no such file' : error.message})`);
			return;
		}
		if (!looksRight(text)) missing.push(`the C2PA test signer's ${what} ${file} (the file holds no PEM ${what})`);
	};
	readable(SIGNER_FILES.certificates, 'certificate chain', (text) => pemCertificates(text).length > 0);
	readable(SIGNER_FILES.key, 'private key', (text) => /-----BEGIN (EC )?PRIVATE KEY-----/.test(text));
	try {
		require.resolve('@contentauth/c2pa-wasm/package.json');
	} catch {
		missing.push('the package @contentauth/c2pa-wasm (c2pa-rs for the mock TrustNXT): run npm install');
	}
	return missing;
}

let testSigner = null;
/** { alg, certsPem, keyPem, leafPem, issuerPem } of the ES256 test signer, read once. */
function getTestSigner() {
	if (!testSigner) {
		const certsPem = readSignerFile(SIGNER_FILES.certificates);
		const certs = pemCertificates(certsPem);
		testSigner = Object.freeze({ alg: 'es256', certsPem, keyPem: readSignerFile(SIGNER_FILES.key), leafPem: certs[0], issuerPem: certs[certs.length - 1] });
	}
	return testSigner;
}

// Media type -> the format name c2pa-rs knows it by.
const C2PA_FORMATS = {
	'image/jpeg': 'image/jpeg',
	'image/png': 'image/png',
	'image/heic': 'image/heic',
	'image/heif': 'image/heif',
	'image/avif': 'image/avif',
	'audio/mpeg': 'audio/mpeg',
	'audio/mp4': 'audio/mp4',
	'video/mp4': 'video/mp4',
	'image/webp': 'image/webp',
	'audio/wav': 'audio/wav',
	'audio/x-wav': 'audio/wav',
};

function c2paFormat(mediaType) {
	return C2PA_FORMATS[mediaType] || mediaType;
}

// ---- the worker

let worker = null;
let nextId = 1;
const pending = new Map();

function failAll(error) {
	for (const { reject } of pending.values()) reject(error);
	pending.clear();
}

function getWorker() {
	if (worker) return worker;
	const thread = new Worker(path.join(__dirname, 'c2pa-worker.mjs'));
	thread.unref();
	thread.on('message', (message) => {
		if (message.ready) return;
		const job = pending.get(message.id);
		if (!job) return;
		pending.delete(message.id);
		if (pending.size === 0) thread.unref();
		job.resolve(message);
	});
	thread.on('error', (error) => {
		if (worker === thread) worker = null;
		failAll(error);
	});
	thread.on('exit', (code) => {
		if (worker === thread) worker = null;
		failAll(new Error(`the C2PA worker stopped (exit code ${code})`));
	});
	worker = thread;
	return thread;
}

function call(message, bytes) {
	// A fresh copy is transferred: the caller's buffer may be a view of Node's shared pool.
	const copy = new Uint8Array(bytes.length);
	copy.set(bytes);
	const thread = getWorker();
	const id = nextId++;
	return new Promise((resolve, reject) => {
		pending.set(id, { resolve, reject });
		thread.ref();
		thread.postMessage({ ...message, id, bytes: copy }, [copy.buffer]);
	});
}

/** Stops the worker (it is unref'd, so this is only needed to free it early). */
async function stopC2pa() {
	const thread = worker;
	worker = null;
	if (thread) await thread.terminate();
}

// ---- API

/**
 * Embeds a C2PA manifest built from `definition` (c2pa-rs ManifestDefinition JSON) into `bytes`
 * and signs it; returns the signed file as a Buffer. `parentIngredient` (an ingredient
 * definition) adds the source file itself as an ingredient, with its own manifest store. Throws with c2pa-rs's message when the file
 * cannot take a manifest (not that format, broken structure).
 */
async function signAsset(bytes, { mediaType, definition, parentIngredient = null, signer = getTestSigner() }) {
	const settings = { builder: { thumbnail: { enabled: false } }, verify: { verify_after_sign: false } };
	const reply = await call({ op: 'sign', format: c2paFormat(mediaType), definition, parentIngredient, signer: { alg: signer.alg, certsPem: signer.certsPem, keyPem: signer.keyPem }, settings }, bytes);
	if (reply.error) throw new Error(reply.error.message);
	return Buffer.from(reply.bytes.buffer, reply.bytes.byteOffset, reply.bytes.byteLength);
}

/**
 * Reads and validates the file's manifest store with c2pa-rs, trusting `trustAnchors` (PEM
 * strings; none: nothing is trusted). Never fetches anything over the network.
 * Returns { store } with the reader's JSON, or { store: null, notFound: true } when the file
 * has no manifest, or { store: null, error, unreadableAsset } when c2pa-rs could not read it
 * (unreadableAsset: the file's container structure is broken, whatever it may carry).
 */
async function readAsset(bytes, { mediaType, trustAnchors = [getTestSigner().issuerPem] } = {}) {
	const settings = { verify: { verify_trust: true, ocsp_fetch: false, remote_manifest_fetch: false } };
	if (trustAnchors.length) settings.trust = { trust_anchors: trustAnchors.join('\n') };
	const reply = await call({ op: 'read', format: c2paFormat(mediaType), settings }, bytes);
	if (reply.error) {
		if (reply.error.notFound) return { store: null, notFound: true };
		// The container itself (not a manifest in it) could not be parsed.
		return { store: null, error: reply.error.message, unreadableAsset: /InvalidAsset|UnsupportedType/.test(reply.error.message) };
	}
	return { store: JSON.parse(reply.json) };
}

module.exports = { signAsset, readAsset, getTestSigner, pemCertificates, stopC2pa, missingPrerequisites, FIXTURES_DIR, SIGNER_DIR };
