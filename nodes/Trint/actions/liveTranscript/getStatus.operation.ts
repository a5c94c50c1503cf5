import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import type { OperationOption } from '../../../shared/resources';
import { getRealtimeStatus } from '../../transport/realtime';
import { optionsCollection, readTimeoutMs } from '../fields';
import { liveIdField, readLiveId } from './fields';

export const option: OperationOption = {
	name: 'Get Status',
	description: 'Get the state of a live transcript',
	action: 'Get the status of a live transcript',
	subtitle: 'Get live status',
};

export const description: INodeProperties[] = [liveIdField(), optionsCollection()];

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<INodeExecutionData[]> {
	const trintId = readLiveId(this, itemIndex);
	const status = await getRealtimeStatus(this, trintId, { itemIndex, timeoutMs: readTimeoutMs(this, itemIndex) });
	return [{ json: { trintId, ...status } }];
}
