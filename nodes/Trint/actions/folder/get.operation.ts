import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import type { OperationOption } from '../../../shared/resources';
import { parseJsonBody, trintRequest } from '../../transport';
import { optionsCollection, readLocator, readTimeoutMs, requireLocator, trintLocator } from '../fields';

export const option: OperationOption = {
	name: 'Get',
	description: 'Retrieve one folder',
	action: 'Get a folder',
};

export const description: INodeProperties[] = [
	trintLocator('sharedDrive', { description: 'The Shared Drive the folder is in. Empty: the personal drive.' }),
	trintLocator('folder', { required: true }),
	optionsCollection(),
];

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<INodeExecutionData[]> {
	const folderId = requireLocator(this, 'folder', 'Folder', itemIndex);
	const sharedDriveId = readLocator(this, 'sharedDrive', itemIndex);
	const qs: IDataObject = { folderId };
	if (sharedDriveId) qs.workspaceId = sharedDriveId;
	const response = await trintRequest(this, { method: 'GET', path: '/folders/folder', qs, itemIndex, timeoutMs: readTimeoutMs(this, itemIndex) });
	return [{ json: parseJsonBody(this, response.body, 'the folder', itemIndex) as IDataObject }];
}
