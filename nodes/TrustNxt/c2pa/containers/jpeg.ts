import { provenanceFromXmp } from '../xmp';
import { C2paReadError, LIMITS } from '../limits';
import type { ByteSource } from '../source';
import { readExact } from '../source';
import { checkStoreSize, entryCounter } from './counter';
import type { ContainerFinding } from './types';

const XMP_NAMESPACE = Buffer.from('http://ns.adobe.com/xap/1.0/\0', 'latin1');

/** One JUMBF box carried in APP11 segments with the same box instance number (`En`). */
interface BoxInstance {
	parts: Buffer[];
	total: number;
	nextSequence: number;
	isManifestStore: boolean;
}

/**
 * JPEG: the manifest store is a JUMBF box in APP11 marker segments (JPEG XT, ISO/IEC 18477-3).
 * Each segment holds `JP`, a box instance number `En`, a sequence number `Z`, and a piece of the
 * box; the first piece starts with the box header, later ones repeat that header, which is
 * dropped when the pieces are joined. Metadata segments come before the scan (SOS), so the
 * walk stops there.
 */
export async function walkJpeg(source: ByteSource): Promise<ContainerFinding> {
	const count = entryCounter('JPEG segments');
	const instances = new Map<number, BoxInstance>();
	let remoteUrl: string | undefined;
	let at = 2;
	let storeBytes = 0;
	/** An APP11 segment was there but was not a readable C2PA store (possibly a damaged one). */
	let unidentifiedApp11 = false;

	for (;;) {
		count();
		const header = await source.read(at, 4);
		if (header.length < 2) {
			// A JPEG cut off before its image data may have lost segments a manifest could be in;
			// a store already complete still stands (its own box sizes say whether it is whole).
			if (storeBytes > 0) break;
			throw new C2paReadError('The JPEG ends before its image data');
		}
		if (header[0] !== 0xff) throw new C2paReadError('The JPEG has a segment that does not start with a marker');
		const marker = header[1];
		if (marker === 0xff) {
			at += 1; // fill byte
			continue;
		}
		if (marker === 0xd8 || marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7)) {
			at += 2;
			continue;
		}
		if (marker === 0xd9 || marker === 0xda) break; // end of image, or start of scan
		if (header.length < 4) throw new C2paReadError('The JPEG ends inside a segment header');
		const length = header.readUInt16BE(2);
		if (length < 2) throw new C2paReadError('A JPEG segment declares a length smaller than its length field');
		const bodyAt = at + 4;
		const bodyLength = length - 2;

		if (marker === 0xeb) {
			const body = await readExact(source, bodyAt, bodyLength, 'an APP11 segment');
			if (bodyLength < 8 || body[0] !== 0x4a || body[1] !== 0x50) unidentifiedApp11 = true;
			else {
				const instanceNumber = body.readUInt16BE(2);
				const sequence = body.readUInt32BE(4);
				let instance = instances.get(instanceNumber);
				if (!instance) {
					if (bodyLength < 16) throw new C2paReadError('An APP11 segment is too short for a box header');
					const boxType = body.toString('latin1', 12, 16);
					// Only the first manifest store is collected: a second one (which no writer makes)
					// would only be more memory for a hostile file to claim.
					instance = { parts: [], total: 0, nextSequence: 1, isManifestStore: storeBytes === 0 && boxType === 'jumb' && isManifestStoreStart(body.subarray(8)) };
					instances.set(instanceNumber, instance);
					if (!instance.isManifestStore) unidentifiedApp11 = true;
					if (instance.isManifestStore) {
						if (sequence !== 1) throw new C2paReadError('The manifest store\'s first APP11 segment is out of order');
						instance.parts.push(body.subarray(8));
						instance.total = bodyLength - 8;
						instance.nextSequence = 2;
						storeBytes = instance.total;
					}
				} else if (instance.isManifestStore) {
					if (sequence !== instance.nextSequence) throw new C2paReadError('The manifest store\'s APP11 segments are out of order');
					if (instance.parts.length >= LIMITS.maxJpegSegments) throw new C2paReadError('The manifest store is split into more APP11 segments than the reader joins');
					// Later pieces repeat the box header (LBox, TBox and, for a long box, XLBox).
					const repeatedHeader = body.readUInt32BE(8) === 1 ? 16 : 8;
					if (bodyLength < 8 + repeatedHeader) throw new C2paReadError('An APP11 continuation segment is too short');
					const piece = body.subarray(8 + repeatedHeader);
					instance.parts.push(piece);
					instance.total += piece.length;
					instance.nextSequence++;
					storeBytes = instance.total;
					checkStoreSize(storeBytes);
				}
			}
		} else if (marker === 0xe1 && bodyLength > XMP_NAMESPACE.length && bodyLength <= LIMITS.maxXmpBytes && remoteUrl === undefined) {
			const body = await readExact(source, bodyAt, bodyLength, 'an APP1 segment');
			if (body.subarray(0, XMP_NAMESPACE.length).equals(XMP_NAMESPACE)) {
				remoteUrl = provenanceFromXmp(body.subarray(XMP_NAMESPACE.length));
			}
		}
		at = bodyAt + bodyLength;
	}

	for (const instance of instances.values()) {
		if (!instance.isManifestStore) continue;
		const store = instance.parts.length === 1 ? instance.parts[0] : Buffer.concat(instance.parts, instance.total);
		return { store, remoteUrl };
	}
	// APP11 is where a C2PA store lives in a JPEG. One that cannot be identified as a store may be
	// a damaged one (c2pa-rs reports a parse error for it), so the answer is "could not read",
	// never "none": a skipped Inspect must not rest on a guess.
	if (unidentifiedApp11) throw new C2paReadError('The JPEG has an APP11 segment that is not a readable C2PA manifest store');
	return { remoteUrl };
}

/**
 * Whether a JUMBF box header is that of a C2PA manifest store: a `jumb` superbox whose
 * description box says content type `c2pa`. Other JUMBF uses of APP11 are skipped.
 */
function isManifestStoreStart(box: Buffer): boolean {
	const header = box.readUInt32BE(0) === 1 ? 16 : 8;
	// Description box: LBox, TBox `jumd`, then the 16-byte content-type UUID.
	if (box.length < header + 8 + 16) return false;
	if (box.toString('latin1', header + 4, header + 8) !== 'jumd') return false;
	return box.toString('latin1', header + 8, header + 12) === 'c2pa';
}
