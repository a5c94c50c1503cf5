import type { INode, JsonObject } from 'n8n-workflow';
import { NodeApiError, NodeError, NodeOperationError } from 'n8n-workflow';

/** What a failed HTTP exchange looked like, stripped of anything that could carry a secret. */
export interface HttpFailure {
	statusCode?: number;
	body?: unknown;
	headers?: Record<string, unknown>;
	/** Network-level failure code (ECONNREFUSED, ECONNRESET, ETIMEDOUT, ...). */
	networkCode?: string;
	networkMessage?: string;
}

const MAX_ERROR_TEXT = 200;

/**
 * The text on one line, at most `max` characters. A longer text is cut after its last whole
 * word that fits (a single overlong word is cut where it must be) and ends with "…".
 */
export function shortenText(text: string, max = MAX_ERROR_TEXT): string {
	const flat = text.replace(/\s+/g, ' ').trim();
	if (flat.length <= max) return flat;
	const room = flat.slice(0, max - 1);
	const lastSpace = room.lastIndexOf(' ');
	const kept = flat[max - 1] === ' ' ? room : lastSpace > 0 ? room.slice(0, lastSpace) : room;
	return `${kept.replace(/[\s,;:]+$/, '')}…`;
}

const truncate = (text: string) => shortenText(text);

function bodyToText(body: unknown): string | undefined {
	if (body === undefined || body === null) return undefined;
	if (typeof body === 'string') return body;
	if (Buffer.isBuffer(body)) return body.toString('utf8');
	if (body instanceof ArrayBuffer) return Buffer.from(body).toString('utf8');
	return undefined;
}

function messageFromObject(value: unknown): string | undefined {
	if (!value || typeof value !== 'object' || Array.isArray(value)) return undefined;
	const record = value as Record<string, unknown>;
	for (const key of ['message', 'error']) {
		const field = record[key];
		if (typeof field === 'string' && field.trim()) return field;
		if (field && typeof field === 'object') {
			const nested = messageFromObject(field);
			if (nested) return nested;
		}
	}
	return undefined;
}

/**
 * The API's own words for a failure, whatever style the body came in: JSON (`message`, then
 * `error`, also nested as `{error: {message}}`), plain text, or an HTML page from a gateway
 * (its <title> or first <h1>). Truncated so a whole HTML page never lands in an error.
 */
export function extractErrorText(body: unknown): string | undefined {
	const fromObject = messageFromObject(body);
	if (fromObject) return truncate(fromObject);
	const text = bodyToText(body);
	if (text === undefined || !text.trim()) return undefined;
	const trimmed = text.trim();
	if (trimmed.startsWith('{')) {
		try {
			const parsed: unknown = JSON.parse(trimmed);
			const message = messageFromObject(parsed);
			if (message) return truncate(message);
		} catch {
			// Not JSON after all: fall through and use the text as it is.
		}
	}
	if (/<html|<!doctype|<body|<h1|<title/i.test(trimmed)) {
		const heading = /<title[^>]*>([^<]*)<\/title>/i.exec(trimmed) ?? /<h1[^>]*>([^<]*)<\/h1>/i.exec(trimmed);
		if (heading?.[1]?.trim()) return truncate(heading[1]);
		return truncate(trimmed.replace(/<[^>]+>/g, ' '));
	}
	return truncate(trimmed);
}

/** Replaces every occurrence of each secret (and its Basic-auth encodings) with a mask. */
export function redactSecrets(text: string, secrets: string[]): string {
	let result = text;
	for (const secret of secrets) {
		if (!secret || secret.length < 4) continue;
		result = result.split(secret).join('***');
	}
	return result;
}

export interface ApiErrorDetails {
	message: string;
	description?: string;
	itemIndex?: number;
	httpCode?: number | string;
	secrets?: string[];
}

/**
 * Builds the NodeApiError the user sees. It is built from plain text only, never from the
 * underlying HTTP client error: that object holds the request configuration, headers included,
 * and n8n stores errors in execution data.
 */
export function buildApiError(node: INode, details: ApiErrorDetails): NodeApiError {
	const secrets = details.secrets ?? [];
	const message = redactSecrets(details.message, secrets);
	const description = details.description ? redactSecrets(details.description, secrets) : undefined;
	const httpCode = details.httpCode === undefined ? undefined : String(details.httpCode);
	const plain: JsonObject = { message };
	if (description) plain.description = description;
	if (httpCode) plain.httpCode = httpCode;
	const error = new NodeApiError(node, plain, {
		message,
		description,
		httpCode,
		itemIndex: details.itemIndex,
	});
	return keepHeadline(error, message);
}

/**
 * n8n's error classes replace a headline that contains a system error code anywhere in it
 * (ENOENT, ECONNREFUSED, ETIMEDOUT, EAI_AGAIN, ... or "bad gateway", case-insensitive) by a
 * generic sentence of their own ("The file or directory does not exist"), keeping the real one
 * only under the error's details. A server's words or a user's value in a headline would then
 * hide what happened, so the node's own headline is put back.
 */
export function keepHeadline<T extends NodeError>(error: T, headline: string): T {
	if (error.message === headline) return error;
	error.message = headline;
	error.messages = error.messages.filter((entry) => entry !== headline);
	return error;
}

/** A NodeOperationError that shows `message` as its headline, whatever words are in it. */
export function operationError(node: INode, message: string, options: ConstructorParameters<typeof NodeOperationError>[2] = {}): NodeOperationError {
	return keepHeadline(new NodeOperationError(node, message, options), message);
}

/**
 * For an error built elsewhere from a plain message: if n8n swapped that message for one of its
 * generic sentences, the original (kept as the error's cause) is put back as the headline.
 */
export function restoreHeadline(error: unknown): void {
	if (!(error instanceof NodeOperationError) || error.tags?.reWrapped) return;
	const cause = (error as { cause?: unknown }).cause;
	if (!(cause instanceof Error) || cause instanceof NodeError) return;
	const original = cause.message;
	// n8n keeps the message it replaced as the last entry of `messages`.
	if (original && error.message !== original && error.messages[error.messages.length - 1] === original) keepHeadline(error, original);
}

/**
 * The failure of a call the server answered with an error status, headline and details kept
 * apart: the headline is the node's own words, the server's text (already shortened) is quoted
 * in the description before the advice.
 */
export function statusFailure(api: string, status: number, apiText: string | undefined, advice: string): { message: string; description: string } {
	const said = apiText ? `${api} said: "${apiText}".` : '';
	return { message: `${api}: HTTP ${status}`, description: [said, advice].filter(Boolean).join(' ') };
}
