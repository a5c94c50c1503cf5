'use strict';
// Two answers of the local reader checked against c2pa-rs (@contentauth/c2pa-wasm through
// test/helpers/c2pa-oracle.mjs), on files built here:
// - an XMP `dcterms:provenance` that is not an http(s) URL (`self#jumbf=/c2pa/...` points into the
//   file itself) is no remote manifest: without an embedded store the file has no Content
//   Credentials, and `remoteUrl` is only ever an http(s) URL, as c2pa-rs decides
//   (Store::is_valid_remote_url: the URL parses and its scheme is http or https);
// - an ID3 frame that cannot hold a manifest (anything but GEOB) with a damaged size is skipped
//   when nothing after it in the tag can hold a manifest or a remote reference, where c2pa-rs
//   answers "no manifest" too; a damaged GEOB, or a damaged frame hiding a GEOB, stays "could
//   not read", so a skipped Inspect never rests on a guess.
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const { readContentCredentials, bufferSource } = require('../../dist/nodes/TrustNxt/c2pa');
const { walkJpeg } = require('../../dist/nodes/TrustNxt/c2pa/containers/jpeg');
const b = require('../helpers/c2pa-build');

const ORACLE = path.resolve(__dirname, '../helpers/c2pa-oracle.mjs');
const read = (bytes) => readContentCredentials(bufferSource(bytes));

function runOracle(files) {
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'c2pa-refs-'));
	try {
		const jobs = files.map(([name, bytes, format], index) => {
			const file = path.join(dir, `${index}-${name.replace(/[^a-z0-9]+/gi, '_')}`);
			fs.writeFileSync(file, bytes);
			return { path: file, format };
		});
		const result = spawnSync(process.execPath, [ORACLE], { input: JSON.stringify({ read: jobs }), maxBuffer: 64 * 1024 * 1024, encoding: 'utf8', timeout: 120_000 });
		if (result.status !== 0) throw new Error(`reference reader failed: ${result.stderr}`);
		return JSON.parse(result.stdout).read;
	} finally {
		fs.rmSync(dir, { recursive: true, force: true });
	}
}

/** What c2pa-rs says of a file, in the local reader's words. */
function referenceLocation(entry) {
	if (entry.found) return 'embedded';
	// c2pa-rs tries to fetch a valid remote reference (and fails offline); anything else is "not found".
	if (/RemoteManifest(Fetch|Url)/.test(entry.error)) return 'remote';
	if (/JumbfNotFound/.test(entry.error)) return 'none';
	return `error: ${entry.error}`;
}

let storeC;
beforeAll(async () => {
	storeC = (await walkJpeg(bufferSource(fs.readFileSync(path.join(b.FIXTURES, 'with-manifest', 'c2pa-rs-C.jpg'))))).store;
});

describe('XMP provenance that is not an http(s) URL', () => {
	const SELF = 'self#jumbf=/c2pa/urn:c2pa:5e7b01fc-4932-4bab-ab32-d4f12a8aa322';
	// Loopback port 9: a fetch c2pa-rs attempts is refused at once, never sent anywhere.
	const REMOTE = 'http://127.0.0.1:9/manifests/abc.c2pa';
	const inEveryContainer = (url) => [
		[`JPEG ${url}`, b.jpeg([b.jpegXmpSegment(url)]), 'image/jpeg'],
		[`PNG ${url}`, b.png([b.pngXmpChunk(url)]), 'image/png'],
		[`MP4 ${url}`, b.bmff([b.bmffXmpBox(url), b.bmffBox('mdat', Buffer.alloc(10))]), 'video/mp4'],
		[`MP3 ${url}`, b.mp3([b.id3XmpFrame(url)]), 'audio/mpeg'],
		// c2pa-rs reads a RIFF file's XMP from its `XMP ` chunk only (the local reader also takes `_PMX`).
		[`WAV ${url}`, b.wav(10, [b.riffChunk('XMP ', b.xmpPacket(url))]), 'audio/wav'],
	];

	test('no store and a self#jumbf, ftp: or host-less reference: no Content Credentials, no remoteUrl; c2pa-rs agrees', async () => {
		const files = [
			...inEveryContainer(SELF),
			['JPEG ftp:', b.jpeg([b.jpegXmpSegment('ftp://manifests.example/abc.c2pa')]), 'image/jpeg'],
			['JPEG https: without a host', b.jpeg([b.jpegXmpSegment('https://')]), 'image/jpeg'],
			['JPEG a relative path', b.jpeg([b.jpegXmpSegment('manifests/abc.c2pa')]), 'image/jpeg'],
		];
		const reference = runOracle(files);
		for (const [index, [name, bytes]] of files.entries()) {
			const report = await read(bytes);
			expect([name, report.manifestLocation, report.hasContentCredentials, report.remoteUrl, report.readError]).toEqual([name, 'none', false, undefined, undefined]);
			expect([name, referenceLocation(reference[index])]).toEqual([name, 'none']);
		}
	}, 180_000);

	test('an http(s) reference stays "remote" in every container, whatever the scheme\'s case; c2pa-rs agrees', async () => {
		const files = [...inEveryContainer(REMOTE), ['JPEG HTTP: in capitals', b.jpeg([b.jpegXmpSegment('HTTP://127.0.0.1:9/m.c2pa')]), 'image/jpeg']];
		const reference = runOracle(files);
		for (const [index, [name, bytes]] of files.entries()) {
			const report = await read(bytes);
			expect([name, report.manifestLocation, report.hasContentCredentials, /^https?:\/\//i.test(report.remoteUrl)]).toEqual([name, 'remote', true, true]);
			expect([name, referenceLocation(reference[index])]).toEqual([name, 'remote']);
		}
	}, 180_000);

	test('an embedded store with a self#jumbf reference: embedded, and no remoteUrl', async () => {
		const report = await read(b.jpeg([b.jpegXmpSegment(SELF), ...b.app11Segments(storeC)]));
		expect(report.manifestLocation).toBe('embedded');
		expect(report).not.toHaveProperty('remoteUrl');
	});
});

describe('ID3 frames with a damaged size', () => {
	/** A frame header declaring `sizeBytes` (4 raw bytes), then `body`. */
	const rawFrame = (id, sizeBytes, body) => Buffer.concat([Buffer.from(id, 'latin1'), Buffer.from(sizeBytes), Buffer.alloc(2), body]);
	/** An ID3 tag of `major` version around `frames`, then one silent MPEG audio frame. */
	const tag = (major, frames) => {
		const body = Buffer.concat(frames);
		const size = body.length;
		const syncSafe = Buffer.from([(size >> 21) & 0x7f, (size >> 14) & 0x7f, (size >> 7) & 0x7f, size & 0x7f]);
		return Buffer.concat([Buffer.from('ID3', 'latin1'), Buffer.from([major, 0, 0]), syncSafe, body, Buffer.from([0xff, 0xfb, 0x90, 0x00]), Buffer.alloc(413)]);
	};
	const title = b.id3Frame('TIT2', Buffer.from('\0a song'));
	const PAST_THE_TAG = [0x7f, 0x7f, 0x7f, 0x7f];
	const NOT_SYNC_SAFE = [0x00, 0x00, 0x00, 0x80];

	const skipped = () => [
		['v2.4 TXXX whose size runs past the tag', tag(4, [title, rawFrame('TXXX', PAST_THE_TAG, Buffer.from('\0comment\0some text'))])],
		['v2.4 TXXX whose size is not sync-safe', tag(4, [title, rawFrame('TXXX', NOT_SYNC_SAFE, Buffer.from('\0comment\0some text'))])],
		['v2.4 APIC (a picture) whose size runs past the tag, as the last frame', tag(4, [title, rawFrame('APIC', PAST_THE_TAG, Buffer.concat([Buffer.from('\0image/png\0\x03\0'), Buffer.alloc(300, 7)]))])],
		['v2.3 COMM whose size runs past the tag', tag(3, [rawFrame('COMM', [0x10, 0, 0, 0], Buffer.from('\0eng\0a comment'))])],
		['v2.2 TT2 whose size runs past the tag', tag(2, [Buffer.concat([Buffer.from('TT2'), Buffer.from([0x7f, 0xff, 0xff]), Buffer.from('\0a title')])])],
	];

	test('a frame that cannot hold a manifest is skipped: "none", as c2pa-rs says', async () => {
		const files = skipped();
		const reference = runOracle(files.map(([name, bytes]) => [name, bytes, 'audio/mpeg']));
		for (const [index, [name, bytes]] of files.entries()) {
			const report = await read(bytes);
			expect([name, report.manifestLocation, report.hasContentCredentials, report.readError]).toEqual([name, 'none', false, undefined]);
			expect([name, referenceLocation(reference[index])]).toEqual([name, 'none']);
		}
	}, 180_000);

	test('a damaged GEOB, or a damaged frame with a GEOB or an XMP reference after it, is still "could not read", never "none"', async () => {
		const geob = b.id3GeobFrame(storeC);
		const files = [
			['damaged GEOB', tag(4, [title, rawFrame('GEOB', PAST_THE_TAG, Buffer.alloc(20))])],
			['GEOB whose size is not sync-safe', tag(4, [rawFrame('GEOB', NOT_SYNC_SAFE, Buffer.alloc(20))])],
			['damaged TXXX, then a GEOB with a store', tag(4, [title, rawFrame('TXXX', PAST_THE_TAG, Buffer.from('\0x\0y')), geob])],
			['damaged TXXX, then an XMP remote reference', tag(4, [rawFrame('TXXX', NOT_SYNC_SAFE, Buffer.from('\0x\0y')), b.id3XmpFrame('https://manifests.example/abc.c2pa')])],
			['v2.2: damaged TT2, then a GEO', tag(2, [Buffer.concat([Buffer.from('TT2'), Buffer.from([0x7f, 0xff, 0xff]), Buffer.from('\0a title')]), Buffer.concat([Buffer.from('GEO'), Buffer.from([0, 0, 4]), Buffer.alloc(4)])])],
		];
		for (const [name, bytes] of files) {
			const report = await read(bytes);
			expect([name, report.manifestLocation, report.hasContentCredentials, typeof report.readError]).toEqual([name, 'unknown', false, 'string']);
		}
	});

	test('the damaged frame\'s remainder is searched within the store cap: a huge damaged tag is "could not read"', async () => {
		const { LIMITS } = require('../../dist/nodes/TrustNxt/c2pa');
		// A tag declaring more than the cap after a damaged frame: the bytes past the cap are never read.
		const size = LIMITS.maxStoreBytes + 1024;
		const header = Buffer.concat([Buffer.from('ID3'), Buffer.from([4, 0, 0]), Buffer.from([(size >> 21) & 0x7f, (size >> 14) & 0x7f, (size >> 7) & 0x7f, size & 0x7f])]);
		const frame = rawFrame('TXXX', NOT_SYNC_SAFE, Buffer.alloc(0));
		const bytes = Buffer.concat([header, frame, Buffer.alloc(size - frame.length)]);
		const report = await read(bytes);
		expect([report.manifestLocation, report.readError]).toEqual(['unknown', expect.stringMatching(/TXXX/)]);
		expect(report.bytesRead).toBeLessThan(64 * 1024);
	});

	test('the malformed fixture (a frame smaller than its compression flag says) keeps its verdict', async () => {
		const report = await read(fs.readFileSync(path.join(b.FIXTURES, 'malformed', 'c2pa-rs-id3v23_compression_underflow.mp3')));
		expect([report.manifestLocation, report.hasContentCredentials]).toEqual(['unknown', false]);
		expect(report.readError).toMatch(/underflow/);
	});
});
