import { sleep } from 'n8n-workflow';

export interface WaitUntilOptions {
	/** Time between two checks. */
	intervalMs: number;
	/** When waiting ends (epoch ms), set by the caller when the user's limit starts to run. */
	deadline: number;
	/** The error once the deadline has passed; it should say how to get at the result later. */
	timedOut: () => Error;
}

/**
 * Asks `check` until it gives a value, then returns that value. `check` returns undefined for
 * "not yet" and throws to end the wait with its own error. Between checks it sleeps the interval,
 * never past the deadline; one more check is made at the deadline before `timedOut` is thrown, so
 * a result that arrives in the last interval is not missed.
 */
export async function waitUntil<T>(check: (attempt: number) => Promise<T | undefined>, options: WaitUntilOptions): Promise<T> {
	for (let attempt = 0; ; attempt++) {
		const result = await check(attempt);
		if (result !== undefined) return result;
		const remaining = options.deadline - Date.now();
		if (remaining <= 0) throw options.timedOut();
		await sleep(Math.min(options.intervalMs, remaining));
	}
}
