/**
 * The client core both APIs' transports are built on. What is the same for Trint and TrustNXT
 * lives here once: the per-run connection cache, checking a base URL, sending with the retry
 * policy of the call (see `sendWithRetry`), refusing redirects, reading JSON answers, and the
 * wording of network failures. What differs stays in each transport: its credential and hosts,
 * its endpoints, and its advice per status and per kind of call.
 */
import type { IDataObject, IHttpRequestMethods, IHttpRequestOptions, INode } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { HttpFailure } from './errors';
import { buildApiError, extractErrorText } from './errors';
import type { HttpResponse, RequestCapableContext, ResendPolicy, SendOutcome } from './request';
import { headerValue, sendWithRetry } from './request';

// ---------------------------------------------------------------------------------------------
// Per-run connection cache

/**
 * Connections read from credentials, keyed by the node run's own context object: an entry lives
 * exactly as long as that run, so nothing is shared between executions, workflows or workers.
 */
const connections = new WeakMap<object, Map<string, unknown>>();

/**
 * The API's connection for this node run: read from the credential on first use, then reused.
 * The pending read itself is kept, so items processed at once share one read; a read that fails
 * is forgotten, so the next item tries again and reports its own error.
 */
export async function perRunConnection<T>(ctx: object, api: string, read: () => Promise<T>): Promise<T> {
	let perRun = connections.get(ctx);
	if (!perRun) {
		perRun = new Map<string, unknown>();
		connections.set(ctx, perRun);
	}
	const cached = perRun.get(api) as Promise<T> | undefined;
	if (cached !== undefined) return await cached;
	const pending = read();
	perRun.set(api, pending);
	const forget = () => {
		if (perRun.get(api) === pending) perRun.delete(api);
	};
	pending.then(undefined, forget);
	return await pending;
}

// ---------------------------------------------------------------------------------------------
// Base URLs

export interface BaseUrlRules {
	/** The API's name as users know it ("Trint"). */
	api: string;
	/** The credential field the URL comes from. */
	field: string;
	/** The advice when the text is not a URL at all. */
	notAUrl: (text: string) => string;
	/** How the message states the scheme rule ("must use http or https"). */
	schemeRule: string;
	/** When set, a query or fragment is refused with this advice (the API wants an origin). */
	originOnly?: (text: string) => string;
}

/**
 * Trims the URL and drops trailing slashes (paths are appended to it), then checks that it is an
 * http(s) URL: a typo is named in the credential's terms before anything is sent.
 */
export function normaliseBaseUrl(ctx: { getNode(): INode }, raw: unknown, rules: BaseUrlRules, fallback = ''): { baseUrl: string; url: URL } {
	const text = String(raw ?? '').trim().replace(/\/+$/, '') || fallback;
	const subject = `The ${rules.api} credential's "${rules.field}"`;
	let url: URL;
	try {
		url = new URL(text);
	} catch {
		throw new NodeOperationError(ctx.getNode(), `${subject} is not a URL`, { description: rules.notAUrl(text) });
	}
	if (url.protocol !== 'https:' && url.protocol !== 'http:') {
		throw new NodeOperationError(ctx.getNode(), `${subject} ${rules.schemeRule}`, { description: `"${text}" uses ${url.protocol}` });
	}
	if (rules.originOnly && (url.search || url.hash)) {
		throw new NodeOperationError(ctx.getNode(), `${subject} must not contain "?" or "#"`, { description: rules.originOnly(text) });
	}
	return { baseUrl: text, url };
}

// ---------------------------------------------------------------------------------------------
// Reading answers

export type JsonProblem = { kind: 'empty' } | { kind: 'invalid'; start: string };

/**
 * A body that should be JSON, parsed. A body the HTTP client already parsed is returned as it
 * is; an empty or broken one becomes the error the API's transport words for it.
 */
export function parseJsonAnswer(body: unknown, fail: (problem: JsonProblem) => Error): unknown {
	const value = Buffer.isBuffer(body) ? body.toString('utf8') : body;
	if (typeof value !== 'string') return value;
	const text = value.trim();
	if (!text) throw fail({ kind: 'empty' });
	try {
		return JSON.parse(text);
	} catch {
		throw fail({ kind: 'invalid', start: text.slice(0, 80) });
	}
}

/** An object from an answer read defensively: anything else counts as empty. */
export function asRecord(value: unknown): IDataObject {
	return value && typeof value === 'object' && !Array.isArray(value) ? (value as IDataObject) : {};
}

export function textOrNull(value: unknown): string | null {
	return typeof value === 'string' && value ? value : null;
}

export function countOrNull(value: unknown): number | null {
	return typeof value === 'number' && Number.isFinite(value) ? value : null;
}

/** A response body that will not be read: destroying its stream frees the connection. */
export function discardBody(body: unknown): void {
	const stream = body as { destroy?: () => void } | undefined;
	if (stream && typeof stream.destroy === 'function') stream.destroy();
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

// ---------------------------------------------------------------------------------------------
// Failures

/** What the user reads about a failed call. */
export interface FailureText {
	message: string;
	description: string;
}

/** The API's advice per kind of network failure (descriptions; the messages are the core's). */
export interface NetworkAdvice {
	timeout: string;
	refused: string;
	reset: string;
	notFound: string;
	/**
	 * Added to a failure of an unknown kind, which may have happened after the request arrived:
	 * empty for reads, the "check before you repeat" advice for calls that act.
	 */
	mayHaveActed: string;
}

/** A request that got no HTTP answer, named by what the transport failure means for the user. */
export function describeNetworkFailure(api: string, failure: HttpFailure, host: string, advice: NetworkAdvice): FailureText {
	const code = failure.networkCode ?? 'EUNKNOWN';
	if (code === 'ECONNABORTED' || code === 'ETIMEDOUT' || code === 'ESOCKETTIMEDOUT') {
		return { message: `${api} did not answer in time (${host})`, description: advice.timeout };
	}
	if (code === 'ECONNREFUSED') {
		return { message: `Could not connect to ${api} (${host}): connection refused`, description: advice.refused };
	}
	if (code === 'ECONNRESET' || code === 'EPIPE') {
		return { message: `The connection to ${api} (${host}) broke off`, description: advice.reset };
	}
	if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') {
		return { message: `Could not find the ${api} host ${host}`, description: advice.notFound };
	}
	if (code === 'ENOREPLAY') {
		return { message: 'The request could not be sent again', description: failure.networkMessage ?? '' };
	}
	const mayHaveActed = advice.mayHaveActed ? ` ${advice.mayHaveActed}` : '';
	return { message: `Could not reach ${api} (${host}): ${code}`, description: `${failure.networkMessage ?? ''}${mayHaveActed}`.trim() };
}

/**
 * A redirect the client refused. n8n would send the credential on to wherever the redirect
 * points, which could be another host, so no redirect is ever followed.
 */
export function describeRedirect(api: string, status: number, host: string, location: string, travels: string, advice: string): FailureText {
	return {
		message: `${api} answered with a redirect (HTTP ${status}) that the node does not follow`,
		description: `The request to ${host} was redirected to ${location}. Redirects are not followed because ${travels} would travel with them. ${advice}`,
	};
}

/** How one API words each kind of failure of one call. */
export interface FailureAdvice {
	network(failure: SendOutcome, host: string): FailureText;
	redirect(status: number, host: string, location: string): FailureText;
	/** Any other status; `apiText` is the API's own message, when its answer had one. */
	status(status: number, apiText: string | undefined, outcome: SendOutcome): FailureText | Promise<FailureText>;
}

// ---------------------------------------------------------------------------------------------
// Sending

export interface ApiConnection {
	credentialType: string;
	/** Values that must never appear in an output or error. */
	secrets: string[];
}

export interface ApiCall {
	connection: ApiConnection;
	method: IHttpRequestMethods;
	url: string;
	qs?: IDataObject;
	headers: Record<string, string>;
	timeoutMs?: number;
	/** A body that can simply be sent again. */
	body?: unknown;
	/** Called before every attempt to open the body afresh (streamed uploads), with its headers. */
	openBody?: (attempt: number) => Promise<{ body: unknown; headers?: Record<string, string> }>;
	/** Hand the successful answer over as a stream (downloads) instead of reading it. */
	streamed?: boolean;
	/** Whether the call may be sent again; see `ResendPolicy`. */
	resend: ResendPolicy;
	/** The API says a 503 with Retry-After was not processed, so even a billed call may go again. */
	unavailableWithRetryAfterIsNotProcessed?: boolean;
	/** Statuses the caller handles itself instead of getting an error. */
	acceptStatuses?: number[];
	itemIndex?: number;
	advice: FailureAdvice;
}

/** A plain object goes as JSON; bytes and streams (of any kind) go as they are. */
function isJsonBody(body: unknown): boolean {
	if (body === undefined || body === null || typeof body !== 'object' || Buffer.isBuffer(body)) return false;
	return !('pipe' in body) && !(Symbol.asyncIterator in body) && !('getReader' in body);
}

/** Reads and calls that change nothing twice may be repeated; a POST may act, so it is not. */
export function defaultResend(method: IHttpRequestMethods): ResendPolicy {
	return method === 'POST' ? 'billed' : 'idempotent';
}

/**
 * Sends one call with the connection's credential and returns its 2xx answer (or one whose
 * status the caller accepts). Every failure becomes a NodeApiError built from plain text in the
 * API's own words, with the connection's secrets masked.
 */
export async function sendApiCall(ctx: RequestCapableContext, call: ApiCall): Promise<HttpResponse> {
	const { connection } = call;
	const outcome = await sendWithRetry(
		ctx,
		async (attempt) => {
			const opened = call.openBody ? await call.openBody(attempt) : undefined;
			const body = opened ? opened.body : call.body;
			const options: IHttpRequestOptions = {
				method: call.method,
				url: call.url,
				headers: { ...call.headers, ...opened?.headers },
				timeout: call.timeoutMs,
			};
			if (call.qs !== undefined) options.qs = call.qs;
			if (body !== undefined) options.body = body as IDataObject;
			if (isJsonBody(body)) options.json = true;
			if (call.streamed) options.encoding = 'stream';
			return options;
		},
		{ credentialType: connection.credentialType, resend: call.resend, unavailableWithRetryAfterIsNotProcessed: call.unavailableWithRetryAfterIsNotProcessed },
	);
	const host = new URL(call.url).host;
	const fail = (text: FailureText, httpCode?: number) =>
		buildApiError(ctx.getNode(), { ...text, httpCode, itemIndex: call.itemIndex, secrets: connection.secrets });
	if (!outcome.response) throw fail(call.advice.network(outcome, host));
	const { response } = outcome;
	const status = response.statusCode;
	if ((status >= 200 && status < 300) || call.acceptStatuses?.includes(status)) return response;
	// A streamed error body is read only as far as its message, and always closed.
	const errorBody = call.streamed ? await readErrorBody(response.body) : response.body;
	if (status >= 300 && status < 400) {
		throw fail(call.advice.redirect(status, host, headerValue(response.headers, 'location') ?? '(no location)'), status);
	}
	throw fail(await call.advice.status(status, extractErrorText(errorBody), outcome), status);
}
