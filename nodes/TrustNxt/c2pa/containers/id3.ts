import { provenanceFromXmp } from '../xmp';
import { C2paReadError, LIMITS } from '../limits';
import type { ByteSource } from '../source';
import { readExact } from '../source';
import { checkStoreSize, entryCounter } from './counter';
import type { ContainerFinding } from './types';

/** MIME types of a GEOB frame holding a manifest store: the C2PA specification's, and the one c2pa-rs writes. */
const C2PA_MIMES = new Set(['application/x-c2pa-manifest-store', 'application/c2pa']);

/** A sync-safe size (7 bits per byte), or undefined when a byte has its top bit set (a damaged size). */
function syncSafeOrUndefined(bytes: Buffer, at: number): number | undefined {
	for (let index = 0; index < 4; index++) {
		if (bytes[at + index] & 0x80) return undefined;
	}
	return (bytes[at] << 21) | (bytes[at + 1] << 14) | (bytes[at + 2] << 7) | bytes[at + 3];
}

function syncSafe(bytes: Buffer, at: number): number {
	const size = syncSafeOrUndefined(bytes, at);
	if (size === undefined) throw new C2paReadError('An ID3 size is not sync-safe');
	return size;
}

/** Bytes of the tag read at a time while checking what follows a damaged frame. */
const SCAN_WINDOW_BYTES = 64 * 1024;

/**
 * After a frame that cannot hold a manifest but whose size is damaged, the next frame cannot be
 * found, so the walk ends there. That is "none" only if nothing in the rest of the tag could be
 * Content Credentials: no object frame id (where a store would sit) and no XMP provenance (a
 * remote reference). These bytes are not searched for credentials, only checked for anything
 * that could be some; if there is, or the rest is larger than a store may be, the file is "could
 * not read" as before, so a skipped Inspect never rests on a guess.
 */
async function expectNothingAfterDamagedFrame(source: ByteSource, frame: string, problem: string, from: number, to: number, objectId: string): Promise<void> {
	const refuse = (why: string) => new C2paReadError(`The ID3 frame "${frame}" declares ${problem}, and ${why}`);
	if (to - from > LIMITS.maxStoreBytes) throw refuse('the rest of the tag is too large to check for a manifest');
	const tokens = [Buffer.from(objectId, 'latin1'), Buffer.from('provenance', 'latin1')];
	const overlap = Math.max(...tokens.map((token) => token.length)) - 1;
	let carried = Buffer.alloc(0);
	for (let at = from; at < to; ) {
		const chunk = await source.read(at, Math.min(SCAN_WINDOW_BYTES, to - at));
		if (chunk.length === 0) break;
		const window = Buffer.concat([carried, chunk]);
		if (tokens.some((token) => window.includes(token))) throw refuse('the rest of the tag may hold a manifest or a remote reference');
		carried = window.subarray(Math.max(0, window.length - overlap));
		at += chunk.length;
	}
}

/** Bytes a frame's flags add before its data (ID3v2.3 and v2.4 name them differently). */
function extraHeaderBytes(major: number, flags: number): { extra: number; unreadable: boolean } {
	if (major === 3) {
		const compressed = (flags & 0x0080) !== 0;
		const encrypted = (flags & 0x0040) !== 0;
		const grouped = (flags & 0x0020) !== 0;
		return { extra: (compressed ? 4 : 0) + (encrypted ? 1 : 0) + (grouped ? 1 : 0), unreadable: compressed || encrypted };
	}
	const grouped = (flags & 0x0040) !== 0;
	const compressed = (flags & 0x0008) !== 0;
	const encrypted = (flags & 0x0004) !== 0;
	const unsynchronised = (flags & 0x0002) !== 0;
	const lengthIndicator = (flags & 0x0001) !== 0;
	return {
		extra: (grouped ? 1 : 0) + (encrypted ? 1 : 0) + (lengthIndicator ? 4 : 0),
		unreadable: compressed || encrypted || unsynchronised,
	};
}

/** Where a NUL-terminated string in `encoding` ends (the index after its terminator). */
function afterTerminatedString(data: Buffer, at: number, encoding: number): number {
	if (encoding === 1 || encoding === 2) {
		for (let index = at; index + 1 < data.length; index += 2) {
			if (data[index] === 0 && data[index + 1] === 0) return index + 2;
		}
		throw new C2paReadError('A GEOB frame has an unterminated string');
	}
	const nul = data.indexOf(0, at);
	if (nul < 0) throw new C2paReadError('A GEOB frame has an unterminated string');
	return nul + 1;
}

/**
 * MP3: the manifest store is the object of an ID3v2 `GEOB` frame whose MIME type is
 * `application/x-c2pa-manifest-store` (or `application/c2pa`, as c2pa-rs writes it); XMP is a `PRIV` frame owned by `XMP`. Only the ID3v2 tag
 * at the start of the file is walked: the audio frames after it carry no metadata. ID3v2.2
 * (three-letter frame ids, `GEO`) is read too.
 */
export async function walkId3(source: ByteSource): Promise<ContainerFinding> {
	const tagHeader = await readExact(source, 0, 10, 'the ID3 header');
	if (tagHeader.toString('latin1', 0, 3) !== 'ID3') return {}; // MPEG audio without a tag
	const major = tagHeader[3];
	if (major < 2 || major > 4) throw new C2paReadError(`The ID3 tag has an unknown version (2.${major})`);
	const tagFlags = tagHeader[5];
	const tagEnd = 10 + syncSafe(tagHeader, 6);
	if (tagEnd > source.size) throw new C2paReadError('The ID3 tag declares a size past the end of the file');
	let at = 10;
	if (tagFlags & 0x40 && major >= 3) {
		const extended = await readExact(source, at, 4, 'the ID3 extended header');
		const extendedSize = major === 4 ? syncSafe(extended, 0) : extended.readUInt32BE(0) + 4;
		if (extendedSize < 4 || at + extendedSize > tagEnd) throw new C2paReadError('The ID3 extended header declares an impossible size');
		at += extendedSize;
	}

	const count = entryCounter('ID3 frames');
	const frameHeaderLength = major === 2 ? 6 : 10;
	/** The frame that holds a manifest store: GEOB, or GEO in ID3v2.2's three-letter ids. */
	const objectId = major === 2 ? 'GEO' : 'GEOB';
	let remoteUrl: string | undefined;
	while (at + frameHeaderLength <= tagEnd) {
		count();
		const header = await readExact(source, at, frameHeaderLength, 'an ID3 frame header');
		if (header[0] === 0) break; // padding
		const id = header.toString('latin1', 0, major === 2 ? 3 : 4);
		let size: number | undefined;
		let flags = 0;
		if (major === 2) size = header.readUIntBE(3, 3);
		else if (major === 3) size = header.readUInt32BE(4);
		else size = syncSafeOrUndefined(header, 4);
		if (major !== 2) flags = header.readUInt16BE(8);
		const dataAt = at + frameHeaderLength;
		const isObject = id === objectId;
		if (size === undefined || size > tagEnd - dataAt) {
			const problem = size === undefined ? 'a size that is not sync-safe' : 'a size past the end of the tag';
			if (isObject) throw new C2paReadError(`The ID3 frame "${id}" declares ${problem}`);
			// Any other frame cannot hold a manifest (c2pa-rs skips it and answers "none"): skip it
			// too when nothing after it could be credentials.
			await expectNothingAfterDamagedFrame(source, id, problem, dataAt, tagEnd, objectId);
			break;
		}
		const { extra, unreadable } = major === 2 ? { extra: 0, unreadable: false } : extraHeaderBytes(major, flags);
		if (extra > size) throw new C2paReadError(`The ID3 frame "${id}" is smaller than its flags say (size underflow)`);

		const isPrivate = id === 'PRIV' || id === 'PRV';
		if ((isObject || isPrivate) && !unreadable) {
			const bodyLength = size - extra;
			if (isObject) checkStoreSize(bodyLength);
			if (isObject || (remoteUrl === undefined && bodyLength <= LIMITS.maxXmpBytes)) {
				const body = await readExact(source, dataAt + extra, bodyLength, `the ID3 frame "${id}"`);
				if (isObject) {
					const store = c2paObject(body);
					if (store) return { store, remoteUrl };
				} else if (body.toString('latin1', 0, 4) === 'XMP\0') {
					remoteUrl = provenanceFromXmp(body.subarray(4));
				}
			}
		}
		at = dataAt + size;
	}
	return { remoteUrl };
}

/** The object of a GEOB frame when its MIME type is C2PA's, else undefined. */
function c2paObject(body: Buffer): Buffer | undefined {
	if (body.length < 2) return undefined;
	const encoding = body[0];
	let at = 1;
	const mimeEnd = afterTerminatedString(body, at, 0);
	const mime = body.toString('latin1', at, mimeEnd - 1);
	at = mimeEnd;
	if (!C2PA_MIMES.has(mime.toLowerCase())) return undefined;
	at = afterTerminatedString(body, at, encoding); // file name
	at = afterTerminatedString(body, at, encoding); // description
	return body.subarray(at);
}
