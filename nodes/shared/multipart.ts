/**
 * multipart/form-data bodies without a form library (the pack has no runtime dependencies, and
 * shipped code may import only `n8n-workflow`). The body is laid out as
 *
 *     [text parts] [file part headers] | file bytes | CRLF --boundary-- CRLF
 *
 * so everything but the file is known up front: the exact Content-Length is computed before a
 * byte is sent, and the file itself can be streamed from n8n's binary store between the fixed
 * head and tail, never held in memory.
 */
import { randomString } from 'n8n-workflow';

import type { BinaryStream } from './binary';

export interface MultipartTextPart {
	name: string;
	value: string;
	contentType?: string;
}

export interface MultipartFilePart {
	name: string;
	fileName: string;
	contentType: string;
	/** Exact size in bytes; the body's Content-Length depends on it. */
	size: number;
}

export interface MultipartLayout {
	boundary: string;
	/** The request's Content-Type header value. */
	contentType: string;
	/** Bytes before the file: the text parts and the file part's headers. */
	head: Buffer;
	/** Bytes after the file: the closing delimiter. */
	tail: Buffer;
	/** head + file + tail. */
	contentLength: number;
	fileSize: number;
}

const CRLF = '\r\n';

/**
 * A boundary that no file will contain by chance: 40 random letters and digits after a fixed
 * prefix (RFC 2046 allows up to 70 characters; these are all "bchars").
 */
export function newBoundary(): string {
	return `----n8nTrustNxtBoundary${randomString(40)}`;
}

/**
 * A quoted-string parameter value as browsers write it in form-data (WHATWG HTML "multipart/
 * form-data encoding algorithm"): the UTF-8 text as is, with `"`, CR and LF percent-encoded so
 * the header line cannot be broken or closed early.
 */
function quoted(value: string): string {
	return `"${value.replace(/"/g, '%22').replace(/\r/g, '%0D').replace(/\n/g, '%0A')}"`;
}

function dispositionFor(name: string, fileName?: string): string {
	let header = `Content-Disposition: form-data; name=${quoted(name)}`;
	if (fileName !== undefined) {
		header += `; filename=${quoted(fileName)}`;
		// Servers that read the quoted name as Latin-1 would garble non-ASCII names; RFC 5987's
		// filename* says the charset explicitly. Only added when needed, so plain names stay plain.
		if (/[^\x20-\x7e]/.test(fileName)) header += `; filename*=UTF-8''${encodeURIComponent(fileName)}`;
	}
	return header;
}

/** Plans the body: text parts first (so a server knows them before the file arrives), the file last. */
export function layoutMultipart(textParts: MultipartTextPart[], file: MultipartFilePart, boundary: string = newBoundary()): MultipartLayout {
	if (!Number.isSafeInteger(file.size) || file.size < 0) throw new Error(`multipart: invalid file size ${String(file.size)}`);
	let head = '';
	for (const part of textParts) {
		head += `--${boundary}${CRLF}${dispositionFor(part.name)}${CRLF}`;
		if (part.contentType) head += `Content-Type: ${part.contentType}${CRLF}`;
		head += `${CRLF}${part.value}${CRLF}`;
	}
	head += `--${boundary}${CRLF}${dispositionFor(file.name, file.fileName)}${CRLF}`;
	head += `Content-Type: ${file.contentType || 'application/octet-stream'}${CRLF}${CRLF}`;
	const headBytes = Buffer.from(head, 'utf8');
	const tailBytes = Buffer.from(`${CRLF}--${boundary}--${CRLF}`, 'utf8');
	return {
		boundary,
		contentType: `multipart/form-data; boundary=${boundary}`,
		head: headBytes,
		tail: tailBytes,
		contentLength: headBytes.length + file.size + tailBytes.length,
		fileSize: file.size,
	};
}

/** The whole body in memory, for files n8n already holds in memory. */
export function multipartBuffer(layout: MultipartLayout, file: Buffer): Buffer {
	if (file.length !== layout.fileSize) {
		throw new Error(`multipart: the file has ${file.length} bytes, ${layout.fileSize} were announced`);
	}
	return Buffer.concat([layout.head, file, layout.tail]);
}

/**
 * A Readable like `template` (same Node stream class family) that yields what `source` yields.
 *
 * Shipped code may not import `stream`, so `Readable.from` is reached through a stream n8n
 * handed us: a file stream (fs.ReadStream) or an HTTP response (IncomingMessage) both inherit the
 * static `from` of Readable, which always builds a plain Readable regardless of the subclass it
 * is called on. The HTTP client needs a real Readable (it pipes the body), not a bare async
 * iterator. Undefined when `template` is not such a stream, so callers can fall back.
 */
export function readableLike(template: unknown, source: AsyncIterable<Buffer>): BinaryStream | undefined {
	const constructor = (template as { constructor?: { from?: unknown } } | null)?.constructor;
	const from = constructor?.from;
	if (typeof from !== 'function') return undefined;
	return (from as (iterable: AsyncIterable<Buffer>, options: { objectMode: boolean }) => BinaryStream).call(constructor, source, {
		objectMode: false,
	});
}

/** What a streamed body reports about the file bytes it carried. */
export interface StreamedFileReport {
	/** File bytes that went out so far (without head and tail). */
	bytes: number;
}

/**
 * head, then the file's chunks as they are read, then tail. `onFileChunk` sees every file chunk
 * (to hash it on the way). If the file turns out longer or shorter than announced, the body
 * fails instead of sending a Content-Length that lies, which would hang or corrupt the request.
 */
export async function* multipartChunks(
	layout: MultipartLayout,
	file: AsyncIterable<Buffer | Uint8Array | string>,
	onFileChunk?: (chunk: Buffer) => void,
	report: StreamedFileReport = { bytes: 0 },
): AsyncGenerator<Buffer> {
	yield layout.head;
	for await (const raw of file) {
		const chunk = typeof raw === 'string' ? Buffer.from(raw, 'utf8') : Buffer.isBuffer(raw) ? raw : Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength);
		if (chunk.length === 0) continue;
		report.bytes += chunk.length;
		if (report.bytes > layout.fileSize) {
			throw new Error(`The file is larger than the ${layout.fileSize} bytes n8n recorded for it; it may have changed while it was being sent`);
		}
		if (onFileChunk) onFileChunk(chunk);
		yield chunk;
	}
	if (report.bytes !== layout.fileSize) {
		throw new Error(`The file ended after ${report.bytes} of the ${layout.fileSize} bytes n8n recorded for it; it may have changed while it was being sent`);
	}
	yield layout.tail;
}

/**
 * The body as a stream: head + file stream + tail, for files n8n keeps on disk. Returns
 * undefined when the file stream is not a Node stream (the caller then reads it into memory).
 */
export function multipartStream(
	layout: MultipartLayout,
	fileStream: BinaryStream,
	onFileChunk?: (chunk: Buffer) => void,
	report?: StreamedFileReport,
): BinaryStream | undefined {
	return readableLike(fileStream, multipartChunks(layout, fileStream as AsyncIterable<Buffer>, onFileChunk, report));
}
