'use strict';
// Just enough of n8n's node contexts to run the compiled nodes in-process against the mock
// servers, over real sockets (node:http): parameters (with resource locators), input items,
// credentials as n8n's request helper applies them, binary data in memory, Continue On Fail.
// The same behaviour inside a real n8n is proven by the e2e suites.
const http = require('node:http');

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

function extract(value) {
	return value && typeof value === 'object' && value.__rl ? value.value : value;
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
	return {
		requests,
		hints,
		getNode: () => node,
		getInputData: () => items,
		getNodeParameter: (name, index, fallback, options) => {
			const value = lookup(parametersOf(index ?? 0), name);
			if (value === undefined) return fallback;
			return options?.extractValue ? extract(value) : value;
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
			getBinaryDataBuffer: async (index, name) => Buffer.from(items[index].binary[name].data, 'base64'),
			getBinaryMetadata: async () => {
				throw new Error('these tests keep binaries in memory');
			},
			prepareBinaryData: async (data, fileName, mimeType) => {
				const bytes = Buffer.isBuffer(data) ? data : await collect(data);
				return { data: bytes.toString('base64'), fileName, mimeType, fileSize: String(bytes.length) };
			},
		},
	};
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
		const [output] = await new NodeClass().execute.call(ctx);
		return { items: output };
	} catch (error) {
		return { error };
	}
}

module.exports = { executeContext, loadOptionsContext, run, byId, collect };
