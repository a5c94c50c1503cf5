import { C2paReadError } from './limits';

/**
 * Where the reader gets bytes from. Reads only move forward (every container the reader knows
 * is walked front to back), so a source can be a stream that is never rewound: what lies
 * between two reads is skipped, not kept.
 */
export interface ByteSource {
	/** Total size in bytes when known (always known for n8n binaries). */
	readonly size: number;
	/** Bytes pulled from the underlying storage so far (including skipped ones for a stream). */
	readonly bytesRead: number;
	/**
	 * Exactly `length` bytes starting at `offset`, or fewer only where the file ends. `offset`
	 * must not be before the end of the previous read.
	 */
	read(offset: number, length: number): Promise<Buffer>;
	/** Releases the underlying stream, if any. */
	close(): Promise<void>;
}

/** A source over bytes already in memory (n8n's default binary mode). */
export function bufferSource(bytes: Uint8Array): ByteSource {
	const buffer = Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
	let furthest = 0;
	return {
		size: buffer.length,
		get bytesRead() {
			return furthest;
		},
		async read(offset: number, length: number) {
			if (offset < 0 || length < 0) throw new C2paReadError('A read before the start of the file');
			const start = Math.min(offset, buffer.length);
			const end = Math.min(offset + length, buffer.length);
			furthest = Math.max(furthest, end);
			return buffer.subarray(start, end);
		},
		async close() {},
	};
}

/** The minimal shape of an async-iterable byte stream (a Node Readable is one). */
export interface ChunkStream {
	[Symbol.asyncIterator](): AsyncIterator<unknown>;
	destroy?: () => void;
}

function asBuffer(chunk: unknown): Buffer {
	if (Buffer.isBuffer(chunk)) return chunk;
	if (chunk instanceof Uint8Array) return Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
	if (typeof chunk === 'string') return Buffer.from(chunk, 'latin1');
	throw new C2paReadError('The binary stream gave something other than bytes');
}

/**
 * A forward-only source over a stream that starts at byte 0 (n8n's filesystem binary store can
 * only be read from the start). Skipped bytes are read and dropped chunk by chunk, so memory
 * holds at most one stream chunk plus the bytes of the current read.
 */
export function streamSource(stream: ChunkStream, size: number): ByteSource {
	const iterator = stream[Symbol.asyncIterator]();
	let pending: Buffer = Buffer.alloc(0);
	/** File offset of pending[0]. */
	let pendingOffset = 0;
	let pulled = 0;
	let ended = false;

	/** The next chunk of the stream, or undefined at its end. */
	async function pull(): Promise<Buffer | undefined> {
		if (ended) return undefined;
		const next = await iterator.next();
		if (next.done) {
			ended = true;
			return undefined;
		}
		const chunk = asBuffer(next.value);
		pulled += chunk.length;
		return chunk;
	}

	return {
		size,
		get bytesRead() {
			return pulled;
		},
		async read(offset: number, length: number) {
			if (offset < pendingOffset) throw new C2paReadError('The reader tried to go back in a stream');
			// Drop everything before `offset`, pulling through the stream as needed.
			while (pendingOffset + pending.length <= offset) {
				pendingOffset += pending.length;
				pending = Buffer.alloc(0);
				const chunk = await pull();
				if (!chunk) return Buffer.alloc(0);
				pending = chunk;
			}
			pending = pending.subarray(offset - pendingOffset);
			pendingOffset = offset;
			if (pending.length < length) {
				// Gather the chunks first and join them once: no quadratic copying on big reads.
				const parts: Buffer[] = [pending];
				let have = pending.length;
				while (have < length) {
					const chunk = await pull();
					if (!chunk) break;
					parts.push(chunk);
					have += chunk.length;
				}
				pending = Buffer.concat(parts, have);
			}
			return pending.subarray(0, Math.min(length, pending.length));
		},
		async close() {
			ended = true;
			pending = Buffer.alloc(0);
			if (typeof stream.destroy === 'function') stream.destroy();
			else if (typeof iterator.return === 'function') await iterator.return();
		},
	};
}

/** Reads exactly `length` bytes or fails with a message naming what was being read. */
export async function readExact(source: ByteSource, offset: number, length: number, what: string): Promise<Buffer> {
	const bytes = await source.read(offset, length);
	if (bytes.length < length) throw new C2paReadError(`The file ends inside ${what}`);
	return bytes;
}
