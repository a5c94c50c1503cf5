import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { sharedDriveOutput } from '../../helpers/outputs';
import { asArray, trintRequest } from '../../transport';
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
	const response = await trintRequest(this, {
		method: 'GET',
		path: '/workspaces/',
		qs: { 'include-archived': includeArchived ? 'true' : 'false' },
		itemIndex,
		timeoutMs: readTimeoutMs(this, itemIndex),
	});
	return toItems(asArray(this, response.body, 'Shared Drives', itemIndex).slice(0, limit).map(sharedDriveOutput));
}
