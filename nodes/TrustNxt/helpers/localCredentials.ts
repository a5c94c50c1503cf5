import type { IDataObject } from 'n8n-workflow';

import type { BinaryInput } from '../../shared/binary';
import type { ChunkStream, ContentCredentialsReport } from '../c2pa';
import { bufferSource, readContentCredentials, streamSource } from '../c2pa';
import type { VerificationReport } from '../c2pa/validate';

/**
 * Chunk size for the local read of a stored binary. The manifest store sits in the first few
 * hundred KiB of almost every file; small chunks keep what is pulled past it small.
 */
const LOCAL_READ_CHUNK_BYTES = 64 * 1024;

export const NOT_VALIDATED_NOTE =
	'Read locally and for free. Nothing was validated: the signature, the hashes that bind the manifest to the file, and the signer\'s trust were not checked, so this says what the file claims, not that the claim is true. Use Inspect for a verdict.';

/**
 * Reads the Content Credentials of an item's file without any request. A file n8n keeps on disk
 * is read as a stream from its start (n8n's binary store offers no ranged read): the reader
 * stops as soon as it has the answer, and skips what it does not need chunk by chunk.
 */
export async function readLocalCredentials(input: BinaryInput): Promise<ContentCredentialsReport> {
	const opened = await input.open(LOCAL_READ_CHUNK_BYTES);
	return await readContentCredentials(Buffer.isBuffer(opened) ? bufferSource(opened) : streamSource(opened as unknown as ChunkStream, input.size));
}

/** The report as item JSON: fields that were not found are left out rather than set to undefined. */
export function reportToJson(report: ContentCredentialsReport | VerificationReport): IDataObject {
	const json: IDataObject = {};
	for (const [key, value] of Object.entries(report)) {
		if (value !== undefined) json[key] = value as IDataObject[keyof IDataObject];
	}
	return json;
}
