/**
 * Trint's realtime (live) transcripts. The four paths and the status values are published;
 * the request bodies are not, so these are assumptions ([modeled]) kept in this one place:
 * - start (PUT) takes camelCase JSON `{streamUrl, streamKey, title, language, folderId,
 *   workspaceId, metadata}` and answers `{trintId, status}`;
 * - stop (DELETE) names the stream by `trintId` or by `streamId`, never both [documented: "Please
 *   provide either trintId or streamId, but not both"]; the one chosen goes in the body and the
 *   query [modeled]; 404 and 409 mean it is already stopped [modeled]. What a streamId is (the
 *   push stream's key or an ID of its own) is not published, so it is masked like a key;
 * - create push stream (POST) takes nothing and answers `{streamKey, streamUrl}`;
 * - STOPPED and FAILED are final; UNKNOWN is taken as passing for a few checks.
 */
import type { IDataObject } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { CallOptions } from './conventions';
import type { TrintContext } from './index';
import { addSecrets, parseJsonBody, pathSegment, trintRequest } from './index';

export const REALTIME_PATHS = {
	start: '/transcripts/realtime/',
	stop: '/transcripts/realtime/',
	status: (trintId: string) => `/transcripts/realtime/${pathSegment(trintId)}`,
	push: '/transcripts/realtime/push',
};

/** Status values Trint documents for a realtime transcript. */
export const REALTIME_STATUSES = ['STARTING', 'TRANSCRIBING', 'STOPPING', 'STOPPED', 'FAILED', 'UNKNOWN'] as const;
export const REALTIME_FINAL = new Set(['STOPPED', 'FAILED']);
/** Checks in a row an UNKNOWN status is taken as passing before it counts as a failure. */
export const REALTIME_UNKNOWN_TOLERANCE = 3;
/** Statuses on stop that mean the stream was already stopped. */
export const REALTIME_ALREADY_STOPPED = [404, 409];

/** Fields of the start body, by what the user sets. */
export const REALTIME_START_FIELDS = {
	streamUrl: 'streamUrl',
	streamKey: 'streamKey',
	title: 'title',
	language: 'language',
	folderId: 'folderId',
	sharedDriveId: 'workspaceId',
	metadata: 'metadata',
};

/** The two ways to name the stream to stop; exactly one is sent. */
export const REALTIME_STOP_BY = { trintId: 'trintId', streamId: 'streamId' } as const;
export type RealtimeStopBy = keyof typeof REALTIME_STOP_BY;

function asObject(ctx: TrintContext, body: unknown, what: string, itemIndex?: number): IDataObject {
	const parsed = parseJsonBody(ctx, body, what, itemIndex);
	if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) {
		throw new NodeOperationError(ctx.getNode(), `Trint sent an answer for ${what} that is not an object`, { itemIndex });
	}
	return parsed as IDataObject;
}

/**
 * A push stream for an encoder. The key is a secret: from here on every error of this run
 * masks it. Not repeated automatically (each call makes a new key).
 */
export async function createPushStream(ctx: TrintContext, options: CallOptions = {}): Promise<{ streamKey: string; streamUrl: string; raw: IDataObject }> {
	const response = await trintRequest(ctx, { method: 'POST', path: REALTIME_PATHS.push, resend: 'billed', kind: 'pushStream', ...options });
	const raw = asObject(ctx, response.body, 'the push stream', options.itemIndex);
	const streamKey = String(raw.streamKey ?? '');
	await addSecrets(ctx, [streamKey]);
	const streamUrl = String(raw.streamUrl ?? '');
	if (!streamKey || !streamUrl) {
		throw new NodeOperationError(ctx.getNode(), 'Trint created a push stream but sent no stream key or URL', {
			itemIndex: options.itemIndex,
			description: 'Create a new push stream; an incomplete one cannot be used by an encoder.',
		});
	}
	return { streamKey, streamUrl, raw };
}

/** Starts a realtime transcript with the fields given (only those set) plus `extraBody`. */
export async function startRealtime(ctx: TrintContext, fields: IDataObject, extraBody: IDataObject, options: CallOptions = {}): Promise<IDataObject> {
	const secrets = [fields[REALTIME_START_FIELDS.streamKey], extraBody[REALTIME_START_FIELDS.streamKey]].filter((v) => typeof v === 'string') as string[];
	await addSecrets(ctx, secrets);
	const response = await trintRequest(ctx, {
		method: 'PUT',
		path: REALTIME_PATHS.start,
		kind: 'liveStart',
		body: { ...fields, ...extraBody },
		// A repeated start could open a second live session: only after 429.
		resend: 'billed',
		...options,
	});
	const raw = asObject(ctx, response.body, 'the started realtime transcript', options.itemIndex);
	const trintId = String(raw.trintId ?? raw.id ?? raw._id ?? '');
	if (!trintId) {
		throw new NodeOperationError(ctx.getNode(), 'Trint started a realtime transcript but sent no trintId', {
			itemIndex: options.itemIndex,
			description: 'Look for the live Trint in Trint before starting again, so that two sessions do not run.',
		});
	}
	return { ...raw, trintId };
}

/**
 * Stops a realtime transcript named by its Trint ID or by its stream ID (only that one field is
 * sent). `alreadyStopped` when Trint says it was not running.
 */
export async function stopRealtime(
	ctx: TrintContext,
	by: RealtimeStopBy,
	id: string,
	options: CallOptions = {},
): Promise<{ status: string; alreadyStopped: boolean; raw: IDataObject }> {
	// A stream ID may be the push stream's key: masked in every error from here on.
	if (by === 'streamId') await addSecrets(ctx, [id]);
	const field = REALTIME_STOP_BY[by];
	const response = await trintRequest(ctx, {
		method: 'DELETE',
		path: REALTIME_PATHS.stop,
		qs: { [field]: id },
		body: { [field]: id },
		acceptStatuses: REALTIME_ALREADY_STOPPED,
		...options,
	});
	if (REALTIME_ALREADY_STOPPED.includes(response.statusCode)) return { status: 'STOPPED', alreadyStopped: true, raw: {} };
	const raw = response.body === undefined || response.body === '' ? {} : asObject(ctx, response.body, 'the stop', options.itemIndex);
	const status = String(raw.status ?? 'STOPPING');
	return { status, alreadyStopped: status === 'STOPPED', raw };
}

/** The state of one realtime transcript. */
export async function getRealtimeStatus(ctx: TrintContext, trintId: string, options: CallOptions = {}): Promise<IDataObject> {
	const response = await trintRequest(ctx, { method: 'GET', path: REALTIME_PATHS.status(trintId), ...options });
	return asObject(ctx, response.body, 'the realtime status', options.itemIndex);
}
