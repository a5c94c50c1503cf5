import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { getRealtimeStatus } from '../../transport/realtime';
import { optionsCollection, readTimeoutMs } from '../fields';
import { liveIdField, readLiveId } from './fields';

const show = { resource: ['liveTranscript'], operation: ['getStatus'] };

export const description: INodeProperties[] = [liveIdField(show), optionsCollection(show)];

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<INodeExecutionData[]> {
	const trintId = readLiveId(this, itemIndex);
	const status = await getRealtimeStatus(this, trintId, { itemIndex, timeoutMs: readTimeoutMs(this, itemIndex) });
	return [{ json: { trintId, ...status } }];
}
