import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { getFolder } from '../../transport/folders';
import { folderLocator, readLocator, readTimeoutMs, requireLocator, sharedDriveLocator, optionsCollection } from '../fields';

const show = { resource: ['folder'], operation: ['get'] };

export const description: INodeProperties[] = [
	sharedDriveLocator({ displayOptions: { show }, description: 'The Shared Drive the folder is in. Empty: the personal drive.' }),
	folderLocator({ displayOptions: { show }, required: true }),
	optionsCollection(show),
];

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<INodeExecutionData[]> {
	const folderId = requireLocator(this, 'folder', 'Folder', itemIndex);
	const sharedDriveId = readLocator(this, 'sharedDrive', itemIndex);
	return [{ json: await getFolder(this, folderId, sharedDriveId, { itemIndex, timeoutMs: readTimeoutMs(this, itemIndex) }) }];
}
