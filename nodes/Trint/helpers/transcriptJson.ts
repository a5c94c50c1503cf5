import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { waitUntil } from '../../shared/polling';
import type { ShowWhen } from '../actions/fields';
import type { TrintContext } from '../transport';
import type { ExportOutcome } from '../transport/exports';
import { JSON_EXPORT, requestExport } from '../transport/exports';
import type { ExportFormat } from '../transport/formats';

interface TrintWord {
	value?: string;
	time?: number;
	duration?: number;
	paragraphId?: string;
	speaker?: string | null;
	strikethrough?: boolean;
}

/**
 * The transcript as most next nodes want it: the plain text, and paragraphs with their speaker
 * and start/end times (seconds). Struck-through words are left out, as in Trint's own exports.
 */
export function simplifyTranscript(trintId: string, data: IDataObject): IDataObject {
	const words = (Array.isArray(data.words) ? data.words : []) as TrintWord[];
	const speakers = (data.speakers && typeof data.speakers === 'object' ? data.speakers : {}) as Record<string, IDataObject>;
	const paragraphs: IDataObject[] = [];
	let current: { id: string; speakerKey: string | null; words: string[]; start: number; end: number } | undefined;
	const flush = () => {
		if (!current || !current.words.length) return;
		const speaker = current.speakerKey ? String(speakers[current.speakerKey]?.name ?? current.speakerKey) : null;
		paragraphs.push({
			id: current.id,
			speaker,
			startTime: current.start / 1000,
			endTime: current.end / 1000,
			text: current.words.join(' '),
		});
	};
	for (const word of words) {
		if (word.strikethrough) continue;
		const paragraphId = String(word.paragraphId ?? '');
		if (!current || current.id !== paragraphId) {
			flush();
			current = { id: paragraphId, speakerKey: word.speaker ?? null, words: [], start: Number(word.time ?? 0), end: Number(word.time ?? 0) };
		}
		if (word.value) current.words.push(word.value);
		current.end = Math.max(current.end, Number(word.time ?? 0) + Number(word.duration ?? 0));
	}
	flush();
	return {
		trintId,
		title: data.title ?? null,
		text: paragraphs.map((paragraph) => paragraph.text).join('\n\n'),
		paragraphs,
	};
}

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
		description: 'Switch on "Wait for Transcription" to wait for it here, or start this workflow from the Trint Trigger (event "Transcript Complete").',
	});
}

export function readWaitSettings(ctx: IExecuteFunctions, itemIndex: number): WaitSettings | undefined {
	const enabled = ctx.getNodeParameter('waitForTranscription', itemIndex, false) as boolean;
	if (!enabled) return undefined;
	return readPollSettings(ctx, itemIndex, 60);
}

/**
 * "Poll Interval (Seconds)" and "Max Wait (Minutes)" of any operation that waits on Trint
 * (transcription, translation, a live stream), refusing values that cannot be meant.
 */
export function readPollSettings(ctx: IExecuteFunctions, itemIndex: number, defaultMaxWaitMinutes: number): WaitSettings {
	const pollIntervalSeconds = Number(ctx.getNodeParameter('pollInterval', itemIndex, 30));
	const maxWaitMinutes = Number(ctx.getNodeParameter('maxWaitMinutes', itemIndex, defaultMaxWaitMinutes));
	if (!Number.isFinite(pollIntervalSeconds) || pollIntervalSeconds < MIN_POLL_INTERVAL_SECONDS) {
		throw new NodeOperationError(ctx.getNode(), `"Poll Interval (Seconds)" must be at least ${MIN_POLL_INTERVAL_SECONDS}`, {
			itemIndex,
			description: 'Trint asks clients not to poll more often than every 10 seconds.',
		});
	}
	if (!Number.isFinite(maxWaitMinutes) || maxWaitMinutes <= 0) {
		throw new NodeOperationError(ctx.getNode(), '"Max Wait (Minutes)" must be a positive number', { itemIndex });
	}
	return { pollIntervalSeconds, maxWaitMinutes };
}

/** Fields for "Wait for Transcription", shown for the given operation. */
export function waitFields(show: ShowWhen): INodeProperties[] {
	return [
		{
			displayName: 'Wait for Transcription',
			name: 'waitForTranscription',
			type: 'boolean',
			default: false,
			description: 'Whether to wait until Trint has finished transcribing before this node outputs',
			hint: 'On: the node outputs once the transcript is ready, with its text. Off: it outputs the new trintId at once (use the Trint Trigger or Export later).',
			displayOptions: { show },
		},
		{
			displayName: 'Poll Interval (Seconds)',
			name: 'pollInterval',
			type: 'number',
			default: 30,
			typeOptions: { minValue: MIN_POLL_INTERVAL_SECONDS },
			description: 'How often to ask Trint whether the transcript is ready',
			hint: 'How often the node asks Trint whether the transcript is ready',
			displayOptions: { show: { ...show, waitForTranscription: [true] } },
		},
		{
			displayName: 'Max Wait (Minutes)',
			name: 'maxWaitMinutes',
			type: 'number',
			default: 60,
			typeOptions: { minValue: 1 },
			description: 'Give up waiting after this long; the error then carries the trintId',
			hint: 'After this long the item fails with the trintId, so the transcript can still be fetched later',
			displayOptions: { show: { ...show, waitForTranscription: [true] } },
		},
	];
}
