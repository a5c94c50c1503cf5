import { provenanceFromXmp } from '../xmp';
import { C2paReadError, LIMITS } from '../limits';
import type { ByteSource } from '../source';
import { readExact } from '../source';
import { checkStoreSize, entryCounter } from './counter';
import type { ContainerFinding } from './types';

/** The extended type of C2PA's `uuid` box: d8fec3d6-1b0e-483c-9297-5828877ec481. */
const C2PA_UUID = 'd8fec3d61b0e483c92975828877ec481';
/** The extended type of the XMP `uuid` box: be7acfcb-97a9-42e8-9c71-999491e3afac. */
const XMP_UUID = 'be7acfcb97a942e89c71999491e3afac';
/** Longest purpose string read from a C2PA box ("manifest", "merkle", ...). */
const MAX_PURPOSE = 64;

/**
 * ISO BMFF (MP4, MOV, HEIC, HEIF, AVIF): top-level boxes of size and type (size 1: a 64-bit size
 * follows; size 0: to the end of the file). The manifest store is in a top-level `uuid` box with
 * C2PA's extended type: a full-box header, a NUL-terminated purpose (`manifest`), an 8-byte
 * offset, then the store. The walk stops once the store is found; boxes it does not need (such
 * as `mdat`) are skipped, which for a stream means reading through them without keeping them.
 */
export async function walkBmff(source: ByteSource): Promise<ContainerFinding> {
	const count = entryCounter('top-level boxes');
	let remoteUrl: string | undefined;
	let at = 0;
	let sawC2paBox = false;
	while (at < source.size) {
		count();
		const header = await source.read(at, 16);
		if (header.length < 8) throw new C2paReadError('The file ends inside a box header');
		let size = header.readUInt32BE(0);
		const type = header.toString('latin1', 4, 8);
		let headerLength = 8;
		if (size === 1) {
			if (header.length < 16) throw new C2paReadError('The file ends inside a 64-bit box size');
			size = header.readUInt32BE(8) * 0x100000000 + header.readUInt32BE(12);
			headerLength = 16;
		} else if (size === 0) {
			size = source.size - at;
		}
		if (size < headerLength) throw new C2paReadError(`The box "${type}" declares a size smaller than its header`);
		if (size > source.size - at) throw new C2paReadError(`The box "${type}" declares a size past the end of the file`);

		if (type === 'uuid' && size >= headerLength + 16) {
			const extended = await readExact(source, at + headerLength, 16, 'a uuid box');
			const uuid = extended.toString('hex');
			const bodyAt = at + headerLength + 16;
			const bodyLength = size - headerLength - 16;
			if (uuid === C2PA_UUID) {
				sawC2paBox = true;
				const start = await readExact(source, bodyAt, Math.min(bodyLength, 4 + MAX_PURPOSE + 1), 'the C2PA box');
				const nul = start.indexOf(0, 4);
				if (nul < 0) throw new C2paReadError('The C2PA box has no purpose string');
				const purpose = start.toString('latin1', 4, nul);
				if (purpose === 'manifest') {
					const storeAt = bodyAt + nul + 1 + 8;
					const storeLength = bodyAt + bodyLength - storeAt;
					if (storeLength <= 0) throw new C2paReadError('The C2PA box holds no manifest store');
					checkStoreSize(storeLength);
					return { store: await readExact(source, storeAt, storeLength, 'the C2PA box'), remoteUrl };
				}
			} else if (uuid === XMP_UUID && remoteUrl === undefined && bodyLength <= LIMITS.maxXmpBytes) {
				remoteUrl = provenanceFromXmp(await readExact(source, bodyAt, bodyLength, 'the XMP box'));
			}
		}
		at += size;
	}
	// C2PA boxes other than the manifest (merkle, original, update) come with a manifest box; alone
	// they point to a damaged store, which is "could not read", not "none".
	if (sawC2paBox) throw new C2paReadError('The file has a C2PA box but no readable manifest store');
	return { remoteUrl };
}
