/**
 * Rate limits met during one node run. The request layer notes every 429 it receives against the
 * context of the run that sent it; the per-item runner reads the count to lower its concurrency
 * for the rest of that run. The entry is keyed by the run's context object, so it lives exactly as
 * long as that run and is never shared between executions, workflows or processes.
 */
const rateLimitsMet = new WeakMap<object, number>();

/** Records that the server answered 429 (too many requests) to a request of this run. */
export function noteRateLimited(ctx: object): void {
	rateLimitsMet.set(ctx, (rateLimitsMet.get(ctx) ?? 0) + 1);
}

/** How many 429 answers this run has met so far. */
export function rateLimitsMetBy(ctx: object): number {
	return rateLimitsMet.get(ctx) ?? 0;
}
