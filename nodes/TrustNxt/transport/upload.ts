/**
 * Sending a file to Protect or Inspect as multipart/form-data: text parts, then the `file` part.
 * A file in memory is sent as one buffer; a file n8n keeps on disk is streamed between the
 * fixed head and tail, so it is never held whole in memory. Every attempt opens the file afresh
 * (a stream is read once), and the SHA-256 of what was sent is computed on the way out when
 * the user asks for it.
 */
import type { Hash } from 'crypto';
import { createHash } from 'crypto';

import type { BinaryInput, BinaryStream } from '../../shared/binary';
import type { MultipartTextPart, StreamedFileReport } from '../../shared/multipart';
import { layoutMultipart, multipartBuffer, multipartStream, readableLike } from '../../shared/multipart';
import { FILE_PART } from './contract';

interface UploadAttempt {
	hasher?: Hash;
	report?: StreamedFileReport;
	streams: Array<{ destroy?: () => void }>;
}

/** What the attempts of one upload share: the open streams of the latest, and the file's hash. */
export interface UploadState {
	/** SHA-256 of the file when it was in memory (computed once, not per attempt). */
	bufferSha256?: string;
	current?: UploadAttempt;
	/** The file opened by `readFileHead`, its first bytes put back, for the first attempt. */
	opened?: Buffer | BinaryStream;
}

function asBuffer(chunk: unknown): Buffer {
	if (Buffer.isBuffer(chunk)) return chunk;
	if (typeof chunk === 'string') return Buffer.from(chunk, 'utf8');
	const bytes = chunk as Uint8Array;
	return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/**
 * The file's first `length` bytes (fewer if it is shorter), to tell its type before anything is
 * sent. The file is opened here once: a stored file's stream is handed, with the bytes read put
 * back in front, to the first attempt, so it is neither opened nor read twice.
 */
export async function readFileHead(input: BinaryInput, state: UploadState, length: number): Promise<Buffer> {
	const opened = await input.open();
	if (Buffer.isBuffer(opened)) {
		state.opened = opened;
		return opened.subarray(0, length);
	}
	state.current = { streams: [opened as { destroy?: () => void }] };
	const iterator = (opened as AsyncIterable<unknown>)[Symbol.asyncIterator]();
	const head: Buffer[] = [];
	let headLength = 0;
	let ended = false;
	while (headLength < length) {
		const next = await iterator.next();
		if (next.done) {
			ended = true;
			break;
		}
		const chunk = asBuffer(next.value);
		head.push(chunk);
		headLength += chunk.length;
	}
	async function* replay(): AsyncGenerator<Buffer> {
		yield* head;
		if (ended) return;
		for (let next = await iterator.next(); !next.done; next = await iterator.next()) yield asBuffer(next.value);
	}
	state.opened = readableLike(opened, replay()) ?? (replay() as unknown as BinaryStream);
	return Buffer.concat(head).subarray(0, length);
}

/** Closes what the latest attempt opened. */
export function closeAttempt(attempt: UploadAttempt | undefined): void {
	// The HTTP client does not always consume or close a body it gave up on; an open file
	// stream would hold a file handle until the process ends.
	for (const stream of attempt?.streams ?? []) stream.destroy?.();
}

/**
 * The multipart body for one attempt. A file in memory is concatenated; a file on disk is
 * streamed between the fixed head and tail (and hashed chunk by chunk on its way out when
 * checksums are on).
 */
export async function assetBody(input: BinaryInput, textParts: MultipartTextPart[], state: UploadState, checksum: boolean): Promise<{ body: unknown; headers: Record<string, string> }> {
	// The first attempt sends the file `readFileHead` opened; later ones open it afresh.
	const preopened = state.opened;
	state.opened = undefined;
	const kept = preopened ? (state.current?.streams ?? []) : [];
	if (!preopened) closeAttempt(state.current);
	const layout = layoutMultipart(textParts, { name: FILE_PART, fileName: input.fileName, contentType: input.mimeType, size: input.size });
	const headers = { 'content-type': layout.contentType, 'content-length': String(layout.contentLength) };
	const opened = preopened ?? (await input.open());
	if (Buffer.isBuffer(opened)) {
		if (checksum) state.bufferSha256 ??= createHash('sha256').update(opened).digest('hex');
		state.current = { streams: [] };
		return { body: multipartBuffer(layout, opened), headers };
	}
	const hasher = checksum ? createHash('sha256') : undefined;
	const report: StreamedFileReport = { bytes: 0 };
	const body = multipartStream(layout, opened, hasher ? (chunk) => hasher.update(chunk) : undefined, report);
	if (!body) {
		// Not a Node stream (another storage backend): read it into memory instead.
		const chunks: Buffer[] = [];
		for await (const chunk of opened as AsyncIterable<Buffer>) chunks.push(Buffer.from(chunk));
		const buffer = Buffer.concat(chunks);
		if (checksum) state.bufferSha256 = createHash('sha256').update(buffer).digest('hex');
		state.current = { streams: kept };
		return { body: multipartBuffer(layout, buffer), headers };
	}
	state.current = { hasher, report, streams: [...kept, opened as { destroy?: () => void }, body as { destroy?: () => void }] };
	return { body, headers };
}

/** SHA-256 of the file as sent: from the upload itself, or (if that was cut short) read again. */
export async function uploadedSha256(input: BinaryInput, state: UploadState): Promise<string> {
	// Only called when checksums are on.
	if (state.bufferSha256) return state.bufferSha256;
	const attempt = state.current;
	if (attempt?.hasher && attempt.report && attempt.report.bytes === input.size) return attempt.hasher.digest('hex');
	const hasher = createHash('sha256');
	const opened = await input.open();
	if (Buffer.isBuffer(opened)) return hasher.update(opened).digest('hex');
	for await (const chunk of opened as AsyncIterable<Buffer>) hasher.update(chunk);
	return hasher.digest('hex');
}
