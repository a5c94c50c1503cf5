import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { stopRealtime } from '../../transport/realtime';
import { optionsCollection, readTimeoutMs } from '../fields';
import { liveIdField, readLiveId } from './fields';

const show = { resource: ['liveTranscript'], operation: ['stop'] };

export const description: INodeProperties[] = [liveIdField(show), optionsCollection(show)];

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<INodeExecutionData[]> {
	const trintId = readLiveId(this, itemIndex);
	const stopped = await stopRealtime(this, trintId, { itemIndex, timeoutMs: readTimeoutMs(this, itemIndex) });
	return [{ json: { ...stopped.raw, trintId, status: stopped.status, alreadyStopped: stopped.alreadyStopped } }];
}
