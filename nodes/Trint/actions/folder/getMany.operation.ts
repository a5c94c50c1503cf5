import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { listFolders } from '../../transport/folders';
import { readLimit, readLocator, readTimeoutMs, returnAllAndLimit, sharedDriveLocator, toItems, optionsCollection } from '../fields';

const show = { resource: ['folder'], operation: ['getAll'] };

export const description: INodeProperties[] = [
	sharedDriveLocator({ displayOptions: { show }, description: 'List the folders of this Shared Drive. Empty: the personal drive (My Trints).' }),
	...returnAllAndLimit(show, 'folders'),
	optionsCollection(show),
];

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<INodeExecutionData[]> {
	const { limit } = readLimit(this, itemIndex);
	const sharedDriveId = readLocator(this, 'sharedDrive', itemIndex);
	// Trint returns every folder at once; Return All / Limit are applied here.
	const folders = await listFolders(this, sharedDriveId, { itemIndex, timeoutMs: readTimeoutMs(this, itemIndex) });
	return toItems(folders.slice(0, limit));
}
