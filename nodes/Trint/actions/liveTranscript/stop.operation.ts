import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import type { OperationOption } from '../../../shared/resources';
import { stopRealtime } from '../../transport/realtime';
import { optionsCollection, readTimeoutMs } from '../fields';
import { liveIdField, readLiveId } from './fields';

export const option: OperationOption = {
	name: 'Stop',
	description: 'Stop a running live transcript; the Trint keeps what was transcribed. Stopping a stopped one does nothing.',
	action: 'Stop a live transcript',
};

export const description: INodeProperties[] = [liveIdField(), optionsCollection()];

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<INodeExecutionData[]> {
	const trintId = readLiveId(this, itemIndex);
	const stopped = await stopRealtime(this, trintId, { itemIndex, timeoutMs: readTimeoutMs(this, itemIndex) });
	return [{ json: { ...stopped.raw, trintId, status: stopped.status, alreadyStopped: stopped.alreadyStopped } }];
}
