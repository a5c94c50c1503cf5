'use strict';

// Local mock of the TrustNXT Protect/Inspect API, implementing
// the wire contract shared/contracts/trustnxt-api.md on 127.0.0.1.
//
// Protect really signs. The Trust Label is appended to the untouched original bytes as
//   original | LABEL_BEGIN | label JSON | uint32 BE length of label JSON | LABEL_END
// where the label is { claim, signature }: the claim carries the SHA-256 and length of the
// original bytes, metadata, assetId, time and claim generator, and the signature is Ed25519
// over the claim's JSON by the "TrustNXT Protect" key that this mock trusts. Any changed byte
// breaks it: in the original part the data hash no longer matches, in the label the signature
// (or the JSON itself) fails, in the markers the label is reported missing or malformed.

const http = require('http');
const crypto = require('crypto');
const kit = require('./mock-kit');

const TRUSTNXT_FIXTURES = Object.freeze({
	apiKey: 'tnxt_live_4fJ9qTzR2mWx7LcB8vNd3KpY',
	apiSecret: 'tnxt_secret_Vh6sQ1eZ9rGu3Xo7MbT2wLcN',
	revokedKey: 'tnxt_live_R3v0k3dK3y000000000000000',
	// A second valid key with a different prefix: nodes must warn about unknown prefixes, not reject.
	sandboxKey: 'tnxt_test_Sx8Dk2Lq5Vn9Pw3Rj7Hb1Fz',
});

const LABEL_BEGIN = Buffer.from('\0TNXT-TRUST-LABEL-BEGIN\0', 'latin1');
const LABEL_END = Buffer.from('\0TNXT-TRUST-LABEL-END\0', 'latin1');
const LENGTH_BYTES = 4;
// How far back from the end a damaged label is still looked for.
const LABEL_SEARCH_WINDOW = 1024 * 1024;

const TRUSTED_SIGNER = { issuer: 'TrustNXT GmbH', commonName: 'TrustNXT Protect', claimGenerator: 'TrustNXT Protect' };
const UNTRUSTED_SIGNER = { issuer: 'Example Self-Signed CA', commonName: 'Untrusted Test Signer', claimGenerator: 'Untrusted Test Tool' };

const ERROR_CODES = {
	400: 'bad_request',
	401: 'unauthorized',
	402: 'usage_limit_reached',
	404: 'not_found',
	413: 'file_too_large',
	415: 'unsupported_media_type',
	429: 'rate_limited',
	500: 'internal_error',
	502: 'bad_gateway',
	503: 'service_unavailable',
	504: 'gateway_timeout',
};

const EXTENSIONS = {
	'image/jpeg': 'jpg',
	'image/png': 'png',
	'image/heic': 'heic',
	'image/heif': 'heif',
	'image/avif': 'avif',
	'audio/mpeg': 'mp3',
	'audio/mp4': 'm4a',
	'video/mp4': 'mp4',
};

// Ed25519 key pair from a fixed seed, so labels made by one mock run verify in the next one.
function keyPairFromSeed(seedText) {
	const seed = crypto.createHash('sha256').update(seedText).digest();
	const pkcs8Prefix = Buffer.from('302e020100300506032b657004220420', 'hex');
	const privateKey = crypto.createPrivateKey({ key: Buffer.concat([pkcs8Prefix, seed]), format: 'der', type: 'pkcs8' });
	const publicKey = crypto.createPublicKey(privateKey);
	return { privateKey, publicKeyDer: publicKey.export({ type: 'spki', format: 'der' }).toString('base64') };
}

const TRUSTED_KEY = keyPairFromSeed('TrustNXT Protect mock signing key v1');
const UNTRUSTED_KEY = keyPairFromSeed('Untrusted self-signed mock key v1');

function apiError(res, status, message, headers) {
	return kit.replyJson(res, status, { error: { code: ERROR_CODES[status] || 'error', message } }, headers);
}

function trustNxtFaultReply(status, bodyStyle) {
	const reason = http.STATUS_CODES[status] || 'Error';
	const style = bodyStyle || 'json';
	if (style === 'html') {
		return { contentType: 'text/html', body: `<html><head><title>${status} ${reason}</title></head><body><h1>${status} ${reason}</h1></body></html>` };
	}
	if (style === 'text') return { contentType: 'text/plain; charset=utf-8', body: reason };
	const code = ERROR_CODES[status] || (status >= 500 ? 'server_error' : 'error');
	return { contentType: 'application/json; charset=utf-8', body: JSON.stringify({ error: { code, message: reason } }) };
}

function newAssetId() {
	return `ast_${crypto.randomBytes(8).toString('hex')}`;
}

// ---------------------------------------------------------------------------------------------
// Signing and verification

function buildClaim({ originalSha256, originalLength, mediaType, filename, metadata, assetId, signer, publicKeyDer }) {
	const time = new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');
	const manifestId = `urn:uuid:${crypto.randomUUID()}`;
	const assertions = [
		{ label: 'c2pa.actions.v2', data: { actions: [{ action: 'c2pa.created', when: time, softwareAgent: { name: signer.claimGenerator } }] } },
		{ label: 'c2pa.hash.data', data: { alg: 'sha256', hash: originalSha256, length: originalLength } },
	];
	if (metadata) {
		assertions.push({ label: 'com.trustnxt.metadata', data: metadata });
		if (typeof metadata.doNotTrain === 'boolean') {
			const use = metadata.doNotTrain ? 'notAllowed' : 'allowed';
			assertions.push({
				label: 'c2pa.training-mining',
				data: { entries: { 'c2pa.ai_training': { use }, 'c2pa.ai_generative_training': { use }, 'c2pa.data_mining': { use } } },
			});
		}
	}
	return {
		version: 1,
		manifestId,
		instanceId: `xmp:iid:${crypto.randomUUID()}`,
		assetId,
		claimGenerator: signer.claimGenerator,
		title: filename,
		format: mediaType,
		signer: { issuer: signer.issuer, commonName: signer.commonName, alg: 'ed25519', time, publicKey: publicKeyDer },
		metadata: metadata || null,
		assertions,
	};
}

// Returns the protected bytes as a list of buffers (the original chunks, then the trailer).
function labelAsset({ chunks, originalSha256, originalLength, mediaType, filename, metadata, assetId, key, signer }) {
	const claim = buildClaim({ originalSha256, originalLength, mediaType, filename, metadata, assetId, signer, publicKeyDer: key.publicKeyDer });
	const signature = crypto.sign(null, Buffer.from(JSON.stringify(claim)), key.privateKey).toString('base64');
	const labelJson = Buffer.from(JSON.stringify({ claim, signature }));
	const length = Buffer.alloc(LENGTH_BYTES);
	length.writeUInt32BE(labelJson.length);
	const trailer = Buffer.concat([LABEL_BEGIN, labelJson, length, LABEL_END]);
	return { claim, parts: [...chunks, trailer] };
}

function findLabel(buffer) {
	const n = buffer.length;
	const tailStart = n - LABEL_END.length;
	if (tailStart >= LABEL_BEGIN.length + LENGTH_BYTES && buffer.subarray(tailStart).equals(LABEL_END)) {
		const labelLength = buffer.readUInt32BE(tailStart - LENGTH_BYTES);
		const labelStart = tailStart - LENGTH_BYTES - labelLength;
		const beginStart = labelStart - LABEL_BEGIN.length;
		if (beginStart >= 0 && buffer.subarray(beginStart, labelStart).equals(LABEL_BEGIN)) {
			try {
				const label = JSON.parse(buffer.toString('utf8', labelStart, tailStart - LENGTH_BYTES));
				if (kit.isPlainObject(label) && kit.isPlainObject(label.claim) && typeof label.signature === 'string' && kit.isPlainObject(label.claim.signer)) {
					return { state: 'found', label, original: buffer.subarray(0, beginStart) };
				}
			} catch {
				/* reported as malformed below */
			}
		}
		return { state: 'malformed' };
	}
	// The end marker is damaged but a label was clearly there.
	const searchFrom = Math.max(0, n - LABEL_SEARCH_WINDOW);
	if (buffer.indexOf(LABEL_BEGIN, searchFrom) >= 0) return { state: 'malformed' };
	return { state: 'none' };
}

function manifestUrl(manifestId, part) {
	return `self#jumbf=/c2pa/${manifestId}/${part}`;
}

function verifyAsset(buffer, trustedKeys) {
	const found = findLabel(buffer);
	if (found.state === 'none') {
		return {
			assetId: `ast_${kit.sha256Hex(buffer).slice(0, 16)}`,
			verdict: 'no_credentials',
			summary: { hasCredentials: false, signer: null, claimGenerator: null, assertions: [], failures: [] },
			manifestStore: null,
		};
	}
	if (found.state === 'malformed') {
		const failure = { code: 'claim.malformed', explanation: 'The Trust Label is present but cannot be read' };
		return {
			assetId: `ast_${kit.sha256Hex(buffer).slice(0, 16)}`,
			verdict: 'invalid',
			summary: { hasCredentials: true, signer: null, claimGenerator: null, assertions: [], failures: [failure.code] },
			manifestStore: {
				active_manifest: null,
				manifests: {},
				validation_state: 'Invalid',
				validation_results: { activeManifest: { success: [], informational: [], failure: [failure] } },
			},
		};
	}

	const { claim, signature } = found.label;
	const manifestId = claim.manifestId;
	const success = [];
	const informational = [];
	const failure = [];

	let signatureOk = false;
	try {
		const publicKey = crypto.createPublicKey({ key: Buffer.from(String(claim.signer.publicKey), 'base64'), format: 'der', type: 'spki' });
		signatureOk = crypto.verify(null, Buffer.from(JSON.stringify(claim)), publicKey, Buffer.from(signature, 'base64'));
	} catch {
		signatureOk = false;
	}
	const signatureUrl = manifestUrl(manifestId, 'c2pa.signature');
	if (signatureOk) success.push({ code: 'claimSignature.validated', url: signatureUrl, explanation: 'claim signature valid' });
	else failure.push({ code: 'claimSignature.mismatch', url: signatureUrl, explanation: 'claim signature does not match the claim' });

	const hashAssertion = (claim.assertions || []).find((a) => a && a.label === 'c2pa.hash.data');
	const hashUrl = manifestUrl(manifestId, 'c2pa.assertions/c2pa.hash.data');
	const actualHash = kit.sha256Hex(found.original);
	if (hashAssertion && hashAssertion.data && hashAssertion.data.hash === actualHash && hashAssertion.data.length === found.original.length) {
		success.push({ code: 'assertion.dataHash.match', url: hashUrl, explanation: 'data hash valid' });
	} else {
		failure.push({ code: 'assertion.dataHash.mismatch', url: hashUrl, explanation: 'the asset bytes changed after signing' });
	}

	const trusted = signatureOk && trustedKeys.has(claim.signer.publicKey);
	if (trusted) success.push({ code: 'signingCredential.trusted', url: signatureUrl, explanation: 'signing certificate trusted' });
	else if (signatureOk) informational.push({ code: 'signingCredential.untrusted', url: signatureUrl, explanation: 'signing certificate untrusted' });

	const verdict = failure.length ? 'invalid' : trusted ? 'trusted' : 'valid';
	const signer = { issuer: claim.signer.issuer, commonName: claim.signer.commonName, alg: claim.signer.alg, time: claim.signer.time };
	const assertions = (claim.assertions || []).map((a) => a && a.label).filter(Boolean);
	return {
		assetId: claim.assetId,
		verdict,
		summary: { hasCredentials: true, signer, claimGenerator: claim.claimGenerator, assertions, failures: failure.map((f) => f.code) },
		manifestStore: {
			active_manifest: manifestId,
			manifests: {
				[manifestId]: {
					label: manifestId,
					claim_generator: claim.claimGenerator,
					claim_generator_info: [{ name: claim.claimGenerator, version: '1.0' }],
					title: claim.title,
					format: claim.format,
					instance_id: claim.instanceId,
					ingredients: [],
					assertions: (claim.assertions || []).map((a) => ({ label: a.label, data: a.data })),
					signature_info: { alg: 'Ed25519', issuer: signer.issuer, common_name: signer.commonName, time: signer.time },
				},
			},
			validation_state: verdict === 'invalid' ? 'Invalid' : verdict === 'trusted' ? 'Trusted' : 'Valid',
			validation_results: { activeManifest: { success, informational, failure } },
		},
	};
}

function leadingBytes(chunks, count) {
	const taken = [];
	let length = 0;
	for (const chunk of chunks) {
		if (length >= count) break;
		taken.push(chunk);
		length += chunk.length;
	}
	return Buffer.concat(taken).subarray(0, count);
}

function contentDisposition(filename) {
	const ascii = filename.replace(/[^\x20-\x7e]|["\\]/g, '_');
	const extended = /^[\x20-\x7e]*$/.test(filename) ? '' : `; filename*=UTF-8''${encodeURIComponent(filename)}`;
	return `attachment; filename="${ascii}"${extended}`;
}

// ---------------------------------------------------------------------------------------------

class TrustNxtMock {
	constructor(options = {}) {
		const envMax = process.env.MOCK_TRUSTNXT_MAX_FILE_BYTES;
		this.maxFileBytes = options.maxFileBytes ?? (envMax ? Number(envMax) : 200 * 1024 * 1024);
		this._trustedKeys = new Set([TRUSTED_KEY.publicKeyDer]);
		this.usage = { protectCalls: 0, inspectCalls: 0 };
		this._limits = options.limits ?? null;
		this.requireSecret = Boolean(options.requireSecret);
		this.protectedAssets = [];
	}

	async _start(port) {
		this._server = await kit.startMockServer({
			name: 'trustnxt-mock',
			port,
			handle: (ctx) => this._handle(ctx),
			control: (ctx, body) => this._control(ctx, body),
			faultReply: trustNxtFaultReply,
			reset: () => this.reset(),
			onFault: (fault, ctx) => this._countBilledFault(fault, ctx),
		});
		this.origin = this._server.origin;
		this.port = this._server.port;
		return this;
	}

	get requests() {
		return this._server.requests;
	}

	clearRequests() {
		this._server.clearRequests();
	}

	// Same fault shape as the Trint mock, plus `billed: true`: the call counts as processed
	// (usage goes up) even though the client gets the fault, as a 5xx after processing would.
	injectFault(spec) {
		return this._server.faults.add(spec);
	}

	clearFaults() {
		this._server.faults.clear();
	}

	setLimits(limits) {
		this._limits = limits ? { protectCalls: limits.protectCalls ?? null, inspectCalls: limits.inspectCalls ?? null } : null;
	}

	get limits() {
		return this._limits;
	}

	reset() {
		this.usage.protectCalls = 0;
		this.usage.inspectCalls = 0;
		this._limits = null;
		this.requireSecret = false;
		this.protectedAssets.length = 0;
		this._server.clearRequests();
		this._server.faults.clear();
	}

	async close() {
		await this._server.close();
	}

	// ---- direct helpers for tests (no HTTP, no usage counted)

	// What Protect returns for these bytes, signed by the trusted TrustNXT Protect key.
	protectBytes(buffer, { filename = 'asset', metadata = null } = {}) {
		return this._sign(buffer, { filename, metadata, key: TRUSTED_KEY, signer: TRUSTED_SIGNER });
	}

	// A correctly signed file whose signer this mock does not trust: Inspect says "valid".
	signWithUntrustedKey(buffer, { filename = 'asset', metadata = null } = {}) {
		return this._sign(buffer, { filename, metadata, key: UNTRUSTED_KEY, signer: UNTRUSTED_SIGNER }).buffer;
	}

	// The Inspect report for these bytes.
	inspectBytes(buffer) {
		return verifyAsset(buffer, this._trustedKeys);
	}

	_sign(buffer, { filename, metadata, key, signer }) {
		const assetId = newAssetId();
		const { parts } = labelAsset({
			chunks: [buffer],
			originalSha256: kit.sha256Hex(buffer),
			originalLength: buffer.length,
			mediaType: kit.detectMediaType(buffer) || 'application/octet-stream',
			filename,
			metadata,
			assetId,
			key,
			signer,
		});
		return { buffer: Buffer.concat(parts), assetId };
	}

	// ---- HTTP
	_authenticate(headers) {
		const key = headers['x-api-key'];
		const valid = key === TRUSTNXT_FIXTURES.apiKey || key === TRUSTNXT_FIXTURES.sandboxKey;
		if (!valid) return { ok: false, message: key === undefined ? 'missing X-API-Key header' : key === TRUSTNXT_FIXTURES.revokedKey ? 'this API key has been revoked' : 'unknown API key' };
		const secret = headers['x-api-secret'];
		// Keys issued with a secret: TrustNXT then refuses a call that does not carry it.
		if (secret === undefined && this.requireSecret) return { ok: false, message: 'API secret required' };
		if (secret !== undefined && !kit.secretsEqual(secret, TRUSTNXT_FIXTURES.apiSecret)) return { ok: false, message: 'the API secret does not match the key' };
		return { ok: true };
	}

	async _handle(ctx) {
		const { method, route, res } = ctx;
		const operation = route === '/v1/protect' ? 'protect' : route === '/v1/inspect' ? 'inspect' : null;
		const known = (method === 'GET' && route === '/v1/usage') || (method === 'POST' && operation);
		if (!known) {
			await ctx.readBody({ keepBytes: 0 });
			return apiError(res, 404, `no route for ${method} ${ctx.path}`);
		}
		const auth = this._authenticate(ctx.headers);
		if (!auth.ok) {
			await ctx.readBody({ keepBytes: 0 });
			return apiError(res, 401, auth.message);
		}
		if (method === 'GET') {
			await ctx.readBody();
			return kit.replyJson(res, 200, this._usageReport());
		}
		return this._media(ctx, operation);
	}

	_usageReport() {
		const now = new Date();
		const start = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1));
		const end = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 1, 1) - 1000);
		const iso = (d) => d.toISOString().replace(/\.\d{3}Z$/, 'Z');
		return {
			period: { start: iso(start), end: iso(end) },
			protectCalls: this.usage.protectCalls,
			inspectCalls: this.usage.inspectCalls,
			limit: this._limits ? { ...this._limits } : null,
		};
	}

	_countBilledFault(fault, ctx) {
		if (!fault.billed || ctx.method !== 'POST') return;
		if (ctx.route === '/v1/protect') this.usage.protectCalls++;
		if (ctx.route === '/v1/inspect') this.usage.inspectCalls++;
	}

	// Streams the multipart body: the `file` part is hashed as it arrives and kept (up to the size
	// limit) because the response carries it back; other parts are hashed and, if small, kept.
	async _readForm(ctx) {
		const boundary = kit.boundaryFrom(ctx.headers['content-type']);
		if (!boundary) {
			await ctx.readBody({ keepBytes: 0 });
			return { error: 'the request must be multipart/form-data with a boundary' };
		}
		const parts = [];
		const form = { file: null, metadata: null, parts, tooLarge: false, error: null };
		let current = null;
		const parser = new kit.MultipartParser(boundary, {
			onPartBegin: (headers) => {
				const { name, filename } = kit.parseContentDisposition(headers['content-disposition']);
				const isFile = name === 'file' && !form.file;
				current = { name, filename, contentType: headers['content-type'], length: 0, hash: crypto.createHash('sha256'), chunks: [], isFile };
			},
			onPartData: (data) => {
				current.hash.update(data);
				current.length += data.length;
				if (!current.chunks) return;
				const limit = current.isFile ? this.maxFileBytes : 64 * 1024;
				if (current.length > limit) {
					current.chunks = null;
					if (current.isFile) form.tooLarge = true;
				} else {
					// Copy: the parser hands out views of buffers it may reuse.
					current.chunks.push(Buffer.from(data));
				}
			},
			onPartEnd: () => {
				const originalHash = current.hash.copy();
				const part = { name: current.name, filename: current.filename, contentType: current.contentType, length: current.length, sha256: current.hash.digest('hex') };
				parts.push(part);
				if (current.isFile) form.file = { ...part, chunks: current.chunks, hash: originalHash };
				else if (current.name === 'metadata' && current.chunks) form.metadata = Buffer.concat(current.chunks).toString('utf8');
				current = null;
			},
		});
		try {
			await ctx.readBody({
				keepBytes: 0,
				onChunk: (chunk) => {
					if (form.error) return;
					try {
						parser.write(chunk);
					} catch (error) {
						form.error = error.message;
					}
				},
			});
			if (!form.error) parser.end();
		} catch (error) {
			form.error = error.message;
		}
		ctx.entry.parts = parts;
		return form;
	}

	async _media(ctx, operation) {
		const { res } = ctx;
		const form = await this._readForm(ctx);
		if (form.error) return apiError(res, 400, `malformed multipart body: ${form.error}`);
		if (!form.file) return apiError(res, 400, 'the "file" part is missing');
		if (form.tooLarge) return apiError(res, 413, `the file is larger than the plan limit of ${this.maxFileBytes} bytes`);
		if (form.file.length === 0) return apiError(res, 400, 'the file is empty');
		let metadata = null;
		if (operation === 'protect' && form.metadata !== null) {
			try {
				metadata = JSON.parse(form.metadata);
			} catch {
				return apiError(res, 400, 'the "metadata" part is not valid JSON');
			}
			if (!kit.isPlainObject(metadata)) return apiError(res, 400, 'the "metadata" part must be a JSON object');
		}
		const mediaType = kit.detectMediaType(leadingBytes(form.file.chunks, 512));
		if (!mediaType) return apiError(res, 415, 'supported media: JPEG, PNG, HEIC/HEIF, AVIF, MP3, MP4');
		const counter = operation === 'protect' ? 'protectCalls' : 'inspectCalls';
		const limit = this._limits ? this._limits[counter] : null;
		if (limit !== null && limit !== undefined && this.usage[counter] >= limit) {
			return apiError(res, 402, `the monthly ${operation} limit of ${limit} calls is used up`);
		}
		this.usage[counter]++; // reached processing: billed

		if (operation === 'inspect') return kit.replyJson(res, 200, verifyAsset(Buffer.concat(form.file.chunks), this._trustedKeys));

		const assetId = newAssetId();
		const filename = form.file.filename || `asset.${EXTENSIONS[mediaType] || 'bin'}`;
		const { parts } = labelAsset({
			chunks: form.file.chunks,
			originalSha256: form.file.sha256,
			originalLength: form.file.length,
			mediaType,
			filename,
			metadata,
			assetId,
			key: TRUSTED_KEY,
			signer: TRUSTED_SIGNER,
		});
		const trailer = parts[parts.length - 1];
		const protectedLength = form.file.length + trailer.length;
		this.protectedAssets.push({
			assetId,
			filename,
			mediaType,
			originalSha256: form.file.sha256,
			protectedSha256: form.file.hash.update(trailer).digest('hex'),
			originalLength: form.file.length,
			protectedLength,
			metadata,
		});
		res.setHeader('Content-Type', mediaType);
		res.setHeader('Content-Length', protectedLength);
		res.setHeader('Content-Disposition', contentDisposition(filename));
		res.setHeader('X-TrustNXT-Asset-Id', assetId);
		res.statusCode = 200;
		for (const part of parts) res.write(part);
		res.end();
		return undefined;
	}

	async _control({ method, path }, body) {
		if (path === '/__mock/limits' && method === 'POST') {
			this.setLimits(body || null);
			return { limit: this._limits };
		}
		if (path === '/__mock/usage' && method === 'GET') return { ...this.usage, limit: this._limits };
		if (path === '/__mock/require-secret' && method === 'POST') {
			this.requireSecret = Boolean(body && body.required);
			return { requireSecret: this.requireSecret };
		}
		if (path === '/__mock/protected' && method === 'GET') return this.protectedAssets;
		return undefined;
	}
}

async function startTrustNxtMock(options = {}) {
	const mock = new TrustNxtMock(options);
	return mock._start(options.port ?? 0);
}

module.exports = {
	startTrustNxtMock,
	TrustNxtMock,
	TRUSTNXT_FIXTURES,
	sampleJpeg: kit.sampleJpeg,
	samplePng: kit.samplePng,
	sampleMedia: kit.sampleMedia,
	detectMediaType: kit.detectMediaType,
};
