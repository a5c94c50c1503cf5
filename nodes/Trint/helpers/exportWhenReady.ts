import type { IDataObject } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { waitUntil } from '../../shared/polling';
import type { TrintContext } from '../transport';
import type { ExportOutcome } from '../transport/exports';
import { JSON_EXPORT, requestExport } from '../transport/exports';
import type { ExportFormat } from '../transport/formats';

export interface WaitSettings {
	/** Seconds between checks; Trint asks for at least 10. */
	pollIntervalSeconds: number;
	/** Give up after this many minutes. */
	maxWaitMinutes: number;
}

export const MIN_POLL_INTERVAL_SECONDS = 10;

/**
 * Asks for an export of a Trint. With `wait`, a Trint that is still transcribing is polled until
 * it can be exported or the time limit passes; the time-out error names the Trint ID so the
 * finished upload is not lost. Without `wait`, "still transcribing" is an error that says what
 * to use instead.
 */
export async function exportWhenReady(
	ctx: TrintContext,
	trintId: string,
	format: Pick<ExportFormat, 'path'>,
	qs: IDataObject,
	itemIndex: number,
	wait: WaitSettings | undefined,
	timeoutMs?: number,
): Promise<Exclude<ExportOutcome, { kind: 'notReady' }>> {
	const ask = async () => {
		const outcome = await requestExport(ctx, trintId, format, qs, { itemIndex, timeoutMs });
		return outcome.kind === 'notReady' ? undefined : outcome;
	};
	if (!wait) {
		const outcome = await ask();
		if (!outcome) throw stillTranscribing(ctx, trintId, itemIndex);
		return outcome;
	}
	return await waitUntil(ask, {
		intervalMs: wait.pollIntervalSeconds * 1000,
		deadline: Date.now() + wait.maxWaitMinutes * 60_000,
		timedOut: () =>
			new NodeOperationError(ctx.getNode(), `Trint ${trintId} was still transcribing after ${wait.maxWaitMinutes} min (trintId: ${trintId})`, {
				itemIndex,
				description: `Nothing is lost: use trintId ${trintId} later with Transcript → Export, raise "Max Wait (Minutes)", or start a workflow from the Trint Trigger when it completes.`,
			}),
	});
}

/** The JSON export of a Trint (see `exportWhenReady` for waiting). */
export async function fetchTranscriptJson(
	ctx: TrintContext,
	trintId: string,
	itemIndex: number,
	wait: WaitSettings | undefined,
	timeoutMs?: number,
): Promise<IDataObject> {
	const outcome = await exportWhenReady(ctx, trintId, JSON_EXPORT, {}, itemIndex, wait, timeoutMs);
	if (outcome.kind !== 'json') {
		throw new NodeOperationError(ctx.getNode(), `Trint's JSON export of ${trintId} came back in an unexpected form`, { itemIndex });
	}
	return outcome.data;
}

export function stillTranscribing(ctx: TrintContext, trintId: string, itemIndex: number): NodeOperationError {
	return new NodeOperationError(ctx.getNode(), `Trint ${trintId} is still transcribing, or no transcript with that ID can be exported yet`, {
		itemIndex,
		description: 'Ask again in a few minutes (transcription takes about as long as the recording), switch on "Wait for Transcription" to wait for it here, or start this workflow from the Trint Trigger (event "Transcript Complete").',
	});
}
