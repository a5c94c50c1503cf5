/**
 * TrustNXT's default API origin, read by the credential (its default and its test) and by the
 * TrustNXT node. The real host is not published; the pack assumes this one, and the credential's
 * "Base URL" overrides it (a private gateway, the local sandbox).
 */
export const TRUSTNXT_DEFAULT_BASE_URL = 'https://api.trustnxt.com';

/** The credential test's base URL: the credential's own, trimmed, or the default. */
export const TRUSTNXT_BASE_URL_EXPRESSION = `={{ String($credentials.baseUrl || "${TRUSTNXT_DEFAULT_BASE_URL}").trim().replace(/\\/+$/, "") }}`;
