import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { listSharedDrives } from '../../transport/sharedDrives';
import { readLimit, readTimeoutMs, returnAllAndLimit, toItems, optionsCollection } from '../fields';

const show = { resource: ['sharedDrive'], operation: ['getAll'] };

export const description: INodeProperties[] = [
	...returnAllAndLimit(show, 'Shared Drives'),
	{
		displayName: 'Include Archived',
		name: 'includeArchived',
		type: 'boolean',
		default: false,
		description: 'Whether to include archived Shared Drives',
		displayOptions: { show },
	},
	optionsCollection(show),
];

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<INodeExecutionData[]> {
	const { limit } = readLimit(this, itemIndex);
	const includeArchived = this.getNodeParameter('includeArchived', itemIndex, false) as boolean;
	const drives = await listSharedDrives(this, includeArchived, { itemIndex, timeoutMs: readTimeoutMs(this, itemIndex) });
	return toItems(drives.slice(0, limit));
}
