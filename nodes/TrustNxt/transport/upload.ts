/**
 * Sending a file to Protect or Inspect as multipart/form-data: text parts, then the `file` part.
 * A file in memory is sent as one buffer; a file n8n keeps on disk is streamed between the
 * fixed head and tail, so it is never held whole in memory. Every attempt opens the file afresh
 * (a stream is read once), and the SHA-256 of what was sent is computed on the way out when
 * the user asks for it.
 */
import type { Hash } from 'crypto';
import { createHash } from 'crypto';

import type { BinaryInput } from '../../shared/binary';
import type { MultipartTextPart, StreamedFileReport } from '../../shared/multipart';
import { layoutMultipart, multipartBuffer, multipartStream } from '../../shared/multipart';
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
 * checksums are asked for).
 */
export async function assetBody(input: BinaryInput, textParts: MultipartTextPart[], state: UploadState, checksum: boolean): Promise<{ body: unknown; headers: Record<string, string> }> {
	closeAttempt(state.current);
	const layout = layoutMultipart(textParts, { name: FILE_PART, fileName: input.fileName, contentType: input.mimeType, size: input.size });
	const headers = { 'content-type': layout.contentType, 'content-length': String(layout.contentLength) };
	const opened = await input.open();
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
		state.current = { streams: [] };
		return { body: multipartBuffer(layout, buffer), headers };
	}
	state.current = { hasher, report, streams: [opened as { destroy?: () => void }, body as { destroy?: () => void }] };
	return { body, headers };
}

/** SHA-256 of the file as sent: from the upload itself, or (if that was cut short) read again. */
export async function uploadedSha256(input: BinaryInput, state: UploadState): Promise<string> {
	// Only called when the user asked for checksums.
	if (state.bufferSha256) return state.bufferSha256;
	const attempt = state.current;
	if (attempt?.hasher && attempt.report && attempt.report.bytes === input.size) return attempt.hasher.digest('hex');
	const hasher = createHash('sha256');
	const opened = await input.open();
	if (Buffer.isBuffer(opened)) return hasher.update(opened).digest('hex');
	for await (const chunk of opened as AsyncIterable<Buffer>) hasher.update(chunk);
	return hasher.digest('hex');
}
