import { walkBmff } from './containers/bmff';
import { walkId3 } from './containers/id3';
import { walkJpeg } from './containers/jpeg';
import { walkPng } from './containers/png';
import { walkRiff } from './containers/riff';
import type { ContainerWalker } from './containers/types';
import { C2paReadError } from './limits';
import type { ByteSource } from './source';
import type { ManifestSummary } from './summary';
import { summarizeStore } from './summary';

export type { ByteSource, ChunkStream } from './source';
export { bufferSource, streamSource } from './source';
export type { ManifestSummary } from './summary';
export { LIMITS } from './limits';

export type ManifestLocation = 'embedded' | 'remote' | 'none' | 'unknown';

export interface ContentCredentialsReport extends Partial<ManifestSummary> {
	/** True when the file embeds a manifest store or points to a remote one. */
	hasContentCredentials: boolean;
	/**
	 * `embedded`: a manifest store is in the file; `remote`: the file's XMP points to one
	 * elsewhere (an http(s) URL); `none`: the container was read through and has neither (an XMP
	 * reference into the file itself, `self#jumbf=...`, is not a remote one); `unknown`: the file could
	 * not be read (see `readError`) or is in a format the reader does not know.
	 */
	manifestLocation: ManifestLocation;
	container?: string;
	remoteUrl?: string;
	/** Why the file, or its manifest store, could not be read. */
	readError?: string;
	/** Bytes taken from the binary store to answer. */
	bytesRead: number;
}

const BMFF_FIRST_BOXES = new Set(['ftyp', 'styp', 'moov', 'mdat', 'free', 'skip', 'wide', 'uuid', 'pnot']);

/** Picks the container from the first bytes, by each format's own signature. */
export function detect(head: Buffer): { container: string; walk: ContainerWalker } | undefined {
	if (head.length >= 3 && head[0] === 0xff && head[1] === 0xd8 && head[2] === 0xff) return { container: 'JPEG', walk: walkJpeg };
	if (head.length >= 8 && head.toString('hex', 0, 8) === '89504e470d0a1a0a') return { container: 'PNG', walk: walkPng };
	if (head.length >= 12 && head.toString('latin1', 0, 4) === 'RIFF') {
		return { container: `RIFF ${head.toString('latin1', 8, 12).trim()}`, walk: walkRiff };
	}
	if (head.length >= 10 && head.toString('latin1', 0, 3) === 'ID3') return { container: 'MP3', walk: walkId3 };
	if (head.length >= 2 && head[0] === 0xff && (head[1] & 0xe0) === 0xe0) return { container: 'MP3', walk: walkId3 };
	if (head.length >= 8 && BMFF_FIRST_BOXES.has(head.toString('latin1', 4, 8))) {
		const brand = head.length >= 12 && head.toString('latin1', 4, 8) === 'ftyp' ? head.toString('latin1', 8, 12).trim() : '';
		return { container: brand ? `ISO BMFF ${brand}` : 'ISO BMFF', walk: walkBmff };
	}
	return undefined;
}

/**
 * Looks for Content Credentials (a C2PA manifest store) in a file and summarises the active
 * manifest. Follows the container's structure, reads forward only, and stops as soon as it has
 * the answer. Never throws for what the file contains: anything unreadable becomes `readError`.
 * Nothing is validated: not the signature, not the hashes, not the certificate's trust.
 */
export async function readContentCredentials(source: ByteSource): Promise<ContentCredentialsReport> {
	let container: string | undefined;
	let stage: 'container' | 'store' = 'container';
	try {
		const head = await source.read(0, 16);
		const format = detect(head);
		if (!format) {
			return {
				hasContentCredentials: false,
				manifestLocation: 'unknown',
				readError: 'Not a file format the local reader knows (it reads JPEG, PNG, HEIC/HEIF/AVIF, MP4/MOV, MP3, WAV, WebP and AVI)',
				bytesRead: source.bytesRead,
			};
		}
		container = format.container;
		const finding = await format.walk(source);
		if (!finding.store) {
			return {
				hasContentCredentials: !!finding.remoteUrl,
				manifestLocation: finding.remoteUrl ? 'remote' : 'none',
				container,
				...(finding.remoteUrl ? { remoteUrl: finding.remoteUrl } : {}),
				bytesRead: source.bytesRead,
			};
		}
		stage = 'store';
		const summary = summarizeStore(finding.store);
		return {
			hasContentCredentials: true,
			manifestLocation: 'embedded',
			container,
			...(finding.remoteUrl ? { remoteUrl: finding.remoteUrl } : {}),
			...summary,
			bytesRead: source.bytesRead,
		};
	} catch (error) {
		// Anything thrown while reading (including a RangeError from a short buffer) is about the
		// file, not the workflow: it becomes a result, never a failed execution.
		const reason = error instanceof C2paReadError ? error.message : `Unexpected structure (${error instanceof Error ? error.message : String(error)})`;
		return {
			hasContentCredentials: stage === 'store',
			manifestLocation: stage === 'store' ? 'embedded' : 'unknown',
			...(container ? { container } : {}),
			readError: stage === 'store' ? `A manifest store is embedded but could not be read: ${reason}` : `The file could not be read: ${reason}`,
			bytesRead: source.bytesRead,
		};
	} finally {
		await source.close();
	}
}
