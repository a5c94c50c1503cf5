import type { IBinaryData, IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

/**
 * Chunk size for reading a stored binary. n8n's default (64 KiB) means many small reads and
 * socket writes per file; larger chunks were clearly faster on the 1 GiB upload benchmark, and
 * n8n's memory growth there depended more on garbage collection timing than on the chunk size
 * (measurements: bench/results/latest.md). 256 KiB, also what n8n's own nodes use for streamed
 * uploads, keeps most of the speed of 1 MiB with a quarter of its buffer per read.
 */
const STREAM_CHUNK_BYTES = 256 * 1024;

/**
 * A file smaller than one chunk is read with a chunk of its own size. Each read allocates a whole
 * chunk (and one more read finds the end), so 256 KiB reads of a 75 KB photo allocated several
 * times the photo, and a batch of small files kept the garbage collector busy.
 */
const SMALLEST_CHUNK_BYTES = 16 * 1024;

function chunkBytesFor(size: number, largest: number): number {
	return Math.min(largest, Math.max(SMALLEST_CHUNK_BYTES, size));
}

/** The readable stream type n8n hands out for stored binaries (no Node import needed). */
export type BinaryStream = Awaited<ReturnType<IExecuteFunctions['helpers']['getBinaryStream']>>;

/** An input file, ready to be sent: metadata plus a way to open its bytes (again, for retries). */
export interface BinaryInput {
	meta: IBinaryData;
	fileName: string;
	mimeType: string;
	size: number;
	/** True when the bytes live on disk and are streamed rather than held in memory. */
	streamed: boolean;
	/**
	 * Opens the bytes: a fresh stream each call when streamed (read in chunks of at most
	 * `largestChunkBytes`), otherwise the buffer.
	 */
	open(largestChunkBytes?: number): Promise<Buffer | BinaryStream>;
}

/**
 * Finds the binary property `propertyName` on input item `itemIndex` and checks it is usable,
 * with an error naming the field and what to do when it is not. The bytes are not read here:
 * where n8n keeps binaries on disk (filesystem mode) they are later opened as a stream, so a
 * 2 GB video never has to fit in memory.
 */
export async function getBinaryInput(
	ctx: IExecuteFunctions,
	itemIndex: number,
	propertyName: string,
	fieldLabel: string,
): Promise<BinaryInput> {
	const name = (propertyName ?? '').trim();
	if (!name) {
		throw new NodeOperationError(ctx.getNode(), `"${fieldLabel}" is empty`, {
			itemIndex,
			description: 'Enter the name of the binary property that holds the file, for example "data".',
		});
	}
	const item = ctx.getInputData()[itemIndex];
	const available = Object.keys(item?.binary ?? {});
	const meta = item?.binary?.[name];
	if (!meta) {
		const hint = available.length
			? `This item has binary properties: ${available.map((key) => `"${key}"`).join(', ')}. Put one of them in "${fieldLabel}".`
			: 'This item carries no file at all. Add a node before this one that reads or downloads the file (for example "Read/Write Files from Disk" or "HTTP Request" with response format File).';
		throw new NodeOperationError(ctx.getNode(), `No binary property "${name}" on the input item ("${fieldLabel}")`, {
			itemIndex,
			description: hint,
		});
	}

	const size = meta.id ? Number((await ctx.helpers.getBinaryMetadata(meta.id)).fileSize) : Buffer.byteLength(meta.data ?? '', 'base64');
	if (!Number.isFinite(size) || size <= 0) {
		throw new NodeOperationError(ctx.getNode(), `The file in binary property "${name}" is empty`, {
			itemIndex,
			description: 'The previous node produced a file of 0 bytes. Check the source file or the node that created it.',
		});
	}

	return binaryInputOfSize(ctx, itemIndex, name, meta, size);
}

/**
 * The input file of binary property `name` on item `itemIndex`, described by `meta`, when its
 * size is already known (getBinaryInput finds it and checks the property first).
 */
export function binaryInputOfSize(ctx: IExecuteFunctions, itemIndex: number, name: string, meta: IBinaryData, size: number): BinaryInput {
	return {
		meta,
		fileName: meta.fileName || `${name}${meta.fileExtension ? `.${meta.fileExtension}` : ''}`,
		mimeType: meta.mimeType || 'application/octet-stream',
		size,
		streamed: Boolean(meta.id),
		async open(largestChunkBytes = STREAM_CHUNK_BYTES) {
			if (meta.id) return await ctx.helpers.getBinaryStream(meta.id, chunkBytesFor(size, largestChunkBytes));
			return await ctx.helpers.getBinaryDataBuffer(itemIndex, name);
		},
	};
}

/** MIME type without parameters, lower-cased: `text/plain; charset=utf-8` → `text/plain`. */
export function bareMimeType(contentType: string | undefined): string | undefined {
	if (!contentType) return undefined;
	const bare = contentType.split(';')[0].trim().toLowerCase();
	return bare || undefined;
}

/** The stream calls needed to look at a body's first bytes and put them back. */
interface PeekableStream {
	on(event: string, listener: (...args: unknown[]) => void): unknown;
	off(event: string, listener: (...args: unknown[]) => void): unknown;
	pause(): unknown;
	unshift(chunk: Buffer): void;
	destroy(): unknown;
}

/**
 * The first `count` bytes of a readable stream that holds at least that many, handed back to the
 * stream so whoever reads it next gets every byte. (A stream ends only once its bytes are read,
 * so with `count` within its length it cannot end here.) A stream that fails meanwhile is closed.
 */
export async function peekStream(stream: unknown, count: number): Promise<Buffer> {
	const readable = stream as PeekableStream;
	return await new Promise<Buffer>((resolve, reject) => {
		const chunks: Buffer[] = [];
		let length = 0;
		const finish = (error?: unknown) => {
			readable.off('data', onData);
			readable.off('error', finish);
			readable.off('end', onEnd);
			if (error) {
				readable.destroy();
				reject(error instanceof Error ? error : new Error(String(error)));
				return;
			}
			readable.pause();
			const head = Buffer.concat(chunks);
			if (head.length) readable.unshift(head);
			resolve(head.subarray(0, count));
		};
		const onData = (chunk: unknown) => {
			const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk));
			chunks.push(buffer);
			length += buffer.length;
			if (length >= count) finish();
		};
		const onEnd = () => finish(new Error('The file ended before its announced length'));
		readable.on('data', onData);
		readable.on('error', finish);
		readable.on('end', onEnd);
	});
}

/**
 * Opens an input file and reads its first `count` bytes, keeping what was opened for the next
 * `open()` (the upload): a file n8n keeps on disk is opened once, not once more for a look.
 */
export async function openWithHead(input: BinaryInput, count: number): Promise<{ head: Buffer; input: BinaryInput; release(): void }> {
	const opened = await input.open();
	let kept: Buffer | BinaryStream | undefined = opened;
	const release = () => {
		if (kept && !Buffer.isBuffer(kept)) kept.destroy();
		kept = undefined;
	};
	// A stream that fails while being looked at is closed by peekStream.
	const head = Buffer.isBuffer(opened) ? opened.subarray(0, count) : await peekStream(opened, Math.min(count, input.size));
	const open = async () => {
		const reuse = kept;
		kept = undefined;
		return reuse ?? (await input.open());
	};
	return { head, input: { ...input, open }, release };
}
