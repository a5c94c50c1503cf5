/**
 * Bounds that keep the reader finite on hostile files. Every loop in the reader advances by at
 * least one byte of input and counts against one of these, so no input can make it hang, and no
 * length field is trusted for an allocation before it is checked against them.
 */
export const LIMITS = {
	/** Largest manifest store the reader will hold (real stores are kilobytes to a few MiB). */
	maxStoreBytes: 64 * 1024 * 1024,
	/** Container entries (segments, chunks, boxes, frames) walked before giving up. */
	maxContainerEntries: 100_000,
	/** Nesting depth of JUMBF superboxes (a store is manifest → part → content: four levels suffice). */
	maxJumbfDepth: 16,
	/** JUMBF boxes parsed in one store. */
	maxJumbfBoxes: 20_000,
	/** Nesting depth of CBOR arrays, maps and tags. */
	maxCborDepth: 64,
	/** CBOR data items decoded in one document. */
	maxCborItems: 200_000,
	/** Nesting depth of DER values in a certificate or time-stamp token. */
	maxDerDepth: 32,
	/** Largest XMP packet read (XMP is text metadata; larger packets are skipped unread). */
	maxXmpBytes: 4 * 1024 * 1024,
	/** APP11 segments in one JPEG box instance (each carries at most 64 KiB). */
	maxJpegSegments: 4096,
} as const;

/** A file the reader cannot make sense of: ends the read with a clear "could not read" result. */
export class C2paReadError extends Error {
	constructor(message: string) {
		super(message);
		this.name = 'C2paReadError';
	}
}
