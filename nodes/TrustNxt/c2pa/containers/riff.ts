import { provenanceFromXmp } from '../xmp';
import { C2paReadError, LIMITS } from '../limits';
import type { ByteSource } from '../source';
import { readExact } from '../source';
import { checkStoreSize, entryCounter } from './counter';
import type { ContainerFinding } from './types';

/**
 * RIFF (WAV, WebP, AVI): after `RIFF`, a little-endian size and the form type, chunks of id,
 * little-endian size and data, padded to an even length. The manifest store is the data of the
 * top-level `C2PA` chunk; XMP is the `_PMX` chunk (WAV, AVI) or `XMP ` chunk (WebP).
 */
export async function walkRiff(source: ByteSource): Promise<ContainerFinding> {
	const header = await readExact(source, 0, 12, 'the RIFF header');
	const declaredEnd = 8 + header.readUInt32LE(4);
	const end = Math.min(declaredEnd, source.size);
	const count = entryCounter('RIFF chunks');
	let remoteUrl: string | undefined;
	let at = 12;
	while (at + 8 <= end) {
		count();
		const chunkHeader = await readExact(source, at, 8, 'a RIFF chunk header');
		const id = chunkHeader.toString('latin1', 0, 4);
		const size = chunkHeader.readUInt32LE(4);
		const dataAt = at + 8;
		if (size > end - dataAt) throw new C2paReadError(`The RIFF chunk "${id}" declares a size past the end of the file`);
		if (id === 'C2PA') {
			checkStoreSize(size);
			return { store: await readExact(source, dataAt, size, 'the C2PA chunk'), remoteUrl };
		}
		if ((id === '_PMX' || id === 'XMP ') && remoteUrl === undefined && size <= LIMITS.maxXmpBytes) {
			remoteUrl = provenanceFromXmp(await readExact(source, dataAt, size, 'the XMP chunk'));
		}
		at = dataAt + size + (size & 1);
	}
	return { remoteUrl };
}
