/** Longest wait the pack accepts from a `Retry-After` header before giving up on a retry. */
export const RETRY_AFTER_CAP_MS = 60_000;
/** First back-off step for transient failures; doubles on each attempt. */
export const BASE_BACKOFF_MS = 1_000;

/**
 * Milliseconds to wait as asked by a `Retry-After` header, which is either a number of seconds
 * or an HTTP date. Undefined when the header is absent or unreadable.
 */
export function parseRetryAfter(value: unknown, now: number = Date.now()): number | undefined {
	const raw = Array.isArray(value) ? value[0] : value;
	if (raw === undefined || raw === null || raw === '') return undefined;
	const text = String(raw).trim();
	if (/^\d+(\.\d+)?$/.test(text)) return Math.round(Number(text) * 1000);
	const date = Date.parse(text);
	if (Number.isNaN(date)) return undefined;
	return Math.max(0, date - now);
}

/** Exponential back-off: 1 s, 2 s, 4 s, ... for the n-th retry (0-based), capped. */
export function backoffDelay(retry: number, baseMs: number = BASE_BACKOFF_MS): number {
	return Math.min(baseMs * 2 ** retry, RETRY_AFTER_CAP_MS);
}

/** How long to wait after a 429: the server's word (capped), or the back-off step. */
export function rateLimitDelay(retryAfterHeader: unknown, retry: number, baseMs: number = BASE_BACKOFF_MS): number {
	const asked = parseRetryAfter(retryAfterHeader);
	if (asked === undefined) return backoffDelay(retry, baseMs);
	return Math.min(asked, RETRY_AFTER_CAP_MS);
}
