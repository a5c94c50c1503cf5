/**
 * Webhook registration: `PUT` and `DELETE {api}/callbacks/transcript/`. Trint has no call that
 * lists registrations, so the trigger remembers what it registered.
 */
import type { TrintContext } from './index';
import { trintRequest } from './index';

/** Webhook events Trint can send [documented]. */
export const TRINT_EVENTS = ['TRANSCRIPT_COMPLETE', 'TRANSCRIPT_VERIFIED', 'TRANSCRIPT_NEW_VERSION'] as const;

/** Registers a callback URL, or replaces the events of one already registered. */
export async function registerCallback(ctx: TrintContext, callbackUrl: string, events: string[]): Promise<void> {
	await trintRequest(ctx, {
		method: 'PUT',
		path: '/callbacks/transcript/',
		body: { callbackUrl, callbackSubscriptions: events },
	});
}

/** Removes a callback URL. False when Trint did not know it (404 counts as already removed). */
export async function removeCallback(ctx: TrintContext, callbackUrl: string): Promise<boolean> {
	const response = await trintRequest(ctx, {
		method: 'DELETE',
		path: '/callbacks/transcript/',
		body: { callbackUrl },
		acceptStatuses: [404],
	});
	return response.statusCode !== 404;
}
