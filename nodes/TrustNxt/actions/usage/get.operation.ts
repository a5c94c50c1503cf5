import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import type { OperationOption } from '../../../shared/resources';
import { getUsage } from '../../transport/endpoints';
import { optionsCollection, readTimeoutMs } from '../fields';

export const option: OperationOption = {
	name: 'Get',
	description: 'Protect and Inspect calls of the current billing period, with limits and what remains (a null limit means no limit: protectUnlimited / inspectUnlimited are then true). Needs no input file; not billed.',
	action: 'Get usage',
};

export const description: INodeProperties[] = [optionsCollection()];

/** Not billed: reading the counters costs nothing, so it is safe to run on a schedule. */
export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<INodeExecutionData[]> {
	const usage = await getUsage(this, itemIndex, readTimeoutMs(this, itemIndex));
	return [{ json: usage }];
}
