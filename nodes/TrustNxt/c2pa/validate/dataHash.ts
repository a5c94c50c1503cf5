import type { Hash } from 'crypto';
import { createHash } from 'crypto';

import type { Exclusion } from './manifest';

/**
 * Hashes a file's bytes outside the exclusions of a `c2pa.hash.data` assertion, fed in order as
 * chunks with their file offsets: nothing is kept but the running hash.
 */
export class ExcludingHasher {
	private readonly hash: Hash;
	private readonly ranges: Array<{ start: number; end: number }>;
	private next = 0;
	/** Bytes fed so far, counted from the start of the file. */
	fed = 0;

	constructor(alg: string, exclusions: Exclusion[]) {
		this.hash = createHash(alg);
		this.ranges = exclusions.map(({ start, length }) => ({ start, end: start + length })).sort((a, b) => a.start - b.start);
	}

	/** Feeds the next chunk; `offset` must be where the previous one ended. */
	update(chunk: Buffer): void {
		const offset = this.fed;
		const end = offset + chunk.length;
		let at = offset;
		while (at < end) {
			while (this.next < this.ranges.length && this.ranges[this.next].end <= at) this.next++;
			const range = this.ranges[this.next];
			if (range && range.start <= at) {
				at = Math.min(range.end, end);
				continue;
			}
			const stop = range ? Math.min(range.start, end) : end;
			this.hash.update(chunk.subarray(at - offset, stop - offset));
			at = stop;
		}
		this.fed = end;
	}

	/** Whether every exclusion lies inside the file (c2pa-rs fails a data hash whose exclusions do not). */
	exclusionsInside(size: number): boolean {
		return this.ranges.every((range) => range.end <= size);
	}

	digest(): Buffer {
		return this.hash.digest();
	}
}
