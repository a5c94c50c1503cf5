/**
 * TrustNXT on the shared client core: the credential (where to send, what to mask, what to warn
 * about), the request every endpoint goes through, and TrustNXT's own advice after each kind of
 * failure, billed calls first among them.
 */
import type { IExecuteFunctions, IHttpRequestMethods } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { FailureText } from '../../shared/client';
import { describeNetworkFailure, describeRedirect, normaliseBaseUrl, parseJsonAnswer, perRunConnection, sendApiCall } from '../../shared/client';
import { statusFailure } from '../../shared/errors';
import type { HttpResponse, SendOutcome } from '../../shared/request';
import { headerValue } from '../../shared/request';
import type { Operation } from './contract';
import { CREDENTIAL_TYPE, DEFAULT_BASE_URL, KEY_PREFIX, KEYS_PAGE, SUPPORTED_MEDIA } from './contract';

export interface TrustNxtConnection {
	credentialType: string;
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

/** Trims, drops trailing slashes and checks that the Base URL is an http(s) origin. */
export function normaliseTrustNxtBaseUrl(ctx: IExecuteFunctions, raw: unknown): { baseUrl: string; url: URL } {
	return normaliseBaseUrl(
		ctx,
		raw,
		{
			api: 'TrustNXT',
			field: 'Base URL',
			notAUrl: (text) => `"Base URL" must be an absolute URL such as ${DEFAULT_BASE_URL}. It is "${text}". Open the credential and correct it.`,
			schemeRule: 'must start with https:// (or http:// for a local test server)',
			originOnly: (text) => `Enter only the origin (and a path prefix if a gateway needs one), for example ${DEFAULT_BASE_URL}. It is "${text}".`,
		},
		DEFAULT_BASE_URL,
	);
}

async function readConnection(ctx: IExecuteFunctions): Promise<TrustNxtConnection> {
	const credentials = await ctx.getCredentials(CREDENTIAL_TYPE);
	const apiKey = String(credentials.apiKey ?? '').trim();
	const apiSecret = String(credentials.apiSecret ?? '').trim();
	const { baseUrl, url } = normaliseTrustNxtBaseUrl(ctx, credentials.baseUrl);
	const connection: TrustNxtConnection = {
		credentialType: CREDENTIAL_TYPE,
		baseUrl,
		host: url.host,
		secrets: [apiKey, apiSecret].filter(Boolean),
		hasSecret: Boolean(apiSecret),
	};
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
	return connection;
}

/** Reads the credential once per node run: where to send requests and which values to redact. */
export async function getConnection(ctx: IExecuteFunctions): Promise<TrustNxtConnection> {
	return await perRunConnection(ctx, 'trustNxt', async () => await readConnection(ctx));
}

const OPERATION_LABEL: Record<Operation, string> = { protect: 'Protect', inspect: 'Inspect', usage: 'Usage' };

export interface TrustNxtRequest {
	operation: Operation;
	method: IHttpRequestMethods;
	path: string;
	itemIndex: number;
	timeoutMs: number;
	/** Called before every attempt; returns the body and its headers, opened afresh. */
	body?: (attempt: number) => Promise<{ body: unknown; headers: Record<string, string> }>;
	/** Read the successful response as a stream (Protect's file) instead of parsing it. */
	stream?: boolean;
	/** Facts for error messages; `looksLike` is what the file's first bytes say it is. */
	file?: { fileName: string; mimeType: string; size: number; looksLike?: string };
	/** When the usage limit resets, for the advice after a 402 (asked only then). */
	usageReset?: () => Promise<string>;
}

function megabytes(bytes: number): string {
	return `${(bytes / (1024 * 1024)).toFixed(bytes < 10 * 1024 * 1024 ? 1 : 0)} MB`;
}

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
		case 415: {
			// The node's own check found a format TrustNXT should accept (others are refused before
			// sending), so say what the bytes look like rather than repeat the file's label.
			const verb = request.operation === 'inspect' ? 'inspecting' : 'protecting';
			const file = request.file;
			const facts = file ? ` This file ("${file.fileName}", MIME type ${file.mimeType})${file.looksLike ? ` looks like ${file.looksLike} by its first bytes, yet TrustNXT refused it: it may be damaged, or a variant TrustNXT does not take` : ' was refused'}.` : '';
			return `TrustNXT accepts ${SUPPORTED_MEDIA}.${facts} Check the file, or convert it to one of those formats before ${verb} it.`;
		}
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

function describeNetwork(outcome: SendOutcome, request: TrustNxtRequest, connection: TrustNxtConnection): FailureText {
	const billed = request.operation !== 'usage';
	return describeNetworkFailure('TrustNXT', outcome, connection.host, {
		timeout: `Nothing arrived for ${Math.round(request.timeoutMs / 1000)} s. Raise "Timeout (Seconds)" under Options for large files.${billed ? ` ${afterPossibleProcessing(request.operation, '')}` : ''}`,
		refused: `Nothing was sent, so nothing was billed. Check the credential's "Base URL" (${connection.baseUrl}) and the network between n8n and TrustNXT.`,
		reset: `The connection closed before the answer was complete. ${afterPossibleProcessing(request.operation, 'Try again.')}`,
		notFound: `The name does not resolve. Check the credential's "Base URL" (${connection.baseUrl}).`,
		mayHaveActed: billed ? afterPossibleProcessing(request.operation, '') : '',
	});
}

/** The general sentence after a 402 when the usage endpoint cannot say when the limit resets. */
export const USAGE_RESET_UNKNOWN = 'The limit resets at the start of the next billing period (billing is monthly).';

/** A 402: the plan's limit for this billing period is used up; nothing more is accepted until it resets. */
async function describeUsageLimit(request: TrustNxtRequest, label: string, apiText: string | undefined): Promise<FailureText> {
	const reset = request.usageReset ? await request.usageReset() : USAGE_RESET_UNKNOWN;
	return {
		message: `${label}: the TrustNXT usage limit of this billing period is used up (HTTP 402)`,
		description: [
			apiText ? `TrustNXT says: ${apiText}.` : '',
			`Every Protect and Inspect call counts toward your plan's limit for the billing period; no more ${label} calls are accepted until it resets.`,
			reset,
			'Usage → Get shows the counts and limits. Raise the limit with TrustNXT or wait for the next period.',
		]
			.filter(Boolean)
			.join(' '),
	};
}

/**
 * Sends one request with the TrustNXT credential and returns its 2xx response. Protect and
 * Inspect are "billed": sent again only when TrustNXT provably did not process them (429,
 * refused connection, 503 with Retry-After). Every failure becomes a NodeApiError built from
 * plain text, with key and secret redacted; the Base URL warning is added where it may explain
 * the failure.
 */
export async function trustNxtRequest(ctx: IExecuteFunctions, request: TrustNxtRequest): Promise<HttpResponse> {
	const connection = await getConnection(ctx);
	const label = OPERATION_LABEL[request.operation];
	const labelled = (text: FailureText): FailureText => ({
		message: `${label}: ${text.message}`,
		description: [text.description, connection.insecureWarning].filter(Boolean).join(' '),
	});
	return await sendApiCall(ctx, {
		connection,
		method: request.method,
		url: `${connection.baseUrl}${request.path}`,
		headers: { accept: request.stream ? '*/*' : 'application/json' },
		timeoutMs: request.timeoutMs,
		openBody: request.body,
		streamed: request.stream,
		resend: request.operation === 'usage' ? 'idempotent' : 'billed',
		unavailableWithRetryAfterIsNotProcessed: true,
		itemIndex: request.itemIndex,
		advice: {
			network: (outcome) => labelled(describeNetwork(outcome, request, connection)),
			redirect: (status, host, location) =>
				labelled(describeRedirect('TrustNXT', status, host, location, 'the API key', 'Put the final address in the credential\'s "Base URL".')),
			status: async (status, apiText, outcome) => {
				if (status === 402) return await describeUsageLimit(request, label, apiText);
				// The headline stays the node's own; TrustNXT's words go in the description (errors.ts).
				const { description } = statusFailure('TrustNXT', status, apiText, describeStatus(status, request, connection, outcome, apiText));
				return labelled({ message: `TrustNXT answered HTTP ${status}`, description });
			},
		},
	});
}

/** A body that should be JSON, parsed; a clear error when it is not. */
export function parseJson(ctx: IExecuteFunctions, body: unknown, what: string, itemIndex: number): unknown {
	return parseJsonAnswer(body, (problem) =>
		problem.kind === 'empty'
			? new NodeOperationError(ctx.getNode(), `TrustNXT sent an empty answer for ${what}`, {
					itemIndex,
					description: 'Expected JSON. Check the credential\'s "Base URL" points at the TrustNXT API.',
				})
			: new NodeOperationError(ctx.getNode(), `TrustNXT sent an answer that is not JSON for ${what}`, { itemIndex, description: `It began with: ${problem.start}` }),
	);
}
