import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { getUsage } from '../../transport/endpoints';
import { optionsCollection, readTimeoutMs } from '../fields';

const show = { resource: ['usage'], operation: ['get'] };

export const description: INodeProperties[] = [optionsCollection(show)];

/** Not billed: reading the counters costs nothing, so it is safe to run on a schedule. */
export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<INodeExecutionData[]> {
	const usage = await getUsage(this, itemIndex, readTimeoutMs(this, itemIndex));
	return [{ json: usage }];
}
