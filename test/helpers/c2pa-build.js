'use strict';
// Builders for C2PA test files: JUMBF boxes (CBOR from ./cose.js), and each container the local
// reader walks (JPEG, PNG, ISO BMFF, ID3/MP3, RIFF), so tests can put a real manifest store, a
// remote reference or a hostile structure into any of them.


const { C2PA_FIXTURES: FIXTURES } = require('./fixtures');

const { cbor } = require('./cose');

// --- JUMBF --------------------------------------------------------------------------------------
function box(type, payload) {
	const header = Buffer.alloc(8);
	header.writeUInt32BE(8 + payload.length, 0);
	header.write(type, 4, 'latin1');
	return Buffer.concat([header, payload]);
}
/** A JUMBF superbox with a C2PA-style content type (first four UUID bytes) and a label. */
function superbox(contentType, label, children) {
	const uuid = Buffer.concat([Buffer.from(contentType, 'latin1'), Buffer.from('0011001080000'.padEnd(24, '0').slice(0, 24), 'hex')]);
	const description = box('jumd', Buffer.concat([uuid, Buffer.from([0x03]), Buffer.from(`${label}\0`, 'utf8')]));
	return box('jumb', Buffer.concat([description, ...children]));
}
/** A one-manifest store whose claim is `claimBytes` (CBOR) and whose assertions are given. */
function storeWithClaim(claimBytes, { label = 'urn:uuid:test', assertions = [], claimLabel = 'c2pa.claim' } = {}) {
	const assertionStore = superbox('c2as', 'c2pa.assertions', assertions.map(([assertionLabel, content]) => superbox('cbor', assertionLabel, [box('cbor', cbor(content))])));
	return superbox('c2pa', 'c2pa', [superbox('c2ma', label, [assertionStore, superbox('c2cl', claimLabel, [box('cbor', claimBytes)])])]);
}

// --- containers ---------------------------------------------------------------------------------
function u16(value) {
	const b = Buffer.alloc(2);
	b.writeUInt16BE(value);
	return b;
}
function u32(value) {
	const b = Buffer.alloc(4);
	b.writeUInt32BE(value >>> 0);
	return b;
}
function u32le(value) {
	const b = Buffer.alloc(4);
	b.writeUInt32LE(value >>> 0);
	return b;
}

const JPEG_SOS_AND_EOI = Buffer.from([0xff, 0xda, 0x00, 0x08, 0x01, 0x01, 0x00, 0x00, 0x3f, 0x00, 0x12, 0x34, 0xff, 0xd9]);
function jpegSegment(marker, body) {
	return Buffer.concat([Buffer.from([0xff, marker]), u16(body.length + 2), body]);
}
/**
 * APP11 segments carrying one JUMBF box (`store`), split into pieces of at most `pieceBytes`
 * payload; later segments repeat the box header, as JPEG XT requires.
 */
function app11Segments(store, { pieceBytes = 65000, instance = 1 } = {}) {
	const header = store.subarray(0, 8);
	const segments = [];
	let at = 0;
	let sequence = 1;
	while (at < store.length) {
		const first = at === 0;
		const take = Math.min(pieceBytes, store.length - at);
		const piece = store.subarray(at, at + take);
		const body = Buffer.concat([Buffer.from('JP', 'latin1'), u16(instance), u32(sequence), first ? Buffer.alloc(0) : header, piece]);
		segments.push(jpegSegment(0xeb, body));
		at += take;
		sequence++;
	}
	return segments;
}
function jpeg(segments, tail = JPEG_SOS_AND_EOI) {
	return Buffer.concat([Buffer.from([0xff, 0xd8]), ...segments, tail]);
}
function xmpPacket(url) {
	return Buffer.from(
		`<?xpacket begin="" id="W5M0MpCehiHzreSzNTczkc9d"?><x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description rdf:about="" xmlns:dcterms="http://purl.org/dc/terms/" dcterms:provenance="${url}"/></rdf:RDF></x:xmpmeta><?xpacket end="w"?>`,
		'utf8',
	);
}
function jpegXmpSegment(url) {
	return jpegSegment(0xe1, Buffer.concat([Buffer.from('http://ns.adobe.com/xap/1.0/\0', 'latin1'), xmpPacket(url)]));
}

const PNG_SIGNATURE = Buffer.from('89504e470d0a1a0a', 'hex');
function pngChunk(type, data) {
	return Buffer.concat([u32(data.length), Buffer.from(type, 'latin1'), data, u32(0)]);
}
function png(chunks) {
	const ihdr = pngChunk('IHDR', Buffer.from('0000000100000001080000000', 'hex').subarray(0, 13));
	return Buffer.concat([PNG_SIGNATURE, ihdr, ...chunks, pngChunk('IDAT', Buffer.alloc(4)), pngChunk('IEND', Buffer.alloc(0))]);
}
function pngXmpChunk(url) {
	return pngChunk('iTXt', Buffer.concat([Buffer.from('XML:com.adobe.xmp\0\0\0\0\0', 'latin1'), xmpPacket(url)]));
}

const C2PA_UUID = Buffer.from('d8fec3d61b0e483c92975828877ec481', 'hex');
const XMP_UUID = Buffer.from('be7acfcb97a942e89c71999491e3afac', 'hex');
function bmffBox(type, body) {
	return Buffer.concat([u32(8 + body.length), Buffer.from(type, 'latin1'), body]);
}
function bmffC2paBox(store, purpose = 'manifest') {
	return bmffBox('uuid', Buffer.concat([C2PA_UUID, Buffer.alloc(4), Buffer.from(`${purpose}\0`, 'latin1'), Buffer.alloc(8), store]));
}
function bmffXmpBox(url) {
	return bmffBox('uuid', Buffer.concat([XMP_UUID, xmpPacket(url)]));
}
function ftyp(brand = 'isom') {
	return bmffBox('ftyp', Buffer.concat([Buffer.from(brand, 'latin1'), u32(0), Buffer.from(`${brand}mp41`, 'latin1')]));
}
function bmff(boxes, brand) {
	return Buffer.concat([ftyp(brand), ...boxes]);
}

function syncSafe(value) {
	return Buffer.from([(value >> 21) & 0x7f, (value >> 14) & 0x7f, (value >> 7) & 0x7f, value & 0x7f]);
}
function id3Frame(id, body, flags = 0) {
	return Buffer.concat([Buffer.from(id, 'latin1'), syncSafe(body.length), u16(flags), body]);
}
function id3GeobFrame(store, mime = 'application/x-c2pa-manifest-store') {
	return id3Frame('GEOB', Buffer.concat([Buffer.from([0]), Buffer.from(`${mime}\0manifest.c2pa\0c2pa manifest store\0`, 'latin1'), store]));
}
function id3XmpFrame(url) {
	return id3Frame('PRIV', Buffer.concat([Buffer.from('XMP\0', 'latin1'), xmpPacket(url)]));
}
/** An ID3v2.4 tag followed by one silent MPEG-1 Layer III frame. */
function mp3(frames) {
	const body = Buffer.concat(frames);
	const audioFrame = Buffer.concat([Buffer.from([0xff, 0xfb, 0x90, 0x00]), Buffer.alloc(413)]);
	return Buffer.concat([Buffer.from('ID3', 'latin1'), Buffer.from([4, 0, 0]), syncSafe(body.length), body, audioFrame]);
}

function riffChunk(id, data) {
	return Buffer.concat([Buffer.from(id, 'latin1'), u32le(data.length), data, data.length & 1 ? Buffer.alloc(1) : Buffer.alloc(0)]);
}
function riff(form, chunks) {
	const body = Buffer.concat([Buffer.from(form, 'latin1'), ...chunks]);
	return Buffer.concat([Buffer.from('RIFF', 'latin1'), u32le(body.length), body]);
}
/** A valid 8 kHz mono 16-bit PCM WAV of `samples` silent samples. */
function wav(samples = 800, extraChunks = []) {
	const fmt = Buffer.alloc(16);
	fmt.writeUInt16LE(1, 0);
	fmt.writeUInt16LE(1, 2);
	fmt.writeUInt32LE(8000, 4);
	fmt.writeUInt32LE(16000, 8);
	fmt.writeUInt16LE(2, 12);
	fmt.writeUInt16LE(16, 14);
	return riff('WAVE', [riffChunk('fmt ', fmt), ...extraChunks, riffChunk('data', Buffer.alloc(samples * 2))]);
}

module.exports = {
	FIXTURES,
	cbor,
	box,
	superbox,
	storeWithClaim,
	jpeg,
	jpegSegment,
	app11Segments,
	jpegXmpSegment,
	JPEG_SOS_AND_EOI,
	png,
	pngChunk,
	pngXmpChunk,
	bmff,
	bmffBox,
	bmffC2paBox,
	bmffXmpBox,
	ftyp,
	mp3,
	id3Frame,
	id3GeobFrame,
	id3XmpFrame,
	riff,
	riffChunk,
	wav,
	xmpPacket,
	u32,
};
