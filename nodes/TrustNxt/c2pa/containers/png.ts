import { provenanceFromXmp } from '../xmp';
import { C2paReadError, LIMITS } from '../limits';
import type { ByteSource } from '../source';
import { readExact } from '../source';
import { checkStoreSize, entryCounter } from './counter';
import type { ContainerFinding } from './types';

const XMP_KEYWORD = Buffer.from('XML:com.adobe.xmp\0', 'latin1');

/**
 * PNG: chunks of length, type, data and CRC after the 8-byte signature. The manifest store is
 * the data of the `caBX` chunk; XMP is an uncompressed `iTXt` chunk with keyword
 * `XML:com.adobe.xmp`. The walk ends at `IEND`.
 */
export async function walkPng(source: ByteSource): Promise<ContainerFinding> {
	const count = entryCounter('PNG chunks');
	let remoteUrl: string | undefined;
	let at = 8;
	for (;;) {
		count();
		const header = await source.read(at, 8);
		// A PNG cut off before IEND may have lost chunks a manifest could be in.
		if (header.length === 0) throw new C2paReadError('The PNG ends before its IEND chunk');
		if (header.length < 8) throw new C2paReadError('The PNG ends inside a chunk header');
		const length = header.readUInt32BE(0);
		if (length > 0x7fffffff) throw new C2paReadError('A PNG chunk declares an impossible length');
		const type = header.toString('latin1', 4, 8);
		const dataAt = at + 8;
		if (dataAt + length > source.size) throw new C2paReadError(`The PNG chunk "${type}" declares a length past the end of the file`);
		if (type === 'caBX') {
			checkStoreSize(length);
			return { store: await readExact(source, dataAt, length, 'the caBX chunk'), remoteUrl };
		}
		if (type === 'iTXt' && remoteUrl === undefined && length > XMP_KEYWORD.length + 2 && length <= LIMITS.maxXmpBytes) {
			const data = await readExact(source, dataAt, length, 'an iTXt chunk');
			if (data.subarray(0, XMP_KEYWORD.length).equals(XMP_KEYWORD) && data[XMP_KEYWORD.length] === 0) {
				// Skip compression flag and method, then the language tag and translated keyword.
				let textAt = XMP_KEYWORD.length + 2;
				for (let field = 0; field < 2 && textAt <= data.length; field++) {
					const nul = data.indexOf(0, textAt);
					textAt = nul < 0 ? data.length + 1 : nul + 1;
				}
				if (textAt <= data.length) remoteUrl = provenanceFromXmp(data.subarray(textAt));
			}
		}
		if (type === 'IEND') break;
		at = dataAt + length + 4;
	}
	return { remoteUrl };
}
