'use strict';

// Local mock of the TrustNXT Protect/Inspect API, implementing
// the wire contract shared/contracts/trustnxt-api.md on 127.0.0.1.
//
// The wire format is modeled; what travels inside it is real C2PA, done by c2pa-rs (its
// WebAssembly build, see ./c2pa.js):
// - Protect embeds a C2PA manifest into the submitted file and signs it with the public C2PA
//   test signer (ES256). The manifest: claim generator "TrustNXT Protect (mock)" with a version,
//   title (metadata title, else the file name), a c2pa.actions.v2 assertion (c2pa.created, a
//   digital capture, when the file had no manifest; c2pa.opened with the file as parent
//   ingredient when it had one), cawg.training-mining when doNotTrain is set, a schema.org
//   CreativeWork naming the creator when given, and com.trustnxt.asset carrying the asset id.
// - Inspect validates the file with c2pa-rs against the mock's trust list (by default the test
//   signer's issuing CA) and answers with c2pa-rs's manifest store and validation results.
//   The verdict is c2pa-rs's validation_state: Trusted -> trusted, Valid -> valid, Invalid ->
//   invalid; no manifest -> no_credentials. c2pa-rs reports an untrusted signer as the failure
//   code signingCredential.untrusted but does not count it against integrity (the state stays
//   Valid); the report keeps that code in summary.failures, as c2pa-rs lists it, with verdict
//   valid. A manifest c2pa-rs finds but cannot read makes the file invalid (failure code
//   general.error, c2pa-rs's message as explanation); a file whose container c2pa-rs cannot
//   parse at all (a truncated JPEG, say) is refused with 400 bad_request and not billed, as is
//   a Protect of such a file.

const http = require('http');
const crypto = require('crypto');
const kit = require('./mock-kit');
const c2pa = require('./c2pa');

const TRUSTNXT_FIXTURES = Object.freeze({
	apiKey: 'tnxt_live_4fJ9qTzR2mWx7LcB8vNd3KpY',
	apiSecret: 'tnxt_secret_Vh6sQ1eZ9rGu3Xo7MbT2wLcN',
	revokedKey: 'tnxt_live_R3v0k3dK3y000000000000000',
	// A second valid key with a different prefix: nodes must warn about unknown prefixes, not reject.
	sandboxKey: 'tnxt_test_Sx8Dk2Lq5Vn9Pw3Rj7Hb1Fz',
});

const CLAIM_GENERATOR = Object.freeze({ name: 'TrustNXT Protect (mock)', version: '1.0.0' });
const ASSET_ASSERTION = 'com.trustnxt.asset';
const DIGITAL_CAPTURE = 'http://cv.iptc.org/newscodes/digitalsourcetype/digitalCapture';
const TRAINING_USES = ['cawg.ai_generative_training', 'cawg.ai_inference', 'cawg.ai_training', 'cawg.data_mining'];

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
// Signing and verification, both by c2pa-rs

function isoSeconds(date = new Date()) {
	return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

// The c2pa-rs ManifestDefinition Protect signs. `parent` is set when the file already carries
// a manifest: it becomes the parent ingredient and the action says the file was opened.
function manifestDefinition({ mediaType, filename, metadata, assetId, parent }) {
	const title = metadata && typeof metadata.title === 'string' && metadata.title ? metadata.title : filename;
	const when = isoSeconds();
	const softwareAgent = { ...CLAIM_GENERATOR };
	const action = parent
		? { action: 'c2pa.opened', when, softwareAgent, parameters: { ingredientIds: [parent.instanceId] } }
		: { action: 'c2pa.created', when, softwareAgent, digitalSourceType: DIGITAL_CAPTURE };
	const assertions = [{ label: 'c2pa.actions.v2', data: { actions: [action] } }];
	if (metadata && typeof metadata.doNotTrain === 'boolean') {
		const use = metadata.doNotTrain ? 'notAllowed' : 'allowed';
		assertions.push({ label: 'cawg.training-mining', data: { entries: Object.fromEntries(TRAINING_USES.map((entry) => [entry, { use }])) } });
	}
	if (metadata && typeof metadata.creator === 'string' && metadata.creator) {
		assertions.push({
			label: 'stds.schema-org.CreativeWork',
			data: { '@context': 'http://schema.org/', '@type': 'CreativeWork', author: [{ '@type': 'Person', name: metadata.creator }] },
		});
	}
	assertions.push({ label: ASSET_ASSERTION, data: { assetId } });
	return { claim_generator_info: [{ ...CLAIM_GENERATOR }], title, format: mediaType, assertions };
}

// Labels of every assertion the active manifest holds: the reader's JSON lists the ones a user
// reads; the hash and ingredient assertions show up only in the validation results' URLs.
function assertionLabels(store, manifest) {
	const labels = new Set((manifest.assertions || []).map((a) => a && a.label).filter(Boolean));
	const results = (store.validation_results && store.validation_results.activeManifest) || {};
	const prefix = `self#jumbf=/c2pa/${store.active_manifest}/c2pa.assertions/`;
	for (const group of [results.success, results.informational, results.failure]) {
		for (const entry of group || []) {
			if (entry && typeof entry.url === 'string' && entry.url.startsWith(prefix)) labels.add(entry.url.slice(prefix.length).replace(/__\d+$/, ''));
		}
	}
	return [...labels];
}

function claimGeneratorOf(manifest) {
	if (typeof manifest.claim_generator === 'string' && manifest.claim_generator) return manifest.claim_generator;
	const info = Array.isArray(manifest.claim_generator_info) ? manifest.claim_generator_info[0] : null;
	return info && info.name ? String(info.name) : null;
}

function fallbackAssetId(buffer) {
	return `ast_${kit.sha256Hex(buffer).slice(0, 16)}`;
}

const VERDICTS = { Trusted: 'trusted', Valid: 'valid', Invalid: 'invalid' };

// The Inspect report for what c2pa-rs made of the file (see readAsset in ./c2pa.js).
function reportFrom(buffer, read) {
	if (read.notFound) {
		return {
			assetId: fallbackAssetId(buffer),
			verdict: 'no_credentials',
			summary: { hasCredentials: false, signer: null, claimGenerator: null, assertions: [], failures: [] },
			manifestStore: null,
		};
	}
	if (!read.store) {
		const failure = { code: 'general.error', explanation: `the Content Credentials cannot be read: ${read.error}` };
		return {
			assetId: fallbackAssetId(buffer),
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
	const store = read.store;
	const manifest = (store.manifests && store.manifests[store.active_manifest]) || {};
	const info = manifest.signature_info || {};
	const results = (store.validation_results && store.validation_results.activeManifest) || {};
	const failures = [...new Set((results.failure || []).map((entry) => entry.code))];
	const assetAssertion = (manifest.assertions || []).find((a) => a && a.label === ASSET_ASSERTION);
	const assetId = assetAssertion && assetAssertion.data && typeof assetAssertion.data.assetId === 'string' ? assetAssertion.data.assetId : fallbackAssetId(buffer);
	return {
		assetId,
		verdict: VERDICTS[store.validation_state] || 'invalid',
		summary: {
			hasCredentials: true,
			signer: info.issuer || info.common_name
				? { issuer: info.issuer ?? null, commonName: info.common_name ?? null, alg: info.alg ? String(info.alg).toLowerCase() : null, time: info.time ?? null }
				: null,
			claimGenerator: claimGeneratorOf(manifest),
			assertions: assertionLabels(store, manifest),
			failures,
		},
		manifestStore: store,
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
		// PEM certificates of the trust anchors Inspect uses; by default the test signer's issuer.
		this._trustAnchors = options.trustAnchors ?? null;
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

	/** { inFlight, max }: API requests under way now, and the most at once since the log was cleared. */
	get concurrency() {
		return this._server.concurrency;
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
		this._trustAnchors = null;
		this._server.clearRequests();
		this._server.faults.clear();
	}

	async close() {
		await this._server.close();
	}

	// The trust list: PEM certificates (a string with one or more, or an array); null restores
	// the default (the test signer's issuing CA), [] trusts nobody (Inspect then says "valid"
	// where it said "trusted").
	setTrustAnchors(anchors) {
		this._trustAnchors = anchors === null || anchors === undefined ? null : (Array.isArray(anchors) ? anchors : [anchors]).flatMap((pem) => c2pa.pemCertificates(String(pem)));
	}

	get trustAnchors() {
		return this._trustAnchors ?? [c2pa.getTestSigner().issuerPem];
	}

	// ---- direct helpers for tests (no HTTP, no usage counted)

	// What Protect returns for these bytes: { buffer, assetId }.
	async protectBytes(buffer, { filename = 'asset', metadata = null } = {}) {
		const mediaType = kit.detectMediaType(buffer);
		if (!mediaType) throw new Error('protectBytes: not a supported media type');
		const assetId = newAssetId();
		return { buffer: await this._sign(buffer, { mediaType, filename, metadata, assetId }), assetId };
	}

	// The Inspect report for these bytes; for a file Inspect refuses with 400 (its container
	// cannot be parsed), { status: 400, error } instead.
	async inspectBytes(buffer) {
		const mediaType = kit.detectMediaType(buffer);
		if (!mediaType) throw new Error('inspectBytes: not a supported media type');
		const read = await c2pa.readAsset(buffer, { mediaType, trustAnchors: this.trustAnchors });
		if (read.unreadableAsset) return { status: 400, error: { code: ERROR_CODES[400], message: read.error } };
		return reportFrom(buffer, read);
	}

	async _sign(buffer, { mediaType, filename, metadata, assetId }) {
		// A file that already carries Content Credentials keeps them as its parent ingredient.
		const existing = await c2pa.readAsset(buffer, { mediaType, trustAnchors: [] });
		let parent = null;
		if (existing.store) {
			const active = (existing.store.manifests || {})[existing.store.active_manifest] || {};
			parent = { title: active.title, instanceId: active.instance_id || `xmp:iid:${crypto.randomUUID()}` };
		}
		const definition = manifestDefinition({ mediaType, filename, metadata, assetId, parent });
		const parentIngredient = parent ? { title: parent.title || filename, relationship: 'parentOf', instance_id: parent.instanceId } : null;
		return c2pa.signAsset(buffer, { mediaType, definition, parentIngredient });
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
				const part = { name: current.name, filename: current.filename, contentType: current.contentType, length: current.length, sha256: current.hash.digest('hex') };
				parts.push(part);
				if (current.isFile) form.file = { ...part, chunks: current.chunks };
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

		const original = Buffer.concat(form.file.chunks);
		if (operation === 'inspect') {
			const read = await c2pa.readAsset(original, { mediaType, trustAnchors: this.trustAnchors });
			if (read.unreadableAsset) {
				// Refused like a wrong media type: nothing was inspected, nothing is billed.
				this.usage[counter]--;
				return apiError(res, 400, `the file is not a readable ${mediaType} file: ${read.error}`);
			}
			return kit.replyJson(res, 200, reportFrom(original, read));
		}

		const assetId = newAssetId();
		const filename = form.file.filename || `asset.${EXTENSIONS[mediaType] || 'bin'}`;
		let signed;
		try {
			signed = await this._sign(original, { mediaType, filename, metadata, assetId });
		} catch (error) {
			// The bytes passed the magic-byte check but their structure does not take a manifest:
			// refused like a wrong media type, nothing protected, nothing billed.
			this.usage[counter]--;
			return apiError(res, 400, `the file cannot carry Content Credentials as ${mediaType}: ${error.message}`);
		}
		this.protectedAssets.push({
			assetId,
			filename,
			mediaType,
			originalSha256: form.file.sha256,
			protectedSha256: kit.sha256Hex(signed),
			originalLength: form.file.length,
			protectedLength: signed.length,
			metadata,
		});
		res.setHeader('Content-Type', mediaType);
		res.setHeader('Content-Length', signed.length);
		res.setHeader('Content-Disposition', contentDisposition(filename));
		res.setHeader('X-TrustNXT-Asset-Id', assetId);
		res.statusCode = 200;
		res.end(signed);
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
		// { anchors: [PEM, ...] } sets the trust list, { anchors: null } restores the default.
		if (path === '/__mock/trust' && method === 'POST') {
			this.setTrustAnchors(body ? body.anchors : null);
			return { anchors: this.trustAnchors.length };
		}
		return undefined;
	}
}

async function startTrustNxtMock(options = {}) {
	const mock = new TrustNxtMock(options);
	await mock._start(options.port ?? 0);
	// A network round trip to emulate on every API request (mock-kit: latencyMs).
	if (options.latencyMs !== undefined) mock._server.setLatency(options.latencyMs);
	return mock;
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
