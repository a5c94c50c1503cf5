import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { OperationOption } from '../../../shared/resources';
import type { RealtimeStopBy } from '../../transport/realtime';
import { REALTIME_STOP_BY, stopRealtime } from '../../transport/realtime';
import { optionsCollection, readTimeoutMs } from '../fields';
import { liveIdField, readLiveId } from './fields';

export const option: OperationOption = {
	name: 'Stop',
	description: 'Stop a running live transcript, named by its Trint ID or its stream ID; the Trint keeps what was transcribed. Stopping a stopped one does nothing.',
	action: 'Stop a live transcript',
};

// Trint documents the rule: "Please provide either trintId or streamId, but not both". The choice
// is made here, so only one field shows and only one is sent.
export const description: INodeProperties[] = [
	{
		displayName: 'Stop By',
		name: 'stopBy',
		type: 'options',
		default: 'trintId',
		options: [
			{ name: 'Trint ID', value: REALTIME_STOP_BY.trintId, description: 'The trintId that Live Transcript → Start returned' },
			{ name: 'Stream ID', value: REALTIME_STOP_BY.streamId, description: 'The ID of the stream that feeds the live transcript' },
		],
		description: 'How to name the live transcript to stop. Trint takes one of the two, never both.',
	},
	{ ...liveIdField(), displayOptions: { show: { stopBy: [REALTIME_STOP_BY.trintId] } } },
	{
		displayName: 'Stream ID',
		name: 'streamId',
		type: 'string',
		typeOptions: { password: true },
		default: '',
		required: true,
		description: 'The ID of the stream to stop',
		hint: 'Trint has not published what a stream ID is. It may be the push stream\'s key, so the node masks it in errors and leaves it out of its output.',
		displayOptions: { show: { stopBy: [REALTIME_STOP_BY.streamId] } },
	},
	optionsCollection(),
];

function readStopBy(ctx: IExecuteFunctions, itemIndex: number): RealtimeStopBy {
	const value = String(ctx.getNodeParameter('stopBy', itemIndex, REALTIME_STOP_BY.trintId));
	if (value === REALTIME_STOP_BY.trintId || value === REALTIME_STOP_BY.streamId) return value;
	throw new NodeOperationError(ctx.getNode(), `"Stop By" has an unknown value: "${value}"`, { itemIndex, description: 'Choose "Trint ID" or "Stream ID".' });
}

function readStreamId(ctx: IExecuteFunctions, itemIndex: number): string {
	const value = String(ctx.getNodeParameter('streamId', itemIndex, '') ?? '').trim();
	if (!value) {
		throw new NodeOperationError(ctx.getNode(), '"Stream ID" is empty', {
			itemIndex,
			description: 'Enter the ID of the stream to stop, or set "Stop By" to "Trint ID" and enter the trintId that Live Transcript → Start returned.',
		});
	}
	return value;
}

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<INodeExecutionData[]> {
	const by = readStopBy(this, itemIndex);
	const call = { itemIndex, timeoutMs: readTimeoutMs(this, itemIndex) };
	if (by === REALTIME_STOP_BY.trintId) {
		const trintId = readLiveId(this, itemIndex);
		const stopped = await stopRealtime(this, by, trintId, call);
		return [{ json: { ...stopped.raw, trintId, stoppedBy: by, status: stopped.status, alreadyStopped: stopped.alreadyStopped } }];
	}
	const stopped = await stopRealtime(this, by, readStreamId(this, itemIndex), call);
	// The stream ID is not echoed (it may be a key); Trint's own fields, such as a trintId, are.
	const answer = { ...stopped.raw };
	delete answer[REALTIME_STOP_BY.streamId];
	return [{ json: { ...answer, stoppedBy: by, status: stopped.status, alreadyStopped: stopped.alreadyStopped } }];
}
