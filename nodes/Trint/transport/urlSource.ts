/**
 * Upload from a URL, done inside the pack: Trint publishes no ingest call, so the node fetches
 * the URL itself and sends the bytes to the documented upload, `POST {upload}/`. The rules here
 * are the pack's own ([modeled]):
 * - the source is fetched with GET and `Accept-Encoding: identity`, at most MAX_SOURCE_REDIRECTS
 *   redirects, followed here so that no Trint credential ever travels to the source; the user's
 *   source headers go to the source's own origin only;
 * - with a Content-Length and no Content-Encoding the body is streamed straight into the upload
 *   with that length: nothing is held in memory or written to n8n's binary store;
 * - without a length it is spooled into n8n's binary store (disk in filesystem mode), capped,
 *   then uploaded from there with its length; sending it chunked is an opt-in, since whether
 *   Trint accepts chunked uploads is unknown;
 * - the upload is sent again only after a 429 (Trint did not take it), and only when the body can
 *   be produced again: the spool is re-opened, or a source that gave a length is fetched again.
 */
import type { IBinaryData, IExecuteFunctions, IHttpRequestOptions } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { bareMimeType, peekStream } from '../../shared/binary';
import { discardBody } from '../../shared/client';
import { extractErrorText, operationError } from '../../shared/errors';
import type { HttpResponse } from '../../shared/request';
import { headerValue, sendWithRetry } from '../../shared/request';
import { detectedFrom, detectMedia, MEDIA_HEAD_BYTES } from '../helpers/mediaType';
import { addSecrets } from './index';
import type { UploadBody, UploadTarget } from './upload';
import { uploadMedia } from './upload';

export const SOURCE_FIELD = 'Source URL';

const NETWORK_WORDS: Record<string, string> = {
	ECONNREFUSED: 'connection refused',
	ECONNRESET: 'connection broken off',
	EPIPE: 'connection broken off',
	ENOTFOUND: 'host not found',
	EAI_AGAIN: 'name lookup failed',
};
export const MAX_SOURCE_REDIRECTS = 5;
export const DEFAULT_SPOOL_CAP_MIB = 2048;
/** Chunk size for reading the spool back (as for stored binaries). */
const SPOOL_CHUNK_BYTES = 256 * 1024;

/** Media types by file extension, for sources that send none or a generic one (upload formats). */
export const MEDIA_TYPES_BY_EXTENSION: Record<string, string> = {
	mp3: 'audio/mpeg',
	wav: 'audio/wav',
	m4a: 'audio/mp4',
	aac: 'audio/aac',
	ogg: 'audio/ogg',
	flac: 'audio/flac',
	wma: 'audio/x-ms-wma',
	aiff: 'audio/aiff',
	opus: 'audio/opus',
	mp4: 'video/mp4',
	mov: 'video/quicktime',
	avi: 'video/x-msvideo',
	wmv: 'video/x-ms-wmv',
	flv: 'video/x-flv',
	mkv: 'video/x-matroska',
	webm: 'video/webm',
	mpeg: 'video/mpeg',
	mpg: 'video/mpeg',
	'3gp': 'video/3gpp',
	m4v: 'video/x-m4v',
};
const GENERIC_TYPES = new Set(['application/octet-stream', 'binary/octet-stream']);

export interface UrlSourceSettings {
	url: string;
	/** Headers for the source only (its own Authorization, cookies...). */
	headers: Record<string, string>;
	timeoutMs: number;
	/** Timeout for Trint's upload (the operation's "Timeout" option). */
	uploadTimeoutMs: number;
	spoolCapBytes: number;
	sendWithoutLength: boolean;
	/** The user's "File Name"; empty: from the source. */
	fileName: string;
	itemIndex: number;
	/** Send what is not audio or video too (Upload's "Allow Non-Media Files"). */
	allowNonMedia?: boolean;
}

/** The readable stream n8n's HTTP helper hands out (no Node import needed). */
interface SourceStream {
	destroy(error?: Error): void;
	emit(event: string | symbol, ...args: unknown[]): boolean;
}

interface OpenedSource {
	url: URL;
	response: HttpResponse;
	body: SourceStream;
	length?: number;
	encoded: boolean;
}

export interface UrlUploadResult {
	response: HttpResponse;
	fileName: string;
	contentType: string;
	bytes: number;
	mode: 'streamed' | 'spooled' | 'chunked';
}

/** The first bytes of a spooled source. */
async function spoolHead(ctx: IExecuteFunctions, spool: IBinaryData): Promise<Buffer> {
	if (!spool.id) return Buffer.from(spool.data ?? '', 'base64').subarray(0, MEDIA_HEAD_BYTES);
	const chunks: Buffer[] = [];
	let length = 0;
	for await (const chunk of (await ctx.helpers.getBinaryStream(spool.id, MEDIA_HEAD_BYTES)) as AsyncIterable<Buffer>) {
		chunks.push(chunk);
		length += chunk.length;
		if (length >= MEDIA_HEAD_BYTES) break;
	}
	return Buffer.concat(chunks).subarray(0, MEDIA_HEAD_BYTES);
}

/** Refuses a source that is not audio or video, before Trint is called (unless allowed). */
function refuseNonMedia(ctx: IExecuteFunctions, settings: UrlSourceSettings, url: URL, sourceType: string | undefined, fileName: string, head: Buffer | undefined): void {
	if (settings.allowNonMedia) return;
	const verdict = detectMedia(head, sourceType, [fileName, url.pathname]);
	if (verdict.media !== false) return;
	throw sourceError(
		ctx,
		settings.itemIndex,
		`${displayUrl(url)} sent ${verdict.what}, not audio or video`,
		`Trint transcribes audio and video only. The source answered with Content-Type ${sourceType ? `"${sourceType}"` : '(none)'}, and the file was taken for ${verdict.what} from ${detectedFrom(verdict)}. Check that the address leads to the recording itself (not a page or subtitles about it), or switch on Options → "Allow Non-Media Files" to send it anyway. Trint was not called.`,
	);
}

/** An error from a call made here, as the node error it already is (or wrapped into one). */
function asNodeError(ctx: IExecuteFunctions, error: unknown, itemIndex: number): NodeApiError | NodeOperationError {
	if (error instanceof NodeApiError || error instanceof NodeOperationError) return error;
	return new NodeOperationError(ctx.getNode(), error instanceof Error ? error.message : String(error), { itemIndex });
}

function sourceError(ctx: IExecuteFunctions, itemIndex: number, message: string, description: string): NodeOperationError {
	return operationError(ctx.getNode(), `"${SOURCE_FIELD}": ${message}`, { itemIndex, description });
}

/** n8n's own headlines when its SSRF protection refuses an address (by IP range or by host name). */
const SSRF_BLOCK_HEADLINE = /request was blocked because (it resolves to a restricted IP address|the destination hostname is restricted)/i;

/**
 * The error for a source address (or one of its redirects) that this n8n's SSRF protection
 * refused, or undefined when `error` is something else. The protection refuses before any
 * connection, so the source saw no request. n8n's own explanation is kept in the description.
 */
export function ssrfBlockedError(
	ctx: IExecuteFunctions,
	error: unknown,
	hop: { url: URL; from?: URL; redirects: number; itemIndex: number },
): NodeOperationError | undefined {
	const { message, description, name } = (error ?? {}) as { message?: unknown; description?: unknown; name?: unknown };
	const headline = typeof message === 'string' ? message : '';
	if (!SSRF_BLOCK_HEADLINE.test(headline) && !/^SsrfBlocked/.test(String(name))) return undefined;
	const where = hop.from
		? `the redirect from ${displayUrl(hop.from)} to ${displayUrl(hop.url)} (redirect ${hop.redirects} of at most ${MAX_SOURCE_REDIRECTS})`
		: displayUrl(hop.url);
	const explanation = [headline.replace(/\.?$/, '.'), typeof description === 'string' ? description : ''].filter(Boolean).join(' ');
	return sourceError(
		ctx,
		hop.itemIndex,
		`${where} is blocked by this n8n's SSRF protection settings`,
		`n8n says: ${explanation} If ${hop.url.hostname} is a media source you trust, ask this n8n's administrator to allow the host (N8N_SSRF_ALLOWED_HOSTNAMES, or N8N_SSRF_ALLOWED_IP_RANGES for its address). Nothing was requested from it, and Trint was not called.`,
	);
}

/** The URL as shown in messages: no query or credentials, which can hold a pre-signed token. */
export function displayUrl(url: URL): string {
	return `${url.protocol}//${url.host}${url.pathname}`;
}

export function parseSourceUrl(ctx: IExecuteFunctions, raw: string, itemIndex: number): URL {
	const text = raw.trim();
	if (!text) throw sourceError(ctx, itemIndex, 'is empty', 'Enter the http:// or https:// address of the audio or video file.');
	let url: URL;
	try {
		url = new URL(text);
	} catch {
		throw sourceError(ctx, itemIndex, 'is not a URL', 'Enter an absolute address such as https://media.example.com/interview.mp3.');
	}
	if (url.protocol !== 'http:' && url.protocol !== 'https:') {
		throw sourceError(ctx, itemIndex, `uses ${url.protocol.replace(/:$/, '')}, not http or https`, 'Only http:// and https:// sources can be fetched. For a file on disk, read it with "Read/Write Files from Disk" and use Source "Binary File".');
	}
	return url;
}

/** GETs the source, following redirects here; a 2xx with its stream, or a clear error. */
async function openSource(ctx: IExecuteFunctions, start: URL, settings: UrlSourceSettings): Promise<OpenedSource> {
	const { itemIndex } = settings;
	let url = start;
	let from: URL | undefined;
	for (let redirects = 0; ; redirects++) {
		const sameOrigin = url.origin === start.origin;
		const headers: Record<string, string> = { ...(sameOrigin ? settings.headers : {}), 'accept-encoding': 'identity' };
		let outcome: Awaited<ReturnType<typeof sendWithRetry>>;
		try {
			outcome = await sendWithRetry(
				ctx,
				async () => ({ method: 'GET', url: url.href, headers, encoding: 'stream', timeout: settings.timeoutMs }) as IHttpRequestOptions,
				{ resend: 'idempotent' },
			);
		} catch (error) {
			const blocked = ssrfBlockedError(ctx, error, { url, from, redirects, itemIndex });
			if (blocked) throw blocked;
			// n8n's plain HTTP helper reports some transport failures only in its own words
			// ("The service refused the connection...").
			const text = error instanceof Error ? error.message : String(error);
			const code = /refused/i.test(text) ? 'ECONNREFUSED' : /timed? ?out|timeout/i.test(text) ? 'ETIMEDOUT' : /DNS|ENOTFOUND|getaddrinfo/i.test(text) ? 'ENOTFOUND' : undefined;
			outcome = { networkCode: code ?? 'EUNKNOWN', networkMessage: text, rateLimitRetries: 0, attempts: 1 };
		}
		if (!outcome.response) {
			const code = outcome.networkCode ?? 'EUNKNOWN';
			const timedOut = ['ETIMEDOUT', 'ECONNABORTED', 'ESOCKETTIMEDOUT'].includes(code);
			throw sourceError(
				ctx,
				itemIndex,
				// In words: n8n replaces a message that contains a raw code (ECONNREFUSED...) by
				// its own generic sentence, which would lose the field name.
				timedOut ? `${displayUrl(url)} did not answer in time` : `${displayUrl(url)} could not be reached (${NETWORK_WORDS[code] ?? 'network error'})`,
				timedOut
					? 'Raise "Source Timeout (Seconds)" or check the source. Trint was not called.'
					: `Check the address and that n8n can reach that host${outcome.networkMessage ? ` (${outcome.networkMessage})` : ''}. Trint was not called.`,
			);
		}
		const { response } = outcome;
		const status = response.statusCode;
		if (status >= 300 && status < 400) {
			discardBody(response.body);
			const location = headerValue(response.headers, 'location');
			if (!location) throw sourceError(ctx, itemIndex, `redirected (HTTP ${status}) without a Location`, 'Trint was not called.');
			if (redirects >= MAX_SOURCE_REDIRECTS) {
				throw sourceError(ctx, itemIndex, `redirected more than ${MAX_SOURCE_REDIRECTS} times`, 'Use the final address of the file. Trint was not called.');
			}
			let next: URL;
			try {
				next = new URL(location, url);
			} catch {
				throw sourceError(ctx, itemIndex, `redirected to an invalid address (HTTP ${status})`, 'Trint was not called.');
			}
			if (next.protocol !== 'http:' && next.protocol !== 'https:') {
				throw sourceError(ctx, itemIndex, `redirected to a ${next.protocol.replace(/:$/, '')} address`, 'Only http and https are followed. Trint was not called.');
			}
			from = url;
			url = next;
			continue;
		}
		if (status < 200 || status >= 300) {
			discardBody(response.body);
			throw sourceError(
				ctx,
				itemIndex,
				`the source answered HTTP ${status}`,
				`${displayUrl(url)} did not hand out the file${status === 401 || status === 403 ? ': it may need its own headers (Source Headers) or a fresh link' : ''}. Trint was not called.`,
			);
		}
		const lengthText = headerValue(response.headers, 'content-length');
		const length = lengthText !== undefined && /^\d+$/.test(lengthText.trim()) ? Number(lengthText) : undefined;
		const encoding = (headerValue(response.headers, 'content-encoding') ?? '').trim().toLowerCase();
		return { url, response, body: response.body as SourceStream, length, encoded: Boolean(encoding) && encoding !== 'identity' };
	}
}

/** Content-Type for Trint: the source's, unless missing or generic; then by extension (Trint's upload formats). */
export function chooseContentType(sourceType: string | undefined, url: URL, fileName: string): string {
	const bare = bareMimeType(sourceType);
	if (bare && !GENERIC_TYPES.has(bare)) return sourceType!.trim();
	for (const name of [fileName, url.pathname]) {
		const extension = /\.([A-Za-z0-9]+)$/.exec(name)?.[1]?.toLowerCase();
		if (extension && MEDIA_TYPES_BY_EXTENSION[extension]) return MEDIA_TYPES_BY_EXTENSION[extension];
	}
	return 'application/octet-stream';
}

/** The filename from a Content-Disposition header (`filename*=UTF-8''...` preferred). */
export function dispositionFileName(header: string | undefined): string | undefined {
	if (!header) return undefined;
	const extended = /filename\*\s*=\s*([^']*)'[^']*'([^;]+)/i.exec(header);
	if (extended) {
		try {
			return decodeURIComponent(extended[2].trim().replace(/^"|"$/g, '')) || undefined;
		} catch {
			// Badly encoded: try the plain parameter.
		}
	}
	const plain = /filename\s*=\s*("([^"]*)"|[^;]+)/i.exec(header);
	const value = (plain?.[2] ?? plain?.[1] ?? '').trim();
	return value || undefined;
}

/** The name the Trint gets: the user's, the source's Content-Disposition, the URL path, a dated default. */
export function chooseFileName(userValue: string, disposition: string | undefined, url: URL, now = new Date()): string {
	if (userValue.trim()) return userValue.trim();
	const fromHeader = dispositionFileName(disposition);
	if (fromHeader) return fromHeader.replace(/^.*[\\/]/, '');
	const segment = url.pathname.split('/').filter(Boolean).pop();
	if (segment) {
		try {
			const decoded = decodeURIComponent(segment).trim();
			if (decoded) return decoded;
		} catch {
			return segment;
		}
	}
	return `upload-${now.toISOString()}`;
}

/**
 * Watches a stream's traffic without consuming it: counts the bytes the consumer reads (streams
 * report every chunk as a 'data' event, in flowing and paused mode alike), stops it past
 * `capBytes`, and remembers the first error.
 */
function watchStream(stream: SourceStream, capBytes: number, onCap: () => Error) {
	const state: { bytes: number; error?: Error; capped: boolean } = { bytes: 0, capped: false };
	const emit = stream.emit.bind(stream);
	stream.emit = (event: string | symbol, ...args: unknown[]) => {
		if (event === 'data') {
			const chunk = args[0] as { length?: number };
			state.bytes += chunk?.length ?? 0;
			if (state.bytes > capBytes && !state.capped) {
				state.capped = true;
				const error = onCap();
				state.error = error;
				stream.destroy(error);
				return false;
			}
		}
		if (event === 'error' && !state.error) state.error = args[0] as Error;
		return emit(event, ...args);
	};
	return state;
}

/**
 * Fetches `settings.url` and uploads its bytes to Trint into `target` (the file name is chosen
 * here). Source failures name the "Source URL" field; Trint is called only once the source
 * answered 2xx with a body.
 */
export async function uploadFromUrl(ctx: IExecuteFunctions, settings: UrlSourceSettings, target: UploadTarget): Promise<UrlUploadResult> {
	const { itemIndex } = settings;
	const start = parseSourceUrl(ctx, settings.url, itemIndex);
	await addSecrets(ctx, Object.values(settings.headers).filter((value) => value.length >= 4));
	const first = await openSource(ctx, start, settings);
	const fileName = chooseFileName(settings.fileName, headerValue(first.response.headers, 'content-disposition'), first.url);
	const sourceType = headerValue(first.response.headers, 'content-type');
	const contentType = chooseContentType(sourceType, first.url, fileName);
	// What the file is: by its first bytes where they can be seen before Trint is called (a body
	// with a length is peeked at, a spooled one read back), by its type and name otherwise.
	const peekable = !settings.allowNonMedia && first.length !== undefined && first.length > 0 && !first.encoded;
	if (peekable || settings.sendWithoutLength) {
		let head: Buffer | undefined;
		try {
			head = peekable ? await peekStream(first.body, Math.min(MEDIA_HEAD_BYTES, first.length as number)) : undefined;
			refuseNonMedia(ctx, settings, first.url, sourceType, fileName, head);
		} catch (error) {
			discardBody(first.body);
			const brokeOff = () =>
				sourceError(ctx, itemIndex, `the download from ${displayUrl(first.url)} broke off`, `${error instanceof Error ? `${error.message}. ` : ''}The source stopped sending before its first bytes (or did not send within "Source Timeout (Seconds)"). Trint was not called.`);
			throw error instanceof NodeOperationError ? error : brokeOff();
		}
	}
	const upload = (body: Omit<UploadBody, 'contentType'>, acceptStatuses?: number[]) =>
		uploadMedia(ctx, { ...target, fileName }, { contentType, ...body }, { itemIndex, timeoutMs: settings.uploadTimeoutMs, acceptStatuses });

	const emptySource = () => sourceError(ctx, itemIndex, 'the source sent an empty file (0 bytes)', `${displayUrl(first.url)} answered without any content. Trint was not called.`);
	const brokenSource = (error: Error | undefined) =>
		sourceError(
			ctx,
			itemIndex,
			`the download from ${displayUrl(first.url)} broke off`,
			`${error?.message ? `${error.message}. ` : ''}The source stopped sending before the end of the file (or did not send within "Source Timeout (Seconds)"). Trint may have received part of it and then failed; check Trint before uploading again.`,
		);

	if (first.length !== undefined && !first.encoded) {
		// Streamed: the source's body goes straight into the upload with its length.
		if (first.length === 0) {
			discardBody(first.body);
			throw emptySource();
		}
		let attempt = 0;
		let current: OpenedSource = first;
		let watch = watchStream(current.body, Number.POSITIVE_INFINITY, () => new Error('cap'));
		let response: HttpResponse;
		try {
			response = await upload({
				length: first.length,
				open: async () => {
					if (attempt++ > 0) {
						// Only after a 429 (or a refused connection): nothing reached Trint, the
						// source is fetched again and must still have the same length.
						discardBody(current.body);
						current = await openSource(ctx, start, settings);
						if (current.length !== first.length || current.encoded) {
							discardBody(current.body);
							throw sourceError(ctx, itemIndex, 'changed while the upload was retried', `It first had ${first.length} bytes, then ${current.length ?? 'no length'}. Run the workflow again.`);
						}
						watch = watchStream(current.body, Number.POSITIVE_INFINITY, () => new Error('cap'));
					}
					return current.body;
				},
			});
		} catch (error) {
			discardBody(current.body);
			if (watch.error) throw brokenSource(watch.error);
			// No HTTP answer from Trint before the source had sent everything: the source went
			// silent and Trint's side timed out waiting for the rest.
			if (error instanceof NodeApiError && !error.httpCode && watch.bytes < (current.length ?? 0)) {
				throw brokenSource(new Error(`${watch.bytes} of ${current.length} bytes arrived`));
			}
			throw asNodeError(ctx, error, itemIndex);
		}
		if (watch.error) throw brokenSource(watch.error);
		return { response, fileName, contentType, bytes: first.length, mode: 'streamed' };
	}

	if (settings.sendWithoutLength) {
		// Chunked, by the user's choice: cannot be sent twice (the body is gone after one try).
		let attempt = 0;
		const watch = watchStream(first.body, Number.POSITIVE_INFINITY, () => new Error('cap'));
		let response: HttpResponse;
		try {
			response = await upload(
				{
					open: async () => {
						if (attempt++ > 0) {
							throw new NodeOperationError(ctx.getNode(), 'Trint asked to wait (HTTP 429), and a chunked upload cannot be sent again', {
								itemIndex,
								description: 'The source gives no length, so its bytes are gone after one try. Turn off "Send Without Length (Chunked)" so the file is spooled first and can be sent again, or run the workflow later.',
							});
						}
						return first.body;
					},
				},
				// Whether Trint takes a body without a length is unknown: these answers get their own advice.
				[400, 411],
			);
		} catch (error) {
			discardBody(first.body);
			if (watch.error) throw brokenSource(watch.error);
			throw asNodeError(ctx, error, itemIndex);
		}
		if (watch.error) throw brokenSource(watch.error);
		if (response.statusCode === 400 || response.statusCode === 411) {
			const text = extractErrorText(response.body);
			throw operationError(ctx.getNode(), `Trint refused the upload sent without a length (HTTP ${response.statusCode})`, {
				itemIndex,
				description: `${text ? `Trint said: "${text}". ` : ''}Trint may not accept chunked uploads. Turn off "Send Without Length (Chunked)": the node then spools the file in n8n first and uploads it with its length.`,
			});
		}
		if (watch.bytes === 0) throw emptySource();
		return { response, fileName, contentType, bytes: watch.bytes, mode: 'chunked' };
	}

	// Spooled: through n8n's binary store (on disk in filesystem mode), capped, then uploaded
	// from there with its length.
	const capError = () =>
		sourceError(
			ctx,
			itemIndex,
			`the file is larger than the spool limit of ${Math.round(settings.spoolCapBytes / 1048576)} MiB`,
			'The source gives no length, so the node stores the file before uploading it. Raise "Max Spool Size (MiB)", or serve the file with a Content-Length so it is streamed without spooling.',
		);
	const watch = watchStream(first.body, settings.spoolCapBytes, capError);
	let spool: IBinaryData;
	try {
		spool = await ctx.helpers.prepareBinaryData(first.body as unknown as Buffer, fileName, contentType);
	} catch (error) {
		discardBody(first.body);
		if (watch.capped) throw capError();
		if (watch.error) throw brokenSource(watch.error);
		throw asNodeError(ctx, error, itemIndex);
	}
	if (watch.capped) throw capError();
	if (watch.error) throw brokenSource(watch.error);
	if (!settings.allowNonMedia) refuseNonMedia(ctx, settings, first.url, sourceType, fileName, await spoolHead(ctx, spool));
	const size = spool.id ? Number((await ctx.helpers.getBinaryMetadata(spool.id)).fileSize) : Buffer.byteLength(spool.data ?? '', 'base64');
	if (!Number.isFinite(size) || size <= 0) throw emptySource();
	const response = await upload({
		length: size,
		// Re-opened for each attempt (only ever after a 429).
		open: async () => (spool.id ? await ctx.helpers.getBinaryStream(spool.id, SPOOL_CHUNK_BYTES) : Buffer.from(spool.data ?? '', 'base64')),
	});
	return { response, fileName, contentType, bytes: size, mode: 'spooled' };
}
