import type { IDataObject, IHttpRequestOptions, INode } from 'n8n-workflow';
import { NodeOperationError, sleep } from 'n8n-workflow';

import { noteRateLimited } from './rateLimits';
import { backoffDelay, rateLimitDelay } from './retry';

/** Any n8n context that can make authenticated requests (execute, load options, hooks, polls). */
export interface RequestCapableContext {
	getNode(): INode;
	helpers: {
		httpRequestWithAuthentication(credentialsType: string, requestOptions: IHttpRequestOptions): Promise<unknown>;
		httpRequest(requestOptions: IHttpRequestOptions): Promise<unknown>;
	};
}

export interface HttpResponse {
	statusCode: number;
	headers: Record<string, unknown>;
	body: unknown;
}

/**
 * When a request may be sent again.
 * - `idempotent`: the call has no side effect that a repeat could double (reads, callback
 *   registration). Retried on 429, on 502/503/504 and on network failures.
 * - `billed`: the server may act on the request (upload, Protect, Inspect). Sent again only when
 *   the server provably did not process it: a 429, a refused connection, or (where the API says so)
 *   a 503 that carries Retry-After.
 */
export type ResendPolicy = 'idempotent' | 'billed';

export interface SendOptions {
	credentialType?: string;
	resend: ResendPolicy;
	/** 503 with Retry-After counts as "not processed" for billed calls of this API. */
	unavailableWithRetryAfterIsNotProcessed?: boolean;
	maxRateLimitRetries?: number;
	/** Total attempts for transient failures of idempotent calls. */
	maxTransientAttempts?: number;
}

export interface SendOutcome {
	response?: HttpResponse;
	/** Set when no HTTP response came back at all. */
	networkCode?: string;
	networkMessage?: string;
	/** How many times a 429 was answered by waiting and sending again. */
	rateLimitRetries: number;
	attempts: number;
}

const TRANSIENT_STATUSES = new Set([502, 503, 504]);
const TRANSIENT_NETWORK_CODES = new Set([
	'ECONNREFUSED',
	'ECONNRESET',
	'ETIMEDOUT',
	'ECONNABORTED',
	'EPIPE',
	'EAI_AGAIN',
	'ENOTFOUND',
	'ESOCKETTIMEDOUT',
	'ERR_SOCKET_CONNECTION_TIMEOUT',
]);

function networkCodeOf(error: unknown): { code: string; message: string } {
	const codes: string[] = [];
	const messages: string[] = [];
	const candidates: unknown[] = [error];
	const seen = new Set<unknown>();
	while (candidates.length) {
		const current = candidates.shift() as IDataObject | undefined;
		if (!current || typeof current !== 'object' || seen.has(current)) continue;
		seen.add(current);
		if (typeof current.code === 'string') codes.push(current.code);
		if (typeof current.message === 'string') messages.push(current.message);
		candidates.push(current.cause, current.reason, current.error);
	}
	const message = messages[0] ?? String(error);
	const known = codes.find((code) => TRANSIENT_NETWORK_CODES.has(code));
	if (known) return { code: known, message };
	// The HTTP client reports some transport failures by message only (a stream cut short
	// arrives as ERR_BAD_RESPONSE "stream has been aborted").
	const text = messages.join(' | ');
	if (/timeout of \d+ms exceeded|timed out/i.test(text)) return { code: 'ETIMEDOUT', message };
	if (/ECONNREFUSED/.test(text)) return { code: 'ECONNREFUSED', message };
	if (/socket hang up|aborted|ECONNRESET|premature close|EPIPE/i.test(text)) return { code: 'ECONNRESET', message };
	return { code: 'EUNKNOWN', message };
}

/**
 * Sends one logical request, retrying as the resend policy allows. `build` is called for every
 * attempt so that a streamed body can be opened afresh; it may return undefined to say the body
 * cannot be produced again, which stops further attempts.
 *
 * Redirects are never followed here: n8n forwards credentials (and custom auth headers) to the
 * redirect target, which could be another host.
 */
export async function sendWithRetry(
	ctx: RequestCapableContext,
	build: (attempt: number) => Promise<IHttpRequestOptions | undefined>,
	options: SendOptions,
): Promise<SendOutcome> {
	const maxRateLimitRetries = options.maxRateLimitRetries ?? 3;
	const maxTransientAttempts = options.maxTransientAttempts ?? 3;
	let rateLimitRetries = 0;
	let transientFailures = 0;
	let attempt = 0;
	for (;;) {
		const request = await build(attempt);
		attempt++;
		if (!request) {
			return { rateLimitRetries, attempts: attempt - 1, networkCode: 'ENOREPLAY', networkMessage: 'The request body cannot be read a second time' };
		}
		const fullRequest: IHttpRequestOptions = {
			...request,
			returnFullResponse: true,
			ignoreHttpStatusErrors: true,
			disableFollowRedirect: true,
		};
		let response: HttpResponse | undefined;
		let network: { code: string; message: string } | undefined;
		try {
			// n8n's helpers read their execution context from `this`.
			const raw = (options.credentialType
				? await ctx.helpers.httpRequestWithAuthentication.call(ctx, options.credentialType, fullRequest)
				: await ctx.helpers.httpRequest.call(ctx, fullRequest)) as IDataObject;
			response = {
				statusCode: Number(raw.statusCode),
				headers: (raw.headers as Record<string, unknown>) ?? {},
				body: raw.body,
			};
		} catch (error) {
			network = networkCodeOf(error);
			// Anything that is not a transport failure (a bad option, a bug) is not the network's
			// fault and must not be reported as "could not reach".
			// Only the message is kept: the client's error object holds the request, headers included.
			if (network.code === 'EUNKNOWN') {
				throw new NodeOperationError(ctx.getNode(), network.message, {
					description: (error as { description?: string }).description,
				});
			}
		}

		if (response) {
			const status = response.statusCode;
			// Told to the per-item runner, which then lowers its concurrency for the rest of the run.
			if (status === 429) noteRateLimited(ctx);
			if (status === 429 && rateLimitRetries < maxRateLimitRetries) {
				await sleep(rateLimitDelay(response.headers['retry-after'], rateLimitRetries));
				rateLimitRetries++;
				continue;
			}
			const unavailableNotProcessed =
				status === 503 &&
				options.unavailableWithRetryAfterIsNotProcessed === true &&
				response.headers['retry-after'] !== undefined;
			const mayRetryTransient =
				(options.resend === 'idempotent' && TRANSIENT_STATUSES.has(status)) || unavailableNotProcessed;
			if (mayRetryTransient && transientFailures + 1 < maxTransientAttempts) {
				const wait = unavailableNotProcessed
					? rateLimitDelay(response.headers['retry-after'], transientFailures)
					: backoffDelay(transientFailures);
				transientFailures++;
				await sleep(wait);
				continue;
			}
			return { response, rateLimitRetries, attempts: attempt };
		}

		const failure = network as { code: string; message: string };
		// A refused connection means nothing reached the server, so even a billed call may go again.
		const provablyNotSent = failure.code === 'ECONNREFUSED';
		const mayRetry =
			(options.resend === 'idempotent' && TRANSIENT_NETWORK_CODES.has(failure.code)) || provablyNotSent;
		if (mayRetry && transientFailures + 1 < maxTransientAttempts) {
			await sleep(backoffDelay(transientFailures));
			transientFailures++;
			continue;
		}
		return { rateLimitRetries, attempts: attempt, networkCode: failure.code, networkMessage: failure.message };
	}
}

/** Reads a header whatever its case or array form. */
export function headerValue(headers: Record<string, unknown>, name: string): string | undefined {
	const wanted = name.toLowerCase();
	for (const [key, value] of Object.entries(headers)) {
		if (key.toLowerCase() !== wanted) continue;
		if (Array.isArray(value)) return value.length ? String(value[0]) : undefined;
		return value === undefined || value === null ? undefined : String(value);
	}
	return undefined;
}
