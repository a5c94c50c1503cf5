/**
 * The one place the TrustNXT node talks HTTP. TrustNXT publishes how keys work and that Protect
 * and Inspect are billed per call, but not its REST paths or bodies; everything this pack had to
 * assume ([modeled] in the wire contract) lives in this file and nowhere
 * else: the default host, the paths, the multipart part names, the metadata fields, the asset-id
 * header, the report and usage shapes, the verdicts and what each status code means. A
 * correction learned from a real account changes this file only.
 */
import type { IDataObject, IExecuteFunctions, IHttpRequestMethods, IHttpRequestOptions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { BinaryInput, BinaryStream } from '../../shared/binary';
import { buildApiError, extractErrorText } from '../../shared/errors';
import type { MultipartTextPart, StreamedFileReport } from '../../shared/multipart';
import { layoutMultipart, multipartBuffer, multipartStream } from '../../shared/multipart';
import type { HttpResponse, SendOutcome } from '../../shared/request';
import { headerValue, sendWithRetry } from '../../shared/request';
import { Sha256, sha256Hex } from '../../shared/sha256';

export const CREDENTIAL_TYPE = 'trustNxtApi';

// ---------------------------------------------------------------------------------------------
// The modeled wire contract

/** [modeled] The real host is not public; the credential's Base URL overrides it. */
export const DEFAULT_BASE_URL = 'https://api.trustnxt.com';

/** [modeled] Paths relative to the Base URL. */
const PATHS = {
	usage: '/v1/usage',
	protect: '/v1/protect',
	inspect: '/v1/inspect',
} as const;

/** [modeled] multipart part names. */
const FILE_PART = 'file';
const METADATA_PART = 'metadata';

/** [modeled] Header carrying the id of a protected asset. */
const ASSET_ID_HEADER = 'x-trustnxt-asset-id';

/** [modeled from observed library support] What Protect and Inspect accept. */
export const SUPPORTED_MEDIA = 'JPEG, PNG, HEIC/HEIF, AVIF, MP3 and MP4';

/** [modeled] Inspect's verdicts and what each means, in the words the node outputs. */
export const VERDICTS: Record<string, string> = {
	trusted: 'The Trust Label is intact and its signer chains to a trusted root',
	valid: 'The Trust Label is intact, but its signer is not on the trust list',
	invalid: 'A check failed: the file or its Trust Label changed after signing, or the label is damaged',
	no_credentials: 'The file carries no Trust Label',
};

const KEY_PREFIX = 'tnxt_live_';

// ---------------------------------------------------------------------------------------------
// Connection (credential)

export interface TrustNxtConnection {
	baseUrl: string;
	host: string;
	/** Values that must never appear in an output or error. */
	secrets: string[];
	/** Whether the credential has an API Secret: decides the advice after a 401. */
	hasSecret: boolean;
	/** Set when the Base URL sends the key unencrypted to another machine. */
	insecureWarning?: string;
	/** Set when the key does not look like a documented live key (never a reason to refuse it). */
	keyWarning?: string;
}

const LOOPBACK_HOSTS = /^(localhost|127(?:\.\d{1,3}){3}|\[::1\]|::1|[^.]+\.localhost)$/i;

/** Trims, drops trailing slashes and checks that the Base URL is an http(s) URL. */
export function normaliseBaseUrl(ctx: IExecuteFunctions, raw: unknown): { baseUrl: string; url: URL } {
	const text = String(raw ?? '').trim().replace(/\/+$/, '') || DEFAULT_BASE_URL;
	let url: URL;
	try {
		url = new URL(text);
	} catch {
		throw new NodeOperationError(ctx.getNode(), 'The TrustNXT credential\'s "Base URL" is not a URL', {
			description: `"Base URL" must be an absolute URL such as ${DEFAULT_BASE_URL}. It is "${text}". Open the credential and correct it.`,
		});
	}
	if (url.protocol !== 'https:' && url.protocol !== 'http:') {
		throw new NodeOperationError(ctx.getNode(), 'The TrustNXT credential\'s "Base URL" must start with https:// (or http:// for a local test server)', {
			description: `"${text}" uses ${url.protocol}`,
		});
	}
	if (url.search || url.hash) {
		throw new NodeOperationError(ctx.getNode(), 'The TrustNXT credential\'s "Base URL" must not contain "?" or "#"', {
			description: `Enter only the origin (and a path prefix if a gateway needs one), for example ${DEFAULT_BASE_URL}. It is "${text}".`,
		});
	}
	return { baseUrl: text, url };
}

const connections = new WeakMap<object, TrustNxtConnection>();

/** Reads the credential once per node run: where to send requests and which values to redact. */
export async function getConnection(ctx: IExecuteFunctions): Promise<TrustNxtConnection> {
	const cached = connections.get(ctx);
	if (cached) return cached;
	const credentials = await ctx.getCredentials(CREDENTIAL_TYPE);
	const apiKey = String(credentials.apiKey ?? '').trim();
	const apiSecret = String(credentials.apiSecret ?? '').trim();
	const { baseUrl, url } = normaliseBaseUrl(ctx, credentials.baseUrl);
	const connection: TrustNxtConnection = { baseUrl, host: url.host, secrets: [apiKey, apiSecret].filter(Boolean), hasSecret: Boolean(apiSecret) };
	if (url.protocol === 'http:' && !LOOPBACK_HOSTS.test(url.hostname)) {
		connection.insecureWarning = `The credential's "Base URL" uses http:// to ${url.host}: the API key, the secret and your files travel unencrypted. Use https:// unless this is a test server on a trusted network.`;
	}
	if (apiKey && !apiKey.startsWith(KEY_PREFIX)) {
		connection.keyWarning = `The API key does not start with "${KEY_PREFIX}" like TrustNXT's live keys. Test or sandbox keys are fine; if TrustNXT answers 401, check that the API Key field holds the key, not the secret.`;
	}
	// Shown in the output pane, not raised: both are worth knowing but neither is a reason to stop.
	const hints = [connection.insecureWarning, connection.keyWarning].filter((text): text is string => Boolean(text));
	if (hints.length && typeof ctx.addExecutionHints === 'function') {
		ctx.addExecutionHints(...hints.map((message) => ({ message, type: 'warning' as const, location: 'outputPane' as const })));
	}
	connections.set(ctx, connection);
	return connection;
}

// ---------------------------------------------------------------------------------------------
// Requests and errors

export type Operation = 'protect' | 'inspect' | 'usage';

const OPERATION_LABEL: Record<Operation, string> = { protect: 'Protect', inspect: 'Inspect', usage: 'Usage' };

interface TrustNxtRequest {
	operation: Operation;
	method: IHttpRequestMethods;
	path: string;
	itemIndex: number;
	timeoutMs: number;
	/** Called before every attempt; returns the body and its headers, opened afresh. */
	body?: (attempt: number) => Promise<{ body: unknown; headers: Record<string, string> }>;
	/** Read the successful response as a stream (Protect's file) instead of parsing it. */
	stream?: boolean;
	/** Facts for error messages. */
	file?: { fileName: string; mimeType: string; size: number };
}

const MAX_ERROR_BODY_BYTES = 64 * 1024;

/** The start of a streamed error body, enough for its message; the rest is thrown away. */
async function readErrorBody(body: unknown): Promise<Buffer | undefined> {
	const stream = body as (AsyncIterable<Buffer> & { destroy?: () => void }) | undefined;
	if (!stream || typeof (stream as AsyncIterable<Buffer>)[Symbol.asyncIterator] !== 'function') return undefined;
	const chunks: Buffer[] = [];
	let length = 0;
	try {
		for await (const chunk of stream) {
			const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk);
			chunks.push(buffer);
			length += buffer.length;
			if (length >= MAX_ERROR_BODY_BYTES) break;
		}
	} catch {
		// A body cut short still says what it said so far.
	} finally {
		stream.destroy?.();
	}
	return Buffer.concat(chunks);
}

function megabytes(bytes: number): string {
	return `${(bytes / (1024 * 1024)).toFixed(bytes < 10 * 1024 * 1024 ? 1 : 0)} MB`;
}

const KEYS_PAGE = 'https://developer.trustnxt.com/docs/api-keys';

/**
 * What to check after a failure where TrustNXT may have processed (and billed) the call: the
 * node never sends it again by itself, and running it again would bill a second call.
 */
const MAY_HAVE_BEEN_BILLED: Record<'protect' | 'inspect', string> = {
	protect:
		'TrustNXT may have protected the file, and billed the call, before the failure, so the node did not send it again. Check Usage → Get first: if "protectCalls" went up, this call was billed, and running the item again protects (and bills) the file once more.',
	inspect:
		'TrustNXT may have inspected the file, and billed the call, before the failure, so the node did not send it again. Check Usage → Get first: if "inspectCalls" went up, this call was billed, and running the item again bills another inspection.',
};

/** The advice after a failure that may have been processed: reads may simply be repeated. */
function afterPossibleProcessing(operation: Operation, readAdvice: string): string {
	return operation === 'usage' ? readAdvice : MAY_HAVE_BEEN_BILLED[operation];
}

function describe401(connection: TrustNxtConnection, apiText: string | undefined): string {
	const asksForSecret = /secret/i.test(apiText ?? '');
	let advice: string;
	if (!connection.hasSecret && asksForSecret) {
		advice = `TrustNXT asks for an API secret and the credential has none. Open the TrustNXT credential and paste the key's secret into "API Secret" (it is shown once, when the key is created at ${KEYS_PAGE}; lost it? create a new key and enter both).`;
	} else if (!connection.hasSecret) {
		advice = `TrustNXT did not accept the API key: it may be mistyped or revoked. Create a key at ${KEYS_PAGE} and update the credential's "API Key"; if the key came with a secret, paste it into "API Secret" as well.`;
	} else {
		advice = `TrustNXT did not accept the API key, or the API Secret does not belong to it. Keys can be revoked. Check that "API Key" and "API Secret" are from the same key, or create a key at ${KEYS_PAGE} (key and secret are shown once) and update both fields.`;
	}
	return [advice, connection.keyWarning ?? ''].filter(Boolean).join(' ');
}

function describeStatus(status: number, request: TrustNxtRequest, connection: TrustNxtConnection, outcome: SendOutcome, apiText?: string): string {
	switch (status) {
		case 400:
			return 'TrustNXT refused the request as malformed (for example an empty file or metadata it cannot read).';
		case 401:
			return describe401(connection, apiText);
		case 403:
			return 'TrustNXT refused this key for this operation. Check the key\'s permissions in the TrustNXT developer portal.';
		case 404:
			return `TrustNXT has no ${request.path} at ${connection.baseUrl}. Check the credential's "Base URL": it is the API origin (such as ${DEFAULT_BASE_URL}), without /v1.`;
		case 413:
			return `The file${request.file ? ` "${request.file.fileName}" (${megabytes(request.file.size)})` : ''} is larger than your TrustNXT plan allows. The node never shrinks or re-encodes files (that would break a Trust Label): send a smaller original, or ask TrustNXT for a plan with a higher size limit.`;
		case 415:
			return `TrustNXT supports ${SUPPORTED_MEDIA}.${request.file ? ` This file ("${request.file.fileName}") has the type ${request.file.mimeType}.` : ''} Convert it to a supported format before protecting it, or check that "Input Binary Field" names the file you mean.`;
		case 429:
			return `TrustNXT is rate limiting this key; the node waited and sent the request again ${outcome.rateLimitRetries} times (a 429 means it was not processed, so nothing was billed twice). Run the workflow later or space the items out (Loop Over Items with a Wait node).`;
		default:
			if (status === 503 && outcome.response && headerValue(outcome.response.headers, 'retry-after') !== undefined) {
				// TrustNXT says a 503 with Retry-After was not processed, so nothing was billed.
				return `TrustNXT is unavailable and asked to be called later (Retry-After); the call was not processed or billed${outcome.attempts > 1 ? ` in any of the ${outcome.attempts} attempts` : ''}. Run the workflow again later.`;
			}
			if (status >= 500) {
				return `TrustNXT or a gateway in front of it failed. ${afterPossibleProcessing(request.operation, 'This is usually temporary: run the workflow again later.')}`;
			}
			return '';
	}
}

function describeNetwork(outcome: SendOutcome, request: TrustNxtRequest, connection: TrustNxtConnection): { message: string; description: string } {
	const code = outcome.networkCode ?? 'EUNKNOWN';
	const host = connection.host;
	const billed = request.operation !== 'usage';
	if (code === 'ECONNABORTED' || code === 'ETIMEDOUT' || code === 'ESOCKETTIMEDOUT') {
		return {
			message: `TrustNXT did not answer in time (${host})`,
			description: `Nothing arrived for ${Math.round(request.timeoutMs / 1000)} s. Raise "Timeout (Seconds)" under Options for large files.${billed ? ` ${afterPossibleProcessing(request.operation, '')}` : ''}`,
		};
	}
	if (code === 'ECONNREFUSED') {
		return {
			message: `Could not connect to TrustNXT (${host}): connection refused`,
			description: `Nothing was sent, so nothing was billed. Check the credential's "Base URL" (${connection.baseUrl}) and the network between n8n and TrustNXT.`,
		};
	}
	if (code === 'ECONNRESET' || code === 'EPIPE') {
		return {
			message: `The connection to TrustNXT (${host}) broke off`,
			description: `The connection closed before the answer was complete. ${afterPossibleProcessing(request.operation, 'Try again.')}`,
		};
	}
	if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') {
		return {
			message: `Could not find the TrustNXT host ${host}`,
			description: `The name does not resolve. Check the credential's "Base URL" (${connection.baseUrl}).`,
		};
	}
	// An unknown transport failure may have happened after the request arrived.
	return { message: `Could not reach TrustNXT (${host}): ${code}`, description: `${outcome.networkMessage ?? ''}${billed ? ` ${afterPossibleProcessing(request.operation, '')}` : ''}`.trim() };
}

/** Adds the Base URL warning to an error's description, where it may explain the failure. */
function withWarning(description: string, connection: TrustNxtConnection): string {
	return [description, connection.insecureWarning].filter(Boolean).join(' ');
}

/**
 * Sends one request with the TrustNXT credential and returns its 2xx response. Protect and
 * Inspect are "billed": sent again only when TrustNXT provably did not process them (429,
 * refused connection, 503 with Retry-After). Every failure becomes a NodeApiError built from
 * plain text, with key and secret redacted.
 */
async function trustNxtRequest(ctx: IExecuteFunctions, request: TrustNxtRequest): Promise<HttpResponse> {
	const connection = await getConnection(ctx);
	const url = `${connection.baseUrl}${request.path}`;
	const billed = request.operation !== 'usage';
	const outcome = await sendWithRetry(
		ctx,
		async (attempt) => {
			const options: IHttpRequestOptions = {
				method: request.method,
				url,
				headers: { accept: request.stream ? '*/*' : 'application/json' },
				timeout: request.timeoutMs,
			};
			if (request.body) {
				const { body, headers } = await request.body(attempt);
				options.body = body as IDataObject;
				options.headers = { ...options.headers, ...headers };
			}
			if (request.stream) options.encoding = 'stream';
			return options;
		},
		{ credentialType: CREDENTIAL_TYPE, resend: billed ? 'billed' : 'idempotent', unavailableWithRetryAfterIsNotProcessed: true },
	);
	const label = OPERATION_LABEL[request.operation];
	if (!outcome.response) {
		const { message, description } = describeNetwork(outcome, request, connection);
		throw buildApiError(ctx.getNode(), {
			message: `${label}: ${message}`,
			description: withWarning(description, connection),
			itemIndex: request.itemIndex,
			secrets: connection.secrets,
		});
	}
	const { response } = outcome;
	const status = response.statusCode;
	if (status >= 200 && status < 300) return response;

	const body = request.stream ? await readErrorBody(response.body) : response.body;
	if (status >= 300 && status < 400) {
		const location = headerValue(response.headers, 'location') ?? '(no location)';
		throw buildApiError(ctx.getNode(), {
			message: `${label}: TrustNXT answered with a redirect (HTTP ${status}) that the node does not follow`,
			description: withWarning(
				`The request to ${connection.host} was redirected to ${location}. Redirects are not followed because the API key would travel with them. Put the final address in the credential's "Base URL".`,
				connection,
			),
			httpCode: status,
			itemIndex: request.itemIndex,
			secrets: connection.secrets,
		});
	}
	const apiText = extractErrorText(body);
	if (status === 402) {
		const reset = await describeUsageReset(ctx, request);
		throw buildApiError(ctx.getNode(), {
			message: `${label}: the TrustNXT usage limit of this billing period is used up (HTTP 402)`,
			description: [
				apiText ? `TrustNXT says: ${apiText}.` : '',
				`Every Protect and Inspect call counts toward your plan's limit for the billing period; no more ${label} calls are accepted until it resets.`,
				reset,
				'Usage → Get shows the counts and limits. Raise the limit with TrustNXT or wait for the next period.',
			]
				.filter(Boolean)
				.join(' '),
			httpCode: status,
			itemIndex: request.itemIndex,
			secrets: connection.secrets,
		});
	}
	throw buildApiError(ctx.getNode(), {
		message: `${label}: TrustNXT answered HTTP ${status}${apiText ? ` – ${apiText}` : ''}`,
		description: withWarning(describeStatus(status, request, connection, outcome, apiText), connection),
		httpCode: status,
		itemIndex: request.itemIndex,
		secrets: connection.secrets,
	});
}

/**
 * When the limit resets, asked from the usage endpoint (free); a general sentence if that fails.
 * Counts are quoted only when they agree with the 402 (calls at or past the limit): a counter
 * that shows room left would contradict the refusal, so that is said instead of the figures.
 */
async function describeUsageReset(ctx: IExecuteFunctions, request: TrustNxtRequest): Promise<string> {
	try {
		const usage = await getUsage(ctx, request.itemIndex, Math.min(request.timeoutMs, 15_000));
		if (typeof usage.periodEnd === 'string' && usage.periodEnd) {
			const protect = request.operation === 'protect';
			const calls = protect ? usage.protectCalls : usage.inspectCalls;
			const limit = protect ? usage.protectLimit : usage.inspectLimit;
			const label = protect ? 'Protect' : 'Inspect';
			const period = `This period (${String(usage.periodStart ?? '?')} to ${usage.periodEnd})`;
			const agrees = calls !== null && limit !== null && calls >= limit;
			const counts = agrees
				? `${period} has used ${String(calls)} of ${String(limit)} ${label} calls`
				: `${period}: TrustNXT's usage counter (Usage → Get) does not show the ${label} limit as reached, so its figures are left out here; they may lag behind, and if this lasts, ask TrustNXT which limit applies`;
			return `${counts}; the limit resets after ${usage.periodEnd}.`;
		}
	} catch {
		// The reset date is a courtesy; the 402 itself is the error to report.
	}
	return 'The limit resets at the start of the next billing period (billing is monthly).';
}

/** A body that should be JSON, parsed; a clear error when it is not. */
function parseJson(ctx: IExecuteFunctions, body: unknown, what: string, itemIndex: number): unknown {
	let value = body;
	if (Buffer.isBuffer(value)) value = value.toString('utf8');
	if (typeof value !== 'string') return value;
	const text = value.trim();
	try {
		if (!text) throw new Error('empty');
		return JSON.parse(text);
	} catch {
		throw new NodeOperationError(ctx.getNode(), `TrustNXT sent ${text ? 'an answer that is not JSON' : 'an empty answer'} for ${what}`, {
			itemIndex,
			description: text ? `It began with: ${text.slice(0, 80)}` : 'Expected JSON. Check the credential\'s "Base URL" points at the TrustNXT API.',
		});
	}
}

function asRecord(value: unknown): IDataObject {
	return value && typeof value === 'object' && !Array.isArray(value) ? (value as IDataObject) : {};
}

function textOrNull(value: unknown): string | null {
	return typeof value === 'string' && value ? value : null;
}

function countOrNull(value: unknown): number | null {
	return typeof value === 'number' && Number.isFinite(value) ? value : null;
}

// ---------------------------------------------------------------------------------------------
// Usage

export interface Usage extends IDataObject {
	periodStart: string | null;
	periodEnd: string | null;
	protectCalls: number | null;
	protectLimit: number | null;
	protectRemaining: number | null;
	inspectCalls: number | null;
	inspectLimit: number | null;
	inspectRemaining: number | null;
	/** True when TrustNXT sets no limit on Protect calls (then the limit and remaining are null). */
	protectUnlimited: boolean;
	/** True when TrustNXT sets no limit on Inspect calls (then the limit and remaining are null). */
	inspectUnlimited: boolean;
}

/** [modeled] `GET /v1/usage`, flattened; a `null` limit means no limit. */
export async function getUsage(ctx: IExecuteFunctions, itemIndex: number, timeoutMs: number): Promise<Usage> {
	const response = await trustNxtRequest(ctx, { operation: 'usage', method: 'GET', path: PATHS.usage, itemIndex, timeoutMs });
	const report = asRecord(parseJson(ctx, response.body, 'the usage', itemIndex));
	const period = asRecord(report.period);
	const limit = asRecord(report.limit);
	const protectCalls = countOrNull(report.protectCalls);
	const inspectCalls = countOrNull(report.inspectCalls);
	const protectLimit = countOrNull(limit.protectCalls);
	const inspectLimit = countOrNull(limit.inspectCalls);
	const remaining = (calls: number | null, max: number | null) => (calls === null || max === null ? null : Math.max(0, max - calls));
	return {
		periodStart: textOrNull(period.start),
		periodEnd: textOrNull(period.end),
		protectCalls,
		protectLimit,
		protectRemaining: remaining(protectCalls, protectLimit),
		inspectCalls,
		inspectLimit,
		inspectRemaining: remaining(inspectCalls, inspectLimit),
		// [modeled] A limit that is null or absent means the plan has none for that call.
		protectUnlimited: protectLimit === null,
		inspectUnlimited: inspectLimit === null,
	};
}

// ---------------------------------------------------------------------------------------------
// Sending a file (Protect, Inspect)

interface UploadAttempt {
	hasher?: Sha256;
	report?: StreamedFileReport;
	streams: Array<{ destroy?: () => void }>;
}

interface UploadState {
	/** SHA-256 of the file when it was in memory (computed once, not per attempt). */
	bufferSha256?: string;
	current?: UploadAttempt;
}

function closeAttempt(attempt: UploadAttempt | undefined): void {
	// The HTTP client does not always consume or close a body it gave up on; an open file
	// stream would hold a file handle until the process ends.
	for (const stream of attempt?.streams ?? []) stream.destroy?.();
}

/**
 * The multipart body for one attempt. A file in memory is concatenated; a file on disk is
 * streamed between the fixed head and tail (and hashed chunk by chunk on its way out when
 * checksums are asked for).
 */
async function assetBody(input: BinaryInput, textParts: MultipartTextPart[], state: UploadState, checksum: boolean): Promise<{ body: unknown; headers: Record<string, string> }> {
	closeAttempt(state.current);
	const layout = layoutMultipart(textParts, { name: FILE_PART, fileName: input.fileName, contentType: input.mimeType, size: input.size });
	const headers = { 'content-type': layout.contentType, 'content-length': String(layout.contentLength) };
	const opened = await input.open();
	if (Buffer.isBuffer(opened)) {
		if (checksum) state.bufferSha256 ??= sha256Hex(opened);
		state.current = { streams: [] };
		return { body: multipartBuffer(layout, opened), headers };
	}
	const hasher = checksum ? new Sha256() : undefined;
	const report: StreamedFileReport = { bytes: 0 };
	const body = multipartStream(layout, opened, hasher ? (chunk) => hasher.update(chunk) : undefined, report);
	if (!body) {
		// Not a Node stream (another storage backend): read it into memory instead.
		const chunks: Buffer[] = [];
		for await (const chunk of opened as AsyncIterable<Buffer>) chunks.push(Buffer.from(chunk));
		const buffer = Buffer.concat(chunks);
		if (checksum) state.bufferSha256 = sha256Hex(buffer);
		state.current = { streams: [] };
		return { body: multipartBuffer(layout, buffer), headers };
	}
	state.current = { hasher, report, streams: [opened as { destroy?: () => void }, body as { destroy?: () => void }] };
	return { body, headers };
}

/** SHA-256 of the file as sent: from the upload itself, or (if that was cut short) read again. */
async function uploadedSha256(input: BinaryInput, state: UploadState): Promise<string> {
	// Only called when the user asked for checksums.
	if (state.bufferSha256) return state.bufferSha256;
	const attempt = state.current;
	if (attempt?.hasher && attempt.report && attempt.report.bytes === input.size) return attempt.hasher.hex();
	const hasher = new Sha256();
	const opened = await input.open();
	if (Buffer.isBuffer(opened)) return hasher.update(opened).hex();
	for await (const chunk of opened as AsyncIterable<Buffer>) hasher.update(chunk);
	return hasher.hex();
}

interface AssetRequest {
	input: BinaryInput;
	itemIndex: number;
	timeoutMs: number;
	/**
	 * Whether to compute the file's SHA-256 as it is sent. Off unless asked for: shipped code
	 * cannot use Node's native hashing, and the pure JavaScript hash (about 100 MB/s) took more
	 * time than the network in the Protect + Inspect benchmark.
	 */
	checksum: boolean;
}

async function sendAsset(
	ctx: IExecuteFunctions,
	operation: 'protect' | 'inspect',
	{ input, itemIndex, timeoutMs, checksum }: AssetRequest,
	textParts: MultipartTextPart[],
): Promise<{ response: HttpResponse; originalSha256?: string }> {
	const state: UploadState = {};
	try {
		const response = await trustNxtRequest(ctx, {
			operation,
			method: 'POST',
			path: PATHS[operation],
			itemIndex,
			timeoutMs,
			body: async () => await assetBody(input, textParts, state, checksum),
			stream: operation === 'protect',
			file: { fileName: input.fileName, mimeType: input.mimeType, size: input.size },
		});
		return { response, originalSha256: checksum ? await uploadedSha256(input, state) : undefined };
	} finally {
		closeAttempt(state.current);
	}
}

/** [modeled] What Protect may record with the asset; only the fields the user set are sent. */
export interface ProtectMetadata {
	title?: string;
	creator?: string;
	doNotTrain?: boolean;
}

export interface ProtectResult {
	assetId: string | null;
	/** The protected file as it arrives: a stream, to be stored without any change. */
	body: BinaryStream;
	contentType?: string;
	/** Announced size of the protected file, when the server said. */
	contentLength?: number;
	/** Only when checksums were asked for. */
	originalSha256?: string;
}

/** [modeled] `POST /v1/protect`: multipart `metadata` (JSON, optional) and `file`; the body is the protected file. */
export async function protectAsset(ctx: IExecuteFunctions, request: AssetRequest, metadata: ProtectMetadata): Promise<ProtectResult> {
	// The wire names are spelled out here, so a correction to them stays in this file.
	const wire: IDataObject = {};
	if (metadata.title !== undefined) wire.title = metadata.title;
	if (metadata.creator !== undefined) wire.creator = metadata.creator;
	if (metadata.doNotTrain !== undefined) wire.doNotTrain = metadata.doNotTrain;
	const parts: MultipartTextPart[] = [];
	if (Object.keys(wire).length) parts.push({ name: METADATA_PART, value: JSON.stringify(wire), contentType: 'application/json' });
	const { response, originalSha256 } = await sendAsset(ctx, 'protect', request, parts);
	const length = Number(headerValue(response.headers, 'content-length'));
	return {
		assetId: textOrNull(headerValue(response.headers, ASSET_ID_HEADER)),
		body: response.body as BinaryStream,
		contentType: headerValue(response.headers, 'content-type'),
		contentLength: Number.isSafeInteger(length) && length >= 0 ? length : undefined,
		originalSha256,
	};
}

export interface InspectFailure extends IDataObject {
	code: string;
	explanation: string | null;
}

export interface InspectReport {
	assetId: string | null;
	verdict: string;
	hasCredentials: boolean;
	signer: string | null;
	signerIssuer: string | null;
	signedAt: string | null;
	signatureAlgorithm: string | null;
	claimGenerator: string | null;
	assertions: string[];
	failures: InspectFailure[];
	validationState: string | null;
	manifestStore: IDataObject | null;
	/** Only when checksums were asked for. */
	originalSha256?: string;
}

/** Failure entries of the manifest store's validation results, by code, for their explanations. */
function manifestFailures(store: IDataObject): Map<string, string> {
	const explanations = new Map<string, string>();
	const results = asRecord(store.validation_results);
	const groups = [asRecord(results.activeManifest), ...(Array.isArray(results.ingredientDeltas) ? results.ingredientDeltas.map((delta) => asRecord(asRecord(delta).validationDeltas)) : [])];
	for (const group of groups) {
		for (const entry of Array.isArray(group.failure) ? group.failure : []) {
			const record = asRecord(entry);
			if (typeof record.code === 'string' && typeof record.explanation === 'string' && !explanations.has(record.code)) {
				explanations.set(record.code, record.explanation);
			}
		}
	}
	// Older readers put the failures in a flat `validation_status` list.
	for (const entry of Array.isArray(store.validation_status) ? store.validation_status : []) {
		const record = asRecord(entry);
		if (typeof record.code === 'string' && typeof record.explanation === 'string' && !explanations.has(record.code)) {
			explanations.set(record.code, record.explanation);
		}
	}
	return explanations;
}

/** [modeled] `POST /v1/inspect`: multipart `file`; the body is the report, read defensively. */
export async function inspectAsset(ctx: IExecuteFunctions, request: AssetRequest): Promise<InspectReport> {
	const { response, originalSha256 } = await sendAsset(ctx, 'inspect', request, []);
	const report = asRecord(parseJson(ctx, response.body, 'the inspection', request.itemIndex));
	const verdict = textOrNull(report.verdict);
	if (!verdict) {
		throw new NodeOperationError(ctx.getNode(), 'TrustNXT sent an inspection report without a verdict', {
			itemIndex: request.itemIndex,
			description: `The call was billed. The report had these fields: ${Object.keys(report).join(', ') || '(none)'}.`,
		});
	}
	const summary = asRecord(report.summary);
	const signer = asRecord(summary.signer);
	const store = report.manifestStore && typeof report.manifestStore === 'object' ? (report.manifestStore as IDataObject) : null;
	const explanations = store ? manifestFailures(store) : new Map<string, string>();
	const failureEntries = Array.isArray(summary.failures) ? summary.failures : [];
	const failures: InspectFailure[] = [];
	for (const entry of failureEntries) {
		const code = typeof entry === 'string' ? entry : textOrNull(asRecord(entry).code);
		if (!code || failures.some((failure) => failure.code === code)) continue;
		const own = typeof entry === 'object' ? textOrNull(asRecord(entry).explanation) : null;
		failures.push({ code, explanation: own ?? explanations.get(code) ?? null });
	}
	// A report whose summary lists no failures but whose manifest store does: trust the store.
	for (const [code, explanation] of explanations) {
		if (!failures.some((failure) => failure.code === code)) failures.push({ code, explanation });
	}
	const assertions = (Array.isArray(summary.assertions) ? summary.assertions : [])
		.map((entry) => (typeof entry === 'string' ? entry : textOrNull(asRecord(entry).label)))
		.filter((label): label is string => Boolean(label));
	return {
		assetId: textOrNull(report.assetId),
		verdict,
		hasCredentials: typeof summary.hasCredentials === 'boolean' ? summary.hasCredentials : verdict !== 'no_credentials',
		signer: textOrNull(signer.commonName) ?? textOrNull(signer.name),
		signerIssuer: textOrNull(signer.issuer),
		signedAt: textOrNull(signer.time),
		signatureAlgorithm: textOrNull(signer.alg),
		claimGenerator: textOrNull(summary.claimGenerator),
		assertions,
		failures,
		validationState: store ? textOrNull(store.validation_state) : null,
		manifestStore: store,
		originalSha256,
	};
}
