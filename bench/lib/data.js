'use strict';
// The files the bench reads, written once into the OS temp folder and reused while their size
// (and content, for the images) matches.

const crypto = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');
const kit = require('../../test/mocks/mock-kit');
const { C2PA_FIXTURES } = require('../../test/helpers/fixtures');
const { signWithOracle, signedLargeMp4 } = require('../../test/helpers/c2pa-sign-large');

/** A recording of `bytes` deterministic bytes that starts like an MP3; its SHA-256 kept beside it. */
async function mediaFile(dir, bytes) {
	const file = path.join(dir, `bench-${bytes}.mp3`);
	const shaFile = `${file}.sha256`;
	if (fs.existsSync(file) && fs.statSync(file).size === bytes && fs.existsSync(shaFile)) return { file, bytes, sha256: fs.readFileSync(shaFile, 'utf8').trim() };
	const hash = crypto.createHash('sha256');
	const out = fs.createWriteStream(file);
	let first = true;
	for await (let chunk of kit.deterministicStream('bench-media', bytes)) {
		if (first) {
			chunk = Buffer.from(chunk);
			Buffer.from([0x49, 0x44, 0x33, 0x04, 0, 0, 0, 0, 0, 0, 0xff, 0xfb, 0x90, 0x64]).copy(chunk, 0);
			first = false;
		}
		hash.update(chunk);
		if (!out.write(chunk)) await new Promise((resolve) => out.once('drain', resolve));
	}
	await new Promise((resolve, reject) => out.end((error) => (error ? reject(error) : resolve())));
	fs.writeFileSync(shaFile, hash.digest('hex'));
	return mediaFile(dir, bytes);
}

/** `count` JPEGs of `bytes` each, all different, for Protect + Inspect. */
function images(dir, count, bytes) {
	fs.mkdirSync(dir, { recursive: true });
	const files = [];
	for (let index = 0; index < count; index++) {
		const file = path.join(dir, `photo-${String(index + 1).padStart(4, '0')}.jpg`);
		const image = kit.sampleJpeg(bytes, `bench-photo-${index}`);
		if (!fs.existsSync(file) || !fs.readFileSync(file).equals(image)) fs.writeFileSync(file, image);
		files.push(file);
	}
	return { dir, files, glob: path.join(dir, '*.jpg') };
}

/** `count` copies of real JPEGs from test/fixtures/c2pa: even ones carry a manifest store, odd ones none. */
function c2paJpegs(dir, count) {
	fs.mkdirSync(dir, { recursive: true });
	const signed = fs.readFileSync(path.join(C2PA_FIXTURES, 'with-manifest', 'c2pa-rs-C.jpg'));
	const plain = fs.readFileSync(path.join(C2PA_FIXTURES, 'without-manifest', 'c2pa-rs-IMG_0003.jpg'));
	const files = [];
	for (let index = 0; index < count; index++) {
		const file = path.join(dir, `photo-${String(index + 1).padStart(4, '0')}.jpg`);
		const bytes = index % 2 === 0 ? signed : plain;
		if (!fs.existsSync(file) || fs.statSync(file).size !== bytes.length) fs.writeFileSync(file, bytes);
		files.push(file);
	}
	return { dir, files, glob: path.join(dir, '*.jpg') };
}

function box(type, body) {
	const header = Buffer.alloc(8);
	header.writeUInt32BE(8 + body.length, 0);
	header.write(type, 4, 'latin1');
	return Buffer.concat([header, body]);
}

/**
 * A `bytes`-long MP4, sparse: ftyp, the C2PA uuid box with the manifest store of the MP4 fixture
 * (before the media, where C2PA writers put it), and an mdat of zeros.
 */
async function c2paMp4(file, bytes) {
	if (fs.existsSync(file) && fs.statSync(file).size === bytes) return file;
	const { walkBmff } = require('../../dist/nodes/TrustNxt/c2pa/containers/bmff');
	const { bufferSource } = require('../../dist/nodes/TrustNxt/c2pa/source');
	const { store } = await walkBmff(bufferSource(fs.readFileSync(path.join(C2PA_FIXTURES, 'with-manifest', 'c2pa-rs-video1.mp4'))));
	const ftyp = box('ftyp', Buffer.from('mp42\0\0\0\0mp42isom', 'latin1'));
	const c2pa = box('uuid', Buffer.concat([Buffer.from('d8fec3d61b0e483c92975828877ec481', 'hex'), Buffer.alloc(4), Buffer.from('manifest\0', 'latin1'), Buffer.alloc(8), store]));
	const mdatBytes = bytes - ftyp.length - c2pa.length;
	const mdat = Buffer.alloc(16);
	mdat.writeUInt32BE(1, 0);
	mdat.write('mdat', 4, 'latin1');
	mdat.writeUInt32BE(Math.floor(mdatBytes / 0x100000000), 8);
	mdat.writeUInt32BE(mdatBytes >>> 0, 12);
	const fd = fs.openSync(file, 'w');
	try {
		fs.writeSync(fd, Buffer.concat([ftyp, c2pa, mdat]), 0, undefined, 0);
		fs.ftruncateSync(fd, bytes);
	} finally {
		fs.closeSync(fd);
	}
	return file;
}

/** `count` distinct JPEGs signed by the test signer (the reference implementation), for Verify. */
function signedJpegs(dir, count) {
	const files = Array.from({ length: count }, (_, index) => path.join(dir, `signed-${String(index + 1).padStart(4, '0')}.jpg`));
	if (!fs.existsSync(path.join(dir, '.complete'))) {
		fs.mkdirSync(dir, { recursive: true });
		const input = path.join(C2PA_FIXTURES, 'without-manifest', 'c2pa-rs-IMG_0003.jpg');
		signWithOracle(files.map((output, index) => ({ input, output, format: 'image/jpeg', title: `bench photo ${index + 1}`, claimGenerator: 'n8n-bench', aiGenerated: false })));
		fs.writeFileSync(path.join(dir, '.complete'), '');
	}
	return { dir, files, glob: path.join(dir, '*.jpg') };
}

/** A signed MP4 of `bytes` (a `c2pa.hash.bmff` binding over all of it), kept while its size matches. */
const signedMp4 = async (file, bytes) => (fs.existsSync(file) && fs.statSync(file).size === bytes ? file : signedLargeMp4(file, bytes));

module.exports = { mediaFile, images, c2paJpegs, c2paMp4, signedJpegs, signedMp4 };
