import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { OperationOption } from '../../../shared/resources';
import { waitUntil } from '../../../shared/polling';
import { MIN_POLL_INTERVAL_SECONDS } from '../../helpers/exportWhenReady';
import { getRealtimeStatus, REALTIME_FINAL, REALTIME_UNKNOWN_TOLERANCE } from '../../transport/realtime';
import { optionsCollection, readPollSettings, readTimeoutMs } from '../fields';
import { liveIdField, readLiveId } from './fields';

export const option: OperationOption = {
	name: 'Wait Until Stopped',
	description: 'Wait until a live transcript has stopped, then output its final status',
	action: 'Wait until a live transcript has stopped',
	subtitle: 'Wait until stopped',
};

export const description: INodeProperties[] = [
	liveIdField(),
	{
		displayName: 'Poll Interval (Seconds)',
		name: 'pollInterval',
		type: 'number',
		default: 30,
		typeOptions: { minValue: MIN_POLL_INTERVAL_SECONDS },
		description: 'How often to ask Trint for the stream\'s status',
	},
	{
		displayName: 'Max Wait (Minutes)',
		name: 'maxWaitMinutes',
		type: 'number',
		default: 360,
		typeOptions: { minValue: 1 },
		description: 'Give up waiting after this long (a live transcript ends by itself 6 hours after it started); the error then carries the trintId',
	},
	optionsCollection(),
];

function list(value: unknown): string[] {
	return Array.isArray(value) ? value.map((entry) => String(entry)) : [];
}

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<INodeExecutionData[]> {
	const trintId = readLiveId(this, itemIndex);
	const { pollIntervalSeconds: interval, maxWaitMinutes } = readPollSettings(this, itemIndex, 360);
	const timeoutMs = readTimeoutMs(this, itemIndex);
	const deadline = Date.now() + maxWaitMinutes * 60_000;
	let unknownInARow = 0;
	let status = '';
	const stopped = await waitUntil(async () => {
		const state: IDataObject = await getRealtimeStatus(this, trintId, { itemIndex, timeoutMs });
		status = String(state.status ?? 'UNKNOWN').toUpperCase();
		const warnings = list(state.warnings);
		const errors = list(state.errors);
		const expiresMs = typeof state.expires === 'string' ? Date.parse(state.expires) : Number.NaN;
		const expired = warnings.some((warning) => /expir/i.test(warning)) || (!REALTIME_FINAL.has(status) && Number.isFinite(expiresMs) && Date.now() >= expiresMs);
		if (status === 'FAILED') {
			throw new NodeOperationError(this.getNode(), `Live transcript ${trintId} failed`, {
				itemIndex,
				description: `Trint reported the stream as FAILED${errors.length ? `: ${errors.join('; ')}` : ''}. What was transcribed before may still export with Transcript → Export (trintId ${trintId}).`,
			});
		}
		if (expired) {
			throw new NodeOperationError(this.getNode(), `Live transcript ${trintId} expired`, {
				itemIndex,
				description: `Trint ends a live transcript 6 hours after it started${Number.isFinite(expiresMs) ? ` (this one at ${new Date(expiresMs).toISOString()})` : ''}. What was transcribed until then can be exported with Transcript → Export (trintId ${trintId}).`,
			});
		}
		if (status === 'STOPPED') return state;
		if (status === 'UNKNOWN' || !state.status) {
			unknownInARow++;
			if (unknownInARow >= REALTIME_UNKNOWN_TOLERANCE) {
				throw new NodeOperationError(this.getNode(), `Live transcript ${trintId} stayed in status UNKNOWN ${unknownInARow} times in a row`, {
					itemIndex,
					description: `Trint could not tell the stream's state. Check it in Trint; Live Transcript → Get Status shows it, and Transcript → Export (trintId ${trintId}) gives what was transcribed.`,
				});
			}
		} else {
			unknownInARow = 0;
		}
		return undefined;
	}, {
		intervalMs: interval * 1000,
		deadline,
		timedOut: () =>
			new NodeOperationError(this.getNode(), `Live transcript ${trintId} was still ${status} after ${maxWaitMinutes} min`, {
				itemIndex,
				description: `Nothing is lost: stop it with Live Transcript → Stop, or wait again later with trintId ${trintId}.`,
			}),
	});
	return [{ json: { trintId, ...stopped } }];
}
