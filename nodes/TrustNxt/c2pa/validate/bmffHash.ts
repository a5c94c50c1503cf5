import type { Hash } from 'crypto';
import { createHash } from 'crypto';

import type { CborValue } from '../cbor';
import { field, text } from '../cbor';

/** One exclusion of a `c2pa.hash.bmff` assertion: which boxes, matched how, and what part of them. */
export interface BmffExclusion {
	xpath: string;
	length?: number;
	data: Array<{ offset: number; value: Buffer }>;
	subset: Array<{ offset: number; length: number }>;
	version?: number;
	flags?: Buffer;
	exact: boolean;
}

export interface BmffBinding {
	alg?: string;
	hash?: Buffer;
	exclusions: BmffExclusion[];
	/** Whether the assertion carries Merkle trees (per-chunk hashes of mdat), which are not checked here. */
	merkle: boolean;
}

function array(value: CborValue): CborValue[] {
	return Array.isArray(value) ? value : [];
}

function number(value: CborValue): number | undefined {
	return typeof value === 'number' ? value : undefined;
}

export function readBmffBinding(content: CborValue): BmffBinding {
	const exclusions: BmffExclusion[] = array(field(content, 'exclusions')).map((entry) => ({
		xpath: text(field(entry, 'xpath')) ?? '',
		length: number(field(entry, 'length')),
		data: array(field(entry, 'data')).flatMap((map) => {
			const offset = number(field(map, 'offset'));
			const value = field(map, 'value');
			return offset !== undefined && Buffer.isBuffer(value) ? [{ offset, value }] : [];
		}),
		subset: array(field(entry, 'subset')).flatMap((map) => {
			const offset = number(field(map, 'offset'));
			const length = number(field(map, 'length'));
			return offset !== undefined && length !== undefined ? [{ offset, length }] : [];
		}),
		version: number(field(entry, 'version')),
		flags: Buffer.isBuffer(field(entry, 'flags')) ? (field(entry, 'flags') as Buffer) : undefined,
		exact: field(entry, 'exact') !== false,
	}));
	const hash = field(content, 'hash');
	return { alg: text(field(content, 'alg')), hash: Buffer.isBuffer(hash) ? hash : undefined, exclusions, merkle: Array.isArray(field(content, 'merkle')) && array(field(content, 'merkle')).length > 0 };
}

/** Why a BMFF binding cannot be checked here, or undefined when it can. */
export function unsupportedBmff(binding: BmffBinding): string | undefined {
	if (!binding.hash) return binding.merkle ? 'it binds the file only through Merkle trees, which are not verified locally yet' : 'it has no hash';
	const odd = binding.exclusions.find((exclusion) => !/^(\/[^/[\]]{4})+$/.test(exclusion.xpath));
	if (odd) return `it excludes boxes by a path the local check does not follow (${odd.xpath})`;
	const far = binding.exclusions.find((exclusion) => exclusion.data.some((map) => map.offset + map.value.length > LOOKAHEAD));
	if (far) return `it matches box data past the first ${LOOKAHEAD} bytes of a box (${far.xpath})`;
	return undefined;
}

/** Bytes of each top-level box looked at before deciding what of it is hashed. */
const LOOKAHEAD = 64;
/** Top-level boxes that are full boxes (version and flags after the header). */
const FULL_BOXES = new Set(['meta']);
/**
 * Largest top-level box held whole to find the nested boxes an exclusion names (such as
 * /meta/iloc or /moov/trak/.../stco): such boxes hold metadata, not media, and are small.
 */
const MAX_HELD_BOX = 32 * 1024 * 1024;

interface Range {
	start: number;
	end: number;
}

/**
 * The ranges an exclusion takes out of one box (absolute), or undefined when it does not match
 * the box. `box` holds at least the box's first bytes; `size` is its declared size.
 */
function excludedBy(exclusion: BmffExclusion, box: Buffer, size: number, boxStart: number, headerLength: number, fullBox: boolean): { ranges: Range[]; whole: boolean } | undefined {
	if (exclusion.length !== undefined && exclusion.length !== size) return undefined;
	if (fullBox && box.length >= headerLength + 4) {
		if (exclusion.version !== undefined && exclusion.version !== box[headerLength]) return undefined;
		if (exclusion.flags && exclusion.flags.length >= 3) {
			const wanted = exclusion.flags.readUIntBE(0, 3);
			const actual = box.readUIntBE(headerLength + 1, 3);
			if (exclusion.exact ? wanted !== actual : (wanted | actual) !== wanted) return undefined;
		}
	}
	if (!exclusion.data.every((map) => box.subarray(map.offset, map.offset + map.value.length).equals(map.value))) return undefined;
	if (!exclusion.subset.length) return { ranges: [{ start: boxStart, end: boxStart + size }], whole: true };
	const ranges: Range[] = [];
	for (const subset of exclusion.subset) {
		if (subset.offset > size) continue;
		const length = subset.length === 0 ? size - subset.offset : Math.min(subset.length, size - subset.offset);
		ranges.push({ start: boxStart + subset.offset, end: boxStart + subset.offset + length });
	}
	return { ranges, whole: false };
}

/** The boxes directly inside `bytes[from, to)`: type, start and size. */
function childBoxes(bytes: Buffer, from: number, to: number): Array<{ type: string; at: number; size: number; headerLength: number }> {
	const boxes: Array<{ type: string; at: number; size: number; headerLength: number }> = [];
	let at = from;
	while (to - at >= 8) {
		let size = bytes.readUInt32BE(at);
		let headerLength = 8;
		if (size === 1) {
			if (to - at < 16) break;
			size = bytes.readUInt32BE(at + 8) * 0x100000000 + bytes.readUInt32BE(at + 12);
			headerLength = 16;
		} else if (size === 0) size = to - at;
		if (size < headerLength || size > to - at) break;
		boxes.push({ type: bytes.toString('latin1', at + 4, at + 8), at, size, headerLength });
		at += size;
	}
	return boxes;
}

/** The ranges the nested exclusions take out of a top-level box held whole. */
function nestedRanges(box: Buffer, boxStart: number, type: string, headerLength: number, exclusions: BmffExclusion[]): Range[] {
	const ranges: Range[] = [];
	for (const exclusion of exclusions) {
		const path = exclusion.xpath.split('/').slice(1);
		if (path.length < 2 || path[0] !== type) continue;
		// Walk down the path: every box of each name at each level (a moov has many trak).
		let level = [{ at: 0, size: box.length, headerLength, type }];
		for (const name of path.slice(1)) {
			const next: typeof level = [];
			for (const parent of level) {
				const childrenAt = parent.at + parent.headerLength + (parent.type === 'meta' ? 4 : 0);
				for (const child of childBoxes(box, childrenAt, parent.at + parent.size)) if (child.type === name) next.push(child);
			}
			level = next;
		}
		for (const found of level) {
			const matched = excludedBy(exclusion, box.subarray(found.at, found.at + found.size), found.size, boxStart + found.at, found.headerLength, true);
			if (matched) ranges.push(...matched.ranges);
		}
	}
	return ranges;
}

/**
 * Hashes a BMFF file as a `c2pa.hash.bmff` file-level hash asks, fed chunk by chunk in order:
 * the top-level boxes are followed as the bytes go by (a few bytes of each box are held until its
 * header is read), the boxes the exclusions match are left out whole or in part, and from
 * version 2 the file offset of each top-level box that is not wholly excluded is hashed (as
 * 8 bytes, big-endian) before its bytes, as c2pa-rs does.
 */
export class BmffHasher {
	private readonly hash: Hash;
	private position = 0;
	private boxStart = 0;
	private boxEnd = 0;
	private header: Buffer[] = [];
	private headerBytes = 0;
	private inBox = false;
	/** Excluded ranges of the current box, absolute, sorted and merged. */
	private excluded: Array<{ start: number; end: number }> = [];
	private hashedAny = false;
	/** Why the file cannot match (a box past the end of the file), once known. */
	broken?: string;
	/** Why the hash could not be computed as the assertion asks, once known (then nothing is concluded). */
	unsupported?: string;
	/** The current top-level box is held whole until its end, to find nested boxes to exclude. */
	private heldType?: string;
	private heldHeaderLength = 8;
	private held: Buffer[] = [];
	private heldBytes = 0;

	constructor(
		alg: string,
		private readonly exclusions: BmffExclusion[],
		private readonly withOffsets: boolean,
		private readonly size: number,
	) {
		this.hash = createHash(alg);
	}

	get fed(): number {
		return this.position + this.heldBytes + (this.inBox ? 0 : this.headerBytes);
	}

	update(chunk: Buffer): void {
		let at = 0;
		while (at < chunk.length && !this.broken) {
			if (this.inBox) {
				const take = chunk.subarray(at, at + (this.boxEnd - this.position - this.heldBytes));
				at += take.length;
				this.feed(take);
				continue;
			}
			// A box's first bytes are held until its header says how long it is, then up to the
			// look-ahead, never past the box's own end.
			const left = this.size - this.boxStart;
			let wanted = Math.min(8, left);
			if (this.headerBytes >= 8) {
				const head = this.header.length === 1 ? this.header[0] : Buffer.concat(this.header, this.headerBytes);
				this.header = [head];
				const declared = head.readUInt32BE(0);
				if (declared === 1) wanted = Math.min(16, left);
				if (declared === 1 && this.headerBytes >= 16) wanted = Math.min(LOOKAHEAD, left, Math.max(16, head.readUInt32BE(8) * 0x100000000 + head.readUInt32BE(12)));
				else if (declared !== 1) wanted = Math.min(LOOKAHEAD, left, declared === 0 ? left : Math.max(8, declared));
			}
			if (this.headerBytes < wanted) {
				const take = chunk.subarray(at, at + (wanted - this.headerBytes));
				this.header.push(take);
				this.headerBytes += take.length;
				at += take.length;
				continue;
			}
			const head = Buffer.concat(this.header, this.headerBytes);
			this.header = [];
			this.headerBytes = 0;
			this.startBox(head);
			if (this.broken) return;
			this.feed(head);
		}
		// The last box's header may complete only at the file's end.
		if (!this.inBox && this.headerBytes > 0 && this.boxStart + this.headerBytes >= this.size && !this.broken) {
			const head = Buffer.concat(this.header, this.headerBytes);
			this.header = [];
			this.headerBytes = 0;
			this.startBox(head);
			if (!this.broken) this.feed(head);
		}
	}

	private startBox(head: Buffer): void {
		if (head.length < 8) {
			this.broken = 'the file ends inside a box header';
			return;
		}
		let size = head.readUInt32BE(0);
		const type = head.toString('latin1', 4, 8);
		let headerLength = 8;
		if (size === 1) {
			if (head.length < 16) {
				this.broken = 'the file ends inside a box header';
				return;
			}
			size = head.readUInt32BE(8) * 0x100000000 + head.readUInt32BE(12);
			headerLength = 16;
		} else if (size === 0) size = this.size - this.boxStart;
		if (size < headerLength || this.boxStart + size > this.size) {
			this.broken = `the box "${type}" declares a size past the end of the file`;
			return;
		}
		this.boxEnd = this.boxStart + size;
		this.inBox = true;
		const ranges: Range[] = [];
		let whole = false;
		for (const exclusion of this.exclusions) {
			if (exclusion.xpath !== `/${type}`) continue;
			const matched = excludedBy(exclusion, head, size, this.boxStart, headerLength, FULL_BOXES.has(type));
			if (!matched) continue;
			ranges.push(...matched.ranges);
			whole = whole || matched.whole;
		}
		this.heldType = undefined;
		if (!whole && this.exclusions.some((exclusion) => exclusion.xpath.startsWith(`/${type}/`))) {
			if (size <= MAX_HELD_BOX) {
				this.heldType = type;
				this.heldHeaderLength = headerLength;
			} else this.unsupported = `the box "${type}" is too large to look inside for the boxes its exclusions name`;
		}
		ranges.sort((a, b) => a.start - b.start);
		this.excluded = ranges;
		if (this.withOffsets && !whole) {
			const startIncluded = !ranges.some((range) => range.start <= this.boxStart && range.end > this.boxStart);
			if (startIncluded || this.hashedAny) {
				const offset = Buffer.alloc(8);
				offset.writeUInt32BE(Math.floor(this.boxStart / 0x100000000), 0);
				offset.writeUInt32BE(this.boxStart % 0x100000000, 4);
				this.hash.update(offset);
			}
		}
	}

	/** The next bytes of the current box: held while the box is held whole, else hashed. */
	private feed(bytes: Buffer): void {
		if (!this.heldType) {
			this.feedBox(bytes);
			return;
		}
		this.held.push(Buffer.from(bytes));
		this.heldBytes += bytes.length;
		if (this.position + this.heldBytes < this.boxEnd) return;
		const box = Buffer.concat(this.held, this.heldBytes);
		this.held = [];
		this.heldBytes = 0;
		const nested = nestedRanges(box, this.boxStart, this.heldType, this.heldHeaderLength, this.exclusions);
		this.heldType = undefined;
		this.excluded = [...this.excluded, ...nested].sort((a, b) => a.start - b.start);
		this.feedBox(box);
	}

	/** Hashes the next bytes of the current box, except what its exclusions leave out. */
	private feedBox(bytes: Buffer): void {
		const offset = this.position;
		const end = offset + bytes.length;
		let at = offset;
		while (at < end) {
			const range = this.excluded.find((entry) => entry.end > at);
			if (range && range.start <= at) {
				at = Math.min(range.end, end);
				continue;
			}
			const stop = range ? Math.min(range.start, end) : end;
			this.hash.update(bytes.subarray(at - offset, stop - offset));
			this.hashedAny = true;
			at = stop;
		}
		this.position = end;
		if (this.position >= this.boxEnd) {
			this.inBox = false;
			this.boxStart = this.boxEnd;
		}
	}

	/** Whether the whole file was fed and walked box by box to its end. */
	complete(): boolean {
		return !this.broken && !this.inBox && this.headerBytes === 0 && this.heldBytes === 0 && this.position === this.size;
	}

	digest(): Buffer {
		return this.hash.digest();
	}
}
