'use strict';

// Shared plumbing for the Trint and TrustNXT mock servers: an HTTP server bound to 127.0.0.1,
// a request log, fault injection, streaming body reading with SHA-256, reply helpers, a
// streaming multipart parser and deterministic sample media. Each mock only adds its routes.

const http = require('http');
const https = require('https');
const crypto = require('crypto');
const zlib = require('zlib');
const { Readable } = require('stream');

const HOST = '127.0.0.1';
const EMPTY_SHA256 = crypto.createHash('sha256').digest('hex');
// Bodies up to this size are kept in memory so JSON can be parsed; larger ones are only hashed.
const DEFAULT_KEEP_BYTES = 1024 * 1024;

// ---------------------------------------------------------------------------------------------
// Small utilities

function sha256Hex(data) {
	return crypto.createHash('sha256').update(data).digest('hex');
}

// 16 random bytes as unpadded base64url: the 22-character id shape Trint uses.
function randomId() {
	return crypto.randomBytes(16).toString('base64url');
}

function sleep(ms) {
	return new Promise((resolve) => setTimeout(resolve, ms));
}

function isPlainObject(value) {
	return value !== null && typeof value === 'object' && !Array.isArray(value);
}

// Compare secrets without leaking their length through timing more than necessary.
function secretsEqual(given, expected) {
	if (typeof given !== 'string' || typeof expected !== 'string') return false;
	const a = Buffer.from(given);
	const b = Buffer.from(expected);
	return a.length === b.length && crypto.timingSafeEqual(a, b);
}

// A tiny seeded PRNG (mulberry32) so generated transcripts are the same on every run.
function seededRandom(seedText) {
	let state = crypto.createHash('sha256').update(String(seedText)).digest().readUInt32LE(0);
	const next = () => {
		state = (state + 0x6d2b79f5) >>> 0;
		let t = state;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
	return {
		next,
		int: (n) => Math.floor(next() * n),
		pick: (list) => list[Math.floor(next() * list.length)],
	};
}

// CRC-32 (IEEE), needed for PNG chunks and ZIP entries. Table built once.
const CRC_TABLE = (() => {
	const table = new Uint32Array(256);
	for (let n = 0; n < 256; n++) {
		let c = n;
		for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
		table[n] = c >>> 0;
	}
	return table;
})();

function crc32(buffer) {
	let crc = 0xffffffff;
	for (let i = 0; i < buffer.length; i++) crc = CRC_TABLE[(crc ^ buffer[i]) & 0xff] ^ (crc >>> 8);
	return (crc ^ 0xffffffff) >>> 0;
}

// ---------------------------------------------------------------------------------------------
// Deterministic pseudo-random bytes. AES-256-CTR over zeros is fast (GB/s) and seekless but
// reproducible, so a 1 GiB download can be generated on the fly and never held in memory, while
// a small one can be produced as a Buffer with exactly the same bytes.

const STREAM_CHUNK = 64 * 1024;
const ZEROS = Buffer.alloc(STREAM_CHUNK);

function keystream(seed) {
	const key = crypto.createHash('sha256').update(`bytes:${seed}`).digest();
	return crypto.createCipheriv('aes-256-ctr', key, Buffer.alloc(16));
}

function deterministicBytes(seed, length) {
	const cipher = keystream(seed);
	const out = Buffer.allocUnsafe(length);
	let offset = 0;
	while (offset < length) {
		const n = Math.min(STREAM_CHUNK, length - offset);
		cipher.update(ZEROS.subarray(0, n)).copy(out, offset);
		offset += n;
	}
	return out;
}

function deterministicStream(seed, length) {
	const cipher = keystream(seed);
	let remaining = length;
	return new Readable({
		highWaterMark: STREAM_CHUNK,
		read() {
			if (remaining <= 0) {
				this.push(null);
				return;
			}
			const n = Math.min(STREAM_CHUNK, remaining);
			remaining -= n;
			this.push(cipher.update(ZEROS.subarray(0, n)));
		},
	});
}

// SHA-256 of a deterministic byte sequence, computed in chunks (constant memory).
function deterministicSha256(seed, length) {
	const cipher = keystream(seed);
	const hash = crypto.createHash('sha256');
	let remaining = length;
	while (remaining > 0) {
		const n = Math.min(STREAM_CHUNK, remaining);
		hash.update(cipher.update(ZEROS.subarray(0, n)));
		remaining -= n;
	}
	return hash.digest('hex');
}

// ---------------------------------------------------------------------------------------------
// Sample media with valid magic bytes (deterministic for a given size and seed).

function fitTo(parts, bytes, makeFiller) {
	const head = Buffer.concat(parts.head);
	const tail = Buffer.concat(parts.tail || []);
	const fillerLength = Math.max(0, bytes - head.length - tail.length);
	return Buffer.concat([head, makeFiller(fillerLength), tail]);
}

// JPEG: SOI, a JFIF APP0 segment, a baseline frame header (SOF0, 8x8, one component), a scan
// header (SOS), filler as the entropy-coded scan data, EOI. Structurally a JPEG, so C2PA tools
// can embed and find a manifest in it: the filler never holds 0xFF, which in scan data would
// start a marker.
function sampleJpeg(bytes = 4096, seed = 'jpeg') {
	const app0 = Buffer.from([
		0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00, 0x01, 0x01, 0x00, 0x00, 0x48, 0x00, 0x48, 0x00, 0x00,
	]);
	const sof0 = Buffer.from([0xff, 0xc0, 0x00, 0x0b, 0x08, 0x00, 0x08, 0x00, 0x08, 0x01, 0x01, 0x11, 0x00]);
	const sos = Buffer.from([0xff, 0xda, 0x00, 0x08, 0x01, 0x01, 0x00, 0x00, 0x3f, 0x00]);
	return fitTo({ head: [Buffer.from([0xff, 0xd8]), app0, sof0, sos], tail: [Buffer.from([0xff, 0xd9])] }, bytes, (n) => {
		const scan = deterministicBytes(`${seed}:${bytes}`, n);
		for (let i = 0; i < scan.length; i++) if (scan[i] === 0xff) scan[i] = 0xfe;
		return scan;
	});
}

function pngChunk(type, data) {
	const length = Buffer.alloc(4);
	length.writeUInt32BE(data.length);
	const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
	const crc = Buffer.alloc(4);
	crc.writeUInt32BE(crc32(body));
	return Buffer.concat([length, body, crc]);
}

// A real 1x1 PNG; when `bytes` is larger, a tEXt chunk pads it to exactly that size.
function samplePng(bytes = 0, seed = 'png') {
	const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
	const ihdr = Buffer.alloc(13);
	ihdr.writeUInt32BE(1, 0);
	ihdr.writeUInt32BE(1, 4);
	ihdr[8] = 8; // bit depth
	ihdr[9] = 2; // truecolour
	const idat = zlib.deflateSync(Buffer.from([0, 0x2a, 0x7f, 0xd4]));
	const head = Buffer.concat([signature, pngChunk('IHDR', ihdr), pngChunk('IDAT', idat)]);
	const end = pngChunk('IEND', Buffer.alloc(0));
	const minimal = head.length + end.length;
	if (bytes <= minimal) return Buffer.concat([head, end]);
	const textLength = Math.max(8, bytes - minimal - 12);
	const text = Buffer.alloc(textLength, 0x61);
	Buffer.from('Comment\0').copy(text);
	const filler = deterministicBytes(`${seed}:${bytes}`, textLength - 8);
	for (let i = 0; i < filler.length; i++) text[8 + i] = 0x20 + (filler[i] % 95); // printable Latin-1
	return Buffer.concat([head, pngChunk('tEXt', text), end]);
}

function isoBox(type, payload) {
	const size = Buffer.alloc(4);
	size.writeUInt32BE(8 + payload.length);
	return Buffer.concat([size, Buffer.from(type, 'ascii'), payload]);
}

// ISO-BMFF file (HEIC, HEIF, AVIF, MP4): an ftyp box, then an mdat box of filler.
function sampleIsoBmff(major, compatible, bytes, seed) {
	const ftypPayload = Buffer.concat([
		Buffer.from(major, 'ascii'),
		Buffer.from([0, 0, 0, 0]),
		...compatible.map((brand) => Buffer.from(brand, 'ascii')),
	]);
	const ftyp = isoBox('ftyp', ftypPayload);
	const fillerLength = Math.max(0, bytes - ftyp.length - 8);
	return Buffer.concat([ftyp, isoBox('mdat', deterministicBytes(`${seed}:${bytes}`, fillerLength))]);
}

// MP3: an empty ID3v2.4 tag, then MPEG-1 Layer III frame headers over filler.
function sampleMp3(bytes, seed) {
	const id3 = Buffer.from([0x49, 0x44, 0x33, 0x04, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00]);
	const frame = Buffer.from([0xff, 0xfb, 0x90, 0x64]);
	return fitTo({ head: [id3, frame] }, bytes, (n) => deterministicBytes(`${seed}:${bytes}`, n));
}

const SAMPLE_KINDS = {
	jpeg: { mime: 'image/jpeg', ext: 'jpg', make: (b, s) => sampleJpeg(b, s) },
	png: { mime: 'image/png', ext: 'png', make: (b, s) => samplePng(b, s) },
	heic: { mime: 'image/heic', ext: 'heic', make: (b, s) => sampleIsoBmff('heic', ['mif1', 'heic'], b, s) },
	heif: { mime: 'image/heif', ext: 'heif', make: (b, s) => sampleIsoBmff('mif1', ['mif1'], b, s) },
	avif: { mime: 'image/avif', ext: 'avif', make: (b, s) => sampleIsoBmff('avif', ['avif', 'mif1', 'miaf'], b, s) },
	mp3: { mime: 'audio/mpeg', ext: 'mp3', make: (b, s) => sampleMp3(b, s) },
	mp4: { mime: 'video/mp4', ext: 'mp4', make: (b, s) => sampleIsoBmff('isom', ['isom', 'iso2', 'avc1', 'mp41'], b, s) },
};

// sampleMedia('mp3', 1 << 20) -> Buffer with that type's magic bytes and exactly that length
// (PNG and tiny sizes may come out at their minimal length).
function sampleMedia(kind, bytes = 4096, seed = kind) {
	const spec = SAMPLE_KINDS[kind];
	if (!spec) throw new Error(`sampleMedia: unknown kind "${kind}" (${Object.keys(SAMPLE_KINDS).join(', ')})`);
	return spec.make(bytes, seed);
}

// Media type from magic bytes; null when not one of the supported kinds.
function detectMediaType(buffer) {
	if (buffer.length >= 3 && buffer[0] === 0xff && buffer[1] === 0xd8 && buffer[2] === 0xff) return 'image/jpeg';
	if (buffer.length >= 8 && buffer.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) {
		return 'image/png';
	}
	if (buffer.length >= 12 && buffer.toString('latin1', 4, 8) === 'ftyp') {
		const boxSize = Math.min(buffer.readUInt32BE(0), buffer.length, 256);
		const brands = [buffer.toString('latin1', 8, 12)];
		for (let offset = 16; offset + 4 <= boxSize; offset += 4) brands.push(buffer.toString('latin1', offset, offset + 4));
		const has = (...names) => brands.some((brand) => names.includes(brand));
		const major = brands[0];
		const classify = (brand) => {
			if (['avif', 'avis'].includes(brand)) return 'image/avif';
			if (['heic', 'heix', 'heim', 'heis', 'hevc', 'hevx'].includes(brand)) return 'image/heic';
			if (['mif1', 'msf1'].includes(brand)) return 'image/heif';
			if (brand === 'M4A ') return 'audio/mp4';
			if (['isom', 'iso2', 'iso3', 'iso4', 'iso5', 'iso6', 'mp41', 'mp42', 'avc1', 'dash', 'M4V ', 'mp71'].includes(brand)) {
				return 'video/mp4';
			}
			return null;
		};
		// The major brand decides; the compatible list refines mif1 (HEIF) into AVIF or HEIC.
		let type = classify(major);
		if (type === 'image/heif' && has('avif', 'avis')) type = 'image/avif';
		else if (type === 'image/heif' && has('heic', 'heix')) type = 'image/heic';
		if (!type && major !== 'qt  ') {
			for (const brand of brands.slice(1)) {
				type = classify(brand);
				if (type) break;
			}
		}
		return type;
	}
	if (buffer.length >= 3 && buffer.toString('latin1', 0, 3) === 'ID3') return 'audio/mpeg';
	// MPEG audio frame sync with layer III.
	if (buffer.length >= 2 && buffer[0] === 0xff && (buffer[1] & 0xe0) === 0xe0 && (buffer[1] & 0x06) === 0x02) {
		return 'audio/mpeg';
	}
	return null;
}

// ---------------------------------------------------------------------------------------------
// Minimal ZIP writer (stored entries, fixed 1980 timestamps) so a .docx export is a real,
// deterministic Office Open XML package.

function buildZip(files) {
	const locals = [];
	const centrals = [];
	let offset = 0;
	for (const file of files) {
		const name = Buffer.from(file.name, 'utf8');
		const data = Buffer.isBuffer(file.data) ? file.data : Buffer.from(file.data, 'utf8');
		const crc = crc32(data);
		const local = Buffer.alloc(30);
		local.writeUInt32LE(0x04034b50, 0);
		local.writeUInt16LE(20, 4); // version needed
		local.writeUInt16LE(0x0800, 6); // UTF-8 names
		local.writeUInt16LE(0, 8); // stored
		local.writeUInt16LE(0, 10); // time 00:00
		local.writeUInt16LE(0x21, 12); // date 1980-01-01
		local.writeUInt32LE(crc, 14);
		local.writeUInt32LE(data.length, 18);
		local.writeUInt32LE(data.length, 22);
		local.writeUInt16LE(name.length, 26);
		local.writeUInt16LE(0, 28);
		const central = Buffer.alloc(46);
		central.writeUInt32LE(0x02014b50, 0);
		central.writeUInt16LE(20, 4);
		central.writeUInt16LE(20, 6);
		central.writeUInt16LE(0x0800, 8);
		central.writeUInt16LE(0, 10);
		central.writeUInt16LE(0, 12);
		central.writeUInt16LE(0x21, 14);
		central.writeUInt32LE(crc, 16);
		central.writeUInt32LE(data.length, 20);
		central.writeUInt32LE(data.length, 24);
		central.writeUInt16LE(name.length, 28);
		central.writeUInt32LE(offset, 42);
		locals.push(local, name, data);
		centrals.push(central, name);
		offset += local.length + name.length + data.length;
	}
	const centralDir = Buffer.concat(centrals);
	const end = Buffer.alloc(22);
	end.writeUInt32LE(0x06054b50, 0);
	end.writeUInt16LE(files.length, 8);
	end.writeUInt16LE(files.length, 10);
	end.writeUInt32LE(centralDir.length, 12);
	end.writeUInt32LE(offset, 16);
	return Buffer.concat([...locals, centralDir, end]);
}

// ---------------------------------------------------------------------------------------------
// Replies. Headers go through setHeader so wrappers (fault "reset") can read Content-Length.

function send(res, status, headers, body) {
	if (res.headersSent || res.destroyed) return;
	const payload = body === undefined || body === null ? Buffer.alloc(0) : Buffer.isBuffer(body) ? body : Buffer.from(body);
	for (const [name, value] of Object.entries(headers || {})) {
		if (value !== undefined && value !== null) res.setHeader(name, value);
	}
	if (status !== 204 && status !== 304) res.setHeader('Content-Length', payload.length);
	res.statusCode = status;
	res.end(status === 204 || status === 304 ? undefined : payload);
}

const replyJson = (res, status, value, headers) =>
	send(res, status, { 'Content-Type': 'application/json; charset=utf-8', ...headers }, JSON.stringify(value));
const replyText = (res, status, text, headers) =>
	send(res, status, { 'Content-Type': 'text/plain; charset=utf-8', ...headers }, text);
const replyHtml = (res, status, html, headers) => send(res, status, { 'Content-Type': 'text/html', ...headers }, html);
const replyXml = (res, status, xml, headers) => send(res, status, { 'Content-Type': 'application/xml', ...headers }, xml);

function escapeXml(text) {
	return String(text).replace(/[<>&"']/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' })[c]);
}

// What S3 answers for a pre-signed link used after its expiry.
function s3ErrorXml(code, message) {
	return (
		'<?xml version="1.0" encoding="UTF-8"?>\n' +
		`<Error><Code>${escapeXml(code)}</Code><Message>${escapeXml(message)}</Message>` +
		`<RequestId>${crypto.randomBytes(8).toString('hex').toUpperCase()}</RequestId></Error>`
	);
}

// ---------------------------------------------------------------------------------------------
// Body reading: streamed into SHA-256, kept in memory only up to `keepBytes`.

function readBody(req, entry, { keepBytes = DEFAULT_KEEP_BYTES, onChunk } = {}) {
	return new Promise((resolve, reject) => {
		const hash = crypto.createHash('sha256');
		let length = 0;
		let chunks = keepBytes > 0 ? [] : null;
		let settled = false;
		req.on('data', (chunk) => {
			hash.update(chunk);
			length += chunk.length;
			if (chunks) {
				if (length <= keepBytes) chunks.push(chunk);
				else chunks = null; // too big to keep: hash only
			}
			if (onChunk) onChunk(chunk);
		});
		req.on('end', () => {
			settled = true;
			const sha256 = hash.digest('hex');
			const buffer = chunks ? Buffer.concat(chunks) : null;
			let json;
			if (buffer && buffer.length > 0 && /json/i.test(req.headers['content-type'] || '')) {
				try {
					json = JSON.parse(buffer.toString('utf8'));
				} catch {
					json = undefined;
				}
			}
			if (entry) {
				entry.bodyLength = length;
				entry.bodySha256 = sha256;
				entry.json = json;
			}
			resolve({ length, sha256, buffer, json });
		});
		req.on('error', (error) => {
			if (!settled) {
				settled = true;
				reject(error);
			}
		});
		req.on('close', () => {
			if (!settled && !req.complete) {
				settled = true;
				if (entry) entry.bodyLength = length;
				reject(Object.assign(new Error('request body aborted by the client'), { code: 'ECONNRESET' }));
			}
		});
	});
}

// ---------------------------------------------------------------------------------------------
// Fault injection.
//
// spec: { path?, method?, query?, status?, kind?, times?, after?, retryAfter?, retryAfterDate?,
//         bodyStyle?, body?, headers?, location?, delayMs?, afterBytes?, ...mock-specific }
//   path: exact (trailing slash ignored), or a prefix ending in '*', or a RegExp; absent = any path
//   times: how many requests it hits (default 1; 0, negative, null or Infinity = every request)
//   after: let this many matching requests through first
//   kind "delay": the real answer, `delayMs` late (to make concurrent answers arrive out of order)
//   kind "processed": the real handler runs first (the request takes effect: an upload is
//     stored), then its answer is thrown away and `status` is sent instead, as when a server
//     fails after doing the work. A status fault without a kind fails BEFORE anything happens.

const FAULT_KINDS = new Set([
	undefined,
	'status',
	'reset',
	'reset-upload',
	'stall',
	'malformed-json',
	'empty-body',
	'not-array',
	'redirect',
	'expired-link',
	'processed',
	'delay',
]);

function normalizePath(path) {
	return path.length > 1 && path.endsWith('/') ? path.slice(0, -1) : path;
}

class FaultList {
	constructor() {
		this.list = [];
		this.nextId = 1;
	}

	add(spec) {
		if (!isPlainObject(spec)) throw new Error('fault spec must be an object');
		if (!FAULT_KINDS.has(spec.kind)) throw new Error(`unknown fault kind "${spec.kind}"`);
		if ((spec.kind === undefined || spec.kind === 'status' || spec.kind === 'processed') && !Number.isInteger(spec.status)) {
			throw new Error('a status fault needs an integer "status"');
		}
		if (spec.kind === 'redirect' && !spec.location) throw new Error('a redirect fault needs "location"');
		const rawTimes = spec.times;
		const times = rawTimes === undefined ? 1 : rawTimes === null || rawTimes <= 0 || rawTimes === Infinity ? Infinity : rawTimes;
		const fault = { ...spec, id: this.nextId++, remaining: times, skip: Number(spec.after) || 0, hits: 0 };
		this.list.push(fault);
		return fault;
	}

	clear() {
		this.list.length = 0;
	}

	matches(fault, method, path, query, headers = {}) {
		if (fault.method && String(fault.method).toUpperCase() !== method) return false;
		// onlyChunked: the fault hits only bodies sent without a length (Transfer-Encoding: chunked).
		if (fault.onlyChunked && !/chunked/i.test(String(headers['transfer-encoding'] || ''))) return false;
		if (fault.path instanceof RegExp) {
			if (!fault.path.test(path)) return false;
		} else if (typeof fault.path === 'string' && fault.path !== '*') {
			if (fault.path.endsWith('*')) {
				if (!path.startsWith(fault.path.slice(0, -1))) return false;
			} else if (normalizePath(fault.path) !== normalizePath(path)) {
				return false;
			}
		}
		if (isPlainObject(fault.query)) {
			for (const [name, value] of Object.entries(fault.query)) if (query[name] !== String(value)) return false;
		}
		return true;
	}

	// The first live fault for this request, consuming one of its uses.
	take(method, path, query, headers) {
		for (const fault of this.list) {
			if (fault.remaining <= 0 || !this.matches(fault, method, path, query, headers)) continue;
			if (fault.skip > 0) {
				fault.skip--;
				continue;
			}
			fault.remaining--;
			fault.hits++;
			return fault;
		}
		return null;
	}

	describe() {
		return this.list.map(({ path, ...rest }) => ({ ...rest, path: path instanceof RegExp ? String(path) : path }));
	}
}

function retryAfterHeaders(fault) {
	const headers = {};
	if (fault.retryAfterDate !== undefined && fault.retryAfterDate !== null) {
		const when =
			typeof fault.retryAfterDate === 'number' ? new Date(Date.now() + fault.retryAfterDate * 1000) : new Date(fault.retryAfterDate);
		headers['Retry-After'] = when.toUTCString();
	} else if (fault.retryAfter !== undefined && fault.retryAfter !== null) {
		headers['Retry-After'] = String(fault.retryAfter);
	} else if (fault.status === 429 && fault.retryAfter === undefined) {
		headers['Retry-After'] = '1';
	}
	return headers;
}

// Let the real handler answer but cut the connection part-way through the body.
function cutResponseMidway(res, afterBytes) {
	const write = res.write;
	const end = res.end;
	let limit = afterBytes;
	let sent = 0;
	let cut = false;
	const kill = () => {
		if (!res.headersSent) res.flushHeaders();
		const socket = res.socket;
		if (socket) setImmediate(() => socket.destroy());
	};
	res.write = function writeUntilCut(chunk, encoding, callback) {
		if (cut) return true;
		if (limit === undefined) {
			const declared = Number(res.getHeader('content-length'));
			limit = declared >= 2 ? Math.floor(declared / 2) : 0;
		}
		const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk, typeof encoding === 'string' ? encoding : 'utf8');
		const room = limit - sent;
		if (buffer.length < room) {
			sent += buffer.length;
			return write.call(res, buffer, typeof encoding === 'function' ? encoding : callback);
		}
		cut = true;
		if (room > 0) write.call(res, buffer.subarray(0, room), kill);
		else kill();
		return true;
	};
	res.end = function endWithCut(chunk, encoding) {
		if (chunk && typeof chunk !== 'function') res.write(chunk, encoding);
		if (!cut) {
			cut = true;
			kill();
		}
		return res;
	};
}

// ---------------------------------------------------------------------------------------------
// The server core shared by both mocks.
//
// options.handle(ctx)        — the mock's routes; ctx = { req, res, method, path, route, query,
//                               headers, entry, readBody(opts) }. `route` has no trailing slash.
// options.control(ctx, body) — mock-specific /__mock/* routes; return undefined for 404.
// options.faultReply(status, style, fault) -> { contentType, body } for status faults.
// options.reset()            — called by POST /__mock/reset.
// options.onFault(fault, ctx) — optional, told about each fault before it is applied.
// options.routedPrefixes     — /__mock/ paths served by `handle` like any route (logged, faultable),
//                               e.g. test media a node downloads.
// options.latencyMs          — a network round trip to emulate (see below); default: the
//                               MOCK_LATENCY_MS environment variable, else 0.
//
// Round-trip latency: every request to the API (not the /__mock/* controls) waits this long after
// it arrives and before it is handled, so no response head goes out sooner than that after the
// request. Requests wait independently of each other, as on a network: N concurrent requests
// take one delay, not N. GET /__mock/latency reads it; POST /__mock/latency { "ms": 150 } changes
// it on a running server (benchmarks switch between 0, 50 and 150 ms that way).

function latencyFrom(value, what) {
	const ms = Number(value);
	if (!Number.isFinite(ms) || ms < 0) throw new Error(`${what} must be a number of milliseconds, 0 or more`);
	return ms;
}

async function startMockServer({ port = 0, handle, control, faultReply, reset, onFault, routedPrefixes = [], name = 'mock', latencyMs }) {
	const requests = [];
	const faults = new FaultList();
	const sockets = new Set();
	// Requests to the API being answered right now (not the /__mock/* controls), and the most
	// seen at once since the request log was last cleared: how parallel a client really was.
	const concurrency = { inFlight: 0, max: 0 };
	const envLatency = process.env.MOCK_LATENCY_MS;
	let roundTripMs =
		latencyMs !== undefined ? latencyFrom(latencyMs, 'latencyMs') : envLatency ? latencyFrom(envLatency, 'MOCK_LATENCY_MS') : 0;

	const server = http.createServer({ requestTimeout: 0, keepAliveTimeout: 5000 }, (req, res) => {
		dispatch(req, res).catch((error) => {
			if (!res.headersSent && !res.destroyed) replyText(res, 500, `${name} internal error: ${error.message}`);
			else res.destroy();
		});
	});
	server.on('connection', (socket) => {
		sockets.add(socket);
		socket.on('close', () => sockets.delete(socket));
	});

	async function dispatch(req, res) {
		const url = new URL(req.url, `http://${HOST}`);
		const path = url.pathname;
		const query = Object.fromEntries(url.searchParams);
		const method = req.method.toUpperCase();

		const routed = routedPrefixes.some((prefix) => path.startsWith(prefix));
		if (!routed && (path === '/__mock' || path.startsWith('/__mock/'))) {
			await handleControl(req, res, method, normalizePath(path), query);
			return;
		}

		const entry = {
			method,
			path,
			query,
			headers: { ...req.headers },
			bodyLength: 0,
			bodySha256: EMPTY_SHA256,
			json: undefined,
			status: undefined,
			time: Date.now(),
			// API requests under way when this one arrived, itself included.
			inFlight: 0,
		};
		requests.push(entry);
		concurrency.inFlight++;
		concurrency.max = Math.max(concurrency.max, concurrency.inFlight);
		entry.inFlight = concurrency.inFlight;
		let counted = true;
		const uncount = () => {
			if (!counted) return;
			counted = false;
			concurrency.inFlight--;
			entry.endTime = Date.now();
		};
		res.on('finish', uncount);
		// Record the status whenever the head goes out, including implicit heads.
		const writeHead = res.writeHead;
		res.writeHead = function recordStatus(status, ...rest) {
			entry.status = status;
			return writeHead.call(res, status, ...rest);
		};
		res.on('close', () => {
			if (!res.writableFinished) entry.aborted = true;
			uncount();
		});

		let bodyRead = false;
		const ctx = {
			req,
			res,
			method,
			path,
			route: normalizePath(path),
			query,
			headers: req.headers,
			entry,
			readBody: (options) => {
				bodyRead = true;
				return readBody(req, entry, options);
			},
		};
		// What a "reset" fault runs: the real answer, cut part-way.
		ctx.handleWithoutFaults = () => handle(ctx);

		if (roundTripMs > 0) await sleep(roundTripMs);

		const fault = faults.take(method, path, query, req.headers);
		if (fault) {
			entry.fault = fault.kind || 'status';
			if (onFault) onFault(fault, ctx);
			await applyFault(fault, ctx);
			return;
		}
		try {
			await handle(ctx);
		} finally {
			// Never leave a request body unread: the client would stall or see a reset.
			if (!bodyRead && !req.complete && !req.destroyed) await readBody(req, entry, { keepBytes: 0 }).catch(() => {});
		}
	}

	async function applyFault(fault, ctx) {
		const { req, res } = ctx;
		if (fault.delayMs) await sleep(fault.delayMs);
		const drain = () => ctx.readBody({ keepBytes: 0 }).catch(() => null);

		switch (fault.kind) {
			case 'reset-upload': {
				// Drop the connection while the request body is still arriving.
				const threshold = Math.max(1, Number(fault.afterBytes) || 1);
				await new Promise((resolve) => {
					let received = 0;
					const kill = () => {
						ctx.entry.bodyLength = received;
						req.socket.destroy();
						resolve();
					};
					req.on('data', (chunk) => {
						received += chunk.length;
						if (received >= threshold) kill();
					});
					req.on('end', kill);
					req.on('close', resolve);
				});
				return;
			}
			case 'stall':
				await drain();
				return; // accepted, never answered; the socket is destroyed on close()
			case 'reset':
				cutResponseMidway(res, fault.afterBytes);
				await ctx.handleWithoutFaults();
				return;
			case 'malformed-json':
				await drain();
				send(res, 200, { 'Content-Type': 'application/json' }, '[{"id":"');
				return;
			case 'empty-body':
				await drain();
				send(res, 200, { 'Content-Type': 'application/json' }, '');
				return;
			case 'not-array':
				await drain();
				replyJson(res, 200, { items: [], note: 'mock fault: an object where an array was expected' });
				return;
			case 'redirect':
				await drain();
				send(res, fault.status || 302, { Location: fault.location, ...fault.headers }, '');
				return;
			case 'expired-link':
				await drain();
				replyXml(res, 403, s3ErrorXml('AccessDenied', 'Request has expired'), fault.headers);
				return;
			case 'delay':
				await ctx.handleWithoutFaults();
				return;
			case 'processed': {
				// Let the handler do its work but swallow its answer, then fail.
				const swallowed = {};
				const saved = {};
				for (const method of ['setHeader', 'removeHeader', 'writeHead', 'write', 'end']) saved[method] = res[method];
				res.setHeader = () => res;
				res.removeHeader = () => {};
				res.writeHead = (status) => {
					swallowed.status = status;
					return res;
				};
				res.write = () => true;
				res.end = () => {
					swallowed.status = swallowed.status ?? res.statusCode;
					return res;
				};
				try {
					await ctx.handleWithoutFaults();
				} finally {
					Object.assign(res, saved);
					res.statusCode = 200;
				}
				if (!ctx.req.complete && !ctx.req.destroyed) await drain();
				ctx.entry.processedStatus = swallowed.status;
				const { contentType, body } = faultReply(fault.status, fault.bodyStyle, fault);
				send(res, fault.status, { 'Content-Type': contentType, ...retryAfterHeaders(fault), ...fault.headers }, body);
				return;
			}
			default: {
				await drain();
				let contentType;
				let body;
				if (fault.body !== undefined) {
					const style = fault.bodyStyle || (typeof fault.body === 'string' ? 'text' : 'json');
					contentType = { json: 'application/json; charset=utf-8', text: 'text/plain; charset=utf-8', html: 'text/html' }[style];
					body = typeof fault.body === 'string' ? fault.body : JSON.stringify(fault.body);
				} else {
					({ contentType, body } = faultReply(fault.status, fault.bodyStyle, fault));
				}
				send(res, fault.status, { 'Content-Type': contentType, ...retryAfterHeaders(fault), ...fault.headers }, body);
			}
		}
	}

	async function handleControl(req, res, method, path, query) {
		const { buffer } = await readBody(req, null);
		let body;
		if (buffer && buffer.length) {
			try {
				body = JSON.parse(buffer.toString('utf8'));
			} catch {
				replyJson(res, 400, { message: 'control body must be JSON' });
				return;
			}
		}
		try {
			if (path === '/__mock/requests' && method === 'GET') return replyJson(res, 200, requests);
			if (path === '/__mock/requests' && method === 'DELETE') {
				requests.length = 0;
				concurrency.max = concurrency.inFlight;
				return send(res, 204, {}, '');
			}
			if (path === '/__mock/faults' && method === 'POST') {
				const added = (Array.isArray(body) ? body : [body]).map((spec) => faults.add(spec));
				return replyJson(res, 200, { faults: added.map((f) => ({ id: f.id })) });
			}
			if (path === '/__mock/faults' && method === 'GET') return replyJson(res, 200, faults.describe());
			if (path === '/__mock/faults' && method === 'DELETE') {
				faults.clear();
				return send(res, 204, {}, '');
			}
			if (path === '/__mock/concurrency' && method === 'GET') return replyJson(res, 200, { ...concurrency });
			if (path === '/__mock/latency' && method === 'GET') return replyJson(res, 200, { ms: roundTripMs });
			if (path === '/__mock/latency' && method === 'POST') {
				roundTripMs = latencyFrom(body?.ms, '"ms"');
				return replyJson(res, 200, { ms: roundTripMs });
			}
			if (path === '/__mock/reset' && method === 'POST') {
				reset();
				return replyJson(res, 200, { reset: true });
			}
			const result = control ? await control({ method, path, query }, body) : undefined;
			if (result === undefined) return replyText(res, 404, 'Not Found');
			return replyJson(res, 200, result);
		} catch (error) {
			return replyJson(res, 400, { message: error.message });
		}
	}

	await new Promise((resolve, reject) => {
		server.once('error', reject);
		server.listen(port, HOST, () => {
			server.off('error', reject);
			resolve();
		});
	});
	const actualPort = server.address().port;

	return {
		server,
		origin: `http://${HOST}:${actualPort}`,
		port: actualPort,
		requests,
		faults,
		get latencyMs() {
			return roundTripMs;
		},
		setLatency(ms) {
			roundTripMs = latencyFrom(ms, 'latency');
		},
		/** { inFlight, max }: API requests under way now, and the most at once since the log was cleared. */
		get concurrency() {
			return { ...concurrency };
		},
		clearRequests() {
			requests.length = 0;
			concurrency.max = concurrency.inFlight;
		},
		async close() {
			for (const socket of sockets) socket.destroy();
			await new Promise((resolve) => server.close(() => resolve()));
		},
	};
}

// ---------------------------------------------------------------------------------------------
// Streaming multipart/form-data parser. Feed it chunks with write(); it calls
// onPartBegin(headers), onPartData(buffer), onPartEnd() and throws on malformed input.

function boundaryFrom(contentType) {
	const match = /^\s*multipart\/form-data\s*;(.*)$/i.exec(contentType || '');
	if (!match) return null;
	const params = parseHeaderParams(match[1]);
	return params.boundary || null;
}

// Parses `; a=b; c="d \"e\""` into { a: 'b', c: 'd "e"' } (names lower-cased).
function parseHeaderParams(text) {
	const params = {};
	const pattern = /;?\s*([^=;\s]+)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^;]*))/g;
	let match;
	while ((match = pattern.exec(text))) {
		const value = match[2] !== undefined ? match[2].replace(/\\(.)/g, '$1') : match[3].trim();
		params[match[1].toLowerCase()] = value;
	}
	return params;
}

function parseContentDisposition(value) {
	const semicolon = (value || '').indexOf(';');
	const params = semicolon >= 0 ? parseHeaderParams(value.slice(semicolon)) : {};
	let filename = params.filename;
	// RFC 5987 filename* wins when present.
	const extended = params['filename*'];
	if (extended) {
		const m = /^([^']*)'[^']*'(.*)$/.exec(extended);
		if (m) {
			try {
				filename = decodeURIComponent(m[2]);
			} catch {
				/* keep the plain filename */
			}
		}
	}
	return { name: params.name, filename };
}

class MultipartParser {
	constructor(boundary, { onPartBegin, onPartData, onPartEnd, maxHeaderBytes = 16 * 1024 } = {}) {
		this.delimiter = Buffer.from(`\r\n--${boundary}`);
		this.pending = Buffer.from('\r\n'); // lets the first boundary match the same delimiter
		this.state = 'preamble';
		this.onPartBegin = onPartBegin || (() => {});
		this.onPartData = onPartData || (() => {});
		this.onPartEnd = onPartEnd || (() => {});
		this.maxHeaderBytes = maxHeaderBytes;
	}

	write(chunk) {
		if (this.state === 'done') return;
		this.pending = this.pending.length ? Buffer.concat([this.pending, chunk]) : chunk;
		this.run();
	}

	end() {
		if (this.state !== 'done') throw new Error('multipart body ended before the closing boundary');
	}

	run() {
		const keep = this.delimiter.length - 1;
		for (;;) {
			const buf = this.pending;
			if (this.state === 'preamble' || this.state === 'body') {
				const index = buf.indexOf(this.delimiter);
				if (index < 0) {
					const safe = buf.length - keep;
					if (safe > 0) {
						if (this.state === 'body') this.onPartData(buf.subarray(0, safe));
						this.pending = buf.subarray(safe);
					}
					return;
				}
				if (this.state === 'body') {
					if (index > 0) this.onPartData(buf.subarray(0, index));
					this.onPartEnd();
				}
				this.pending = buf.subarray(index + this.delimiter.length);
				this.state = 'boundary';
			} else if (this.state === 'boundary') {
				if (buf.length < 2) return;
				if (buf[0] === 0x2d && buf[1] === 0x2d) {
					this.state = 'done';
					this.pending = Buffer.alloc(0);
					return;
				}
				// Tolerate linear whitespace after the boundary, as RFC 2046 allows.
				let i = 0;
				while (i < buf.length && (buf[i] === 0x20 || buf[i] === 0x09)) i++;
				if (buf.length < i + 2) return;
				if (buf[i] !== 0x0d || buf[i + 1] !== 0x0a) throw new Error('malformed multipart boundary line');
				this.pending = buf.subarray(i + 2);
				this.state = 'headers';
			} else if (this.state === 'headers') {
				let headerText;
				if (buf.length >= 2 && buf[0] === 0x0d && buf[1] === 0x0a) {
					headerText = '';
					this.pending = buf.subarray(2);
				} else {
					const end = buf.indexOf('\r\n\r\n');
					if (end < 0) {
						if (buf.length > this.maxHeaderBytes) throw new Error('multipart part headers too large');
						return;
					}
					headerText = buf.toString('utf8', 0, end);
					this.pending = buf.subarray(end + 4);
				}
				const headers = {};
				for (const line of headerText.split('\r\n')) {
					const colon = line.indexOf(':');
					if (colon <= 0) continue;
					headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
				}
				this.onPartBegin(headers);
				this.state = 'body';
			} else {
				return;
			}
		}
	}
}

// ---------------------------------------------------------------------------------------------
// Outgoing webhook POST (JSON). Never rejects: failures come back as { status: null, error }.

function postJson(url, payload, { timeoutMs = 10000 } = {}) {
	return new Promise((resolve) => {
		let target;
		try {
			target = new URL(url);
		} catch (error) {
			resolve({ url, status: null, error: error.message });
			return;
		}
		const body = Buffer.from(JSON.stringify(payload));
		const transport = target.protocol === 'https:' ? https : http;
		const request = transport.request(
			target,
			{ method: 'POST', headers: { 'Content-Type': 'application/json', 'Content-Length': body.length }, timeout: timeoutMs },
			(response) => {
				response.resume();
				response.on('end', () => resolve({ url, status: response.statusCode }));
				response.on('error', (error) => resolve({ url, status: response.statusCode, error: error.message }));
			},
		);
		request.on('timeout', () => request.destroy(new Error('timeout')));
		request.on('error', (error) => resolve({ url, status: null, error: error.message }));
		request.end(body);
	});
}

module.exports = {
	HOST,
	EMPTY_SHA256,
	sha256Hex,
	randomId,
	sleep,
	isPlainObject,
	secretsEqual,
	seededRandom,
	crc32,
	deterministicBytes,
	deterministicStream,
	deterministicSha256,
	sampleJpeg,
	samplePng,
	sampleMedia,
	detectMediaType,
	buildZip,
	send,
	replyJson,
	replyText,
	replyHtml,
	replyXml,
	escapeXml,
	s3ErrorXml,
	readBody,
	FaultList,
	startMockServer,
	boundaryFrom,
	parseContentDisposition,
	MultipartParser,
	postJson,
	normalizePath,
};
