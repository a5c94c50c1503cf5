import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { folderOutput } from '../../helpers/outputs';
import { parseJsonBody, trintRequest } from '../../transport';
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
	const qs: IDataObject = { folderId };
	if (sharedDriveId) qs.workspaceId = sharedDriveId;
	const response = await trintRequest(this, { method: 'GET', path: '/folders/folder', qs, itemIndex, timeoutMs: readTimeoutMs(this, itemIndex) });
	return [{ json: folderOutput(parseJsonBody(this, response.body, 'the folder', itemIndex) as IDataObject) }];
}
