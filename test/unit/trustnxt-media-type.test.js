'use strict';
// What Protect and Inspect check before sending a file: its type by its first bytes. Every C2PA
// fixture and a file of each other common format, against the mock TrustNXT's own check of what
// it accepts (test/mocks/mock-kit.js), so the node never refuses a file the service would take.
const fs = require('node:fs');
const path = require('node:path');

const { detectMedia, MEDIA_HEAD_BYTES } = require('../../dist/nodes/TrustNxt/helpers/mediaType');
const { detectMediaType } = require('../mocks/trustnxt-mock');
const b = require('../helpers/c2pa-build');

const fixtures = ['with-manifest', 'without-manifest', 'malformed'].flatMap((folder) => fs.readdirSync(path.join(b.FIXTURES, folder)).map((name) => [`${folder}/${name}`, fs.readFileSync(path.join(b.FIXTURES, folder, name))]));
const others = [
	['GIF', Buffer.concat([Buffer.from('GIF89a'), Buffer.alloc(40)]), 'a GIF image'],
	['WAV', b.wav(10), 'a WAV audio file'],
	['WebP', b.riff('WEBP', [b.riffChunk('VP8 ', Buffer.alloc(20))]), 'a WebP image'],
	['QuickTime', b.bmff([b.bmffBox('mdat', Buffer.alloc(8))], 'qt  ').fill(0x20, 16, 24), 'a QuickTime movie (MOV)'],
	['PDF', Buffer.from('%PDF-1.7\n%\xe2\xe3\n1 0 obj', 'latin1'), 'a PDF document'],
	['ZIP', Buffer.from('504b030414000600', 'hex'), 'a ZIP archive (or an Office document)'],
	['TIFF', Buffer.from('49492a0008000000', 'hex'), 'a TIFF image (or a camera raw file)'],
	['HTML', Buffer.from('<!DOCTYPE html><html><body>Not found</body></html>'), 'an HTML page'],
	['SVG', Buffer.from('<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"/>'), 'an SVG image'],
	['JSON', Buffer.from('{"error":"not an image"}'), 'JSON'],
	['text', Buffer.from('Dear editor,\nplease find attached\u2026'), 'plain text'],
	['random bytes', Buffer.from('00a1b2c3d4e5f60718293a4b5c6d7e8f', 'hex'), 'unrecognised data'],
];

test.each(fixtures)('%s: the node and the mock agree on whether TrustNXT takes it', (name, bytes) => {
	const detected = detectMedia(bytes.subarray(0, MEDIA_HEAD_BYTES));
	expect([name, detected.supported]).toEqual([name, detectMediaType(bytes.subarray(0, 512)) !== null]);
	if (name.endsWith('.webp')) expect(detected.phrase).toBe('a WebP image');
	else expect(detected.phrase).toMatch(/^an? (JPEG|PNG|HEIC|MP4|MP3)\b/);
});

test.each(others)('%s: named for what it is; refused exactly where the mock refuses', (name, bytes, phrase) => {
	const detected = detectMedia(bytes.subarray(0, MEDIA_HEAD_BYTES));
	expect(detected).toEqual({ phrase, supported: false });
	expect(detectMediaType(bytes)).toBeNull();
});

test('HEIF brands: the compatible brands name AVIF and HEIC', () => {
	const heif = (compatible) => b.bmffBox('ftyp', Buffer.concat([Buffer.from('mif1'), b.u32(0), Buffer.from(`mif1${compatible}miaf`)]));
	expect(detectMedia(heif('avif'))).toEqual({ phrase: 'an AVIF image', supported: true });
	expect(detectMedia(heif('heic'))).toEqual({ phrase: 'a HEIC image', supported: true });
	expect(detectMedia(heif('abcd'))).toEqual({ phrase: 'a HEIF image', supported: true });
});
