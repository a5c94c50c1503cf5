import type { INode, JsonObject } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

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

function truncate(text: string): string {
	const flat = text.replace(/\s+/g, ' ').trim();
	return flat.length > MAX_ERROR_TEXT ? `${flat.slice(0, MAX_ERROR_TEXT - 1)}…` : flat;
}

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
	return new NodeApiError(node, plain, {
		message,
		description,
		httpCode,
		itemIndex: details.itemIndex,
	});
}
