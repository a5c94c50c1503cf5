import { provenanceFromXmp } from '../xmp';
import { C2paReadError, LIMITS } from '../limits';
import type { ByteSource } from '../source';
import { readExact } from '../source';
import { checkStoreSize, entryCounter } from './counter';
import type { ContainerFinding } from './types';

/** MIME types of a GEOB frame holding a manifest store: the C2PA specification's, and the one c2pa-rs writes. */
const C2PA_MIMES = new Set(['application/x-c2pa-manifest-store', 'application/c2pa']);

function syncSafe(bytes: Buffer, at: number): number {
	for (let index = 0; index < 4; index++) {
		if (bytes[at + index] & 0x80) throw new C2paReadError('An ID3 size is not sync-safe');
	}
	return (bytes[at] << 21) | (bytes[at + 1] << 14) | (bytes[at + 2] << 7) | bytes[at + 3];
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
	let remoteUrl: string | undefined;
	while (at + frameHeaderLength <= tagEnd) {
		count();
		const header = await readExact(source, at, frameHeaderLength, 'an ID3 frame header');
		if (header[0] === 0) break; // padding
		const id = header.toString('latin1', 0, major === 2 ? 3 : 4);
		let size: number;
		let flags = 0;
		if (major === 2) size = header.readUIntBE(3, 3);
		else if (major === 3) size = header.readUInt32BE(4);
		else size = syncSafe(header, 4);
		if (major !== 2) flags = header.readUInt16BE(8);
		const dataAt = at + frameHeaderLength;
		if (size > tagEnd - dataAt) throw new C2paReadError(`The ID3 frame "${id}" declares a size past the end of the tag`);
		const { extra, unreadable } = major === 2 ? { extra: 0, unreadable: false } : extraHeaderBytes(major, flags);
		if (extra > size) throw new C2paReadError(`The ID3 frame "${id}" is smaller than its flags say (size underflow)`);

		const isObject = id === 'GEOB' || id === 'GEO';
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
