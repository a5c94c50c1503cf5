'use strict';
// Just enough of n8n's node contexts to run the compiled nodes in-process against the mock
// servers, over real sockets (node:http): parameters (with resource locators, "By URL" values
// extracted by the field's own rule), input items, credentials as n8n's request helper applies
// them, binary data in memory or in a stand-in for n8n's file store (streamed), Continue On
// Fail, execution hints. The same behaviour inside a real n8n is proven by the e2e suites.
const http = require('node:http');
const { Readable } = require('node:stream');

async function collect(stream) {
	const chunks = [];
	for await (const chunk of stream) chunks.push(Buffer.from(chunk));
	return Buffer.concat(chunks);
}

/** Credential headers as the pack's credential classes produce them. */
function authHeaders(credentialType, credentials) {
	if (credentialType === 'trintApi') {
		return { authorization: `Basic ${Buffer.from(`${String(credentials.keyId).trim()}:${String(credentials.keySecret).trim()}`).toString('base64')}` };
	}
	if (credentialType === 'trintLegacyApi') return { 'api-key': String(credentials.apiKey).trim() };
	if (credentialType === 'trustNxtApi') {
		const headers = { 'x-api-key': String(credentials.apiKey ?? '').trim() };
		const secret = String(credentials.apiSecret ?? '').trim();
		if (secret) headers['x-api-secret'] = secret;
		return headers;
	}
	return {};
}

/** One HTTP exchange the way n8n's helper does it for this pack: full response, no status errors. */
function send(options, extraHeaders = {}) {
	const url = new URL(options.url);
	for (const [key, value] of Object.entries(options.qs ?? {})) if (value !== undefined) url.searchParams.set(key, String(value));
	const headers = { ...(options.headers ?? {}), ...extraHeaders };
	let body = options.body;
	if (body !== undefined && options.json) {
		body = Buffer.from(JSON.stringify(body));
		headers['content-type'] = 'application/json';
	}
	// A body held whole goes with its length, as n8n's client sends it (Node would otherwise send
	// a DELETE body unframed).
	const lengthKnown = Object.keys(headers).some((name) => name.toLowerCase() === 'content-length');
	if (!lengthKnown && (Buffer.isBuffer(body) || typeof body === 'string')) headers['content-length'] = String(Buffer.byteLength(body));
	return new Promise((resolve, reject) => {
		const req = http.request(url, { method: options.method ?? 'GET', headers });
		req.on('error', reject);
		if (options.timeout) {
			req.setTimeout(options.timeout, () => req.destroy(Object.assign(new Error(`timeout of ${options.timeout}ms exceeded`), { code: 'ECONNABORTED' })));
		}
		req.on('response', async (res) => {
			if (options.encoding === 'stream') return resolve({ statusCode: res.statusCode, headers: res.headers, body: res });
			try {
				const bytes = await collect(res);
				const text = bytes.toString('utf8');
				let parsed = text;
				// Like n8n's client: JSON is parsed when it parses, otherwise the text is handed on.
				if (/json/.test(res.headers['content-type'] ?? '') && text) {
					try {
						parsed = JSON.parse(text);
					} catch {
						parsed = text;
					}
				}
				resolve({ statusCode: res.statusCode, headers: res.headers, body: parsed });
			} catch (error) {
				reject(error);
			}
		});
		if (body !== undefined && typeof body.pipe === 'function') {
			body.on('error', (error) => req.destroy(error));
			body.pipe(req);
		} else {
			req.end(body);
		}
	});
}

function lookup(parameters, name) {
	return name.split('.').reduce((object, key) => (object && typeof object === 'object' ? object[key] : undefined), parameters);
}

/** Every property of a node description, collection options included. */
function* allProperties(properties) {
	for (const property of properties ?? []) {
		yield property;
		if (Array.isArray(property.options)) yield* allProperties(property.options.filter((option) => option && typeof option === 'object' && 'type' in option));
	}
}

/**
 * A resource locator's value as n8n hands it to a node with `extractValue`: a mode with an
 * `extractValue` rule (such as "By URL") gives the rule's first capture, as in n8n.
 */
function extract(value, name, description) {
	if (!(value && typeof value === 'object' && value.__rl)) return value;
	if (description && value.mode && value.mode !== 'list' && value.mode !== 'id') {
		const leaf = name.split('.').pop();
		for (const property of allProperties(description.properties)) {
			if (property.name !== leaf || !Array.isArray(property.modes)) continue;
			const mode = property.modes.find((entry) => entry.name === value.mode);
			if (mode?.extractValue?.type === 'regex') {
				const match = new RegExp(mode.extractValue.regex).exec(String(value.value));
				if (!match) throw new Error(`ERROR: ${property.displayName}: the value "${value.value}" does not match the ${mode.displayName} pattern`);
				return match[1] ?? match[0];
			}
		}
	}
	return value.value;
}

// A stand-in for n8n's binary store in filesystem mode: a binary with an `id` is read through
// getBinaryMetadata / getBinaryStream, never as one buffer.
const storedFiles = new Map();
let storedCount = 0;

/** A binary as n8n keeps it on disk: metadata and an id; the bytes only come as a stream. */
function storedBinary(bytes, { fileName, mimeType }) {
	const id = `filesystem-v2:fake/${++storedCount}`;
	storedFiles.set(id, Buffer.from(bytes));
	return { id, data: 'filesystem-v2', fileName, mimeType, fileSize: String(bytes.length) };
}

/** How many stored binaries were opened as streams (to prove the streamed path ran). */
const storeStats = { streamsOpened: 0 };

function storedBytes(id) {
	const bytes = storedFiles.get(id);
	if (!bytes) throw new Error(`no stored binary ${id}`);
	return bytes;
}

function storedStream(id, chunkSize = 64 * 1024) {
	const bytes = storedBytes(id);
	storeStats.streamsOpened++;
	return Readable.from(
		(function* chunks() {
			for (let offset = 0; offset < bytes.length; offset += chunkSize) yield bytes.subarray(offset, offset + chunkSize);
		})(),
		{ objectMode: false },
	);
}

/** The bytes of a binary in an output item, wherever the fake keeps them. */
function binaryBytes(binary) {
	return binary.id ? storedBytes(binary.id) : Buffer.from(binary.data, 'base64');
}

/** A resource locator value as the editor stores it. */
const byId = (value) => ({ __rl: true, mode: 'id', value });

/**
 * An execute context. `parameters` is one object for every item, or a function of the item
 * index; `items` the input items; `credentials` keyed by credential type.
 */
function executeContext({ nodeType = 'trint', parameters, items = [{ json: {} }], credentials, continueOnFail = false, typeVersion = 1 }) {
	const node = { id: 'n1', name: nodeType === 'trint' ? 'Trint' : 'TrustNXT', type: `x.${nodeType}`, typeVersion, position: [0, 0], parameters: {} };
	const parametersOf = (index) => (typeof parameters === 'function' ? parameters(index) : parameters);
	const requests = [];
	const hints = [];
	const ctx = {
		requests,
		hints,
		/** The node's description, set by `run`, for extracting "By URL" locator values. */
		nodeDescription: undefined,
		getNode: () => node,
		getInputData: () => items,
		getNodeParameter: (name, index, fallback, options) => {
			const value = lookup(parametersOf(index ?? 0), name);
			if (value === undefined) return fallback;
			return options?.extractValue ? extract(value, name, ctx.nodeDescription) : value;
		},
		getCredentials: async (type) => {
			if (!credentials[type]) throw new Error(`no credential of type ${type}`);
			return credentials[type];
		},
		continueOnFail: () => continueOnFail,
		addExecutionHints: (...added) => hints.push(...added),
		helpers: {
			httpRequestWithAuthentication(type, options) {
				requests.push({ type, method: options.method, url: options.url });
				return send(options, authHeaders(type, credentials[type]));
			},
			httpRequest(options) {
				requests.push({ type: undefined, method: options.method, url: options.url });
				return send(options);
			},
			getBinaryDataBuffer: async (index, name) => binaryBytes(items[index].binary[name]),
			getBinaryMetadata: async (id) => ({ fileSize: storedBytes(id).length }),
			getBinaryStream: async (id, chunkSize) => storedStream(id, chunkSize),
			prepareBinaryData: async (data, fileName, mimeType) => {
				const bytes = Buffer.isBuffer(data) ? data : await collect(data);
				return { data: bytes.toString('base64'), fileName, mimeType, fileSize: String(bytes.length) };
			},
		},
	};
	return ctx;
}

/** A list-search (resource locator) context with the node's current parameters. */
function loadOptionsContext({ parameters, credentials }) {
	const node = { id: 'n1', name: 'Trint', type: 'x.trint', typeVersion: 1, position: [0, 0], parameters };
	return {
		getNode: () => node,
		getNodeParameter: (name, fallback) => lookup(parameters, name) ?? fallback,
		getCurrentNodeParameter: (name, options) => {
			const value = lookup(parameters, name);
			return options?.extractValue ? extract(value) : value;
		},
		getCredentials: async (type) => credentials[type],
		helpers: {
			httpRequestWithAuthentication: (type, options) => send(options, authHeaders(type, credentials[type])),
			httpRequest: (options) => send(options),
		},
	};
}

/** Runs a node's execute() and returns its first output, or the error it threw. */
async function run(NodeClass, ctx) {
	try {
		const instance = new NodeClass();
		if ('nodeDescription' in ctx) ctx.nodeDescription = instance.description;
		const [output] = await instance.execute.call(ctx);
		return { items: output };
	} catch (error) {
		return { error };
	}
}

/** A resource locator value in another mode ("url", "list"). */
const locator = (mode, value) => ({ __rl: true, mode, value });

/** Runs one of a node's list-search methods (resource locator "From List") as n8n's editor does. */
async function listSearch(NodeClass, method, { parameters, credentials }, filter, paginationToken) {
	const search = new NodeClass().methods?.listSearch?.[method];
	if (typeof search !== 'function') throw new Error(`${NodeClass.name} has no list-search method ${method}`);
	return await search.call(loadOptionsContext({ parameters, credentials }), filter, paginationToken);
}

module.exports = { executeContext, loadOptionsContext, run, listSearch, byId, locator, collect, storedBinary, storeStats, binaryBytes };
