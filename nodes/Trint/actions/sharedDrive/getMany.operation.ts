import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import type { OperationOption } from '../../../shared/resources';
import { listSharedDrives } from '../../transport/sharedDrives';
import { sharedDriveOutput } from '../../helpers/outputs';
import { readLimit, readTimeoutMs, returnAllAndLimit, toItems, optionsCollection } from '../fields';

export const option: OperationOption = {
	name: 'Get Many',
	description: 'List the Shared Drives the key can see',
	action: 'Get many shared drives',
	subtitle: 'Get many Shared Drives',
};

export const description: INodeProperties[] = [
	...returnAllAndLimit('Shared Drives'),
	{
		displayName: 'Include Archived',
		name: 'includeArchived',
		type: 'boolean',
		default: false,
		description: 'Whether to include archived Shared Drives',
	},
	optionsCollection(),
];

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<INodeExecutionData[]> {
	const { limit } = readLimit(this, itemIndex);
	const includeArchived = this.getNodeParameter('includeArchived', itemIndex, false) as boolean;
	const drives = await listSharedDrives(this, includeArchived, { itemIndex, timeoutMs: readTimeoutMs(this, itemIndex) });
	return toItems(drives.slice(0, limit).map(sharedDriveOutput));
}
