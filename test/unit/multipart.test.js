'use strict';
// The pack's multipart/form-data bodies: the exact Content-Length, what a multipart parser reads
// back (the mock's own parser and undici's, both independent of this code), the stream form built
// from a real file stream, and a streamed upload to the TrustNXT mock over a real socket.
const crypto = require('node:crypto');
const fs = require('node:fs');
const http = require('node:http');
const os = require('node:os');
const path = require('node:path');
const { Readable } = require('node:stream');
const { Response } = require('undici');
const { layoutMultipart, multipartBuffer, multipartStream, multipartChunks, readableLike, newBoundary } = require('../../dist/nodes/shared/multipart');
const { TrustNxt } = require('../../dist/nodes/TrustNxt/TrustNxt.node');
const kit = require('../mocks/mock-kit');
const { startTrustNxtMock, TRUSTNXT_FIXTURES, sampleJpeg } = require('../mocks/trustnxt-mock');
const { readAsset } = require('../mocks/c2pa');

// The TrustNXT mock signs and validates with c2pa-rs: on a loaded machine a call can take seconds.
jest.setTimeout(60000);

const sha256 = (data) => crypto.createHash('sha256').update(data).digest('hex');

/** Parts as the mock's streaming parser sees them, the body fed in small ragged chunks. */
function parseWithMockParser(body, boundary) {
	const parts = [];
	let current;
	const parser = new kit.MultipartParser(boundary, {
		onPartBegin: (headers) => {
			current = { headers, ...kit.parseContentDisposition(headers['content-disposition']), chunks: [] };
		},
		onPartData: (data) => current.chunks.push(Buffer.from(data)),
		onPartEnd: () => {
			parts.push({ ...current, data: Buffer.concat(current.chunks) });
			current = undefined;
		},
	});
	for (let offset = 0; offset < body.length; offset += 777) parser.write(body.subarray(offset, offset + 777));
	parser.end();
	return parts;
}

async function collect(stream) {
	const chunks = [];
	for await (const chunk of stream) chunks.push(Buffer.from(chunk));
	return Buffer.concat(chunks);
}

let workDir;
beforeAll(() => {
	workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'multipart-test-'));
});
afterAll(() => fs.rmSync(workDir, { recursive: true, force: true }));

describe('layout and in-memory body', () => {
	test('Content-Length is exactly the body length; metadata first, file last', () => {
		const file = crypto.randomBytes(10_000);
		const metadata = JSON.stringify({ title: 'Sunrise', creator: 'Ana', doNotTrain: true });
		const layout = layoutMultipart([{ name: 'metadata', value: metadata, contentType: 'application/json' }], { name: 'file', fileName: 'photo.jpg', contentType: 'image/jpeg', size: file.length });
		const body = multipartBuffer(layout, file);
		expect(body.length).toBe(layout.contentLength);
		expect(layout.contentType).toBe(`multipart/form-data; boundary=${layout.boundary}`);
		const parts = parseWithMockParser(body, layout.boundary);
		expect(parts.map((part) => part.name)).toEqual(['metadata', 'file']);
		expect(parts[0].data.toString('utf8')).toBe(metadata);
		expect(parts[0].headers['content-type']).toBe('application/json');
		expect(parts[1].filename).toBe('photo.jpg');
		expect(parts[1].headers['content-type']).toBe('image/jpeg');
		expect(sha256(parts[1].data)).toBe(sha256(file));
	});

	test('a standard parser (undici/WHATWG FormData) reads the same parts', async () => {
		const file = crypto.randomBytes(4096);
		const layout = layoutMultipart([{ name: 'metadata', value: '{"title":"x"}', contentType: 'application/json' }], { name: 'file', fileName: 'clip.mp3', contentType: 'audio/mpeg', size: file.length });
		const form = await new Response(multipartBuffer(layout, file), { headers: { 'content-type': layout.contentType } }).formData();
		expect(form.get('metadata')).toBe('{"title":"x"}');
		const blob = form.get('file');
		expect(blob.name).toBe('clip.mp3');
		expect(blob.type).toBe('audio/mpeg');
		expect(sha256(Buffer.from(await blob.arrayBuffer()))).toBe(sha256(file));
	});

	test('file names with quotes, line breaks and non-ASCII letters cannot break the header', () => {
		const file = Buffer.from('data');
		for (const fileName of ['a "quoted" name.jpg', 'line\r\nContent-Type: text/html.jpg', 'Übersicht – Fotos 日本.jpg']) {
			const layout = layoutMultipart([], { name: 'file', fileName, contentType: 'image/jpeg', size: file.length });
			const head = layout.head.toString('utf8');
			// Exactly one Content-Disposition and one Content-Type line for the single part.
			expect(head.match(/\r\nContent-Disposition:/g)).toHaveLength(1);
			expect(head.match(/\r\nContent-Type:/g)).toHaveLength(1);
			const [part] = parseWithMockParser(multipartBuffer(layout, file), layout.boundary);
			expect(part.data.toString()).toBe('data');
			if (/[^\x20-\x7e]/.test(fileName) && !/[\r\n"]/.test(fileName)) expect(part.filename).toBe(fileName);
		}
	});

	test('boundaries are fresh, long and made of safe characters', () => {
		const seen = new Set();
		for (let i = 0; i < 100; i++) {
			const boundary = newBoundary();
			expect(boundary).toMatch(/^[-A-Za-z0-9]{40,70}$/);
			seen.add(boundary);
		}
		expect(seen.size).toBe(100);
	});

	test('refuses a file whose size differs from the one announced', () => {
		const layout = layoutMultipart([], { name: 'file', fileName: 'a.jpg', contentType: 'image/jpeg', size: 10 });
		expect(() => multipartBuffer(layout, Buffer.alloc(9))).toThrow(/9 bytes, 10 were announced/);
	});
});

describe('streamed body', () => {
	test('built from a real file stream: a real Readable, same bytes as the buffer form, every file chunk hashed', async () => {
		const file = crypto.randomBytes(3 * 1024 * 1024 + 5);
		const filePath = path.join(workDir, 'big.jpg');
		fs.writeFileSync(filePath, file);
		const layout = layoutMultipart([{ name: 'metadata', value: '{}', contentType: 'application/json' }], { name: 'file', fileName: 'big.jpg', contentType: 'image/jpeg', size: file.length }, 'fixed-boundary-for-test');
		const fileStream = fs.createReadStream(filePath, { highWaterMark: 64 * 1024 });
		const hash = crypto.createHash('sha256');
		const report = { bytes: 0 };
		const body = multipartStream(layout, fileStream, (chunk) => hash.update(chunk), report);
		expect(body).toBeInstanceOf(Readable);
		expect(typeof body.pipe).toBe('function');
		const streamed = await collect(body);
		expect(streamed.equals(multipartBuffer(layout, file))).toBe(true);
		expect(streamed.length).toBe(layout.contentLength);
		expect(report.bytes).toBe(file.length);
		expect(hash.digest('hex')).toBe(sha256(file));
	});

	test('a file that is shorter or longer than announced fails the stream instead of lying about its length', async () => {
		const layout = layoutMultipart([], { name: 'file', fileName: 'a.jpg', contentType: 'image/jpeg', size: 100 });
		await expect(collect(Readable.from(multipartChunks(layout, Readable.from([Buffer.alloc(60)]))))).rejects.toThrow(/ended after 60 of the 100 bytes/);
		await expect(collect(Readable.from(multipartChunks(layout, Readable.from([Buffer.alloc(60), Buffer.alloc(60)]))))).rejects.toThrow(/larger than the 100 bytes/);
	});

	test('readableLike uses the static Readable.from that every Node stream class inherits', async () => {
		const template = fs.createReadStream(__filename);
		const made = readableLike(template, (async function* () {
			yield Buffer.from('a');
			yield Buffer.from('b');
		})());
		template.destroy();
		expect(made).toBeInstanceOf(Readable);
		expect((await collect(made)).toString()).toBe('ab');
		expect(readableLike({}, (async function* () {})())).toBeUndefined();
		expect(readableLike(null, (async function* () {})())).toBeUndefined();
	});

	test('streamed to the TrustNXT mock over a real socket with the announced Content-Length: the parts arrive whole', async () => {
		const mock = await startTrustNxtMock({ port: 0 });
		try {
			const image = sampleJpeg(2 * 1024 * 1024 + 3);
			const filePath = path.join(workDir, 'photo.jpg');
			fs.writeFileSync(filePath, image);
			const metadata = JSON.stringify({ title: 'Sunrise', doNotTrain: true });
			const layout = layoutMultipart([{ name: 'metadata', value: metadata, contentType: 'application/json' }], { name: 'file', fileName: 'photo.jpg', contentType: 'image/jpeg', size: image.length });
			const body = multipartStream(layout, fs.createReadStream(filePath));
			const { status, protectedBytes } = await new Promise((resolve, reject) => {
				const url = new URL('/v1/protect', mock.origin);
				const req = http.request(url, {
					method: 'POST',
					headers: { 'x-api-key': TRUSTNXT_FIXTURES.apiKey, 'content-type': layout.contentType, 'content-length': layout.contentLength },
				});
				req.on('response', async (res) => resolve({ status: res.statusCode, protectedBytes: await collect(res) }));
				req.on('error', reject);
				body.pipe(req);
			});
			expect(status).toBe(200);
			const [received] = mock.requests;
			expect(received.bodyLength).toBe(layout.contentLength);
			expect(received.headers['transfer-encoding']).toBeUndefined();
			const filePart = received.parts.find((part) => part.name === 'file');
			expect(filePart).toMatchObject({ filename: 'photo.jpg', contentType: 'image/jpeg', length: image.length, sha256: sha256(image) });
			expect(received.parts.find((part) => part.name === 'metadata').sha256).toBe(sha256(metadata));
			expect(mock.protectedAssets[0].metadata).toEqual({ title: 'Sunrise', doNotTrain: true });
			// The answer is the same picture with a C2PA manifest for it embedded (read here with c2pa-rs).
			expect(protectedBytes.subarray(protectedBytes.length - (image.length - 20)).equals(image.subarray(20))).toBe(true);
			const { store } = await readAsset(protectedBytes, { mediaType: 'image/jpeg' });
			expect(store.validation_state).toBe('Trusted');
			expect(store.manifests[store.active_manifest].title).toBe('Sunrise');
		} finally {
			await mock.close();
		}
	});
});

/**
 * Just enough of n8n's execute context to run the compiled node in-process, with a real HTTP
 * client (node:http) against the mock. It records whether each request body was a stream or a
 * buffer, which a real n8n does not show from outside.
 */
function fakeContext({ origin, item, parameters, storedFiles, credentials, respond }) {
	const sent = [];
	const hints = [];
	const node = { id: '1', name: 'TrustNXT', type: 'n8n-nodes-trustnxt.trustNxt', typeVersion: 1, position: [0, 0], parameters };
	const ctx = {
		sent,
		hints,
		getNode: () => node,
		getInputData: () => [item],
		getNodeParameter: (name, _index, fallback) => (name in parameters ? parameters[name] : fallback),
		getCredentials: async () => credentials ?? { apiKey: TRUSTNXT_FIXTURES.apiKey, apiSecret: TRUSTNXT_FIXTURES.apiSecret, baseUrl: `${origin}/` },
		continueOnFail: () => false,
		addExecutionHints: (...added) => hints.push(...added),
		helpers: {
			getBinaryMetadata: async (id) => ({ fileSize: fs.statSync(storedFiles[id]).size }),
			getBinaryStream: async (id) => fs.createReadStream(storedFiles[id], { highWaterMark: 64 * 1024 }),
			getBinaryDataBuffer: async (_index, name) => Buffer.from(item.binary[name].data, 'base64'),
			prepareBinaryData: async (data, fileName, mimeType) => {
				const bytes = Buffer.isBuffer(data) ? data : await collect(data);
				return { data: bytes.toString('base64'), fileName, mimeType, bytes: bytes.length };
			},
			httpRequest: async () => {
				throw new Error('every TrustNXT request must go through httpRequestWithAuthentication');
			},
			httpRequestWithAuthentication(credentialType, options) {
				expect(credentialType).toBe('trustNxtApi');
				const isStream = options.body !== undefined && typeof options.body.pipe === 'function';
				sent.push({ url: options.url, body: options.body === undefined ? 'none' : isStream ? 'stream' : Buffer.isBuffer(options.body) ? 'buffer' : typeof options.body });
				if (respond) return Promise.resolve(respond(options));
				return new Promise((resolve, reject) => {
					const req = http.request(options.url, { method: options.method, headers: { ...options.headers, 'x-api-key': TRUSTNXT_FIXTURES.apiKey } });
					req.on('error', reject);
					req.on('response', async (res) => {
						if (options.encoding === 'stream') return resolve({ statusCode: res.statusCode, headers: res.headers, body: res });
						const text = (await collect(res)).toString('utf8');
						resolve({ statusCode: res.statusCode, headers: res.headers, body: /json/.test(res.headers['content-type'] || '') ? JSON.parse(text) : text });
					});
					if (isStream) options.body.pipe(req);
					else req.end(options.body);
				});
			},
		},
	};
	return ctx;
}

describe('the node sends files as the binary data mode allows', () => {
	let mock;
	beforeAll(async () => {
		mock = await startTrustNxtMock({ port: 0 });
	});
	afterAll(async () => mock.close());
	beforeEach(() => mock.reset());

	test('a file n8n keeps on disk is streamed (head + file stream + tail), hashed on the way, the protected bytes stored as they came', async () => {
		const image = sampleJpeg(5 * 1024 * 1024 + 11, 'unit-disk');
		const filePath = path.join(workDir, 'on-disk.jpg');
		fs.writeFileSync(filePath, image);
		const item = { json: {}, binary: { data: { id: 'filesystem-v2:abc', data: 'filesystem-v2', fileName: 'on-disk.jpg', mimeType: 'image/jpeg' } } };
		const ctx = fakeContext({ origin: mock.origin, item, parameters: { resource: 'asset', operation: 'protect', binaryPropertyName: 'data', metadata: { title: 'T' }, options: { addChecksums: true } }, storedFiles: { 'filesystem-v2:abc': filePath } });
		const [[result]] = await new TrustNxt().execute.call(ctx);
		expect(ctx.sent).toEqual([{ url: `${mock.origin}/v1/protect`, body: 'stream' }]);
		const [request] = mock.requests;
		expect(request.bodyLength).toBe(Number(request.headers['content-length']));
		expect(part(request, 'file')).toMatchObject({ length: image.length, sha256: sha256(image) });
		const [asset] = mock.protectedAssets;
		expect(result.json).toMatchObject({ originalSha256: sha256(image), originalSize: image.length, protectedSha256: asset.protectedSha256, protectedSize: asset.protectedLength });
		expect(sha256(Buffer.from(result.binary.data.data, 'base64'))).toBe(asset.protectedSha256);
		expect(result.binary.data).toMatchObject({ fileName: 'on-disk.jpg', mimeType: 'image/jpeg' });
	});

	test('a file n8n holds in memory is sent as one buffer with the same layout', async () => {
		const image = sampleJpeg(40 * 1024, 'unit-memory');
		const item = { json: {}, binary: { data: { data: image.toString('base64'), fileName: 'in-memory.jpg', mimeType: 'image/jpeg' } } };
		const parameters = { resource: 'asset', operation: 'inspect', binaryPropertyName: 'data', includeManifestStore: false, options: {} };
		// Checksums not asked for: none in the output.
		const [[plain]] = await new TrustNxt().execute.call(fakeContext({ origin: mock.origin, item, parameters, storedFiles: {} }));
		expect(plain.json.verdict).toBe('no_credentials');
		expect(plain.json).not.toHaveProperty('fileSha256');
		mock.reset();
		const ctx = fakeContext({ origin: mock.origin, item, parameters: { ...parameters, options: { addChecksums: true } }, storedFiles: {} });
		const [[result]] = await new TrustNxt().execute.call(ctx);
		expect(ctx.sent).toEqual([{ url: `${mock.origin}/v1/inspect`, body: 'buffer' }]);
		expect(part(mock.requests[0], 'file')).toMatchObject({ filename: 'in-memory.jpg', length: image.length, sha256: sha256(image) });
		expect(result.json).toMatchObject({ verdict: 'no_credentials', fileSha256: sha256(image) });
		// Inspect hands on the very binary object it was given.
		expect(result.binary).toBe(item.binary);
	});
});

describe('the credential\'s Base URL', () => {
	const usage = { resource: 'usage', operation: 'get', options: {} };
	const unauthorized = () => ({ statusCode: 401, headers: { 'content-type': 'application/json' }, body: { error: { code: 'unauthorized', message: 'unknown API key' } } });

	test('http:// to another machine works but warns, in a hint and in any error', async () => {
		const ctx = fakeContext({ item: { json: {} }, parameters: usage, credentials: { apiKey: 'tnxt_live_x1234567', baseUrl: ' http://gateway.example.com/trustnxt// ' }, respond: unauthorized });
		const failure = await new TrustNxt().execute.call(ctx).catch((error) => error);
		expect(ctx.sent[0].url).toBe('http://gateway.example.com/trustnxt/v1/usage');
		expect(failure.message).toMatch(/HTTP 401/);
		expect(failure.description).toMatch(/uses http:\/\/ to gateway\.example\.com/);
		expect(ctx.hints).toEqual([expect.objectContaining({ type: 'warning', message: expect.stringMatching(/travel unencrypted/) })]);
		// The key is redacted wherever it could appear.
		expect(JSON.stringify({ message: failure.message, description: failure.description })).not.toContain('tnxt_live_x1234567');
	});

	test('http:// to this machine gives no warning', async () => {
		for (const baseUrl of ['http://127.0.0.1:5681', 'http://localhost:5681/', 'http://[::1]:5681']) {
			const ctx = fakeContext({ item: { json: {} }, parameters: usage, credentials: { apiKey: 'tnxt_live_x1234567', baseUrl }, respond: unauthorized });
			const failure = await new TrustNxt().execute.call(ctx).catch((error) => error);
			expect(failure.description).not.toMatch(/unencrypted/);
			expect(ctx.hints).toEqual([]);
		}
	});

	test.each([['not a url'], ['ftp://api.trustnxt.com'], ['https://api.trustnxt.com/?x=1']])('%s is refused with "Base URL" named, before any request', async (baseUrl) => {
		const ctx = fakeContext({ item: { json: {} }, parameters: usage, credentials: { apiKey: 'tnxt_live_x1234567', baseUrl }, respond: unauthorized });
		const failure = await new TrustNxt().execute.call(ctx).catch((error) => error);
		expect(failure.message).toMatch(/"Base URL"/);
		expect(ctx.sent).toHaveLength(0);
	});

	test('an empty Base URL means the default host', async () => {
		const ctx = fakeContext({ item: { json: {} }, parameters: usage, credentials: { apiKey: 'tnxt_live_x1234567', baseUrl: '  ' }, respond: unauthorized });
		await new TrustNxt().execute.call(ctx).catch(() => undefined);
		expect(ctx.sent[0].url).toBe('https://api.trustnxt.com/v1/usage');
	});
});

function part(request, name) {
	return request.parts.find((entry) => entry.name === name);
}
