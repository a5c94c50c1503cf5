/**
 * The secret token of the Trint Trigger's callback URL. Trint does not sign its calls, so the
 * token is what tells a real Trint call from a forged one: it travels in the query string of the
 * URL Trint was given (`?token=...`), and a call without it is refused before any workflow runs.
 */
import { randomString } from 'n8n-workflow';

/** Query parameter that carries the token. */
export const TOKEN_PARAMETER = 'token';

/** Shortest token a user may choose: long enough not to be guessed by trying. */
export const MIN_CUSTOM_TOKEN_LENGTH = 16;

/** 40 characters of [0-9A-Za-z] from a cryptographic source: about 238 bits. */
export function newToken(): string {
	return randomString(40);
}

/** The webhook URL with the token set as its `token` query parameter (replacing any earlier one). */
export function withToken(webhookUrl: string, token: string): string {
	const url = new URL(webhookUrl);
	url.searchParams.set(TOKEN_PARAMETER, token);
	return url.toString();
}

/** The URL without its token: what identifies the n8n endpoint itself. */
export function withoutToken(callbackUrl: string): string {
	const url = new URL(callbackUrl);
	url.searchParams.delete(TOKEN_PARAMETER);
	return url.toString();
}

/** The token inside a callback URL, or '' when it has none or is not a URL. */
export function tokenOf(callbackUrl: string | undefined): string {
	if (!callbackUrl) return '';
	try {
		return new URL(callbackUrl).searchParams.get(TOKEN_PARAMETER) ?? '';
	} catch {
		return '';
	}
}

/** The token of an incoming request's query (`?token=`); a repeated parameter counts as none. */
export function tokenFromQuery(query: unknown): string {
	if (!query || typeof query !== 'object') return '';
	const value = (query as Record<string, unknown>)[TOKEN_PARAMETER];
	return typeof value === 'string' ? value : '';
}

/**
 * Compares a received token with the expected one in time that depends only on the expected
 * token's length, so the answer time tells an attacker nothing about how much of a guess was
 * right. An empty expected token never matches.
 */
export function tokensMatch(received: string, expected: string): boolean {
	if (!expected) return false;
	let difference = received.length ^ expected.length;
	const span = received.length || 1;
	for (let index = 0; index < expected.length; index++) {
		difference |= expected.charCodeAt(index) ^ (received.charCodeAt(index % span) || 0);
	}
	return difference === 0;
}

/** Replaces every occurrence of the token in a text (for errors that might echo the URL). */
export function hideToken(text: string, token: string): string {
	if (!token) return text;
	return text.split(token).join('***').split(encodeURIComponent(token)).join('***');
}
